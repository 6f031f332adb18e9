//! The key file formats keywright reads and writes, and the one place that guesses which
//! one an input is in ([`detect`]).
//!
//! Each submodule handles one format and exposes only `decode*`/`encode*` functions.

use core::fmt;
use core::str::FromStr;

use crate::{Error, Result};

pub(crate) mod asn1;
pub(crate) mod authorized_keys;
pub(crate) mod der;
mod detect;
pub(crate) mod oid;
pub(crate) mod openssh;
pub(crate) mod pem;
pub(crate) mod pkcs1;
pub(crate) mod ppk;
pub(crate) mod rfc4716;
pub(crate) mod spki;
pub(crate) mod text;
pub(crate) mod wire;

pub use detect::{Detected, detect};
pub use ppk::ppk_warning;

/// A key file format. [`Format::name`] gives the one name used everywhere
/// (library, CLI, Python).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// `openssh-key-v1` private key (`-----BEGIN OPENSSH PRIVATE KEY-----`).
    OpenSsh,
    /// PKCS#1 `RSA PRIVATE KEY` PEM (RFC 8017).
    Pkcs1,
    /// SEC1 `EC PRIVATE KEY` PEM.
    Sec1,
    /// PKCS#8 `PRIVATE KEY` or `ENCRYPTED PRIVATE KEY` PEM (RFC 5208/5958).
    Pkcs8,
    /// OpenSSL's `DSA PRIVATE KEY` PEM.
    Dsa,
    /// PuTTY `PuTTY-User-Key-File-2`.
    Ppk2,
    /// PuTTY `PuTTY-User-Key-File-3`.
    Ppk3,
    /// One OpenSSH public key line (`ALGO BASE64 COMMENT`, RFC 4253 §6.6 blob).
    OpenSshPub,
    /// RFC 4716 `---- BEGIN SSH2 PUBLIC KEY ----`.
    Rfc4716,
    /// SubjectPublicKeyInfo `PUBLIC KEY` PEM.
    Spki,
    /// PKCS#1 `RSA PUBLIC KEY` PEM.
    Pkcs1Pub,
    /// DER (SubjectPublicKeyInfo or PKCS#1 RSAPublicKey), binary or as one base64 string.
    Der,

    // The other inputs whose parse errors name what was being read ([`Error::Parse`]); no
    // key format, so not in [`Format::ALL`] and never returned by [`detect`].
    /// PEM armour whose label has not been read yet (RFC 7468).
    Pem,
    /// Input that is no key in any format keywright knows ([`crate::load`]).
    UnknownKey,
    /// An `authorized_keys` file.
    AuthorizedKeys,
    /// A `known_hosts` file.
    KnownHosts,
    /// An `allowed_signers` file.
    AllowedSigners,
    /// An OpenSSH certificate.
    Certificate,
    /// An SSH signature (`-----BEGIN SSH SIGNATURE-----`).
    SshSig,
    /// EC2 console output (the host keys an instance prints).
    Ec2ConsoleOutput,
    /// `ssh-keyscan` output.
    SshKeyscanOutput,
    /// EC2 `describe-key-pairs` JSON.
    Ec2KeyPairs,
    /// EC2 Windows password data.
    Ec2PasswordData,
    /// A badkeys blocklist.
    Blocklist,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 12] = [
        Format::OpenSsh,
        Format::Pkcs1,
        Format::Sec1,
        Format::Pkcs8,
        Format::Dsa,
        Format::Ppk2,
        Format::Ppk3,
        Format::OpenSshPub,
        Format::Rfc4716,
        Format::Spki,
        Format::Pkcs1Pub,
        Format::Der,
    ];

    /// The format's name: `openssh`, `pkcs1`, `sec1`, `pkcs8`, `dsa`, `ppk2`, `ppk3`,
    /// `openssh-pub`, `rfc4716`, `spki`, `pkcs1-pub`, `der`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Format::OpenSsh => "openssh",
            Format::Pkcs1 => "pkcs1",
            Format::Sec1 => "sec1",
            Format::Pkcs8 => "pkcs8",
            Format::Dsa => "dsa",
            Format::Ppk2 => "ppk2",
            Format::Ppk3 => "ppk3",
            Format::OpenSshPub => "openssh-pub",
            Format::Rfc4716 => "rfc4716",
            Format::Spki => "spki",
            Format::Pkcs1Pub => "pkcs1-pub",
            Format::Der => "der",
            Format::Pem => "pem",
            Format::UnknownKey => "key",
            Format::AuthorizedKeys => "authorized_keys",
            Format::KnownHosts => "known_hosts",
            Format::AllowedSigners => "allowed_signers",
            Format::Certificate => "certificate",
            Format::SshSig => "sshsig",
            Format::Ec2ConsoleOutput => "ec2 console output",
            Format::SshKeyscanOutput => "ssh-keyscan output",
            Format::Ec2KeyPairs => "ec2 key-pairs json",
            Format::Ec2PasswordData => "ec2-password-data",
            Format::Blocklist => "blocklist",
        }
    }

    /// Whether this is a key format (one of [`Format::ALL`]), rather than another input whose
    /// parse errors name it.
    #[must_use]
    pub fn is_key(self) -> bool {
        Format::ALL.contains(&self)
    }

    /// Whether this format holds a private key.
    #[must_use]
    pub fn is_private(self) -> bool {
        matches!(
            self,
            Format::OpenSsh
                | Format::Pkcs1
                | Format::Sec1
                | Format::Pkcs8
                | Format::Dsa
                | Format::Ppk2
                | Format::Ppk3
        )
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = Error;

    /// Parses a format name as [`Format::name`] gives it (`ppk` means `ppk3`,
    /// `openssh-public` means `openssh-pub`).
    fn from_str(s: &str) -> Result<Format> {
        let s = s.to_ascii_lowercase();
        match s.as_str() {
            "ppk" => return Ok(Format::Ppk3),
            "openssh-public" | "authorized-keys" => return Ok(Format::OpenSshPub),
            "pem" => return Ok(Format::Pkcs1),
            _ => {}
        }
        Format::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| Error::invalid_argument(format!("unknown format {s:?}")))
    }
}

/// Line endings for text encoders.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LineEnding {
    /// `\n` (the default, as every reference tool writes on Unix).
    #[default]
    Lf,
    /// `\r\n`.
    CrLf,
}

impl LineEnding {
    /// The line ending's bytes as text.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
        }
    }
}
