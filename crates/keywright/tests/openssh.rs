//! openssh-key-v1 and OpenSSH public lines against the reference tools' known answers.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

mod common;

use keywright::{Error, Format, HashAlg, PrivateKey, PublicKey, load_private};

#[test]
#[cfg(all(feature = "dsa", feature = "ppk", feature = "legacy-pem"))]
fn every_openssh_vector_matches_ssh_keygen() {
    for id in common::key_ids() {
        let k = common::key(&id);
        let key = load_private(&common::read(&format!("keys/{id}/openssh.key")), None)
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(key.format(), Some(Format::OpenSsh));
        assert_eq!(
            key.public_key().to_openssh(),
            k["openssh_public"].as_str().unwrap(),
            "{id}"
        );
        assert_eq!(
            key.fingerprint(HashAlg::Sha256),
            k["fingerprints"]["sha256"].as_str().unwrap()
        );
        assert_eq!(
            key.fingerprint(HashAlg::Md5),
            k["fingerprints"]["md5"].as_str().unwrap()
        );
        assert_eq!(u64::from(key.bits()), k["bits"].as_u64().unwrap(), "{id}");
        assert_eq!(key.algorithm().ssh_name(), k["algorithm"].as_str().unwrap());
        assert_eq!(
            keywright::fingerprint::ssh_keygen_line(&key.public_key(), HashAlg::Sha256),
            k["fingerprints"]["ssh_keygen_l_sha256"].as_str().unwrap()
        );
        assert_eq!(
            keywright::fingerprint::putty(&key.public_key(), HashAlg::Sha256),
            k["fingerprints"]["puttygen_l_sha256"].as_str().unwrap()
        );
        assert_eq!(
            keywright::fingerprint::putty(&key.public_key(), HashAlg::Md5),
            k["fingerprints"]["puttygen_l_md5"].as_str().unwrap()
        );
        let public = PublicKey::from_openssh(
            std::str::from_utf8(&common::read(&format!("keys/{id}/openssh.pub"))).unwrap(),
        )
        .unwrap();
        assert_eq!(public, key.public_key());
        assert_eq!(public.comment(), k["comment"].as_str().unwrap());
    }
}

#[test]
#[cfg(feature = "ec2")]
fn ec2_fingerprints_match_openssl() {
    for id in common::key_ids() {
        let k = common::key(&id);
        let key = common::vector_key(&id);
        let fp = &k["fingerprints"];
        if let Some(created) = fp["ec2_created_sha1"].as_str() {
            assert_eq!(
                keywright::ec2::fingerprint_created(&key).unwrap(),
                created,
                "{id}"
            );
            let imported = keywright::ec2::fingerprint_imported(&key.public_key()).unwrap();
            assert_eq!(imported, fp["ec2_imported_md5"].as_str().unwrap(), "{id}");
        }
        if let Some(b64) = fp["ec2_sha256_base64"].as_str() {
            assert_eq!(keywright::ec2::fingerprint_created(&key).unwrap(), b64);
            assert_eq!(
                keywright::ec2::fingerprint_imported(&key.public_key()).unwrap(),
                b64
            );
        }
    }
}

#[test]
fn encrypted_openssh_vectors() {
    for id in ["rsa2048-a", "ed25519-a", "ecdsa256-a"] {
        let input = common::read(&format!("keys/{id}/openssh-enc.key"));
        let plain = common::vector_key(id);
        assert!(matches!(
            load_private(&input, None),
            Err(Error::PassphraseRequired)
        ));
        assert!(matches!(
            load_private(&input, Some(&common::wrong_passphrase())),
            Err(Error::WrongPassphrase)
        ));
        let key = load_private(&input, Some(&common::passphrase())).unwrap();
        assert!(key.was_encrypted());
        assert_eq!(key, plain);
    }
}

#[test]
fn crlf_openssh_is_read() {
    let crlf = load_private(&common::read("keys/rsa2048-a/openssh-crlf.key"), None).unwrap();
    let lf = load_private(&common::read("keys/rsa2048-a/openssh.key"), None).unwrap();
    assert_eq!(crlf, lf);
}

#[test]
fn round_trip_encrypted() {
    let key = keywright::generate(keywright::Algorithm::Ed25519, None).unwrap();
    let pass = keywright::Passphrase::from("pw");
    let text = key.to_openssh(Some(&pass)).unwrap();
    assert!(text.contains("OPENSSH PRIVATE KEY"));
    let back = PrivateKey::from_openssh(text.as_bytes(), Some(&pass)).unwrap();
    assert_eq!(back, key);
}

