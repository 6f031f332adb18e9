//! Writing files safely: the one module of the core that touches the disk (cargo feature
//! `fs`, on by default).
//!
//! Modes, owners and groups are Unix's: elsewhere (Windows) files are written atomically the
//! same way and take the folder's inherited permissions; the `mode` arguments are ignored.
//!
//! Everything else in the crate is pure (bytes in, bytes out). The CLI and the Python
//! binding write key files, `authorized_keys` and `known_hosts` only through this module,
//! so every file gets the same guarantees:
//!
//! - **Atomic.** Bytes go to a temporary file in the target's folder, are synced, and only
//!   then appear under the target's name (`link` or `rename`): a reader sees the old file or
//!   the new one, never part of one. On Linux the temporary file is unnamed (`O_TMPFILE`),
//!   so a process killed mid-write leaves nothing behind; elsewhere its name is short
//!   (`.kwXXXXXXXX.tmp`, so names near `NAME_MAX` still work), removed on error, and
//!   removed by [`remove_temporary_files`], which a program calls when a signal ends it.
//! - **Modes at creation.** A file is created with its final mode (`0600` for private keys);
//!   it is never world-readable for an instant and never `chmod`ed afterwards.
//! - **Only regular files are replaced.** A FIFO, a device node, a directory or a symbolic
//!   link (`/proc/self/fd/1` included) at the target is refused, never replaced or written
//!   through.
//! - **Owner-preserving edits.** [`replace`] keeps the existing file's owner, group and
//!   permission bits (never wider than the mode asked for); [`backup`] keeps a `NAME.old`
//!   copy as `ssh-keygen -R` does.
//!
//! ```
//! # fn main() -> std::io::Result<()> {
//! use keywright::fs;
//!
//! let dir = std::env::temp_dir().join(format!("keywright-fs-doc-{}", std::process::id()));
//! let ssh = dir.join(".ssh");
//! fs::create_dir_all(&ssh)?; // 0700, as ssh wants
//! let key = ssh.join("id_ed25519");
//! fs::write_new(&key, b"private bytes", fs::PRIVATE_MODE)?; // 0600, never clobbers
//! assert!(fs::write_new(&key, b"again", fs::PRIVATE_MODE).is_err());
//!
//! let keys = ssh.join("authorized_keys");
//! fs::replace(&keys, b"ssh-ed25519 AAAA... one\n", fs::PUBLIC_MODE)?;
//! fs::backup(&keys)?; // authorized_keys.old
//! fs::replace(&keys, b"ssh-ed25519 AAAA... two\n", fs::PUBLIC_MODE)?;
//! assert_eq!(std::fs::read(ssh.join("authorized_keys.old"))?, b"ssh-ed25519 AAAA... one\n");
//! # std::fs::remove_dir_all(&dir)
//! # }
//! ```

use std::ffi::OsString;
use std::fs::{self as stdfs, File, OpenOptions};
use std::io::{self, Write};
#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

/// Mode of private key files: read and write for the owner only.
pub const PRIVATE_MODE: u32 = 0o600;
/// Mode of public key files (and of a new `authorized_keys` or `known_hosts`).
pub const PUBLIC_MODE: u32 = 0o644;
/// Mode of folders [`create_dir_all`] creates (`~/.ssh`).
pub const DIR_MODE: u32 = 0o700;

/// Named temporary files that exist now (created, not yet put in place or removed).
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Whether unnamed temporary files are used where the system has them.
static UNNAMED: AtomicBool = AtomicBool::new(true);

/// Removes every named temporary file this process has created and not yet put in place
/// or removed (on Linux, temporary files are unnamed and there is usually none).
///
/// For a program's signal handling: call it from the thread that waits for SIGINT,
/// SIGTERM or SIGHUP (not from inside a signal handler), then end the process, so that a
/// program stopped mid-write leaves no part of a key behind.
pub fn remove_temporary_files() {
    let mut pending = PENDING.lock().unwrap_or_else(PoisonError::into_inner);
    for path in pending.drain(..) {
        let _ = stdfs::remove_file(path);
    }
}

