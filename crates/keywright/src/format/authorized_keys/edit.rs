//! Editing `authorized_keys` text: keys added or removed, every other line kept byte for
//! byte (options, comments, blank lines, CRLF). Pure: bytes in, bytes out.

use base64ct::{Base64, Encoding};

use crate::format::openssh::is_key_type;
use crate::format::text::{skip_blanks, split_unquoted};
use crate::{Error, HashAlg, PublicKey, Result};

/// The result of an edit.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Edited {
    /// The new file.
    pub text: Vec<u8>,
    /// 1-based numbers of the lines removed (for [`remove`]) or added (for [`add`]).
    pub lines: Vec<usize>,
    /// For [`add`]: how many keys were already present and skipped.
    pub skipped: usize,
}

/// Which key lines [`remove`] takes out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Selector<'a> {
    /// `SHA256:...` or `MD5:...`, as `ssh-keygen -l` prints it.
    Fingerprint(&'a str),
    /// The same key (by its blob).
    Key(&'a PublicKey),
    /// The line's comment, exactly.
    Comment(&'a [u8]),
}

/// Lines of `text` with their terminators (`\n`; a `\r` before it stays in the line).
fn lines(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split_inclusive(|&b| b == b'\n')
}

/// The line without its terminator and trailing blanks.
fn content(line: &[u8]) -> &[u8] {
    let mut end = line.len();
    while end > 0 && line.get(end - 1).is_some_and(u8::is_ascii_whitespace) {
        end -= 1;
    }
    line.get(..end).unwrap_or_default()
}

/// The key blob's base64 and the comment of a key line; `None` for blank, comment and
/// unreadable lines.
fn key_fields(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let line = skip_blanks(content(line));
    if line.is_empty() || line.first() == Some(&b'#') {
        return None;
    }
    let (first, rest) = split_unquoted(line);
    let rest = if is_key_type(first) {
        rest
    } else {
        let (key_type, rest) = split_unquoted(skip_blanks(rest));
        if key_type.is_empty() {
            return None;
        }
        rest
    };
    let rest = skip_blanks(rest);
    let n = rest
        .iter()
        .take_while(|b| !matches!(b, b' ' | b'\t'))
        .count();
    let (b64, comment) = rest.split_at(n);
    (!b64.is_empty()).then(|| (b64, skip_blanks(comment)))
}

fn same_blob(b64: &[u8], blob: &[u8], blob_b64: &str) -> bool {
    if b64 == blob_b64.as_bytes() {
        return true;
    }
    // Another spelling of the same bytes (padded differently) is rare: decode only when
    // the lengths could agree.
    b64.len().abs_diff(blob_b64.len()) <= 2
        && core::str::from_utf8(b64)
            .ok()
            .and_then(|s| Base64::decode_vec(s).ok())
            .is_some_and(|decoded| decoded == blob)
}

/// The line ending the file uses: CRLF when its first line ends so, else LF.
fn line_ending(text: &[u8]) -> &'static [u8] {
    match text.iter().position(|&b| b == b'\n') {
        Some(i) if i > 0 && text.get(i - 1) == Some(&b'\r') => b"\r\n",
        _ => b"\n",
    }
}

/// Appends `keys` to `existing` as `[OPTIONS ]ALGO BASE64[ COMMENT]` lines, in the file's
/// line ending, skipping keys already present (by blob, whatever their options) and
/// repeats within `keys`. `options` is written as given (`from="10.0.0.0/8",no-pty`).
///
/// # Errors
/// [`Error::InvalidArgument`] for options holding a line break.
pub fn add(existing: &[u8], keys: &[PublicKey], options: Option<&str>) -> Result<Edited> {
    if options.is_some_and(|o| o.contains(['\n', '\r'])) {
        return Err(Error::InvalidArgument {
            reason: "authorized_keys options must not hold a line break".into(),
        });
    }
    let wanted: Vec<(Vec<u8>, String)> = keys
        .iter()
        .map(|k| {
            let blob = k.to_blob();
            let b64 = Base64::encode_string(&blob);
            (blob, b64)
        })
        .collect();
    let mut present = vec![false; keys.len()];
    let mut count = 0usize;
    for line in lines(existing) {
        count += 1;
        if let Some((b64, _)) = key_fields(line) {
            for ((blob, blob_b64), seen) in wanted.iter().zip(present.iter_mut()) {
                if !*seen && same_blob(b64, blob, blob_b64) {
                    *seen = true;
                }
            }
        }
    }
    let eol = line_ending(existing);
    let mut text = Vec::with_capacity(existing.len() + keys.len() * 600);
    text.extend_from_slice(existing);
    if !existing.is_empty() && existing.last() != Some(&b'\n') {
        text.extend_from_slice(eol);
    }
    let mut added = Vec::new();
    let mut skipped = 0;
    for (i, (key, seen)) in keys.iter().zip(&present).enumerate() {
        let blob = wanted.get(i).map(|w| &w.0);
        let repeat = wanted
            .get(..i)
            .unwrap_or_default()
            .iter()
            .any(|(earlier, _)| Some(earlier) == blob);
        if *seen || repeat {
            skipped += 1;
            continue;
        }
        if let Some(options) = options.filter(|o| !o.is_empty()) {
            text.extend_from_slice(options.as_bytes());
            text.push(b' ');
        }
        text.extend_from_slice(&crate::format::openssh::encode_public(key));
        text.extend_from_slice(eol);
        count += 1;
        added.push(count);
    }
    Ok(Edited {
        text,
        lines: added,
        skipped,
    })
}

/// Removes the key lines `selector` picks; every other line stays byte for byte. Unless
/// `allow_empty`, refuses to remove the last key (a locked-out instance is the problem
/// the EC2 recovery procedure is there to solve).
///
/// # Errors
/// [`Error::InvalidArgument`] when the edit would leave no key and `allow_empty` is off.
pub fn remove(existing: &[u8], selector: Selector<'_>, allow_empty: bool) -> Result<Edited> {
    let wanted_blob = match selector {
        Selector::Key(key) => Some(key.to_blob()),
        _ => None,
    };
    let wanted_b64 = wanted_blob.as_deref().map(Base64::encode_string);
    let mut text = Vec::with_capacity(existing.len());
    let mut removed = Vec::new();
    let mut kept_keys = 0usize;
    for (i, line) in lines(existing).enumerate() {
        let Some((b64, comment)) = key_fields(line) else {
            text.extend_from_slice(line);
            continue;
        };
        let hit = match selector {
            Selector::Comment(wanted) => comment == wanted,
            Selector::Key(_) => match (&wanted_blob, &wanted_b64) {
                (Some(blob), Some(b64s)) => same_blob(b64, blob, b64s),
                _ => false,
            },
            Selector::Fingerprint(fp) => core::str::from_utf8(b64)
                .ok()
                .and_then(|s| Base64::decode_vec(s).ok())
                .is_some_and(|blob| {
                    let hash = if fp.starts_with("MD5:") {
                        HashAlg::Md5
                    } else {
                        HashAlg::Sha256
                    };
                    crate::fingerprint::openssh(&blob, hash) == fp
                }),
        };
        if hit {
            removed.push(i + 1);
        } else {
            kept_keys += 1;
            text.extend_from_slice(line);
        }
    }
    if !removed.is_empty() && kept_keys == 0 && !allow_empty {
        return Err(Error::InvalidArgument {
            reason: "this would remove the last key, locking every login out (use --force)".into(),
        });
    }
    Ok(Edited {
        text,
        lines: removed,
        skipped: 0,
    })
}
