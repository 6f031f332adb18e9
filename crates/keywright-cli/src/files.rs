//! Reading inputs and passphrases; writing files through [`keywright::fs`].

use std::fs;
use std::io::{BufRead, BufReader, IsTerminal, Read};
#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use keywright::fs::{self as kfs, Existing, Staged};
use keywright::{Error, Key, Limits, Passphrase};

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
    read_up_to(path, reader, MAX_INPUT)
}

/// Reads the rest of `reader`, at most `max` bytes.
fn read_up_to(path: &Path, reader: impl Read, max: u64) -> Outcome<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(Failure::io(format!("cannot read {}", shown(path))))?;
    if bytes.len() as u64 > max {
        // Only the first max + 1 bytes were read: the real size is unknown.
        let limit = if max.is_multiple_of(1 << 20) {
            format!("{} MiB", max >> 20)
        } else {
            format!("{max} bytes")
        };
        return Err(Failure::Limit(format!(
            "cannot read {}: limit exceeded: input size is more than {limit}",
            shown(path),
        )));
    }
    Ok(bytes)
}

/// Reads `path` (`-`: standard input).
pub(crate) fn read_input(path: &Path) -> Outcome<Vec<u8>> {
    read_all(path, open_input(path)?)
}

/// Reads `path` (`-`: standard input), at most `max` bytes (`keywright audit
/// --max-file-bytes`).
pub(crate) fn read_input_up_to(path: &Path, max: u64) -> Outcome<Vec<u8>> {
    read_up_to(path, open_input(path)?, max)
}

/// Reads a passphrase file: its contents minus one trailing newline. Warns, as ssh does
/// for key files, when the file can be read by group or others.
pub(crate) fn read_passphrase(path: &Path) -> Outcome<Passphrase> {
    let bytes = zeroize::Zeroizing::new(read_input(path)?);
    warn_if_exposed(path, "passphrase file");
    Ok(Passphrase::from_file_contents(&bytes))
}

/// Reads the optional passphrase file.
pub(crate) fn passphrase(file: Option<&PathBuf>) -> Outcome<Option<Passphrase>> {
    file.map(|f| read_passphrase(f)).transpose()
}

/// Reads the optional passphrase file that encrypts a key being written: an empty one
/// (or one holding only a newline) is refused, as it would write an unencrypted key.
pub(crate) fn new_passphrase(file: Option<&PathBuf>) -> Outcome<Option<Passphrase>> {
    let passphrase = passphrase(file)?;
    match (file, &passphrase) {
        (Some(f), Some(p)) if p.is_empty() => Err(Failure::Usage(format!(
            "the passphrase file {} is empty: refusing to write an unencrypted key (leave the \
             passphrase file out to write one on purpose)",
            shown(f)
        ))),
        _ => Ok(passphrase),
    }
}

/// Warns, as OpenSSH does, when a private key or passphrase file (`what`) can be read or
/// written by group or others (Unix: elsewhere there are no mode bits to check).
#[cfg(not(unix))]
fn warn_if_exposed(_path: &Path, _what: &str) {}

