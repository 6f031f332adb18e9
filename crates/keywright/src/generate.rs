//! Key generation.
//!
//! RSA primes are searched for on several threads at once (FIPS 186-5 §A.1.3 bounds are
//! checked on the result): see [`rsa_private_key`].

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use ::rsa::traits::{PrivateKeyParts, PublicKeyParts};
use crypto_bigint::BoxedUint;
use crypto_primes::hazmat::SmallFactorsSieve;
use crypto_primes::{Flavor, is_prime};
use getrandom::SysRng;
use rand_core::{CryptoRng, UnwrapErr};
use sha2::{Digest, Sha512};
use ssh_key::EcdsaCurve;
use ssh_key::private::{EcdsaKeypair, Ed25519Keypair, KeypairData};
use zeroize::{Zeroize, Zeroizing};

use crate::key::rsa;
use crate::{Algorithm, Error, Limits, PrivateKey, Result};

/// RSA modulus size when none is asked for: 2048 bits, as EC2 makes keys.
pub const DEFAULT_RSA_BITS: u32 = 2048;
/// Smallest RSA modulus keywright generates.
pub const MIN_RSA_BITS: u32 = 1024;
/// Largest RSA modulus keywright generates.
pub const MAX_RSA_BITS: u32 = 16384;

/// Generates a key with the operating system's random number generator.
///
/// `bits` is for RSA (1024..=16384 in multiples of 8, default 2048, e = 65537); for
/// ECDSA it must match the curve and for Ed25519 be 256, or be `None`.
///
/// # Errors
/// [`Error::InvalidArgument`] for bad `bits`, [`Error::Unsupported`] for DSA.
///
/// # Panics
/// Only if the operating system's random number generator fails, which leaves nothing
/// safe to do.
pub fn generate(algorithm: Algorithm, bits: Option<u32>) -> Result<PrivateKey> {
    generate_with_rng(&mut os_rng(), algorithm, bits)
}

/// [`generate`] with a caller-supplied random number generator.
///
/// # Errors
/// As [`generate`].
pub fn generate_with_rng<R: CryptoRng + ?Sized>(
    rng: &mut R,
    algorithm: Algorithm,
    bits: Option<u32>,
) -> Result<PrivateKey> {
    let fixed = |size: u32| -> Result<()> {
        match bits {
            Some(b) if b != size => Err(Error::invalid_argument(format!(
                "{} keys are {size} bits, not {b}",
                algorithm.ssh_name()
            ))),
            _ => Ok(()),
        }
    };
    let keypair = match algorithm {
        Algorithm::Rsa => {
            let bits = bits.unwrap_or(DEFAULT_RSA_BITS);
            check_rsa_bits(bits)?;
            let key = rsa_private_key(rng, bits)?;
            KeypairData::Rsa(rsa::from_private(&key)?)
        }
        Algorithm::Ed25519 => {
            fixed(256)?;
            KeypairData::Ed25519(Ed25519Keypair::random(rng))
        }
        Algorithm::EcdsaP256 => {
            fixed(256)?;
            ecdsa(rng, EcdsaCurve::NistP256)?
        }
        Algorithm::EcdsaP384 => {
            fixed(384)?;
            ecdsa(rng, EcdsaCurve::NistP384)?
        }
        Algorithm::EcdsaP521 => {
            fixed(521)?;
            ecdsa(rng, EcdsaCurve::NistP521)?
        }
        Algorithm::Dsa => {
            return Err(Error::unsupported(
                "generating DSA keys (DSA is obsolete; EC2 and OpenSSH 10 refuse it)",
            ));
        }
    };
    PrivateKey::from_keypair(keypair, "", &Limits::DEFAULT)
}

fn ecdsa<R: CryptoRng + ?Sized>(rng: &mut R, curve: EcdsaCurve) -> Result<KeypairData> {
    EcdsaKeypair::random(rng, curve)
        .map(KeypairData::Ecdsa)
        .map_err(|e| Error::invalid_argument(e.to_string()))
}

/// Checks an RSA size: 1024..=16384 bits, a multiple of 8.
fn check_rsa_bits(bits: u32) -> Result<()> {
    if !(MIN_RSA_BITS..=MAX_RSA_BITS).contains(&bits) || !bits.is_multiple_of(8) {
        return Err(Error::invalid_argument(format!(
            "RSA keys are {MIN_RSA_BITS} to {MAX_RSA_BITS} bits in multiples of 8, not {bits}"
        )));
    }
    Ok(())
}

