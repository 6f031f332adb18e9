//! OpenSSH formats: the private `openssh-key-v1` PEM (OpenSSH PROTOCOL.key) and the
//! one-line public key (`ALGO BASE64 COMMENT`, RFC 4253 §6.6 blob).

mod kdf;

use base64ct::{Base64, Encoding};
use rand_core::Rng;
use ssh_key::encoding::{Decode, Encode};
use ssh_key::private::KeypairData;
use ssh_key::{Cipher, Kdf, Mpint};
use zeroize::Zeroizing;

use super::text::{lines, skip_blanks, skip_bom, split_unquoted, trim_ascii};
use super::{LineEnding, wire};
use crate::secret::os_rng;
use crate::{Algorithm, Error, Format, Limits, Passphrase, PrivateKey, PublicKey, Result};

/// bcrypt-pbkdf rounds `ssh-keygen` uses by default.
pub(crate) const DEFAULT_ROUNDS: u32 = 16;
/// bcrypt-pbkdf salt length `ssh-keygen` uses.
const SALT_BYTES: usize = 16;
const AUTH_MAGIC: &[u8] = b"openssh-key-v1\0";
const PEM_LABEL: &str = "OPENSSH PRIVATE KEY";
/// OpenSSH wraps its private key armour at 70 columns.
const PEM_WIDTH: usize = 70;

/// The cipher of an encrypted `openssh-key-v1` file: the ones `ssh-keygen -Z` writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OpenSshCipher {
    /// `aes128-ctr`.
    Aes128Ctr,
    /// `aes192-ctr`.
    Aes192Ctr,
    /// `aes256-ctr` (`ssh-keygen`'s default).
    #[default]
    Aes256Ctr,
    /// `aes128-cbc`.
    Aes128Cbc,
    /// `aes192-cbc`.
    Aes192Cbc,
    /// `aes256-cbc`.
    Aes256Cbc,
    /// `aes128-gcm@openssh.com`.
    Aes128Gcm,
    /// `aes256-gcm@openssh.com`.
    Aes256Gcm,
    /// `chacha20-poly1305@openssh.com`.
    ChaCha20Poly1305,
}

impl OpenSshCipher {
    /// Every cipher, `ssh-keygen`'s default first.
    pub const ALL: [OpenSshCipher; 9] = [
        OpenSshCipher::Aes256Ctr,
        OpenSshCipher::Aes192Ctr,
        OpenSshCipher::Aes128Ctr,
        OpenSshCipher::Aes256Cbc,
        OpenSshCipher::Aes192Cbc,
        OpenSshCipher::Aes128Cbc,
        OpenSshCipher::Aes256Gcm,
        OpenSshCipher::Aes128Gcm,
        OpenSshCipher::ChaCha20Poly1305,
    ];

    /// The name OpenSSH uses (`aes256-ctr`, `chacha20-poly1305@openssh.com`, ...).
    #[must_use]
    pub fn name(self) -> &'static str {
        self.ssh().as_str()
    }

    fn ssh(self) -> Cipher {
        match self {
            OpenSshCipher::Aes128Ctr => Cipher::Aes128Ctr,
            OpenSshCipher::Aes192Ctr => Cipher::Aes192Ctr,
            OpenSshCipher::Aes256Ctr => Cipher::Aes256Ctr,
            OpenSshCipher::Aes128Cbc => Cipher::Aes128Cbc,
            OpenSshCipher::Aes192Cbc => Cipher::Aes192Cbc,
            OpenSshCipher::Aes256Cbc => Cipher::Aes256Cbc,
            OpenSshCipher::Aes128Gcm => Cipher::Aes128Gcm,
            OpenSshCipher::Aes256Gcm => Cipher::Aes256Gcm,
            OpenSshCipher::ChaCha20Poly1305 => Cipher::ChaCha20Poly1305,
        }
    }

    /// The cipher of a file read, when keywright can write it again.
    fn from_ssh(cipher: Cipher) -> Option<Self> {
        OpenSshCipher::ALL.into_iter().find(|c| c.ssh() == cipher)
    }
}

