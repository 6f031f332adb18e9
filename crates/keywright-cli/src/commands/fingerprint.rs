//! `keywright fingerprint`: as `ssh-keygen -l`, `puttygen -l`, or the EC2 console.

use std::io::{BufRead, Write};

use keywright::authorized_keys::Entries;
use keywright::{ErrorKind, Format, HashAlg, Key, Limits, PublicKey, ec2, fingerprint};

use crate::cli::FingerprintArgs;
use crate::failure::{Failure, Outcome};
use crate::files::{self, shown};
use crate::output;

pub(crate) fn run(args: &FingerprintArgs) -> Outcome {
    let hash = HashAlg::from(args.hash);
    let path = &args.input.path;
    let mut reader = files::open_input(path)?;
    let head = reader
        .fill_buf()
        .map_err(Failure::io(format!("cannot read {}", shown(path))))?;

    // Public key lines (an authorized_keys file): one line each, streamed in constant memory.
    if keywright::detect(head).is_some_and(|d| d.format == Format::OpenSshPub) && !args.ec2 {
        return each_line(args, reader, hash);
    }
    let input = files::read_all(path, reader)?;
    let passphrase_file = args.input.passphrase_file.as_ref();
    // EC2's "created" fingerprint needs the private key; the others the public half only.
    let key = if args.ec2 {
        files::decode_key(path, &input, passphrase_file)?
    } else {
        files::decode_or_peek(path, &input, passphrase_file)?
    };
    let line = if args.ec2 {
        ec2_lines(&key).map_err(Failure::key(format!(
            "no EC2 fingerprint for {}",
            shown(path)
        )))?
    } else {
        describe(&key.public_key(), hash, args)
    };
    output::line(line)
}

/// Both EC2 fingerprints, labelled, since keywright cannot know whether EC2 made the key
/// (`created`) or it was imported (`imported`); a public key gives only `imported`.
fn ec2_lines(key: &Key) -> keywright::Result<String> {
    let found = ec2::fingerprints(key)?;
    Ok(match found.created {
        Some(created) => format!("created: {created}\nimported: {}", found.imported),
        None => format!("imported: {}", found.imported),
    })
}

fn describe(key: &PublicKey, hash: HashAlg, args: &FingerprintArgs) -> String {
    if args.putty {
        fingerprint::putty(key, hash)
    } else if args.visual {
        format!(
            "{}\n{}",
            fingerprint::ssh_keygen_line(key, hash),
            fingerprint::randomart(key, hash)
        )
    } else {
        fingerprint::ssh_keygen_line(key, hash)
    }
}

/// One line per key of an `authorized_keys`-style file; bad lines are reported and skipped.
fn each_line(args: &FingerprintArgs, input: impl BufRead, hash: HashAlg) -> Outcome {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut good = 0usize;
    let mut last_error = None;
    for entry in Entries::new(input, &Limits::DEFAULT) {
        match entry {
            Ok(entry) => {
                good += 1;
                writeln!(out, "{}", describe(&entry.key, hash, args)).map_err(output::failed())?;
            }
            Err(error) if error.kind() == ErrorKind::Io => {
                // The stream has ended: one error, exit 7.
                out.flush().map_err(output::failed())?;
                return Err(Failure::Key {
                    context: format!("cannot read {}", shown(&args.input.path)),
                    error,
                });
            }
            Err(e) => {
                output::warning(&format!("{}: {e}", shown(&args.input.path)));
                last_error = Some(e);
            }
        }
    }
    out.flush().map_err(output::failed())?;
    match last_error {
        Some(error) if good == 0 => Err(Failure::Key {
            context: format!("no valid key in {}", shown(&args.input.path)),
            error,
        }),
        _ if good == 0 => Err(Failure::Usage(format!(
            "{} holds no key",
            shown(&args.input.path)
        ))),
        _ => Ok(()),
    }
}
