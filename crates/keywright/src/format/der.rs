//! DER public keys (SubjectPublicKeyInfo, RFC 5280 §4.1; PKCS#1 RSAPublicKey, RFC 8017
//! §A.1.1), binary or as one base64 string, as EC2's ImportKeyPair accepts them.
//!
//! The structures are [`super::spki`]'s and [`super::pkcs1`]'s, shared with PEM.

use base64ct::{Base64, Encoding};

use super::asn1::Origin;
use super::text::{Base64Body, is_base64};
use super::{pkcs1, spki};
use crate::{Error, Format, Limits, PublicKey, Result};

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
    if pkcs1::is_rsa_public(der) {
        pkcs1::decode_public(der, Format::Der, origin, limits)
    } else {
        spki::decode(der, Format::Der, origin, limits)
    }
}

/// SubjectPublicKeyInfo DER.
pub(crate) fn encode_spki(key: &PublicKey) -> Result<Vec<u8>> {
    spki::encode(key)
}

/// SubjectPublicKeyInfo DER as one base64 line (no newline).
pub(crate) fn encode_base64(key: &PublicKey) -> Result<String> {
    Ok(Base64::encode_string(&spki::encode(key)?))
}
