//! The text layer of a PPK file: lines, `Name: value` headers and base64 blocks (the
//! helpers every text format shares are in [`crate::format::text`]).

use base64ct::{Base64, Encoding};
use zeroize::Zeroizing;

use crate::{Error, Format, Limits, Result};

/// Longest line accepted (a header with its value, typically the comment).
pub(super) const MAX_LINE_BYTES: usize = 16 * 1024;

/// Most base64 lines in a block: PuTTY requires fewer than 5461 (`MAX_KEY_BLOB_SIZE` 262144
/// bytes / 48 bytes per line).
pub(super) const MAX_BLOCK_LINES: u32 = 5460;

/// Base64 characters per line, as PuTTY writes them (48 bytes of data).
pub(super) const LINE_CHARS: usize = 64;

/// Reads an input line by line, accepting LF, CRLF and CR-only line endings and keeping
/// each line's byte offset for error messages.
pub(super) struct Lines<'a> {
    input: &'a [u8],
    pos: usize,
    format: Format,
}

impl<'a> Lines<'a> {
    pub(super) fn new(input: &'a [u8], format: Format) -> Self {
        Lines {
            input,
            pos: 0,
            format,
        }
    }

    /// Sets the format named in errors (once the version line has been read).
    pub(super) fn set_format(&mut self, format: Format) {
        self.format = format;
    }

    /// Moves to byte `offset`.
    pub(super) fn skip_to(&mut self, offset: usize) {
        self.pos = offset.min(self.input.len());
    }

    /// The offset of the next line.
    pub(super) fn offset(&self) -> usize {
        self.pos
    }

    /// Bytes not read yet.
    pub(super) fn remaining(&self) -> usize {
        self.input.len().saturating_sub(self.pos)
    }

    /// A parse error at `offset`.
    pub(super) fn error(&self, offset: usize, reason: impl Into<String>) -> Error {
        Error::parse_at(self.format, offset, reason)
    }

    /// The next line (without its ending) and its offset.
    ///
    /// # Errors
    /// [`Error::Parse`] at the end of the input, [`Error::LimitExceeded`] for a line longer
    /// than [`MAX_LINE_BYTES`].
    pub(super) fn next_line(&mut self) -> Result<(usize, &'a [u8])> {
        let start = self.pos;
        let rest = self.input.get(start..).unwrap_or_default();
        if rest.is_empty() {
            return Err(self.error(start, "unexpected end of input"));
        }
        let window = rest.get(..=MAX_LINE_BYTES).unwrap_or(rest);
        let len = window
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .unwrap_or(window.len());
        if len > MAX_LINE_BYTES {
            return Err(Error::LimitExceeded {
                what: "PPK line length in bytes",
                limit: MAX_LINE_BYTES as u64,
                actual: len as u64,
            });
        }
        let line = rest.get(..len).unwrap_or_default();
        let ending = match rest.get(len..len.saturating_add(2)) {
            Some(b"\r\n") => 2,
            Some([b'\r' | b'\n', ..]) => 1,
            _ => 0,
        };
        self.pos = start.saturating_add(len).saturating_add(ending);
        Ok((start, line))
    }

    /// Reads a `Name: value` line with the given name, returning the value and its offset.
    pub(super) fn header(&mut self, name: &str) -> Result<(usize, &'a [u8])> {
        let (offset, line) = self.next_line()?;
        line.strip_prefix(name.as_bytes())
            .and_then(|rest| rest.strip_prefix(b": "))
            .map(|value| (offset.saturating_add(name.len()).saturating_add(2), value))
            .ok_or_else(|| self.error(offset, format!("expected a `{name}:` line")))
    }

    /// Reads a `Name: value` header whose value is text (ASCII).
    pub(super) fn header_str(&mut self, name: &str) -> Result<(usize, &'a str)> {
        let (offset, value) = self.header(name)?;
        let text = core::str::from_utf8(value)
            .ok()
            .filter(|s| s.is_ascii())
            .ok_or_else(|| self.error(offset, format!("`{name}` is not ASCII text")))?;
        Ok((offset, text))
    }

