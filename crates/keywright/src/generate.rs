//! Key generation.
//!
//! RSA primes are searched for on several threads at once, with the same result as one
//! thread (FIPS 186-5 §A.1.3 bounds are checked on the key), next to the RSA model in
//! `key/rsa/primes.rs`.

use rand_core::CryptoRng;
use ssh_key::EcdsaCurve;
use ssh_key::private::{EcdsaKeypair, Ed25519Keypair, KeypairData};

use crate::key::rsa;
use crate::secret::os_rng;
use crate::{Algorithm, Error, Limits, PrivateKey, Result};

/// RSA modulus size when none is asked for: 2048 bits, as EC2 makes keys.
pub const DEFAULT_RSA_BITS: u32 = 2048;
/// Smallest RSA modulus keywright generates.
pub const MIN_RSA_BITS: u32 = 1024;
/// Largest RSA modulus keywright generates.
pub const MAX_RSA_BITS: u32 = 16384;

/// Generates a key with the operating system's random number generator.
///
/// `bits` is for RSA (1024..=16384 in multiples of 8, default 2048, e = 65537); for
/// ECDSA it must match the curve and for Ed25519 be 256, or be `None`.
///
/// # Errors
/// [`Error::InvalidArgument`] for bad `bits`, [`Error::Unsupported`] for DSA.
///
/// # Panics
/// Only if the operating system's random number generator fails, which leaves nothing
/// safe to do.
pub fn generate(algorithm: Algorithm, bits: Option<u32>) -> Result<PrivateKey> {
    generate_with_rng(&mut os_rng(), algorithm, bits)
}

/// [`generate`] with a caller-supplied random number generator.
///
/// # Errors
/// As [`generate`].
pub fn generate_with_rng<R: CryptoRng + ?Sized>(
    rng: &mut R,
    algorithm: Algorithm,
    bits: Option<u32>,
) -> Result<PrivateKey> {
    let fixed = |size: u32| -> Result<()> {
        match bits {
            Some(b) if b != size => Err(Error::invalid_argument(format!(
                "{} keys are {size} bits, not {b}",
                algorithm.ssh_name()
            ))),
            _ => Ok(()),
        }
    };
    let keypair = match algorithm {
        Algorithm::Rsa => {
            let bits = bits.unwrap_or(DEFAULT_RSA_BITS);
            check_rsa_bits(bits)?;
            let key = rsa::primes::private_key(rng, bits)?;
            KeypairData::Rsa(rsa::from_private(&key)?)
        }
        Algorithm::Ed25519 => {
            fixed(256)?;
            KeypairData::Ed25519(Ed25519Keypair::random(rng))
        }
        Algorithm::EcdsaP256 => {
            fixed(256)?;
            ecdsa(rng, EcdsaCurve::NistP256)?
        }
        Algorithm::EcdsaP384 => {
            fixed(384)?;
            ecdsa(rng, EcdsaCurve::NistP384)?
        }
        Algorithm::EcdsaP521 => {
            fixed(521)?;
            ecdsa(rng, EcdsaCurve::NistP521)?
        }
        Algorithm::Dsa => {
            return Err(Error::unsupported(
                "generating DSA keys (DSA is obsolete; EC2 and OpenSSH 10 refuse it)",
            ));
        }
        Algorithm::SkEd25519 | Algorithm::SkEcdsaP256 => {
            return Err(Error::unsupported(format!(
                "generating {} keys: a FIDO security key makes its key pair inside the \
                 authenticator (use ssh-keygen -t {} with the key plugged in)",
                algorithm.ssh_name(),
                algorithm.key_type()
            )));
        }
    };
    PrivateKey::from_keypair(keypair, "", &Limits::DEFAULT)
}

fn ecdsa<R: CryptoRng + ?Sized>(rng: &mut R, curve: EcdsaCurve) -> Result<KeypairData> {
    EcdsaKeypair::random(rng, curve)
        .map(KeypairData::Ecdsa)
        .map_err(|e| Error::invalid_argument(e.to_string()))
}

/// Checks an RSA size: 1024..=16384 bits, a multiple of 8.
fn check_rsa_bits(bits: u32) -> Result<()> {
    if !(MIN_RSA_BITS..=MAX_RSA_BITS).contains(&bits) || !bits.is_multiple_of(8) {
        return Err(Error::invalid_argument(format!(
            "RSA keys are {MIN_RSA_BITS} to {MAX_RSA_BITS} bits in multiples of 8, not {bits}"
        )));
    }
    Ok(())
}
