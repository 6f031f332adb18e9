//! Progress on standard error while slow work runs (RSA keys of 8192 bits and more take
//! seconds to minutes): a spinner with the seconds spent, only when standard error is a
//! terminal, erased when the work ends. The core never prints; this runs beside it.

use std::io::{IsTerminal, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// RSA sizes from which `generate` shows progress.
pub(crate) const RSA_BITS: u32 = 8192;

/// How often the spinner turns.
const TICK: Duration = Duration::from_millis(125);

/// Runs `work`, showing `label` and a spinner on standard error meanwhile when `wanted`
/// and standard error is a terminal.
pub(crate) fn run<T>(label: &str, wanted: bool, work: impl FnOnce() -> T) -> T {
    if !(wanted && std::io::stderr().is_terminal()) {
        return work();
    }
    spin(label, std::io::stderr(), work)
}

/// Runs `work` while a thread draws `label`, a spinner and the seconds spent on `out`, and
/// erases the line when `work` returns.
pub(crate) fn spin<T>(label: &str, out: impl Write + Send, work: impl FnOnce() -> T) -> T {
    let (done, finished) = mpsc::channel::<()>();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut out = out;
            let start = Instant::now();
            let frames = ['|', '/', '-', '\\'];
            let mut frame = 0;
            // Drawing errors (a closed terminal) only stop the drawing.
            while let Err(mpsc::RecvTimeoutError::Timeout) = finished.recv_timeout(TICK) {
                let spinner = frames.get(frame % frames.len()).copied().unwrap_or('|');
                frame += 1;
                let seconds = start.elapsed().as_secs();
                if write!(out, "\r{label} {spinner} {seconds} s").is_err() || out.flush().is_err() {
                    return;
                }
            }
            if frame > 0 {
                // Erase the line: the command's own output follows as if nothing was drawn.
                let _ = write!(out, "\r\x1b[2K");
                let _ = out.flush();
            }
        });
        let result = work();
        drop(done);
        result
    })
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A writer the test can read after the spinner thread is done with it.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| std::io::ErrorKind::Other)?
                .extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    #[allow(clippy::unwrap_used, reason = "test")]
    fn the_spinner_turns_while_work_runs_and_is_erased() {
        let out = Shared::default();
        let answer = spin("generating", out.clone(), || {
            std::thread::sleep(Duration::from_millis(600));
            42
        });
        assert_eq!(answer, 42);
        let drawn = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        assert!(
            drawn.starts_with("\rgenerating | 0 s\rgenerating / 0 s"),
            "{drawn:?}"
        );
        assert!(drawn.ends_with("\r\x1b[2K"), "{drawn:?}");
        // Quick work draws nothing.
        let quiet = Shared::default();
        spin("generating", quiet.clone(), || ());
        assert!(quiet.0.lock().unwrap().is_empty());
    }
}
