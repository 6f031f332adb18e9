//! Support shared by the CLI's integration test files that need more than `cli.rs` does:
//! `mod support;` brings in the vector helpers (`common`) and a real OpenSSH server
//! (`sshd`) to log in to with `ssh` and PuTTY's `plink`.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::panic,
    clippy::expect_used
)]

#[path = "../../../keywright/tests/common/mod.rs"]
pub mod common;
pub mod sshd;
