//! Text from a file, made safe to show on a terminal: the one escaping function that every
//! message, warning and report line quoting a file's text goes through.
//!
//! A key's comment or algorithm name is whatever the file says: an escape sequence in it
//! could rewrite the terminal, and a newline could forge a second `error:` line. Shown
//! through [`escape`], bytes that are not UTF-8 and control characters become `vis(3)`
//! octal escapes (`\033`, `\012`), as OpenSSH's `mprintf` shows them.
//!
//! ```
//! assert_eq!(keywright::text::escape(b"ok \x1b[2J\nerror: forged"), "ok \\033[2J\\012error: forged");
//! assert_eq!(keywright::text::escape("caf\u{e9}".as_bytes()), "caf\u{e9}");
//! ```

use core::fmt::Write as _;
use std::borrow::Cow;

/// `text` with control characters (tab, CR and LF included) and bytes that are not UTF-8
/// shown as `\ooo` octal escapes; borrowed when there is nothing to escape.
#[must_use]
pub fn escape(text: &[u8]) -> Cow<'_, str> {
    escape_where(text, |c| !c.is_control())
}

/// [`escape`] keeping tab, CR and LF, as `ssh-keygen -l` shows a comment in a UTF-8 locale
/// (its fingerprint lines keep them; error and report lines must not).
pub(crate) fn escape_keeping_whitespace(text: &[u8]) -> Cow<'_, str> {
    escape_where(text, |c| !c.is_control() || matches!(c, '\t' | '\r' | '\n'))
}

fn escape_where(text: &[u8], plain: impl Fn(char) -> bool) -> Cow<'_, str> {
    if let Ok(text) = core::str::from_utf8(text)
        && text.chars().all(&plain)
    {
        return Cow::Borrowed(text);
    }
    let escape = |out: &mut String, bytes: &[u8]| {
        for b in bytes {
            // Writing to a String cannot fail.
            let _ = write!(out, "\\{b:03o}");
        }
    };
    let mut out = String::with_capacity(text.len() * 4);
    for chunk in text.utf8_chunks() {
        for c in chunk.valid().chars() {
            if plain(c) {
                out.push(c);
            } else {
                escape(&mut out, c.encode_utf8(&mut [0; 4]).as_bytes());
            }
        }
        escape(&mut out, chunk.invalid());
    }
    Cow::Owned(out)
}

/// A `Display` adapter: `text` as [`escape`] shows it (for error messages).
pub(crate) struct Escaped<'a>(pub(crate) &'a str);

impl core::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&escape(self.0.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_invalid_bytes_are_escaped() {
        assert_eq!(escape(b"plain \xc3\xa9"), "plain \u{e9}");
        assert_eq!(
            escape(b"a\tb\r\nc\x7f\xff\x1b"),
            "a\\011b\\015\\012c\\177\\377\\033"
        );
        assert_eq!(escape_keeping_whitespace(b"a\tb\n\x07"), "a\tb\n\\007");
        // C1 controls (U+0080..U+009F) too: U+009B is a one-character CSI.
        assert_eq!(escape("\u{9b}2J".as_bytes()), "\\302\\2332J");
    }

    #[test]
    fn error_messages_quote_input_escaped() {
        let e = crate::Error::UnsupportedAlgorithm {
            name: "x\x1b[2J\nerror: forged".into(),
        };
        assert_eq!(
            e.to_string(),
            "unsupported key algorithm: x\\033[2J\\012error: forged"
        );
    }
}
