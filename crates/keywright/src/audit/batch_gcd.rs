//! Shared prime factors across many RSA moduli: batch GCD over product and remainder trees
//! (Bernstein; Heninger et al., "Mining your Ps and Qs", 2012).
//!
//! For moduli `n_1 .. n_N` with product `P`, the remainder tree gives `z_i = P mod n_i^2`, and
//! `gcd(n_i, z_i / n_i) = gcd(n_i, prod_{j != i} n_j)`: one product tree and one remainder tree
//! instead of `N^2 / 2` pairwise gcds.

use dashu_int::UBig;

use super::number::{MAX_BITS, Modulus, gcd};

/// For each input modulus that shares a factor with another input: its index and the shared
/// factor `gcd(n_i, prod_{j != i} n_j)` (for a modulus repeated in the input, the whole
/// modulus). Inputs below 2 or over [`MAX_BITS`] bits take no part (never reported, not
/// multiplied in). Results are in index order.
pub fn shared_factors(moduli: &[Modulus]) -> Vec<(usize, Modulus)> {
    let items: Vec<(usize, &UBig)> = moduli
        .iter()
        .enumerate()
        .filter(|(_, m)| m.0 > UBig::ONE && m.bits() <= MAX_BITS)
        .map(|(i, m)| (i, &m.0))
        .collect();
    if items.len() < 2 {
        return Vec::new();
    }
    let leaves: Vec<UBig> = items.iter().map(|(_, n)| (*n).clone()).collect();
    let remainders = remainders_mod_squares(leaves);
    items
        .iter()
        .zip(remainders)
        .filter_map(|((index, n), z)| {
            let g = gcd(n, &(z / *n));
            (g != UBig::ONE).then_some((*index, Modulus(g)))
        })
        .collect()
}

/// `P mod n_i^2` for each leaf `n_i`, where `P` is the product of all leaves.
fn remainders_mod_squares(leaves: Vec<UBig>) -> Vec<UBig> {
    let tree = product_tree(leaves);
    let mut current: Vec<UBig> = match tree.last().and_then(|top| top.first()) {
        Some(root) => vec![root.clone()],
        None => return Vec::new(),
    };
    for level in tree.iter().rev().skip(1) {
        current = level
            .iter()
            .enumerate()
            .map(|(i, node)| {
                let parent = current.get(i / 2).cloned().unwrap_or(UBig::ZERO);
                parent % node.sqr()
            })
            .collect();
    }
    current
}

/// Levels of the product tree, leaves first; an odd node at the end of a level moves up as is.
fn product_tree(leaves: Vec<UBig>) -> Vec<Vec<UBig>> {
    let mut levels = vec![leaves];
    while let Some(level) = levels.last() {
        if level.len() <= 1 {
            break;
        }
        let next: Vec<UBig> = level
            .chunks(2)
            .map(|pair| match pair {
                [a, b] => a * b,
                [a] => a.clone(),
                _ => UBig::ONE,
            })
            .collect();
        levels.push(next);
    }
    levels
}

#[cfg(test)]
mod tests;
