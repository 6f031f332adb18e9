//! [`PublicKey`]: one public key, of any supported algorithm, with its comment.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};

use ssh_key::encoding::Encode;
use ssh_key::public::KeyData;

use super::{dsa, ecdsa, rsa, sk};
use crate::format::{self, LineEnding};
use crate::{Algorithm, Certificate, Error, Format, HashAlg, Limits, Result, fingerprint};

/// A public key with its comment.
///
/// Two public keys are equal when their key material is; comments and source formats are
/// not compared.
#[derive(Clone)]
pub struct PublicKey {
    inner: ssh_key::PublicKey,
    algorithm: Algorithm,
    format: Option<Format>,
    certificate: Option<Box<Certificate>>,
    /// Whether the comment was read from where a file stores it even when empty (an
    /// unencrypted or decrypted `openssh-key-v1` private key): `ssh-keygen -l` then shows an
    /// empty comment as empty, not as `no comment`.
    comment_stored: bool,
    /// The headers of an RFC 4716 file other than `Comment` (`Subject`, `x-...`), as
    /// `(name, value)`, written again by [`PublicKey::to_rfc4716`] after the comment.
    rfc4716_headers: Vec<(String, String)>,
}

/// The algorithm of `key`, or an error naming an algorithm we do not support.
pub(crate) fn algorithm_of(key: &ssh_key::Algorithm) -> Result<Algorithm> {
    Algorithm::from_ssh_name(key.as_str()).ok_or_else(|| Error::UnsupportedAlgorithm {
        name: key.as_str().to_owned(),
    })
}

impl PublicKey {
    /// Wraps and checks an `ssh-key` public key.
    pub(crate) fn from_ssh(inner: ssh_key::PublicKey, limits: &Limits) -> Result<Self> {
        let algorithm = algorithm_of(&inner.algorithm())?;
        match inner.key_data() {
            KeyData::Rsa(k) => rsa::check_public(k, limits)?,
            KeyData::Ecdsa(k) => ecdsa::check_public(k)?,
            KeyData::Dsa(k) => dsa::check_public(k)?,
            KeyData::SkEcdsaSha2NistP256(k) => sk::check_public_ecdsa(k)?,
            _ => {}
        }
        Ok(PublicKey {
            inner,
            algorithm,
            format: None,
            certificate: None,
            comment_stored: false,
            rfc4716_headers: Vec::new(),
        })
    }

    /// Attaches the certificate this key was read with.
    pub(crate) fn with_certificate(mut self, mut certificate: Certificate) -> Self {
        certificate.set_comment_bytes(self.comment_bytes());
        self.certificate = Some(Box::new(certificate));
        self
    }

    /// The certificate, when the key was read from a certificate (`*-cert.pub`, a
    /// certificate line in `authorized_keys`). The key itself is the certified key: its
    /// fingerprint is the one `ssh-keygen -l` prints for the certificate, and the
    /// OpenSSH writers write the certificate back byte for byte.
    #[must_use]
    pub fn certificate(&self) -> Option<&Certificate> {
        self.certificate.as_deref()
    }

    /// The key without its certificate.
    #[must_use]
    pub fn without_certificate(&self) -> PublicKey {
        let mut key = self.clone();
        key.certificate = None;
        key
    }

    /// Records the format the key was read from.
    pub(crate) fn with_format(mut self, format: Format) -> Self {
        self.format = Some(format);
        self
    }

    /// Records that the comment was read from a private file that stores it, so an empty
    /// comment is a comment (see [`PublicKey::comment_is_stored`]).
    pub(crate) fn with_comment_stored(mut self) -> Self {
        self.comment_stored = true;
        self
    }

    /// Whether the comment comes from an `openssh-key-v1` private key that holds it in the
    /// clear (or was decrypted), where `ssh-keygen -l` shows an empty comment as empty; for
    /// public lines and the other formats it shows `no comment`.
    #[must_use]
    pub fn comment_is_stored(&self) -> bool {
        self.comment_stored
    }

