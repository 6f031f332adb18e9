//! Host keys in an instance's console output (`aws ec2 get-console-output`): the blocks
//! cloud-init writes (`-----BEGIN SSH HOST KEY FINGERPRINTS-----`,
//! `-----BEGIN SSH HOST KEY KEYS-----`), and checking scanned keys against them.

use base64ct::{Base64, Encoding};
use serde_json::Value;

use crate::{Algorithm, Error, Format, HashAlg, Limits, PublicKey, Result};

/// Largest console output read, in bytes (EC2 returns at most the last 64 KiB; JSON and
/// base64 make that larger).
pub const MAX_CONSOLE_OUTPUT: usize = 8 << 20;

const FORMAT: Format = Format::Ec2ConsoleOutput;
const FINGERPRINTS: (&str, &str) = (
    "-----BEGIN SSH HOST KEY FINGERPRINTS-----",
    "-----END SSH HOST KEY FINGERPRINTS-----",
);
const KEYS: (&str, &str) = (
    "-----BEGIN SSH HOST KEY KEYS-----",
    "-----END SSH HOST KEY KEYS-----",
);

/// One line of the fingerprints block: `BITS FINGERPRINT COMMENT (TYPE)`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct HostKeyFingerprint {
    /// The key size, when the line gives one.
    pub bits: Option<u32>,
    /// `SHA256:...`, `MD5:...`, or (older cloud-init) bare MD5 colon hex.
    pub fingerprint: String,
    /// The type in parentheses: `RSA`, `ECDSA`, `ED25519`, `DSA`.
    pub key_type: String,
}

/// What the console output says about the instance's host keys.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConsoleHostKeys {
    /// The fingerprints block's lines.
    pub fingerprints: Vec<HostKeyFingerprint>,
    /// The keys block's keys.
    pub keys: Vec<PublicKey>,
}

impl ConsoleHostKeys {
    /// Whether the output held neither block.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.fingerprints.is_empty() && self.keys.is_empty()
    }
}

/// Reads console output: text, or the JSON `get-console-output` prints (its `Output`, as
/// text or, from the raw API, base64). CR, console noise before each line (`ec2: `,
/// `cloud-init[...]: `, timestamps) and ANSI escapes are ignored. Output without either
/// block gives an empty [`ConsoleHostKeys`].
///
/// # Errors
/// [`Error::LimitExceeded`] over [`MAX_CONSOLE_OUTPUT`] bytes; [`Error::Parse`] for JSON
/// without a string `Output`, or a block that is not closed.
pub fn parse_console_output(input: &[u8]) -> Result<ConsoleHostKeys> {
    Limits::check(
        "console output size in bytes",
        input.len() as u64,
        MAX_CONSOLE_OUTPUT as u64,
    )?;
    let text = String::from_utf8_lossy(input);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        let value: Value = serde_json::from_str(trimmed).map_err(|e| {
            parse_error(format!(
                "malformed JSON at line {} column {}",
                e.line(),
                e.column()
            ))
        })?;
        return match value.get("Output") {
            Some(Value::String(output)) => parse_text(&decode_output(output)),
            Some(Value::Null) | None => Err(parse_error(
                "the JSON has no Output (get-console-output prints {\"Output\": ...})",
            )),
            Some(_) => Err(parse_error("Output must be a string")),
        };
    }
    parse_text(&text)
}

/// The console text of an `Output` field: as it is, or decoded when the raw API's base64.
fn decode_output(output: &str) -> String {
    if output.contains(FINGERPRINTS.0) || output.contains(KEYS.0) {
        return output.to_owned();
    }
    let compact: String = output
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    match Base64::decode_vec(&compact) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => output.to_owned(),
    }
}

fn parse_error(reason: impl Into<String>) -> Error {
    Error::Parse {
        format: FORMAT,
        offset: None,
        reason: reason.into(),
    }
}

/// Removes ANSI escape sequences (`ESC [ ... letter`) and other control characters.
fn clean(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
        } else if c == '\t' {
            out.push(' ');
        } else if !c.is_control() {
            out.push(c);
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    None,
    Fingerprints,
    Keys,
}

fn parse_text(text: &str) -> Result<ConsoleHostKeys> {
    let mut found = ConsoleHostKeys::default();
    let mut block = Block::None;
    for (number, raw) in text.split('\n').enumerate() {
        let line = clean(raw);
        let marker = |m: &str| line.contains(m);
        match block {
            Block::None if marker(FINGERPRINTS.0) => block = Block::Fingerprints,
            Block::None if marker(KEYS.0) => block = Block::Keys,
            Block::None => {}
            Block::Fingerprints if marker(FINGERPRINTS.1) => block = Block::None,
            Block::Keys if marker(KEYS.1) => block = Block::None,
            Block::Fingerprints => {
                if let Some(fp) = fingerprint_line(&line) {
                    found.fingerprints.push(fp);
                }
            }
            Block::Keys => {
                if let Some(key) = key_line(&line) {
                    found.keys.push(key.map_err(|e| {
                        parse_error(format!("line {}: bad host key: {e}", number + 1))
                    })?);
                }
            }
        }
    }
    if block != Block::None {
        return Err(parse_error(
            "a host key block is not closed (truncated console output?)",
        ));
    }
    Ok(found)
}

