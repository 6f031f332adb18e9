//! SSH signatures: the SSHSIG format `ssh-keygen -Y sign` writes (OpenSSH PROTOCOL.sshsig).
//!
//! A signature covers `SHA-2(message)`, a namespace (`git`, `file`, ...) and the signer's
//! public key, and is armoured as `-----BEGIN SSH SIGNATURE-----`. The message is hashed
//! incrementally ([`Hasher`], also an [`std::io::Write`]), so a caller can stream a file of
//! any size through it with large reads and no copy; [`sign`] and [`Signature::verify`] are
//! the one-shot forms.
//!
//! ```
//! use keywright::{Algorithm, sshsig::{self, SigHash, Signature}};
//!
//! let key = keywright::generate(Algorithm::Ed25519, None)?;
//! let sig = sshsig::sign(&key, "file", b"release.tar.gz bytes", SigHash::Sha512)?;
//! let armoured = sig.to_pem(keywright::LineEnding::Lf);
//! let again = Signature::from_pem(armoured.as_bytes())?;
//! again.verify("file", b"release.tar.gz bytes", &key.public_key())?;
//! assert!(again.verify("git", b"release.tar.gz bytes", &key.public_key()).is_err());
//! # Ok::<(), keywright::Error>(())
//! ```

use core::fmt;
use core::str::FromStr;

use base64ct::{Base64, Encoding as _};

use sha2::{Digest as _, Sha256, Sha512};
use signature::Verifier as _;
use ssh_key::SshSig;
use ssh_key::encoding::{Decode, Encode, Reader as _};
use ssh_key::public::KeyData;

use crate::{Error, LineEnding, PrivateKey, PublicKey, Result};

/// The name errors give the format.
pub(crate) const FORMAT: crate::Format = crate::Format::SshSig;
/// Largest signature accepted, armoured or not (an RSA-16384 signature is under 5 KiB).
pub const MAX_SIGNATURE_BYTES: usize = 64 << 10;
const MAGIC: &[u8] = b"SSHSIG";
const BEGIN: &[u8] = b"-----BEGIN SSH SIGNATURE-----";
const END: &[u8] = b"-----END SSH SIGNATURE-----";

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The hash a signature's message goes through: `sha512` (the default, as `ssh-keygen`)
/// or `sha256`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SigHash {
    /// SHA-256.
    Sha256,
    /// SHA-512 (`ssh-keygen -Y sign`'s default).
    #[default]
    Sha512,
}

impl SigHash {
    /// The name written in the signature: `sha256` or `sha512`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            SigHash::Sha256 => "sha256",
            SigHash::Sha512 => "sha512",
        }
    }

    /// A fresh incremental hasher.
    #[must_use]
    pub fn hasher(self) -> Hasher {
        Hasher(match self {
            SigHash::Sha256 => State::Sha256(Sha256::new()),
            SigHash::Sha512 => State::Sha512(Sha512::new()),
        })
    }

    /// The digest of a whole message.
    #[must_use]
    pub fn digest(self, message: &[u8]) -> MessageDigest {
        let mut h = self.hasher();
        h.update(message);
        h.finish()
    }

    fn to_ssh(self) -> ssh_key::HashAlg {
        match self {
            SigHash::Sha256 => ssh_key::HashAlg::Sha256,
            SigHash::Sha512 => ssh_key::HashAlg::Sha512,
        }
    }

    fn from_ssh(hash: ssh_key::HashAlg) -> Option<SigHash> {
        match hash {
            ssh_key::HashAlg::Sha256 => Some(SigHash::Sha256),
            ssh_key::HashAlg::Sha512 => Some(SigHash::Sha512),
            _ => None,
        }
    }
}

impl fmt::Display for SigHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for SigHash {
    type Err = Error;

    /// `sha256` or `sha512`, in any case.
    fn from_str(s: &str) -> Result<SigHash> {
        match s.to_ascii_lowercase().as_str() {
            "sha256" => Ok(SigHash::Sha256),
            "sha512" => Ok(SigHash::Sha512),
            _ => Err(Error::invalid_argument(format!(
                "unknown signature hash {s:?} (expected sha256 or sha512)"
            ))),
        }
    }
}

