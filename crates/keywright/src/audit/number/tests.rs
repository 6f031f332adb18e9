#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use super::*;
use proptest::prelude::*;

/// The tests' deterministic generator (SplitMix64, `keywright_test_support::TestRng`) with
/// the numbers these tests draw: tests build their own inputs.
pub(crate) struct Rng(keywright_test_support::TestRng);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(keywright_test_support::TestRng::seeded(seed))
    }
    pub(crate) fn next(&mut self) -> u64 {
        self.0.next_u64()
    }
    /// A uniformly random number of exactly `bits` bits (top bit set).
    pub(crate) fn bits(&mut self, bits: u32) -> UBig {
        let words: Vec<u64> = (0..bits.div_ceil(64)).map(|_| self.next()).collect();
        let x = UBig::from_words(&words) >> (words.len() as u32 * 64 - bits) as usize;
        x | (UBig::ONE << (bits - 1) as usize)
    }
    /// A random probable prime of exactly `bits` bits.
    pub(crate) fn prime(&mut self, bits: u32) -> UBig {
        loop {
            let mut p = self.bits(bits) | UBig::ONE;
            while !Modulus(p.clone()).is_probable_prime() {
                p += UBig::from(2u8);
            }
            if p.bit_len() == bits as usize {
                return p;
            }
        }
    }
}

fn m(x: UBig) -> Modulus {
    Modulus(x)
}

#[test]
fn bytes_round_trip_and_shape() {
    let n = Modulus::from_be_bytes(&[0, 0, 1, 2, 3]);
    assert_eq!(n.to_be_bytes(), vec![1, 2, 3]);
    assert_eq!(n.bits(), 17);
    assert!(!n.is_even());
    assert_eq!(Modulus::from_be_bytes(&[]).to_be_bytes(), vec![0]);
    assert_eq!(Modulus::from_be_bytes(&[]).bits(), 0);
    assert!(Modulus::from_be_bytes(&[]).is_even());
    assert_eq!(format!("{n:?}"), "Modulus(17 bits)");
}

#[test]
fn tiny_and_degenerate_inputs_do_not_panic() {
    for v in 0u64..200 {
        let n = Modulus::from(v);
        let _ = n.is_roca();
        let _ = n.fermat(100);
        let _ = n.small_factor(65537);
        let _ = n.small_factor(0);
        let _ = n.perfect_power();
        let _ = n.is_probable_prime();
        let _ = small_private_exponent(&n, &n);
        let _ = small_private_exponent(&n, &Modulus::from(u64::MAX));
    }
    // Bounds over the maximum are clamped.
    assert_eq!(Modulus::from(1_048_573 * 3).small_factor(u32::MAX), Some(3));
    assert_eq!(
        Modulus::from(1_048_573).small_factor(u32::MAX),
        Some(1_048_573)
    );
    // Numbers over the bound are not examined.
    let huge = Modulus(UBig::ONE << (MAX_BITS as usize + 1));
    assert_eq!(huge.small_factor(65537), None);
    assert_eq!(huge.perfect_power(), None);
    assert_eq!(huge.fermat(100), None);
    assert!(!huge.is_roca());
    assert!(!huge.is_probable_prime());
}

#[test]
fn small_factor_finds_the_smallest_prime_up_to_the_bound() {
    let mut rng = Rng::new(1);
    let q = rng.prime(1024);
    for p in [2u32, 3, 5, 251, 65521, 65537] {
        let n = m(&q * UBig::from(p));
        assert_eq!(n.small_factor(65537), Some(p), "{p}");
    }
    // 65539 is the first prime over badkeys' bound.
    assert_eq!(m(&q * UBig::from(65539u32)).small_factor(65537), None);
    assert_eq!(
        m(&q * UBig::from(65539u32)).small_factor(70000),
        Some(65539)
    );
    assert_eq!(
        m(&q * UBig::from(7u8) * UBig::from(3u8)).small_factor(65537),
        Some(3)
    );
    assert_eq!(m(&q * UBig::from(7u8)).small_factor(6), None);
    let p2 = rng.prime(1024);
    assert_eq!(m(&q * &p2).small_factor(65537), None);
    // A small prime is its own factor; 1 has none.
    assert_eq!(Modulus::from(65537).small_factor(65537), Some(65537));
    assert_eq!(Modulus::from(1).small_factor(65537), None);
    // More than 4096 bits: the residue table is extended on the fly.
    let big = m(rng.prime(600).pow(8) * UBig::from(40009u32));
    assert_eq!(big.small_factor(65537), Some(40009));
}

