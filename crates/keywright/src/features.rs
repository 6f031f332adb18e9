//! The cargo features an embedder can turn off (all on by default): `ppk` (PuTTY PPK files
//! and their Argon2), `dsa` (DSA keys), `legacy-pem` (`Proc-Type: 4,ENCRYPTED` PEM and
//! DES-EDE3 anywhere), `ec2` (the [`ec2`](crate::ec2) module), `std` (threads), `fs` (the
//! [`fs`](crate::fs) module). Input that needs a feature the build leaves out is refused with
//! [`Error::FeatureDisabled`], which names the feature.
//!
//! Without `ppk` the PPK reader, writer and Argon2 are not built, and without `legacy-pem`
//! neither the `Proc-Type` decryption nor DES; stubs with the same signatures refuse. The
//! public types stay in every build (`PpkOptions`, `PpkVersion`, `Argon2Params`,
//! `Argon2Flavor`, `Format::Ppk2`/`Ppk3`/`Dsa`): only the `fs` and `ec2` modules come and
//! go. DSA keys are ssh-key key data in every build; without `dsa` ssh-key's `dsa` crate
//! is left out and keywright refuses them at its first bounds check.

use crate::{Error, Result};

/// `Ok` when `enabled`, else [`Error::FeatureDisabled`] for `feature`, needed by `what`.
fn require(enabled: bool, feature: &'static str, what: &'static str) -> Result<()> {
    if enabled {
        Ok(())
    } else {
        Err(Error::FeatureDisabled { feature, what })
    }
}

// Code a feature's absence leaves out of the build is replaced by a stub returning one of
// these; code that stays compiled checks with the `Result` functions below.

/// The refusal of a PuTTY PPK file in a build without the `ppk` feature (which leaves the
/// PPK reader, writer and Argon2 out of the build).
#[cfg(not(feature = "ppk"))]
pub(crate) fn ppk_disabled() -> Error {
    Error::FeatureDisabled {
        feature: "ppk",
        what: "PuTTY PPK files",
    }
}

/// The refusal of legacy encrypted PEM in a build without the `legacy-pem` feature.
#[cfg(not(feature = "legacy-pem"))]
pub(crate) fn legacy_pem_disabled(what: &'static str) -> Error {
    Error::FeatureDisabled {
        feature: "legacy-pem",
        what,
    }
}

/// DSA keys (feature `dsa`).
pub(crate) fn dsa() -> Result<()> {
    require(cfg!(feature = "dsa"), "dsa", "DSA keys")
}

/// Legacy encrypted PEM (`Proc-Type: 4,ENCRYPTED`) and DES-EDE3 ciphers (feature `legacy-pem`).
pub(crate) fn legacy_pem(what: &'static str) -> Result<()> {
    require(cfg!(feature = "legacy-pem"), "legacy-pem", what)
}

/// How many threads the library may use: the machine's cores with the `std` feature, else
/// one (the work runs on the calling thread).
pub(crate) fn threads() -> usize {
    #[cfg(feature = "std")]
    {
        std::thread::available_parallelism().map_or(1, usize::from)
    }
    #[cfg(not(feature = "std"))]
    {
        1
    }
}
