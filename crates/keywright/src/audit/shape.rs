//! Bit and byte patterns of an RSA modulus that a random key generator does not make, with
//! the semantics of badkeys 0.0.21's `pattern`, `rsabias`, `rsapoly` and `xzbackdoor` checks:
//! sixteen equal bytes in a row, too many or too few bits set, the zero blocks of
//! "short-sleeve" keys (factorable as polynomials: CompleteFTP's and an unknown generator's),
//! and the magic of the xz-utils backdoor's command keys (CVE-2024-3094). Each costs a pass
//! over the modulus' words; none allocates.

use super::number::Modulus;

/// Whether `be` (a modulus' minimal big-endian bytes) holds one byte sixteen times in a row.
pub(crate) fn repeated_bytes(be: &[u8]) -> bool {
    let mut run = 0usize;
    let mut previous = None;
    for &b in be {
        run = if previous == Some(b) { run + 1 } else { 1 };
        previous = Some(b);
        if run >= 16 {
            return true;
        }
    }
    false
}

/// The xz-utils backdoor's check on a modulus (its minimal big-endian bytes): with the bytes
/// as ASN.1 writes them (a zero before a high top bit), `a * b + c <= 3` for the little-endian
/// words `a = bytes[0..4]`, `b = bytes[4..8]`, `c = bytes[8..16]` (modulo 2^64).
pub(crate) fn xz_backdoor(be: &[u8]) -> bool {
    if be.is_empty() {
        return false;
    }
    let mut head = [0u8; 16];
    let skip = usize::from(be.first().is_some_and(|b| b & 0x80 != 0));
    for (slot, b) in head.iter_mut().skip(skip).zip(be) {
        *slot = *b;
    }
    let word = |range: core::ops::Range<usize>| {
        head.get(range)
            .unwrap_or_default()
            .iter()
            .rev()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b))
    };
    let (a, b, c) = (word(0..4), word(4..8), word(8..16));
    a.wrapping_mul(b).wrapping_add(c) <= 3
}

/// `floor(100 * set bits / bit length)` of the low `bits` bits of `words`; `None` when they
/// are all zero (badkeys' `_bitpct`, which divides by the bit length).
fn bit_percent(words: &[u64], bits: usize) -> Option<u32> {
    let mut set = 0u64;
    let mut length = 0usize;
    for (i, &w) in words.iter().enumerate() {
        let start = 64 * i;
        if start >= bits {
            break;
        }
        let w = if bits - start < 64 {
            w & ((1u64 << (bits - start)) - 1)
        } else {
            w
        };
        set += u64::from(w.count_ones());
        if w != 0 {
            length = start + 64 - w.leading_zeros() as usize;
        }
    }
    (length > 0).then(|| (set * 100 / length as u64) as u32)
}

/// The bit percentage of `n` and of its lower half (`n mod 2^(bits / 2)`).
fn percentages(n: &Modulus) -> Option<(u32, u32)> {
    let words = n.0.as_words();
    let bits = n.bits() as usize;
    Some((bit_percent(words, bits)?, bit_percent(words, bits / 2)?))
}

/// An unusual share of set bits (badkeys' `rsabias`): the percentage, and whether the lower
/// half is unbiased (a "vanity" key: chosen top bits). `has_small_factor` is asked only for
/// biased moduli (badkeys leaves those to its small-factor check); sparse moduli with both
/// halves under 40% are [`polynomial`]'s.
pub(crate) fn bias(n: &Modulus, has_small_factor: impl FnOnce() -> bool) -> Option<(u32, bool)> {
    let bits = n.bits();
    let threshold = match bits {
        2001.. => 10,
        1001..=2000 => 12,
        _ => 17,
    };
    let unbiased = |pct: u32| 50 - threshold < pct && pct <= 50 + threshold;
    let words = n.0.as_words();
    let pct = bit_percent(words, bits as usize)?;
    if unbiased(pct) || has_small_factor() {
        return None;
    }
    let lower = bit_percent(words, bits as usize / 2)?;
    if pct < 40 && lower < 40 {
        return None;
    }
    Some((pct, unbiased(lower)))
}

