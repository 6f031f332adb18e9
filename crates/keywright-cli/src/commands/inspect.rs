//! `keywright inspect`: what a key file is, as text or JSON.

use keywright::{Algorithm, Certificate, HashAlg, Key, PublicKey, ec2};
use serde_json::{Value, json};

use crate::cli::InspectArgs;
use crate::failure::{Failure, Outcome};
use crate::{files, output};

pub(crate) fn run(args: &InspectArgs) -> Outcome {
    let path = &args.input.path;
    let input = files::read_input(path)?;
    let detected = keywright::detect(&input);
    let encrypted = detected.is_some_and(|d| d.encrypted);

    // An encrypted key whose public half is stored in the clear can be described without
    // its passphrase (as `ssh-keygen -l` does); otherwise read it whole.
    // Without a passphrase, nothing is asked: a format that encrypts its public half too
    // (PEM) is reported as what it is, encrypted.
    let (key, format) = match (encrypted, args.input.passphrase_file.is_none()) {
        (true, true) => match keywright::load_or_peek(&input, None, &keywright::Limits::DEFAULT) {
            Ok(key) => {
                let format = key.public_key().format();
                (key, format)
            }
            Err(keywright::Error::PassphraseRequired) => {
                return sealed(args, detected.map(|d| d.format));
            }
            Err(_) => load(args, &input)?,
        },
        _ => load(args, &input)?,
    };
    let private = encrypted || matches!(key, Key::Private(_));
    let public = key.public_key();
    let ec2 = ec2::fingerprints(&key).ok();
    let mut fingerprints = json!({
        "sha256": public.fingerprint(HashAlg::Sha256),
        "md5": public.fingerprint(HashAlg::Md5),
        "ec2": ec2.as_ref().and_then(|f| f.shown.clone()),
    });
    // An RSA key's two EC2 fingerprints differ, and keywright cannot know whether EC2 made
    // the key or it was imported: both, named (`ec2_created` needs the private key).
    if public.algorithm() == Algorithm::Rsa {
        fingerprints["ec2_created"] = json!(ec2.as_ref().and_then(|f| f.created.clone()));
        fingerprints["ec2_imported"] = json!(ec2.as_ref().map(|f| f.imported.clone()));
    }
    let mut report = json!({
        "schema_version": SCHEMA_VERSION,
        "format": format.map(|f| f.name()),
        "private": private,
        "encrypted": encrypted,
        "algorithm": public.algorithm().ssh_name(),
        "bits": public.bits(),
        "comment": comment(&key, &public),
        "fingerprints": fingerprints,
    });
    let verdict = public.certificate().map(|cert| {
        let (signature, valid) = (cert.verify_signature(), cert.check_valid_at(now()));
        report["certificate"] = certificate_json(cert, &signature, &valid);
        (cert, signature.and(valid))
    });
    if args.json {
        output::line(report.to_string())?;
    } else {
        print_text(&report)?;
        if let Some((cert, _)) = verdict {
            print_certificate(path, cert, &report["certificate"])?;
        }
    }
    match verdict {
        Some((_, Err(error))) if args.verify => Err(Failure::Key {
            context: format!("certificate {}", files::shown(path)),
            error,
        }),
        _ => Ok(()),
    }
}

/// The version of `inspect --json`'s schema (README, "inspect --json"): raised when a field
/// changes meaning or goes away; new fields may appear without it.
const SCHEMA_VERSION: u32 = 1;

/// The report on an encrypted file whose public half is encrypted too (PEM), read without
/// a passphrase: its format and that it is encrypted; the rest needs the passphrase.
fn sealed(args: &InspectArgs, format: Option<keywright::Format>) -> Outcome {
    let report = json!({
        "schema_version": SCHEMA_VERSION,
        "format": format.map(|f| f.name()),
        "private": true,
        "encrypted": true,
        "algorithm": null,
        "bits": null,
        "comment": null,
        "fingerprints": null,
    });
    if args.json {
        return output::line(report.to_string());
    }
    print_text(&report)
}

