//! `known_hosts` files (OpenSSH sshd(8), "SSH_KNOWN_HOSTS FILE FORMAT"), read and edited as
//! `ssh-keygen -F`, `-R` and `-H` do (OpenSSH `hostfile.c`, `match.c`, `ssh-keygen.c`).
//!
//! Every line form is understood: host patterns with `*`, `?` and `!`, `[host]:port`,
//! hashed names `|1|salt|hash` (HMAC-SHA1), the `@cert-authority` and `@revoked` markers,
//! comments and blank lines. Lines are streamed (memory bounded by [`MAX_LINE_BYTES`]),
//! and edits keep every other line byte for byte (CRLF included).
//!
//! ```
//! use keywright::known_hosts;
//!
//! let file = b"# mine\nexample.com,192.0.2.1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIObYoa7eU+ZAdmE/ORdOpuLf078J+DS/hs8jl+sc46WD\n";
//! let mut out = Vec::new();
//! assert_eq!(known_hosts::find(&file[..], "example.com", &mut out)?, 1);
//! assert!(out.starts_with(b"# Host example.com found: line 2 \n"));
//! let removed = known_hosts::remove(file, "192.0.2.1")?;
//! assert_eq!(removed.text, b"# mine\n");
//! # Ok::<(), keywright::Error>(())
//! ```

use std::io::{BufRead, Read, Write};

use base64ct::{Base64, Encoding};
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

use crate::{Error, PublicKey, Result};

/// Longest line read, in bytes (a longer line is an error, not a reason to grow).
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// Length of the salt of a hashed host name (SHA-1's output length, as OpenSSH requires).
pub const SALT_LEN: usize = 20;

const HASH_MAGIC: &[u8] = b"|1|";
/// OpenSSH matches sub-patterns shorter than this (`match_pattern_list`'s buffer).
const MAX_PATTERN: usize = 1023;

/// The marker in front of a line's host patterns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Marker {
    /// `@cert-authority`: the key is a CA for certificates of the matching hosts.
    CertAuthority,
    /// `@revoked`: the key must never be accepted.
    Revoked,
}

/// What one line of a `known_hosts` file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Line<'a> {
    /// Blank, or a `#` comment.
    Comment,
    /// A host line: optional marker, the host field, and the rest (key type, key, comment).
    Host {
        /// `@cert-authority` or `@revoked`.
        marker: Option<Marker>,
        /// The host patterns (`a,b,!c`, `[h]:port`) or one hashed name (`|1|salt|hash`).
        hosts: &'a [u8],
        /// Everything after the host field and its whitespace.
        rest: &'a [u8],
    },
    /// A line OpenSSH rejects: an unknown `@` marker, or no key after the host field.
    Invalid,
}

