//! Multiplication of big naturals (64-bit limbs) by a number-theoretic transform: three
//! 62-bit primes `c * 2^40 + 1`, cyclic convolution of the limbs modulo each prime, and the
//! exact coefficients (below `2^186`) put back together by the Chinese remainder theorem
//! (Garner). Pollard's three-prime NTT, as in GMP-class libraries without Schonhage-Strassen.
//!
//! The transform splits `X^n - 1` recursively into `(X^m - s)(X^m + s)` (Cooley-Tukey
//! butterflies with the twiddles in bit-reversed order, one twiddle per block, so the inner
//! loop streams), and the inverse undoes it with Gentleman-Sande butterflies: no bit-reversal
//! pass, and the same twiddle table serves every transform length. Twiddles are multiplied in
//! with Shoup's precomputed quotients and values stay lazily reduced (below `4p`, Harvey 2014);
//! the pointwise products use Montgomery reduction. Large transforms recurse depth first, so
//! every level below a cache-sized block runs from cache.
//!
//! Used for the top of the batch GCD's trees; below [`THRESHOLD_WORDS`] dashu's own
//! multiplication (Karatsuba, Toom-3) is faster.

use std::sync::{Arc, OnceLock, RwLock};

use dashu_int::UBig;
use dashu_int::ops::BitTest;

/// Below this many words in the smaller factor, [`mul`] leaves the product to dashu.
pub(crate) const THRESHOLD_WORDS: usize = 1024;

/// The largest transform length (`2^40` limbs) the primes allow.
const MAX_LOG_LEN: u32 = 40;
/// Reciprocals to this many bits are one dashu division.
const RECIPROCAL_BASE_BITS: usize = 64 * 64;
/// Blocks up to this many limbs (128 KiB) run level by level; larger ones recurse.
const CACHE_WORDS: usize = 1 << 14;

/// One prime field `Z/p` with the constants the transform needs.
struct Field {
    p: u64,
    /// `-p^{-1} mod 2^64` (Montgomery).
    p_neg_inv: u64,
    /// `2^64 mod p`.
    r1: u64,
    /// A primitive `2^MAX_LOG_LEN`-th root of unity.
    root: u64,
}

/// The primes `c * 2^40 + 1` just below `2^62` (their product exceeds `2^185`, so coefficients
/// of a convolution of up to `2^57` limbs are exact) and a generator of each multiplicative group.
const PRIMES: [(u64, u64); 3] = [
    (0x3fff_c000_0000_0001, 11),
    (0x3fff_be00_0000_0001, 3),
    (0x3fff_8400_0000_0001, 19),
];

fn mul_mod(a: u64, b: u64, p: u64) -> u64 {
    ((u128::from(a) * u128::from(b)) % u128::from(p)) as u64
}

fn pow_mod(mut base: u64, mut exp: u64, p: u64) -> u64 {
    let mut acc = 1 % p;
    base %= p;
    while exp > 0 {
        if exp & 1 == 1 {
            acc = mul_mod(acc, base, p);
        }
        base = mul_mod(base, base, p);
        exp >>= 1;
    }
    acc
}

fn inv_mod(a: u64, p: u64) -> u64 {
    pow_mod(a, p - 2, p)
}

/// `floor(w * 2^64 / p)`: Shoup's companion of `w < p`.
fn shoup(w: u64, p: u64) -> u64 {
    ((u128::from(w) << 64) / u128::from(p)) as u64
}

/// `a * w mod p` in `[0, 2p)` for any `a < 2^64`, `w < p`, `ws = shoup(w, p)`, `p < 2^63`.
#[inline(always)]
fn mul_shoup(a: u64, w: u64, ws: u64, p: u64) -> u64 {
    let q = ((u128::from(a) * u128::from(ws)) >> 64) as u64;
    a.wrapping_mul(w).wrapping_sub(q.wrapping_mul(p))
}

/// `a * b / 2^64 mod p` in `[0, 2p)` for `a, b < 2p`, `p < 2^62`.
#[inline(always)]
fn mul_mont(a: u64, b: u64, f: &Field) -> u64 {
    let t = u128::from(a) * u128::from(b);
    let m = (t as u64).wrapping_mul(f.p_neg_inv);
    ((t + u128::from(m) * u128::from(f.p)) >> 64) as u64
}

