//! The `keywright` command as a library: [`run`] is the whole command line, so that the
//! binary (`src/main.rs`) and the Python binding's `python -m keywright` run the same code.
//!
//! Nothing else is public: the commands' behaviour is the CLI's, documented in the README
//! and `keywright --help`.

mod cli;
mod commands;
mod failure;
mod files;
mod output;
mod progress;
mod signals;

use std::ffi::OsString;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::commands::{
    audit, authorized_keys, certify, comment, completions, convert, ec2_check, ec2_host_keys,
    ec2_match, ec2_password, find_principals, fingerprint, generate, inspect, known_hosts, man,
    passphrase, public, sign, ssh_keygen, sshfp, verify,
};

/// Runs the `keywright` command line `args` (without the program name), printing to
/// standard output and standard error as the binary does, and returns the exit code: 0 for
/// success, 1 to 11 by the kind of failure (`keywright --help` lists them), 2 for a usage
/// error. `args` starting with `-Y` is ssh-keygen's command line (for git's
/// `gpg.ssh.program`), which exits 255 on failure as ssh-keygen does.
///
/// It never exits the process itself (`--help` and `--version` print and return 0), but a
/// command that writes files handles SIGINT, SIGTERM, SIGHUP and SIGQUIT from then on
/// (removing its temporary files, then ending as the signal would).
#[must_use]
pub fn run<I>(args: I) -> u8
where
    I: IntoIterator,
    I::Item: Into<OsString>,
{
    let argv: Vec<OsString> = args.into_iter().map(Into::into).collect();
    // `keywright -Y ...` is ssh-keygen's command line, for git's gpg.ssh.program.
    if argv
        .first()
        .is_some_and(|a| a == "-Y" || a.to_string_lossy().starts_with("-Y"))
    {
        return ssh_keygen::main(&argv);
    }
    let cli = match Cli::try_parse_from(std::iter::once(OsString::from("keywright")).chain(argv)) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version on standard output (exit 0), usage errors on standard error.
            let _ = e.print();
            return u8::try_from(e.exit_code()).unwrap_or(2);
        }
    };
    let outcome = match &cli.command {
        Command::Generate(args) => generate::run(args),
        Command::Public(args) => public::run(args),
        Command::Fingerprint(args) => fingerprint::run(args),
        Command::Sshfp(args) => sshfp::run(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Convert(args) => convert::run(args),
        Command::Passphrase(args) => passphrase::run(args),
        Command::Comment(args) => comment::run(args),
        Command::Certify(args) => certify::run(args),
        Command::Ec2Check(args) => ec2_check::run(args),
        Command::Ec2Match(args) => ec2_match::run(args),
        Command::Ec2HostKeys(args) => ec2_host_keys::run(args),
        Command::KnownHosts(command) => known_hosts::run(command),
        Command::AuthorizedKeys(command) => authorized_keys::run(command),
        Command::Ec2Password(args) => ec2_password::run(args),
        Command::Sign(args) => sign::run(args),
        Command::Verify(args) => verify::run(args),
        Command::FindPrincipals(args) => find_principals::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::Audit(args) => audit::run(args),
    };
    match outcome {
        Ok(()) => 0,
        Err(failure) if failure.is_quiet() => failure.exit_code(),
        Err(failure) => {
            // One line, whatever the file names and the files' text hold.
            eprintln!(
                "error: {}",
                keywright::text::escape(failure.to_string().as_bytes())
            );
            failure.exit_code()
        }
    }
}
