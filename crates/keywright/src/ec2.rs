//! Amazon EC2's key-pair rules: the fingerprints the console shows, what ImportKeyPair
//! accepts, which key pair a local key is ([`parse_key_pairs`], [`match_key_pairs`]), and
//! the host keys an instance prints to its console ([`parse_console_output`]).

mod console;
mod key_pairs;

pub use console::{
    ConsoleHostKeys, HostKeyCheck, HostKeyFingerprint, MAX_CONSOLE_OUTPUT, check_host_keys,
    parse_console_output, parse_scanned_keys,
};
pub use key_pairs::{
    KeyPair, MAX_KEY_PAIRS, MAX_KEY_PAIRS_JSON, MatchedBy, match_key_pairs, parse_key_pairs,
};

use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use ssh_key::private::KeypairData;
use ssh_key::public::KeyData;

use base64ct::Encoding;

use crate::secret::os_rng;

use crate::fingerprint::{base64_padded, colon_hex};
use crate::{Algorithm, Error, Format, PrivateKey, PublicKey, Result, format};

/// The fingerprint EC2 shows for a key pair it created: for RSA, SHA-1 of the PKCS#8 DER
/// of the private key as colon hex; for Ed25519, SHA-256 of the public key blob as padded
/// base64.
///
/// # Errors
/// [`Error::Unsupported`] for algorithms EC2 does not create.
pub fn fingerprint_created(key: &PrivateKey) -> Result<String> {
    match key.keypair() {
        KeypairData::Rsa(_) => Ok(colon_hex(&Sha1::digest(
            format::pem::pkcs8_der(key)?.as_slice(),
        ))),
        KeypairData::Ed25519(_) => fingerprint_imported(&key.public_key()),
        _ => Err(not_ec2(key.algorithm())),
    }
}

/// The fingerprint EC2 shows for an imported public key: for RSA, MD5 of the
/// SubjectPublicKeyInfo DER as colon hex; for Ed25519, SHA-256 of the public key blob as
/// padded base64.
///
/// # Errors
/// [`Error::Unsupported`] for algorithms EC2 does not import.
pub fn fingerprint_imported(key: &PublicKey) -> Result<String> {
    match key.ssh().key_data() {
        KeyData::Rsa(_) => Ok(colon_hex(&Md5::digest(format::spki::encode(key)?))),
        KeyData::Ed25519(_) => Ok(base64_padded(&Sha256::digest(key.to_blob()))),
        _ => Err(not_ec2(key.algorithm())),
    }
}

/// The EC2 fingerprints of a key as read from a file ([`fingerprints`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fingerprints {
    /// The fingerprint EC2 lists for the key pair the file holds: `created` for a private
    /// key file (Ed25519's needs only the public half, so an encrypted file read for its
    /// public half has it too), `imported` for a public key file. `None` for an RSA private
    /// key file read for its public half only.
    pub shown: Option<String>,
    /// [`fingerprint_created`], when the private key was read.
    pub created: Option<String>,
    /// [`fingerprint_imported`].
    pub imported: String,
}

/// Both EC2 fingerprints of `key` and the one EC2 shows for it (keywright cannot know
/// whether EC2 made a private key or it was imported): what `keywright fingerprint --ec2`
/// and `keywright inspect` print. A public key whose [`PublicKey::format`] is a private
/// format was read from a private key file ([`crate::load_or_peek`]).
///
/// # Errors
/// [`Error::Unsupported`] for algorithms EC2 does not take.
pub fn fingerprints(key: &crate::Key) -> Result<Fingerprints> {
    let public = key.public_key();
    let imported = fingerprint_imported(&public)?;
    let created = match key {
        crate::Key::Private(k) => Some(fingerprint_created(k)?),
        _ => None,
    };
    let private_file =
        matches!(key, crate::Key::Private(_)) || public.format().is_some_and(Format::is_private);
    let shown = if !private_file {
        Some(imported.clone())
    } else if created.is_some() {
        created.clone()
    } else {
        (public.algorithm() == Algorithm::Ed25519).then(|| imported.clone())
    };
    Ok(Fingerprints {
        shown,
        created,
        imported,
    })
}

fn not_ec2(algorithm: Algorithm) -> Error {
    Error::unsupported(format!(
        "EC2 fingerprints for {algorithm} keys (EC2 takes RSA and Ed25519 only)"
    ))
}

/// Why EC2's ImportKeyPair would refuse a key, or what it may dislike.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportCheck {
    /// Reasons EC2 refuses the key (empty when it accepts it).
    pub refusals: Vec<String>,
    /// Things EC2 accepts but a person should know (e.g. an undocumented RSA size).
    pub warnings: Vec<String>,
}

impl ImportCheck {
    /// Whether EC2 accepts the key.
    #[must_use]
    pub fn accepted(&self) -> bool {
        self.refusals.is_empty()
    }
}

/// RSA sizes EC2 documents for ImportKeyPair.
pub const DOCUMENTED_RSA_BITS: [u32; 3] = [1024, 2048, 4096];

/// Longest EC2 key-pair name, in ASCII characters.
pub const MAX_KEY_NAME_LEN: usize = 255;

/// The platform of the instances a key pair is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Platform {
    /// Linux (and other Unix) instances: RSA and Ed25519.
    #[default]
    Linux,
    /// Windows instances: RSA only ("ED25519 keys are not supported for Windows instances").
    Windows,
}

impl core::str::FromStr for Platform {
    type Err = Error;