    /// The `ssh-key` public key.
    pub(crate) fn ssh(&self) -> &ssh_key::PublicKey {
        &self.inner
    }

    /// Decodes the SSH wire blob (RFC 4253 §6.6), as found base64-encoded in an
    /// `authorized_keys` line.
    ///
    /// # Examples
    /// ```
    /// let key = keywright::generate(keywright::Algorithm::Ed25519, None)?.public_key();
    /// assert_eq!(keywright::PublicKey::from_blob(&key.to_blob())?, key);
    /// # Ok::<(), keywright::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Parse`] for a malformed blob, [`Error::UnsupportedAlgorithm`] for an
    /// algorithm keywright does not handle, [`Error::InvalidKey`] or
    /// [`Error::LimitExceeded`] for an unacceptable key.
    pub fn from_blob(blob: &[u8]) -> Result<Self> {
        Self::from_blob_with(blob, &Limits::DEFAULT)
    }

    /// [`PublicKey::from_blob`] with explicit limits.
    ///
    /// # Errors
    /// As [`PublicKey::from_blob`].
    pub fn from_blob_with(blob: &[u8], limits: &Limits) -> Result<Self> {
        if Algorithm::from_cert_ssh_name(&blob_algorithm_name(blob)).is_some() {
            return crate::certificate::decode_line_blob(blob, b"", limits);
        }
        // Fixed sizes exact, points uncompressed, mpints canonical (as ssh-keygen reads).
        let canonical = format::wire::canonical_public_blob(blob, Format::OpenSshPub)?;
        let inner = ssh_key::PublicKey::from_bytes(&canonical).map_err(|e| match e {
            ssh_key::Error::AlgorithmUnknown | ssh_key::Error::AlgorithmUnsupported { .. } => {
                Error::UnsupportedAlgorithm {
                    name: blob_algorithm_name(blob),
                }
            }
            e => Error::parse(Format::OpenSshPub, format!("bad key blob: {e}")),
        })?;
        Self::from_ssh(inner, limits)
    }

    /// The SSH wire blob (RFC 4253 §6.6) of the key (not of its certificate: see
    /// [`Certificate::to_blob`]).
    ///
    /// # Examples
    /// ```
    /// let key = keywright::generate(keywright::Algorithm::Ed25519, None)?.public_key();
    /// assert_eq!(&key.to_blob()[..15], b"\0\0\0\x0bssh-ed25519"); // RFC 4253 string, then the key
    /// # Ok::<(), keywright::Error>(())
    /// ```
    #[must_use]
    pub fn to_blob(&self) -> Vec<u8> {
        // Encoding into a Vec cannot fail for a key that was decoded or generated.
        self.inner.key_data().encode_vec().unwrap_or_default()
    }

    /// The blob the SSH encodings write: the certificate's when there is one, else the
    /// key's.
    pub(crate) fn wire_blob(&self) -> Vec<u8> {
        match self.certificate() {
            Some(cert) => cert.to_blob().to_vec(),
            None => self.to_blob(),
        }
    }

    /// The algorithm.
    #[must_use]
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The key size in bits as `ssh-keygen -l` reports it (256 for Ed25519).
    #[must_use]
    pub fn bits(&self) -> u32 {
        match self.inner.key_data() {
            KeyData::Rsa(k) => rsa::bits(k),
            KeyData::Dsa(k) => dsa::bits(k),
            _ => match self.algorithm {
                Algorithm::EcdsaP384 => 384,
                Algorithm::EcdsaP521 => 521,
                _ => 256,
            },
        }
    }

    /// The comment (invalid UTF-8 replaced).
    #[must_use]
    pub fn comment(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(self.comment_bytes())
    }

    /// The comment byte for byte, as the file held it (it need not be UTF-8).
    #[must_use]
    pub fn comment_bytes(&self) -> &[u8] {
        self.inner.comment().as_bytes()
    }

