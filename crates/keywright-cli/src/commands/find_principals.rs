//! `keywright find-principals`: who an `allowed_signers` file says made a signature.

use crate::cli::FindPrincipalsArgs;
use crate::commands::signatures::{now, read_allowed_signers, read_signature};
use crate::failure::{Failure, Outcome};
use crate::output;

pub(crate) fn run(args: &FindPrincipalsArgs) -> Outcome {
    let sig = read_signature(&args.signature)?;
    let signers = read_allowed_signers(&args.allowed_signers)?;
    let found = signers.find_principals(&sig, now());
    if found.is_empty() {
        return Err(Failure::Key {
            context: "find-principals".into(),
            error: keywright::Error::Signature {
                reason: "no principal matched".into(),
            },
        });
    }
    output::line(found.join("\n"))
}
