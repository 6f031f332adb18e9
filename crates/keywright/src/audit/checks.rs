//! The per-key checks. They read the key's values as the file holds them (through
//! `ssh-key`'s decoders, without keywright's reader checks), so that keys the readers refuse
//! (an even modulus, `e = 1`, a huge `e`, a 256-bit modulus) are findings, not skips.

use core::cmp::Ordering;

use crypto_bigint::{BoxedUint, NonZero};
use ssh_key::public::{EcdsaPublicKey, KeyData};

use super::finding::{Policy, Severity, bit};
use super::number::{self, Modulus};
use super::shape;
use crate::key::bit_length;

/// A finding before it has a place and a fingerprint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Hit {
    pub(crate) id: &'static str,
    pub(crate) severity: Severity,
    pub(crate) reason: String,
    /// The CVE when it depends on the key (a blocklist's), else the check's.
    pub(crate) cve: Option<&'static str>,
}

fn hit(id: &'static str, severity: Severity, reason: impl Into<String>) -> Hit {
    Hit {
        id,
        severity,
        reason: reason.into(),
        cve: None,
    }
}

/// Largest RSA modulus the audit does arithmetic on (as the readers' default limit).
pub(crate) const MAX_RSA_BITS: u32 = 16384;

/// The positive bytes of an mpint (empty for a negative one).
pub(crate) fn mpint(m: &ssh_key::Mpint) -> &[u8] {
    m.as_positive_bytes().unwrap_or_default()
}

/// Big-endian bytes without leading zeros.
pub(crate) fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

/// The value of up to 16 big-endian bytes.
fn small_value(bytes: &[u8]) -> Option<u128> {
    let bytes = trim(bytes);
    if bytes.len() > 16 {
        return None;
    }
    Some(
        bytes
            .iter()
            .fold(0u128, |acc, b| (acc << 8) | u128::from(*b)),
    )
}

/// The checks of a public key's values (`modulus`: an RSA key's `n`, made once by the caller,
/// which keeps it for the shared-prime search).
pub(crate) fn public(
    key: &KeyData,
    modulus: Option<&Modulus>,
    policy: &Policy,
    out: &mut Vec<Hit>,
) {
    match key {
        KeyData::Rsa(k) => {
            let (n, e) = (mpint(k.n()), mpint(k.e()));
            rsa_public(n, e, policy, out);
            match modulus {
                Some(m) => rsa_number(m, e, policy, out),
                None => rsa_number(&Modulus::from_be_bytes(n), e, policy, out),
            }
        }
        KeyData::Dsa(k) => {
            let bits = bit_length(k.p().as_positive_bytes().unwrap_or_default());
            out.push(hit(
                "dsa",
                Severity::Error,
                format!("{bits}-bit DSA key: OpenSSH 10 removed DSA, and DSA is limited to SHA-1"),
            ));
        }
        KeyData::Ecdsa(k) if policy.runs_bit(bit("ecdsa-invalid-point")) => ecdsa_public(k, out),
        KeyData::Ed25519(k) => ed25519_public(&k.0, out),
        _ => {}
    }
}

