//! The one deterministic random generator of keywright's tests, benches and examples.
//!
//! [`TestRng::seeded`] is SplitMix64: the same seed makes the same bytes (and so the same
//! keys) on every run and every machine. [`TestRng::replaying`] hands out given bytes, over
//! and over: a key generator that takes its seed first (Ed25519) then makes the key of that
//! seed. Both are `rand_core` [`TryCryptoRng`](rand_core::TryCryptoRng)s, so they go where
//! keywright takes a generator (`keywright::generate_with_rng`); never outside tests.

use core::convert::Infallible;

/// A deterministic generator: SplitMix64 from a seed, or a replay of fixed bytes.
#[derive(Clone, Debug)]
pub struct TestRng(Source);

#[derive(Clone, Debug)]
enum Source {
    /// SplitMix64's state.
    SplitMix(u64),
    /// The bytes, and how many were handed out.
    Replay(Vec<u8>, usize),
}

impl TestRng {
    /// SplitMix64 seeded with `seed`.
    #[must_use]
    pub fn seeded(seed: u64) -> TestRng {
        TestRng(Source::SplitMix(seed))
    }

    /// A generator that hands out `bytes`, over and over (all zeros when `bytes` is empty).
    #[must_use]
    pub fn replaying(bytes: &[u8]) -> TestRng {
        TestRng(Source::Replay(bytes.to_vec(), 0))
    }

    /// The next 64 bits (little-endian bytes when replaying).
    pub fn next_u64(&mut self) -> u64 {
        match &mut self.0 {
            Source::SplitMix(state) => {
                *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
                let mut z = *state;
                z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
                z ^ (z >> 31)
            }
            Source::Replay(..) => {
                let mut b = [0; 8];
                self.fill(&mut b);
                u64::from_le_bytes(b)
            }
        }
    }

    /// Fills `dst`: SplitMix64 words as little-endian bytes, or the replayed bytes in order.
    pub fn fill(&mut self, dst: &mut [u8]) {
        match &mut self.0 {
            Source::SplitMix(_) => {
                for chunk in dst.chunks_mut(8) {
                    let word = self.next_u64().to_le_bytes();
                    chunk.copy_from_slice(&word[..chunk.len()]);
                }
            }
            Source::Replay(bytes, at) => {
                for d in dst {
                    *d = if bytes.is_empty() {
                        0
                    } else {
                        bytes[*at % bytes.len()]
                    };
                    *at += 1;
                }
            }
        }
    }

    /// `n` bytes, as [`TestRng::fill`] makes them.
    #[must_use]
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut out = vec![0; n];
        self.fill(&mut out);
        out
    }
}

impl rand_core::TryRng for TestRng {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0; 4];
        self.fill(&mut b);
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(self.next_u64())
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        self.fill(dst);
        Ok(())
    }
}

impl rand_core::TryCryptoRng for TestRng {}

#[cfg(test)]
mod tests {
    use super::TestRng;

    #[test]
    fn seeded_is_splitmix64() {
        // SplitMix64's reference outputs for seed 0 (Vigna's splitmix64.c).
        let mut rng = TestRng::seeded(0);
        assert_eq!(rng.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(rng.next_u64(), 0x6e78_9e6a_a1b9_65f4);
        let mut again = TestRng::seeded(0);
        assert_eq!(again.bytes(12)[..8], 0xe220_a839_7b1d_cdafu64.to_le_bytes());
    }

    #[test]
    fn replaying_repeats_its_bytes() {
        let mut rng = TestRng::replaying(&[1, 2, 3]);
        assert_eq!(rng.bytes(7), [1, 2, 3, 1, 2, 3, 1]);
        assert_eq!(TestRng::replaying(&[]).bytes(2), [0, 0]);
    }
}
