//! Keys handed to and taken from the Python libraries keywright's users already hold:
//! pyca/cryptography's key objects and paramiko's ``PKey``.
//!
//! Keys cross as OpenSSH encodings, which both libraries read for every key type they
//! support (RSA, DSA, ECDSA P-256/384/521, Ed25519): keywright writes and reads them in the
//! core, so no key material is parsed or formatted here. The text passes through a Python
//! ``bytes``/``str``, which cannot be wiped (as any key in those libraries).

use keywright::{Algorithm, Format, LineEnding};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use crate::errors::{KwError, Result, unsupported};
use crate::private::PrivateKey;
use crate::public::PublicKey;

/// ``cryptography.hazmat.primitives.serialization``.
fn serialization(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    py.import("cryptography.hazmat.primitives.serialization")
}

/// FIDO keys have no object in cryptography or paramiko.
fn refuse_sk(algorithm: Algorithm, library: &str) -> Result<()> {
    if matches!(algorithm, Algorithm::SkEd25519 | Algorithm::SkEcdsaP256) {
        return Err(unsupported(format!(
            "{library} has no key objects for FIDO security keys ({algorithm})"
        )));
    }
    Ok(())
}

/// The ``cryptography`` private key object of ``key``.
pub(crate) fn private_to_cryptography<'py>(
    py: Python<'py>,
    key: &keywright::PrivateKey,
) -> Result<Bound<'py, PyAny>> {
    refuse_sk(key.algorithm(), "cryptography")?;
    let text = key.encode_bytes(Format::OpenSsh, &keywright::EncodeOptions::default())?;
    let bytes = PyBytes::new(py, &text);
    Ok(serialization(py)?.call_method1("load_ssh_private_key", (bytes, py.None()))?)
}

/// The ``cryptography`` public key object of ``key``.
pub(crate) fn public_to_cryptography<'py>(
    py: Python<'py>,
    key: &keywright::PublicKey,
) -> Result<Bound<'py, PyAny>> {
    refuse_sk(key.algorithm(), "cryptography")?;
    let line = key.encode_bytes(Format::OpenSshPub, LineEnding::Lf)?;
    let bytes = PyBytes::new(py, &line);
    Ok(serialization(py)?.call_method1("load_ssh_public_key", (bytes,))?)
}

/// The ``paramiko.PKey`` of ``key`` (``RSAKey``, ``ECDSAKey``, ``Ed25519Key``; ``DSSKey``
/// where the installed paramiko still has it).
pub(crate) fn private_to_paramiko<'py>(
    py: Python<'py>,
    key: &keywright::PrivateKey,
) -> Result<Bound<'py, PyAny>> {
    refuse_sk(key.algorithm(), "paramiko")?;
    let class = match key.algorithm() {
        Algorithm::Rsa => "RSAKey",
        Algorithm::Ed25519 => "Ed25519Key",
        Algorithm::Dsa => "DSSKey",
        _ => "ECDSAKey",
    };
    let paramiko = py.import("paramiko")?;
    let Ok(class) = paramiko.getattr(class) else {
        return Err(unsupported(format!(
            "the installed paramiko has no {class} ({} keys)",
            key.algorithm()
        )));
    };
    let text = key.encode(Format::OpenSsh, &keywright::EncodeOptions::default())?;
    let file = py
        .import("io")?
        .getattr("StringIO")?
        .call1((text.as_str(),))?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("file_obj", file)?;
    Ok(class.call((), Some(&kwargs))?)
}

/// A keywright key from a ``cryptography`` key object: ``RSAPrivateKey``,
/// ``EllipticCurvePrivateKey`` (P-256, P-384, P-521), ``Ed25519PrivateKey``,
/// ``DSAPrivateKey`` give a ``PrivateKey``; their public counterparts a ``PublicKey``. The
/// key gets ``comment`` (default empty); its ``format`` says ``openssh`` or
/// ``openssh-pub``, the encoding it crossed in.
#[pyfunction]
#[pyo3(signature = (key, comment = ""))]
pub(crate) fn from_cryptography(
    py: Python<'_>,
    key: &Bound<'_, PyAny>,
    comment: &str,
) -> Result<Py<PyAny>> {
    let asymmetric = py.import("cryptography.hazmat.primitives.asymmetric")?;
    let kinds = |suffix: &str| -> PyResult<Vec<Bound<'_, PyAny>>> {
        [
            ("rsa", "RSA"),
            ("ec", "EllipticCurve"),
            ("ed25519", "Ed25519"),
            ("dsa", "DSA"),
        ]
        .into_iter()
        .map(|(module, class)| {
            asymmetric
                .getattr(module)?
                .getattr(format!("{class}{suffix}").as_str())
        })
        .collect()
    };
    let is_any = |classes: Vec<Bound<'_, PyAny>>| -> PyResult<bool> {
        for class in classes {
            if key.is_instance(&class)? {
                return Ok(true);
            }
        }
        Ok(false)
    };
    let s = serialization(py)?;
    let openssh = s.getattr("Encoding")?.getattr("OpenSSH")?;
    if is_any(kinds("PrivateKey")?)? {
        check_curve(key)?;
        let pem = s.getattr("Encoding")?.getattr("PEM")?;
        let format = s.getattr("PrivateFormat")?.getattr("OpenSSH")?;
        let none = s.getattr("NoEncryption")?.call0()?;
        let text = key.call_method1("private_bytes", (pem, format, none))?;
        let text = text.cast::<PyBytes>().map_err(PyErr::from)?;
        let mut core = keywright::PrivateKey::from_openssh(text.as_bytes(), None)?;
        core.set_comment(comment);
        return Ok(Bound::new(py, PrivateKey::from(core))?.into_any().unbind());
    }
    if is_any(kinds("PublicKey")?)? {
        check_curve(key)?;
        let format = s.getattr("PublicFormat")?.getattr("OpenSSH")?;
        let line = key.call_method1("public_bytes", (openssh, format))?;
        let line = line.cast::<PyBytes>().map_err(PyErr::from)?;
        let mut core = keywright::load_public(line.as_bytes())?;
        core.set_comment(comment);
        return Ok(Bound::new(py, PublicKey::from(core))?.into_any().unbind());
    }
    Err(KwError::from(PyTypeError::new_err(format!(
        "expected a cryptography RSA, EC, Ed25519 or DSA key object, not {}",
        key.get_type().name()?
    ))))
}

/// Refuses EC keys on curves SSH has no name for (secp256k1, brainpool, ...).
fn check_curve(key: &Bound<'_, PyAny>) -> Result<()> {
    let Ok(curve) = key.getattr("curve") else {
        return Ok(());
    };
    let name: String = curve.getattr("name")?.extract()?;
    if matches!(name.as_str(), "secp256r1" | "secp384r1" | "secp521r1") {
        return Ok(());
    }
    Err(unsupported(format!(
        "ECDSA keys on {name} (SSH has P-256, P-384 and P-521)"
    )))
}