#[test]
fn written_keys_are_what_ssh_key_reads_and_ecdsa_scalars_are_minimal() {
    for _ in 0..8 {
        let key = keywright::generate(keywright::Algorithm::EcdsaP521, None).unwrap();
        let text = key.to_openssh(None).unwrap();
        assert!(text.ends_with("-----END OPENSSH PRIVATE KEY-----\n"));
        let ssh = ssh_key::PrivateKey::from_openssh(text.as_bytes()).unwrap();
        assert_eq!(
            ssh.public_key().to_openssh().unwrap(),
            key.public_key().to_openssh()
        );
        // The private scalar's mpint has no superfluous leading zero byte.
        let blob = <base64ct::Base64 as base64ct::Encoding>::decode_vec(
            &text
                .lines()
                .filter(|l| !l.starts_with("-----"))
                .collect::<String>(),
        )
        .unwrap();
        let d = ssh.key_data().ecdsa().unwrap().private_key_bytes();
        let trimmed: Vec<u8> = d.iter().copied().skip_while(|b| *b == 0).collect();
        let mut mpint = (trimmed.len() as u32 + u32::from(trimmed[0] >= 0x80))
            .to_be_bytes()
            .to_vec();
        if trimmed[0] >= 0x80 {
            mpint.push(0);
        }
        mpint.extend(&trimmed);
        assert!(blob.windows(mpint.len()).any(|w| w == mpint.as_slice()));
    }
}

#[test]
fn unknown_algorithms_are_unsupported() {
    let err = load_private(&common::read("malformed/openssh-ed448.key"), None).unwrap_err();
    assert!(
        matches!(&err, Error::UnsupportedAlgorithm { name } if name == "ssh-ed448"),
        "{err}"
    );
}

/// `peek_public` reads the public half of encrypted openssh-key-v1 and PPK files without
/// the passphrase (as `ssh-keygen -l` does), gives `None` for PEM, and refuses public keys.
#[test]
#[cfg(all(feature = "dsa", feature = "ppk", feature = "legacy-pem"))]
fn peek_public_needs_no_passphrase() {
    for id in common::key_ids() {
        let k = common::key(&id);
        let sha256 = k["fingerprints"]["sha256"].as_str().unwrap();
        for (file, format) in [
            ("openssh-enc.key", Format::OpenSsh),
            ("ppk2-enc.ppk", Format::Ppk2),
            ("ppk3-enc.ppk", Format::Ppk3),
        ] {
            let path = common::vectors().join(format!("keys/{id}/{file}"));
            let Ok(input) = std::fs::read(&path) else {
                continue;
            };
            let public = keywright::peek_public(&input)
                .unwrap_or_else(|e| panic!("{id}/{file}: {e}"))
                .unwrap_or_else(|| panic!("{id}/{file}: no public key"));
            assert_eq!(public.fingerprint(HashAlg::Sha256), sha256, "{id}/{file}");
            assert_eq!(public.format(), Some(format), "{id}/{file}");
        }
    }
    let pem = common::read("keys/ed25519-a/pkcs8-enc.pem");
    assert!(keywright::peek_public(&pem).unwrap().is_none());
    let public = common::read("keys/ed25519-a/openssh.pub");
    let e = keywright::peek_public(&public).unwrap_err();
    assert!(matches!(e, Error::Parse { .. }), "{e}");
}

/// An ssh-key Ed25519 key carrying `comment` as raw bytes, in openssh-key-v1.
fn openssh_with_comment(comment: &[u8]) -> String {
    let keypair = ssh_key::private::Ed25519Keypair::from_seed(&[7; 32]);
    ssh_key::PrivateKey::new(keypair.into(), comment.to_vec())
        .unwrap()
        .to_openssh(ssh_key::LineEnding::LF)
        .unwrap()
        .to_string()
}

