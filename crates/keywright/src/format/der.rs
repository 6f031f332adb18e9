//! DER public keys (SubjectPublicKeyInfo, RFC 5280 §4.1; PKCS#1 RSAPublicKey, RFC 8017
//! §A.1.1), binary or as one base64 string, as EC2's ImportKeyPair accepts them.
//!
//! The SubjectPublicKeyInfo and PKCS#1 logic here is shared with the PEM module.

use base64ct::{Base64, Encoding};
use der::asn1::{AnyRef, BitStringRef, Null, ObjectIdentifier, UintRef};
use der::{Decode, Encode};
use pkcs8::spki::{AlgorithmIdentifier, SubjectPublicKeyInfo, SubjectPublicKeyInfoRef};
use ssh_key::public::{Ed25519PublicKey, KeyData};

use super::asn1::{Origin, der_error, encode_error};
use super::text::{Base64Body, is_base64};
use crate::key::{dsa, ecdsa, rsa};
use crate::{Error, Format, Limits, PublicKey, Result};

/// `rsaEncryption` (RFC 8017 §A.1).
pub(crate) const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// `id-ecPublicKey` (RFC 5480 §2.1.1).
pub(crate) const OID_EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// `id-Ed25519` (RFC 8410 §3).
pub(crate) const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
/// `id-dsa` (RFC 3279 §2.3.2).
pub(crate) const OID_DSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10040.4.1");

/// Decodes a public key of `format` from SubjectPublicKeyInfo DER.
pub(crate) fn public_from_spki(
    der: &[u8],
    format: Format,
    origin: Origin<'_>,
    limits: &Limits,
) -> Result<PublicKey> {
    let spki = SubjectPublicKeyInfoRef::from_der(der)
        .map_err(|e| der_error(format, origin, "SubjectPublicKeyInfo", e))?;
    let bad = |reason: &str| Error::parse(format, reason.to_owned());
    let bits = spki
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| bad("the public key BIT STRING has unused bits"))?;
    let params = spki.algorithm.parameters;
    let key_data = match spki.algorithm.oid {
        OID_RSA => {
            let key = pkcs1::RsaPublicKeyRef::from_der(bits)
                .map_err(|e| Error::parse(format, format!("RSAPublicKey: {}", e.kind())))?;
            KeyData::Rsa(rsa::public_from_pkcs1(&key, limits)?)
        }
        OID_EC => {
            let params = params.ok_or_else(|| bad("ECDSA key without curve parameters"))?;
            let curve = params
                .decode_as::<ObjectIdentifier>()
                .ok()
                .or_else(|| {
                    let der = params.to_der().ok()?;
                    ecdsa::curve_of_explicit(&der).map(ecdsa::oid_of_curve)
                })
                .ok_or_else(|| {
                    Error::unsupported("ECDSA keys with explicit parameters of another curve")
                })?;
            KeyData::Ecdsa(ecdsa::public_from_sec1(ecdsa::curve_of_oid(&curve)?, bits)?)
        }
        OID_ED25519 => {
            let key: [u8; 32] = bits
                .try_into()
                .map_err(|_| bad("an Ed25519 public key is 32 bytes"))?;
            KeyData::Ed25519(Ed25519PublicKey(key))
        }
        OID_DSA => {
            let params = params
                .ok_or_else(|| bad("DSA key without parameters"))?
                .decode_as::<Vec<UintRef<'_>>>()
                .map_err(|e| Error::parse(format, format!("DSA parameters: {}", e.kind())))?;
            let [p, q, g] = params.as_slice() else {
                return Err(bad("DSA parameters are not (p, q, g)"));
            };
            let y = UintRef::from_der(bits)
                .map_err(|e| Error::parse(format, format!("DSA public key: {}", e.kind())))?;
            KeyData::Dsa(dsa::public_from_parts(
                p.as_bytes(),
                q.as_bytes(),
                g.as_bytes(),
                y.as_bytes(),
            )?)
        }
        other => {
            return Err(Error::UnsupportedAlgorithm {
                name: format!("public key algorithm {other}"),
            });
        }
    };
    PublicKey::from_ssh(ssh_key::PublicKey::new(key_data, ""), limits)
        .map(|k| k.with_format(format))
}

/// Decodes an RSA public key of `format` from PKCS#1 `RSAPublicKey` DER.
pub(crate) fn public_from_pkcs1(
    der: &[u8],
    format: Format,
    origin: Origin<'_>,
    limits: &Limits,
) -> Result<PublicKey> {
    let key = pkcs1::RsaPublicKeyRef::from_der(der)
        .map_err(|e| der_error(format, origin, "RSAPublicKey", e))?;
    let key_data = KeyData::Rsa(rsa::public_from_pkcs1(&key, limits)?);
    PublicKey::from_ssh(ssh_key::PublicKey::new(key_data, ""), limits)
        .map(|k| k.with_format(format))
}