/// A "short-sleeve" modulus (badkeys' `rsapoly`): fewer than 40% of the bits set in it and in
/// its lower half, no small factor, at least 500 bits. The percentage and, when the zero
/// blocks match a known generator, its name: `completeftp` (CompleteFTP 10.0.0-12.0.0) or
/// `nautilus` (badkeys' name for an unidentified one).
pub(crate) fn polynomial(
    n: &Modulus,
    has_small_factor: impl FnOnce() -> bool,
) -> Option<(u32, Option<&'static str>)> {
    let (pct, lower) = percentages(n)?;
    if pct >= 40 || n.bits() < 500 || lower >= 40 || has_small_factor() {
        return None;
    }
    let words = n.0.as_words();
    let bits = n.bits() as usize;
    let subtest = if zero_blocks(words, bits, 128, 0xffff_ffff_ffff_0000) {
        Some("nautilus")
    } else if zero_blocks(words, bits, 32, 0x3ff0_0000) {
        Some("completeftp")
    } else {
        None
    };
    Some((pct, subtest))
}

/// Bits `[width * index, width * (index + 1))` of `words` (`width` a multiple of 32, at most
/// 128).
fn chunk(words: &[u64], width: usize, index: usize) -> u128 {
    (0..width / 32).fold(0u128, |acc, k| {
        let bit = width * index + 32 * k;
        let word = words.get(bit / 64).copied().unwrap_or(0);
        acc | (u128::from((word >> (bit % 64)) as u32) << (32 * k))
    })
}

