//! `keywright comment`: change a key file's comment in place (as `ssh-keygen -c`,
//! `puttygen -C`), keeping its format and encryption.

use std::path::PathBuf;

use keywright::{Format, Key, LineEnding, PublicKey};

use super::passphrase::in_place;
use crate::cli::CommentArgs;
use crate::failure::{Failure, Outcome};
use crate::files::{self, PRIVATE, PUBLIC};

pub(crate) fn run(args: &CommentArgs) -> Outcome {
    let path = &args.path;
    in_place(path)?;
    let input = files::read_input(path)?;
    let (key, passphrase) =
        files::decode_key_unlocked(path, &input, args.passphrase_file.as_ref())?;
    let no_field = |format: Format| {
        Err(Failure::Usage(format!(
            "{} is {format}, which has no comment field (openssh-key-v1, PPK, OpenSSH public \
             lines and RFC 4716 have one; `keywright convert` writes the first two)",
            files::shown(path)
        )))
    };
    match key {
        Key::Private(key) => {
            let mut key = *key;
            let format = key.format().unwrap_or(Format::OpenSsh);
            if !matches!(format, Format::OpenSsh | Format::Ppk2 | Format::Ppk3) {
                return no_field(format);
            }
            key.set_comment(&args.comment);
            // Encrypted again with the passphrase it was read with, as it was encrypted.
            let options = key.encode_options().with_passphrase(passphrase);
            let bytes = key
                .encode_bytes(format, &options)
                .map_err(Failure::key(format!("cannot write {format}")))?;
            files::replace(path, &bytes, PRIVATE)?;
            // As ssh-keygen -c: the public key file beside it too, when it holds this key.
            update_public_beside(path, &key.public_key())
        }
        Key::Public(mut key) => {
            let format = key.format().unwrap_or(Format::OpenSshPub);
            if !matches!(format, Format::OpenSshPub | Format::Rfc4716) {
                return no_field(format);
            }
            if key.certificate().is_some() {
                return Err(Failure::Usage(format!(
                    "{} is a certificate: its comment is not part of what the CA signed, but \
                     keywright does not edit certificates",
                    files::shown(path)
                )));
            }
            key.set_comment(&args.comment);
            let bytes = key
                .encode_bytes(format, LineEnding::Lf)
                .map_err(Failure::key(format!("cannot write {format}")))?;
            files::replace(path, &bytes, PUBLIC)
        }
        _ => Err(Failure::Usage("not a key".into())),
    }
}

/// Rewrites `PATH.pub` with `public`'s comment when it is an OpenSSH public line of the
/// same key; leaves any other file alone.
fn update_public_beside(path: &std::path::Path, public: &PublicKey) -> Outcome {
    let mut beside = path.as_os_str().to_owned();
    beside.push(".pub");
    let beside = PathBuf::from(beside);
    let Ok(bytes) = std::fs::read(&beside) else {
        return Ok(());
    };
    let same = keywright::load_public(&bytes)
        .is_ok_and(|k| k.format() == Some(Format::OpenSshPub) && k.to_blob() == public.to_blob());
    if !same {
        return Ok(());
    }
    let line = public
        .encode_bytes(Format::OpenSshPub, LineEnding::Lf)
        .map_err(Failure::key("cannot write the public key"))?;
    files::replace(&beside, &line, PUBLIC)
}
