//! Finding keys in files: one input's bytes (any key file format keywright reads,
//! `authorized_keys`, `known_hosts`), and (feature `fs`) paths walked recursively. The one
//! place the CLI and the Python binding scan from.

#[cfg(feature = "fs")]
use std::path::{Path, PathBuf};

use base64ct::{Base64, Encoding};
use pkcs8::der::Decode as _;
use ssh_key::encoding::Encode as _;
use zeroize::Zeroizing;

use super::checks::RsaPrivateParts;
use super::{Auditor, Blocklist, Finding, Location, Policy};
use crate::{Algorithm, Error, ErrorKind, Format, PublicKey, detect};

/// Largest file read (a fleet's `authorized_keys` of 100 000 lines is about 40 MiB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// What [`audit_paths`] and [`audit_bytes`] do.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Options {
    /// Thresholds.
    pub policy: Policy,
    /// Blocklists every key is looked up in.
    pub blocklists: Vec<Blocklist>,
    /// The bytes `-` stands for (the caller reads standard input).
    pub stdin: Option<Vec<u8>>,
    /// Files larger than this are skipped (0: [`DEFAULT_MAX_FILE_BYTES`]).
    pub max_file_bytes: u64,
}

impl Options {
    /// Options with `policy` and nothing else.
    #[must_use]
    pub fn new(policy: Policy) -> Options {
        Options {
            policy,
            ..Options::default()
        }
    }
}

/// An input (or one line of it) that was not audited, and why.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Skipped {
    /// Where.
    pub location: Location,
    /// Why, one line (file text in it is escaped).
    pub reason: String,
}

/// The result of a scan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Report {
    /// Every finding, sorted by place, then most severe first.
    pub findings: Vec<Finding>,
    /// Inputs and lines not audited.
    pub skipped: Vec<Skipped>,
    /// Keys audited (each place counted).
    pub keys: u64,
    /// Files (and standard input) read.
    pub files: u64,
}

impl Report {
    fn skip(&mut self, location: Location, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            location,
            reason: reason.into(),
        });
    }

    /// Ends a scan: adds `auditor`'s findings across keys ([`Auditor::finish`]: shared
    /// primes, duplicates) and sorts the findings by place, most severe first, then id.
    /// `audit_paths` ends with it; a caller feeding [`audit_bytes`] or the [`Auditor`]
    /// itself calls it once at the end.
    pub fn finish(&mut self, auditor: Auditor) {
        self.findings.extend(auditor.finish());
        self.sort();
    }

    /// Sorts findings by place, severity (most severe first) and id.
    fn sort(&mut self) {
        self.findings.sort_by(|a, b| {
            a.location
                .cmp(&b.location)
                .then(b.severity.cmp(&a.severity))
                .then(a.id.cmp(b.id))
        });
    }
}

/// The SSH blob of an RSA public key `(e, n)`.
fn rsa_blob(e: &[u8], n: &[u8]) -> Option<Vec<u8>> {
    let key = ssh_key::public::RsaPublicKey::new(
        ssh_key::Mpint::from_positive_bytes(e),
        ssh_key::Mpint::from_positive_bytes(n),
    )
    .ok()?;
    ssh_key::public::KeyData::Rsa(key).encode_vec().ok()
}

/// The OID of rsaEncryption.
const RSA_OID: pkcs8::ObjectIdentifier =
    pkcs8::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

/// Audits one input's bytes (`source` names it in findings): a key file of any format
/// keywright reads, or text with one key per line (`authorized_keys`, `known_hosts`, a
/// `.pub` file). Keys the readers refuse as inconsistent are audited from the values the
/// file holds; encrypted private keys through the public half where the format keeps it in
/// the clear. What cannot be audited is added to `report.skipped`.
pub fn audit_bytes(auditor: &mut Auditor, source: &str, input: &[u8], report: &mut Report) {
    report.files += 1;
    let at = Location::file(source);
    match detect(input).map(|d| d.format) {
        Some(Format::OpenSshPub) | None => lines(auditor, source, input, report),
        Some(format) if format.is_private() => private(auditor, at, format, input, report),
        Some(format) => match crate::load_public(input) {
            Ok(key) => {
                report.keys += 1;
                report.findings.extend(auditor.public(&key, at));
            }
            Err(e) if e.kind() == ErrorKind::Parse => match lenient_public(format, input) {
                Some(blob) => blob_findings(auditor, &blob, at, report, &e),
                None => report.skip(at, e.to_string()),
            },
            Err(e) => report.skip(at, e.to_string()),
        },
    }
}

