//! Audit keys for known weaknesses: ROCA, close primes, shared and small prime factors,
//! weak exponents, invalid points, published blocklists and duplicates.

pub mod batch_gcd;
pub mod number;
