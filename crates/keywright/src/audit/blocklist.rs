//! Blocklists of compromised keys in badkeys' published format (badkeys 0.0.21,
//! `allkeys/block.py`): `blocklist.dat` is a sorted array of 16-byte records, the first 15
//! bytes of the SHA-256 of the key's value and a 1-byte list id; `badkeysdata.json` names
//! the lists (`{"blocklists": [{"id": 1, "name": "..."}]}`). The value hashed is the
//! minimal big-endian encoding of RSA's `n`, DSA's `y`, ECDSA's `x`, or the 32 raw bytes of
//! an Ed25519 key read as a big-endian integer. Lookups are binary searches; files are read
//! in bounded blocks, never whole, and never fetched: the lists come from
//! `badkeys --update-bl` (see the README).

use std::collections::BTreeMap;
#[cfg(feature = "fs")]
use std::{
    fs::File,
    io::{Read, Seek, SeekFrom},
    path::Path,
    sync::Mutex,
};

use sha2::{Digest, Sha256};

use super::known_primes::{KnownPrime, KnownPrimes};
use super::number::Modulus;
use crate::{Error, Result};

/// Bytes of one record.
pub const RECORD: usize = 16;
/// Bytes of the hash in a record.
const HASH: usize = 15;
/// Records per block of a file-backed list: one read of at most 64 KiB per lookup.
#[cfg(feature = "fs")]
const BLOCK_RECORDS: u64 = 4096;
/// Largest `badkeysdata.json` read.
pub const MAX_JSON_BYTES: u64 = 16 * 1024 * 1024;

/// The blocklist file name badkeys uses.
pub const MAIN_FILE: &str = "blocklist.dat";
/// The list-names file name badkeys uses.
pub const NAMES_FILE: &str = "badkeysdata.json";

fn malformed(file: &str, offset: u64, reason: &str) -> Error {
    Error::Parse {
        format: crate::Format::Blocklist,
        offset: Some(usize::try_from(offset).unwrap_or(usize::MAX)),
        reason: format!("{}: {reason}", crate::text::escape(file.as_bytes())),
    }
}

/// Checks that `records` (starting at byte `base` of `file`) are whole and sorted after
/// `previous`; returns the last hash.
fn check_sorted(
    file: &str,
    base: u64,
    records: &[u8],
    mut previous: Option<[u8; HASH]>,
) -> Result<Option<[u8; HASH]>> {
    for (i, record) in records.chunks(RECORD).enumerate() {
        let offset = base + (i * RECORD) as u64;
        let hash: [u8; HASH] = record
            .get(..HASH)
            .and_then(|h| h.try_into().ok())
            .ok_or_else(|| {
                malformed(
                    file,
                    offset,
                    "a truncated record (not a multiple of 16 bytes)",
                )
            })?;
        if record.len() != RECORD {
            return Err(malformed(
                file,
                offset,
                "a truncated record (not a multiple of 16 bytes)",
            ));
        }
        if previous.is_some_and(|p| p > hash) {
            return Err(malformed(
                file,
                offset,
                "records out of order (the list must be sorted)",
            ));
        }
        previous = Some(hash);
    }
    Ok(previous)
}

/// Binary search of sorted `records` for `hash`: the list id of a match.
fn search(records: &[u8], hash: &[u8; HASH]) -> Option<u8> {
    let count = records.len() / RECORD;
    let (mut low, mut high) = (0usize, count);
    while low < high {
        let middle = low + (high - low) / 2;
        let record = records.get(middle * RECORD..(middle + 1) * RECORD)?;
        match record.get(..HASH)?.cmp(hash.as_slice()) {
            core::cmp::Ordering::Equal => return record.get(HASH).copied(),
            core::cmp::Ordering::Less => low = middle + 1,
            core::cmp::Ordering::Greater => high = middle,
        }
    }
    None
}

enum Store {
    Memory(Vec<u8>),
    #[cfg(feature = "fs")]
    File {
        file: Mutex<File>,
        records: u64,
        /// The hash of every `BLOCK_RECORDS`-th record.
        index: Vec<[u8; HASH]>,
    },
}

struct List {
    /// The file name (or the caller's name for an in-memory list), for messages.
    name: String,
    store: Store,
}

