//! `keywright -Y ...`: the `ssh-keygen -Y` command line, so git can use keywright as
//! `gpg.ssh.program`. It takes exactly what git passes (`-Y sign|verify|find-principals|
//! check-novalidate`, `-n`, `-f`, `-I`, `-s`, `-U`, `-O`, `-r`) and answers as ssh-keygen
//! does: the same lines on standard output, exit 0 for yes and 255 for no.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use keywright::allowed_signers::parse_time;
use keywright::sshsig::SigHash;

use crate::commands::sign::{sig_path, sign_one};
use crate::commands::signatures::{
    digest_input, good_line, now, read_allowed_signers, read_signature,
};
use crate::failure::{Failure, Outcome};
use crate::{files, output};

const USAGE: &str = "usage: keywright -Y sign -n namespace -f key_file [-O hashalg=sha256|sha512] file ...\n       keywright -Y verify -n namespace -f allowed_signers -I principal -s signature_file [-O verify-time=TIME]\n       keywright -Y find-principals -f allowed_signers -s signature_file [-O verify-time=TIME]\n       keywright -Y check-novalidate -n namespace -s signature_file";

#[derive(Debug, Default)]
struct Args {
    op: String,
    namespace: Option<String>,
    file: Option<PathBuf>,
    principal: Option<String>,
    signature: Option<PathBuf>,
    agent: bool,
    options: Vec<String>,
    revocation: Option<PathBuf>,
    positional: Vec<PathBuf>,
}

fn parse(argv: &[OsString]) -> Result<Args, String> {
    let mut args = Args::default();
    let mut i = 0;
    while let Some(arg) = argv.get(i) {
        i += 1;
        let text = arg.to_string_lossy();
        // git passes an empty argument when it has no verify time.
        if text.is_empty() {
            continue;
        }
        let Some(flag) = text.strip_prefix('-').filter(|f| !f.is_empty()) else {
            args.positional.push(PathBuf::from(arg));
            continue;
        };
        let mut chars = flag.chars();
        let letter = chars.next().unwrap_or('-');
        let attached: String = chars.collect();
        let takes_value = matches!(letter, 'Y' | 'n' | 'f' | 'I' | 's' | 'O' | 'r');
        if !takes_value {
            match letter {
                'U' => args.agent = true,
                'q' | 'v' => {}
                _ => return Err(format!("unknown option -{letter}")),
            }
            if !attached.is_empty() {
                return Err(format!("unknown option -{flag}"));
            }
            continue;
        }
        let value: OsString = if attached.is_empty() {
            let v = argv
                .get(i)
                .cloned()
                .ok_or_else(|| format!("option -{letter} needs a value"))?;
            i += 1;
            v
        } else {
            OsString::from(attached)
        };
        let lossy = value.to_string_lossy().into_owned();
        match letter {
            'Y' => args.op = lossy,
            'n' => args.namespace = Some(lossy),
            'f' => args.file = Some(PathBuf::from(value)),
            'I' => args.principal = Some(lossy),
            's' => args.signature = Some(PathBuf::from(value)),
            'O' => args.options.push(lossy),
            _ => args.revocation = Some(PathBuf::from(value)),
        }
    }
    Ok(args)
}

/// Runs `keywright -Y ...` (`argv` after the program name).
pub(crate) fn main(argv: &[OsString]) -> u8 {
    let args = match parse(argv) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}\n{USAGE}");
            return 255;
        }
    };
    match run(&args) {
        Ok(()) => 0,
        Err(failure) => {
            if !failure.is_quiet() {
                eprintln!("{failure}");
            }
            if matches!(failure, Failure::Usage(_)) {
                eprintln!("{USAGE}");
            }
            255
        }
    }
}

fn need<'a, T>(value: Option<&'a T>, flag: &str) -> Outcome<&'a T>
where
    T: ?Sized,
{
    value.ok_or_else(|| Failure::Usage(format!("missing -{flag}")))
}

/// `-O verify-time=...` (Unix seconds), else now; `-O hashalg=...`.
fn options(args: &Args) -> Outcome<(u64, SigHash)> {
    let mut time = now();
    let mut hash = SigHash::Sha512;
    for o in &args.options {
        if let Some(t) = o.strip_prefix("verify-time=") {
            time = parse_time(t)
                .ok_or_else(|| Failure::Usage(format!("invalid verify-time {t:?}")))?;
        } else if let Some(h) = o.strip_prefix("hashalg=") {
            hash = h
                .parse()
                .map_err(|_| Failure::Usage(format!("unsupported hash algorithm {h:?}")))?;
        } else if o != "print-pubkey" {
            return Err(Failure::Usage(format!("unsupported option -O {o}")));
        }
    }
    Ok((time, hash))
}

