//! Audit keys for known weaknesses: ROCA, close primes, shared and small prime factors,
//! weak exponents, invalid points, published blocklists and duplicates.
//!
//! [`Auditor`] takes keys one at a time (memory per key is small: a hash, its places and, for
//! RSA, the modulus kept for the shared-prime search) and gives each key's findings at once;
//! [`Auditor::finish`] then runs the checks across keys (shared primes by batch GCD,
//! duplicates). The `scan` functions read files, folders and standard input for the CLI and
//! the Python binding.
//!
//! ```
//! use keywright::audit::{Auditor, Location, Policy};
//!
//! let key = keywright::generate(keywright::Algorithm::Ed25519, None)?;
//! let mut auditor = Auditor::new(Policy::default());
//! assert!(auditor.public(&key.public_key(), Location::file("id_ed25519.pub")).is_empty());
//! assert!(auditor.finish().is_empty());
//! # Ok::<(), keywright::Error>(())
//! ```

pub mod batch_gcd;
mod bigmul;
pub mod blocklist;
mod checks;
mod finding;
mod json;
pub mod known_primes;
pub mod number;
mod scan;
mod shape;

use std::collections::HashMap;

use base64ct::{Base64Unpadded, Encoding};
use sha2::{Digest, Sha256};
use ssh_key::private::KeypairData;
use ssh_key::public::{EcdsaPublicKey, KeyData};

pub use blocklist::{Blocklist, Listed};
pub use finding::{
    CHECKS, Check, DEFAULT_FERMAT_ROUNDS, DEFAULT_RSA_ERROR_BELOW, DEFAULT_RSA_WARNING_BELOW,
    DEFAULT_SMALL_FACTOR_BOUND, Finding, Location, MAX_FERMAT_ROUNDS, Policy, Severity, check_of,
};
pub use json::JSON_SCHEMA;
pub use known_primes::{KnownPrime, KnownPrimes};
#[cfg(feature = "fs")]
pub use scan::audit_paths;
pub use scan::{DEFAULT_MAX_FILE_BYTES, Options, Report, Skipped, audit_bytes};

use checks::Hit;
use number::Modulus;

use crate::{Algorithm, Format, HashAlg, PrivateKey, PublicKey, Result, fingerprint};

/// A key blob decoded and checked by [`Auditor::prepare`], waiting for
/// [`Auditor::commit`].
pub(crate) struct Prepared {
    digest: [u8; 32],
    key: KeyData,
    /// The checks, when the key was not seen before `prepare`.
    fresh: Option<Fresh>,
}

/// The per-key checks of a new key and its RSA modulus.
struct Fresh {
    modulus: Option<Modulus>,
    hits: Vec<Hit>,
}

/// One distinct key seen: its fingerprint, its places and its per-key findings (reused for
/// its next places).
struct Seen {
    fingerprint: String,
    locations: Vec<Location>,
    hits: Vec<Hit>,
}

/// Streams keys through the checks; see the module docs.
pub struct Auditor {
    policy: Policy,
    blocklists: Vec<Blocklist>,
    index: HashMap<[u8; 32], usize>,
    seen: Vec<Seen>,
    /// RSA moduli for the shared-prime search, each distinct key's once.
    moduli: Vec<Modulus>,
    /// For each of `moduli`, its key in `seen`.
    owners: Vec<usize>,
}

impl core::fmt::Debug for Auditor {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Auditor")
            .field("policy", &self.policy)
            .field("keys", &self.seen.len())
            .field("rsa_moduli", &self.moduli.len())
            .finish_non_exhaustive()
    }
}

/// The value badkeys hashes for its blocklists (see [`Blocklist`]).
fn blocklist_value(key: &KeyData) -> Option<&[u8]> {
    match key {
        KeyData::Rsa(k) => k.n().as_positive_bytes().map(checks::trim),
        KeyData::Dsa(k) => k.y().as_positive_bytes().map(checks::trim),
        KeyData::Ecdsa(k) => {
            let bytes = k.as_sec1_bytes();
            let len = match k {
                EcdsaPublicKey::NistP256(_) => 32,
                EcdsaPublicKey::NistP384(_) => 48,
                EcdsaPublicKey::NistP521(_) => 66,
            };
            bytes.get(1..1 + len).map(checks::trim)
        }
        KeyData::Ed25519(k) => Some(checks::trim(&k.0)),
        _ => None,
    }
}

