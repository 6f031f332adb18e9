//! RSA: checks on untrusted keys and conversions to the `rsa` crate's types.

use ::rsa::traits::{PrivateKeyParts, PublicKeyParts};
use ::rsa::{BoxedUint, PrivateKey as RsaPrivateKey, PublicKey as RsaPublicKey};
use crypto_bigint::{NonZero, Resize};
use ssh_key::Mpint;
use ssh_key::private::RsaKeypair;
use ssh_key::public::RsaPublicKey as SshRsaPublic;
use zeroize::{Zeroize, Zeroizing};

pub(crate) mod primes;

use super::bit_length;
use crate::{Error, Limits, Result};

const NAME: &str = "ssh-rsa";

/// An [`Error::InvalidKey`] for an RSA key.
pub(crate) fn invalid(reason: impl Into<String>) -> Error {
    Error::InvalidKey {
        algorithm: NAME,
        reason: reason.into(),
    }
}

fn uint(m: &Mpint) -> Result<BoxedUint> {
    let bytes = m
        .as_positive_bytes()
        .ok_or_else(|| invalid("negative integer"))?;
    Ok(BoxedUint::from_be_slice_vartime(bytes))
}

/// Bits of the modulus.
pub(crate) fn bits(public: &SshRsaPublic) -> u32 {
    bit_length(public.n().as_positive_bytes().unwrap_or_default())
}

/// Checks the public key against `limits` and the exponent bounds, before any big-number work.
pub(crate) fn check_public(public: &SshRsaPublic, limits: &Limits) -> Result<()> {
    let bits = bits(public);
    Limits::check(
        "RSA modulus bits",
        u64::from(bits),
        u64::from(limits.max_rsa_bits),
    )?;
    if bits < 512 {
        return Err(invalid(format!("a {bits}-bit modulus is too small")));
    }
    let n = public
        .n()
        .as_positive_bytes()
        .ok_or_else(|| invalid("negative modulus"))?;
    if n.last().is_none_or(|b| b & 1 == 0) {
        return Err(invalid("the modulus is even"));
    }
    let e = public
        .e()
        .as_positive_bytes()
        .ok_or_else(|| invalid("negative exponent"))?;
    let e_bits = bit_length(e);
    if !(2..=33).contains(&e_bits) || e.last().is_none_or(|b| b & 1 == 0) {
        return Err(invalid(
            "the public exponent must be odd and between 3 and 2^33-1",
        ));
    }
    Ok(())
}

/// The `rsa` crate's public key (up to 16384 bits).
#[allow(dead_code, reason = "part of the RSA conversions other modules use")]
pub(crate) fn to_public(public: &SshRsaPublic) -> Result<RsaPublicKey> {
    RsaPublicKey::new_with_size_limits(uint(public.n())?, uint(public.e())?, 512..=16384)
        .map_err(|e| invalid(e.to_string()))
}

/// Bounds the private components by the modulus before any arithmetic is done with them,
/// in every reader: each of `p`, `q`, `d`, `dp`, `dq` and `iqmp` has at most as many bits
/// as `n`, and `p` and `q` together at most one more (as any factors of `n` do).
///
/// Without it a key with a valid 2048-bit `n` and 300 KB primes reaches the `p*q`
/// multiplication, which recurses with its operands' size and overflows the stack.
pub(crate) fn check_component_sizes(n: &[u8], components: &[(&str, &[u8])]) -> Result<()> {
    let n_bits = bit_length(n);
    let mut prime_bits = 0u32;
    for (name, value) in components {
        let bits = bit_length(value);
        if bits > n_bits {
            return Err(invalid(format!(
                "{name} has {bits} bits, more than the {n_bits}-bit modulus"
            )));
        }
        if matches!(*name, "p" | "q") {
            prime_bits = prime_bits.saturating_add(bits);
        }
    }
    if prime_bits > n_bits.saturating_add(1) {
        return Err(invalid(format!(
            "p and q have {prime_bits} bits together, more than a {n_bits}-bit modulus allows"
        )));
    }
    Ok(())
}

/// [`check_component_sizes`] for the components an SSH key pair holds.
fn check_keypair_sizes(keypair: &RsaKeypair) -> Result<()> {
    let private = keypair.private();
    fn bytes(m: &Mpint) -> Result<&[u8]> {
        m.as_positive_bytes()
            .ok_or_else(|| invalid("negative integer"))
    }
    check_component_sizes(
        bytes(keypair.public().n())?,
        &[
            ("p", bytes(private.p())?),
            ("q", bytes(private.q())?),
            ("d", bytes(private.d())?),
            ("iqmp", bytes(private.iqmp())?),
        ],
    )
}

/// Checks the whole key pair: `n = p*q`, `e*d = 1 mod (p-1) and (q-1)`, and `iqmp`, as
/// PuTTY's `rsa_verify` does. Returns the `rsa` crate's key. Sizes are bounded first.
pub(crate) fn check_keypair(keypair: &RsaKeypair, limits: &Limits) -> Result<RsaPrivateKey> {
    check_public(keypair.public(), limits)?;
    check_keypair_sizes(keypair)?;
    let key = to_private(keypair)?;
    // `from_components` has computed q^-1 mod p already (it fails only when there is none).
    let expected = key
        .qinv()
        .map(|qinv| Zeroizing::new(qinv.retrieve().to_be_bytes()))
        .ok_or_else(|| invalid("q has no inverse mod p"))?;
    if Mpint::from_positive_bytes(&expected) != *keypair.private().iqmp() {
        return Err(invalid("iqmp is not q^-1 mod p"));
    }
    Ok(key)
}

