//! [`PrivateKey`]: one decrypted private key, of any supported algorithm, with its comment.

use std::borrow::Cow;
use std::fmt;

use ssh_key::private::KeypairData;
use zeroize::Zeroizing;

use super::{dsa, ecdsa, ed25519, public::algorithm_of, rsa, sk};
use crate::format::{self, LineEnding, ppk::PpkOptions};
use crate::{Algorithm, Error, Format, HashAlg, Limits, Passphrase, PublicKey, Result};

/// A private key (always held decrypted), with its comment.
///
/// The key material is zeroized on drop and never printed: `Debug` shows the algorithm,
/// size, comment and fingerprint only. Equality compares key material in constant time.
#[derive(Clone)]
pub struct PrivateKey {
    inner: ssh_key::PrivateKey,
    public: PublicKey,
    format: Option<Format>,
    encrypted: bool,
    /// How the file read was encrypted (cipher, KDF parameters), for writing it alike.
    read_options: Box<EncodeOptions>,
}

/// How [`PrivateKey::encode`] writes a key.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct EncodeOptions {
    /// Encrypt with this passphrase (`None` or empty: write unencrypted).
    pub passphrase: Option<Passphrase>,
    /// Line ending of the text written.
    pub line_ending: LineEnding,
    /// bcrypt-pbkdf rounds for encrypted `openssh-key-v1` (16, as `ssh-keygen`; at most
    /// [`Limits::DEFAULT`]'s `max_bcrypt_rounds`).
    pub openssh_rounds: u32,
    /// Cipher for encrypted `openssh-key-v1` (aes256-ctr, as `ssh-keygen`).
    pub openssh_cipher: format::openssh::OpenSshCipher,
    /// PBKDF2-HMAC-SHA256 iterations for encrypted PKCS#8 (100 000).
    pub pkcs8_iterations: u32,
    /// PPK version and Argon2 parameters.
    pub ppk: PpkOptions,
    /// The PBKDF2 PRF and cipher of encrypted PKCS#8: HMAC-SHA-256 and AES-256-CBC, or
    /// those of the file a key was read from ([`PrivateKey::encode_options`]).
    pub(crate) pkcs8_scheme: format::pem::Pbes2Scheme,
}

impl Default for EncodeOptions {
    fn default() -> Self {
        EncodeOptions {
            passphrase: None,
            line_ending: LineEnding::Lf,
            openssh_rounds: format::openssh::DEFAULT_ROUNDS,
            openssh_cipher: format::openssh::OpenSshCipher::default(),
            pkcs8_iterations: format::pem::PBKDF2_ITERATIONS,
            ppk: PpkOptions::default(),
            pkcs8_scheme: format::pem::Pbes2Scheme::default(),
        }
    }
}

impl EncodeOptions {
    /// Options that encrypt with `passphrase` (when it is non-empty: [`Passphrase::given`]).
    #[must_use]
    pub fn with_passphrase(mut self, passphrase: Option<Passphrase>) -> Self {
        self.passphrase = passphrase;
        self
    }
}

impl PrivateKey {
    /// Wraps and checks a decrypted `ssh-key` private key (the key's consistency: RSA
    /// `n = p*q` and friends, the Ed25519 public key against its seed, the ECDSA point
    /// against its scalar).
    pub(crate) fn from_ssh(inner: ssh_key::PrivateKey, limits: &Limits) -> Result<Self> {
        algorithm_of(&inner.algorithm())?;
        match inner.key_data() {
            KeypairData::Rsa(k) => {
                rsa::check_keypair(k, limits)?;
            }
            KeypairData::Ed25519(k) => ed25519::check_keypair(k)?,
            KeypairData::Ecdsa(k) => ecdsa::check_keypair(k)?,
            KeypairData::Dsa(k) => dsa::check_keypair(k)?,
            // A security key's file holds a key handle, not a private key: nothing to check
            // against the public key but the public key itself (below).
            KeypairData::SkEd25519(_) | KeypairData::SkEcdsaSha2NistP256(_) => {}
            KeypairData::Encrypted(_) => {
                return Err(Error::PassphraseRequired);
            }
            _ => {
                return Err(Error::UnsupportedAlgorithm {
                    name: inner.algorithm().as_str().to_owned(),
                });
            }
        }
        let public = PublicKey::from_ssh(inner.public_key().clone(), limits)?;
        Ok(PrivateKey {
            inner,
            public,
            format: None,
            encrypted: false,
            read_options: Box::default(),
        })
    }

