//! One module per subcommand, and the little they share.

pub(crate) mod audit;
pub(crate) mod authorized_keys;
pub(crate) mod certify;
pub(crate) mod comment;
pub(crate) mod completions;
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
pub(crate) mod man;
pub(crate) mod passphrase;
pub(crate) mod public;
pub(crate) mod sign;
pub(crate) mod signatures;
pub(crate) mod ssh_keygen;
pub(crate) mod sshfp;
pub(crate) mod verify;

use keywright::{
    Argon2Flavor, EncodeOptions, Format, HashAlg, OpenSshCipher, Passphrase, PpkVersion,
};

use crate::cli::{self, OpensshArgs, PpkArgs, PrivateFormat};
use crate::failure::{Failure, Outcome};

impl From<cli::Hash> for HashAlg {
    fn from(hash: cli::Hash) -> HashAlg {
        match hash {
            cli::Hash::Sha256 => HashAlg::Sha256,
            cli::Hash::Md5 => HashAlg::Md5,
        }
    }
}

/// The library format for a `--format`/`--to` value (`ppk` follows `--ppk-version`;
/// `ppk2`/`ppk3` with another `--ppk-version` is a usage error).
fn private_format(format: PrivateFormat, ppk: &PpkArgs) -> Outcome<Format> {
    let conflict = |named: u8| {
        Err(Failure::Usage(format!(
            "ppk{named} is PPK version {named}: --ppk-version {} contradicts it (use ppk \
             --ppk-version N, or ppk2/ppk3 alone)",
            ppk.ppk_version.unwrap_or_default()
        )))
    };
    Ok(match format {
        PrivateFormat::Openssh => Format::OpenSsh,
        PrivateFormat::Pkcs1 => Format::Pkcs1,
        PrivateFormat::Pkcs8 => Format::Pkcs8,
        PrivateFormat::Sec1 => Format::Sec1,
        PrivateFormat::Ppk2 if matches!(ppk.ppk_version, Some(v) if v != 2) => return conflict(2),
        PrivateFormat::Ppk3 if matches!(ppk.ppk_version, Some(v) if v != 3) => return conflict(3),
        PrivateFormat::Ppk2 => Format::Ppk2,
        PrivateFormat::Ppk3 => Format::Ppk3,
        PrivateFormat::Ppk => match ppk.ppk_version {
            Some(2) => Format::Ppk2,
            _ => Format::Ppk3,
        },
    })
}

/// `base` (the defaults, or how a file read was written) with the `-a`/`--cipher` and PPK
/// flags given for writing `format`, and `passphrase`.
fn encode_options(
    mut encode: EncodeOptions,
    format: Format,
    openssh: &OpensshArgs,
    ppk: &PpkArgs,
    passphrase: Option<Passphrase>,
) -> Outcome<EncodeOptions> {
    if format != Format::OpenSsh && (openssh.rounds.is_some() || openssh.cipher.is_some()) {
        return Err(Failure::Usage(format!(
            "-a/--rounds and --cipher are for openssh-key-v1 files, not {format}"
        )));
    }
    if let Some(rounds) = openssh.rounds {
        encode.openssh_rounds = rounds;
    }
    if let Some(cipher) = &openssh.cipher {
        encode.openssh_cipher = cipher
            .parse::<OpenSshCipher>()
            .map_err(|e| Failure::Usage(e.to_string()))?;
    }
    let options = &mut encode.ppk;
    match ppk.ppk_version {
        Some(2) => options.version = PpkVersion::V2,
        Some(_) => options.version = PpkVersion::V3,
        None => {}
    }
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
    Ok(encode.with_passphrase(passphrase))
}
