//! `keywright.AuthorizedKeysEntry` and `parse_authorized_keys`.

use keywright::Limits;
use keywright::authorized_keys::{Entries, Entry};
use pyo3::prelude::*;

use crate::errors::Result;
use crate::public::PublicKey;

/// One key line of an `authorized_keys` file.
#[pyclass(module = "keywright", frozen)]
pub(crate) struct AuthorizedKeysEntry(Entry);

/// Parses a whole `authorized_keys` input (the core's [`keywright::authorized_keys::parse`],
/// over bytes).
pub(crate) fn parse(input: &[u8]) -> Result<Vec<AuthorizedKeysEntry>> {
    Ok(Entries::new(input, &Limits::DEFAULT)
        .map(|entry| entry.map(AuthorizedKeysEntry))
        .collect::<keywright::Result<_>>()?)
}

#[pymethods]
impl AuthorizedKeysEntry {
    /// The 1-based line number.
    #[getter]
    fn line(&self) -> usize {
        self.0.line
    }

    /// The options, each as written (`from="10.0.0.1"`, `no-pty`).
    #[getter]
    fn options(&self) -> Vec<String> {
        self.0.options.clone()
    }

    /// The key (its comment is the line's comment, or empty).
    #[getter]
    fn key(&self) -> PublicKey {
        PublicKey::from(self.0.key.clone())
    }

    /// The comment after the key, or None.
    #[getter]
    fn comment(&self) -> Option<String> {
        self.0.comment.clone()
    }

    /// The line as sshd reads it: `[OPTIONS ]ALGO BASE64[ COMMENT]`, no newline.
    fn to_line(&self) -> String {
        self.0.to_line()
    }

    fn __repr__(&self) -> String {
        format!(
            "<AuthorizedKeysEntry line={} options={:?} {} comment={:?}>",
            self.0.line,
            self.0.options,
            self.0.key.fingerprint(keywright::HashAlg::Sha256),
            self.0.comment
        )
    }
}
