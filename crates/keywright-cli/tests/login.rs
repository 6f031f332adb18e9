//! Real logins (issue #14): keys made by the `keywright` binary log in to a real `sshd`
//! (run by the test on 127.0.0.1, see `support/sshd.rs`) with OpenSSH's `ssh -i` and, as PPK,
//! with PuTTY's `plink -i`; a key that is not authorized is refused.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used, missing_docs)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use support::sshd::{self, Setup};
use support::{keywright_ok, p};

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

/// A private key file made by the `keywright` binary, and its public line (from the `.pub`
/// keywright wrote when it generated the key).
struct Made {
    what: String,
    private: PathBuf,
    public_line: String,
}

/// `keywright generate ARGS -o DIR/NAME` in the type's default format (PKCS#1 for RSA, as EC2
/// hands out; openssh otherwise).
fn generate(dir: &Path, name: &str, args: &[&str]) -> Made {
    let private = dir.join(name);
    let mut all = vec!["generate", "-o", p(&private)];
    all.extend(args);
    keywright_ok(&all);
    let public_line = std::fs::read_to_string(dir.join(format!("{name}.pub"))).unwrap();
    Made {
        what: name.to_owned(),
        private,
        public_line,
    }
}

/// `keywright convert KEY --to FORMAT [--new-passphrase-file F] -o DIR/KEY-NAME`.
fn convert(key: &Made, name: &str, to: &[&str], passphrase: Option<&Path>) -> Made {
    let what = format!("{}-{name}", key.what);
    let private = key.private.with_file_name(&what);
    let mut all = vec!["convert", p(&key.private), "-o", p(&private), "--to"];
    all.extend(to);
    if let Some(file) = passphrase {
        all.extend(["--new-passphrase-file", p(file)]);
    }
    keywright_ok(&all);
    Made {
        what,
        private,
        public_line: key.public_line.clone(),
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

#[test]
fn every_generated_key_logs_in_with_ssh_in_every_format_and_with_plink_as_ppk() {
    let Some(setup) = Setup::new() else { return };
    let server = setup.start();
    let keys = tempfile::tempdir().unwrap();
    let passphrase = keys.path().join("passphrase");
    std::fs::write(&passphrase, "correct horse battery\n").unwrap();
    let (mut ssh_logins, mut plink_logins) = (0, 0);
    for (name, args) in KEY_TYPES {
        // One key per type (RSA generation is the slow part), written by `generate` in its
        // default format and by `convert` in every other; each file logs in on its own and
        // sshd must log accepting this key's fingerprint for it.
        let key = generate(keys.path(), name, args);
        server.authorize(&key.public_line);
        let fp = fingerprint(server.dir(), &key.public_line);
        let mut read = Vec::new();
        for (format, must_read) in formats(name) {
            let made = convert(&key, format, &[format], None);
            if !must_read && !openssh_reads(&made.private) {
                eprintln!(
                    "{}: this OpenSSH does not read it; not a login case",
                    made.what
                );
                continue;
            }
            let out = server.ssh_login(&made.private, &[]);
            server.assert_logged_in(&out, &made.what, Some(&fp));
            read.push(*format);
            ssh_logins += 1;
        }
        for format in ENCRYPTED_FORMATS.iter().filter(|f| read.contains(f)) {
            let made = convert(
                &key,
                &format!("{format}-encrypted"),
                &[format],
                Some(&passphrase),
            );
            let out = server.ssh_login_with_passphrase(&made.private, &passphrase, &[]);
            server.assert_logged_in(&out, &made.what, Some(&fp));
            ssh_logins += 1;
        }
        for version in ["2", "3"] {
            let made = convert(
                &key,
                &format!("v{version}.ppk"),
                &["ppk", "--ppk-version", version],
                None,
            );
            let Some(out) = server.plink_login(&made.private, &[]) else {
                continue;
            };
            server.assert_logged_in(&out, &made.what, Some(&fp));
            plink_logins += 1;
        }
    }
    // 7 types: 3 plain formats for RSA and ECDSA, 1 or 2 for Ed25519; encrypted: 2 each
    // (Ed25519: 1 or 2); PPK v2 and v3 each.
    assert!(ssh_logins >= 32, "{ssh_logins} ssh logins"); // 6 * 3 + 1 + 6 * 2 + 1
    assert!(plink_logins == 14 || sshd::tool("plink").is_none());
}

#[test]
fn a_key_not_in_authorized_keys_is_refused() {
    let Some(setup) = Setup::new() else { return };
    let server = setup.start();
    let keys = tempfile::tempdir().unwrap();
    let known = generate(keys.path(), "known", &["-t", "ed25519"]);
    let stranger = generate(keys.path(), "stranger", &["-t", "ed25519"]);
    server.authorize(&known.public_line);
    let out = server.ssh_login(&stranger.private, &[]);
    server.assert_refused(&out, "ssh with an unauthorized key");
    let ppk = keys.path().join("stranger.ppk");
    keywright_ok(&[
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
