//! Number theory on RSA moduli for the audit checks (ROCA, Fermat, small factors, perfect powers,
//! small private exponents), with the semantics of badkeys 0.0.21's `roca`, `fermat`,
//! `smallfactors` and `smalld` checks.
//!
//! Every check bounds its input before work: numbers over [`MAX_BITS`] bits are not examined
//! (the check answers "not found"), rounds and trial-division bounds are clamped
//! ([`MAX_FERMAT_ROUNDS`], [`MAX_SMALL_FACTOR_BOUND`]). Nothing here panics on any input,
//! including zero, one, even and tiny numbers.
//!
//! The per-key checks avoid big-number division where they can: the residues of `n` modulo
//! word-sized products of small primes come from precomputed tables of `2^(64 i) mod q`
//! (`WordModulus`), so small factors, the ROCA filter, the perfect-power filter and the
//! square filter of Fermat's method cost a few thousand word multiplications per modulus.

use std::fmt;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use dashu_int::fast_div::ConstDivisor;
use dashu_int::ops::{BitTest, Gcd, SquareRoot, SquareRootRem, UnsignedAbs};
use dashu_int::{IBig, UBig};

/// Numbers longer than this are not examined by the per-key checks (they answer "not found").
/// RSA keys over 16384 bits are refused by keywright's parsers anyway.
pub const MAX_BITS: u32 = 16384;
/// badkeys' trial-division bound (`smallfactors`: every prime up to 65537).
pub const DEFAULT_SMALL_FACTOR_BOUND: u32 = 65537;
/// The largest bound [`Modulus::small_factor`] accepts; larger ones are clamped to it.
pub const MAX_SMALL_FACTOR_BOUND: u32 = 1 << 20;
/// badkeys' Fermat rounds (`fermat`: `a = isqrt(n)` and the 100 values after it).
pub const DEFAULT_FERMAT_ROUNDS: u32 = 100;
/// The largest number of rounds [`Modulus::fermat`] runs; larger requests are clamped to it.
pub const MAX_FERMAT_ROUNDS: u32 = 1 << 24;

/// An RSA modulus (or any non-negative integer) in the audit's big-integer type.
///
/// `Debug` prints only the size: a factor found by a check is private-key material.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Modulus(pub(crate) UBig);

impl fmt::Debug for Modulus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Modulus({} bits)", self.bits())
    }
}

impl From<u64> for Modulus {
    fn from(value: u64) -> Self {
        Modulus(UBig::from(value))
    }
}

impl Modulus {
    /// The number with these big-endian bytes (leading zeros allowed; empty is zero).
    pub fn from_be_bytes(bytes: &[u8]) -> Modulus {
        Modulus(UBig::from_be_bytes(bytes))
    }

    /// The minimal big-endian bytes (zero is one `0` byte, as OpenSSH writes no empty mpint).
    pub fn to_be_bytes(&self) -> Vec<u8> {
        let bytes = self.0.to_be_bytes().into_vec();
        if bytes.is_empty() { vec![0] } else { bytes }
    }

    /// The number of significant bits (0 for zero).
    pub fn bits(&self) -> u32 {
        u32::try_from(self.0.bit_len()).unwrap_or(u32::MAX)
    }

    /// Whether the number is even (zero is even).
    pub fn is_even(&self) -> bool {
        !self.0.bit(0)
    }

    fn too_big(&self) -> bool {
        self.bits() > MAX_BITS
    }

    fn limbs(&self) -> &[u64] {
        self.0.as_words()
    }

    /// ROCA (CVE-2017-15361) fingerprint test, as badkeys' `roca` (from roca-detect): `n` is
    /// in the subgroup that 65537 generates modulo the 216-bit primorial-like `M` of the
    /// vulnerable Infineon library. A filter on `n mod p` for the primes `p` of `M` rejects
    /// almost every modulus before the exact test (arithmetic modulo `M` only).
    pub fn is_roca(&self) -> bool {
        if self.too_big() || self.0 <= UBig::from(2u8) {
            return false;
        }
        let roca = roca_tables();
        let limbs = self.limbs();
        for (group, primes) in roca.groups.iter().zip(&roca.group_primes) {
            let r = group.rem(limbs);
            for &(p, ref members) in primes {
                let rp = (r % u64::from(p)) as usize;
                if !members.get(rp).copied().unwrap_or(false) {
                    return false;
                }
            }
        }
        roca_exact(&self.0)
    }