    /// Reads a `Name: decimal` header as PuTTY's `strtoul` would accept it for a uint32
    /// (digits only here: no sign, no spaces).
    pub(super) fn header_u32(&mut self, name: &str) -> Result<u32> {
        let (offset, value) = self.header_str(name)?;
        parse_u32(value).ok_or_else(|| {
            self.error(
                offset,
                format!("`{name}` must be a decimal number below 2^32"),
            )
        })
    }

    /// Reads `Name: N` and then `N` lines of base64 (at most 64 characters each, a
    /// multiple of 4), returning the decoded bytes.
    ///
    /// The line count is checked against PuTTY's limit and against the input left before
    /// anything is read or allocated.
    pub(super) fn base64_block(
        &mut self,
        name: &'static str,
        what: &'static str,
    ) -> Result<Zeroizing<Vec<u8>>> {
        let header_offset = self.offset();
        let count = self.header_u32(name)?;
        Limits::check(what, u64::from(count), u64::from(MAX_BLOCK_LINES))?;
        // Each line holds at least 4 characters; only the last may lack its line ending.
        let needed = (count as usize).saturating_mul(4);
        if needed > self.remaining() {
            return Err(self.error(
                header_offset,
                format!(
                    "`{name}: {count}` but only {} bytes of input follow",
                    self.remaining()
                ),
            ));
        }
        let block_offset = self.offset();
        let mut text = Zeroizing::new(Vec::with_capacity((count as usize) * LINE_CHARS));
        for _ in 0..count {
            let (offset, line) = self.next_line()?;
            if line.is_empty() || line.len() > LINE_CHARS || !line.len().is_multiple_of(4) {
                return Err(self.error(
                    offset,
                    format!(
                        "a base64 line must hold 4 to {LINE_CHARS} characters, a multiple of 4"
                    ),
                ));
            }
            text.extend_from_slice(line);
        }
        let decoded = Base64::decode_vec(
            core::str::from_utf8(&text).map_err(|_| self.error(block_offset, "invalid base64"))?,
        )
        .map_err(|_| self.error(block_offset, "invalid base64"))?;
        Ok(Zeroizing::new(decoded))
    }

    /// Checks that nothing but blank space follows.
    pub(super) fn finish(&self) -> Result<()> {
        let rest = self.input.get(self.pos..).unwrap_or_default();
        match rest.iter().position(|b| !b.is_ascii_whitespace()) {
            None => Ok(()),
            Some(i) => Err(self.error(
                self.pos.saturating_add(i),
                "unexpected data after the `Private-MAC:` line",
            )),
        }
    }
}

/// Parses 1 to 10 decimal digits into a `u32`.
pub(super) fn parse_u32(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 10 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Appends `Name: N` and the base64 of `bytes` in lines of 64 characters, LF-terminated.
pub(super) fn push_base64_block(out: &mut Vec<u8>, name: &str, bytes: &[u8]) {
    let encoded = Zeroizing::new(Base64::encode_string(bytes));
    let lines = encoded.len().div_ceil(LINE_CHARS);
    out.extend_from_slice(format!("{name}: {lines}\n").as_bytes());
    for chunk in encoded.as_bytes().chunks(LINE_CHARS) {
        out.extend_from_slice(chunk);
        out.push(b'\n');
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn line_endings() {
        let mut lines = Lines::new(b"a\r\nb\rc\nd", Format::Ppk3);
        let got: Vec<_> = (0..4).map(|_| lines.next_line().unwrap()).collect();
        assert_eq!(got, [(0, &b"a"[..]), (3, b"b"), (5, b"c"), (7, b"d")]);
        assert!(lines.next_line().is_err());
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_u32("4294967295"), Some(u32::MAX));
        assert_eq!(parse_u32("4294967296"), None);
        assert_eq!(parse_u32("+1"), None);
        assert_eq!(parse_u32(""), None);
    }
}
