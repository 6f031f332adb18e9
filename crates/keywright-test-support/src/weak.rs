//! Weak and broken keys for the audit tests, made in the tests themselves: deterministic (a
//! seeded generator) and quick (at most a few dozen prime searches per key).
//!
//! Each maker returns the key's numbers; [`Rsa`] writes them as the files a user has
//! (OpenSSH public and `authorized_keys` lines, PKCS#1 and SPKI PEM, PKCS#1 private PEM), encoded
//! here by hand so that keys no well-behaved library would write (e = 1, even moduli, huge e)
//! reach the audit exactly as they would from a broken tool.
#![allow(
    clippy::indexing_slicing,
    missing_docs,
    reason = "test support: the keys are made here, and the small arithmetic helpers are named for what they do"
)]

use base64ct::{Base64, Encoding};
use crypto_bigint::{BoxedUint, ConcatenatingMul, Integer, Limb, NonZero, Resize};
use dashu_int::UBig;
use dashu_int::fast_div::ConstDivisor;

use crate::rng::TestRng;

/// A non-negative integer (a thin layer over `crypto-bigint`'s `BoxedUint`), always kept at the
/// smallest precision that holds it: the fixed-precision (constant-time) arithmetic then works
/// on as few limbs as the number needs, which matters in debug-built tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Z(BoxedUint);

/// `b` at the smallest precision that holds it.
fn norm(b: BoxedUint) -> Z {
    let bits = b.bit_width_vartime().max(1);
    Z(b.resize_unchecked(bits))
}

impl Z {
    pub fn from_u64(v: u64) -> Z {
        norm(BoxedUint::from(v))
    }
    pub fn from_be(bytes: &[u8]) -> Z {
        norm(BoxedUint::from_be_slice_vartime(bytes))
    }
    pub fn from_hex(hex: &str) -> Z {
        norm(BoxedUint::from_str_radix_vartime(hex, 16).unwrap())
    }
    /// Big-endian bytes without leading zeros (empty for zero).
    pub fn to_be(&self) -> Vec<u8> {
        self.0.to_be_bytes_trimmed_vartime().into_vec()
    }
    pub fn bits(&self) -> u32 {
        self.0.bit_width_vartime()
    }
    pub fn is_zero(&self) -> bool {
        self.bits() == 0
    }
    pub fn is_odd(&self) -> bool {
        self.0.is_odd().into()
    }
    /// Both at the precision of the larger, plus `extra` bits.
    fn pair(&self, o: &Z, extra: u32) -> (BoxedUint, BoxedUint) {
        let bits = self.0.bits_precision().max(o.0.bits_precision()) + extra;
        (
            (&self.0).resize_unchecked(bits),
            (&o.0).resize_unchecked(bits),
        )
    }
    pub fn add(&self, o: &Z) -> Z {
        let (a, b) = self.pair(o, 1);
        norm(a.wrapping_add(&b))
    }
    pub fn add_u64(&self, o: u64) -> Z {
        self.add(&Z::from_u64(o))
    }
    /// `self - o`; `o` must not be larger.
    pub fn sub(&self, o: &Z) -> Z {
        let (a, b) = self.pair(o, 0);
        assert!(a >= b, "negative difference");
        norm(a.wrapping_sub(&b))
    }
    pub fn mul(&self, o: &Z) -> Z {
        norm(self.0.concatenating_mul(&o.0))
    }
    pub fn rem(&self, m: &Z) -> Z {
        let (a, b) = self.pair(m, 0);
        norm(a.rem_vartime(&NonZero::new(b).unwrap()))
    }
    pub fn rem_u64(&self, m: u64) -> u64 {
        self.0.rem_limb(NonZero::new(Limb::from(m)).unwrap()).0
    }
    pub fn div(&self, m: &Z) -> Z {
        let (a, b) = self.pair(m, 0);
        norm(a.wrapping_div_vartime(&NonZero::new(b).unwrap()))
    }
    /// `self^exp mod m` (square and multiply; `m` may be even).
    pub fn pow_mod(&self, exp: &Z, m: &Z) -> Z {
        let mut result = Z::from_u64(1).rem(m);
        let base = self.rem(m);
        for i in (0..exp.bits()).rev() {
            result = result.mul(&result).rem(m);
            if bool::from(exp.0.bit(i)) {
                result = result.mul(&base).rem(m);
            }
        }
        result
    }
    /// `self^-1 mod m`, when it exists.
    pub fn inv_mod(&self, m: &Z) -> Option<Z> {
        let (a, b) = self.rem(m).pair(m, 0);
        Option::from(a.invert_mod(&NonZero::new(b).unwrap())).map(norm)
    }
    pub fn gcd(&self, o: &Z) -> Z {
        let (mut a, mut b) = (self.clone(), o.clone());
        while !b.is_zero() {
            let r = a.rem(&b);
            a = b;
            b = r;
        }
        a
    }
    /// `floor(sqrt(self))`.
    pub fn isqrt(&self) -> Z {
        norm(self.0.floor_sqrt_vartime())
    }
    /// A probable-prime test: trial division by the primes below 1000, then Miller-Rabin to
    /// the first 20 prime bases on `dashu-int` (built optimised even in debug tests;
    /// crypto-bigint's generic Montgomery code is not, and is 30x slower). Independent of the
    /// audit's own test (`keywright::audit::number`), which the weak keys are made to check.
    pub fn is_prime(&self) -> bool {
        for p in small_primes(168) {
            if self.rem_u64(p) == 0 {
                return self == &Z::from_u64(p);
            }
        }
        miller_rabin(&UBig::from_be_bytes(&self.to_be()))
    }
    /// The smallest probable prime above `self`.
    pub fn next_prime(&self) -> Z {
        let mut c = if self.is_odd() {
            self.add_u64(2)
        } else {
            self.add_u64(1)
        };
        while !c.is_prime() {
            c = c.add_u64(2);
        }
        c
    }
}

