//! RSA: checks on untrusted keys and conversions to the `rsa` crate's types.

use ::rsa::pkcs8::{EncodePrivateKey, EncodePublicKey};
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

/// Minimal PKCS#8 `PrivateKeyInfo` DER, as `openssl pkcs8 -topk8 -nocrypt` writes it.
pub(crate) fn pkcs8_der(keypair: &RsaKeypair) -> Result<Zeroizing<Vec<u8>>> {
    let der = to_private(keypair)?
        .to_pkcs8_der()
        .map_err(|e| invalid(e.to_string()))?;
    Ok(Zeroizing::new(der.as_bytes().to_vec()))
}

/// `SubjectPublicKeyInfo` DER.
pub(crate) fn spki_der(public: &SshRsaPublic) -> Result<Vec<u8>> {
    let der = to_public(public)?
        .to_public_key_der()
        .map_err(|e| invalid(e.to_string()))?;
    Ok(der.into_vec())
}
