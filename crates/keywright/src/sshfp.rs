//! SSHFP DNS resource records (RFC 4255, RFC 6594, RFC 7479), as `ssh-keygen -r` prints them.

use core::fmt::Write as _;

use sha1::Sha1;
use sha2::{Digest, Sha256};

use crate::{Algorithm, PublicKey};

/// An SSHFP fingerprint type (RFC 4255 §3.1.2, RFC 6594 §4.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SshfpHash {
    /// Type 1: SHA-1 of the key blob.
    Sha1,
    /// Type 2: SHA-256 of the key blob.
    Sha256,
}

impl SshfpHash {
    /// Both types, in the order `ssh-keygen -r` prints them.
    pub const ALL: [SshfpHash; 2] = [SshfpHash::Sha1, SshfpHash::Sha256];

    /// The number in the record.
    #[must_use]
    pub fn number(self) -> u8 {
        match self {
            SshfpHash::Sha1 => 1,
            SshfpHash::Sha256 => 2,
        }
    }
}

/// The SSHFP algorithm number of a key type: RSA 1, DSA 2, ECDSA 3, Ed25519 4; `None` for
/// FIDO (`-sk`) keys, which have none (`ssh-keygen -r` prints no record for them).
#[must_use]
pub fn algorithm_number(algorithm: Algorithm) -> Option<u8> {
    match algorithm {
        Algorithm::Rsa => Some(1),
        Algorithm::Dsa => Some(2),
        Algorithm::EcdsaP256 | Algorithm::EcdsaP384 | Algorithm::EcdsaP521 => Some(3),
        Algorithm::Ed25519 => Some(4),
        _ => None,
    }
}

/// One record, `HOSTNAME IN SSHFP ALG TYPE HEX`, as `ssh-keygen -r HOSTNAME` prints it
/// (no trailing newline); `None` for a key type SSHFP has no number for.
#[must_use]
pub fn record(hostname: &str, key: &PublicKey, hash: SshfpHash) -> Option<String> {
    let algorithm = algorithm_number(key.algorithm())?;
    let blob = key.to_blob();
    let digest = match hash {
        SshfpHash::Sha1 => Sha1::digest(&blob).to_vec(),
        SshfpHash::Sha256 => Sha256::digest(&blob).to_vec(),
    };
    let mut line = format!("{hostname} IN SSHFP {algorithm} {} ", hash.number());
    for b in digest {
        // Writing to a String cannot fail.
        let _ = write!(line, "{b:02x}");
    }
    Some(line)
}

/// Both records of `key` (SHA-1, then SHA-256), as `ssh-keygen -r HOSTNAME -f KEY` prints;
/// none for a FIDO key.
#[must_use]
pub fn records(hostname: &str, key: &PublicKey) -> Vec<String> {
    SshfpHash::ALL
        .iter()
        .filter_map(|&hash| record(hostname, key, hash))
        .collect()
}