fn is_space(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn skip_space(bytes: &[u8]) -> &[u8] {
    let n = bytes.iter().take_while(|b| is_space(**b)).count();
    bytes.get(n..).unwrap_or_default()
}

fn split_word(bytes: &[u8]) -> (&[u8], &[u8]) {
    let n = bytes.iter().take_while(|b| !is_space(**b)).count();
    (
        bytes.get(..n).unwrap_or_default(),
        bytes.get(n..).unwrap_or_default(),
    )
}

impl<'a> Line<'a> {
    /// Classifies one line (without its `\n`), as OpenSSH's `hostkeys_foreach` does.
    #[must_use]
    pub fn parse(line: &'a [u8]) -> Line<'a> {
        let mut cp = skip_space(line);
        if cp.is_empty() || cp.first() == Some(&b'#') || cp.first() == Some(&b'\n') {
            return Line::Comment;
        }
        let mut marker = None;
        if cp.first() == Some(&b'@') {
            let (word, rest) = split_word(cp);
            marker = match word {
                b"@cert-authority" => Some(Marker::CertAuthority),
                b"@revoked" => Some(Marker::Revoked),
                _ => return Line::Invalid,
            };
            cp = skip_space(rest);
        }
        let (hosts, rest) = split_word(cp);
        let rest = skip_space(rest);
        if hosts.is_empty() || rest.is_empty() || rest.first() == Some(&b'#') {
            return Line::Invalid;
        }
        Line::Host {
            marker,
            hosts,
            rest,
        }
    }
}

/// A salt for [`hash_host`] from the operating system's random number generator.
#[must_use]
pub fn random_salt() -> [u8; SALT_LEN] {
    use rand_core::Rng;
    let mut salt = [0u8; SALT_LEN];
    crate::secret::os_rng().fill_bytes(&mut salt);
    salt
}

/// `|1|` + base64(salt) + `|` + base64(HMAC-SHA1(salt, host)), as `ssh-keygen -H` writes a
/// host name (lowercase it first, as ssh does).
#[must_use]
pub fn hash_host(host: &str, salt: &[u8; SALT_LEN]) -> String {
    format!(
        "|1|{}|{}",
        Base64::encode_string(salt),
        Base64::encode_string(&hmac_sha1(salt, host.as_bytes()))
    )
}

fn hmac_sha1(salt: &[u8], host: &[u8]) -> [u8; 20] {
    let mut out = [0u8; 20];
    // HMAC takes a key of any length: this cannot fail.
    if let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(salt) {
        mac.update(host);
        out.copy_from_slice(&mac.finalize().into_bytes());
    }
    out
}

/// Whether a host field matches `host`: `Some(true)` or `Some(false)`, `None` for a hashed
/// field OpenSSH cannot read (bad magic or salt). As OpenSSH, patterns compare in lowercase
/// (`match_hostname`) and hashed names hash `host` as given (`host_hash`).
fn field_matches(hosts: &[u8], host: &str, lowered: &str) -> Option<bool> {
    if hosts.first() == Some(&b'|') {
        let rest = hosts.strip_prefix(HASH_MAGIC)?;
        let bar = rest.iter().position(|&b| b == b'|')?;
        let (salt_b64, hash_b64) = (rest.get(..bar)?, rest.get(bar + 1..)?);
        let mut salt = [0u8; SALT_LEN + 2];
        let salt = Base64::decode(salt_b64, &mut salt).ok()?;
        if salt.len() != SALT_LEN {
            return None;
        }
        // OpenSSH compares the whole field with the one it makes: canonical base64 only.
        let mut expect = [0u8; 28];
        let expect = Base64::encode(&hmac_sha1(salt, host.as_bytes()), &mut expect).ok()?;
        let mut salt_again = [0u8; 28];
        let salt_again = Base64::encode(salt, &mut salt_again).ok()?;
        return Some(hash_b64 == expect.as_bytes() && salt_b64 == salt_again.as_bytes());
    }
    Some(match_pattern_list(lowered.as_bytes(), hosts) == Some(true))
}

/// OpenSSH's `match_pattern_list` with lowercased patterns: `Some(true)` when a pattern
/// matches and no negated one does, `Some(false)` when a negated one matches, `None` when
/// none matches.
fn match_pattern_list(host: &[u8], patterns: &[u8]) -> Option<bool> {
    let mut positive = false;
    for pattern in patterns.split(|&b| b == b',') {
        let (negated, pattern) = match pattern.strip_prefix(b"!") {
            Some(p) => (true, p),
            None => (false, pattern),
        };
        if pattern.len() >= MAX_PATTERN {
            return None;
        }
        if glob(host, pattern) {
            if negated {
                return Some(false);
            }
            positive = true;
        }
    }
    positive.then_some(true)
}

/// `*` and `?` glob matching, patterns compared in lowercase (iterative, linear backtracking).
fn glob(text: &[u8], pattern: &[u8]) -> bool {
    let (mut t, mut p) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p).map(u8::to_ascii_lowercase) {
            Some(b'*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(c) if c == b'?' || Some(&c) == text.get(t) => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pattern
        .get(p..)
        .unwrap_or_default()
        .iter()
        .all(|&c| c == b'*')
}

/// Whether the line matches `host` as `ssh-keygen -F`/`-R` look it up (give `[host]:port`
/// for a port other than 22). Invalid lines never match.
#[must_use]
pub fn line_matches(line: &Line<'_>, host: &str) -> bool {
    match line {
        Line::Host { hosts, .. } => {
            field_matches(hosts, host, &host.to_ascii_lowercase()) == Some(true)
        }
        _ => false,
    }
}

/// Reads lines from a [`BufRead`], one at a time into one buffer (memory bounded by
/// [`MAX_LINE_BYTES`]).
struct Lines<R> {
    reader: R,
    buf: Vec<u8>,
    number: usize,
}

impl<R: BufRead> Lines<R> {
    fn new(reader: R) -> Self {
        Lines {
            reader,
            buf: Vec::with_capacity(1024),
            number: 0,
        }
    }

    /// The next line's number and bytes without its `\n` (a `\r` stays), or `None` at
    /// the end.
    fn next(&mut self) -> Option<Result<(usize, &[u8])>> {
        self.buf.clear();
        let limit = (MAX_LINE_BYTES + 1) as u64;
        match Read::take(&mut self.reader, limit).read_until(b'\n', &mut self.buf) {
            Err(error) => Some(Err(Error::Io { error })),
            Ok(0) => None,
            Ok(_) => {
                self.number += 1;
                if self.buf.last() == Some(&b'\n') {
                    self.buf.pop();
                } else if self.buf.len() > MAX_LINE_BYTES {
                    return Some(Err(Error::LimitExceeded {
                        what: "known_hosts line length in bytes",
                        limit: MAX_LINE_BYTES as u64,
                        actual: self.buf.len() as u64,
                    }));
                }
                Some(Ok((self.number, &self.buf)))
            }
        }
    }
}

fn io(error: std::io::Error) -> Error {
    Error::Io { error }
}

/// Writes what `ssh-keygen -F HOST` prints for each line that matches `host`
/// (`# Host HOST found: line N [CA|REVOKED]` and the line as it is) to `out`, reading
/// `input` line by line. Returns the number of lines found (`ssh-keygen` exits 1 for none).
///
/// # Errors
/// [`Error::Io`] for a failed read or write, [`Error::LimitExceeded`] for a line over
/// [`MAX_LINE_BYTES`].
pub fn find<R: BufRead, W: Write>(input: R, host: &str, out: &mut W) -> Result<usize> {
    let lowered = host.to_ascii_lowercase();
    let mut lines = Lines::new(input);
    let mut found = 0;
    while let Some(line) = lines.next() {
        let (number, raw) = line?;
        let Line::Host { marker, hosts, .. } = Line::parse(raw) else {
            continue;
        };
        if field_matches(hosts, host, &lowered) != Some(true) {
            continue;
        }
        found += 1;
        let tag = match marker {
            Some(Marker::CertAuthority) => "CA",
            Some(Marker::Revoked) => "REVOKED",
            None => "",
        };
        writeln!(out, "# Host {host} found: line {number} {tag}").map_err(io)?;
        out.write_all(raw).map_err(io)?;
        out.write_all(b"\n").map_err(io)?;
    }
    Ok(found)
}

/// The result of an edit: the new file, and the lines it concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Edited {
    /// The new contents (every line not concerned kept byte for byte).
    pub text: Vec<u8>,
    /// 1-based numbers of the lines removed or rewritten.
    pub lines: Vec<usize>,
}

/// Removes the lines for `host` as `ssh-keygen -R` does: matching lines without a marker
/// go, `@cert-authority` and `@revoked` lines stay; every other line is kept byte for byte
/// (a last line without a newline gets one, as ssh-keygen writes).
///
/// # Errors
/// [`Error::LimitExceeded`] for a line over [`MAX_LINE_BYTES`].
pub fn remove(input: &[u8], host: &str) -> Result<Edited> {
    let lowered = host.to_ascii_lowercase();
    let mut text = Vec::with_capacity(input.len());
    let mut removed = Vec::new();
    let mut lines = Lines::new(input);
    while let Some(line) = lines.next() {
        let (number, raw) = line?;
        if let Line::Host {
            marker: None,
            hosts,
            ..
        } = Line::parse(raw)
            && field_matches(hosts, host, &lowered) == Some(true)
        {
            removed.push(number);
            continue;
        }
        text.extend_from_slice(raw);
        text.push(b'\n');
    }
    Ok(Edited {
        text,
        lines: removed,
    })
}

/// Hashes the host names as `ssh-keygen -H` does, with salts from `salt` (one call per
/// name): each name of a plain line (`a,b`) becomes its own hashed line (lowercased first);
/// hashed lines, lines with wildcards or `!`, marker lines and comments are kept as they
/// are. `lines` lists the lines hashed.
///
/// # Errors
/// [`Error::Parse`] naming the first invalid line (`ssh-keygen -H` refuses such a file);
/// [`Error::LimitExceeded`] for a line over [`MAX_LINE_BYTES`].
pub fn hash(input: &[u8], mut salt: impl FnMut() -> [u8; SALT_LEN]) -> Result<Edited> {
    let mut text = Vec::with_capacity(input.len() * 2);
    let mut hashed = Vec::new();
    let mut lines = Lines::new(input);
    while let Some(line) = lines.next() {
        let (number, raw) = line?;
        match Line::parse(raw) {
            Line::Host {
                marker: None,
                hosts,
                rest,
            } if hosts.first() != Some(&b'|')
                && !hosts.iter().any(|b| matches!(b, b'*' | b'?' | b'!')) =>
            {
                hashed.push(number);
                for name in hosts.split(|&b| b == b',') {
                    if name.is_empty() {
                        break;
                    }
                    let name = String::from_utf8_lossy(name).to_ascii_lowercase();
                    text.extend_from_slice(hash_host(&name, &salt()).as_bytes());
                    text.push(b' ');
                    text.extend_from_slice(rest);
                    text.push(b'\n');
                }
            }
            Line::Invalid => {
                return Err(Error::Parse {
                    format: crate::Format::KnownHosts,
                    offset: None,
                    reason: format!("line {number} is not a valid known_hosts line"),
                });
            }
            _ => {
                text.extend_from_slice(raw);
                text.push(b'\n');
            }
        }
    }
    Ok(Edited {
        text,
        lines: hashed,
    })
}

/// The line `HOST ALGORITHM BASE64` that `ssh` adds for a host key (no comment, no newline),
/// with the host name hashed when `salt` is given.
#[must_use]
pub fn host_line(host: &str, key: &PublicKey, salt: Option<&[u8; SALT_LEN]>) -> String {
    let mut key = key.clone();
    key.set_comment("");
    let host = match salt {
        Some(salt) => hash_host(&host.to_ascii_lowercase(), salt),
        None => host.to_owned(),
    };
    format!("{host} {}", key.to_openssh())
}

/// `existing` with `line` appended (after a newline when the file does not end with one).
#[must_use]
pub fn append(existing: &[u8], line: &str) -> Vec<u8> {
    let mut text = Vec::with_capacity(existing.len() + line.len() + 2);
    text.extend_from_slice(existing);
    if !existing.is_empty() && existing.last() != Some(&b'\n') {
        text.push(b'\n');
    }
    text.extend_from_slice(line.as_bytes());
    text.push(b'\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_as_openssh_matches_them() {
        assert_eq!(
            match_pattern_list(b"a.example.org", b"*.example.org"),
            Some(true)
        );
        assert_eq!(
            match_pattern_list(b"bad.example.org", b"*.example.org,!bad.example.org"),
            Some(false)
        );
        assert_eq!(match_pattern_list(b"example.org", b"*.example.org"), None);
        assert_eq!(match_pattern_list(b"host1", b"host?"), Some(true));
        assert_eq!(match_pattern_list(b"host12", b"host?"), None);
        assert_eq!(
            match_pattern_list(b"example.net", b"EXAMPLE.NET"),
            Some(true)
        );
        assert_eq!(match_pattern_list(b"[h]:2222", b"[h]:2222"), Some(true));
        assert!(glob(b"aaaaaaaaaaaaaaaaaaaaaaaaaab", b"*a*a*a*a*a*a*b"));
        assert!(!glob(b"aaaaaaaaaaaaaaaaaaaaaaaaaaa", b"*a*a*a*a*a*a*b"));
    }

    #[test]
    fn lines_are_classified() {
        assert_eq!(Line::parse(b"  # c"), Line::Comment);
        assert_eq!(Line::parse(b""), Line::Comment);
        assert_eq!(Line::parse(b"@bogus h ssh-rsa AAAA"), Line::Invalid);
        assert_eq!(Line::parse(b"hostonly"), Line::Invalid);
        assert!(matches!(
            Line::parse(b"@revoked\th ssh-rsa AAAA"),
            Line::Host {
                marker: Some(Marker::Revoked),
                hosts: b"h",
                ..
            }
        ));
    }
}