/// The RSA public exponent, 65537 (FIPS 186-5 requires 2^16 < e < 2^256).
const RSA_E: u32 = 65_537;

/// Most prime-search threads an RSA key uses.
const MAX_PRIME_WORKERS: usize = 4;

/// An RSA key of `nlen` bits with e = 65537, its primes searched for on 2 to 4 threads.
///
/// Every worker draws a random odd start with its two top bits set (so p, q >= 3 * 2^(k-2) >
/// sqrt(2) * 2^(k-1), k = nlen / 2, and n has exactly nlen bits), sieves up from it and sends
/// the first probable prime (Baillie-PSW, as the `rsa` crate tests) with p mod e != 1, then
/// starts again from a fresh random point. The first two primes found, from whichever
/// workers, make the key: with exponential search times, the first two of a pool arrive
/// sooner than the slower of one p-thread and one q-thread would. A pair is refused unless
/// |p - q| > 2^(k-100) and d (mod lcm(p-1, q-1)) > 2^k, as FIPS 186-5 §A.1.3 and §6.2.1
/// require; the search then goes on.
///
/// The caller's `rng` is used only on this thread, for one 64-byte seed per worker; each
/// worker expands its seed with SHA-512 in counter mode. Which primes win depends on thread
/// timing, so a seeded `rng` does not make RSA keys reproducible.
fn rsa_private_key<R: CryptoRng + ?Sized>(rng: &mut R, nlen: u32) -> Result<::rsa::RsaPrivateKey> {
    let k = nlen / 2;
    let workers = std::thread::available_parallelism()
        .map_or(2, usize::from)
        .clamp(2, MAX_PRIME_WORKERS);
    let seeds: Vec<Zeroizing<[u8; 64]>> = (0..workers)
        .map(|_| {
            let mut seed = Zeroizing::new([0u8; 64]);
            rng.fill_bytes(seed.as_mut_slice());
            seed
        })
        .collect();
    let stop = AtomicBool::new(false);
    let (found, primes) = mpsc::channel();
    std::thread::scope(|scope| {
        for seed in seeds {
            let found = found.clone();
            let stop = &stop;
            scope.spawn(move || search_primes(seed, k, stop, &found));
        }
        drop(found);
        let key = pair_primes(&primes, nlen);
        stop.store(true, Ordering::Relaxed);
        // Drain what the workers send before they see `stop`, zeroizing it.
        for mut p in primes.iter() {
            p.zeroize();
        }
        key
    })
}

/// Takes primes from `primes` until two make a key that passes the FIPS 186-5 checks.
fn pair_primes(primes: &mpsc::Receiver<BoxedUint>, nlen: u32) -> Result<::rsa::RsaPrivateKey> {
    let k = nlen / 2;
    let mut seen: Vec<BoxedUint> = Vec::with_capacity(2);
    let result = 'pair: {
        for q in primes.iter() {
            for p in &seen {
                if distance_bits(p, &q) <= k.saturating_sub(99) {
                    continue;
                }
                let Ok(key) =
                    ::rsa::RsaPrivateKey::from_p_q(p.clone(), q.clone(), BoxedUint::from(RSA_E))
                else {
                    continue;
                };
                if fips_186_5_bounds(&key, nlen) {
                    break 'pair Ok(key);
                }
            }
            seen.push(q);
        }
        Err(Error::invalid_argument(
            "RSA key generation: the prime search stopped",
        ))
    };
    for p in &mut seen {
        p.zeroize();
    }
    result
}

/// The number of bits of |p - q|.
fn distance_bits(p: &BoxedUint, q: &BoxedUint) -> u32 {
    if p > q {
        p.wrapping_sub(q).bit_width()
    } else {
        q.wrapping_sub(p).bit_width()
    }
}

