//! DSA: read, convert and fingerprint only. Sizes are bounded; nothing is generated.

use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
use crypto_bigint::{BoxedUint, Odd};
use ssh_key::Mpint;
use ssh_key::private::{DsaKeypair, DsaPrivateKey};
use ssh_key::public::DsaPublicKey;
use zeroize::Zeroizing;

use super::bit_length;
use crate::{Error, Result};

/// Bits of `p`.
pub(crate) fn bits(public: &DsaPublicKey) -> u32 {
    bit_length(public.p().as_positive_bytes().unwrap_or_default())
}

/// Bounds the sizes of the DSA parameters (FIPS 186 allows at most 3072-bit `p`).
pub(crate) fn check_public(public: &DsaPublicKey) -> Result<()> {
    let bits = bits(public);
    if !(512..=3072).contains(&bits) {
        return Err(Error::InvalidKey {
            algorithm: "ssh-dss",
            reason: format!("a {bits}-bit p is outside 512..=3072"),
        });
    }
    Ok(())
}

fn invalid(reason: &str) -> Error {
    Error::InvalidKey {
        algorithm: "ssh-dss",
        reason: reason.into(),
    }
}

fn mpint(bytes: &[u8]) -> Mpint {
    Mpint::from_positive_bytes(bytes)
}

/// Our public key from `p, q, g, y` (big-endian unsigned), sizes bounded first.
pub(crate) fn public_from_parts(p: &[u8], q: &[u8], g: &[u8], y: &[u8]) -> Result<DsaPublicKey> {
    let bits = bit_length(p);
    if !(512..=3072).contains(&bits) || bit_length(q) > 256 {
        return Err(invalid("p or q is out of range"));
    }
    DsaPublicKey::new(mpint(p), mpint(q), mpint(g), mpint(y)).map_err(|e| invalid(&e.to_string()))
}

/// `g^x mod p`, or `None` when `p` is even or `g >= p`.
pub(crate) fn public_value(p: &[u8], g: &[u8], x: &[u8]) -> Option<Vec<u8>> {
    let p = BoxedUint::from_be_slice_vartime(p);
    let precision = p.bits_precision();
    let g = BoxedUint::from_be_slice(g, precision).ok()?;
    if g >= p {
        return None;
    }
    let x = Zeroizing::new(BoxedUint::from_be_slice_vartime(x));
    let params = BoxedMontyParams::new(Odd::new(p).into_option()?);
    let y = BoxedMontyForm::new(g, &params).pow(&x).retrieve();
    let bytes = y.to_be_bytes();
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    Some(bytes.get(start..).unwrap_or_default().to_vec())
}

/// A key pair from `p, q, g` and `x`, with `y` as stored (checked to be `g^x mod p`) or
/// computed when the file does not store it (PKCS#8).
pub(crate) fn keypair_from_parts(
    p: &[u8],
    q: &[u8],
    g: &[u8],
    y: Option<&[u8]>,
    x: &[u8],
) -> Result<DsaKeypair> {
    // Bound the sizes before the exponentiation.
    let strip = |b: &'_ [u8]| -> Vec<u8> { b.iter().copied().skip_while(|b| *b == 0).collect() };
    public_from_parts(p, q, g, y.unwrap_or(&[1]))?;
    if bit_length(g) < 2 {
        return Err(invalid("g is 0 or 1"));
    }
    if bit_length(x) == 0 || bit_length(x) > bit_length(q) {
        return Err(invalid("x is out of range"));
    }
    let derived = public_value(p, g, x).ok_or_else(|| invalid("g is not below an odd p"))?;
    if let Some(y) = y
        && strip(y) != derived
    {
        return Err(invalid("y is not g^x mod p"));
    }
    let public = public_from_parts(p, q, g, &derived)?;
    let private = DsaPrivateKey::new(mpint(x)).map_err(|e| invalid(&e.to_string()))?;
    DsaKeypair::new(public, private).map_err(|e| invalid(&e.to_string()))
}