fn now() -> u64 {
    crate::commands::certify::now()
}

/// The fields `ssh-keygen -L` prints, as data, with the two verdicts.
fn certificate_json(
    cert: &Certificate,
    signature: &keywright::Result<()>,
    valid: &keywright::Result<()>,
) -> Value {
    let ca = cert.ca_key();
    let problems: Vec<String> = [signature, valid]
        .iter()
        .filter_map(|r| r.as_ref().err().map(ToString::to_string))
        .collect();
    json!({
        "type": cert.cert_type().as_str(),
        "algorithm": cert.algorithm().cert_ssh_name(),
        "public_key": {
            "type": cert.algorithm().cert_type_name(),
            "fingerprint": cert.fingerprint(HashAlg::Sha256),
        },
        "signing_ca": {
            "type": ca.algorithm().type_name(),
            "algorithm": ca.algorithm().ssh_name(),
            "fingerprint": ca.fingerprint(HashAlg::Sha256),
            "signature_algorithm": cert.signature_algorithm(),
            "public_key": ca.to_openssh(),
        },
        "key_id": cert.key_id(),
        "serial": cert.serial(),
        "valid_after": cert.valid_after(),
        "valid_before": cert.valid_before(),
        "validity": cert.validity(),
        "principals": cert.principals(),
        "critical_options": cert.critical_options(),
        "extensions": cert.extensions(),
        "signature_valid": signature.is_ok(),
        "valid_now": valid.is_ok(),
        "problems": problems,
    })
}

/// `ssh-keygen -L`'s report (the same lines, indented alike), then the verdicts.
fn print_certificate(path: &std::path::Path, cert: &Certificate, report: &Value) -> Outcome {
    output::line(format!("{}:", files::shown(path)))?;
    // Key IDs, principals and options are the file's text: escaped, as comments are.
    for line in cert.ssh_keygen_lines() {
        output::line(format!(
            "        {}",
            keywright::text::escape(line.as_bytes())
        ))?;
    }
    let verdict = |ok: bool, yes: &str, no: &str| if ok { yes.to_owned() } else { no.to_owned() };
    output::line(format!(
        "        Signature: {}",
        verdict(report["signature_valid"] == true, "good", "BAD")
    ))?;
    output::line(format!(
        "        Valid now: {}",
        verdict(report["valid_now"] == true, "yes", "no")
    ))
}

fn load(args: &InspectArgs, input: &[u8]) -> Outcome<(Key, Option<keywright::Format>)> {
    let key = files::decode_key(&args.input.path, input, args.input.passphrase_file.as_ref())?;
    let format = match &key {
        Key::Private(k) => k.format(),
        Key::Public(k) => k.format(),
        _ => None,
    };
    Ok((key, format))
}

fn comment(key: &Key, public: &PublicKey) -> Value {
    let text = match key {
        Key::Private(k) => k.comment().into_owned(),
        _ => public.comment().into_owned(),
    };
    if text.is_empty() {
        Value::Null
    } else {
        Value::String(text)
    }
}

fn print_text(report: &Value) -> Outcome {
    // The comment is the file's text: shown escaped, so it cannot forge lines or drive the
    // terminal (`--json` escapes it as JSON does).
    let field = |v: &Value| match v {
        Value::String(s) => keywright::text::escape(s.as_bytes()).into_owned(),
        Value::Null => "-".into(),
        other => other.to_string(),
    };
    for name in [
        "format",
        "private",
        "encrypted",
        "algorithm",
        "bits",
        "comment",
    ] {
        output::line(format!("{name}: {}", field(&report[name])))?;
    }
    if let Value::Object(fps) = &report["fingerprints"] {
        for (name, value) in fps {
            output::line(format!("fingerprint {name}: {}", field(value)))?;
        }
    }
    Ok(())
}