/// The weak-key makers' generator: the tests' one deterministic generator, SplitMix64
/// ([`TestRng::seeded`]), so the same seed makes the same keys on every run.
pub type Rng = TestRng;

/// The numbers the weak-key makers draw.
impl TestRng {
    /// A random number of exactly `bits` bits (top bit set).
    pub fn bits(&mut self, bits: u32) -> Z {
        let bytes = bits.div_ceil(8) as usize;
        let mut b = self.bytes(bytes);
        let extra = (bytes as u32) * 8 - bits;
        b[0] &= 0xff >> extra;
        b[0] |= 0x80 >> extra;
        Z::from_be(&b)
    }
    /// A random odd number of exactly `bits` bits with its two top bits set (so the product of
    /// two has exactly twice as many bits).
    pub fn candidate(&mut self, bits: u32) -> Z {
        let mut z = self.bits(bits).to_be();
        let extra = (z.len() as u32) * 8 - bits;
        if bits >= 2 {
            let second = 0x40u8.checked_shr(extra).unwrap_or(0);
            if second != 0 {
                z[0] |= second;
            } else {
                z[1] |= 0x80;
            }
        }
        let last = z.len() - 1;
        z[last] |= 1;
        Z::from_be(&z)
    }
    /// A random prime of exactly `bits` bits, top two bits set.
    pub fn prime(&mut self, bits: u32) -> Z {
        loop {
            let p = self.candidate(bits);
            if p.is_prime() {
                return p;
            }
        }
    }
    /// A random prime of `bits` bits with `gcd(p - 1, e) = 1`, as an RSA prime for `e`.
    pub fn rsa_prime(&mut self, bits: u32, e: &Z) -> Z {
        loop {
            let p = self.prime(bits);
            if p.sub(&Z::from_u64(1)).gcd(e) == Z::from_u64(1) {
                return p;
            }
        }
    }
}

/// Miller-Rabin to the bases 2..=71 (the 20 first primes) of an odd `n` above 71.
fn miller_rabin(n: &UBig) -> bool {
    let n_minus_1 = n - UBig::ONE;
    let s = n_minus_1.trailing_zeros().unwrap_or(0);
    let d = &n_minus_1 >> s;
    let ring = ConstDivisor::new(n.clone());
    let one = ring.reduce(UBig::ONE);
    let minus_one = ring.reduce(n_minus_1.clone());
    'bases: for base in small_primes(20) {
        let mut x = ring.reduce(UBig::from(base)).pow(&d);
        if x == one || x == minus_one {
            continue;
        }
        for _ in 1..s {
            x = &x * &x;
            if x == minus_one {
                continue 'bases;
            }
        }
        return false;
    }
    true
}