/// RSA public-key checks on `n` and `e` (big-endian).
pub(crate) fn rsa_public(n: &[u8], e: &[u8], policy: &Policy, out: &mut Vec<Hit>) {
    let (n, e) = (trim(n), trim(e));
    let bits = bit_length(n);
    if bits < policy.rsa_error_below {
        out.push(hit(
            "rsa-size",
            Severity::Error,
            format!(
                "{bits}-bit RSA modulus, below the {} bits policy requires",
                policy.rsa_error_below
            ),
        ));
    } else if bits < policy.rsa_warning_below {
        out.push(hit(
            "rsa-size",
            Severity::Warning,
            format!(
                "{bits}-bit RSA modulus, below the {} bits policy recommends",
                policy.rsa_warning_below
            ),
        ));
    }
    match small_value(e) {
        Some(v @ 0..=2) => out.push(hit(
            "rsa-invalid-exponent",
            Severity::Error,
            format!("public exponent {v}: RSA with it is no encryption"),
        )),
        _ if e.last().is_none_or(|b| b & 1 == 0) => out.push(hit(
            "rsa-invalid-exponent",
            Severity::Error,
            "even public exponent: not invertible, no valid RSA key has one",
        )),
        _ if compare(e, n) != Ordering::Less => out.push(hit(
            "rsa-invalid-exponent",
            Severity::Error,
            "public exponent not below the modulus",
        )),
        Some(3) => out.push(hit(
            "rsa-exponent-3",
            Severity::Warning,
            "public exponent 3: unpadded or badly padded messages can be recovered",
        )),
        Some(v) if v < 65537 => out.push(hit(
            "rsa-small-exponent",
            Severity::Warning,
            format!("public exponent {v}, below 65537"),
        )),
        _ => {}
    }
    if n.last().is_none_or(|b| b & 1 == 0) {
        out.push(hit(
            "rsa-invalid-modulus",
            Severity::Error,
            "the modulus is even",
        ));
    }
}

