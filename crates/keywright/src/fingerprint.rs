//! Fingerprints, exactly as `ssh-keygen -l` and `puttygen -l` print them.

use core::fmt::Write as _;
use core::str::FromStr;
use std::borrow::Cow;

use base64ct::{Base64Unpadded, Encoding};
use md5::Md5;
use sha2::{Digest, Sha256};

use crate::{Algorithm, Error, PublicKey, Result};

/// The hash of an SSH fingerprint.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HashAlg {
    /// SHA-256, shown as `SHA256:` and unpadded base64 (OpenSSH's default).
    #[default]
    Sha256,
    /// MD5, shown as `MD5:` and colon-separated hex.
    Md5,
}

impl FromStr for HashAlg {
    type Err = Error;

    /// `sha256` or `md5`, in any case.
    fn from_str(s: &str) -> Result<HashAlg> {
        match s.to_ascii_lowercase().as_str() {
            "sha256" => Ok(HashAlg::Sha256),
            "md5" => Ok(HashAlg::Md5),
            _ => Err(Error::invalid_argument(format!(
                "unknown fingerprint hash {s:?} (expected sha256 or md5)"
            ))),
        }
    }
}

/// Lowercase hex with `:` between bytes, as `openssl ... -c` and `ssh-keygen -E md5` print.
#[must_use]
pub fn colon_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Standard base64 with `=` padding.
#[cfg(feature = "ec2")]
pub(crate) fn base64_padded(bytes: &[u8]) -> String {
    base64ct::Base64::encode_string(bytes)
}

/// The OpenSSH fingerprint of a public key blob.
pub(crate) fn openssh(blob: &[u8], hash: HashAlg) -> String {
    match hash {
        HashAlg::Sha256 => format!(
            "SHA256:{}",
            Base64Unpadded::encode_string(&Sha256::digest(blob))
        ),
        HashAlg::Md5 => format!("MD5:{}", colon_hex(&Md5::digest(blob))),
    }
}

/// The line `ssh-keygen -l [-E hash]` prints for a key: `BITS FINGERPRINT COMMENT (TYPE)`,
/// with `no comment` when the comment is empty, except for a key whose comment an
/// `openssh-key-v1` private file stores (see [`PublicKey::comment_is_stored`]), where
/// `ssh-keygen` prints the empty comment. The comment is shown as `ssh-keygen` shows it
/// in a UTF-8 locale: bytes that are not UTF-8, and control characters other than tab, CR
/// and LF, as `\ooo` octal escapes.
#[must_use]
pub fn ssh_keygen_line(key: &PublicKey, hash: HashAlg) -> String {
    let comment = match key.comment_bytes() {
        b"" if !key.comment_is_stored() => Cow::Borrowed("no comment"),
        comment => crate::text::escape_keeping_whitespace(comment),
    };
    format!(
        "{} {} {} ({})",
        key.bits(),
        key.fingerprint(hash),
        comment,
        if key.certificate().is_some() {
            key.algorithm().cert_type_name()
        } else {
            key.algorithm().type_name()
        }
    )
}

/// Width of the randomart field (OpenSSH's `FLDSIZE_X`).
const ART_WIDTH: usize = 17;
/// Height of the randomart field (OpenSSH's `FLDSIZE_Y`).
const ART_HEIGHT: usize = 9;
/// The symbols for 0, 1, 2, ... visits; the last two mark the start (`S`) and end (`E`).
const ART_SYMBOLS: &[u8; 17] = b" .o+=*BOX@%&#/^SE";

/// The "visual host key" that `ssh-keygen -lv [-E hash]` prints under the fingerprint line:
/// the drunken-bishop walk over the fingerprint's digest (OpenSSH `sshkey.c`
/// `fingerprint_randomart`), eleven lines joined by `\n`, no trailing newline.
#[must_use]
pub fn randomart(key: &PublicKey, hash: HashAlg) -> String {
    let blob = key.to_blob();
    let (digest, name) = match hash {
        HashAlg::Sha256 => (Sha256::digest(&blob).to_vec(), "SHA256"),
        HashAlg::Md5 => (Md5::digest(&blob).to_vec(), "MD5"),
    };
    let title = format!("[{} {}]", key.algorithm().type_name(), key.bits());
    let title = match title.len() {
        // OpenSSH's snprintf into 17 bytes keeps 16 characters, and drops the size past that.
        n if n < ART_WIDTH => title,
        n if n == ART_WIDTH => title.chars().take(ART_WIDTH - 1).collect(),
        _ => format!("[{}]", key.algorithm().type_name()),
    };
    art(&digest, &title, &format!("[{name}]"))
}

