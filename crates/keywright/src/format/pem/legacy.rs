//! OpenSSL's legacy PEM encryption (RFC 1421/1423 `Proc-Type: 4,ENCRYPTED` with
//! `DEK-Info`): CBC with a key from `EVP_BytesToKey` (MD5, one iteration, the IV's first 8
//! bytes as salt). Unauthenticated and brute-force friendly; read only. Without the
//! `legacy-pem` feature only the headers are read ([`is_encrypted`]): the decryption is
//! not built and [`decrypt`] refuses with `Error::FeatureDisabled`.

#[cfg(feature = "legacy-pem")]
use aes::{Aes128, Aes192, Aes256};
#[cfg(feature = "legacy-pem")]
use cbc::cipher::block_padding::Pkcs7;
#[cfg(feature = "legacy-pem")]
use cbc::cipher::{BlockModeDecrypt, KeyIvInit};
#[cfg(feature = "legacy-pem")]
use md5::{Digest, Md5};
use zeroize::Zeroizing;

use super::armor::Armor;
#[cfg(feature = "legacy-pem")]
use crate::format::text::decode_hex;
use crate::{Error, Passphrase, Result};

/// The ciphers of `DEK-Info`.
#[cfg(feature = "legacy-pem")]
#[derive(Clone, Copy)]
enum Cipher {
    Aes128,
    Aes192,
    Aes256,
    DesEde3,
}

#[cfg(feature = "legacy-pem")]
impl Cipher {
    fn parse(name: &str) -> Option<Cipher> {
        match name.to_ascii_uppercase().as_str() {
            "AES-128-CBC" => Some(Cipher::Aes128),
            "AES-192-CBC" => Some(Cipher::Aes192),
            "AES-256-CBC" => Some(Cipher::Aes256),
            "DES-EDE3-CBC" => Some(Cipher::DesEde3),
            _ => None,
        }
    }

    fn key_len(self) -> usize {
        match self {
            Cipher::Aes128 => 16,
            Cipher::Aes192 | Cipher::DesEde3 => 24,
            Cipher::Aes256 => 32,
        }
    }

    fn iv_len(self) -> usize {
        match self {
            Cipher::DesEde3 => 8,
            _ => 16,
        }
    }
}

fn header_error(armor: &Armor<'_>, reason: &str) -> Error {
    Error::Parse {
        format: crate::Format::Pem,
        offset: Some(armor.headers_at),
        reason: reason.into(),
    }
}

/// Whether the armour's headers say it is encrypted (and are otherwise acceptable).
pub(crate) fn is_encrypted(armor: &Armor<'_>) -> Result<bool> {
    if armor.headers.is_empty() {
        return Ok(false);
    }
    match armor.header("Proc-Type") {
        Some(v) if v.replace(' ', "").eq_ignore_ascii_case("4,ENCRYPTED") => Ok(true),
        _ => Err(header_error(
            armor,
            "PEM headers without `Proc-Type: 4,ENCRYPTED`",
        )),
    }
}

/// `EVP_BytesToKey(MD5, salt, passphrase, count = 1)`: `D_i = MD5(D_{i-1} || P || S)`.
#[cfg(feature = "legacy-pem")]
fn bytes_to_key(passphrase: &[u8], salt: &[u8], len: usize) -> Zeroizing<Vec<u8>> {
    let mut key = Zeroizing::new(Vec::with_capacity(len + 16));
    let mut previous = Zeroizing::new(Vec::new());
    while key.len() < len {
        let mut md5 = Md5::new();
        md5.update(previous.as_slice());
        md5.update(passphrase);
        md5.update(salt);
        let digest = md5.finalize();
        previous = Zeroizing::new(digest.to_vec());
        key.extend_from_slice(&digest);
    }
    key.truncate(len);
    key
}

#[cfg(feature = "legacy-pem")]
fn decrypt_in_place<'b, C>(key: &[u8], iv: &[u8], buf: &'b mut [u8]) -> Option<&'b [u8]>
where
    C: BlockModeDecrypt + KeyIvInit,
{
    C::new_from_slices(key, iv)
        .ok()?
        .decrypt_padded::<Pkcs7>(buf)
        .ok()
}

/// Decrypts the body of an encrypted armour. Padding failures are reported as
/// [`Error::WrongPassphrase`] (the caller maps every later failure to it as well).
#[cfg(feature = "legacy-pem")]
pub(crate) fn decrypt(
    armor: &Armor<'_>,
    passphrase: Option<&Passphrase>,
) -> Result<Zeroizing<Vec<u8>>> {
    let dek = armor
        .header("DEK-Info")
        .ok_or_else(|| header_error(armor, "encrypted PEM without a DEK-Info header"))?;
    let (name, iv_hex) = dek
        .split_once(',')
        .ok_or_else(|| header_error(armor, "DEK-Info is not `CIPHER,IV`"))?;
    let cipher = Cipher::parse(name.trim())
        .ok_or_else(|| Error::unsupported(format!("legacy PEM cipher {:?}", name.trim())))?;
    let iv = decode_hex(iv_hex.trim())
        .filter(|iv| iv.len() == cipher.iv_len())
        .ok_or_else(|| header_error(armor, "the DEK-Info IV is not hex of the cipher's IV size"))?;
    let passphrase = crate::secret::required(passphrase)?;
    let salt = iv.get(..8).unwrap_or_default();
    let key = bytes_to_key(passphrase.as_bytes(), salt, cipher.key_len());
    let mut buf = Zeroizing::new(armor.body.to_vec());
    let len = match cipher {
        Cipher::Aes128 => decrypt_in_place::<cbc::Decryptor<Aes128>>(&key, &iv, &mut buf),
        Cipher::Aes192 => decrypt_in_place::<cbc::Decryptor<Aes192>>(&key, &iv, &mut buf),
        Cipher::Aes256 => decrypt_in_place::<cbc::Decryptor<Aes256>>(&key, &iv, &mut buf),
        Cipher::DesEde3 => decrypt_in_place::<cbc::Decryptor<des::TdesEde3>>(&key, &iv, &mut buf),
    }
    .map(<[u8]>::len)
    .ok_or(Error::WrongPassphrase)?;
    buf.truncate(len);
    Ok(buf)
}

/// Without the `legacy-pem` feature: [`Error::FeatureDisabled`] (the decryption is not built).
#[cfg(not(feature = "legacy-pem"))]
pub(crate) fn decrypt(
    _armor: &Armor<'_>,
    _passphrase: Option<&Passphrase>,
) -> Result<Zeroizing<Vec<u8>>> {
    Err(crate::features::legacy_pem_disabled(
        "encrypted legacy PEM (Proc-Type) keys",
    ))
}
