//! What the DER-based formats (PKCS#1, SEC1, PKCS#8, SubjectPublicKeyInfo, DSA) share: DER
//! errors turned into positioned [`Error::Parse`]s, and encoding errors.

use super::text::Base64Map;
use crate::{Error, Format};

/// Where decoded DER came from, for error offsets.
#[derive(Clone, Copy)]
pub(crate) enum Origin<'a> {
    /// Binary DER starting at this input offset.
    Binary(usize),
    /// Base64 text (PEM body or a base64 string).
    Base64(&'a Base64Map),
    /// Decrypted bytes: positions mean nothing in the input.
    Decrypted,
}

/// A DER decoding error as a positioned [`Error::Parse`].
pub(crate) fn der_error(format: Format, origin: Origin<'_>, what: &str, e: der::Error) -> Error {
    let position = e.position().and_then(|p| usize::try_from(p).ok());
    let offset = match origin {
        Origin::Binary(start) => position.map(|p| start.saturating_add(p)),
        Origin::Base64(map) => position.and_then(|p| map.offset_of(p)).or(map.start()),
        Origin::Decrypted => None,
    };
    let reason = format!("{what}: {}", e.kind());
    match offset {
        Some(offset) => Error::parse_at(format, offset, reason),
        None => Error::parse(format, reason),
    }
}

/// A DER encoding failure (a value too large for DER): unsupported output.
pub(crate) fn encode_error(e: der::Error) -> Error {
    Error::unsupported(format!("DER encoding failed: {e}"))
}
