//! Real logins (issue #14): keys made by the `keywright` binary log in to a real `sshd`
//! (run by the test on 127.0.0.1, see `support/sshd.rs`) with OpenSSH's `ssh -i` and, as PPK,
//! with PuTTY's `plink -i`; a key that is not authorized is refused.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used, missing_docs)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use support::sshd::{self, Setup, Sshd};

/// Every key type keywright generates that OpenSSH accepts, as `generate` arguments.
const KEY_TYPES: &[(&str, &[&str])] = &[
    ("rsa2048", &["-t", "rsa", "-b", "2048"]),
    ("rsa3072", &["-t", "rsa", "-b", "3072"]),
    ("rsa4096", &["-t", "rsa", "-b", "4096"]),
    ("ed25519", &["-t", "ed25519"]),
    ("ecdsa256", &["-t", "ecdsa", "-b", "256"]),
    ("ecdsa384", &["-t", "ecdsa", "-b", "384"]),
    ("ecdsa521", &["-t", "ecdsa", "-b", "521"]),
];

/// The private formats OpenSSH reads for a key type: `(format, must_read)`. OpenSSH reads
/// Ed25519 PKCS#8 only in newer releases (9.2 does not), so that one must log in exactly
/// when `ssh-keygen -y` reads it.
fn formats(name: &str) -> &'static [(&'static str, bool)] {
    if name.starts_with("rsa") {
        &[("openssh", true), ("pkcs1", true), ("pkcs8", true)]
    } else if name.starts_with("ecdsa") {
        &[("openssh", true), ("sec1", true), ("pkcs8", true)]
    } else {
        &[("openssh", true), ("pkcs8", false)]
    }
}

/// The formats keywright writes encrypted that OpenSSH decrypts.
const ENCRYPTED_FORMATS: &[&str] = &["openssh", "pkcs8"];

fn keywright(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_keywright"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "keywright {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A key made by `keywright generate ARGS --format FORMAT [--passphrase-file F] -o DIR/NAME`:
/// its private path and its public line (from the `.pub` keywright wrote).
struct Made {
    what: String,
    private: PathBuf,
    public_line: String,
}

fn generate(
    dir: &Path,
    name: &str,
    args: &[&str],
    format: &str,
    passphrase: Option<&Path>,
) -> Made {
    let private = dir.join(name);
    let mut all = vec!["generate", "-o", p(&private), "--format", format];
    all.extend(args);
    if let Some(file) = passphrase {
        all.extend(["--passphrase-file", p(file)]);
    }
    keywright(&all);
    let public_line = std::fs::read_to_string(dir.join(format!("{name}.pub"))).unwrap();
    Made {
        what: name.to_owned(),
        private,
        public_line,
    }
}

/// `ssh-keygen -l -E sha256` of a public line: the fingerprint sshd logs on acceptance.
fn fingerprint(dir: &Path, public_line: &str) -> String {
    let ssh_keygen = sshd::tool("ssh-keygen").unwrap();
    let file = dir.join("fingerprint-me.pub");
    std::fs::write(&file, public_line).unwrap();
    let out = Command::new(ssh_keygen)
        .args(["-l", "-E", "sha256", "-f", p(&file)])
        .output()
        .unwrap();
    assert!(out.status.success(), "ssh-keygen -l {public_line}");
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_owned()
}

/// Does this OpenSSH read the private key at all (`ssh-keygen -y`)?
fn openssh_reads(private: &Path) -> bool {
    Command::new(sshd::tool("ssh-keygen").unwrap())
        .args(["-y", "-f", p(private)])
        .stdin(Stdio::null())
        .output()
        .unwrap()
        .status
        .success()
}

fn authorize_and_log_in(server: &Sshd, made: &Made, passphrase: Option<&Path>) {
    server.authorize(&made.public_line);
    let out = match passphrase {
        None => server.ssh_login(&made.private, &[]),
        Some(file) => server.ssh_login_with_passphrase(&made.private, file, &[]),
    };
    let fp = fingerprint(server.dir(), &made.public_line);
    server.assert_logged_in(&out, &made.what, Some(&fp));
}

#[test]
fn ssh_logs_in_with_every_generated_key_in_every_format() {
    let Some(setup) = Setup::new() else { return };
    let server = setup.start();
    let keys = tempfile::tempdir().unwrap();
    let passphrase = keys.path().join("passphrase");
    std::fs::write(&passphrase, "correct horse battery\n").unwrap();
    let mut logins = 0;
    for (name, args) in KEY_TYPES {
        let mut read = Vec::new();
        for (format, must_read) in formats(name) {
            let made = generate(keys.path(), &format!("{name}-{format}"), args, format, None);
            if !must_read && !openssh_reads(&made.private) {
                eprintln!(
                    "{}: this OpenSSH does not read it; not a login case",
                    made.what
                );
                continue;
            }
            authorize_and_log_in(&server, &made, None);
            read.push(*format);
            logins += 1;
        }
        for format in ENCRYPTED_FORMATS.iter().filter(|f| read.contains(f)) {
            let made = generate(
                keys.path(),
                &format!("{name}-{format}-encrypted"),
                args,
                format,
                Some(&passphrase),
            );
            authorize_and_log_in(&server, &made, Some(&passphrase));
            logins += 1;
        }
    }
    // 7 types: 3 plain formats for RSA and ECDSA, 1 or 2 for Ed25519; encrypted: 2 each
    // (Ed25519: 1 or 2).
    assert!(logins >= 32, "{logins} logins"); // 6 * 3 + 1 + 6 * 2 + 1
}

#[test]
fn plink_logs_in_with_every_generated_key_as_ppk_v2_and_v3() {
    let Some(setup) = Setup::new() else { return };
    let server = setup.start();
    let keys = tempfile::tempdir().unwrap();
    for (name, args) in KEY_TYPES {
        let made = generate(keys.path(), name, args, "openssh", None);
        server.authorize(&made.public_line);
        let fp = fingerprint(server.dir(), &made.public_line);
        for version in ["2", "3"] {
            let ppk = keys.path().join(format!("{name}-v{version}.ppk"));
            keywright(&[
                "convert",
                p(&made.private),
                "--to",
                "ppk",
                "--ppk-version",
                version,
                "-o",
                p(&ppk),
            ]);
            let Some(out) = server.plink_login(&ppk, &[]) else {
                return;
            };
            server.assert_logged_in(&out, &format!("{name} PPK v{version}"), Some(&fp));
        }
    }
}

#[test]
fn a_key_not_in_authorized_keys_is_refused() {
    let Some(setup) = Setup::new() else { return };
    let server = setup.start();
    let keys = tempfile::tempdir().unwrap();
    let known = generate(keys.path(), "known", &["-t", "ed25519"], "openssh", None);
    let stranger = generate(keys.path(), "stranger", &["-t", "ed25519"], "openssh", None);
    server.authorize(&known.public_line);
    let out = server.ssh_login(&stranger.private, &[]);
    server.assert_refused(&out, "ssh with an unauthorized key");
    let ppk = keys.path().join("stranger.ppk");
    keywright(&[
        "convert",
        p(&stranger.private),
        "--to",
        "ppk",
        "-o",
        p(&ppk),
    ]);
    if let Some(out) = server.plink_login(&ppk, &[]) {
        server.assert_refused(&out, "plink with an unauthorized key");
    }
    // The control's control: the authorized key does get in through the same server.
    let out = server.ssh_login(&known.private, &[]);
    server.assert_logged_in(&out, "authorized key", None);
}
