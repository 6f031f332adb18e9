//! The guessing entry points: read a key in whatever format it is in.

use crate::format::{self, detect};
use crate::{Error, Format, Limits, Passphrase, PrivateKey, PublicKey, Result};

/// A key read by [`load`]: private or public.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Key {
    /// A private key.
    Private(Box<PrivateKey>),
    /// A public key.
    Public(PublicKey),
}

impl Key {
    /// The public key (the public half of a private key).
    #[must_use]
    pub fn public_key(&self) -> PublicKey {
        match self {
            Key::Private(k) => k.public_key(),
            Key::Public(k) => k.clone(),
        }
    }
}

fn check_size(input: &[u8], limits: &Limits) -> Result<()> {
    Limits::check(
        "input size in bytes",
        input.len() as u64,
        limits.max_input_bytes as u64,
    )
}

/// SSH-1 private keys (`SSH PRIVATE KEY FILE FORMAT 1.1`, OpenSSH before 7.4): recognised
/// and refused as unsupported, before any guessing.
fn refuse_ssh1(input: &[u8]) -> Result<()> {
    let (_, text) = format::text::trim_ascii(input);
    if text.starts_with(b"SSH PRIVATE KEY FILE FORMAT 1.1") {
        return Err(Error::unsupported("SSH-1 keys are not supported"));
    }
    Ok(())
}

fn unknown() -> Error {
    Error::Parse {
        format: Format::UnknownKey,
        offset: None,
        reason: "not a key in any format keywright knows".into(),
    }
}

/// Reads a private key in any supported format (detected), decrypting it with
/// `passphrase` when it is encrypted. The key remembers the format it was read from.
///
/// # Examples
/// ```
/// use keywright::{Algorithm, Format, LineEnding};
///
/// let key = keywright::generate(Algorithm::EcdsaP256, None)?;
/// let pem = key.to_sec1_pem(LineEnding::Lf)?;
/// let again = keywright::load_private(pem.as_bytes(), None)?;
/// assert_eq!(again, key);
/// assert_eq!(again.format(), Some(Format::Sec1));
/// # Ok::<(), keywright::Error>(())
/// ```
///
/// # Errors
/// [`Error::Parse`] for input that is no private key, and each format's errors.
pub fn load_private(input: &[u8], passphrase: Option<&Passphrase>) -> Result<PrivateKey> {
    load_private_with(input, passphrase, &Limits::DEFAULT)
}

/// [`load_private`] with explicit limits.
///
/// # Examples
/// ```
/// use keywright::{Algorithm, Limits};
///
/// let key = keywright::generate(Algorithm::Rsa, Some(2048))?;
/// let pem = key.to_pkcs1_pem(keywright::LineEnding::Lf)?;
/// let mut limits = Limits::default();
/// limits.max_rsa_bits = 1024;
/// let err = keywright::load_private_with(pem.as_bytes(), None, &limits).unwrap_err();
/// assert_eq!(err.kind(), keywright::ErrorKind::LimitExceeded);
/// # Ok::<(), keywright::Error>(())
/// ```
///
/// # Errors
/// As [`load_private`].
pub fn load_private_with(
    input: &[u8],
    passphrase: Option<&Passphrase>,
    limits: &Limits,
) -> Result<PrivateKey> {
    let input = format::text::skip_bom(input);
    check_size(input, limits)?;
    refuse_ssh1(input)?;
    let detected = detect(input).ok_or_else(unknown)?;
    let mut key = match detected.format {
        Format::OpenSsh => format::openssh::decode_private(input, passphrase, limits),
        Format::Pkcs1 | Format::Sec1 | Format::Pkcs8 | Format::Dsa => {
            format::pem::decode_private(input, passphrase, limits)
        }
        Format::Ppk2 | Format::Ppk3 => format::ppk::decode(input, passphrase, limits),
        public => Err(Error::Parse {
            format: public,
            offset: None,
            reason: "this is a public key; a private key is needed".into(),
        }),
    }?;
    // A file written with CRLF (Windows) is written again with CRLF (PPK is always LF,
    // as PuTTYgen writes it).
    if input.windows(2).any(|w| w == b"\r\n") {
        key.read_options_mut().line_ending = format::LineEnding::CrLf;
    }
    Ok(key)
}

/// Reads a public key in any supported format (detected): an OpenSSH line, RFC 4716,
/// SubjectPublicKeyInfo or PKCS#1 PEM, or DER (binary or base64).
///
/// # Examples
/// ```
/// let key = keywright::generate(keywright::Algorithm::Ed25519, None)?.public_key();
/// for text in [key.to_openssh(), key.to_rfc4716(keywright::LineEnding::Lf)?] {
///     assert_eq!(keywright::load_public(text.as_bytes())?, key);
/// }
/// # Ok::<(), keywright::Error>(())
/// ```
///
/// # Errors
/// [`Error::Parse`] for input that is no public key, and each format's errors.
pub fn load_public(input: &[u8]) -> Result<PublicKey> {
    load_public_with(input, &Limits::DEFAULT)
}