#[inline(always)]
fn reduce2(x: u64, p2: u64) -> u64 {
    if x >= p2 { x - p2 } else { x }
}

impl Field {
    fn new(p: u64, generator: u64) -> Field {
        let mut p_neg_inv: u64 = 1;
        for _ in 0..6 {
            p_neg_inv = p_neg_inv.wrapping_mul(2u64.wrapping_sub(p.wrapping_mul(p_neg_inv)));
        }
        Field {
            p,
            p_neg_inv: p_neg_inv.wrapping_neg(),
            r1: ((1u128 << 64) % u128::from(p)) as u64,
            root: pow_mod(generator, (p - 1) >> MAX_LOG_LEN, p),
        }
    }
}

/// Twiddles in bit-reversed order: `fwd[b] = w^bitrev(b)` and `inv[b] = w^-bitrev(b)` (with
/// `w` of order `2^MAX_LOG_LEN` and `bitrev` over `MAX_LOG_LEN - 1` bits), each followed by
/// its Shoup companion. Block `b` of any level of any transform length uses entry `b`.
struct Twiddles {
    fwd: Vec<[u64; 2]>,
    inv: Vec<[u64; 2]>,
}

impl Twiddles {
    fn new(f: &Field, len: usize) -> Twiddles {
        let p = f.p;
        let bits = usize::BITS - len.max(1).leading_zeros() - 1;
        // w_len = root^(2^(MAX_LOG_LEN - 1 - bits)) has order 2 * len.
        let w = pow_mod(f.root, 1u64 << (MAX_LOG_LEN - 1 - bits), p);
        let ws = shoup(w, p);
        let mut powers = Vec::with_capacity(len);
        let mut x = 1u64;
        for _ in 0..len {
            powers.push(x);
            x = reduce2(mul_shoup(x, w, ws, p), p);
        }
        let mut fwd = Vec::with_capacity(len);
        let mut inv = Vec::with_capacity(len);
        for b in 0..len {
            let j = if bits == 0 {
                0
            } else {
                b.reverse_bits() >> (usize::BITS - bits)
            };
            let v = powers.get(j).copied().unwrap_or(1);
            // w^-j = -w^(len - j) since w^len = -1.
            let vi = if j == 0 {
                1
            } else {
                p - powers.get(len - j).copied().unwrap_or(1)
            };
            fwd.push([v, shoup(v, p)]);
            inv.push([vi, shoup(vi, p)]);
        }
        Twiddles { fwd, inv }
    }
}

/// The three fields and twiddle tables at least as long as the largest transform so far.
struct Tables {
    fields: [Field; 3],
    twiddles: [Twiddles; 3],
}

fn tables(half_len: usize) -> Arc<Tables> {
    static TABLES: OnceLock<RwLock<Option<Arc<Tables>>>> = OnceLock::new();
    let lock = TABLES.get_or_init(|| RwLock::new(None));
    if let Some(t) = lock
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .as_ref()
        && t.twiddles[0].fwd.len() >= half_len
    {
        return Arc::clone(t);
    }
    let mut guard = lock
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(t) = guard.as_ref()
        && t.twiddles[0].fwd.len() >= half_len
    {
        return Arc::clone(t);
    }
    let len = half_len.next_power_of_two().max(1 << 10);
    let fields = PRIMES.map(|(p, g)| Field::new(p, g));
    let twiddles = [
        Twiddles::new(&fields[0], len),
        Twiddles::new(&fields[1], len),
        Twiddles::new(&fields[2], len),
    ];
    let t = Arc::new(Tables { fields, twiddles });
    *guard = Some(Arc::clone(&t));
    t
}

/// Forward transform of `a` (values below `4p`, length a power of two) in place; block `b`
/// of the top level. Output below `4p`, in bit-reversed order.
fn forward(a: &mut [u64], b: usize, tw: &[[u64; 2]], p: u64) {
    let n = a.len();
    if n <= CACHE_WORDS {
        forward_levels(a, b, tw, p);
        return;
    }
    ct4(a, b, tw, p);
    for (i, quarter) in a.chunks_exact_mut(n / 4).enumerate() {
        forward(quarter, 4 * b + i, tw, p);
    }
}

