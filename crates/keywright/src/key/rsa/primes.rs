//! RSA key generation: the prime search (on several threads, with the same result as one)
//! and the FIPS 186-5 §A.1.3 bounds the key pair is checked against.

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use ::rsa::traits::{PrivateKeyParts, PublicKeyParts};
use crypto_bigint::BoxedUint;
use crypto_primes::hazmat::SmallFactorsSieve;
use crypto_primes::{Flavor, is_prime};
use rand_core::CryptoRng;
use zeroize::Zeroizing;

use crate::{Error, Result};

/// The RSA public exponent, 65537 (FIPS 186-5 requires 2^16 < e < 2^256).
const RSA_E: u32 = 65_537;

/// Most prime-search threads an RSA key uses.
const MAX_PRIME_WORKERS: usize = 4;

/// Most primes drawn for one key before giving up (a pair fails the FIPS 186-5 checks with
/// probability about 2^-98, so this is never reached in practice).
const MAX_PRIMES_PER_KEY: usize = 64;

/// An RSA key of `nlen` bits with e = 65537.
///
/// Each prime is the first probable prime (Baillie-PSW, as the `rsa` crate tests) with
/// p mod e != 1 at or above a random odd start with its two top bits set (so p, q >= 3 *
/// 2^(k-2) > sqrt(2) * 2^(k-1), k = nlen / 2, and n has exactly nlen bits). The two starts
/// are drawn first and both searches run at once on up to four threads (see
/// [`PrimeSearch`]). A pair is refused unless |p - q| > 2^(k-100) and d (mod lcm(p-1,
/// q-1)) > 2^k, as FIPS 186-5 §A.1.3 and §6.2.1 require; one more prime is then searched
/// for and paired with each earlier one.
///
/// Only the caller's `rng` chooses the starts, on this thread, and each search's answer
/// does not depend on which thread tested what, so a seeded `rng` gives the same key on
/// any machine, whatever its number of cores.
pub(crate) fn private_key<R: CryptoRng + ?Sized>(
    rng: &mut R,
    nlen: u32,
) -> Result<::rsa::PrivateKey> {
    let k = nlen / 2;
    let max_bits = NonZeroU32::new(k)
        .ok_or_else(|| Error::invalid_argument("RSA key generation: zero-bit modulus"))?;
    let workers = crate::features::threads().clamp(1, MAX_PRIME_WORKERS);
    // Zeroizing: every prime is wiped, whichever way this returns.
    let mut seen: Vec<Zeroizing<BoxedUint>> = Vec::with_capacity(2);
    let mut wanted = 2;
    while seen.len() < MAX_PRIMES_PER_KEY {
        let starts = (0..wanted).map(|_| odd_two_msb(rng, k)).collect();
        wanted = 1;
        for prime in PrimeSearch::run(starts, max_bits, workers)? {
            // A search that ran past 2^k without a prime found none: draw again.
            let Some(prime) = prime else { continue };
            seen.push(prime);
            let Some((q, earlier)) = seen.split_last() else {
                continue;
            };
            for p in earlier {
                if distance_bits(p, q) <= k.saturating_sub(99) {
                    continue;
                }
                let (p, q) = (BoxedUint::clone(p), BoxedUint::clone(q));
                let Ok(key) = ::rsa::PrivateKey::from_p_q(p, q, BoxedUint::from(RSA_E)) else {
                    continue;
                };
                if fips_186_5_bounds(&key, nlen) {
                    return Ok(key);
                }
            }
        }
    }
    Err(Error::invalid_argument(
        "RSA key generation: no pair of primes passed the FIPS 186-5 checks",
    ))
}

/// Prime searches run side by side: each from its own start, over the candidates a
/// small-factor sieve leaves, numbered in order.
///
/// Threads take candidates one at a time, from each unfinished search in turn; a search is
/// finished when its next number is above its lowest prime found so far. So every
/// candidate below that prime is tested, and each search's answer is the one a single
/// thread would give; and while one thread confirms a prime (Baillie-PSW's Lucas step), the
/// others go on with the other search instead of testing candidates past it.
struct PrimeSearch {
    searches: Vec<Search>,
}

/// One search of a [`PrimeSearch`].
struct Search {
    /// The next candidate's number and the sieve yielding them (`None`: ran out).
    candidates: Mutex<(usize, Option<SmallFactorsSieve<BoxedUint>>)>,
    /// The number of the lowest prime found so far (`usize::MAX`: none yet).
    lowest: AtomicUsize,
    /// That prime.
    found: Mutex<Option<(usize, Zeroizing<BoxedUint>)>>,
}

