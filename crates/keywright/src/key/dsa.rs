//! DSA: read, convert and fingerprint only. Sizes are bounded; nothing is generated.

use ssh_key::public::DsaPublicKey;

use super::bit_length;
use crate::{Error, Result};

/// Bits of `p`.
pub(crate) fn bits(public: &DsaPublicKey) -> u32 {
    bit_length(public.p().as_positive_bytes().unwrap_or_default())
}

/// Bounds the sizes of the DSA parameters (FIPS 186 allows at most 3072-bit `p`).
pub(crate) fn check_public(public: &DsaPublicKey) -> Result<()> {
    let bits = bits(public);
    if !(512..=3072).contains(&bits) {
        return Err(Error::InvalidKey {
            algorithm: "ssh-dss",
            reason: format!("a {bits}-bit p is outside 512..=3072"),
        });
    }
    Ok(())
}
