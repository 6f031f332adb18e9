//! PuTTY `.ppk` private keys, versions 2 and 3 (PuTTY manual, appendix C "PPK file
//! format"; PuTTY `sshpubk.c`).
//!
//! ```text
//! PuTTY-User-Key-File-3: ALGORITHM
//! Encryption: none | aes256-cbc
//! Comment: COMMENT
//! Public-Lines: N          N lines of base64 (64 characters) of the SSH public blob
//! Key-Derivation: Argon2id \
//! Argon2-Memory: 8192       |
//! Argon2-Passes: 21         | v3 and encrypted only
//! Argon2-Parallelism: 1     |
//! Argon2-Salt: HEX         /
//! Private-Lines: M         M lines of base64 of the (encrypted, padded) private blob
//! Private-MAC: HEX         HMAC-SHA-256 (v3) or HMAC-SHA-1 (v2), lowercase hex
//! ```
//!
//! Reading bounds every cost before paying it (input size, line counts and lengths, blob
//! sizes, Argon2 memory, passes and lanes), then derives the keys, decrypts, and verifies
//! the MAC in constant time before the private blob is parsed. Writing is byte-identical to
//! PuTTYgen's for the same key, comment, salt and Argon2 parameters (the padding is the
//! prefix of SHA-1 of the private blob, as PuTTYgen pads).

use rand_core::Rng;
use zeroize::Zeroizing;

use super::text::{decode_hex, encode_hex};
use crate::secret::os_rng;
use crate::{Algorithm, Error, Format, Limits, Passphrase, PrivateKey, Result};

mod blob;
mod crypto;
mod text;

use crypto::Keys;
use text::Lines;

/// PPK file version.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PpkVersion {
    /// `PuTTY-User-Key-File-2` (PuTTY 0.52 to 0.74; SHA-1 key derivation, HMAC-SHA-1).
    V2,
    /// `PuTTY-User-Key-File-3` (PuTTY 0.75 and later; Argon2, HMAC-SHA-256).
    #[default]
    V3,
}

/// The Argon2 variant of a PPK v3 file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Argon2Flavor {
    /// `Argon2id` (PuTTYgen's default).
    #[default]
    Id,
    /// `Argon2i`.
    I,
    /// `Argon2d`.
    D,
}

impl Argon2Flavor {
    /// The name in the `Key-Derivation:` header.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Argon2Flavor::Id => "Argon2id",
            Argon2Flavor::I => "Argon2i",
            Argon2Flavor::D => "Argon2d",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        [Argon2Flavor::Id, Argon2Flavor::I, Argon2Flavor::D]
            .into_iter()
            .find(|f| f.name() == name)
    }
}

impl core::str::FromStr for Argon2Flavor {
    type Err = Error;

    /// `id`, `i` or `d`, or the header names `Argon2id`, `Argon2i`, `Argon2d`, in any case.
    fn from_str(s: &str) -> Result<Self> {
        let lower = s.to_ascii_lowercase();
        let short = lower.strip_prefix("argon2").unwrap_or(&lower);
        match short {
            "id" => Ok(Argon2Flavor::Id),
            "i" => Ok(Argon2Flavor::I),
            "d" => Ok(Argon2Flavor::D),
            _ => Err(Error::invalid_argument(format!(
                "unknown Argon2 variant {s:?} (expected id, i or d)"
            ))),
        }
    }
}

impl TryFrom<u8> for PpkVersion {
    type Error = Error;

    /// 2 or 3.
    fn try_from(version: u8) -> Result<Self> {
        match version {
            2 => Ok(PpkVersion::V2),
            3 => Ok(PpkVersion::V3),
            other => Err(Error::invalid_argument(format!(
                "PPK version is 2 or 3, not {other}"
            ))),
        }
    }
}

/// Argon2 parameters for writing an encrypted PPK v3 file.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Argon2Params {
    /// Variant.
    pub flavor: Argon2Flavor,
    /// Memory in KiB (PuTTYgen: 8192).
    pub memory_kib: u32,
    /// Passes.
    pub passes: u32,
    /// Lanes (PuTTYgen: 1).
    pub parallelism: u32,
    /// A fixed salt (at least 8 bytes), for reproducible output; `None` (the default)
    /// draws 16 random bytes from the operating system, as PuTTYgen does.
    pub salt: Option<Vec<u8>>,
}

impl Default for Argon2Params {
    /// PuTTYgen's parameters: Argon2id, 8192 KiB, 1 lane, a random 16-byte salt, and
    /// [`Argon2Params::DEFAULT_PASSES`] passes.
    fn default() -> Self {
        Argon2Params {
            flavor: Argon2Flavor::Id,
            memory_kib: 8192,
            passes: Self::DEFAULT_PASSES,
            parallelism: 1,
            salt: None,
        }
    }
}

