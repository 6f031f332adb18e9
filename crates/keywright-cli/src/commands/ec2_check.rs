//! `keywright ec2-check`: would EC2's ImportKeyPair take this key?

use keywright::ec2;

use crate::cli::Ec2CheckArgs;
use crate::failure::{Failure, Outcome};
use crate::{files, output};

pub(crate) fn run(args: &Ec2CheckArgs) -> Outcome {
    let key = files::load_key(&args.input.path, args.input.passphrase_file.as_ref())?;
    let check = ec2::check_import(&key.public_key());
    let mut refused = !check.accepted();
    for reason in &check.refusals {
        output::line(format!("refused: {reason}"))?;
    }
    if let Some(Err(e)) = args.name.as_deref().map(ec2::check_key_name) {
        output::line(format!("refused: key name: {e}"))?;
        refused = true;
    }
    for warning in &check.warnings {
        output::line(format!("warning: {warning}"))?;
    }
    if refused {
        return Err(Failure::Refused);
    }
    output::line("ok")
}
