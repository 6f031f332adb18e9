//! PuTTY `.ppk` private keys, versions 2 and 3 (PuTTY manual, appendix C).

use zeroize::Zeroizing;

use crate::{Error, Limits, Passphrase, PrivateKey, Result};

/// PPK file version.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PpkVersion {
    /// `PuTTY-User-Key-File-2` (PuTTY 0.52 to 0.74; SHA-1 key derivation, HMAC-SHA-1).
    V2,
    /// `PuTTY-User-Key-File-3` (PuTTY 0.75 and later; Argon2, HMAC-SHA-256).
    #[default]
    V3,
}

/// The Argon2 variant of a PPK v3 file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Argon2Flavor {
    /// `Argon2id` (PuTTYgen's default).
    #[default]
    Id,
    /// `Argon2i`.
    I,
    /// `Argon2d`.
    D,
}

/// Argon2 parameters for writing an encrypted PPK v3 file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Argon2Params {
    /// Variant.
    pub flavor: Argon2Flavor,
    /// Memory in KiB (PuTTYgen: 8192).
    pub memory_kib: u32,
    /// Passes.
    pub passes: u32,
    /// Lanes (PuTTYgen: 1).
    pub parallelism: u32,
}

impl Default for Argon2Params {
    fn default() -> Self {
        Argon2Params {
            flavor: Argon2Flavor::Id,
            memory_kib: 8192,
            passes: 21,
            parallelism: 1,
        }
    }
}

/// How to write a PPK file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PpkOptions {
    /// File version (3 by default).
    pub version: PpkVersion,
    /// Argon2 parameters (v3 with a passphrase only).
    pub argon2: Argon2Params,
}

/// Reads a PPK file, verifying the MAC before the key is used.
pub(crate) fn decode(
    _input: &[u8],
    _passphrase: Option<&Passphrase>,
    _limits: &Limits,
) -> Result<PrivateKey> {
    Err(Error::unsupported("reading PPK (not implemented yet)"))
}

/// The public key of a PPK file, read without decrypting (the public blob is in the clear).
pub(crate) fn decode_public(_input: &[u8], _limits: &Limits) -> Result<crate::PublicKey> {
    Err(Error::unsupported("reading PPK (not implemented yet)"))
}

/// Writes a PPK file as PuTTYgen does.
pub(crate) fn encode(
    _key: &PrivateKey,
    _options: &PpkOptions,
    _passphrase: Option<&Passphrase>,
) -> Result<Zeroizing<String>> {
    Err(Error::unsupported("writing PPK (not implemented yet)"))
}
