//! `keywright certify`: sign public keys as an SSH CA, as `ssh-keygen -s` does.

use std::path::{Path, PathBuf};

use keywright::certificate::parse_validity;
use keywright::{CertType, Certificate, Key, LineEnding};

use crate::cli::CertifyArgs;
use crate::failure::{Failure, Outcome};
use crate::files::{self, PUBLIC, shown};

pub(crate) fn run(args: &CertifyArgs) -> Outcome {
    let (valid_after, valid_before) = match &args.validity {
        Some(spec) => {
            parse_validity(spec, now()).map_err(|e| Failure::Usage(format!("--validity: {e}")))?
        }
        None => (0, keywright::certificate::FOREVER),
    };
    let ca = files::load_private(&args.ca, args.passphrase_file.as_ref())?;
    let builder = |key: &keywright::PublicKey| {
        let mut b = Certificate::builder(key)
            .cert_type(if args.host {
                CertType::Host
            } else {
                CertType::User
            })
            .key_id(args.identity.clone())
            .principals(args.principals.iter().filter(|p| !p.is_empty()).cloned())
            .serial(args.serial)
            .validity(valid_after, valid_before);
        if args.no_default_extensions {
            b = b.no_default_extensions();
        }
        for option in &args.options {
            let (name, value) = option.split_once('=').unwrap_or((option, ""));
            b = b.critical_option(name, value);
        }
        for extension in &args.extensions {
            let (name, value) = extension.split_once('=').unwrap_or((extension, ""));
            b = b.extension(name, value);
        }
        b
    };
    for path in &args.keys {
        let key = match files::load_key(path, None)? {
            Key::Public(k) => k.without_certificate(),
            other => other.public_key(),
        };
        let cert = builder(&key)
            .sign(&ca)
            .map_err(Failure::key(format!("cannot certify {}", shown(path))))?;
        let out = cert_path(path);
        files::write_atomic(&out, &cert.encode_bytes(Some(LineEnding::Lf)), PUBLIC, true)?;
        eprintln!(
            "Signed {} key {}: id \"{}\" serial {}{} valid {}",
            cert.cert_type(),
            out.display(),
            cert.key_id(),
            cert.serial(),
            principals(&cert),
            cert.validity()
        );
    }
    Ok(())
}

fn principals(cert: &Certificate) -> String {
    match cert.principals() {
        [] => String::new(),
        list => format!(" for {}", list.join(",")),
    }
}

/// Where `ssh-keygen -s` writes the certificate of `path`: `NAME.pub` -> `NAME-cert.pub`,
/// anything else -> `PATH-cert.pub`.
fn cert_path(path: &Path) -> PathBuf {
    let text = path.as_os_str().to_string_lossy();
    let stem = text.strip_suffix(".pub").unwrap_or(&text);
    PathBuf::from(format!("{stem}-cert.pub"))
}

/// The time now, Unix seconds.
pub(crate) fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
