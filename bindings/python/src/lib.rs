//! Python binding of keywright: a thin pyo3 layer over the core crate.
//!
//! Every function here converts Python arguments into core types, calls one core function
//! and converts the result back. Key material is never parsed or formatted in this crate;
//! core errors become Python exceptions in one place ([`errors`]).

mod args;
mod audit;
mod authorized_keys;
mod certificate;
mod ec2;
mod errors;
mod interop;
mod known_hosts;
mod limits;
mod private;
mod public;
mod sshsig;

use pyo3::exceptions::PyUserWarning;
use pyo3::prelude::*;

use args::{Passphrase, Text};
use authorized_keys::AuthorizedKeysEntry;
use errors::Result;
use limits::Limits;
use private::PrivateKey;
use public::PublicKey;

/// Generates a key pair. ``algorithm`` is ``rsa``, ``ed25519``, ``ecdsa`` (with ``bits`` 256, 384 or
/// 521) or an SSH algorithm name; RSA ``bits`` default to 2048. Releases the GIL.
#[pyfunction]
#[pyo3(signature = (algorithm = "rsa", bits = None, comment = ""))]
fn generate(
    py: Python<'_>,
    algorithm: &str,
    bits: Option<u32>,
    comment: &str,
) -> Result<PrivateKey> {
    let algorithm = keywright::Algorithm::from_key_type(algorithm, bits)?;
    let mut key = py.detach(|| keywright::generate(algorithm, bits))?;
    key.set_comment(comment);
    Ok(PrivateKey::from(key))
}

/// Reads a private key in any supported format (detected), within ``limits`` (default
/// ``Limits()``). Releases the GIL.
///
/// Warns (``UserWarning``) with the core's advisory when the key calls for one: a P-521 key
/// read from a PuTTY file (CVE-2024-31497).
#[pyfunction]
#[pyo3(signature = (data, passphrase = None, *, limits = None))]
fn load_private(
    py: Python<'_>,
    data: Text<'_>,
    passphrase: Option<Passphrase>,
    limits: Option<&Limits>,
) -> Result<PrivateKey> {
    let data = data.as_bytes();
    let passphrase = passphrase.as_ref().map(Passphrase::core);
    let limits = limits::or_default(limits);
    let key = py.detach(|| keywright::load_private_with(data, passphrase, &limits))?;
    private_key(py, key)
}

/// Wraps a private key that was read, warning (``UserWarning``) with the core's advisory when
/// it calls for one.
fn private_key(py: Python<'_>, key: keywright::PrivateKey) -> Result<PrivateKey> {
    if let Some(advisory) = keywright::format::ppk_warning(&key) {
        let category = py.get_type::<PyUserWarning>();
        py.import("warnings")?
            .call_method1("warn", (advisory, category, 2))?;
    }
    Ok(PrivateKey::from(key))
}

/// Reads a public key in any supported format (detected), within ``limits`` (default
/// ``Limits()``).
#[pyfunction]
#[pyo3(signature = (data, *, limits = None))]
fn load_public(data: Text<'_>, limits: Option<&Limits>) -> Result<PublicKey> {
    let limits = limits::or_default(limits);
    Ok(PublicKey::from(keywright::load_public_with(
        data.as_bytes(),
        &limits,
    )?))
}

/// Reads a key of either kind in any supported format (detected), within ``limits``: a
/// private key file gives a ``PrivateKey`` (as ``load_private``, warning included),
/// anything else a ``PublicKey``.
#[pyfunction]
#[pyo3(signature = (data, passphrase = None, *, limits = None))]
fn load(
    py: Python<'_>,
    data: Text<'_>,
    passphrase: Option<Passphrase>,
    limits: Option<&Limits>,
) -> Result<Py<PyAny>> {
    let data = data.as_bytes();
    let passphrase = passphrase.as_ref().map(Passphrase::core);
    let limits = limits::or_default(limits);
    let key = match py.detach(|| keywright::load_with(data, passphrase, &limits))? {
        keywright::Key::Private(key) => Bound::new(py, private_key(py, *key)?)?.into_any(),
        keywright::Key::Public(key) => Bound::new(py, PublicKey::from(key))?.into_any(),
        other => Bound::new(py, PublicKey::from(other.public_key()))?.into_any(),
    };
    Ok(key.unbind())
}

