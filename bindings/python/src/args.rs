//! Argument conversions: text or bytes in, passphrases in.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// Input read as bytes: a ``bytes`` object, or a ``str`` taken as its UTF-8 encoding.
pub(crate) struct Text<'py>(Bound<'py, PyBytes>);

impl Text<'_> {
    /// The input's bytes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Text<'py> {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        utf8_or_bytes(obj).map(Text)
    }
}

/// A passphrase given as ``str`` (used as UTF-8) or ``bytes``, copied straight into the core's
/// zeroizing ``keywright::Passphrase``. (The Python objects, and the ``bytes`` Python makes
/// to encode a ``str``, are Python's: they are freed but cannot be wiped.)
pub(crate) struct Passphrase(keywright::Passphrase);

impl Passphrase {
    /// The core passphrase.
    pub(crate) fn core(&self) -> &keywright::Passphrase {
        &self.0
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Passphrase {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let bytes = utf8_or_bytes(obj)?;
        Ok(Passphrase(keywright::Passphrase::new(bytes.as_bytes())))
    }
}

/// ``bytes`` as they are, ``str`` encoded as UTF-8 by Python (no Rust-side copy of the text).
/// pyo3 adds the argument's name to a failure as a note (``while processing 'data'``).
fn utf8_or_bytes<'py>(obj: Borrowed<'_, 'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
    if let Ok(bytes) = obj.cast::<PyBytes>() {
        return Ok(bytes.to_owned());
    }
    if let Ok(text) = obj.cast::<PyString>() {
        return text.encode_utf8();
    }
    Err(PyTypeError::new_err(format!(
        "expected str or bytes, not {}",
        obj.get_type().name()?
    )))
}

/// A file system path: ``str``, ``bytes`` or an ``os.PathLike`` of either. Bytes are decoded
/// as Python decodes file names (``os.fsdecode``: the file system encoding with
/// ``surrogateescape``), so a name that is not UTF-8 reaches the file system unchanged.
pub(crate) struct FsPath(std::path::PathBuf);

impl FsPath {
    /// The path.
    pub(crate) fn into_inner(self) -> std::path::PathBuf {
        self.0
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for FsPath {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let py = obj.py();
        let text = py.import("os")?.call_method1("fsdecode", (obj,))?;
        Ok(FsPath(text.extract()?))
    }
}