/// Whether `key` meets FIPS 186-5 §A.1.1/§A.1.3 for an `nlen`-bit modulus: two primes of
/// k = nlen/2 bits, each >= sqrt(2) * 2^(k-1) (checked as >= 3 * 2^(k-2)), |p - q| >
/// 2^(k-100), e = 65537, n of nlen bits, and 2^k < d.
pub(crate) fn fips_186_5_bounds(key: &::rsa::RsaPrivateKey, nlen: u32) -> bool {
    let k = nlen / 2;
    let [p, q] = key.primes() else {
        return false;
    };
    let big_enough =
        |x: &BoxedUint| x.bit_width() == k && k >= 2 && bit_is_set(&x.to_be_bytes(), k - 2);
    big_enough(p)
        && big_enough(q)
        && distance_bits(p, q) > k.saturating_sub(99)
        && key.e() == &BoxedUint::from(RSA_E)
        && key.n().as_ref().bit_width() == nlen
        && key.d().bit_width() > k + 1
}

/// Bit `index` (0 = least significant) of a big-endian number.
fn bit_is_set(be: &[u8], index: u32) -> bool {
    let byte = usize::try_from(index / 8).unwrap_or(usize::MAX);
    be.len()
        .checked_sub(1 + byte)
        .and_then(|i| be.get(i))
        .is_some_and(|b| b >> (index % 8) & 1 == 1)
}

/// One prime-search worker: sends probable primes of `bits` bits, each from a fresh random
/// start, until `stop` is set or nobody listens.
fn search_primes(
    seed: Zeroizing<[u8; 64]>,
    bits: u32,
    stop: &AtomicBool,
    found: &mpsc::Sender<BoxedUint>,
) {
    let Some(max_bits) = NonZeroU32::new(bits) else {
        return;
    };
    let mut drbg = Drbg { seed, counter: 0 };
    while !stop.load(Ordering::Relaxed) {
        let start = drbg.odd_two_msb(bits);
        let Ok(sieve) = SmallFactorsSieve::new(start, max_bits, false) else {
            return;
        };
        for mut candidate in sieve {
            if stop.load(Ordering::Relaxed) {
                candidate.zeroize();
                return;
            }
            if rem_u32(&candidate, RSA_E) != 1 && is_prime(Flavor::Any, &candidate) {
                if found.send(candidate).is_err() {
                    return;
                }
                break;
            }
        }
    }
}

/// `x mod m` for a small `m`.
fn rem_u32(x: &BoxedUint, m: u32) -> u32 {
    let bytes = Zeroizing::new(x.to_be_bytes());
    let m = u64::from(m);
    let r = bytes.iter().fold(0u64, |r, &b| (r << 8 | u64::from(b)) % m);
    u32::try_from(r).unwrap_or(u32::MAX)
}

/// A worker's private random stream: SHA-512(seed || counter), counter = 0, 1, ...
struct Drbg {
    seed: Zeroizing<[u8; 64]>,
    counter: u64,
}

impl Drbg {
    /// A random odd number of exactly `bits` bits whose two top bits are set.
    fn odd_two_msb(&mut self, bits: u32) -> BoxedUint {
        let len = usize::try_from(bits.div_ceil(8)).unwrap_or(0);
        let mut bytes = Zeroizing::new(vec![0u8; len]);
        for chunk in bytes.chunks_mut(64) {
            let block = Sha512::new()
                .chain_update(self.seed.as_slice())
                .chain_update(self.counter.to_be_bytes())
                .finalize();
            self.counter = self.counter.wrapping_add(1);
            for (b, r) in chunk.iter_mut().zip(block.iter()) {
                *b = *r;
            }
        }
        // Clear the bits above `bits`, then set the top two and the lowest.
        let excess = (8 - bits % 8) % 8;
        if let Some(first) = bytes.first_mut() {
            *first &= 0xff >> excess;
            *first |= 0x80 >> excess;
        }
        let second_top = bits.saturating_sub(2);
        let idx = len.saturating_sub(1 + usize::try_from(second_top / 8).unwrap_or(0));
        if let Some(b) = bytes.get_mut(idx) {
            *b |= 1 << (second_top % 8);
        }
        if let Some(last) = bytes.last_mut() {
            *last |= 1;
        }
        BoxedUint::from_be_slice(&bytes, bits.next_multiple_of(64))
            .unwrap_or_else(|_| BoxedUint::one())
    }
}

/// The operating system's random number generator, as an infallible [`CryptoRng`].
pub(crate) fn os_rng() -> UnwrapErr<SysRng> {
    UnwrapErr(SysRng)
}