/// Hex of a factor, for reasons when [`Policy::reveal_factors`] asks for it.
pub(crate) fn hex(m: &Modulus) -> String {
    m.to_be_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

/// The number-theory checks of an RSA modulus (`keywright::audit::number`): perfect power,
/// ROCA, Fermat, small factors, and a small `d` from `(n, e)`. Moduli up to 5 are not
/// examined (as badkeys).
pub(crate) fn rsa_number(n: &Modulus, e: &[u8], policy: &Policy, out: &mut Vec<Hit>) {
    if n.bits() <= 3 || n.bits() > MAX_RSA_BITS {
        return;
    }
    if policy.runs_bit(bit("rsa-invalid-modulus"))
        && let Some(k) = n.perfect_power()
    {
        out.push(hit(
            "rsa-invalid-modulus",
            Severity::Error,
            format!("the modulus is a perfect power (m^{k}), not a product of two primes"),
        ));
    }
    // Small factors and the ROCA filter share one pass of residues.
    let (small_factor, roca) = n.small_factor_and_roca(
        policy
            .runs_bit(bit("rsa-small-factor"))
            .then_some(policy.small_factor_bound),
        policy.runs_bit(bit("rsa-roca")),
    );
    if roca {
        out.push(hit(
            "rsa-roca",
            Severity::Error,
            "the modulus has the structure of Infineon RSALib primes (ROCA): it can be factored",
        ));
    }
    if policy.runs_bit(bit("rsa-fermat"))
        && let Some((p, q)) = n.fermat(policy.fermat_rounds)
    {
        let factors = if policy.reveal_factors {
            format!(": p = 0x{}, q = 0x{}", hex(&p), hex(&q))
        } else {
            " (factors found; --reveal-factors prints them)".to_owned()
        };
        out.push(hit(
            "rsa-fermat",
            Severity::Error,
            format!(
                "the primes are so close that Fermat's method factors n within {} steps{factors}",
                policy.fermat_rounds
            ),
        ));
    }
    if let Some(f) = small_factor {
        let factor = if policy.reveal_factors {
            format!(": {f}")
        } else {
            String::new()
        };
        out.push(hit(
            "rsa-small-factor",
            Severity::Error,
            format!(
                "the modulus has a prime factor up to {}{factor}: corrupt or factorable",
                policy.small_factor_bound
            ),
        ));
    }
    shape_hits(n, policy, out);
    if policy.runs_bit(bit("rsa-small-d"))
        && bit_length(e) > 32
        && let Some(d) = number::small_private_exponent(n, &Modulus::from_be_bytes(e))
    {
        let shown = if policy.reveal_factors {
            format!(": d = 0x{}", hex(&d))
        } else {
            String::new()
        };
        out.push(hit(
            "rsa-small-d",
            Severity::Error,
            format!(
                "the {}-bit private exponent follows from (n, e) by Wiener's attack{shown}",
                d.bits()
            ),
        ));
    }
}

/// The modulus' bit and byte patterns (`keywright::audit::shape`, badkeys' `rsapoly`,
/// `xzbackdoor`, `rsabias` and `pattern`). The small-factor test they skip on is badkeys'
/// (primes up to 65537), run only for a biased modulus.
fn shape_hits(n: &Modulus, policy: &Policy, out: &mut Vec<Hit>) {
    let has_small_factor = || n.small_factor(number::DEFAULT_SMALL_FACTOR_BOUND).is_some();
    if policy.runs_bit(bit("rsa-polynomial"))
        && let Some((pct, generator)) = shape::polynomial(n, has_small_factor)
    {
        let from = generator.map_or(String::new(), |g| match g {
            "completeftp" => " (CompleteFTP 10.0.0-12.0.0)".to_owned(),
            other => format!(" (the pattern badkeys calls {other})"),
        });
        out.push(hit(
            "rsa-polynomial",
            Severity::Error,
            format!(
                "only {pct}% of the modulus' bits are set, in blocks of zeros: a \"short-sleeve\" \
                 key{from}, factorable as a polynomial"
            ),
        ));
    }
    let needs_bytes =
        policy.runs_bit(bit("rsa-xz-backdoor")) || policy.runs_bit(bit("rsa-pattern"));
    let be = if needs_bytes {
        n.0.to_be_bytes().into_vec()
    } else {
        Vec::new()
    };
    if policy.runs_bit(bit("rsa-xz-backdoor")) && shape::xz_backdoor(&be) {
        out.push(hit(
            "rsa-xz-backdoor",
            Severity::Error,
            "the modulus carries the xz-utils backdoor's magic (CVE-2024-3094): a key made to \
             command backdoored sshd servers",
        ));
    }
    if policy.runs_bit(bit("rsa-bit-bias"))
        && let Some((pct, vanity)) = shape::bias(n, has_small_factor)
    {
        let why = if vanity {
            "the lower half is random: probably a vanity key (chosen top bits)"
        } else {
            "not the product of two random primes"
        };
        out.push(hit(
            "rsa-bit-bias",
            Severity::Warning,
            format!("{pct}% of the modulus' bits are set, far from half: {why}"),
        ));
    }
    if policy.runs_bit(bit("rsa-pattern")) && shape::repeated_bytes(&be) {
        out.push(hit(
            "rsa-pattern",
            Severity::Warning,
            "the modulus repeats one byte 16 times: not made by a random key generator (a \
             test or forged key)",
        ));
    }
}

/// Compares two big-endian unsigned integers.
pub(crate) fn compare(a: &[u8], b: &[u8]) -> Ordering {
    let (a, b) = (trim(a), trim(b));
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn ecdsa_public(key: &EcdsaPublicKey, out: &mut Vec<Hit>) {
    let bytes = key.as_sec1_bytes();
    let (ok, curve) = match key {
        EcdsaPublicKey::NistP256(_) => (p256::PublicKey::from_sec1_bytes(bytes).is_ok(), "P-256"),
        EcdsaPublicKey::NistP384(_) => (p384::PublicKey::from_sec1_bytes(bytes).is_ok(), "P-384"),
        EcdsaPublicKey::NistP521(_) => (p521::PublicKey::from_sec1_bytes(bytes).is_ok(), "P-521"),
    };
    if !ok {
        out.push(hit(
            "ecdsa-invalid-point",
            Severity::Error,
            format!("the public point is not on {curve} (or is the point at infinity)"),
        ));
    }
}

/// The y coordinates (little-endian, sign bit clear) of the eight small-order points of
/// edwards25519 and their non-canonical twins, as libsodium's `has_small_order` lists them:
/// with the sign bit (the sign of x) either way, these are every small-order encoding.
const SMALL_ORDER: [[u8; 32]; 7] = [
    // 0: the two order-4 points (x = +-sqrt(-1))
    [
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00,
    ],
    // 1: the identity
    [
        0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00,
    ],
    // the order-8 points' y
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x05,
    ],
    // the other order-8 points' y (p - the above)
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0x7a,
    ],
    // p - 1: the order-2 point (0, -1)
    [
        0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x7f,
    ],
    // p: a non-canonical 0
    [
        0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x7f,
    ],
    // p + 1: a non-canonical 1
    [
        0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x7f,
    ],
];