impl Argon2Params {
    /// The default pass count.
    ///
    /// PuTTYgen picks the first Fibonacci number of passes that takes at least 100 ms on
    /// the machine it runs on; its Argon2 takes about 13 ms per pass at 8192 KiB on a
    /// current x86-64 core, so it writes 8 or 13 passes there. keywright writes a fixed
    /// count so output does not depend on load: 21 (a Fibonacci number), at least as
    /// costly to a guesser as PuTTYgen's choice, and about 60 ms here (SIMD Argon2 at
    /// about 2.8 ms per pass).
    pub const DEFAULT_PASSES: u32 = 21;
}

impl core::fmt::Debug for Argon2Params {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Argon2Params")
            .field("flavor", &self.flavor)
            .field("memory_kib", &self.memory_kib)
            .field("passes", &self.passes)
            .field("parallelism", &self.parallelism)
            .field("salt", &self.salt.as_ref().map(|s| encode_hex(s)))
            .finish()
    }
}

/// How to write a PPK file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PpkOptions {
    /// File version (3 by default).
    pub version: PpkVersion,
    /// Argon2 parameters (v3 with a passphrase only).
    pub argon2: Argon2Params,
}

/// PuTTY's advisory for NIST P-521 keys used with PuTTY 0.68 to 0.80 (CVE-2024-31497).
const P521_ADVISORY: &str = "this ecdsa-sha2-nistp521 key comes from a PuTTY key file: \
    PuTTY 0.68 to 0.80 (and FileZilla, WinSCP, TortoiseGit, TortoiseSVN built on them) made \
    biased P-521 signatures from which about 60 signatures reveal the key (CVE-2024-31497); \
    if this key was ever used with those versions, treat it as compromised and replace it";

/// The warning to show for a key read from a PPK file, if any: PuTTY's advisory for an
/// `ecdsa-sha2-nistp521` key (CVE-2024-31497), `None` otherwise. The core never prints;
/// callers (the CLI, the Python binding) decide how to show it.
#[must_use]
pub fn ppk_warning(key: &PrivateKey) -> Option<&'static str> {
    let from_ppk = matches!(key.format(), Some(Format::Ppk2 | Format::Ppk3));
    (from_ppk && key.algorithm() == Algorithm::EcdsaP521).then_some(P521_ADVISORY)
}

const HEADER_PREFIX: &str = "PuTTY-User-Key-File-";
const ENC_NONE: &str = "none";
const ENC_AES: &str = "aes256-cbc";
/// Largest salt accepted in a file (PuTTYgen writes 16 bytes).
const MAX_SALT_BYTES: u64 = 1024;
/// Smallest salt Argon2 accepts (RFC 9106 recommends 16).
const MIN_SALT_BYTES: usize = 8;

/// The parsed outer layer of a PPK file.
struct File<'a> {
    format: Format,
    version: PpkVersion,
    algorithm: &'a str,
    encryption: &'a str,
    comment: &'a [u8],
    public: Zeroizing<Vec<u8>>,
    /// The Argon2 headers (v3 and encrypted only), with the salt.
    argon2: Option<Argon2Params>,
    private: Zeroizing<Vec<u8>>,
    mac: Vec<u8>,
}

