//! What `sign`, `verify`, `find-principals` and the `-Y` entry point share: streaming a
//! message through the hash, reading signatures and `allowed_signers`, the clock.

use std::path::Path;

use keywright::allowed_signers::AllowedSigners;
use keywright::sshsig::{Hasher, MessageDigest, Signature};

use crate::failure::{Failure, Outcome};
use crate::files;

/// Hashes `path` (`-`: standard input) in large reads ([`Hasher::update_from`]).
pub(crate) fn digest_input(path: &Path, mut hasher: Hasher) -> Outcome<MessageDigest> {
    let context = || format!("cannot read {}", files::shown(path));
    let read = if path == Path::new("-") {
        hasher.update_from(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(path).map_err(Failure::io(context()))?;
        hasher.update_from(file)
    };
    read.map_err(Failure::io(context()))?;
    Ok(hasher.finish())
}

/// Reads a signature file (armoured or raw).
pub(crate) fn read_signature(path: &Path) -> Outcome<Signature> {
    let bytes = files::read_input(path)?;
    Signature::decode(&bytes).map_err(Failure::key(format!(
        "cannot read signature {}",
        files::shown(path)
    )))
}

/// Reads an `allowed_signers` file.
pub(crate) fn read_allowed_signers(path: &Path) -> Outcome<AllowedSigners> {
    let bytes = files::read_input(path)?;
    AllowedSigners::parse(&bytes).map_err(Failure::key(format!(
        "cannot read allowed signers {}",
        files::shown(path)
    )))
}

/// Now, in Unix seconds.
pub(crate) fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// What `ssh-keygen -Y verify` prints on success.
pub(crate) fn good_line(sig: &Signature, principal: Option<&str>) -> String {
    let (kind, fp) = sig.signer_description();
    match principal {
        Some(p) => format!(
            "Good \"{}\" signature for {p} with {kind} key {fp}",
            sig.namespace()
        ),
        None => format!(
            "Good \"{}\" signature with {kind} key {fp}",
            sig.namespace()
        ),
    }
}
