//! `keywright verify`: checks an SSH signature against a key or an `allowed_signers` file.

use keywright::Key;

use crate::cli::VerifyArgs;
use crate::commands::signatures::{
    digest_input, good_line, now, read_allowed_signers, read_signature,
};
use crate::failure::{Failure, Outcome};
use crate::{files, output};

pub(crate) fn run(args: &VerifyArgs) -> Outcome {
    let sig = read_signature(&args.signature)?;
    let context = format!("{} does not verify", files::shown(&args.signature));
    let principal = if let Some(key_path) = &args.key {
        let key = match files::load_key(key_path, None)? {
            Key::Public(k) => k,
            other => other.public_key(),
        };
        let digest = digest_input(&args.file, sig.hasher())?;
        sig.verify_digest(&args.namespace, &digest, &key)
            .map_err(Failure::key(context))?;
        None
    } else {
        let (Some(signers), Some(principal)) = (&args.allowed_signers, &args.principal) else {
            return Err(Failure::Usage(
                "give --key, or --allowed-signers with -I PRINCIPAL".into(),
            ));
        };
        let signers = read_allowed_signers(signers)?;
        let digest = digest_input(&args.file, sig.hasher())?;
        signers
            .verify_digest(&sig, &args.namespace, &digest, principal, now())
            .map_err(Failure::key(context))?;
        Some(principal.as_str())
    };
    output::line(good_line(&sig, principal))
}
