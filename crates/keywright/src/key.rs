//! The key model: [`PrivateKey`] and [`PublicKey`], with per-algorithm checks and
//! conversions beside them.

pub(crate) mod dsa;
pub(crate) mod ecdsa;
pub(crate) mod ed25519;
mod private;
mod public;
pub(crate) mod rsa;
pub(crate) mod sk;

pub use private::{EncodeOptions, PrivateKey};
pub use public::PublicKey;

/// Bit length of a big-endian unsigned integer (leading zero bytes ignored).
pub(crate) fn bit_length(be: &[u8]) -> u32 {
    let mut bytes = be.iter().skip_while(|b| **b == 0);
    match bytes.next() {
        None => 0,
        Some(first) => {
            let rest = u32::try_from(bytes.count()).unwrap_or(u32::MAX);
            rest.saturating_mul(8)
                .saturating_add(8 - first.leading_zeros())
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn bit_length() {
        assert_eq!(super::bit_length(&[]), 0);
        assert_eq!(super::bit_length(&[0, 0]), 0);
        assert_eq!(super::bit_length(&[0, 1]), 1);
        assert_eq!(super::bit_length(&[0x80, 0]), 16);
        assert_eq!(super::bit_length(&[0, 0x7f, 0xff]), 15);
    }
}