#[derive(Clone)]
enum State {
    Sha256(Sha256),
    Sha512(Sha512),
}

/// Read size of [`Hasher::update_from`]: large reads keep hashing at SHA-2's speed (the
/// buffer stays in the L2 cache; the hash reads it in place).
const READ_CHUNK: usize = 256 << 10;

/// The message hash in progress. Feed it with [`Hasher::update`] or
/// [`Hasher::update_from`], then [`Hasher::finish`].
#[derive(Clone)]
pub struct Hasher(State);

impl Hasher {
    /// Hashes everything `reader` gives until its end, in large reads into one reused
    /// buffer (a file of any size in constant memory); returns the number of bytes hashed.
    ///
    /// # Errors
    /// The reader's error (reads interrupted by a signal are retried).
    pub fn update_from(&mut self, mut reader: impl std::io::Read) -> std::io::Result<u64> {
        let mut buf = vec![0u8; READ_CHUNK];
        let mut total = 0u64;
        loop {
            match reader.read(&mut buf) {
                Ok(0) => return Ok(total),
                Ok(n) => {
                    self.update(buf.get(..n).unwrap_or_default());
                    total = total.saturating_add(n as u64);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Hashes `bytes` (in place: nothing is copied).
    pub fn update(&mut self, bytes: &[u8]) {
        match &mut self.0 {
            State::Sha256(h) => h.update(bytes),
            State::Sha512(h) => h.update(bytes),
        }
    }

    /// The digest of everything fed in.
    #[must_use]
    pub fn finish(self) -> MessageDigest {
        let mut bytes = [0u8; 64];
        let hash = match self.0 {
            State::Sha256(h) => {
                let out = h.finalize();
                for (d, s) in bytes.iter_mut().zip(out.iter()) {
                    *d = *s;
                }
                SigHash::Sha256
            }
            State::Sha512(h) => {
                let out = h.finalize();
                for (d, s) in bytes.iter_mut().zip(out.iter()) {
                    *d = *s;
                }
                SigHash::Sha512
            }
        };
        MessageDigest { hash, bytes }
    }
}

impl fmt::Debug for Hasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hasher").finish_non_exhaustive()
    }
}

impl std::io::Write for Hasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A message's digest, as a signature covers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageDigest {
    hash: SigHash,
    bytes: [u8; 64],
}

impl MessageDigest {
    /// The hash it was made with.
    #[must_use]
    pub fn hash(&self) -> SigHash {
        self.hash
    }

    /// The digest bytes (32 for SHA-256, 64 for SHA-512).
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        let len = match self.hash {
            SigHash::Sha256 => 32,
            SigHash::Sha512 => 64,
        };
        self.bytes.get(..len).unwrap_or(&self.bytes)
    }
}

/// One SSH signature (SSHSIG version 1).
#[derive(Clone, PartialEq, Eq)]
pub struct Signature {
    inner: SshSig,
    hash: SigHash,
}

/// Signs `message` in `namespace` with `key` (RSA signs `rsa-sha2-512`, as `ssh-keygen`).
///
/// # Errors
/// [`Error::InvalidArgument`] for an empty namespace; [`Error::Unsupported`] for a key that
/// cannot sign (DSA).
pub fn sign(key: &PrivateKey, namespace: &str, message: &[u8], hash: SigHash) -> Result<Signature> {
    sign_digest(key, namespace, &hash.digest(message))
}

/// Signs a message already hashed with [`Hasher`] (for streamed input).
///
/// # Errors
/// As [`sign`].
pub fn sign_digest(key: &PrivateKey, namespace: &str, digest: &MessageDigest) -> Result<Signature> {
    if namespace.is_empty() {
        return Err(Error::invalid_argument("the namespace must not be empty"));
    }
    if key.algorithm() == crate::Algorithm::Dsa {
        return Err(Error::unsupported("SSH signatures with DSA keys"));
    }
    let inner = SshSig::sign_prehash(
        key.ssh(),
        namespace,
        digest.hash.to_ssh(),
        digest.as_bytes(),
    )
    .map_err(|e| Error::unsupported(format!("signing with this key: {e}")))?;
    Ok(Signature {
        inner,
        hash: digest.hash,
    })
}