#[inline(always)]
fn butterflies_ct(block: &mut [u64], [w, ws]: [u64; 2], p: u64) {
    let p2 = 2 * p;
    let (lo, hi) = block.split_at_mut(block.len() / 2);
    for (x, y) in lo.iter_mut().zip(hi.iter_mut()) {
        let u = reduce2(*x, p2);
        let t = mul_shoup(*y, w, ws, p);
        *x = u + t;
        *y = u + p2 - t;
    }
}

/// The twiddle of block `b`, 1 past the table (never reached with a large enough table).
#[inline(always)]
fn twiddle(tw: &[[u64; 2]], b: usize, p: u64) -> [u64; 2] {
    tw.get(b).copied().unwrap_or_else(|| [1, shoup(1, p)])
}

/// Two forward levels on `block` (block `t` of the upper one): radix 4, half the loads and
/// stores of radix 2, the same multiplications.
#[inline(always)]
fn ct4(block: &mut [u64], t: usize, tw: &[[u64; 2]], p: u64) {
    let p2 = 2 * p;
    let q = block.len() / 4;
    let [w, ws] = twiddle(tw, t, p);
    let [w0, ws0] = twiddle(tw, 2 * t, p);
    let [w1, ws1] = twiddle(tw, 2 * t + 1, p);
    let (h0, h1) = block.split_at_mut(2 * q);
    let (q0, q1) = h0.split_at_mut(q);
    let (q2, q3) = h1.split_at_mut(q);
    for (((x0, x1), x2), x3) in q0
        .iter_mut()
        .zip(q1.iter_mut())
        .zip(q2.iter_mut())
        .zip(q3.iter_mut())
    {
        let u0 = reduce2(*x0, p2);
        let u1 = reduce2(*x1, p2);
        let t2 = mul_shoup(*x2, w, ws, p);
        let t3 = mul_shoup(*x3, w, ws, p);
        let (y0, y2) = (u0 + t2, u0 + p2 - t2);
        let (y1, y3) = (u1 + t3, u1 + p2 - t3);
        let v0 = reduce2(y0, p2);
        let s1 = mul_shoup(y1, w0, ws0, p);
        let v2 = reduce2(y2, p2);
        let s3 = mul_shoup(y3, w1, ws1, p);
        *x0 = v0 + s1;
        *x1 = v0 + p2 - s1;
        *x2 = v2 + s3;
        *x3 = v2 + p2 - s3;
    }
}

/// Two inverse levels on `block` (block `t` of the upper one).
#[inline(always)]
fn gs4(block: &mut [u64], t: usize, tw: &[[u64; 2]], p: u64) {
    let p2 = 2 * p;
    let q = block.len() / 4;
    let [w, ws] = twiddle(tw, t, p);
    let [w0, ws0] = twiddle(tw, 2 * t, p);
    let [w1, ws1] = twiddle(tw, 2 * t + 1, p);
    let (h0, h1) = block.split_at_mut(2 * q);
    let (q0, q1) = h0.split_at_mut(q);
    let (q2, q3) = h1.split_at_mut(q);
    for (((x0, x1), x2), x3) in q0
        .iter_mut()
        .zip(q1.iter_mut())
        .zip(q2.iter_mut())
        .zip(q3.iter_mut())
    {
        let (u0, u1, u2, u3) = (*x0, *x1, *x2, *x3);
        let y0 = reduce2(u0 + u1, p2);
        let y1 = mul_shoup(u0 + p2 - u1, w0, ws0, p);
        let y2 = reduce2(u2 + u3, p2);
        let y3 = mul_shoup(u2 + p2 - u3, w1, ws1, p);
        *x0 = reduce2(y0 + y2, p2);
        *x2 = mul_shoup(y0 + p2 - y2, w, ws, p);
        *x1 = reduce2(y1 + y3, p2);
        *x3 = mul_shoup(y1 + p2 - y3, w, ws, p);
    }
}

/// Every level of a block of the forward transform, two levels per pass (radix 4: half the
/// loads and stores of radix 2, the same multiplications).
fn forward_levels(a: &mut [u64], b: usize, tw: &[[u64; 2]], p: u64) {
    let n = a.len();
    let mut size = n;
    while size >= 4 {
        let first = b * (n / size);
        for (i, block) in a.chunks_exact_mut(size).enumerate() {
            ct4(block, first + i, tw, p);
        }
        size /= 4;
    }
    if size == 2 {
        let first = b * (n / 2);
        for (i, block) in a.chunks_exact_mut(2).enumerate() {
            butterflies_ct(block, twiddle(tw, first + i, p), p);
        }
    }
}

