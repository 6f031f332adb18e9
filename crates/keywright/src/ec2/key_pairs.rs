//! The key pairs EC2 describes (`aws ec2 describe-key-pairs [--include-public-key]`,
//! `create-key-pair`, `import-key-pair` JSON, API reference `KeyPairInfo` and
//! `CreateKeyPairResult`), and which of them a local key is.

use serde_json::{Map, Value};

use crate::{Algorithm, Error, Format, Limits, PrivateKey, PublicKey, Result};

/// Largest key-pair JSON read, in bytes (EC2 allows 5 000 key pairs per Region; their JSON
/// with public keys is under 4 MiB).
pub const MAX_KEY_PAIRS_JSON: usize = 16 << 20;

/// Most key pairs read from one document.
pub const MAX_KEY_PAIRS: usize = 100_000;

const FORMAT: Format = Format::Ec2KeyPairs;

/// One key pair as EC2 describes it. Fields EC2 left out are `None` (or empty).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct KeyPair {
    /// `KeyName`.
    pub name: Option<String>,
    /// `KeyPairId` (`key-...`).
    pub id: Option<String>,
    /// `KeyType`: `rsa` or `ed25519`.
    pub key_type: Option<String>,
    /// `KeyFingerprint`, as EC2 printed it.
    pub fingerprint: Option<String>,
    /// `PublicKey` (`describe-key-pairs --include-public-key`).
    pub public_key: Option<PublicKey>,
    /// The public half of `KeyMaterial` (`create-key-pair`'s private key; the private
    /// part is dropped, and wiped, as soon as it is read).
    pub key_material: Option<PublicKey>,
    /// `CreateTime`, as EC2 printed it.
    pub create_time: Option<String>,
    /// `Tags`: `(Key, Value)` pairs.
    pub tags: Vec<(String, String)>,
}

/// How a local key was recognised as a key pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MatchedBy {
    /// The RSA fingerprint of a key pair EC2 created (SHA-1 of the PKCS#8 DER).
    CreatedFingerprint,
    /// The RSA fingerprint of an imported key pair (MD5 of the SPKI DER).
    ImportedFingerprint,
    /// The Ed25519 fingerprint (SHA-256 of the key blob, base64).
    Ed25519Fingerprint,
    /// The `PublicKey` field holds the same key.
    PublicKey,
    /// The `KeyMaterial` field holds the same key.
    KeyMaterial,
}

impl MatchedBy {
    /// A short name: `created-fingerprint`, `imported-fingerprint`, `ed25519-fingerprint`,
    /// `public-key`, `key-material`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            MatchedBy::CreatedFingerprint => "created-fingerprint",
            MatchedBy::ImportedFingerprint => "imported-fingerprint",
            MatchedBy::Ed25519Fingerprint => "ed25519-fingerprint",
            MatchedBy::PublicKey => "public-key",
            MatchedBy::KeyMaterial => "key-material",
        }
    }
}

fn parse_error(reason: impl Into<String>) -> Error {
    Error::Parse {
        format: FORMAT,
        offset: None,
        reason: reason.into(),
    }
}

/// Parses the JSON of `describe-key-pairs` (`{"KeyPairs": [...]}`), of `create-key-pair`
/// or `import-key-pair` (one key pair object), or a bare array of key pair objects.
///
/// Unknown fields are ignored; a documented field of the wrong type is an error naming it.
///
/// # Errors
/// [`Error::LimitExceeded`] for input over [`MAX_KEY_PAIRS_JSON`] bytes or more than
/// [`MAX_KEY_PAIRS`] key pairs; [`Error::Parse`] for JSON that is malformed, truncated, of
/// another shape, or whose `PublicKey`/`KeyMaterial` is not a key.
pub fn parse_key_pairs(json: &[u8]) -> Result<Vec<KeyPair>> {
    Limits::check(
        "EC2 key-pairs JSON size in bytes",
        json.len() as u64,
        MAX_KEY_PAIRS_JSON as u64,
    )?;
    let value: Value = serde_json::from_slice(json).map_err(|e| {
        parse_error(format!(
            "{} at line {} column {}",
            match e.classify() {
                serde_json::error::Category::Eof => "truncated JSON",
                serde_json::error::Category::Syntax => "malformed JSON",
                _ => "unreadable JSON",
            },
            e.line(),
            e.column()
        ))
    })?;
    let (items, path): (Vec<&Value>, &str) = match &value {
        Value::Object(top) => match top.get("KeyPairs") {
            Some(Value::Array(pairs)) => (pairs.iter().collect(), "KeyPairs"),
            Some(other) => {
                return Err(parse_error(format!(
                    "KeyPairs must be an array, not {}",
                    kind(other)
                )));
            }
            None if is_key_pair(top) => (vec![&value], ""),
            None => {
                return Err(parse_error(
                    "expected describe-key-pairs output ({\"KeyPairs\": [...]}) or a key pair \
                     object (KeyName, KeyFingerprint, ...)",
                ));
            }
        },
        Value::Array(pairs) => (pairs.iter().collect(), ""),
        other => {
            return Err(parse_error(format!(
                "expected a JSON object, not {}",
                kind(other)
            )));
        }
    };
    Limits::check(
        "number of EC2 key pairs",
        items.len() as u64,
        MAX_KEY_PAIRS as u64,
    )?;
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let at = if path.is_empty() && !matches!(value, Value::Array(_)) {
                String::new()
            } else if path.is_empty() {
                format!("[{i}].")
            } else {
                format!("{path}[{i}].")
            };
            key_pair(item, &at)
        })
        .collect()
}

