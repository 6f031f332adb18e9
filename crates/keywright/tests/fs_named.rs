//! `keywright::fs` with named temporary files (systems without `O_TMPFILE`): nothing is left
//! behind on error, and [`fs::remove_temporary_files`] (what the CLI calls when a signal
//! ends it) removes a file caught mid-write. Its own test binary: it turns unnamed
//! temporary files off for the whole process.
#![cfg(all(unix, feature = "fs"))]
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod common;

use keywright::fs::{self, Existing};

#[test]
fn named_temporary_files_are_removed_when_a_signal_ends_the_writer() {
    fs::set_unnamed_temporary_files(false);
    let dir = common::tempdir();
    let key = dir.path().join("id_ed25519");

    // Caught between writing and putting in place: the temporary file has a name.
    let staged = fs::stage(&key, b"part of a key", fs::PRIVATE_MODE, Existing::Refuse).unwrap();
    let during = common::names(dir.path());
    assert_eq!(during.len(), 1, "{during:?}");
    assert!(
        during[0].starts_with(".kw") && during[0].ends_with(".tmp"),
        "{during:?}"
    );
    fs::remove_temporary_files();
    assert!(common::names(dir.path()).is_empty());
    assert!(
        staged.commit().is_err(),
        "the removed file cannot be put in place"
    );

    // Put in place, a file is no longer temporary: removing temporaries leaves it.
    fs::write_new(&key, b"whole key", fs::PRIVATE_MODE).unwrap();
    fs::replace(&key, b"new key", fs::PRIVATE_MODE).unwrap();
    fs::remove_temporary_files();
    assert_eq!(common::names(dir.path()), ["id_ed25519"]);
    assert_eq!(std::fs::read(&key).unwrap(), b"new key");

    // Dropped uncommitted, nothing is left either.
    drop(fs::stage(&key, b"x", fs::PRIVATE_MODE, Existing::Replace).unwrap());
    assert_eq!(common::names(dir.path()), ["id_ed25519"]);
}