/// The first `count` primes.
pub fn small_primes(count: usize) -> Vec<u64> {
    static FIRST: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let first = FIRST.get_or_init(|| primes_upto_count(256));
    if count <= first.len() {
        return first[..count].to_vec();
    }
    primes_upto_count(count)
}

fn primes_upto_count(count: usize) -> Vec<u64> {
    let mut out = Vec::with_capacity(count);
    let mut c = 2u64;
    while out.len() < count {
        if out
            .iter()
            .take_while(|p| *p * *p <= c)
            .all(|p| !c.is_multiple_of(*p))
        {
            out.push(c);
        }
        c += 1;
    }
    out
}

/// The primorial Infineon's RSALib used for keys of `key_bits` (the ROCA paper, table 1: the
/// product of the first 39, 71, 126 or 225 primes for keys of 512-960, 992-1952, 1984-3936 and
/// 3968-4096 bits).
pub fn roca_primorial(key_bits: u32) -> Z {
    let count = match key_bits {
        0..=960 => 39,
        961..=1952 => 71,
        1953..=3936 => 126,
        _ => 225,
    };
    small_primes(count)
        .into_iter()
        .fold(Z::from_u64(1), |acc, p| acc.mul(&Z::from_u64(p)))
}

/// An RSA key's numbers. `p`, `q` and `d` are there when the maker knows them.
#[derive(Clone, Debug)]
pub struct Rsa {
    pub n: Z,
    pub e: Z,
    pub p: Option<Z>,
    pub q: Option<Z>,
    pub d: Option<Z>,
}

/// The RSA key of primes `p` and `q` and public exponent `e` (`d` when `e` is invertible).
pub fn rsa_from_primes(p: Z, q: Z, e: Z) -> Rsa {
    let one = Z::from_u64(1);
    let phi = p.sub(&one).mul(&q.sub(&one));
    let d = e.rem(&phi).inv_mod(&phi);
    Rsa {
        n: p.mul(&q),
        e,
        p: Some(p),
        q: Some(q),
        d,
    }
}

pub fn f4() -> Z {
    Z::from_u64(65537)
}

/// A normal RSA key of `bits` bits, e = 65537.
pub fn rsa_normal(rng: &mut Rng, bits: u32) -> Rsa {
    let e = f4();
    let p = rng.rsa_prime(bits / 2, &e);
    let q = rng.rsa_prime(bits - bits / 2, &e);
    rsa_from_primes(p, q, e)
}

/// A prime as Infineon's RSALib made them (CVE-2017-15361): `k * M + (65537^a mod M)` with `M`
/// the primorial for `key_bits` and random `k`, `a`.
pub fn roca_prime(rng: &mut Rng, key_bits: u32) -> Z {
    let m = roca_primorial(key_bits);
    let bits = key_bits / 2;
    let k_bits = bits - m.bits();
    assert!(k_bits >= 8, "no room for k");
    // One a per prime (the power is the slow part), then k until k*M + g is prime.
    let g = f4().pow_mod(&Z::from_u64(rng.next_u64()), &m);
    loop {
        let p = rng.bits(k_bits).mul(&m).add(&g);
        if p.bits() == bits && p.is_prime() && p.sub(&Z::from_u64(1)).rem_u64(65537) != 0 {
            return p;
        }
    }
}

/// A ROCA key of `bits` bits: both primes of the vulnerable form.
pub fn rsa_roca(rng: &mut Rng, bits: u32) -> Rsa {
    loop {
        let p = roca_prime(rng, bits);
        let q = roca_prime(rng, bits);
        let key = rsa_from_primes(p, q, f4());
        if key.n.bits() == bits && key.d.is_some() {
            return key;
        }
    }
}

/// A key whose primes are a few units apart (CVE-2022-26320): `q` is the next prime after `p`,
/// so Fermat's method factors `n` in its first round.
pub fn rsa_close_primes(rng: &mut Rng, bits: u32) -> Rsa {
    loop {
        let p = rng.rsa_prime(bits / 2, &f4());
        let mut q = p.next_prime();
        while q.sub(&Z::from_u64(1)).rem_u64(65537) == 0 {
            q = q.next_prime();
        }
        let key = rsa_from_primes(p, q, f4());
        if key.n.bits() == bits {
            return key;
        }
    }
}

