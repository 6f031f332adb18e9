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

/// A key pair from a 32-byte seed and, when the file has it, the stored public key (checked
/// against the seed when the key is built).
pub(crate) fn keypair_from_parts(seed: &[u8], public: Option<&[u8]>) -> Result<Ed25519Keypair> {
    let invalid = |reason: &str| Error::InvalidKey {
        algorithm: "ssh-ed25519",
        reason: reason.into(),
    };
    let seed: &[u8; 32] = seed
        .try_into()
        .map_err(|_| invalid("the seed is not 32 bytes"))?;
    let mut keypair = Ed25519Keypair::from_seed(seed);
    if let Some(public) = public {
        let public: [u8; 32] = public
            .try_into()
            .map_err(|_| invalid("the public key is not 32 bytes"))?;
        keypair.public = ssh_key::public::Ed25519PublicKey(public);
    }
    Ok(keypair)
}