/// SubjectPublicKeyInfo DER with algorithm `oid`, DER-encoded `params` and the key bits.
pub(crate) fn spki(oid: ObjectIdentifier, params: Option<&[u8]>, key: &[u8]) -> Result<Vec<u8>> {
    let parameters = params
        .map(AnyRef::from_der)
        .transpose()
        .map_err(encode_error)?;
    SubjectPublicKeyInfo {
        algorithm: AlgorithmIdentifier { oid, parameters },
        subject_public_key: BitStringRef::from_bytes(key).map_err(encode_error)?,
    }
    .to_der()
    .map_err(encode_error)
}

/// DSA `Dss-Parms` DER: `SEQUENCE { p, q, g }` (RFC 3279 §2.3.2).
pub(crate) fn dsa_params(public: &ssh_key::public::DsaPublicKey) -> Result<Vec<u8>> {
    fn uint(m: &ssh_key::Mpint) -> Result<UintRef<'_>> {
        UintRef::new(m.as_positive_bytes().unwrap_or_default()).map_err(encode_error)
    }
    vec![uint(public.p())?, uint(public.q())?, uint(public.g())?]
        .to_der()
        .map_err(encode_error)
}

/// The SubjectPublicKeyInfo DER of `key`, as `openssl pkey -pubout -outform DER` writes it.
pub(crate) fn spki_der(key: &PublicKey) -> Result<Vec<u8>> {
    match key.ssh().key_data() {
        KeyData::Rsa(k) => {
            let null = Null.to_der().map_err(encode_error)?;
            spki(OID_RSA, Some(&null), &rsa::pkcs1_public_der(k)?)
        }
        KeyData::Ecdsa(k) => {
            let curve = ecdsa::oid_of_curve(k.curve())
                .to_der()
                .map_err(encode_error)?;
            spki(OID_EC, Some(&curve), k.as_sec1_bytes())
        }
        KeyData::Ed25519(k) => spki(OID_ED25519, None, &k.0),
        KeyData::Dsa(k) => {
            let y = UintRef::new(k.y().as_positive_bytes().unwrap_or_default())
                .and_then(|y| y.to_der())
                .map_err(encode_error)?;
            spki(OID_DSA, Some(&dsa_params(k)?), &y)
        }
        _ => Err(Error::unsupported(format!(
            "SubjectPublicKeyInfo for {} keys",
            key.algorithm()
        ))),
    }
}

/// Whether DER `der` holds PKCS#1 `RSAPublicKey` (a SEQUENCE starting with an INTEGER)
/// rather than SubjectPublicKeyInfo (a SEQUENCE starting with a SEQUENCE).
fn is_pkcs1(der: &[u8]) -> bool {
    AnyRef::from_der(der).is_ok_and(|any| any.value().first() == Some(&0x02))
}

/// Reads binary DER or base64 DER of an SPKI or PKCS#1 RSAPublicKey.
pub(crate) fn decode_public(input: &[u8], limits: &Limits) -> Result<PublicKey> {
    limits.check_input(input)?;
    let looks_base64 = input
        .iter()
        .all(|b| is_base64(*b) || b.is_ascii_whitespace());
    if !looks_base64 {
        return decode_der(input, Origin::Binary(0), limits);
    }
    let mut body = Base64Body::with_capacity(input.len());
    let mut at = 0;
    for run in input.split(u8::is_ascii_whitespace) {
        // Every byte is base64 or whitespace, so no run is refused.
        let _ = body.push_line(at, run);
        at = at.saturating_add(run.len()).saturating_add(1);
    }
    if body.is_empty() {
        return Err(Error::parse(Format::Der, "empty input"));
    }
    let start = body.map().start().unwrap_or_default();
    let (der, map) = body.decode().ok_or_else(|| {
        Error::parse_at(Format::Der, start, "invalid base64 (bad padding or length)")
    })?;
    decode_der(&der, Origin::Base64(&map), limits)
}

fn decode_der(der: &[u8], origin: Origin<'_>, limits: &Limits) -> Result<PublicKey> {
    if is_pkcs1(der) {
        public_from_pkcs1(der, Format::Der, origin, limits)
    } else {
        public_from_spki(der, Format::Der, origin, limits)
    }
}

/// SubjectPublicKeyInfo DER.
pub(crate) fn encode_spki(key: &PublicKey) -> Result<Vec<u8>> {
    spki_der(key)
}

/// SubjectPublicKeyInfo DER as one base64 line (no newline).
pub(crate) fn encode_base64(key: &PublicKey) -> Result<String> {
    Ok(Base64::encode_string(&spki_der(key)?))
}