impl List {
    fn lookup(&self, hash: &[u8; HASH]) -> Result<Option<u8>> {
        match &self.store {
            Store::Memory(records) => Ok(search(records, hash)),
            #[cfg(feature = "fs")]
            Store::File {
                file,
                records,
                index,
            } => {
                let block = index.partition_point(|first| first <= hash);
                let Some(block) = block.checked_sub(1) else {
                    return Ok(None);
                };
                let start = block as u64 * BLOCK_RECORDS;
                let count = BLOCK_RECORDS.min(records.saturating_sub(start));
                let mut buf = vec![0u8; usize::try_from(count).unwrap_or(0) * RECORD];
                let offset = start * RECORD as u64;
                let read = file
                    .lock()
                    .map_err(|_| malformed(&self.name, offset, "the file handle was poisoned"))
                    .and_then(|mut f| {
                        f.seek(SeekFrom::Start(offset))
                            .and_then(|_| f.read_exact(&mut buf))
                            .map_err(|e| {
                                malformed(&self.name, offset, &format!("read failed: {e}"))
                            })
                    });
                read?;
                Ok(search(&buf, hash))
            }
        }
    }
}

/// A match on a blocklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// The list id (the record's last byte).
    pub id: u8,
    /// The list's name from `badkeysdata.json`, or `id<N>` as badkeys shows unnamed lists.
    pub name: String,
    /// The file (or in-memory list name) the record is in.
    pub file: String,
}

/// One or more blocklist files (badkeys' `blocklist.dat` and extra lists in its format)
/// with their list names.
pub struct Blocklist {
    lists: Vec<List>,
    names: BTreeMap<u8, String>,
    /// badkeys' `primes<bits>.dat` products of known shared primes.
    known: KnownPrimes,
}

impl core::fmt::Debug for Blocklist {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Blocklist")
            .field(
                "files",
                &self.lists.iter().map(|l| &l.name).collect::<Vec<_>>(),
            )
            .field("names", &self.names)
            .field("known_primes", &self.known)
            .finish()
    }
}

impl Default for Blocklist {
    fn default() -> Self {
        Self::new()
    }
}

impl Blocklist {
    /// An empty blocklist (matches nothing).
    #[must_use]
    pub fn new() -> Blocklist {
        Blocklist {
            lists: Vec::new(),
            names: BTreeMap::new(),
            known: KnownPrimes::default(),
        }
    }

    /// Adds an in-memory list of records, checked whole and sorted; `name` names it in
    /// messages.
    ///
    /// # Errors
    /// [`Error::Parse`] (format `blocklist`) naming `name` and the offset of the first
    /// truncated or out-of-order record.
    pub fn add_records(&mut self, name: &str, records: Vec<u8>) -> Result<()> {
        check_sorted(name, 0, &records, None)?;
        self.lists.push(List {
            name: name.to_owned(),
            store: Store::Memory(records),
        });
        Ok(())
    }

    /// Reads list names from badkeys' `badkeysdata.json` (`blocklists[].id` and `.name`).
    ///
    /// # Errors
    /// [`Error::Parse`] (format `blocklist`) naming `name` when the JSON is malformed.
    pub fn add_names_json(&mut self, name: &str, json: &[u8]) -> Result<()> {
        let bad = |reason: String| Error::Parse {
            format: crate::Format::Blocklist,
            offset: None,
            reason: format!("{}: {reason}", crate::text::escape(name.as_bytes())),
        };
        let value: serde_json::Value =
            serde_json::from_slice(json).map_err(|e| bad(format!("not JSON: {e}")))?;
        let lists = value
            .get("blocklists")
            .and_then(|l| l.as_array())
            .ok_or_else(|| bad("no \"blocklists\" array".into()))?;
        for list in lists {
            let id = match list.get("id") {
                Some(serde_json::Value::Number(n)) => n.as_u64(),
                Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
                _ => None,
            }
            .and_then(|id| u8::try_from(id).ok())
            .ok_or_else(|| bad("a list without an id in 0..=255".into()))?;
            let list_name = list
                .get("name")
                .and_then(|n| n.as_str())
                .ok_or_else(|| bad(format!("list {id} has no name")))?;
            self.names.insert(id, list_name.to_owned());
        }
        Ok(())
    }

    /// Adds badkeys' product of known shared primes for RSA moduli of `bits` bits (the
    /// gmpy2 bytes of `primes<bits>.dat`, see [`super::known_primes`]); `name` names it in messages.
    ///
    /// # Errors
    /// [`Error::Parse`] (format `blocklist`) naming `name` and the offset when malformed.
    pub fn add_known_primes(&mut self, bits: u32, name: &str, bytes: &[u8]) -> Result<()> {
        self.known.add(bits, name, bytes)
    }

    /// The known-prime file with a prime of `n`, if any (badkeys' `sharedprimes`).
    #[must_use]
    pub fn known_prime(&self, n: &Modulus) -> Option<KnownPrime> {
        self.known.lookup(n)
    }

