//! The PPK private blob (PuTTY `rsa2_private_blob`, `dsa_private_blob`,
//! `ecdsa_private_blob`, `eddsa_private_blob`).
//!
//! | algorithm | private blob |
//! |---|---|
//! | `ssh-rsa` | mpint d, mpint p, mpint q, mpint iqmp |
//! | `ssh-dss` | mpint x |
//! | `ecdsa-sha2-nistp*` | mpint d |
//! | `ssh-ed25519` | uint32 32, then the 32-byte seed as is (not an mpint) |

use ssh_key::Mpint;
use ssh_key::encoding::{Decode, Encode, Reader};
use ssh_key::private::{
    DsaKeypair, DsaPrivateKey, EcdsaKeypair, EcdsaPrivateKey, Ed25519Keypair, Ed25519PrivateKey,
    KeypairData, RsaKeypair, RsaPrivateKey,
};
use ssh_key::public::{EcdsaPublicKey, KeyData};
use zeroize::Zeroizing;

use super::crypto::BLOCK;
use crate::{Error, Format, Result};

fn malformed(format: Format, e: impl core::fmt::Display) -> Error {
    Error::parse(format, format!("malformed private key blob: {e}"))
}

fn mismatch(format: Format) -> Error {
    Error::parse(
        format,
        "the private key blob does not fit the public key's algorithm",
    )
}

/// Reads a big-endian scalar of at most `SIZE` bytes (an mpint) into a fixed-size array.
fn scalar<const SIZE: usize>(d: &Mpint, format: Format) -> Result<EcdsaPrivateKey<SIZE>> {
    // An empty mpint is zero (refused later as out of range, with the key checks).
    let bytes = match d.as_bytes() {
        [] => &[][..],
        _ => d
            .as_positive_bytes()
            .ok_or_else(|| malformed(format, "negative scalar"))?,
    };
    let start = SIZE
        .checked_sub(bytes.len())
        .ok_or_else(|| malformed(format, "scalar longer than the curve order"))?;
    let mut out = Zeroizing::new([0u8; SIZE]);
    out.get_mut(start..)
        .ok_or_else(|| malformed(format, "scalar length"))?
        .copy_from_slice(bytes);
    Ok(EcdsaPrivateKey::from(*out))
}

/// Decodes the plaintext private blob for `public`. Up to 15 trailing bytes (the padding
/// to the cipher block) are ignored, as PuTTY does.
pub(super) fn decode(public: &KeyData, blob: &[u8], format: Format) -> Result<KeypairData> {
    let mut reader = blob;
    let err = |e: ssh_key::encoding::Error| malformed(format, e);
    let keypair = match public {
        KeyData::Rsa(public) => {
            let d = Mpint::decode(&mut reader).map_err(err)?;
            let p = Mpint::decode(&mut reader).map_err(err)?;
            let q = Mpint::decode(&mut reader).map_err(err)?;
            let iqmp = Mpint::decode(&mut reader).map_err(err)?;
            let private = RsaPrivateKey::new(d, iqmp, p, q).map_err(|e| malformed(format, e))?;
            KeypairData::Rsa(
                RsaKeypair::new(public.clone(), private).map_err(|e| malformed(format, e))?,
            )
        }
        KeyData::Dsa(public) => {
            let x = Mpint::decode(&mut reader).map_err(err)?;
            let private = DsaPrivateKey::new(x).map_err(|e| malformed(format, e))?;
            KeypairData::Dsa(
                DsaKeypair::new(public.clone(), private).map_err(|e| malformed(format, e))?,
            )
        }
        KeyData::Ecdsa(public) => {
            let d = Zeroizing::new(Mpint::decode(&mut reader).map_err(err)?);
            KeypairData::Ecdsa(match public {
                EcdsaPublicKey::NistP256(point) => EcdsaKeypair::NistP256 {
                    public: *point,
                    private: scalar(&d, format)?,
                },
                EcdsaPublicKey::NistP384(point) => EcdsaKeypair::NistP384 {
                    public: *point,
                    private: scalar(&d, format)?,
                },
                EcdsaPublicKey::NistP521(point) => EcdsaKeypair::NistP521 {
                    public: *point,
                    private: scalar(&d, format)?,
                },
            })
        }
        KeyData::Ed25519(public) => {
            let mut seed = Zeroizing::new([0u8; Ed25519PrivateKey::BYTE_SIZE]);
            let n = reader.read_byten(seed.as_mut_slice()).map_err(err)?.len();
            if n != Ed25519PrivateKey::BYTE_SIZE {
                return Err(malformed(
                    format,
                    format!("an Ed25519 seed is 32 bytes, not {n}"),
                ));
            }
            KeypairData::Ed25519(Ed25519Keypair {
                public: *public,
                private: Ed25519PrivateKey::from_bytes(&seed),
            })
        }
        _ => return Err(mismatch(format)),
    };
    if reader.remaining_len() >= BLOCK {
        return Err(malformed(
            format,
            format!("{} unexpected trailing bytes", reader.remaining_len()),
        ));
    }
    Ok(keypair)
}

/// Whether the positive integer `a` is below `b`.
fn magnitude_less(a: &Mpint, b: &Mpint) -> bool {
    let a = a.as_positive_bytes().unwrap_or_default();
    let b = b.as_positive_bytes().unwrap_or_default();
    (a.len(), a) < (b.len(), b)
}

/// Encodes the (unpadded) private blob of `keypair`.
pub(super) fn encode(keypair: &KeypairData) -> Result<Zeroizing<Vec<u8>>> {
    // Room for the largest key (16384-bit RSA) and the padding, so no reallocation leaves a
    // copy of the key behind.
    let mut out = Zeroizing::new(Vec::with_capacity(8 * 1024));
    let err = |e: ssh_key::encoding::Error| Error::unsupported(format!("ppk encoding: {e}"));
    match keypair {
        KeypairData::Rsa(k) => {
            // PuTTY's `rsa_verify` swaps the primes of every key it loads so that p > q, so
            // puttygen writes p > q whatever the source; doing the same keeps our output
            // byte-identical to puttygen's.
            let swapped;
            let k = if magnitude_less(k.private().p(), k.private().q()) {
                swapped = crate::key::rsa::swap_primes(k)?;
                &swapped
            } else {
                k
            };
            let private = k.private();
            for m in [private.d(), private.p(), private.q(), private.iqmp()] {
                m.encode(&mut *out).map_err(err)?;
            }
        }
        KeypairData::Dsa(k) => k.private().as_mpint().encode(&mut *out).map_err(err)?,
        KeypairData::Ecdsa(k) => {
            Zeroizing::new(Mpint::from_positive_bytes(k.private_key_bytes()))
                .encode(&mut *out)
                .map_err(err)?;
        }
        KeypairData::Ed25519(k) => {
            let seed = Zeroizing::new(k.private.to_bytes());
            seed.as_slice().encode(&mut *out).map_err(err)?;
        }
        _ => return Err(Error::unsupported("writing this key type as PPK")),
    }
    Ok(out)
}