impl core::fmt::Display for OpenSshCipher {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

impl core::str::FromStr for OpenSshCipher {
    type Err = Error;

    /// An OpenSSH cipher name (`aes256-ctr`, `aes256-gcm@openssh.com`, ...; the
    /// `@openssh.com` suffix may be left out).
    fn from_str(s: &str) -> Result<Self> {
        let lower = s.to_ascii_lowercase();
        OpenSshCipher::ALL
            .into_iter()
            .find(|c| {
                let name = c.name();
                name == lower || name.strip_suffix("@openssh.com") == Some(lower.as_str())
            })
            .ok_or_else(|| {
                let names: Vec<&str> = OpenSshCipher::ALL.iter().map(|c| c.name()).collect();
                Error::invalid_argument(format!(
                    "unknown openssh-key-v1 cipher {s:?} (expected one of {})",
                    names.join(", ")
                ))
            })
    }
}

/// The cipher and bcrypt-pbkdf rounds an encrypted `openssh-key-v1` file was written with
/// (`None` for an unencrypted one or a cipher keywright does not write, `3des-cbc`).
fn encryption_of(key: &ssh_key::PrivateKey) -> Option<(OpenSshCipher, u32)> {
    match key.kdf() {
        Kdf::Bcrypt { rounds, .. } => Some((OpenSshCipher::from_ssh(key.cipher())?, *rounds)),
        _ => None,
    }
}

fn parse_error(e: &ssh_key::Error) -> Error {
    match e {
        ssh_key::Error::AlgorithmUnknown => Error::UnsupportedAlgorithm {
            name: "unknown".into(),
        },
        ssh_key::Error::AlgorithmUnsupported { algorithm } => Error::UnsupportedAlgorithm {
            name: algorithm.as_str().to_owned(),
        },
        // A name ssh-key does not know (e.g. `ssh-ed448`): its message quotes the name.
        ssh_key::Error::Encoding(ssh_key::encoding::Error::Label(label)) => {
            Error::UnsupportedAlgorithm {
                name: label
                    .to_string()
                    .split('\'')
                    .nth(1)
                    .unwrap_or("unknown")
                    .to_owned(),
            }
        }
        e => Error::parse(Format::OpenSsh, e.to_string()),
    }
}

/// Reads an `openssh-key-v1` private key, decrypting it when encrypted.
pub(crate) fn decode_private(
    input: &[u8],
    passphrase: Option<&Passphrase>,
    limits: &Limits,
) -> Result<PrivateKey> {
    limits.check_input(input)?;
    let (_, text) = trim_ascii(input);
    let key = read_ssh_key(text)?;
    let encrypted = key.is_encrypted();
    let written_with = encryption_of(&key);
    let key = if encrypted {
        if let Kdf::Bcrypt { salt, rounds } = key.kdf() {
            // ssh-keygen never writes these; bcrypt-pbkdf is undefined for them.
            if salt.is_empty() {
                return Err(Error::parse(
                    Format::OpenSsh,
                    "bcrypt-pbkdf with an empty salt",
                ));
            }
            if *rounds == 0 {
                return Err(Error::parse(Format::OpenSsh, "bcrypt-pbkdf with 0 rounds"));
            }
            Limits::check(
                "bcrypt-pbkdf rounds",
                u64::from(*rounds),
                u64::from(limits.max_bcrypt_rounds),
            )?;
        }
        let passphrase = crate::secret::required(passphrase)?;
        decrypt(&key, passphrase)?
    } else {
        key
    };
    let mut key = PrivateKey::from_ssh(key, limits)?.with_source(Format::OpenSsh, encrypted);
    if let Some((cipher, rounds)) = written_with {
        let options = key.read_options_mut();
        options.openssh_cipher = cipher;
        options.openssh_rounds = rounds;
    }
    Ok(key)
}

/// Base64 characters [`names_a_cipher`] reads: 96 bytes, enough for the magic, the length
/// and the longest cipher name OpenSSH writes (`chacha20-poly1305@openssh.com`).
const HEADER_CHARS: usize = 128;

/// Whether an `openssh-key-v1` armour names a cipher other than `none`, read from the first
/// [`HEADER_CHARS`] base64 characters after the BEGIN line only: the work is bounded
/// whatever the input's size, and nothing else is decoded. `false` when the header cannot
/// be read (the reader reports why).
pub(crate) fn names_a_cipher(input: &[u8]) -> bool {
    let (_, text) = trim_ascii(skip_bom(input));
    let Some(body) = text.strip_prefix(format!("-----BEGIN {PEM_LABEL}-----").as_bytes()) else {
        return false;
    };
    let mut b64: Vec<u8> = body
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .take_while(|b| *b != b'-')
        .take(HEADER_CHARS)
        .collect();
    b64.truncate(b64.len() - b64.len() % 4);
    let Ok(header) = Base64::decode_vec(core::str::from_utf8(&b64).unwrap_or_default()) else {
        return false;
    };
    let Some(mut rest) = header.strip_prefix(AUTH_MAGIC) else {
        return false;
    };
    Vec::<u8>::decode(&mut rest).is_ok_and(|cipher| cipher != b"none")
}

/// An `openssh-key-v1` file (trimmed) as `ssh-key` reads it, after [`check_strict`]; an
/// unencrypted key is still encrypted-free but may need its ECDSA scalar widened first
/// ([`wire::widen_ecdsa_scalar`]).
pub(crate) fn read_ssh_key(text: &[u8]) -> Result<ssh_key::PrivateKey> {
    match check_strict(text)? {
        Some(body) => ssh_key::PrivateKey::from_bytes(&body),
        None => ssh_key::PrivateKey::from_openssh(text),
    }
    .map_err(|e| parse_error(&e))
}

/// Checks the fields `ssh-key` reads loosely (fixed sizes, compressed points; see
/// [`wire`]): the public key, and the private section when it is not encrypted (an
/// encrypted one is checked once decrypted, in [`decode_section`]). Returns the body
/// rewritten for `ssh-key` when an unencrypted section needs it.
fn check_strict(text: &[u8]) -> Result<Option<Zeroizing<Vec<u8>>>> {
    // OpenSSH wraps at 70 columns, which RFC 7468 decoders refuse: the body is the base64
    // between the BEGIN and END lines. Armour errors are left to `ssh-key`, which reads
    // the same armour next.
    let begin = format!("-----BEGIN {PEM_LABEL}-----");
    let end = format!("-----END {PEM_LABEL}-----");
    let Some(inner) = text
        .strip_prefix(begin.as_bytes())
        .and_then(|rest| rest.strip_suffix(end.as_bytes()))
    else {
        return Ok(None);
    };
    let b64: Zeroizing<Vec<u8>> = Zeroizing::new(
        inner
            .iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace())
            .collect(),
    );
    let Ok(body) = Base64::decode_vec(core::str::from_utf8(&b64).unwrap_or_default()) else {
        return Ok(None);
    };
    let body = Zeroizing::new(body);
    let (public, section, encrypted) = wire::openssh_parts(&body)?;
    let (cipher, kdf) = wire::openssh_cipher_and_kdf(&body)?;
    if cipher == "3des-cbc" {
        crate::features::legacy_pem("3des-cbc openssh-key-v1 keys")?;
    }
    if cipher.parse::<Cipher>().is_err() {
        return Err(Error::unsupported(format!(
            "openssh-key-v1 cipher {cipher:?}"
        )));
    }
    if !matches!(kdf.as_str(), "none" | "bcrypt") {
        return Err(Error::unsupported(format!("openssh-key-v1 KDF {kdf:?}")));
    }
    wire::canonical_public_blob(public, Format::OpenSsh)?;
    if encrypted {
        return Ok(None);
    }
    wire::check_private_section(section, Format::OpenSsh)?;
    // ssh-key allows PuTTYgen's padding of up to a whole 16-byte block here.
    match wire::widen_ecdsa_scalar(section, Cipher::None.block_size(), 16)? {
        Some(section) => Ok(Some(wire::openssh_with_section(&body, &section)?)),
        None => Ok(None),
    }
}