    /// Whether badkeys' known shared primes (`primes<bits>.dat`) were added.
    #[must_use]
    pub fn has_known_primes(&self) -> bool {
        !self.known.is_empty()
    }

    /// [`Blocklist::known_prime`] of many moduli at once, in input order (by remainder trees;
    /// see [`KnownPrimes::lookup_many`]).
    #[must_use]
    pub fn known_primes_many(&self, moduli: &[&Modulus]) -> Vec<Option<KnownPrime>> {
        self.known.lookup_many(moduli)
    }

    /// Opens badkeys' blocklist folder: `blocklist.dat`, every other `*.dat` file in the
    /// folder as an extra list in the same format, and `badkeysdata.json` when present; and
    /// badkeys' known shared primes, `primes<bits>.dat` (the badkeys package's `keydata/`
    /// folder), read as gmpy2 integers for the `rsa-known-shared-prime` check. Each
    /// file is checked (whole records, sorted) in one bounded pass; lookups then read one
    /// block of at most 64 KiB.
    ///
    /// # Errors
    /// [`Error::Io`] (naming the file) when a file cannot be read or the folder holds no
    /// `.dat` file; [`Error::Parse`] naming the file and offset for a malformed list.
    #[cfg(feature = "fs")]
    pub fn open_dir(dir: &Path) -> Result<Blocklist> {
        let io = |path: &Path, e: std::io::Error| Error::Io {
            error: std::io::Error::new(e.kind(), format!("{}: {e}", path.display())),
        };
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| io(dir, e))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "dat") && p.is_file())
            .collect();
        files.sort_by_key(|p| (p.file_name() != Some(MAIN_FILE.as_ref()), p.clone()));
        if files.is_empty() {
            return Err(io(
                dir,
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no blocklist.dat, other .dat list or primes<bits>.dat here; run `badkeys --update-bl` and pass its cache folder, or pass badkeys' keydata folder",
                ),
            ));
        }
        let mut list = Blocklist::new();
        for path in &files {
            match path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(super::known_primes::file_bits)
            {
                Some(bits) => list.add_known_primes_file(bits, path)?,
                None => list.add_file(path)?,
            }
        }
        let names = dir.join(NAMES_FILE);
        if names.is_file() {
            let file = File::open(&names).map_err(|e| io(&names, e))?;
            let mut json = Vec::new();
            file.take(MAX_JSON_BYTES)
                .read_to_end(&mut json)
                .map_err(|e| io(&names, e))?;
            list.add_names_json(&names.display().to_string(), &json)?;
        }
        Ok(list)
    }

    /// Adds a `primes<bits>.dat` file (read whole, at most
    /// [`super::known_primes::MAX_PRIMES_BYTES`]).
    ///
    /// # Errors
    /// As [`Blocklist::open_dir`].
    #[cfg(feature = "fs")]
    pub fn add_known_primes_file(&mut self, bits: u32, path: &Path) -> Result<()> {
        let name = path.display().to_string();
        let io = |e: std::io::Error| Error::Io {
            error: std::io::Error::new(e.kind(), format!("{name}: {e}")),
        };
        let file = File::open(path).map_err(io)?;
        let mut bytes = Vec::new();
        file.take(super::known_primes::MAX_PRIMES_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        self.add_known_primes(bits, &name, &bytes)
    }

    /// Adds one list file (checked in one pass of 1 MiB reads).
    ///
    /// # Errors
    /// As [`Blocklist::open_dir`].
    #[cfg(feature = "fs")]
    pub fn add_file(&mut self, path: &Path) -> Result<()> {
        let name = path.display().to_string();
        let io = |e: std::io::Error| Error::Io {
            error: std::io::Error::new(e.kind(), format!("{name}: {e}")),
        };
        let mut file = File::open(path).map_err(io)?;
        let len = file.metadata().map_err(io)?.len();
        if len % RECORD as u64 != 0 {
            return Err(malformed(
                &name,
                len - len % RECORD as u64,
                "a truncated record (not a multiple of 16 bytes)",
            ));
        }
        let records = len / RECORD as u64;
        let mut index = Vec::new();
        let mut previous = None;
        let chunk_records = BLOCK_RECORDS * 16;
        let mut buf = Vec::new();
        let mut at = 0u64;
        while at < records {
            let count = chunk_records.min(records - at);
            buf.resize(usize::try_from(count).unwrap_or(0) * RECORD, 0);
            file.read_exact(&mut buf).map_err(io)?;
            previous = check_sorted(&name, at * RECORD as u64, &buf, previous)?;
            for (i, record) in buf.chunks(RECORD).enumerate() {
                if (at + i as u64).is_multiple_of(BLOCK_RECORDS)
                    && let Some(hash) = record.get(..HASH).and_then(|h| h.try_into().ok())
                {
                    index.push(hash);
                }
            }
            at += count;
        }
        self.lists.push(List {
            name,
            store: Store::File {
                file: Mutex::new(file),
                records,
                index,
            },
        });
        Ok(())
    }

    /// Whether the list holds no file.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.lists.is_empty() && self.known.is_empty()
    }

    /// Looks up a key's value (see the module docs for what is hashed): the first list that
    /// has it.
    ///
    /// # Errors
    /// [`Error::Parse`] naming the file and offset when a file-backed list cannot be read.
    pub fn lookup(&self, value: &[u8]) -> Result<Option<Listed>> {
        let digest = Sha256::digest(value);
        let Some(hash) = digest
            .get(..HASH)
            .and_then(|h| <[u8; HASH]>::try_from(h).ok())
        else {
            return Ok(None);
        };
        for list in &self.lists {
            if let Some(id) = list.lookup(&hash)? {
                let name = self
                    .names
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| format!("id{id}"));
                return Ok(Some(Listed {
                    id,
                    name,
                    file: list.name.clone(),
                }));
            }
        }
        Ok(None)
    }
}

