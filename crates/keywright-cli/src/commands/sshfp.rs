//! `keywright sshfp`: SSHFP DNS records, as `ssh-keygen -r HOSTNAME -f KEYFILE`.

use keywright::sshfp::{self, SshfpHash};

use crate::cli::{self, SshfpArgs};
use crate::failure::Outcome;
use crate::{files, output};

pub(crate) fn run(args: &SshfpArgs) -> Outcome {
    let hashes: &[SshfpHash] = match args.hash {
        None => &SshfpHash::ALL,
        Some(cli::SshfpHash::Sha1) => &[SshfpHash::Sha1],
        Some(cli::SshfpHash::Sha256) => &[SshfpHash::Sha256],
    };
    for path in &args.keys {
        let input = files::read_input(path)?;
        // A private key file's public half, where it is in the clear, needs no passphrase.
        let key = files::decode_or_peek(path, &input, None)?.public_key();
        if sshfp::algorithm_number(key.algorithm()).is_none() {
            crate::output::warning(&format!(
                "{}: SSHFP has no algorithm number for {} keys",
                files::shown(path),
                key.algorithm()
            ));
        }
        for &hash in hashes {
            if let Some(record) = sshfp::record(&args.hostname, &key, hash) {
                output::line(record)?;
            }
        }
    }
    Ok(())
}