/// badkeys' `_checkbits`: every `width`-bit chunk above the lowest has the `mask` bits clear,
/// and at most one of the chunks looked at after the first is zero (the one past the top
/// always is).
fn zero_blocks(words: &[u64], bits: usize, width: usize, mask: u128) -> bool {
    let mut set = 0u128;
    let mut zero_chunks = 0;
    let mut j = 1;
    while width * j < bits {
        set |= chunk(words, width, j) & mask;
        if chunk(words, width, j + 1) == 0 {
            zero_chunks += 1;
        }
        j += 1;
    }
    zero_chunks < 2 && set == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use dashu_int::UBig;
    use dashu_int::ops::BitTest;
    use proptest::prelude::*;

    /// badkeys' `_bitpct`, on a big integer.
    fn reference_percent(x: &UBig) -> Option<u32> {
        let bits = x.bit_len();
        let set: usize = x.as_words().iter().map(|w| w.count_ones() as usize).sum();
        (bits > 0).then(|| (set * 100 / bits) as u32)
    }

    /// badkeys' `_checkbits`, line by line on a big integer.
    fn reference_checkbits(n: &UBig, width: usize, mask: u128) -> bool {
        let chunk_mask = (UBig::ONE << width) - UBig::ONE;
        let mask = UBig::from(mask);
        let mut rest = n >> width;
        let mut set = UBig::ZERO;
        let mut zero_chunks = 0;
        while rest != UBig::ZERO {
            set |= &rest & &mask;
            rest >>= width;
            if &chunk_mask & &rest == UBig::ZERO {
                zero_chunks += 1;
            }
        }
        zero_chunks < 2 && set == UBig::ZERO
    }

    /// Words that are often sparse in the places the patterns look at.
    fn words() -> impl Strategy<Value = Vec<u64>> {
        prop::collection::vec(
            prop_oneof![
                any::<u64>(),
                any::<u64>().prop_map(|w| w & 0xffff),
                any::<u64>().prop_map(|w| w & !0x3ff0_0000_3ff0_0000),
                Just(0u64),
            ],
            0..40,
        )
    }

    proptest! {
        #[test]
        fn bit_patterns_match_badkeys_definitions(words in words(), cut in 0usize..2600) {
            let n = UBig::from_words(&words);
            let bits = n.bit_len();
            prop_assert_eq!(bit_percent(n.as_words(), bits), reference_percent(&n));
            let low = &n % (UBig::ONE << (cut.min(bits)));
            prop_assert_eq!(bit_percent(n.as_words(), cut.min(bits)), reference_percent(&low));
            if bits > 128 {
                for (width, mask) in [(128, 0xffff_ffff_ffff_0000u128), (32, 0x3ff0_0000)] {
                    prop_assert_eq!(
                        zero_blocks(n.as_words(), bits, width, mask),
                        reference_checkbits(&n, width, mask)
                    );
                }
            }
        }
    }

    fn n_be(bytes: &[u8]) -> Modulus {
        Modulus::from_be_bytes(bytes)
    }

    #[test]
    fn sixteen_equal_bytes() {
        let mut be = vec![0x5a; 15];
        be.insert(0, 0xc3);
        assert!(!repeated_bytes(&be));
        be.push(0x5a);
        assert!(repeated_bytes(&be));
        assert!(!repeated_bytes(&[]));
    }

    #[test]
    fn xz_magic() {
        // a = 1, b = 0, c = 2: 2 <= 3.
        let mut be = vec![1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0];
        be.extend([0x77; 32]);
        assert!(xz_backdoor(&be));
        // c = 4.
        be[8] = 4;
        assert!(!xz_backdoor(&be));
        // A high top bit shifts everything by the ASN.1 zero: a = 0 and c's low byte is 2.
        let mut high = vec![0x80, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0];
        high.extend([0x77; 32]);
        assert!(xz_backdoor(&high));
        assert!(!xz_backdoor(&[]));
        // Short moduli read as zero-padded words (Python's slices): a = b = c = 0.
        assert!(xz_backdoor(&[1]));
    }

    #[test]
    fn percentages_round_down() {
        // 0b1011: 3 of 4 bits, 75%; lower half 0b11, 100%.
        assert_eq!(bit_percent(&[0b1011], 4), Some(75));
        assert_eq!(bit_percent(&[0b1011], 2), Some(100));
        assert_eq!(bit_percent(&[0b1000], 2), None);
        // 7 set of 3 * 64 - 1 bits.
        assert_eq!(bit_percent(&[0x7f, 0, 1 << 62], 191), Some(4));
    }

    #[test]
    fn vanity_and_sparse_moduli() {
        // 2048 bits: the top half all ones (75% overall), the lower half alternating (50%).
        let mut be = vec![0xff; 128];
        be.extend([0xa5; 128]);
        let n = n_be(&be);
        assert_eq!(bias(&n, || false), Some((75, true)));
        assert_eq!(bias(&n, || true), None);
        assert_eq!(polynomial(&n, || false), None);
        // A modulus with a quarter of its bits set: polynomial's, not bias's.
        let sparse = n_be(&[0x88; 256]);
        assert_eq!(bias(&sparse, || false), None);
        assert_eq!(polynomial(&sparse, || false), Some((25, None)));
        assert_eq!(polynomial(&sparse, || true), None);
        // Random-looking bits: nothing.
        let mixed: Vec<u8> = (0..256u32).map(|i| (i * 151 + 17) as u8).collect();
        assert_eq!(bias(&n_be(&mixed), || false), None);
    }

    #[test]
    fn short_sleeve_blocks() {
        // Every 128-bit chunk: bits 16..64 clear, the rest 0x11 bytes (nonzero).
        let mut words = vec![0u64; 32];
        for (i, w) in words.iter_mut().enumerate() {
            *w = if i % 2 == 0 {
                0x1111
            } else {
                0x1111_1111_1111_1111
            };
        }
        let be: Vec<u8> = words.iter().rev().flat_map(|w| w.to_be_bytes()).collect();
        assert_eq!(
            polynomial(&n_be(&be), || false).map(|r| r.1),
            Some(Some("nautilus"))
        );
        // Every 32-bit chunk with bits 20..30 clear.
        let words: Vec<u64> = vec![0x0001_1111_0001_1111; 32];
        let be: Vec<u8> = words.iter().rev().flat_map(|w| w.to_be_bytes()).collect();
        assert_eq!(
            polynomial(&n_be(&be), || false).map(|r| r.1),
            Some(Some("completeftp"))
        );
        // A second zero chunk besides the one past the top: not the pattern.
        let mut words = vec![0x0001_1111_0001_1111u64; 32];
        words[10] = 0x0001_1111_0000_0000;
        let be: Vec<u8> = words.iter().rev().flat_map(|w| w.to_be_bytes()).collect();
        assert_eq!(polynomial(&n_be(&be), || false).map(|r| r.1), Some(None));
    }
}