fn blob_findings(
    auditor: &mut Auditor,
    blob: &[u8],
    at: Location,
    report: &mut Report,
    why: &Error,
) {
    match auditor.blob(blob, at.clone()) {
        Ok(findings) => {
            report.keys += 1;
            report.findings.extend(findings);
        }
        Err(_) => report.skip(at, why.to_string()),
    }
}

/// The SSH blob of a public key file the readers refused, read as it stands.
fn lenient_public(format: Format, input: &[u8]) -> Option<Vec<u8>> {
    match format {
        Format::Rfc4716 => {
            let text = core::str::from_utf8(input).ok()?;
            let body: String = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.starts_with("----") && !l.contains(':') && !l.ends_with('\\'))
                .collect();
            Base64::decode_vec(&body).ok()
        }
        Format::Spki | Format::Pkcs1Pub | Format::Der => {
            let der = match format {
                Format::Der => der_bytes(input)?,
                _ => pem_rfc7468::decode_vec(input).ok()?.1,
            };
            let rsa = match pkcs8::SubjectPublicKeyInfoRef::from_der(&der) {
                Ok(spki) if spki.algorithm.oid == RSA_OID => {
                    pkcs1::RsaPublicKeyRef::from_der(spki.subject_public_key.raw_bytes()).ok()?
                }
                Ok(_) => return None,
                Err(_) => pkcs1::RsaPublicKeyRef::from_der(&der).ok()?,
            };
            rsa_blob(rsa.public_exponent.as_bytes(), rsa.modulus.as_bytes())
        }
        _ => None,
    }
}

/// DER given raw or as base64 text.
fn der_bytes(input: &[u8]) -> Option<Vec<u8>> {
    let (_, text) = crate::format::text::trim_ascii(input);
    if text.first() == Some(&0x30) {
        return Some(text.to_vec());
    }
    let clean: Vec<u8> = text
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    Base64::decode_vec(core::str::from_utf8(&clean).ok()?).ok()
}

fn private(auditor: &mut Auditor, at: Location, format: Format, input: &[u8], report: &mut Report) {
    match crate::load_private(input, None) {
        Ok(key) => {
            report.keys += 1;
            report.findings.extend(auditor.private(&key, at));
        }
        Err(Error::PassphraseRequired | Error::WrongPassphrase) => match crate::peek_public(input) {
            Ok(Some(key)) => {
                report.keys += 1;
                report.findings.extend(auditor.public(&key, at));
            }
            Ok(None) => report.skip(
                at,
                format!(
                    "encrypted {} private key: this format does not keep the public key in the clear; audit its .pub file",
                    format.name()
                ),
            ),
            Err(e) => report.skip(at, e.to_string()),
        },
        Err(e) if e.kind() == ErrorKind::Parse => {
            if !lenient_private(auditor, &at, format, input, report) {
                report.skip(at, e.to_string());
            }
        }
        Err(e) => report.skip(at, e.to_string()),
    }
}

/// A private key the readers refused (an inconsistent key): audited from the values the
/// file holds. False when there is nothing to audit.
fn lenient_private(
    auditor: &mut Auditor,
    at: &Location,
    format: Format,
    input: &[u8],
    report: &mut Report,
) -> bool {
    let mut run = |blob: &[u8], parts: Option<&RsaPrivateParts<'_>>| -> bool {
        let Ok(mut findings) = auditor.blob(blob, at.clone()) else {
            return false;
        };
        if let Some(parts) = parts {
            findings.extend(auditor.rsa_private(blob, parts, at));
        }
        report.keys += 1;
        report.findings.extend(findings);
        true
    };
    match format {
        Format::OpenSsh => {
            let text = crate::format::text::trim_ascii(input).1;
            let Ok(key) = crate::format::openssh::read_ssh_key(text) else {
                return false;
            };
            let Ok(blob) = key.public_key().key_data().encode_vec() else {
                return false;
            };
            match key.key_data() {
                ssh_key::private::KeypairData::Rsa(k) => {
                    let b = super::checks::mpint;
                    let parts = RsaPrivateParts {
                        n: b(k.public().n()),
                        e: b(k.public().e()),
                        d: b(k.private().d()),
                        p: b(k.private().p()),
                        q: b(k.private().q()),
                        iqmp: Some(b(k.private().iqmp())),
                        dp: None,
                        dq: None,
                    };
                    run(&blob, Some(&parts))
                }
                _ => run(&blob, None),
            }
        }
        Format::Pkcs1 | Format::Pkcs8 => {
            let Ok((_, der)) = pem_rfc7468::decode_vec(input) else {
                return false;
            };
            let der = Zeroizing::new(der);
            let pkcs1_der: &[u8] = if format == Format::Pkcs8 {
                match pkcs8::PrivateKeyInfoRef::from_der(&der) {
                    Ok(info) if info.algorithm.oid == RSA_OID => info.private_key.as_bytes(),
                    _ => return false,
                }
            } else {
                &der
            };
            let Ok(key) = pkcs1::RsaPrivateKeyRef::from_der(pkcs1_der) else {
                return false;
            };
            let (n, e) = (key.modulus.as_bytes(), key.public_exponent.as_bytes());
            let Some(blob) = rsa_blob(e, n) else {
                return false;
            };
            let parts = RsaPrivateParts {
                n,
                e,
                d: key.private_exponent.as_bytes(),
                p: key.prime1.as_bytes(),
                q: key.prime2.as_bytes(),
                iqmp: Some(key.coefficient.as_bytes()),
                dp: Some(key.exponent1.as_bytes()),
                dq: Some(key.exponent2.as_bytes()),
            };
            run(&blob, Some(&parts))
        }
        _ => false,
    }
}