/// The public key of a private key file, read without a passphrase where the format keeps
/// it in the clear (openssh-key-v1, PPK); None for PEM formats, which encrypt it. Within
/// ``limits`` (default ``Limits()``).
#[pyfunction]
#[pyo3(signature = (data, *, limits = None))]
fn peek_public(data: Text<'_>, limits: Option<&Limits>) -> Result<Option<PublicKey>> {
    let limits = limits::or_default(limits);
    Ok(keywright::peek_public_with(data.as_bytes(), &limits)?.map(PublicKey::from))
}

/// Parses an ``authorized_keys`` text into its key entries.
#[pyfunction]
fn parse_authorized_keys(text: Text<'_>) -> Result<Vec<AuthorizedKeysEntry>> {
    authorized_keys::parse(text.as_bytes())
}

/// Runs the ``keywright`` command line ``args`` (without the program name) in this process
/// and returns its exit code: ``python -m keywright`` (the CLI crate's code, not a copy).
/// Releases the GIL.
#[pyfunction]
fn _run_cli(py: Python<'_>, args: Vec<std::ffi::OsString>) -> u8 {
    py.detach(|| keywright_cli::run(args))
}

/// The ``keywright._keywright`` extension module, which the ``keywright`` package
/// re-exports (the Rust function has another name so that ``keywright::`` keeps naming the
/// core crate).
#[pymodule]
#[pyo3(name = "_keywright")]
fn keywright_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // Not in ``__all__``: ``keywright.__main__`` imports it from here.
    m.setattr("_run_cli", wrap_pyfunction!(_run_cli, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<PrivateKey>()?;
    m.add_class::<PublicKey>()?;
    m.add_class::<certificate::Certificate>()?;
    m.add_function(wrap_pyfunction!(certificate::load_certificate, m)?)?;
    m.add_class::<AuthorizedKeysEntry>()?;
    m.add_class::<Limits>()?;
    m.add_class::<ec2::Ec2ImportCheck>()?;
    m.add_function(wrap_pyfunction!(generate, m)?)?;
    m.add_function(wrap_pyfunction!(load_private, m)?)?;
    m.add_function(wrap_pyfunction!(interop::from_cryptography, m)?)?;
    m.add_function(wrap_pyfunction!(load_public, m)?)?;
    m.add_function(wrap_pyfunction!(load, m)?)?;
    m.add_function(wrap_pyfunction!(peek_public, m)?)?;
    m.add_function(wrap_pyfunction!(parse_authorized_keys, m)?)?;
    m.add_function(wrap_pyfunction!(ec2::ec2_match, m)?)?;
    m.add_function(wrap_pyfunction!(ec2::ec2_host_keys, m)?)?;
    m.add_function(wrap_pyfunction!(ec2::ec2_check_host_keys, m)?)?;
    m.add_function(wrap_pyfunction!(ec2::ec2_password, m)?)?;
    m.add_function(wrap_pyfunction!(ec2::ec2_check_key_name, m)?)?;
    m.add_function(wrap_pyfunction!(sshsig::sign, m)?)?;
    m.add_function(wrap_pyfunction!(sshsig::verify, m)?)?;
    m.add_function(wrap_pyfunction!(sshsig::find_principals, m)?)?;
    m.add_function(wrap_pyfunction!(authorized_keys::authorized_keys_add, m)?)?;
    m.add_function(wrap_pyfunction!(
        authorized_keys::authorized_keys_remove,
        m
    )?)?;
    m.add_function(wrap_pyfunction!(known_hosts::known_hosts_find, m)?)?;
    m.add_function(wrap_pyfunction!(known_hosts::known_hosts_remove, m)?)?;
    m.add_function(wrap_pyfunction!(known_hosts::known_hosts_hash, m)?)?;
    m.add_function(wrap_pyfunction!(audit::audit, m)?)?;
    m.add_function(wrap_pyfunction!(audit::audit_keys, m)?)?;
    m.add_class::<audit::Auditor>()?;
    m.add_class::<audit::AuditReport>()?;
    m.add_class::<audit::Finding>()?;
    m.add_class::<audit::Skipped>()?;
    errors::add_to_module(m)
}
