//! OpenSSH certificates (`*-cert-v01@openssh.com`, OpenSSH PROTOCOL.certkeys): read from
//! the same public lines as keys, described as `ssh-keygen -L` does, verified (the CA's
//! signature, validity at a time, principal, type, critical options), and signed by a CA.
//!
//! ```
//! use keywright::{Algorithm, certificate::{Certificate, CertType}};
//!
//! let ca = keywright::generate(Algorithm::Ed25519, None)?;
//! let user = keywright::generate(Algorithm::Ed25519, None)?;
//! let cert = Certificate::builder(&user.public_key())
//!     .key_id("alice@example")
//!     .principals(["alice"])
//!     .validity(0, u64::MAX)
//!     .sign(&ca)?;
//! let again = Certificate::from_openssh(&cert.to_openssh())?;
//! assert_eq!(again.cert_type(), CertType::User);
//! again.verify(&ca.public_key(), 1_800_000_000, Some("alice"))?;
//! # Ok::<(), keywright::Error>(())
//! ```

pub(crate) mod time;

use std::collections::BTreeMap;
use std::fmt;

use base64ct::{Base64, Encoding};
use signature::Verifier;
use ssh_key::encoding::{Decode, Encode};

use crate::format::{self, LineEnding};
use crate::{Algorithm, Error, Format, HashAlg, Limits, PrivateKey, PublicKey, Result};

pub use time::parse_validity;

/// `valid_before` of a certificate that never expires (`ssh-keygen -V ...:forever`).
pub const FOREVER: u64 = time::FOREVER;

/// Critical options `sshd` understands; a certificate with any other is refused.
pub const KNOWN_CRITICAL_OPTIONS: [&str; 3] =
    ["force-command", "source-address", "verify-required"];

/// The extensions `ssh-keygen -s` gives a user certificate unless told otherwise.
pub const DEFAULT_EXTENSIONS: [&str; 5] = [
    "permit-X11-forwarding",
    "permit-agent-forwarding",
    "permit-port-forwarding",
    "permit-pty",
    "permit-user-rc",
];

const FORMAT: crate::Format = crate::Format::Certificate;

/// Whom a certificate is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CertType {
    /// A user certificate (`ssh-keygen -s`), checked by `sshd`'s `TrustedUserCAKeys`.
    User,
    /// A host certificate (`ssh-keygen -s -h`), checked by `ssh` through `@cert-authority`.
    Host,
}

impl CertType {
    /// `user` or `host`, as `ssh-keygen -L` names them.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            CertType::User => "user",
            CertType::Host => "host",
        }
    }
}

impl fmt::Display for CertType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a certificate is not accepted: each check of [`Certificate::verify`] has its own.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CertificateError {
    /// The CA's signature does not hold over the certificate's bytes.
    #[error("the CA signature does not verify")]
    BadSignature,
    /// The certificate was signed by another CA than the one trusted.
    #[error("signed by another CA ({found}), not the trusted one")]
    UntrustedCa {
        /// The signing CA's SHA-256 fingerprint.
        found: String,
    },
    /// The time checked is before `valid_after`.
    #[error("not valid before {valid_after}")]
    NotYetValid {
        /// When it becomes valid, as `ssh-keygen -L` prints it.
        valid_after: String,
    },
    /// The time checked is at or after `valid_before`.
    #[error("expired at {valid_before}")]
    Expired {
        /// When it expired, as `ssh-keygen -L` prints it.
        valid_before: String,
    },
    /// The principal is not among the certificate's principals.
    #[error("principal {principal:?} is not listed")]
    PrincipalNotListed {
        /// The principal asked for.
        principal: String,
    },
    /// A user certificate where a host certificate is needed, or the other way round.
    #[error("a {found} certificate, not a {expected} certificate")]
    WrongType {
        /// The type needed.
        expected: CertType,
        /// The certificate's type.
        found: CertType,
    },
    /// A critical option `sshd` does not know, which makes it refuse the certificate.
    #[error("unknown critical option {name:?}")]
    UnknownCriticalOption {
        /// The option's name.
        name: String,
    },
}

/// An OpenSSH certificate: a subject public key signed by a CA key with its constraints.
///
/// The bytes read are kept and written back unchanged; the CA signature is verified over
/// them.
#[derive(Clone)]
pub struct Certificate {
    inner: ssh_key::Certificate,
    blob: Vec<u8>,
    key: PublicKey,
    ca: PublicKey,
    cert_type: CertType,
}

