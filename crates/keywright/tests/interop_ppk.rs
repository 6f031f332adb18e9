//! PPK interop with the real `puttygen`: files we write are decrypted by puttygen, files
//! puttygen writes are read by us, and fingerprints agree with `puttygen -l`.
//!
//! `puttygen -l` and `-O public-openssh` never decrypt, so every check of the private part
//! goes through `-O private-openssh-new` with the passphrase.
#![cfg(feature = "ppk")]
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

mod common;

use std::path::Path;

use keywright::{
    Algorithm, Argon2Flavor, Format, HashAlg, PpkOptions, PpkVersion, PrivateKey, load_private,
};

/// The ways we write a file: version, Argon2 flavour (v3 encrypted only), encrypted.
fn variants() -> Vec<(PpkVersion, Option<Argon2Flavor>, bool)> {
    vec![
        (PpkVersion::V2, None, false),
        (PpkVersion::V3, None, false),
        (PpkVersion::V2, None, true),
        (PpkVersion::V3, Some(Argon2Flavor::Id), true),
        (PpkVersion::V3, Some(Argon2Flavor::I), true),
        (PpkVersion::V3, Some(Argon2Flavor::D), true),
    ]
}

fn small_options(version: PpkVersion, flavor: Option<Argon2Flavor>) -> PpkOptions {
    let mut options = PpkOptions::default();
    options.version = version;
    options.argon2.flavor = flavor.unwrap_or_default();
    options.argon2.memory_kib = 1024;
    options.argon2.passes = 2;
    options
}

/// The keys we test with: generated RSA 2048, Ed25519 (one with a leading-zero seed),
/// P-256/384/521, and DSA from the vectors (we do not generate DSA).
fn keys() -> Vec<(String, PrivateKey)> {
    let mut keys = vec![
        (
            "rsa2048".to_owned(),
            keywright::generate(Algorithm::Rsa, Some(2048)).unwrap(),
        ),
        (
            "ed25519".to_owned(),
            keywright::generate(Algorithm::Ed25519, None).unwrap(),
        ),
        (
            "ecdsa256".to_owned(),
            keywright::generate(Algorithm::EcdsaP256, None).unwrap(),
        ),
        (
            "ecdsa384".to_owned(),
            keywright::generate(Algorithm::EcdsaP384, None).unwrap(),
        ),
        (
            "ecdsa521".to_owned(),
            keywright::generate(Algorithm::EcdsaP521, None).unwrap(),
        ),
        (
            "dsa1024".to_owned(),
            load_private(&common::read("keys/dsa1024-a/openssh.key"), None).unwrap(),
        ),
        ("ed25519-zero-seed".to_owned(), ed25519_leading_zero()),
        ("ecdsa521-zero-scalar".to_owned(), p521_leading_zero()),
    ];
    for (name, key) in &mut keys {
        key.set_comment(&format!("{name} interop comment"));
    }
    keys
}

/// An Ed25519 key whose seed starts 0x00 0x01 (not a valid mpint).
fn ed25519_leading_zero() -> PrivateKey {
    common::ed25519_with_seed(std::array::from_fn(|i| u8::try_from(i).unwrap()))
}

/// A P-521 key whose 66-byte scalar starts 0x00 then a byte below 0x80: its minimal mpint
/// is shorter than the field (about one key in four).
fn p521_leading_zero() -> PrivateKey {
    std::iter::repeat_with(|| keywright::generate(Algorithm::EcdsaP521, None).unwrap())
        .find(|key| {
            let text = key.to_openssh(None).unwrap();
            let ssh = ssh_key::PrivateKey::from_openssh(text.as_bytes()).unwrap();
            matches!(ssh.key_data().ecdsa().unwrap().private_key_bytes(), [0, b, ..] if *b < 0x80)
        })
        .unwrap()
}