    /// Fermat's method for `rounds` steps (clamped to [`MAX_FERMAT_ROUNDS`]), as badkeys'
    /// `fermat`: for `a = isqrt(n), isqrt(n) + 1, ..., isqrt(n) + rounds`, the first `a` with
    /// `a^2 - n = b^2` gives `n = (a + b)(a - b)`; the factors `(a + b, a - b)` when found
    /// (equal when `n` is a square). Numbers up to 5 are not examined. Candidates go through
    /// quadratic-residue filters (mod 64 and a product of small moduli) before an exact square
    /// root, so a round costs a few word operations.
    pub fn fermat(&self, rounds: u32) -> Option<(Modulus, Modulus)> {
        let n = &self.0;
        if self.too_big() || *n <= UBig::from(5u8) {
            return None;
        }
        let rounds = rounds.min(MAX_FERMAT_ROUNDS);
        let (a0, rem) = n.sqrt_rem();
        if rem == UBig::ZERO {
            return Some((Modulus(a0.clone()), Modulus(a0)));
        }
        let filter = square_filter();
        // x = a^2 - n for a = a0 + c, tracked modulo 2^64 and modulo the filter modulus.
        let a1 = &a0 + UBig::ONE;
        let x1 = a1.sqr() - n; // positive: a1 > sqrt(n)
        let q = filter.modulus.q;
        let mut x_low = x1.as_words().first().copied().unwrap_or(0);
        let mut x_q = filter.modulus.rem(x1.as_words());
        let mut a_low = a1.as_words().first().copied().unwrap_or(0);
        let mut a_q = filter.modulus.rem(a1.as_words());
        for c in 1..=u64::from(rounds) {
            if filter.may_be_square(x_low, x_q) {
                let a = &a0 + UBig::from(c);
                let x = a.sqr() - n;
                let (b, r) = x.sqrt_rem();
                if r == UBig::ZERO {
                    let p = &a + &b;
                    let q = a - b;
                    return Some((Modulus(p), Modulus(q)));
                }
            }
            // (a + 1)^2 - n = x + 2a + 1
            x_low = x_low.wrapping_add(a_low.wrapping_mul(2)).wrapping_add(1);
            x_q = add_mod(add_mod(x_q, add_mod(a_q, a_q, q), q), 1 % q, q);
            a_low = a_low.wrapping_add(1);
            a_q = add_mod(a_q, 1 % q, q);
        }
        None
    }

    /// The smallest prime factor `<= bound` (bound clamped to [`MAX_SMALL_FACTOR_BOUND`];
    /// badkeys' `smallfactors` uses [`DEFAULT_SMALL_FACTOR_BOUND`], 65537). A prime `n` itself
    /// within the bound counts as its own factor. `None` for 0 and 1 and numbers over
    /// [`MAX_BITS`]. badkeys skips `n <= 5`; callers that mirror it check that themselves.
    pub fn small_factor(&self, bound: u32) -> Option<u32> {
        if self.too_big() || self.0 <= UBig::ONE {
            return None;
        }
        let bound = bound.min(MAX_SMALL_FACTOR_BOUND);
        if bound < 2 {
            return None;
        }
        if self.is_even() {
            return Some(2);
        }
        let blocks = Blocks::new(self.limbs())?;
        small_prime_table(bound).smallest_factor(0, blocks.used())
    }

    /// [`Modulus::small_factor`] and [`Modulus::is_roca`] in one pass (as asked: `bound`
    /// `None` skips the small factors, `roca` false the ROCA test): the ROCA filter's residues
    /// modulo the primes of `M` (all below 170) come from the small-prime residues.
    #[must_use]
    pub fn small_factor_and_roca(&self, bound: Option<u32>, roca: bool) -> (Option<u32>, bool) {
        let shared = bound.filter(|&b| roca && b.min(MAX_SMALL_FACTOR_BOUND) >= ROCA_MAX_PRIME);
        let Some(bound) = shared else {
            return (
                bound.and_then(|b| self.small_factor(b)),
                roca && self.is_roca(),
            );
        };
        if self.too_big() || self.0 <= UBig::ONE {
            return (None, false);
        }
        if self.is_even() {
            // 2 divides M: an even n is no unit modulo M.
            return (Some(2), false);
        }
        let Some(blocks) = Blocks::new(self.limbs()) else {
            return (None, false);
        };
        let blocks = blocks.used();
        let table = small_prime_table(bound.min(MAX_SMALL_FACTOR_BOUND));
        // The groups holding M's primes first, each with its ROCA residues, then the rest.
        let roca_groups = table.roca.last().map_or(0, |(g, _, _)| g + 1);
        let mut candidate = true;
        let mut factor = None;
        let mut roca_filter = table.roca.iter().peekable();
        for index in 0..roca_groups {
            let r = table.residue_at(index, blocks);
            while let Some((_, p, member)) = roca_filter.next_if(|(g, _, _)| *g == index) {
                if candidate {
                    let in_subgroup = member.get((r % u64::from(*p)) as usize).copied();
                    candidate = in_subgroup.unwrap_or(false);
                }
            }
            factor = table.groups.get(index).and_then(|group| group.divisor(r));
            if factor.is_some() {
                break;
            }
        }
        if factor.is_none() {
            factor = table.smallest_factor(roca_groups, blocks);
        }
        // A factor of M makes n no unit modulo M (and a factor found before the last ROCA
        // group is one); otherwise every ROCA prime was looked at.
        let roca = candidate
            && factor.is_none_or(|p| p > ROCA_MAX_PRIME)
            && roca_filter.peek().is_none()
            && roca_exact(&self.0);
        (factor, roca)
    }