/// Decrypts an encrypted key. bcrypt-pbkdf with a block cipher (the ciphers `ssh-keygen`
/// writes) derives its key on two threads; AEAD ciphers go through `ssh-key`.
fn decrypt(key: &ssh_key::PrivateKey, passphrase: &Passphrase) -> Result<ssh_key::PrivateKey> {
    let wrong = |e: ssh_key::Error| match e {
        // Mismatched check integers (or a failed AEAD tag): the key did not decrypt.
        ssh_key::Error::Crypto => Error::WrongPassphrase,
        e => parse_error(&e),
    };
    let cipher = key.cipher();
    let (Kdf::Bcrypt { salt, rounds }, Some(ciphertext)) = (key.kdf(), key.key_data().encrypted())
    else {
        return key.decrypt(passphrase.as_bytes()).map_err(wrong);
    };
    // The tag is not exposed by ssh-key: it is what follows the section in the file.
    let tag = if cipher.has_tag() {
        let body = Zeroizing::new(key.to_bytes().map_err(|e| parse_error(&e))?);
        let tag = ssh_key::cipher::Tag::try_from(wire::openssh_trailer(&body)?)
            .map_err(|_| Error::parse(Format::OpenSsh, "the authentication tag is not 16 bytes"))?;
        Some(tag)
    } else {
        None
    };
    let (key_len, iv_len) = cipher
        .key_and_iv_size()
        .ok_or_else(|| Error::unsupported(format!("cipher {}", cipher.as_str())))?;
    let mut okm = Zeroizing::new(vec![0u8; key_len + iv_len]);
    kdf::bcrypt_pbkdf(passphrase.as_bytes(), salt, *rounds, &mut okm)?;
    let (cipher_key, iv) = okm.split_at(key_len);
    // As ssh-key (and OpenSSH): chacha20-poly1305 key files use an all-zero nonce.
    let zero_nonce = [0u8; 8];
    let iv = if cipher == Cipher::ChaCha20Poly1305 {
        &zero_nonce[..iv.len().min(8)]
    } else {
        iv
    };
    let mut plain = Zeroizing::new(ciphertext.to_vec());
    if plain.len() % cipher.block_size() != 0 {
        return Err(Error::parse(
            Format::OpenSsh,
            "encrypted section is not whole cipher blocks",
        ));
    }
    cipher
        .decrypt(cipher_key, iv, &mut plain, tag)
        .map_err(|e| match e {
            // A failed tag: the key did not decrypt.
            ssh_key::cipher::Error::Crypto => Error::WrongPassphrase,
            e => Error::parse(Format::OpenSsh, format!("decryption failed: {e}")),
        })?;
    let decrypted = decode_section(&plain, cipher.block_size())?;
    if decrypted.public_key().key_data() != key.public_key().key_data() {
        return Err(Error::InvalidKey {
            algorithm: "key",
            reason: "the private key does not match the public key in the file".into(),
        });
    }
    Ok(decrypted)
}