/// The `rsa` crate's private key, validated by it (`n = p*q`, `d` consistent with `e`).
pub(crate) fn to_private(keypair: &RsaKeypair) -> Result<RsaPrivateKey> {
    let private = keypair.private();
    RsaPrivateKey::from_components(
        uint(keypair.public().n())?,
        uint(keypair.public().e())?,
        uint(private.d())?,
        vec![uint(private.p())?, uint(private.q())?],
    )
    .map_err(|e| invalid(e.to_string()))
}

/// Our key pair from the `rsa` crate's (two primes only).
pub(crate) fn from_private(key: &RsaPrivateKey) -> Result<RsaKeypair> {
    let [p, q] = key.primes() else {
        return Err(Error::unsupported("multi-prime RSA keys"));
    };
    let iqmp = key
        .crt_coefficient()
        .ok_or_else(|| invalid("q has no inverse mod p"))?;
    let mpint = |u: &BoxedUint| Mpint::from_positive_bytes(&Zeroizing::new(u.to_be_bytes()));
    let public =
        SshRsaPublic::new(mpint(key.e()), mpint(key.n())).map_err(|e| invalid(e.to_string()))?;
    let private =
        ssh_key::private::RsaPrivateKey::new(mpint(key.d()), mpint(&iqmp), mpint(p), mpint(q))
            .map_err(|e| invalid(e.to_string()))?;
    RsaKeypair::new(public, private).map_err(|e| invalid(e.to_string()))
}

/// Checks a DER modulus against `limits` before anything else is done with the key.
pub(crate) fn check_modulus_bits(modulus: &[u8], limits: &Limits) -> Result<()> {
    Limits::check(
        "RSA modulus bits",
        u64::from(bit_length(modulus)),
        u64::from(limits.max_rsa_bits),
    )
}

/// The CRT exponents `d mod (p-1)` and `d mod (q-1)` that PKCS#1 stores, computed in
/// constant time (the key pair was checked when it was made or read, `iqmp` included).
pub(crate) fn crt_exponents(keypair: &RsaKeypair) -> Result<[Zeroizing<Vec<u8>>; 2]> {
    let private = keypair.private();
    let d = Zeroizing::new(uint(private.d())?);
    let d_mod = |prime: &Mpint| -> Result<Zeroizing<Vec<u8>>> {
        let prime = Zeroizing::new(uint(prime)?);
        let modulus = NonZero::new(prime.wrapping_sub(BoxedUint::one()))
            .into_option()
            .ok_or_else(|| invalid("a prime is 1"))?;
        let precision = d.bits_precision().max(modulus.bits_precision());
        let reduced = rem(&Zeroizing::new((&*d).resize_unchecked(precision)), &modulus);
        Ok(Zeroizing::new(reduced.to_be_bytes().into_vec()))
    };
    Ok([d_mod(private.p())?, d_mod(private.q())?])
}

/// The same key with `p` and `q` swapped, and `iqmp` recomputed for the new order (PuTTY
/// keeps p > q).
#[cfg(feature = "ppk")]
pub(crate) fn swap_primes(keypair: &RsaKeypair) -> Result<RsaKeypair> {
    let private = keypair.private();
    let (p, q) = (private.q(), private.p());
    let iqmp = Zeroizing::new(
        crt_coefficient(&Zeroizing::new(uint(p)?), &Zeroizing::new(uint(q)?))?.to_be_bytes(),
    );
    let private = ssh_key::private::RsaPrivateKey::new(
        private.d().clone(),
        Mpint::from_positive_bytes(&iqmp),
        p.clone(),
        q.clone(),
    )
    .map_err(|e| invalid(e.to_string()))?;
    RsaKeypair::new(keypair.public().clone(), private).map_err(|e| invalid(e.to_string()))
}

/// `a mod m` for a secret `a`, in constant time; the quotient is wiped too.
fn rem(a: &BoxedUint, m: &NonZero<BoxedUint>) -> Zeroizing<BoxedUint> {
    let (mut quotient, remainder) = a.div_rem(m);
    quotient.zeroize();
    Zeroizing::new(remainder)
}

/// `q^-1 mod p` for an odd `p`.
#[cfg(feature = "ppk")]
fn crt_coefficient(p: &BoxedUint, q: &BoxedUint) -> Result<Zeroizing<BoxedUint>> {
    let p = crypto_bigint::Odd::new(p.clone())
        .into_option()
        .ok_or_else(|| invalid("a prime is even"))?;
    rem(q, p.as_nz_ref())
        .invert_odd_mod(&p)
        .into_option()
        .map(Zeroizing::new)
        .ok_or_else(|| invalid("q has no inverse mod p"))
}

/// Whether two key pairs are the same key, whatever the order of their primes (`iqmp`
/// follows from the order and is not compared). Secret parts compare in constant time.
pub(crate) fn same_key(a: &RsaKeypair, b: &RsaKeypair) -> bool {
    let eq = |x: &Mpint, y: &Mpint| crate::secret::constant_time_eq(x.as_bytes(), y.as_bytes());
    let (pa, qa, pb, qb) = (
        a.private().p(),
        a.private().q(),
        b.private().p(),
        b.private().q(),
    );
    a.public() == b.public()
        && eq(a.private().d(), b.private().d())
        && ((eq(pa, pb) && eq(qa, qb)) || (eq(pa, qb) && eq(qa, pb)))
}
