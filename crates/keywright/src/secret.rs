//! Passphrases and other secret buffers.

use core::fmt;

use getrandom::SysRng;
use rand_core::UnwrapErr;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// A passphrase: raw bytes, zeroized on drop, never printed.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Passphrase(Vec<u8>);

impl Passphrase {
    /// Wraps the given bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Passphrase(bytes.into())
    }

    /// Takes the contents of a passphrase file: everything but one trailing newline
    /// (`\n` or `\r\n`), as `puttygen --new-passphrase` and `ssh-keygen` read them.
    #[must_use]
    pub fn from_file_contents(contents: &[u8]) -> Self {
        let end = contents
            .strip_suffix(b"\r\n")
            .or_else(|| contents.strip_suffix(b"\n"))
            .unwrap_or(contents);
        Passphrase(end.to_vec())
    }

    /// The passphrase's bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Whether the passphrase is empty (which means "no encryption" to writers).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The one rule for optional passphrases: an empty passphrase means none. Writers
    /// encrypt only with what this returns; readers of an encrypted key ask for it.
    ///
    /// ```
    /// use keywright::Passphrase;
    ///
    /// assert!(Passphrase::given(Some(&Passphrase::from(""))).is_none());
    /// assert!(Passphrase::given(Some(&Passphrase::from("x"))).is_some());
    /// ```
    #[must_use]
    pub fn given(passphrase: Option<&Passphrase>) -> Option<&Passphrase> {
        passphrase.filter(|p| !p.is_empty())
    }
}

impl From<&str> for Passphrase {
    fn from(s: &str) -> Self {
        Passphrase::new(s.as_bytes())
    }
}

impl From<&[u8]> for Passphrase {
    fn from(b: &[u8]) -> Self {
        Passphrase::new(b)
    }
}

impl From<Zeroizing<Vec<u8>>> for Passphrase {
    fn from(b: Zeroizing<Vec<u8>>) -> Self {
        Passphrase::new(b.as_slice())
    }
}

impl PartialEq for Passphrase {
    fn eq(&self, other: &Self) -> bool {
        constant_time_eq(&self.0, &other.0)
    }
}

impl Eq for Passphrase {}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase([secret elided])")
    }
}

/// The operating system's random number generator, as an infallible
/// [`CryptoRng`](rand_core::CryptoRng): the one source of salts, IVs, nonces and keys.
pub(crate) fn os_rng() -> UnwrapErr<SysRng> {
    UnwrapErr(SysRng)
}

/// The passphrase an encrypted key needs: [`Passphrase::given`], or
/// [`Error::PassphraseRequired`](crate::Error::PassphraseRequired).
pub(crate) fn required(passphrase: Option<&Passphrase>) -> crate::Result<&Passphrase> {
    Passphrase::given(passphrase).ok_or(crate::Error::PassphraseRequired)
}

/// Constant-time equality of byte strings (their lengths are not secret).
#[must_use]
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let p = Passphrase::from("hunter2");
        assert_eq!(format!("{p:?}"), "Passphrase([secret elided])");
    }

    #[test]
    fn file_contents_lose_one_newline() {
        assert_eq!(Passphrase::from_file_contents(b"a\n\n").as_bytes(), b"a\n");
        assert_eq!(Passphrase::from_file_contents(b"a\r\n").as_bytes(), b"a");
        assert_eq!(Passphrase::from_file_contents(b"a").as_bytes(), b"a");
    }

    #[test]
    fn ct_eq_works() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
