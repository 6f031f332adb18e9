//! Ed25519: the public key re-derived from the seed must match the stored one.

use ssh_key::private::Ed25519Keypair;

use crate::{Error, Result};

/// Checks that the stored public key is the one the seed gives (RUSTSEC-2022-0093).
pub(crate) fn check_keypair(keypair: &Ed25519Keypair) -> Result<()> {
    let derived = Ed25519Keypair::from_seed(&keypair.private.to_bytes());
    if derived.public != keypair.public {
        return Err(Error::InvalidKey {
            algorithm: "ssh-ed25519",
            reason: "the public key does not match the private seed".into(),
        });
    }
    Ok(())
}