/// The drunken bishop's walk over `digest`, framed with `title` on top and `footer` below.
fn art(digest: &[u8], title: &str, footer: &str) -> String {
    let last = ART_SYMBOLS.len() - 1;
    let mut field = [[0usize; ART_HEIGHT]; ART_WIDTH];
    let (mut x, mut y) = (ART_WIDTH / 2, ART_HEIGHT / 2);
    for &byte in digest {
        let mut input = byte;
        for _ in 0..4 {
            x = if input & 1 == 1 {
                (x + 1).min(ART_WIDTH - 1)
            } else {
                x.saturating_sub(1)
            };
            y = if input & 2 == 2 {
                (y + 1).min(ART_HEIGHT - 1)
            } else {
                y.saturating_sub(1)
            };
            if let Some(cell) = field.get_mut(x).and_then(|column| column.get_mut(y))
                && *cell < last - 2
            {
                *cell += 1;
            }
            input >>= 2;
        }
    }
    if let Some(cell) = field
        .get_mut(ART_WIDTH / 2)
        .and_then(|column| column.get_mut(ART_HEIGHT / 2))
    {
        *cell = last - 1;
    }
    if let Some(cell) = field.get_mut(x).and_then(|column| column.get_mut(y)) {
        *cell = last;
    }
    let border = |label: &str| {
        let left = ART_WIDTH.saturating_sub(label.len()) / 2;
        let right = ART_WIDTH.saturating_sub(left + label.len());
        format!("+{}{label}{}+", "-".repeat(left), "-".repeat(right))
    };
    let mut out = border(title);
    for row in 0..ART_HEIGHT {
        out.push_str("\n|");
        for column in &field {
            let visits = column.get(row).copied().unwrap_or(0).min(last);
            out.push(char::from(ART_SYMBOLS.get(visits).copied().unwrap_or(b' ')));
        }
        out.push('|');
    }
    out.push('\n');
    out.push_str(&border(footer));
    out
}

/// The line `puttygen -l [-E hash]` prints: `ALGO BITS SHA256:...`, or with MD5
/// `ALGO BITS hex:pairs` (no prefix). PuTTY counts Ed25519 as 255 bits; it prints no comment.
#[must_use]
pub fn putty(key: &PublicKey, hash: HashAlg) -> String {
    let bits = match key.algorithm() {
        Algorithm::Ed25519 => 255,
        _ => key.bits(),
    };
    let blob = key.to_blob();
    let fp = match hash {
        HashAlg::Sha256 => openssh(&blob, HashAlg::Sha256),
        HashAlg::Md5 => colon_hex(&Md5::digest(&blob)),
    };
    format!("{} {bits} {fp}", key.algorithm().ssh_name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colon_hex_formats() {
        assert_eq!(colon_hex(&[0x0a, 0xff, 0x00]), "0a:ff:00");
        assert_eq!(colon_hex(&[]), "");
    }

    #[test]
    fn comments_are_shown_as_ssh_keygen_shows_them() {
        assert_eq!(
            crate::text::escape_keeping_whitespace(b"plain \xc3\xa9 \xe2\x9c\x93\tx"),
            "plain \u{e9} \u{2713}\tx"
        );
        assert_eq!(
            crate::text::escape_keeping_whitespace(b"caf\xe9 key"),
            "caf\\351 key"
        );
        assert_eq!(
            crate::text::escape_keeping_whitespace(b"a\x01b\x7f\xc2\x85"),
            "a\\001b\\177\\302\\205"
        );
        assert_eq!(
            crate::text::escape_keeping_whitespace(b"\xe2\x9cA"),
            "\\342\\234A"
        );
        assert!(matches!(
            crate::text::escape_keeping_whitespace(b"ok"),
            Cow::Borrowed("ok")
        ));
    }

    #[test]
    fn hash_names() {
        assert_eq!("SHA256".parse::<HashAlg>().ok(), Some(HashAlg::Sha256));
        assert_eq!("md5".parse::<HashAlg>().ok(), Some(HashAlg::Md5));
        assert!("sha1".parse::<HashAlg>().is_err());
    }
}
