//! `keywright.Certificate`, `keywright.load_certificate` and `PrivateKey.certify`: thin
//! callers of `keywright::certificate`.

use std::collections::BTreeMap;

use keywright::{CertType, LineEnding};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::args::Text;
use crate::errors::Result;
use crate::public::PublicKey;

/// An OpenSSH certificate (``*-cert-v01@openssh.com``): a public key signed by a CA with its
/// constraints. Immutable; equal when the certificate bytes are.
#[pyclass(module = "keywright", frozen, eq)]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Certificate(keywright::Certificate);

impl From<keywright::Certificate> for Certificate {
    fn from(cert: keywright::Certificate) -> Self {
        Certificate(cert)
    }
}

/// Reads a certificate (``*-cert.pub`` text, an ``authorized_keys``-style line, or RFC 4716).
#[pyfunction]
pub(crate) fn load_certificate(data: Text<'_>) -> Result<Certificate> {
    Ok(Certificate(keywright::Certificate::load(data.as_bytes())?))
}

#[pymethods]
impl Certificate {
    /// ``"user"`` or ``"host"``.
    #[getter]
    fn cert_type(&self) -> &'static str {
        self.0.cert_type().as_str()
    }

    /// The certified public key (with the line's comment).
    #[getter]
    fn public_key(&self) -> PublicKey {
        PublicKey::from(self.0.public_key().clone())
    }

    /// The signing CA's public key.
    #[getter]
    fn ca_key(&self) -> PublicKey {
        PublicKey::from(self.0.ca_key().clone())
    }

    /// The CA signature's algorithm (``ssh-ed25519``, ``rsa-sha2-512``, ...).
    #[getter]
    fn signature_algorithm(&self) -> String {
        self.0.signature_algorithm()
    }

    /// The key ID.
    #[getter]
    fn key_id(&self) -> String {
        self.0.key_id().to_owned()
    }

    /// The serial number.
    #[getter]
    fn serial(&self) -> u64 {
        self.0.serial()
    }

    /// The principals; empty means any.
    #[getter]
    fn principals(&self) -> Vec<String> {
        self.0.principals().to_vec()
    }

    /// Valid from (Unix seconds, inclusive).
    #[getter]
    fn valid_after(&self) -> u64 {
        self.0.valid_after()
    }

    /// Valid until (Unix seconds, exclusive; 2**64-1 for forever).
    #[getter]
    fn valid_before(&self) -> u64 {
        self.0.valid_before()
    }

    /// The validity as ``ssh-keygen -L`` prints it (UTC).
    #[getter]
    fn validity(&self) -> String {
        self.0.validity()
    }

    /// Critical options, name to value ("" for flags).
    #[getter]
    fn critical_options(&self) -> BTreeMap<String, String> {
        self.0.critical_options().clone()
    }

    /// Extensions, name to value ("" for flags).
    #[getter]
    fn extensions(&self) -> BTreeMap<String, String> {
        self.0.extensions().clone()
    }

    /// The lines ``ssh-keygen -L`` prints for it (without indentation).
    fn ssh_keygen_lines(&self) -> Vec<String> {
        self.0.ssh_keygen_lines()
    }

    /// The ``*-cert.pub`` line, without a newline.
    fn to_openssh(&self) -> String {
        self.0.to_openssh()
    }

    /// The certificate file's bytes (comment byte for byte, with a newline).
    fn encode_bytes(&self) -> Vec<u8> {
        self.0.encode_bytes(Some(LineEnding::Lf))
    }

    /// Pickles as the certificate file's bytes (``load_certificate`` of them gives it back).
    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> Result<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
        let bytes = self.0.encode_bytes(Some(LineEnding::Lf));
        let load = py.import("keywright")?.getattr("load_certificate")?;
        Ok((load, (PyBytes::new(py, &bytes),)))
    }

    /// Checks the CA signature over the certificate's bytes; raises CertificateError.
    fn verify_signature(&self) -> Result<()> {
        Ok(self.0.verify_signature()?)
    }

    /// What sshd checks: signed by ``ca``, the signature holds, valid at ``time`` (Unix seconds),
    /// ``principal`` listed (when given), only known critical options; raises
    /// CertificateError naming the first failure.
    #[pyo3(signature = (ca, time, principal = None))]
    fn verify(&self, ca: &PublicKey, time: u64, principal: Option<&str>) -> Result<()> {
        Ok(self.0.verify(ca.core(), time, principal)?)
    }

    fn __repr__(&self) -> String {
        format!(
            "<keywright.Certificate {} {} id={:?} serial={} {}>",
            self.0.cert_type(),
            self.0.algorithm().cert_ssh_name(),
            self.0.key_id(),
            self.0.serial(),
            self.0.validity()
        )
    }
}

/// Signs ``key`` with ``ca`` (see ``PrivateKey.certify``).
#[allow(clippy::too_many_arguments)]
pub(crate) fn certify(
    ca: &keywright::PrivateKey,
    key: &keywright::PublicKey,
    key_id: &str,
    principals: Vec<String>,
    host: bool,
    validity: Option<&str>,
    serial: u64,
    critical_options: BTreeMap<String, String>,
    extensions: Option<BTreeMap<String, String>>,
) -> Result<Certificate> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (after, before) = match validity {
        Some(spec) => keywright::certificate::parse_validity(spec, now)?,
        None => (0, keywright::certificate::FOREVER),
    };
    let mut builder = keywright::Certificate::builder(key)
        .cert_type(if host { CertType::Host } else { CertType::User })
        .key_id(key_id)
        .principals(principals)
        .serial(serial)
        .validity(after, before);
    for (name, value) in critical_options {
        builder = builder.critical_option(name, value);
    }
    if let Some(extensions) = extensions {
        builder = builder.no_default_extensions();
        for (name, value) in extensions {
            builder = builder.extension(name, value);
        }
    }
    Ok(Certificate(builder.sign(ca)?))
}
