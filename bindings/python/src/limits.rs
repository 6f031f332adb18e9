//! `keywright.Limits`: the core's bounds on untrusted input.

use pyo3::prelude::*;

/// Bounds on untrusted input, checked before any expensive work (input size, RSA bits,
/// KDF costs). ``Limits()`` holds the defaults, which admit every key the reference tools
/// write with their defaults; keyword arguments change single bounds, e.g.
/// ``Limits(max_input_bytes=64 * 1024, max_bcrypt_rounds=64)`` for a stricter service.
/// Pass it as ``limits=`` to ``load_private``, ``load_public``, ``load``, ``peek_public``. Immutable.
#[pyclass(module = "keywright", frozen, eq)]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Limits(keywright::Limits);

impl Limits {
    /// The core limits.
    pub(crate) fn core(&self) -> &keywright::Limits {
        &self.0
    }
}

/// The core limits ``limits`` names, or the defaults.
pub(crate) fn or_default(limits: Option<&Limits>) -> keywright::Limits {
    limits.map_or(keywright::Limits::DEFAULT, |l| l.core().clone())
}

#[pymethods]
impl Limits {
    #[new]
    #[pyo3(signature = (
        *,
        max_input_bytes = None,
        max_rsa_bits = None,
        max_bcrypt_rounds = None,
        max_pbkdf2_iterations = None,
        max_argon2_memory_kib = None,
        max_argon2_passes = None,
        max_argon2_parallelism = None,
        max_argon2_work = None,
    ))]
    #[allow(clippy::too_many_arguments, reason = "mirrors the Python signature")]
    fn new(
        max_input_bytes: Option<usize>,
        max_rsa_bits: Option<u32>,
        max_bcrypt_rounds: Option<u32>,
        max_pbkdf2_iterations: Option<u32>,
        max_argon2_memory_kib: Option<u32>,
        max_argon2_passes: Option<u32>,
        max_argon2_parallelism: Option<u32>,
        max_argon2_work: Option<u64>,
    ) -> Self {
        let mut limits = keywright::Limits::DEFAULT;
        let d = keywright::Limits::DEFAULT;
        limits.max_input_bytes = max_input_bytes.unwrap_or(d.max_input_bytes);
        limits.max_rsa_bits = max_rsa_bits.unwrap_or(d.max_rsa_bits);
        limits.max_bcrypt_rounds = max_bcrypt_rounds.unwrap_or(d.max_bcrypt_rounds);
        limits.max_pbkdf2_iterations = max_pbkdf2_iterations.unwrap_or(d.max_pbkdf2_iterations);
        limits.max_argon2_memory_kib = max_argon2_memory_kib.unwrap_or(d.max_argon2_memory_kib);
        limits.max_argon2_passes = max_argon2_passes.unwrap_or(d.max_argon2_passes);
        limits.max_argon2_parallelism = max_argon2_parallelism.unwrap_or(d.max_argon2_parallelism);
        limits.max_argon2_work = max_argon2_work.unwrap_or(d.max_argon2_work);
        Limits(limits)
    }

    /// Largest key file accepted, in bytes (default 1 MiB).
    #[getter]
    fn max_input_bytes(&self) -> usize {
        self.0.max_input_bytes
    }

    /// Largest RSA modulus accepted, in bits (default 16384).
    #[getter]
    fn max_rsa_bits(&self) -> u32 {
        self.0.max_rsa_bits
    }

    /// Most bcrypt-pbkdf rounds accepted in an ``openssh-key-v1`` file (default 1024).
    #[getter]
    fn max_bcrypt_rounds(&self) -> u32 {
        self.0.max_bcrypt_rounds
    }

    /// Most PBKDF2 iterations accepted in an encrypted PKCS#8 file (default 10 000 000).
    #[getter]
    fn max_pbkdf2_iterations(&self) -> u32 {
        self.0.max_pbkdf2_iterations
    }

    /// Largest Argon2 memory accepted in a PPK v3 file, in KiB (default 131072: 128 MiB).
    #[getter]
    fn max_argon2_memory_kib(&self) -> u32 {
        self.0.max_argon2_memory_kib
    }

    /// Most Argon2 passes accepted in a PPK v3 file (default 1024).
    #[getter]
    fn max_argon2_passes(&self) -> u32 {
        self.0.max_argon2_passes
    }

    /// Most Argon2 lanes accepted in a PPK v3 file (default 64).
    #[getter]
    fn max_argon2_parallelism(&self) -> u32 {
        self.0.max_argon2_parallelism
    }

    /// Most Argon2 work accepted in a PPK v3 file: memory in KiB times passes (default
    /// 524288).
    #[getter]
    fn max_argon2_work(&self) -> u64 {
        self.0.max_argon2_work
    }

    fn __repr__(&self) -> String {
        let l = &self.0;
        format!(
            "Limits(max_input_bytes={}, max_rsa_bits={}, max_bcrypt_rounds={}, \
             max_pbkdf2_iterations={}, max_argon2_memory_kib={}, max_argon2_passes={}, \
             max_argon2_parallelism={}, max_argon2_work={})",
            l.max_input_bytes,
            l.max_rsa_bits,
            l.max_bcrypt_rounds,
            l.max_pbkdf2_iterations,
            l.max_argon2_memory_kib,
            l.max_argon2_passes,
            l.max_argon2_parallelism,
            l.max_argon2_work
        )
    }
}
