//! FIDO/U2F security keys (`sk-ssh-ed25519@openssh.com`, `sk-ecdsa-sha2-nistp256@openssh.com`,
//! OpenSSH PROTOCOL.u2f): the public key carries the authenticator's application string;
//! the private file holds flags, a key handle and a reserved string, never a private key.

use ssh_key::public::SkEcdsaSha2NistP256;

use crate::{Algorithm, Error, Format, Result};

/// Checks that the ECDSA point of a security key is on P-256.
pub(crate) fn check_public_ecdsa(key: &SkEcdsaSha2NistP256) -> Result<()> {
    if p256::PublicKey::from_sec1_bytes(key.ec_point().as_bytes()).is_ok() {
        Ok(())
    } else {
        Err(Error::InvalidKey {
            algorithm: Algorithm::SkEcdsaP256.ssh_name(),
            reason: "the public point is not on the curve".into(),
        })
    }
}

/// Refuses writing a security key in `format` when the format cannot hold one: only
/// `openssh-key-v1` (private) and the SSH public encodings (`openssh-pub`, RFC 4716) can.
///
/// # Errors
/// [`Error::Unsupported`], with a sentence saying why.
pub(crate) fn check_writable(algorithm: Algorithm, format: Format) -> Result<()> {
    if !algorithm.is_security_key()
        || matches!(
            format,
            Format::OpenSsh | Format::OpenSshPub | Format::Rfc4716
        )
    {
        return Ok(());
    }
    let why = if format.is_private() {
        "the private half of a FIDO security key never leaves the authenticator, and only \
         OpenSSH's openssh-key-v1 file holds its key handle and application"
    } else {
        "a FIDO security key's public key carries an application string that only the SSH \
         encodings (openssh-pub, rfc4716) hold"
    };
    Err(Error::unsupported(format!(
        "{} keys cannot be written as {format}: {why}",
        algorithm.ssh_name()
    )))
}