/// Reads the text of a PPK file, checking every bound but doing no cryptography.
fn parse<'a>(input: &'a [u8], limits: &Limits) -> Result<File<'a>> {
    Limits::check(
        "input size in bytes",
        input.len() as u64,
        limits.max_input_bytes as u64,
    )?;
    // Leading blank space is skipped (offsets stay relative to the whole input).
    let start = input
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(input.len());
    let mut lines = Lines::new(input, Format::Ppk3);
    lines.skip_to(start);
    let (_, first) = lines.next_line()?;
    let rest = first
        .strip_prefix(HEADER_PREFIX.as_bytes())
        .ok_or_else(|| lines.error(start, "not a PuTTY key file"))?;
    let colon = rest
        .iter()
        .position(|&b| b == b':')
        .ok_or_else(|| lines.error(start, "malformed first line"))?;
    let (number, algorithm) = rest.split_at(colon);
    let format = match number {
        b"3" => Format::Ppk3,
        b"2" => Format::Ppk2,
        b"1" => {
            return Err(Error::unsupported(
                "PuTTY key file version 1 (PuTTY < 0.52)",
            ));
        }
        n if !n.is_empty() && n.iter().all(u8::is_ascii_digit) => {
            return Err(Error::unsupported(format!(
                "PuTTY key file version {} (too new)",
                String::from_utf8_lossy(n)
            )));
        }
        _ => return Err(lines.error(start, "malformed first line")),
    };
    let version = if format == Format::Ppk2 {
        PpkVersion::V2
    } else {
        PpkVersion::V3
    };
    let algorithm = algorithm
        .strip_prefix(b": ")
        .and_then(|a| core::str::from_utf8(a).ok())
        .filter(|a| !a.is_empty() && a.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| Error::parse_at(format, start, "malformed algorithm name"))?;
    if Algorithm::from_ssh_name(algorithm).is_none() {
        return Err(Error::UnsupportedAlgorithm {
            name: algorithm.to_owned(),
        });
    }
    lines.set_format(format);

    let (enc_offset, encryption) = lines.header_str("Encryption")?;
    let encrypted = match encryption {
        ENC_NONE => false,
        ENC_AES => true,
        other => {
            return Err(Error::unsupported(format!(
                "PPK encryption {other:?} (at byte {enc_offset})"
            )));
        }
    };
    let (_, comment) = lines.header("Comment")?;
    let public = lines.base64_block("Public-Lines", "PPK Public-Lines")?;
    let argon2 = if version == PpkVersion::V3 && encrypted {
        Some(argon2_headers(&mut lines, limits)?)
    } else {
        None
    };
    let private_offset = lines.offset();
    let private = lines.base64_block("Private-Lines", "PPK Private-Lines")?;
    if encrypted && !private.len().is_multiple_of(crypto::BLOCK) {
        return Err(lines.error(
            private_offset,
            "an encrypted private blob must be a multiple of 16 bytes",
        ));
    }
    let (mac_offset, mac_hex) = lines.header_str("Private-MAC")?;
    let mac_len = match version {
        PpkVersion::V2 => 20,
        PpkVersion::V3 => 32,
    };
    // PuTTY compares its own `%02x` rendering with strcmp: only lowercase hex matches.
    let mac = Some(mac_hex)
        .filter(|h| {
            h.len() == mac_len * 2 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        })
        .and_then(decode_hex)
        .ok_or_else(|| {
            lines.error(
                mac_offset,
                format!("`Private-MAC` must be {} lowercase hex digits", mac_len * 2),
            )
        })?;
    lines.finish()?;
    Ok(File {
        format,
        version,
        algorithm,
        encryption,
        comment,
        public,
        argon2,
        private,
        mac,
    })
}

/// Reads the five Argon2 headers of an encrypted v3 file and bounds them.
fn argon2_headers(lines: &mut Lines<'_>, limits: &Limits) -> Result<Argon2Params> {
    let (kdf_offset, kdf) = lines.header_str("Key-Derivation")?;
    let flavor = Argon2Flavor::from_name(kdf).ok_or_else(|| {
        Error::unsupported(format!("PPK key derivation {kdf:?} (at byte {kdf_offset})"))
    })?;
    let memory = lines.header_u32("Argon2-Memory")?;
    let passes = lines.header_u32("Argon2-Passes")?;
    let parallelism = lines.header_u32("Argon2-Parallelism")?;
    limits.check_argon2(memory, passes, parallelism)?;
    let (salt_offset, salt_hex) = lines.header_str("Argon2-Salt")?;
    Limits::check(
        "Argon2 salt bytes",
        (salt_hex.len() / 2) as u64,
        MAX_SALT_BYTES,
    )?;
    let salt = decode_hex(salt_hex)
        .ok_or_else(|| lines.error(salt_offset, "`Argon2-Salt` must be hex pairs"))?;
    check_argon2(memory, passes, parallelism, &salt)?;
    Ok(Argon2Params {
        flavor,
        memory_kib: memory,
        passes,
        parallelism,
        salt: Some(salt),
    })
}

/// RFC 9106 rules Argon2 implementations enforce, reported before any work is done.
///
/// PuTTY itself accepts any uint32 and any salt length, including an empty salt; files
/// with a salt shorter than 8 bytes, fewer than 8 KiB of memory per lane, or zero passes or
/// lanes are refused here with [`Error::Unsupported`] (PuTTYgen never writes them).
fn check_argon2(memory: u32, passes: u32, parallelism: u32, salt: &[u8]) -> Result<()> {
    if salt.len() < MIN_SALT_BYTES {
        return Err(Error::unsupported(format!(
            "an Argon2 salt of {} bytes (at least {MIN_SALT_BYTES} are needed)",
            salt.len()
        )));
    }
    if passes == 0 || parallelism == 0 || parallelism > 0x00FF_FFFF {
        return Err(Error::unsupported(
            "Argon2 passes and parallelism must be at least 1",
        ));
    }
    if u64::from(memory) < 8 * u64::from(parallelism) {
        return Err(Error::unsupported(
            "Argon2 memory below 8 KiB per lane (RFC 9106)",
        ));
    }
    Ok(())
}