/// Two keys of `bits` bits that share their first prime (a bad random generator's keys).
pub fn rsa_shared_prime(rng: &mut Rng, bits: u32) -> (Rsa, Rsa) {
    let p = rng.rsa_prime(bits / 2, &f4());
    let q1 = rng.rsa_prime(bits - bits / 2, &f4());
    let q2 = rng.rsa_prime(bits - bits / 2, &f4());
    (
        rsa_from_primes(p.clone(), q1, f4()),
        rsa_from_primes(p, q2, f4()),
    )
}

/// A `bits`-bit modulus that is a large prime times the small prime `factor` (a corrupted or
/// badly made key); public only.
pub fn rsa_small_factor(rng: &mut Rng, bits: u32, factor: u64) -> Rsa {
    let f = Z::from_u64(factor);
    loop {
        let big = rng.prime(bits - f.bits());
        let n = big.mul(&f);
        if n.bits() == bits {
            return Rsa {
                n,
                e: f4(),
                p: Some(f),
                q: Some(big),
                d: None,
            };
        }
    }
}

/// The moduli badkeys' pattern checks flag, as public keys (no primes: random odd 2048-bit
/// numbers of the shape, without a prime factor up to 65537 so that no other check fires):
/// `short-sleeve-completeftp` (every 32-bit block with bits 20-29 clear),
/// `short-sleeve-nautilus` (every 128-bit block with bits 16-63 clear), `vanity` (the top
/// half all ones, 75% of the bits set), `xz-backdoor` (leading bytes `01 00 00 00 00 00 00
/// 00 02`: the backdoor's magic `a * b + c = 2`) and `repeated-bytes` (sixteen 0x41 bytes).
pub fn rsa_shaped(rng: &mut Rng, shape: &str) -> Rsa {
    // The odd primes up to 65537, the 6 543rd prime.
    let primes: Vec<u64> = small_primes(6543).into_iter().skip(1).collect();
    loop {
        let mut words: Vec<u64> = (0..32).map(|_| rng.next_u64()).collect();
        match shape {
            "short-sleeve-completeftp" => {
                words.iter_mut().for_each(|w| *w &= !0x3ff0_0000_3ff0_0000)
            }
            "short-sleeve-nautilus" => words.iter_mut().step_by(2).for_each(|w| *w &= 0xffff),
            "vanity" => words.iter_mut().skip(16).for_each(|w| *w = u64::MAX),
            "xz-backdoor" => {
                words[31] = 0x0100_0000_0000_0000;
                words[30] = 0x0200_0000_0000_0000;
            }
            "repeated-bytes" => {
                words[12] = 0x4141_4141_4141_4141;
                words[13] = 0x4141_4141_4141_4141;
            }
            other => panic!("no shape {other}"),
        }
        words[0] |= 1;
        if shape != "xz-backdoor" {
            words[31] |= 1 << 63;
        }
        let be: Vec<u8> = words.iter().rev().flat_map(|w| w.to_be_bytes()).collect();
        let n = Z::from_be(&be);
        if primes.iter().all(|&p| n.rem_u64(p) != 0) {
            return Rsa {
                n,
                e: f4(),
                p: None,
                q: None,
                d: None,
            };
        }
    }
}

/// A normal key of `bits` bits with public exponent `e` (3, 17, ...); `d` exists when `e` is
/// odd and prime to both `p - 1` and `q - 1`.
pub fn rsa_with_exponent(rng: &mut Rng, bits: u32, e: u64) -> Rsa {
    let ez = Z::from_u64(e);
    let gcd_with = if e > 1 && e % 2 == 1 {
        ez.clone()
    } else {
        f4()
    };
    let p = rng.rsa_prime(bits / 2, &gcd_with);
    let q = rng.rsa_prime(bits - bits / 2, &gcd_with);
    let mut key = rsa_from_primes(p, q, ez);
    if e <= 1 || e.is_multiple_of(2) {
        key.d = None;
    }
    key
}

/// A key whose private exponent is small enough for Wiener's attack (d < n^(1/4) / 3): `e` is
/// then about as large as `n` (badkeys `smalld`).
pub fn rsa_small_d(rng: &mut Rng, bits: u32) -> Rsa {
    let p = rng.prime(bits / 2);
    let q = rng.prime(bits - bits / 2);
    let one = Z::from_u64(1);
    let phi = p.sub(&one).mul(&q.sub(&one));
    let n = p.mul(&q);
    loop {
        let d = rng.candidate(bits / 4 - 4);
        if let Some(e) = d.inv_mod(&phi)
            && e.bits() > 64
        {
            return Rsa {
                n,
                e,
                p: Some(p),
                q: Some(q),
                d: Some(d),
            };
        }
    }
}