/// Decodes the decrypted private section: check integers, the key pair, its comment and
/// the padding `1, 2, 3, ...` up to the cipher's block size.
fn decode_section(whole: &[u8], block_size: usize) -> Result<ssh_key::PrivateKey> {
    let bad = |e: ssh_key::encoding::Error| {
        Error::parse(Format::OpenSsh, format!("private section: {e}"))
    };
    let mut section = whole;
    let check1 = u32::decode(&mut section).map_err(bad)?;
    let check2 = u32::decode(&mut section).map_err(bad)?;
    if check1 != check2 {
        return Err(Error::WrongPassphrase);
    }
    wire::check_private_section(whole, Format::OpenSsh)?;
    let widened = wire::widen_ecdsa_scalar(whole, block_size, block_size - 1)?;
    if let Some(w) = &widened {
        section = w.get(8..).unwrap_or_default();
    }
    let keypair = KeypairData::decode(&mut section).map_err(|e| parse_error(&e))?;
    let comment = Vec::<u8>::decode(&mut section).map_err(bad)?;
    if section.len() >= block_size || section.iter().zip(1u8..).any(|(b, i)| *b != i) {
        return Err(Error::parse(
            Format::OpenSsh,
            "bad padding after the private key",
        ));
    }
    // The comment's bytes as they are: OpenSSH does not require UTF-8.
    ssh_key::PrivateKey::new(keypair, comment).map_err(|e| parse_error(&e))
}

