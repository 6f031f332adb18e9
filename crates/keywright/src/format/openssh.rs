//! OpenSSH formats: the private `openssh-key-v1` PEM (OpenSSH PROTOCOL.key) and the
//! one-line public key (`ALGO BASE64 COMMENT`, RFC 4253 §6.6 blob).

use base64ct::{Base64, Encoding};
use rand_core::Rng;
use ssh_key::{Cipher, Kdf};
use zeroize::Zeroizing;

use super::{LineEnding, authorized_keys, trim_ascii};
use crate::generate::os_rng;
use crate::{Error, Format, Limits, Passphrase, PrivateKey, PublicKey, Result};

/// bcrypt-pbkdf rounds `ssh-keygen` uses by default.
pub(crate) const DEFAULT_ROUNDS: u32 = 16;

fn ssh_line_ending(le: LineEnding) -> ssh_key::LineEnding {
    match le {
        LineEnding::Lf => ssh_key::LineEnding::LF,
        LineEnding::CrLf => ssh_key::LineEnding::CRLF,
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
        e => Error::parse(Format::OpenSsh, e.to_string()),
    }
}

/// Reads an `openssh-key-v1` private key, decrypting it when encrypted.
pub(crate) fn decode_private(
    input: &[u8],
    passphrase: Option<&Passphrase>,
    limits: &Limits,
) -> Result<PrivateKey> {
    let (_, text) = trim_ascii(input);
    let key = ssh_key::PrivateKey::from_openssh(text).map_err(|e| parse_error(&e))?;
    let encrypted = key.is_encrypted();
    let key = if encrypted {
        if let Kdf::Bcrypt { rounds, .. } = key.kdf() {
            Limits::check(
                "bcrypt-pbkdf rounds",
                u64::from(*rounds),
                u64::from(limits.max_bcrypt_rounds),
            )?;
        }
        let passphrase = passphrase
            .filter(|p| !p.is_empty())
            .ok_or(Error::PassphraseRequired)?;
        key.decrypt(passphrase.as_bytes()).map_err(|e| match e {
            // Mismatched check integers (or a failed AEAD tag): the key did not decrypt.
            ssh_key::Error::Crypto => Error::WrongPassphrase,
            e => parse_error(&e),
        })?
    } else {
        key
    };
    Ok(PrivateKey::from_ssh(key, limits)?.with_source(Format::OpenSsh, encrypted))
}

/// The public key stored in the clear in an `openssh-key-v1` file (encrypted or not),
/// with the file's comment when it is unencrypted.
pub(crate) fn decode_public_of_private(input: &[u8], limits: &Limits) -> Result<PublicKey> {
    let (_, text) = trim_ascii(input);
    let key = ssh_key::PrivateKey::from_openssh(text).map_err(|e| parse_error(&e))?;
    Ok(PublicKey::from_ssh(key.public_key().clone(), limits)?.with_format(Format::OpenSsh))
}

/// Writes an `openssh-key-v1` private key; encrypted (aes256-ctr, bcrypt-pbkdf with
/// `rounds`) when `passphrase` is non-empty.
pub(crate) fn encode_private(
    key: &PrivateKey,
    passphrase: Option<&Passphrase>,
    rounds: u32,
    line_ending: LineEnding,
) -> Result<Zeroizing<String>> {
    let le = ssh_line_ending(line_ending);
    let encode_error = |e: ssh_key::Error| Error::unsupported(format!("openssh encoding: {e}"));
    match passphrase.filter(|p| !p.is_empty()) {
        None => key.ssh().to_openssh(le).map_err(encode_error),
        Some(passphrase) => {
            if rounds == 0 {
                return Err(Error::invalid_argument(
                    "bcrypt-pbkdf rounds must be at least 1",
                ));
            }
            let mut rng = os_rng();
            let mut salt = vec![0u8; 16];
            rng.fill_bytes(&mut salt);
            let checkint = rng.next_u32();
            key.ssh()
                .encrypt_with(
                    Cipher::Aes256Ctr,
                    Kdf::Bcrypt { salt, rounds },
                    checkint,
                    passphrase.as_bytes(),
                )
                .and_then(|k| k.to_openssh(le))
                .map_err(encode_error)
        }
    }
}

/// Reads one OpenSSH public key line (leading `authorized_keys` options are allowed and
/// dropped; blank and `#` lines around it are skipped).
pub(crate) fn decode_public(input: &[u8], limits: &Limits) -> Result<PublicKey> {
    let text = core::str::from_utf8(input)
        .map_err(|e| Error::parse_at(Format::OpenSshPub, e.valid_up_to(), "not UTF-8 text"))?;
    let mut entries = authorized_keys::Entries::new(text.as_bytes(), limits);
    let first = entries
        .next()
        .ok_or_else(|| Error::parse(Format::OpenSshPub, "no public key line found"))??;
    if let Some(next) = entries.next() {
        let line = next.map(|e| e.line).unwrap_or(first.line + 1);
        return Err(Error::parse(
            Format::OpenSshPub,
            format!("line {line}: a second key (read several keys as authorized_keys)"),
        ));
    }
    Ok(first.key.with_format(Format::OpenSshPub))
}

/// The line `ALGO BASE64 COMMENT` (without the comment when it is empty).
pub(crate) fn encode_public(key: &PublicKey) -> String {
    let mut line = format!(
        "{} {}",
        key.algorithm().ssh_name(),
        Base64::encode_string(&key.to_blob())
    );
    let comment = key.comment();
    if !comment.is_empty() {
        line.push(' ');
        line.push_str(&comment);
    }
    line
}
