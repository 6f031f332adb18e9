//! PKCS#8 `PrivateKeyInfo` / `OneAsymmetricKey` (RFC 5208, RFC 5958; Ed25519 per RFC 8410)
//! and `EncryptedPrivateKeyInfo` with PBES2 (RFC 8018: PBKDF2 with HMAC-SHA1/SHA-256,
//! AES-CBC or DES-EDE3-CBC).

use ::pkcs8::pkcs5::{self, EncryptionScheme, pbes2};
use ::pkcs8::{EncryptedPrivateKeyInfoRef, PrivateKeyInfoRef};
use der::asn1::{AnyRef, ObjectIdentifier, OctetStringRef, UintRef};
use der::{Decode, Encode};
use rand_core::Rng;
use ssh_key::private::KeypairData;
use zeroize::Zeroizing;

use super::{ec_keypair, sec1_der};
use crate::format::asn1::{Origin, der_error, encode_error};
use crate::format::{oid, pkcs1, spki};
use crate::key::{dsa, ed25519};
use crate::secret::os_rng;
use crate::{Error, Format, Limits, Passphrase, PrivateKey, Result};

/// PBKDF2-HMAC-SHA256 iterations written into encrypted PKCS#8: 100 000. OpenSSL 3.0 writes
/// 2048 (`PKCS5_DEFAULT_ITER`), which is cheap to brute-force; OWASP's 600 000 for
/// PBKDF2-HMAC-SHA256 would cost six times as long on every read and write. 100 000 is 50
/// times OpenSSL's default and measured at about 20-50 ms per encryption or decryption.
pub(crate) const PBKDF2_ITERATIONS: u32 = 100_000;

const FORMAT: Format = Format::Pkcs8;

/// The PBKDF2 PRF and cipher of an encrypted PKCS#8 file (PBES2), kept from the file read
/// so that changing only the passphrase writes it alike; keywright's own choice is
/// HMAC-SHA-256 with AES-256-CBC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Pbes2Scheme {
    prf: pbes2::Pbkdf2Prf,
    cipher: Cipher,
}

impl Default for Pbes2Scheme {
    fn default() -> Self {
        Pbes2Scheme {
            prf: pbes2::Pbkdf2Prf::HmacWithSha256,
            cipher: Cipher::Aes256,
        }
    }
}

/// The PBES2 ciphers keywright reads and writes (all in CBC mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cipher {
    Aes128,
    Aes192,
    Aes256,
    #[cfg(feature = "legacy-pem")]
    DesEde3,
}

/// What [`decrypt`] learnt of how the file was encrypted.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pbes2Read {
    pub(crate) iterations: u32,
    pub(crate) scheme: Pbes2Scheme,
}

fn inner(what: &'static str) -> impl Fn(der::Error) -> Error {
    move |e| Error::parse(FORMAT, format!("{what}: {}", e.kind()))
}

/// The key pair in a `PrivateKeyInfo` DER.
pub(crate) fn keypair(der: &[u8], origin: Origin<'_>, limits: &Limits) -> Result<KeypairData> {
    let info = PrivateKeyInfoRef::from_der(der)
        .map_err(|e| der_error(FORMAT, origin, "PrivateKeyInfo", e))?;
    let key = info.private_key.as_bytes();
    let public = info
        .public_key
        .map(|bits| {
            bits.as_bytes()
                .ok_or_else(|| Error::parse(FORMAT, "the public key BIT STRING has unused bits"))
        })
        .transpose()?;
    let params = info.algorithm.parameters;
    match info.algorithm.oid {
        oid::RSA => {
            pkcs1::decode_rsa_private(key, FORMAT, Origin::Decrypted, limits).map(KeypairData::Rsa)
        }
        oid::EC => {
            let curve = oid::named_curve(params, FORMAT)?;
            let ec = sec1::EcPrivateKey::from_der(key)
                .or_else(|e| super::sec1_explicit(key).ok_or_else(|| inner("ECPrivateKey")(e)))?;
            ec_keypair(&ec, Some(curve), public, FORMAT).map(KeypairData::Ecdsa)
        }
        oid::ED25519 => {
            let seed = <&OctetStringRef>::from_der(key).map_err(inner("CurvePrivateKey"))?;
            ed25519::keypair_from_parts(seed.as_bytes(), public).map(KeypairData::Ed25519)
        }
        oid::DSA => {
            let params = params
                .ok_or_else(|| Error::parse(FORMAT, "DSA key without parameters"))?
                .decode_as::<Vec<UintRef<'_>>>()
                .map_err(inner("DSA parameters"))?;
            let [p, q, g] = params.as_slice() else {
                return Err(Error::parse(FORMAT, "DSA parameters are not (p, q, g)"));
            };
            let x = UintRef::from_der(key).map_err(inner("DSA private key"))?;
            dsa::keypair_from_parts(p.as_bytes(), q.as_bytes(), g.as_bytes(), None, x.as_bytes())
                .map(KeypairData::Dsa)
        }
        other => Err(Error::UnsupportedAlgorithm {
            name: format!("private key algorithm {other}"),
        }),
    }
}