/// Reads a PPK file, verifying the MAC before the key is used.
///
/// With encryption the MAC is the only check, so a tampered file and a wrong passphrase
/// cannot be told apart: both are reported as [`Error::WrongPassphrase`]. Without
/// encryption a MAC mismatch is [`Error::Integrity`].
///
/// # Errors
/// [`Error::Parse`] (with the byte offset), [`Error::LimitExceeded`] (input size, line
/// counts and lengths, Argon2 memory, passes, lanes, salt), [`Error::PassphraseRequired`],
/// [`Error::WrongPassphrase`], [`Error::Integrity`], [`Error::Unsupported`] (PPK v1, an
/// unknown cipher or KDF, Argon2 parameters outside RFC 9106),
/// [`Error::UnsupportedAlgorithm`] (Ed448, certificates), [`Error::InvalidKey`].
pub(crate) fn decode(
    input: &[u8],
    passphrase: Option<&Passphrase>,
    limits: &Limits,
) -> Result<PrivateKey> {
    crate::features::ppk()?;
    let file = parse(input, limits)?;
    let format = file.format;
    let encrypted = file.encryption == ENC_AES;
    let keys = if encrypted {
        let passphrase = crate::secret::required(passphrase)?;
        match &file.argon2 {
            None => Keys::v2(passphrase.as_bytes()),
            Some(params) => Keys::v3(
                passphrase.as_bytes(),
                params,
                params.salt.as_deref().unwrap_or_default(),
            )?,
        }
    } else {
        Keys::unencrypted(file.version)
    };
    let mut private = file.private;
    if encrypted {
        keys.decrypt(&mut private)?;
    }
    let data = crypto::mac_data(
        file.algorithm.as_bytes(),
        file.encryption.as_bytes(),
        file.comment,
        &file.public,
        &private,
    );
    let mac = keys.mac(file.version, &data);
    if !crate::secret::constant_time_eq(&mac, &file.mac) {
        return Err(if encrypted {
            Error::WrongPassphrase
        } else {
            Error::Integrity {
                reason: "the PPK Private-MAC does not match: the file was altered or corrupted"
                    .into(),
            }
        });
    }

    let public = decode_public_blob(&file.public, format)?;
    if public.algorithm().as_str() != file.algorithm {
        return Err(Error::parse(
            format,
            format!(
                "the header says {} but the public key is {}",
                file.algorithm,
                public.algorithm().as_str()
            ),
        ));
    }
    let keypair = blob::decode(&public, &private, format)?;
    let inner = ssh_key::PrivateKey::new(keypair, file.comment).map_err(|e| Error::InvalidKey {
        algorithm: "key",
        reason: e.to_string(),
    })?;
    let key = PrivateKey::from_ssh(inner, limits)?;
    if key.public_key().to_blob() != *file.public {
        return Err(Error::InvalidKey {
            algorithm: key.algorithm().ssh_name(),
            reason: "the public key in the file does not match the private key".into(),
        });
    }
    let mut key = key.with_source(format, encrypted);
    // Written again with the same Argon2 settings (and a new salt) unless asked otherwise.
    if let Some(mut argon2) = file.argon2.clone() {
        argon2.salt = None;
        key.read_options_mut().ppk.argon2 = argon2;
    }
    key.read_options_mut().ppk.version = file.version;
    Ok(key)
}

/// The public key and comment of a PPK file, which are stored in the clear: no passphrase
/// is needed, and nothing is checked but the layout (the MAC needs the passphrase).
pub(crate) fn decode_public(input: &[u8], limits: &Limits) -> Result<crate::PublicKey> {
    crate::features::ppk()?;
    let file = parse(input, limits)?;
    let mut key = crate::PublicKey::from_blob_with(&file.public, limits)?;
    key.set_comment_bytes(file.comment);
    Ok(key.with_format(file.format))
}

/// Decodes the public blob (RFC 4253 §6.6), which must hold nothing else.
fn decode_public_blob(blob: &[u8], format: Format) -> Result<ssh_key::public::KeyData> {
    use ssh_key::encoding::{Decode, Reader};
    super::wire::canonical_public_blob(blob, format)?;
    let mut reader = blob;
    let key = ssh_key::public::KeyData::decode(&mut reader).map_err(|e| match e {
        ssh_key::Error::AlgorithmUnknown | ssh_key::Error::AlgorithmUnsupported { .. } => {
            Error::UnsupportedAlgorithm {
                name: "in the public key blob".into(),
            }
        }
        e => Error::parse(format, format!("malformed public key blob: {e}")),
    })?;
    if !reader.is_finished() {
        return Err(Error::parse(
            format,
            "unexpected trailing bytes in the public key blob",
        ));
    }
    Ok(key)
}

