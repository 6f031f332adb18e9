//! DER public keys (SubjectPublicKeyInfo, RFC 5280 §4.1; PKCS#1 RSAPublicKey, RFC 8017
//! §A.1.1), binary or as one base64 string, as EC2's ImportKeyPair accepts them.
//!
//! The SubjectPublicKeyInfo and PKCS#1 logic here is shared with the PEM module.

use base64ct::{Base64, Encoding};
use der::asn1::{AnyRef, BitStringRef, Null, ObjectIdentifier, UintRef};
use der::{Decode, Encode};
use pkcs8::spki::{AlgorithmIdentifier, SubjectPublicKeyInfo, SubjectPublicKeyInfoRef};
use ssh_key::public::{Ed25519PublicKey, KeyData};

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

/// Maps positions in base64-decoded bytes back to byte offsets in the text they came from,
/// so that errors found in the DER point into the input.
#[derive(Debug, Default)]
pub(crate) struct Base64Map {
    /// `(input offset, base64 characters)` of each run of base64 text, in order.
    segments: Vec<(usize, usize)>,
}

impl Base64Map {
    /// Records a run of `len` base64 characters at input offset `offset`.
    pub(crate) fn push(&mut self, offset: usize, len: usize) {
        if len > 0 {
            self.segments.push((offset, len));
        }
    }

    /// The input offset of the base64 text that encodes decoded byte `position`.
    pub(crate) fn offset_of(&self, position: usize) -> Option<usize> {
        let mut chars = (position / 3).saturating_mul(4);
        for &(offset, len) in &self.segments {
            if chars < len {
                return Some(offset.saturating_add(chars));
            }
            chars -= len;
        }
        self.segments.last().map(|(o, l)| o.saturating_add(*l))
    }

    /// The input offset where the base64 text starts.
    pub(crate) fn start(&self) -> Option<usize> {
        self.segments.first().map(|s| s.0)
    }
}

/// Where decoded DER came from, for error offsets.
#[derive(Clone, Copy)]
pub(crate) enum Origin<'a> {
    /// Binary DER starting at this input offset.
    Binary(usize),
    /// Base64 text (PEM body or a base64 string).
    Base64(&'a Base64Map),
    /// Decrypted bytes: positions mean nothing in the input.
    Decrypted,
}

/// A DER decoding error as a positioned [`Error::Parse`].
pub(crate) fn der_error(format: Format, origin: Origin<'_>, what: &str, e: der::Error) -> Error {
    let position = e.position().and_then(|p| usize::try_from(p).ok());
    let offset = match origin {
        Origin::Binary(start) => position.map(|p| start.saturating_add(p)),
        Origin::Base64(map) => position.and_then(|p| map.offset_of(p)).or(map.start()),
        Origin::Decrypted => None,
    };
    let reason = format!("{what}: {}", e.kind());
    match offset {
        Some(offset) => Error::parse_at(format, offset, reason),
        None => Error::parse(format, reason),
    }
}

fn encode_error(e: der::Error) -> Error {
    Error::unsupported(format!("DER encoding failed: {e}"))
}

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
        .all(|b| super::pem::is_base64(*b) || b.is_ascii_whitespace());
    if !looks_base64 {
        return decode_der(input, Origin::Binary(0), limits);
    }
    let mut map = Base64Map::default();
    let mut text = String::with_capacity(input.len());
    let mut run_start = None;
    for (i, &b) in input.iter().enumerate() {
        if b.is_ascii_whitespace() {
            if let Some(start) = run_start.take() {
                map.push(start, i - start);
            }
        } else {
            run_start.get_or_insert(i);
            text.push(char::from(b));
        }
    }
    if let Some(start) = run_start {
        map.push(start, input.len() - start);
    }
    if text.is_empty() {
        return Err(Error::parse(Format::Der, "empty input"));
    }
    let der = Base64::decode_vec(&text).map_err(|_| {
        Error::parse_at(
            Format::Der,
            map.start().unwrap_or_default(),
            "invalid base64 (bad padding or length)",
        )
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