    /// Sets the comment.
    pub fn set_comment(&mut self, comment: &str) {
        self.set_comment_bytes(comment.as_bytes());
    }

    /// The RFC 4716 headers other than `Comment` the key was read with.
    pub(crate) fn rfc4716_headers(&self) -> &[(String, String)] {
        &self.rfc4716_headers
    }

    /// Keeps the RFC 4716 headers other than `Comment`, to write them again.
    pub(crate) fn set_rfc4716_headers(&mut self, headers: Vec<(String, String)>) {
        self.rfc4716_headers = headers;
    }

    /// Sets the comment to bytes that need not be UTF-8, as files hold them.
    pub(crate) fn set_comment_bytes(&mut self, comment: &[u8]) {
        self.inner.set_comment(comment);
        if let Some(cert) = self.certificate.as_deref_mut() {
            cert.set_comment_bytes(comment);
        }
    }

    /// The format the key was read from, if it was read.
    #[must_use]
    pub fn format(&self) -> Option<Format> {
        self.format
    }

    /// The fingerprint as `ssh-keygen -l -E sha256|md5` prints it: `SHA256:<base64>` or
    /// `MD5:<hex:pairs>`.
    #[must_use]
    pub fn fingerprint(&self, hash: HashAlg) -> String {
        fingerprint::openssh(&self.to_blob(), hash)
    }

    /// Parses one OpenSSH public key line, `ALGO BASE64 [COMMENT]` (options as in
    /// `authorized_keys` are accepted and dropped).
    ///
    /// # Examples
    /// ```
    /// use keywright::{HashAlg, PublicKey};
    ///
    /// let line = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@host";
    /// let key = PublicKey::from_openssh(line)?;
    /// assert_eq!(key.comment(), "me@host");
    /// assert!(key.fingerprint(HashAlg::Sha256).starts_with("SHA256:"));
    /// # Ok::<(), keywright::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Parse`] for a malformed line, and the errors of [`PublicKey::from_blob`].
    pub fn from_openssh(line: &str) -> Result<Self> {
        format::openssh::decode_public(line.as_bytes(), &Limits::DEFAULT)
    }

