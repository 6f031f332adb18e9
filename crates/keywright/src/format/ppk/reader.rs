//! Reading a PPK file: every bound checked before its cost is paid, then the keys derived,
//! the MAC verified in constant time, and only then the private blob parsed.

use zeroize::Zeroizing;

use super::crypto::{self, Keys};
use super::options::check_argon2;
use super::text::Lines;
use super::{
    Argon2Flavor, Argon2Params, ENC_AES, ENC_NONE, HEADER_PREFIX, MAX_SALT_BYTES, PpkVersion, blob,
};
use crate::format::text::decode_hex;
use crate::{Algorithm, Error, Format, Limits, Passphrase, PrivateKey, Result};

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
    let file = parse(input, limits)?;
    let mut key = crate::PublicKey::from_blob_with(&file.public, limits)?;
    key.set_comment_bytes(file.comment);
    Ok(key.with_format(file.format))
}

/// Decodes the public blob (RFC 4253 §6.6), which must hold nothing else.
fn decode_public_blob(blob: &[u8], format: Format) -> Result<ssh_key::public::KeyData> {
    use ssh_key::encoding::{Decode, Reader};
    crate::format::wire::canonical_public_blob(blob, format)?;
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