// ------------------------------------------------------------------------------ encoding

/// An SSH wire string.
pub fn ssh_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&u32::try_from(bytes.len()).unwrap().to_be_bytes());
    out.extend_from_slice(bytes);
}

/// An SSH mpint (RFC 4251 §5): a leading zero byte when the top bit is set.
pub fn ssh_mpint(out: &mut Vec<u8>, z: &Z) {
    let mut b = z.to_be();
    if b.first().is_some_and(|x| x & 0x80 != 0) {
        b.insert(0, 0);
    }
    ssh_string(out, &b);
}

/// An OpenSSH public key line of `blob` (algorithm name read from the blob).
pub fn openssh_line(blob: &[u8], comment: &str) -> String {
    let len = u32::from_be_bytes(blob[..4].try_into().unwrap()) as usize;
    let name = std::str::from_utf8(&blob[4..4 + len]).unwrap();
    let mut line = format!("{name} {}", Base64::encode_string(blob));
    if !comment.is_empty() {
        line.push(' ');
        line.push_str(comment);
    }
    line
}

fn der_int(z: &Z) -> Vec<u8> {
    let mut b = z.to_be();
    if b.first().is_none_or(|x| x & 0x80 != 0) {
        b.insert(0, 0);
    }
    crate::der_tlv(0x02, &b)
}

fn der_seq(items: &[Vec<u8>]) -> Vec<u8> {
    crate::der_tlv(0x30, &items.concat())
}