impl Certificate {
    /// Decodes a certificate blob (the base64 part of a `*-cert.pub` line, decoded).
    ///
    /// # Errors
    /// [`Error::Parse`] for a malformed, truncated or over-long blob (trailing bytes), a
    /// certificate as the CA key, or a cert type other than user (1) or host (2);
    /// [`Error::UnsupportedAlgorithm`]; [`Error::InvalidKey`] or [`Error::LimitExceeded`]
    /// for an unacceptable subject or CA key.
    pub fn from_blob(blob: &[u8]) -> Result<Self> {
        Self::from_blob_with(blob, &Limits::DEFAULT)
    }

    /// [`Certificate::from_blob`] with explicit limits.
    ///
    /// # Errors
    /// As [`Certificate::from_blob`].
    pub fn from_blob_with(blob: &[u8], limits: &Limits) -> Result<Self> {
        Limits::check(
            "certificate size in bytes",
            blob.len() as u64,
            limits.max_input_bytes as u64,
        )?;
        let name =
            blob_name(blob).ok_or_else(|| Error::parse(FORMAT, "truncated (no algorithm name)"))?;
        let algorithm = Algorithm::from_cert_ssh_name(&name)
            .ok_or_else(|| Error::UnsupportedAlgorithm { name: name.clone() })?;
        let inner = ssh_key::Certificate::from_bytes(blob).map_err(|e| decode_error(blob, &e))?;
        // ssh-key reads some malformed fields leniently (a certificate in the CA key's place
        // is read as that certificate's first fields): what it read must encode to the bytes.
        if inner.to_bytes().ok().as_deref() != Some(blob) {
            let reason = if nested_certificate(blob) {
                "the CA key is itself a certificate"
            } else {
                "a field is not in its canonical encoding"
            };
            return Err(Error::parse(FORMAT, reason));
        }
        let ca_name = inner
            .signature_key()
            .encode_vec()
            .ok()
            .and_then(|b| blob_name(&b))
            .unwrap_or_default();
        if ca_name.ends_with("-cert-v01@openssh.com") {
            return Err(Error::parse(FORMAT, "the CA key is itself a certificate"));
        }
        let cert_type = match inner.cert_type() {
            ssh_key::certificate::CertType::User => CertType::User,
            ssh_key::certificate::CertType::Host => CertType::Host,
        };
        let key = PublicKey::from_ssh(
            ssh_key::PublicKey::new(inner.public_key().clone(), ""),
            limits,
        )?;
        if key.algorithm() != algorithm {
            return Err(Error::parse(
                FORMAT,
                "the key does not match the certificate type",
            ));
        }
        let ca = PublicKey::from_ssh(
            ssh_key::PublicKey::new(inner.signature_key().clone(), ""),
            limits,
        )?;
        Ok(Certificate {
            inner,
            blob: blob.to_vec(),
            key,
            ca,
            cert_type,
        })
    }

    /// Parses one OpenSSH certificate line, `ALGO-cert-v01@openssh.com BASE64 [COMMENT]`.
    ///
    /// # Errors
    /// [`Error::Parse`] for a malformed line (or a plain key), and the errors of
    /// [`Certificate::from_blob`].
    pub fn from_openssh(line: &str) -> Result<Self> {
        let key = format::openssh::decode_public(line.as_bytes(), &Limits::DEFAULT)?;
        key.certificate()
            .cloned()
            .ok_or_else(|| Error::parse(FORMAT, "a public key, not a certificate"))
    }

    /// Reads a certificate from a `*-cert.pub` file (or any public-key text that holds one:
    /// a certificate line, RFC 4716).
    ///
    /// # Errors
    /// [`Error::Parse`] for input that holds a plain key or no key, and the errors of
    /// [`crate::load_public`].
    pub fn load(input: &[u8]) -> Result<Self> {
        crate::load_public(input)?
            .certificate()
            .cloned()
            .ok_or_else(|| Error::parse(FORMAT, "a public key, not a certificate"))
    }

    /// A builder for a certificate of `key`, signed by [`CertificateBuilder::sign`].
    pub fn builder(key: &PublicKey) -> CertificateBuilder {
        CertificateBuilder::new(key)
    }

    /// The certificate blob, byte for byte as read or signed.
    #[must_use]
    pub fn to_blob(&self) -> &[u8] {
        &self.blob
    }

