//! `keywright.AuthorizedKeysEntry` and `parse_authorized_keys`.

use keywright::Limits;
use keywright::authorized_keys::{Entries, Entry};
use pyo3::prelude::*;

use crate::errors::Result;
use crate::public::PublicKey;

/// One key line of an ``authorized_keys`` file.
#[pyclass(module = "keywright", frozen)]
pub(crate) struct AuthorizedKeysEntry(Entry);

/// Parses a whole ``authorized_keys`` input (the core's ``keywright::authorized_keys::parse``,
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

    /// The options, each as written (``from="10.0.0.1"``, ``no-pty``).
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

    /// The line as sshd reads it: ``[OPTIONS ]ALGO BASE64[ COMMENT]``, no newline.
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

/// ``text`` with ``keys`` appended (keys already present, by blob, are skipped), every other
/// line byte for byte, in the file's line ending; ``options`` goes before each new key.
#[pyfunction]
#[pyo3(signature = (text, keys, options = None))]
pub(crate) fn authorized_keys_add<'py>(
    py: Python<'py>,
    text: crate::args::Text<'_>,
    keys: Vec<PyRef<'py, PublicKey>>,
    options: Option<&str>,
) -> Result<Bound<'py, pyo3::types::PyBytes>> {
    let keys: Vec<keywright::PublicKey> = keys.iter().map(|k| k.core().clone()).collect();
    let edited = keywright::authorized_keys::add(text.as_bytes(), &keys, options)?;
    Ok(pyo3::types::PyBytes::new(py, &edited.text))
}

/// ``text`` without the key lines whose fingerprint (``SHA256:...``, ``MD5:...``) or comment is
/// ``target``, or whose key is ``target`` (a ``PublicKey``); refuses to remove the last key
/// unless ``force``.
#[pyfunction]
#[pyo3(signature = (text, target, force = false))]
pub(crate) fn authorized_keys_remove<'py>(
    py: Python<'py>,
    text: crate::args::Text<'_>,
    target: &Bound<'py, PyAny>,
    force: bool,
) -> Result<Bound<'py, pyo3::types::PyBytes>> {
    use keywright::authorized_keys::Selector;
    let edited = if let Ok(key) = target.cast::<PublicKey>() {
        keywright::authorized_keys::remove(text.as_bytes(), Selector::Key(key.get().core()), force)?
    } else {
        let target: String = target.extract()?;
        let selector = if target.starts_with("SHA256:") || target.starts_with("MD5:") {
            Selector::Fingerprint(&target)
        } else {
            Selector::Comment(target.as_bytes())
        };
        keywright::authorized_keys::remove(text.as_bytes(), selector, force)?
    };
    Ok(pyo3::types::PyBytes::new(py, &edited.text))
}
