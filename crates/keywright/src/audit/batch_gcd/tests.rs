#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use super::*;
use crate::audit::number::tests::Rng;
use proptest::prelude::*;

/// gcd(n_i, prod_{j != i} n_j) for each usable input, the slow way.
fn pairwise(moduli: &[Modulus]) -> Vec<(usize, Modulus)> {
    let usable = |m: &Modulus| m.0 > UBig::ONE && m.bits() <= MAX_BITS;
    let mut out = Vec::new();
    for (i, a) in moduli.iter().enumerate() {
        if !usable(a) {
            continue;
        }
        let mut g = UBig::ONE;
        for (j, b) in moduli.iter().enumerate() {
            if i != j && usable(b) {
                g = &g * gcd(&a.0, &b.0);
            }
        }
        let g = gcd(&a.0, &g);
        if g != UBig::ONE {
            out.push((i, Modulus(g)));
        }
    }
    out
}

proptest! {
    #[test]
    fn batch_equals_pairwise_gcd(values in proptest::collection::vec(0u64..5000, 0..40)) {
        let moduli: Vec<Modulus> = values.into_iter().map(Modulus::from).collect();
        prop_assert_eq!(shared_factors(&moduli), pairwise(&moduli));
    }

    #[test]
    fn groups_and_rebuilt_trees_change_nothing(values in proptest::collection::vec(0u64..100_000, 0..40), group_bytes in 1usize..64) {
        let moduli: Vec<Modulus> = values.into_iter().map(Modulus::from).collect();
        let expected = pairwise(&moduli);
        prop_assert_eq!(&shared_factors_in(&moduli, group_bytes, 0), &expected);
        prop_assert_eq!(&shared_factors_in(&moduli, group_bytes, usize::MAX), &expected);
    }

    #[test]
    fn batch_equals_pairwise_gcd_on_wide_numbers(values in proptest::collection::vec(proptest::collection::vec(any::<u64>(), 1..5), 0..24)) {
        let moduli: Vec<Modulus> = values.iter().map(|w| Modulus(UBig::from_words(w))).collect();
        prop_assert_eq!(shared_factors(&moduli), pairwise(&moduli));
    }
}

#[test]
fn two_moduli_sharing_a_prime_among_a_thousand() {
    let mut rng = Rng::new(17);
    let mut moduli: Vec<Modulus> = (0..1000)
        .map(|_| Modulus(rng.prime(128) * rng.prime(128)))
        .collect();
    let shared = rng.prime(128);
    let (a, b) = (rng.prime(128), rng.prime(128));
    moduli[123] = Modulus(&shared * &a);
    moduli[876] = Modulus(&shared * &b);
    let found = shared_factors(&moduli);
    let expected = vec![(123, Modulus(shared.clone())), (876, Modulus(shared))];
    assert_eq!(found, expected);
    // In 7 groups (the cross-group products), without kept trees.
    assert_eq!(shared_factors_in(&moduli, 32 * 150, 0), expected);
}

#[test]
fn duplicates_and_degenerate_inputs() {
    let mut rng = Rng::new(18);
    let n = Modulus(rng.prime(256) * rng.prime(256));
    let other = Modulus(rng.prime(256) * rng.prime(256));
    let moduli = vec![
        n.clone(),
        Modulus::from(0),
        Modulus::from(1),
        other,
        n.clone(),
    ];
    assert_eq!(shared_factors(&moduli), vec![(0, n.clone()), (4, n)]);
    assert_eq!(shared_factors(&[]), vec![]);
    assert_eq!(shared_factors(&[Modulus::from(15)]), vec![]);
    let huge = Modulus(UBig::ONE << (MAX_BITS as usize + 8));
    assert_eq!(shared_factors(&[huge, Modulus::from(4)]), vec![]);
}

/// Big enough that the top of the remainder tree runs on the transform (siblings of
/// 1024 words and more): random 2048-bit numbers (many share small factors), two pairs
/// sharing a 1024-bit prime, one modulus repeated; against pairwise gcds.
#[test]
fn scaled_remainder_tree_on_transform_sizes_equals_pairwise() {
    let mut rng = Rng::new(19);
    let mut moduli: Vec<Modulus> = (0..300)
        .map(|_| {
            Modulus(UBig::from_words(&(0..32).map(|_| rng.next()).collect::<Vec<_>>()) | UBig::ONE)
        })
        .collect();
    let (p, q) = (rng.prime(1024), rng.prime(1024));
    moduli[3] = Modulus(&p * rng.prime(1024));
    moduli[297] = Modulus(&p * rng.prime(1024));
    moduli[150] = Modulus(&q * rng.prime(1024));
    moduli[151] = Modulus(&q * rng.prime(1024));
    moduli[42] = moduli[200].clone();
    let expected = pairwise(&moduli);
    assert!(expected.len() > 100);
    // A group per core (4800-word roots) and three groups.
    assert_eq!(shared_factors_in(&moduli, usize::MAX, usize::MAX), expected);
    assert_eq!(shared_factors_in(&moduli, 32 * 8 * 100, 0), expected);
}
