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
    /// A FIDO/U2F security key's Ed25519 key (`sk-ssh-ed25519@openssh.com`): the private
    /// half stays in the authenticator; files hold its handle. Read, written back and
    /// fingerprinted, never generated or converted to PEM or PPK.
    SkEd25519,
    /// A FIDO/U2F security key's ECDSA P-256 key (`sk-ecdsa-sha2-nistp256@openssh.com`),
    /// handled as [`Algorithm::SkEd25519`].
    SkEcdsaP256,
}

impl Algorithm {
    /// Every algorithm, in a stable order.
    pub const ALL: [Algorithm; 8] = [
        Algorithm::Rsa,
        Algorithm::Ed25519,
        Algorithm::EcdsaP256,
        Algorithm::EcdsaP384,
        Algorithm::EcdsaP521,
        Algorithm::Dsa,
        Algorithm::SkEd25519,
        Algorithm::SkEcdsaP256,
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
            Algorithm::SkEd25519 => "sk-ssh-ed25519@openssh.com",
            Algorithm::SkEcdsaP256 => "sk-ecdsa-sha2-nistp256@openssh.com",
        }
    }

    /// The type name `ssh-keygen -l` prints in parentheses: `RSA`, `ED25519`, `ECDSA`, `DSA`,
    /// `ED25519-SK`, `ECDSA-SK`.
    #[must_use]
    pub fn type_name(self) -> &'static str {
        match self {
            Algorithm::Rsa => "RSA",
            Algorithm::Ed25519 => "ED25519",
            Algorithm::EcdsaP256 | Algorithm::EcdsaP384 | Algorithm::EcdsaP521 => "ECDSA",
            Algorithm::Dsa => "DSA",
            Algorithm::SkEd25519 => "ED25519-SK",
            Algorithm::SkEcdsaP256 => "ECDSA-SK",
        }
    }

    /// The type name `ssh-keygen -l` prints for a certificate of a key of this algorithm:
    /// `RSA-CERT`, `ED25519-CERT`, `ECDSA-SK-CERT` ...
    #[must_use]
    pub fn cert_type_name(self) -> &'static str {
        match self {
            Algorithm::Rsa => "RSA-CERT",
            Algorithm::Ed25519 => "ED25519-CERT",
            Algorithm::EcdsaP256 | Algorithm::EcdsaP384 | Algorithm::EcdsaP521 => "ECDSA-CERT",
            Algorithm::Dsa => "DSA-CERT",
            Algorithm::SkEd25519 => "ED25519-SK-CERT",
            Algorithm::SkEcdsaP256 => "ECDSA-SK-CERT",
        }
    }

    /// The certificate algorithm name for keys of this algorithm, e.g.
    /// `ssh-ed25519-cert-v01@openssh.com` (OpenSSH PROTOCOL.certkeys).
    #[must_use]
    pub fn cert_ssh_name(self) -> &'static str {
        match self {
            Algorithm::Rsa => "ssh-rsa-cert-v01@openssh.com",
            Algorithm::Ed25519 => "ssh-ed25519-cert-v01@openssh.com",
            Algorithm::EcdsaP256 => "ecdsa-sha2-nistp256-cert-v01@openssh.com",
            Algorithm::EcdsaP384 => "ecdsa-sha2-nistp384-cert-v01@openssh.com",
            Algorithm::EcdsaP521 => "ecdsa-sha2-nistp521-cert-v01@openssh.com",
            Algorithm::Dsa => "ssh-dss-cert-v01@openssh.com",
            Algorithm::SkEd25519 => "sk-ssh-ed25519-cert-v01@openssh.com",
            Algorithm::SkEcdsaP256 => "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
        }
    }

    /// The algorithm whose certificates are named `name`
    /// (`ssh-ed25519-cert-v01@openssh.com` -> Ed25519).
    #[must_use]
    pub fn from_cert_ssh_name(name: &str) -> Option<Algorithm> {
        Algorithm::ALL
            .into_iter()
            .find(|a| a.cert_ssh_name() == name)
    }

    /// The `-t` name: `rsa`, `ed25519`, `ecdsa`, `dsa`, `ed25519-sk` or `ecdsa-sk`.
    #[must_use]
    pub fn key_type(self) -> &'static str {
        match self {
            Algorithm::Rsa => "rsa",
            Algorithm::Ed25519 => "ed25519",
            Algorithm::EcdsaP256 | Algorithm::EcdsaP384 | Algorithm::EcdsaP521 => "ecdsa",
            Algorithm::Dsa => "dsa",
            Algorithm::SkEd25519 => "ed25519-sk",
            Algorithm::SkEcdsaP256 => "ecdsa-sk",
        }
    }

    /// Whether this is a FIDO/U2F security key (`sk-*@openssh.com`), whose private half
    /// never leaves the authenticator.
    #[must_use]
    pub fn is_security_key(self) -> bool {
        matches!(self, Algorithm::SkEd25519 | Algorithm::SkEcdsaP256)
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
            "ed25519-sk" => Ok(Algorithm::SkEd25519),
            "ecdsa-sk" => Ok(Algorithm::SkEcdsaP256),
            _ => Err(Error::invalid_argument(format!(
                "unknown key type {s:?} (expected rsa, ed25519, ecdsa or dsa)"
            ))),
        }
    }
}
