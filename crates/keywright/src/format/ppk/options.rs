//! How to write a PPK file: version, Argon2 flavour and parameters.

use super::super::text::encode_hex;
#[cfg(feature = "ppk")]
use super::MIN_SALT_BYTES;
use crate::{Error, Result};

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

impl Argon2Flavor {
    /// The name in the `Key-Derivation:` header.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Argon2Flavor::Id => "Argon2id",
            Argon2Flavor::I => "Argon2i",
            Argon2Flavor::D => "Argon2d",
        }
    }

    #[cfg(feature = "ppk")]
    pub(super) fn from_name(name: &str) -> Option<Self> {
        [Argon2Flavor::Id, Argon2Flavor::I, Argon2Flavor::D]
            .into_iter()
            .find(|f| f.name() == name)
    }
}

impl core::str::FromStr for Argon2Flavor {
    type Err = Error;

    /// `id`, `i` or `d`, or the header names `Argon2id`, `Argon2i`, `Argon2d`, in any case.
    fn from_str(s: &str) -> Result<Self> {
        let lower = s.to_ascii_lowercase();
        let short = lower.strip_prefix("argon2").unwrap_or(&lower);
        match short {
            "id" => Ok(Argon2Flavor::Id),
            "i" => Ok(Argon2Flavor::I),
            "d" => Ok(Argon2Flavor::D),
            _ => Err(Error::invalid_argument(format!(
                "unknown Argon2 variant {s:?} (expected id, i or d)"
            ))),
        }
    }
}

impl TryFrom<u8> for PpkVersion {
    type Error = Error;

    /// 2 or 3.
    fn try_from(version: u8) -> Result<Self> {
        match version {
            2 => Ok(PpkVersion::V2),
            3 => Ok(PpkVersion::V3),
            other => Err(Error::invalid_argument(format!(
                "PPK version is 2 or 3, not {other}"
            ))),
        }
    }
}

/// Argon2 parameters for writing an encrypted PPK v3 file.
#[derive(Clone, PartialEq, Eq)]
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
    /// A fixed salt (at least 8 bytes), for reproducible output; `None` (the default)
    /// draws 16 random bytes from the operating system, as PuTTYgen does.
    pub salt: Option<Vec<u8>>,
}

impl Default for Argon2Params {
    /// PuTTYgen's parameters: Argon2id, 8192 KiB, 1 lane, a random 16-byte salt, and
    /// [`Argon2Params::DEFAULT_PASSES`] passes.
    fn default() -> Self {
        Argon2Params {
            flavor: Argon2Flavor::Id,
            memory_kib: 8192,
            passes: Self::DEFAULT_PASSES,
            parallelism: 1,
            salt: None,
        }
    }
}

impl Argon2Params {
    /// The default pass count.
    ///
    /// PuTTYgen picks the first Fibonacci number of passes that takes at least 100 ms on
    /// the machine it runs on; its Argon2 takes about 13 ms per pass at 8192 KiB on a
    /// current x86-64 core, so it writes 8 or 13 passes there. keywright writes a fixed
    /// count so output does not depend on load: 21 (a Fibonacci number), at least as
    /// costly to a guesser as PuTTYgen's choice, and about 60 ms here (SIMD Argon2 at
    /// about 2.8 ms per pass).
    pub const DEFAULT_PASSES: u32 = 21;
}

impl core::fmt::Debug for Argon2Params {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Argon2Params")
            .field("flavor", &self.flavor)
            .field("memory_kib", &self.memory_kib)
            .field("passes", &self.passes)
            .field("parallelism", &self.parallelism)
            .field("salt", &self.salt.as_ref().map(|s| encode_hex(s)))
            .finish()
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

/// RFC 9106 rules Argon2 implementations enforce, reported before any work is done.
///
/// PuTTY itself accepts any uint32 and any salt length, including an empty salt; files
/// with a salt shorter than 8 bytes, fewer than 8 KiB of memory per lane, or zero passes or
/// lanes are refused here with [`Error::Unsupported`] (PuTTYgen never writes them).
#[cfg(feature = "ppk")]
pub(super) fn check_argon2(memory: u32, passes: u32, parallelism: u32, salt: &[u8]) -> Result<()> {
    if salt.len() < MIN_SALT_BYTES {
        return Err(Error::unsupported(format!(
            "an Argon2 salt of {} bytes (at least {MIN_SALT_BYTES} are needed)",
            salt.len()
        )));
    }
    if passes == 0 || parallelism == 0 || parallelism > 0x00FF_FFFF {
        return Err(Error::unsupported(
            "Argon2 passes and parallelism must be at least 1",
        ));
    }
    if u64::from(memory) < 8 * u64::from(parallelism) {
        return Err(Error::unsupported(
            "Argon2 memory below 8 KiB per lane (RFC 9106)",
        ));
    }
    Ok(())
}