    /// The line `ALGO-cert-v01@openssh.com BASE64 COMMENT` (no comment part when empty),
    /// without a newline; a comment that is not UTF-8 is shown with U+FFFD (see
    /// [`Certificate::encode_bytes`]).
    #[must_use]
    pub fn to_openssh(&self) -> String {
        String::from_utf8_lossy(&self.encode_bytes(None)).into_owned()
    }

    /// The line with the comment byte for byte, and `line_ending` after it if given.
    #[must_use]
    pub fn encode_bytes(&self, line_ending: Option<LineEnding>) -> Vec<u8> {
        let mut line = format!(
            "{} {}",
            self.algorithm().cert_ssh_name(),
            Base64::encode_string(&self.blob)
        )
        .into_bytes();
        let comment = self.key.comment_bytes();
        if !comment.is_empty() {
            line.push(b' ');
            line.extend_from_slice(comment);
        }
        if let Some(le) = line_ending {
            line.extend_from_slice(le.as_str().as_bytes());
        }
        line
    }

    /// The certified public key (with the line's comment).
    #[must_use]
    pub fn public_key(&self) -> &PublicKey {
        &self.key
    }

    /// The algorithm of the certified key.
    #[must_use]
    pub fn algorithm(&self) -> Algorithm {
        self.key.algorithm()
    }

    /// The signing CA's public key.
    #[must_use]
    pub fn ca_key(&self) -> &PublicKey {
        &self.ca
    }

    /// The algorithm of the CA's signature: `ssh-ed25519`, `rsa-sha2-512`, `ssh-rsa` ...
    #[must_use]
    pub fn signature_algorithm(&self) -> String {
        self.inner.signature().algorithm().as_str().to_owned()
    }

    /// User or host.
    #[must_use]
    pub fn cert_type(&self) -> CertType {
        self.cert_type
    }

    /// The serial number.
    #[must_use]
    pub fn serial(&self) -> u64 {
        self.inner.serial()
    }

    /// The key ID.
    #[must_use]
    pub fn key_id(&self) -> &str {
        self.inner.key_id()
    }

    /// The principals (user or host names); empty means any.
    #[must_use]
    pub fn principals(&self) -> &[String] {
        self.inner.valid_principals()
    }

    /// Valid from (Unix seconds, inclusive).
    #[must_use]
    pub fn valid_after(&self) -> u64 {
        self.inner.valid_after()
    }

    /// Valid until (Unix seconds, exclusive; [`FOREVER`] for no end).
    #[must_use]
    pub fn valid_before(&self) -> u64 {
        self.inner.valid_before()
    }

    /// The validity as `ssh-keygen -L` prints it: `forever`, `from A to B`, `after A`,
    /// `before B` (times in UTC).
    #[must_use]
    pub fn validity(&self) -> String {
        match (self.valid_after(), self.valid_before()) {
            (0, FOREVER) => "forever".into(),
            (0, to) => format!("before {}", time::format(to)),
            (from, FOREVER) => format!("after {}", time::format(from)),
            (from, to) => format!("from {} to {}", time::format(from), time::format(to)),
        }
    }

    /// The critical options, name to value (empty for flags).
    #[must_use]
    pub fn critical_options(&self) -> &BTreeMap<String, String> {
        &self.inner.critical_options().0
    }

    /// The extensions, name to value (empty for flags).
    #[must_use]
    pub fn extensions(&self) -> &BTreeMap<String, String> {
        &self.inner.extensions().0
    }

    /// The CA's nonce.
    #[must_use]
    pub fn nonce(&self) -> &[u8] {
        self.inner.nonce()
    }

    /// The certified key's fingerprint (`ssh-keygen -l` prints the key's, not the
    /// certificate's).
    #[must_use]
    pub fn fingerprint(&self, hash: HashAlg) -> String {
        self.key.fingerprint(hash)
    }

    /// Checks the CA's signature over the certificate's bytes (any CA: see
    /// [`Certificate::verify`] to trust one).
    ///
    /// # Errors
    /// [`CertificateError::BadSignature`].
    pub fn verify_signature(&self) -> Result<()> {
        let signature = self.inner.signature();
        let bad = || Error::Certificate(CertificateError::BadSignature);
        let signature_len = signature.encoded_len_prefixed().map_err(|_| bad())?;
        let tbs = self
            .blob
            .len()
            .checked_sub(signature_len)
            .and_then(|n| self.blob.get(..n))
            .ok_or_else(bad)?;
        self.inner
            .signature_key()
            .verify(tbs, signature)
            .map_err(|_| bad())
    }

