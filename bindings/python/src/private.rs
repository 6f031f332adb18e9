//! `keywright.PrivateKey`.

use std::sync::{PoisonError, RwLock, RwLockReadGuard};

use keywright::fs::{self, Existing};
use keywright::{Argon2Flavor, EncodeOptions, Format, HashAlg, LineEnding, PpkOptions, PpkVersion};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::args::{FsPath, Passphrase};
use crate::errors::{Result, os_error};
use crate::public::PublicKey;

/// A private key (held decrypted), with its comment. Never printed: ``repr()`` shows the
/// algorithm, size, fingerprint and comment only.
///
/// Safe to share between threads: the class is frozen (no ``RuntimeError: Already borrowed``
/// when one thread sets ``comment`` while another runs ``to_ppk``), the key sits behind a lock,
/// and each method works on a snapshot taken under it, so a method sees the key as it was
/// when it started. The lock is never held while waiting for the GIL.
#[pyclass(module = "keywright", frozen, eq)]
pub(crate) struct PrivateKey(RwLock<keywright::PrivateKey>);

impl From<keywright::PrivateKey> for PrivateKey {
    fn from(key: keywright::PrivateKey) -> Self {
        PrivateKey(RwLock::new(key))
    }
}

impl PrivateKey {
    /// A snapshot of the core key, for work done with the GIL released (the lock is held
    /// only while cloning, so a setter never waits for a long KDF).
    pub(crate) fn core(&self) -> keywright::PrivateKey {
        self.read().clone()
    }

    /// The key, read-locked: for quick work with the GIL held, never across ``detach``.
    fn read(&self) -> RwLockReadGuard<'_, keywright::PrivateKey> {
        self.0.read().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Clone for PrivateKey {
    fn clone(&self) -> Self {
        PrivateKey::from(self.core())
    }
}

impl PartialEq for PrivateKey {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other) || self.core() == other.core()
    }
}

#[pymethods]
impl PrivateKey {
    /// Signs ``message`` in ``namespace`` (SSHSIG); ``hash`` is ``sha512`` or ``sha256``. Returns the
    /// armoured signature. Releases the GIL.
    #[pyo3(signature = (namespace, message, hash = "sha512"))]
    fn sign(
        &self,
        py: Python<'_>,
        namespace: &str,
        message: crate::args::Text<'_>,
        hash: &str,
    ) -> Result<String> {
        crate::sshsig::sign_with(py, &self.core(), namespace, message.as_bytes(), hash)
    }