/// Has puttygen convert `source` to a PPK at `out` with `--ppk-param PARAM`, encrypted
/// with the passphrase file or not; returns the file.
fn puttygen_writes_ppk(
    puttygen: &Path,
    f: &Files,
    source: &Path,
    param: &str,
    encrypted: bool,
    out: &Path,
) -> Vec<u8> {
    let new = if encrypted { &f.pass } else { &f.empty };
    common::run(
        puttygen,
        &[
            source.to_str().unwrap(),
            "-O",
            "private",
            "--ppk-param",
            param,
            "--new-passphrase",
            new.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    std::fs::read(out).unwrap()
}

/// Asserts two keys are the same key (key equality ignores the order of RSA primes,
/// which PuTTY swaps so that p > q).
fn assert_same_key(a: &PrivateKey, b: &PrivateKey, what: &str) {
    assert!(a == b, "{what}: keys differ");
}

struct Files {
    dir: tempfile::TempDir,
    pass: std::path::PathBuf,
    empty: std::path::PathBuf,
}

fn files() -> Files {
    let dir = common::tempdir();
    let pass = common::copy_private(dir.path(), "pass.txt", "passphrases/correct.txt");
    let empty = common::write_private(dir.path(), "empty.txt", b"");
    Files { dir, pass, empty }
}

/// Has puttygen decrypt `ppk` and write it as openssh-key-v1, which we read back.
fn puttygen_decrypts(puttygen: &Path, f: &Files, ppk: &Path, encrypted: bool) -> PrivateKey {
    let out = f.dir.path().join(format!(
        "{}.openssh",
        ppk.file_name().unwrap().to_string_lossy()
    ));
    let old = if encrypted { &f.pass } else { &f.empty };
    common::run(
        puttygen,
        &[
            ppk.to_str().unwrap(),
            "-O",
            "private-openssh-new",
            "--old-passphrase",
            old.to_str().unwrap(),
            "--new-passphrase",
            f.empty.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    load_private(&std::fs::read(&out).unwrap(), None).unwrap()
}

fn puttygen_fingerprint(puttygen: &Path, file: &Path, hash: &str) -> String {
    let out = common::run(puttygen, &["-l", "-E", hash, file.to_str().unwrap()], None);
    String::from_utf8(out).unwrap().trim_end().to_owned()
}

#[test]
fn puttygen_reads_what_we_write() {
    let Some(puttygen) = common::tool("puttygen") else {
        return;
    };
    let f = files();
    let pass = common::passphrase();
    for (name, key) in keys() {
        for (i, (version, flavor, encrypted)) in variants().into_iter().enumerate() {
            let text = key
                .to_ppk(&small_options(version, flavor), encrypted.then_some(&pass))
                .unwrap();
            let path =
                common::write_private(f.dir.path(), &format!("{name}-{i}.ppk"), text.as_bytes());
            let back = puttygen_decrypts(&puttygen, &f, &path, encrypted);
            assert_same_key(
                &back,
                &key,
                &format!("{name} {version:?} {flavor:?} {encrypted}"),
            );
            assert_eq!(back.comment(), key.comment(), "{name}");
            assert_eq!(
                puttygen_fingerprint(&puttygen, &path, "sha256"),
                keywright::fingerprint::putty(&key.public_key(), HashAlg::Sha256),
                "{name}"
            );
            assert_eq!(
                puttygen_fingerprint(&puttygen, &path, "md5"),
                keywright::fingerprint::putty(&key.public_key(), HashAlg::Md5),
                "{name}"
            );
        }
    }
}

#[test]
fn we_read_what_puttygen_writes() {
    let Some(puttygen) = common::tool("puttygen") else {
        return;
    };
    let f = files();
    let pass = common::passphrase();
    for id in [
        "rsa2048-a",
        "ed25519-a",
        "ecdsa256-a",
        "ecdsa384-a",
        "ecdsa521-a",
        "dsa1024-a",
    ] {
        let source = common::copy_private(
            f.dir.path(),
            &format!("{id}.key"),
            &format!("keys/{id}/openssh.key"),
        );
        let expected = common::vector_key(id);
        let params = [
            ("v2", "version=2", false),
            ("v3", "version=3", false),
            ("v2-enc", "version=2", true),
            ("v3-id", "version=3,kdf=argon2id,memory=1024,passes=2", true),
            ("v3-i", "version=3,kdf=argon2i,memory=1024,passes=2", true),
            ("v3-d", "version=3,kdf=argon2d,memory=1024,passes=2", true),
            (
                "v3-p2",
                "version=3,kdf=argon2id,memory=1024,passes=1,parallelism=2",
                true,
            ),
        ];
        for (tag, param, encrypted) in params {
            let out = f.dir.path().join(format!("{id}-{tag}.ppk"));
            let input = puttygen_writes_ppk(&puttygen, &f, &source, param, encrypted, &out);
            let key = load_private(&input, encrypted.then_some(&pass))
                .unwrap_or_else(|e| panic!("{id} {tag}: {e}"));
            assert_eq!(key, expected, "{id} {tag}");
            assert_eq!(key.comment(), expected.comment(), "{id} {tag}");
            assert_eq!(key.was_encrypted(), encrypted);
            let v2 = param.contains("version=2");
            assert_eq!(
                key.format(),
                Some(if v2 { Format::Ppk2 } else { Format::Ppk3 })
            );
            // Unencrypted output is byte-identical to puttygen's.
            if !encrypted {
                let mut options = PpkOptions::default();
                options.version = if v2 { PpkVersion::V2 } else { PpkVersion::V3 };
                assert_eq!(
                    key.to_ppk(&options, None).unwrap().as_bytes(),
                    &input[..],
                    "{id} {tag}"
                );
            }
        }
    }
}

/// PEM in, PPK through puttygen, OpenSSH out: the same key at each step.
#[test]
fn pem_to_ppk_to_openssh() {
    let Some(puttygen) = common::tool("puttygen") else {
        return;
    };
    let f = files();
    let pass = common::passphrase();
    for (id, pem) in [
        ("rsa2048-a", "pkcs1.pem"),
        ("ecdsa256-a", "sec1.pem"),
        ("ecdsa384-a", "sec1.pem"),
        ("dsa1024-a", "dsa.pem"),
    ] {
        let expected = common::vector_key(id);
        // puttygen reads the PEM and writes a PPK, which we read.
        let source = common::copy_private(
            f.dir.path(),
            &format!("{id}-{pem}"),
            &format!("keys/{id}/{pem}"),
        );
        let ppk = f.dir.path().join(format!("{id}-from-pem.ppk"));
        let file = puttygen_writes_ppk(&puttygen, &f, &source, "memory=1024,passes=2", true, &ppk);
        let key = load_private(&file, Some(&pass)).unwrap();
        assert_eq!(key, expected, "{id}");
        let openssh = key.to_openssh(None).unwrap();
        assert_eq!(load_private(openssh.as_bytes(), None).unwrap(), expected);

        // And our own PEM reader: PEM -> our PPK -> puttygen.
        let from_pem = PrivateKey::from_pem(&common::read(&format!("keys/{id}/{pem}")), None)
            .unwrap_or_else(|e| panic!("{id} {pem}: {e}"));
        let text = from_pem
            .to_ppk(&small_options(PpkVersion::V3, None), Some(&pass))
            .unwrap();
        let ours = common::write_private(f.dir.path(), &format!("{id}-ours.ppk"), text.as_bytes());
        let back = puttygen_decrypts(&puttygen, &f, &ours, true);
        assert_same_key(&back, &expected, id);
    }
}

/// The known-answer files decrypt in puttygen to the keys we read from them (a check on
/// the vectors and on our reading of them together).
#[test]
fn vectors_agree_with_puttygen() {
    let Some(puttygen) = common::tool("puttygen") else {
        return;
    };
    let f = files();
    let pass = common::passphrase();
    for id in ["ed25519-a", "ecdsa256-a"] {
        for name in ["ppk2-enc.ppk", "ppk3-enc-argon2id-p4.ppk"] {
            let path = common::copy_private(
                f.dir.path(),
                &format!("{id}-{name}"),
                &format!("keys/{id}/{name}"),
            );
            let ours = load_private(&std::fs::read(&path).unwrap(), Some(&pass)).unwrap();
            assert_eq!(puttygen_decrypts(&puttygen, &f, &path, true), ours);
        }
    }
}

/// Whether an RSA key's p is below its q (PuTTY would swap them).
fn rsa_p_below_q(key: &PrivateKey) -> bool {
    let ssh = ssh_key::PrivateKey::from_openssh(key.to_openssh(None).unwrap().as_bytes()).unwrap();
    let rsa = ssh.key_data().rsa().unwrap();
    let (p, q) = (
        rsa.private().p().as_positive_bytes().unwrap(),
        rsa.private().q().as_positive_bytes().unwrap(),
    );
    (p.len(), p) < (q.len(), q)
}

/// Our unencrypted PPK of a key is byte-identical to puttygen's conversion of the same key,
/// including RSA keys whose primes puttygen reorders.
#[test]
fn unencrypted_output_is_byte_identical_to_puttygen() {
    let Some(puttygen) = common::tool("puttygen") else {
        return;
    };
    let f = files();
    let mut rsa = (0..32)
        .map(|_| keywright::generate(Algorithm::Rsa, Some(1024)).unwrap())
        .find(rsa_p_below_q)
        .unwrap();
    rsa.set_comment("rsa p<q");
    let mut keys = keys();
    keys.push(("rsa-p-below-q".to_owned(), rsa));
    for (name, key) in keys {
        let source = common::write_private(
            f.dir.path(),
            &format!("{name}.key"),
            key.to_openssh(None).unwrap().as_bytes(),
        );
        for (version, param) in [(PpkVersion::V2, "version=2"), (PpkVersion::V3, "version=3")] {
            let out = f.dir.path().join(format!("{name}-{param}.ppk"));
            let theirs = puttygen_writes_ppk(&puttygen, &f, &source, param, false, &out);
            let mut options = PpkOptions::default();
            options.version = version;
            let ours = key.to_ppk(&options, None).unwrap();
            assert_eq!(ours.as_bytes(), theirs, "{name} {param}");
        }
    }
}

/// A comment that is not UTF-8 (Latin-1, as PuTTYgen on Windows can write one) goes from
/// puttygen's PPK into the openssh-key-v1 we write byte for byte.
#[test]
fn non_utf8_comment_from_puttygen_is_kept() {
    let Some(puttygen) = common::tool("puttygen") else {
        return;
    };
    let f = files();
    let comment = b"caf\xe9 key";
    let keypair = ssh_key::private::Ed25519Keypair::from_seed(&[9; 32]);
    let source = ssh_key::PrivateKey::new(keypair.into(), comment.to_vec())
        .unwrap()
        .to_openssh(ssh_key::LineEnding::LF)
        .unwrap();
    let source = common::write_private(f.dir.path(), "latin1.key", source.as_bytes());
    let ppk = f.dir.path().join("latin1.ppk");
    let file = puttygen_writes_ppk(&puttygen, &f, &source, "version=3", false, &ppk);
    assert!(file.windows(comment.len()).any(|w| w == comment));

    let key = PrivateKey::from_ppk(&file, None).unwrap();
    assert_eq!(key.comment_bytes(), comment);
    let written = key.to_openssh(None).unwrap();
    let back = ssh_key::PrivateKey::from_openssh(written.as_bytes()).unwrap();
    assert_eq!(back.comment().as_bytes(), comment);

    // Written back byte for byte: our PPK is puttygen's file, our public line puttygen's.
    let options = keywright::EncodeOptions::default();
    let ours = key.encode_bytes(keywright::Format::Ppk3, &options).unwrap();
    assert_eq!(ours.as_slice(), file.as_slice());
    let theirs = common::run(
        &puttygen,
        &[ppk.to_str().unwrap(), "-O", "public-openssh"],
        None,
    );
    let line = key
        .public_key()
        .encode_bytes(keywright::Format::OpenSshPub, keywright::LineEnding::Lf)
        .unwrap();
    assert_eq!(line, theirs);
    // The text writers show the comment with U+FFFD, and their PPK's MAC still holds.
    assert!(key.public_key().to_openssh().ends_with("caf\u{fffd} key"));
    let text = key.encode(keywright::Format::Ppk3, &options).unwrap();
    assert!(text.contains("Comment: caf\u{fffd} key\n"));
    assert_eq!(PrivateKey::from_ppk(text.as_bytes(), None).unwrap(), key);
}
