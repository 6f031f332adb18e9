//! bcrypt-pbkdf (OpenBSD; OpenSSH PROTOCOL.key), with its output blocks derived on separate
//! threads.
//!
//! bcrypt-pbkdf is PBKDF2 with `bhash` as its PRF, so each 32-byte output block is
//! independent of the others. The 48 bytes aes256-ctr needs are two blocks, so two threads
//! halve the wall time of every `ssh-keygen`-style decrypt.

use blowfish::Blowfish;
use sha2::{Digest, Sha512};
use zeroize::{Zeroize, Zeroizing};

use crate::{Error, Result};

const BLOCK: usize = 32;
const WORDS: usize = BLOCK / 4;
const SEED: &[u8; BLOCK] = b"OxychromaticBlowfishSwatDynamite";

/// The `bhash` PRF: blowfish keyed by the SHA-512 of the passphrase and salt.
fn bhash(sha_pass: &[u8], sha_salt: &[u8]) -> [u8; BLOCK] {
    let mut blowfish = Blowfish::bc_init_state();
    blowfish.salted_expand_key(sha_salt, sha_pass);
    for _ in 0..64 {
        blowfish.bc_expand_key(sha_salt);
        blowfish.bc_expand_key(sha_pass);
    }
    let mut words = [0u32; WORDS];
    for (word, chunk) in words.iter_mut().zip(SEED.chunks_exact(4)) {
        *word = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    for _ in 0..64 {
        for pair in words.chunks_exact_mut(2) {
            let [l, r] = blowfish.bc_encrypt([pair[0], pair[1]]);
            pair[0] = l;
            pair[1] = r;
        }
    }
    let mut out = [0u8; BLOCK];
    for (chunk, word) in out.chunks_exact_mut(4).zip(words) {
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    out
}

/// PBKDF2 block `count` (1-based) with the `bhash` PRF.
fn block(sha_pass: &[u8], salt: &[u8], rounds: u32, count: u32) -> Zeroizing<[u8; BLOCK]> {
    let sha_salt = Sha512::new()
        .chain_update(salt)
        .chain_update(count.to_be_bytes())
        .finalize();
    let mut u = Zeroizing::new(bhash(sha_pass, &sha_salt));
    let mut t = u.clone();
    for _ in 1..rounds {
        let mut sha_u = Sha512::digest(*u);
        *u = bhash(sha_pass, &sha_u);
        sha_u.zeroize();
        for (t, u) in t.iter_mut().zip(u.iter()) {
            *t ^= u;
        }
    }
    t
}

/// Fills `out` with bcrypt-pbkdf(passphrase, salt, rounds), one thread per 32-byte block
/// (on the calling thread without the `std` feature).
pub(crate) fn bcrypt_pbkdf(
    passphrase: &[u8],
    salt: &[u8],
    rounds: u32,
    out: &mut [u8],
) -> Result<()> {
    if passphrase.is_empty()
        || salt.is_empty()
        || rounds == 0
        || out.is_empty()
        || out.len() > BLOCK * BLOCK
    {
        return Err(Error::invalid_argument(
            "bcrypt-pbkdf needs a passphrase, a salt, rounds and 1..=1024 output bytes",
        ));
    }
    let stride = out.len().div_ceil(BLOCK);
    let sha_pass = Zeroizing::new(Sha512::digest(passphrase));
    let counts = 1..=u32::try_from(stride).unwrap_or(u32::MAX);
    let blocks: Option<Vec<Zeroizing<[u8; BLOCK]>>> = if crate::features::threads() > 1 {
        std::thread::scope(|scope| {
            let handles: Vec<_> = counts
                .map(|count| {
                    let sha_pass = &sha_pass;
                    scope.spawn(move || block(sha_pass, salt, rounds, count))
                })
                .collect();
            handles.into_iter().map(|h| h.join().ok()).collect()
        })
    } else {
        Some(
            counts
                .map(|count| block(&sha_pass, salt, rounds, count))
                .collect(),
        )
    };
    let blocks =
        blocks.ok_or_else(|| Error::unsupported("bcrypt-pbkdf: a worker thread failed"))?;
    // Output byte i comes from block i % stride, position i / stride.
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = blocks
            .get(i % stride)
            .and_then(|b| b.get(i / stride))
            .copied()
            .unwrap_or_default();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn matches_the_bcrypt_pbkdf_crate() {
        for (len, rounds) in [(48, 1), (48, 3), (32, 2), (80, 1), (7, 2)] {
            let mut ours = vec![0u8; len];
            let mut theirs = vec![0u8; len];
            super::bcrypt_pbkdf(b"pass", b"saltsalt", rounds, &mut ours).ok();
            bcrypt_pbkdf::bcrypt_pbkdf(b"pass", b"saltsalt", rounds, &mut theirs).ok();
            assert_eq!(ours, theirs, "{len} {rounds}");
        }
    }
}
