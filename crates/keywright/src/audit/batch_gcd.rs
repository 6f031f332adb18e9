//! Shared prime factors across many RSA moduli: batch GCD over product and remainder trees
//! (Bernstein; Heninger et al., "Mining your Ps and Qs", 2012).
//!
//! For moduli `n_1 .. n_N` with product `P`, a walk down the product tree gives
//! `y_i = (P / n_i) mod n_i`, and `gcd(n_i, y_i) = gcd(n_i, prod_{j != i} n_j)`: one product tree
//! and one remainder tree instead of `N^2 / 2` pairwise gcds. See [`shared_factors`] for the
//! groups that bound memory and spread the work over the cores.

use dashu_int::UBig;
use dashu_int::ops::BitTest;

use super::bigmul;
use super::number::{MAX_BITS, Modulus, gcd};

/// Moduli are split into groups of at most this many bytes (32 MiB: 131 072 RSA-2048 moduli)
/// and at least one group per thread.
const GROUP_BYTES: usize = 32 << 20;
/// The product trees of all groups are kept between the two passes when they fit in this much
/// memory; otherwise each group's tree is built again for its remainder tree.
const KEEP_TREES_BYTES: usize = 2 << 30;

/// For each input modulus that shares a factor with another input: its index and the shared
/// factor `gcd(n_i, prod_{j != i} n_j)` (for a modulus repeated in the input, the whole
/// modulus). Inputs below 2 or over [`MAX_BITS`] bits take no part (never reported, not
/// multiplied in). Results are in index order.
///
/// # How
/// The moduli are split into `k` groups (at least one per core, at most 32 MiB of moduli
/// each). Pass 1 builds each group's product tree (on every core, a group per thread) and
/// keeps its root `C_g`. Across groups, `y_g = prod_{h != g} (C_h mod C_g) mod C_g`, the
/// product of all other moduli modulo the group's product (Barrett reductions on a Newton
/// reciprocal of `C_g`). Pass 2 walks down each group's
/// tree with Bernstein's scaled remainder tree: the fraction `y_v / T_v` with
/// `y_v = (P / T_v) mod T_v` (`P` the product of all moduli, `T_v` the product below `v`),
/// from a Newton reciprocal at the root and then only multiplications (middle products on
/// an own number-theoretic transform, `audit/bigmul.rs`) and truncations, to a precision
/// that keeps every leaf's `y_i = (P / n_i) mod n_i` exact; `gcd(n_i, y_i)` is the answer. When all the groups' trees
/// do not fit in 2 GiB, pass 2 builds each group's tree again instead of keeping it, so
/// memory stays near two groups' trees plus the group roots (about 1.5 GiB for a million
/// RSA-2048 moduli).
pub fn shared_factors(moduli: &[Modulus]) -> Vec<(usize, Modulus)> {
    shared_factors_in(moduli, GROUP_BYTES, KEEP_TREES_BYTES)
}

fn shared_factors_in(
    moduli: &[Modulus],
    group_bytes: usize,
    keep_trees_bytes: usize,
) -> Vec<(usize, Modulus)> {
    let items: Vec<(usize, &UBig)> = moduli
        .iter()
        .enumerate()
        .filter(|(_, m)| m.0 > UBig::ONE && m.bits() <= MAX_BITS)
        .map(|(i, m)| (i, &m.0))
        .collect();
    if items.len() < 2 {
        return Vec::new();
    }
    let threads = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1)
        .min(items.len() / 2)
        .max(1);
    let total_bytes: usize = items.iter().map(|(_, n)| n.as_words().len() * 8).sum();
    let group_count = threads
        .max(total_bytes.div_ceil(group_bytes.max(1)))
        .min(items.len());
    let groups = split_groups(&items, group_count);
    let levels = usize::BITS - items.len().leading_zeros();
    let keep = total_bytes.saturating_mul(levels as usize + 1) <= keep_trees_bytes;

    // Pass 1: each group's root (and tree, when kept).
    let pass1: Vec<(UBig, Option<Tree>)> = parallel_map(&groups, threads, |group| {
        let tree = product_tree(group.iter().map(|(_, n)| (*n).clone()).collect());
        let root = tree.root();
        (root, keep.then_some(tree))
    });
    let roots: Vec<&UBig> = pass1.iter().map(|(root, _)| root).collect();
    let order: Vec<usize> = (0..groups.len()).collect();

    // Across groups: the product of the other groups modulo each group's product.
    let cofactors: Vec<UBig> = parallel_map(&order, threads, |&g| {
        let Some(own) = roots.get(g) else {
            return UBig::ONE;
        };
        let reducer = bigmul::Reducer::new(own);
        let mut y = reducer.reduce(&UBig::ONE);
        for (h, other) in roots.iter().enumerate() {
            if h != g {
                y = reducer.reduce(&bigmul::mul(&y, &reducer.reduce(other)));
            }
        }
        y
    });

    // Pass 2: down each group's tree.
    let trees: Vec<Option<&Tree>> = pass1.iter().map(|(_, tree)| tree.as_ref()).collect();
    let found: Vec<Vec<(usize, Modulus)>> = parallel_map(&order, threads, |&g| {
        let (Some(group), Some(y)) = (groups.get(g), cofactors.get(g)) else {
            return Vec::new();
        };
        let rebuilt;
        let tree = match trees.get(g).copied().flatten() {
            Some(tree) => tree,
            None => {
                rebuilt = product_tree(group.iter().map(|(_, n)| (*n).clone()).collect());
                &rebuilt
            }
        };
        let leaves = tree.descend(y);
        group
            .iter()
            .zip(leaves)
            .filter_map(|((index, n), y)| {
                let g = gcd(n, &y);
                (g != UBig::ONE).then_some((*index, Modulus(g)))
            })
            .collect()
    });
    found.into_iter().flatten().collect()
}

