//! ECDSA: points must lie on the curve and match the private scalar.

use ssh_key::EcdsaCurve;
use ssh_key::private::EcdsaKeypair;
use ssh_key::public::EcdsaPublicKey;
use zeroize::Zeroizing;

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

fn ssh_name(curve: EcdsaCurve) -> &'static str {
    match curve {
        EcdsaCurve::NistP256 => "ecdsa-sha2-nistp256",
        EcdsaCurve::NistP384 => "ecdsa-sha2-nistp384",
        EcdsaCurve::NistP521 => "ecdsa-sha2-nistp521",
    }
}

/// The public point on `curve` from SEC1 bytes (compressed points are decompressed).
pub(crate) fn public_from_sec1(curve: EcdsaCurve, point: &[u8]) -> Result<EcdsaPublicKey> {
    let name = ssh_name(curve);
    let uncompressed: Option<Box<[u8]>> = match curve {
        EcdsaCurve::NistP256 => p256::PublicKey::from_sec1_bytes(point)
            .ok()
            .map(|k| k.to_sec1_bytes()),
        EcdsaCurve::NistP384 => p384::PublicKey::from_sec1_bytes(point)
            .ok()
            .map(|k| k.to_sec1_bytes()),
        EcdsaCurve::NistP521 => p521::PublicKey::from_sec1_bytes(point)
            .ok()
            .map(|k| k.to_sec1_bytes()),
    };
    let uncompressed =
        uncompressed.ok_or_else(|| invalid(name, "the public point is not on the curve"))?;
    let public = EcdsaPublicKey::from_sec1_bytes(&uncompressed)
        .map_err(|_| invalid(name, "the public point is not on the curve"))?;
    if public.curve() != curve {
        return Err(invalid(name, "the public point is not on the named curve"));
    }
    Ok(public)
}

/// A key pair from the private scalar `d` (big-endian, at most the field size) and, when
/// the file has it, the public point; the point is derived when absent. Consistency is
/// checked by [`check_keypair`] when the key is built.
pub(crate) fn keypair_from_parts(
    curve: EcdsaCurve,
    d: &[u8],
    point: Option<&[u8]>,
) -> Result<EcdsaKeypair> {
    let name = ssh_name(curve);
    // Sizes first: the scalar may carry one leading zero byte (as an INTEGER or mpint
    // would), no more.
    let field_bytes = match curve {
        EcdsaCurve::NistP256 => 32,
        EcdsaCurve::NistP384 => 48,
        EcdsaCurve::NistP521 => 66,
    };
    if d.len() > field_bytes + 1 {
        return Err(invalid(name, "the private scalar is longer than the field"));
    }
    let derived: Option<Box<[u8]>>;
    let point = match point {
        Some(p) => p,
        None => {
            derived = match curve {
                EcdsaCurve::NistP256 => p256::SecretKey::from_slice(d)
                    .ok()
                    .map(|k| k.public_key().to_sec1_bytes()),
                EcdsaCurve::NistP384 => p384::SecretKey::from_slice(d)
                    .ok()
                    .map(|k| k.public_key().to_sec1_bytes()),
                EcdsaCurve::NistP521 => p521::SecretKey::from_slice(d)
                    .ok()
                    .map(|k| k.public_key().to_sec1_bytes()),
            };
            derived
                .as_deref()
                .ok_or_else(|| invalid(name, "the private scalar is out of range"))?
        }
    };
    let public = public_from_sec1(curve, point)?;
    let scalar_error = || invalid(name, "the private scalar is longer than the field");
    Ok(match public {
        EcdsaPublicKey::NistP256(public) => EcdsaKeypair::NistP256 {
            public,
            private: (*fixed::<32>(d).ok_or_else(scalar_error)?).into(),
        },
        EcdsaPublicKey::NistP384(public) => EcdsaKeypair::NistP384 {
            public,
            private: (*fixed::<48>(d).ok_or_else(scalar_error)?).into(),
        },
        EcdsaPublicKey::NistP521(public) => EcdsaKeypair::NistP521 {
            public,
            private: (*fixed::<66>(d).ok_or_else(scalar_error)?).into(),
        },
    })
}

/// `bytes` left-padded with zeros to `N` bytes (`None` when longer, ignoring leading zeros).
fn fixed<const N: usize>(bytes: &[u8]) -> Option<Zeroizing<[u8; N]>> {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    let significant = bytes.get(start..)?;
    let mut out = Zeroizing::new([0u8; N]);
    let offset = N.checked_sub(significant.len())?;
    out.get_mut(offset..)?.copy_from_slice(significant);
    Some(out)
}
