//! Core errors as Python exceptions: the one place that maps [`keywright::ErrorKind`]s.
//!
//! ```text
//! Exception
//! ├── keywright.Error                  every failure the core reports
//! │   ├── ParseError (also ValueError) malformed or inconsistent input
//! │   ├── WrongPassphrase              wrong passphrase, or one is needed and none given
//! │   ├── IntegrityError               a MAC did not verify (tampered or corrupt file)
//! │   ├── UnsupportedKey               algorithm, cipher, KDF or format not supported
//! │   ├── LimitExceeded                input over a size or cost limit
//! │   ├── SignatureError               an SSH signature that does not verify
//! │   └── CertificateError             a certificate that is not accepted
//! ├── ValueError                       an invalid argument (a caller bug, not bad data)
//! └── OSError                          a read from a stream failed
//! ```
//!
//! `InvalidArgument` maps to the built-in `ValueError`, not to a `keywright.Error`: it is
//! the caller passing a bad value (`bits=100`, `hash="sha1"`), which Python code reports
//! with `ValueError` everywhere; `keywright.Error` is kept for what the key data says.

use keywright::ErrorKind;
use pyo3::exceptions::{PyException, PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};

pyo3::create_exception!(
    keywright,
    Error,
    PyException,
    "Base class of every error keywright reports about keys and key files."
);
pyo3::create_exception!(
    keywright,
    WrongPassphrase,
    Error,
    "The passphrase does not decrypt the key, or the key is encrypted and none was given."
);
pyo3::create_exception!(
    keywright,
    IntegrityError,
    Error,
    "An integrity check (a MAC) failed: the file was altered or corrupted."
);
pyo3::create_exception!(
    keywright,
    UnsupportedKey,
    Error,
    "The key algorithm, cipher, KDF or requested format is not supported."
);
pyo3::create_exception!(
    keywright,
    LimitExceeded,
    Error,
    "The input asks for more than keywright's limits allow (size, KDF cost, RSA bits)."
);

pyo3::create_exception!(
    keywright,
    SignatureError,
    Error,
    "An SSH signature does not verify: wrong key, namespace or message, or a signer the allowed_signers text does not trust."
);

pyo3::create_exception!(
    keywright,
    CertificateError,
    Error,
    "An OpenSSH certificate is not accepted: its CA signature, validity, principals, type, critical options or CA."
);

const PARSE_ERROR_DOC: &str = "The input is not a well-formed, consistent key in the format being read.\n\n\
Also a ValueError, so code that catches ValueError for bad input keeps working.";

/// ``ParseError(Error, ValueError)``: two bases, which ``create_exception!`` cannot express, so
/// it is made once with ``type(...)``.
static PARSE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn parse_error(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    PARSE_ERROR
        .get_or_try_init(py, || {
            let bases = PyTuple::new(py, [py.get_type::<Error>(), py.get_type::<PyValueError>()])?;
            let namespace = PyDict::new(py);
            namespace.set_item("__module__", "keywright")?;
            namespace.set_item("__doc__", PARSE_ERROR_DOC)?;
            py.get_type::<PyType>()
                .call1(("ParseError", bases, namespace))?
                .cast_into::<PyType>()
                .map(Bound::unbind)
                .map_err(PyErr::from)
        })
        .map(|ty| ty.bind(py))
}

/// Adds the exception classes to the module.
pub(crate) fn add_to_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("Error", py.get_type::<Error>())?;
    m.add("ParseError", parse_error(py)?)?;
    m.add("WrongPassphrase", py.get_type::<WrongPassphrase>())?;
    m.add("IntegrityError", py.get_type::<IntegrityError>())?;
    m.add("UnsupportedKey", py.get_type::<UnsupportedKey>())?;
    m.add("LimitExceeded", py.get_type::<LimitExceeded>())?;
    m.add("SignatureError", py.get_type::<SignatureError>())?;
    m.add("CertificateError", py.get_type::<CertificateError>())?;
    Ok(())
}

/// An error on its way to Python: a core error (``?`` turns a ``keywright::Error`` into one),
/// or a Python exception raised while talking to Python (e.g. a warning turned into an error).
#[derive(Debug)]
pub(crate) enum KwError {
    /// From the core: raised as the exception its kind maps to.
    Core(keywright::Error),
    /// Already a Python exception.
    Python(PyErr),
}

/// The binding's result type.
pub(crate) type Result<T, E = KwError> = core::result::Result<T, E>;

impl From<keywright::Error> for KwError {
    fn from(err: keywright::Error) -> Self {
        KwError::Core(err)
    }
}

impl From<PyErr> for KwError {
    fn from(err: PyErr) -> Self {
        KwError::Python(err)
    }
}

impl From<KwError> for PyErr {
    fn from(err: KwError) -> PyErr {
        let err = match err {
            KwError::Core(err) => err,
            KwError::Python(err) => return err,
        };
        // The message is the core's `Display`, unchanged.
        let message = err.to_string();
        match err.kind() {
            ErrorKind::Parse => Python::attach(|py| match parse_error(py) {
                Ok(ty) => PyErr::from_type(ty.clone(), message),
                Err(e) => e,
            }),
            ErrorKind::PassphraseRequired | ErrorKind::WrongPassphrase => {
                WrongPassphrase::new_err(message)
            }
            ErrorKind::Integrity => IntegrityError::new_err(message),
            ErrorKind::Unsupported => UnsupportedKey::new_err(message),
            ErrorKind::LimitExceeded => LimitExceeded::new_err(message),
            ErrorKind::InvalidArgument => PyValueError::new_err(message),
            ErrorKind::Io => PyOSError::new_err(message),
            ErrorKind::Signature => SignatureError::new_err(message),
            ErrorKind::Certificate => CertificateError::new_err(message),
            // `ErrorKind` is non-exhaustive: a kind added later is still a keywright.Error.
            _ => Error::new_err(message),
        }
    }
}

/// A file error as Python raises one: ``OSError(errno, message, path)``, which Python turns
/// into the subclass the errno names (``FileExistsError``, ``PermissionError``, ...). Errors the
/// core makes without an OS error number (refusing to replace an existing file or a
/// non-regular one) get the number of their kind.
pub(crate) fn os_error(path: &std::path::Path, err: &std::io::Error) -> KwError {
    Python::attach(|py| {
        let name = match err.kind() {
            std::io::ErrorKind::AlreadyExists => "EEXIST",
            std::io::ErrorKind::NotFound => "ENOENT",
            std::io::ErrorKind::PermissionDenied => "EACCES",
            _ => "EINVAL",
        };
        let (errno, message) = match err.raw_os_error() {
            // Python's own wording for OS errors (`[Errno 13] Permission denied: 'path'`).
            Some(n) => (
                n.into_pyobject(py)?.into_any(),
                py.import("os")?.call_method1("strerror", (n,))?.extract()?,
            ),
            None => (
                py.import("errno")?.getattr(name)?,
                keywright::text::escape(err.to_string().as_bytes()).into_owned(),
            ),
        };
        let exc = py.get_type::<PyOSError>().call1((errno, message, path))?;
        Ok(PyErr::from_value(exc))
    })
    .unwrap_or_else(|e: PyErr| e)
    .into()
}

/// ``UnsupportedKey``: what the binding cannot hand over, with the core's wording.
pub(crate) fn unsupported(what: String) -> KwError {
    KwError::Core(keywright::Error::Unsupported { what })
}
