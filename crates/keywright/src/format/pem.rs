//! PEM private and public keys: PKCS#1 (RFC 8017), SEC1, PKCS#8 (RFC 5208/5958, PBES2
//! RFC 8018), SubjectPublicKeyInfo (RFC 5280), OpenSSL's DSA, and the legacy
//! `Proc-Type: 4,ENCRYPTED` encryption (RFC 1421/1423).

use zeroize::Zeroizing;

use super::LineEnding;
use crate::{Error, Limits, Passphrase, PrivateKey, PublicKey, Result};

fn todo(what: &str) -> Error {
    Error::unsupported(format!("{what} (not implemented yet)"))
}

/// Reads any private-key PEM (PKCS#1, SEC1, PKCS#8 plain or encrypted, DSA, legacy
/// encryption).
pub(crate) fn decode_private(
    _input: &[u8],
    _passphrase: Option<&Passphrase>,
    _limits: &Limits,
) -> Result<PrivateKey> {
    Err(todo("reading PEM private keys"))
}

/// Reads a `PUBLIC KEY` or `RSA PUBLIC KEY` PEM.
pub(crate) fn decode_public(_input: &[u8], _limits: &Limits) -> Result<PublicKey> {
    Err(todo("reading PEM public keys"))
}

/// Writes PKCS#1 `RSA PRIVATE KEY`.
pub(crate) fn encode_pkcs1(_key: &PrivateKey, _le: LineEnding) -> Result<Zeroizing<String>> {
    Err(todo("writing PKCS#1"))
}

/// Writes SEC1 `EC PRIVATE KEY`.
pub(crate) fn encode_sec1(_key: &PrivateKey, _le: LineEnding) -> Result<Zeroizing<String>> {
    Err(todo("writing SEC1"))
}

/// Writes PKCS#8 `PRIVATE KEY`, or `ENCRYPTED PRIVATE KEY` with a passphrase.
pub(crate) fn encode_pkcs8(
    _key: &PrivateKey,
    _passphrase: Option<&Passphrase>,
    _le: LineEnding,
) -> Result<Zeroizing<String>> {
    Err(todo("writing PKCS#8"))
}

/// Writes SubjectPublicKeyInfo `PUBLIC KEY`.
pub(crate) fn encode_spki(_key: &PublicKey, _le: LineEnding) -> Result<String> {
    Err(todo("writing SPKI PEM"))
}

/// Writes PKCS#1 `RSA PUBLIC KEY`.
pub(crate) fn encode_pkcs1_public(_key: &PublicKey, _le: LineEnding) -> Result<String> {
    Err(todo("writing PKCS#1 public PEM"))
}
