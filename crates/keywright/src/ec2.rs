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

/// Why EC2's ImportKeyPair would refuse a key, or what it may dislike.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportCheck {
    /// Reasons EC2 refuses the key (empty when it accepts it).
    pub refusals: Vec<String>,
    /// Things EC2 accepts but a person should know (e.g. an undocumented RSA size).
    pub warnings: Vec<String>,
}

impl ImportCheck {
    /// Whether EC2 accepts the key.
    #[must_use]
    pub fn accepted(&self) -> bool {
        self.refusals.is_empty()
    }
}

/// What EC2's ImportKeyPair would say of `key`, given the format it would be uploaded in
/// (`key.format()`, or an OpenSSH line when unknown).
#[must_use]
pub fn check_import(key: &PublicKey) -> ImportCheck {
    let _ = key;
    ImportCheck {
        refusals: vec!["EC2 import checks are not implemented yet".into()],
        warnings: Vec::new(),
    }
}

/// Checks an EC2 key-pair name: 1 to 255 ASCII characters, no leading or trailing spaces.
///
/// # Errors
/// [`Error::InvalidArgument`] saying what is wrong with the name.
pub fn check_key_name(name: &str) -> Result<()> {
    let _ = name;
    Err(Error::unsupported(
        "EC2 key name checks (not implemented yet)",
    ))
}

/// Decrypts the Windows Administrator password from EC2's `GetPasswordData` (base64 of an
/// RSA PKCS#1 v1.5 ciphertext), as `aws ec2 get-password-data --priv-launch-key` does.
///
/// This performs an RSA private-key operation on outside data, which the `rsa` crate does
/// not do in constant time (RUSTSEC-2023-0071): use it locally only, never as a service.
///
/// # Errors
/// [`Error::Unsupported`] for non-RSA keys, [`Error::Parse`] for bad base64 or a ciphertext
/// that does not decrypt.
pub fn decrypt_password_data(
    key: &PrivateKey,
    password_data: &str,
) -> Result<zeroize::Zeroizing<String>> {
    let _ = (key, password_data);
    Err(Error::unsupported(
        "EC2 password decryption (not implemented yet)",
    ))
}
