//! The audit's model: what a finding is, where it was found and the policy that decides.

use std::fmt;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Severity {
    /// Worth knowing, not a weakness by itself (the same key in several places).
    Info,
    /// Weaker than policy or than current practice, not known to be broken.
    Warning,
    /// Compromised, broken or refused by current OpenSSH: replace the key.
    Error,
}

impl Severity {
    /// `info`, `warning` or `error`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a key was found: a file (or `-` for standard input) and, for line-based files
/// (`authorized_keys`, `known_hosts`), the 1-based line.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// The path as given or walked, or `-`. Shown through [`text::escape`](crate::text::escape).
    pub source: String,
    /// The 1-based line number, for files with one key per line.
    pub line: Option<u64>,
}

impl Location {
    /// A whole file (or stream).
    #[must_use]
    pub fn file(source: impl Into<String>) -> Location {
        Location {
            source: source.into(),
            line: None,
        }
    }

    /// One line of a file.
    #[must_use]
    pub fn line(source: impl Into<String>, line: u64) -> Location {
        Location {
            source: source.into(),
            line: Some(line),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = crate::text::escape(self.source.as_bytes());
        match self.line {
            Some(line) => write!(f, "{source}:{line}"),
            None => f.write_str(&source),
        }
    }
}

/// One weakness of one key at one place.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Finding {
    /// Stable identifier (see [`CHECKS`]), e.g. `rsa-roca`.
    pub id: &'static str,
    /// The badkeys check that finds the same thing, when there is one.
    pub badkeys: Option<&'static str>,
    /// How bad it is.
    pub severity: Severity,
    /// One line saying what was found; no secret material unless
    /// [`Policy::reveal_factors`] asked for the factors.
    pub reason: String,
    /// The CVE, when one exists.
    pub cve: Option<&'static str>,
    /// Where the key is.
    pub location: Location,
    /// The key's OpenSSH SHA-256 fingerprint (`SHA256:...`).
    pub fingerprint: String,
}

/// What the audit decides by: thresholds and how much to say.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Policy {
    /// RSA moduli shorter than this many bits are an error (default 1024).
    pub rsa_error_below: u32,
    /// RSA moduli shorter than this many bits are a warning (default 2048).
    pub rsa_warning_below: u32,
    /// Fermat's method is run this many steps from `ceil(sqrt(n))` (default 100, as badkeys).
    pub fermat_rounds: u32,
    /// Trial division by the primes up to this bound (default 65537, as badkeys).
    pub small_factor_bound: u32,
    /// Print the factors found (Fermat, small and shared factors) in the reasons.
    pub reveal_factors: bool,
}

/// Default [`Policy::rsa_error_below`].
pub const DEFAULT_RSA_ERROR_BELOW: u32 = 1024;
/// Default [`Policy::rsa_warning_below`].
pub const DEFAULT_RSA_WARNING_BELOW: u32 = 2048;
/// Default [`Policy::fermat_rounds`] (badkeys' `fermat` tries 100 steps).
pub const DEFAULT_FERMAT_ROUNDS: u32 = super::number::DEFAULT_FERMAT_ROUNDS;
/// Most [`Policy::fermat_rounds`] [`Policy::check`] accepts (`--fermat-rounds` too): a
/// million steps bound the work per RSA key to about a second.
pub const MAX_FERMAT_ROUNDS: u32 = 1_000_000;
/// Default [`Policy::small_factor_bound`] (badkeys' `smallfactors` uses the primes up to 65537).
pub const DEFAULT_SMALL_FACTOR_BOUND: u32 = super::number::DEFAULT_SMALL_FACTOR_BOUND;

impl Policy {
    /// Checks the policy a caller assembled: the RSA error bound not above the warning
    /// bound, and at most [`MAX_FERMAT_ROUNDS`] Fermat steps.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) saying which rule fails.
    pub fn check(&self) -> crate::Result<()> {
        if self.rsa_error_below > self.rsa_warning_below {
            return Err(crate::Error::invalid_argument(format!(
                "rsa_error_below ({}) is above rsa_warning_below ({})",
                self.rsa_error_below, self.rsa_warning_below
            )));
        }
        if self.fermat_rounds > MAX_FERMAT_ROUNDS {
            return Err(crate::Error::invalid_argument(format!(
                "fermat_rounds ({}) is above {MAX_FERMAT_ROUNDS}",
                self.fermat_rounds
            )));
        }
        Ok(())
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            rsa_error_below: DEFAULT_RSA_ERROR_BELOW,
            rsa_warning_below: DEFAULT_RSA_WARNING_BELOW,
            fermat_rounds: DEFAULT_FERMAT_ROUNDS,
            small_factor_bound: DEFAULT_SMALL_FACTOR_BOUND,
            reveal_factors: false,
        }
    }
}