    /// `linux` or `windows`, in any case.
    fn from_str(s: &str) -> Result<Platform> {
        match s.to_ascii_lowercase().as_str() {
            "linux" => Ok(Platform::Linux),
            "windows" => Ok(Platform::Windows),
            _ => Err(Error::invalid_argument(format!(
                "unknown platform {s:?} (expected linux or windows)"
            ))),
        }
    }
}

/// What EC2's ImportKeyPair would say of `key`, given the format it would be uploaded in
/// (`key.format()`, or an OpenSSH line when unknown).
///
/// EC2 takes RSA and Ed25519 keys as OpenSSH lines, and RSA keys also as RFC 4716 or
/// base64 DER. It documents RSA sizes of 1024, 2048 and 4096 bits; other sizes get a
/// warning, as does 1024 (weak).
#[must_use]
pub fn check_import(key: &PublicKey) -> ImportCheck {
    check_import_for(key, Platform::Linux)
}

/// [`check_import`] for a key pair meant for `platform`: for Windows instances EC2 refuses
/// Ed25519 keys.
#[must_use]
pub fn check_import_for(key: &PublicKey, platform: Platform) -> ImportCheck {
    let mut refusals = Vec::new();
    let mut warnings = Vec::new();
    let upload_format = key.format().unwrap_or(Format::OpenSshPub);
    let rsa_only_format = matches!(
        upload_format,
        Format::Rfc4716 | Format::Der | Format::Spki | Format::Pkcs1Pub
    );
    match key.algorithm() {
        Algorithm::Rsa => {
            let bits = key.bits();
            if !DOCUMENTED_RSA_BITS.contains(&bits) {
                warnings.push(format!(
                    "EC2 documents RSA keys of 1024, 2048 and 4096 bits; a {bits}-bit key \
                     may be refused"
                ));
            } else if bits < 2048 {
                warnings.push("a 1024-bit RSA key is weak; use 2048 bits or more".into());
            }
        }
        Algorithm::Ed25519 => {
            if platform == Platform::Windows {
                refusals.push(
                    "EC2 does not support Ed25519 key pairs for Windows instances (use RSA)".into(),
                );
            }
            if rsa_only_format {
                refusals.push(format!(
                    "EC2 accepts Ed25519 keys only as OpenSSH public key lines, not as \
                     {upload_format}; upload the OpenSSH line"
                ));
            }
        }
        Algorithm::Dsa => refusals.push("EC2 does not accept DSA keys".into()),
        Algorithm::SkEd25519 | Algorithm::SkEcdsaP256 => refusals.push(format!(
            "EC2 does not accept FIDO security keys ({}); use RSA or Ed25519",
            key.algorithm()
        )),
        Algorithm::EcdsaP256 | Algorithm::EcdsaP384 | Algorithm::EcdsaP521 => {
            refusals.push("EC2 does not accept ECDSA keys (use RSA or Ed25519)".into());
        }
    }
    ImportCheck { refusals, warnings }
}

/// Checks an EC2 key-pair name: 1 to 255 ASCII characters, no leading or trailing spaces.
///
/// # Errors
/// [`Error::InvalidArgument`] saying what is wrong with the name.
pub fn check_key_name(name: &str) -> Result<()> {
    let reason = if name.is_empty() {
        "an EC2 key name must not be empty".to_owned()
    } else if !name.is_ascii() {
        "an EC2 key name must be ASCII".to_owned()
    } else if name.len() > MAX_KEY_NAME_LEN {
        format!(
            "an EC2 key name is at most {MAX_KEY_NAME_LEN} characters, this one has {}",
            name.len()
        )
    } else if name.starts_with(' ') || name.ends_with(' ') {
        "an EC2 key name must not start or end with a space".to_owned()
    } else {
        return Ok(());
    };
    Err(Error::invalid_argument(reason))
}

/// Decrypts the Windows Administrator password from EC2's `GetPasswordData` (base64 of an
/// RSA PKCS#1 v1.5 ciphertext), as `aws ec2 get-password-data --priv-launch-key` does.
///
/// This performs an RSA private-key operation on outside data, which the `rsa` crate does
/// not do in constant time (RUSTSEC-2023-0071): use it locally only, never as a service.
/// The operation is blinded with the operating system's random number generator.
///
/// # Errors
/// [`Error::Unsupported`] for non-RSA keys, [`Error::Parse`] for bad base64 or a ciphertext
/// that does not decrypt (or not to UTF-8 text).
pub fn decrypt_password_data(
    key: &PrivateKey,
    password_data: &str,
) -> Result<zeroize::Zeroizing<String>> {
    let KeypairData::Rsa(keypair) = key.keypair() else {
        return Err(Error::unsupported(format!(
            "EC2 password data is encrypted to RSA keys, not {} keys",
            key.algorithm()
        )));
    };
    let parse = |reason: &str| Error::Parse {
        format: Format::Ec2PasswordData,
        offset: None,
        reason: reason.into(),
    };
    let compact: String = password_data
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let ciphertext = base64ct::Base64::decode_vec(&compact).map_err(|_| parse("invalid base64"))?;
    let private = crate::key::rsa::to_private(keypair)?;
    // One message for "bad padding" and "not UTF-8": telling them apart would be a
    // padding oracle (Bleichenbacher) for whoever can submit ciphertexts.
    let undecryptable = || parse("the ciphertext does not decrypt with this key");
    let plain = private
        .decrypt_blinded(&mut os_rng(), ::rsa::Pkcs1v15Encrypt, &ciphertext)
        .map(zeroize::Zeroizing::new)
        .map_err(|_| undecryptable())?;
    let text = core::str::from_utf8(&plain).map_err(|_| undecryptable())?;
    Ok(zeroize::Zeroizing::new(text.to_owned()))
}
