//! Logins with certificates that `keywright certify` signed (issue #14), against a real
//! `sshd` run by the test (`support/sshd.rs`): user certificates through `TrustedUserCAKeys`,
//! one per CA algorithm; expired, wrong-principal and other-CA certificates refused; a host
//! certificate accepted by `ssh` through an `@cert-authority` known_hosts line with
//! `StrictHostKeyChecking=yes`.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used, missing_docs)]

mod support;

use std::path::{Path, PathBuf};

use support::sshd::Setup;
use support::{keywright_ok, p};

/// Generates `dir/name` (openssh format) with the binary; returns the private path.
fn generate(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let path = dir.join(name);
    let mut all = vec!["generate", "--format", "openssh", "-o", p(&path)];
    all.extend_from_slice(args);
    keywright_ok(&all);
    path
}

fn public_line(private: &Path) -> String {
    std::fs::read_to_string(format!("{}.pub", p(private)))
        .unwrap()
        .trim_end()
        .to_owned()
}

/// Signs `private`.pub with `ca` (`keywright certify`), writing `private`-cert.pub where ssh
/// looks for it next to `-i private`.
fn certify(ca: &Path, private: &Path, args: &[&str]) {
    let mut all = vec!["certify", "--ca", p(ca), "--identity", "login test"];
    all.extend_from_slice(args);
    let public = format!("{}.pub", p(private));
    all.push(&public);
    keywright_ok(&all);
}

#[test]
fn user_certificates_log_in_through_trusted_user_ca_keys() {
    let Some(setup) = Setup::new() else { return };
    let server = setup.start();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let user = server.user().to_owned();
    let other_ca = generate(d, "other-ca", &["-t", "ed25519"]);
    for (name, args) in [
        ("ca-ed25519", &["-t", "ed25519"][..]),
        ("ca-ecdsa256", &["-t", "ecdsa", "-b", "256"]),
        ("ca-ecdsa384", &["-t", "ecdsa", "-b", "384"]),
        ("ca-rsa2048", &["-t", "rsa", "-b", "2048"]),
    ] {
        let ca = generate(d, name, args);
        server.trust_user_ca(&public_line(&ca));
        let key = generate(d, &format!("user-of-{name}"), &["-t", "ed25519"]);
        let fp = keywright_ok(&["fingerprint", p(&key)]);
        let fp = fp.split(' ').nth(1).unwrap().to_owned();

        certify(
            &ca,
            &key,
            &["--principals", &format!("nobody,{user}"), "-V", "-5m:+1h"],
        );
        let out = server.ssh_login(&key, &[]);
        server.assert_logged_in(&out, name, Some(&fp));
        assert!(
            server
                .log()
                .lines()
                .rev()
                .find(|l| l.starts_with("Accepted publickey"))
                .is_some_and(|l| l.contains("-CERT")),
            "{name}: not a certificate login:\n{}",
            server.log_tail(20)
        );

        certify(
            &ca,
            &key,
            &["--principals", &user, "-V", "20200101:20210101"],
        );
        server.assert_refused(&server.ssh_login(&key, &[]), &format!("{name}: expired"));
        certify(&ca, &key, &["--principals", "nobody"]);
        server.assert_refused(
            &server.ssh_login(&key, &[]),
            &format!("{name}: wrong principal"),
        );
        certify(&other_ca, &key, &["--principals", &user]);
        server.assert_refused(&server.ssh_login(&key, &[]), &format!("{name}: other CA"));
        // A host certificate is not a user certificate.
        certify(&ca, &key, &["--host", "--principals", &user]);
        server.assert_refused(&server.ssh_login(&key, &[]), &format!("{name}: host cert"));
    }
}

#[test]
fn host_certificates_are_accepted_through_cert_authority() {
    let Some(mut setup) = Setup::new() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let ca = generate(d, "host-ca", &["-t", "ecdsa", "-b", "384"]);
    let stranger = generate(d, "stranger-ca", &["-t", "ed25519"]);
    // The harness's own host key (ssh-keygen made it), certified by keywright.
    let host_key = setup.host_key().to_owned();
    certify(
        &ca,
        &host_key,
        &[
            "--host",
            "--principals",
            "127.0.0.1,localhost",
            "-V",
            "-5m:+1h",
        ],
    );
    let cert = PathBuf::from(format!("{}-cert.pub", p(&host_key)));
    setup.host_certificate(&cert);
    let user = generate(d, "user", &["-t", "ed25519"]);
    setup.authorize(&public_line(&user));
    let server = setup.start();

    let known = d.join("known_hosts");
    std::fs::write(&known, format!("@cert-authority * {}\n", public_line(&ca))).unwrap();
    let opt = format!("UserKnownHostsFile={}", p(&known));
    let out = server.ssh_login(&user, &["-o", &opt, "-o", "StrictHostKeyChecking=yes"]);
    server.assert_logged_in(&out, "host certificate", None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("Warning"), "{stderr}");

    // Another CA in known_hosts: ssh refuses the host (no plain key line to fall back on).
    std::fs::write(
        &known,
        format!("@cert-authority * {}\n", public_line(&stranger)),
    )
    .unwrap();
    let out = server.ssh_login(&user, &["-o", &opt, "-o", "StrictHostKeyChecking=yes"]);
    assert!(!out.status.success(), "an unknown CA's host was accepted");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Host key verification failed"), "{stderr}");
}