/// One kind of finding: its id and what is always true of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Check {
    /// The stable id.
    pub id: &'static str,
    /// The severity (for `rsa-size`: the error; below the warning bound it is a warning).
    pub severity: Severity,
    /// The badkeys check finding the same thing.
    pub badkeys: Option<&'static str>,
    /// The CVE.
    pub cve: Option<&'static str>,
    /// What it means, in one line.
    pub summary: &'static str,
}

const fn check(
    id: &'static str,
    severity: Severity,
    badkeys: Option<&'static str>,
    cve: Option<&'static str>,
    summary: &'static str,
) -> Check {
    Check {
        id,
        severity,
        badkeys,
        cve,
        summary,
    }
}

use Severity::{Error, Info, Warning};

/// Every finding the audit makes, by id (the table in the README).
pub const CHECKS: &[Check] = &[
    check(
        "rsa-size",
        Error,
        Some("rsawarnings"),
        None,
        "RSA modulus shorter than the policy (error below 1024 bits, warning below 2048)",
    ),
    check(
        "rsa-invalid-exponent",
        Error,
        Some("rsainvalid"),
        None,
        "RSA public exponent 1, even, or not below the modulus",
    ),
    check(
        "rsa-exponent-3",
        Warning,
        Some("rsawarnings"),
        None,
        "RSA public exponent 3",
    ),
    check(
        "rsa-small-exponent",
        Warning,
        Some("rsawarnings"),
        None,
        "RSA public exponent below 65537 (other than 3)",
    ),
    check(
        "rsa-invalid-modulus",
        Error,
        None,
        None,
        "RSA modulus of impossible shape: even, or a perfect power",
    ),
    check(
        "rsa-roca",
        Error,
        Some("roca"),
        Some("CVE-2017-15361"),
        "RSA modulus with the structure of Infineon's RSALib primes (ROCA): factorable",
    ),
    check(
        "rsa-fermat",
        Error,
        Some("fermat"),
        Some("CVE-2022-26320"),
        "RSA primes so close that Fermat's method factors the modulus",
    ),
    check(
        "rsa-small-factor",
        Error,
        Some("smallfactors"),
        None,
        "RSA modulus with a small prime factor (trial division to 65537)",
    ),
    check(
        "rsa-small-d",
        Error,
        Some("smalld"),
        None,
        "RSA private exponent small enough to recover from the public key (Wiener)",
    ),
    check(
        "rsa-shared-prime",
        Error,
        Some("sharedprimes"),
        None,
        "RSA modulus sharing a prime with another key in the same run (batch GCD)",
    ),
    check(
        "rsa-private-close-primes",
        Error,
        None,
        Some("CVE-2022-26320"),
        "RSA private key whose primes differ by less than 2^(bits/2-100) (FIPS 186-5)",
    ),
    check(
        "rsa-private-small-d",
        Error,
        Some("smalld"),
        None,
        "RSA private exponent below the Wiener bound n^(1/4)/3",
    ),
    check(
        "rsa-private-crt",
        Error,
        None,
        None,
        "RSA private key with inconsistent values (n != p*q, d, or CRT coefficients)",
    ),
    check(
        "dsa",
        Error,
        None,
        None,
        "DSA key: removed from OpenSSH (10.0) and limited to 1024 bits with SHA-1",
    ),
    check(
        "ecdsa-invalid-point",
        Error,
        None,
        None,
        "ECDSA public point not on its curve",
    ),
    check(
        "ecdsa-p521-putty",
        Warning,
        None,
        Some("CVE-2024-31497"),
        "NIST P-521 key from a PuTTY file: PuTTY 0.68-0.80 signatures leaked it",
    ),
    check(
        "ed25519-small-order",
        Error,
        None,
        None,
        "Ed25519 public key of small order: signatures by anyone verify",
    ),
    check(
        "ed25519-non-canonical",
        Error,
        None,
        None,
        "Ed25519 public key with a non-canonical encoding (y >= 2^255-19)",
    ),
    check(
        "blocklist",
        Error,
        Some("blocklist"),
        None,
        "key on a published blocklist of compromised keys",
    ),
    check(
        "blocklist-error",
        Error,
        None,
        None,
        "a blocklist could not be read while looking the key up",
    ),
    check(
        "duplicate",
        Info,
        None,
        None,
        "the same key in several places (each place reported)",
    ),
];

/// The [`Check`] of an id.
#[must_use]
pub fn check_of(id: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.id == id)
}
