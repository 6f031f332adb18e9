//! The `keywright` command: the whole command line is [`keywright_cli::run`].

use std::process::ExitCode;

fn main() -> ExitCode {
    // A bug must still end as one line, never a backtrace.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "error: internal error: {}",
            keywright::text::escape(info.to_string().as_bytes())
        );
    }));
    ExitCode::from(keywright_cli::run(std::env::args_os().skip(1)))
}