    /// Builds and checks a key from its parts.
    pub(crate) fn from_keypair(
        keypair: KeypairData,
        comment: &str,
        limits: &Limits,
    ) -> Result<Self> {
        let inner = ssh_key::PrivateKey::new(keypair, comment).map_err(|e| Error::InvalidKey {
            algorithm: "key",
            reason: e.to_string(),
        })?;
        Self::from_ssh(inner, limits)
    }

    /// Records where the key was read from.
    pub(crate) fn with_source(mut self, format: Format, encrypted: bool) -> Self {
        self.format = Some(format);
        self.encrypted = encrypted;
        if format == Format::OpenSsh {
            self.public = self.public.with_comment_stored();
        }
        self
    }

    /// The `ssh-key` private key.
    pub(crate) fn ssh(&self) -> &ssh_key::PrivateKey {
        &self.inner
    }

    /// The key pair's parts.
    pub(crate) fn keypair(&self) -> &KeypairData {
        self.inner.key_data()
    }

    /// The algorithm.
    #[must_use]
    pub fn algorithm(&self) -> Algorithm {
        self.public.algorithm()
    }

    /// The key size in bits as `ssh-keygen -l` reports it.
    #[must_use]
    pub fn bits(&self) -> u32 {
        self.public.bits()
    }

