//! `keywright ec2-match`: which EC2 key pair each local key file is.

use keywright::{Key, ec2};
use serde_json::{Value, json};

use crate::cli::Ec2MatchArgs;
use crate::failure::{Failure, Outcome};
use crate::files::{self, shown};
use crate::output;

pub(crate) fn run(args: &Ec2MatchArgs) -> Outcome {
    let json = files::read_input(&args.key_pairs)?;
    let pairs = ec2::parse_key_pairs(&json).map_err(Failure::key(format!(
        "cannot read key pairs from {}",
        shown(&args.key_pairs)
    )))?;
    let mut report = Vec::with_capacity(args.keys.len());
    let mut all_matched = true;
    for path in &args.keys {
        let entry = match load(args, path) {
            Ok(key) => {
                let private = match &key {
                    Key::Private(k) => Some(k.as_ref()),
                    _ => None,
                };
                let public = key.public_key();
                let found = ec2::match_key_pairs(private, &public, &pairs);
                let matches: Vec<Value> = found
                    .iter()
                    .filter_map(|&(i, by)| pairs.get(i).map(|pair| (pair, by)))
                    .map(|(pair, by)| {
                        json!({
                            "name": pair.name,
                            "id": pair.id,
                            "key_type": pair.key_type,
                            "fingerprint": pair.fingerprint,
                            "matched_by": by.name(),
                        })
                    })
                    .collect();
                json!({ "file": shown(path), "matched": !matches.is_empty(), "key_pairs": matches })
            }
            Err(failure) => {
                crate::output::warning(&failure.to_string());
                json!({ "file": shown(path), "matched": false, "key_pairs": [], "error": failure.to_string() })
            }
        };
        all_matched &= entry["matched"] == true;
        report.push(entry);
    }
    if args.json {
        output::line(Value::Array(report).to_string())?;
    } else {
        for entry in &report {
            print_text(entry)?;
        }
    }
    if all_matched {
        Ok(())
    } else {
        Err(Failure::Refused)
    }
}

/// Reads a key file; an encrypted one with no passphrase given is read for its public half
/// where the format keeps it in the clear (enough for every fingerprint but "created").
fn load(args: &Ec2MatchArgs, path: &std::path::Path) -> Outcome<Key> {
    let input = files::read_input(path)?;
    files::decode_or_peek(path, &input, args.passphrase_file.as_ref())
}

fn print_text(entry: &Value) -> Outcome {
    let file = entry["file"].as_str().unwrap_or_default();
    let pairs = entry["key_pairs"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    if pairs.is_empty() {
        return output::line(format!("{file}: no key pair matches"));
    }
    for pair in pairs {
        let text = |name: &str| pair[name].as_str().unwrap_or("-").to_owned();
        output::line(format!(
            "{file}: {} ({}) by {}",
            text("name"),
            text("id"),
            text("matched_by")
        ))?;
    }
    Ok(())
}
