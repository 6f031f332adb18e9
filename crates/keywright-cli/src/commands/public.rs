//! `keywright public`: the public key of any key file, in any public format.

use keywright::{Format, LineEnding};

use crate::cli::{PublicArgs, PublicFormat};
use crate::failure::{Failure, Outcome};
use crate::files;

pub(crate) fn run(args: &PublicArgs) -> Outcome {
    let key = files::load_key(&args.input.path, args.input.passphrase_file.as_ref())?.public_key();
    let format = match args.format {
        PublicFormat::Openssh => Format::OpenSshPub,
        PublicFormat::Rfc4716 => Format::Rfc4716,
        PublicFormat::Spki => Format::Spki,
        PublicFormat::Pkcs1 => Format::Pkcs1Pub,
        PublicFormat::Der => Format::Der,
    };
    let text = key
        .encode(format, LineEnding::Lf)
        .map_err(Failure::key(format!("cannot write {format}")))?;
    print!("{text}");
    Ok(())
}