/// A CVE for a blocklist known by name (Debian's weak OpenSSL keys).
fn blocklist_cve(name: &str) -> Option<&'static str> {
    name.to_ascii_lowercase()
        .contains("debian")
        .then_some("CVE-2008-0166")
}

impl Auditor {
    /// An auditor deciding by `policy`.
    #[must_use]
    pub fn new(policy: Policy) -> Auditor {
        Auditor {
            policy,
            blocklists: Vec::new(),
            index: HashMap::new(),
            seen: Vec::new(),
            moduli: Vec::new(),
            owners: Vec::new(),
        }
    }

    /// The policy.
    #[must_use]
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Looks every later key up in `list` too.
    pub fn add_blocklist(&mut self, list: Blocklist) {
        self.blocklists.push(list);
    }

    /// Audits a public key found at `at`: its findings (the cross-key ones come from
    /// [`Auditor::finish`]).
    pub fn public(&mut self, key: &PublicKey, at: Location) -> Vec<Finding> {
        let from_ppk = matches!(key.format(), Some(Format::Ppk2 | Format::Ppk3));
        self.key_data(&key.to_blob(), key.ssh().key_data(), from_ppk, at)
    }

    /// Audits a private key found at `at`: the public key's findings and those needing the
    /// private values (RSA primes too close, small `d`).
    pub fn private(&mut self, key: &PrivateKey, at: Location) -> Vec<Finding> {
        let public = key.public_key();
        let from_ppk = matches!(key.format(), Some(Format::Ppk2 | Format::Ppk3));
        let mut findings = self.key_data(
            &public.to_blob(),
            public.ssh().key_data(),
            from_ppk,
            at.clone(),
        );
        if let KeypairData::Rsa(k) = key.keypair() {
            let private = k.private();
            let bytes = checks::mpint;
            let parts = checks::RsaPrivateParts {
                n: bytes(k.public().n()),
                e: bytes(k.public().e()),
                d: bytes(private.d()),
                p: bytes(private.p()),
                q: bytes(private.q()),
                iqmp: Some(bytes(private.iqmp())),
                dp: None,
                dq: None,
            };
            findings.extend(self.rsa_private(&public.to_blob(), &parts, &at));
        }
        findings
    }

    /// Audits a key given as its SSH wire blob (RFC 4253 §6.6) as the file holds it, read
    /// without keywright's reader checks: keys the readers refuse (an even modulus, `e = 1`,
    /// a 512-bit modulus, a point off its curve) are audited rather than skipped.
    ///
    /// # Errors
    /// [`Error::Parse`](crate::Error::Parse) when the blob is no key `ssh-key` can decode;
    /// [`Error::LimitExceeded`](crate::Error::LimitExceeded) for an RSA modulus over 16384
    /// bits.
    pub fn blob(&mut self, blob: &[u8], at: Location) -> Result<Vec<Finding>> {
        let key = decode_blob(blob)?;
        Ok(self.key_data(blob, &key, false, at))
    }

    /// The private-value checks of an RSA key (whose public blob is `blob`).
    fn rsa_private(
        &mut self,
        blob: &[u8],
        parts: &checks::RsaPrivateParts<'_>,
        at: &Location,
    ) -> Vec<Finding> {
        let mut hits = Vec::new();
        checks::rsa_private(parts, &mut hits);
        hits.retain(|h| self.policy.runs(h.id));
        let fingerprint = fingerprint::openssh(blob, HashAlg::Sha256);
        hits.into_iter()
            .map(|h| finding(h, at.clone(), fingerprint.clone()))
            .collect()
    }

    fn key_data(
        &mut self,
        blob: &[u8],
        key: &KeyData,
        from_ppk: bool,
        at: Location,
    ) -> Vec<Finding> {
        let digest: [u8; 32] = Sha256::digest(blob).into();
        self.record(digest, key, None, from_ppk, at)
    }