    /// Some `k >= 2` with `n = m^k` for an integer `m >= 2` (the smallest prime such `k`);
    /// `None` for 0 and 1 and numbers over [`MAX_BITS`].
    ///
    /// A prime `k <= bits / 17` must pass `k`-th power residue filters modulo four primes
    /// `p = 1 (mod k)` before an exact integer root. For a larger prime `k` the root is below
    /// 2^17, so the one candidate next to `2^(log2(n) / k)` is checked modulo 2^64 first.
    pub fn perfect_power(&self) -> Option<u32> {
        let n = &self.0;
        if self.too_big() || *n <= UBig::ONE {
            return None;
        }
        let bits = self.bits();
        let limbs = self.limbs();
        let primes = primes_to_max_bits();
        let filtered = primes
            .get(..primes.partition_point(|&k| k <= bits / 17))
            .unwrap_or_default();
        for &k in filtered {
            let passes = power_filter(k).is_none_or(|filter| {
                filter.iter().all(|(modulus, p, residues)| {
                    let r = (modulus.rem(limbs) % u64::from(*p)) as usize;
                    residues.get(r).copied().unwrap_or(true)
                })
            });
            if passes && is_kth_power(n, k) {
                return Some(k);
            }
        }
        let low = limbs.first().copied().unwrap_or(0);
        let log2 = log2(limbs);
        let larger = primes
            .get(filtered.len()..primes.partition_point(|&k| k <= bits))
            .unwrap_or_default();
        for &k in larger {
            let root = (log2 / f64::from(k)).exp2();
            let below = root.floor().max(2.0) as u64;
            // m^k has m's parity: one candidate of the two.
            for m in [below, below + 1].into_iter().filter(|m| m & 1 == low & 1) {
                if low == m.wrapping_pow(k) && is_kth_power(n, k) {
                    return Some(k);
                }
            }
        }
        None
    }

    /// Miller-Rabin with the first 20 prime bases (deterministic below 3.3e24, and an error
    /// probability below 4^-20 for larger numbers without special structure). `false` for
    /// numbers over [`MAX_BITS`].
    pub fn is_probable_prime(&self) -> bool {
        if self.too_big() {
            return false;
        }
        is_probable_prime(&self.0)
    }
}

/// Wiener's attack from the public key alone (badkeys `smalld`, after owiener): the private
/// exponent `d` when one of the continued-fraction convergents of `e / n` yields it. Only
/// exponents over 32 bits are examined (as badkeys: a small `e` cannot have a small `d`), and
/// neither number may exceed [`MAX_BITS`] (the expansion has at most a few thousand terms).
pub fn small_private_exponent(n: &Modulus, e: &Modulus) -> Option<Modulus> {
    if n.too_big() || e.too_big() || e.bits() <= 32 || n.0 == UBig::ZERO {
        return None;
    }
    let n_i = IBig::from(n.0.clone());
    let e_i = IBig::from(e.0.clone());
    // Continued fraction of e / n.
    let mut terms = Vec::new();
    let (mut x, mut y) = (e.0.clone(), n.0.clone());
    while y != UBig::ZERO {
        let a = &x / &y;
        let r = &x - &a * &y;
        terms.push(a);
        x = y;
        y = r;
    }
    // Convergents, with badkeys' twist: even-indexed ones are (n + n_, d + d_).
    let (mut n0, mut d0) = (UBig::ZERO, UBig::ONE);
    let (mut n1, mut d1) = (UBig::ONE, UBig::ZERO);
    let (mut prev_n, mut prev_d) = (UBig::ONE, UBig::ZERO);
    for (i, q) in terms.iter().enumerate() {
        let num = q * &n1 + &n0;
        let den = q * &d1 + &d0;
        let (k, dg) = if i % 2 == 0 {
            (&num + &prev_n, &den + &prev_d)
        } else {
            (num.clone(), den.clone())
        };
        prev_n = num.clone();
        prev_d = den.clone();
        n0 = std::mem::replace(&mut n1, num);
        d0 = std::mem::replace(&mut d1, den);
        if k == UBig::ZERO {
            continue;
        }
        let k_i = IBig::from(k);
        let edg = &e_i * IBig::from(dg.clone());
        let phi = floor_div(&edg, &k_i);
        let x = &n_i - &phi + IBig::ONE;
        if x.bit(0) {
            continue;
        }
        let half = floor_div(&x, &IBig::from(2u8));
        let disc = &half * &half - &n_i;
        if is_square_signed(&disc) {
            let g = &edg - &phi * &k_i;
            if g == IBig::ZERO {
                continue;
            }
            let d = floor_div(&IBig::from(dg), &g);
            return UBig::try_from(d).ok().map(Modulus);
        }
    }
    None
}

/// Python's `//` (rounds toward negative infinity); `b` is never zero here.
fn floor_div(a: &IBig, b: &IBig) -> IBig {
    let q = a / b;
    if (&q * b) != *a && ((*a < IBig::ZERO) != (*b < IBig::ZERO)) {
        q - IBig::ONE
    } else {
        q
    }
}

