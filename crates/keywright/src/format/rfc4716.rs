//! RFC 4716 "SSH2 PUBLIC KEY" files (`---- BEGIN SSH2 PUBLIC KEY ----`): headers with `\`
//! continuation, a base64 body of the RFC 4253 §6.6 key blob.

use base64ct::{Base64, Encoding};

use super::LineEnding;
use super::text::{Base64Body, lines, push_wrapped, trim_ascii, trim_end};
use crate::{Error, Format, Limits, PublicKey, Result};

const BEGIN: &str = "---- BEGIN SSH2 PUBLIC KEY ----";
const END: &str = "---- END SSH2 PUBLIC KEY ----";

/// Longest line RFC 4716 §3 allows, in bytes (without the line ending).
pub(crate) const MAX_LINE_BYTES: usize = 72;

/// Base64 characters per body line, as `ssh-keygen -e` writes them.
pub(crate) const BODY_WIDTH: usize = 70;

const FORMAT: Format = Format::Rfc4716;

/// A `Comment:` value as PuTTY reads it (`sshpubk.c` `rfc4716_loadpub`): one pair of
/// surrounding double quotes removed, then every backslash taken as escaping the character
/// after it (a last lone backslash stays).
fn unquote(value: &str) -> String {
    let inner = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.push(chars.next().unwrap_or('\\'));
        } else {
            out.push(c);
        }
    }
    out
}

