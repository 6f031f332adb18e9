//! Ending on a signal without leaving part of a file behind.

#[cfg(unix)]
use std::sync::Once;

#[cfg(unix)]
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGXFSZ};
#[cfg(unix)]
use signal_hook::iterator::Signals;

/// From the first file write on: SIGINT, SIGTERM, SIGHUP and SIGQUIT remove the named
/// temporary files ([`keywright::fs::remove_temporary_files`]; on Linux they are unnamed and
/// vanish anyway) and then end the process as the signal would have; SIGXFSZ (a file size
/// limit) becomes the write's own error, reported and cleaned up as any other.
#[cfg(unix)]
pub(crate) fn guard_writes() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGXFSZ]) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    if signal == SIGXFSZ {
                        continue;
                    }
                    keywright::fs::remove_temporary_files();
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                }
            });
    });
}

/// Elsewhere (Windows) there are no such signals to catch: Ctrl+C ends the process, and a
/// named temporary file it was writing (`.kwXXXXXXXX.tmp`) may be left beside the target.
#[cfg(not(unix))]
pub(crate) fn guard_writes() {}
