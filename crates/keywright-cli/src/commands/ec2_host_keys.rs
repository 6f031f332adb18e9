//! `keywright ec2-host-keys`: an instance's host keys from its console output.

use keywright::ec2::{self, HostKeyCheck};

use crate::cli::Ec2HostKeysArgs;
use crate::failure::{Failure, Outcome};
use crate::files::{self, shown};
use crate::output;

pub(crate) fn run(args: &Ec2HostKeysArgs) -> Outcome {
    let input = files::read_input(&args.console)?;
    let console = ec2::parse_console_output(&input).map_err(Failure::key(format!(
        "cannot read console output {}",
        shown(&args.console)
    )))?;
    let Some(check) = &args.check else {
        if console.keys.is_empty() {
            return Err(Failure::Usage(format!(
                "{} holds no SSH HOST KEY KEYS block",
                shown(&args.console)
            )));
        }
        for key in &console.keys {
            let mut key = key.clone();
            key.set_comment("");
            let line = match &args.host {
                Some(host) => format!("{host} {}", key.to_openssh()),
                None => key.to_openssh(),
            };
            output::line(line)?;
        }
        return Ok(());
    };
    let scanned = files::read_input(check)?;
    let scanned = ec2::parse_scanned_keys(&scanned).map_err(Failure::key(format!(
        "cannot read host keys from {}",
        shown(check)
    )))?;
    let results = ec2::check_host_keys(&console, &scanned);
    let (mut matched, mut mismatched) = (0usize, 0usize);
    for result in &results {
        match result {
            HostKeyCheck::Match {
                key_type,
                fingerprint,
            } => {
                matched += 1;
                output::line(format!("match: {key_type} {fingerprint}"))?;
            }
            HostKeyCheck::Mismatch {
                key_type,
                fingerprint,
                expected,
            } => {
                mismatched += 1;
                eprintln!(
                    "@@@ HOST KEY MISMATCH: the {key_type} host key is {fingerprint}, but the \
                     instance's console lists {}. Someone may be intercepting the \
                     connection: do not connect.",
                    expected.join(", ")
                );
                output::line(format!("MISMATCH: {key_type} {fingerprint}"))?;
            }
            HostKeyCheck::Unknown {
                key_type,
                fingerprint,
            } => output::line(format!(
                "unknown: {key_type} {fingerprint} (not in the console)"
            ))?,
        }
    }
    if mismatched > 0 {
        return Err(Failure::Refused);
    }
    if matched == 0 {
        eprintln!(
            "error: nothing to compare: the console lists no host key of the types scanned \
             (is cloud-init's fingerprint block in the output yet?)"
        );
        return Err(Failure::Refused);
    }
    Ok(())
}
