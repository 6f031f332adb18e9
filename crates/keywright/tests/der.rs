//! DER public keys (SPKI and PKCS#1 RSAPublicKey), binary and base64.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]
// Helpers of the tests that need the features are unused without them.
#![cfg_attr(not(feature = "dsa"), allow(dead_code, unused_imports))]

mod common;

use keywright::{Error, ErrorKind, Format, HashAlg, LineEnding, PublicKey, load_public};
use proptest::prelude::*;

#[test]
#[cfg(feature = "dsa")]
fn every_der_vector_loads() {
    let mut count = 0;
    for (id, file) in common::files() {
        let name = file["format"].as_str().unwrap();
        if !matches!(
            name,
            "spki-der" | "spki-der-base64" | "pkcs1-public-der-base64"
        ) {
            continue;
        }
        let path = file["path"].as_str().unwrap();
        let input = common::read(path);
        let key = load_public(&input).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(key.format(), Some(Format::Der), "{path}");
        assert_eq!(key, common::vector_key(&id).public_key(), "{path}");
        assert_eq!(
            key.fingerprint(HashAlg::Sha256),
            common::key(&id)["fingerprints"]["sha256"].as_str().unwrap()
        );
        assert_eq!(PublicKey::from_der(&input).unwrap(), key);
        count += 1;
    }
    assert_eq!(count, 9 + 3 + 4, "DER vectors in the manifest");
}

#[test]
#[cfg(feature = "dsa")]
fn writing_reproduces_openssl() {
    for id in common::key_ids() {
        let key = common::vector_key(&id).public_key();
        let b64 = String::from_utf8(common::read(&format!("keys/{id}/spki.der.b64"))).unwrap();
        assert_eq!(
            key.encode(Format::Der, LineEnding::Lf).unwrap(),
            b64,
            "{id}"
        );
        let der = common::vectors().join(format!("keys/{id}/spki.der"));
        if der.exists() {
            assert_eq!(
                key.to_spki_der().unwrap(),
                std::fs::read(der).unwrap(),
                "{id}"
            );
        }
    }
}

#[test]
fn wrapped_base64_is_read() {
    let b64 = String::from_utf8(common::read("keys/rsa2048-a/spki.der.b64")).unwrap();
    let wrapped: String = b64
        .trim()
        .as_bytes()
        .chunks(64)
        .map(|c| format!("{}\r\n", std::str::from_utf8(c).unwrap()))
        .collect();
    assert_eq!(
        load_public(wrapped.as_bytes()).unwrap(),
        common::vector_key("rsa2048-a").public_key()
    );
}

#[test]
fn der_errors_are_positioned() {
    let der = common::read("keys/rsa2048-a/spki.der");
    let mut trailing = der.clone();
    trailing.extend_from_slice(&[0x30, 0x00]);
    match PublicKey::from_der(&trailing).unwrap_err() {
        Error::Parse { offset, format, .. } => {
            assert_eq!(format, keywright::Format::Der);
            assert_eq!(offset, Some(der.len()));
        }
        e => panic!("{e}"),
    }
    let truncated = &der[..der.len() - 10];
    assert_eq!(
        PublicKey::from_der(truncated).unwrap_err().kind(),
        ErrorKind::Parse
    );
    let b64 = String::from_utf8(common::read("keys/rsa2048-a/spki.der.b64")).unwrap();
    let bad = b64.replacen('A', "!", 1);
    assert_eq!(
        PublicKey::from_der(bad.as_bytes()).unwrap_err().kind(),
        ErrorKind::Parse
    );
}

/// The `random-10mib.bin` recipe's shape: 10 MiB of pseudo-random bytes.
fn random_10mib() -> Vec<u8> {
    let mut x: u64 = 0x0123_4567_89ab_cdef;
    (0..10 * 1024 * 1024)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn ten_mib_recipes_are_refused_quickly() {
    let start = std::time::Instant::now();
    let random = random_10mib();
    for input in [&random[..], &random[..2 * 1024 * 1024]] {
        let e = load_public(input).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::LimitExceeded | ErrorKind::Parse),
            "{e}"
        );
        let e = keywright::load_private(input, None).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::LimitExceeded | ErrorKind::Parse),
            "{e}"
        );
    }
    assert_eq!(
        load_public(&random).unwrap_err().kind(),
        ErrorKind::LimitExceeded
    );
    // Direct format readers bound the size too.
    assert_eq!(
        PublicKey::from_der(&random).unwrap_err().kind(),
        ErrorKind::LimitExceeded
    );
    assert!(start.elapsed().as_secs() < 3);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn der_round_trips(i in 0..6usize, width in 1..100usize, crlf in any::<bool>()) {
        let key = &common::sample_keys()[i % common::sample_keys().len()].public_key();
        let der = key.to_spki_der().unwrap();
        let back = load_public(&der).unwrap();
        prop_assert_eq!(&back, key);
        prop_assert_eq!(back.format(), Some(Format::Der));
        let nl = if crlf { "\r\n" } else { "\n" };
        let b64 = key.encode(Format::Der, LineEnding::Lf).unwrap();
        let wrapped: String = b64.trim().as_bytes().chunks(width)
            .map(|c| format!("{}{nl}", std::str::from_utf8(c).unwrap()))
            .collect();
        prop_assert_eq!(&load_public(wrapped.as_bytes()).unwrap(), key);
    }
}