/// Contiguous groups of about equal total size.
fn split_groups<'a>(items: &'a [(usize, &'a UBig)], count: usize) -> Vec<&'a [(usize, &'a UBig)]> {
    let count = count.max(1);
    let total: usize = items.iter().map(|(_, n)| n.as_words().len()).sum();
    let mut groups = Vec::with_capacity(count);
    let mut rest = items;
    let mut remaining_total = total;
    for left in (1..=count).rev() {
        if left == 1 || rest.is_empty() {
            groups.push(rest);
            break;
        }
        let target = remaining_total / left;
        let mut size = 0;
        let mut cut = 0;
        while cut < rest.len() && (size < target || cut == 0) {
            size += rest.get(cut).map_or(0, |(_, n)| n.as_words().len());
            cut += 1;
        }
        let (head, tail) = rest.split_at(cut);
        groups.push(head);
        rest = tail;
        remaining_total -= size;
    }
    groups.retain(|g| !g.is_empty());
    groups
}

/// `f` over `inputs` on up to `threads` scoped threads, results in input order.
fn parallel_map<T: Sync, R: Send, F: Fn(&T) -> R + Sync>(
    inputs: &[T],
    threads: usize,
    f: F,
) -> Vec<R> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(inputs.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, inputs.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(i) else {
                        break;
                    };
                    let r = f(input);
                    results
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push((i, r));
                }
            });
        }
    });
    let mut results = results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    results.sort_unstable_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Levels of a product tree, leaves first; an odd node at the end of a level moves up as is.
pub(super) struct Tree {
    /// The leaves first, the root last.
    pub(super) levels: Vec<Vec<UBig>>,
}

impl Tree {
    fn root(&self) -> UBig {
        self.levels
            .last()
            .and_then(|top| top.first())
            .cloned()
            .unwrap_or(UBig::ONE)
    }

    /// From `y = (P / root) mod root`, the values `(P / n_i) mod n_i` at the leaves, by
    /// Bernstein's scaled remainder tree ("Scaled remainder trees", 2004): only
    /// multiplications and truncations below the root. Each node `v` carries the fraction
    /// `a_v = frac(P / T_v^2) = ((P / T_v) mod T_v) / T_v` to a precision fixed bottom up, a
    /// child `c` with sibling `s` gets `a_c = frac(a_v T_s^2)` (a middle product: a cyclic
    /// transform modulo `2^(64 L) - 1` with `L` about `4 |T_c|` instead of the full `6 |T_c|`),
    /// and a leaf `n_i` gives `round(a_i n_i) = (P / n_i) mod n_i`.
    fn descend(&self, y: &UBig) -> Vec<UBig> {
        let precision = self.precisions();
        let (Some(root), Some(&root_words)) = (
            self.levels.last().and_then(|top| top.first()),
            precision.last().and_then(|top| top.first()),
        ) else {
            return Vec::new();
        };
        // The root's fraction, within one unit in the last place.
        let fraction = bigmul::fraction(&(y % root), root, root_words);
        let mut current: Vec<Vec<u64>> = vec![fraction.as_words().to_vec()];
        let mut parent_words: &[usize] = precision.last().map_or(&[], Vec::as_slice);
        for (level, words) in self.levels.iter().zip(&precision).rev().skip(1) {
            let parents = current;
            current = Vec::with_capacity(level.len());
            for (j, parent) in parents.iter().enumerate() {
                let p_parent = parent_words.get(j).copied().unwrap_or(0);
                match (
                    level.get(2 * j),
                    level.get(2 * j + 1),
                    words.get(2 * j),
                    words.get(2 * j + 1),
                ) {
                    (Some(a), Some(b), Some(&pa), Some(&pb)) => {
                        let (fa, fb) = child_fractions(parent, p_parent, (a, pa), (b, pb));
                        current.push(fa);
                        current.push(fb);
                    }
                    (Some(_), _, _, _) => current.push(parent.clone()),
                    _ => {}
                }
            }
            parent_words = words;
        }
        let leaves = self.levels.first().map_or(&[][..], Vec::as_slice);
        leaves
            .iter()
            .zip(current)
            .zip(precision.first().map_or(&[][..], Vec::as_slice))
            .map(|((n, a), &p)| {
                let shift = 64 * p;
                let y = (UBig::from_words(&a) * n + (UBig::ONE << (shift - 1))) >> shift;
                if &y >= n { y - n } else { y }
            })
            .collect()
    }

