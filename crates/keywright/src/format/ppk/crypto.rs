//! PPK key derivation (v2: SHA-1; v3: Argon2), AES-256-CBC and the MAC.

use aes::Aes256;
use cbc::cipher::block_padding::NoPadding;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use hmac::{Hmac, KeyInit, Mac};
use sha1::{Digest, Sha1};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::{Argon2Flavor, Argon2Params, PpkVersion};
use crate::{Error, Result};

/// AES block size, the unit the private blob is padded to when encrypted.
pub(super) const BLOCK: usize = 16;

/// The v2 MAC key prefix (PuTTY `sshpubk.c`).
const V2_MAC_PREFIX: &[u8] = b"putty-private-key-file-mac-key";

/// Argon2 output: cipher key 32 | IV 16 | MAC key 32.
const V3_OUTPUT: usize = 32 + 16 + 32;

/// Keys derived from a passphrase.
pub(super) struct Keys {
    cipher_key: Zeroizing<[u8; 32]>,
    iv: Zeroizing<[u8; 16]>,
    mac_key: Zeroizing<Vec<u8>>,
}

impl Keys {
    /// The keys of an unencrypted file: no cipher, and a MAC key of SHA-1 of the prefix
    /// alone (v2) or empty (v3).
    pub(super) fn unencrypted(version: PpkVersion) -> Keys {
        let mac_key = match version {
            PpkVersion::V2 => v2_mac_key(b""),
            PpkVersion::V3 => Zeroizing::new(Vec::new()),
        };
        Keys {
            cipher_key: Zeroizing::new([0; 32]),
            iv: Zeroizing::new([0; 16]),
            mac_key,
        }
    }

    /// PPK v2: cipher key = (SHA-1(0u32 || P) || SHA-1(1u32 || P))[..32], IV zero,
    /// MAC key = SHA-1("putty-private-key-file-mac-key" || P).
    pub(super) fn v2(passphrase: &[u8]) -> Keys {
        let mut both = Zeroizing::new([0u8; 40]);
        for (i, half) in both.chunks_exact_mut(20).enumerate() {
            let mut h = Sha1::new();
            h.update((i as u32).to_be_bytes());
            h.update(passphrase);
            half.copy_from_slice(&h.finalize());
        }
        let mut cipher_key = Zeroizing::new([0u8; 32]);
        for (k, b) in cipher_key.iter_mut().zip(both.iter()) {
            *k = *b;
        }
        Keys {
            cipher_key,
            iv: Zeroizing::new([0; 16]),
            mac_key: v2_mac_key(passphrase),
        }
    }

    /// PPK v3: 80 bytes of Argon2 (version 0x13, no secret, no associated data) split into
    /// cipher key, IV and MAC key. `spec.salt` is ignored in favour of `salt`. The caller
    /// has already bounded memory, passes and lanes; lanes are filled on up to as many
    /// threads as the machine has cores.
    ///
    /// # Errors
    /// [`Error::Unsupported`] when the Argon2 implementation refuses the parameters (they
    /// are checked by the caller first, so this is a backstop).
    pub(super) fn v3(passphrase: &[u8], spec: &Argon2Params, salt: &[u8]) -> Result<Keys> {
        use argon2_rust::params::{Memory, TagLen};
        let algorithm = match spec.flavor {
            Argon2Flavor::Id => argon2_rust::Algorithm::Argon2id,
            Argon2Flavor::I => argon2_rust::Algorithm::Argon2i,
            Argon2Flavor::D => argon2_rust::Algorithm::Argon2d,
        };
        let refused = |e: argon2_rust::Error| Error::unsupported(format!("Argon2 parameters: {e}"));
        let cores = u32::try_from(crate::features::threads()).unwrap_or(u32::MAX);
        let params = argon2_rust::Params::builder()
            .memory(Memory::kib(u64::from(spec.memory_kib)))
            .passes(spec.passes)
            .lanes(spec.parallelism)
            .threads(spec.parallelism.min(cores))
            .tag_len(TagLen::bytes(V3_OUTPUT as u64))
            .build()
            .map_err(refused)?;
        let mut out = Zeroizing::new([0u8; V3_OUTPUT]);
        argon2_rust::Argon2::new(algorithm, argon2_rust::Version::V0x13, params)
            .hash_into(passphrase, salt, out.as_mut_slice())
            .map_err(refused)?;
        let (key, rest) = out.split_at(32);
        let (iv, mac) = rest.split_at(16);
        let mut keys = Keys {
            cipher_key: Zeroizing::new([0; 32]),
            iv: Zeroizing::new([0; 16]),
            mac_key: Zeroizing::new(mac.to_vec()),
        };
        keys.cipher_key.copy_from_slice(key);
        keys.iv.copy_from_slice(iv);
        Ok(keys)
    }

    /// Decrypts `buf` in place with AES-256-CBC and no padding scheme.
    ///
    /// # Errors
    /// [`Error::Unsupported`] if `buf` is not a multiple of 16 bytes (callers check this
    /// first, so it does not happen).
    pub(super) fn decrypt(&self, buf: &mut [u8]) -> Result<()> {
        cbc::Decryptor::<Aes256>::new_from_slices(&*self.cipher_key, &*self.iv)
            .map_err(|_| Error::unsupported("aes256-cbc key setup"))?
            .decrypt_padded::<NoPadding>(buf)
            .map_err(|_| Error::unsupported("aes256-cbc on a partial block"))?;
        Ok(())
    }

