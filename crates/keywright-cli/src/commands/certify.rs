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
    let keys = args
        .keys
        .iter()
        .map(|path| match files::load_key(path, None)? {
            Key::Public(k) => Ok(k.without_certificate()),
            other => Ok(other.public_key()),
        })
        .collect::<Outcome<Vec<_>>>()?;
    // Signing is independent per key: spread it over the cores (RSA CAs especially).
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = keys.len().div_ceil(threads).max(1);
    let signed: Vec<keywright::Result<Certificate>> = std::thread::scope(|scope| {
        let workers: Vec<_> = keys
            .chunks(chunk)
            .map(|part| {
                let (builder, ca) = (&builder, &ca);
                scope.spawn(move || {
                    part.iter()
                        .map(|key| builder(key).sign(ca))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    if signed.len() != keys.len() {
        return Err(Failure::Usage(
            "internal error: a signing thread failed".into(),
        ));
    }
    for (path, cert) in args.keys.iter().zip(signed) {
        let cert = cert.map_err(Failure::key(format!("cannot certify {}", shown(path))))?;
        let out = cert_path(path);
        files::write_atomic(&out, &cert.encode_bytes(Some(LineEnding::Lf)), PUBLIC, true)?;
        eprintln!(
            "Signed {} key {}: id \"{}\" serial {}{} valid {}",
            cert.cert_type(),
            shown(&out),
            keywright::text::escape(cert.key_id().as_bytes()),
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
