//! `keywright generate`: a new key pair, saved once, safely.

use std::path::PathBuf;

use keywright::{Algorithm, EncodeOptions, Format, HashAlg, LineEnding, fingerprint};

use super::{encode_options, private_format};
use crate::cli::GenerateArgs;
use crate::failure::{Failure, Outcome};
use crate::files::{self, PRIVATE, PUBLIC};
use crate::{output, progress};

pub(crate) fn run(args: &GenerateArgs) -> Outcome {
    let algorithm = Algorithm::from_key_type(&args.key_type, args.bits)
        .map_err(Failure::key("cannot generate"))?;
    // RSA keys default to PKCS#1 PEM (as EC2 makes them), which cannot be encrypted: with a
    // passphrase they default to openssh-key-v1, as every other key type does.
    let format = match args.format {
        Some(f) => private_format(f, &args.ppk)?,
        None if algorithm == Algorithm::Rsa && args.passphrase_file.is_none() => Format::Pkcs1,
        None => Format::OpenSsh,
    };
    let public_path = {
        let mut p = args.output.clone().into_os_string();
        p.push(".pub");
        PathBuf::from(p)
    };
    // Refuse before spending time on key generation.
    let to_stdout = files::private_to_stdout(&args.output, args.private_to_stdout)?;
    if !to_stdout {
        files::check_absent(&args.output, args.force)?;
        files::check_absent(&public_path, args.force)?;
    }
    let passphrase = files::new_passphrase(args.passphrase_file.as_ref())?;
    let options = encode_options(
        EncodeOptions::default(),
        format,
        &args.openssh,
        &args.ppk,
        passphrase,
    )?;

    let bits = if algorithm == Algorithm::Rsa {
        args.bits
    } else {
        None
    };
    // Seconds to minutes for RSA-8192 and more: a spinner on a terminal meanwhile.
    let slow = bits.is_some_and(|b| b >= progress::RSA_BITS);
    let label = format!("generating an RSA-{} key", bits.unwrap_or_default());
    let mut key = progress::run(&label, slow, || keywright::generate(algorithm, bits))
        .map_err(Failure::key("cannot generate"))?;
    let comment = args.comment.clone().unwrap_or_else(|| {
        if to_stdout {
            return String::new();
        }
        args.output
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    key.set_comment(&comment);

    let private = key
        .encode_bytes(format, &options)
        .map_err(Failure::key(format!("cannot write {format}")))?;
    let public = key
        .public_key()
        .encode_bytes(Format::OpenSshPub, LineEnding::Lf)
        .map_err(Failure::key("cannot write the public key"))?;
    if to_stdout {
        output::bytes(&private)?;
        return output::bytes(&public);
    }
    // Both files are written and synced before either is put in place: a full disk leaves
    // the old pair (or nothing) as it was.
    let private = files::stage(&args.output, &private, PRIVATE, args.force)?;
    let public = files::stage(&public_path, &public, PUBLIC, args.force)?;
    files::commit(private)?;
    files::commit(public)?;
    output::line(fingerprint::ssh_keygen_line(
        &key.public_key(),
        HashAlg::Sha256,
    ))
}
