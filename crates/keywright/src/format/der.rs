//! DER public keys (SubjectPublicKeyInfo, RFC 5280; PKCS#1 RSAPublicKey, RFC 8017), binary
//! or as one base64 string, as EC2's ImportKeyPair accepts them.

use crate::{Error, Limits, PublicKey, Result};

/// Reads binary DER or base64 DER of an SPKI or PKCS#1 RSAPublicKey.
pub(crate) fn decode_public(_input: &[u8], _limits: &Limits) -> Result<PublicKey> {
    Err(Error::unsupported(
        "reading DER public keys (not implemented yet)",
    ))
}

/// SubjectPublicKeyInfo DER.
pub(crate) fn encode_spki(_key: &PublicKey) -> Result<Vec<u8>> {
    Err(Error::unsupported("writing DER (not implemented yet)"))
}

/// SubjectPublicKeyInfo DER as one base64 line (no newline).
pub(crate) fn encode_base64(_key: &PublicKey) -> Result<String> {
    Err(Error::unsupported(
        "writing base64 DER (not implemented yet)",
    ))
}
