//! Key generation: sizes, defaults, round trips through every OpenSSH form.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used, missing_docs)]

use keywright::{Algorithm, ErrorKind, HashAlg, PrivateKey, PublicKey};
use proptest::prelude::*;

#[test]
fn defaults_are_ec2s() {
    let key = keywright::generate(Algorithm::Rsa, None).unwrap();
    assert_eq!(key.bits(), 2048);
    assert_eq!(key.algorithm().ssh_name(), "ssh-rsa");
    // e = 65537: the blob's exponent mpint is 01 00 01.
    let blob = key.public_key().to_blob();
    assert_eq!(&blob[11..18], &[0, 0, 0, 3, 1, 0, 1]);
}

#[test]
fn rsa_sizes_are_checked() {
    for bits in [0, 512, 1016, 1025, 2047, 16392, 100_000] {
        let err = keywright::generate(Algorithm::Rsa, Some(bits)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{bits}");
    }
    for bits in [1024, 1032, 3072] {
        assert_eq!(
            keywright::generate(Algorithm::Rsa, Some(bits))
                .unwrap()
                .bits(),
            bits
        );
    }
}

#[test]
fn curve_sizes_and_dsa() {
    assert_eq!(
        keywright::generate(Algorithm::EcdsaP384, None)
            .unwrap()
            .bits(),
        384
    );
    assert_eq!(
        keywright::generate(Algorithm::EcdsaP521, Some(521))
            .unwrap()
            .bits(),
        521
    );
    let err = keywright::generate(Algorithm::EcdsaP256, Some(384)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert_eq!(
        Algorithm::from_key_type("ecdsa", Some(384)).unwrap(),
        Algorithm::EcdsaP384
    );
    let err = keywright::generate(Algorithm::Dsa, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
}

#[test]
fn debug_never_shows_secrets() {
    let key = keywright::generate(Algorithm::Ed25519, None).unwrap();
    let pem = key.to_openssh(None).unwrap();
    let debug = format!("{key:?}");
    assert!(
        debug.contains("PrivateKey") && debug.contains("SHA256:"),
        "{debug}"
    );
    // No long base64 or hex run from the private encoding appears in Debug output.
    for line in pem
        .lines()
        .filter(|l| !l.starts_with("-----") && l.len() >= 16)
    {
        assert!(!debug.contains(&line[..16]), "{debug}");
    }
    assert!(!debug.to_lowercase().contains("seed"));
}

fn key_for(index: usize) -> PrivateKey {
    let algorithm = [
        Algorithm::Ed25519,
        Algorithm::EcdsaP256,
        Algorithm::EcdsaP384,
        Algorithm::EcdsaP521,
        Algorithm::Rsa,
    ][index];
    let bits = (algorithm == Algorithm::Rsa).then_some(1024);
    keywright::generate(algorithm, bits).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// decode(encode(k)) == k for openssh-key-v1 (plain and encrypted) and the public line,
    /// with any comment.
    #[test]
    fn openssh_round_trips(index in 0usize..5, comment in "[ -~]{0,40}", encrypt in any::<bool>()) {
        let mut key = key_for(index);
        key.set_comment(&comment);
        let pass = encrypt.then(|| keywright::Passphrase::from("pass phrase"));
        let mut options = keywright::EncodeOptions::default().with_passphrase(pass.clone());
        options.openssh_rounds = 1;
        let text = key.encode(keywright::Format::OpenSsh, &options).unwrap();
        let back = keywright::load_private(text.as_bytes(), pass.as_ref()).unwrap();
        prop_assert_eq!(&back, &key);
        prop_assert_eq!(back.comment(), comment.as_str());
        prop_assert_eq!(back.was_encrypted(), encrypt);

        let line = key.public_key().to_openssh();
        let public = PublicKey::from_openssh(&line).unwrap();
        prop_assert_eq!(&public, &key.public_key());
        prop_assert_eq!(public.comment(), comment.trim());
        prop_assert_eq!(public.fingerprint(HashAlg::Sha256), key.fingerprint(HashAlg::Sha256));
    }
}

#[test]
#[cfg(feature = "ppk")]
fn rsa_keys_are_equal_whatever_the_order_of_their_primes() {
    // PPK stores p > q; about half of generated keys have p < q. Either way, same key.
    for _ in 0..4 {
        let key = keywright::generate(Algorithm::Rsa, Some(1024)).unwrap();
        let ppk = key.to_ppk(&keywright::PpkOptions::default(), None).unwrap();
        let back = PrivateKey::from_ppk(ppk.as_bytes(), None).unwrap();
        assert_eq!(back, key);
        let other = keywright::generate(Algorithm::Rsa, Some(1024)).unwrap();
        assert_ne!(other, key);
    }
}

/// FIPS 186-5 §A.1.1/§A.1.3 bounds on generated RSA keys, checked from the PKCS#1 the key
/// writes (`openssl rsa -check` on a generated key is in `interop_pem.rs`).
#[test]
fn rsa_keys_meet_fips_186_5_bounds() {
    use crypto_bigint::{BoxedUint, ConcatenatingSquare};
    use rsa::pkcs1::DecodeRsaPrivateKey;
    use rsa::traits::{PrivateKeyParts, PublicKeyParts};

    for nlen in [1024u32, 2048, 2048, 2048, 3072] {
        let key = keywright::generate(Algorithm::Rsa, Some(nlen)).unwrap();
        let pem = key.to_pkcs1_pem(keywright::LineEnding::Lf).unwrap();
        let key = rsa::PrivateKey::from_pkcs1_pem(&pem).unwrap();
        let k = nlen / 2;
        let [p, q] = key.primes() else {
            panic!("{nlen}: not two primes")
        };
        assert_eq!(key.n().as_ref().bit_width(), nlen);
        assert_eq!(key.e(), &BoxedUint::from(65_537u32), "{nlen}: e");
        for x in [p, q] {
            // x >= sqrt(2) * 2^(k-1)  <=>  x^2 >= 2^(2k-1), and x < 2^k.
            assert_eq!(x.bit_width(), k, "{nlen}: prime size");
            assert_eq!(
                x.concatenating_square().bit_width(),
                2 * k,
                "{nlen}: prime below sqrt(2) 2^(k-1)"
            );
        }
        // |p - q| > 2^(k-100).
        let (p, q): (&BoxedUint, &BoxedUint) = (p.as_ref(), q.as_ref());
        let distance = if p > q {
            p.wrapping_sub(q)
        } else {
            q.wrapping_sub(p)
        };
        assert!(distance.bit_width() > k - 99, "{nlen}: |p - q| too small");
        // d > 2^(nlen/2).
        assert!(key.d().bit_width() > k + 1, "{nlen}: d too small");
        key.validate().unwrap();
    }
}

/// Our PKCS#1 (which computes only `d mod (p-1)` and `d mod (q-1)` and reuses the checked
/// `iqmp`) equals what the `rsa` crate writes for the same key, with the primes in either
/// order (PPK stores p > q, so a key read back from PPK has them swapped half the time).
#[test]
#[cfg(feature = "ppk")]
fn pkcs1_crt_values_match_the_rsa_crate() {
    use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};

    let pkcs1 = |key: &PrivateKey| key.to_pkcs1_pem(keywright::LineEnding::Lf).unwrap();
    let (mut kept, mut swapped) = (0, 0);
    for bits in [1024u32, 1032, 1040, 2056].into_iter().cycle().take(64) {
        let key = keywright::generate(Algorithm::Rsa, Some(bits)).unwrap();
        let ppk = key.to_ppk(&keywright::PpkOptions::default(), None).unwrap();
        let from_ppk = PrivateKey::from_ppk(ppk.as_bytes(), None).unwrap();
        for pem in [pkcs1(&key), pkcs1(&from_ppk)] {
            let (_, ours) = pem_rfc7468::decode_vec(pem.as_bytes()).unwrap();
            let theirs = rsa::PrivateKey::from_pkcs1_pem(&pem)
                .unwrap()
                .to_pkcs1_der()
                .unwrap();
            assert_eq!(ours, theirs.as_bytes(), "{bits} bits");
        }
        if pkcs1(&key) == pkcs1(&from_ppk) {
            kept += 1;
        } else {
            swapped += 1;
        }
        if kept >= 2 && swapped >= 2 {
            return;
        }
    }
    panic!("64 keys and not two of each prime order ({kept} kept, {swapped} swapped)");
}

/// The same seed gives the same key (the prime search is spread over threads without
/// changing its answer); another seed another key.
#[test]
fn a_seeded_rng_gives_the_same_key_every_time() {
    for algorithm in [Algorithm::Rsa, Algorithm::Ed25519, Algorithm::EcdsaP384] {
        let bits = (algorithm == Algorithm::Rsa).then_some(1024);
        let make = |seed| {
            keywright::generate_with_rng(
                &mut keywright_test_support::TestRng::seeded(seed),
                algorithm,
                bits,
            )
            .unwrap()
        };
        let first = make(1);
        for _ in 0..3 {
            assert_eq!(make(1), first, "{algorithm}: seed 1 gave another key");
        }
        assert_ne!(make(2).public_key(), first.public_key(), "{algorithm}");
    }
}
