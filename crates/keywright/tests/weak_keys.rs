//! The audit tests' weak-key makers make what they say: checked here by their own arithmetic,
//! independently of the audit.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod common;

use common::weak::{self, Rng, Z};

#[test]
fn roca_primes_have_the_infineon_form_and_badkeys_fingerprint() {
    // (512-bit keys, 256-bit primes, are left out: the search did not end in debug builds.)
    let mut rng = Rng::seeded(1);
    for bits in [1024u32, 2048] {
        let key = weak::rsa_roca(&mut rng, bits);
        assert_eq!(key.n.bits(), bits);
        let m = weak::roca_primorial(bits);
        // p mod M is a power of 65537 mod M: in the subgroup the ROCA test looks for.
        // badkeys' test modulus (a divisor of every Infineon M) and generator order:
        let mp = Z::from_hex("924CBA6AE99DFA084537FACC54948DF0C23DA044D8CABE0EDD75BC6");
        assert_eq!(m.rem(&mp), Z::from_u64(0));
        let order = Z::from_u64(2_454_106_387_091_158_800);
        assert_eq!(key.n.pow_mod(&order, &mp), Z::from_u64(1), "{bits}");
        assert!(key.p.as_ref().unwrap().is_prime() && key.q.as_ref().unwrap().is_prime());
    }
}

#[test]
fn close_shared_small_and_exponent_makers() {
    let mut rng = Rng::seeded(2);
    let close = weak::rsa_close_primes(&mut rng, 2048);
    let (p, q) = (close.p.clone().unwrap(), close.q.clone().unwrap());
    assert!(q.sub(&p).bits() < 16, "primes a few units apart");
    // Fermat's first round: a = ceil(sqrt(n)), a^2 - n is a square.
    let mut a = close.n.isqrt();
    if a.mul(&a) != close.n {
        a = a.add_u64(1);
    }
    let b2 = a.mul(&a).sub(&close.n);
    let b = b2.isqrt();
    assert_eq!(b.mul(&b), b2);

    let (k1, k2) = weak::rsa_shared_prime(&mut rng, 2048);
    assert_eq!(k1.n.gcd(&k2.n), k1.p.clone().unwrap());
    assert_ne!(k1.n, k2.n);

    let small = weak::rsa_small_factor(&mut rng, 2048, 3);
    assert_eq!(small.n.bits(), 2048);
    assert_eq!(small.n.rem_u64(3), 0);

    let e3 = weak::rsa_with_exponent(&mut rng, 2048, 3);
    assert_eq!(e3.e, Z::from_u64(3));
    let d = e3.d.clone().unwrap();
    let one = Z::from_u64(1);
    let phi =
        e3.p.clone()
            .unwrap()
            .sub(&one)
            .mul(&e3.q.clone().unwrap().sub(&one));
    assert_eq!(d.mul(&e3.e).rem(&phi), one);

    let wiener = weak::rsa_small_d(&mut rng, 2048);
    assert!(wiener.d.as_ref().unwrap().bits() < 2048 / 4);
    assert!(wiener.e.bits() > 2000);
}

#[test]
fn rsa_encodings_read_back() {
    let mut rng = Rng::seeded(3);
    let key = weak::rsa_normal(&mut rng, 2048);
    let line = key.openssh("weak@test");
    let from_line = keywright::PublicKey::from_openssh(&line).unwrap();
    assert_eq!(from_line.bits(), 2048);
    let pem = keywright::load_public(key.spki_pem().as_bytes()).unwrap();
    assert_eq!(pem, from_line);
    let pkcs1 = keywright::load_public(key.pkcs1_public_pem().as_bytes()).unwrap();
    assert_eq!(pkcs1, from_line);
    let private =
        keywright::load_private(key.pkcs1_private_pem().unwrap().as_bytes(), None).unwrap();
    assert_eq!(private.public_key(), from_line);
}

#[test]
fn small_order_points_and_off_curve_points_are_what_they_say() {
    // keywright's own reader of valid keys accepts a normal ECDSA line; the changed one is
    // off the curve (p256 refuses it).
    let key = keywright::generate(keywright::Algorithm::EcdsaP256, None).unwrap();
    let line = key.public_key().to_openssh();
    let (_, x, y) = weak::ecdsa_point(&line);
    let off = weak::ecdsa_off_curve(&line, "");
    let (_, x2, y2) = weak::ecdsa_point(&off);
    assert_eq!(x, x2);
    assert_ne!(y, y2);
    for hex in weak::ED25519_SMALL_ORDER
        .iter()
        .chain(&weak::ED25519_NON_CANONICAL)
    {
        assert!(weak::ed25519_line(hex, "").starts_with("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"));
    }
}
