//! The one error type of the library.

use crate::Format;
use crate::certificate::CertificateError;
use crate::text::Escaped;

/// What went wrong, in kinds a caller can act on.
///
/// Every variant's message is lowercase, says what failed and where, and never quotes
/// secret bytes; text taken from the input (an algorithm name, a cipher) is shown through
/// [`text::escape`](crate::text::escape), so a message is one line free of control characters.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input is not a well-formed key in the format being read.
    #[error("invalid {format} input{}: {}", at(*.offset), Escaped(reason))]
    Parse {
        /// The format being read ([`Format::UnknownKey`] before detection; the other SSH
        /// inputs, such as [`Format::AuthorizedKeys`], are named too).
        format: Format,
        /// Byte offset into the input where the problem was found, when known.
        offset: Option<usize>,
        /// What is wrong.
        reason: String,
    },

    /// The input is well-formed but the key it holds is not consistent
    /// (for example `n != p*q`, or a public key that does not match the private one).
    #[error("inconsistent {algorithm} key: {}", Escaped(reason))]
    InvalidKey {
        /// SSH algorithm name.
        algorithm: &'static str,
        /// What does not add up.
        reason: String,
    },

    /// The key is encrypted and no passphrase was given.
    #[error("the key is encrypted and needs a passphrase")]
    PassphraseRequired,

    /// The passphrase does not decrypt the key.
    #[error("wrong passphrase")]
    WrongPassphrase,

    /// An integrity check (a MAC) failed: the file was altered or corrupted.
    #[error("integrity check failed: {}", Escaped(reason))]
    Integrity {
        /// What failed and what it means.
        reason: String,
    },

    /// The key algorithm is recognised but not supported.
    #[error("unsupported key algorithm: {}", Escaped(name))]
    UnsupportedAlgorithm {
        /// The algorithm's name as it appears in the input.
        name: String,
    },

    /// A feature of the input or a requested output is not supported
    /// (a cipher, a KDF, a format for this key type).
    #[error("unsupported: {}", Escaped(what))]
    Unsupported {
        /// What is not supported.
        what: String,
    },

    /// The input asks for more than the configured limits allow
    /// (size, KDF rounds, Argon2 memory, RSA bits).
    #[error("limit exceeded: {what} is {actual}, the limit is {limit}")]
    LimitExceeded {
        /// What was measured.
        what: &'static str,
        /// The configured limit.
        limit: u64,
        /// The value found in the input.
        actual: u64,
    },

    /// A signature did not verify: wrong key, namespace or message, or a signer the
    /// `allowed_signers` file does not trust for this principal, namespace or time.
    #[error("signature verification failed: {reason}")]
    Signature {
        /// Why it failed.
        reason: String,
    },

    /// A caller-supplied argument is out of range (for example RSA bits).
    #[error("invalid argument: {}", Escaped(reason))]
    InvalidArgument {
        /// What is wrong with it.
        reason: String,
    },

    /// Reading from a stream failed (the streaming readers, such as
    /// [`authorized_keys::Entries`](crate::authorized_keys::Entries), stop at the first one).
    #[error("read failed: {error}")]
    Io {
        /// The error of the read.
        #[source]
        error: std::io::Error,
    },

    /// The input needs a part of keywright that this build leaves out: a cargo feature
    /// (`ppk`, `dsa`, `legacy-pem`) turned off. Its [`kind`](Error::kind) is
    /// [`ErrorKind::Unsupported`].
    #[error(
        "unsupported: {what} need keywright's `{feature}` cargo feature, which this build leaves out"
    )]
    FeatureDisabled {
        /// The cargo feature, as named in `Cargo.toml`.
        feature: &'static str,
        /// What needs it.
        what: &'static str,
    },
    /// A well-formed certificate that is not accepted: its CA signature, validity,
    /// principals, type or critical options.
    #[error("certificate not accepted: {0}")]
    Certificate(#[from] CertificateError),
}

/// The kind of an [`Error`], for mapping to exit codes or exceptions in one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Malformed or inconsistent input.
    Parse,
    /// A passphrase is needed but none was given.
    PassphraseRequired,
    /// The passphrase is wrong.
    WrongPassphrase,
    /// A MAC did not verify.
    Integrity,
    /// Unsupported algorithm or feature.
    Unsupported,
    /// A limit was exceeded.
    LimitExceeded,
    /// A caller-supplied argument is invalid.
    InvalidArgument,
    /// Reading the input failed.
    Io,
    /// A signature did not verify.
    Signature,
    /// A certificate does not verify (signature, validity, principal, type, options).
    Certificate,
}

impl Error {
    /// The kind of this error.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Parse { .. } | Error::InvalidKey { .. } => ErrorKind::Parse,
            Error::PassphraseRequired => ErrorKind::PassphraseRequired,
            Error::WrongPassphrase => ErrorKind::WrongPassphrase,
            Error::Integrity { .. } => ErrorKind::Integrity,
            Error::UnsupportedAlgorithm { .. }
            | Error::Unsupported { .. }
            | Error::FeatureDisabled { .. } => ErrorKind::Unsupported,
            Error::LimitExceeded { .. } => ErrorKind::LimitExceeded,
            Error::InvalidArgument { .. } => ErrorKind::InvalidArgument,
            Error::Io { .. } => ErrorKind::Io,
            Error::Signature { .. } => ErrorKind::Signature,
            Error::Certificate(_) => ErrorKind::Certificate,
        }
    }

    /// A parse error for `format` with no known offset.
    pub(crate) fn parse(format: Format, reason: impl Into<String>) -> Self {
        Error::Parse {
            format,
            offset: None,
            reason: reason.into(),
        }
    }

    /// A parse error for `format` at byte `offset`.
    pub(crate) fn parse_at(format: Format, offset: usize, reason: impl Into<String>) -> Self {
        Error::Parse {
            format,
            offset: Some(offset),
            reason: reason.into(),
        }
    }

    /// An error for an unsupported feature.
    pub(crate) fn unsupported(what: impl Into<String>) -> Self {
        Error::Unsupported { what: what.into() }
    }

    /// An error for an invalid caller argument.
    pub(crate) fn invalid_argument(reason: impl Into<String>) -> Self {
        Error::InvalidArgument {
            reason: reason.into(),
        }
    }
}

fn at(offset: Option<usize>) -> String {
    offset.map_or_else(String::new, |o| format!(" at byte {o}"))
}

/// The library's result type.
pub type Result<T, E = Error> = core::result::Result<T, E>;