    /// The OpenSSH public key line, `ALGO BASE64 COMMENT` (no comment part when empty), no
    /// trailing newline.
    ///
    /// # Examples
    /// ```
    /// let mut key = keywright::generate(keywright::Algorithm::Ed25519, None)?.public_key();
    /// key.set_comment("me@host");
    /// let line = key.to_openssh();
    /// assert!(line.starts_with("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5") && line.ends_with(" me@host"));
    /// # Ok::<(), keywright::Error>(())
    /// ```
    #[must_use]
    pub fn to_openssh(&self) -> String {
        // Only the comment can be other than ASCII, so this replaces just its invalid UTF-8
        // (and copies only then).
        String::from_utf8(format::openssh::encode_public(self))
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// Parses an RFC 4716 `SSH2 PUBLIC KEY` file; its `Comment:` header becomes the comment.
    ///
    /// # Examples
    /// ```
    /// use keywright::{LineEnding, PublicKey};
    ///
    /// let key = keywright::generate(keywright::Algorithm::EcdsaP256, None)?.public_key();
    /// let text = key.to_rfc4716(LineEnding::Lf)?;
    /// assert_eq!(PublicKey::from_rfc4716(&text)?, key);
    /// # Ok::<(), keywright::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Parse`] for a malformed file, and the errors of [`PublicKey::from_blob`].
    pub fn from_rfc4716(text: &str) -> Result<Self> {
        format::rfc4716::decode_public(text.as_bytes(), &Limits::DEFAULT)
    }

    /// The RFC 4716 `SSH2 PUBLIC KEY` file (lines at most 72 bytes), with the comment as its
    /// `Comment:` header.
    ///
    /// # Examples
    /// ```
    /// let key = keywright::generate(keywright::Algorithm::Ed25519, None)?.public_key();
    /// let text = key.to_rfc4716(keywright::LineEnding::Lf)?;
    /// assert!(text.starts_with("---- BEGIN SSH2 PUBLIC KEY ----\n"));
    /// # Ok::<(), keywright::Error>(())
    /// ```
    ///
    /// # Errors
    /// Does not fail for keys keywright reads or makes; the `Result` is for future headers.
    pub fn to_rfc4716(&self, line_ending: LineEnding) -> Result<String> {
        format::rfc4716::encode_public(self, line_ending)
    }

    /// Parses a `PUBLIC KEY` (SubjectPublicKeyInfo) or `RSA PUBLIC KEY` (PKCS#1) PEM.
    ///
    /// # Examples
    /// ```
    /// use keywright::{LineEnding, PublicKey};
    ///
    /// let key = keywright::generate(keywright::Algorithm::Rsa, Some(2048))?.public_key();
    /// assert_eq!(PublicKey::from_pem(&key.to_spki_pem(LineEnding::Lf)?)?, key);
    /// assert_eq!(PublicKey::from_pem(&key.to_pkcs1_pem(LineEnding::Lf)?)?, key);
    /// # Ok::<(), keywright::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Parse`] for malformed PEM or DER, [`Error::UnsupportedAlgorithm`].
    pub fn from_pem(text: &str) -> Result<Self> {
        format::pem::decode_public(text.as_bytes(), &Limits::DEFAULT)
    }

    /// The `PUBLIC KEY` (SubjectPublicKeyInfo) PEM, as `openssl pkey -pubout` writes it.
    ///
    /// # Examples
    /// ```
    /// let key = keywright::generate(keywright::Algorithm::Ed25519, None)?.public_key();
    /// let pem = key.to_spki_pem(keywright::LineEnding::Lf)?;
    /// assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
    /// # Ok::<(), keywright::Error>(())
    /// ```
    ///
    /// # Errors
    /// Does not fail for keys keywright reads or makes (DSA included).
    pub fn to_spki_pem(&self, line_ending: LineEnding) -> Result<String> {
        sk::check_writable(self.algorithm, Format::Spki)?;
        format::pem::encode_spki(self, line_ending)
    }

    /// The `RSA PUBLIC KEY` (PKCS#1) PEM.
    ///
    /// # Examples
    /// ```
    /// use keywright::{Algorithm, LineEnding};
    ///
    /// let rsa = keywright::generate(Algorithm::Rsa, Some(2048))?.public_key();
    /// assert!(rsa.to_pkcs1_pem(LineEnding::Lf)?.starts_with("-----BEGIN RSA PUBLIC KEY-----\n"));
    /// let ed25519 = keywright::generate(Algorithm::Ed25519, None)?.public_key();
    /// assert!(ed25519.to_pkcs1_pem(LineEnding::Lf).is_err());
    /// # Ok::<(), keywright::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Unsupported`] for keys other than RSA.
    pub fn to_pkcs1_pem(&self, line_ending: LineEnding) -> Result<String> {
        sk::check_writable(self.algorithm, Format::Pkcs1Pub)?;
        format::pem::encode_pkcs1_public(self, line_ending)
    }

    /// Parses DER (SubjectPublicKeyInfo, or PKCS#1 RSAPublicKey), binary or base64.
    ///
    /// # Examples
    /// ```
    /// let key = keywright::generate(keywright::Algorithm::EcdsaP256, None)?.public_key();
    /// let der = key.to_spki_der()?;
    /// assert_eq!(keywright::PublicKey::from_der(&der)?, key);
    /// # Ok::<(), keywright::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Parse`] for malformed input, [`Error::UnsupportedAlgorithm`].
    pub fn from_der(input: &[u8]) -> Result<Self> {
        format::der::decode_public(input, &Limits::DEFAULT)
    }

    /// The SubjectPublicKeyInfo DER.
    ///
    /// # Examples
    /// ```
    /// let key = keywright::generate(keywright::Algorithm::Ed25519, None)?.public_key();
    /// assert_eq!(key.to_spki_der()?.len(), 44); // SEQUENCE { AlgorithmIdentifier, BIT STRING }
    /// # Ok::<(), keywright::Error>(())
    /// ```
    ///
    /// # Errors
    /// Does not fail for keys keywright reads or makes (DSA included).
    pub fn to_spki_der(&self) -> Result<Vec<u8>> {
        sk::check_writable(self.algorithm, Format::Der)?;
        format::der::encode_spki(self)
    }

    /// Encodes the key in `format` (`openssh-pub`, `rfc4716`, `spki`, `pkcs1-pub`, or `der`
    /// as one base64 line), with a trailing line ending.
    ///
    /// # Examples
    /// ```
    /// use keywright::{Format, LineEnding};
    ///
    /// let key = keywright::generate(keywright::Algorithm::Ed25519, None)?.public_key();
    /// let line = key.encode(Format::OpenSshPub, LineEnding::Lf)?;
    /// assert_eq!(line, format!("{}\n", key.to_openssh()));
    /// assert!(key.encode(Format::Pkcs8, LineEnding::Lf).is_err()); // a private format
    /// # Ok::<(), keywright::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Unsupported`] for a private or unsuitable format.
    pub fn encode(&self, format: Format, line_ending: LineEnding) -> Result<String> {
        sk::check_writable(self.algorithm, format)?;
        let nl = line_ending.as_str();
        match format {
            Format::OpenSshPub => Ok(self.to_openssh() + nl),
            Format::Rfc4716 => self.to_rfc4716(line_ending),
            Format::Spki => self.to_spki_pem(line_ending),
            Format::Pkcs1Pub => self.to_pkcs1_pem(line_ending),
            Format::Der => Ok(format::der::encode_base64(self)? + nl),
            other => Err(Error::unsupported(format!(
                "{other} is not a public key format"
            ))),
        }
    }

    /// Like [`PublicKey::encode`], with the comment written byte for byte where the format
    /// allows it (`openssh-pub`; RFC 4716 headers are UTF-8), so a comment that is not UTF-8
    /// is written back as it was read, as `ssh-keygen` and `puttygen` do.
    ///
    /// # Examples
    /// ```
    /// use keywright::{Format, LineEnding, PublicKey};
    ///
    /// let key = keywright::generate(keywright::Algorithm::Ed25519, None)?.public_key();
    /// let bytes = key.encode_bytes(Format::Rfc4716, LineEnding::CrLf)?;
    /// assert_eq!(keywright::load_public(&bytes)?, key);
    /// # Ok::<(), keywright::Error>(())
    /// ```
    ///
    /// # Errors
    /// Those of [`PublicKey::encode`].
    pub fn encode_bytes(&self, format: Format, line_ending: LineEnding) -> Result<Vec<u8>> {
        match format {
            Format::OpenSshPub => {
                let mut line = format::openssh::encode_public(self);
                line.extend_from_slice(line_ending.as_str().as_bytes());
                Ok(line)
            }
            other => self.encode(other, line_ending).map(String::into_bytes),
        }
    }
}

/// The algorithm name at the start of a wire blob, for error messages.
fn blob_algorithm_name(blob: &[u8]) -> String {
    let len = blob
        .get(..4)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map_or(0, u32::from_be_bytes);
    let name = usize::try_from(len)
        .ok()
        .and_then(|len| blob.get(4..4usize.saturating_add(len)))
        .unwrap_or_default();
    String::from_utf8_lossy(name).into_owned()
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.inner.key_data() == other.inner.key_data()
    }
}

impl Eq for PublicKey {}

impl Hash for PublicKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.to_blob().hash(state);
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("algorithm", &self.algorithm)
            .field("bits", &self.bits())
            .field("comment", &self.comment())
            .field("fingerprint", &self.fingerprint(HashAlg::Sha256))
            .field("certificate", &self.certificate.is_some())
            .finish()
    }
}
