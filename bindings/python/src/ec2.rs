//! EC2 functions: which key pair a key is, and an instance's host keys from its console.

use keywright::ec2::{self, HostKeyCheck};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::args::Text;
use crate::errors::Result;
use crate::private::PrivateKey;
use crate::public::PublicKey;

/// One match: ``(KeyName, KeyPairId, matched_by)``.
type Matched = (Option<String>, Option<String>, &'static str);

/// The key pairs of EC2's JSON (``describe-key-pairs [--include-public-key]``,
/// ``create-key-pair``, ``import-key-pair``) that ``key`` (a ``PrivateKey`` or ``PublicKey``) is:
/// ``(KeyName, KeyPairId, matched_by)`` tuples. Only a private RSA key can match the
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

/// The host keys in the ``SSH HOST KEY KEYS`` block of an instance's console output
/// (``get-console-output``, text or JSON).
#[pyfunction]
pub(crate) fn ec2_host_keys(console_output: Text<'_>) -> Result<Vec<PublicKey>> {
    let console = ec2::parse_console_output(console_output.as_bytes())?;
    Ok(console.keys.into_iter().map(PublicKey::from).collect())
}

/// Checks ``ssh-keyscan`` output against an instance's console output: one
/// ``(verdict, key_type, sha256_fingerprint)`` per scanned key, verdict ``match``, ``mismatch``
/// or ``unknown`` (the console lists no key of that type).
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

/// What EC2's ImportKeyPair would say of a key (``PublicKey.ec2_check``).
#[pyclass(module = "keywright", frozen, eq, get_all)]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Ec2ImportCheck {
    /// Why EC2 refuses the key; empty when it accepts it.
    refusals: Vec<String>,
    /// What EC2 accepts but a person should know (an undocumented or weak RSA size).
    warnings: Vec<String>,
}

impl From<ec2::ImportCheck> for Ec2ImportCheck {
    fn from(check: ec2::ImportCheck) -> Self {
        Ec2ImportCheck {
            refusals: check.refusals,
            warnings: check.warnings,
        }
    }
}

#[pymethods]
impl Ec2ImportCheck {
    /// Whether EC2 accepts the key (no refusals).
    #[getter]
    fn accepted(&self) -> bool {
        self.refusals.is_empty()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Ec2ImportCheck refusals={:?} warnings={:?}>",
            self.refusals, self.warnings
        )
    }
}

/// The Windows Administrator password from EC2's ``GetPasswordData`` (the base64
/// ``PasswordData``), decrypted with the key pair's private RSA key, as
/// ``aws ec2 get-password-data --priv-launch-key`` does. Releases the GIL.
///
/// The RSA decryption is not constant-time (RUSTSEC-2023-0071): run it locally, never as a
/// service that decrypts data others send.
#[pyfunction]
pub(crate) fn ec2_password(
    py: Python<'_>,
    key: &PrivateKey,
    password_data: &str,
) -> Result<String> {
    let key = key.core();
    let password = py.detach(|| ec2::decrypt_password_data(&key, password_data.trim()))?;
    Ok(password.as_str().to_owned())
}

/// Checks an EC2 key-pair name: 1 to 255 ASCII characters, no leading or trailing space.
/// Raises ``ValueError`` saying what is wrong with it.
#[pyfunction]
pub(crate) fn ec2_check_key_name(name: &str) -> Result<()> {
    Ok(ec2::check_key_name(name)?)
}
