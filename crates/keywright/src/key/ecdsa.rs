//! ECDSA: points must lie on the curve and match the private scalar.

use ssh_key::private::EcdsaKeypair;
use ssh_key::public::EcdsaPublicKey;

use crate::{Error, Result};

fn invalid(algorithm: &'static str, reason: &str) -> Error {
    Error::InvalidKey {
        algorithm,
        reason: reason.into(),
    }
}

/// Checks that the public point is a valid point on its curve.
pub(crate) fn check_public(public: &EcdsaPublicKey) -> Result<()> {
    let name = public.algorithm().as_str().to_owned();
    let name = crate::Algorithm::from_ssh_name(&name).map_or("ecdsa", |a| a.ssh_name());
    let bytes = public.as_sec1_bytes();
    let ok = match public {
        EcdsaPublicKey::NistP256(_) => p256::PublicKey::from_sec1_bytes(bytes).is_ok(),
        EcdsaPublicKey::NistP384(_) => p384::PublicKey::from_sec1_bytes(bytes).is_ok(),
        EcdsaPublicKey::NistP521(_) => p521::PublicKey::from_sec1_bytes(bytes).is_ok(),
    };
    if ok {
        Ok(())
    } else {
        Err(invalid(name, "the public point is not on the curve"))
    }
}

/// Checks that the public point is the private scalar times the generator.
pub(crate) fn check_keypair(keypair: &EcdsaKeypair) -> Result<()> {
    let public = EcdsaPublicKey::from(keypair);
    check_public(&public)?;
    let d = keypair.private_key_bytes();
    let derived: Option<Box<[u8]>> = match keypair {
        EcdsaKeypair::NistP256 { .. } => p256::SecretKey::from_slice(d)
            .ok()
            .map(|k| k.public_key().to_sec1_bytes()),
        EcdsaKeypair::NistP384 { .. } => p384::SecretKey::from_slice(d)
            .ok()
            .map(|k| k.public_key().to_sec1_bytes()),
        EcdsaKeypair::NistP521 { .. } => p521::SecretKey::from_slice(d)
            .ok()
            .map(|k| k.public_key().to_sec1_bytes()),
    };
    let name = match keypair {
        EcdsaKeypair::NistP256 { .. } => "ecdsa-sha2-nistp256",
        EcdsaKeypair::NistP384 { .. } => "ecdsa-sha2-nistp384",
        EcdsaKeypair::NistP521 { .. } => "ecdsa-sha2-nistp521",
    };
    match derived {
        None => Err(invalid(name, "the private scalar is out of range")),
        Some(p) if *p == *keypair.public_key_bytes() => Ok(()),
        Some(_) => Err(invalid(
            name,
            "the public point does not match the private scalar",
        )),
    }
}