/// OpenSSH comments are bytes: one that is not UTF-8 (Latin-1 here) is shown with U+FFFD
/// but kept byte for byte through reads and writes, encrypted or not.
#[test]
fn non_utf8_comments_survive_a_round_trip() {
    let comment = b"caf\xe9 key";
    let pass = keywright::Passphrase::from("pw");
    let key = PrivateKey::from_openssh(openssh_with_comment(comment).as_bytes(), None).unwrap();
    assert_eq!(key.comment(), "caf\u{fffd} key");
    let encrypted = key.to_openssh(Some(&pass)).unwrap();
    let theirs = ssh_key::PrivateKey::from_openssh(encrypted.as_bytes()).unwrap();
    let theirs = theirs.decrypt(pass.as_bytes()).unwrap();
    assert_eq!(theirs.comment().as_bytes(), comment);

    let back = PrivateKey::from_openssh(encrypted.as_bytes(), Some(&pass)).unwrap();
    let written = back.to_openssh(None).unwrap();
    let theirs = ssh_key::PrivateKey::from_openssh(written.as_bytes()).unwrap();
    assert_eq!(theirs.comment().as_bytes(), comment);
    assert_eq!(back.comment_bytes(), comment);

    // The public line: read and written byte for byte; the text writer shows U+FFFD.
    let le = keywright::LineEnding::Lf;
    let line = back
        .public_key()
        .encode_bytes(Format::OpenSshPub, le)
        .unwrap();
    assert!(line.ends_with(b" caf\xe9 key\n"));
    let public = keywright::load_public(&line).unwrap();
    assert_eq!(public.comment_bytes(), comment);
    assert_eq!(public.encode_bytes(Format::OpenSshPub, le).unwrap(), line);
    assert!(public.to_openssh().ends_with(" caf\u{fffd} key"));
}

fn ssh_string(out: &mut Vec<u8>, s: &[u8]) {
    out.extend_from_slice(&u32::try_from(s.len()).unwrap().to_be_bytes());
    out.extend_from_slice(s);
}

/// The fields of an SSH wire blob (strings; mpints as stored).
fn blob_fields(mut blob: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while !blob.is_empty() {
        let len = u32::from_be_bytes(blob[..4].try_into().unwrap()) as usize;
        out.push(blob[4..4 + len].to_vec());
        blob = &blob[4 + len..];
    }
    out
}

fn blob_of(fields: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for f in fields {
        ssh_string(&mut out, f);
    }
    out
}

/// `ssh-keygen -l -f` on a public line: `Some(output)` when it reads it, `None` when it
/// refuses it; `None` as a whole when ssh-keygen is missing (and not required).
fn ssh_keygen_l(line: &str) -> Option<Option<String>> {
    let ssh_keygen = common::tool("ssh-keygen")?;
    let dir = common::tempdir();
    let path = dir.path().join("k.pub");
    std::fs::write(&path, format!("{line}\n")).unwrap();
    let out = common::output(&ssh_keygen, &["-l", "-f", path.to_str().unwrap()], None);
    Some(
        out.status
            .success()
            .then(|| String::from_utf8(out.stdout).unwrap()),
    )
}

/// Lines whose blob differs from a vector's only in a fixed-size field that is longer (an
/// Ed25519 key plus junk) or a compressed curve point: both refused, as ssh-keygen refuses
/// them (the old code cut the Ed25519 key to 32 bytes, giving two inputs one fingerprint,
/// and took the compressed point).
#[test]
fn fixed_size_fields_and_compressed_points_are_refused_as_ssh_keygen_does() {
    use base64ct::{Base64, Encoding};
    let mut lines = Vec::new();
    // Ed25519: the key with 1 and 32 bytes of junk.
    let ed = PublicKey::from_openssh(common::key("ed25519-a")["openssh_public"].as_str().unwrap())
        .unwrap();
    for junk in [1, 32] {
        let mut fields = blob_fields(&ed.to_blob());
        fields[1].extend(std::iter::repeat_n(0xa5, junk));
        lines.push(format!(
            "ssh-ed25519 {} junk",
            Base64::encode_string(&blob_of(&fields))
        ));
    }
    // ECDSA: the compressed form of each vector's point, and the point plus one byte.
    for id in ["ecdsa256-a", "ecdsa384-a", "ecdsa521-a"] {
        let key =
            PublicKey::from_openssh(common::key(id)["openssh_public"].as_str().unwrap()).unwrap();
        let mut fields = blob_fields(&key.to_blob());
        let point = fields[2].clone();
        let coordinate = (point.len() - 1) / 2;
        let mut compressed = vec![0x02 | (point[point.len() - 1] & 1)];
        compressed.extend_from_slice(&point[1..=coordinate]);
        let name = String::from_utf8(fields[0].clone()).unwrap();
        fields[2] = compressed;
        lines.push(format!(
            "{name} {} compressed",
            Base64::encode_string(&blob_of(&fields))
        ));
        fields[2] = [point.as_slice(), &[0]].concat();
        lines.push(format!(
            "{name} {} longer",
            Base64::encode_string(&blob_of(&fields))
        ));
    }
    for line in &lines {
        let e = PublicKey::from_openssh(line).unwrap_err();
        assert_eq!(e.kind(), keywright::ErrorKind::Parse, "{line}: {e}");
        assert!(keywright::load_public(line.as_bytes()).is_err(), "{line}");
        if let Some(read) = ssh_keygen_l(line) {
            assert_eq!(read, None, "ssh-keygen reads {line}");
        }
    }
}

