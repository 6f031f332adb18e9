//! PuTTY `.ppk` private keys, versions 2 and 3 (PuTTY manual, appendix C "PPK file
//! format"; PuTTY `sshpubk.c`).
//!
//! ```text
//! PuTTY-User-Key-File-3: ALGORITHM
//! Encryption: none | aes256-cbc
//! Comment: COMMENT
//! Public-Lines: N          N lines of base64 (64 characters) of the SSH public blob
//! Key-Derivation: Argon2id \
//! Argon2-Memory: 8192       |
//! Argon2-Passes: 21         | v3 and encrypted only
//! Argon2-Parallelism: 1     |
//! Argon2-Salt: HEX         /
//! Private-Lines: M         M lines of base64 of the (encrypted, padded) private blob
//! Private-MAC: HEX         HMAC-SHA-256 (v3) or HMAC-SHA-1 (v2), lowercase hex
//! ```
//!
//! Reading bounds every cost before paying it (input size, line counts and lengths, blob
//! sizes, Argon2 memory, passes and lanes), then derives the keys, decrypts, and verifies
//! the MAC in constant time before the private blob is parsed. Writing is byte-identical to
//! PuTTYgen's for the same key, comment, salt and Argon2 parameters (the padding is the
//! prefix of SHA-1 of the private blob, as PuTTYgen pads).
//!
//! The module is split as the data flows: [`options`] (what a writer is asked for),
//! `reader` (text -> bounds -> keys -> MAC -> key), `writer` (key -> PuTTYgen's bytes),
//! over `text` (lines, headers, base64 blocks), `blob` (the private blob) and `crypto`
//! (key derivation, AES, MAC).
//!
//! Without the `ppk` feature only [`options`] and [`ppk_warning`] are built: the option
//! types stay, because [`EncodeOptions`](crate::EncodeOptions) and
//! [`PrivateKey::to_ppk`] name them, and reading or writing a PPK file is refused with
//! [`Error::FeatureDisabled`](crate::Error::FeatureDisabled); the reader, the writer and
//! Argon2 are not compiled.

#[cfg(feature = "ppk")]
mod blob;
#[cfg(feature = "ppk")]
mod crypto;
mod options;
#[cfg(feature = "ppk")]
mod reader;
#[cfg(feature = "ppk")]
mod text;
#[cfg(feature = "ppk")]
mod writer;

#[cfg(not(feature = "ppk"))]
pub(crate) use disabled::{decode, decode_public, encode};
pub use options::{Argon2Flavor, Argon2Params, PpkOptions, PpkVersion};
#[cfg(feature = "ppk")]
pub(crate) use reader::{decode, decode_public};
#[cfg(feature = "ppk")]
pub(crate) use writer::encode;

use crate::{Algorithm, Format, PrivateKey};

/// PuTTY's advisory for NIST P-521 keys used with PuTTY 0.68 to 0.80 (CVE-2024-31497).
const P521_ADVISORY: &str = "this ecdsa-sha2-nistp521 key comes from a PuTTY key file: \
    PuTTY 0.68 to 0.80 (and FileZilla, WinSCP, TortoiseGit, TortoiseSVN built on them) made \
    biased P-521 signatures from which about 60 signatures reveal the key (CVE-2024-31497); \
    if this key was ever used with those versions, treat it as compromised and replace it";

/// The warning to show for a key read from a PPK file, if any: PuTTY's advisory for an
/// `ecdsa-sha2-nistp521` key (CVE-2024-31497), `None` otherwise. The core never prints;
/// callers (the CLI, the Python binding) decide how to show it.
#[must_use]
pub fn ppk_warning(key: &PrivateKey) -> Option<&'static str> {
    let from_ppk = matches!(key.format(), Some(Format::Ppk2 | Format::Ppk3));
    (from_ppk && key.algorithm() == Algorithm::EcdsaP521).then_some(P521_ADVISORY)
}

#[cfg(feature = "ppk")]
const HEADER_PREFIX: &str = "PuTTY-User-Key-File-";
#[cfg(feature = "ppk")]
const ENC_NONE: &str = "none";
#[cfg(feature = "ppk")]
const ENC_AES: &str = "aes256-cbc";
/// Largest salt accepted in a file (PuTTYgen writes 16 bytes).
#[cfg(feature = "ppk")]
const MAX_SALT_BYTES: u64 = 1024;
/// Smallest salt Argon2 accepts (RFC 9106 recommends 16).
#[cfg(feature = "ppk")]
const MIN_SALT_BYTES: usize = 8;

/// The build without the `ppk` feature: the same entry points, each refusing with
/// [`Error::FeatureDisabled`](crate::Error::FeatureDisabled).
#[cfg(not(feature = "ppk"))]
mod disabled {
    use zeroize::Zeroizing;

    use super::PpkOptions;
    use crate::{Limits, Passphrase, PrivateKey, PublicKey, Result};

    pub(crate) fn decode(
        _input: &[u8],
        _passphrase: Option<&Passphrase>,
        _limits: &Limits,
    ) -> Result<PrivateKey> {
        Err(crate::features::ppk_disabled())
    }

    pub(crate) fn decode_public(_input: &[u8], _limits: &Limits) -> Result<PublicKey> {
        Err(crate::features::ppk_disabled())
    }

    pub(crate) fn encode(
        _key: &PrivateKey,
        _options: &PpkOptions,
        _passphrase: Option<&Passphrase>,
        _comment: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>> {
        Err(crate::features::ppk_disabled())
    }
}
