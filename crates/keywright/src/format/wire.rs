//! Key fields in the SSH wire encoding (RFC 4251 §5, RFC 4253 §6.6, OpenSSH PROTOCOL.key),
//! read as strictly as `ssh-keygen` reads them, before `ssh-key` decodes the same bytes.
//!
//! `ssh-key` reads a fixed-size field (an Ed25519 key, a curve point) from a longer string
//! and drops the rest, so a valid key plus junk was accepted and cut: two inputs shared one
//! fingerprint. It takes compressed curve points, which `ssh-keygen` refuses, and refuses an
//! mpint with a redundant leading zero, which `ssh-keygen` reads (and fingerprints in its
//! canonical form). Here every field has exactly its size, points are uncompressed, and
//! mpints are made canonical.

use std::borrow::Cow;

use zeroize::Zeroizing;

use crate::{Error, Format, Result};

/// A reader over SSH wire fields whose errors name `format` and the byte offset.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    format: Format,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8], format: Format) -> Self {
        Reader {
            bytes,
            at: 0,
            format,
        }
    }

    fn error(&self, reason: impl Into<String>) -> Error {
        Error::parse(self.format, reason)
    }

    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8]> {
        let end = self
            .at
            .checked_add(n)
            .filter(|end| *end <= self.bytes.len())
            .ok_or_else(|| self.error(format!("{what} runs past the end of the key")))?;
        let out = self.bytes.get(self.at..end).unwrap_or_default();
        self.at = end;
        Ok(out)
    }

    fn string(&mut self, what: &str) -> Result<&'a [u8]> {
        let len = self.take(4, what)?;
        let len = u32::from_be_bytes(len.try_into().unwrap_or([0xff; 4]));
        let len = usize::try_from(len).map_err(|_| self.error(format!("{what} is too long")))?;
        self.take(len, what)
    }

    /// A field of exactly `size` bytes.
    fn fixed(&mut self, size: usize, what: &str) -> Result<&'a [u8]> {
        let field = self.string(what)?;
        if field.len() != size {
            return Err(self.error(format!("{what} is {size} bytes, not {}", field.len())));
        }
        Ok(field)
    }

    /// An mpint's magnitude (leading zero bytes dropped); negative values are refused.
    fn mpint(&mut self, what: &str) -> Result<&'a [u8]> {
        let field = self.string(what)?;
        if field.first().is_some_and(|b| b & 0x80 != 0) {
            return Err(self.error(format!("{what} is negative")));
        }
        let start = field.iter().position(|b| *b != 0).unwrap_or(field.len());
        Ok(field.get(start..).unwrap_or_default())
    }

    /// An uncompressed SEC1 point on `curve` (`nistp256`, ...), as OpenSSH requires.
    fn point(&mut self, curve: &[u8], what: &str) -> Result<&'a [u8]> {
        let size = 1 + 2 * field_bytes(curve).ok_or_else(|| self.error("unknown curve"))?;
        let point = self.string(what)?;
        match point.first() {
            Some(0x02 | 0x03) => Err(self.error(format!(
                "{what} is compressed (OpenSSH takes uncompressed points only)"
            ))),
            Some(0x04) if point.len() == size => Ok(point),
            _ => Err(self.error(format!(
                "{what} is not an uncompressed point of {size} bytes"
            ))),
        }
    }

    fn is_finished(&self) -> bool {
        self.at == self.bytes.len()
    }
}

/// Bytes of a field element of the NIST curve named `curve` in SSH.
fn field_bytes(curve: &[u8]) -> Option<usize> {
    match curve {
        b"nistp256" => Some(32),
        b"nistp384" => Some(48),
        b"nistp521" => Some(66),
        _ => None,
    }
}

/// The curve an `ecdsa-sha2-*` name must be on.
fn ecdsa_curve(name: &[u8]) -> Option<&'static [u8]> {
    match name {
        b"ecdsa-sha2-nistp256" | b"sk-ecdsa-sha2-nistp256@openssh.com" => Some(b"nistp256"),
        b"ecdsa-sha2-nistp384" => Some(b"nistp384"),
        b"ecdsa-sha2-nistp521" => Some(b"nistp521"),
        _ => None,
    }
}

/// Appends `field` as an SSH string.
fn put_string(out: &mut Vec<u8>, field: &[u8]) {
    out.extend_from_slice(&u32::try_from(field.len()).unwrap_or(u32::MAX).to_be_bytes());
    out.extend_from_slice(field);
}

/// Appends a magnitude as a canonical mpint (a zero byte only before a high bit).
fn put_mpint(out: &mut Vec<u8>, magnitude: &[u8]) {
    if magnitude.first().is_some_and(|b| b & 0x80 != 0) {
        out.extend_from_slice(
            &u32::try_from(magnitude.len() + 1)
                .unwrap_or(u32::MAX)
                .to_be_bytes(),
        );
        out.push(0);
        out.extend_from_slice(magnitude);
    } else {
        put_string(out, magnitude);
    }
}

