//! `keywright completions SHELL`: the shell's completion script, from the clap definition.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::failure::Outcome;
use crate::output;

pub(crate) fn run(args: &CompletionsArgs) -> Outcome {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "keywright", &mut script);
    output::bytes(&script)
}
