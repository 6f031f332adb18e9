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

/// Bounds the sizes of the DSA parameters (FIPS 186 allows at most 3072-bit `p` and
/// 256-bit `q`), before any arithmetic is done with them. Every DSA key read passes here:
/// without the `dsa` feature it is refused ([`Error::FeatureDisabled`]).
pub(crate) fn check_public(public: &DsaPublicKey) -> Result<()> {
    crate::features::dsa()?;
    let bits = bits(public);
    if !(512..=3072).contains(&bits) {
        return Err(invalid(&format!("a {bits}-bit p is outside 512..=3072")));
    }
    let q_bits = bit_length(positive(public.q()));
    if q_bits > 256 {
        return Err(invalid("q is over 256 bits"));
    }
    if q_bits > bits {
        return Err(invalid("q is longer than p"));
    }
    if bit_length(positive(public.g())) > bits {
        return Err(invalid("g is longer than p"));
    }
    if bit_length(positive(public.y())) > bits {
        return Err(invalid("y is longer than p"));
    }
    Ok(())
}

/// Bounds `x` by `q` (the check that needs no arithmetic), before any exponentiation.
fn check_private_size(q: &[u8], x: &[u8]) -> Result<()> {
    if bit_length(x) == 0 || bit_length(x) > bit_length(q) {
        return Err(invalid("x is out of range"));
    }
    Ok(())
}

/// Checks a key pair: sizes, `g` in `2..p`, `x` in `1..q`, `y = g^x mod p`, and
/// `g^q mod p = 1`.
pub(crate) fn check_keypair(keypair: &DsaKeypair) -> Result<()> {
    let public = keypair.public();
    check_public(public)?;
    let (p, q, g) = (
        positive(public.p()),
        positive(public.q()),
        positive(public.g()),
    );
    let x = positive(keypair.private().as_mpint());
    check_private_size(q, x)?;
    if bit_length(g) < 2 {
        return Err(invalid("g is 0 or 1"));
    }
    let derived = public_value(p, g, x).ok_or_else(|| invalid("g is not below an odd p"))?;
    if strip(positive(public.y())) != derived.as_slice() {
        return Err(invalid("y is not g^x mod p"));
    }
    // g must generate a subgroup of order q, or signatures made with x do not verify with
    // y (a damaged p passes the check above; the PPK reader's sign-and-verify refuses it).
    if public_value(p, g, q).as_deref() != Some(&[1u8][..]) {
        return Err(invalid("g does not have order q mod p"));
    }
    Ok(())
}

fn positive(m: &Mpint) -> &[u8] {
    m.as_positive_bytes().unwrap_or_default()
}

fn strip(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
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
    let public = DsaPublicKey::new(mpint(p), mpint(q), mpint(g), mpint(y))
        .map_err(|e| invalid(&e.to_string()))?;
    check_public(&public)?;
    Ok(public)
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

/// A key pair from `p, q, g` and `x`, with `y` as stored or, when the file does not
/// store it (PKCS#8), computed. [`check_keypair`] runs when the key is built.
pub(crate) fn keypair_from_parts(
    p: &[u8],
    q: &[u8],
    g: &[u8],
    y: Option<&[u8]>,
    x: &[u8],
) -> Result<DsaKeypair> {
    crate::features::dsa()?;
    let y = match y {
        Some(y) => y.to_vec(),
        None => {
            // Bound the sizes before the exponentiation.
            public_from_parts(p, q, g, &[1])?;
            check_private_size(q, x)?;
            public_value(p, g, x).ok_or_else(|| invalid("g is not below an odd p"))?
        }
    };
    let public = public_from_parts(p, q, g, &y)?;
    let private = DsaPrivateKey::new(mpint(x)).map_err(|e| invalid(&e.to_string()))?;
    DsaKeypair::new(public, private).map_err(|e| invalid(&e.to_string()))
}
