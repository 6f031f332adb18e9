//! Support shared by the CLI's integration test files: `mod support;` brings in the runners
//! of the built binary below, the vector helpers (`common`) and a real OpenSSH server
//! (`sshd`) to log in to with `ssh` and PuTTY's `plink`.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::panic,
    clippy::expect_used
)]

pub use keywright_test_support as common;
pub mod sshd;

use std::path::Path;
use std::process::Output;

/// The `keywright` binary under test.
pub const KEYWRIGHT: &str = env!("CARGO_BIN_EXE_keywright");

/// Runs the binary with `args`, feeding it `stdin` (or nothing), whatever its exit status.
pub fn keywright_with(args: &[&str], stdin: Option<&[u8]>) -> Output {
    common::output(Path::new(KEYWRIGHT), args, stdin)
}

/// Runs the binary with `args` and no input.
pub fn keywright(args: &[&str]) -> Output {
    keywright_with(args, None)
}

/// Runs the binary with `args`, feeding it `stdin`.
pub fn keywright_stdin(args: &[&str], stdin: &[u8]) -> Output {
    keywright_with(args, Some(stdin))
}

/// Runs the binary with `args`, which must succeed; its standard output.
pub fn keywright_ok(args: &[&str]) -> String {
    String::from_utf8(common::run(Path::new(KEYWRIGHT), args, None)).unwrap()
}

/// The standard output of a run that must have succeeded.
pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// A path as the `&str` argument the runners take.
pub fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}