/// Writes an `openssh-key-v1` private key; encrypted (`cipher`, bcrypt-pbkdf with
/// `rounds`, at most [`Limits::DEFAULT`]'s so that keywright reads it back) when
/// `passphrase` is non-empty.
///
/// Written here rather than by `ssh-key`, whose encoder keeps the leading zero bytes of an
/// ECDSA scalar (a non-minimal mpint that PuTTY refuses).
pub(crate) fn encode_private(
    key: &PrivateKey,
    passphrase: Option<&Passphrase>,
    cipher: OpenSshCipher,
    rounds: u32,
    line_ending: LineEnding,
) -> Result<Zeroizing<String>> {
    let encoding =
        |e: ssh_key::encoding::Error| Error::unsupported(format!("openssh encoding: {e}"));
    let passphrase = Passphrase::given(passphrase);
    let mut rng = os_rng();
    let (cipher, kdf) = match passphrase {
        None => (Cipher::None, Kdf::None),
        Some(_) => {
            check_rounds(rounds)?;
            let mut salt = vec![0u8; SALT_BYTES];
            rng.fill_bytes(&mut salt);
            (cipher.ssh(), Kdf::Bcrypt { salt, rounds })
        }
    };

    let mut section = Zeroizing::new(Vec::new());
    let checkint = rng.next_u32();
    checkint.encode(&mut *section).map_err(encoding)?;
    checkint.encode(&mut *section).map_err(encoding)?;
    encode_keypair(key.keypair(), &mut section).map_err(encoding)?;
    key.ssh()
        .comment()
        .as_bytes()
        .encode(&mut *section)
        .map_err(encoding)?;
    let padding = cipher.padding_len(section.len());
    section.extend((1..=u8::try_from(padding).unwrap_or(0)).take(padding));

    let mut tag = None;
    if let (Some(passphrase), Kdf::Bcrypt { salt, rounds }) = (passphrase, &kdf) {
        let (key_len, iv_len) = cipher.key_and_iv_size().unwrap_or((32, 16));
        let mut okm = Zeroizing::new(vec![0u8; key_len + iv_len]);
        kdf::bcrypt_pbkdf(passphrase.as_bytes(), salt, *rounds, &mut okm)?;
        let (cipher_key, iv) = okm.split_at(key_len);
        // OpenSSH encrypts keys with chacha20-poly1305 under a zero nonce (the salt makes
        // each key unique), as `ssh-key` reads them.
        let zero_nonce = [0u8; 8];
        let iv = if cipher == Cipher::ChaCha20Poly1305 {
            &zero_nonce[..]
        } else {
            iv
        };
        tag = cipher
            .encrypt(cipher_key, iv, &mut section)
            .map_err(|e| Error::unsupported(format!("openssh encryption: {e}")))?;
    }

    let mut blob = Zeroizing::new(Vec::new());
    blob.extend_from_slice(AUTH_MAGIC);
    cipher.as_str().encode(&mut *blob).map_err(encoding)?;
    kdf.encode(&mut *blob).map_err(encoding)?;
    1u32.encode(&mut *blob).map_err(encoding)?;
    key.public_key()
        .to_blob()
        .encode(&mut *blob)
        .map_err(encoding)?;
    section.as_slice().encode(&mut *blob).map_err(encoding)?;
    // An AEAD cipher's tag follows the encrypted section (OpenSSH PROTOCOL.key).
    if let Some(tag) = tag {
        blob.extend_from_slice(&tag);
    }

    let le = match line_ending {
        LineEnding::Lf => pem_rfc7468::LineEnding::LF,
        LineEnding::CrLf => pem_rfc7468::LineEnding::CRLF,
    };
    let len = pem_rfc7468::encapsulated_len_wrapped(PEM_LABEL, PEM_WIDTH, le, blob.len())
        .map_err(|e| Error::unsupported(format!("openssh armour: {e}")))?;
    let mut out = Zeroizing::new(vec![0u8; len]);
    let mut encoder = pem_rfc7468::Encoder::new_wrapped(PEM_LABEL, PEM_WIDTH, le, &mut out)
        .map_err(|e| Error::unsupported(format!("openssh armour: {e}")))?;
    encoder
        .encode(&blob)
        .map_err(|e| Error::unsupported(format!("openssh armour: {e}")))?;
    let written = encoder
        .finish()
        .map_err(|e| Error::unsupported(format!("openssh armour: {e}")))?;
    out.truncate(written);
    let text = String::from_utf8(core::mem::take(&mut *out))
        .map_err(|_| Error::unsupported("openssh armour is not ASCII"))?;
    Ok(Zeroizing::new(text))
}

