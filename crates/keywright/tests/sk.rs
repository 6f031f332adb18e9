//! FIDO/U2F security keys (`sk-ssh-ed25519@openssh.com`, `sk-ecdsa-sha2-nistp256@openssh.com`):
//! the vectors in `tests/data/sk` (made by `make.py`, then read by `ssh-keygen -y -e -l -p`).
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

mod common;

use base64ct::{Base64, Encoding};
use keywright::{
    Algorithm, EncodeOptions, Error, Format, HashAlg, LineEnding, Passphrase, PpkOptions,
    PublicKey, load_private, load_public, peek_public,
};

const KEYS: [(&str, Algorithm, &str); 2] = [
    ("sk_ed25519", Algorithm::SkEd25519, "ED25519-SK"),
    ("sk_ecdsa", Algorithm::SkEcdsaP256, "ECDSA-SK"),
];

fn text(path: &str) -> String {
    String::from_utf8(common::data(path)).unwrap()
}

fn passphrase() -> Passphrase {
    Passphrase::from_file_contents(b"correct horse\n")
}

/// The decoded `openssh-key-v1` blob with its two check integers zeroed (they are random).
fn blob_without_checkints(file: &[u8]) -> Vec<u8> {
    let text = std::str::from_utf8(file).unwrap();
    let b64: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    let mut blob = Base64::decode_vec(&b64).unwrap();
    let u32_at = |b: &[u8], at: usize| u32::from_be_bytes(b[at..at + 4].try_into().unwrap());
    // magic, cipher "none", kdf "none", kdf options "", key count, public key, section length
    let public_len = u32_at(&blob, 15 + 8 + 8 + 4 + 4) as usize;
    let checkints = 15 + 8 + 8 + 4 + 4 + 4 + public_len + 4;
    blob[checkints..checkints + 8].fill(0);
    blob
}

#[test]
fn vectors_read_as_ssh_keygen_reads_them() {
    for (name, algorithm, type_name) in KEYS {
        let private = load_private(&common::data(&format!("sk/{name}")), None).unwrap();
        let encrypted = load_private(
            &common::data(&format!("sk/{name}-encrypted")),
            Some(&passphrase()),
        )
        .unwrap();
        assert_eq!(private, encrypted, "{name}");
        assert!(encrypted.was_encrypted());
        assert_eq!(private.algorithm(), algorithm);
        assert_eq!(private.algorithm().type_name(), type_name);
        assert!(algorithm.is_security_key());
        assert_eq!(private.bits(), 256);

        let line = text(&format!("sk/{name}.pub"));
        assert_eq!(
            private.public_key().to_openssh() + "\n",
            line,
            "{name}: ssh-keygen -y"
        );
        let public = load_public(line.as_bytes()).unwrap();
        assert_eq!(public, private.public_key());
        let rfc4716 = load_public(&common::data(&format!("sk/{name}.rfc4716"))).unwrap();
        assert_eq!(rfc4716, public, "{name}: ssh-keygen -e");
        assert_eq!(
            PublicKey::from_rfc4716(&public.to_rfc4716(LineEnding::Lf).unwrap()).unwrap(),
            public
        );
        // The public key of an encrypted file without its passphrase, as ssh-keygen -l does.
        let peeked = peek_public(&common::data(&format!("sk/{name}-encrypted")))
            .unwrap()
            .unwrap();
        assert_eq!(peeked, public);

        assert_eq!(
            keywright::fingerprint::ssh_keygen_line(&private.public_key(), HashAlg::Sha256) + "\n",
            text(&format!("sk/{name}.l-sha256")),
            "{name}: ssh-keygen -l"
        );
        assert_eq!(
            keywright::fingerprint::ssh_keygen_line(&public, HashAlg::Md5) + "\n",
            text(&format!("sk/{name}.l-md5")),
            "{name}: ssh-keygen -l -E md5"
        );
    }
}

#[test]
fn private_files_are_written_back_byte_for_byte() {
    for (name, ..) in KEYS {
        let original = common::data(&format!("sk/{name}"));
        let key = load_private(&original, None).unwrap();
        let written = key.to_openssh(None).unwrap();
        // Flags, key handle, reserved string and application as they were; only the random
        // check integers differ.
        assert_eq!(
            blob_without_checkints(written.as_bytes()),
            blob_without_checkints(&original),
            "{name}"
        );
        let options = EncodeOptions::default().with_passphrase(Some(passphrase()));
        let encrypted = key.encode(Format::OpenSsh, &options).unwrap();
        let again = load_private(encrypted.as_bytes(), Some(&passphrase())).unwrap();
        assert_eq!(again, key);
        assert_eq!(again.comment(), key.comment());
    }
}

