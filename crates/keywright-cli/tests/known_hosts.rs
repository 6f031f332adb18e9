//! `keywright known-hosts` against `ssh-keygen -F`, `-R`, `-H`, and `ssh` itself accepting a
//! host through a known_hosts file keywright wrote (a loopback sshd).
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used, missing_docs)]

mod support;

use std::path::Path;
use std::process::Command;

use support::sshd::Setup;
use support::{common, keywright, p};

/// A known_hosts with every line form: comments, blank, patterns with `*`, `?` and `!`,
/// `[host]:port`, markers, leading blanks, a CRLF line, upper case, a last line without
/// a newline.
fn every_form(dir: &Path, ssh_keygen: &Path) -> (std::path::PathBuf, Vec<String>) {
    let keys: Vec<String> = ["ed25519", "rsa", "ecdsa"]
        .iter()
        .map(|t| {
            let path = dir.join(format!("host_{t}"));
            let out = Command::new(ssh_keygen)
                .args(["-q", "-t", t, "-N", "", "-C", "h", "-f", p(&path)])
                .output()
                .unwrap();
            assert!(out.status.success());
            let line = std::fs::read_to_string(format!("{}.pub", p(&path))).unwrap();
            line.split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let (a, b, c) = (&keys[0], &keys[1], &keys[2]);
    let text = format!(
        "# known hosts\n\
         \n\
         example.com,192.0.2.1 {a}\n\
         *.example.org,!bad.example.org {b} a comment\r\n\
         [example.com]:2222 {a}\n\
         @cert-authority *.example.com {b}\n\
         @revoked example.com {c}\n\
         \x20 example.com {b} indented\n\
         EXAMPLE.NET,host? {c}\n\
         \t# indented comment\n\
         mail.example.com {a} last line without newline"
    );
    let path = dir.join("known_hosts");
    std::fs::write(&path, text).unwrap();
    (path, keys)
}

const HOSTS: &[&str] = &[
    "example.com",
    "Example.com",
    "192.0.2.1",
    "www.example.org",
    "bad.example.org",
    "[example.com]:2222",
    "mail.example.com",
    "example.net",
    "EXAMPLE.NET",
    "host1",
    "host12",
    "nothere",
];

#[test]
fn find_remove_and_hash_equal_ssh_keygen() {
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    let (plain, _) = every_form(dir.path(), &ssh_keygen);
    let hashed = dir.path().join("hashed");
    std::fs::copy(&plain, &hashed).unwrap();
    let out = Command::new(&ssh_keygen)
        .args(["-H", "-f", p(&hashed)])
        .output()
        .unwrap();
    assert!(out.status.success());

    // -F: the same lines, the same exit code, on plain and hashed files.
    for file in [&plain, &hashed] {
        for host in HOSTS {
            let theirs = Command::new(&ssh_keygen)
                .args(["-F", host, "-f", p(file)])
                .output()
                .unwrap();
            let ours = keywright(&["known-hosts", "find", host, "-f", p(file)]);
            assert_eq!(
                String::from_utf8_lossy(&ours.stdout),
                String::from_utf8_lossy(&theirs.stdout),
                "{host} in {}",
                p(file)
            );
            assert_eq!(ours.status.code(), theirs.status.code(), "{host}");
        }
    }

    // -R: the same file left behind, the same .old, the same report.
    for file in [&plain, &hashed] {
        for host in [
            "example.com",
            "Example.com",
            "192.0.2.1",
            "www.example.org",
            "nothere",
        ] {
            let (theirs, ours) = (dir.path().join("theirs"), dir.path().join("ours"));
            std::fs::copy(file, &theirs).unwrap();
            std::fs::copy(file, &ours).unwrap();
            let t = Command::new(&ssh_keygen)
                .args(["-R", host, "-f", p(&theirs)])
                .output()
                .unwrap();
            let o = keywright(&["known-hosts", "remove", host, "-f", p(&ours)]);
            assert_eq!(o.status.code(), t.status.code(), "{host}");
            assert_eq!(
                std::fs::read(&ours).unwrap(),
                std::fs::read(&theirs).unwrap(),
                "-R {host} on {}",
                p(file)
            );
            if host != "nothere" {
                assert_eq!(
                    std::fs::read(dir.path().join("ours.old")).unwrap(),
                    std::fs::read(file).unwrap()
                );
            }
            assert_eq!(
                String::from_utf8_lossy(&o.stdout).replace("ours", "F"),
                String::from_utf8_lossy(&t.stdout).replace("theirs", "F"),
                "{host}"
            );
        }
    }

    // -H: salts are random, so compare what they say: the same lines unhashed, and every
    // host found by ssh-keygen -F in our hashed file with the same key and marker.
    let ours = dir.path().join("ours-hashed");
    std::fs::copy(&plain, &ours).unwrap();
    let o = keywright(&["known-hosts", "hash", "-f", p(&ours)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let unhashed = |path: &Path| -> Vec<String> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("|1|"))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(unhashed(&ours), unhashed(&hashed));
    assert_eq!(
        std::fs::read_to_string(&ours).unwrap().lines().count(),
        std::fs::read_to_string(&hashed).unwrap().lines().count()
    );
    for host in HOSTS {
        let keys_of = |file: &Path| -> Vec<String> {
            let out = Command::new(&ssh_keygen)
                .args(["-F", host, "-f", p(file)])
                .output()
                .unwrap();
            String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .map(|l| {
                    if l.starts_with('#') {
                        l.to_owned()
                    } else {
                        // The hashed name differs: compare the rest.
                        l.split_once(' ')
                            .map(|(_, r)| r.to_owned())
                            .unwrap_or_default()
                    }
                })
                .collect()
        };
        assert_eq!(keys_of(&ours), keys_of(&hashed), "{host}");
    }
    // Our hashed file reads back through our own find too.
    let found = keywright(&["known-hosts", "find", "example.com", "-f", p(&ours)]);
    assert!(found.status.success());
}

#[test]
fn add_creates_the_file_and_ssh_keygen_finds_it() {
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    let (_, keys) = every_form(dir.path(), &ssh_keygen);
    let pubkey = dir.path().join("host_ed25519.pub");
    let file = dir.path().join("new/.ssh/known_hosts");
    let out = keywright(&[
        "known-hosts",
        "add",
        "[h.example]:2222",
        p(&pubkey),
        "-f",
        p(&file),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(file.parent().unwrap()), 0o700);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        format!("[h.example]:2222 {}\n", keys[0])
    );
    let out = keywright(&[
        "known-hosts",
        "add",
        "-H",
        "other.example",
        p(&pubkey),
        "-f",
        p(&file),
    ]);
    assert!(out.status.success());
    let found = Command::new(&ssh_keygen)
        .args(["-F", "other.example", "-f", p(&file)])
        .output()
        .unwrap();
    assert!(found.status.success());
    assert!(String::from_utf8_lossy(&found.stdout).contains("|1|"));
}

#[test]
fn ssh_accepts_a_host_through_a_known_hosts_keywright_wrote() {
    let Some(setup) = Setup::new() else {
        return;
    };
    let dir = common::tempdir();
    let client = dir.path().join("id_ed25519");
    let made = keywright(&["generate", "-t", "ed25519", "-o", p(&client)]);
    assert!(made.status.success());
    setup.authorize(
        std::fs::read_to_string(format!("{}.pub", p(&client)))
            .unwrap()
            .trim(),
    );
    let host_pub = format!("{}.pub", p(setup.host_key()));
    let server = setup.start();
    let known = dir.path().join("known_hosts");
    std::fs::write(&known, "# others\nunrelated.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIObYoa7eU+ZAdmE/ORdOpuLf078J+DS/hs8jl+sc46WD\n").unwrap();
    let host = server.host_pattern();
    let out = keywright(&[
        "known-hosts",
        "add",
        "-H",
        &host,
        &host_pub,
        "-f",
        p(&known),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let option = format!("UserKnownHostsFile={}", p(&known));
    let login = server.ssh_login(&client, &["-o", &option]);
    server.assert_logged_in(&login, "known_hosts written by keywright", None);
    // And after `remove`, ssh refuses the host (StrictHostKeyChecking=yes).
    let out = keywright(&["known-hosts", "remove", &host, "-f", p(&known)]);
    assert!(out.status.success());
    let refused = server.ssh_login(&client, &["-o", &option]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("No ")
            || String::from_utf8_lossy(&refused.stderr).contains("verification failed"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
}