fn is_key_pair(object: &Map<String, Value>) -> bool {
    [
        "KeyName",
        "KeyPairId",
        "KeyFingerprint",
        "KeyMaterial",
        "PublicKey",
    ]
    .iter()
    .any(|field| object.contains_key(*field))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn key_pair(item: &Value, at: &str) -> Result<KeyPair> {
    let Value::Object(object) = item else {
        return Err(parse_error(format!(
            "{}a key pair must be an object, not {}",
            at.trim_end_matches('.').to_owned() + if at.is_empty() { "" } else { ": " },
            kind(item)
        )));
    };
    let text = |field: &str| -> Result<Option<&str>> {
        match object.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(other) => Err(parse_error(format!(
                "{at}{field} must be a string, not {}",
                kind(other)
            ))),
        }
    };
    let owned = |field: &str| text(field).map(|t| t.map(str::to_owned));
    let public_key = text("PublicKey")?
        .map(|line| {
            PublicKey::from_openssh(line.trim())
                .map_err(|e| parse_error(format!("{at}PublicKey is not a public key line: {e}")))
        })
        .transpose()?;
    let key_material = text("KeyMaterial")?
        .map(|material| {
            crate::load_private(material.as_bytes(), None)
                .map(|k| k.public_key())
                .map_err(|e| parse_error(format!("{at}KeyMaterial is not a private key: {e}")))
        })
        .transpose()?;
    let tags = match object.get("Tags") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(tags)) => tags
            .iter()
            .enumerate()
            .map(|(j, tag)| {
                let field = |name: &str| match tag.get(name) {
                    Some(Value::String(s)) => Ok(s.clone()),
                    Some(other) => Err(parse_error(format!(
                        "{at}Tags[{j}].{name} must be a string, not {}",
                        kind(other)
                    ))),
                    None => Err(parse_error(format!("{at}Tags[{j}] has no {name}"))),
                };
                Ok((field("Key")?, field("Value")?))
            })
            .collect::<Result<_>>()?,
        Some(other) => {
            return Err(parse_error(format!(
                "{at}Tags must be an array, not {}",
                kind(other)
            )));
        }
    };
    Ok(KeyPair {
        name: owned("KeyName")?,
        id: owned("KeyPairId")?,
        key_type: owned("KeyType")?,
        fingerprint: owned("KeyFingerprint")?,
        public_key,
        key_material,
        create_time: owned("CreateTime")?,
        tags,
    })
}

/// The EC2 fingerprints a local key can have, computed once.
struct Candidates {
    created: Option<String>,
    imported: Option<String>,
    ed25519: Option<String>,
}

/// Which of `pairs` the local key is, and how each was recognised. `private` is the
/// private key when it was read (only it gives the fingerprint of an RSA key pair EC2
/// created); `public` is its public half or the public key read.
#[must_use]
pub fn match_key_pairs(
    private: Option<&PrivateKey>,
    public: &PublicKey,
    pairs: &[KeyPair],
) -> Vec<(usize, MatchedBy)> {
    let rsa = public.algorithm() == Algorithm::Rsa;
    let candidates = Candidates {
        created: private
            .filter(|_| rsa)
            .and_then(|k| super::fingerprint_created(k).ok()),
        imported: Some(public)
            .filter(|_| rsa)
            .and_then(|k| super::fingerprint_imported(k).ok()),
        ed25519: Some(public)
            .filter(|k| k.algorithm() == Algorithm::Ed25519)
            .and_then(|k| super::fingerprint_imported(k).ok()),
    };
    let mut found = Vec::new();
    for (i, pair) in pairs.iter().enumerate() {
        if pair.public_key.as_ref() == Some(public) {
            found.push((i, MatchedBy::PublicKey));
        } else if pair.key_material.as_ref() == Some(public) {
            found.push((i, MatchedBy::KeyMaterial));
        } else if let Some(by) = pair
            .fingerprint
            .as_deref()
            .and_then(|fp| by_fingerprint(fp, &candidates))
        {
            found.push((i, by));
        }
    }
    found
}

fn by_fingerprint(fingerprint: &str, ours: &Candidates) -> Option<MatchedBy> {
    let fingerprint = fingerprint.trim();
    let hex_equal = |theirs: &str, ours: &Option<String>| {
        ours.as_deref()
            .is_some_and(|ours| ours.eq_ignore_ascii_case(theirs))
    };
    if hex_equal(fingerprint, &ours.created) {
        return Some(MatchedBy::CreatedFingerprint);
    }
    if hex_equal(fingerprint, &ours.imported) {
        return Some(MatchedBy::ImportedFingerprint);
    }
    // EC2 may pad the base64 with `=`; ssh-keygen's form has neither padding nor prefix.
    let bare = |s: &str| {
        s.strip_prefix("SHA256:")
            .unwrap_or(s)
            .trim_end_matches('=')
            .to_owned()
    };
    ours.ed25519
        .as_deref()
        .filter(|ours| bare(ours) == bare(fingerprint))
        .map(|_| MatchedBy::Ed25519Fingerprint)
}