#[inline(always)]
fn butterflies_gs(block: &mut [u64], [w, ws]: [u64; 2], p: u64) {
    let p2 = 2 * p;
    let (lo, hi) = block.split_at_mut(block.len() / 2);
    for (x, y) in lo.iter_mut().zip(hi.iter_mut()) {
        let (u, v) = (*x, *y);
        *x = reduce2(u + v, p2);
        *y = mul_shoup(u + p2 - v, w, ws, p);
    }
}

/// Inverse of [`forward`] without the division by the length: values below `2p` in, below
/// `2p` out, times `a.len()`.
fn inverse(a: &mut [u64], b: usize, tw: &[[u64; 2]], p: u64) {
    let n = a.len();
    if n <= CACHE_WORDS {
        inverse_levels(a, b, tw, p);
        return;
    }
    for (i, quarter) in a.chunks_exact_mut(n / 4).enumerate() {
        inverse(quarter, 4 * b + i, tw, p);
    }
    gs4(a, b, tw, p);
}

/// Every level of a block of the inverse transform, two levels per pass where it can.
fn inverse_levels(a: &mut [u64], b: usize, tw: &[[u64; 2]], p: u64) {
    let n = a.len();
    if n < 2 {
        return;
    }
    let mut done = 1;
    if n.trailing_zeros() % 2 == 1 {
        let first = b * (n / 2);
        for (i, block) in a.chunks_exact_mut(2).enumerate() {
            butterflies_gs(block, twiddle(tw, first + i, p), p);
        }
        done = 2;
    }
    while done * 4 <= n {
        let size = done * 4;
        let first = b * (n / size);
        for (i, block) in a.chunks_exact_mut(size).enumerate() {
            gs4(block, first + i, tw, p);
        }
        done = size;
    }
}

/// The transform of `words` (zero-padded to `len`) modulo the field's prime.
fn transform(words: &[u64], len: usize, f: &Field, tw: &Twiddles) -> Vec<u64> {
    let four_p = 4 * f.p;
    let mut a: Vec<u64> = words
        .iter()
        .take(len)
        .map(|&x| if x >= four_p { x - four_p } else { x })
        .collect();
    a.resize(len, 0);
    forward(&mut a, 0, &tw.fwd, f.p);
    a
}