#[test]
fn fermat_factors_close_primes_and_squares() {
    let mut rng = Rng::new(2);
    let p = rng.prime(1024);
    let mut q = &p + UBig::from(2u8);
    while !m(q.clone()).is_probable_prime() {
        q += UBig::from(2u8);
    }
    let n = m(&p * &q);
    let (a, b) = n.fermat(100).unwrap();
    assert_eq!((a.0, b.0), (q.clone(), p.clone()));
    // Far apart primes (random 1024-bit): not found in 100 rounds.
    let r = rng.prime(1024);
    assert_eq!(m(&p * &r).fermat(100), None);
    // A square: both factors are the root.
    let sq = m(r.sqr());
    assert_eq!(sq.fermat(100), Some((m(r.clone()), m(r.clone()))));
    // Close, but more rounds away than allowed: p and q = p + 2^40 + ...; a - sqrt(n) ~ (q-p)^2/(8 sqrt n).
    let mut far = &p + (UBig::ONE << 530);
    far |= UBig::ONE;
    while !m(far.clone()).is_probable_prime() {
        far += UBig::from(2u8);
    }
    let n = m(&p * &far);
    assert_eq!(n.fermat(0), None);
    assert_eq!(n.fermat(100), None);
    assert_eq!(Modulus::from(5).fermat(100), None);
    assert_eq!(Modulus::from(6).fermat(100), None);
}

