//! Bounds on untrusted input, checked before any expensive work is done.

/// Limits applied when reading keys from untrusted input.
///
/// The defaults admit every key the reference tools write with their defaults, and refuse
/// inputs whose only purpose can be to exhaust memory or CPU.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest single key file accepted, in bytes.
    pub max_input_bytes: usize,
    /// Largest RSA modulus accepted, in bits.
    pub max_rsa_bits: u32,
    /// Most bcrypt-pbkdf rounds accepted in an `openssh-key-v1` file.
    pub max_bcrypt_rounds: u32,
    /// Most PBKDF2 iterations accepted in an encrypted PKCS#8 file.
    pub max_pbkdf2_iterations: u32,
    /// Largest Argon2 memory accepted in a PPK v3 file, in KiB (default 128 MiB: 16 times
    /// PuTTYgen's 8 MiB).
    pub max_argon2_memory_kib: u32,
    /// Most Argon2 passes accepted in a PPK v3 file.
    pub max_argon2_passes: u32,
    /// Most Argon2 lanes accepted in a PPK v3 file.
    pub max_argon2_parallelism: u32,
    /// Most Argon2 work accepted in a PPK v3 file: memory in KiB times passes. The default,
    /// 512 MiB-passes (about a second on a loaded 2-core machine), is 3 times keywright's own
    /// 8 MiB x 21 passes and PuTTYgen's (8 MiB x 5 to 13 passes, timed to 100 ms per file on
    /// current cores; 8 MiB x 55 would need a core 4 times faster).
    pub max_argon2_work: u64,
}

impl Limits {
    /// The default limits.
    pub const DEFAULT: Limits = Limits {
        max_input_bytes: 1 << 20,
        max_rsa_bits: 16384,
        max_bcrypt_rounds: 1024,
        max_pbkdf2_iterations: 10_000_000,
        max_argon2_memory_kib: 128 << 10,
        max_argon2_passes: 1024,
        max_argon2_parallelism: 64,
        max_argon2_work: 512 << 10,
    };

    /// Checks `actual <= limit`, naming `what` in the error otherwise.
    pub(crate) fn check(what: &'static str, actual: u64, limit: u64) -> crate::Result<()> {
        if actual > limit {
            return Err(crate::Error::LimitExceeded {
                what,
                limit,
                actual,
            });
        }
        Ok(())
    }
}

impl Limits {
    /// Checks the size of a whole input against [`Limits::max_input_bytes`].
    pub(crate) fn check_input(&self, input: &[u8]) -> crate::Result<()> {
        Limits::check(
            "input size in bytes",
            input.len() as u64,
            self.max_input_bytes as u64,
        )
    }
}

impl Limits {
    /// Checks Argon2 parameters (memory in KiB, passes, lanes) against these limits.
    #[cfg(feature = "ppk")]
    pub(crate) fn check_argon2(
        &self,
        memory_kib: u32,
        passes: u32,
        lanes: u32,
    ) -> crate::Result<()> {
        Limits::check(
            "Argon2 memory in KiB",
            u64::from(memory_kib),
            u64::from(self.max_argon2_memory_kib),
        )?;
        Limits::check(
            "Argon2 passes",
            u64::from(passes),
            u64::from(self.max_argon2_passes),
        )?;
        Limits::check(
            "Argon2 parallelism",
            u64::from(lanes),
            u64::from(self.max_argon2_parallelism),
        )?;
        Limits::check(
            "Argon2 work (KiB x passes)",
            u64::from(memory_kib).saturating_mul(u64::from(passes)),
            self.max_argon2_work,
        )
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}
