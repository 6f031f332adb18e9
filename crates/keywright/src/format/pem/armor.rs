//! The PEM armour (RFC 7468, with RFC 1421 headers for the legacy encryption): one
//! `-----BEGIN label-----` ... `-----END label-----` block, LF or CRLF, surrounded by
//! whitespace only.

use base64ct::{Base64, Encoding};
use zeroize::Zeroizing;

use crate::format::LineEnding;
use crate::format::text::{Base64Body, Base64Map, lines, push_wrapped, trim_ascii, trim_end};
use crate::{Error, Result};

/// PEM base64 line width, as OpenSSL and RFC 7468 write it.
pub(crate) const LINE_WIDTH: usize = 64;

const FORMAT: crate::Format = crate::Format::Pem;

fn error_at(offset: usize, reason: impl Into<String>) -> Error {
    Error::Parse {
        format: FORMAT,
        offset: Some(offset),
        reason: reason.into(),
    }
}

/// One parsed PEM block.
pub(crate) struct Armor<'a> {
    /// The label between `BEGIN ` and `-----`.
    pub(crate) label: &'a str,
    /// RFC 1421 headers (`Proc-Type`, `DEK-Info`), names and values trimmed.
    pub(crate) headers: Vec<(&'a str, &'a str)>,
    /// Input offset of the first header line (for errors about headers).
    pub(crate) headers_at: usize,
    /// The decoded body (may be key material).
    pub(crate) body: Zeroizing<Vec<u8>>,
    /// Where each body byte came from.
    pub(crate) map: Base64Map,
}

impl Armor<'_> {
    /// The header `name` (case-insensitive), if present.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }
}

/// Parses the one PEM block of `input`.
pub(crate) fn parse(input: &[u8]) -> Result<Armor<'_>> {
    let (start, text) = trim_ascii(input);
    if text.is_empty() {
        return Err(Error::Parse {
            format: FORMAT,
            offset: None,
            reason: "empty input".into(),
        });
    }
    let mut lines = lines(text, start).peekable();
    let (begin_at, begin) = lines.next().unwrap_or((start, text));
    let label = trim_end(begin)
        .strip_prefix(b"-----BEGIN ")
        .and_then(|l| l.strip_suffix(b"-----"))
        .filter(|l| l.iter().all(|b| (0x20..0x7f).contains(b) && *b != b'-'))
        .and_then(|l| core::str::from_utf8(l).ok())
        .ok_or_else(|| error_at(begin_at, "expected a -----BEGIN <label>----- line"))?;

    // RFC 1421 headers: `Name: value` lines before the body, then a blank line.
    let mut headers = Vec::new();
    let mut headers_at = begin_at;
    while let Some((at, line)) = lines.peek().copied() {
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            break;
        };
        lines.next();
        if headers.is_empty() {
            headers_at = at;
        }
        let (name, value) = line.split_at(colon);
        let value = value.get(1..).unwrap_or_default();
        let name = core::str::from_utf8(name).map_err(|_| error_at(at, "a header is not text"))?;
        let value =
            core::str::from_utf8(value).map_err(|_| error_at(at, "a header is not text"))?;
        headers.push((name.trim(), value.trim()));
    }

    let mut b64 = Base64Body::with_capacity(text.len());
    let end_label = loop {
        let Some((at, line)) = lines.next() else {
            return Err(error_at(
                start.saturating_add(text.len()),
                format!("missing -----END {label}----- line"),
            ));
        };
        let line = trim_end(line);
        if let Some(rest) = line.strip_prefix(b"-----END ") {
            let end = rest
                .strip_suffix(b"-----")
                .ok_or_else(|| error_at(at, "malformed -----END line"))?;
            if end != label.as_bytes() {
                return Err(error_at(
                    at,
                    format!("the END line does not match BEGIN {label}"),
                ));
            }
            break at;
        }
        b64.push_line(at, line)
            .map_err(|bad| error_at(bad, "invalid character in the base64 body"))?;
    };
    if let Some((at, _)) = lines.next() {
        return Err(error_at(at, "unexpected data after the END line"));
    }
    let body_at = b64.map().start().unwrap_or(end_label);
    let (body, map) = b64
        .decode()
        .ok_or_else(|| error_at(body_at, "invalid base64 body (bad padding or length)"))?;
    if body.is_empty() {
        return Err(error_at(end_label, "the PEM body is empty"));
    }
    Ok(Armor {
        label,
        headers,
        headers_at,
        body,
        map,
    })
}

/// Writes `der` as a PEM block labelled `label`, base64 lines of [`LINE_WIDTH`]. The buffer
/// is allocated once, so no copy of the (possibly secret) text is left behind.
pub(crate) fn encode(label: &str, der: &[u8], le: LineEnding) -> Zeroizing<String> {
    let b64 = Zeroizing::new(Base64::encode_string(der));
    let nl = le.as_str();
    let lines = b64.len().div_ceil(LINE_WIDTH);
    let capacity = 2 * (label.len() + 16 + nl.len()) + b64.len() + lines * nl.len();
    let mut out = Zeroizing::new(String::with_capacity(capacity));
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----");
    out.push_str(nl);
    push_wrapped(&mut out, &b64, LINE_WIDTH, nl);
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----");
    out.push_str(nl);
    out
}
