//! Standard output. Commands write their results through here, so a full disk ends as an I/O
//! error and a reader that went away (`| head`) as a quiet exit, both with exit code 7, never
//! as a panic inside `println!`.

use std::io::Write;

use crate::failure::{Failure, Outcome};

/// The failure for a write to standard output that did not go through.
pub(crate) fn failed() -> impl FnOnce(std::io::Error) -> Failure {
    |error| match error.kind() {
        std::io::ErrorKind::BrokenPipe => Failure::Closed,
        _ => Failure::io("cannot write to standard output")(error),
    }
}

/// Writes `warning: TEXT` on standard error, as one line: control characters in `text`
/// (from a file's name or contents) are escaped.
pub(crate) fn warning(text: &str) {
    eprintln!("warning: {}", keywright::text::escape(text.as_bytes()));
}

/// Writes `bytes` as they are, and flushes.
pub(crate) fn bytes(bytes: &[u8]) -> Outcome {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(failed())
}

/// Writes `text` and a newline, and flushes.
pub(crate) fn line(text: impl AsRef<[u8]>) -> Outcome {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_ref())
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush())
        .map_err(failed())
}
