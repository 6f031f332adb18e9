//! `keywright known-hosts find|remove|hash|add`: as `ssh-keygen -F`, `-R`, `-H`, and what
//! `ssh` does when it accepts a new host key. The core edits bytes; only the last step here
//! touches the disk, through `keywright::fs` (atomic, owner and mode kept, `.old` copies).

use std::io::Write;
use std::path::{Path, PathBuf};

use keywright::{fs, known_hosts};

use crate::cli::{KnownHostsCommand, KnownHostsFile};
use crate::failure::{Failure, Outcome};
use crate::files::{self, shown};
use crate::output;

pub(crate) fn run(command: &KnownHostsCommand) -> Outcome {
    match command {
        KnownHostsCommand::Find { host, file } => find(host, &path(file)?),
        KnownHostsCommand::Remove { host, file } => remove(host, &path(file)?),
        KnownHostsCommand::Hash { file } => hash(&path(file)?),
        KnownHostsCommand::Add {
            host,
            key,
            hash,
            file,
        } => add(host, key, *hash, &path(file)?),
    }
}

/// `-f FILE`, or `~/.ssh/known_hosts`.
fn path(file: &KnownHostsFile) -> Outcome<PathBuf> {
    if let Some(file) = &file.file {
        return Ok(file.clone());
    }
    std::env::var_os("HOME")
        .map(|home| Path::new(&home).join(".ssh/known_hosts"))
        .ok_or_else(|| Failure::Usage("HOME is not set: give the file with -f".into()))
}

fn find(host: &str, path: &Path) -> Outcome {
    let input = files::open_input(path)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let found = known_hosts::find(input, host, &mut out).map_err(|e| match e {
        keywright::Error::Io { error } if error.kind() == std::io::ErrorKind::BrokenPipe => {
            Failure::Closed
        }
        e => Failure::key(format!("cannot search {}", shown(path)))(e),
    })?;
    out.flush().map_err(output::failed())?;
    if found == 0 {
        return Err(Failure::Refused);
    }
    Ok(())
}

fn read(path: &Path) -> Outcome<Vec<u8>> {
    files::read_input(path)
}

fn write(path: &Path, text: &[u8]) -> Outcome {
    crate::signals::guard_writes();
    fs::backup(path).map_err(Failure::io(format!(
        "cannot keep a copy of {}",
        shown(path)
    )))?;
    fs::replace(path, text, fs::PUBLIC_MODE)
        .map_err(Failure::io(format!("cannot write {}", shown(path))))
}

fn remove(host: &str, path: &Path) -> Outcome {
    let input = read(path)?;
    let edited = known_hosts::remove(&input, host)
        .map_err(Failure::key(format!("cannot read {}", shown(path))))?;
    if edited.lines.is_empty() {
        eprintln!("Host {host} not found in {}", shown(path));
        return Ok(());
    }
    for line in &edited.lines {
        output::line(format!("# Host {host} found: line {line}"))?;
    }
    write(path, &edited.text)?;
    output::line(format!("{} updated.", shown(path)))?;
    output::line(format!("Original contents retained as {}.old", shown(path)))
}

fn hash(path: &Path) -> Outcome {
    let input = read(path)?;
    let edited = known_hosts::hash(&input, known_hosts::random_salt).map_err(Failure::key(
        format!("{} is not a valid known_hosts file", shown(path)),
    ))?;
    if edited.lines.is_empty() {
        return Ok(());
    }
    write(path, &edited.text)?;
    eprintln!(
        "WARNING: {}.old contains unhashed entries\nDelete this file to ensure privacy of hostnames",
        shown(path)
    );
    output::line(format!("{} updated.", shown(path)))?;
    output::line(format!("Original contents retained as {}.old", shown(path)))
}

fn add(host: &str, key: &Path, hashed: bool, path: &Path) -> Outcome {
    let input = files::read_input(key)?;
    let key = files::decode_or_peek(key, &input, None)?.public_key();
    let salt = hashed.then(known_hosts::random_salt);
    let line = known_hosts::host_line(host, &key, salt.as_ref());
    let existing = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                fs::create_dir_all(dir)
                    .map_err(Failure::io(format!("cannot create {}", dir.display())))?;
            }
            Vec::new()
        }
        Err(e) => return Err(Failure::io(format!("cannot read {}", shown(path)))(e)),
    };
    crate::signals::guard_writes();
    fs::replace(
        path,
        &known_hosts::append(&existing, &line),
        fs::PUBLIC_MODE,
    )
    .map_err(Failure::io(format!("cannot write {}", shown(path))))
}
