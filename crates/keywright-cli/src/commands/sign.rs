//! `keywright sign`: SSH signatures (SSHSIG) of files, as `ssh-keygen -Y sign`.

use std::path::{Path, PathBuf};

use keywright::LineEnding;
use keywright::sshsig::{self, SigHash};

use crate::cli::SignArgs;
use crate::commands::signatures::digest_input;
use crate::failure::{Failure, Outcome};
use crate::files;
use crate::output;

pub(crate) fn run(args: &SignArgs) -> Outcome {
    let key = files::load_private(&args.key, args.passphrase_file.as_ref())?;
    let hash = match args.hash {
        crate::cli::SigHash::Sha256 => SigHash::Sha256,
        crate::cli::SigHash::Sha512 => SigHash::Sha512,
    };
    let inputs = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files.clone()
    };
    for input in &inputs {
        let armour = sign_one(&key, &args.namespace, hash, input)?;
        if input == Path::new("-") {
            output::bytes(armour.as_bytes())?;
        } else {
            files::write_atomic(
                &sig_path(input),
                armour.as_bytes(),
                files::PUBLIC,
                args.force,
            )?;
        }
    }
    Ok(())
}

/// `FILE.sig`.
pub(crate) fn sig_path(input: &Path) -> PathBuf {
    let mut name = input.as_os_str().to_owned();
    name.push(".sig");
    PathBuf::from(name)
}

/// The armoured signature of `input` (streamed, `-` for standard input).
pub(crate) fn sign_one(
    key: &keywright::PrivateKey,
    namespace: &str,
    hash: SigHash,
    input: &Path,
) -> Outcome<String> {
    let digest = digest_input(input, hash.hasher())?;
    let sig = sshsig::sign_digest(key, namespace, &digest)
        .map_err(Failure::key(format!("cannot sign {}", files::shown(input))))?;
    Ok(sig.to_pem(LineEnding::Lf))
}
