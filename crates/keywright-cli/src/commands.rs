//! One module per subcommand, and the little they share.

pub(crate) mod authorized_keys;
pub(crate) mod certify;
pub(crate) mod convert;
pub(crate) mod ec2_check;
pub(crate) mod ec2_host_keys;
pub(crate) mod ec2_match;
pub(crate) mod ec2_password;
pub(crate) mod find_principals;
pub(crate) mod fingerprint;
pub(crate) mod generate;
pub(crate) mod inspect;
pub(crate) mod known_hosts;
pub(crate) mod public;
pub(crate) mod sign;
pub(crate) mod signatures;
pub(crate) mod ssh_keygen;
pub(crate) mod sshfp;
pub(crate) mod verify;

use keywright::{Argon2Flavor, EncodeOptions, Format, HashAlg, Passphrase, PpkOptions, PpkVersion};

use crate::cli::{self, PpkArgs, PrivateFormat};

impl From<cli::Hash> for HashAlg {
    fn from(hash: cli::Hash) -> HashAlg {
        match hash {
            cli::Hash::Sha256 => HashAlg::Sha256,
            cli::Hash::Md5 => HashAlg::Md5,
        }
    }
}

/// The library format for a `--format`/`--to` value (`ppk` follows `--ppk-version`).
fn private_format(format: PrivateFormat, ppk: &PpkArgs) -> Format {
    match format {
        PrivateFormat::Openssh => Format::OpenSsh,
        PrivateFormat::Pkcs1 => Format::Pkcs1,
        PrivateFormat::Pkcs8 => Format::Pkcs8,
        PrivateFormat::Sec1 => Format::Sec1,
        PrivateFormat::Ppk2 => Format::Ppk2,
        PrivateFormat::Ppk3 => Format::Ppk3,
        PrivateFormat::Ppk => match ppk.ppk_version {
            Some(2) => Format::Ppk2,
            _ => Format::Ppk3,
        },
    }
}

/// Encoding options from the PPK flags and an optional passphrase.
fn encode_options(ppk: &PpkArgs, passphrase: Option<Passphrase>) -> EncodeOptions {
    let mut options = PpkOptions::default();
    options.version = match ppk.ppk_version {
        Some(2) => PpkVersion::V2,
        _ => PpkVersion::V3,
    };
    if let Some(flavor) = ppk.argon2 {
        options.argon2.flavor = match flavor {
            cli::Argon2Flavor::Id => Argon2Flavor::Id,
            cli::Argon2Flavor::I => Argon2Flavor::I,
            cli::Argon2Flavor::D => Argon2Flavor::D,
        };
    }
    if let Some(m) = ppk.argon2_memory {
        options.argon2.memory_kib = m;
    }
    if let Some(t) = ppk.argon2_passes {
        options.argon2.passes = t;
    }
    if let Some(p) = ppk.argon2_parallelism {
        options.argon2.parallelism = p;
    }
    let mut encode = EncodeOptions::default().with_passphrase(passphrase);
    encode.ppk = options;
    encode
}
