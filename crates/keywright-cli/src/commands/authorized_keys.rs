//! `keywright authorized-keys list|add|remove`: the EC2 lost-key recovery (a new public key
//! into the `authorized_keys` of a root volume mounted from another instance). The core
//! edits bytes; only the last step touches the disk, through `keywright::fs` (atomic, the
//! file's owner, group and mode kept, `.ssh` made 0700 and a new file 0600).

#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use keywright::authorized_keys::{self, Entries, Selector};
use keywright::{HashAlg, Limits, PublicKey, fingerprint, fs};

use crate::cli::{AuthorizedKeysCommand, AuthorizedKeysFile};
use crate::failure::{Failure, Outcome};
use crate::files::{self, shown};
use crate::output;

pub(crate) fn run(command: &AuthorizedKeysCommand) -> Outcome {
    match command {
        AuthorizedKeysCommand::List { hash, file } => list(&path(file)?, HashAlg::from(*hash)),
        AuthorizedKeysCommand::Add {
            keys,
            options,
            file,
        } => add(&path(file)?, keys, options.as_deref()),
        AuthorizedKeysCommand::Remove {
            targets,
            force,
            file,
        } => remove(&path(file)?, targets, *force),
    }
}

/// `-f FILE`, or `~/.ssh/authorized_keys`.
fn path(file: &AuthorizedKeysFile) -> Outcome<PathBuf> {
    if let Some(file) = &file.file {
        return Ok(file.clone());
    }
    std::env::var_os("HOME")
        .map(|home| Path::new(&home).join(".ssh/authorized_keys"))
        .ok_or_else(|| Failure::Usage("HOME is not set: give the file with -f".into()))
}

fn list(path: &Path, hash: HashAlg) -> Outcome {
    let input = files::open_input(path)?;
    for entry in Entries::new(input, &Limits::DEFAULT) {
        match entry {
            Ok(entry) => {
                let mut line = format!(
                    "{}: {}",
                    entry.line,
                    fingerprint::ssh_keygen_line(&entry.key, hash)
                );
                if !entry.options.is_empty() {
                    line.push_str(" options: ");
                    line.push_str(&entry.options.join(","));
                }
                output::line(line)?;
            }
            Err(e) => eprintln!("warning: {}: {e}", shown(path)),
        }
    }
    Ok(())
}

/// The file's bytes, or `None` when it does not exist.
fn read_existing(path: &Path) -> Outcome<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Failure::io(format!("cannot read {}", shown(path)))(e)),
    }
}

/// Writes the edited file: an existing one keeps its owner, group and mode; a new one is
/// 0600 in a folder made 0700.
fn write(path: &Path, text: &[u8], existed: bool) -> Outcome {
    let mode = if existed {
        #[cfg(unix)]
        let mode = std::fs::metadata(path)
            .map(|m| m.permissions().mode() & 0o7777)
            .unwrap_or(fs::PRIVATE_MODE);
        #[cfg(not(unix))]
        let mode = fs::PRIVATE_MODE;
        mode
    } else {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir)
                .map_err(Failure::io(format!("cannot create {}", dir.display())))?;
        }
        fs::PRIVATE_MODE
    };
    crate::signals::guard_writes();
    fs::replace(path, text, mode).map_err(Failure::io(format!("cannot write {}", shown(path))))
}

fn load_public(path: &Path) -> Outcome<PublicKey> {
    let input = files::read_input(path)?;
    Ok(files::decode_or_peek(path, &input, None)?.public_key())
}

fn add(path: &Path, keys: &[PathBuf], options: Option<&str>) -> Outcome {
    let keys = keys
        .iter()
        .map(|k| load_public(k))
        .collect::<Outcome<Vec<_>>>()?;
    let existing = read_existing(path)?;
    let edited = authorized_keys::add(existing.as_deref().unwrap_or_default(), &keys, options)
        .map_err(Failure::key("cannot add the keys"))?;
    if edited.skipped > 0 {
        eprintln!(
            "{} key(s) already in {}, skipped",
            edited.skipped,
            shown(path)
        );
    }
    if edited.lines.is_empty() {
        return Ok(());
    }
    write(path, &edited.text, existing.is_some())?;
    for line in &edited.lines {
        output::line(format!("added: line {line}"))?;
    }
    Ok(())
}

fn remove(path: &Path, targets: &[String], force: bool) -> Outcome {
    let Some(mut text) = read_existing(path)? else {
        return Err(Failure::Io {
            context: format!("cannot read {}", shown(path)),
            error: std::io::Error::from(std::io::ErrorKind::NotFound),
        });
    };
    let mut removed = 0usize;
    for target in targets {
        let key;
        let selector = if target.starts_with("SHA256:") || target.starts_with("MD5:") {
            Selector::Fingerprint(target)
        } else if Path::new(target).is_file() {
            key = load_public(Path::new(target))?;
            Selector::Key(&key)
        } else {
            Selector::Comment(target.as_bytes())
        };
        let edited = authorized_keys::remove(&text, selector, force)
            .map_err(Failure::key(format!("refusing to edit {}", shown(path))))?;
        if edited.lines.is_empty() {
            eprintln!("warning: no key matches {target:?} in {}", shown(path));
        }
        removed += edited.lines.len();
        text = edited.text;
    }
    if removed == 0 {
        return Err(Failure::Refused);
    }
    write(path, &text, true)?;
    output::line(format!("removed {removed} key(s) from {}", shown(path)))
}
