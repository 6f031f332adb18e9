#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use super::*;
use crate::audit::number::tests::Rng;
use proptest::prelude::*;

fn words(rng: &mut Rng, len: usize) -> Vec<u64> {
    (0..len).map(|_| rng.next()).collect()
}

fn reference(a: &[u64], b: &[u64]) -> Vec<u64> {
    let product = UBig::from_words(a) * UBig::from_words(b);
    let mut out = product.as_words().to_vec();
    out.resize(a.len() + b.len(), 0);
    out
}

/// `x mod (2^(64 len) - 1)` as `len` limbs, the reference for the cyclic products.
fn reference_cyclic(x: &UBig, len: usize) -> Vec<u64> {
    let m = (UBig::ONE << (64 * len)) - UBig::ONE;
    let mut out = (x % &m).as_words().to_vec();
    out.resize(len, 0);
    out
}

/// The cyclic result may spell 0 as all ones: compare modulo `2^(64 len) - 1`.
fn same_cyclic(got: &[u64], want: &[u64]) -> bool {
    got == want || (got.iter().all(|&w| w == u64::MAX) && want.iter().all(|&w| w == 0))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn transform_product_equals_dashu(la in 1usize..300, lb in 1usize..300, seed in any::<u64>()) {
        let mut rng = Rng::new(seed);
        let (a, b) = (words(&mut rng, la), words(&mut rng, lb));
        prop_assert_eq!(mul_words(&a, &b), reference(&a, &b));
    }

    #[test]
    fn product_square_cyclic_equals_dashu(la in 1usize..200, lb in 1usize..100, seed in any::<u64>()) {
        let mut rng = Rng::new(seed);
        let (a, b) = (words(&mut rng, la), words(&mut rng, lb));
        let len = la.max(2 * lb).next_power_of_two();
        let x = UBig::from_words(&a) * UBig::from_words(&b) * UBig::from_words(&b);
        let c: Vec<u64> = b.iter().map(|w| w ^ seed).collect();
        let y = UBig::from_words(&a) * UBig::from_words(&c) * UBig::from_words(&c);
        let got = mul_squares_cyclic(&a, &[&b, &c], len);
        prop_assert!(same_cyclic(&got[0], &reference_cyclic(&x, len)));
        prop_assert!(same_cyclic(&got[1], &reference_cyclic(&y, len)));
    }
}

#[test]
fn edge_sizes_and_extreme_limbs() {
    let mut rng = Rng::new(1);
    let sizes = [
        1, 2, 3, 31, 32, 33, 63, 64, 65, 1023, 1024, 1025, 4096, 8191, 8193,
    ];
    for &la in &sizes {
        for &lb in &[1usize, 2, 64, 1024, 8193] {
            let a = words(&mut rng, la);
            let b = words(&mut rng, lb);
            assert_eq!(mul_words(&a, &b), reference(&a, &b), "{la} x {lb}");
            // All ones: the largest coefficients (len * (2^64 - 1)^2) and limbs above 4p.
            let ones_a = vec![u64::MAX; la];
            let ones_b = vec![u64::MAX; lb];
            assert_eq!(
                mul_words(&ones_a, &ones_b),
                reference(&ones_a, &ones_b),
                "ones {la} x {lb}"
            );
        }
    }
}

#[test]
fn large_product_beyond_the_recursion_threshold() {
    // Transform length 2^17 > CACHE_WORDS: the recursive path.
    let mut rng = Rng::new(2);
    let a = words(&mut rng, 40_000);
    let b = words(&mut rng, 50_001);
    assert_eq!(mul_words(&a, &b), reference(&a, &b));
    let (ua, ub) = (UBig::from_words(&a), UBig::from_words(&b));
    assert_eq!(mul(&ua, &ub), &ua * &ub);
}

#[test]
fn cyclic_square_beyond_the_recursion_threshold() {
    let mut rng = Rng::new(3);
    let a = words(&mut rng, 1 << 15);
    let b = words(&mut rng, 20_000);
    let len = 1 << 16;
    let x = UBig::from_words(&a) * UBig::from_words(&b) * UBig::from_words(&b);
    assert!(same_cyclic(
        &mul_squares_cyclic(&a, &[&b], len)[0],
        &reference_cyclic(&x, len)
    ));
}

#[test]
fn small_factors_go_to_dashu_and_agree() {
    let a = UBig::from(12345u32);
    let b = UBig::from_words(&[u64::MAX; 2000]);
    assert_eq!(mul(&a, &b), &a * &b);
    assert_eq!(mul(&UBig::ZERO, &b), UBig::ZERO);
}

/// Timings against dashu (`cargo test --release -p keywright --lib bigmul_speed -- --ignored
/// --nocapture`); asserts nothing about speed.
#[test]
#[ignore = "a measurement"]
fn bigmul_speed() {
    let mut rng = Rng::new(4);
    for log in [9, 10, 11, 12, 14, 16, 18, 20] {
        let n = 1usize << log;
        let a = UBig::from_words(&words(&mut rng, n));
        let b = UBig::from_words(&words(&mut rng, n));
        let rounds = (1 << 22) / n / log;
        let start = std::time::Instant::now();
        for _ in 0..rounds.max(1) {
            std::hint::black_box(&a * &b);
        }
        let dashu = start.elapsed().as_secs_f64() / rounds.max(1) as f64;
        let start = std::time::Instant::now();
        for _ in 0..rounds.max(1) {
            std::hint::black_box(mul_words(a.as_words(), b.as_words()));
        }
        let ours = start.elapsed().as_secs_f64() / rounds.max(1) as f64;
        println!(
            "{n} words: dashu {:.3} ms, ntt {:.3} ms, {:.2}x",
            dashu * 1e3,
            ours * 1e3,
            dashu / ours
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn fraction_within_one_unit_of_the_quotient(cw in 1usize..3000, extra in 0usize..3000, seed in any::<u64>()) {
        let mut rng = Rng::new(seed);
        let c = UBig::from_words(&words(&mut rng, cw)) | UBig::ONE;
        let y = UBig::from_words(&words(&mut rng, cw)) % &c;
        let words = cw + extra;
        let exact = (&y << (64 * words)) / &c;
        let got = fraction(&y, &c, words);
        prop_assert!(got == exact || got == &exact + UBig::ONE || got + UBig::ONE == exact, "{} words", words);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn reducer_equals_dashu_remainder(cw in 1usize..2500, xw in 0usize..5200, seed in any::<u64>()) {
        let mut rng = Rng::new(seed);
        let c = UBig::from_words(&words(&mut rng, cw)) | UBig::ONE;
        let x = UBig::from_words(&words(&mut rng, xw));
        let reducer = Reducer::new(&c);
        prop_assert_eq!(reducer.reduce(&x), &x % &c);
        // Just below c^2 and multiples of c.
        let near = &c * &c - UBig::ONE;
        prop_assert_eq!(reducer.reduce(&near), &near % &c);
        prop_assert_eq!(reducer.reduce(&(&c * &x)), UBig::ZERO);
    }
}

#[test]
fn reducer_small_moduli() {
    for c in 1u64..40 {
        let reducer = Reducer::new(&UBig::from(c));
        for x in 0u64..2000 {
            assert_eq!(
                reducer.reduce(&UBig::from(x)),
                UBig::from(x % c),
                "{x} mod {c}"
            );
        }
    }
}
