//! EC2 ImportKeyPair rules, key names, and Windows password decryption.
#![cfg(feature = "ec2")]
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
        rsa::PublicKey::from_public_key_der(&key.public_key().to_spki_der().unwrap()).unwrap();
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

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/ec2")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn windows_instances_refuse_ed25519() {
    use keywright::ec2::{Platform, check_import_for};
    let ed = public("keys/ed25519-a/openssh.pub");
    assert!(check_import_for(&ed, Platform::Linux).accepted());
    let windows = check_import_for(&ed, Platform::Windows);
    assert!(!windows.accepted());
    assert!(windows.refusals[0].contains("Windows"), "{windows:?}");
    let rsa = public("keys/rsa2048-a/openssh.pub");
    assert!(check_import_for(&rsa, Platform::Windows).accepted());
}

#[test]
fn key_pairs_json_every_documented_field() {
    use keywright::ec2::parse_key_pairs;
    let pairs = parse_key_pairs(&fixture("describe-key-pairs-public-key.json")).unwrap();
    assert_eq!(pairs.len(), 4);
    let first = &pairs[0];
    assert_eq!(first.name.as_deref(), Some("made-by-ec2"));
    assert_eq!(first.id.as_deref(), Some("key-0a1b2c3d4e5f60001"));
    assert_eq!(first.key_type.as_deref(), Some("rsa"));
    assert_eq!(
        first.create_time.as_deref(),
        Some("2026-11-30T09:15:02.000Z")
    );
    assert_eq!(first.tags, [("team".to_owned(), "web".to_owned())]);
    assert_eq!(
        first.public_key.as_ref(),
        Some(&public("keys/rsa2048-a/openssh.pub"))
    );
    assert!(pairs[3].public_key.is_none());

    let created = parse_key_pairs(&fixture("create-key-pair.json")).unwrap();
    assert_eq!(created.len(), 1);
    assert_eq!(
        created[0].key_material.as_ref(),
        Some(&public("keys/rsa2048-a/openssh.pub"))
    );
    let imported = parse_key_pairs(&fixture("import-key-pair.json")).unwrap();
    assert_eq!(imported[0].name.as_deref(), Some("imported-rsa"));
}

#[test]
fn key_pairs_match_by_every_fingerprint_kind() {
    use keywright::ec2::{MatchedBy, match_key_pairs, parse_key_pairs};
    let pairs = parse_key_pairs(&fixture("describe-key-pairs.json")).unwrap();
    let rsa = load_private(&common::read("keys/rsa2048-a/pkcs1.pem"), None).unwrap();
    // EC2 made it: only the private key gives the SHA-1 of PKCS#8.
    assert_eq!(
        match_key_pairs(Some(&rsa), &rsa.public_key(), &pairs),
        [(0, MatchedBy::CreatedFingerprint)]
    );
    assert_eq!(match_key_pairs(None, &rsa.public_key(), &pairs), []);
    // Imported: MD5 of SPKI, from the public key alone.
    let imported = public("keys/rsa4096-a/openssh.pub");
    assert_eq!(
        match_key_pairs(None, &imported, &pairs),
        [(1, MatchedBy::ImportedFingerprint)]
    );
    // Ed25519: base64 SHA-256, EC2's padding or not.
    let ed = public("keys/ed25519-a/openssh.pub");
    assert_eq!(
        match_key_pairs(None, &ed, &pairs),
        [(2, MatchedBy::Ed25519Fingerprint)]
    );
    // A key pair that matches nothing.
    let other = public("keys/rsa3072-a/openssh.pub");
    assert_eq!(match_key_pairs(None, &other, &pairs), []);
    // The public key itself, when the JSON has it; the key material of create-key-pair.
    let with_keys = parse_key_pairs(&fixture("describe-key-pairs-public-key.json")).unwrap();
    assert_eq!(
        match_key_pairs(None, &rsa.public_key(), &with_keys),
        [(0, MatchedBy::PublicKey)]
    );
    let created = parse_key_pairs(&fixture("create-key-pair.json")).unwrap();
    assert_eq!(
        match_key_pairs(None, &rsa.public_key(), &created),
        [(0, MatchedBy::KeyMaterial)]
    );
}

