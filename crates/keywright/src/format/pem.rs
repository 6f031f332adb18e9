//! PEM private and public keys: PKCS#1 (RFC 8017), SEC1 (RFC 5915), PKCS#8 (RFC 5208/5958,
//! PBES2 RFC 8018), SubjectPublicKeyInfo (RFC 5280), OpenSSL's DSA, and the legacy
//! `Proc-Type: 4,ENCRYPTED` encryption (RFC 1421/1423).

mod armor;
mod legacy;
mod pkcs8;
pub(crate) use pkcs8::{PBKDF2_ITERATIONS, Pbes2Scheme};

use der::asn1::UintRef;
use der::{Decode, Encode};
use sec1::{EcParameters, EcPrivateKey};
use ssh_key::private::{EcdsaKeypair, KeypairData};
use zeroize::Zeroizing;

use super::asn1::{Origin, der_error, encode_error};
use super::{LineEnding, oid, pkcs1, spki};
use crate::key::{dsa, ecdsa};
use crate::{Error, Format, Limits, Passphrase, PrivateKey, PublicKey, Result};

fn label_error(label: &str, expected: &str) -> Error {
    Error::Parse {
        format: Format::Pem,
        offset: None,
        reason: format!("a {label:?} PEM is not {expected}"),
    }
}

/// After a decryption, a plaintext that is not the DER of a key means the passphrase was
/// wrong (a wrong key passes the CBC padding check about once in 256 tries). A plaintext
/// that is well-formed DER of a key, but of an inconsistent one, was decrypted right:
/// garbage from a wrong key is never valid DER of a key, so that stays
/// [`Error::InvalidKey`].
fn after_decryption(e: Error) -> Error {
    match e {
        Error::Parse { .. } => Error::WrongPassphrase,
        other => other,
    }
}

/// An ECDSA key pair from a SEC1 `ECPrivateKey`; `outer_curve` is the PKCS#8 algorithm's
/// curve, which must agree with the inner one when both are present.
fn ec_keypair(
    ec: &EcPrivateKey<'_>,
    outer_curve: Option<der::asn1::ObjectIdentifier>,
    outer_public: Option<&[u8]>,
    format: Format,
) -> Result<EcdsaKeypair> {
    let inner_curve = ec.parameters.and_then(EcParameters::named_curve);
    let curve = match (outer_curve, inner_curve) {
        (Some(a), Some(b)) if a != b => {
            return Err(Error::parse(format, "the curve parameters disagree"));
        }
        (Some(c), _) | (None, Some(c)) => c,
        (None, None) => return Err(Error::parse(format, "no named curve")),
    };
    ecdsa::keypair_from_parts(
        oid::curve_of_oid(&curve)?,
        ec.private_key,
        ec.public_key.or(outer_public),
    )
}

/// A SEC1 `ECPrivateKey` whose `[0]` parameters are explicit (`openssl -param_enc
/// explicit`), read as the named curve they equal (ssh-keygen reads these keys); `None`
/// when they describe no named curve or the structure is not an `ECPrivateKey`.
pub(crate) fn sec1_explicit(der: &[u8]) -> Option<EcPrivateKey<'_>> {
    use der::asn1::{AnyRef, BitStringRef};
    use der::{Tag, TagNumber, Tagged};
    let fields = Vec::<AnyRef<'_>>::from_der(der).ok()?;
    let [version, private, rest @ ..] = fields.as_slice() else {
        return None;
    };
    if version.tag() != Tag::Integer || version.value() != [1] || private.tag() != Tag::OctetString
    {
        return None;
    }
    let (mut parameters, mut public_key) = (None, None);
    for field in rest {
        match field.tag() {
            Tag::ContextSpecific {
                constructed: true,
                number: TagNumber(0),
            } => {
                let curve = oid::curve_of_explicit(field.value())?;
                parameters = Some(EcParameters::NamedCurve(oid::oid_of_curve(curve)));
            }
            Tag::ContextSpecific {
                constructed: true,
                number: TagNumber(1),
            } => {
                public_key = Some(BitStringRef::from_der(field.value()).ok()?.as_bytes()?);
            }
            _ => return None,
        }
    }
    Some(EcPrivateKey {
        private_key: private.value(),
        parameters,
        public_key,
    })
}

