//! EC2 ImportKeyPair rules, key names, and Windows password decryption.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

mod common;

use keywright::ec2::{check_import, check_key_name, decrypt_password_data};
use keywright::{ErrorKind, Format, PublicKey, load_private, load_public};

fn public(path: &str) -> PublicKey {
    load_public(&common::read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn import_rules_follow_the_manifest() {
    for id in common::key_ids() {
        let expect = common::key(&id)["ec2_import"]["expect"]
            .as_str()
            .unwrap()
            .to_owned();
        let check = check_import(&public(&format!("keys/{id}/openssh.pub")));
        match expect.as_str() {
            "accept" => {
                assert!(check.accepted(), "{id}: {check:?}");
            }
            "reject" => {
                assert!(!check.accepted(), "{id}");
            }
            // rsa3072-a: not a documented size: accepted with a warning.
            _ => {
                assert!(check.accepted(), "{id}");
                assert!(
                    check.warnings.iter().any(|w| w.contains("3072")),
                    "{check:?}"
                );
            }
        }
    }
    let dsa = check_import(&public("keys/dsa1024-a/openssh.pub"));
    assert_eq!(dsa.refusals, ["EC2 does not accept DSA keys"]);
    let ecdsa = check_import(&public("keys/ecdsa384-a/openssh.pub"));
    assert!(ecdsa.refusals[0].contains("ECDSA"));
    assert!(
        check_import(&public("keys/rsa2048-a/openssh.pub"))
            .warnings
            .is_empty()
    );
    assert!(
        check_import(&public("keys/rsa4096-a/openssh.pub"))
            .warnings
            .is_empty()
    );
    assert!(
        !check_import(&public("keys/rsa1024-a/openssh.pub"))
            .warnings
            .is_empty()
    );
}

#[test]
fn rsa_only_upload_formats() {
    for path in [
        "keys/rsa2048-a/rfc4716.pub",
        "keys/rsa2048-a/spki.der.b64",
        "keys/rsa2048-a/pkcs1-public.der.b64",
        "keys/rsa2048-a/spki.pem",
        "keys/rsa2048-a/putty-openssh.pub",
    ] {
        assert!(check_import(&public(path)).accepted(), "{path}");
    }
    for (path, format) in [
        ("keys/ed25519-a/rfc4716.pub", Format::Rfc4716),
        ("keys/ed25519-a/putty-rfc4716.pub", Format::Rfc4716),
        ("keys/ed25519-a/spki.der.b64", Format::Der),
        ("keys/ed25519-a/spki.pem", Format::Spki),
    ] {
        let key = public(path);
        assert_eq!(key.format(), Some(format));
        let check = check_import(&key);
        assert!(!check.accepted(), "{path}");
        assert!(check.refusals[0].contains("OpenSSH"), "{check:?}");
    }
    assert!(check_import(&public("keys/ed25519-a/openssh.pub")).accepted());
    // The public half of a private key is uploaded as an OpenSSH line.
    let private = load_private(&common::read("keys/ed25519-a/pkcs8.pem"), None).unwrap();
    assert!(check_import(&private.public_key()).accepted());
}

#[test]
fn key_names() {
    for good in ["a", "my key", &"k".repeat(255), "x-._:/@!~"] {
        check_key_name(good).unwrap_or_else(|e| panic!("{good:?}: {e}"));
    }
    for (bad, why) in [
        ("", "empty"),
        (" lead", "space"),
        ("trail ", "space"),
        ("héllo", "ASCII"),
        (&"k".repeat(256), "255"),
    ] {
        let e = check_key_name(bad).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidArgument);
        assert!(e.to_string().contains(why), "{bad:?}: {e}");
    }
}

#[test]
fn windows_password_round_trip() {
    use rsa::pkcs8::DecodePublicKey;
    let key = load_private(&common::read("keys/rsa2048-a/pkcs1.pem"), None).unwrap();
    let public =
        rsa::RsaPublicKey::from_public_key_der(&key.public_key().to_der().unwrap()).unwrap();
    let password = "Tr0ub4dor&3 ümlaut";
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    let ciphertext = public
        .encrypt(&mut rng, rsa::Pkcs1v15Encrypt, password.as_bytes())
        .unwrap();
    let b64 = base64ct_encode(&ciphertext);
    // AWS returns the data with line breaks; they are ignored.
    let wrapped = format!("\r\n{}\r\n{}\r\n", &b64[..76], &b64[76..]);
    let decrypted = decrypt_password_data(&key, &wrapped).unwrap();
    assert_eq!(decrypted.as_str(), password);

    let other = load_private(&common::read("keys/rsa1024-a/pkcs1.pem"), None).unwrap();
    let e = decrypt_password_data(&other, &b64).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parse);
    assert_eq!(
        decrypt_password_data(&key, "not base64!")
            .unwrap_err()
            .kind(),
        ErrorKind::Parse
    );
    // A plaintext that is not UTF-8 fails with the same message as a ciphertext that does
    // not decrypt (two messages are a padding oracle).
    let latin1 = public
        .encrypt(&mut rng, rsa::Pkcs1v15Encrypt, b"caf\xe9")
        .unwrap();
    let not_utf8 = decrypt_password_data(&key, &base64ct_encode(&latin1)).unwrap_err();
    assert_eq!(not_utf8.to_string(), e.to_string());
    assert_eq!(not_utf8.kind(), e.kind());
    let ed = load_private(&common::read("keys/ed25519-a/openssh.key"), None).unwrap();
    assert_eq!(
        decrypt_password_data(&ed, &b64).unwrap_err().kind(),
        ErrorKind::Unsupported
    );
}

fn base64ct_encode(bytes: &[u8]) -> String {
    use base64ct::Encoding;
    base64ct::Base64::encode_string(bytes)
}
