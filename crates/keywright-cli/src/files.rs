//! Reading inputs and passphrases, and writing key files safely.

use std::fs::{self, OpenOptions};
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use keywright::{Error, Key, Passphrase};

use crate::failure::{Failure, Outcome};

/// Largest input read (a bound before the library's own limits).
const MAX_INPUT: u64 = 64 << 20;

/// A name for `path` in messages.
pub(crate) fn shown(path: &Path) -> String {
    if path == Path::new("-") {
        "standard input".into()
    } else {
        path.display().to_string()
    }
}

/// Opens `path` (`-`: standard input) for buffered reading.
pub(crate) fn open_input(path: &Path) -> Outcome<Box<dyn BufRead>> {
    if path == Path::new("-") {
        return Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            std::io::stdin(),
        )));
    }
    let file = fs::File::open(path).map_err(Failure::io(format!("cannot read {}", shown(path))))?;
    Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
}

/// Reads the rest of `reader` (at most 64 MiB; the library bounds it further).
pub(crate) fn read_all(path: &Path, reader: impl Read) -> Outcome<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT)
        .read_to_end(&mut bytes)
        .map_err(Failure::io(format!("cannot read {}", shown(path))))?;
    Ok(bytes)
}

/// Reads `path` (`-`: standard input).
pub(crate) fn read_input(path: &Path) -> Outcome<Vec<u8>> {
    read_all(path, open_input(path)?)
}

/// Reads a passphrase file: its contents minus one trailing newline.
pub(crate) fn read_passphrase(path: &Path) -> Outcome<Passphrase> {
    let bytes = zeroize::Zeroizing::new(read_input(path)?);
    Ok(Passphrase::from_file_contents(&bytes))
}

/// Reads the optional passphrase file.
pub(crate) fn passphrase(file: Option<&PathBuf>) -> Outcome<Option<Passphrase>> {
    file.map(|f| read_passphrase(f)).transpose()
}

/// Warns, as OpenSSH does, when a private key file can be read by group or others.
fn warn_if_exposed(path: &Path) {
    if path == Path::new("-") {
        return;
    }
    if let Ok(meta) = fs::metadata(path) {
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            eprintln!(
                "warning: permissions {mode:04o} for '{}' are too open: a private key file should be readable by its owner only (chmod 600)",
                path.display()
            );
        }
    }
}

/// Reads a key of either kind from `path`, prompting for a passphrase on the terminal
/// when the key is encrypted, none was given, and standard input is a terminal.
pub(crate) fn load_key(path: &Path, passphrase_file: Option<&PathBuf>) -> Outcome<Key> {
    decode_key(path, &read_input(path)?, passphrase_file)
}

/// [`load_key`] for input already read from `path`.
pub(crate) fn decode_key(
    path: &Path,
    input: &[u8],
    passphrase_file: Option<&PathBuf>,
) -> Outcome<Key> {
    let passphrase = passphrase(passphrase_file)?;
    let context = format!("cannot read key {}", shown(path));
    let key = match keywright::load(input, passphrase.as_ref()) {
        Err(Error::PassphraseRequired) if passphrase.is_none() && can_prompt(path) => {
            let typed = prompt(path)?;
            keywright::load(input, Some(&typed))
        }
        other => other,
    }
    .map_err(Failure::key(context))?;
    if let Key::Private(private) = &key {
        warn_if_exposed(path);
        if let Some(advisory) = keywright::format::ppk_warning(private) {
            eprintln!("warning: {advisory}");
        }
    }
    Ok(key)
}

/// Reads a private key from `path` (prompting as [`load_key`] does).
pub(crate) fn load_private(
    path: &Path,
    passphrase_file: Option<&PathBuf>,
) -> Outcome<keywright::PrivateKey> {
    match load_key(path, passphrase_file)? {
        Key::Private(k) => Ok(*k),
        _ => Err(Failure::Usage(format!(
            "{} holds a public key; a private key is needed",
            shown(path)
        ))),
    }
}

fn can_prompt(path: &Path) -> bool {
    path != Path::new("-") && std::io::stdin().is_terminal()
}

fn prompt(path: &Path) -> Outcome<Passphrase> {
    let typed = rpassword::prompt_password(format!("Enter passphrase for {}: ", shown(path)))
        .map_err(Failure::io("cannot read the passphrase from the terminal"))?;
    Ok(Passphrase::from(typed.as_str()))
}

/// Where and how to write a file.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WriteMode {
    /// Unix permission bits, set at creation.
    pub(crate) mode: u32,
    /// Replace an existing file.
    pub(crate) force: bool,
}

/// Fails when `path` exists (as anything, a symlink included) and `force` is off.
pub(crate) fn check_absent(path: &Path, force: bool) -> Outcome<()> {
    if !force && fs::symlink_metadata(path).is_ok() {
        return Err(Failure::Io {
            context: format!("refusing to overwrite {}", path.display()),
            error: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "file exists (use --force to replace it)",
            ),
        });
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, created with
/// `mode`, written, synced, then linked into place (never replacing an existing file, so
/// no race can clobber one) or, with `force`, renamed over it (replacing a symlink itself,
/// never its target).
pub(crate) fn write_atomic(path: &Path, bytes: &[u8], how: WriteMode) -> Outcome<()> {
    let context = || format!("cannot write {}", path.display());
    check_absent(path, how.force)?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut attempt = 0u32;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(
            ".{name}.keywright-{}-{attempt}.tmp",
            std::process::id()
        ));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(how.mode)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(e) => return Err(Failure::io(context())(e)),
        }
    };
    let result = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            if how.force {
                fs::rename(&tmp, path)
            } else {
                fs::hard_link(&tmp, path).and_then(|()| fs::remove_file(&tmp))
            }
        });
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(Failure::io(context())(e));
    }
    if let Ok(d) = fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Mode of private key files.
pub(crate) const PRIVATE: u32 = 0o600;
/// Mode of public key files.
pub(crate) const PUBLIC: u32 = 0o644;
