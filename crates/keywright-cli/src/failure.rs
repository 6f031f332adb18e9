//! What can make a command fail, and the one place that maps it to an exit code.

use std::fmt;

use keywright::ErrorKind;

/// A failed command: printed as one `error: ...` line, exiting with the kind's code.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The library refused: `context` says what was being done.
    Key {
        context: String,
        error: keywright::Error,
    },
    /// A file could not be read or written.
    Io {
        context: String,
        error: std::io::Error,
    },
    /// The command line asks for something impossible.
    Usage(String),
    /// An input over the CLI's own bound (the message says which).
    Limit(String),
    /// The answer is "no" and has been printed (e.g. EC2 refuses a key): exit 1, no message.
    Refused,
    /// Standard output's reader went away (a pipe into `head`): exit 7, no message.
    Closed,
    /// `keywright audit` found weak keys and has printed them: exit 10, no message.
    Findings,
    /// `keywright audit` could not run (a blocklist or standard input unreadable): exit 11.
    AuditFailed(String),
}

impl Failure {
    pub(crate) fn key(context: impl Into<String>) -> impl FnOnce(keywright::Error) -> Failure {
        let context = context.into();
        move |error| Failure::Key { context, error }
    }

    /// Whether the failure has said all it has to say already (no `error:` line).
    pub(crate) fn is_quiet(&self) -> bool {
        matches!(self, Failure::Refused | Failure::Closed | Failure::Findings)
    }

    pub(crate) fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> Failure {
        let context = context.into();
        move |error| Failure::Io { context, error }
    }

    /// Exit codes: 1 the answer is no (EC2 refuses the key, no match, a certificate that does not
    /// verify), 2 usage, 3 passphrase, 4 integrity, 5 unsupported, 6 limit exceeded, 7 I/O,
    /// 8 a signature that does not verify (or no principal found), 9 the input is not a valid key;
    /// `keywright audit`: 10 weak keys found, 11 the audit could not run.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            Failure::Key { error, .. } => match error.kind() {
                ErrorKind::Parse => 9,
                ErrorKind::Certificate => 1,
                ErrorKind::InvalidArgument => 2,
                ErrorKind::WrongPassphrase | ErrorKind::PassphraseRequired => 3,
                ErrorKind::Integrity => 4,
                ErrorKind::Unsupported => 5,
                ErrorKind::LimitExceeded => 6,
                ErrorKind::Io => 7,
                ErrorKind::Signature => 8,
                _ => 9,
            },
            Failure::Refused => 1,
            Failure::Usage(_) => 2,
            Failure::Limit(_) => 6,
            Failure::Io { .. } | Failure::Closed => 7,
            Failure::Findings => 10,
            Failure::AuditFailed(_) => 11,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Key { context, error } => write!(f, "{context}: {error}"),
            Failure::Io { context, error } => write!(f, "{context}: {error}"),
            Failure::Usage(message) | Failure::Limit(message) | Failure::AuditFailed(message) => {
                f.write_str(message)
            }
            Failure::Refused => f.write_str("refused"),
            Failure::Closed => f.write_str("standard output was closed"),
            Failure::Findings => f.write_str("weak keys found"),
        }
    }
}

/// A command's result.
pub(crate) type Outcome<T = ()> = Result<T, Failure>;