/// 2^255 - 19, little-endian.
const FIELD_P: [u8; 32] = [
    0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
];

/// Whether the little-endian 255-bit `y` (sign bit cleared) is at least p.
fn at_least_p(y: &[u8; 32]) -> bool {
    for (a, b) in y.iter().zip(FIELD_P.iter()).rev() {
        match a.cmp(b) {
            Ordering::Greater => return true,
            Ordering::Less => return false,
            Ordering::Equal => {}
        }
    }
    true
}

/// Ed25519: small-order points (the eight, in either sign) and `y >= p`.
pub(crate) fn ed25519_public(encoded: &[u8; 32], out: &mut Vec<Hit>) {
    let mut y = *encoded;
    if let Some(last) = y.last_mut() {
        *last &= 0x7f;
    }
    if SMALL_ORDER.contains(&y) {
        out.push(hit(
            "ed25519-small-order",
            Severity::Error,
            "the public key is a point of small order: any signature made without the key can verify",
        ));
    } else if at_least_p(&y) {
        out.push(hit(
            "ed25519-non-canonical",
            Severity::Error,
            "the public key's y coordinate is not below 2^255-19 (a non-canonical encoding)",
        ));
    }
}

/// The values of an RSA private key, big-endian, as the file holds them.
pub(crate) struct RsaPrivateParts<'a> {
    pub(crate) n: &'a [u8],
    pub(crate) e: &'a [u8],
    pub(crate) d: &'a [u8],
    pub(crate) p: &'a [u8],
    pub(crate) q: &'a [u8],
    pub(crate) iqmp: Option<&'a [u8]>,
    pub(crate) dp: Option<&'a [u8]>,
    pub(crate) dq: Option<&'a [u8]>,
}

fn uint(bytes: &[u8], precision: u32) -> Option<BoxedUint> {
    BoxedUint::from_be_slice(trim(bytes), precision).ok()
}

fn nonzero(u: &BoxedUint) -> Option<NonZero<BoxedUint>> {
    NonZero::new(u.clone()).into_option()
}

