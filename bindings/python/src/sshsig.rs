//! SSH signatures: `keywright.sign`, `keywright.verify`, `keywright.find_principals`, and the
//! `PrivateKey.sign` / `PublicKey.verify` methods. Hashing runs with the GIL released.

use keywright::LineEnding;
use keywright::allowed_signers::AllowedSigners;
use keywright::sshsig::{SigHash, Signature};
use pyo3::prelude::*;

use crate::args::Text;
use crate::errors::Result;
use crate::private::PrivateKey;
use crate::public::PublicKey;

/// Signs ``message`` with ``key`` in ``namespace``; returns the armoured signature
/// (``-----BEGIN SSH SIGNATURE-----``), as ``ssh-keygen -Y sign`` writes it.
pub(crate) fn sign_with(
    py: Python<'_>,
    key: &keywright::PrivateKey,
    namespace: &str,
    message: &[u8],
    hash: &str,
) -> Result<String> {
    let hash: SigHash = hash.parse()?;
    let sig = py.detach(|| keywright::sshsig::sign(key, namespace, message, hash))?;
    Ok(sig.to_pem(LineEnding::Lf))
}

/// Checks an armoured (or raw) signature over ``message`` in ``namespace`` against ``key``.
pub(crate) fn verify_with(
    py: Python<'_>,
    key: &keywright::PublicKey,
    signature: &[u8],
    namespace: &str,
    message: &[u8],
) -> Result<()> {
    py.detach(|| Signature::decode(signature)?.verify(namespace, message, key))?;
    Ok(())
}

/// ``PublicKey.verify_many``: one bool per pair, malformed signatures counting as false.
pub(crate) fn verify_many(
    py: Python<'_>,
    key: &keywright::PublicKey,
    signatures: &[Text<'_>],
    namespace: &str,
    messages: &[Text<'_>],
) -> Result<Vec<bool>> {
    if signatures.len() != messages.len() {
        return Err(keywright::Error::InvalidArgument {
            reason: "signatures and messages differ in length".into(),
        }
        .into());
    }
    let items: Vec<(&[u8], &[u8])> = signatures
        .iter()
        .zip(messages)
        .map(|(s, m)| (s.as_bytes(), m.as_bytes()))
        .collect();
    let results = py.detach(|| keywright::sshsig::verify_many(key, namespace, &items));
    Ok(results.iter().map(Result::is_ok).collect())
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Signs ``message`` (str or bytes) with ``key`` in ``namespace``; ``hash`` is ``sha512`` or ``sha256``.
/// Returns the armoured signature. Releases the GIL.
#[pyfunction]
#[pyo3(signature = (key, namespace, message, hash = "sha512"))]
pub(crate) fn sign(
    py: Python<'_>,
    key: PyRef<'_, PrivateKey>,
    namespace: &str,
    message: Text<'_>,
    hash: &str,
) -> Result<String> {
    sign_with(py, &key.core(), namespace, message.as_bytes(), hash)
}

/// Checks ``signature`` (armoured or raw) over ``message`` in ``namespace``, against ``key``, or
/// against ``allowed_signers`` text for ``principal`` at ``time`` (Unix seconds; default now).
/// Returns None; raises SignatureError when it does not verify. Releases the GIL.
#[pyfunction]
#[pyo3(signature = (signature, namespace, message, key = None, *, allowed_signers = None, principal = None, time = None))]
#[allow(clippy::too_many_arguments, reason = "Python keyword arguments")]
pub(crate) fn verify(
    py: Python<'_>,
    signature: Text<'_>,
    namespace: &str,
    message: Text<'_>,
    key: Option<PyRef<'_, PublicKey>>,
    allowed_signers: Option<Text<'_>>,
    principal: Option<&str>,
    time: Option<u64>,
) -> Result<()> {
    let (signature, message) = (signature.as_bytes(), message.as_bytes());
    match (key, allowed_signers, principal) {
        (Some(key), None, None) => verify_with(py, key.core(), signature, namespace, message),
        (None, Some(signers), Some(principal)) => {
            let signers = signers.as_bytes();
            let time = time.unwrap_or_else(now);
            py.detach(|| {
                let sig = Signature::decode(signature)?;
                AllowedSigners::parse(signers)?.verify(&sig, namespace, message, principal, time)
            })?;
            Ok(())
        }
        _ => Err(keywright::Error::InvalidArgument {
            reason: "give key, or allowed_signers and principal".into(),
        }
        .into()),
    }
}

/// The principals ``allowed_signers`` text trusts for the signature's key at ``time`` (Unix
/// seconds; default now), as ``ssh-keygen -Y find-principals`` prints them; empty if none.
#[pyfunction]
#[pyo3(signature = (signature, allowed_signers, time = None))]
pub(crate) fn find_principals(
    signature: Text<'_>,
    allowed_signers: Text<'_>,
    time: Option<u64>,
) -> Result<Vec<String>> {
    let sig = Signature::decode(signature.as_bytes())?;
    let signers = AllowedSigners::parse(allowed_signers.as_bytes())?;
    Ok(signers.find_principals(&sig, time.unwrap_or_else(now)))
}