    /// Words kept of each node's fraction. The error allowed at node `v` is `2^-r_v`: at a
    /// leaf `r = bits(n) + 1` (so the rounding at the end is exact), and at a parent
    /// `r_v = max_c (r_c + 1 + 2 bits(T_sibling(c)))` (an error at `v` is multiplied by
    /// `T_sibling^2` on the way to `c`, and the truncation at `c` adds at most three units in
    /// its last place); a node keeps `ceil((r + 3) / 64)` words.
    fn precisions(&self) -> Vec<Vec<usize>> {
        let bits = |x: &UBig| x.bit_len() as u64;
        let mut required: Vec<Vec<u64>> = Vec::with_capacity(self.levels.len());
        for (l, level) in self.levels.iter().enumerate() {
            let below = l
                .checked_sub(1)
                .and_then(|k| Some((self.levels.get(k)?, required.get(k)?)));
            let r: Vec<u64> = match below {
                None => level.iter().map(|n| bits(n) + 1).collect(),
                Some((nodes, r)) => (0..level.len())
                    .map(|j| {
                        match (
                            nodes.get(2 * j),
                            nodes.get(2 * j + 1),
                            r.get(2 * j),
                            r.get(2 * j + 1),
                        ) {
                            (Some(a), Some(b), Some(&ra), Some(&rb)) => {
                                (ra + 1 + 2 * bits(b)).max(rb + 1 + 2 * bits(a))
                            }
                            (_, _, Some(&ra), _) => ra,
                            _ => 1,
                        }
                    })
                    .collect(),
            };
            required.push(r);
        }
        required
            .into_iter()
            .map(|level| {
                level
                    .into_iter()
                    .map(|r| (r as usize + 3).div_ceil(64))
                    .collect()
            })
            .collect()
    }
}

/// The fractions of two siblings `a` and `b` from their parent's `f` (to `p_parent` words):
/// `frac(f b^2)` to `pa` words and `frac(f a^2)` to `pb` words, each the words
/// `[p_parent - p_child, p_parent)` of the product, within two units in the last place.
fn child_fractions(
    parent: &[u64],
    p_parent: usize,
    (a, pa): (&UBig, usize),
    (b, pb): (&UBig, usize),
) -> (Vec<u64>, Vec<u64>) {
    let window = |product: &[u64], p_child: usize| {
        let mut out: Vec<u64> = product
            .iter()
            .skip(p_parent.saturating_sub(p_child))
            .take(p_child)
            .copied()
            .collect();
        out.resize(p_child, 0);
        out
    };
    let (wa, wb) = (a.as_words(), b.as_words());
    if wa.len().min(wb.len()) < bigmul::THRESHOLD_WORDS {
        let f = UBig::from_words(parent);
        let for_a = &f * (b * b);
        let for_b = f * (a * a);
        return (window(for_a.as_words(), pa), window(for_b.as_words(), pb));
    }
    // Modulo 2^(64 L) - 1 the part above L words folds onto the lowest
    // p_parent + 2 |sibling| - L <= p_parent - p_child words: at most a carry into the window.
    let len = (2 * wb.len() + pa)
        .max(2 * wa.len() + pb)
        .max(p_parent)
        .next_power_of_two();
    let products = bigmul::mul_squares_cyclic(parent, &[wb, wa], len);
    match products.as_slice() {
        [for_a, for_b] => (window(for_a, pa), window(for_b, pb)),
        _ => (vec![0; pa], vec![0; pb]),
    }
}

/// The product tree of `leaves` (pairs multiplied level by level, NTT products).
pub(super) fn product_tree(leaves: Vec<UBig>) -> Tree {
    let mut levels = vec![leaves];
    while let Some(level) = levels.last() {
        if level.len() <= 1 {
            break;
        }
        let next: Vec<UBig> = level
            .chunks(2)
            .map(|pair| match pair {
                [a, b] => bigmul::mul(a, b),
                [a] => a.clone(),
                _ => UBig::ONE,
            })
            .collect();
        levels.push(next);
    }
    Tree { levels }
}

#[cfg(test)]
mod tests;