fn is_square_signed(x: &IBig) -> bool {
    if *x < IBig::ZERO {
        return false;
    }
    let u = x.unsigned_abs();
    let (_, r) = u.sqrt_rem();
    r == UBig::ZERO
}

/// `a + b mod q` for `a, b < q` (no division: one conditional subtraction).
fn add_mod(a: u64, b: u64, q: u64) -> u64 {
    let s = u128::from(a) + u128::from(b);
    let q = u128::from(q);
    (if s >= q { s - q } else { s }) as u64
}

/// Whether `n = m^k` for an integer `m`.
fn is_kth_power(n: &UBig, k: u32) -> bool {
    if k < 2 {
        return false;
    }
    let Ok(k_usize) = usize::try_from(k) else {
        return false;
    };
    let m = if k == 2 {
        n.sqrt()
    } else {
        n.nth_root(k_usize)
    };
    m.pow(k_usize) == *n
}

fn is_probable_prime(n: &UBig) -> bool {
    const BASES: [u64; 20] = [
        2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71,
    ];
    if *n < UBig::from(2u8) {
        return false;
    }
    for p in BASES {
        let p_big = UBig::from(p);
        if *n == p_big {
            return true;
        }
        if (n % &p_big) == UBig::ZERO {
            return false;
        }
    }
    let n_minus_1 = n - UBig::ONE;
    let s = n_minus_1.trailing_zeros().unwrap_or(0);
    let d = &n_minus_1 >> s;
    let ring = ConstDivisor::new(n.clone());
    let one = ring.reduce(UBig::ONE);
    let minus_one = ring.reduce(n_minus_1.clone());
    'bases: for p in BASES {
        let mut x = ring.reduce(UBig::from(p)).pow(&d);
        if x == one || x == minus_one {
            continue;
        }
        for _ in 1..s {
            x = x.sqr();
            if x == minus_one {
                continue 'bases;
            }
            if x == one {
                return false;
            }
        }
        return false;
    }
    true
}

/// The primes up to [`MAX_BITS`] (the exponents [`Modulus::perfect_power`] tries), made once.
fn primes_to_max_bits() -> &'static [u32] {
    static PRIMES: OnceLock<Vec<u32>> = OnceLock::new();
    PRIMES.get_or_init(|| primes_below(MAX_BITS + 1))
}

/// The primes below `limit`.
fn primes_below(limit: u32) -> Vec<u32> {
    let Ok(limit) = usize::try_from(limit) else {
        return Vec::new();
    };
    if limit < 3 {
        return Vec::new();
    }
    let mut composite = vec![false; limit];
    let mut primes = Vec::new();
    for i in 2..limit {
        if composite.get(i).copied().unwrap_or(true) {
            continue;
        }
        primes.push(u32::try_from(i).unwrap_or(u32::MAX));
        let mut j = i.saturating_mul(i);
        while j < limit {
            if let Some(c) = composite.get_mut(j) {
                *c = true;
            }
            j += i;
        }
    }
    primes
}

fn pow_mod_u64(mut base: u64, mut exp: u64, m: u64) -> u64 {
    let m128 = u128::from(m);
    let mut acc = 1 % m;
    base %= m;
    while exp > 0 {
        if exp & 1 == 1 {
            acc = (u128::from(acc) * u128::from(base) % m128) as u64;
        }
        base = (u128::from(base) * u128::from(base) % m128) as u64;
        exp >>= 1;
    }
    acc
}

/// A word-sized modulus `q` with the table `2^(64 i) mod q`, so that `n mod q` is a sum of
/// word products (no division per limb).
#[derive(Debug, Clone)]
pub(crate) struct WordModulus {
    q: u64,
    /// `2^(64 i) mod q` for `i < TABLE_LIMBS`.
    powers: Vec<u64>,
    /// `2^64 mod q`, to extend the table past `TABLE_LIMBS` limbs.
    r64: u64,
    /// `2^128 mod q`, to fold the accumulator's carries.
    r128: u64,
}

/// Limbs covered by each [`WordModulus`] table (4096-bit numbers); longer numbers extend the
/// powers on the fly.
const TABLE_LIMBS: usize = 64;

impl WordModulus {
    fn new(q: u64) -> WordModulus {
        let q = q.max(1);
        let q128 = u128::from(q);
        let r64 = ((1u128 << 64) % q128) as u64;
        let r128 = (u128::from(r64) * u128::from(r64) % q128) as u64;
        let mut powers = Vec::with_capacity(TABLE_LIMBS);
        let mut c = 1 % q;
        for _ in 0..TABLE_LIMBS {
            powers.push(c);
            c = (u128::from(c) * u128::from(r64) % q128) as u64;
        }
        WordModulus {
            q,
            powers,
            r64,
            r128,
        }
    }