impl PrimeSearch {
    /// The first prime of `max_bits` bits at or above each start (`None` where the sieve
    /// ran out), on `workers` threads (this one included).
    fn run(
        starts: Vec<BoxedUint>,
        max_bits: NonZeroU32,
        workers: usize,
    ) -> Result<Vec<Option<Zeroizing<BoxedUint>>>> {
        let searches = starts
            .into_iter()
            .map(|start| {
                let sieve = SmallFactorsSieve::new(start, max_bits, false)
                    .map_err(|e| Error::invalid_argument(format!("RSA key generation: {e}")))?;
                Ok(Search {
                    candidates: Mutex::new((0, Some(sieve))),
                    lowest: AtomicUsize::new(usize::MAX),
                    found: Mutex::new(None),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let search = PrimeSearch { searches };
        std::thread::scope(|scope| {
            for first in 1..workers {
                let search = &search;
                scope.spawn(move || search.work(first));
            }
            search.work(0);
        });
        Ok(search
            .searches
            .into_iter()
            .map(|s| {
                let found = s.found.into_inner().unwrap_or_else(PoisonError::into_inner);
                found.map(|(_, prime)| prime)
            })
            .collect())
    }

    /// One thread's work: a candidate from each unfinished search in turn, starting with
    /// search `first` (mod their number), until every search is finished.
    fn work(&self, first: usize) {
        let n = self.searches.len();
        let mut turn = first;
        loop {
            let next = (0..n).find_map(|i| {
                let at = (turn + i) % n;
                self.searches.get(at)?.next().map(|c| (at, c))
            });
            let Some((at, (index, candidate))) = next else {
                return;
            };
            if let Some(search) = self.searches.get(at) {
                search.test(index, candidate);
            }
            turn = at + 1;
        }
    }
}

impl Search {
    /// The next candidate and its number, or `None` once the search is finished.
    fn next(&self) -> Option<(usize, Zeroizing<BoxedUint>)> {
        let mut guard = self
            .candidates
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let (index, sieve) = &mut *guard;
        if *index > self.lowest.load(Ordering::Acquire) {
            return None;
        }
        let Some(candidate) = sieve.as_mut()?.next() else {
            *sieve = None;
            return None;
        };
        let this = *index;
        *index += 1;
        Some((this, Zeroizing::new(candidate)))
    }

    /// Tests candidate number `index`, keeping it if it is the lowest prime so far.
    fn test(&self, index: usize, candidate: Zeroizing<BoxedUint>) {
        if rem_u32(&candidate, RSA_E) == 1 || !is_prime(Flavor::Any, &*candidate) {
            return;
        }
        let mut found = self.found.lock().unwrap_or_else(PoisonError::into_inner);
        if found.as_ref().is_none_or(|(lowest, _)| index < *lowest) {
            *found = Some((index, candidate));
        }
        self.lowest.fetch_min(index, Ordering::AcqRel);
    }
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
pub(crate) fn fips_186_5_bounds(key: &::rsa::PrivateKey, nlen: u32) -> bool {
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

/// `x mod m` for a small `m`.
fn rem_u32(x: &BoxedUint, m: u32) -> u32 {
    let bytes = Zeroizing::new(x.to_be_bytes());
    let m = u64::from(m);
    let r = bytes.iter().fold(0u64, |r, &b| (r << 8 | u64::from(b)) % m);
    u32::try_from(r).unwrap_or(u32::MAX)
}

/// A random odd number of exactly `bits` bits whose two top bits are set.
fn odd_two_msb<R: CryptoRng + ?Sized>(rng: &mut R, bits: u32) -> BoxedUint {
    let len = usize::try_from(bits.div_ceil(8)).unwrap_or(0);
    let mut bytes = Zeroizing::new(vec![0u8; len]);
    rng.fill_bytes(&mut bytes);
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
    BoxedUint::from_be_slice(&bytes, bits.next_multiple_of(64)).unwrap_or_else(|_| BoxedUint::one())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    use keywright_test_support::TestRng;

    #[test]
    fn the_primes_do_not_depend_on_the_thread_count() {
        for bits in [256, 512, 1024] {
            let max_bits = NonZeroU32::new(bits).unwrap();
            let starts = || {
                let mut rng = TestRng::seeded(0);
                (0..3).map(|_| odd_two_msb(&mut rng, bits)).collect()
            };
            let one = PrimeSearch::run(starts(), max_bits, 1).unwrap();
            for prime in &one {
                let prime = prime.as_ref().unwrap();
                assert_eq!(prime.bit_width(), bits);
                assert!(is_prime(Flavor::Any, &**prime));
            }
            for workers in [2, 3, 4] {
                let many = PrimeSearch::run(starts(), max_bits, workers).unwrap();
                assert_eq!(many, one, "{bits} bits on {workers} threads");
            }
        }
    }
}
