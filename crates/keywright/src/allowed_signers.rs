//! `allowed_signers` files: which keys may sign for which principals (ssh-keygen(1),
//! ALLOWED SIGNERS), and the checks `ssh-keygen -Y verify` and `-Y find-principals` make.
//!
//! A line is `PRINCIPALS [OPTIONS] KEYTYPE BASE64 [COMMENT]`: principals are a
//! comma-separated list of patterns (`*`, `?`, `!negation`; the list may be double-quoted),
//! options are `cert-authority`, `namespaces="..."`, `valid-after="..."` and
//! `valid-before="..."` (times `YYYYMMDD[HHMM[SS]][Z]`). Blank lines and `#` comments are
//! skipped. Unlike `ssh-keygen`, which logs and skips a malformed line, [`AllowedSigners::parse`]
//! refuses the file and says where; and times are read as UTC whether or not they end in `Z`
//! (`ssh-keygen` reads them in the local time zone without `Z`).
//!
//! ```
//! use keywright::{Algorithm, allowed_signers::AllowedSigners, sshsig::{self, SigHash}};
//!
//! let key = keywright::generate(Algorithm::Ed25519, None)?;
//! let line = format!("dev@example.com namespaces=\"git\" {}\n", key.public_key().to_openssh());
//! let signers = AllowedSigners::parse(line.as_bytes())?;
//! let sig = sshsig::sign(&key, "git", b"tree 4b825d...", SigHash::Sha512)?;
//! let now = 1_800_000_000;
//! signers.verify(&sig, "git", b"tree 4b825d...", "dev@example.com", now)?;
//! assert_eq!(signers.find_principals(&sig, now), ["dev@example.com"]);
//! # Ok::<(), keywright::Error>(())
//! ```

use ssh_key::public::KeyData;

use crate::sshsig::{MessageDigest, Signature};
use crate::{Error, Limits, PublicKey, Result};

const FORMAT: crate::Format = crate::Format::AllowedSigners;

/// One line of an `allowed_signers` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    line: usize,
    offset: usize,
    principals: String,
    cert_authority: bool,
    namespaces: Option<String>,
    valid_after: Option<u64>,
    valid_before: Option<u64>,
    key: KeyData,
    comment: String,
}

impl Entry {
    /// The line number (from 1).
    #[must_use]
    pub fn line(&self) -> usize {
        self.line
    }

    /// The byte offset of the line in the file.
    #[must_use]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The principals field: comma-separated patterns, unquoted.
    #[must_use]
    pub fn principals(&self) -> &str {
        &self.principals
    }

    /// Whether the key is a certificate authority (`cert-authority`).
    #[must_use]
    pub fn cert_authority(&self) -> bool {
        self.cert_authority
    }

    /// The `namespaces=` patterns, if the line limits them.
    #[must_use]
    pub fn namespaces(&self) -> Option<&str> {
        self.namespaces.as_deref()
    }

    /// `valid-after=`, in seconds since the Unix epoch.
    #[must_use]
    pub fn valid_after(&self) -> Option<u64> {
        self.valid_after
    }

    /// `valid-before=`, in seconds since the Unix epoch.
    #[must_use]
    pub fn valid_before(&self) -> Option<u64> {
        self.valid_before
    }

    /// The comment after the key.
    #[must_use]
    pub fn comment(&self) -> &str {
        &self.comment
    }

    /// The key.
    ///
    /// # Errors
    /// [`Error::UnsupportedAlgorithm`] for key types without a [`PublicKey`] model
    /// (security keys).
    pub fn public_key(&self) -> Result<PublicKey> {
        use ssh_key::encoding::Encode;
        PublicKey::from_blob(&self.key.encode_vec().unwrap_or_default())
    }

    fn valid_at(&self, time: u64) -> bool {
        self.valid_after.is_none_or(|t| time >= t) && self.valid_before.is_none_or(|t| time <= t)
    }

