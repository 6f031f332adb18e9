//! Times the audit's number checks (used by `benches/compare.sh audit-shared-primes`).
//!
//! ```text
//! audit_numbers gen N SEED FILE    write N random odd 2048-bit numbers (top bit set), hex lines
//! audit_numbers distinct N FILE [ssh]
//!                                  write N 2048-bit numbers that share no factor, each the
//!                                  product of 51 distinct primes near 2^40.15 (consecutive
//!                                  primes from a segmented sieve), except that every
//!                                  100 000th number (from the 50 000th) takes the first prime
//!                                  of the number before it: 2 * ceil((N - 50 000) / 100 000)
//!                                  numbers share a prime. Hex lines, or with `ssh` OpenSSH
//!                                  `ssh-rsa` lines (e = 65537) for `keywright audit`.
//! audit_numbers shared FILE        batch GCD over the numbers in FILE: prints seconds, findings
//! audit_numbers known PRIMES FILE  badkeys' sharedprimes (rsa-known-shared-prime): the numbers
//!                                  in FILE against a primes<bits>.dat (KNOWN_SINGLE=1: one
//!                                  long division per number instead of remainder trees)
//! audit_numbers perkey N [CHECK]   per-key RSA checks on N 2048-bit numbers without small factors
//!                                  (CHECK: only the checks whose name starts so)
//! audit_numbers tree N BATCH       small factors of N random odd numbers by a remainder tree of
//!                                  the primorial over batches of BATCH (dashu arithmetic): the
//!                                  alternative measured against the blocked residues
//! ```
#![allow(clippy::unwrap_used, clippy::panic, reason = "a benchmark driver")]

use std::io::Write;
use std::time::Instant;

use keywright::audit::number::{Modulus, small_private_exponent};
use keywright_test_support::TestRng;

/// A random odd 2048-bit number with its top bit set, from 32 SplitMix64 words (big-endian).
fn modulus_bytes(rng: &mut TestRng) -> Vec<u8> {
    let mut bytes: Vec<u8> = (0..32).flat_map(|_| rng.next_u64().to_be_bytes()).collect();
    bytes[0] |= 0x80;
    bytes[255] |= 1;
    bytes
}

