//! `keywright ec2-check`: would EC2's ImportKeyPair take this key?

use keywright::ec2;

use crate::cli::{self, Ec2CheckArgs};
use crate::failure::{Failure, Outcome};
use crate::{files, output};

pub(crate) fn run(args: &Ec2CheckArgs) -> Outcome {
    let key = files::load_key(&args.input.path, args.input.passphrase_file.as_ref())?;
    let platform = match args.platform {
        cli::Platform::Linux => ec2::Platform::Linux,
        cli::Platform::Windows => ec2::Platform::Windows,
    };
    let check = ec2::check_import_for(&key.public_key(), platform);
    let mut refused = !check.accepted();
    for reason in &check.refusals {
        output::line(format!("refused: {}", escaped(reason)))?;
    }
    if let Some(Err(e)) = args.name.as_deref().map(ec2::check_key_name) {
        output::line(format!("refused: key name: {}", escaped(&e)))?;
        refused = true;
    }
    for warning in &check.warnings {
        output::line(format!("warning: {}", escaped(warning)))?;
    }
    if refused {
        return Err(Failure::Refused);
    }
    output::line("ok")
}

/// A verdict's text, one line free of control characters.
fn escaped(text: &impl std::fmt::Display) -> String {
    keywright::text::escape(text.to_string().as_bytes()).into_owned()
}
