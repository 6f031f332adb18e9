//! Shared test helpers: the known-answer vectors made by the reference tools.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::panic,
    clippy::expect_used
)]

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The vectors folder (a copy of `shared/vectors`, with its manifest).
pub fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/vectors")
}

/// The bytes of a vector file, by its manifest path (e.g. `keys/rsa2048-a/pkcs1.pem`).
pub fn read(path: &str) -> Vec<u8> {
    std::fs::read(vectors().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The manifest.
pub fn manifest() -> Value {
    serde_json::from_slice(&read("manifest.json")).unwrap()
}

/// The ids of every key in the manifest.
pub fn key_ids() -> Vec<String> {
    manifest()["keys"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

/// The manifest entry of key `id`.
pub fn key(id: &str) -> Value {
    manifest()["keys"][id].clone()
}

/// The passphrase in `passphrases/correct.txt`.
pub fn passphrase() -> keywright::Passphrase {
    keywright::Passphrase::from_file_contents(&read("passphrases/correct.txt"))
}

/// The passphrase in `passphrases/wrong.txt`.
pub fn wrong_passphrase() -> keywright::Passphrase {
    keywright::Passphrase::from_file_contents(&read("passphrases/wrong.txt"))
}

/// Every file entry of the manifest (all keys), as `(key id, file entry)`.
pub fn files() -> Vec<(String, Value)> {
    let m = manifest();
    let mut out = Vec::new();
    for (id, k) in m["keys"].as_object().unwrap() {
        for f in k["files"].as_array().unwrap() {
            out.push((id.clone(), f.clone()));
        }
    }
    out
}