    /// The principals this line grants the signature's signer at `time`, if any
    /// (namespaces not considered).
    fn grants(&self, sig: &Signature, principal: Option<&str>, time: u64) -> Option<Vec<String>> {
        let signer = sig.signer_key_data();
        let granted = if self.cert_authority {
            let cert = signer.certificate()?;
            if cert.signature_key() != &self.key {
                return None;
            }
            let cert = certified_at(signer, time)?;
            let wanted: Vec<String> = cert
                .principals()
                .iter()
                .filter(|p| principal.is_none_or(|want| want == p.as_str()))
                .filter(|p| match_list(p, &self.principals) == Some(true))
                .cloned()
                .collect();
            if wanted.is_empty() {
                return None;
            }
            wanted
        } else {
            // As ssh-keygen: a signature made with a certificate matches only through its
            // CA (`cert-authority`), never the certified key's own line.
            if signer != &self.key {
                return None;
            }
            match principal {
                Some(p) if match_list(p, &self.principals) == Some(true) => vec![p.to_owned()],
                Some(_) => return None,
                None => self.principals.split(',').map(str::to_owned).collect(),
            }
        };
        self.valid_at(time).then_some(granted)
    }
}

/// The signer's certificate when it is a user certificate whose CA signature holds and
/// that is valid at `time` (`sshkey_cert_check_authority`), through [`crate::Certificate`]
/// (the caller has matched the CA key against the line).
fn certified_at(signer: &KeyData, time: u64) -> Option<crate::Certificate> {
    use ssh_key::encoding::Encode;
    let cert = crate::Certificate::from_blob(&signer.encode_vec().ok()?).ok()?;
    cert.check_type(crate::CertType::User).ok()?;
    cert.verify_signature().ok()?;
    cert.check_valid_at(time).ok()?;
    Some(cert)
}

/// A parsed `allowed_signers` file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AllowedSigners {
    entries: Vec<Entry>,
}

impl AllowedSigners {
    /// Parses a whole file.
    ///
    /// # Errors
    /// [`Error::Parse`] (with the byte offset) for a malformed line; [`Error::LimitExceeded`]
    /// for input over [`Limits::max_input_bytes`].
    pub fn parse(text: &[u8]) -> Result<AllowedSigners> {
        Limits::DEFAULT.check_input(text)?;
        let mut entries = Vec::new();
        let mut offset = 0;
        for (i, raw) in text.split(|b| *b == b'\n').enumerate() {
            let start = offset;
            offset += raw.len() + 1;
            if let Some(entry) = parse_line(raw, start, i + 1)? {
                entries.push(entry);
            }
        }
        Ok(AllowedSigners { entries })
    }

    /// The lines that hold keys.
    #[must_use]
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// What `ssh-keygen -Y verify -I principal` checks: the signature over `message` in
    /// `namespace`, then a line that lists `principal` for the signer (or for the CA of the
    /// signer's certificate), allows `namespace`, and is valid at `time` (Unix seconds).
    ///
    /// # Errors
    /// [`Error::Signature`] when the signature does not verify or no line trusts it.
    pub fn verify(
        &self,
        sig: &Signature,
        namespace: &str,
        message: &[u8],
        principal: &str,
        time: u64,
    ) -> Result<()> {
        self.verify_digest(sig, namespace, &sig.hash().digest(message), principal, time)
    }

    /// [`AllowedSigners::verify`] for a message hashed with [`Signature::hasher`].
    ///
    /// # Errors
    /// As [`AllowedSigners::verify`].
    pub fn verify_digest(
        &self,
        sig: &Signature,
        namespace: &str,
        digest: &MessageDigest,
        principal: &str,
        time: u64,
    ) -> Result<()> {
        sig.check(namespace, digest)?;
        let mut why = format!("no allowed_signers line trusts this key for {principal:?}");
        for entry in &self.entries {
            if entry.grants(sig, Some(principal), time).is_none() {
                if entry.key == *sig.signer_key_data() && !entry.valid_at(time) {
                    why = format!(
                        "line {}: the key is not valid at the verification time",
                        entry.line
                    );
                }
                continue;
            }
            if let Some(ns) = &entry.namespaces
                && match_list(namespace, ns) != Some(true)
            {
                why = format!(
                    "line {}: the key is not permitted for namespace {namespace:?}",
                    entry.line
                );
                continue;
            }
            return Ok(());
        }
        Err(Error::Signature { reason: why })
    }

    /// What `ssh-keygen -Y find-principals` prints: the principals of the first line that
    /// trusts the signer at `time` (namespaces are not considered); empty when none does.
    /// The signature itself is not checked.
    #[must_use]
    pub fn find_principals(&self, sig: &Signature, time: u64) -> Vec<String> {
        self.entries
            .iter()
            .find_map(|e| e.grants(sig, None, time))
            .unwrap_or_default()
    }
}

