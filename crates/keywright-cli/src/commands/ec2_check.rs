//! `keywright ec2-check`: would EC2's ImportKeyPair take this key?

use keywright::ec2;

use crate::cli::Ec2CheckArgs;
use crate::failure::{Failure, Outcome};
use crate::files;

pub(crate) fn run(args: &Ec2CheckArgs) -> Outcome {
    let key = files::load_key(&args.input.path, args.input.passphrase_file.as_ref())?;
    let check = ec2::check_import(&key.public_key());
    let mut refused = !check.accepted();
    for reason in &check.refusals {
        println!("refused: {reason}");
    }
    if let Some(Err(e)) = args.name.as_deref().map(ec2::check_key_name) {
        println!("refused: key name: {e}");
        refused = true;
    }
    for warning in &check.warnings {
        println!("warning: {warning}");
    }
    if refused {
        return Err(Failure::Refused);
    }
    println!("ok");
    Ok(())
}