/// `[noise] BITS FINGERPRINT COMMENT (TYPE)`.
fn fingerprint_line(line: &str) -> Option<HostKeyFingerprint> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words.iter().position(|w| {
        w.starts_with("SHA256:")
            || w.starts_with("MD5:")
            || (w.len() == 47 && w.bytes().all(|b| b == b':' || b.is_ascii_hexdigit()))
    })?;
    let fingerprint = (*words.get(at)?).to_owned();
    let bits = at
        .checked_sub(1)
        .and_then(|i| words.get(i))
        .and_then(|w| w.parse().ok());
    let key_type = words
        .last()
        .filter(|_| words.len() > at + 1)
        .and_then(|w| w.strip_prefix('(')?.strip_suffix(')'))
        .unwrap_or_default()
        .to_ascii_uppercase();
    Some(HostKeyFingerprint {
        bits,
        fingerprint,
        key_type,
    })
}

/// `[noise] ALGORITHM BASE64 [COMMENT]`: `None` when the line holds no key.
fn key_line(line: &str) -> Option<Result<PublicKey>> {
    let start = line.split_whitespace().find_map(|word| {
        Algorithm::from_ssh_name(word)
            .is_some()
            .then(|| line.find(word))
            .flatten()
    })?;
    line.get(start..)
        .map(|key| PublicKey::from_openssh(key.trim()))
}

/// The result of checking one scanned host key against the console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostKeyCheck {
    /// The console lists this key (by fingerprint or in the keys block).
    Match {
        /// The key's type, as the console names types (`RSA`, `ED25519`, ...).
        key_type: &'static str,
        /// The key's SHA-256 fingerprint.
        fingerprint: String,
    },
    /// The console lists keys of this type, and this is not one of them.
    Mismatch {
        /// The key's type.
        key_type: &'static str,
        /// The scanned key's SHA-256 fingerprint.
        fingerprint: String,
        /// What the console says for this type.
        expected: Vec<String>,
    },
    /// The console says nothing of keys of this type.
    Unknown {
        /// The key's type.
        key_type: &'static str,
        /// The key's SHA-256 fingerprint.
        fingerprint: String,
    },
}

/// Checks each scanned host key (`ssh-keyscan`'s output, read with
/// [`parse_scanned_keys`]) against what the console listed.
#[must_use]
pub fn check_host_keys(console: &ConsoleHostKeys, scanned: &[PublicKey]) -> Vec<HostKeyCheck> {
    scanned
        .iter()
        .map(|key| {
            let key_type = key.algorithm().type_name();
            let fingerprint = key.fingerprint(HashAlg::Sha256);
            let listed: Vec<&HostKeyFingerprint> = console
                .fingerprints
                .iter()
                .filter(|fp| fp.key_type == key_type)
                .collect();
            let keys: Vec<&PublicKey> = console
                .keys
                .iter()
                .filter(|k| k.algorithm() == key.algorithm())
                .collect();
            let by_fingerprint = listed
                .iter()
                .any(|fp| same_fingerprint(key, &fp.fingerprint));
            let by_key = keys.contains(&key);
            // Every source that lists this type must agree.
            let agrees = (listed.is_empty() || by_fingerprint) && (keys.is_empty() || by_key);
            if listed.is_empty() && keys.is_empty() {
                HostKeyCheck::Unknown {
                    key_type,
                    fingerprint,
                }
            } else if agrees {
                HostKeyCheck::Match {
                    key_type,
                    fingerprint,
                }
            } else {
                let expected = listed
                    .iter()
                    .map(|fp| fp.fingerprint.clone())
                    .chain(keys.iter().map(|k| k.fingerprint(HashAlg::Sha256)))
                    .collect();
                HostKeyCheck::Mismatch {
                    key_type,
                    fingerprint,
                    expected,
                }
            }
        })
        .collect()
}

fn same_fingerprint(key: &PublicKey, listed: &str) -> bool {
    if listed.starts_with("SHA256:") {
        return key.fingerprint(HashAlg::Sha256) == listed;
    }
    let md5 = key.fingerprint(HashAlg::Md5);
    let listed = listed.strip_prefix("MD5:").unwrap_or(listed);
    md5.strip_prefix("MD5:")
        .is_some_and(|ours| ours.eq_ignore_ascii_case(listed))
}

/// Reads `ssh-keyscan` output (`HOST ALGORITHM BASE64` lines, `#` comments; hashed host
/// names too) or public key lines, one key per line.
///
/// # Errors
/// [`Error::Parse`] naming the line of a key that does not decode.
pub fn parse_scanned_keys(input: &[u8]) -> Result<Vec<PublicKey>> {
    Limits::check(
        "ssh-keyscan output size in bytes",
        input.len() as u64,
        MAX_CONSOLE_OUTPUT as u64,
    )?;
    let text = String::from_utf8_lossy(input);
    let mut keys = Vec::new();
    for (number, raw) in text.split('\n').enumerate() {
        let line = raw.trim_end_matches('\r').trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match key_line(line) {
            Some(key) => keys.push(key.map_err(|e| Error::Parse {
                format: Format::SshKeyscanOutput,
                offset: None,
                reason: format!("line {}: {e}", number + 1),
            })?),
            None => {
                return Err(Error::Parse {
                    format: Format::SshKeyscanOutput,
                    offset: None,
                    reason: format!("line {} holds no host key", number + 1),
                });
            }
        }
    }
    Ok(keys)
}