    /// Checks that `unix_time` is within the validity period.
    ///
    /// # Errors
    /// [`CertificateError::NotYetValid`] or [`CertificateError::Expired`].
    pub fn check_valid_at(&self, unix_time: u64) -> Result<()> {
        if unix_time < self.valid_after() {
            return Err(Error::Certificate(CertificateError::NotYetValid {
                valid_after: time::format(self.valid_after()),
            }));
        }
        if unix_time >= self.valid_before() {
            return Err(Error::Certificate(CertificateError::Expired {
                valid_before: time::format(self.valid_before()),
            }));
        }
        Ok(())
    }

    /// Checks that `principal` may use the certificate (listed, or the list is empty).
    ///
    /// # Errors
    /// [`CertificateError::PrincipalNotListed`].
    pub fn check_principal(&self, principal: &str) -> Result<()> {
        let principals = self.principals();
        if principals.is_empty() || principals.iter().any(|p| p == principal) {
            Ok(())
        } else {
            Err(Error::Certificate(CertificateError::PrincipalNotListed {
                principal: principal.to_owned(),
            }))
        }
    }

    /// Checks the certificate's type.
    ///
    /// # Errors
    /// [`CertificateError::WrongType`].
    pub fn check_type(&self, expected: CertType) -> Result<()> {
        if self.cert_type == expected {
            Ok(())
        } else {
            Err(Error::Certificate(CertificateError::WrongType {
                expected,
                found: self.cert_type,
            }))
        }
    }

    /// Checks that every critical option is one `sshd` knows.
    ///
    /// # Errors
    /// [`CertificateError::UnknownCriticalOption`].
    pub fn check_critical_options(&self) -> Result<()> {
        match self
            .critical_options()
            .keys()
            .find(|name| !KNOWN_CRITICAL_OPTIONS.contains(&name.as_str()))
        {
            Some(name) => Err(Error::Certificate(
                CertificateError::UnknownCriticalOption { name: name.clone() },
            )),
            None => Ok(()),
        }
    }

    /// What `sshd` checks of a user certificate (and `ssh` of a host certificate, with the
    /// host name as principal): signed by `ca`, the signature holds, valid at `unix_time`,
    /// `principal` listed (when given), and only known critical options.
    ///
    /// # Errors
    /// The first [`CertificateError`] found, in that order.
    pub fn verify(&self, ca: &PublicKey, unix_time: u64, principal: Option<&str>) -> Result<()> {
        if self.ca != *ca {
            return Err(Error::Certificate(CertificateError::UntrustedCa {
                found: self.ca.fingerprint(HashAlg::Sha256),
            }));
        }
        self.verify_signature()?;
        self.check_valid_at(unix_time)?;
        if let Some(principal) = principal {
            self.check_principal(principal)?;
        }
        self.check_critical_options()
    }

    /// The lines `ssh-keygen -L` prints after the file name, without their indentation:
    /// `Type: ...`, `Public key: ...`, ..., with the options and principals as indented
    /// continuation lines.
    #[must_use]
    pub fn ssh_keygen_lines(&self) -> Vec<String> {
        let mut out = vec![
            format!(
                "Type: {} {} certificate",
                self.algorithm().cert_ssh_name(),
                self.cert_type
            ),
            format!(
                "Public key: {} {}",
                self.algorithm().cert_type_name(),
                self.fingerprint(HashAlg::Sha256)
            ),
            format!(
                "Signing CA: {} {} (using {})",
                self.ca.algorithm().type_name(),
                self.ca.fingerprint(HashAlg::Sha256),
                self.signature_algorithm()
            ),
            format!("Key ID: \"{}\"", self.key_id()),
            format!("Serial: {}", self.serial()),
            format!("Valid: {}", self.validity()),
        ];
        let list = |out: &mut Vec<String>, title: &str, items: Vec<String>| {
            if items.is_empty() {
                out.push(format!("{title}: (none)"));
            } else {
                out.push(format!("{title}: "));
                out.extend(items.into_iter().map(|i| format!("        {i}")));
            }
        };
        list(&mut out, "Principals", self.principals().to_vec());
        let critical = self
            .critical_options()
            .iter()
            .map(|(name, value)| match name.as_str() {
                "force-command" | "source-address" => format!("{name} {value}"),
                "verify-required" if value.is_empty() => name.clone(),
                _ => unknown_option(name, value),
            })
            .collect();
        list(&mut out, "Critical Options", critical);
        let extensions = self
            .extensions()
            .iter()
            .map(|(name, value)| {
                let known = DEFAULT_EXTENSIONS.contains(&name.as_str())
                    || matches!(name.as_str(), "no-touch-required" | "no-presence-required");
                if known && value.is_empty() {
                    name.clone()
                } else {
                    unknown_option(name, value)
                }
            })
            .collect();
        list(&mut out, "Extensions", extensions);
        out
    }
}