/// Decrypts an `EncryptedPrivateKeyInfo` DER to the `PrivateKeyInfo` DER inside. The
/// PBKDF2 iteration count is checked against `limits` before any key derivation.
pub(crate) fn decrypt(
    der: &[u8],
    origin: Origin<'_>,
    passphrase: Option<&Passphrase>,
    limits: &Limits,
) -> Result<(Zeroizing<Vec<u8>>, Pbes2Read)> {
    let info = EncryptedPrivateKeyInfoRef::from_der(der).map_err(|e| {
        unknown_scheme(der)
            .unwrap_or_else(|| der_error(FORMAT, origin, "EncryptedPrivateKeyInfo", e))
    })?;
    let params = match &info.encryption_algorithm {
        EncryptionScheme::Pbes2(params) => params,
        _ => {
            return Err(Error::unsupported(
                "PBES1 encryption in PKCS#8 (only PBES2 is read)",
            ));
        }
    };
    let (iterations, prf) = match &params.kdf {
        pbes2::Kdf::Pbkdf2(kdf) => {
            Limits::check(
                "PBKDF2 iterations",
                u64::from(kdf.iteration_count),
                u64::from(limits.max_pbkdf2_iterations),
            )?;
            (kdf.iteration_count, kdf.prf)
        }
        _ => {
            return Err(Error::unsupported("scrypt in PKCS#8 (only PBKDF2 is read)"));
        }
    };
    let cipher = match params.encryption {
        pbes2::EncryptionScheme::Aes128Cbc { .. } => Cipher::Aes128,
        pbes2::EncryptionScheme::Aes192Cbc { .. } => Cipher::Aes192,
        pbes2::EncryptionScheme::Aes256Cbc { .. } => Cipher::Aes256,
        // Without `legacy-pem`, pkcs5 has no DES-EDE3 (`unknown_scheme` refuses it above).
        #[cfg(feature = "legacy-pem")]
        pbes2::EncryptionScheme::DesEde3Cbc { .. } => Cipher::DesEde3,
        _ => {
            return Err(Error::unsupported(format!(
                "PKCS#8 cipher {} (AES-CBC and DES-EDE3-CBC are read)",
                params.encryption.oid()
            )));
        }
    };
    let read = Pbes2Read {
        iterations,
        scheme: Pbes2Scheme { prf, cipher },
    };
    let passphrase = crate::secret::required(passphrase)?;
    let mut buf = Zeroizing::new(info.encrypted_data.as_bytes().to_vec());
    let len = params
        .decrypt_in_place(passphrase.as_bytes(), &mut buf)
        .map_err(|e| match e {
            pkcs5::Error::DecryptFailed => Error::WrongPassphrase,
            other => Error::unsupported(format!("PKCS#8 decryption: {other}")),
        })?
        .len();
    buf.truncate(len);
    Ok((buf, read))
}

/// `pbes2` (RFC 8018 §A.4).
const OID_PBES2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.5.13");
/// PBES2 key derivations: `id-PBKDF2` (RFC 8018 §A.2), `id-scrypt` (RFC 7914 §7).
const KDF_OIDS: [ObjectIdentifier; 2] = [
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.5.12"),
    ObjectIdentifier::new_unwrap("1.3.6.1.4.1.11591.4.11"),
];
/// PBES2 ciphers keywright reads: AES-128/192/256-CBC, DES-EDE3-CBC.
const CIPHER_OIDS: [ObjectIdentifier; 4] = [
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.1.2"),
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.1.22"),
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.1.42"),
    OID_DES_EDE3_CBC,
];
/// `des-ede3-cbc` (RFC 8018 §B.2.2): read with the `legacy-pem` feature only.
const OID_DES_EDE3_CBC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.3.7");

/// When an `EncryptedPrivateKeyInfo` does not decode, whether that is because it names a
/// scheme, key derivation or cipher keywright does not know (well-formed DER otherwise):
/// that is [`Error::Unsupported`], not malformed input.
fn unknown_scheme(der: &[u8]) -> Option<Error> {
    use ::pkcs8::spki::AlgorithmIdentifierRef;
    let outer = Vec::<AnyRef<'_>>::from_der(der).ok()?;
    let [scheme, data] = outer.as_slice() else {
        return None;
    };
    if der::Tagged::tag(data) != der::Tag::OctetString {
        return None;
    }
    let scheme = scheme.decode_as::<AlgorithmIdentifierRef<'_>>().ok()?;
    if scheme.oid != OID_PBES2 {
        return Some(Error::unsupported(format!(
            "PKCS#8 encryption scheme {} (PBES2 is read)",
            scheme.oid
        )));
    }
    let params = scheme.parameters?.decode_as::<Vec<AnyRef<'_>>>().ok()?;
    let [kdf, cipher] = params.as_slice() else {
        return None;
    };
    let kdf = kdf.decode_as::<AlgorithmIdentifierRef<'_>>().ok()?;
    if !KDF_OIDS.contains(&kdf.oid) {
        return Some(Error::unsupported(format!(
            "PKCS#8 key derivation {} (PBKDF2 is read)",
            kdf.oid
        )));
    }
    let cipher = cipher.decode_as::<AlgorithmIdentifierRef<'_>>().ok()?;
    if cipher.oid == OID_DES_EDE3_CBC {
        // Known; without `legacy-pem`, pkcs5 cannot decode it.
        return crate::features::legacy_pem("DES-EDE3-CBC encrypted PKCS#8 keys").err();
    }
    if !CIPHER_OIDS.contains(&cipher.oid) {
        return Some(Error::unsupported(format!(
            "PKCS#8 cipher {} (AES-CBC and DES-EDE3-CBC are read)",
            cipher.oid
        )));
    }
    None
}

