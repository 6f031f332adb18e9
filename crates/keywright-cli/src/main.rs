//! The `keywright` command.

mod cli;
mod commands;
mod failure;
mod files;
mod output;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::commands::{convert, ec2_check, ec2_password, fingerprint, generate, inspect, public};

fn main() -> ExitCode {
    // A bug must still end as one line, never a backtrace.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: internal error: {info}");
    }));
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Generate(args) => generate::run(args),
        Command::Public(args) => public::run(args),
        Command::Fingerprint(args) => fingerprint::run(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Convert(args) => convert::run(args),
        Command::Ec2Check(args) => ec2_check::run(args),
        Command::Ec2Password(args) => ec2_password::run(args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) if failure.is_quiet() => failure.exit_code(),
        Err(failure) => {
            eprintln!("error: {failure}");
            failure.exit_code()
        }
    }
}