/// A comment as PuTTY writes it into a `Comment:` header (`ssh2_write_pubkey`): in double
/// quotes, with `\` and `"` escaped by a backslash.
fn quote(comment: &str) -> String {
    let mut out = String::with_capacity(comment.len() + 2);
    out.push('"');
    for c in comment.chars() {
        if matches!(c, '\\' | '"') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Reads an RFC 4716 public key; its `Comment:` header becomes the key's comment, and the
/// other headers (`Subject`, `x-...`) are kept to be written again.
pub(crate) fn decode_public(input: &[u8], limits: &Limits) -> Result<PublicKey> {
    limits.check_input(input)?;
    let (start, text) = trim_ascii(input);
    let mut lines = lines(text, start).peekable();
    let begin_ok = lines
        .next()
        .is_some_and(|(_, line)| trim_end(line) == BEGIN.as_bytes());
    if !begin_ok {
        return Err(Error::parse_at(
            FORMAT,
            start,
            format!("expected {BEGIN:?}"),
        ));
    }

    // Headers: `Tag: value`, a trailing `\` continuing the value on the next line.
    let mut comment: Option<String> = None;
    let mut others = Vec::new();
    while let Some((at, line)) = lines.peek().copied() {
        if !line.contains(&b':') {
            break;
        }
        lines.next();
        let mut header = Vec::from(line);
        while header.last() == Some(&b'\\') {
            header.pop();
            let (_, next) = lines
                .next()
                .ok_or_else(|| Error::parse_at(FORMAT, at, "header continues past the end"))?;
            header.extend_from_slice(next);
        }
        // RFC 4716 headers are UTF-8; invalid bytes (seen in comments) are replaced, not
        // refused, as the comments of the other formats are.
        let header = String::from_utf8_lossy(&header).into_owned();
        let (name, value) = header.split_once(':').unwrap_or((&header, ""));
        if name.is_empty() || name.len() > 64 {
            return Err(Error::parse_at(
                FORMAT,
                at,
                "a header name must be 1 to 64 bytes",
            ));
        }
        if name.eq_ignore_ascii_case("Comment") {
            comment = Some(unquote(value.trim()));
        } else {
            others.push((name.to_owned(), value.trim().to_owned()));
        }
    }

    let mut b64 = Base64Body::default();
    let end_at = loop {
        let Some((at, line)) = lines.next() else {
            return Err(Error::parse_at(
                FORMAT,
                start.saturating_add(text.len()),
                format!("missing {END:?} line"),
            ));
        };
        let line = trim_end(line);
        if line == END.as_bytes() {
            break at;
        }
        b64.push_line(at, line)
            .map_err(|bad| Error::parse_at(FORMAT, bad, "invalid character in the base64 body"))?;
    };
    if let Some((at, _)) = lines.next() {
        return Err(Error::parse_at(
            FORMAT,
            at,
            "unexpected data after the END line",
        ));
    }
    let body_at = b64.map().start().unwrap_or(end_at);
    let (blob, _) = b64
        .decode()
        .ok_or_else(|| Error::parse_at(FORMAT, body_at, "invalid base64 body"))?;
    let mut key = PublicKey::from_blob_with(&blob, limits).map_err(|e| match e {
        Error::Parse { reason, .. } => Error::parse_at(FORMAT, body_at, reason),
        other => other,
    })?;
    key.set_comment(comment.as_deref().unwrap_or(""));
    key.set_rfc4716_headers(others);
    Ok(key.with_format(FORMAT))
}

/// The largest char boundary of `s` at or below `n`.
fn floor_char_boundary(s: &str, n: usize) -> usize {
    (0..=n.min(s.len()))
        .rev()
        .find(|i| s.is_char_boundary(*i))
        .unwrap_or(0)
}

/// Splits a header into physical lines of at most [`MAX_LINE_BYTES`] bytes, each but the
/// last ending in `\`. A continuation line never contains `": "`, which `ssh-keygen -i`
/// would take for a new header (and then lose count of the continuations).
fn wrap_header(header: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = header;
    while rest.len() > MAX_LINE_BYTES || (!out.is_empty() && rest.contains(": ")) {
        let mut cut = floor_char_boundary(rest, MAX_LINE_BYTES - 1);
        if !out.is_empty()
            && let Some(colon) = rest
                .as_bytes()
                .get(..(cut + 1).min(rest.len()))
                .and_then(|r| r.windows(2).position(|w| w == b": "))
        {
            // End this line just after the ':' so that no line has ": ".
            cut = colon + 1;
        }
        if cut == 0 {
            cut = (1..=rest.len())
                .find(|i| rest.is_char_boundary(*i))
                .unwrap_or(rest.len());
        }
        let (line, tail) = rest.split_at_checked(cut).unwrap_or((rest, ""));
        out.push(line);
        rest = tail;
    }
    out.push(rest);
    out
}

/// Writes an RFC 4716 public key with the key's comment as its `Comment:` header.
pub(crate) fn encode_public(key: &PublicKey, le: LineEnding) -> Result<String> {
    let nl = le.as_str();
    let comment = key.comment();
    if comment.contains(['\r', '\n']) {
        return Err(Error::invalid_argument(
            "an RFC 4716 comment cannot contain a line break",
        ));
    }
    let mut out = String::new();
    out.push_str(BEGIN);
    out.push_str(nl);
    let comment_header = (!comment.is_empty()).then(|| format!("Comment: {}", quote(&comment)));
    // The comment first, as PuTTYgen and ssh-keygen write it, then the headers the file
    // was read with (`Subject`, `x-...`), as PuTTYgen keeps them.
    let others = key
        .rfc4716_headers()
        .iter()
        .map(|(name, value)| format!("{name}: {value}"));
    for header in comment_header.into_iter().chain(others) {
        if header.contains(['\r', '\n']) {
            return Err(Error::invalid_argument(
                "an RFC 4716 header cannot contain a line break",
            ));
        }
        let lines = wrap_header(&header);
        let last = lines.len().saturating_sub(1);
        for (i, line) in lines.into_iter().enumerate() {
            out.push_str(line);
            if i != last {
                out.push('\\');
            }
            out.push_str(nl);
        }
    }
    let b64 = Base64::encode_string(&key.wire_blob());
    push_wrapped(&mut out, &b64, BODY_WIDTH, nl);
    out.push_str(END);
    out.push_str(nl);
    Ok(out)
}