/// `ssh-keygen -L`'s line for an option it does not know: the hex of its data field.
fn unknown_option(name: &str, value: &str) -> String {
    let data = if value.is_empty() {
        Vec::new()
    } else {
        value.as_bytes().encode_vec().unwrap_or_default()
    };
    let hex: String = data.iter().map(|b| format!("{b:02x}")).collect();
    format!("{name} UNKNOWN OPTION: {hex} (len {})", data.len())
}

/// The algorithm name at the start of a blob, lossily.
fn blob_name(blob: &[u8]) -> Option<String> {
    let mut reader = blob;
    Vec::<u8>::decode(&mut reader)
        .ok()
        .map(|n| String::from_utf8_lossy(&n).into_owned())
}

/// Whether a certificate algorithm name appears after the blob's own (a certificate nested
/// as the CA key), for error messages.
fn nested_certificate(blob: &[u8]) -> bool {
    const SUFFIX: &[u8] = b"-cert-v01@openssh.com";
    blob.windows(SUFFIX.len()).skip(40).any(|w| w == SUFFIX)
}

/// A decoding error with what can be said about where it went wrong.
fn decode_error(blob: &[u8], e: &ssh_key::Error) -> Error {
    let nested = nested_certificate(blob);
    let reason = match e {
        ssh_key::Error::Encoding(ssh_key::encoding::Error::TrailingData { remaining }) => {
            format!("{remaining} bytes after the signature")
        }
        ssh_key::Error::Encoding(ssh_key::encoding::Error::Length) => {
            "truncated (a length runs past the end)".into()
        }
        _ if nested => "the CA key is itself a certificate".into(),
        e => e.to_string(),
    };
    Error::parse(FORMAT, reason)
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Self) -> bool {
        self.blob == other.blob
    }
}

impl Eq for Certificate {}

impl fmt::Debug for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Certificate")
            .field("type", &self.cert_type)
            .field("key", &self.key)
            .field("ca", &self.ca.fingerprint(HashAlg::Sha256))
            .field("key_id", &self.key_id())
            .field("serial", &self.serial())
            .field("validity", &self.validity())
            .finish_non_exhaustive()
    }
}

/// Builds and signs a certificate, with `ssh-keygen -s`'s defaults: a user certificate,
/// serial 0, valid `always:forever`, any principal, the [`DEFAULT_EXTENSIONS`] for user
/// certificates (none for host certificates), a 32-byte random nonce.
#[derive(Clone, Debug)]
#[must_use]
pub struct CertificateBuilder {
    key: PublicKey,
    cert_type: CertType,
    key_id: String,
    principals: Vec<String>,
    serial: u64,
    valid_after: u64,
    valid_before: u64,
    critical_options: BTreeMap<String, String>,
    extensions: Option<BTreeMap<String, String>>,
}

impl CertificateBuilder {
    /// A builder for a certificate of `key` (its comment becomes the certificate's).
    pub fn new(key: &PublicKey) -> Self {
        CertificateBuilder {
            key: key.clone(),
            cert_type: CertType::User,
            key_id: String::new(),
            principals: Vec::new(),
            serial: 0,
            valid_after: 0,
            valid_before: FOREVER,
            critical_options: BTreeMap::new(),
            extensions: None,
        }
    }

    /// User or host certificate.
    pub fn cert_type(mut self, cert_type: CertType) -> Self {
        self.cert_type = cert_type;
        self
    }

    /// The key ID (`-I`).
    pub fn key_id(mut self, key_id: impl Into<String>) -> Self {
        self.key_id = key_id.into();
        self
    }

    /// The principals (`-n`); none means any.
    pub fn principals<I, S>(mut self, principals: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.principals = principals.into_iter().map(Into::into).collect();
        self
    }

    /// The serial number (`-z`).
    pub fn serial(mut self, serial: u64) -> Self {
        self.serial = serial;
        self
    }

    /// Valid from `valid_after` (inclusive) to `valid_before` (exclusive), Unix seconds
    /// (see [`parse_validity`] for `ssh-keygen -V` forms).
    pub fn validity(mut self, valid_after: u64, valid_before: u64) -> Self {
        self.valid_after = valid_after;
        self.valid_before = valid_before;
        self
    }