/// SEC1 `ECPrivateKey` DER with the public key, and the named curve when `with_params`
/// (OpenSSL leaves it out inside PKCS#8).
fn sec1_der(keypair: &EcdsaKeypair, with_params: bool) -> Result<Zeroizing<Vec<u8>>> {
    EcPrivateKey {
        private_key: keypair.private_key_bytes(),
        parameters: with_params
            .then(|| EcParameters::NamedCurve(oid::oid_of_curve(keypair.curve()))),
        public_key: Some(keypair.public_key_bytes()),
    }
    .to_der()
    .map(Zeroizing::new)
    .map_err(encode_error)
}

/// The key pair of a traditional (PKCS#1, SEC1, DSA) DER body.
fn traditional(
    format: Format,
    der: &[u8],
    origin: Origin<'_>,
    limits: &Limits,
) -> Result<KeypairData> {
    match format {
        Format::Pkcs1 => {
            pkcs1::decode_rsa_private(der, format, origin, limits).map(KeypairData::Rsa)
        }
        Format::Sec1 => {
            let ec = EcPrivateKey::from_der(der).or_else(|e| {
                sec1_explicit(der).ok_or_else(|| der_error(format, origin, "ECPrivateKey", e))
            })?;
            ec_keypair(&ec, None, None, format).map(KeypairData::Ecdsa)
        }
        _ => {
            // OpenSSL's DSAPrivateKey: SEQUENCE { 0, p, q, g, y, x }.
            let ints = Vec::<UintRef<'_>>::from_der(der)
                .map_err(|e| der_error(format, origin, "DSAPrivateKey", e))?;
            let [version, p, q, g, y, x] = ints.as_slice() else {
                return Err(Error::parse(
                    format,
                    "DSAPrivateKey is not (0, p, q, g, y, x)",
                ));
            };
            if version.as_bytes().iter().any(|b| *b != 0) {
                return Err(Error::parse(format, "DSAPrivateKey version is not 0"));
            }
            dsa::keypair_from_parts(
                p.as_bytes(),
                q.as_bytes(),
                g.as_bytes(),
                Some(y.as_bytes()),
                x.as_bytes(),
            )
            .map(KeypairData::Dsa)
        }
    }
}

/// Reads any private-key PEM (PKCS#1, SEC1, PKCS#8 plain or encrypted, DSA, legacy
/// encryption).
pub(crate) fn decode_private(
    input: &[u8],
    passphrase: Option<&Passphrase>,
    limits: &Limits,
) -> Result<PrivateKey> {
    limits.check_input(input)?;
    let armor = armor::parse(input)?;
    let build = |keypair: KeypairData| PrivateKey::from_keypair(keypair, "", limits);
    let traditional_format = match armor.label {
        "RSA PRIVATE KEY" => Some(Format::Pkcs1),
        "EC PRIVATE KEY" => Some(Format::Sec1),
        "DSA PRIVATE KEY" => Some(Format::Dsa),
        _ => None,
    };
    if let Some(format) = traditional_format {
        if legacy::is_encrypted(&armor)? {
            let plain = legacy::decrypt(&armor, passphrase)?;
            let key = traditional(format, &plain, Origin::Decrypted, limits)
                .and_then(build)
                .map_err(after_decryption)?;
            return Ok(key.with_source(format, true));
        }
        let keypair = traditional(format, &armor.body, Origin::Base64(&armor.map), limits)?;
        return Ok(build(keypair)?.with_source(format, false));
    }
    if !armor.headers.is_empty() {
        return Err(Error::parse_at(
            Format::Pkcs8,
            armor.headers_at,
            "PKCS#8 PEM has no headers",
        ));
    }
    match armor.label {
        "PRIVATE KEY" => {
            let keypair = pkcs8::keypair(&armor.body, Origin::Base64(&armor.map), limits)?;
            Ok(build(keypair)?.with_source(Format::Pkcs8, false))
        }
        "ENCRYPTED PRIVATE KEY" => {
            let (plain, read) =
                pkcs8::decrypt(&armor.body, Origin::Base64(&armor.map), passphrase, limits)?;
            let key = pkcs8::keypair(&plain, Origin::Decrypted, limits)
                .and_then(build)
                .map_err(after_decryption)?;
            let mut key = key.with_source(Format::Pkcs8, true);
            // Written again alike (iterations, PRF, cipher) unless asked otherwise.
            let options = key.read_options_mut();
            options.pkcs8_iterations = read.iterations;
            options.pkcs8_scheme = read.scheme;
            Ok(key)
        }
        label => Err(label_error(label, "a private key")),
    }
}

