//! `authorized_keys` files (sshd(8), "AUTHORIZED_KEYS FILE FORMAT"): one key per line with
//! optional leading options, `#` comments and blank lines. Read lazily, in constant memory.

use std::io::{BufRead, Read};

use super::openssh;
use super::text::{skip_blanks, split_unquoted};
use crate::{Error, Limits, PublicKey, Result};

mod edit;

pub use edit::{Edited, Selector, add, remove};

const FORMAT: crate::Format = crate::Format::AuthorizedKeys;

/// Longest line accepted (a 16384-bit RSA key with long options fits many times over).
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// One key line of an `authorized_keys` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// 1-based line number in the input.
    pub line: usize,
    /// The options, each as written (`from="10.0.0.1"`, `no-pty`).
    pub options: Vec<String>,
    /// The key (its comment is the line's comment, or empty).
    pub key: PublicKey,
    /// The comment after the key, if any (inner spacing kept; invalid UTF-8 replaced, while
    /// the key's [`PublicKey::comment_bytes`] hold it byte for byte).
    pub comment: Option<String>,
}

impl Entry {
    /// The line as `sshd` reads it: `[OPTIONS ]ALGO BASE64[ COMMENT]`, no newline.
    #[must_use]
    pub fn to_line(&self) -> String {
        let mut key = self.key.clone();
        key.set_comment(self.comment.as_deref().unwrap_or(""));
        if self.options.is_empty() {
            key.to_openssh()
        } else {
            format!("{} {}", self.options.join(","), key.to_openssh())
        }
    }
}

/// Parses a whole `authorized_keys` text into its key entries.
///
/// # Errors
/// The first bad line's [`Error::Parse`] (with its line number and byte offset).
pub fn parse(text: &str) -> Result<Vec<Entry>> {
    Entries::new(text.as_bytes(), &Limits::DEFAULT).collect()
}

/// A lazy reader of `authorized_keys` entries from any [`BufRead`]: memory use is bounded
/// by [`MAX_LINE_BYTES`] whatever the input's size. Blank and `#` lines are skipped; a bad
/// line yields an error and reading continues with the next line. A failed read yields one
/// [`Error::Io`] and ends the stream (a reader whose reads keep failing, such as a terminal
/// whose other end closed, would otherwise never end).
#[derive(Debug)]
pub struct Entries<R> {
    reader: R,
    limits: Limits,
    line: usize,
    offset: u64,
    buf: Vec<u8>,
    /// A read failed: the stream has ended.
    failed: bool,
}

impl<R: BufRead> Entries<R> {
    /// Reads entries from `reader`.
    pub fn new(reader: R, limits: &Limits) -> Self {
        Entries {
            reader,
            limits: limits.clone(),
            line: 0,
            offset: 0,
            buf: Vec::new(),
            failed: false,
        }
    }

    /// Reads the next line into `buf`; false at end of input. An over-long line is
    /// consumed to its end and reported.
    fn next_line(&mut self) -> Option<Result<()>> {
        if self.failed {
            return None;
        }
        self.buf.clear();
        let limit = (MAX_LINE_BYTES + 1) as u64;
        let read = Read::take(&mut self.reader, limit).read_until(b'\n', &mut self.buf);
        match read {
            Err(error) => {
                self.failed = true;
                Some(Err(Error::Io { error }))
            }
            Ok(0) => None,
            Ok(n) => {
                self.line += 1;
                let start = self.offset;
                self.offset += n as u64;
                if self.buf.len() > MAX_LINE_BYTES && self.buf.last() != Some(&b'\n') {
                    // Skip the rest of the line without holding it.
                    loop {
                        self.buf.clear();
                        match Read::take(&mut self.reader, limit).read_until(b'\n', &mut self.buf) {
                            Ok(0) | Err(_) => break,
                            Ok(m) => {
                                self.offset += m as u64;
                                if self.buf.last() == Some(&b'\n') {
                                    break;
                                }
                            }
                        }
                    }
                    self.buf.clear();
                    return Some(Err(Error::LimitExceeded {
                        what: "authorized_keys line length in bytes",
                        limit: MAX_LINE_BYTES as u64,
                        actual: self.offset - start,
                    }));
                }
                Some(Ok(()))
            }
        }
    }
}

