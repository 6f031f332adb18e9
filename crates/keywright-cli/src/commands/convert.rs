//! `keywright convert`: a private key into another format.

use keywright::EncodeOptions;

use super::{encode_options, private_format};
use crate::cli::ConvertArgs;
use crate::failure::{Failure, Outcome};
use crate::files::{self, PRIVATE};
use crate::output;

pub(crate) fn run(args: &ConvertArgs) -> Outcome {
    let format = private_format(args.to, &args.ppk)?;
    let to_stdout = files::private_to_stdout(&args.output, args.private_to_stdout)?;
    if !to_stdout {
        files::check_absent(&args.output, args.force)?;
    }
    let mut key = files::load_private(&args.input.path, args.input.passphrase_file.as_ref())?;
    if let Some(comment) = &args.comment {
        key.set_comment(comment);
    }
    let passphrase = files::new_passphrase(args.new_passphrase_file.as_ref())?;
    let options = encode_options(
        EncodeOptions::default(),
        format,
        &args.openssh,
        &args.ppk,
        passphrase,
    )?;
    let file = key
        .encode_bytes(format, &options)
        .map_err(Failure::key(format!("cannot write {format}")))?;
    if to_stdout {
        return output::bytes(&file);
    }
    files::write_atomic(&args.output, &file, PRIVATE, args.force)
}
