//! The core's test helpers: everything of `keywright-test-support` (the reference-tool
//! runners, the known-answer vectors, private temporary files, the deterministic generator,
//! the weak-key makers), and the few helpers that make `keywright` values from them.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::panic,
    reason = "each test file uses some of these helpers; a failure is the test's"
)]

pub use keywright_test_support::*;

/// The passphrase in `passphrases/correct.txt`.
pub fn passphrase() -> keywright::Passphrase {
    keywright::Passphrase::from_file_contents(&read("passphrases/correct.txt"))
}

/// The passphrase in `passphrases/wrong.txt`.
pub fn wrong_passphrase() -> keywright::Passphrase {
    keywright::Passphrase::from_file_contents(&read("passphrases/wrong.txt"))
}

/// The private key of the vector `keys/{id}/openssh.key`.
pub fn vector_key(id: &str) -> keywright::PrivateKey {
    keywright::load_private(&read(&format!("keys/{id}/openssh.key")), None).unwrap()
}

/// One key of each algorithm, made once per test binary: Ed25519 and ECDSA P-256/384/521
/// generated, RSA-2048 and (with the `dsa` feature) DSA-1024 from the vectors (RSA keygen is
/// slow in debug builds).
pub fn sample_keys() -> &'static [keywright::PrivateKey] {
    use keywright::Algorithm;
    static KEYS: std::sync::OnceLock<Vec<keywright::PrivateKey>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys: Vec<_> = [
            Algorithm::Ed25519,
            Algorithm::EcdsaP256,
            Algorithm::EcdsaP384,
            Algorithm::EcdsaP521,
        ]
        .into_iter()
        .map(|a| keywright::generate(a, None).unwrap())
        .collect();
        keys.push(vector_key("rsa2048-a"));
        // DSA loads only with keywright's `dsa` feature.
        match keywright::load_private(&read("keys/dsa1024-a/openssh.key"), None) {
            Ok(dsa) => keys.push(dsa),
            Err(keywright::Error::FeatureDisabled { .. }) => {}
            Err(e) => panic!("dsa1024-a: {e}"),
        }
        keys
    })
}

/// An Ed25519 key whose seed is `seed` (the generator draws the seed first).
pub fn ed25519_with_seed(seed: [u8; 32]) -> keywright::PrivateKey {
    let mut rng = TestRng::replaying(&seed);
    keywright::generate_with_rng(&mut rng, keywright::Algorithm::Ed25519, None).unwrap()
}
