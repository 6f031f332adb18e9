//! `keywright public`: the public key of any key file, in any public format.

use std::io::IsTerminal;

use keywright::{Format, LineEnding};

use crate::cli::{PublicArgs, PublicFormat};
use crate::failure::{Failure, Outcome};
use crate::{files, output};

pub(crate) fn run(args: &PublicArgs) -> Outcome {
    let key = files::load_key(&args.input.path, args.input.passphrase_file.as_ref())?.public_key();
    let format = match args.format {
        PublicFormat::OpensshPub => Format::OpenSshPub,
        PublicFormat::Rfc4716 => Format::Rfc4716,
        PublicFormat::Spki => Format::Spki,
        PublicFormat::Pkcs1Pub => Format::Pkcs1Pub,
        PublicFormat::Der => {
            if std::io::stdout().is_terminal() {
                return Err(Failure::Usage(
                    "refusing to write binary DER to a terminal: redirect it to a file, or \
                     use --format der-base64"
                        .into(),
                ));
            }
            let der = key
                .to_spki_der()
                .map_err(Failure::key("cannot write der"))?;
            return output::bytes(&der);
        }
        PublicFormat::DerBase64 => Format::Der,
    };
    // Bytes, not text: a comment that is not UTF-8 comes out as the file held it.
    let out = key
        .encode_bytes(format, LineEnding::Lf)
        .map_err(Failure::key(format!("cannot write {format}")))?;
    output::bytes(&out)
}