    /// The per-key work on a key blob that needs no `&mut`: decoding, the digest and, for a
    /// key not seen yet, the checks. [`audit_bytes`] runs it on every core, then
    /// [`Auditor::commit`]s the keys in order.
    pub(crate) fn prepare(&self, blob: &[u8]) -> Result<Prepared> {
        let key = decode_blob(blob)?;
        let digest: [u8; 32] = Sha256::digest(blob).into();
        let fresh = (!self.index.contains_key(&digest)).then(|| self.fresh(&key));
        Ok(Prepared { digest, key, fresh })
    }

    /// Records a key [`Auditor::prepare`]d (as [`Auditor::blob`] would have): its findings.
    pub(crate) fn commit(&mut self, prepared: Prepared, at: Location) -> Vec<Finding> {
        let Prepared { digest, key, fresh } = prepared;
        self.record(digest, &key, fresh, false, at)
    }

    /// The checks of a key not seen before, and its RSA modulus.
    fn fresh(&self, key: &KeyData) -> Fresh {
        let modulus = match key {
            KeyData::Rsa(k) => Some(Modulus::from_be_bytes(checks::mpint(k.n()))),
            _ => None,
        };
        let hits = self.key_hits(key, modulus.as_ref());
        Fresh { modulus, hits }
    }

    /// A key's findings at `at`, the checks run when its digest is new (or taken from
    /// `fresh`, made for it by [`Auditor::prepare`]).
    fn record(
        &mut self,
        digest: [u8; 32],
        key: &KeyData,
        fresh: Option<Fresh>,
        from_ppk: bool,
        at: Location,
    ) -> Vec<Finding> {
        let index = match self.index.get(&digest) {
            Some(&i) => i,
            None => {
                let Fresh { modulus, hits } = fresh.unwrap_or_else(|| self.fresh(key));
                let keep_modulus = self.policy.runs_bit(finding::bit("rsa-shared-prime"))
                    || self.known_primes_on();
                let i = self.seen.len();
                self.seen.push(Seen {
                    // The OpenSSH SHA-256 fingerprint, from the digest already made.
                    fingerprint: format!("SHA256:{}", Base64Unpadded::encode_string(&digest)),
                    locations: Vec::new(),
                    hits,
                });
                self.index.insert(digest, i);
                if let Some(modulus) = modulus.filter(|_| keep_modulus) {
                    self.moduli.push(modulus);
                    self.owners.push(i);
                }
                i
            }
        };
        let Some(seen) = self.seen.get_mut(index) else {
            return Vec::new();
        };
        seen.locations.push(at.clone());
        let mut findings: Vec<Finding> = seen
            .hits
            .iter()
            .map(|h| finding(h.clone(), at.clone(), seen.fingerprint.clone()))
            .collect();
        if from_ppk
            && matches!(key, KeyData::Ecdsa(EcdsaPublicKey::NistP521(_)))
            && self.policy.runs_bit(finding::bit("ecdsa-p521-putty"))
        {
            findings.push(finding(
                Hit {
                    id: "ecdsa-p521-putty",
                    severity: Severity::Warning,
                    reason: "NIST P-521 key in a PuTTY file: PuTTY 0.68 to 0.80 leaked such keys through their signatures; replace it if it ever signed with those versions".into(),
                    cve: None,
                },
                at,
                seen.fingerprint.clone(),
            ));
        }
        findings
    }

    /// The per-key checks of a key not seen before.
    fn key_hits(&self, key: &KeyData, modulus: Option<&Modulus>) -> Vec<Hit> {
        let mut hits = Vec::new();
        checks::public(key, modulus, &self.policy, &mut hits);
        hits.retain(|h| self.policy.runs(h.id));
        let blocklist = self.policy.runs_bit(finding::bit("blocklist"));
        if let Some(value) = blocklist_value(key).filter(|_| blocklist) {
            for list in &self.blocklists {
                match list.lookup(value) {
                    Ok(None) => {}
                    Ok(Some(listed)) => {
                        hits.push(Hit {
                            id: "blocklist",
                            severity: Severity::Error,
                            reason: format!(
                                "on the blocklist {} (list {} in {}): the private key is published",
                                crate::text::escape(listed.name.as_bytes()),
                                listed.id,
                                crate::text::escape(listed.file.as_bytes()),
                            ),
                            cve: blocklist_cve(&listed.name),
                        });
                        break;
                    }
                    Err(e) if self.policy.runs_bit(finding::bit("blocklist-error")) => {
                        hits.push(Hit {
                            id: "blocklist-error",
                            severity: Severity::Error,
                            reason: format!("the key could not be looked up: {e}"),
                            cve: None,
                        })
                    }
                    Err(_) => {}
                }
            }
        }
        hits
    }