/// The record for `value` on list `id` (for building lists in tests and tools).
#[must_use]
pub fn record(value: &[u8], id: u8) -> [u8; RECORD] {
    let digest = Sha256::digest(value);
    let mut out = [id; RECORD];
    for (o, d) in out.iter_mut().zip(digest.iter().take(HASH)) {
        *o = *d;
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
    use super::*;

    fn sorted(values: &[(&[u8], u8)]) -> Vec<u8> {
        let mut records: Vec<[u8; RECORD]> = values.iter().map(|(v, id)| record(v, *id)).collect();
        records.sort_unstable();
        records.concat()
    }

    #[test]
    fn finds_listed_values_only() {
        let values: Vec<Vec<u8>> = (0u32..1000).map(|i| i.to_be_bytes().to_vec()).collect();
        let pairs: Vec<(&[u8], u8)> = values.iter().map(|v| (v.as_slice(), 7)).collect();
        let mut list = Blocklist::new();
        list.add_records("mem", sorted(&pairs)).unwrap();
        list.add_names_json("json", br#"{"blocklists": [{"id": 7, "name": "seven"}]}"#)
            .unwrap();
        for v in &values {
            let hit = list.lookup(v).unwrap().unwrap();
            assert_eq!((hit.id, hit.name.as_str()), (7, "seven"));
        }
        assert_eq!(list.lookup(b"not listed").unwrap(), None);
    }

    #[test]
    fn malformed_lists_name_file_and_offset() {
        let mut records = sorted(&[(b"a", 1), (b"b", 1), (b"c", 1)]);
        records.swap(0, 16);
        records[..16].copy_from_slice(&[0xff; 16]);
        let e = Blocklist::new()
            .add_records("bad.dat", records)
            .unwrap_err();
        assert!(
            matches!(&e, Error::Parse { offset: Some(16), reason, .. } if reason.starts_with("bad.dat: records out of order")),
            "{e}"
        );
        let e = Blocklist::new()
            .add_records("short.dat", vec![0; 20])
            .unwrap_err();
        assert!(
            matches!(
                &e,
                Error::Parse {
                    offset: Some(16),
                    ..
                }
            ),
            "{e}"
        );
    }

    #[cfg(feature = "fs")]
    #[test]
    fn file_backed_lists_search_by_block() {
        let values: Vec<Vec<u8>> = (0u32..20_000).map(|i| i.to_le_bytes().to_vec()).collect();
        let pairs: Vec<(&[u8], u8)> = values.iter().map(|v| (v.as_slice(), 2)).collect();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MAIN_FILE), sorted(&pairs)).unwrap();
        std::fs::write(dir.path().join("extra.dat"), sorted(&[(b"extra", 9)])).unwrap();
        let list = Blocklist::open_dir(dir.path()).unwrap();
        for v in values.iter().step_by(97) {
            assert_eq!(list.lookup(v).unwrap().unwrap().name, "id2");
        }
        let extra = list.lookup(b"extra").unwrap().unwrap();
        assert_eq!(extra.id, 9);
        assert!(extra.file.ends_with("extra.dat"));
        assert_eq!(list.lookup(b"absent").unwrap(), None);
        std::fs::write(dir.path().join("z.dat"), [1u8; 17]).unwrap();
        let e = Blocklist::open_dir(dir.path()).unwrap_err();
        assert!(e.to_string().contains("z.dat"), "{e}");
    }
}
