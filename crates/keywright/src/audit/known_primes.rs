//! badkeys' `sharedprimes` check (badkeys 0.0.21, `rsakeys/sharedprimes.py`): for RSA moduli
//! of 512, 768, 1024, 2048 or 4096 bits, `gcd(n, P)` where `P` is the product of primes seen
//! shared between real keys, read from `keydata/primes<bits>.dat`. A gcd above 1 means `n`
//! has a known prime. The files are gmpy2's `to_binary` of an `mpz`: a type byte (`0x01`), a
//! sign byte (`0x00` zero, `0x01` positive, `0x02` negative), then the magnitude's bytes,
//! least significant first. They are read from disk only (the badkeys package's `keydata/`
//! folder or its git repository), never fetched.

use dashu_int::UBig;
use dashu_int::ops::{BitTest, Gcd};

use super::batch_gcd;
use super::number::Modulus;
use crate::{Error, Result};

/// Largest `primes<bits>.dat` read (badkeys' largest, `primes1024.dat`, is 250 KiB).
pub const MAX_PRIMES_BYTES: u64 = 64 * 1024 * 1024;

/// The modulus sizes badkeys keeps known-prime products for.
pub const SIZES: [u32; 5] = [512, 768, 1024, 2048, 4096];

/// The modulus size of a badkeys known-prime file name (`primes2048.dat` is 2048).
#[must_use]
pub fn file_bits(file_name: &str) -> Option<u32> {
    let bits: u32 = file_name
        .strip_prefix("primes")?
        .strip_suffix(".dat")?
        .parse()
        .ok()?;
    SIZES.contains(&bits).then_some(bits)
}

fn malformed(file: &str, offset: usize, reason: &str) -> Error {
    Error::Parse {
        format: crate::Format::Blocklist,
        offset: Some(offset),
        reason: format!("{}: {reason}", crate::text::escape(file.as_bytes())),
    }
}

/// Reads gmpy2's `to_binary` encoding of a positive `mpz` (or `xmpz`).
///
/// # Errors
/// [`Error::Parse`] (format `blocklist`) naming `file` and the offset: not an integer, not
/// positive, or larger than [`MAX_PRIMES_BYTES`].
pub fn parse_gmpy2(file: &str, bytes: &[u8]) -> Result<UBig> {
    if bytes.len() as u64 > MAX_PRIMES_BYTES {
        return Err(malformed(
            file,
            0,
            &format!("larger than {MAX_PRIMES_BYTES} bytes"),
        ));
    }
    match bytes.first() {
        Some(0x01 | 0x02) => {}
        Some(_) => {
            return Err(malformed(
                file,
                0,
                "not a gmpy2 integer (to_binary type byte 0x01)",
            ));
        }
        None => return Err(malformed(file, 0, "empty file")),
    }
    match bytes.get(1) {
        Some(0x01) => {}
        Some(0x00) => return Err(malformed(file, 1, "the product is zero")),
        Some(0x02) => return Err(malformed(file, 1, "the product is negative")),
        Some(_) => return Err(malformed(file, 1, "an unknown gmpy2 sign byte")),
        None => return Err(malformed(file, 1, "truncated after the type byte")),
    }
    let magnitude = bytes.get(2..).unwrap_or_default();
    let value = UBig::from_le_bytes(magnitude);
    if value <= UBig::ONE {
        return Err(malformed(file, 2, "the product is not above 1"));
    }
    Ok(value)
}

/// A modulus with a known prime.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownPrime {
    /// The known-prime file that has it.
    pub file: String,
    /// The prime when the gcd is one (not when both primes are known: then it is `n`).
    pub factor: Option<Modulus>,
}

/// The products of known primes, one per modulus size.
#[derive(Default)]
pub struct KnownPrimes {
    products: Vec<(u32, String, UBig)>,
}

impl core::fmt::Debug for KnownPrimes {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list()
            .entries(
                self.products
                    .iter()
                    .map(|(bits, file, p)| (bits, file, p.bit_len())),
            )
            .finish()
    }
}