    /// Number of distinct keys seen so far.
    #[must_use]
    pub fn keys_seen(&self) -> usize {
        self.seen.len()
    }

    /// The findings across keys: RSA moduli sharing a prime (every place of each), RSA moduli
    /// with a prime from badkeys' known shared primes (`rsa-known-shared-prime`, run here on
    /// all the moduli at once), and keys found in more than one place. A private key file and the `.pub` beside it
    /// (`id_rsa`, `id_rsa.pub`) count as one place.
    #[must_use]
    pub fn finish(self) -> Vec<Finding> {
        let mut findings = self.shared_primes();
        findings.extend(self.known_shared_primes());
        if !self.policy.runs_bit(finding::bit("duplicate")) {
            return findings;
        }
        for seen in &self.seen {
            let mut places: Vec<(&str, Option<u64>)> = seen
                .locations
                .iter()
                .map(|l| match l.source.strip_suffix(".pub") {
                    // A `.pub` file's one line is the file.
                    Some(stem) => (stem, None),
                    None => (l.source.as_str(), l.line),
                })
                .collect();
            places.sort_unstable();
            places.dedup();
            if places.len() < 2 {
                continue;
            }
            for at in &seen.locations {
                let others: Vec<String> = seen
                    .locations
                    .iter()
                    .filter(|l| *l != at)
                    .take(3)
                    .map(ToString::to_string)
                    .collect();
                let more = seen.locations.len().saturating_sub(1 + others.len());
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                findings.push(finding(
                    Hit {
                        id: "duplicate",
                        severity: Severity::Info,
                        reason: format!(
                            "the same key is in {} places; also at {}{more}",
                            places.len(),
                            others.join(", ")
                        ),
                        cve: None,
                    },
                    at.clone(),
                    seen.fingerprint.clone(),
                ));
            }
        }
        findings
    }
}

impl Auditor {
    /// Most other keys named in a shared-prime reason.
    const SHARED_NAMED: usize = 3;

    /// `rsa-shared-prime` at every place of every RSA key sharing a prime with another key
    /// of the run ([`batch_gcd::shared_factors`]).
    /// Whether `rsa-known-shared-prime` runs: selected, and a blocklist has badkeys' known
    /// shared primes.
    fn known_primes_on(&self) -> bool {
        self.policy.runs_bit(finding::bit("rsa-known-shared-prime"))
            && self.blocklists.iter().any(Blocklist::has_known_primes)
    }

    /// badkeys' `sharedprimes` over the run's RSA moduli at once (remainder trees, every
    /// core; see [`KnownPrimes::lookup_many`]): each place of a modulus with a known prime.
    fn known_shared_primes(&self) -> Vec<Finding> {
        if !self.known_primes_on() {
            return Vec::new();
        }
        let refs: Vec<&Modulus> = self.moduli.iter().collect();
        let mut known: Vec<Option<KnownPrime>> = vec![None; refs.len()];
        for list in &self.blocklists {
            for (slot, hit) in known.iter_mut().zip(list.known_primes_many(&refs)) {
                if slot.is_none() {
                    *slot = hit;
                }
            }
        }
        let mut findings = Vec::new();
        for (i, hit) in known.iter().enumerate() {
            let (Some(hit), Some(seen)) = (
                hit,
                self.owners.get(i).and_then(|&owner| self.seen.get(owner)),
            ) else {
                continue;
            };
            let factor = match &hit.factor {
                Some(p) if self.policy.reveal_factors => format!(" (0x{})", checks::hex(p)),
                _ => String::new(),
            };
            for at in &seen.locations {
                findings.push(finding(
                    Hit {
                        id: "rsa-known-shared-prime",
                        severity: Severity::Error,
                        reason: format!(
                            "the modulus has a prime{factor} from the known shared primes in {}: the key is factored",
                            crate::text::escape(hit.file.as_bytes()),
                        ),
                        cve: None,
                    },
                    at.clone(),
                    seen.fingerprint.clone(),
                ));
            }
        }
        findings
    }