/// Warns, as OpenSSH does, when a private key or passphrase file (`what`) can be read or
/// written by group or others.
#[cfg(unix)]
fn warn_if_exposed(path: &Path, what: &str) {
    if path == Path::new("-") {
        return;
    }
    if let Ok(meta) = fs::metadata(path) {
        let mode = meta.permissions().mode() & 0o777;
        if meta.is_file() && mode & 0o077 != 0 {
            crate::output::warning(&format!(
                "permissions {mode:04o} for '{}' are too open: a {what} should be readable by its owner only (chmod 600)",
                path.display()
            ));
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
    decode_key_unlocked(path, input, passphrase_file).map(|(key, _)| key)
}

/// [`decode_key`], except that an encrypted key read without a passphrase gives its public
/// half where the format keeps it in the clear ([`keywright::load_or_peek`]); a passphrase
/// is asked for only when the format encrypts the public half too (PEM).
pub(crate) fn decode_or_peek(
    path: &Path,
    input: &[u8],
    passphrase_file: Option<&PathBuf>,
) -> Outcome<Key> {
    decode(path, input, passphrase_file, true).map(|(key, _)| key)
}

/// [`decode_key`], with the passphrase that decrypted the key (given or typed), if any.
pub(crate) fn decode_key_unlocked(
    path: &Path,
    input: &[u8],
    passphrase_file: Option<&PathBuf>,
) -> Outcome<(Key, Option<Passphrase>)> {
    decode(path, input, passphrase_file, false)
}

fn decode(
    path: &Path,
    input: &[u8],
    passphrase_file: Option<&PathBuf>,
    peek: bool,
) -> Outcome<(Key, Option<Passphrase>)> {
    let mut passphrase = passphrase(passphrase_file)?;
    let context = format!("cannot read key {}", shown(path));
    let read = |passphrase: Option<&Passphrase>| {
        if peek {
            keywright::load_or_peek(input, passphrase, &Limits::DEFAULT)
        } else {
            keywright::load(input, passphrase)
        }
    };
    let key = match read(passphrase.as_ref()) {
        Err(Error::PassphraseRequired) if passphrase.is_none() && can_prompt(path) => {
            let typed = prompt(path)?;
            let key = read(Some(&typed));
            passphrase = Some(typed);
            key
        }
        other => other,
    }
    .map_err(Failure::key(context))?;
    if let Key::Private(private) = &key {
        warn_if_exposed(path, "private key file");
        if let Some(advisory) = keywright::format::ppk_warning(private) {
            crate::output::warning(advisory);
        }
    }
    Ok((key, passphrase))
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

/// Asks for a new passphrase on the terminal, twice; an empty one is refused (`--remove`
/// writes an unencrypted key on purpose).
pub(crate) fn prompt_new_passphrase(path: &Path) -> Outcome<Passphrase> {
    if !std::io::stdin().is_terminal() {
        return Err(Failure::Usage(
            "no new passphrase: give --new-passphrase-file FILE (or --remove), or run at a \
             terminal to type it"
                .into(),
        ));
    }
    let ask = |what: &str| {
        rpassword::prompt_password(what)
            .map(zeroize::Zeroizing::new)
            .map_err(Failure::io("cannot read the passphrase from the terminal"))
    };
    let first = ask(&format!("Enter new passphrase for {}: ", shown(path)))?;
    let again = ask("Enter the same passphrase again: ")?;
    if first.is_empty() {
        return Err(Failure::Usage(
            "empty passphrase: use --remove to write the key unencrypted".into(),
        ));
    }
    if *first != *again {
        return Err(Failure::Usage("the passphrases do not match".into()));
    }
    Ok(Passphrase::from(first.as_str()))
}

fn can_prompt(path: &Path) -> bool {
    path != Path::new("-") && std::io::stdin().is_terminal()
}

fn prompt(path: &Path) -> Outcome<Passphrase> {
    let typed = rpassword::prompt_password(format!("Enter passphrase for {}: ", shown(path)))
        .map_err(Failure::io("cannot read the passphrase from the terminal"))?;
    Ok(Passphrase::from(typed.as_str()))
}

/// Whether `-o PATH` means standard output, which takes a private key only when asked:
/// a `-o -` without `--private-to-stdout` is refused (it made a file named `-`).
pub(crate) fn private_to_stdout(path: &Path, asked: bool) -> Outcome<bool> {
    if path != Path::new("-") {
        return Ok(false);
    }
    if !asked {
        return Err(Failure::Usage(
            "refusing to write a private key to standard output (-o -): add \
             --private-to-stdout to do it on purpose"
                .into(),
        ));
    }
    Ok(true)
}

/// How existing targets are treated: replaced (regular files only) with `--force`.
fn existing(force: bool) -> Existing {
    if force {
        Existing::Replace
    } else {
        Existing::Refuse
    }
}

/// The failure for an error writing `path`.
fn write_failure(path: &Path) -> impl FnOnce(std::io::Error) -> Failure {
    let shown = path.display().to_string();
    move |error| {
        let context = if error.kind() == std::io::ErrorKind::AlreadyExists {
            format!("refusing to overwrite {shown}")
        } else {
            format!("cannot write {shown}")
        };
        Failure::Io { context, error }
    }
}

/// Fails when `path` exists and `force` is off, or exists as anything but a regular file
/// (checked again when writing; this is for refusing before slow work).
pub(crate) fn check_absent(path: &Path, force: bool) -> Outcome<()> {
    kfs::check_target(path, existing(force)).map_err(write_failure(path))
}

/// Writes `bytes` to a temporary file beside `path` (see [`keywright::fs`]); nothing is in
/// place until [`commit`].
pub(crate) fn stage(path: &Path, bytes: &[u8], mode: u32, force: bool) -> Outcome<Staged> {
    crate::signals::guard_writes();
    kfs::stage(path, bytes, mode, existing(force)).map_err(write_failure(path))
}

/// Puts a staged file in place.
pub(crate) fn commit(staged: Staged) -> Outcome<()> {
    let path = staged.target().to_path_buf();
    staged.commit().map_err(write_failure(&path))
}

/// Writes `bytes` to `path` atomically with `mode` (see [`keywright::fs`]).
pub(crate) fn write_atomic(path: &Path, bytes: &[u8], mode: u32, force: bool) -> Outcome<()> {
    commit(stage(path, bytes, mode, force)?)
}

/// Replaces the regular file `path` atomically, keeping its owner, group and mode (never
/// wider than `mode`; see [`keywright::fs::replace`]).
pub(crate) fn replace(path: &Path, bytes: &[u8], mode: u32) -> Outcome<()> {
    crate::signals::guard_writes();
    kfs::replace(path, bytes, mode).map_err(write_failure(path))
}

/// Mode of private key files.
pub(crate) const PRIVATE: u32 = kfs::PRIVATE_MODE;
/// Mode of public key files.
pub(crate) const PUBLIC: u32 = kfs::PUBLIC_MODE;