/// Checks a public key blob field by field and returns it in canonical form (mpints
/// without redundant leading zeros, as `ssh-keygen` re-encodes them before hashing).
/// Blobs of algorithms not checked here (certificates) pass unchanged, for `ssh-key`.
///
/// # Errors
/// [`Error::Parse`] for a fixed-size field of another size, a compressed or malformed
/// point, a negative mpint, a truncated field, or bytes after the last field.
pub(crate) fn canonical_public_blob(blob: &[u8], format: Format) -> Result<Cow<'_, [u8]>> {
    let mut r = Reader::new(blob, format);
    let name = r.string("the algorithm name")?;
    let mut canonical = Vec::with_capacity(blob.len());
    put_string(&mut canonical, name);
    match name {
        b"ssh-rsa" | b"ssh-dss" => {
            let fields: &[&str] = if name == b"ssh-rsa" {
                &["e", "n"]
            } else {
                &["p", "q", "g", "y"]
            };
            for what in fields {
                let magnitude = r.mpint(what)?;
                put_mpint(&mut canonical, magnitude);
            }
        }
        b"ssh-ed25519" => {
            let key = r.fixed(32, "an Ed25519 public key")?;
            put_string(&mut canonical, key);
        }
        b"sk-ssh-ed25519@openssh.com" => {
            let key = r.fixed(32, "an Ed25519 public key")?;
            put_string(&mut canonical, key);
            put_string(&mut canonical, r.string("the application")?);
        }
        _ => match ecdsa_curve(name) {
            Some(expected) => {
                let curve = r.string("the curve name")?;
                if curve != expected {
                    return Err(r.error("the curve does not match the algorithm name"));
                }
                put_string(&mut canonical, curve);
                put_string(&mut canonical, r.point(curve, "the public point")?);
                if name.starts_with(b"sk-") {
                    put_string(&mut canonical, r.string("the application")?);
                }
            }
            None => return Ok(Cow::Borrowed(blob)),
        },
    }
    if !r.is_finished() {
        return Err(r.error(format!(
            "{} unexpected bytes after the public key",
            blob.len().saturating_sub(r.at)
        )));
    }
    Ok(if canonical == blob {
        Cow::Borrowed(blob)
    } else {
        Cow::Owned(canonical)
    })
}

/// Checks the key fields of a decrypted `openssh-key-v1` private section (check integers
/// first): an Ed25519 public key of 32 bytes and a private key of 64, an uncompressed ECDSA
/// point and a scalar no longer than the field. Other key types pass (their integers are
/// bounded by the key model).
///
/// # Errors
/// [`Error::Parse`] naming the field.
pub(crate) fn check_private_section(section: &[u8], format: Format) -> Result<()> {
    let mut r = Reader::new(section, format);
    r.take(8, "the check integers")?;
    let name = r.string("the algorithm name")?;
    if name == b"ssh-ed25519" {
        r.fixed(32, "an Ed25519 public key")?;
        r.fixed(64, "an Ed25519 private key")?;
    } else if let (Some(expected), false) = (ecdsa_curve(name), name.starts_with(b"sk-")) {
        let curve = r.string("the curve name")?;
        if curve != expected {
            return Err(r.error("the curve does not match the algorithm name"));
        }
        r.point(curve, "the public point")?;
        let d = r.mpint("the private scalar")?;
        if field_bytes(curve).is_some_and(|n| d.len() > n) {
            return Err(r.error("the private scalar is longer than the field"));
        }
    }
    Ok(())
}

/// The fields of an `openssh-key-v1` body (PROTOCOL.key) up to its private section.
struct OpenSshBody<'a> {
    public: &'a [u8],
    /// Where the private section's length prefix starts.
    section_at: usize,
    section: &'a [u8],
    /// What follows the section: the AEAD tag of `chacha20-poly1305` and AES-GCM.
    trailer: &'a [u8],
    encrypted: bool,
}

fn openssh_body(body: &[u8]) -> Result<OpenSshBody<'_>> {
    let mut r = Reader::new(body, Format::OpenSsh);
    let magic = r.take(15, "the magic")?;
    if magic != b"openssh-key-v1\0" {
        return Err(r.error("not an openssh-key-v1 key"));
    }
    let cipher = r.string("the cipher name")?;
    r.string("the KDF name")?;
    r.string("the KDF options")?;
    r.take(4, "the key count")?;
    let public = r.string("the public key")?;
    let section_at = r.at;
    let section = r.string("the private section")?;
    Ok(OpenSshBody {
        public,
        section_at,
        section,
        trailer: body.get(r.at..).unwrap_or_default(),
        encrypted: cipher != b"none",
    })
}

/// The public blob and private section of an `openssh-key-v1` body (PROTOCOL.key), with
/// whether the section is encrypted.
pub(crate) fn openssh_parts(body: &[u8]) -> Result<(&[u8], &[u8], bool)> {
    let b = openssh_body(body)?;
    Ok((b.public, b.section, b.encrypted))
}

/// The bytes after the private section of an `openssh-key-v1` body: the authentication
/// tag when the cipher has one.
pub(crate) fn openssh_trailer(body: &[u8]) -> Result<&[u8]> {
    Ok(openssh_body(body)?.trailer)
}