fn parse_error(offset: Option<usize>, reason: impl Into<String>) -> Error {
    Error::Parse {
        format: FORMAT,
        offset,
        reason: reason.into(),
    }
}

fn failed(reason: impl Into<String>) -> Error {
    Error::Signature {
        reason: reason.into(),
    }
}

impl Signature {
    /// Reads an armoured signature (`-----BEGIN SSH SIGNATURE-----`, as `ssh-keygen -Y sign`
    /// writes it).
    ///
    /// # Errors
    /// [`Error::LimitExceeded`] above [`MAX_SIGNATURE_BYTES`]; [`Error::Parse`] for bad
    /// armour or a malformed blob; [`Error::Unsupported`] for a newer version or an unknown
    /// algorithm.
    pub fn from_pem(text: &[u8]) -> Result<Signature> {
        crate::Limits::check(
            "signature size in bytes",
            text.len() as u64,
            MAX_SIGNATURE_BYTES as u64,
        )?;
        let (start, trimmed) = crate::format::text::trim_ascii(text);
        if !trimmed.starts_with(BEGIN) {
            return Err(parse_error(
                Some(start),
                "expected -----BEGIN SSH SIGNATURE-----",
            ));
        }
        // As ssh-keygen (sshsig_dearmor): the lines between the markers, whitespace dropped,
        // are standard padded base64.
        let body = trimmed.get(BEGIN.len()..).unwrap_or_default();
        let end = find(body, END).ok_or_else(|| {
            parse_error(
                Some(start + trimmed.len()),
                "missing -----END SSH SIGNATURE-----",
            )
        })?;
        let after = body.get(end + END.len()..).unwrap_or_default();
        if !after.iter().all(u8::is_ascii_whitespace) {
            return Err(parse_error(
                Some(start + BEGIN.len() + end + END.len()),
                "text after -----END SSH SIGNATURE-----",
            ));
        }
        let b64: Vec<u8> = body
            .get(..end)
            .unwrap_or_default()
            .iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        let blob = Base64::decode_vec(core::str::from_utf8(&b64).unwrap_or_default())
            .map_err(|e| parse_error(Some(start + BEGIN.len()), format!("bad base64: {e}")))?;
        Signature::from_blob(&blob)
    }

    /// Reads a raw signature blob (starting `SSHSIG`).
    ///
    /// # Errors
    /// As [`Signature::from_pem`]; trailing bytes after the blob are refused.
    pub fn from_blob(blob: &[u8]) -> Result<Signature> {
        crate::Limits::check(
            "signature size in bytes",
            blob.len() as u64,
            MAX_SIGNATURE_BYTES as u64,
        )?;
        if !blob.starts_with(MAGIC) {
            return Err(parse_error(Some(0), "bad magic (expected SSHSIG)"));
        }
        let version = blob
            .get(6..10)
            .and_then(|v| <[u8; 4]>::try_from(v).ok())
            .map(u32::from_be_bytes)
            .ok_or_else(|| parse_error(Some(6), "truncated before the version"))?;
        if version != SshSig::VERSION {
            return Err(Error::unsupported(format!("SSHSIG version {version}")));
        }
        let mut reader = blob;
        let inner = SshSig::decode(&mut reader).map_err(|e| {
            let offset = blob.len().saturating_sub(reader.len());
            match e {
                ssh_key::Error::AlgorithmUnknown | ssh_key::Error::AlgorithmUnsupported { .. } => {
                    Error::unsupported(format!("signature algorithm ({e})"))
                }
                ssh_key::Error::Namespace => parse_error(Some(offset), "empty namespace"),
                e => parse_error(Some(offset), e.to_string()),
            }
        })?;
        if !reader.is_finished() {
            return Err(parse_error(
                Some(blob.len() - reader.len()),
                format!("{} trailing bytes", reader.len()),
            ));
        }
        let hash = SigHash::from_ssh(inner.hash_alg())
            .ok_or_else(|| Error::unsupported("signature hash"))?;
        Ok(Signature { inner, hash })
    }