/// Whether temporary files are unnamed (`O_TMPFILE`) where the system has them: on by
/// default. Turned off, every temporary file is named, as on systems without `O_TMPFILE`
/// (for tests of that path, or where linking through `/proc/self/fd` is unwanted).
pub fn set_unnamed_temporary_files(enabled: bool) {
    UNNAMED.store(enabled, Ordering::Relaxed);
}

fn track(path: &Path) {
    PENDING
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(path.to_path_buf());
}

/// Removes `path` and forgets it.
fn remove_tracked(path: &Path) {
    let _ = stdfs::remove_file(path);
    untrack(path);
}

fn untrack(path: &Path) {
    PENDING
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .retain(|p| p != path);
}

/// What to do when the target already exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Existing {
    /// Fail with [`io::ErrorKind::AlreadyExists`]; the check and the final link are one
    /// atomic step, so no race can clobber a file created meanwhile.
    Refuse,
    /// Replace it if it is a regular file (keeping its owner, group and permission bits,
    /// never wider than the requested mode); refuse anything else.
    Replace,
}

/// Bytes written and synced to a temporary file, waiting for [`Staged::commit`] to put
/// them in place. Dropped uncommitted, it leaves no trace.
///
/// Staging several files before committing any of them lets a caller (such as `generate`
/// writing a key and its `.pub`) fail on a full disk with every target untouched.
#[derive(Debug)]
pub struct Staged {
    file: File,
    target: PathBuf,
    dir: PathBuf,
    existing: Existing,
    /// The temporary file's name, when it has one (not `O_TMPFILE`).
    named: Option<PathBuf>,
}

/// Fails when `path` exists and may not be replaced: it exists and `existing` is
/// [`Existing::Refuse`], or it is not a regular file.
///
/// Call this before expensive work (key generation); [`stage`] and [`Staged::commit`]
/// check again.
///
/// # Errors
/// [`io::ErrorKind::AlreadyExists`] for an existing file that may not be replaced,
/// [`io::ErrorKind::InvalidInput`] for something other than a regular file, or the error
/// of reading the target's metadata.
pub fn check_target(path: &Path, existing: Existing) -> io::Result<()> {
    existing_metadata(path, existing).map(drop)
}

/// The metadata of an existing target that may be replaced; `None` when there is none.
fn existing_metadata(path: &Path, existing: Existing) -> io::Result<Option<stdfs::Metadata>> {
    match stdfs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
        Ok(_) if existing == Existing::Refuse => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "file exists (use --force to replace it)",
        )),
        Ok(meta) if !meta.file_type().is_file() => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file (only a regular file is ever replaced)",
        )),
        Ok(meta) => Ok(Some(meta)),
    }
}

/// Writes `bytes` to a temporary file next to `path` (created with `mode`, umask applied)
/// and syncs it; [`Staged::commit`] puts it in place.
///
/// With [`Existing::Replace`] and a regular file at `path`, the temporary file takes that
/// file's owner, group and permission bits (masked by `mode`).
///
/// # Errors
/// Those of [`check_target`], of creating, writing or syncing the temporary file, and of
/// giving it the existing file's owner and group (a file this process could not chown is
/// refused rather than silently given a new owner).
pub fn stage(path: &Path, bytes: &[u8], mode: u32, existing: Existing) -> io::Result<Staged> {
    let meta = existing_metadata(path, existing)?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if path.file_name().is_none() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a file name",
        ));
    }
    let (file, named) = match unnamed(&dir, mode) {
        Some(file) => (file, None),
        None => {
            let (file, name) = create_named(&dir, mode)?;
            (file, Some(name))
        }
    };
    let mut staged = Staged {
        file,
        target: path.to_path_buf(),
        dir,
        existing,
        named,
    };
    if let Some(meta) = meta {
        keep_owner_and_mode(&staged.file, &meta, mode)?;
    }
    staged.file.write_all(bytes)?;
    staged.file.sync_all()?;
    Ok(staged)
}