    /// Signs ``key`` as an SSH CA (as ``ssh-keygen -s``): a user certificate (a host one with
    /// ``host``), valid for ``validity`` in ``ssh-keygen -V`` form (default always:forever), the
    /// default extensions unless ``extensions`` are given. An RSA CA signs rsa-sha2-512.
    #[pyo3(signature = (key, key_id, principals = Vec::new(), host = false, validity = None,
        serial = 0, critical_options = std::collections::BTreeMap::new(), extensions = None))]
    #[allow(clippy::too_many_arguments)]
    fn certify(
        &self,
        key: &PublicKey,
        key_id: &str,
        principals: Vec<String>,
        host: bool,
        validity: Option<&str>,
        serial: u64,
        critical_options: std::collections::BTreeMap<String, String>,
        extensions: Option<std::collections::BTreeMap<String, String>>,
    ) -> Result<crate::certificate::Certificate> {
        crate::certificate::certify(
            &self.read(),
            key.core(),
            key_id,
            principals,
            host,
            validity,
            serial,
            critical_options,
            extensions,
        )
    }

    /// The SSH algorithm name, e.g. ``ssh-ed25519``.
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.read().algorithm().ssh_name()
    }

    /// The key size in bits, as ``ssh-keygen -l`` reports it.
    #[getter]
    fn bits(&self) -> u32 {
        self.read().bits()
    }

    /// The comment.
    #[getter]
    fn comment(&self) -> String {
        self.read().comment().into_owned()
    }

    /// The comment byte for byte, as the file held it (it need not be UTF-8).
    #[getter]
    fn comment_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        // Copied out first: no lock is held while Python allocates.
        let bytes = self.read().comment_bytes().to_vec();
        PyBytes::new(py, &bytes)
    }

    #[setter]
    fn set_comment(&self, comment: &str) {
        self.0
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .set_comment(comment);
    }

    /// The format the key was read from (``openssh``, ``pkcs8``, ``ppk3``, ...), or None.
    #[getter]
    fn format(&self) -> Option<&'static str> {
        self.read().format().map(keywright::Format::name)
    }

    /// The public half, with the same comment.
    fn public_key(&self) -> PublicKey {
        PublicKey::from(self.read().public_key())
    }

    /// ``openssh-key-v1`` text, encrypted (aes256-ctr, bcrypt-pbkdf) when a non-empty
    /// passphrase is given. Releases the GIL.
    #[pyo3(signature = (passphrase = None))]
    fn to_openssh<'py>(
        &self,
        py: Python<'py>,
        passphrase: Option<Passphrase>,
    ) -> Result<Bound<'py, PyString>> {
        let passphrase = passphrase.as_ref().map(Passphrase::core);
        let key = self.core();
        let text = py.detach(|| key.to_openssh(passphrase))?;
        Ok(PyString::new(py, &text))
    }

    /// PKCS#1 ``RSA PRIVATE KEY`` PEM (RSA only).
    fn to_pkcs1_pem<'py>(&self, py: Python<'py>) -> Result<Bound<'py, PyString>> {
        let text = self.read().to_pkcs1_pem(LineEnding::Lf)?;
        Ok(PyString::new(py, &text))
    }

    /// PKCS#8 PEM, encrypted (PBES2) when a non-empty passphrase is given. Releases the GIL.
    #[pyo3(signature = (passphrase = None))]
    fn to_pkcs8_pem<'py>(
        &self,
        py: Python<'py>,
        passphrase: Option<Passphrase>,
    ) -> Result<Bound<'py, PyString>> {
        let passphrase = passphrase.as_ref().map(Passphrase::core);
        let key = self.core();
        let text = py.detach(|| key.to_pkcs8_pem(passphrase, LineEnding::Lf))?;
        Ok(PyString::new(py, &text))
    }

    /// SEC1 ``EC PRIVATE KEY`` PEM (ECDSA only).
    fn to_sec1_pem<'py>(&self, py: Python<'py>) -> Result<Bound<'py, PyString>> {
        let text = self.read().to_sec1_pem(LineEnding::Lf)?;
        Ok(PyString::new(py, &text))
    }

    /// PuTTY ``.ppk`` text (version 2 or 3), encrypted when a non-empty passphrase is given.
    /// Releases the GIL.
    #[pyo3(signature = (
        version = 3,
        passphrase = None,
        argon2 = "id",
        argon2_memory = 8192,
        argon2_passes = None,
        argon2_parallelism = 1,
    ))]
    #[allow(clippy::too_many_arguments, reason = "mirrors the Python signature")]
    fn to_ppk<'py>(
        &self,
        py: Python<'py>,
        version: u8,
        passphrase: Option<Passphrase>,
        argon2: &str,
        argon2_memory: u32,
        argon2_passes: Option<u32>,
        argon2_parallelism: u32,
    ) -> Result<Bound<'py, PyString>> {
        let mut options = PpkOptions::default();
        options.version = PpkVersion::try_from(version)?;
        options.argon2.flavor = argon2.parse::<Argon2Flavor>()?;
        options.argon2.memory_kib = argon2_memory;
        if let Some(passes) = argon2_passes {
            options.argon2.passes = passes;
        }
        options.argon2.parallelism = argon2_parallelism;
        let passphrase = passphrase.as_ref().map(Passphrase::core);
        let key = self.core();
        let text = py.detach(|| key.to_ppk(&options, passphrase))?;
        Ok(PyString::new(py, &text))
    }

    /// The fingerprint as ``ssh-keygen -l`` prints it: ``hash`` is ``sha256`` or ``md5``.
    #[pyo3(signature = (hash = "sha256"))]
    fn fingerprint(&self, hash: &str) -> Result<String> {
        Ok(self.read().fingerprint(hash.parse::<HashAlg>()?))
    }

    /// The fingerprint the EC2 console shows for a key pair EC2 created (RSA, Ed25519).
    fn ec2_fingerprint(&self) -> Result<String> {
        Ok(keywright::ec2::fingerprint_created(&self.read())?)
    }

    /// Both fingerprints the EC2 console may show for this key: ``created`` (EC2 made the
    /// key pair) and ``imported`` (its public half was imported). For RSA they differ.
    fn ec2_fingerprints(&self) -> Result<std::collections::BTreeMap<&'static str, String>> {
        // One guard: a second read lock in the same thread can deadlock behind a writer.
        let key = self.read();
        Ok([
            ("created", keywright::ec2::fingerprint_created(&key)?),
            (
                "imported",
                keywright::ec2::fingerprint_imported(&key.public_key())?,
            ),
        ]
        .into_iter()
        .collect())
    }

    /// Writes the key to ``path`` as ``format`` (``openssh``, ``pkcs8``, ``pkcs1``,
    /// ``sec1``, ``dsa``, ``ppk2``, ``ppk3``; ``ppk`` means ``ppk3``), encrypted when a
    /// non-empty passphrase is given, as the ``keywright`` command writes key files: mode
    /// 0600 from creation, atomically (a temporary file in the same folder, synced, then
    /// linked or renamed into place). An existing file is refused unless ``force``, and
    /// only a regular file is ever replaced. Releases the GIL.
    #[pyo3(signature = (path, format = "openssh", passphrase = None, *, force = false))]
    fn write(
        &self,
        py: Python<'_>,
        path: FsPath,
        format: &str,
        passphrase: Option<Passphrase>,
        force: bool,
    ) -> Result<()> {
        let path = path.into_inner();
        let format = format.parse::<Format>()?;
        if !format.is_private() {
            return Err(
                PyValueError::new_err(format!("{format} is not a private key format")).into(),
            );
        }
        let options =
            EncodeOptions::default().with_passphrase(passphrase.map(|p| p.core().clone()));
        let existing = if force {
            Existing::Replace
        } else {
            Existing::Refuse
        };
        let key = self.core();
        py.detach(|| {
            // Refused before the (possibly slow) encryption, and again when linking.
            fs::check_target(&path, existing).map_err(|e| os_error(&path, &e))?;
            let bytes = key.encode_bytes(format, &options)?;
            fs::stage(&path, &bytes, fs::PRIVATE_MODE, existing)
                .and_then(fs::Staged::commit)
                .map_err(|e| os_error(&path, &e))
        })
    }

    /// Pickles as the unencrypted OpenSSH text (``load_private`` of it gives the key back,
    /// its comment byte for byte; ``format`` becomes ``openssh``). The pickle holds the
    /// private key in the clear, as an unencrypted key file does.
    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> Result<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
        let key = self.core();
        let text = py.detach(|| key.encode_bytes(Format::OpenSsh, &EncodeOptions::default()))?;
        let load = py.import("keywright")?.getattr("load_private")?;
        Ok((load, (PyBytes::new(py, &text),)))
    }

    /// The key as a ``cryptography`` private key object (``RSAPrivateKey``,
    /// ``EllipticCurvePrivateKey``, ``Ed25519PrivateKey``, ``DSAPrivateKey``), for signing
    /// or TLS code that takes those. Raises ``UnsupportedKey`` for FIDO keys.
    fn to_cryptography<'py>(&self, py: Python<'py>) -> Result<Bound<'py, PyAny>> {
        crate::interop::private_to_cryptography(py, &self.core())
    }

    /// The key as a ``paramiko`` ``PKey`` (``RSAKey``, ``ECDSAKey``, ``Ed25519Key``) to log
    /// in with: ``client.connect(host, pkey=key.to_paramiko())``. paramiko cannot read
    /// PuTTY ``.ppk`` files; ``load_private(ppk_text, passphrase).to_paramiko()`` can.
    /// Raises ``UnsupportedKey`` for FIDO keys, and for DSA keys with paramiko 4 or newer
    /// (which dropped them).
    fn to_paramiko<'py>(&self, py: Python<'py>) -> Result<Bound<'py, PyAny>> {
        crate::interop::private_to_paramiko(py, &self.core())
    }

    /// Deprecated alias of ``to_pkcs1_pem`` (the Rust name); warns ``DeprecationWarning``.
    fn to_pkcs1<'py>(&self, py: Python<'py>) -> Result<Bound<'py, PyString>> {
        deprecated(py, "to_pkcs1", "to_pkcs1_pem")?;
        self.to_pkcs1_pem(py)
    }

    /// Deprecated alias of ``to_pkcs8_pem`` (the Rust name); warns ``DeprecationWarning``.
    #[pyo3(signature = (passphrase = None))]
    fn to_pkcs8<'py>(
        &self,
        py: Python<'py>,
        passphrase: Option<Passphrase>,
    ) -> Result<Bound<'py, PyString>> {
        deprecated(py, "to_pkcs8", "to_pkcs8_pem")?;
        self.to_pkcs8_pem(py, passphrase)
    }

    /// Deprecated alias of ``to_sec1_pem`` (the Rust name); warns ``DeprecationWarning``.
    fn to_sec1<'py>(&self, py: Python<'py>) -> Result<Bound<'py, PyString>> {
        deprecated(py, "to_sec1", "to_sec1_pem")?;
        self.to_sec1_pem(py)
    }

    fn __repr__(&self) -> String {
        let key = self.read();
        format!(
            "<PrivateKey {} {} {} comment={:?}>",
            key.algorithm(),
            key.bits(),
            key.fingerprint(HashAlg::Sha256),
            key.comment()
        )
    }
}

/// Warns that ``PrivateKey.old`` is deprecated in favour of ``new`` (the Rust name).
fn deprecated(py: Python<'_>, old: &str, new: &str) -> PyResult<()> {
    let category = py.get_type::<pyo3::exceptions::PyDeprecationWarning>();
    py.import("warnings")?.call_method1(
        "warn",
        (
            format!("PrivateKey.{old} is deprecated: use {new}"),
            category,
            2,
        ),
    )?;
    Ok(())
}
