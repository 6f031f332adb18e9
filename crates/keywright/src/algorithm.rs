//! Key algorithms.

use core::fmt;
use core::str::FromStr;

use crate::{Error, Result};

/// A key algorithm, named as SSH names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Algorithm {
    /// RSA (`ssh-rsa`).
    Rsa,
    /// Ed25519 (`ssh-ed25519`).
    Ed25519,
    /// ECDSA on NIST P-256 (`ecdsa-sha2-nistp256`).
    EcdsaP256,
    /// ECDSA on NIST P-384 (`ecdsa-sha2-nistp384`).
    EcdsaP384,
    /// ECDSA on NIST P-521 (`ecdsa-sha2-nistp521`).
    EcdsaP521,
    /// DSA (`ssh-dss`): read, convert and fingerprint only, never generated.
    Dsa,
}

impl Algorithm {
    /// Every algorithm, in a stable order.
    pub const ALL: [Algorithm; 6] = [
        Algorithm::Rsa,
        Algorithm::Ed25519,
        Algorithm::EcdsaP256,
        Algorithm::EcdsaP384,
        Algorithm::EcdsaP521,
        Algorithm::Dsa,
    ];

    /// The SSH algorithm name, e.g. `ssh-rsa`.
    #[must_use]
    pub fn ssh_name(self) -> &'static str {
        match self {
            Algorithm::Rsa => "ssh-rsa",
            Algorithm::Ed25519 => "ssh-ed25519",
            Algorithm::EcdsaP256 => "ecdsa-sha2-nistp256",
            Algorithm::EcdsaP384 => "ecdsa-sha2-nistp384",
            Algorithm::EcdsaP521 => "ecdsa-sha2-nistp521",
            Algorithm::Dsa => "ssh-dss",
        }
    }

    /// The type name `ssh-keygen -l` prints in parentheses: `RSA`, `ED25519`, `ECDSA`, `DSA`.
    #[must_use]
    pub fn type_name(self) -> &'static str {
        match self {
            Algorithm::Rsa => "RSA",
            Algorithm::Ed25519 => "ED25519",
            Algorithm::EcdsaP256 | Algorithm::EcdsaP384 | Algorithm::EcdsaP521 => "ECDSA",
            Algorithm::Dsa => "DSA",
        }
    }

    /// The `-t` name: `rsa`, `ed25519`, `ecdsa` or `dsa`.
    #[must_use]
    pub fn key_type(self) -> &'static str {
        match self {
            Algorithm::Rsa => "rsa",
            Algorithm::Ed25519 => "ed25519",
            Algorithm::EcdsaP256 | Algorithm::EcdsaP384 | Algorithm::EcdsaP521 => "ecdsa",
            Algorithm::Dsa => "dsa",
        }
    }

    /// Whether this is one of the ECDSA curves.
    #[must_use]
    pub fn is_ecdsa(self) -> bool {
        matches!(
            self,
            Algorithm::EcdsaP256 | Algorithm::EcdsaP384 | Algorithm::EcdsaP521
        )
    }

    /// The SSH curve identifier (`nistp256` ...) for ECDSA algorithms.
    #[must_use]
    pub fn curve_name(self) -> Option<&'static str> {
        match self {
            Algorithm::EcdsaP256 => Some("nistp256"),
            Algorithm::EcdsaP384 => Some("nistp384"),
            Algorithm::EcdsaP521 => Some("nistp521"),
            _ => None,
        }
    }

    /// Picks the algorithm for an `ssh-keygen`-style `-t TYPE [-b BITS]` pair.
    ///
    /// `TYPE` is `rsa`, `ed25519`, `ecdsa` (with `BITS` 256, 384 or 521, default 256),
    /// `dsa`, or any SSH algorithm name.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an unknown type or ECDSA bits that name no curve.
    pub fn from_key_type(key_type: &str, bits: Option<u32>) -> Result<Algorithm> {
        if key_type.eq_ignore_ascii_case("ecdsa") {
            return match bits {
                None | Some(256) => Ok(Algorithm::EcdsaP256),
                Some(384) => Ok(Algorithm::EcdsaP384),
                Some(521) => Ok(Algorithm::EcdsaP521),
                Some(b) => Err(Error::invalid_argument(format!(
                    "ECDSA keys are 256, 384 or 521 bits, not {b}"
                ))),
            };
        }
        key_type.parse()
    }

    /// The algorithm for an SSH algorithm name, if it is one we know.
    #[must_use]
    pub fn from_ssh_name(name: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.ssh_name() == name)
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.ssh_name())
    }
}

impl FromStr for Algorithm {
    type Err = Error;

    /// Parses an SSH name (`ssh-rsa`) or a `-t` name (`rsa`, `ed25519`, `ecdsa`, `dsa`).
    fn from_str(s: &str) -> Result<Algorithm> {
        if let Some(a) = Algorithm::from_ssh_name(s) {
            return Ok(a);
        }
        match s.to_ascii_lowercase().as_str() {
            "rsa" => Ok(Algorithm::Rsa),
            "ed25519" => Ok(Algorithm::Ed25519),
            "ecdsa" | "ecdsa-p256" | "p256" | "p-256" => Ok(Algorithm::EcdsaP256),
            "ecdsa-p384" | "p384" | "p-384" => Ok(Algorithm::EcdsaP384),
            "ecdsa-p521" | "p521" | "p-521" => Ok(Algorithm::EcdsaP521),
            "dsa" | "dss" => Ok(Algorithm::Dsa),
            _ => Err(Error::invalid_argument(format!(
                "unknown key type {s:?} (expected rsa, ed25519, ecdsa or dsa)"
            ))),
        }
    }
}