fn err(offset: usize, reason: impl Into<String>) -> Error {
    Error::Parse {
        format: FORMAT,
        offset: Some(offset),
        reason: reason.into(),
    }
}

fn is_space(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn parse_line(raw: &[u8], start: usize, line: usize) -> Result<Option<Entry>> {
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    let text = core::str::from_utf8(raw).map_err(|e| {
        err(
            start + e.valid_up_to(),
            format!("line {line}: not valid UTF-8"),
        )
    })?;
    let lead = text.len() - text.trim_start_matches([' ', '\t']).len();
    let mut rest = text.get(lead..).unwrap_or_default();
    if rest.is_empty() || rest.starts_with('#') {
        return Ok(None);
    }
    let at = |rest: &str| start + (text.len() - rest.len());
    // Principals: one token, or a double-quoted string.
    let principals;
    if let Some(q) = rest.strip_prefix('"') {
        let end = q
            .find('"')
            .ok_or_else(|| err(at(rest), format!("line {line}: unterminated quote")))?;
        principals = q.get(..end).unwrap_or_default();
        rest = q.get(end + 1..).unwrap_or_default();
    } else {
        let end = rest.find([' ', '\t']).unwrap_or(rest.len());
        principals = rest.get(..end).unwrap_or_default();
        rest = rest.get(end..).unwrap_or_default();
    }
    if principals.is_empty() {
        return Err(err(at(rest), format!("line {line}: empty principals")));
    }
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return Err(err(
            at(rest),
            format!("line {line}: expected a space after the principals"),
        ));
    }
    rest = rest.trim_start_matches([' ', '\t']);
    if rest.is_empty() {
        return Err(err(at(rest), format!("line {line}: missing key")));
    }
    let mut entry = Entry {
        line,
        offset: start,
        principals: principals.to_owned(),
        cert_authority: false,
        namespaces: None,
        valid_after: None,
        valid_before: None,
        key: KeyData::Ed25519(ssh_key::public::Ed25519PublicKey([0; 32])),
        comment: String::new(),
    };
    let first = rest.split([' ', '\t']).next().unwrap_or_default();
    if ssh_key::Algorithm::new(first).is_err() {
        rest = parse_options(rest, &mut entry, &at, line)?;
        rest = rest.trim_start_matches([' ', '\t']);
    }
    let key_at = at(rest);
    let key = ssh_key::PublicKey::from_openssh(rest.trim_end_matches([' ', '\t']))
        .map_err(|e| err(key_at, format!("line {line}: invalid key: {e}")))?;
    if key.key_data().is_certificate() {
        return Err(err(
            key_at,
            format!("line {line}: a certificate cannot be an allowed signer"),
        ));
    }
    entry.comment = key.comment().as_str_lossy().to_owned();
    entry.key = key.key_data().clone();
    if let (Some(a), Some(b)) = (entry.valid_after, entry.valid_before)
        && b <= a
    {
        return Err(err(
            start,
            format!("line {line}: valid-before is not after valid-after"),
        ));
    }
    Ok(Some(entry))
}

/// Parses `opt[,opt...]` up to the first unquoted space; returns what follows.
fn parse_options<'a>(
    mut rest: &'a str,
    entry: &mut Entry,
    at: &dyn Fn(&str) -> usize,
    line: usize,
) -> Result<&'a str> {
    loop {
        let here = at(rest);
        let lower = rest
            .get(..rest.len().min(16))
            .unwrap_or_default()
            .to_ascii_lowercase();
        if lower.starts_with("cert-authority")
            && rest
                .as_bytes()
                .get(14)
                .is_none_or(|b| *b == b',' || is_space(*b))
        {
            entry.cert_authority = true;
            rest = rest.get(14..).unwrap_or_default();
        } else {
            let name = ["namespaces", "valid-after", "valid-before"]
                .into_iter()
                .find(|n| lower.starts_with(n) && rest.as_bytes().get(n.len()) == Some(&b'='))
                .ok_or_else(|| err(here, format!("line {line}: unknown option")))?;
            let (value, after) = dequote(rest.get(name.len() + 1..).unwrap_or_default())
                .ok_or_else(|| err(here, format!("line {line}: {name} needs a quoted value")))?;
            rest = after;
            let dup = || err(here, format!("line {line}: more than one {name}"));
            match name {
                "namespaces" => {
                    if entry.namespaces.replace(value).is_some() {
                        return Err(dup());
                    }
                }
                _ => {
                    let t = parse_time(&value)
                        .ok_or_else(|| err(here, format!("line {line}: invalid {name} time")))?;
                    let slot = if name == "valid-after" {
                        &mut entry.valid_after
                    } else {
                        &mut entry.valid_before
                    };
                    if slot.replace(t).is_some() {
                        return Err(dup());
                    }
                }
            }
        }
        match rest.as_bytes().first() {
            None => return Err(err(at(rest), format!("line {line}: missing key"))),
            Some(b) if is_space(*b) => return Ok(rest),
            Some(b',') => rest = rest.get(1..).unwrap_or_default(),
            Some(_) => return Err(err(at(rest), format!("line {line}: unknown option"))),
        }
    }
}

