//! The text helpers every text format shares: trimming, line splitting, base64 bodies that
//! remember where each character came from (for error offsets), base64 line wrapping, hex.

use base64ct::{Base64, Encoding};
use zeroize::Zeroizing;

/// The UTF-8 byte-order mark Windows editors put before text.
const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// `input` without a leading UTF-8 byte-order mark: every text format is read from here
/// (the loaders, [`detect`](super::detect) and `authorized_keys` streams call it), so a key
/// file saved by a Windows editor reads as the same file without the mark.
pub(crate) fn skip_bom(input: &[u8]) -> &[u8] {
    input.strip_prefix(UTF8_BOM).unwrap_or(input)
}

/// Trims ASCII whitespace (including CR/LF) from both ends of `bytes`, returning the
/// offset of the trimmed start too.
pub(crate) fn trim_ascii(bytes: &[u8]) -> (usize, &[u8]) {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    (start, bytes.get(start..end).unwrap_or_default())
}

/// `line` without trailing spaces and tabs.
pub(crate) fn trim_end(line: &[u8]) -> &[u8] {
    let end = line
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t'))
        .map_or(0, |e| e + 1);
    line.get(..end).unwrap_or_default()
}

/// Lines of `text` with their input offsets (`base` is the offset of `text`), without
/// their `\n` or `\r\n`.
pub(crate) fn lines(text: &[u8], base: usize) -> impl Iterator<Item = (usize, &[u8])> {
    let mut offset = base;
    text.split(|b| *b == b'\n').map(move |line| {
        let at = offset;
        offset = offset.saturating_add(line.len()).saturating_add(1);
        (at, line.strip_suffix(b"\r").unwrap_or(line))
    })
}

/// `s` without leading spaces and tabs.
pub(crate) fn skip_blanks(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| matches!(b, b' ' | b'\t')).count();
    s.get(n..).unwrap_or_default()
}

/// Splits `line` at the first space or tab outside double quotes (a `\"` inside quotes does
/// not close them), as `sshd` splits an `authorized_keys` options list from the key.
pub(crate) fn split_unquoted(line: &[u8]) -> (&[u8], &[u8]) {
    let mut quoted = false;
    let mut escaped = false;
    for (i, &b) in line.iter().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' if quoted => escaped = true,
            b'"' => quoted = !quoted,
            b' ' | b'\t' if !quoted => {
                return (
                    line.get(..i).unwrap_or_default(),
                    line.get(i..).unwrap_or_default(),
                );
            }
            _ => {}
        }
    }
    (line, &[])
}

/// Whether `b` is in the standard base64 alphabet (or padding).
pub(crate) fn is_base64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')
}

/// Maps positions in base64-decoded bytes back to byte offsets in the text they came from,
/// so that errors found in the decoded bytes (DER, a key blob) point into the input.
#[derive(Debug, Default)]
pub(crate) struct Base64Map {
    /// `(input offset, base64 characters)` of each run of base64 text, in order.
    segments: Vec<(usize, usize)>,
}

impl Base64Map {
    /// Records a run of `len` base64 characters at input offset `offset`.
    pub(crate) fn push(&mut self, offset: usize, len: usize) {
        if len > 0 {
            self.segments.push((offset, len));
        }
    }

    /// The input offset of the base64 text that encodes decoded byte `position`.
    pub(crate) fn offset_of(&self, position: usize) -> Option<usize> {
        let mut chars = (position / 3).saturating_mul(4);
        for &(offset, len) in &self.segments {
            if chars < len {
                return Some(offset.saturating_add(chars));
            }
            chars -= len;
        }
        self.segments.last().map(|(o, l)| o.saturating_add(*l))
    }

    /// The input offset where the base64 text starts.
    pub(crate) fn start(&self) -> Option<usize> {
        self.segments.first().map(|s| s.0)
    }
}

/// A base64 body gathered from lines (or whitespace-separated runs) of an input, with the
/// [`Base64Map`] of where each run was. The text may encode key material: it is zeroized.
#[derive(Default)]
pub(crate) struct Base64Body {
    text: Zeroizing<String>,
    map: Base64Map,
}