    /// `n mod q` for `n` given as little-endian limbs.
    fn rem(&self, limbs: &[u64]) -> u64 {
        let q128 = u128::from(self.q);
        let mut acc: u128 = 0;
        let mut carries: u64 = 0;
        let (head, tail) = limbs.split_at(limbs.len().min(TABLE_LIMBS));
        for (&limb, &power) in head.iter().zip(&self.powers) {
            let (sum, overflow) = acc.overflowing_add(u128::from(limb) * u128::from(power));
            acc = sum;
            carries += u64::from(overflow);
        }
        if !tail.is_empty() {
            let mut c = self.powers.last().copied().unwrap_or(0);
            for &limb in tail {
                c = (u128::from(c) * u128::from(self.r64) % q128) as u64;
                let (sum, overflow) = acc.overflowing_add(u128::from(limb) * u128::from(c));
                acc = sum;
                carries += u64::from(overflow);
            }
        }
        let low = acc % q128;
        let high = u128::from(carries % self.q) * u128::from(self.r128) % q128;
        ((low + high) % q128) as u64
    }
}

/// `p^-1 mod 2^64` for odd `p` (Newton's iteration).
fn inverse_mod_word(p: u64) -> u64 {
    let mut x = p;
    for _ in 0..6 {
        x = x.wrapping_mul(2u64.wrapping_sub(p.wrapping_mul(x)));
    }
    x
}

/// Packs `primes` (ascending) into word-sized products, in order.
fn pack_primes(primes: &[u32]) -> Vec<(u64, Vec<u32>)> {
    pack_primes_below(primes, u64::MAX, usize::MAX)
}

/// Packs `primes` (ascending) into products below `limit` of at most `most` primes, in order.
fn pack_primes_below(primes: &[u32], limit: u64, most: usize) -> Vec<(u64, Vec<u32>)> {
    let mut out = Vec::new();
    let mut q: u64 = 1;
    let mut members = Vec::new();
    for &p in primes {
        let room = members.len() < most;
        match q
            .checked_mul(u64::from(p))
            .filter(|&next| next < limit && room)
        {
            Some(next) => {
                q = next;
                members.push(p);
            }
            None => {
                out.push((q, std::mem::take(&mut members)));
                q = u64::from(p);
                members.push(p);
            }
        }
    }
    if !members.is_empty() {
        out.push((q, members));
    }
    out
}

/// Limbs per block of the small-prime residues: a 2048-bit modulus is one block.
const BLOCK: usize = 32;
/// Blocks of the largest number examined ([`MAX_BITS`]).
const MAX_BLOCKS: usize = (MAX_BITS as usize).div_ceil(64 * BLOCK);

/// A number's limbs in zero-padded blocks of [`BLOCK`], for [`SmallPrimeTable::residue`].
struct Blocks {
    blocks: [[u64; BLOCK]; MAX_BLOCKS],
    len: usize,
}

impl Blocks {
    /// `None` for numbers over [`MAX_BITS`].
    fn new(limbs: &[u64]) -> Option<Blocks> {
        let mut blocks = [[0u64; BLOCK]; MAX_BLOCKS];
        let mut len = 0;
        for (block, chunk) in blocks.iter_mut().zip(limbs.chunks(BLOCK)) {
            block.get_mut(..chunk.len())?.copy_from_slice(chunk);
            len += 1;
        }
        (len * BLOCK >= limbs.len()).then_some(Blocks { blocks, len })
    }

    fn used(&self) -> &[[u64; BLOCK]] {
        self.blocks.get(..self.len).unwrap_or_default()
    }
}

/// `sum block[k] * c[k]` for `c[k] < 2^58`: below 2^127. Four accumulators, so that the
/// additions do not wait on each other (the multiplications then run back to back).
#[inline(always)]
fn dot(block: &[u64; BLOCK], c: &[u64; BLOCK]) -> u128 {
    let mut acc = [0u128; 4];
    for (b, c) in block.chunks_exact(4).zip(c.chunks_exact(4)) {
        for ((acc, &b), &c) in acc.iter_mut().zip(b).zip(c) {
            // Eight products below 2^122 each: below 2^125.
            *acc += u128::from(b) * u128::from(c);
        }
    }
    acc.iter().sum()
}

/// Primes per [`PrimeGroup`]: every group tests four, without a branch per prime.
const GROUP_PRIMES: usize = 4;

/// Up to [`GROUP_PRIMES`] odd primes packed into a product `q < 2^58`, with `-q^-1 mod
/// 2^64`, `2^(64 (BLOCK + 1)) mod q` (for numbers over one block) and, per prime `p`, `(p,
/// p^-1 mod 2^64, floor((2^64 - 1) / p))`: `x` is divisible by `p` exactly when `x * p^-1 mod
/// 2^64 <= floor((2^64 - 1) / p)`. Missing primes are `(0, 1, 0)`, which matches only
/// `x = 0`, divisible by the group's primes too (listed first).
struct PrimeGroup {
    q: u64,
    neg_inv: u64,
    block_shift: u64,
    primes: [(u32, u64, u64); GROUP_PRIMES],
}