#[test]
fn hostile_key_pairs_json_is_a_clear_error() {
    use keywright::ec2::{MAX_KEY_PAIRS_JSON, parse_key_pairs};
    let error = |json: &[u8]| parse_key_pairs(json).unwrap_err();
    let huge = vec![b' '; MAX_KEY_PAIRS_JSON + 1];
    assert_eq!(error(&huge).kind(), ErrorKind::LimitExceeded);
    let full = fixture("describe-key-pairs.json");
    let truncated = error(&full[..full.len() / 2]);
    assert_eq!(truncated.kind(), ErrorKind::Parse);
    assert!(truncated.to_string().contains("truncated"), "{truncated}");
    for (json, says) in [
        (&br#"{"KeyPairs": "x"}"#[..], "KeyPairs must be an array"),
        (
            br#"{"KeyPairs": [{"KeyName": 5}]}"#,
            "KeyPairs[0].KeyName must be a string",
        ),
        (br#"{"KeyPairs": [7]}"#, "must be an object"),
        (
            br#"{"KeyPairs": [{"KeyName": "a", "Tags": {}}]}"#,
            "Tags must be an array",
        ),
        (
            br#"{"KeyPairs": [{"Tags": [{"Key": "k"}]}]}"#,
            "Tags[0] has no Value",
        ),
        (
            br#"{"KeyPairs": [{"PublicKey": "ssh-rsa !!"}]}"#,
            "PublicKey is not a public key",
        ),
        (
            br#"{"KeyMaterial": "-----BEGIN RSA PRIVATE KEY-----\nx"}"#,
            "KeyMaterial is not a private key",
        ),
        (
            br#"{"Reservations": []}"#,
            "expected describe-key-pairs output",
        ),
        (b"[1, 2", "truncated"),
        (b"\"text\"", "expected a JSON object"),
        (&[b'['; 100_000], "JSON"),
    ] {
        let e = error(json);
        assert_eq!(e.kind(), ErrorKind::Parse, "{e}");
        assert!(e.to_string().contains(says), "{e} (expected {says:?})");
    }
}

#[test]
fn console_output_host_keys_text_json_and_noise() {
    use keywright::ec2::parse_console_output;
    let text = parse_console_output(&fixture("console-output.txt")).unwrap();
    assert_eq!(text.fingerprints.len(), 3);
    assert_eq!(text.fingerprints[2].key_type, "RSA");
    assert_eq!(text.fingerprints[2].bits, Some(3072));
    let keys: Vec<PublicKey> = ["ecdsa", "ed25519", "rsa"]
        .iter()
        .map(|t| load_public(&fixture(&format!("host-{t}.pub"))).unwrap())
        .collect();
    assert_eq!(text.keys, keys);
    for (i, key) in keys.iter().enumerate() {
        assert_eq!(
            text.fingerprints[i].fingerprint,
            key.fingerprint(keywright::HashAlg::Sha256)
        );
    }
    assert_eq!(
        parse_console_output(&fixture("get-console-output.json")).unwrap(),
        text
    );
    assert_eq!(
        parse_console_output(&fixture("get-console-output-base64.json")).unwrap(),
        text
    );
    // No blocks: nothing, not an error; a cut-off block, or JSON without Output: errors.
    assert!(
        parse_console_output(b"[ 1.0] booting\n")
            .unwrap()
            .is_empty()
    );
    let full = fixture("console-output.txt");
    let cut = &full[..full.len() * 2 / 3];
    assert_eq!(
        parse_console_output(cut).unwrap_err().kind(),
        ErrorKind::Parse
    );
    assert_eq!(
        parse_console_output(br#"{"InstanceId": "i-1"}"#)
            .unwrap_err()
            .kind(),
        ErrorKind::Parse
    );
    assert_eq!(
        parse_console_output(br#"{"Output": 5}"#)
            .unwrap_err()
            .kind(),
        ErrorKind::Parse
    );
}

#[test]
fn scanned_host_keys_match_mismatch_or_nothing() {
    use keywright::ec2::{HostKeyCheck, check_host_keys, parse_console_output, parse_scanned_keys};
    let console = parse_console_output(&fixture("console-output.txt")).unwrap();
    let scanned = parse_scanned_keys(&fixture("keyscan.txt")).unwrap();
    assert_eq!(scanned.len(), 3);
    assert!(
        check_host_keys(&console, &scanned)
            .iter()
            .all(|c| matches!(c, HostKeyCheck::Match { .. }))
    );
    let other = parse_scanned_keys(&fixture("other-ed25519.pub")).unwrap();
    assert!(matches!(
        check_host_keys(&console, &other)[..],
        [HostKeyCheck::Mismatch {
            key_type: "ED25519",
            ..
        }]
    ));
    // Only the fingerprints block (older cloud-init prints no keys block): still checked.
    let text = String::from_utf8(fixture("console-output.txt")).unwrap();
    let fingerprints_only: String = text
        .split("-----BEGIN SSH HOST KEY KEYS-----")
        .next()
        .unwrap()
        .to_owned();
    let console = parse_console_output(fingerprints_only.as_bytes()).unwrap();
    assert!(console.keys.is_empty());
    assert!(matches!(
        check_host_keys(&console, &other)[..],
        [HostKeyCheck::Mismatch { .. }]
    ));
    let dsa = public("keys/dsa1024-a/openssh.pub");
    assert!(matches!(
        check_host_keys(&console, &[dsa])[..],
        [HostKeyCheck::Unknown { .. }]
    ));
    assert!(parse_scanned_keys(b"203.0.113.10 ssh-ed25519 !!!\n").is_err());
}

/// `ec2::fingerprints` makes the one choice `fingerprint --ec2` and `inspect` print: the
/// "created" fingerprint for a private key file (Ed25519's from its public half alone), the
/// "imported" one for a public key; `load_or_peek` reads an encrypted file's public half.
#[test]
fn the_fingerprint_ec2_shows_depends_on_the_file() {
    use keywright::{Algorithm, Key, Limits, Passphrase, ec2, generate, load_or_peek};
    let pass = Passphrase::from("pw");
    for algorithm in [Algorithm::Rsa, Algorithm::Ed25519] {
        let key = generate(algorithm, None).unwrap();
        let created = ec2::fingerprint_created(&key).unwrap();
        let imported = ec2::fingerprint_imported(&key.public_key()).unwrap();

        let private = ec2::fingerprints(&Key::Private(Box::new(key.clone()))).unwrap();
        assert_eq!(private.shown.as_ref(), Some(&created));
        assert_eq!(private.created.as_ref(), Some(&created));
        assert_eq!(private.imported, imported);

        let public = ec2::fingerprints(&Key::Public(key.public_key())).unwrap();
        assert_eq!(public.shown.as_ref(), Some(&imported));
        assert_eq!(public.created, None);

        let text = key.to_openssh(Some(&pass)).unwrap();
        let peeked = load_or_peek(text.as_bytes(), None, &Limits::DEFAULT).unwrap();
        assert!(matches!(peeked, Key::Public(_)), "{algorithm:?}");
        let sealed = ec2::fingerprints(&peeked).unwrap();
        let expect = (algorithm == Algorithm::Ed25519).then(|| created.clone());
        assert_eq!(sealed.shown, expect, "{algorithm:?}");
        assert_eq!(sealed.imported, imported);

        let opened = load_or_peek(text.as_bytes(), Some(&pass), &Limits::DEFAULT).unwrap();
        assert!(matches!(opened, Key::Private(_)));
        let empty = Passphrase::from("");
        let peeked_again = load_or_peek(text.as_bytes(), Some(&empty), &Limits::DEFAULT).unwrap();
        assert!(
            matches!(peeked_again, Key::Public(_)),
            "an empty passphrase is none"
        );
    }
    let pem = generate(Algorithm::Rsa, None)
        .unwrap()
        .to_pkcs8_pem(Some(&pass), Default::default())
        .unwrap();
    assert_eq!(
        load_or_peek(pem.as_bytes(), None, &Limits::DEFAULT)
            .map_err(|e| e.kind())
            .err(),
        Some(ErrorKind::PassphraseRequired)
    );
}