/// Refuses bcrypt-pbkdf rounds of 0 (undefined) and above the default read limit (a file
/// keywright would refuse to read back).
pub(crate) fn check_rounds(rounds: u32) -> Result<()> {
    let max = Limits::DEFAULT.max_bcrypt_rounds;
    if rounds == 0 || rounds > max {
        return Err(Error::invalid_argument(format!(
            "bcrypt-pbkdf rounds must be 1 to {max}, not {rounds}"
        )));
    }
    Ok(())
}

/// The key pair as OpenSSH writes it, with ECDSA scalars as minimal mpints.
fn encode_keypair(keypair: &KeypairData, out: &mut Vec<u8>) -> ssh_key::encoding::Result<()> {
    match keypair {
        KeypairData::Ecdsa(k) => {
            k.algorithm().as_str().encode(out)?;
            k.curve().as_str().encode(out)?;
            k.public_key_bytes().encode(out)?;
            Mpint::from_positive_bytes(k.private_key_bytes()).encode(out)
        }
        other => other.encode(out),
    }
}

/// The public key stored in the clear in an `openssh-key-v1` file (encrypted or not),
/// with the file's comment when it is unencrypted.
pub(crate) fn decode_public_of_private(input: &[u8], limits: &Limits) -> Result<PublicKey> {
    limits.check_input(input)?;
    let (_, text) = trim_ascii(input);
    let key = read_ssh_key(text)?;
    let public =
        PublicKey::from_ssh(key.public_key().clone(), limits)?.with_format(Format::OpenSsh);
    // The comment of an encrypted key is in the encrypted section: unknown here.
    Ok(if key.is_encrypted() {
        public
    } else {
        public.with_comment_stored()
    })
}

/// Whether `token` names a key type rather than starting an `authorized_keys` options list.
pub(crate) fn is_key_type(token: &[u8]) -> bool {
    let Ok(token) = core::str::from_utf8(token) else {
        return false;
    };
    Algorithm::from_ssh_name(token).is_some()
        || token.starts_with("ssh-")
        || token.starts_with("ecdsa-sha2-")
        || token.starts_with("sk-")
        || token.starts_with("rsa-sha2-")
        // An algorithm of an extension name space (`name@example.com`, RFC 4250 §4.6.1);
        // options always hold `=` or quotes when they hold `@` (`from="*@host"`).
        || (token.contains('@') && !token.contains(['=', '"', ',']))
}