/// `body` with its private section replaced by `section`.
pub(crate) fn openssh_with_section(body: &[u8], section: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let b = openssh_body(body)?;
    let mut out = Zeroizing::new(Vec::with_capacity(body.len() + 64));
    out.extend_from_slice(body.get(..b.section_at).unwrap_or_default());
    put_string(&mut out, section);
    out.extend_from_slice(b.trailer);
    Ok(out)
}

/// A decrypted private section whose ECDSA scalar is shorter than 32 bytes, rewritten for
/// `ssh-key` (which refuses such scalars): the scalar as a field-sized string and the
/// padding `1, 2, 3, ...` recomputed for `block_size`. `ssh-keygen` writes the scalar as a
/// minimal mpint, so about one P-256 key in 256 has a 31-byte scalar. `None` when the
/// section needs no change.
///
/// # Errors
/// [`Error::Parse`] for a truncated field or padding other than `1, 2, 3, ...` of at most
/// `max_padding` bytes.
pub(crate) fn widen_ecdsa_scalar(
    section: &[u8],
    block_size: usize,
    max_padding: usize,
) -> Result<Option<Zeroizing<Vec<u8>>>> {
    const SSH_KEY_MIN_SCALAR: usize = 32;
    let mut r = Reader::new(section, Format::OpenSsh);
    r.take(8, "the check integers")?;
    let name = r.string("the algorithm name")?;
    if ecdsa_curve(name).is_none() || name.starts_with(b"sk-") {
        return Ok(None);
    }
    let curve = r.string("the curve name")?;
    let Some(size) = field_bytes(curve) else {
        return Ok(None);
    };
    r.string("the public point")?;
    let scalar_at = r.at;
    let field = r.string("the private scalar")?;
    if field.len() >= SSH_KEY_MIN_SCALAR {
        return Ok(None);
    }
    let magnitude = field
        .get(field.iter().position(|b| *b != 0).unwrap_or(field.len())..)
        .unwrap_or_default();
    let comment = r.string("the comment")?;
    let padding = r.bytes.get(r.at..).unwrap_or_default();
    if padding.len() > max_padding || padding.iter().zip(1u8..).any(|(b, i)| *b != i) {
        return Err(r.error("bad padding after the private key"));
    }
    let mut out = Zeroizing::new(Vec::with_capacity(section.len() + size));
    out.extend_from_slice(section.get(..scalar_at).unwrap_or_default());
    out.extend_from_slice(&u32::try_from(size).unwrap_or(u32::MAX).to_be_bytes());
    let padded = out.len() + size.saturating_sub(magnitude.len());
    out.resize(padded, 0);
    out.extend_from_slice(magnitude);
    put_string(&mut out, comment);
    let pad = (block_size - out.len() % block_size) % block_size;
    out.extend(1..=u8::try_from(pad).unwrap_or(0));
    Ok(Some(out))
}

/// The cipher and KDF names of an `openssh-key-v1` body (lossy UTF-8, for messages).
pub(crate) fn openssh_cipher_and_kdf(body: &[u8]) -> Result<(String, String)> {
    let mut r = Reader::new(body, Format::OpenSsh);
    r.take(15, "the magic")?;
    let cipher = String::from_utf8_lossy(r.string("the cipher name")?).into_owned();
    let kdf = String::from_utf8_lossy(r.string("the KDF name")?).into_owned();
    Ok((cipher, kdf))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    fn blob(fields: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        for f in fields {
            put_string(&mut out, f);
        }
        out
    }

    #[test]
    fn ed25519_key_must_be_32_bytes() {
        let ok = blob(&[b"ssh-ed25519", &[7; 32]]);
        assert!(canonical_public_blob(&ok, Format::OpenSshPub).is_ok());
        for len in [31, 33, 64] {
            let bad = blob(&[b"ssh-ed25519", &vec![7; len]]);
            assert!(canonical_public_blob(&bad, Format::OpenSshPub).is_err());
        }
    }

    #[test]
    fn mpints_are_made_canonical() {
        let padded = blob(&[b"ssh-rsa", &[0, 0, 1], &[0, 0x80, 1]]);
        let canonical = blob(&[b"ssh-rsa", &[1], &[0, 0x80, 1]]);
        assert_eq!(
            canonical_public_blob(&padded, Format::OpenSshPub).unwrap(),
            canonical.as_slice()
        );
        let negative = blob(&[b"ssh-rsa", &[1], &[0x80, 1]]);
        assert!(canonical_public_blob(&negative, Format::OpenSshPub).is_err());
    }

    #[test]
    fn compressed_points_are_refused() {
        let mut point = vec![0x02];
        point.extend_from_slice(&[1; 32]);
        let bad = blob(&[b"ecdsa-sha2-nistp256", b"nistp256", &point]);
        let e = canonical_public_blob(&bad, Format::OpenSshPub).unwrap_err();
        assert!(e.to_string().contains("compressed"), "{e}");
    }
}