    /// The comment (invalid UTF-8 replaced).
    #[must_use]
    pub fn comment(&self) -> Cow<'_, str> {
        self.public.comment()
    }

    /// The comment byte for byte, as the file held it (it need not be UTF-8).
    #[must_use]
    pub fn comment_bytes(&self) -> &[u8] {
        self.public.comment_bytes()
    }

    /// Sets the comment.
    pub fn set_comment(&mut self, comment: &str) {
        self.inner.set_comment(comment);
        self.public.set_comment(comment);
    }

    /// The public half, with the same comment.
    #[must_use]
    pub fn public_key(&self) -> PublicKey {
        self.public.clone()
    }

    /// The format the key was read from, if it was read.
    #[must_use]
    pub fn format(&self) -> Option<Format> {
        self.format
    }

    /// Whether the file the key was read from was encrypted.
    #[must_use]
    pub fn was_encrypted(&self) -> bool {
        self.encrypted
    }

    /// Options that write the key as the file it was read from was written, without a
    /// passphrase: an `openssh-key-v1` file's cipher and bcrypt-pbkdf rounds, a PPK file's
    /// version and v3 Argon2 variant, memory, passes and lanes (with a new salt), CRLF line
    /// endings (from [`crate::load_private`]); the defaults for the rest and for keys not
    /// read from a file. With [`PrivateKey::format`], what
    /// changing a file's passphrase in place (`ssh-keygen -p`) writes:
    ///
    /// ```
    /// # let key = keywright::generate(keywright::Algorithm::Ed25519, None)?;
    /// # let text = key.to_openssh(Some(&"old".into()))?;
    /// let key = keywright::load_private(text.as_bytes(), Some(&"old".into()))?;
    /// let options = key.encode_options().with_passphrase(Some("new".into()));
    /// let format = key.format().unwrap_or(keywright::Format::OpenSsh);
    /// let changed = key.encode_bytes(format, &options)?;
    /// assert!(keywright::load_private(&changed, Some(&"old".into())).is_err());
    /// # Ok::<(), keywright::Error>(())
    /// ```
    #[must_use]
    pub fn encode_options(&self) -> EncodeOptions {
        (*self.read_options).clone()
    }

    /// The options [`PrivateKey::encode_options`] returns, for the readers to fill in.
    pub(crate) fn read_options_mut(&mut self) -> &mut EncodeOptions {
        &mut self.read_options
    }

    /// The fingerprint of the public half, as `ssh-keygen -l` prints it.
    #[must_use]
    pub fn fingerprint(&self, hash: HashAlg) -> String {
        self.public.fingerprint(hash)
    }

    /// Reads an `openssh-key-v1` private key (OpenSSH PROTOCOL.key), decrypting it with
    /// `passphrase` when it is encrypted.
    ///
    /// # Examples
    /// ```
    /// use keywright::{Algorithm, Passphrase, PrivateKey};
    ///
    /// let key = keywright::generate(Algorithm::Ed25519, None)?;
    /// let pass = Passphrase::from("correct horse");
    /// let text = key.to_openssh(Some(&pass))?; // encrypted: aes256-ctr, bcrypt-pbkdf
    /// let again = PrivateKey::from_openssh(text.as_bytes(), Some(&pass))?;
    /// assert_eq!(again, key);
    /// assert!(PrivateKey::from_openssh(text.as_bytes(), None).is_err()); // needs the passphrase
    /// # Ok::<(), keywright::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Parse`], [`Error::PassphraseRequired`], [`Error::WrongPassphrase`],
    /// [`Error::LimitExceeded`] (bcrypt rounds), [`Error::InvalidKey`],
    /// [`Error::UnsupportedAlgorithm`].
    pub fn from_openssh(input: &[u8], passphrase: Option<&Passphrase>) -> Result<Self> {
        format::openssh::decode_private(input, passphrase, &Limits::DEFAULT)
    }

    /// Writes the key as `openssh-key-v1`, encrypted with aes256-ctr and bcrypt-pbkdf (16
    /// rounds) when a non-empty passphrase is given.
    ///
    /// # Examples
    /// ```
    /// let key = keywright::generate(keywright::Algorithm::Ed25519, None)?;
    /// let text = key.to_openssh(None)?;
    /// assert!(text.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----\n"));
    /// # Ok::<(), keywright::Error>(())
    /// ```
    ///
    /// # Errors
    /// Only on an encoding failure, which keys keywright holds do not cause.
    pub fn to_openssh(&self, passphrase: Option<&Passphrase>) -> Result<Zeroizing<String>> {
        format::openssh::encode_private(
            self,
            passphrase,
            format::openssh::OpenSshCipher::default(),
            format::openssh::DEFAULT_ROUNDS,
            LineEnding::Lf,
        )
    }

    /// Reads a PEM private key: PKCS#1, SEC1, PKCS#8 (encrypted or not), OpenSSL's DSA, and
    /// the legacy `Proc-Type: 4,ENCRYPTED` encryption.
    ///
    /// # Examples
    /// ```
    /// use keywright::{Algorithm, LineEnding, PrivateKey};
    ///
    /// let key = keywright::generate(Algorithm::EcdsaP256, None)?;
    /// let pem = key.to_sec1_pem(LineEnding::Lf)?; // -----BEGIN EC PRIVATE KEY-----
    /// assert_eq!(PrivateKey::from_pem(pem.as_bytes(), None)?.public_key(), key.public_key());
    /// # Ok::<(), keywright::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Parse`], [`Error::PassphraseRequired`], [`Error::WrongPassphrase`],
    /// [`Error::LimitExceeded`], [`Error::InvalidKey`], [`Error::Unsupported`].
    pub fn from_pem(input: &[u8], passphrase: Option<&Passphrase>) -> Result<Self> {
        format::pem::decode_private(input, passphrase, &Limits::DEFAULT)
    }

    /// Writes a PKCS#1 `RSA PRIVATE KEY` PEM (RSA only), as EC2 hands keys out.
    ///
    /// # Examples
    /// ```
    /// use keywright::{Algorithm, LineEnding};
    ///
    /// let key = keywright::generate(Algorithm::Rsa, Some(2048))?;
    /// let pem = key.to_pkcs1_pem(LineEnding::Lf)?;
    /// assert!(pem.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
    /// let ed25519 = keywright::generate(Algorithm::Ed25519, None)?;
    /// assert!(ed25519.to_pkcs1_pem(LineEnding::Lf).is_err()); // PKCS#1 holds RSA only
    /// # Ok::<(), keywright::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Unsupported`] for keys other than RSA.
    pub fn to_pkcs1_pem(&self, line_ending: LineEnding) -> Result<Zeroizing<String>> {
        sk::check_writable(self.algorithm(), Format::Pkcs1)?;
        format::pem::encode_pkcs1(self, line_ending)
    }

    /// Writes a SEC1 `EC PRIVATE KEY` PEM (ECDSA only), as `openssl ec` writes it.
    ///
    /// # Examples
    /// ```
    /// use keywright::{Algorithm, LineEnding};
    ///
    /// let key = keywright::generate(Algorithm::EcdsaP384, None)?;
    /// let pem = key.to_sec1_pem(LineEnding::CrLf)?;
    /// assert!(pem.starts_with("-----BEGIN EC PRIVATE KEY-----\r\n"));
    /// # Ok::<(), keywright::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Unsupported`] for keys other than ECDSA.
    pub fn to_sec1_pem(&self, line_ending: LineEnding) -> Result<Zeroizing<String>> {
        sk::check_writable(self.algorithm(), Format::Sec1)?;
        format::pem::encode_sec1(self, line_ending)
    }

    /// Writes a PKCS#8 PEM: `PRIVATE KEY`, or `ENCRYPTED PRIVATE KEY` (PBES2 with
    /// PBKDF2-HMAC-SHA256 and AES-256-CBC) when a non-empty passphrase is given.
    ///
    /// # Examples
    /// ```
    /// use keywright::{Algorithm, LineEnding, Passphrase, PrivateKey};
    ///
    /// let key = keywright::generate(Algorithm::Ed25519, None)?;
    /// let pass = Passphrase::from("pw");
    /// let pem = key.to_pkcs8_pem(Some(&pass), LineEnding::Lf)?;
    /// assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
    /// assert_eq!(PrivateKey::from_pem(pem.as_bytes(), Some(&pass))?, key);
    /// # Ok::<(), keywright::Error>(())
    /// ```
    ///
    /// # Errors
    /// Does not fail for keys keywright reads or makes (DSA included).
    pub fn to_pkcs8_pem(
        &self,
        passphrase: Option<&Passphrase>,
        line_ending: LineEnding,
    ) -> Result<Zeroizing<String>> {
        sk::check_writable(self.algorithm(), Format::Pkcs8)?;
        let iterations = format::pem::PBKDF2_ITERATIONS;
        let scheme = format::pem::Pbes2Scheme::default();
        format::pem::encode_pkcs8(self, passphrase, iterations, scheme, line_ending)
    }

    /// Reads a PuTTY `.ppk` file (versions 2 and 3), verifying its MAC before using the key.
    ///
    /// # Examples
    /// ```
    /// use keywright::{Algorithm, PpkOptions, PrivateKey};
    ///
    /// let key = keywright::generate(Algorithm::Ed25519, None)?;
    /// let ppk = key.to_ppk(&PpkOptions::default(), None)?;
    /// assert_eq!(PrivateKey::from_ppk(ppk.as_bytes(), None)?, key);
    /// # Ok::<(), keywright::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Parse`], [`Error::PassphraseRequired`], [`Error::WrongPassphrase`],
    /// [`Error::Integrity`] (MAC mismatch on an unencrypted file), [`Error::LimitExceeded`]
    /// (Argon2 parameters), [`Error::InvalidKey`], [`Error::UnsupportedAlgorithm`].
    pub fn from_ppk(input: &[u8], passphrase: Option<&Passphrase>) -> Result<Self> {
        format::ppk::decode(input, passphrase, &Limits::DEFAULT)
    }

    /// Writes a PuTTY `.ppk` file as PuTTYgen does (a comment that is not UTF-8 is written
    /// with U+FFFD replacements; [`PrivateKey::encode_bytes`] keeps it).
    ///
    /// # Examples
    /// ```
    /// use keywright::{Algorithm, PpkOptions, PpkVersion};
    ///
    /// let key = keywright::generate(Algorithm::Ed25519, None)?;
    /// let mut options = PpkOptions::default();
    /// options.version = PpkVersion::V2;
    /// let ppk = key.to_ppk(&options, None)?;
    /// assert!(ppk.starts_with("PuTTY-User-Key-File-2: ssh-ed25519\n"));
    /// # Ok::<(), keywright::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for Argon2 parameters Argon2 refuses.
    pub fn to_ppk(
        &self,
        options: &PpkOptions,
        passphrase: Option<&Passphrase>,
    ) -> Result<Zeroizing<String>> {
        let format = match options.version {
            crate::PpkVersion::V2 => Format::Ppk2,
            _ => Format::Ppk3,
        };
        sk::check_writable(self.algorithm(), format)?;
        let comment = self.comment();
        into_text(format::ppk::encode(
            self,
            options,
            passphrase,
            comment.as_bytes(),
        )?)
    }

    /// Writes the key in a private `format` with `options`. A comment that is not UTF-8 is
    /// kept byte for byte inside `openssh-key-v1` and written with U+FFFD replacements in a
    /// PPK; [`PrivateKey::encode_bytes`] keeps it in both.
    ///
    /// # Examples
    /// ```
    /// use keywright::{Algorithm, EncodeOptions, Format, LineEnding};
    ///
    /// let key = keywright::generate(Algorithm::EcdsaP256, None)?;
    /// let mut options = EncodeOptions::default();
    /// options.line_ending = LineEnding::CrLf;
    /// let text = key.encode(Format::Pkcs8, &options)?;
    /// assert!(text.starts_with("-----BEGIN PRIVATE KEY-----\r\n"));
    /// assert!(key.encode(Format::Pkcs1, &options).is_err()); // PKCS#1 holds RSA only
    /// # Ok::<(), keywright::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Unsupported`] when the format does not hold this key type (PKCS#1 for a
    /// non-RSA key, SEC1 for a non-ECDSA key) or is not a private format.
    pub fn encode(&self, format: Format, options: &EncodeOptions) -> Result<Zeroizing<String>> {
        let comment = self.comment();
        into_text(self.encode_with_comment(format, options, comment.as_bytes())?)
    }

    /// Like [`PrivateKey::encode`], the file as bytes with the comment byte for byte in
    /// every format, so a comment that is not UTF-8 is written back as it was read, as
    /// `ssh-keygen` and `puttygen` do.
    ///
    /// # Examples
    /// ```
    /// use keywright::{Algorithm, EncodeOptions, Format};
    ///
    /// let mut key = keywright::generate(Algorithm::Ed25519, None)?;
    /// key.set_comment("me@host");
    /// let bytes = key.encode_bytes(Format::OpenSsh, &EncodeOptions::default())?;
    /// assert_eq!(keywright::load_private(&bytes, None)?.comment(), "me@host");
    /// # Ok::<(), keywright::Error>(())
    /// ```
    ///
    /// # Errors
    /// Those of [`PrivateKey::encode`].
    pub fn encode_bytes(
        &self,
        format: Format,
        options: &EncodeOptions,
    ) -> Result<Zeroizing<Vec<u8>>> {
        self.encode_with_comment(format, options, self.comment_bytes())
    }

    /// Writes `format`; `ppk_comment` is the comment a PPK gets (the text formats' only
    /// comment outside base64).
    fn encode_with_comment(
        &self,
        format: Format,
        options: &EncodeOptions,
        ppk_comment: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>> {
        sk::check_writable(self.algorithm(), format)?;
        let passphrase = Passphrase::given(options.passphrase.as_ref());
        let le = options.line_ending;
        let no_passphrase = |name: &str| -> Result<()> {
            if passphrase.is_some() {
                return Err(Error::unsupported(format!(
                    "writing encrypted {name} (use pkcs8, openssh or ppk)"
                )));
            }
            Ok(())
        };
        match format {
            Format::OpenSsh => format::openssh::encode_private(
                self,
                passphrase,
                options.openssh_cipher,
                options.openssh_rounds,
                le,
            )
            .map(into_bytes),
            Format::Pkcs1 => {
                no_passphrase("pkcs1")?;
                self.to_pkcs1_pem(le).map(into_bytes)
            }
            Format::Sec1 => {
                no_passphrase("sec1")?;
                self.to_sec1_pem(le).map(into_bytes)
            }
            Format::Pkcs8 => format::pem::encode_pkcs8(
                self,
                passphrase,
                options.pkcs8_iterations,
                options.pkcs8_scheme,
                le,
            )
            .map(into_bytes),
            Format::Ppk2 | Format::Ppk3 => {
                let mut ppk = options.ppk.clone();
                ppk.version = if format == Format::Ppk2 {
                    crate::PpkVersion::V2
                } else {
                    crate::PpkVersion::V3
                };
                format::ppk::encode(self, &ppk, passphrase, ppk_comment)
            }
            other => Err(Error::unsupported(format!(
                "writing a private key as {other}"
            ))),
        }
    }
}

