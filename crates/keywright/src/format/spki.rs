//! SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) and the `AlgorithmIdentifier` of each key type
//! (shared with PKCS#8): RSA (RFC 8017), ECDSA (RFC 5480), Ed25519 (RFC 8410), DSA
//! (RFC 3279).

use der::asn1::{AnyRef, BitStringRef, Null, ObjectIdentifier, UintRef};
use der::{Decode, Encode};
use pkcs8::spki::{AlgorithmIdentifier, SubjectPublicKeyInfo, SubjectPublicKeyInfoRef};
use ssh_key::public::{Ed25519PublicKey, KeyData};

use super::asn1::{Origin, der_error, encode_error};
use super::{oid, pkcs1};
use crate::key::{dsa, ecdsa};
use crate::{Error, Format, Limits, PublicKey, Result};

/// Decodes a public key of `format` from SubjectPublicKeyInfo DER.
pub(crate) fn decode(
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
        oid::RSA => KeyData::Rsa(pkcs1::decode_rsa_public(
            bits,
            format,
            Origin::Decrypted,
            limits,
        )?),
        oid::EC => {
            let curve = oid::named_curve(params, format)?;
            KeyData::Ecdsa(ecdsa::public_from_sec1(oid::curve_of_oid(&curve)?, bits)?)
        }
        oid::ED25519 => {
            let key: [u8; 32] = bits
                .try_into()
                .map_err(|_| bad("an Ed25519 public key is 32 bytes"))?;
            KeyData::Ed25519(Ed25519PublicKey(key))
        }
        oid::DSA => {
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

/// The `AlgorithmIdentifier` of a key: its OID and DER-encoded parameters (`NULL` for RSA,
/// the named curve for ECDSA, none for Ed25519, `Dss-Parms` for DSA), as OpenSSL writes
/// them in SubjectPublicKeyInfo and PKCS#8.
pub(crate) fn algorithm(key: &KeyData) -> Result<(ObjectIdentifier, Option<Vec<u8>>)> {
    match key {
        KeyData::Rsa(_) => Ok((oid::RSA, Some(Null.to_der().map_err(encode_error)?))),
        KeyData::Ecdsa(k) => {
            let curve = oid::oid_of_curve(k.curve())
                .to_der()
                .map_err(encode_error)?;
            Ok((oid::EC, Some(curve)))
        }
        KeyData::Ed25519(_) => Ok((oid::ED25519, None)),
        KeyData::Dsa(k) => Ok((oid::DSA, Some(dsa_params(k)?))),
        other => Err(Error::unsupported(format!(
            "SubjectPublicKeyInfo and PKCS#8 for {} keys",
            other.algorithm()
        ))),
    }
}

/// The `AlgorithmIdentifier` of `oid` with DER-encoded `params`.
pub(crate) fn algorithm_identifier<'a>(
    oid: ObjectIdentifier,
    params: Option<&'a [u8]>,
) -> Result<AlgorithmIdentifier<AnyRef<'a>>> {
    let parameters = params
        .map(AnyRef::from_der)
        .transpose()
        .map_err(encode_error)?;
    Ok(AlgorithmIdentifier { oid, parameters })
}

/// DSA `Dss-Parms` DER: `SEQUENCE { p, q, g }` (RFC 3279 §2.3.2).
fn dsa_params(public: &ssh_key::public::DsaPublicKey) -> Result<Vec<u8>> {
    fn uint(m: &ssh_key::Mpint) -> Result<UintRef<'_>> {
        UintRef::new(m.as_positive_bytes().unwrap_or_default()).map_err(encode_error)
    }
    vec![uint(public.p())?, uint(public.q())?, uint(public.g())?]
        .to_der()
        .map_err(encode_error)
}

/// The SubjectPublicKeyInfo DER of `key`, as `openssl pkey -pubout -outform DER` writes it.
pub(crate) fn encode(key: &PublicKey) -> Result<Vec<u8>> {
    let key_data = key.ssh().key_data();
    let bits = match key_data {
        KeyData::Rsa(k) => pkcs1::encode_rsa_public(k)?,
        KeyData::Ecdsa(k) => k.as_sec1_bytes().to_vec(),
        KeyData::Ed25519(k) => k.0.to_vec(),
        KeyData::Dsa(k) => UintRef::new(k.y().as_positive_bytes().unwrap_or_default())
            .and_then(|y| y.to_der())
            .map_err(encode_error)?,
        _ => {
            return Err(Error::unsupported(format!(
                "SubjectPublicKeyInfo for {} keys",
                key.algorithm()
            )));
        }
    };
    let (oid, params) = algorithm(key_data)?;
    SubjectPublicKeyInfo {
        algorithm: algorithm_identifier(oid, params.as_deref())?,
        subject_public_key: BitStringRef::from_bytes(&bits).map_err(encode_error)?,
    }
    .to_der()
    .map_err(encode_error)
}