/// Checks needing the private key: `n = p*q`, `e*d = 1 mod p-1 and q-1`, the CRT values,
/// `p` and `q` too close, `d` below the Wiener bound. The values are bounded by the
/// modulus before any arithmetic.
pub(crate) fn rsa_private(parts: &RsaPrivateParts<'_>, out: &mut Vec<Hit>) {
    let crt = |reason: &str| hit("rsa-private-crt", Severity::Error, reason.to_owned());
    let n_bits = bit_length(parts.n);
    if n_bits == 0 || n_bits > MAX_RSA_BITS {
        return;
    }
    // Room for products of two values of n's size.
    let precision = (n_bits.div_ceil(64) * 64)
        .saturating_mul(2)
        .saturating_add(64);
    let values = [parts.n, parts.e, parts.d, parts.p, parts.q];
    if values.iter().any(|v| bit_length(v) > n_bits) {
        out.push(crt("a private value is longer than the modulus"));
        return;
    }
    let (Some(n), Some(e), Some(d), Some(p), Some(q)) = (
        uint(parts.n, precision),
        uint(parts.e, precision),
        uint(parts.d, precision),
        uint(parts.p, precision),
        uint(parts.q, precision),
    ) else {
        return;
    };
    let one = BoxedUint::one_with_precision(precision);
    if p.cmp_vartime(&one) != Ordering::Greater || q.cmp_vartime(&one) != Ordering::Greater {
        out.push(crt("p or q is 0 or 1"));
        return;
    }
    let pq = p.wrapping_mul(&q);
    if pq != n {
        out.push(crt("n is not p*q"));
        return;
    }
    let (pm1, qm1) = (p.wrapping_sub(&one), q.wrapping_sub(&one));
    let ed = e.wrapping_mul(&d);
    let (Some(pm1_nz), Some(qm1_nz), Some(p_nz)) = (nonzero(&pm1), nonzero(&qm1), nonzero(&p))
    else {
        return;
    };
    if ed.rem(&pm1_nz) != one || ed.rem(&qm1_nz) != one {
        out.push(crt("e*d is not 1 modulo p-1 and q-1: d does not decrypt"));
    }
    if let Some(iqmp) = parts.iqmp.and_then(|v| uint(v, precision))
        && iqmp.wrapping_mul(&q).rem(&p_nz) != one
    {
        out.push(crt("the CRT coefficient is not q^-1 mod p"));
    }
    if let Some(dp) = parts.dp.and_then(|v| uint(v, precision))
        && d.rem(&pm1_nz) != dp
    {
        out.push(crt("the CRT exponent dP is not d mod (p-1)"));
    }
    if let Some(dq) = parts.dq.and_then(|v| uint(v, precision))
        && d.rem(&qm1_nz) != dq
    {
        out.push(crt("the CRT exponent dQ is not d mod (q-1)"));
    }
    // FIPS 186-5 A.1.3: |p - q| > 2^(nlen/2 - 100).
    let diff = match p.cmp_vartime(&q) {
        Ordering::Less => q.wrapping_sub(&p),
        _ => p.wrapping_sub(&q),
    };
    let bound = (n_bits / 2).saturating_sub(100);
    if diff.bit_width() <= bound {
        out.push(hit(
            "rsa-private-close-primes",
            Severity::Error,
            format!(
                "p and q differ by a {}-bit number, not more than 2^{bound}: Fermat's method factors n",
                diff.bit_width()
            ),
        ));
    }
    // Wiener: d < n^(1/4) / 3, i.e. (3d)^4 < n.
    if d.bit_width().saturating_mul(4) <= n_bits.saturating_add(8) {
        let three_d = d.wrapping_mul(BoxedUint::from_be_slice_vartime(&[3]));
        let square = three_d.wrapping_mul(&three_d);
        let fourth = square.wrapping_mul(&square);
        if fourth.cmp_vartime(&n) == Ordering::Less {
            out.push(hit(
                "rsa-private-small-d",
                Severity::Error,
                format!(
                    "{}-bit private exponent, below the Wiener bound n^(1/4)/3: d can be found from (n, e)",
                    d.bit_width()
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
    use super::*;

    fn ids(hits: &[Hit]) -> Vec<&'static str> {
        hits.iter().map(|h| h.id).collect()
    }

    #[test]
    fn ed25519_small_order_and_non_canonical() {
        for y in SMALL_ORDER {
            let mut out = Vec::new();
            ed25519_public(&y, &mut out);
            assert_eq!(ids(&out), ["ed25519-small-order"], "{y:02x?}");
            let mut signed = y;
            signed[31] |= 0x80;
            let mut out = Vec::new();
            ed25519_public(&signed, &mut out);
            assert_eq!(ids(&out), ["ed25519-small-order"]);
        }
        let mut big = [0xff; 32];
        big[31] = 0x7f;
        let mut out = Vec::new();
        ed25519_public(&big, &mut out);
        assert_eq!(ids(&out), ["ed25519-non-canonical"]);
        let mut out = Vec::new();
        ed25519_public(&[9; 32], &mut out);
        assert!(out.is_empty());
    }

    fn rsa(n: u128, e: u128, policy: &Policy) -> Vec<&'static str> {
        let mut out = Vec::new();
        rsa_public(&n.to_be_bytes(), &e.to_be_bytes(), policy, &mut out);
        ids(&out)
    }

    #[test]
    fn rsa_public_values() {
        let policy = Policy {
            rsa_error_below: 64,
            rsa_warning_below: 100,
            ..Policy::default()
        };
        // 2^96 + 0x1234567 (odd, 97 bits): a warning under this policy.
        let n: u128 = (1 << 96) + 0x123_4567;
        assert_eq!(rsa(n, 65537, &policy), ["rsa-size"]);
        assert_eq!(rsa(n, 3, &policy), ["rsa-size", "rsa-exponent-3"]);
        assert_eq!(rsa(n, 17, &policy), ["rsa-size", "rsa-small-exponent"]);
        assert_eq!(rsa(n, 1, &policy), ["rsa-size", "rsa-invalid-exponent"]);
        assert_eq!(rsa(n, 65536, &policy), ["rsa-size", "rsa-invalid-exponent"]);
        assert_eq!(rsa(n, n + 2, &policy), ["rsa-size", "rsa-invalid-exponent"]);
        assert_eq!(
            rsa(n + 1, 65537, &policy),
            ["rsa-size", "rsa-invalid-modulus"]
        );
        assert_eq!(rsa(1 << 100 | 1, 65537, &policy), Vec::<&str>::new());
        let mut out = Vec::new();
        rsa_public(&[0x0f; 100], &[1, 0, 1], &Policy::default(), &mut out);
        assert_eq!(out[0].severity, Severity::Error, "800 bits is below 1024");
        let mut out = Vec::new();
        rsa_public(&[0x0f; 200], &[1, 0, 1], &Policy::default(), &mut out);
        assert_eq!(
            out[0].severity,
            Severity::Warning,
            "1600 bits is below 2048"
        );
    }

    fn private(p: u128, q: u128, e: u128, d: u128, iqmp: u128) -> Vec<&'static str> {
        let n = p * q;
        let (nb, eb, db, pb, qb, ib) = (
            n.to_be_bytes(),
            e.to_be_bytes(),
            d.to_be_bytes(),
            p.to_be_bytes(),
            q.to_be_bytes(),
            iqmp.to_be_bytes(),
        );
        let parts = RsaPrivateParts {
            n: &nb,
            e: &eb,
            d: &db,
            p: &pb,
            q: &qb,
            iqmp: Some(&ib),
            dp: None,
            dq: None,
        };
        let mut out = Vec::new();
        rsa_private(&parts, &mut out);
        ids(&out)
    }

    fn inverse(a: u128, m: u128) -> u128 {
        let (mut t, mut new_t, mut r, mut new_r) = (0i128, 1i128, m as i128, a as i128);
        while new_r != 0 {
            let q = r / new_r;
            (t, new_t) = (new_t, t - q * new_t);
            (r, new_r) = (new_r, r - q * new_r);
        }
        (if t < 0 { t + m as i128 } else { t }) as u128
    }

    #[test]
    fn rsa_private_values() {
        // A 63-bit n (every bound scales with n's size; the close-primes bound is 2^0 here).
        let e = 65537;
        let (p2, q2) = (4_294_967_291u128, 2_147_483_647u128);
        let lambda2 = (p2 - 1) * (q2 - 1);
        let d2 = inverse(e, lambda2);
        assert_eq!(private(p2, q2, e, d2, inverse(q2, p2)), Vec::<&str>::new());
        assert_eq!(
            private(p2, q2, e, d2, inverse(q2, p2) + 1),
            ["rsa-private-crt"]
        );
        assert_eq!(
            private(p2, q2, e, d2 + 2, inverse(q2, p2)),
            ["rsa-private-crt"]
        );
        // Wiener: a tiny d (prime to p-1 and q-1) with its matching e.
        let small_d = 13;
        let e_big = inverse(small_d, lambda2);
        assert_eq!(
            private(p2, q2, e_big, small_d, inverse(q2, p2)),
            ["rsa-private-small-d"]
        );
    }
}