impl<R: BufRead> Iterator for Entries<R> {
    type Item = Result<Entry>;

    fn next(&mut self) -> Option<Result<Entry>> {
        loop {
            let start = self.offset;
            if let Err(e) = self.next_line()? {
                return Some(Err(e));
            }
            // A Windows editor's byte-order mark before the first line is not part of it.
            let line = if self.line == 1 {
                crate::format::text::skip_bom(&self.buf)
            } else {
                &self.buf
            };
            let start = start + (self.buf.len() - line.len()) as u64;
            match parse_line(line, self.line, start, &self.limits) {
                Ok(None) => {}
                Ok(Some(entry)) => return Some(Ok(entry)),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// Splits an options string at commas outside quotes.
fn options_list(options: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut escaped = false;
    for c in options.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => {
                out.push(core::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    out.push(current);
    out
}

/// Parses one line (without regard to its terminator); `None` for blank and `#` lines.
/// `start` is the line's byte offset in the whole input, for errors.
pub(crate) fn parse_line(
    raw: &[u8],
    line_no: usize,
    start: u64,
    limits: &Limits,
) -> Result<Option<Entry>> {
    let err = |at: &[u8], reason: &str| Error::Parse {
        format: FORMAT,
        offset: usize::try_from(start)
            .ok()
            .map(|s| s + (at.as_ptr() as usize).saturating_sub(raw.as_ptr() as usize)),
        reason: format!("line {line_no}: {reason}"),
    };
    let mut end = raw.len();
    while end > 0 && raw.get(end - 1).is_some_and(u8::is_ascii_whitespace) {
        end -= 1;
    }
    let line = skip_blanks(raw.get(..end).unwrap_or_default());
    if line.is_empty() || line.first() == Some(&b'#') {
        return Ok(None);
    }
    let (first, _) = split_unquoted(line);
    let (options, rest) = if openssh::is_key_type(first) {
        (Vec::new(), line)
    } else {
        let (opts, rest) = split_unquoted(line);
        let opts = core::str::from_utf8(opts).map_err(|_| err(opts, "options are not UTF-8"))?;
        (options_list(opts), skip_blanks(rest))
    };
    let key = openssh::parse_public_line(rest, limits).map_err(|e| match e {
        Error::Parse { offset, reason, .. } => {
            let at = rest.get(offset.unwrap_or_default()..).unwrap_or_default();
            err(at, &reason)
        }
        other => other,
    })?;
    let comment = key.comment_bytes();
    let comment = (!comment.is_empty()).then(|| String::from_utf8_lossy(comment).into_owned());
    Ok(Some(Entry {
        line: line_no,
        options,
        key,
        comment,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_split_respects_quotes() {
        assert_eq!(
            options_list(
                r#"no-port-forwarding,command="echo \"quoted, with comma\"",from="10.0.0.1,192.168.0.0/16""#
            ),
            vec![
                "no-port-forwarding".to_owned(),
                r#"command="echo \"quoted, with comma\"""#.to_owned(),
                r#"from="10.0.0.1,192.168.0.0/16""#.to_owned(),
            ]
        );
    }

    #[test]
    fn blank_and_comment_lines_are_skipped() {
        assert!(parse("\n# hi\n   \n").is_ok_and(|v| v.is_empty()));
    }

    #[test]
    fn bad_base64_is_positioned() {
        let err = parse("\nssh-ed25519 !!!! c\n").err();
        assert!(
            matches!(
                err,
                Some(Error::Parse {
                    offset: Some(13),
                    ..
                })
            ),
            "{err:?}"
        );
    }
}