/// [`load_public`] with explicit limits.
///
/// # Examples
/// ```
/// let key = keywright::generate(keywright::Algorithm::Ed25519, None)?.public_key();
/// let line = key.to_openssh();
/// let mut small = keywright::Limits::default();
/// small.max_input_bytes = 16;
/// assert!(keywright::load_public_with(line.as_bytes(), &small).is_err());
/// assert_eq!(keywright::load_public_with(line.as_bytes(), &keywright::Limits::default())?, key);
/// # Ok::<(), keywright::Error>(())
/// ```
///
/// # Errors
/// As [`load_public`].
pub fn load_public_with(input: &[u8], limits: &Limits) -> Result<PublicKey> {
    let input = format::text::skip_bom(input);
    check_size(input, limits)?;
    refuse_ssh1(input)?;
    let detected = detect(input).ok_or_else(unknown)?;
    match detected.format {
        Format::OpenSshPub => format::openssh::decode_public(input, limits),
        Format::Rfc4716 => format::rfc4716::decode_public(input, limits),
        Format::Spki | Format::Pkcs1Pub => format::pem::decode_public(input, limits),
        Format::Der => format::der::decode_public(input, limits),
        private => Err(Error::Parse {
            format: private,
            offset: None,
            reason: "this is a private key; read it with load_private".into(),
        }),
    }
}

/// Reads a key of either kind, in any supported format.
///
/// # Examples
/// ```
/// use keywright::Key;
///
/// let key = keywright::generate(keywright::Algorithm::Ed25519, None)?;
/// assert!(matches!(keywright::load(key.to_openssh(None)?.as_bytes(), None)?, Key::Private(_)));
/// let line = key.public_key().to_openssh();
/// assert!(matches!(keywright::load(line.as_bytes(), None)?, Key::Public(_)));
/// # Ok::<(), keywright::Error>(())
/// ```
///
/// # Errors
/// As [`load_private`] and [`load_public`].
pub fn load(input: &[u8], passphrase: Option<&Passphrase>) -> Result<Key> {
    load_with(input, passphrase, &Limits::DEFAULT)
}

/// [`load`] with explicit limits.
///
/// # Examples
/// ```
/// let key = keywright::generate(keywright::Algorithm::Ed25519, None)?;
/// let text = key.to_openssh(None)?;
/// let loaded = keywright::load_with(text.as_bytes(), None, &keywright::Limits::default())?;
/// assert!(matches!(loaded, keywright::Key::Private(k) if *k == key));
/// # Ok::<(), keywright::Error>(())
/// ```
///
/// # Errors
/// As [`load_private`] and [`load_public`].
pub fn load_with(input: &[u8], passphrase: Option<&Passphrase>, limits: &Limits) -> Result<Key> {
    check_size(input, limits)?;
    refuse_ssh1(format::text::skip_bom(input))?;
    // The mark is skipped once, by the loader called below.
    match detect(input) {
        Some(d) if d.format.is_private() => {
            load_private_with(input, passphrase, limits).map(|k| Key::Private(Box::new(k)))
        }
        Some(_) => load_public_with(input, limits).map(Key::Public),
        None => Err(unknown()),
    }
}

/// Reads a key as [`load_with`] does, except that an encrypted private key read without a
/// passphrase ([`Passphrase::given`]) gives its public half where the format keeps it in
/// the clear (`openssh-key-v1`, PPK), as `ssh-keygen -l` does, instead of
/// [`Error::PassphraseRequired`]. The one place that makes this choice, for the CLI and
/// the Python binding alike.
///
/// ```
/// use keywright::{Algorithm, Key, Passphrase};
///
/// let key = keywright::generate(Algorithm::Ed25519, None)?;
/// let text = key.to_openssh(Some(&Passphrase::from("secret")))?;
/// let peeked = keywright::load_or_peek(text.as_bytes(), None, &Default::default())?;
/// assert!(matches!(peeked, Key::Public(ref p) if *p == key.public_key()));
/// # Ok::<(), keywright::Error>(())
/// ```
///
/// # Errors
/// As [`load_with`]; [`Error::PassphraseRequired`] for formats that encrypt the public half
/// too (PEM).
pub fn load_or_peek(input: &[u8], passphrase: Option<&Passphrase>, limits: &Limits) -> Result<Key> {
    let passphrase = Passphrase::given(passphrase);
    if passphrase.is_none()
        && detect(input).is_some_and(|d| d.encrypted && d.format.is_private())
        && let Ok(Some(public)) = peek_public_with(input, limits)
    {
        return Ok(Key::Public(public));
    }
    load_with(input, passphrase, limits)
}

/// The public key of a private key file, read without a passphrase where the format keeps
/// it in the clear (`openssh-key-v1`, PPK), as `ssh-keygen -l` does; `None` for formats that
/// encrypt it (PEM). The key's `format()` is the private file's format.
///
/// # Examples
/// ```
/// use keywright::{Algorithm, Passphrase};
///
/// let key = keywright::generate(Algorithm::Ed25519, None)?;
/// let text = key.to_openssh(Some(&Passphrase::from("pw")))?;
/// // No passphrase needed: openssh-key-v1 keeps the public key in the clear.
/// assert_eq!(keywright::peek_public(text.as_bytes())?, Some(key.public_key()));
/// # Ok::<(), keywright::Error>(())
/// ```
///
/// # Errors
/// [`Error::Parse`] for input that is no private key, and each format's errors.
pub fn peek_public(input: &[u8]) -> Result<Option<PublicKey>> {
    peek_public_with(input, &Limits::DEFAULT)
}

/// [`peek_public`] with explicit limits.
///
/// # Errors
/// As [`peek_public`].
pub fn peek_public_with(input: &[u8], limits: &Limits) -> Result<Option<PublicKey>> {
    let input = format::text::skip_bom(input);
    check_size(input, limits)?;
    refuse_ssh1(input)?;
    match detect(input).ok_or_else(unknown)?.format {
        Format::OpenSsh => format::openssh::decode_public_of_private(input, limits).map(Some),
        Format::Ppk2 | Format::Ppk3 => format::ppk::decode_public(input, limits).map(Some),
        private if private.is_private() => Ok(None),
        public => Err(Error::Parse {
            format: public,
            offset: None,
            reason: "this is a public key; read it with load_public".into(),
        }),
    }
}