impl Base64Body {
    /// An empty body with room for `capacity` characters.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Base64Body {
            text: Zeroizing::new(String::with_capacity(capacity)),
            map: Base64Map::default(),
        }
    }

    /// Appends `line`, found at input offset `at`. `Err` holds the input offset of the
    /// first character that is not base64 (nothing is appended then).
    pub(crate) fn push_line(&mut self, at: usize, line: &[u8]) -> Result<(), usize> {
        if let Some(bad) = line.iter().position(|b| !is_base64(*b)) {
            return Err(at.saturating_add(bad));
        }
        self.map.push(at, line.len());
        self.text.extend(line.iter().map(|b| char::from(*b)));
        Ok(())
    }

    /// Whether no base64 character was gathered.
    pub(crate) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Where each character came from.
    pub(crate) fn map(&self) -> &Base64Map {
        &self.map
    }

    /// The decoded bytes and the map; `None` for bad padding or length.
    pub(crate) fn decode(self) -> Option<(Zeroizing<Vec<u8>>, Base64Map)> {
        let bytes = Base64::decode_vec(&self.text).ok()?;
        Some((Zeroizing::new(bytes), self.map))
    }
}

/// Appends `text` (ASCII, as base64 is) to `out` in lines of `width` characters, each
/// followed by `nl`.
pub(crate) fn push_wrapped(out: &mut String, text: &str, width: usize, nl: &str) {
    let mut rest = text;
    while !rest.is_empty() {
        // base64 is ASCII, so every index is a char boundary; anything else is cut where
        // a boundary allows.
        let (line, tail) = rest.split_at_checked(width).unwrap_or((rest, ""));
        out.push_str(line);
        out.push_str(nl);
        rest = tail;
    }
}

/// Decodes hex (either case) into bytes; `None` for odd lengths or other characters.
/// (Only the PPK and legacy PEM readers read hex.)
#[cfg(any(feature = "ppk", feature = "legacy-pem", test))]
pub(crate) fn decode_hex(s: &str) -> Option<Vec<u8>> {
    let digit = |b: u8| -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        }
    };
    if !s.len().is_multiple_of(2) {
        return None;
    }
    s.as_bytes()
        .chunks_exact(2)
        .map(|pair| match pair {
            [hi, lo] => Some((digit(*hi)? << 4) | digit(*lo)?),
            _ => None,
        })
        .collect()
}

/// Lowercase hex.
pub(crate) fn encode_hex(bytes: &[u8]) -> String {
    use core::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        // Writing to a String cannot fail.
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn hex() {
        assert_eq!(decode_hex("00fFa1"), Some(vec![0, 255, 161]));
        assert_eq!(decode_hex(""), Some(vec![]));
        assert_eq!(decode_hex("0"), None);
        assert_eq!(decode_hex("zz"), None);
        assert_eq!(encode_hex(&[0, 255, 161]), "00ffa1");
    }

    #[test]
    fn trimming_and_lines() {
        assert_eq!(trim_ascii(b" \r\nab c\n"), (3, &b"ab c"[..]));
        assert_eq!(trim_ascii(b"  "), (2, &b""[..]));
        assert_eq!(trim_end(b"ab \t"), b"ab");
        let got: Vec<_> = lines(b"a\r\nbc\n", 10).collect();
        assert_eq!(got, [(10, &b"a"[..]), (13, b"bc"), (16, b"")]);
    }

    #[test]
    fn base64_bodies_keep_offsets() {
        let mut body = Base64Body::default();
        body.push_line(5, b"AAEC").unwrap();
        assert_eq!(body.push_line(20, b"AA!A"), Err(22));
        body.push_line(20, b"AwQF").unwrap();
        let (bytes, map) = body.decode().unwrap();
        assert_eq!(bytes.as_slice(), [0, 1, 2, 3, 4, 5]);
        assert_eq!(map.offset_of(0), Some(5));
        assert_eq!(map.offset_of(4), Some(20));
        assert_eq!(map.start(), Some(5));
    }

    #[test]
    fn wrapping() {
        let mut out = String::new();
        push_wrapped(&mut out, "abcdefg", 3, "\r\n");
        assert_eq!(out, "abc\r\ndef\r\ng\r\n");
    }
}
