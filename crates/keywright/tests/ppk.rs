//! PuTTY PPK v2/v3 against the puttygen-made known answers, malformed inputs, and
//! round trips.
#![cfg(feature = "ppk")]
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use keywright::{
    Algorithm, Argon2Flavor, Argon2Params, Error, Format, HashAlg, Limits, Passphrase, PpkOptions,
    PpkVersion, PrivateKey, load_private,
};
use proptest::prelude::*;

/// Every PPK vector of the manifest: (key id, path, encrypted).
fn ppk_vectors() -> Vec<(String, String, bool)> {
    common::files()
        .into_iter()
        .filter(|(_, f)| f["path"].as_str().unwrap().ends_with(".ppk"))
        .map(|(id, f)| {
            (
                id,
                f["path"].as_str().unwrap().to_owned(),
                f["encrypted"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// The `Argon2-*` and `Key-Derivation` values of a v3 file, as options that reproduce it.
fn options_of(text: &str) -> PpkOptions {
    let value = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .map(|v| v.trim_end().to_owned())
    };
    let mut options = PpkOptions::default();
    if text.starts_with("PuTTY-User-Key-File-2") {
        options.version = PpkVersion::V2;
    }
    if let Some(kdf) = value("Key-Derivation") {
        let mut a = Argon2Params::default();
        a.flavor = match kdf.as_str() {
            "Argon2id" => Argon2Flavor::Id,
            "Argon2i" => Argon2Flavor::I,
            "Argon2d" => Argon2Flavor::D,
            other => panic!("{other}"),
        };
        a.memory_kib = value("Argon2-Memory").unwrap().parse().unwrap();
        a.passes = value("Argon2-Passes").unwrap().parse().unwrap();
        a.parallelism = value("Argon2-Parallelism").unwrap().parse().unwrap();
        let hex = value("Argon2-Salt").unwrap();
        a.salt = Some(
            (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect(),
        );
        options.argon2 = a;
    }
    options
}

#[test]
fn every_ppk_vector_matches_puttygen() {
    let vectors = ppk_vectors();
    assert_eq!(vectors.len(), 39);
    for (id, path, encrypted) in vectors {
        let input = common::read(&path);
        let pass = encrypted.then(common::passphrase);
        let key = load_private(&input, pass.as_ref()).unwrap_or_else(|e| panic!("{path}: {e}"));
        let v2 = path.contains("ppk2");
        assert_eq!(
            key.format(),
            Some(if v2 { Format::Ppk2 } else { Format::Ppk3 }),
            "{path}"
        );
        assert_eq!(key.was_encrypted(), encrypted, "{path}");
        assert_eq!(key, common::vector_key(&id), "{path}");
        let k = common::key(&id);
        assert_eq!(key.comment(), k["comment"].as_str().unwrap(), "{path}");
        let fp = &k["fingerprints"];
        let public = key.public_key();
        assert_eq!(
            keywright::fingerprint::putty(&public, HashAlg::Sha256),
            fp["puttygen_l_sha256"].as_str().unwrap()
        );
        assert_eq!(
            keywright::fingerprint::putty(&public, HashAlg::Md5),
            fp["puttygen_l_md5"].as_str().unwrap()
        );
        // The explicit entry point agrees with the guessing one.
        assert_eq!(
            PrivateKey::from_ppk(&input, pass.as_ref()).unwrap(),
            key,
            "{path}"
        );
    }
}

#[test]
fn encrypted_vectors_need_the_passphrase() {
    for (_, path, encrypted) in ppk_vectors() {
        if !encrypted {
            continue;
        }
        let input = common::read(&path);
        assert!(
            matches!(load_private(&input, None), Err(Error::PassphraseRequired)),
            "{path}"
        );
        assert!(
            matches!(
                load_private(&input, Some(&Passphrase::from(""))),
                Err(Error::PassphraseRequired)
            ),
            "{path}"
        );
    }
}

#[test]
fn unencrypted_vectors_are_reproduced_byte_for_byte() {
    for (_, path, encrypted) in ppk_vectors() {
        if encrypted {
            continue;
        }
        let input = common::read(&path);
        let text = std::str::from_utf8(&input).unwrap();
        let key = load_private(&input, None).unwrap();
        let out = key.to_ppk(&options_of(text), None).unwrap();
        assert_eq!(out.as_str(), text, "{path}");
    }
}

#[test]
fn encrypted_vectors_are_reproduced_with_their_salt() {
    for (_, path, encrypted) in ppk_vectors() {
        // The CRLF copy is not what puttygen writes; its LF original is checked.
        if !encrypted || path.contains("crlf") {
            continue;
        }
        let input = common::read(&path);
        let text = std::str::from_utf8(&input).unwrap();
        let pass = common::passphrase();
        let key = load_private(&input, Some(&pass)).unwrap();
        let out = key.to_ppk(&options_of(text), Some(&pass)).unwrap();
        assert_eq!(out.as_str(), text, "{path}");
    }
}

#[test]
fn p521_ppk_carries_the_advisory() {
    let key = load_private(&common::read("keys/ecdsa521-a/ppk3.ppk"), None).unwrap();
    let warning = keywright::format::ppk_warning(&key).unwrap();
    assert!(warning.contains("CVE-2024-31497"));
    assert!(keywright::format::ppk_warning(&common::vector_key("ecdsa521-a")).is_none());
    let p256 = load_private(&common::read("keys/ecdsa256-a/ppk3.ppk"), None).unwrap();
    assert!(keywright::format::ppk_warning(&p256).is_none());
}

// ---- malformed inputs ----

#[test]
fn malformed_vectors_fail_with_their_kind() {
    let m = common::manifest();
    let mut seen = 0;
    for entry in m["malformed"].as_array().unwrap() {
        let path = entry["path"].as_str().unwrap();
        if !path.ends_with(".ppk") {
            continue;
        }
        seen += 1;
        let input = common::read(path);
        let pass = entry["passphrase_file"]
            .as_str()
            .map(|p| Passphrase::from_file_contents(&common::read(p)));
        let started = Instant::now();
        let err = load_private(&input, pass.as_ref()).unwrap_err();
        let elapsed = started.elapsed();
        let kind = match &err {
            Error::Integrity { .. } => "mac_mismatch",
            Error::WrongPassphrase => "wrong_passphrase",
            Error::LimitExceeded { .. } => "resource_limit",
            Error::Parse { .. } => "parse_error",
            Error::Unsupported { .. } | Error::UnsupportedAlgorithm { .. } => "unsupported",
            other => panic!("{path}: unexpected {other:?}"),
        };
        let expect = &entry["expect"];
        let ok = kind == expect["error"].as_str().unwrap()
            || expect["also_acceptable"]
                .as_array()
                .is_some_and(|a| a.iter().any(|k| k == kind));
        assert!(ok, "{path}: got {kind} ({err})");
        if kind == "resource_limit" {
            assert!(elapsed < Duration::from_millis(100), "{path}: {elapsed:?}");
        }
    }
    assert_eq!(seen, 6);
}

#[test]
fn argon2_memory_cap_is_checked_before_any_work() {
    let input = common::read("malformed/ppk3-argon2-memory-4gib.ppk");
    let started = Instant::now();
    let err = load_private(&input, Some(&common::passphrase())).unwrap_err();
    assert!(started.elapsed() < Duration::from_millis(100));
    assert!(
        matches!(err, Error::LimitExceeded { what, actual: 4_194_304, limit: 131_072 } if what.contains("memory")),
        "{err}"
    );
    // Even 4 TiB (the largest uint32 in KiB) fails at once.
    let text = String::from_utf8(input)
        .unwrap()
        .replace("Argon2-Memory: 4194304", "Argon2-Memory: 4294967295");
    let started = Instant::now();
    assert!(matches!(
        load_private(text.as_bytes(), Some(&common::passphrase())),
        Err(Error::LimitExceeded { .. })
    ));
    assert!(started.elapsed() < Duration::from_millis(10));
    // A tighter caller limit is honoured.
    let mut limits = Limits::default();
    limits.max_argon2_memory_kib = 512;
    let ok = common::read("keys/rsa2048-a/ppk3-enc-argon2id.ppk");
    assert!(matches!(
        keywright::load_private_with(&ok, Some(&common::passphrase()), &limits),
        Err(Error::LimitExceeded { .. })
    ));
}

fn edit(path: &str, from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(common::read(path)).unwrap();
    assert!(text.contains(from), "{path} lacks {from:?}");
    text.replacen(from, to, 1).into_bytes()
}

fn argon2_line(name: &str) -> String {
    let text = String::from_utf8(common::read("keys/rsa2048-a/ppk3-enc-argon2id.ppk")).unwrap();
    text.lines()
        .find(|l| l.starts_with(name))
        .unwrap()
        .to_owned()
}

#[test]
fn argon2_bounds() {
    let path = "keys/rsa2048-a/ppk3-enc-argon2id.ppk";
    let pass = common::passphrase();
    let load = |input: Vec<u8>| load_private(&input, Some(&pass));
    let passes = argon2_line("Argon2-Passes");
    let lanes = argon2_line("Argon2-Parallelism");
    let salt = argon2_line("Argon2-Salt");
    assert!(matches!(
        load(edit(path, &passes, "Argon2-Passes: 4294967295")),
        Err(Error::LimitExceeded { .. })
    ));
    assert!(matches!(
        load(edit(path, &lanes, "Argon2-Parallelism: 100000")),
        Err(Error::LimitExceeded { .. })
    ));
    assert!(matches!(
        load(edit(path, &passes, "Argon2-Passes: 0")),
        Err(Error::Unsupported { .. })
    ));
    // m < 8 p (1024 KiB, 64 lanes would need 512 KiB: fine; 129 lanes are over the cap).
    let mut limits = Limits::default();
    limits.max_argon2_parallelism = 1 << 20;
    assert!(matches!(
        keywright::load_private_with(
            &edit(path, &lanes, "Argon2-Parallelism: 200"),
            Some(&pass),
            &limits
        ),
        Err(Error::Unsupported { .. })
    ));
    // Salts shorter than 8 bytes: PuTTY would take them, the argon2 crate cannot.
    let err = load(edit(path, &salt, "Argon2-Salt: 00112233")).unwrap_err();
    assert!(
        matches!(&err, Error::Unsupported { what } if what.contains("salt")),
        "{err}"
    );
    assert!(matches!(
        load(edit(path, &salt, "Argon2-Salt: 0g")),
        Err(Error::Parse { .. })
    ));
    assert!(matches!(
        load(edit(path, "Argon2id", "Argon2x")),
        Err(Error::Unsupported { .. })
    ));
    assert!(matches!(
        load(edit(path, "Argon2-Memory: 1024", "Argon2-Memory: -1")),
        Err(Error::Parse { .. })
    ));
}

#[test]
fn truncated_at_every_line_boundary_is_a_parse_error() {
    for path in [
        "keys/rsa2048-a/ppk3-enc-argon2id.ppk",
        "keys/ed25519-a/ppk2.ppk",
        "keys/ecdsa256-a/ppk3.ppk",
        "keys/ed25519-a/ppk2-enc.ppk",
    ] {
        let input = common::read(path);
        let cuts: Vec<usize> = std::iter::once(0)
            .chain(
                input
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .filter(|&i| i < input.len())
            .collect();
        for cut in cuts {
            for piece in [&input[..cut], &input[..cut.saturating_sub(1)]] {
                let err = PrivateKey::from_ppk(piece, Some(&common::passphrase())).unwrap_err();
                assert!(
                    matches!(err, Error::Parse { .. }),
                    "{path} cut at {}: {err}",
                    piece.len()
                );
            }
        }
    }
}

#[test]
fn line_endings_and_trailing_data() {
    let path = "keys/ecdsa256-a/ppk3.ppk";
    let lf = common::read(path);
    let key = load_private(&lf, None).unwrap();
    let text = String::from_utf8(lf.clone()).unwrap();
    let cr = text.replace('\n', "\r");
    assert_eq!(load_private(cr.as_bytes(), None).unwrap(), key);
    let crlf = text.replace('\n', "\r\n");
    assert_eq!(load_private(crlf.as_bytes(), None).unwrap(), key);
    // Trailing blank lines are fine, anything else is not.
    let blank = format!("{text}\n\n");
    assert_eq!(load_private(blank.as_bytes(), None).unwrap(), key);
    let garbage = format!("{text}garbage\n");
    match load_private(garbage.as_bytes(), None).unwrap_err() {
        Error::Parse { offset, .. } => assert_eq!(offset, Some(text.len())),
        other => panic!("{other}"),
    }
}

#[test]
fn structural_defects_are_parse_errors() {
    let path = "keys/ed25519-a/ppk3.ppk";
    let text = String::from_utf8(common::read(path)).unwrap();
    let mac = text.lines().last().unwrap().to_owned();
    let cases: Vec<(String, &str)> = vec![
        (
            text.replace("Encryption: none", "Encryption:none"),
            "header spacing",
        ),
        (text.replace("Comment:", "Kommentar:"), "wrong header name"),
        (
            text.replace(
                &mac,
                &mac.to_uppercase().replace("PRIVATE-MAC", "Private-MAC"),
            ),
            "uppercase MAC",
        ),
        (text.replace(&mac, &mac[..mac.len() - 2]), "short MAC"),
        (
            text.replace("Public-Lines: 2", "Public-Lines: 3"),
            "line count",
        ),
        (text.replace("Public-Lines: 2", "Public-Lines: x"), "count"),
        (text.replacen("AAAA", "AA=A", 1), "bad base64"),
        (
            text.replacen(
                "\nAAAA",
                "\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                1,
            ),
            "long line",
        ),
        (format!("\u{0}{text}"), "not a ppk"),
    ];
    for (input, what) in cases {
        let err = PrivateKey::from_ppk(input.as_bytes(), None).unwrap_err();
        assert!(matches!(err, Error::Parse { .. }), "{what}: {err}");
    }
    assert!(matches!(
        PrivateKey::from_ppk(text.replace("File-3", "File-1").as_bytes(), None),
        Err(Error::Unsupported { .. })
    ));
    assert!(matches!(
        PrivateKey::from_ppk(text.replace("File-3", "File-4").as_bytes(), None),
        Err(Error::Unsupported { .. })
    ));
    assert!(matches!(
        PrivateKey::from_ppk(
            text.replace("Encryption: none", "Encryption: aes128-cbc")
                .as_bytes(),
            None
        ),
        Err(Error::Unsupported { .. })
    ));
    // The comment is covered by the MAC.
    assert!(matches!(
        PrivateKey::from_ppk(
            text.replace("Comment: ed25519", "Comment: Ed25519")
                .as_bytes(),
            None
        ),
        Err(Error::Integrity { .. })
    ));
    // An over-long line is refused before it is scanned to its end.
    let long = format!(
        "PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nComment: {}\n",
        "x".repeat(100_000)
    );
    assert!(matches!(
        PrivateKey::from_ppk(long.as_bytes(), None),
        Err(Error::LimitExceeded { .. })
    ));
    // The input size limit applies.
    let mut limits = Limits::default();
    limits.max_input_bytes = 100;
    assert!(matches!(
        keywright::load_private_with(text.as_bytes(), None, &limits),
        Err(Error::LimitExceeded { .. })
    ));
}

#[test]
fn tampered_encrypted_file_reads_as_wrong_passphrase() {
    let text = String::from_utf8(common::read("keys/ed25519-a/ppk2-enc.ppk")).unwrap();
    let tampered = text.replace("Comment: ed25519", "Comment: Ed25519");
    assert!(matches!(
        PrivateKey::from_ppk(tampered.as_bytes(), Some(&common::passphrase())),
        Err(Error::WrongPassphrase)
    ));
    assert!(matches!(
        PrivateKey::from_ppk(text.as_bytes(), Some(&common::wrong_passphrase())),
        Err(Error::WrongPassphrase)
    ));
}

// ---- Ed25519 seeds are fixed-length strings, not mpints ----

#[test]
fn ed25519_seed_with_leading_zeros_round_trips() {
    let mut seed = [0x5a; 32];
    seed[0] = 0x00;
    seed[1] = 0x01; // An mpint reader rejects 0x00 followed by a byte below 0x80.
    for seed in [seed, [0; 32], {
        let mut s = [0xff; 32];
        s[0] = 0;
        s
    }] {
        let key = common::ed25519_with_seed(seed);
        for version in [PpkVersion::V2, PpkVersion::V3] {
            let mut options = PpkOptions::default();
            options.version = version;
            options.argon2.memory_kib = 64;
            options.argon2.passes = 1;
            for pass in [None, Some(Passphrase::from("pw"))] {
                let text = key.to_ppk(&options, pass.as_ref()).unwrap();
                let back = PrivateKey::from_ppk(text.as_bytes(), pass.as_ref()).unwrap();
                assert_eq!(back, key);
                // The blob holds the seed verbatim: uint32 32 then the 32 bytes.
                if pass.is_none() {
                    let mut blob = vec![0, 0, 0, 32];
                    blob.extend_from_slice(&seed);
                    let b64 = text
                        .lines()
                        .skip_while(|l| !l.starts_with("Private-Lines"))
                        .nth(1)
                        .unwrap()
                        .to_owned();
                    use base64ct::Encoding;
                    assert_eq!(base64ct::Base64::decode_vec(&b64).unwrap(), blob);
                }
            }
        }
    }
}

#[test]
fn writer_defaults_follow_puttygen() {
    let key = common::vector_key("ed25519-a");
    let plain = key.to_ppk(&PpkOptions::default(), None).unwrap();
    assert!(plain.starts_with("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n"));
    assert!(!plain.contains("Argon2"));
    assert!(!plain.contains('\r'));
    // An empty passphrase means no encryption.
    assert_eq!(
        key.to_ppk(&PpkOptions::default(), Some(&Passphrase::from("")))
            .unwrap()
            .as_str(),
        plain.as_str()
    );
    let mut options = PpkOptions::default();
    options.argon2.passes = 1; // keep the test fast; memory stays at 8192 KiB
    let pass = Passphrase::from("pw");
    let a = key.to_ppk(&options, Some(&pass)).unwrap();
    let b = key.to_ppk(&options, Some(&pass)).unwrap();
    assert_ne!(a.as_str(), b.as_str(), "salts are random");
    assert!(a.contains("Key-Derivation: Argon2id\nArgon2-Memory: 8192\nArgon2-Passes: 1\nArgon2-Parallelism: 1\nArgon2-Salt: "));
    let salt = a
        .lines()
        .find_map(|l| l.strip_prefix("Argon2-Salt: "))
        .unwrap();
    assert_eq!(salt.len(), 32);
    assert_eq!(
        PrivateKey::from_ppk(a.as_bytes(), Some(&pass)).unwrap(),
        key
    );
    assert_eq!(Argon2Params::default().memory_kib, 8192);
    assert_eq!(Argon2Params::default().passes, Argon2Params::DEFAULT_PASSES);
    // Bad writer arguments.
    let mut bad = options.clone();
    bad.argon2.salt = Some(vec![1, 2, 3]);
    assert!(matches!(
        key.to_ppk(&bad, Some(&pass)),
        Err(Error::InvalidArgument { .. })
    ));
    let mut k = key.clone();
    k.set_comment("two\nlines");
    assert!(matches!(
        k.to_ppk(&PpkOptions::default(), None),
        Err(Error::InvalidArgument { .. })
    ));
    // Debug of the options never shows more than the salt.
    assert!(format!("{options:?}").contains("Argon2Params"));
}

#[test]
fn encode_via_format_names() {
    let key = common::vector_key("rsa2048-a");
    let opts = keywright::EncodeOptions::default();
    let v2 = key.encode(Format::Ppk2, &opts).unwrap();
    assert!(v2.starts_with("PuTTY-User-Key-File-2: ssh-rsa\n"));
    assert_eq!(
        v2.as_str(),
        std::str::from_utf8(&common::read("keys/rsa2048-a/ppk2.ppk")).unwrap()
    );
    let v3 = key.encode(Format::Ppk3, &opts).unwrap();
    assert_eq!(
        v3.as_str(),
        std::str::from_utf8(&common::read("keys/rsa2048-a/ppk3.ppk")).unwrap()
    );
}

#[test]
fn detect_sees_unencrypted_cr_only_files() {
    let text = String::from_utf8(common::read("keys/ed25519-a/ppk3.ppk")).unwrap();
    for input in [
        text.clone(),
        text.replace('\n', "\r"),
        text.replace('\n', "\r\n"),
    ] {
        let found = keywright::detect(input.as_bytes()).unwrap();
        assert_eq!(found.format, Format::Ppk3);
        assert!(!found.encrypted);
    }
    let enc = common::read("keys/ed25519-a/ppk2-enc.ppk");
    let found = keywright::detect(&enc).unwrap();
    assert_eq!(found.format, Format::Ppk2);
    assert!(found.encrypted);
}

fn any_key() -> impl Strategy<Value = PrivateKey> {
    prop_oneof![
        Just(common::vector_key("ed25519-a")),
        Just(common::vector_key("ecdsa256-a")),
        Just(common::vector_key("ecdsa384-a")),
        Just(common::vector_key("ecdsa521-a")),
        Just(common::vector_key("rsa1024-a")),
        Just(common::vector_key("dsa1024-a")),
        any::<[u8; 32]>().prop_map(common::ed25519_with_seed),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn decode_encode_round_trip(
        key in any_key(),
        v3 in any::<bool>(),
        comment in "[ -~]{0,40}",
        pass in proptest::option::of("[ -~]{1,12}"),
        flavor in prop_oneof![Just(Argon2Flavor::Id), Just(Argon2Flavor::I), Just(Argon2Flavor::D)],
    ) {
        let mut key = key;
        key.set_comment(&comment);
        let mut options = PpkOptions::default();
        options.version = if v3 { PpkVersion::V3 } else { PpkVersion::V2 };
        options.argon2.flavor = flavor;
        options.argon2.memory_kib = 64;
        options.argon2.passes = 1;
        let pass = pass.map(|p| Passphrase::from(p.as_str()));
        let text = key.to_ppk(&options, pass.as_ref()).unwrap();
        let back = PrivateKey::from_ppk(text.as_bytes(), pass.as_ref()).unwrap();
        prop_assert_eq!(&back, &key);
        prop_assert_eq!(back.comment(), comment.as_str());
        prop_assert_eq!(back.was_encrypted(), pass.is_some());
        prop_assert_eq!(back.format(), Some(if v3 { Format::Ppk3 } else { Format::Ppk2 }));
        // Writing the key read back gives the same text (same salt).
        if let Some(salt) = text.lines().find_map(|l| l.strip_prefix("Argon2-Salt: ")) {
            options.argon2.salt = Some((0..salt.len()).step_by(2).map(|i| u8::from_str_radix(&salt[i..i + 2], 16).unwrap()).collect());
        }
        let again = back.to_ppk(&options, pass.as_ref()).unwrap();
        prop_assert_eq!(again.as_str(), text.as_str());
    }
}

// ---- inconsistent content behind a valid MAC ----

/// The decoded public and private blobs of an unencrypted file.
fn blobs(text: &str) -> (Vec<u8>, Vec<u8>) {
    use base64ct::Encoding;
    let block = |name: &str| {
        let mut lines = text.lines().skip_while(|l| !l.starts_with(name));
        let n: usize = lines.next().unwrap()[name.len() + 2..].parse().unwrap();
        base64ct::Base64::decode_vec(&lines.take(n).collect::<String>()).unwrap()
    };
    (block("Public-Lines"), block("Private-Lines"))
}

fn string(out: &mut Vec<u8>, part: &[u8]) {
    out.extend_from_slice(&(part.len() as u32).to_be_bytes());
    out.extend_from_slice(part);
}

/// An unencrypted v3 file from its parts, with a correct MAC (HMAC-SHA-256, empty key).
fn v3_file(algorithm: &str, comment: &str, public: &[u8], private: &[u8]) -> String {
    use base64ct::Encoding;
    use hmac::{KeyInit, Mac};
    let mut data = Vec::new();
    for part in [
        algorithm.as_bytes(),
        b"none",
        comment.as_bytes(),
        public,
        private,
    ] {
        string(&mut data, part);
    }
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&[]).unwrap();
    mac.update(&data);
    let tag = mac.finalize().into_bytes();
    let block = |name: &str, bytes: &[u8]| {
        let b64 = base64ct::Base64::encode_string(bytes);
        let lines: Vec<&str> = b64
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        format!("{name}: {}\n{}\n", lines.len(), lines.join("\n"))
    };
    let hex: String = tag.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "PuTTY-User-Key-File-3: {algorithm}\nEncryption: none\nComment: {comment}\n{}{}Private-MAC: {hex}\n",
        block("Public-Lines", public),
        block("Private-Lines", private)
    )
}

/// Splits an SSH blob into its length-prefixed strings.
fn strings(mut blob: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while blob.len() >= 4 {
        let n = u32::from_be_bytes(blob[..4].try_into().unwrap()) as usize;
        out.push(blob[4..4 + n].to_vec());
        blob = &blob[4 + n..];
    }
    out
}

fn join(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for p in parts {
        string(&mut out, p);
    }
    out
}

#[test]
fn content_behind_a_valid_mac_is_still_checked() {
    let ed = String::from_utf8(common::read("keys/ed25519-a/ppk3.ppk")).unwrap();
    let comment = "ed25519-a@keywright-corpus";
    let (public, private) = blobs(&ed);
    // The helper reproduces puttygen's file exactly.
    assert_eq!(v3_file("ssh-ed25519", comment, &public, &private), ed);
    let load = |text: String| PrivateKey::from_ppk(text.as_bytes(), None);

    // Another key's public half: the seed gives a different public key.
    let other = keywright::generate(Algorithm::Ed25519, None)
        .unwrap()
        .public_key()
        .to_blob();
    let err = load(v3_file("ssh-ed25519", comment, &other, &private)).unwrap_err();
    assert!(matches!(err, Error::InvalidKey { .. }), "{err}");
    // The header and the blob disagree.
    let err = load(v3_file("ecdsa-sha2-nistp256", comment, &public, &private)).unwrap_err();
    assert!(matches!(err, Error::Parse { .. }), "{err}");
    // Up to 15 bytes of padding are ignored, 16 are not.
    let mut padded = private.clone();
    padded.extend_from_slice(&[0; 15]);
    assert!(load(v3_file("ssh-ed25519", comment, &public, &padded)).is_ok());
    padded.push(0);
    let err = load(v3_file("ssh-ed25519", comment, &public, &padded)).unwrap_err();
    assert!(matches!(err, Error::Parse { .. }), "{err}");
    // A 31-byte seed.
    let short = join(&[&strings(&private)[0][..31]]);
    let err = load(v3_file("ssh-ed25519", comment, &public, &short)).unwrap_err();
    assert!(matches!(err, Error::Parse { .. }), "{err}");

    // RSA with p and q swapped: iqmp no longer matches.
    let rsa = String::from_utf8(common::read("keys/rsa1024-a/ppk3.ppk")).unwrap();
    let (public, private) = blobs(&rsa);
    let [d, p, q, iqmp] = <[Vec<u8>; 4]>::try_from(strings(&private)).unwrap();
    let swapped = join(&[&d, &q, &p, &iqmp]);
    let err = load(v3_file("ssh-rsa", "c", &public, &swapped)).unwrap_err();
    assert!(matches!(err, Error::InvalidKey { .. }), "{err}");
    let good = join(&[&d, &p, &q, &iqmp]);
    assert!(load(v3_file("ssh-rsa", "c", &public, &good)).is_ok());

    // DSA with y changed (still a valid-looking public key): y != g^x.
    let dsa = String::from_utf8(common::read("keys/dsa1024-a/ppk3.ppk")).unwrap();
    let (public, private) = blobs(&dsa);
    assert!(load(v3_file("ssh-dss", "c", &public, &private)).is_ok());
    let [name, p, q, g, mut y] = <[Vec<u8>; 5]>::try_from(strings(&public)).unwrap();
    *y.last_mut().unwrap() ^= 2;
    let bad = join(&[&name, &p, &q, &g, &y]);
    let err = load(v3_file("ssh-dss", "c", &bad, &private)).unwrap_err();
    assert!(matches!(err, Error::InvalidKey { .. }), "{err}");

    // ECDSA: a scalar of 33 bytes, and the scalar 0.
    let ec = String::from_utf8(common::read("keys/ecdsa256-a/ppk3.ppk")).unwrap();
    let (public, _) = blobs(&ec);
    let long = join(&[&[0x01; 33]]);
    let err = load(v3_file("ecdsa-sha2-nistp256", "c", &public, &long)).unwrap_err();
    assert!(matches!(err, Error::Parse { .. }), "{err}");
    let zero = join(&[&[]]);
    let err = load(v3_file("ecdsa-sha2-nistp256", "c", &public, &zero)).unwrap_err();
    assert!(matches!(err, Error::InvalidKey { .. }), "{err}");
}

#[test]
fn argon2_total_work_is_capped() {
    let path = "keys/rsa2048-a/ppk3-enc-argon2id.ppk";
    let passes = argon2_line("Argon2-Passes");
    // 128 MiB (the memory cap) times 5 passes is over the 512 MiB-passes default.
    let input = edit(path, "Argon2-Memory: 1024", "Argon2-Memory: 131072");
    let text = String::from_utf8(input)
        .unwrap()
        .replace(&passes, "Argon2-Passes: 5");
    let started = Instant::now();
    let err = load_private(text.as_bytes(), Some(&common::passphrase())).unwrap_err();
    assert!(started.elapsed() < Duration::from_millis(100));
    assert!(
        matches!(err, Error::LimitExceeded { what, .. } if what.contains("work")),
        "{err}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Corrupted files never panic: each is refused or, when the change misses everything
    /// the MAC covers (trailing blank space), read as the same key.
    #[test]
    fn corrupted_files_never_panic(
        which in 0usize..4,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let path = ["keys/rsa1024-a/ppk2.ppk", "keys/ed25519-a/ppk3.ppk",
            "keys/ecdsa256-a/ppk2-enc.ppk", "keys/dsa1024-a/ppk3.ppk"][which];
        let original = common::read(path);
        let mut input = original.clone();
        for (at, byte) in edits {
            let i = at.index(input.len());
            input[i] = byte;
        }
        if let Some(cut) = cut {
            input.truncate(cut.index(input.len()));
        }
        let pass = common::passphrase();
        if let Ok(key) = PrivateKey::from_ppk(&input, Some(&pass)) {
            prop_assert_eq!(key, PrivateKey::from_ppk(&original, Some(&pass)).unwrap());
        }
    }
}

/// A 450-byte PPK asking for 1 GiB x 4 passes cost 1 GiB and seconds per read: the default
/// limits (128 MiB, 512 MiB-passes) refuse it before any work.
#[test]
fn default_argon2_limits_refuse_a_gigabyte_kdf_at_once() {
    let path = "keys/rsa2048-a/ppk3-enc-argon2id.ppk";
    let text = edit(
        path,
        &argon2_line("Argon2-Memory"),
        "Argon2-Memory: 1048576",
    );
    let text = String::from_utf8(text).unwrap().replacen(
        &argon2_line("Argon2-Passes"),
        "Argon2-Passes: 4",
        1,
    );
    let started = Instant::now();
    let err = load_private(text.as_bytes(), Some(&common::passphrase())).unwrap_err();
    assert!(started.elapsed() < Duration::from_millis(100));
    assert!(matches!(err, Error::LimitExceeded { .. }), "{err}");
}

/// keywright never writes a PPK its default limits would refuse to read (`--argon2-passes
/// 1025` wrote one): such parameters are an invalid argument, found before any work.
#[test]
fn ppk_writer_refuses_what_the_default_limits_refuse() {
    let key = common::vector_key("ed25519-a");
    let pass = common::passphrase();
    for (memory, passes) in [(8192, 1025), (262_144, 1), (65536, 9)] {
        let mut options = keywright::PpkOptions::default();
        options.argon2.memory_kib = memory;
        options.argon2.passes = passes;
        let started = Instant::now();
        let err = key.to_ppk(&options, Some(&pass)).unwrap_err();
        assert!(started.elapsed() < Duration::from_millis(100));
        assert_eq!(err.kind(), keywright::ErrorKind::InvalidArgument, "{err}");
        assert!(err.to_string().contains("default limits"), "{err}");
    }
}
