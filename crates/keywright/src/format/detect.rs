//! Format detection: the only place that guesses what an input is.

use super::Format;
use super::text::trim_ascii;

/// What [`detect`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Detected {
    /// The format.
    pub format: Format,
    /// Whether the key is encrypted (needs a passphrase to read).
    pub encrypted: bool,
}

/// Guesses the format of `input` from its armour or first bytes, without decoding or
/// decrypting anything (a UTF-8 byte-order mark before the text is skipped). `None` when it
/// looks like no key format at all.
///
/// # Examples
/// ```
/// use keywright::{Format, Passphrase};
///
/// let key = keywright::generate(keywright::Algorithm::Ed25519, None)?;
/// let text = key.to_openssh(Some(&Passphrase::from("pw")))?;
/// let found = keywright::detect(text.as_bytes()).expect("a key");
/// assert_eq!((found.format, found.encrypted), (Format::OpenSsh, true));
/// # Ok::<(), keywright::Error>(())
/// ```
#[must_use]
pub fn detect(input: &[u8]) -> Option<Detected> {
    let input = super::text::skip_bom(input);
    let (_, text) = trim_ascii(input);
    let found = |format, encrypted| Some(Detected { format, encrypted });
    if let Some(rest) = text.strip_prefix(b"-----BEGIN ") {
        let label_end = rest.windows(5).position(|w| w == b"-----")?;
        let label = rest.get(..label_end)?;
        return match label {
            b"OPENSSH PRIVATE KEY" => found(Format::OpenSsh, super::openssh::names_a_cipher(input)),
            b"RSA PRIVATE KEY" => found(Format::Pkcs1, proc_type_encrypted(rest)),
            b"EC PRIVATE KEY" => found(Format::Sec1, proc_type_encrypted(rest)),
            b"DSA PRIVATE KEY" => found(Format::Dsa, proc_type_encrypted(rest)),
            b"PRIVATE KEY" => found(Format::Pkcs8, false),
            b"ENCRYPTED PRIVATE KEY" => found(Format::Pkcs8, true),
            b"PUBLIC KEY" => found(Format::Spki, false),
            b"RSA PUBLIC KEY" => found(Format::Pkcs1Pub, false),
            _ => None,
        };
    }
    if text.starts_with(b"---- BEGIN SSH2 PUBLIC KEY ----") {
        return found(Format::Rfc4716, false);
    }
    if let Some(rest) = text.strip_prefix(b"PuTTY-User-Key-File-") {
        let encrypted =
            !(contains(text, b"\nEncryption: none") || contains(text, b"\rEncryption: none"));
        return match rest.first() {
            Some(b'3') => found(Format::Ppk3, encrypted),
            // v1 and v2 are read by the v2 code, which reports v1 as unsupported.
            Some(_) => found(Format::Ppk2, encrypted),
            None => None,
        };
    }
    if text.first() == Some(&0x30) {
        return found(Format::Der, false);
    }
    if !text.is_empty()
        && text
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'\r' | b'\n'))
    {
        // Base64 of DER starts with `M` (the SEQUENCE tag 0x30): other text of base64
        // letters, such as a plain word, is no key.
        return if text.first() == Some(&b'M') {
            found(Format::Der, false)
        } else {
            None
        };
    }
    // SSH-1 private keys start with a line of words: not a public line.
    if text.starts_with(b"SSH PRIVATE KEY FILE FORMAT") {
        return None;
    }
    if openssh_line(text) {
        return found(Format::OpenSshPub, false);
    }
    None
}

/// Whether `text` starts like an OpenSSH public line or `authorized_keys` text: a first word
/// of printable ASCII. Only that word is looked at: comments may be any UTF-8 (or, read
/// lossily, any bytes).
fn openssh_line(text: &[u8]) -> bool {
    let first = text
        .split(|b| b.is_ascii_whitespace())
        .next()
        .unwrap_or_default();
    !first.is_empty() && first.iter().all(u8::is_ascii_graphic)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn proc_type_encrypted(after_begin: &[u8]) -> bool {
    contains(after_begin, b"Proc-Type: 4,ENCRYPTED")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(input: &str) -> Option<Format> {
        detect(input.as_bytes()).map(|d| d.format)
    }

    #[test]
    fn armours() {
        assert_eq!(
            fmt("\n-----BEGIN RSA PRIVATE KEY-----\n"),
            Some(Format::Pkcs1)
        );
        assert_eq!(fmt("-----BEGIN PRIVATE KEY-----"), Some(Format::Pkcs8));
        assert_eq!(
            fmt("---- BEGIN SSH2 PUBLIC KEY ----\r\n"),
            Some(Format::Rfc4716)
        );
        assert_eq!(fmt("PuTTY-User-Key-File-3: ssh-rsa\n"), Some(Format::Ppk3));
        assert_eq!(fmt("ssh-ed25519 AAAA comment"), Some(Format::OpenSshPub));
        assert_eq!(fmt("ssh-ed25519 AAAA josé"), Some(Format::OpenSshPub));
        assert_eq!(fmt("\u{1}ssh-ed25519 AAAA"), None);
        assert_eq!(fmt("MIIBIjANBgkq"), Some(Format::Der));
        assert_eq!(fmt("MCowBQYDK2VwAyEA"), Some(Format::Der));
        assert_eq!(fmt("hello"), None);
        assert_eq!(fmt("hello\n"), None);
        assert_eq!(fmt("AAAAC3NzaC1lZDI1NTE5"), None);
        assert_eq!(fmt("-----BEGIN CERTIFICATE-----"), None);
        assert_eq!(fmt(""), None);
    }

    #[test]
    fn encryption_flags() {
        let enc = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n";
        assert_eq!(detect(enc.as_bytes()).map(|d| d.encrypted), Some(true));
        let ppk = "PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\n";
        assert_eq!(detect(ppk.as_bytes()).map(|d| d.encrypted), Some(false));
    }

    /// Only the cipher name is read: a header naming a cipher followed by a body nothing
    /// could decode (truncated, or of any size) is detected as encrypted, without decoding.
    #[test]
    fn openssh_headers_only() {
        use base64ct::{Base64, Encoding};
        let armour = |cipher: &[u8]| {
            let mut blob = b"openssh-key-v1\0".to_vec();
            blob.extend_from_slice(&u32::try_from(cipher.len()).unwrap_or(0).to_be_bytes());
            blob.extend_from_slice(cipher);
            blob.extend_from_slice(&[0xff; 300]);
            let b64 = Base64::encode_string(&blob);
            format!(
                "-----BEGIN OPENSSH PRIVATE KEY-----\n{b64}\n-----END OPENSSH PRIVATE KEY-----\n"
            )
        };
        let found = |text: String| detect(text.as_bytes()).map(|d| (d.format, d.encrypted));
        assert_eq!(found(armour(b"aes256-ctr")), Some((Format::OpenSsh, true)));
        assert_eq!(found(armour(b"none")), Some((Format::OpenSsh, false)));
    }
}