/// CPU seconds of this thread so far (user + system, from /proc; 10 ms ticks): the machine
/// is shared, so wall time alone says little.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(line: &str) -> Vec<u8> {
    (0..line.len() / 2)
        .map(|i| u8::from_str_radix(&line[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

/// Consecutive primes from `start` on, by a segmented sieve of Eratosthenes (for `start`
/// up to about 2^42).
struct Primes {
    base: Vec<u64>,
    low: u64,
    found: std::collections::VecDeque<u64>,
}

impl Primes {
    const SEGMENT: u64 = 1 << 24;

    fn from(start: u64) -> Primes {
        let limit = 1usize << 22;
        let mut composite = vec![false; limit];
        let mut base = Vec::new();
        for i in 2..limit {
            if !composite[i] {
                base.push(i as u64);
                (i * i..limit).step_by(i).for_each(|j| composite[j] = true);
            }
        }
        assert!((limit as u64).pow(2) > start + (1 << 34));
        Primes {
            base,
            low: start | 1,
            found: Default::default(),
        }
    }

    fn next(&mut self) -> u64 {
        while self.found.is_empty() {
            // Odd numbers low, low + 2, ... (low odd).
            let count = Self::SEGMENT as usize;
            let mut composite = vec![false; count];
            for &p in self.base.iter().skip(1) {
                // First odd multiple of p at or above low.
                let mut m = self.low.div_ceil(p) * p;
                if m % 2 == 0 {
                    m += p;
                }
                let mut k = ((m - self.low) / 2) as usize;
                while k < count {
                    composite[k] = true;
                    k += p as usize;
                }
            }
            let low = self.low;
            self.found.extend(
                composite
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| !**c)
                    .map(|(k, _)| low + 2 * k as u64),
            );
            self.low += 2 * Self::SEGMENT;
        }
        self.found.pop_front().unwrap()
    }
}

/// The big-endian bytes of a product of words.
fn product_be(factors: &[u64]) -> Vec<u8> {
    let mut limbs = vec![1u64];
    for &f in factors {
        let mut carry = 0u128;
        for l in &mut limbs {
            let t = u128::from(*l) * u128::from(f) + carry;
            *l = t as u64;
            carry = t >> 64;
        }
        if carry > 0 {
            limbs.push(carry as u64);
        }
    }
    let bytes: Vec<u8> = limbs.iter().rev().flat_map(|l| l.to_be_bytes()).collect();
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    bytes[skip..].to_vec()
}

/// The base64 of an `ssh-rsa` blob with e = 65537 and modulus `n` (big-endian, no leading 0).
fn ssh_rsa_base64(n: &[u8]) -> String {
    use base64ct::{Base64, Encoding};
    let mut blob = Vec::new();
    let mut put = |field: &[u8]| {
        blob.extend_from_slice(&(field.len() as u32).to_be_bytes());
        blob.extend_from_slice(field);
    };
    put(b"ssh-rsa");
    put(&[1, 0, 1]);
    let mut mpint = vec![0u8];
    mpint.extend_from_slice(n);
    put(if n[0] & 0x80 != 0 { &mpint } else { n });
    Base64::encode_string(&blob)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("gen") => {
            let n: usize = args[2].parse().unwrap();
            let mut rng = TestRng::seeded(args[3].parse().unwrap());
            let mut out = std::io::BufWriter::new(std::fs::File::create(&args[4]).unwrap());
            for _ in 0..n {
                writeln!(out, "{}", hex(&modulus_bytes(&mut rng))).unwrap();
            }
        }
        Some("distinct") => {
            let n: usize = args[2].parse().unwrap();
            let ssh = args.get(4).is_some_and(|a| a == "ssh");
            let mut out = std::io::BufWriter::new(std::fs::File::create(&args[3]).unwrap());
            let mut primes = Primes::from((2f64).powf(2047.5 / 51.0) as u64);
            let mut previous_first = 0;
            for i in 0..n {
                let mut factors: Vec<u64> = (0..51).map(|_| primes.next()).collect();
                let first = factors[0];
                if i >= 50_000 && (i - 50_000) % 100_000 == 0 {
                    factors[0] = previous_first;
                }
                previous_first = first;
                let bytes = product_be(&factors);
                if ssh {
                    writeln!(out, "ssh-rsa {} m{i}", ssh_rsa_base64(&bytes)).unwrap();
                } else {
                    writeln!(out, "{}", hex(&bytes)).unwrap();
                }
            }
        }
        Some("shared") => {
            let text = std::fs::read_to_string(&args[2]).unwrap();
            let moduli: Vec<Modulus> = text
                .lines()
                .filter(|l| !l.is_empty())
                .map(|l| Modulus::from_be_bytes(&unhex(l.trim())))
                .collect();
            let start = Instant::now();
            let found = keywright::audit::batch_gcd::shared_factors(&moduli);
            println!(
                "{} moduli: {:.3} s, {} sharing a factor",
                moduli.len(),
                start.elapsed().as_secs_f64(),
                found.len()
            );
        }
        Some("known") => {
            // badkeys' sharedprimes: each modulus against a primes<bits>.dat, on every core.
            let text = std::fs::read_to_string(&args[3]).unwrap();
            let moduli: Vec<Modulus> = text
                .lines()
                .filter(|l| !l.is_empty())
                .map(|l| Modulus::from_be_bytes(&unhex(l.trim())))
                .collect();
            let (start, cpu) = (Instant::now(), cpu_seconds());
            let mut list = keywright::audit::Blocklist::new();
            let bytes = std::fs::read(&args[2]).unwrap();
            list.add_known_primes(2048, &args[2], &bytes).unwrap();
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
            let chunk = moduli.len().div_ceil(threads).max(1);
            let found: usize = std::thread::scope(|scope| {
                let list = &list;
                let handles: Vec<_> = moduli
                    .chunks(chunk)
                    .map(|part| {
                        scope.spawn(move || {
                            if std::env::var_os("KNOWN_SINGLE").is_some() {
                                return part
                                    .iter()
                                    .filter(|m| list.known_prime(m).is_some())
                                    .count();
                            }
                            let refs: Vec<&Modulus> = part.iter().collect();
                            list.known_primes_many(&refs)
                                .iter()
                                .filter(|k| k.is_some())
                                .count()
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).sum()
            });
            println!(
                "{} moduli: {:.3} s wall, {:.3} s CPU, {found} with a known prime",
                moduli.len(),
                start.elapsed().as_secs_f64(),
                cpu_seconds() - cpu,
            );
        }
        Some("perkey") => {
            let n: usize = args[2].parse().unwrap();
            let mut rng = TestRng::seeded(7);
            let moduli: Vec<Modulus> = (0..n)
                .map(|_| {
                    loop {
                        let m = Modulus::from_be_bytes(&modulus_bytes(&mut rng));
                        if m.small_factor(65537).is_none() {
                            break m;
                        }
                    }
                })
                .collect();
            let e = Modulus::from(65537);
            type Check = (&'static str, fn(&Modulus, &Modulus) -> bool);
            let checks: [Check; 7] = [
                ("small_factor+roca", |m, _| {
                    m.small_factor_and_roca(Some(65537), true) != (None, false)
                }),
                ("roca", |m, _| m.is_roca()),
                ("fermat(100)", |m, _| m.fermat(100).is_some()),
                ("small_factor(65537)", |m, _| {
                    m.small_factor(65537).is_some()
                }),
                ("perfect_power", |m, _| m.perfect_power().is_some()),
                ("is_even", |m, _| m.is_even()),
                ("smalld (e = 65537)", |m, e| {
                    small_private_exponent(m, e).is_some()
                }),
            ];
            let only = args.get(3);
            let (mut total, mut total_cpu) = (0.0, 0.0);
            for (name, check) in checks {
                if only.is_some_and(|o| !name.starts_with(o.as_str())) {
                    continue;
                }
                let (start, cpu) = (Instant::now(), cpu_seconds());
                let hits = moduli.iter().filter(|m| check(m, &e)).count();
                let us = start.elapsed().as_secs_f64() * 1e6 / n as f64;
                let cpu_us = (cpu_seconds() - cpu) * 1e6 / n as f64;
                total += us;
                total_cpu += cpu_us;
                println!(
                    "{name:22} {us:8.2} us wall, {cpu_us:8.2} us CPU per modulus ({hits} hits)"
                );
            }
            println!(
                "{:22} {total:8.2} us wall, {total_cpu:8.2} us CPU per modulus",
                "all"
            );
        }
        Some("tree") => {
            // Experiment: small factors of a batch by a remainder tree of the primorial.
            use dashu_int::UBig;
            use dashu_int::ops::Gcd;
            let n: usize = args[2].parse().unwrap();
            let batch: usize = args[3].parse().unwrap();
            let mut rng = TestRng::seeded(7);
            let moduli: Vec<UBig> = (0..n)
                .map(|_| UBig::from_be_bytes(&modulus_bytes(&mut rng)))
                .collect();
            let mut primorial = UBig::ONE;
            let mut p = 2u32;
            while p <= 65537 {
                if (2..p)
                    .take_while(|d| d * d <= p)
                    .all(|d| !p.is_multiple_of(d))
                {
                    primorial *= UBig::from(p);
                }
                p += 1;
            }
            let (start, cpu) = (Instant::now(), cpu_seconds());
            let mut hits = 0;
            for chunk in moduli.chunks(batch) {
                // product tree
                let mut levels: Vec<Vec<UBig>> = vec![chunk.to_vec()];
                while levels.last().unwrap().len() > 1 {
                    let next: Vec<UBig> = levels
                        .last()
                        .unwrap()
                        .chunks(2)
                        .map(|c| c.iter().product())
                        .collect();
                    levels.push(next);
                }
                let mut rems = vec![&primorial % &levels.last().unwrap()[0]];
                for level in levels.iter().rev().skip(1) {
                    rems = level
                        .iter()
                        .enumerate()
                        .map(|(i, m)| &rems[i / 2] % m)
                        .collect();
                }
                for (r, m) in rems.iter().zip(chunk) {
                    if r.gcd(m) != UBig::ONE {
                        hits += 1;
                    }
                }
            }
            let us = start.elapsed().as_secs_f64() * 1e6 / n as f64;
            let cpu_us = (cpu_seconds() - cpu) * 1e6 / n as f64;
            println!(
                "tree batch {batch}: {us:.2} us wall, {cpu_us:.2} us CPU per modulus ({hits} hits)"
            );
        }
        _ => {
            eprintln!(
                "usage: audit_numbers gen N SEED FILE | shared FILE | perkey N [CHECK] | tree N BATCH"
            );
            std::process::exit(2);
        }
    }
}
