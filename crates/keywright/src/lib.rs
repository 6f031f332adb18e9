//! keywright: make, read, convert and fingerprint SSH key pairs.
//!
//! The core is pure: it takes bytes and gives bytes, never touching files, the terminal
//! or the environment; the one exception is [`fs`] (default feature `fs`), where the CLI
//! and the Python binding write files atomically with the right modes. Reading goes `bytes -> format::detect -> one format decoder ->
//! key model`; writing goes `key model -> one format encoder -> bytes`.
//!
//! Names follow one grid: `from_<format>` / `to_<format>` on the key types
//! (`to_spki_der` beside `to_spki_pem`), and a name ending in `_with` is the same function
//! taking explicit [`Limits`] (`load_with`, `load_private_with`, `load_public_with`,
//! `peek_public_with`, `PublicKey::from_blob_with`); other extra arguments are named
//! (`generate_with_rng`).
//!
//! ```
//! use keywright::{Algorithm, HashAlg};
//!
//! let key = keywright::generate(Algorithm::Ed25519, None)?;
//! let text = key.to_openssh(None)?;
//! let again = keywright::load_private(text.as_bytes(), None)?;
//! assert_eq!(key, again);
//! assert!(again.fingerprint(HashAlg::Sha256).starts_with("SHA256:"));
//! # Ok::<(), keywright::Error>(())
//! ```

mod algorithm;
pub mod allowed_signers;
pub mod audit;
pub mod certificate;
#[cfg(feature = "ec2")]
pub mod ec2;
mod error;
mod features;
pub mod fingerprint;
pub mod format;
#[cfg(feature = "fs")]
pub mod fs;
mod generate;
mod key;
pub mod known_hosts;
mod limits;
mod load;
mod secret;
pub mod sshfp;
pub mod sshsig;
pub mod text;

pub use algorithm::Algorithm;
pub use certificate::{CertType, Certificate, CertificateBuilder, CertificateError};
pub use error::{Error, ErrorKind, Result};
pub use fingerprint::HashAlg;
pub use format::openssh::OpenSshCipher;
pub use format::ppk::{Argon2Flavor, Argon2Params, PpkOptions, PpkVersion};
pub use format::{Detected, Format, LineEnding, detect};
pub use generate::{DEFAULT_RSA_BITS, MAX_RSA_BITS, MIN_RSA_BITS, generate, generate_with_rng};
pub use key::{EncodeOptions, PrivateKey, PublicKey};
pub use limits::Limits;
pub use load::{
    Key, load, load_or_peek, load_private, load_private_with, load_public, load_public_with,
    load_with, peek_public, peek_public_with,
};
pub use secret::Passphrase;

/// `authorized_keys` files: [`authorized_keys::Entries`] streams them.
pub mod authorized_keys {
    pub use crate::format::authorized_keys::{
        Edited, Entries, Entry, MAX_LINE_BYTES, Selector, add, parse, remove,
    };
}