/// An `ssh-rsa` line whose e and n carry redundant leading zero bytes: read, as ssh-keygen
/// reads it, and fingerprinted over the canonical blob, as ssh-keygen prints it (the old
/// code refused it).
#[test]
fn redundant_mpint_zeros_are_read_and_fingerprinted_canonically() {
    use base64ct::{Base64, Encoding};
    let line = common::key("rsa2048-a")["openssh_public"]
        .as_str()
        .unwrap()
        .to_owned();
    let key = PublicKey::from_openssh(&line).unwrap();
    let mut fields = blob_fields(&key.to_blob());
    fields[1].insert(0, 0);
    fields[2].insert(0, 0);
    let padded = format!(
        "ssh-rsa {} padded",
        Base64::encode_string(&blob_of(&fields))
    );
    let read = PublicKey::from_openssh(&padded).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read, key);
    assert_eq!(read.to_blob(), key.to_blob());
    assert_eq!(
        read.fingerprint(HashAlg::Sha256),
        key.fingerprint(HashAlg::Sha256)
    );
    if let Some(printed) = ssh_keygen_l(&padded) {
        let printed = printed.expect("ssh-keygen reads the padded line");
        assert_eq!(
            printed.trim_end(),
            keywright::fingerprint::ssh_keygen_line(&read, HashAlg::Sha256)
        );
    }
}

/// `ssh-keygen -Z 3des-cbc` writes keys it reads back; so does keywright (the old code
/// refused the cipher).
#[test]
#[cfg(feature = "legacy-pem")]
fn three_des_cbc_keys_from_ssh_keygen_are_read() {
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    let path = dir.path().join("k");
    let words = "three des words";
    common::run(
        &ssh_keygen,
        &[
            "-q",
            "-t",
            "ed25519",
            "-Z",
            "3des-cbc",
            "-a",
            "2",
            "-N",
            words,
            "-C",
            "tdes",
            "-f",
            path.to_str().unwrap(),
        ],
        None,
    );
    let bytes = std::fs::read(&path).unwrap();
    let key = load_private(&bytes, Some(&keywright::Passphrase::from(words))).unwrap();
    let expected = std::fs::read_to_string(path.with_extension("pub")).unwrap();
    assert_eq!(key.public_key().to_openssh(), expected.trim_end());
    assert_eq!(key.comment(), "tdes");
    let wrong = load_private(&bytes, Some(&keywright::Passphrase::from("nope")));
    assert!(matches!(wrong, Err(Error::WrongPassphrase)), "{wrong:?}");
}

/// About one ssh-keygen P-256 key in 256 has a private scalar below 2^248, written as a
/// 31-byte mpint, which ssh-key refuses: these are read (plain and under each cipher kind,
/// passphrase "pw"), and the key written back is read by ssh-keygen as the same key.
#[test]
fn short_ecdsa_scalars_from_ssh_keygen_are_read() {
    let expected = String::from_utf8(common::data("openssh/p256-short-scalar.pub")).unwrap();
    let pass = keywright::Passphrase::from("pw");
    let plain = common::data("openssh/p256-short-scalar");
    let key = load_private(&plain, None).unwrap();
    assert_eq!(key.public_key().to_openssh(), expected.trim_end());
    for cipher in ["aes256-ctr", "chacha20-poly1305", "aes256-gcm"] {
        let bytes = common::data(&format!("openssh/p256-short-scalar-{cipher}"));
        let again = load_private(&bytes, Some(&pass)).unwrap();
        assert_eq!(again, key, "{cipher}");
        let wrong = load_private(&bytes, Some(&keywright::Passphrase::from("nope")));
        assert!(
            matches!(wrong, Err(Error::WrongPassphrase)),
            "{cipher}: {wrong:?}"
        );
        let public = keywright::peek_public(&bytes).unwrap().unwrap();
        assert_eq!(
            public.to_openssh(),
            expected.trim_end().rsplit_once(' ').unwrap().0
        );
    }
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    for (name, written) in [
        ("plain", key.to_openssh(None).unwrap()),
        ("encrypted", key.to_openssh(Some(&pass)).unwrap()),
    ] {
        let path = common::write_private(dir.path(), name, written.as_bytes());
        let out = common::run(
            &ssh_keygen,
            &["-y", "-P", "pw", "-f", path.to_str().unwrap()],
            None,
        );
        let out = String::from_utf8(out).unwrap();
        let fields = |s: &str| s.split(' ').take(2).collect::<Vec<_>>().join(" ");
        assert_eq!(fields(&out), fields(&expected), "{name}");
    }
}
