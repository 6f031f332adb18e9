//! The cargo features an embedder can turn off (`ppk`, `dsa`, `legacy-pem`, `std`): with
//! the feature, the input reads; without it, the reader refuses it with
//! `Error::FeatureDisabled` naming the feature (kind `Unsupported`). `make lint` runs this
//! file with no default features; `make test` with all of them.
#![allow(clippy::unwrap_used, clippy::panic, reason = "tests")]

mod common;

use keywright::{Algorithm, Error, ErrorKind, HashAlg, load_private, load_public};

/// `result` is `Ok` when `enabled`, else the typed refusal naming `feature`.
fn expect<T: std::fmt::Debug>(result: keywright::Result<T>, enabled: bool, feature: &str) {
    if enabled {
        result.unwrap();
        return;
    }
    let err = result.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    assert!(
        matches!(&err, Error::FeatureDisabled { feature: f, .. } if *f == feature),
        "{err:?}"
    );
    assert!(err.to_string().contains(&format!("`{feature}`")), "{err}");
}

#[test]
fn ppk_files_need_the_ppk_feature() {
    let enabled = cfg!(feature = "ppk");
    let pass = common::passphrase();
    for (file, format) in [
        ("keys/ed25519-a/ppk3-enc.ppk", keywright::Format::Ppk3),
        ("keys/rsa2048-a/ppk2-enc.ppk", keywright::Format::Ppk2),
    ] {
        let bytes = common::read(file);
        // Recognised in every build, read only with the feature.
        let found = keywright::detect(&bytes).unwrap();
        assert_eq!((found.format, found.encrypted), (format, true));
        expect(load_private(&bytes, Some(&pass)), enabled, "ppk");
        expect(
            keywright::PrivateKey::from_ppk(&bytes, Some(&pass)),
            enabled,
            "ppk",
        );
        expect(keywright::peek_public(&bytes), enabled, "ppk");
    }
    let key = load_private(&common::read("keys/ed25519-a/openssh.key"), None).unwrap();
    expect(
        key.to_ppk(&keywright::PpkOptions::default(), None),
        enabled,
        "ppk",
    );
}

#[test]
fn dsa_keys_need_the_dsa_feature() {
    let enabled = cfg!(feature = "dsa");
    expect(
        load_private(&common::read("keys/dsa1024-a/openssh.key"), None),
        enabled,
        "dsa",
    );
    expect(
        load_public(&common::read("keys/dsa1024-a/openssh.pub")),
        enabled,
        "dsa",
    );
}

#[test]
fn encrypted_legacy_pem_needs_the_legacy_pem_feature() {
    let enabled = cfg!(feature = "legacy-pem");
    let pass = common::passphrase();
    for file in [
        "keys/rsa2048-a/pkcs1-aes-128-cbc.pem",
        "keys/rsa2048-a/pkcs1-des-ede3-cbc.pem",
        "keys/ecdsa256-a/sec1-des-ede3-cbc.pem",
    ] {
        expect(
            load_private(&common::read(file), Some(&pass)),
            enabled,
            "legacy-pem",
        );
    }
    // Unencrypted PKCS#1 is not legacy: it reads in every build.
    load_private(&common::read("keys/rsa2048-a/pkcs1.pem"), None).unwrap();
}

#[test]
fn without_threads_rsa_keys_are_still_made_and_read() {
    // With `std` the prime search runs on every core, without it on this thread: the same
    // kind of key comes out either way.
    let key = keywright::generate(Algorithm::Rsa, Some(2048)).unwrap();
    assert_eq!(key.public_key().bits(), 2048);
    let text = key.to_openssh(None).unwrap();
    let again = load_private(text.as_bytes(), None).unwrap();
    assert_eq!(
        again.fingerprint(HashAlg::Sha256),
        key.fingerprint(HashAlg::Sha256)
    );
}