#[test]
fn ssh_keygen_reads_what_we_write() {
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    for (name, ..) in KEYS {
        let key = load_private(&common::data(&format!("sk/{name}")), None).unwrap();
        let options = EncodeOptions::default().with_passphrase(Some(passphrase()));
        let encrypted = key.encode(Format::OpenSsh, &options).unwrap();
        let path = common::write_private(dir.path(), name, encrypted.as_bytes());
        let public = common::run(
            &ssh_keygen,
            &["-y", "-P", "correct horse", "-f", path.to_str().unwrap()],
            None,
        );
        assert_eq!(
            String::from_utf8(public).unwrap(),
            text(&format!("sk/{name}.pub")),
            "{name}"
        );
    }
}

#[test]
fn formats_that_cannot_hold_them_are_refused_with_a_reason() {
    for (name, algorithm, _) in KEYS {
        let key = load_private(&common::data(&format!("sk/{name}")), None).unwrap();
        for format in [
            Format::Pkcs1,
            Format::Sec1,
            Format::Pkcs8,
            Format::Ppk2,
            Format::Ppk3,
        ] {
            let err = key.encode(format, &EncodeOptions::default()).unwrap_err();
            assert!(
                matches!(&err, Error::Unsupported { what } if what.contains("authenticator")),
                "{name} as {format}: {err}"
            );
        }
        let err = key.to_ppk(&PpkOptions::default(), None).unwrap_err();
        assert!(matches!(err, Error::Unsupported { .. }), "{err}");
        assert!(matches!(
            key.to_pkcs8_pem(None, LineEnding::Lf),
            Err(Error::Unsupported { .. })
        ));
        let public = key.public_key();
        for format in [Format::Spki, Format::Pkcs1Pub, Format::Der] {
            let err = public.encode(format, LineEnding::Lf).unwrap_err();
            assert!(
                matches!(&err, Error::Unsupported { what } if what.contains("application")),
                "{name} as {format}: {err}"
            );
        }
        assert!(matches!(
            public.to_spki_der(),
            Err(Error::Unsupported { .. })
        ));
        let err = keywright::generate(algorithm, None).unwrap_err();
        assert!(
            matches!(&err, Error::Unsupported { what } if what.contains("authenticator")),
            "{err}"
        );
        #[cfg(feature = "ec2")]
        {
            let check = keywright::ec2::check_import(&public);
            assert!(!check.accepted());
            assert!(check.refusals[0].contains("FIDO"), "{:?}", check.refusals);
        }
    }
    assert_eq!(
        Algorithm::from_key_type("ed25519-sk", None).unwrap(),
        Algorithm::SkEd25519
    );
}

#[test]
fn authorized_keys_hold_them_with_options() {
    let ed = text("sk/sk_ed25519.pub");
    let ec = text("sk/sk_ecdsa.pub");
    let file = format!("no-touch-required {ed}verify-required,from=\"10.0.0.1\" {ec}");
    let entries = keywright::authorized_keys::parse(&file).unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].options, ["no-touch-required"]);
    assert_eq!(entries[0].key.algorithm(), Algorithm::SkEd25519);
    assert_eq!(entries[1].key.algorithm(), Algorithm::SkEcdsaP256);
    assert_eq!(
        entries[1].to_line() + "\n",
        format!("verify-required,from=\"10.0.0.1\" {ec}")
    );
}

#[test]
fn unknown_algorithm_names_are_unsupported_not_bad_base64() {
    for line in [
        "name@example.com AAAAEG5hbWVAZXhhbXBsZS5jb20AAAAEAQIDBA== k\n",
        "name@example.com not-base64! k\n",
        "no-pty vendor-key-v2@example.org AAAA\n",
    ] {
        let err = load_public(line.as_bytes()).unwrap_err();
        assert!(
            matches!(&err, Error::UnsupportedAlgorithm { name } if name.contains('@')),
            "{line}: {err:?}"
        );
        let err = keywright::authorized_keys::parse(line).unwrap_err();
        assert_eq!(err.kind(), keywright::ErrorKind::Unsupported, "{line}");
    }
}