    /// Reads either form: armour or a raw blob.
    ///
    /// # Errors
    /// As [`Signature::from_pem`].
    pub fn decode(input: &[u8]) -> Result<Signature> {
        if input.starts_with(MAGIC) {
            Signature::from_blob(input)
        } else {
            Signature::from_pem(input)
        }
    }

    /// The armoured text, byte for byte what `ssh-keygen -Y sign` writes (70-column lines).
    #[must_use]
    pub fn to_pem(&self, line_ending: LineEnding) -> String {
        let le = match line_ending {
            LineEnding::Lf => ssh_key::LineEnding::LF,
            LineEnding::CrLf => ssh_key::LineEnding::CRLF,
        };
        // Encoding a decoded or freshly made signature into a String cannot fail.
        self.inner.to_pem(le).unwrap_or_default()
    }

    /// The raw blob.
    #[must_use]
    pub fn to_blob(&self) -> Vec<u8> {
        self.inner.encode_vec().unwrap_or_default()
    }

    /// The namespace the signature was made in.
    #[must_use]
    pub fn namespace(&self) -> &str {
        self.inner.namespace()
    }

    /// The hash of the message.
    #[must_use]
    pub fn hash(&self) -> SigHash {
        self.hash
    }

    /// A hasher for this signature's message (use it to stream the message).
    #[must_use]
    pub fn hasher(&self) -> Hasher {
        self.hash.hasher()
    }

    /// The signature algorithm's name (`ssh-ed25519`, `rsa-sha2-512`, ...).
    #[must_use]
    pub fn algorithm_name(&self) -> String {
        self.inner.algorithm().as_str().to_owned()
    }

    /// The signer's public key blob as the signature carries it (a certificate when the
    /// signer used one).
    #[must_use]
    pub fn signer_blob(&self) -> Vec<u8> {
        self.inner.public_key().encode_vec().unwrap_or_default()
    }

    /// The signer's public key.
    ///
    /// # Errors
    /// [`Error::UnsupportedAlgorithm`] when the signer's key type has no [`PublicKey`] model
    /// (security keys, certificates).
    pub fn signer(&self) -> Result<PublicKey> {
        PublicKey::from_blob(&self.signer_blob())
    }

    /// The signer's key as `ssh-keygen` names it in its messages: the type (`ED25519`,
    /// `RSA`, `ECDSA`, `ED25519-SK`, `ECDSA-SK`, with `-CERT` for a certificate) and the
    /// `SHA256:` fingerprint.
    #[must_use]
    pub fn signer_description(&self) -> (String, String) {
        let key = self.inner.public_key();
        let (plain, cert) = match key.certificate() {
            Some(c) => (c.public_key(), true),
            None => (key, false),
        };
        let mut name = match plain {
            KeyData::Rsa(_) => "RSA",
            KeyData::Ed25519(_) => "ED25519",
            KeyData::Ecdsa(_) => "ECDSA",
            KeyData::Dsa(_) => "DSA",
            KeyData::SkEd25519(_) => "ED25519-SK",
            KeyData::SkEcdsaSha2NistP256(_) => "ECDSA-SK",
            _ => "UNKNOWN",
        }
        .to_owned();
        if cert {
            name.push_str("-CERT");
        }
        let fp = plain.fingerprint(ssh_key::HashAlg::Sha256).to_string();
        (name, fp)
    }

    /// The signer's key as the signature carries it (a certificate or a plain key).
    pub(crate) fn signer_key_data(&self) -> &KeyData {
        self.inner.public_key()
    }

