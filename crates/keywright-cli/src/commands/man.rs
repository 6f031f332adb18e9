//! `keywright man [SUBCOMMAND]`: the manual pages (roff), from the clap definition:
//! keywright(1), which lists the subcommands as keywright-NAME(1), and each of those.

use clap::CommandFactory;

use crate::cli::{Cli, ManArgs};
use crate::failure::{Failure, Outcome};
use crate::output;

pub(crate) fn run(args: &ManArgs) -> Outcome {
    let command = Cli::command();
    let man = match &args.subcommand {
        None => clap_mangen::Man::new(command),
        Some(name) => {
            let sub = command
                .get_subcommands()
                .find(|s| s.get_name() == name)
                .ok_or_else(|| {
                    Failure::Usage(format!(
                        "no subcommand {name:?} (`keywright --help` lists them)"
                    ))
                })?;
            let sub = sub
                .clone()
                .display_name(format!("keywright-{name}"))
                .bin_name(format!("keywright {name}"));
            clap_mangen::Man::new(sub)
        }
    };
    let mut page = Vec::new();
    man.render(&mut page)
        .map_err(Failure::io("cannot render the manual page"))?;
    output::bytes(&page)
}