/// badkeys' Fermat loop, literally (every candidate through an exact square root).
fn fermat_reference(n: &UBig, rounds: u32) -> Option<(UBig, UBig)> {
    if *n <= UBig::from(5u8) {
        return None;
    }
    let mut a = n.sqrt();
    for _ in 0..=rounds {
        let a2 = a.sqr();
        if a2 >= *n {
            let (b, r) = (&a2 - n).sqrt_rem();
            if r == UBig::ZERO {
                return Some((&a + &b, &a - &b));
            }
        }
        a += UBig::ONE;
    }
    None
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn fermat_filters_agree_with_exact_squares(gap in 0u64..5000, base in any::<u64>(), mult in 1u64..3) {
        // n = p * q with q - p small: Fermat finds them within a few rounds.
        let p = UBig::from(base | 1) * UBig::from(mult) + UBig::from(1u8 << 7);
        let q = &p + UBig::from(gap);
        let n = &p * &q;
        let ours = m(n.clone()).fermat(20).map(|(a, b)| (a.0, b.0));
        prop_assert_eq!(ours, fermat_reference(&n, 20));
    }

    #[test]
    fn perfect_power_matches_float_roots(base in 0u64..2_000_000, k in 1u32..40) {
        let n = base.checked_pow(k).unwrap_or(base);
        // Independent answer: a float root and its neighbours, checked exactly.
        let expected = (n > 1).then(|| {
            primes_below(64).into_iter().find(|&k| {
                let r = (n as f64).powf(1.0 / f64::from(k)).round() as u64;
                (r.saturating_sub(1)..=r + 1).any(|m| m >= 2 && m.checked_pow(k) == Some(n))
            })
        }).flatten();
        prop_assert_eq!(Modulus::from(n).perfect_power(), expected);
    }

    #[test]
    fn roca_filter_never_rejects_what_the_exact_test_accepts(words in proptest::collection::vec(any::<u64>(), 1..40)) {
        let n = UBig::from_words(&words);
        prop_assert_eq!(m(n.clone()).is_roca(), n > UBig::from(2u8) && roca_exact(&n));
    }

    #[test]
    fn small_factor_matches_trial_division(words in proptest::collection::vec(any::<u64>(), 1..6), bound in 2u32..3000) {
        let n = UBig::from_words(&words);
        let expected = if n <= UBig::ONE { None } else {
            primes_below(bound + 1).into_iter().find(|&p| (&n % UBig::from(p)) == UBig::ZERO)
        };
        prop_assert_eq!(m(n).small_factor(bound), expected);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    /// Numbers of one to nine blocks (up to 16384 bits) times a few small primes: the
    /// blocked residues find the smallest one, as trial division does.
    #[test]
    fn small_factor_over_many_blocks(words in proptest::collection::vec(any::<u64>(), 1..250), small in proptest::collection::vec(0usize..6542, 0..3)) {
        let primes = primes_below(65538);
        let mut n = UBig::from_words(&words) | UBig::ONE;
        for i in &small {
            n *= UBig::from(primes[*i]);
        }
        if n.bit_len() > MAX_BITS as usize {
            n >>= n.bit_len() - MAX_BITS as usize;
        }
        let expected = if n <= UBig::ONE { None } else {
            primes.iter().copied().find(|&p| (&n % UBig::from(p)) == UBig::ZERO)
        };
        let n = m(n);
        prop_assert_eq!(n.small_factor(65537), expected);
        prop_assert_eq!(n.small_factor_and_roca(Some(65537), true), (expected, n.is_roca()));
        prop_assert_eq!(n.small_factor_and_roca(Some(65537), false), (expected, false));
        prop_assert_eq!(n.small_factor_and_roca(None, true), (None, n.is_roca()));
    }
}

/// A ROCA-shaped prime, as the Infineon library made them: p = k * M + (65537^a mod M).
fn roca_prime(rng: &mut Rng, bits: u32) -> UBig {
    let tables = roca_tables();
    let ring = ConstDivisor::new(tables.m.clone());
    let g = ring.reduce(UBig::from(ROCA_GENERATOR));
    let m_bits = tables.m.bit_len() as u32;
    loop {
        let a = UBig::from(rng.next() % ROCA_ORDER);
        let k = rng.bits(bits - m_bits);
        let p = k * &tables.m + g.pow(&a).residue();
        if p.bit_len() == bits as usize && Modulus(p.clone()).is_probable_prime() {
            return p;
        }
    }
}

#[test]
fn roca_detects_infineon_shaped_moduli_only() {
    let mut rng = Rng::new(3);
    let tables = roca_tables();
    // M's primes are the 39 first ones but for a few that the filter needs none of.
    let product: UBig = tables
        .group_primes
        .iter()
        .flatten()
        .map(|(p, _)| UBig::from(*p))
        .product();
    assert_eq!(product, tables.m, "M is the product of the primes found");
    // The shared pass with the small factors needs every prime of M up to ROCA_MAX_PRIME.
    assert_eq!(
        tables
            .odd_primes
            .iter()
            .map(|(p, _)| *p)
            .collect::<Vec<_>>(),
        primes_below(ROCA_MAX_PRIME + 1)[1..],
    );
    let both = |n: &Modulus| n.small_factor_and_roca(Some(65537), true);
    for _ in 0..2 {
        let p = roca_prime(&mut rng, 512);
        let q = roca_prime(&mut rng, 512);
        let n = m(&p * &q);
        assert!(n.is_roca());
        assert_eq!(both(&n), (None, true));
        // A small factor above M's primes: both answers, as the separate tests give them.
        let corrupt = m(&p * &q * UBig::from(40009u32));
        assert_eq!(both(&corrupt), (Some(40009), corrupt.is_roca()));
        // A small factor of M: no unit modulo M, no ROCA.
        assert_eq!(both(&m(&p * &q * UBig::from(167u32))), (Some(167), false));
        // A bound below M's primes: the separate tests.
        assert_eq!(n.small_factor_and_roca(Some(100), true), (None, true));
    }
    for _ in 0..50 {
        let n = m(rng.prime(512) * rng.prime(512));
        assert!(!n.is_roca());
        assert_eq!(both(&n), (None, false));
    }
    assert!(!Modulus::from(2).is_roca());
    assert!(
        Modulus::from(65537).is_roca(),
        "the generator itself is in its subgroup"
    );
}

#[test]
fn perfect_powers() {
    let mut rng = Rng::new(4);
    let r = rng.prime(300);
    for k in [2u32, 3, 5, 7] {
        assert_eq!(m(r.pow(k as usize)).perfect_power(), Some(k), "{k}");
    }
    // Roots with small factors, and a composite exponent (answer: its smallest prime).
    assert_eq!(m((&r * UBig::from(6u8)).pow(6)).perfect_power(), Some(2));
    assert_eq!(m(UBig::from(3u8).pow(1001)).perfect_power(), Some(7));
    assert_eq!(m(UBig::ONE << 2048).perfect_power(), Some(2));
    assert_eq!(Modulus::from(2 * 2 * 3).perfect_power(), None);
    assert_eq!(m(r.sqr() * UBig::from(5u8)).perfect_power(), None);
    assert_eq!(m(r.sqr() * rng.prime(200)).perfect_power(), None);
    assert_eq!(m(&r * rng.prime(300)).perfect_power(), None);
    assert_eq!(Modulus::from(1).perfect_power(), None);
    assert_eq!(Modulus::from(0).perfect_power(), None);
    assert_eq!(Modulus::from(4).perfect_power(), Some(2));
    assert_eq!(
        Modulus::from(65537u64 * 65537 * 65537).perfect_power(),
        Some(3)
    );
}

#[test]
fn probable_primes() {
    let mersenne127 = (UBig::ONE << 127) - UBig::ONE;
    assert!(m(mersenne127.clone()).is_probable_prime());
    assert!(!m(&mersenne127 * &mersenne127).is_probable_prime());
    for p in [2u64, 3, 5, 71, 73, 65537, 1_000_000_007] {
        assert!(Modulus::from(p).is_probable_prime(), "{p}");
    }
    // Carmichael numbers and strong pseudoprimes to small bases.
    for c in [
        0u64,
        1,
        4,
        561,
        1105,
        2047,
        3_215_031_751,
        3_825_123_056_546_413_051,
    ] {
        assert!(!Modulus::from(c).is_probable_prime(), "{c}");
    }
}

#[test]
fn small_private_exponent_recovers_a_small_d() {
    let mut rng = Rng::new(5);
    let p = rng.prime(512);
    let q = rng.prime(512);
    let n = &p * &q;
    let phi = (&p - UBig::ONE) * (&q - UBig::ONE);
    let ring = ConstDivisor::new(phi.clone());
    // d chosen first, well under Wiener's bound n^(1/4) / 3.
    let (d, e) = loop {
        let d = rng.bits(200) | UBig::ONE;
        if let Some(e) = ring.reduce(d.clone()).inv() {
            break (d, e.residue());
        }
    };
    assert!(e.bit_len() > 32);
    let found = small_private_exponent(&m(n.clone()), &m(e)).unwrap();
    assert_eq!(found.0, d);
    // A normal key: e = 65537 (not examined), and a random large e with a large d.
    assert_eq!(
        small_private_exponent(&m(n.clone()), &Modulus::from(65537)),
        None
    );
    let e_big = loop {
        let d = rng.bits(1000) | UBig::ONE;
        if let Some(e) = ring.reduce(d).inv() {
            break e.residue();
        }
    };
    assert_eq!(small_private_exponent(&m(n), &m(e_big)), None);
}