/// Parses the key of one public key line, `ALGO BASE64[ COMMENT]` (no options, no leading
/// blanks; trailing whitespace is dropped). The comment is kept byte for byte. A parse
/// error's offset is relative to the start of `line`.
pub(crate) fn parse_public_line(line: &[u8], limits: &Limits) -> Result<PublicKey> {
    let err = |at: &[u8], reason: &str| {
        let offset = (at.as_ptr() as usize).saturating_sub(line.as_ptr() as usize);
        Error::parse_at(Format::OpenSshPub, offset, reason)
    };
    let mut end = line.len();
    while end > 0 && line.get(end - 1).is_some_and(u8::is_ascii_whitespace) {
        end -= 1;
    }
    let rest = line.get(..end).unwrap_or_default();
    let type_len = rest
        .iter()
        .position(|b| matches!(b, b' ' | b'\t'))
        .unwrap_or(rest.len());
    let (key_type, rest) = rest.split_at(type_len);
    if key_type.is_empty() {
        return Err(err(rest, "missing key type"));
    }
    let rest = skip_blanks(rest);
    let b64_len = rest
        .iter()
        .position(|b| matches!(b, b' ' | b'\t'))
        .unwrap_or(rest.len());
    let (b64, rest) = rest.split_at(b64_len);
    if b64.is_empty() {
        return Err(err(b64, "missing base64 key data"));
    }
    let known = core::str::from_utf8(key_type).ok().is_some_and(|t| {
        Algorithm::from_ssh_name(t).is_some() || Algorithm::from_cert_ssh_name(t).is_some()
    });
    if !known && is_key_type(key_type) {
        // An algorithm name keywright does not read: say so, whatever the data after it.
        return Err(Error::UnsupportedAlgorithm {
            name: String::from_utf8_lossy(key_type).into_owned(),
        });
    }
    let blob = Base64::decode_vec(core::str::from_utf8(b64).unwrap_or("!"))
        .map_err(|_| err(b64, "invalid base64 key data"))?;
    let mut key = PublicKey::from_blob_with(&blob, limits).map_err(|e| match e {
        Error::Parse { reason, .. } => err(b64, &reason),
        other => other,
    })?;
    let written_type = match key.certificate() {
        Some(_) => key.algorithm().cert_ssh_name(),
        None => key.algorithm().ssh_name(),
    };
    if written_type.as_bytes() != key_type {
        return Err(err(
            key_type,
            &format!(
                "key type {:?} does not match the key data ({})",
                String::from_utf8_lossy(key_type),
                written_type
            ),
        ));
    }
    key.set_comment_bytes(skip_blanks(rest));
    Ok(key.with_format(Format::OpenSshPub))
}

/// Reads one OpenSSH public key line. Blank and `#` lines around it are skipped, and
/// leading `authorized_keys` options are allowed and dropped; a second key line is refused
/// (several keys are read as `authorized_keys`). The comment may be any bytes.
pub(crate) fn decode_public(input: &[u8], limits: &Limits) -> Result<PublicKey> {
    limits.check_input(input)?;
    let input = skip_bom(input);
    let mut found = None;
    for (index, (at, raw)) in lines(input, 0).enumerate() {
        let line = skip_blanks(trim_ascii(raw).1);
        if line.is_empty() || line.first() == Some(&b'#') {
            continue;
        }
        let line_no = index + 1;
        if found.is_some() {
            return Err(Error::parse_at(
                Format::OpenSshPub,
                at,
                format!("line {line_no}: a second key (read several keys as authorized_keys)"),
            ));
        }
        let (first, after) = split_unquoted(line);
        let key_part = if is_key_type(first) {
            line
        } else {
            skip_blanks(after)
        };
        let base = (key_part.as_ptr() as usize).saturating_sub(input.as_ptr() as usize);
        let key = parse_public_line(key_part, limits).map_err(|e| match e {
            Error::Parse { offset, reason, .. } => Error::parse_at(
                Format::OpenSshPub,
                base.saturating_add(offset.unwrap_or_default()),
                format!("line {line_no}: {reason}"),
            ),
            other => other,
        })?;
        found = Some(key);
    }
    found.ok_or_else(|| Error::parse(Format::OpenSshPub, "no public key line found"))
}

/// The line `ALGO BASE64 COMMENT` (without the comment when it is empty), the comment byte
/// for byte.
pub(crate) fn encode_public(key: &PublicKey) -> Vec<u8> {
    if let Some(cert) = key.certificate() {
        return cert.encode_bytes(None);
    }
    let mut line = format!(
        "{} {}",
        key.algorithm().ssh_name(),
        Base64::encode_string(&key.to_blob())
    )
    .into_bytes();
    let comment = key.comment_bytes();
    if !comment.is_empty() {
        line.push(b' ');
        line.extend_from_slice(comment);
    }
    line
}