    /// Adds a critical option (`-O force-command=...`, `source-address=...`,
    /// `verify-required`; an empty value is a flag).
    pub fn critical_option(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.critical_options.insert(name.into(), value.into());
        self
    }

    /// Drops the default extensions (`-O clear`).
    pub fn no_default_extensions(mut self) -> Self {
        self.extensions = Some(BTreeMap::new());
        self
    }

    /// Adds an extension (after the defaults unless they were dropped).
    pub fn extension(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let cert_type = self.cert_type;
        self.extensions
            .get_or_insert_with(|| default_extensions(cert_type))
            .insert(name.into(), value.into());
        self
    }

    /// Signs with `ca`: Ed25519, ECDSA, and RSA (rsa-sha2-512, as `ssh-keygen` signs) CA
    /// keys; DSA and security keys cannot sign here.
    ///
    /// # Errors
    /// [`Error::Unsupported`] for a CA key that cannot sign; [`Error::InvalidArgument`] for
    /// a validity that ends before it starts.
    pub fn sign(self, ca: &PrivateKey) -> Result<Certificate> {
        if ca.algorithm() == Algorithm::Dsa || ca.algorithm().is_security_key() {
            return Err(Error::unsupported(format!(
                "signing certificates with a {} CA key (use Ed25519, ECDSA or RSA)",
                ca.algorithm()
            )));
        }
        if self.valid_before <= self.valid_after {
            return Err(Error::invalid_argument(
                "the validity ends before it starts",
            ));
        }
        let mut nonce = [0u8; 32];
        rand_core::Rng::fill_bytes(&mut crate::secret::os_rng(), &mut nonce);
        let failed = |e: ssh_key::Error| Error::invalid_argument(format!("certificate: {e}"));
        let mut builder = ssh_key::certificate::Builder::new(
            nonce,
            self.key.ssh().key_data().clone(),
            self.valid_after,
            self.valid_before,
        )
        .map_err(failed)?;
        builder
            .serial(self.serial)
            .and_then(|b| {
                b.cert_type(match self.cert_type {
                    CertType::User => ssh_key::certificate::CertType::User,
                    CertType::Host => ssh_key::certificate::CertType::Host,
                })
            })
            .and_then(|b| b.key_id(self.key_id.clone()))
            .map_err(failed)?;
        if self.principals.is_empty() {
            builder.all_principals_valid().map_err(failed)?;
        }
        for p in &self.principals {
            builder.valid_principal(p.clone()).map_err(failed)?;
        }
        for (name, value) in &self.critical_options {
            builder
                .critical_option(name.clone(), value.clone())
                .map_err(failed)?;
        }
        let extensions = self
            .extensions
            .unwrap_or_else(|| default_extensions(self.cert_type));
        for (name, value) in extensions {
            builder.extension(name, value).map_err(failed)?;
        }
        let signed = builder.sign(ca.ssh()).map_err(|e| {
            Error::unsupported(format!("signing with a {} CA key: {e}", ca.algorithm()))
        })?;
        let blob = signed
            .to_bytes()
            .map_err(|e| Error::invalid_argument(format!("certificate encoding: {e}")))?;
        let mut cert = Certificate::from_blob(&blob)?;
        cert.key.set_comment_bytes(self.key.comment_bytes());
        Ok(cert)
    }
}

fn default_extensions(cert_type: CertType) -> BTreeMap<String, String> {
    match cert_type {
        CertType::User => DEFAULT_EXTENSIONS
            .iter()
            .map(|e| ((*e).to_owned(), String::new()))
            .collect(),
        CertType::Host => BTreeMap::new(),
    }
}

/// Decodes a certificate line's blob for the public-line readers, keeping `comment`.
pub(crate) fn decode_line_blob(blob: &[u8], comment: &[u8], limits: &Limits) -> Result<PublicKey> {
    let mut cert = Certificate::from_blob_with(blob, limits)?;
    cert.key.set_comment_bytes(comment);
    Ok(cert.into_public_key())
}

impl Certificate {
    /// The certified key carrying this certificate ([`PublicKey::certificate`]).
    pub(crate) fn into_public_key(self) -> PublicKey {
        let key = self.key.clone();
        key.with_certificate(self).with_format(Format::OpenSshPub)
    }

    /// Sets the comment written after the line.
    pub(crate) fn set_comment_bytes(&mut self, comment: &[u8]) {
        self.key.set_comment_bytes(comment);
    }
}
