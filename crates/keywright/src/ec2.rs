//! Amazon EC2's key-pair rules: the fingerprints the console shows, and what
//! ImportKeyPair accepts.

use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use ssh_key::private::KeypairData;
use ssh_key::public::KeyData;

use crate::fingerprint::{base64_padded, colon_hex};
use crate::key::rsa;
use crate::{Algorithm, Error, PrivateKey, PublicKey, Result};

/// The fingerprint EC2 shows for a key pair it created: for RSA, SHA-1 of the PKCS#8 DER
/// of the private key as colon hex; for Ed25519, SHA-256 of the public key blob as padded
/// base64.
///
/// # Errors
/// [`Error::Unsupported`] for algorithms EC2 does not create.
pub fn fingerprint_created(key: &PrivateKey) -> Result<String> {
    match key.keypair() {
        KeypairData::Rsa(k) => Ok(colon_hex(&Sha1::digest(rsa::pkcs8_der(k)?.as_slice()))),
        KeypairData::Ed25519(_) => fingerprint_imported(&key.public_key()),
        _ => Err(not_ec2(key.algorithm())),
    }
}

/// The fingerprint EC2 shows for an imported public key: for RSA, MD5 of the
/// SubjectPublicKeyInfo DER as colon hex; for Ed25519, SHA-256 of the public key blob as
/// padded base64.
///
/// # Errors
/// [`Error::Unsupported`] for algorithms EC2 does not import.
pub fn fingerprint_imported(key: &PublicKey) -> Result<String> {
    match key.ssh().key_data() {
        KeyData::Rsa(k) => Ok(colon_hex(&Md5::digest(rsa::spki_der(k)?))),
        KeyData::Ed25519(_) => Ok(base64_padded(&Sha256::digest(key.to_blob()))),
        _ => Err(not_ec2(key.algorithm())),
    }
}

fn not_ec2(algorithm: Algorithm) -> Error {
    Error::unsupported(format!(
        "EC2 fingerprints for {algorithm} keys (EC2 takes RSA and Ed25519 only)"
    ))
}