    /// Checks the signature over `message` in `namespace` against `key`.
    ///
    /// # Errors
    /// [`Error::Signature`] when the namespace, the key or the signature does not match.
    pub fn verify(&self, namespace: &str, message: &[u8], key: &PublicKey) -> Result<()> {
        self.verify_digest(namespace, &self.hash.digest(message), key)
    }

    /// [`Signature::verify`] for a message hashed with [`Signature::hasher`].
    ///
    /// # Errors
    /// As [`Signature::verify`].
    pub fn verify_digest(
        &self,
        namespace: &str,
        digest: &MessageDigest,
        key: &PublicKey,
    ) -> Result<()> {
        let signer = self.inner.public_key();
        let plain = signer.certificate().map_or(signer, |c| c.public_key());
        if plain != key.ssh().key_data() {
            return Err(failed("the signature was made by another key"));
        }
        self.check(namespace, digest)
    }

    /// Checks the signature with the key it carries, without saying whether that key is
    /// trusted (`ssh-keygen -Y check-novalidate`).
    ///
    /// # Errors
    /// [`Error::Signature`] when the namespace or the signature does not match.
    pub fn check(&self, namespace: &str, digest: &MessageDigest) -> Result<()> {
        if namespace != self.inner.namespace() {
            return Err(failed(format!(
                "namespace mismatch: the signature is for {:?}, not {namespace:?}",
                self.inner.namespace()
            )));
        }
        if digest.hash != self.hash {
            return Err(failed("the message was hashed with another hash"));
        }
        let signer = self.inner.public_key();
        let plain = signer.certificate().map_or(signer, |c| c.public_key());
        let algorithm = self.inner.algorithm();
        // As OpenSSH: RSA signatures must be rsa-sha2-512 or rsa-sha2-256, never SHA-1.
        if matches!(algorithm, ssh_key::Algorithm::Rsa { hash: None }) {
            return Err(failed("RSA signature made with ssh-rsa (SHA-1)"));
        }
        let signed = SshSig::signed_data_for_prehash(
            self.inner.namespace(),
            self.inner.hash_alg(),
            digest.as_bytes(),
        )
        .map_err(|e| failed(e.to_string()))?;
        plain
            .verify(&signed, self.inner.signature())
            .map_err(|_| failed("incorrect signature"))
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signature")
            .field("namespace", &self.namespace())
            .field("hash", &self.hash)
            .field("algorithm", &self.algorithm_name())
            .finish_non_exhaustive()
    }
}

/// Checks many `(signature, message)` pairs (signatures armoured or raw) against one key,
/// in `namespace`, on up to as many threads as the machine has cores. One result per pair,
/// in order.
#[must_use]
pub fn verify_many(key: &PublicKey, namespace: &str, items: &[(&[u8], &[u8])]) -> Vec<Result<()>> {
    let one = |(sig, msg): &(&[u8], &[u8])| Signature::decode(sig)?.verify(namespace, msg, key);
    let threads = crate::features::threads();
    let chunk = items.len().div_ceil(threads.max(1)).max(64);
    if items.len() <= chunk {
        return items.iter().map(one).collect();
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                (
                    part.len(),
                    scope.spawn(move || part.iter().map(one).collect::<Vec<_>>()),
                )
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|(len, h)| {
                h.join().unwrap_or_else(|_| {
                    (0..len)
                        .map(|_| Err(failed("verification thread failed")))
                        .collect()
                })
            })
            .collect()
    })
}

impl PrivateKey {
    /// Signs `message` in `namespace` ([`sshsig::sign`](sign)).
    ///
    /// # Errors
    /// As [`sign`].
    pub fn sign(&self, namespace: &str, message: &[u8], hash: SigHash) -> Result<Signature> {
        sign(self, namespace, message, hash)
    }
}

impl PublicKey {
    /// Checks `signature` over `message` in `namespace` against this key
    /// ([`Signature::verify`]).
    ///
    /// # Errors
    /// As [`Signature::verify`].
    pub fn verify(&self, signature: &Signature, namespace: &str, message: &[u8]) -> Result<()> {
        signature.verify(namespace, message, self)
    }
}
