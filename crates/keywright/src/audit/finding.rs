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
    /// The checks not run: bit `i` stands for `CHECKS[i]` ([`Policy::only`], [`Policy::skip`]).
    pub(crate) skipped: u64,
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
            skipped: 0,
        }
    }
}

/// The bit of the check `id` in [`Policy`]'s selection (0 for an id not in [`CHECKS`]), for
/// the per-key hot paths: `policy.runs_bit(bit("rsa-roca"))` costs one AND.
pub(crate) const fn bit(id: &str) -> u64 {
    let mut i = 0;
    while i < CHECKS.len() {
        if const_eq(CHECKS[i].id.as_bytes(), id.as_bytes()) {
            return 1 << i;
        }
        i += 1;
    }
    0
}

const fn const_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

// One bit per check in `Policy::skipped`.
const _: () = assert!(CHECKS.len() <= 64);

/// The bits of [`CHECKS`] a name stands for: a keywright id, or a badkeys check name (every
/// id that badkeys check finds, e.g. `rsawarnings`: `rsa-size`, `rsa-exponent-3`,
/// `rsa-small-exponent`).
fn check_bits(name: &str) -> Option<u64> {
    let name = name.trim();
    let bits = CHECKS
        .iter()
        .enumerate()
        .filter(|(_, c)| c.id == name || c.badkeys == Some(name))
        .fold(0u64, |bits, (i, _)| bits | (1 << i));
    (bits != 0).then_some(bits)
}

fn names_bits<S: AsRef<str>>(names: &[S]) -> crate::Result<u64> {
    names.iter().try_fold(0u64, |bits, name| {
        let name = name.as_ref();
        check_bits(name).map(|b| bits | b).ok_or_else(|| {
            crate::Error::invalid_argument(format!(
                "no audit check is named {} (the ids of the CHECKS table, or badkeys check names)",
                crate::text::escape(name.as_bytes())
            ))
        })
    })
}

impl Policy {
    /// Runs only the named checks: ids of [`CHECKS`] or badkeys check names (badkeys' `-c`
    /// list: `rsainvalid,rsawarnings,roca,fermat,smallfactors,smalld` selects the ids those
    /// checks find). Checks skipped before stay skipped.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for a name that is neither;
    /// the policy is then unchanged.
    pub fn only<S: AsRef<str>>(&mut self, names: &[S]) -> crate::Result<()> {
        let keep = names_bits(names)?;
        self.skipped |= !keep;
        Ok(())
    }

    /// Does not run the named checks (ids of [`CHECKS`] or badkeys check names).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for a name that is neither;
    /// the policy is then unchanged.
    pub fn skip<S: AsRef<str>>(&mut self, names: &[S]) -> crate::Result<()> {
        self.skipped |= names_bits(names)?;
        Ok(())
    }

    /// Whether the check `id` runs (an id not in [`CHECKS`] always does).
    #[must_use]
    pub fn runs(&self, id: &str) -> bool {
        CHECKS
            .iter()
            .position(|c| c.id == id)
            .is_none_or(|i| self.skipped & (1 << i) == 0)
    }

    /// Whether the check of [`bit`] runs.
    pub(crate) fn runs_bit(&self, bit: u64) -> bool {
        self.skipped & bit == 0
    }

    /// The ids of the checks not run.
    #[must_use]
    pub fn skipped(&self) -> Vec<&'static str> {
        CHECKS
            .iter()
            .enumerate()
            .filter(|(i, _)| self.skipped & (1 << i) != 0)
            .map(|(_, c)| c.id)
            .collect()
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
        "rsa-polynomial",
        Error,
        Some("rsapoly"),
        None,
        "RSA modulus with the zero blocks of \"short-sleeve\" keys (CompleteFTP 10-12 and others): factorable as a polynomial",
    ),
    check(
        "rsa-xz-backdoor",
        Error,
        Some("xzbackdoor"),
        Some("CVE-2024-3094"),
        "RSA modulus carrying the xz-utils backdoor's magic: a key made to send it commands",
    ),
    check(
        "rsa-bit-bias",
        Warning,
        Some("rsabias"),
        None,
        "RSA modulus with far more or fewer bits set than random primes give (often a vanity key)",
    ),
    check(
        "rsa-pattern",
        Warning,
        Some("pattern"),
        None,
        "RSA modulus with one byte repeated 16 times: not from a random key generator",
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
        // badkeys has no search across the inputs: its `sharedprimes` is rsa-known-shared-prime.
        None,
        None,
        "RSA modulus sharing a prime with another key in the same run (batch GCD)",
    ),
    check(
        "rsa-known-shared-prime",
        Error,
        Some("sharedprimes"),
        None,
        "RSA modulus with a prime from badkeys' known shared primes (primes<bits>.dat)",
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn checks_are_selected_by_id_and_by_badkeys_name() {
        let mut policy = Policy::default();
        assert!(CHECKS.iter().all(|c| policy.runs(c.id) && bit(c.id) != 0));
        assert!(policy.skipped().is_empty());
        policy
            .only(&[
                "rsainvalid",
                "rsawarnings",
                "roca",
                "fermat",
                "smallfactors",
                "smalld",
            ])
            .unwrap();
        assert_eq!(
            policy.skipped(),
            [
                "rsa-invalid-modulus",
                "rsa-polynomial",
                "rsa-xz-backdoor",
                "rsa-bit-bias",
                "rsa-pattern",
                "rsa-shared-prime",
                "rsa-known-shared-prime",
                "rsa-private-close-primes",
                "rsa-private-crt",
                "dsa",
                "ecdsa-invalid-point",
                "ecdsa-p521-putty",
                "ed25519-small-order",
                "ed25519-non-canonical",
                "blocklist",
                "blocklist-error",
                "duplicate",
            ]
        );
        assert!(policy.runs("rsa-exponent-3") && policy.runs("rsa-private-small-d"));
        assert!(!policy.runs_bit(bit("rsa-shared-prime")));
        policy.skip(&["rsa-roca"]).unwrap();
        assert!(!policy.runs("rsa-roca"));
        // An unknown name changes nothing.
        let before = policy.clone();
        assert!(policy.skip(&["fermat", "nosuch"]).is_err());
        assert!(policy.only(&["nosuch"]).is_err());
        assert_eq!(policy, before);
        assert_eq!(bit("nosuch"), 0);
        assert!(policy.runs("nosuch"));
    }
}
