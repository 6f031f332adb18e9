//! PKCS#1 RSA keys (RFC 8017 §A.1): `RSAPrivateKey` and `RSAPublicKey` DER, read into and
//! written from the key model (the PEM armour is [`super::pem`]'s, SubjectPublicKeyInfo
//! [`super::spki`]'s).

use der::asn1::AnyRef;
use der::{Decode, Encode};
use pkcs1::UintRef;
use ssh_key::Mpint;
use ssh_key::private::RsaKeypair;
use ssh_key::public::RsaPublicKey as SshRsaPublic;
use zeroize::Zeroizing;

use super::asn1::{Origin, der_error};
use crate::key::rsa;
use crate::{Error, Format, Limits, PublicKey, Result};

fn mpint(bytes: &[u8]) -> Mpint {
    Mpint::from_positive_bytes(bytes)
}

/// A positive `mpint` as a DER `INTEGER`.
fn der_uint(m: &Mpint) -> Result<UintRef<'_>> {
    m.as_positive_bytes()
        .ok_or_else(|| rsa::invalid("negative integer"))
        .and_then(|b| UintRef::new(b).map_err(|e| rsa::invalid(e.to_string())))
}

/// The key pair of PKCS#1 `RSAPrivateKey` DER (two primes only). The modulus size is checked
/// against `limits` before any big-number work.
pub(crate) fn decode_rsa_private(
    der: &[u8],
    format: Format,
    origin: Origin<'_>,
    limits: &Limits,
) -> Result<RsaKeypair> {
    let key = pkcs1::RsaPrivateKeyRef::from_der(der)
        .map_err(|e| der_error(format, origin, "RSAPrivateKey", e))?;
    rsa::check_modulus_bits(key.modulus.as_bytes(), limits)?;
    rsa::check_component_sizes(
        key.modulus.as_bytes(),
        &[
            ("p", key.prime1.as_bytes()),
            ("q", key.prime2.as_bytes()),
            ("d", key.private_exponent.as_bytes()),
            ("dp", key.exponent1.as_bytes()),
            ("dq", key.exponent2.as_bytes()),
            ("iqmp", key.coefficient.as_bytes()),
        ],
    )?;
    if key.other_prime_infos.is_some() {
        return Err(Error::unsupported("multi-prime RSA keys"));
    }
    let public = SshRsaPublic::new(
        mpint(key.public_exponent.as_bytes()),
        mpint(key.modulus.as_bytes()),
    )
    .map_err(|e| rsa::invalid(e.to_string()))?;
    let private = ssh_key::private::RsaPrivateKey::new(
        mpint(key.private_exponent.as_bytes()),
        mpint(key.coefficient.as_bytes()),
        mpint(key.prime1.as_bytes()),
        mpint(key.prime2.as_bytes()),
    )
    .map_err(|e| rsa::invalid(e.to_string()))?;
    RsaKeypair::new(public, private).map_err(|e| rsa::invalid(e.to_string()))
}

/// The RSA public key of PKCS#1 `RSAPublicKey` DER, the size checked first.
pub(crate) fn decode_rsa_public(
    der: &[u8],
    format: Format,
    origin: Origin<'_>,
    limits: &Limits,
) -> Result<SshRsaPublic> {
    let key = pkcs1::RsaPublicKeyRef::from_der(der)
        .map_err(|e| der_error(format, origin, "RSAPublicKey", e))?;
    rsa::check_modulus_bits(key.modulus.as_bytes(), limits)?;
    SshRsaPublic::new(
        mpint(key.public_exponent.as_bytes()),
        mpint(key.modulus.as_bytes()),
    )
    .map_err(|e| rsa::invalid(e.to_string()))
}

/// A public key of `format` from PKCS#1 `RSAPublicKey` DER.
pub(crate) fn decode_public(
    der: &[u8],
    format: Format,
    origin: Origin<'_>,
    limits: &Limits,
) -> Result<PublicKey> {
    let key_data = ssh_key::public::KeyData::Rsa(decode_rsa_public(der, format, origin, limits)?);
    PublicKey::from_ssh(ssh_key::PublicKey::new(key_data, ""), limits)
        .map(|k| k.with_format(format))
}

/// Whether DER `der` holds PKCS#1 `RSAPublicKey` (a SEQUENCE starting with an INTEGER)
/// rather than SubjectPublicKeyInfo (a SEQUENCE starting with a SEQUENCE).
pub(crate) fn is_rsa_public(der: &[u8]) -> bool {
    AnyRef::from_der(der).is_ok_and(|any| any.value().first() == Some(&0x02))
}

/// PKCS#1 `RSAPrivateKey` DER (version 0, with the CRT values), as OpenSSL writes it.
pub(crate) fn encode_rsa_private(keypair: &RsaKeypair) -> Result<Zeroizing<Vec<u8>>> {
    let private = keypair.private();
    let [exponent1, exponent2] = rsa::crt_exponents(keypair)?;
    let der = pkcs1::RsaPrivateKeyRef {
        modulus: der_uint(keypair.public().n())?,
        public_exponent: der_uint(keypair.public().e())?,
        private_exponent: der_uint(private.d())?,
        prime1: der_uint(private.p())?,
        prime2: der_uint(private.q())?,
        exponent1: UintRef::new(&exponent1).map_err(|e| rsa::invalid(e.to_string()))?,
        exponent2: UintRef::new(&exponent2).map_err(|e| rsa::invalid(e.to_string()))?,
        coefficient: der_uint(private.iqmp())?,
        other_prime_infos: None,
    };
    let len = der
        .encoded_len()
        .and_then(usize::try_from)
        .map_err(|e| rsa::invalid(e.to_string()))?;
    // Written into a buffer of the final size, so no copy of the key is left by a reallocation.
    let mut out = Zeroizing::new(vec![0u8; len]);
    der.encode_to_slice(&mut out)
        .map_err(|e| rsa::invalid(e.to_string()))?;
    Ok(out)
}

/// PKCS#1 `RSAPublicKey` DER (no big-number work: any size).
pub(crate) fn encode_rsa_public(public: &SshRsaPublic) -> Result<Vec<u8>> {
    pkcs1::RsaPublicKeyRef {
        modulus: der_uint(public.n())?,
        public_exponent: der_uint(public.e())?,
    }
    .to_der()
    .map_err(|e| rsa::invalid(e.to_string()))
}
