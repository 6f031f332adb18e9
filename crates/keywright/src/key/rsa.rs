//! RSA: checks on untrusted keys and conversions to the `rsa` crate's types.

use ::rsa::traits::{PrivateKeyParts, PublicKeyParts};
use ::rsa::{BoxedUint, RsaPrivateKey, RsaPublicKey};
use ssh_key::Mpint;
use ssh_key::private::RsaKeypair;
use ssh_key::public::RsaPublicKey as SshRsaPublic;
use zeroize::Zeroizing;

use super::bit_length;
use crate::{Error, Limits, Result};

const NAME: &str = "ssh-rsa";

fn invalid(reason: impl Into<String>) -> Error {
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
    RsaPublicKey::new_with_max_size(uint(public.n())?, uint(public.e())?, 16384)
        .map_err(|e| invalid(e.to_string()))
}

/// Checks the whole key pair: `n = p*q`, `e*d = 1 mod (p-1) and (q-1)`, and `iqmp`, as
/// PuTTY's `rsa_verify` does. Returns the `rsa` crate's key.
pub(crate) fn check_keypair(keypair: &RsaKeypair, limits: &Limits) -> Result<RsaPrivateKey> {
    check_public(keypair.public(), limits)?;
    let key = to_private(keypair)?;
    let expected = key
        .crt_coefficient()
        .ok_or_else(|| invalid("q has no inverse mod p"))?;
    let iqmp = Mpint::from_positive_bytes(&Zeroizing::new(expected.to_be_bytes()));
    if iqmp != *keypair.private().iqmp() {
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
fn check_modulus_bits(modulus: &[u8], limits: &Limits) -> Result<()> {
    Limits::check(
        "RSA modulus bits",
        u64::from(bit_length(modulus)),
        u64::from(limits.max_rsa_bits),
    )
}

fn mpint(bytes: &[u8]) -> Mpint {
    Mpint::from_positive_bytes(bytes)
}

/// Our key pair from a decoded PKCS#1 `RSAPrivateKey` (two primes only). The modulus size
/// is checked against `limits` before any big-number work.
pub(crate) fn from_pkcs1(key: &pkcs1::RsaPrivateKeyRef<'_>, limits: &Limits) -> Result<RsaKeypair> {
    check_modulus_bits(key.modulus.as_bytes(), limits)?;
    if key.other_prime_infos.is_some() {
        return Err(Error::unsupported("multi-prime RSA keys"));
    }
    let public = SshRsaPublic::new(
        mpint(key.public_exponent.as_bytes()),
        mpint(key.modulus.as_bytes()),
    )
    .map_err(|e| invalid(e.to_string()))?;
    let private = ssh_key::private::RsaPrivateKey::new(
        mpint(key.private_exponent.as_bytes()),
        mpint(key.coefficient.as_bytes()),
        mpint(key.prime1.as_bytes()),
        mpint(key.prime2.as_bytes()),
    )
    .map_err(|e| invalid(e.to_string()))?;
    RsaKeypair::new(public, private).map_err(|e| invalid(e.to_string()))
}

/// Our public key from a decoded PKCS#1 `RSAPublicKey`, the size checked first.
pub(crate) fn public_from_pkcs1(
    key: &pkcs1::RsaPublicKeyRef<'_>,
    limits: &Limits,
) -> Result<SshRsaPublic> {
    check_modulus_bits(key.modulus.as_bytes(), limits)?;
    SshRsaPublic::new(
        mpint(key.public_exponent.as_bytes()),
        mpint(key.modulus.as_bytes()),
    )
    .map_err(|e| invalid(e.to_string()))
}

/// PKCS#1 `RSAPrivateKey` DER (version 0, with the CRT values), as OpenSSL writes it.
pub(crate) fn pkcs1_der(keypair: &RsaKeypair) -> Result<Zeroizing<Vec<u8>>> {
    use ::rsa::pkcs1::EncodeRsaPrivateKey;
    let der = to_private(keypair)?
        .to_pkcs1_der()
        .map_err(|e| invalid(e.to_string()))?;
    Ok(Zeroizing::new(der.as_bytes().to_vec()))
}

/// PKCS#1 `RSAPublicKey` DER (no big-number work: any size).
pub(crate) fn pkcs1_public_der(public: &SshRsaPublic) -> Result<Vec<u8>> {
    use der::Encode;
    fn positive(m: &Mpint) -> Result<pkcs1::UintRef<'_>> {
        m.as_positive_bytes()
            .ok_or_else(|| invalid("negative integer"))
            .and_then(|b| pkcs1::UintRef::new(b).map_err(|e| invalid(e.to_string())))
    }
    pkcs1::RsaPublicKeyRef {
        modulus: positive(public.n())?,
        public_exponent: positive(public.e())?,
    }
    .to_der()
    .map_err(|e| invalid(e.to_string()))
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
