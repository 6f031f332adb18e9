//! The `keywright` command.

mod cli;
mod commands;
mod failure;
mod files;
mod output;
mod progress;
mod signals;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::commands::{
    audit, authorized_keys, certify, comment, completions, convert, ec2_check, ec2_host_keys,
    ec2_match, ec2_password, find_principals, fingerprint, generate, inspect, known_hosts, man,
    passphrase, public, sign, ssh_keygen, sshfp, verify,
};

fn main() -> ExitCode {
    // A bug must still end as one line, never a backtrace.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "error: internal error: {}",
            keywright::text::escape(info.to_string().as_bytes())
        );
    }));
    // `keywright -Y ...` is ssh-keygen's command line, for git's gpg.ssh.program.
    let argv: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if argv
        .first()
        .is_some_and(|a| a == "-Y" || a.to_string_lossy().starts_with("-Y"))
    {
        return ssh_keygen::main(&argv);
    }
    let cli = Cli::parse();
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
        Ok(()) => ExitCode::SUCCESS,
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