/// PEM armour, 64 columns.
pub fn pem(label: &str, der: &[u8]) -> String {
    let b64 = Base64::encode_string(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

impl Rsa {
    /// The SSH public key blob (RFC 4253 §6.6).
    pub fn blob(&self) -> Vec<u8> {
        let mut b = Vec::new();
        ssh_string(&mut b, b"ssh-rsa");
        ssh_mpint(&mut b, &self.e);
        ssh_mpint(&mut b, &self.n);
        b
    }
    /// The OpenSSH public line (`.pub` file, `authorized_keys` line).
    pub fn openssh(&self, comment: &str) -> String {
        openssh_line(&self.blob(), comment)
    }
    /// PKCS#1 `RSAPublicKey` DER.
    pub fn pkcs1_public_der(&self) -> Vec<u8> {
        der_seq(&[der_int(&self.n), der_int(&self.e)])
    }
    /// `-----BEGIN RSA PUBLIC KEY-----`.
    pub fn pkcs1_public_pem(&self) -> String {
        pem("RSA PUBLIC KEY", &self.pkcs1_public_der())
    }
    /// SPKI DER (`rsaEncryption`, NULL parameters).
    pub fn spki_der(&self) -> Vec<u8> {
        let alg = der_seq(&[
            crate::der_tlv(
                0x06,
                &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01],
            ),
            vec![0x05, 0x00],
        ]);
        let mut bits = vec![0u8];
        bits.extend_from_slice(&self.pkcs1_public_der());
        der_seq(&[alg, crate::der_tlv(0x03, &bits)])
    }
    /// `-----BEGIN PUBLIC KEY-----`.
    pub fn spki_pem(&self) -> String {
        pem("PUBLIC KEY", &self.spki_der())
    }
    /// PKCS#1 `RSAPrivateKey` DER, when `p`, `q` and `d` are known.
    pub fn pkcs1_private_der(&self) -> Option<Vec<u8>> {
        let (p, q, d) = (self.p.as_ref()?, self.q.as_ref()?, self.d.as_ref()?);
        let one = Z::from_u64(1);
        let dp = d.rem(&p.sub(&one));
        let dq = d.rem(&q.sub(&one));
        let qinv = q.inv_mod(p)?;
        Some(der_seq(&[
            der_int(&Z::from_u64(0)),
            der_int(&self.n),
            der_int(&self.e),
            der_int(d),
            der_int(p),
            der_int(q),
            der_int(&dp),
            der_int(&dq),
            der_int(&qinv),
        ]))
    }
    /// `-----BEGIN RSA PRIVATE KEY-----`, when `p`, `q` and `d` are known.
    pub fn pkcs1_private_pem(&self) -> Option<String> {
        self.pkcs1_private_der().map(|d| pem("RSA PRIVATE KEY", &d))
    }
}

// ------------------------------------------------------------------- other algorithms

/// The curve names of ECDSA: (SSH algorithm, identifier, coordinate bytes).
pub const ECDSA_CURVES: [(&str, &str, usize); 3] = [
    ("ecdsa-sha2-nistp256", "nistp256", 32),
    ("ecdsa-sha2-nistp384", "nistp384", 48),
    ("ecdsa-sha2-nistp521", "nistp521", 66),
];

/// An ECDSA public blob for an uncompressed point `x || y` on `curve` (an [`ECDSA_CURVES`]
/// identifier), on the curve or not.
pub fn ecdsa_blob(curve: &str, x: &[u8], y: &[u8]) -> Vec<u8> {
    let (alg, id, _) = ECDSA_CURVES.iter().find(|c| c.1 == curve).unwrap();
    let mut point = vec![0x04];
    point.extend_from_slice(x);
    point.extend_from_slice(y);
    let mut b = Vec::new();
    ssh_string(&mut b, alg.as_bytes());
    ssh_string(&mut b, id.as_bytes());
    ssh_string(&mut b, &point);
    b
}

/// The point of a valid ECDSA OpenSSH line, as `(curve identifier, x, y)`.
pub fn ecdsa_point(line: &str) -> (String, Vec<u8>, Vec<u8>) {
    let blob = Base64::decode_vec(line.split_whitespace().nth(1).unwrap()).unwrap();
    let mut r = &blob[..];
    let mut next = || {
        let len = u32::from_be_bytes(r[..4].try_into().unwrap()) as usize;
        let v = r[4..4 + len].to_vec();
        r = &r[4 + len..];
        v
    };
    let _alg = next();
    let curve = String::from_utf8(next()).unwrap();
    let point = next();
    assert_eq!(point[0], 4, "uncompressed point");
    let half = (point.len() - 1) / 2;
    (
        curve,
        point[1..1 + half].to_vec(),
        point[1 + half..].to_vec(),
    )
}

/// The line of the valid ECDSA key `line` with its y coordinate changed by one in the last
/// byte: a point off the curve (an invalid-curve attack's input, or a corrupted key).
pub fn ecdsa_off_curve(line: &str, comment: &str) -> String {
    let (curve, x, mut y) = ecdsa_point(line);
    let last = y.len() - 1;
    y[last] ^= 1;
    openssh_line(&ecdsa_blob(&curve, &x, &y), comment)
}

/// Ed25519 public keys of small order (the eight points of order 1, 2, 4 and 8, in their
/// canonical encodings) and non-canonical encodings (y >= p), as hex.
pub const ED25519_SMALL_ORDER: [&str; 8] = [
    // order 1 (the identity) and 2
    "0100000000000000000000000000000000000000000000000000000000000000",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    // order 4
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000080",
    // order 8
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
];

/// Non-canonical Ed25519 encodings of points that are not of small order: y + p for the
/// on-curve y = 3 and y = 4 (encodings of y = p and p + 1 are small-order points too).
pub const ED25519_NON_CANONICAL: [&str; 2] = [
    "f0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "f1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
];

/// The Ed25519 public blob of the 32-byte point `hex`.
pub fn ed25519_blob(hex: &str) -> Vec<u8> {
    let point: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    assert_eq!(point.len(), 32);
    let mut b = Vec::new();
    ssh_string(&mut b, b"ssh-ed25519");
    ssh_string(&mut b, &point);
    b
}

/// The OpenSSH line of the Ed25519 point `hex`.
pub fn ed25519_line(hex: &str, comment: &str) -> String {
    openssh_line(&ed25519_blob(hex), comment)
}

// --------------------------------------------------------------------------- the corpus

/// One key written by [`write_corpus`]: where it is, and the finding ids the audit must report
/// there (empty for a clean key, which must have no finding but `duplicate`).
#[derive(Clone, Debug)]
pub struct Case {
    pub path: std::path::PathBuf,
    pub line: Option<u64>,
    pub expect: Vec<&'static str>,
}

/// Writes a key made to fail each check, in every file shape a user has: an OpenSSH `.pub`,
/// SPKI and PKCS#1 PEM, a PKCS#1 private PEM when the private values exist, and one line each
/// of `authorized_keys`; the ECDSA, Ed25519 and DSA keys as `.pub` files and lines; a P-521
/// key in a PuTTY file; and clean controls. Deterministic (seeded); about 40 prime searches.
pub fn write_corpus(dir: &std::path::Path) -> Vec<Case> {
    let mut rng = TestRng::seeded(17);
    let mut cases = Vec::new();
    let mut lines: Vec<(String, Vec<&'static str>)> = Vec::new();
    let file = |name: &str, text: &str, expect: &[&'static str], cases: &mut Vec<Case>| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        cases.push(Case {
            path,
            line: None,
            expect: expect.to_vec(),
        });
    };
    let mut rsa: Vec<(&str, Rsa, Vec<&'static str>, Vec<&'static str>)> = Vec::new();
    // (name, key, public findings, extra findings from the private key)
    rsa.push((
        "roca-1024",
        rsa_roca(&mut rng, 1024),
        vec!["rsa-roca", "rsa-size"],
        vec![],
    ));
    rsa.push((
        "roca-2048",
        rsa_roca(&mut rng, 2048),
        vec!["rsa-roca"],
        vec![],
    ));
    rsa.push((
        "fermat-2048",
        rsa_close_primes(&mut rng, 2048),
        vec!["rsa-fermat"],
        vec!["rsa-private-close-primes"],
    ));
    let (a, b) = rsa_shared_prime(&mut rng, 2048);
    rsa.push(("shared-a", a, vec!["rsa-shared-prime"], vec![]));
    rsa.push(("shared-b", b, vec!["rsa-shared-prime"], vec![]));
    rsa.push((
        "small-factor-3",
        rsa_small_factor(&mut rng, 1024, 3),
        vec!["rsa-small-factor", "rsa-size"],
        vec![],
    ));
    rsa.push((
        "small-factor-65521",
        rsa_small_factor(&mut rng, 1024, 65521),
        vec!["rsa-small-factor", "rsa-size"],
        vec![],
    ));
    rsa.push((
        "e3",
        rsa_with_exponent(&mut rng, 2048, 3),
        vec!["rsa-exponent-3"],
        vec![],
    ));
    rsa.push((
        "e17",
        rsa_with_exponent(&mut rng, 2048, 17),
        vec!["rsa-small-exponent"],
        vec![],
    ));
    rsa.push((
        "rsa-1024",
        rsa_normal(&mut rng, 1024),
        vec!["rsa-size"],
        vec![],
    ));
    rsa.push((
        "rsa-768",
        rsa_normal(&mut rng, 768),
        vec!["rsa-size"],
        vec![],
    ));
    rsa.push((
        "small-d",
        rsa_small_d(&mut rng, 2048),
        vec!["rsa-small-d"],
        vec!["rsa-private-small-d"],
    ));
    for (name, expect) in [
        ("short-sleeve-completeftp", vec!["rsa-polynomial"]),
        ("short-sleeve-nautilus", vec!["rsa-polynomial"]),
        ("vanity", vec!["rsa-bit-bias"]),
        ("xz-backdoor", vec!["rsa-xz-backdoor", "rsa-size"]),
        ("repeated-bytes", vec!["rsa-pattern"]),
    ] {
        rsa.push((name, rsa_shaped(&mut rng, name), expect, vec![]));
    }
    let normal = rsa_normal(&mut rng, 2048);
    // A second modulus for the bad exponents and the even modulus: one shared with the clean
    // key would be a shared prime.
    let other = rsa_normal(&mut rng, 2048);
    let with_e = |e: u64| Rsa {
        n: other.n.clone(),
        e: Z::from_u64(e),
        p: None,
        q: None,
        d: None,
    };
    rsa.push(("e1", with_e(1), vec!["rsa-invalid-exponent"], vec![]));
    rsa.push((
        "e-even",
        with_e(65536),
        vec!["rsa-invalid-exponent"],
        vec![],
    ));
    let even = Rsa {
        n: other.n.sub(&Z::from_u64(1)),
        e: f4(),
        p: None,
        q: None,
        d: None,
    };
    rsa.push(("even-modulus", even, vec!["rsa-invalid-modulus"], vec![]));
    rsa.push(("rsa-2048-clean", normal.clone(), vec![], vec![]));
    for (name, key, expect, private) in &rsa {
        file(
            &format!("{name}.pub"),
            &(key.openssh(name) + "\n"),
            expect,
            &mut cases,
        );
        file(
            &format!("{name}.spki.pem"),
            &key.spki_pem(),
            expect,
            &mut cases,
        );
        file(
            &format!("{name}.pkcs1.pem"),
            &key.pkcs1_public_pem(),
            expect,
            &mut cases,
        );
        if let Some(pem) = key.pkcs1_private_pem() {
            let all: Vec<&'static str> = expect.iter().chain(private).copied().collect();
            file(&format!("{name}.key.pem"), &pem, &all, &mut cases);
        }
        lines.push((key.openssh(name), expect.clone()));
    }
    // ECDSA points off their curves, from the vectors' valid keys.
    for (id, bits) in [
        ("ecdsa256-a", 256),
        ("ecdsa384-a", 384),
        ("ecdsa521-a", 521),
    ] {
        let valid = String::from_utf8(crate::read(&format!("keys/{id}/openssh.pub"))).unwrap();
        let off = ecdsa_off_curve(valid.trim(), "off-curve");
        file(
            &format!("ecdsa-{bits}-off-curve.pub"),
            &(off.clone() + "\n"),
            &["ecdsa-invalid-point"],
            &mut cases,
        );
        lines.push((off, vec!["ecdsa-invalid-point"]));
        file(&format!("ecdsa-{bits}-clean.pub"), &valid, &[], &mut cases);
    }
    for (points, kind, id) in [
        (
            &ED25519_SMALL_ORDER[..],
            "small-order",
            "ed25519-small-order",
        ),
        (
            &ED25519_NON_CANONICAL[..],
            "non-canonical",
            "ed25519-non-canonical",
        ),
    ] {
        for (i, hex) in points.iter().enumerate() {
            let line = ed25519_line(hex, kind);
            file(
                &format!("ed25519-{kind}-{i}.pub"),
                &(line.clone() + "\n"),
                &[id],
                &mut cases,
            );
            lines.push((line, vec![id]));
        }
    }
    let dsa = String::from_utf8(crate::read("keys/dsa1024-a/openssh.pub")).unwrap();
    file("dsa.pub", &dsa, &["dsa"], &mut cases);
    lines.push((dsa.trim().to_owned(), vec!["dsa"]));
    let ppk = String::from_utf8(crate::read("keys/ecdsa521-a/ppk3.ppk")).unwrap();
    file("p521.ppk", &ppk, &["ecdsa-p521-putty"], &mut cases);
    let ed = String::from_utf8(crate::read("keys/ed25519-a/openssh.pub")).unwrap();
    file("ed25519-clean.pub", &ed, &[], &mut cases);
    // authorized_keys: every line above, then the clean Ed25519 key.
    lines.push((ed.trim().to_owned(), vec![]));
    let path = dir.join("authorized_keys");
    let text: String = lines.iter().map(|(l, _)| format!("{l}\n")).collect();
    std::fs::write(&path, text).unwrap();
    for (i, (_, expect)) in lines.into_iter().enumerate() {
        cases.push(Case {
            path: path.clone(),
            line: Some(i as u64 + 1),
            expect,
        });
    }
    cases
}

