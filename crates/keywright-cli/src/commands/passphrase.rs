//! `keywright passphrase`: change, add or remove a key file's passphrase in place (as
//! `ssh-keygen -p`, `puttygen -P`), keeping its format and how it was encrypted.

use std::path::Path;

use keywright::{Format, Key, PpkVersion};

use super::encode_options;
use crate::cli::PassphraseArgs;
use crate::failure::{Failure, Outcome};
use crate::files::{self, PRIVATE};

pub(crate) fn run(args: &PassphraseArgs) -> Outcome {
    let path = &args.path;
    in_place(path)?;
    let input = files::read_input(path)?;
    let key = match files::decode_key(path, &input, args.passphrase_file.as_ref())? {
        Key::Private(key) => *key,
        _ => {
            return Err(Failure::Usage(format!(
                "{} holds a public key, which has no passphrase",
                files::shown(path)
            )));
        }
    };
    let read_as = key.format().unwrap_or(Format::OpenSsh);
    if args.ppk.ppk_version.is_some() && !matches!(read_as, Format::Ppk2 | Format::Ppk3) {
        return Err(Failure::Usage(format!(
            "--ppk-version is for PPK files; {} is {read_as} (use convert)",
            files::shown(path)
        )));
    }
    let new = if args.remove {
        None
    } else if let Some(file) = &args.new_passphrase_file {
        files::new_passphrase(Some(file))?
    } else {
        Some(files::prompt_new_passphrase(path)?)
    };
    if new.is_some() && matches!(read_as, Format::Pkcs1 | Format::Sec1 | Format::Dsa) {
        return Err(Failure::Usage(format!(
            "{} is {read_as} PEM, whose (legacy OpenSSL) encryption keywright reads but does not \
             write: convert it with `keywright convert --to pkcs8` or `--to openssh` and \
             --new-passphrase-file",
            files::shown(path)
        )));
    }
    let options = encode_options(key.encode_options(), read_as, &args.openssh, &args.ppk, new)?;
    // The same format; a PPK file changes version only when asked (--ppk-version).
    let format = match read_as {
        Format::Ppk2 | Format::Ppk3 if options.ppk.version == PpkVersion::V2 => Format::Ppk2,
        Format::Ppk2 | Format::Ppk3 => Format::Ppk3,
        other => other,
    };
    let bytes = key
        .encode_bytes(format, &options)
        .map_err(Failure::key(format!("cannot write {format}")))?;
    files::replace(path, &bytes, PRIVATE)
}

/// Refuses `-` for a command that changes a file in place.
pub(crate) fn in_place(path: &Path) -> Outcome {
    if path == Path::new("-") {
        return Err(Failure::Usage(
            "the key file is changed in place: give its path, not -".into(),
        ));
    }
    Ok(())
}