/// The odd primes up to a bound, packed into [`PrimeGroup`]s (ascending), with the tables
/// `2^(64 k) mod q` for `k < BLOCK` of every group side by side, so that a 2048-bit
/// number's residues are one pass over one array.
struct SmallPrimeTable {
    groups: Vec<PrimeGroup>,
    /// `2^(64 k) mod q` of group `g` at `g * BLOCK + k`.
    powers: Vec<[u64; BLOCK]>,
    /// Per odd prime `p` of ROCA's `M` (empty when the bound is below them): its group's
    /// index, `p`, and whether `n` is in the subgroup of 65537 modulo `p` by the residue
    /// `r = n 2^-64 mod q`: indexed by `r mod p`.
    roca: Vec<(usize, u32, Vec<bool>)>,
}

impl SmallPrimeTable {
    fn new(bound: u32) -> SmallPrimeTable {
        // 2 is tested apart (n even): Montgomery reduction needs an odd product.
        let odd: Vec<u32> = primes_below(bound.saturating_add(1))
            .into_iter()
            .filter(|&p| p != 2)
            .collect();
        let mut table = SmallPrimeTable {
            groups: Vec::new(),
            powers: Vec::new(),
            roca: Vec::new(),
        };
        let roca_primes = if bound >= ROCA_MAX_PRIME {
            roca_tables().odd_primes.as_slice()
        } else {
            &[]
        };
        for (q, members) in pack_primes_below(&odd, 1 << 58, GROUP_PRIMES) {
            let q128 = u128::from(q);
            let r64 = ((1u128 << 64) % q128) as u64;
            let mut powers = [0u64; BLOCK];
            let mut c = 1 % q;
            for slot in &mut powers {
                *slot = c;
                c = (u128::from(c) * u128::from(r64) % q128) as u64;
            }
            // c is now 2^(64 BLOCK) mod q; one more factor 2^64 for the Montgomery scaling.
            let block_shift = (u128::from(c) * u128::from(r64) % q128) as u64;
            for (p, member) in roca_primes {
                if members.contains(p) {
                    // n = r 2^64 (mod p): the table by r mod p.
                    let p64 = u64::from(*p);
                    let shift = ((1u128 << 64) % u128::from(p64)) as u64;
                    let scaled = (0..p64)
                        .map(|x| {
                            member
                                .get((x * shift % p64) as usize)
                                .copied()
                                .unwrap_or(false)
                        })
                        .collect();
                    table.roca.push((table.groups.len(), *p, scaled));
                }
            }
            let mut primes = [(0, 1, 0); GROUP_PRIMES];
            for (slot, p) in primes.iter_mut().zip(members) {
                let p64 = u64::from(p);
                *slot = (p, inverse_mod_word(p64), u64::MAX / p64);
            }
            table.groups.push(PrimeGroup {
                q,
                neg_inv: inverse_mod_word(q).wrapping_neg(),
                block_shift,
                primes,
            });
            table.powers.push(powers);
        }
        table
    }

    /// A value below 2^64 congruent to `n * 2^-64` modulo group `g`'s product: divisible
    /// by the same primes of the group as `n`. Montgomery reduction, no division.
    #[inline(always)]
    fn residue(group: &PrimeGroup, powers: &[u64; BLOCK], blocks: &[[u64; BLOCK]]) -> u64 {
        if let [block] = blocks {
            return group.block_residue(block, powers);
        }
        let mut acc: u64 = 0;
        // Horner over the blocks from the top: acc = (dot + acc * 2^(64 (BLOCK + 1))) 2^-64.
        // dot < 2^127 and acc * shift < 2^122, so t < 2^128.
        for block in blocks.iter().rev() {
            acc =
                group.reduce(dot(block, powers) + u128::from(acc) * u128::from(group.block_shift));
        }
        acc
    }

    /// The residue of group `index` (see [`SmallPrimeTable::residue`]), 0 past the end.
    fn residue_at(&self, index: usize, blocks: &[[u64; BLOCK]]) -> u64 {
        match (self.groups.get(index), self.powers.get(index)) {
            (Some(group), Some(powers)) => Self::residue(group, powers, blocks),
            _ => 0,
        }
    }

    /// The smallest odd prime of the table's groups from `start` on dividing the number of
    /// `blocks`. One block (up to 2048 bits) has a loop of its own: the block stays in place.
    fn smallest_factor(&self, start: usize, blocks: &[[u64; BLOCK]]) -> Option<u32> {
        let groups = self.groups.get(start..).unwrap_or_default();
        let powers = self.powers.get(start..).unwrap_or_default();
        if let [block] = blocks {
            groups
                .iter()
                .zip(powers)
                .find_map(|(group, powers)| group.divisor(group.block_residue(block, powers)))
        } else {
            groups
                .iter()
                .zip(powers)
                .find_map(|(group, powers)| group.divisor(Self::residue(group, powers, blocks)))
        }
    }
}