/// `a * b` modulo `2^(64 len) - 1` as `len` limbs, `len` a power of two no smaller than
/// either factor's length. The same slice twice is squared with one forward transform.
fn cyclic(a: &[u64], b: &[u64], len: usize) -> Vec<u64> {
    cyclic_many(a, &[b], len)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// `a * b_j` modulo `2^(64 len) - 1` for each `b_j`, transforming `a` once.
fn cyclic_many(a: &[u64], bs: &[&[u64]], len: usize) -> Vec<Vec<u64>> {
    let t = tables(len / 2);
    let square = matches!(bs, [b] if std::ptr::eq(a, *b));
    let mut residues: Vec<Vec<Vec<u64>>> = bs.iter().map(|_| Vec::with_capacity(3)).collect();
    for (f, tw) in t.fields.iter().zip(&t.twiddles) {
        let p = f.p;
        let p2 = 2 * p;
        // Montgomery leaves 2^-64 per product and the inverse a factor `len`.
        let scale = mul_mod(inv_mod((len as u64) % p, p), f.r1, p);
        let scale_s = shoup(scale, p);
        let pointwise = |u: u64, v: u64| {
            let r = mul_mont(reduce2(reduce2(u, p2), p2), reduce2(reduce2(v, p2), p2), f);
            mul_shoup(r, scale, scale_s, p)
        };
        let x = transform(a, len, f, tw);
        if square {
            let mut y = x;
            for u in &mut y {
                *u = pointwise(*u, *u);
            }
            inverse(&mut y, 0, &tw.inv, p);
            if let Some(r) = residues.first_mut() {
                r.push(y);
            }
            continue;
        }
        for (b, r) in bs.iter().zip(residues.iter_mut()) {
            let mut y = transform(b, len, f, tw);
            for (v, &u) in y.iter_mut().zip(&x) {
                *v = pointwise(u, *v);
            }
            inverse(&mut y, 0, &tw.inv, p);
            r.push(y);
        }
    }
    residues
        .iter()
        .map(|r| match r.as_slice() {
            [r0, r1, r2] => crt(r0, r1, r2, &t.fields),
            _ => Vec::new(),
        })
        .collect()
}

/// Garner: the limbs of `sum_k c_k 2^(64 k)` modulo `2^(64 len) - 1`, from `c_k` modulo the
/// three primes (each below `2p`).
fn crt(r0: &[u64], r1: &[u64], r2: &[u64], fields: &[Field; 3]) -> Vec<u64> {
    let [p0, p1, p2] = [fields[0].p, fields[1].p, fields[2].p];
    let inv01 = inv_mod(p0 % p1, p1);
    let inv01_s = shoup(inv01, p1);
    let p0_mod2 = p0 % p2;
    let p0_mod2_s = shoup(p0_mod2, p2);
    let inv012 = inv_mod(mul_mod(p0 % p2, p1 % p2, p2), p2);
    let inv012_s = shoup(inv012, p2);
    let p01 = u128::from(p0) * u128::from(p1);
    let (p01_lo, p01_hi) = (p01 as u64, (p01 >> 64) as u64);

    let len = r0.len();
    let mut out = Vec::with_capacity(len);
    let mut carry: u128 = 0;
    for ((&a0, &a1), &a2) in r0.iter().zip(r1).zip(r2) {
        let v0 = reduce2(a0, 2 * p0);
        let v0 = reduce2(v0, p0);
        let a1 = reduce2(reduce2(a1, 2 * p1), p1);
        let a2 = reduce2(reduce2(a2, 2 * p2), p2);
        // v1 = (a1 - v0) / p0 mod p1
        let v0_1 = reduce2(v0, p1);
        let v1 = mul_shoup(a1 + p1 - v0_1, inv01, inv01_s, p1);
        let v1 = reduce2(v1, p1);
        // v2 = (a2 - v0 - v1 p0) / (p0 p1) mod p2
        let v0_2 = reduce2(v0, p2);
        let v1p0 = reduce2(mul_shoup(v1, p0_mod2, p0_mod2_s, p2), p2);
        let v2 = mul_shoup(a2 + 2 * p2 - v0_2 - v1p0, inv012, inv012_s, p2);
        let v2 = reduce2(v2, p2);
        // x = v0 + v1 p0 + v2 p0 p1 < 2^186, plus the carry.
        let low = u128::from(v0) + u128::from(v1) * u128::from(p0);
        let t0 = u128::from(v2) * u128::from(p01_lo);
        let t1 = u128::from(v2) * u128::from(p01_hi) + (t0 >> 64);
        let s0 = u128::from(t0 as u64) + u128::from(low as u64) + u128::from(carry as u64);
        let s1 = u128::from(t1 as u64) + (low >> 64) + (carry >> 64) + (s0 >> 64);
        let s2 = (t1 >> 64) + (s1 >> 64);
        out.push(s0 as u64);
        carry = (s2 << 64) | u128::from(s1 as u64);
    }
    // The carry out of the top wraps around (2^(64 len) = 1).
    let mut i = 0;
    while carry != 0 && len > 0 {
        let slot = i % len;
        if let Some(w) = out.get_mut(slot) {
            let s = u128::from(*w) + (carry & u128::from(u64::MAX));
            *w = s as u64;
            carry = (carry >> 64) + (s >> 64);
        }
        i += 1;
    }
    out
}

/// The transform length for a product of `words` limbs.
fn length_for(words: usize) -> usize {
    words.next_power_of_two().max(2)
}

/// `a * b`.
pub(crate) fn mul(a: &UBig, b: &UBig) -> UBig {
    let (x, y) = (a.as_words(), b.as_words());
    if x.len().min(y.len()) < THRESHOLD_WORDS {
        return a * b;
    }
    UBig::from_words(&mul_words(x, y))
}

/// `a * b` as limbs (`a.len() + b.len()` of them) by the transform, whatever the sizes; the
/// same slice twice is a square.
pub(crate) fn mul_words(a: &[u64], b: &[u64]) -> Vec<u64> {
    let words = a.len() + b.len();
    let len = length_for(words);
    if len.trailing_zeros() >= MAX_LOG_LEN || a.is_empty() || b.is_empty() {
        let product = UBig::from_words(a) * UBig::from_words(b);
        let mut out = product.as_words().to_vec();
        out.resize(words, 0);
        return out;
    }
    let mut out = cyclic(a, b, len);
    out.truncate(words);
    out.resize(words, 0);
    out
}

/// `a * b_j^2 mod (2^(64 len) - 1)` as `len` limbs for each `b_j`, `len` a power of two at
/// least as long as `a` and each `2 b_j.len()`; `a` is transformed once.
pub(crate) fn mul_squares_cyclic(a: &[u64], bs: &[&[u64]], len: usize) -> Vec<Vec<u64>> {
    // The coefficients of a triple product would overflow the three primes: square first.
    let squares: Vec<Vec<u64>> = bs.iter().map(|b| mul_words(b, b)).collect();
    let squares: Vec<&[u64]> = squares.iter().map(Vec::as_slice).collect();
    cyclic_many(a, &squares, len)
}

/// `y 2^(64 words) / c` for `y < c`, within one unit of the floor: a Newton
/// reciprocal of `c` built on [`mul`] (dashu's division at these sizes is several of its own
/// multiplications), then one product.
pub(crate) fn fraction(y: &UBig, c: &UBig, words: usize) -> UBig {
    let m = c.bit_len();
    if m == 0 {
        return UBig::ZERO;
    }
    // z = 2^m / c in (1, 2] to k fractional bits, two words beyond what is kept.
    let k = 64 * (words + 2);
    let z = reciprocal(c, m, k);
    mul(y, &z) >> (m + k - 64 * words)
}

/// Reduction modulo a fixed `c` by a Newton reciprocal and two products on [`mul`] (Barrett),
/// for numbers below `c^2`; others go to dashu's division.
pub(crate) struct Reducer {
    c: UBig,
    bits: usize,
    /// `2^(2 bits + 64) / c`, within a few units.
    z: UBig,
}

impl Reducer {
    pub(crate) fn new(c: &UBig) -> Reducer {
        let bits = c.bit_len();
        let z = if bits == 0 {
            UBig::ZERO
        } else {
            reciprocal(c, bits, bits + 64)
        };
        Reducer {
            c: c.clone(),
            bits,
            z,
        }
    }

    /// `x mod c`.
    pub(crate) fn reduce(&self, x: &UBig) -> UBig {
        let m = self.bits;
        if m < 2 || x.bit_len() > 2 * m {
            return if m == 0 { x.clone() } else { x % &self.c };
        }
        if x < &self.c {
            return x.clone();
        }
        // q = floor(x / c) or a few below: (x / 2^(m-1)) z / 2^(m + 65).
        let q = mul(&(x >> (m - 1)), &self.z) >> (m + 65);
        let qc = mul(&q, &self.c);
        if &qc > x {
            return x % &self.c;
        }
        let mut r = x - qc;
        for _ in 0..4 {
            if r < self.c {
                return r;
            }
            r -= &self.c;
        }
        r % &self.c
    }
}

/// `round(2^(m + k) / c)` within a few units, for `c` of `m` bits.
fn reciprocal(c: &UBig, m: usize, k: usize) -> UBig {
    // The top `bits` bits of c (c / 2^m at scale 2^bits).
    let top = |bits: usize| -> UBig {
        if m >= bits {
            c >> (m - bits)
        } else {
            c << (bits - m)
        }
    };
    if k <= RECIPROCAL_BASE_BITS {
        return (UBig::ONE << (2 * k + 64)) / top(k + 64);
    }
    let h = k / 2 + 32;
    let z = reciprocal(c, m, h);
    // e = 1 - c z (about 2^-h) at scale 2^(k + 2 + h), then z + z e at scale 2^k, with
    // e cut to its top h + 64 bits (z has only h).
    let t = mul(&top(k + 2), &z);
    let one = UBig::ONE << (k + 2 + h);
    let cut = (k + 2).saturating_sub(h + 64);
    let shift = 2 * h + 2 - cut;
    let base = &z << (k - h);
    if t <= one {
        let e = (one - t) >> cut;
        base + (mul(&z, &e) >> shift)
    } else {
        let e = (t - one) >> cut;
        base - (mul(&z, &e) >> shift)
    }
}

#[cfg(test)]
mod tests;