/// The ids found at each case's place, given every finding as `(source, line, id)`: the
/// expected ids that are missing, the clean keys that have findings (other than `duplicate`),
/// and the extra ids found beside the expected ones (for the message).
pub fn compare(
    cases: &[Case],
    found: &[(String, Option<u64>, String)],
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let (mut missing, mut false_positives, mut extra) = (Vec::new(), Vec::new(), Vec::new());
    for case in cases {
        let source = case.path.display().to_string();
        let at = match case.line {
            Some(l) => format!("{source}:{l}"),
            None => source.clone(),
        };
        let ids: Vec<&str> = found
            .iter()
            // A whole-file case matches the file's findings at any line (a `.pub` file is
            // read as lines).
            .filter(|(s, l, _)| *s == source && (case.line.is_none() || *l == case.line))
            .map(|(_, _, id)| id.as_str())
            .filter(|id| *id != "duplicate")
            .collect();
        for id in &case.expect {
            if !ids.contains(id) {
                missing.push(format!("{at}: {id} missing (found {ids:?})"));
            }
        }
        for id in &ids {
            if case.expect.is_empty() {
                false_positives.push(format!("{at}: {id} on a clean key"));
            } else if !case.expect.contains(id) {
                extra.push(format!("{at}: also {id}"));
            }
        }
    }
    (missing, false_positives, extra)
}