impl PrimeGroup {
    /// The residue of one block. Not inlined: inside the loop over the groups, the compiler
    /// schedules the 32 multiplications first and spills their products (measured 1.5x
    /// slower); alone, it interleaves multiplications and additions.
    #[inline(never)]
    fn block_residue(&self, block: &[u64; BLOCK], powers: &[u64; BLOCK]) -> u64 {
        self.reduce(dot(block, powers))
    }

    /// The smallest prime of the group dividing `r` (a [`SmallPrimeTable::residue`]). All
    /// four are tested at once: one branch, almost never taken, per group.
    #[inline(always)]
    fn divisor(&self, r: u64) -> Option<u32> {
        let divides = |(_, inv, limit): &(u32, u64, u64)| r.wrapping_mul(*inv) <= *limit;
        if !self.primes.iter().fold(false, |any, p| any | divides(p)) {
            return None;
        }
        self.primes.iter().find(|p| divides(p)).map(|(p, _, _)| *p)
    }

    /// `t * 2^-64 mod q`, up to a multiple of `q`, for `t < 2^128 - 2^122`: below 2^64.
    #[inline(always)]
    fn reduce(&self, t: u128) -> u64 {
        let m = (t as u64).wrapping_mul(self.neg_inv);
        // (t + m q) / 2^64 < (2^128 - 2^122 + 2^122) / 2^64: fits a word.
        ((t + u128::from(m) * u128::from(self.q)) >> 64) as u64
    }
}

/// The table for `bound`: badkeys' bound built once, others once per bound (the last few
/// bounds are kept).
fn small_prime_table(bound: u32) -> Arc<SmallPrimeTable> {
    const KEPT: usize = 4;
    static DEFAULT: OnceLock<Arc<SmallPrimeTable>> = OnceLock::new();
    static TABLES: Mutex<Vec<(u32, Arc<SmallPrimeTable>)>> = Mutex::new(Vec::new());
    if bound == DEFAULT_SMALL_FACTOR_BOUND {
        return Arc::clone(
            DEFAULT.get_or_init(|| Arc::new(SmallPrimeTable::new(DEFAULT_SMALL_FACTOR_BOUND))),
        );
    }
    let mut tables = TABLES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, table)) = tables.iter().find(|(b, _)| *b == bound) {
        return Arc::clone(table);
    }
    let table = Arc::new(SmallPrimeTable::new(bound));
    if tables.len() >= KEPT {
        tables.remove(0);
    }
    tables.push((bound, Arc::clone(&table)));
    table
}

/// Quadratic-residue filters for Fermat's method: squares modulo 64 (from the low word) and
/// modulo each factor of a word-sized product of small moduli.
struct SquareFilter {
    modulus: WordModulus,
    /// (m, is_square[r] for r < m) for each factor m of `modulus.q`.
    factors: Vec<(u64, Vec<bool>)>,
    squares_mod_64: [bool; 64],
}

impl SquareFilter {
    fn may_be_square(&self, x_low: u64, x_q: u64) -> bool {
        if !self.squares_mod_64[(x_low & 63) as usize] {
            return false;
        }
        self.factors.iter().all(|(m, squares)| {
            let r = (x_q % m) as usize;
            squares.get(r).copied().unwrap_or(true)
        })
    }
}

fn square_filter() -> &'static SquareFilter {
    static FILTER: OnceLock<SquareFilter> = OnceLock::new();
    FILTER.get_or_init(|| {
        // Pairwise coprime, most selective first; product below 2^64.
        let moduli: [u64; 11] = [63, 65, 11, 17, 19, 23, 29, 31, 37, 41, 43];
        let q = moduli.iter().product();
        let factors = moduli
            .iter()
            .map(|&m| {
                let mut squares = vec![false; m as usize];
                for x in 0..m {
                    if let Some(s) = squares.get_mut((x * x % m) as usize) {
                        *s = true;
                    }
                }
                (m, squares)
            })
            .collect();
        let mut squares_mod_64 = [false; 64];
        for x in 0..64usize {
            if let Some(s) = squares_mod_64.get_mut(x * x % 64) {
                *s = true;
            }
        }
        SquareFilter {
            modulus: WordModulus::new(q),
            factors,
            squares_mod_64,
        }
    })
}

/// A `k`-th power residue filter: (`p` as a [`WordModulus`], `p`, `is_kth_power[r]` for
/// `r < p`) for four primes `p = 1 (mod k)`.
type PowerFilter = Vec<(WordModulus, u32, Vec<bool>)>;

/// The largest `k` the filters cover: `MAX_BITS / 17`.
const MAX_FILTER_K: u32 = MAX_BITS / 17;

