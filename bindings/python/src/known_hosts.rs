//! `known_hosts` functions: thin callers of `keywright::known_hosts`.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::args::Text;
use crate::errors::Result;

/// What ``ssh-keygen -F host`` prints for ``text`` (empty when the host is not there).
#[pyfunction]
pub(crate) fn known_hosts_find<'py>(
    py: Python<'py>,
    text: Text<'_>,
    host: &str,
) -> Result<Bound<'py, PyBytes>> {
    let mut out = Vec::new();
    keywright::known_hosts::find(text.as_bytes(), host, &mut out)?;
    Ok(PyBytes::new(py, &out))
}

/// ``text`` without ``host``'s lines, as ``ssh-keygen -R host`` leaves the file.
#[pyfunction]
pub(crate) fn known_hosts_remove<'py>(
    py: Python<'py>,
    text: Text<'_>,
    host: &str,
) -> Result<Bound<'py, PyBytes>> {
    let edited = keywright::known_hosts::remove(text.as_bytes(), host)?;
    Ok(PyBytes::new(py, &edited.text))
}

/// ``text`` with its host names hashed, as ``ssh-keygen -H`` writes the file (random salts).
#[pyfunction]
pub(crate) fn known_hosts_hash<'py>(
    py: Python<'py>,
    text: Text<'_>,
) -> Result<Bound<'py, PyBytes>> {
    let edited =
        keywright::known_hosts::hash(text.as_bytes(), keywright::known_hosts::random_salt)?;
    Ok(PyBytes::new(py, &edited.text))
}