/// Reads a `PUBLIC KEY` or `RSA PUBLIC KEY` PEM.
pub(crate) fn decode_public(input: &[u8], limits: &Limits) -> Result<PublicKey> {
    limits.check_input(input)?;
    let armor = armor::parse(input)?;
    if !armor.headers.is_empty() {
        return Err(Error::Parse {
            format: Format::Pem,
            offset: Some(armor.headers_at),
            reason: "a public key PEM has no headers".into(),
        });
    }
    let origin = Origin::Base64(&armor.map);
    match armor.label {
        "PUBLIC KEY" => spki::decode(&armor.body, Format::Spki, origin, limits),
        "RSA PUBLIC KEY" => pkcs1::decode_public(&armor.body, Format::Pkcs1Pub, origin, limits),
        label => Err(label_error(label, "a public key")),
    }
}

fn only(what: &str, key: &PrivateKey) -> Error {
    Error::unsupported(format!("{what}, not {} keys", key.algorithm()))
}

/// Writes PKCS#1 `RSA PRIVATE KEY`.
pub(crate) fn encode_pkcs1(key: &PrivateKey, le: LineEnding) -> Result<Zeroizing<String>> {
    match key.keypair() {
        KeypairData::Rsa(k) => Ok(armor::encode(
            "RSA PRIVATE KEY",
            &pkcs1::encode_rsa_private(k)?,
            le,
        )),
        _ => Err(only("PKCS#1 holds RSA keys", key)),
    }
}

/// Writes SEC1 `EC PRIVATE KEY`.
pub(crate) fn encode_sec1(key: &PrivateKey, le: LineEnding) -> Result<Zeroizing<String>> {
    match key.keypair() {
        KeypairData::Ecdsa(k) => Ok(armor::encode("EC PRIVATE KEY", &sec1_der(k, true)?, le)),
        _ => Err(only("SEC1 holds ECDSA keys", key)),
    }
}

/// The minimal PKCS#8 `PrivateKeyInfo` DER of `key`, as `openssl pkcs8 -topk8 -nocrypt`
/// writes it (EC2's fingerprint of keys it created hashes this).
#[cfg(feature = "ec2")]
pub(crate) fn pkcs8_der(key: &PrivateKey) -> Result<Zeroizing<Vec<u8>>> {
    pkcs8::der(key)
}

/// Writes PKCS#8 `PRIVATE KEY`, or `ENCRYPTED PRIVATE KEY` with a passphrase (PBKDF2 at
/// `iterations`, with `scheme`'s PRF and cipher).
pub(crate) fn encode_pkcs8(
    key: &PrivateKey,
    passphrase: Option<&Passphrase>,
    iterations: u32,
    scheme: Pbes2Scheme,
    le: LineEnding,
) -> Result<Zeroizing<String>> {
    let der = pkcs8::der(key)?;
    match Passphrase::given(passphrase) {
        None => Ok(armor::encode("PRIVATE KEY", &der, le)),
        Some(passphrase) => {
            let encrypted = pkcs8::encrypt(&der, passphrase, iterations, scheme)?;
            Ok(armor::encode("ENCRYPTED PRIVATE KEY", &encrypted, le))
        }
    }
}

/// Writes SubjectPublicKeyInfo `PUBLIC KEY`.
pub(crate) fn encode_spki(key: &PublicKey, le: LineEnding) -> Result<String> {
    let der = spki::encode(key)?;
    Ok(armor::encode("PUBLIC KEY", &der, le).as_str().to_owned())
}

/// Writes PKCS#1 `RSA PUBLIC KEY`.
pub(crate) fn encode_pkcs1_public(key: &PublicKey, le: LineEnding) -> Result<String> {
    match key.ssh().key_data() {
        ssh_key::public::KeyData::Rsa(k) => {
            let der = pkcs1::encode_rsa_public(k)?;
            Ok(armor::encode("RSA PUBLIC KEY", &der, le)
                .as_str()
                .to_owned())
        }
        _ => Err(Error::unsupported(format!(
            "PKCS#1 holds RSA keys, not {} keys",
            key.algorithm()
        ))),
    }
}