/// The filter for prime `k <= MAX_FILTER_K`, built on first use (a 2048-bit modulus needs
/// the ones up to 120 only).
fn power_filter(k: u32) -> Option<&'static PowerFilter> {
    static FILTERS: OnceLock<Vec<OnceLock<PowerFilter>>> = OnceLock::new();
    let filters = FILTERS.get_or_init(|| (0..=MAX_FILTER_K).map(|_| OnceLock::new()).collect());
    let slot = filters.get(usize::try_from(k).ok()?)?;
    Some(slot.get_or_init(|| {
        let mut tests = Vec::new();
        let mut p = u64::from(k) + 1;
        while tests.len() < 4 && p < 1 << 31 {
            if Modulus::from(p).is_probable_prime() {
                let p32 = u32::try_from(p).unwrap_or(u32::MAX);
                let mut residues = vec![false; p32 as usize];
                for x in 0..p {
                    let y = pow_mod_u64(x, u64::from(k), p);
                    if let Some(r) = residues.get_mut(y as usize) {
                        *r = true;
                    }
                }
                tests.push((WordModulus::new(p), p32, residues));
            }
            p += u64::from(k);
        }
        tests
    }))
}

/// `log2(n)` for little-endian limbs (n > 0), from the top 64 bits.
fn log2(limbs: &[u64]) -> f64 {
    let Some(top_index) = limbs.iter().rposition(|&w| w != 0) else {
        return 0.0;
    };
    let top = limbs.get(top_index).copied().unwrap_or(1);
    let next = top_index
        .checked_sub(1)
        .and_then(|i| limbs.get(i))
        .copied()
        .unwrap_or(0);
    let lz = top.leading_zeros();
    let high = if lz == 0 {
        top
    } else {
        (top << lz) | (next >> (64 - lz))
    };
    (high as f64).log2() + (top_index as f64) * 64.0 - f64::from(lz)
}

/// badkeys' ROCA constants (from roca-detect): the generator, its order modulo `M`, the order's
/// prime-power factors, and `M`.
const ROCA_GENERATOR: u64 = 65537;
const ROCA_ORDER: u64 = 2_454_106_387_091_158_800;
const ROCA_ORDER_FACTORS: [u64; 13] = [16, 81, 25, 7, 11, 13, 17, 23, 29, 37, 41, 53, 83];
const ROCA_M_HEX: &str = "924CBA6AE99DFA084537FACC54948DF0C23DA044D8CABE0EDD75BC6";

struct RocaTables {
    m: UBig,
    groups: Vec<WordModulus>,
    /// Per group: (prime p of M, is_in_subgroup_of_65537_mod_p[r] for r < p).
    group_primes: Vec<Vec<(u32, Vec<bool>)>>,
    /// The same for the odd primes of M, ascending.
    odd_primes: Vec<(u32, Vec<bool>)>,
}

/// The largest prime of ROCA's `M` (M is the product of the primes up to 167).
const ROCA_MAX_PRIME: u32 = 167;

fn roca_tables() -> &'static RocaTables {
    static TABLES: OnceLock<RocaTables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let m = UBig::from_str_radix(ROCA_M_HEX, 16).unwrap_or(UBig::ONE);
        // M is squarefree with small prime factors: find them by trial division.
        let primes_of_m: Vec<u32> = primes_below(1 << 12)
            .into_iter()
            .filter(|&p| (&m % UBig::from(p)) == UBig::ZERO)
            .collect();
        let mut groups = Vec::new();
        let mut group_primes = Vec::new();
        for (q, members) in pack_primes(&primes_of_m) {
            groups.push(WordModulus::new(q));
            group_primes.push(
                members
                    .into_iter()
                    .map(|p| {
                        let p64 = u64::from(p);
                        let mut member = vec![false; p as usize];
                        let mut x = 1u64;
                        while let Some(slot) = member.get_mut(x as usize) {
                            if *slot {
                                break;
                            }
                            *slot = true;
                            x = x * (ROCA_GENERATOR % p64) % p64;
                        }
                        (p, member)
                    })
                    .collect(),
            );
        }
        let odd_primes: Vec<(u32, Vec<bool>)> = group_primes
            .iter()
            .flatten()
            .filter(|entry: &&(u32, Vec<bool>)| entry.0 != 2)
            .cloned()
            .collect();
        RocaTables {
            m,
            groups,
            group_primes,
            odd_primes,
        }
    })
}

/// badkeys' exact ROCA test, modulo `M`.
fn roca_exact(n: &UBig) -> bool {
    let tables = roca_tables();
    let ring = ConstDivisor::new(tables.m.clone());
    let order = UBig::from(ROCA_ORDER);
    let one = ring.reduce(UBig::ONE);
    let element = ring.reduce(n.clone());
    if element.pow(&order) != one {
        return false;
    }
    let generator = ring.reduce(UBig::from(ROCA_GENERATOR));
    for prime_power in ROCA_ORDER_FACTORS {
        let exponent = UBig::from(ROCA_ORDER / prime_power);
        let g_dash = generator.pow(&exponent);
        let h_dash = element.pow(&exponent);
        let mut power = one.clone();
        let mut found = false;
        for _ in 0..prime_power {
            if power == h_dash {
                found = true;
                break;
            }
            power *= &g_dash;
        }
        if !found {
            return false;
        }
    }
    true
}

/// The gcd of two numbers (for the batch GCD's last step).
pub(crate) fn gcd(a: &UBig, b: &UBig) -> UBig {
    a.gcd(b)
}

#[cfg(test)]
pub(crate) mod tests;