impl KnownPrimes {
    /// Adds the product for moduli of `bits` bits from gmpy2 bytes (see [`parse_gmpy2`]).
    ///
    /// # Errors
    /// As [`parse_gmpy2`].
    pub fn add(&mut self, bits: u32, file: &str, bytes: &[u8]) -> Result<()> {
        let product = parse_gmpy2(file, bytes)?;
        self.products.push((bits, file.to_owned(), product));
        Ok(())
    }

    /// Whether no product is loaded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.products.is_empty()
    }

    /// [`KnownPrimes::lookup`] of many moduli at once, in input order: for each size's product
    /// `P`, the moduli of that size in batches whose product is about as long as `P`, each
    /// batch by a product tree and a remainder tree (`P mod n` for all of a batch in about
    /// the time of a few multiplications of `P`'s length instead of one long division per
    /// modulus), the batches on every core.
    #[must_use]
    pub fn lookup_many(&self, moduli: &[&Modulus]) -> Vec<Option<KnownPrime>> {
        let mut out: Vec<Option<KnownPrime>> = vec![None; moduli.len()];
        for (bits, file, product) in &self.products {
            let of_size: Vec<(usize, &UBig)> = moduli
                .iter()
                .enumerate()
                .filter(|(i, n)| {
                    n.bits() == *bits && n.0 > UBig::ONE && out.get(*i).is_some_and(Option::is_none)
                })
                .map(|(i, n)| (i, &n.0))
                .collect();
            if of_size.is_empty() {
                continue;
            }
            let per_batch =
                (product.bit_len() / usize::try_from(*bits).unwrap_or(1).max(1)).clamp(1, 4096);
            let batches: Vec<&[(usize, &UBig)]> = of_size.chunks(per_batch).collect();
            let threads = std::thread::available_parallelism()
                .map_or(1, std::num::NonZero::get)
                .min(batches.len())
                .max(1);
            let found: Vec<Vec<(usize, UBig)>> = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..threads)
                    .map(|t| {
                        let batches = &batches;
                        scope.spawn(move || {
                            batches
                                .iter()
                                .skip(t)
                                .step_by(threads)
                                .flat_map(|batch| remainders(product, batch))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_default())
                    .collect()
            });
            for (i, g) in found.into_iter().flatten() {
                let Some(n) = moduli.get(i) else { continue };
                let factor = (g != n.0)
                    .then(|| Modulus(g))
                    .filter(Modulus::is_probable_prime);
                if let Some(slot) = out.get_mut(i) {
                    *slot = Some(KnownPrime {
                        file: file.clone(),
                        factor,
                    });
                }
            }
        }
        out
    }

    /// The first product for `n`'s size that shares a factor with `n` (badkeys checks only
    /// the sizes in [`SIZES`]; so does this, by the files' names).
    #[must_use]
    pub fn lookup(&self, n: &Modulus) -> Option<KnownPrime> {
        let bits = n.bits();
        if n.0 <= UBig::ONE {
            return None;
        }
        for (_, file, product) in self.products.iter().filter(|(b, _, _)| *b == bits) {
            let rest = product % &n.0;
            let g = if rest.is_zero() {
                n.0.clone()
            } else {
                rest.gcd(&n.0)
            };
            if g == UBig::ONE {
                continue;
            }
            let factor = (g != n.0).then(|| Modulus(g)).filter(|g| {
                // badkeys gives `p` only when the gcd is prime.
                g.is_probable_prime()
            });
            return Some(KnownPrime {
                file: file.clone(),
                factor,
            });
        }
        None
    }
}

/// `x mod c` (dashu's division: Barrett on `audit/bigmul.rs`'s Newton reciprocal measured
/// slower here, 2.24 s against 1.74 s of CPU for 10 000 RSA-2048 moduli).
fn reduce(x: &UBig, c: &UBig) -> UBig {
    if x < c { x.clone() } else { x % c }
}