    fn shared_primes(&self) -> Vec<Finding> {
        if !self.policy.runs_bit(finding::bit("rsa-shared-prime")) {
            return Vec::new();
        }
        let shared = batch_gcd::shared_factors(&self.moduli);
        let mut by_factor: HashMap<&Modulus, Vec<usize>> = HashMap::new();
        for (i, factor) in &shared {
            by_factor.entry(factor).or_default().push(*i);
        }
        let mut findings = Vec::new();
        for (i, factor) in &shared {
            let (Some(&owner), Some(n)) = (self.owners.get(*i), self.moduli.get(*i)) else {
                continue;
            };
            let Some(seen) = self.seen.get(owner) else {
                continue;
            };
            let whole = factor == n;
            // Keys with the same shared factor (the usual case: one shared prime) are named;
            // grouping by factor keeps this linear in the number of flagged keys.
            let with: Vec<String> = by_factor
                .get(factor)
                .into_iter()
                .flatten()
                .filter(|&&j| j != *i)
                .filter_map(|&j| self.owners.get(j).and_then(|&o| self.seen.get(o)))
                .take(Self::SHARED_NAMED)
                .map(|s| s.fingerprint.clone())
                .collect();
            let with = if with.is_empty() {
                "another RSA key of this audit".to_owned()
            } else {
                with.join(", ")
            };
            let what = if whole {
                "both primes (the same modulus)"
            } else {
                "a prime"
            };
            let factor = if self.policy.reveal_factors && !whole {
                format!(": 0x{}", checks::hex(factor))
            } else {
                String::new()
            };
            for at in &seen.locations {
                findings.push(finding(
                    Hit {
                        id: "rsa-shared-prime",
                        severity: Severity::Error,
                        reason: format!(
                            "the modulus shares {what} with {with}{factor}: both keys are factored"
                        ),
                        cve: None,
                    },
                    at.clone(),
                    seen.fingerprint.clone(),
                ));
            }
        }
        findings
    }
}

/// Decodes a public key blob as `ssh-key` does, without keywright's checks, bounded.
fn decode_blob(blob: &[u8]) -> Result<KeyData> {
    use ssh_key::encoding::Decode;
    let limits = crate::Limits::DEFAULT;
    crate::Limits::check(
        "key blob bytes",
        blob.len() as u64,
        limits.max_input_bytes as u64,
    )?;
    let mut reader = blob;
    let key = KeyData::decode(&mut reader)
        .map_err(|e| crate::Error::parse(Format::OpenSshPub, format!("bad key blob: {e}")))?;
    // `ssh-key` keeps algorithms it does not know as opaque data, and decodes certificates
    // whole: those go through keywright's reader (which audits a certificate's key), or are no
    // key the audit knows.
    if matches!(key, KeyData::Certificate(_))
        || Algorithm::from_ssh_name(key.algorithm().as_str()).is_none()
    {
        let name = if key.is_certificate() {
            format!("{} certificate", key.algorithm().as_str())
        } else {
            key.algorithm().as_str().to_owned()
        };
        return Err(crate::Error::UnsupportedAlgorithm { name });
    }
    if !reader.is_empty() {
        return Err(crate::Error::parse(
            Format::OpenSshPub,
            "bad key blob: bytes after the key",
        ));
    }
    if let KeyData::Rsa(k) = &key {
        crate::Limits::check(
            "RSA modulus bits",
            u64::from(crate::key::bit_length(
                k.n().as_positive_bytes().unwrap_or_default(),
            )),
            u64::from(checks::MAX_RSA_BITS),
        )?;
    }
    Ok(key)
}

fn finding(hit: Hit, location: Location, fingerprint: String) -> Finding {
    let check = check_of(hit.id);
    Finding {
        id: hit.id,
        badkeys: check.and_then(|c| c.badkeys),
        severity: hit.severity,
        reason: hit.reason,
        cve: hit.cve.or_else(|| check.and_then(|c| c.cve)),
        location,
        fingerprint,
    }
}