/// A secret text's buffer as bytes, moved (not copied).
fn into_bytes(mut text: Zeroizing<String>) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(core::mem::take(&mut *text).into_bytes())
}

/// Secret bytes that are UTF-8 as text, moved (not copied).
fn into_text(mut bytes: Zeroizing<Vec<u8>>) -> Result<Zeroizing<String>> {
    String::from_utf8(core::mem::take(&mut *bytes))
        .map(Zeroizing::new)
        .map_err(|e| {
            drop(Zeroizing::new(e.into_bytes())); // wiped on drop
            Error::invalid_argument("the encoded key is not UTF-8")
        })
}

impl PartialEq for PrivateKey {
    /// Equal when they are the same key: for RSA the same public key, `d` and primes in
    /// either order (PuTTY stores `p > q`, OpenSSH as generated); otherwise the same key
    /// material. Secret parts are compared in constant time.
    fn eq(&self, other: &Self) -> bool {
        match (self.keypair(), other.keypair()) {
            (KeypairData::Rsa(a), KeypairData::Rsa(b)) => rsa::same_key(a, b),
            // ssh-key compares key material in constant time.
            (a, b) => a == b,
        }
    }
}

impl Eq for PrivateKey {}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("algorithm", &self.algorithm())
            .field("bits", &self.bits())
            .field("comment", &self.comment())
            .field("fingerprint", &self.fingerprint(HashAlg::Sha256))
            .finish_non_exhaustive()
    }
}
