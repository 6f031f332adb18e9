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
    /// Largest Argon2 memory accepted in a PPK v3 file, in KiB.
    pub max_argon2_memory_kib: u32,
    /// Most Argon2 passes accepted in a PPK v3 file.
    pub max_argon2_passes: u32,
    /// Most Argon2 lanes accepted in a PPK v3 file.
    pub max_argon2_parallelism: u32,
    /// Most Argon2 work accepted in a PPK v3 file: memory in KiB times passes (the
    /// default, 4 GiB-passes, costs a few seconds; PuTTYgen's defaults are about 0.2).
    pub max_argon2_work: u64,
}

impl Limits {
    /// The default limits.
    pub const DEFAULT: Limits = Limits {
        max_input_bytes: 1 << 20,
        max_rsa_bits: 16384,
        max_bcrypt_rounds: 1024,
        max_pbkdf2_iterations: 10_000_000,
        max_argon2_memory_kib: 1 << 20,
        max_argon2_passes: 1024,
        max_argon2_parallelism: 64,
        max_argon2_work: 4 << 20,
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

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}