    /// Encrypts `buf` (a multiple of 16 bytes) in place with AES-256-CBC.
    ///
    /// # Errors
    /// As [`Keys::decrypt`].
    pub(super) fn encrypt(&self, buf: &mut [u8]) -> Result<()> {
        let len = buf.len();
        cbc::Encryptor::<Aes256>::new_from_slices(&*self.cipher_key, &*self.iv)
            .map_err(|_| Error::unsupported("aes256-cbc key setup"))?
            .encrypt_padded::<NoPadding>(buf, len)
            .map_err(|_| Error::unsupported("aes256-cbc on a partial block"))?;
        Ok(())
    }

    /// The MAC of `data`: HMAC-SHA-1 (v2) or HMAC-SHA-256 (v3).
    pub(super) fn mac(&self, version: PpkVersion, data: &[u8]) -> Vec<u8> {
        match version {
            PpkVersion::V2 => {
                // HMAC takes keys of any length.
                let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(&self.mac_key) else {
                    return Vec::new();
                };
                mac.update(data);
                mac.finalize().into_bytes().to_vec()
            }
            PpkVersion::V3 => {
                let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.mac_key) else {
                    return Vec::new();
                };
                mac.update(data);
                mac.finalize().into_bytes().to_vec()
            }
        }
    }
}

fn v2_mac_key(passphrase: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut h = Sha1::new();
    h.update(V2_MAC_PREFIX);
    h.update(passphrase);
    Zeroizing::new(h.finalize().to_vec())
}

/// The bytes the MAC covers: `string(algorithm) || string(encryption) || string(comment)
/// || string(public blob) || string(private blob with its padding)`.
pub(super) fn mac_data(
    algorithm: &[u8],
    encryption: &[u8],
    comment: &[u8],
    public: &[u8],
    private: &[u8],
) -> Zeroizing<Vec<u8>> {
    let parts = [algorithm, encryption, comment, public, private];
    let len = parts.iter().map(|p| p.len().saturating_add(4)).sum();
    let mut out = Zeroizing::new(Vec::with_capacity(len));
    for part in parts {
        // Every part comes from an input bounded far below 4 GiB.
        let n = u32::try_from(part.len()).unwrap_or(u32::MAX);
        out.extend_from_slice(&n.to_be_bytes());
        out.extend_from_slice(part);
    }
    out
}

/// PuTTYgen's padding: the first bytes of SHA-1 of the unpadded private blob, up to a
/// multiple of 16.
pub(super) fn pad(blob: &mut Zeroizing<Vec<u8>>) {
    let missing = (BLOCK - blob.len() % BLOCK) % BLOCK;
    let digest = Sha1::digest(blob.as_slice());
    // A new buffer rather than a reallocation, so the old one is zeroized on drop.
    let mut padded = Zeroizing::new(Vec::with_capacity(blob.len().saturating_add(missing)));
    padded.extend_from_slice(blob);
    padded.extend_from_slice(digest.get(..missing).unwrap_or_default());
    *blob = padded;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_is_sha1_prefix() {
        let mut blob = Zeroizing::new(vec![1u8; 20]);
        pad(&mut blob);
        assert_eq!(blob.len(), 32);
        assert_eq!(blob.get(20..), Sha1::digest([1u8; 20]).get(..12));
        let mut exact = Zeroizing::new(vec![1u8; 32]);
        pad(&mut exact);
        assert_eq!(exact.len(), 32);
    }

    #[test]
    fn cbc_round_trip() {
        let keys = Keys::v2(b"pw");
        let mut buf = [7u8; 32];
        keys.encrypt(&mut buf).ok();
        assert_ne!(buf, [7u8; 32]);
        keys.decrypt(&mut buf).ok();
        assert_eq!(buf, [7u8; 32]);
    }

    /// The RustCrypto `argon2` crate's 80 bytes for the same inputs.
    fn oracle(pw: &[u8], spec: &Argon2Params, salt: &[u8]) -> [u8; V3_OUTPUT] {
        let algorithm = match spec.flavor {
            Argon2Flavor::Id => argon2::Algorithm::Argon2id,
            Argon2Flavor::I => argon2::Algorithm::Argon2i,
            Argon2Flavor::D => argon2::Algorithm::Argon2d,
        };
        let params = argon2::Params::new(
            spec.memory_kib,
            spec.passes,
            spec.parallelism,
            Some(V3_OUTPUT),
        )
        .expect("valid parameters");
        let mut out = [0u8; V3_OUTPUT];
        argon2::Argon2::new(algorithm, argon2::Version::V0x13, params)
            .hash_password_into(pw, salt, &mut out)
            .expect("oracle hash");
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Two independent Argon2 implementations agree on every flavour, lane count
        /// (filled on several threads) and length of passphrase and salt.
        #[test]
        fn v3_keys_match_a_second_argon2(
            flavor in proptest::sample::select(vec![Argon2Flavor::Id, Argon2Flavor::I, Argon2Flavor::D]),
            lanes in 1u32..=4,
            per_lane in 8u32..=64,
            passes in 1u32..=3,
            pw in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..48),
            salt in proptest::collection::vec(proptest::prelude::any::<u8>(), 8..40),
        ) {
            let spec = Argon2Params {
                flavor,
                memory_kib: per_lane * lanes,
                passes,
                parallelism: lanes,
                salt: None,
            };
            let keys = Keys::v3(&pw, &spec, &salt).expect("derivation");
            let expected = oracle(&pw, &spec, &salt);
            proptest::prop_assert_eq!(&keys.cipher_key[..], &expected[..32]);
            proptest::prop_assert_eq!(&keys.iv[..], &expected[32..48]);
            proptest::prop_assert_eq!(&keys.mac_key[..], &expected[48..]);
        }
    }
}
