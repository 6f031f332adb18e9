//! `keywright.PublicKey`.

use keywright::{Format, HashAlg, LineEnding};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::args::Text;
use crate::errors::Result;

/// A public key with its comment. Immutable and hashable; equality and hash compare the
/// key material only (not the comment or the source format).
#[pyclass(module = "keywright", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct PublicKey(keywright::PublicKey);

impl From<keywright::PublicKey> for PublicKey {
    fn from(key: keywright::PublicKey) -> Self {
        PublicKey(key)
    }
}

impl PublicKey {
    /// The core key.
    pub(crate) fn core(&self) -> &keywright::PublicKey {
        &self.0
    }
}

#[pymethods]
impl PublicKey {
    /// Checks many signatures (armoured or raw) against this key: ``signatures[i]`` over
    /// ``messages[i]``, in ``namespace``; one bool each. Releases the GIL and uses every core.
    fn verify_many(
        &self,
        py: Python<'_>,
        signatures: Vec<Text<'_>>,
        namespace: &str,
        messages: Vec<Text<'_>>,
    ) -> Result<Vec<bool>> {
        crate::sshsig::verify_many(py, &self.0, &signatures, namespace, &messages)
    }

    /// Checks an SSH signature (armoured ``-----BEGIN SSH SIGNATURE-----`` or raw) over
    /// ``message`` in ``namespace`` against this key; raises SignatureError when it does not
    /// verify. Releases the GIL.
    fn verify(
        &self,
        py: Python<'_>,
        signature: Text<'_>,
        namespace: &str,
        message: Text<'_>,
    ) -> Result<()> {
        crate::sshsig::verify_with(
            py,
            &self.0,
            signature.as_bytes(),
            namespace,
            message.as_bytes(),
        )
    }

    /// The SSH algorithm name, e.g. ``ssh-ed25519``.
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.0.algorithm().ssh_name()
    }

    /// The key size in bits, as ``ssh-keygen -l`` reports it.
    #[getter]
    fn bits(&self) -> u32 {
        self.0.bits()
    }

    /// The comment.
    #[getter]
    fn comment(&self) -> String {
        self.0.comment().into_owned()
    }

    /// The comment byte for byte, as the file held it (it need not be UTF-8).
    #[getter]
    fn comment_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.0.comment_bytes())
    }

    /// A copy of this key with another comment (the key is immutable).
    fn with_comment(&self, comment: &str) -> PublicKey {
        let mut key = self.0.clone();
        key.set_comment(comment);
        PublicKey(key)
    }

    /// The format the key was read from (``openssh-pub``, ``rfc4716``, ``spki``, ...), or None.
    #[getter]
    fn format(&self) -> Option<&'static str> {
        self.0.format().map(keywright::Format::name)
    }

    /// One OpenSSH line: ``ALGO BASE64[ COMMENT]``, no newline.
    fn to_openssh(&self) -> String {
        self.0.to_openssh()
    }

    /// RFC 4716 ``---- BEGIN SSH2 PUBLIC KEY ----`` text.
    fn to_rfc4716(&self) -> Result<String> {
        Ok(self.0.to_rfc4716(LineEnding::Lf)?)
    }

    /// SubjectPublicKeyInfo ``PUBLIC KEY`` PEM.
    fn to_spki_pem(&self) -> Result<String> {
        Ok(self.0.to_spki_pem(LineEnding::Lf)?)
    }

    /// SubjectPublicKeyInfo DER.
    fn to_spki_der<'py>(&self, py: Python<'py>) -> Result<Bound<'py, PyBytes>> {
        Ok(PyBytes::new(py, &self.0.to_spki_der()?))
    }

    /// Deprecated alias of ``to_spki_der`` (the Rust name; warns ``DeprecationWarning``).
    fn to_der<'py>(&self, py: Python<'py>) -> Result<Bound<'py, PyBytes>> {
        let category = py.get_type::<pyo3::exceptions::PyDeprecationWarning>();
        py.import("warnings")?.call_method1(
            "warn",
            (
                "PublicKey.to_der is deprecated: use to_spki_der",
                category,
                2,
            ),
        )?;
        self.to_spki_der(py)
    }

    /// The fingerprint as ``ssh-keygen -l`` prints it: ``hash`` is ``sha256`` or ``md5``.
    #[pyo3(signature = (hash = "sha256"))]
    fn fingerprint(&self, hash: &str) -> Result<String> {
        Ok(self.0.fingerprint(hash.parse::<HashAlg>()?))
    }

    /// The randomart picture ``ssh-keygen -lv`` prints under the fingerprint line (eleven
    /// lines, no trailing newline): ``hash`` is ``sha256`` or ``md5``.
    #[pyo3(signature = (hash = "sha256"))]
    fn randomart(&self, hash: &str) -> Result<String> {
        Ok(keywright::fingerprint::randomart(
            &self.0,
            hash.parse::<HashAlg>()?,
        ))
    }

    /// The SSHFP DNS records of this host key, as ``ssh-keygen -r HOSTNAME`` prints them
    /// (SHA-1, then SHA-256; no newlines).
    fn sshfp(&self, hostname: &str) -> Vec<String> {
        keywright::sshfp::records(hostname, &self.0)
    }

    /// The fingerprint the EC2 console shows for this key imported (RSA, Ed25519).
    fn ec2_fingerprint(&self) -> Result<String> {
        Ok(keywright::ec2::fingerprint_imported(&self.0)?)
    }

    /// What EC2's ImportKeyPair would say of this key for instances of ``platform``
    /// (``linux`` or ``windows``): an ``Ec2ImportCheck`` with the ``refusals`` (empty when
    /// EC2 accepts the key) and ``warnings`` (accepted, but worth knowing).
    #[pyo3(signature = (platform = "linux"))]
    fn ec2_check(&self, platform: &str) -> Result<crate::ec2::Ec2ImportCheck> {
        Ok(keywright::ec2::check_import_for(&self.0, platform.parse()?).into())
    }

    /// Pickles as the OpenSSH line (``load_public`` of it gives the key back, its comment
    /// byte for byte; ``format`` becomes ``openssh-pub``).
    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> Result<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
        let line = self.0.encode_bytes(Format::OpenSshPub, LineEnding::Lf)?;
        let load = py.import("keywright")?.getattr("load_public")?;
        Ok((load, (PyBytes::new(py, &line),)))
    }

    /// The key as a ``cryptography`` public key object (``RSAPublicKey``,
    /// ``EllipticCurvePublicKey``, ``Ed25519PublicKey``, ``DSAPublicKey``). Raises
    /// ``UnsupportedKey`` for FIDO keys.
    fn to_cryptography<'py>(&self, py: Python<'py>) -> Result<Bound<'py, PyAny>> {
        crate::interop::public_to_cryptography(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "<PublicKey {} {} {} comment={:?}>",
            self.0.algorithm(),
            self.0.bits(),
            self.0.fingerprint(HashAlg::Sha256),
            self.0.comment()
        )
    }
}