fn run(args: &Args) -> Outcome {
    if args.revocation.is_some() {
        return Err(Failure::Usage(
            "revocation lists (-r) are not supported; keywright refuses rather than ignore one"
                .into(),
        ));
    }
    let (time, hash) = options(args)?;
    match args.op.as_str() {
        "sign" => sign(args, hash),
        "verify" => {
            let outcome = verify(args, time);
            if outcome.is_err() {
                output::line("Could not verify signature.")?;
            }
            outcome
        }
        "check-novalidate" => {
            let outcome = check_novalidate(args);
            if outcome.is_err() {
                output::line("Could not verify signature.")?;
            }
            outcome
        }
        "find-principals" => find_principals(args, time),
        other => Err(Failure::Usage(format!("unsupported -Y {other:?}"))),
    }
}

fn sign(args: &Args, hash: SigHash) -> Outcome {
    let namespace = need(args.namespace.as_ref(), "n")?;
    let key_path = need(args.file.as_ref(), "f")?;
    if args.agent {
        return Err(Failure::Usage(
            "keys held by ssh-agent (-U) are not supported: give the private key file".into(),
        ));
    }
    let key = match files::load_key(key_path, None)? {
        keywright::Key::Private(k) => *k,
        // `user.signingkey` often names the `.pub` file (ssh-keygen then asks ssh-agent):
        // keywright signs with the private key beside it.
        _ if key_path.extension().is_some_and(|e| e == "pub")
            && key_path.with_extension("").is_file() =>
        {
            files::load_private(&key_path.with_extension(""), None)?
        }
        _ => {
            return Err(Failure::Usage(format!(
                "{} is a public key; keywright signs with the private key file (ssh-agent is not supported)",
                files::shown(key_path)
            )));
        }
    };
    if args.positional.is_empty() || args.positional == [PathBuf::from("-")] {
        let armour = sign_one(&key, namespace, hash, Path::new("-"))?;
        return output::bytes(armour.as_bytes());
    }
    for input in &args.positional {
        let armour = sign_one(&key, namespace, hash, input)?;
        // As ssh-keygen: an existing FILE.sig is replaced.
        files::write_atomic(&sig_path(input), armour.as_bytes(), files::PUBLIC, true)?;
    }
    Ok(())
}

fn verify(args: &Args, time: u64) -> Outcome {
    let namespace = need(args.namespace.as_ref(), "n")?;
    let signers = read_allowed_signers(need(args.file.as_ref(), "f")?)?;
    let principal = need(args.principal.as_ref(), "I")?;
    let sig = read_signature(need(args.signature.as_ref(), "s")?)?;
    let digest = digest_input(Path::new("-"), sig.hasher())?;
    signers
        .verify_digest(&sig, namespace, &digest, principal, time)
        .map_err(Failure::key("keywright"))?;
    output::line(good_line(&sig, Some(principal)))
}

fn check_novalidate(args: &Args) -> Outcome {
    let namespace = need(args.namespace.as_ref(), "n")?;
    let sig = read_signature(need(args.signature.as_ref(), "s")?)?;
    let digest = digest_input(Path::new("-"), sig.hasher())?;
    sig.check(namespace, &digest)
        .map_err(Failure::key("keywright"))?;
    output::line(good_line(&sig, None))
}

fn find_principals(args: &Args, time: u64) -> Outcome {
    let signers = read_allowed_signers(need(args.file.as_ref(), "f")?)?;
    let sig = read_signature(need(args.signature.as_ref(), "s")?)?;
    let found = signers.find_principals(&sig, time);
    if found.is_empty() {
        eprintln!("No principal matched.");
        return Err(Failure::Refused);
    }
    output::line(found.join("\n"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn git_argument_lists() {
        // sign_buffer_ssh
        let a = parse(&os(&[
            "-Y", "sign", "-n", "git", "-f", "/k", "-U", "/tmp/buf",
        ]))
        .unwrap();
        assert_eq!((a.op.as_str(), a.agent), ("sign", true));
        assert_eq!(a.positional, [PathBuf::from("/tmp/buf")]);
        // verify_ssh_signed_buffer, with and without a verify time
        let a = parse(&os(&[
            "-Y", "verify", "-n", "git", "-f", "/as", "-I", "a b", "-s", "/sig", "",
        ]))
        .unwrap();
        assert_eq!(a.principal.as_deref(), Some("a b"));
        assert!(a.positional.is_empty() && a.options.is_empty());
        let a = parse(&os(&[
            "-Y",
            "check-novalidate",
            "-n",
            "git",
            "-s",
            "/sig",
            "-Overify-time=20240101120000",
        ]))
        .unwrap();
        assert_eq!(a.options, ["verify-time=20240101120000"]);
        assert!(parse(&os(&["-Y", "sign", "-x"])).is_err());
        assert!(parse(&os(&["-Y", "sign", "-n"])).is_err());
    }
}