/// A `"..."` value (`\"` escapes a quote); returns it and what follows the closing quote.
fn dequote(s: &str) -> Option<(String, &str)> {
    let body = s.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, body.get(i + 1..).unwrap_or_default())),
            '\\' if body.get(i + 1..).is_some_and(|r| r.starts_with('"')) => {
                out.push('"');
                chars.next();
            }
            c => out.push(c),
        }
    }
    None
}

/// `YYYYMMDD`, `YYYYMMDDHHMM` or `YYYYMMDDHHMMSS`, with an optional `Z`, as Unix seconds
/// (read as UTC).
pub fn parse_time(s: &str) -> Option<u64> {
    let digits = s.strip_suffix(['Z', 'z']).unwrap_or(s);
    if !matches!(digits.len(), 8 | 12 | 14) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num = |r: core::ops::Range<usize>| digits.get(r).and_then(|d| d.parse::<u64>().ok());
    let (y, mo, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (h, mi, sec) = match digits.len() {
        8 => (0, 0, 0),
        12 => (num(8..10)?, num(10..12)?, 0),
        _ => (num(8..10)?, num(10..12)?, num(12..14)?),
    };
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let days = days_from_civil(y, mo, d)?;
    Some(days * 86_400 + h * 3600 + mi * 60 + sec)
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm); `None` before 1970.
fn days_from_civil(y: u64, m: u64, d: u64) -> Option<u64> {
    let y = if m <= 2 { y.checked_sub(1)? } else { y };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe).checked_sub(719_468)
}

/// OpenSSH's `match_pattern`: `*` any run, `?` one character.
fn match_pattern(s: &[u8], p: &[u8]) -> bool {
    let (mut si, mut pi) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while si < s.len() {
        match p.get(pi) {
            Some(b'*') => {
                star = Some(pi);
                mark = si;
                pi += 1;
            }
            Some(c) if *c == b'?' || Some(c) == s.get(si) => {
                si += 1;
                pi += 1;
            }
            _ => match star {
                Some(sp) => {
                    pi = sp + 1;
                    mark += 1;
                    si = mark;
                }
                None => return false,
            },
        }
    }
    p.get(pi..).unwrap_or_default().iter().all(|c| *c == b'*')
}

/// OpenSSH's `match_pattern_list`: `Some(true)` when a pattern matches, `Some(false)` when
/// none does, `None` when a `!negated` one does.
fn match_list(s: &str, list: &str) -> Option<bool> {
    let mut positive = false;
    for pat in list.split(',') {
        let (negated, pat) = match pat.strip_prefix('!') {
            Some(p) => (true, p),
            None => (false, pat),
        };
        if match_pattern(s.as_bytes(), pat.as_bytes()) {
            if negated {
                return None;
            }
            positive = true;
        }
    }
    Some(positive)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert_eq!(match_list("a@x", "*@x"), Some(true));
        assert_eq!(match_list("a@x", "b@x,a?x"), Some(true));
        assert_eq!(match_list("n@x", "*,!n@x"), None);
        assert_eq!(match_list("a@y", "*@x"), Some(false));
        assert!(match_pattern(b"", b"*"));
        assert!(!match_pattern(b"ab", b"a"));
        assert!(match_pattern(b"abcbd", b"a*b?"));
    }

    #[test]
    fn times() {
        assert_eq!(parse_time("19700101"), Some(0));
        assert_eq!(parse_time("20000301Z"), Some(951_868_800));
        assert_eq!(parse_time("202001011200"), Some(1_577_880_000));
        assert_eq!(parse_time("20200101120030Z"), Some(1_577_880_030));
        assert_eq!(parse_time("2020011"), None);
        assert_eq!(parse_time("20201301"), None);
    }
}
