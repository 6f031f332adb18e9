//! `keywright public`: the public key of any key file, in any public format.

use keywright::{Format, LineEnding};

use crate::cli::{PublicArgs, PublicFormat};
use crate::failure::{Failure, Outcome};
use crate::{files, output};

pub(crate) fn run(args: &PublicArgs) -> Outcome {
    let key = files::load_key(&args.input.path, args.input.passphrase_file.as_ref())?.public_key();
    let format = match args.format {
        PublicFormat::Openssh => Format::OpenSshPub,
        PublicFormat::Rfc4716 => Format::Rfc4716,
        PublicFormat::Spki => Format::Spki,
        PublicFormat::Pkcs1 => Format::Pkcs1Pub,
        PublicFormat::Der => Format::Der,
    };
    // Bytes, not text: a comment that is not UTF-8 comes out as the file held it.
    let out = key
        .encode_bytes(format, LineEnding::Lf)
        .map_err(Failure::key(format!("cannot write {format}")))?;
    output::bytes(&out)
}
