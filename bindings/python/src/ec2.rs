//! EC2 functions: which key pair a key is, and an instance's host keys from its console.

use keywright::ec2::{self, HostKeyCheck};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::args::Text;
use crate::errors::Result;
use crate::private::PrivateKey;
use crate::public::PublicKey;

/// One match: `(KeyName, KeyPairId, matched_by)`.
type Matched = (Option<String>, Option<String>, &'static str);

/// The key pairs of EC2's JSON (`describe-key-pairs [--include-public-key]`,
/// `create-key-pair`, `import-key-pair`) that `key` (a `PrivateKey` or `PublicKey`) is:
/// `(KeyName, KeyPairId, matched_by)` tuples. Only a private RSA key can match the
/// fingerprint of a key pair EC2 created.
#[pyfunction]
pub(crate) fn ec2_match(key_pairs: Text<'_>, key: &Bound<'_, PyAny>) -> Result<Vec<Matched>> {
    let pairs = ec2::parse_key_pairs(key_pairs.as_bytes())?;
    let found = if let Ok(private) = key.cast::<PrivateKey>() {
        let private = private.get().core();
        ec2::match_key_pairs(Some(&private), &private.public_key(), &pairs)
    } else if let Ok(public) = key.cast::<PublicKey>() {
        ec2::match_key_pairs(None, public.get().core(), &pairs)
    } else {
        return Err(PyTypeError::new_err("key must be a PrivateKey or a PublicKey").into());
    };
    Ok(found
        .into_iter()
        .filter_map(|(i, by)| {
            pairs
                .get(i)
                .map(|p| (p.name.clone(), p.id.clone(), by.name()))
        })
        .collect())
}

/// The host keys in the `SSH HOST KEY KEYS` block of an instance's console output
/// (`get-console-output`, text or JSON).
#[pyfunction]
pub(crate) fn ec2_host_keys(console_output: Text<'_>) -> Result<Vec<PublicKey>> {
    let console = ec2::parse_console_output(console_output.as_bytes())?;
    Ok(console.keys.into_iter().map(PublicKey::from).collect())
}

/// Checks `ssh-keyscan` output against an instance's console output: one
/// `(verdict, key_type, sha256_fingerprint)` per scanned key, verdict `match`, `mismatch`
/// or `unknown` (the console lists no key of that type).
#[pyfunction]
pub(crate) fn ec2_check_host_keys(
    console_output: Text<'_>,
    scanned: Text<'_>,
) -> Result<Vec<(&'static str, &'static str, String)>> {
    let console = ec2::parse_console_output(console_output.as_bytes())?;
    let scanned = ec2::parse_scanned_keys(scanned.as_bytes())?;
    Ok(ec2::check_host_keys(&console, &scanned)
        .into_iter()
        .map(|check| match check {
            HostKeyCheck::Match {
                key_type,
                fingerprint,
            } => ("match", key_type, fingerprint),
            HostKeyCheck::Mismatch {
                key_type,
                fingerprint,
                ..
            } => ("mismatch", key_type, fingerprint),
            HostKeyCheck::Unknown {
                key_type,
                fingerprint,
            } => ("unknown", key_type, fingerprint),
        })
        .collect())
}
