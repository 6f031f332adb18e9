//! Writing a PPK file byte for byte as PuTTYgen does.

use rand_core::Rng;
use zeroize::Zeroizing;

use super::crypto::{self, Keys};
use super::options::check_argon2;
use super::{ENC_AES, ENC_NONE, HEADER_PREFIX, PpkOptions, PpkVersion, blob, text};
use crate::format::text::encode_hex;
use crate::secret::os_rng;
use crate::{Error, Limits, Passphrase, PrivateKey, Result};

/// Writes a PPK file as PuTTYgen does: LF line endings, 64-character base64 lines,
/// `comment` verbatim (the key's comment byte for byte, or its UTF-8 rendering for a text
/// result; the MAC covers what is written), lowercase hex MAC, RSA primes ordered p > q as PuTTY
/// keeps them; `Encryption: none` without a (non-empty) passphrase, otherwise aes256-cbc
/// with the version's key derivation.
///
/// # Errors
/// [`Error::InvalidArgument`] for a comment holding CR or LF, Argon2 parameters Argon2
/// refuses, or a fixed salt shorter than 8 bytes; [`Error::Unsupported`] for a key type PPK
/// does not hold.
pub(crate) fn encode(
    key: &PrivateKey,
    options: &PpkOptions,
    passphrase: Option<&Passphrase>,
    comment: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    let passphrase = Passphrase::given(passphrase);
    let version = options.version;
    let algorithm = key.algorithm().ssh_name();
    if comment.iter().any(|&b| b == b'\r' || b == b'\n') {
        return Err(Error::invalid_argument(
            "a PPK comment cannot hold a line break",
        ));
    }
    let public = key.public_key().to_blob();
    let mut private = blob::encode(key.keypair())?;
    let encryption = if passphrase.is_some() {
        ENC_AES
    } else {
        ENC_NONE
    };
    let mut argon2_lines = String::new();
    let keys = match (passphrase, version) {
        (None, _) => Keys::unencrypted(version),
        (Some(p), PpkVersion::V2) => Keys::v2(p.as_bytes()),
        (Some(p), PpkVersion::V3) => {
            let params = &options.argon2;
            let salt = match &params.salt {
                Some(salt) => salt.clone(),
                None => {
                    let mut salt = vec![0u8; 16];
                    os_rng().fill_bytes(&mut salt);
                    salt
                }
            };
            check_argon2(params.memory_kib, params.passes, params.parallelism, &salt)
                .map_err(|e| Error::invalid_argument(e.to_string()))?;
            // Never write a file keywright's own default limits would refuse to read.
            Limits::DEFAULT
                .check_argon2(params.memory_kib, params.passes, params.parallelism)
                .map_err(|e| {
                    Error::invalid_argument(format!(
                        "{e}: keywright would refuse to read the file with its default limits"
                    ))
                })?;
            let keys = Keys::v3(p.as_bytes(), params, &salt)
                .map_err(|e| Error::invalid_argument(e.to_string()))?;
            argon2_lines = format!(
                "Key-Derivation: {}\nArgon2-Memory: {}\nArgon2-Passes: {}\n\
                 Argon2-Parallelism: {}\nArgon2-Salt: {}\n",
                params.flavor.name(),
                params.memory_kib,
                params.passes,
                params.parallelism,
                encode_hex(&salt)
            );
            keys
        }
    };
    if passphrase.is_some() {
        crypto::pad(&mut private);
    }
    let data = crypto::mac_data(
        algorithm.as_bytes(),
        encryption.as_bytes(),
        comment,
        &public,
        &private,
    );
    let mac = keys.mac(version, &data);
    if passphrase.is_some() {
        keys.encrypt(&mut private)?;
    }

    let number = match version {
        PpkVersion::V2 => 2,
        PpkVersion::V3 => 3,
    };
    // One allocation, so no copy of the key is left behind by a reallocation.
    let capacity = 256
        + comment.len()
        + argon2_lines.len()
        + 2 * (public.len() + private.len()).div_ceil(48) * (text::LINE_CHARS + 1);
    let mut out = Zeroizing::new(Vec::with_capacity(capacity));
    out.extend_from_slice(
        format!("{HEADER_PREFIX}{number}: {algorithm}\nEncryption: {encryption}\nComment: ")
            .as_bytes(),
    );
    out.extend_from_slice(comment);
    out.push(b'\n');
    text::push_base64_block(&mut out, "Public-Lines", &public);
    out.extend_from_slice(argon2_lines.as_bytes());
    text::push_base64_block(&mut out, "Private-Lines", &private);
    out.extend_from_slice(b"Private-MAC: ");
    out.extend_from_slice(encode_hex(&mac).as_bytes());
    out.push(b'\n');
    Ok(out)
}