impl Staged {
    /// The path this file will have.
    #[must_use]
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Puts the file in place: linked under its name ([`Existing::Refuse`], failing if
    /// something appeared there meanwhile) or renamed over the old file
    /// ([`Existing::Replace`]); then syncs the folder.
    ///
    /// # Errors
    /// [`io::ErrorKind::AlreadyExists`] (refusing), [`io::ErrorKind::InvalidInput`] (the
    /// target became something other than a regular file), or the error of linking,
    /// renaming or syncing.
    pub fn commit(mut self) -> io::Result<()> {
        existing_metadata(&self.target, self.existing)?;
        let result = match (self.named.take(), self.existing) {
            (Some(tmp), Existing::Refuse) => {
                let linked = stdfs::hard_link(&tmp, &self.target);
                remove_tracked(&tmp);
                linked
            }
            (Some(tmp), Existing::Replace) => {
                let renamed = stdfs::rename(&tmp, &self.target);
                if renamed.is_err() {
                    let _ = stdfs::remove_file(&tmp);
                }
                untrack(&tmp);
                renamed
            }
            (None, Existing::Refuse) => link_unnamed(&self.file, &self.target),
            (None, Existing::Replace) => self.link_and_rename(),
        };
        result?;
        // The new name is durable only once the folder is synced.
        if let Ok(d) = File::open(&self.dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    /// An unnamed file replacing another: link under a short temporary name (the file is
    /// complete by now), then rename over the target.
    fn link_and_rename(&self) -> io::Result<()> {
        let mut attempt = 0;
        let tmp = loop {
            let tmp = self.dir.join(temp_name()?);
            match link_unnamed(&self.file, &tmp) {
                Ok(()) => {
                    track(&tmp);
                    break tmp;
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 16 => {
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        };
        let renamed = stdfs::rename(&tmp, &self.target).inspect_err(|_| {
            let _ = stdfs::remove_file(&tmp);
        });
        untrack(&tmp);
        renamed
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(tmp) = self.named.take() {
            remove_tracked(&tmp);
        }
    }
}

/// Writes a new file atomically with `mode` (umask applied); never replaces anything.
///
/// # Errors
/// [`io::ErrorKind::AlreadyExists`] when `path` exists (as anything, a dangling symbolic
/// link included), or the error of writing.
pub fn write_new(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    stage(path, bytes, mode, Existing::Refuse)?.commit()
}

/// Writes `path` atomically, replacing a regular file there (keeping its owner, group and
/// permission bits, masked by `mode`) or creating it with `mode`.
///
/// For edits of `authorized_keys` and `known_hosts`, pass [`PUBLIC_MODE`]; for private keys,
/// [`PRIVATE_MODE`] (an old file's wider mode is then narrowed to `0600`).
///
/// # Errors
/// [`io::ErrorKind::InvalidInput`] when `path` is not a regular file (a FIFO, a device, a
/// directory, a symbolic link), or the error of writing.
pub fn replace(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    stage(path, bytes, mode, Existing::Replace)?.commit()
}

/// Keeps a copy of `path` as `NAME.old` (replacing an older `.old` that is a regular file),
/// with the same contents, owner, group and mode, as `ssh-keygen -R` does before editing
/// `known_hosts`. Returns the copy's path.
///
/// The copy is a hard link where the file system allows it (then [`replace`] of `path`
/// leaves the old contents under `.old`), otherwise a copy written as [`replace`] writes.
///
/// # Errors
/// [`io::ErrorKind::InvalidInput`] when `path` or `NAME.old` exists and is not a regular
/// file, or the error of reading `path` or writing the copy.
pub fn backup(path: &Path) -> io::Result<PathBuf> {
    let Some(meta) = existing_metadata(path, Existing::Replace)? else {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            "no file to back up",
        ));
    };
    let old = with_suffix(path, ".old");
    check_target(&old, Existing::Replace)?;
    let dir = match old.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = dir.join(temp_name()?);
    match stdfs::hard_link(path, &tmp) {
        Ok(()) => {
            stdfs::rename(&tmp, &old).inspect_err(|_| {
                let _ = stdfs::remove_file(&tmp);
            })?;
            Ok(old)
        }
        Err(_) => {
            let bytes = zeroize::Zeroizing::new(stdfs::read(path)?);
            let staged = stage(&old, &bytes, mode_of(&meta), Existing::Replace)?;
            keep_owner_and_mode(&staged.file, &meta, mode_of(&meta))?;
            staged.commit()?;
            Ok(old)
        }
    }
}

/// Creates `path` and its missing parents with mode `0700` (umask applied), as ssh wants
/// `~/.ssh`; folders that already exist are left as they are.
///
/// # Errors
/// The error of creating a folder (or a file in the way).
pub fn create_dir_all(path: &Path) -> io::Result<()> {
    let mut builder = stdfs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    builder.mode(DIR_MODE);
    builder.create(path)
}

/// The permission bits of `meta` (Unix; elsewhere [`PRIVATE_MODE`], which is not applied).
fn mode_of(meta: &stdfs::Metadata) -> u32 {
    #[cfg(unix)]
    {
        meta.mode() & 0o7777
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        PRIVATE_MODE
    }
}

/// Gives `file` the owner and group of the file it replaces (`meta`) and its permission
/// bits masked by `mode`. Unix only: elsewhere there is nothing to do.
fn keep_owner_and_mode(file: &File, meta: &stdfs::Metadata, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        let wanted = meta.mode() & 0o7777 & mode;
        let own = file.metadata()?;
        if own.uid() != meta.uid() || own.gid() != meta.gid() {
            std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()))?;
        }
        if own.mode() & 0o7777 != wanted {
            file.set_permissions(stdfs::Permissions::from_mode(wanted))?;
        }
    }
    #[cfg(not(unix))]
    let _ = (file, meta, mode);
    Ok(())
}

/// `path` with `suffix` appended to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

/// A short random name for a temporary file: `.kw` + 8 hex digits + `.tmp` (15 bytes).
fn temp_name() -> io::Result<String> {
    let n = getrandom::u32().map_err(|e| io::Error::other(e.to_string()))?;
    Ok(format!(".kw{n:08x}.tmp"))
}

/// Creates a named temporary file in `dir` with `mode`.
fn create_named(dir: &Path, mode: u32) -> io::Result<(File, PathBuf)> {
    let mut attempt = 0;
    loop {
        let tmp = dir.join(temp_name()?);
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        options.mode(mode);
        #[cfg(not(unix))]
        let _ = mode;
        match options.open(&tmp) {
            Ok(f) => {
                track(&tmp);
                return Ok((f, tmp));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 16 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

/// An unnamed file in `dir` (Linux `O_TMPFILE`), when the system and the file system have
/// them and `/proc/self/fd` can link one into place; `None` otherwise.
#[cfg(target_os = "linux")]
fn unnamed(dir: &Path, mode: u32) -> Option<File> {
    use rustix::fs::{Mode, OFlags};
    if !UNNAMED.load(Ordering::Relaxed) || !Path::new("/proc/self/fd").is_dir() {
        return None;
    }
    let fd = rustix::fs::open(
        dir,
        OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC,
        Mode::from_raw_mode(mode),
    )
    .ok()?;
    Some(File::from(fd))
}

#[cfg(not(target_os = "linux"))]
fn unnamed(_dir: &Path, _mode: u32) -> Option<File> {
    None
}

/// Gives the unnamed `file` the name `target` (failing if `target` exists).
#[cfg(target_os = "linux")]
fn link_unnamed(file: &File, target: &Path) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let proc = format!("/proc/self/fd/{}", file.as_raw_fd());
    rustix::fs::linkat(
        rustix::fs::CWD,
        proc.as_str(),
        rustix::fs::CWD,
        target,
        rustix::fs::AtFlags::SYMLINK_FOLLOW,
    )
    .map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn link_unnamed(_file: &File, _target: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn temp_names_are_short() {
        assert_eq!(temp_name().unwrap().len(), 15);
    }

    #[test]
    fn with_suffix_appends() {
        assert_eq!(
            with_suffix(Path::new("a/known_hosts"), ".old"),
            Path::new("a/known_hosts.old")
        );
    }
}