fn private_key_info(key: &PrivateKey, private_key: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let (oid, params) = spki::algorithm(key.public_key().ssh().key_data())?;
    PrivateKeyInfoRef::new(
        spki::algorithm_identifier(oid, params.as_deref())?,
        OctetStringRef::new(private_key).map_err(encode_error)?,
    )
    .to_der()
    .map(Zeroizing::new)
    .map_err(encode_error)
}

/// The minimal `PrivateKeyInfo` DER (version 0, no attributes, no public key), as
/// `openssl pkcs8 -topk8 -nocrypt` writes it.
pub(crate) fn der(key: &PrivateKey) -> Result<Zeroizing<Vec<u8>>> {
    match key.keypair() {
        KeypairData::Rsa(k) => private_key_info(key, &pkcs1::encode_rsa_private(k)?),
        KeypairData::Ecdsa(k) => private_key_info(key, &sec1_der(k, false)?),
        KeypairData::Ed25519(k) => {
            let seed = Zeroizing::new(k.private.to_bytes());
            let inner = OctetStringRef::new(seed.as_slice())
                .and_then(|s| s.to_der())
                .map(Zeroizing::new)
                .map_err(encode_error)?;
            private_key_info(key, &inner)
        }
        KeypairData::Dsa(k) => {
            let x = UintRef::new(k.private().as_bytes())
                .and_then(|x| x.to_der())
                .map(Zeroizing::new)
                .map_err(encode_error)?;
            private_key_info(key, &x)
        }
        _ => Err(Error::unsupported(format!(
            "PKCS#8 for {} keys",
            key.algorithm()
        ))),
    }
}

/// `EncryptedPrivateKeyInfo` DER of `plain`: PBES2, PBKDF2 with `iterations` (at least 1)
/// and `scheme`'s PRF and cipher, random 16-byte salt and IV.
pub(crate) fn encrypt(
    plain: &[u8],
    passphrase: &Passphrase,
    iterations: u32,
    scheme: Pbes2Scheme,
) -> Result<Vec<u8>> {
    if iterations == 0 || iterations > pbes2::Pbkdf2Params::MAX_ITERATION_COUNT {
        return Err(Error::invalid_argument(format!(
            "PBKDF2 iterations must be 1 to {}",
            pbes2::Pbkdf2Params::MAX_ITERATION_COUNT
        )));
    }
    let mut rng = os_rng();
    let mut salt = [0u8; 16];
    let mut iv = [0u8; 16];
    rng.fill_bytes(&mut salt);
    rng.fill_bytes(&mut iv);
    let pkcs5_error = |e: pkcs5::Error| Error::unsupported(format!("PKCS#8 encryption: {e}"));
    let kdf = pbes2::Pbkdf2Params {
        salt: salt
            .as_slice()
            .try_into()
            .map_err(|e| Error::unsupported(format!("PKCS#8 encryption: salt: {e}")))?,
        iteration_count: iterations,
        key_length: None,
        prf: scheme.prf,
    };
    let encryption = match scheme.cipher {
        Cipher::Aes128 => pbes2::EncryptionScheme::Aes128Cbc { iv },
        Cipher::Aes192 => pbes2::EncryptionScheme::Aes192Cbc { iv },
        Cipher::Aes256 => pbes2::EncryptionScheme::Aes256Cbc { iv },
        #[cfg(feature = "legacy-pem")]
        Cipher::DesEde3 => {
            let mut des_iv = [0u8; 8];
            des_iv.copy_from_slice(iv.get(..8).unwrap_or_default());
            pbes2::EncryptionScheme::DesEde3Cbc { iv: des_iv }
        }
    };
    let params = pbes2::Parameters {
        kdf: kdf.into(),
        encryption,
    };
    let ciphertext = params
        .encrypt(passphrase.as_bytes(), plain)
        .map_err(pkcs5_error)?;
    EncryptedPrivateKeyInfoRef {
        encryption_algorithm: params.into(),
        encrypted_data: OctetStringRef::new(&ciphertext).map_err(encode_error)?,
    }
    .to_der()
    .map_err(encode_error)
}