/// Whether `word` names an SSH public key or certificate algorithm.
fn key_type(word: &[u8]) -> bool {
    core::str::from_utf8(word).is_ok_and(|w| {
        Algorithm::from_ssh_name(w).is_some() || Algorithm::from_cert_ssh_name(w).is_some()
    })
}

/// The key type and base64 words of a line: the first key-type word followed by a word,
/// wherever options (`authorized_keys`) or host patterns and markers (`known_hosts`) put it.
/// Quoted option values may hold spaces; a key-type word inside quotes is not taken.
fn key_words(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut words = Vec::new();
    let (mut start, mut quoted) = (None, false);
    for (i, b) in line.iter().enumerate() {
        match (*b, start) {
            (b'"', _) => {
                quoted = !quoted;
                start.get_or_insert(i);
            }
            (b' ' | b'\t', Some(s)) if !quoted => {
                words.push(line.get(s..i)?);
                start = None;
            }
            (b' ' | b'\t', None) if !quoted => {}
            _ => {
                start.get_or_insert(i);
            }
        }
    }
    if let Some(s) = start {
        words.push(line.get(s..)?);
    }
    let i = words.iter().position(|w| key_type(w))?;
    Some((words.get(i)?, words.get(i + 1)?))
}

/// Key lines prepared together: their keys are decoded and checked on every core, then
/// recorded in line order (so the report does not depend on the threads).
const BATCH_LINES: usize = 4096;

/// A line that is not blank or a comment: its number and its text (trimmed).
type KeyLine<'a> = (u64, &'a [u8]);

/// Line-based text: every line holding a key.
fn lines(auditor: &mut Auditor, source: &str, input: &[u8], report: &mut Report) {
    let mut found = false;
    let mut skipped_lines = Vec::new();
    let mut batch: Vec<KeyLine<'_>> = Vec::with_capacity(BATCH_LINES);
    // A UTF-8 byte-order mark before the first line, as the readers skip it.
    let input = crate::format::text::skip_bom(input);
    for (number, raw) in input.split(|b| *b == b'\n').enumerate() {
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        let trimmed = crate::format::text::trim_ascii(line).1;
        if trimmed.is_empty() || trimmed.starts_with(b"#") {
            continue;
        }
        batch.push((number as u64 + 1, trimmed));
        if batch.len() == BATCH_LINES {
            found |= key_lines(auditor, source, &batch, report, &mut skipped_lines);
            batch.clear();
        }
    }
    found |= key_lines(auditor, source, &batch, report, &mut skipped_lines);
    if found {
        report.skipped.extend(skipped_lines);
    } else {
        report.skip(Location::file(source), "not a key file");
    }
}

/// Why a line's key was not prepared.
enum Unprepared<'a> {
    NoKey,
    Base64,
    /// Not a key the blob decoder takes (certificates): the reader's turn.
    Blob(&'a [u8], Vec<u8>),
}