/// Writes a PPK file as PuTTYgen does: LF line endings, 64-character base64 lines,
/// `comment` verbatim (the key's comment byte for byte, or its UTF-8 rendering for a text
/// result; the MAC covers what is written), lowercase hex MAC, RSA primes ordered p > q as PuTTY
/// keeps them; `Encryption: none` without a (non-empty) passphrase, otherwise aes256-cbc
/// with the version's key derivation.
///
/// # Errors
/// [`Error::InvalidArgument`] for a comment holding CR or LF, Argon2 parameters Argon2
/// refuses, or a fixed salt shorter than 8 bytes; [`Error::Unsupported`] for a key type PPK
/// does not hold.
pub(crate) fn encode(
    key: &PrivateKey,
    options: &PpkOptions,
    passphrase: Option<&Passphrase>,
    comment: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    crate::features::ppk()?;
    let passphrase = Passphrase::given(passphrase);
    let version = options.version;
    let algorithm = key.algorithm().ssh_name();
    if comment.iter().any(|&b| b == b'\r' || b == b'\n') {
        return Err(Error::invalid_argument(
            "a PPK comment cannot hold a line break",
        ));
    }
    let public = key.public_key().to_blob();
    let mut private = blob::encode(key.keypair())?;
    let encryption = if passphrase.is_some() {
        ENC_AES
    } else {
        ENC_NONE
    };
    let mut argon2_lines = String::new();
    let keys = match (passphrase, version) {
        (None, _) => Keys::unencrypted(version),
        (Some(p), PpkVersion::V2) => Keys::v2(p.as_bytes()),
        (Some(p), PpkVersion::V3) => {
            let params = &options.argon2;
            let salt = match &params.salt {
                Some(salt) => salt.clone(),
                None => {
                    let mut salt = vec![0u8; 16];
                    os_rng().fill_bytes(&mut salt);
                    salt
                }
            };
            check_argon2(params.memory_kib, params.passes, params.parallelism, &salt)
                .map_err(|e| Error::invalid_argument(e.to_string()))?;
            // Never write a file keywright's own default limits would refuse to read.
            Limits::DEFAULT
                .check_argon2(params.memory_kib, params.passes, params.parallelism)
                .map_err(|e| {
                    Error::invalid_argument(format!(
                        "{e}: keywright would refuse to read the file with its default limits"
                    ))
                })?;
            let keys = Keys::v3(p.as_bytes(), params, &salt)
                .map_err(|e| Error::invalid_argument(e.to_string()))?;
            argon2_lines = format!(
                "Key-Derivation: {}\nArgon2-Memory: {}\nArgon2-Passes: {}\n\
                 Argon2-Parallelism: {}\nArgon2-Salt: {}\n",
                params.flavor.name(),
                params.memory_kib,
                params.passes,
                params.parallelism,
                encode_hex(&salt)
            );
            keys
        }
    };
    if passphrase.is_some() {
        crypto::pad(&mut private);
    }
    let data = crypto::mac_data(
        algorithm.as_bytes(),
        encryption.as_bytes(),
        comment,
        &public,
        &private,
    );
    let mac = keys.mac(version, &data);
    if passphrase.is_some() {
        keys.encrypt(&mut private)?;
    }

    let number = match version {
        PpkVersion::V2 => 2,
        PpkVersion::V3 => 3,
    };
    // One allocation, so no copy of the key is left behind by a reallocation.
    let capacity = 256
        + comment.len()
        + argon2_lines.len()
        + 2 * (public.len() + private.len()).div_ceil(48) * (text::LINE_CHARS + 1);
    let mut out = Zeroizing::new(Vec::with_capacity(capacity));
    out.extend_from_slice(
        format!("{HEADER_PREFIX}{number}: {algorithm}\nEncryption: {encryption}\nComment: ")
            .as_bytes(),
    );
    out.extend_from_slice(comment);
    out.push(b'\n');
    text::push_base64_block(&mut out, "Public-Lines", &public);
    out.extend_from_slice(argon2_lines.as_bytes());
    text::push_base64_block(&mut out, "Private-Lines", &private);
    out.extend_from_slice(b"Private-MAC: ");
    out.extend_from_slice(encode_hex(&mac).as_bytes());
    out.push(b'\n');
    Ok(out)
}