/// `gcd(n, product)` above 1 of each modulus of a batch, by a product tree of the batch and a
/// remainder tree of `product` down it.
fn remainders(product: &UBig, batch: &[(usize, &UBig)]) -> Vec<(usize, UBig)> {
    let levels = batch_gcd::product_tree(batch.iter().map(|(_, n)| (*n).clone()).collect()).levels;
    let mut rests: Vec<UBig> = levels
        .last()
        .map(|root| root.iter().map(|r| reduce(product, r)).collect())
        .unwrap_or_default();
    for level in levels.iter().rev().skip(1) {
        rests = level
            .iter()
            .enumerate()
            .map(|(j, node)| rests.get(j / 2).map_or(UBig::ZERO, |r| reduce(r, node)))
            .collect();
    }
    batch
        .iter()
        .zip(rests)
        .filter_map(|((i, n), rest)| {
            let g = if rest.is_zero() {
                (*n).clone()
            } else {
                rest.gcd(*n)
            };
            (g != UBig::ONE).then_some((*i, g))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    fn gmpy2(value: &UBig) -> Vec<u8> {
        let mut out = vec![1, 1];
        out.extend_from_slice(&value.to_le_bytes());
        out
    }

    #[test]
    fn reads_gmpy2_encoding() {
        // gmpy2.to_binary(gmpy2.mpz(2**64 + 3)).hex() == "0101030000000000000001"
        let v = parse_gmpy2("x", &[1, 1, 3, 0, 0, 0, 0, 0, 0, 0, 1]).unwrap();
        assert_eq!(v, (UBig::ONE << 64) + UBig::from(3u8));
        for (bytes, offset) in [
            (&[][..], 0),
            (&[3, 1, 5][..], 0),
            (&[1][..], 1),
            (&[1, 0][..], 1),
            (&[1, 2, 5][..], 1),
            (&[1, 1, 1][..], 2),
        ] {
            let e = parse_gmpy2("bad.dat", bytes).unwrap_err();
            assert!(
                matches!(&e, Error::Parse { offset: Some(o), reason, .. } if *o == offset && reason.starts_with("bad.dat: ")),
                "{bytes:?}: {e}"
            );
        }
    }

    #[test]
    fn finds_a_known_prime() {
        let p = UBig::from(0xffff_fffb_u32); // prime
        let q = UBig::from(0xffff_ffbf_u32); // prime
        let r = UBig::from(0xffff_ff67_u32); // prime
        let n = Modulus(&p * &q);
        let other = Modulus(&r * UBig::from(0xffff_ff2f_u32));
        let mut known = KnownPrimes::default();
        known
            .add(n.bits(), "primes64.dat", &gmpy2(&(&p * UBig::from(7u8))))
            .unwrap();
        let hit = known.lookup(&n).unwrap();
        assert_eq!(hit.file, "primes64.dat");
        assert_eq!(hit.factor, Some(Modulus(p.clone())));
        assert_eq!(known.lookup(&other), None);
        let many: Vec<Modulus> = (0..50u32)
            .map(|i| {
                if i % 7 == 3 {
                    n.clone()
                } else {
                    Modulus(&r * UBig::from(0xffff_ff2f_u32 - 2 * i))
                }
            })
            .collect();
        let refs: Vec<&Modulus> = many.iter().collect();
        let batch = known.lookup_many(&refs);
        let single: Vec<Option<KnownPrime>> = many.iter().map(|m| known.lookup(m)).collect();
        assert_eq!(batch, single);
        // n's 7 copies, and the others divisible by the product's 7.
        for (i, (b, m)) in batch.iter().zip(&many).enumerate() {
            let expected = i % 7 == 3 || (m.0.clone() % UBig::from(7u8)).is_zero();
            assert_eq!(b.is_some(), expected, "{i}");
        }
        // Both primes known: flagged, no factor.
        let mut both = KnownPrimes::default();
        both.add(n.bits(), "b", &gmpy2(&(&p * &q * &r))).unwrap();
        assert_eq!(both.lookup(&n).unwrap().factor, None);
        // Another size's product is not used.
        let mut sized = KnownPrimes::default();
        sized.add(2048, "primes2048.dat", &gmpy2(&p)).unwrap();
        assert_eq!(sized.lookup(&n), None);
    }

    #[test]
    fn names_files_by_size() {
        assert_eq!(file_bits("primes2048.dat"), Some(2048));
        assert_eq!(file_bits("primes100.dat"), None);
        assert_eq!(file_bits("blocklist.dat"), None);
    }
}