/// Audits a batch of lines: finding the key words, decoding and the checks on every core
/// ([`Auditor::prepare`]), then each key recorded in order. Whether a line held a key.
fn key_lines(
    auditor: &mut Auditor,
    source: &str,
    batch: &[KeyLine<'_>],
    report: &mut Report,
    skipped_lines: &mut Vec<Skipped>,
) -> bool {
    let shared: &Auditor = auditor;
    let prepared = parallel_map(batch, |(_, line)| {
        let (kind, b64) = key_words(line).ok_or(Unprepared::NoKey)?;
        let blob = core::str::from_utf8(b64)
            .ok()
            .and_then(|t| Base64::decode_vec(t).ok())
            .ok_or(Unprepared::Base64)?;
        // The blob as it stands (one decode, no re-encoding).
        shared
            .prepare(&blob)
            .map_err(|_| Unprepared::Blob(kind, blob))
    });
    let mut found = false;
    for ((number, _), prepared) in batch.iter().zip(prepared) {
        let at = Location::line(source, *number);
        found |= !matches!(prepared, Err(Unprepared::NoKey));
        match prepared {
            Ok(prepared) => {
                report.keys += 1;
                report.findings.extend(auditor.commit(prepared, at));
            }
            Err(Unprepared::NoKey) => skipped_lines.push(Skipped {
                location: at,
                reason: "no key on this line".into(),
            }),
            Err(Unprepared::Base64) => skipped_lines.push(Skipped {
                location: at,
                reason: "the key is not valid base64".into(),
            }),
            // Certificates, which that decoder does not take, through the reader.
            Err(Unprepared::Blob(kind, blob)) => match PublicKey::from_blob(&blob) {
                Ok(key) => {
                    report.keys += 1;
                    report.findings.extend(auditor.public(&key, at));
                }
                Err(e) => report.skip(at, format!("{} key: {e}", crate::text::escape(kind))),
            },
        }
    }
    found
}

/// `f` over `items`, in order, on up to [`crate::features::threads`] threads (work handed
/// out in chunks, so slow items, RSA keys, spread over the threads).
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    const CHUNK: usize = 64;
    let threads = crate::features::threads().min(items.len().div_ceil(CHUNK));
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let chunk = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(part) = items.chunks(CHUNK).nth(chunk) else {
                return done;
            };
            done.push((chunk, part.iter().map(&f).collect::<Vec<R>>()));
        }
    };
    let mut chunks: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for helper in helpers {
            match helper.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    chunks.sort_unstable_by_key(|(chunk, _)| *chunk);
    chunks.into_iter().flat_map(|(_, done)| done).collect()
}

/// Walks `paths` (files, folders recursively, `-` for [`Options::stdin`]) and audits every
/// key found, then runs the checks across keys. Unreadable and non-key files are listed in
/// [`Report::skipped`], never errors. Symbolic links to folders are followed once (a folder
/// already walked is not walked again, so link loops end); files over
/// [`Options::max_file_bytes`] and special files (FIFOs, devices) are skipped.
#[cfg(feature = "fs")]
#[must_use]
pub fn audit_paths(paths: &[PathBuf], options: Options) -> Report {
    let Options {
        policy,
        blocklists,
        stdin,
        max_file_bytes,
    } = options;
    let max = if max_file_bytes == 0 {
        DEFAULT_MAX_FILE_BYTES
    } else {
        max_file_bytes
    };
    let mut auditor = Auditor::new(policy);
    for list in blocklists {
        auditor.add_blocklist(list);
    }
    let mut report = Report::default();
    let mut walked = std::collections::HashSet::new();
    for path in paths {
        if path.as_os_str() == "-" {
            match &stdin {
                Some(bytes) => audit_bytes(&mut auditor, "-", bytes, &mut report),
                None => report.skip(Location::file("-"), "no standard input was given"),
            }
            continue;
        }
        walk(&mut auditor, path, max, &mut walked, &mut report);
    }
    report.finish(auditor);
    report
}

#[cfg(feature = "fs")]
fn walk(
    auditor: &mut Auditor,
    path: &Path,
    max: u64,
    walked: &mut std::collections::HashSet<PathBuf>,
    report: &mut Report,
) {
    use std::io::Read as _;
    let source = path.display().to_string();
    let at = Location::file(source.clone());
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return report.skip(at, format!("cannot read: {e}")),
    };
    if meta.is_dir() {
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if !walked.insert(real) {
            return;
        }
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(e) => return report.skip(at, format!("cannot read the folder: {e}")),
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        children.sort();
        for child in children {
            walk(auditor, &child, max, walked, report);
        }
        return;
    }
    if !meta.is_file() {
        return report.skip(at, "not a regular file");
    }
    if meta.len() > max {
        return report.skip(at, format!("larger than {max} bytes"));
    }
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path)
        .and_then(|f| f.take(max.saturating_add(1)).read_to_end(&mut bytes));
    match read {
        Err(e) => report.skip(at, format!("cannot read: {e}")),
        Ok(_) if bytes.len() as u64 > max => report.skip(at, format!("larger than {max} bytes")),
        Ok(_) => {
            let bytes = Zeroizing::new(bytes);
            audit_bytes(auditor, &source, &bytes, report);
        }
    }
}
