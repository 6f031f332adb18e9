//! `keywright::fs`: atomic writes, modes at creation, only regular files replaced,
//! owner-preserving edits, `.old` copies.
#![cfg(all(unix, feature = "fs"))]
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod common;

use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;

use keywright::fs::{self, Existing};

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o7777
}

#[test]
fn write_new_creates_with_mode_and_never_clobbers() {
    let dir = common::tempdir();
    let key = dir.path().join("id");
    fs::write_new(&key, b"secret", fs::PRIVATE_MODE).unwrap();
    assert_eq!(std::fs::read(&key).unwrap(), b"secret");
    assert_eq!(mode(&key), 0o600);
    let again = fs::write_new(&key, b"other", fs::PRIVATE_MODE).unwrap_err();
    assert_eq!(again.kind(), std::io::ErrorKind::AlreadyExists);
    assert_eq!(std::fs::read(&key).unwrap(), b"secret");
    // A dangling symbolic link is something: never written through.
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(dir.path().join("elsewhere"), &link).unwrap();
    assert!(fs::write_new(&link, b"x", fs::PRIVATE_MODE).is_err());
    assert!(!dir.path().join("elsewhere").exists());
    assert_eq!(common::names(dir.path()), ["id", "link"]);
}

#[test]
fn names_near_name_max_work() {
    // The temporary file's name is short, so a 255-byte target name still works.
    let dir = common::tempdir();
    let key = dir.path().join("k".repeat(255));
    fs::write_new(&key, b"a", fs::PRIVATE_MODE).unwrap();
    fs::replace(&key, b"b", fs::PRIVATE_MODE).unwrap();
    assert_eq!(std::fs::read(&key).unwrap(), b"b");
    assert_eq!(common::names(dir.path()).len(), 1);
}

#[test]
fn a_staged_file_is_invisible_until_committed_and_leaves_nothing_when_dropped() {
    let dir = common::tempdir();
    let key = dir.path().join("id");
    let staged = fs::stage(&key, b"secret", fs::PRIVATE_MODE, Existing::Refuse).unwrap();
    // On Linux the temporary file has no name at all: a process killed now leaves nothing.
    #[cfg(target_os = "linux")]
    assert!(common::names(dir.path()).is_empty());
    drop(staged);
    assert!(common::names(dir.path()).is_empty());
    let staged = fs::stage(&key, b"secret", fs::PRIVATE_MODE, Existing::Refuse).unwrap();
    staged.commit().unwrap();
    assert_eq!(common::names(dir.path()), ["id"]);
}

#[test]
fn commit_refuses_a_file_that_appeared_meanwhile() {
    let dir = common::tempdir();
    let key = dir.path().join("id");
    let staged = fs::stage(&key, b"mine", fs::PRIVATE_MODE, Existing::Refuse).unwrap();
    std::fs::write(&key, b"theirs").unwrap();
    assert_eq!(
        staged.commit().unwrap_err().kind(),
        std::io::ErrorKind::AlreadyExists
    );
    assert_eq!(std::fs::read(&key).unwrap(), b"theirs");
}

#[test]
fn replace_refuses_anything_but_a_regular_file() {
    let dir = common::tempdir();
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let link = dir.path().join("stdout");
    std::os::unix::fs::symlink("/proc/self/fd/1", &link).unwrap();
    let null = dir.path().join("null");
    std::os::unix::fs::symlink("/dev/null", &null).unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    for path in [&fifo, &link, &null, &sub] {
        let e = fs::replace(path, b"x", fs::PRIVATE_MODE).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput, "{path:?}");
        assert!(fs::check_target(path, Existing::Replace).is_err());
    }
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(common::names(dir.path()), ["fifo", "null", "stdout", "sub"]);
}

#[test]
fn replace_keeps_owner_group_and_mode_never_wider_than_asked() {
    let dir = common::tempdir();
    let keys = dir.path().join("authorized_keys");
    // Absent: created with the mode asked for.
    fs::replace(&keys, b"one\n", fs::PUBLIC_MODE).unwrap();
    assert_eq!(mode(&keys), 0o644);
    // Present: its mode is kept (0640 stays 0640 under 0644)...
    std::fs::set_permissions(&keys, std::fs::Permissions::from_mode(0o640)).unwrap();
    fs::replace(&keys, b"two\n", fs::PUBLIC_MODE).unwrap();
    assert_eq!(mode(&keys), 0o640);
    assert_eq!(std::fs::read(&keys).unwrap(), b"two\n");
    // ... but never wider than asked: a private key over a 0644 file is 0600.
    fs::replace(&keys, b"three\n", fs::PRIVATE_MODE).unwrap();
    assert_eq!(mode(&keys), 0o600);
    // Owner and group are kept (only root can give a file away, so only root tests it).
    if is_root() {
        std::os::unix::fs::chown(&keys, Some(65534), Some(65534)).unwrap();
        fs::replace(&keys, b"four\n", fs::PUBLIC_MODE).unwrap();
        let meta = std::fs::metadata(&keys).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
        assert_eq!(std::fs::read(&keys).unwrap(), b"four\n");
    }
    assert_eq!(common::names(dir.path()), ["authorized_keys"]);
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

#[test]
fn backup_keeps_the_old_contents_and_attributes() {
    let dir = common::tempdir();
    let hosts = dir.path().join("known_hosts");
    assert!(fs::backup(&hosts).is_err());
    fs::replace(&hosts, b"old\n", 0o600).unwrap();
    let old = fs::backup(&hosts).unwrap();
    assert_eq!(old, dir.path().join("known_hosts.old"));
    fs::replace(&hosts, b"new\n", fs::PUBLIC_MODE).unwrap();
    assert_eq!(std::fs::read(&old).unwrap(), b"old\n");
    assert_eq!(std::fs::read(&hosts).unwrap(), b"new\n");
    assert_eq!(mode(&old), 0o600);
    // A second backup replaces the first.
    fs::backup(&hosts).unwrap();
    assert_eq!(std::fs::read(&old).unwrap(), b"new\n");
    assert_eq!(
        common::names(dir.path()),
        ["known_hosts", "known_hosts.old"]
    );
}

#[test]
fn create_dir_all_makes_private_folders() {
    let dir = common::tempdir();
    let ssh = dir.path().join("home/.ssh");
    fs::create_dir_all(&ssh).unwrap();
    assert_eq!(mode(&ssh), 0o700);
    assert_eq!(mode(&dir.path().join("home")), 0o700);
    fs::create_dir_all(&ssh).unwrap();
}
