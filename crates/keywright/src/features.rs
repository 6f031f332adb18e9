//! The cargo features an embedder can turn off (all on by default): `ppk` (PuTTY PPK files
//! and their Argon2), `dsa` (DSA keys), `legacy-pem` (`Proc-Type: 4,ENCRYPTED` PEM and
//! DES-EDE3 anywhere), `ec2` (the [`ec2`](crate::ec2) module), `std` (threads), `fs` (the
//! [`fs`](crate::fs) module). Input that needs a feature the build leaves out is refused with
//! [`Error::FeatureDisabled`], which names the feature.

use crate::{Error, Result};

/// `Ok` when `enabled`, else [`Error::FeatureDisabled`] for `feature`, needed by `what`.
fn require(enabled: bool, feature: &'static str, what: &'static str) -> Result<()> {
    if enabled {
        Ok(())
    } else {
        Err(Error::FeatureDisabled { feature, what })
    }
}

/// PuTTY PPK files (feature `ppk`).
pub(crate) fn ppk() -> Result<()> {
    require(cfg!(feature = "ppk"), "ppk", "PuTTY PPK files")
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
