//! `keywright sign`, `verify`, `find-principals` and the `-Y` entry point, against the real
//! `ssh-keygen -Y` and `git` (commit and tag signing with `gpg.ssh.program`).
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used, missing_docs)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{KEYWRIGHT, common, keywright_with, ok, p};

/// An Ed25519 and an RSA key made by ssh-keygen, with their public lines.
fn make_keys(ssh_keygen: &Path, dir: &Path) -> Vec<(PathBuf, String)> {
    ["ed25519", "rsa"]
        .iter()
        .map(|t| {
            let path = dir.join(format!("id_{t}"));
            common::run(
                ssh_keygen,
                &["-q", "-t", t, "-N", "", "-C", "me@example", "-f", p(&path)],
                None,
            );
            let public = std::fs::read_to_string(format!("{}.pub", path.display())).unwrap();
            (path, public.trim().to_owned())
        })
        .collect()
}

#[test]
fn sign_verify_and_find_principals_as_ssh_keygen() {
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    let d = dir.path();
    let msg = d.join("release.tar");
    std::fs::write(&msg, b"release bytes\n").unwrap();
    let keys = make_keys(&ssh_keygen, d);
    for (key, public) in &keys {
        let (key, public) = (key.clone(), public.clone());
        let allowed = d.join("allowed_signers");
        std::fs::write(&allowed, format!("me@example,*@ops {public}\n")).unwrap();
        let sig = d.join("release.tar.sig");
        let _ = std::fs::remove_file(&sig);
        // keywright signs (sha256 too), ssh-keygen verifies.
        for hash in ["sha512", "sha256"] {
            ok(&keywright_with(
                &[
                    "sign",
                    "-n",
                    "file",
                    "-k",
                    p(&key),
                    "--hash",
                    hash,
                    "--force",
                    p(&msg),
                ],
                None,
            ));
            let out = common::output(
                &ssh_keygen,
                &[
                    "-Y",
                    "verify",
                    "-n",
                    "file",
                    "-f",
                    p(&allowed),
                    "-I",
                    "me@example",
                    "-s",
                    p(&sig),
                ],
                Some(b"release bytes\n"),
            );
            assert_eq!(
                ok(&out).split(" with ").next(),
                Some("Good \"file\" signature for me@example")
            );
        }
        // Without --force an existing signature stays.
        let out = keywright_with(&["sign", "-n", "file", "-k", p(&key), p(&msg)], None);
        assert_eq!(out.status.code(), Some(7));
        // ssh-keygen signs, keywright verifies with --key and with --allowed-signers, and
        // prints what ssh-keygen prints.
        std::fs::remove_file(&sig).unwrap();
        common::run(
            &ssh_keygen,
            &["-Y", "sign", "-n", "file", "-f", p(&key), p(&msg)],
            None,
        );
        let theirs = common::run(
            &ssh_keygen,
            &[
                "-Y",
                "verify",
                "-n",
                "file",
                "-f",
                p(&allowed),
                "-I",
                "x@ops",
                "-s",
                p(&sig),
            ],
            Some(b"release bytes\n"),
        );
        let ours = ok(&keywright_with(
            &[
                "verify",
                "-n",
                "file",
                "-s",
                p(&sig),
                "--allowed-signers",
                p(&allowed),
                "-I",
                "x@ops",
                p(&msg),
            ],
            None,
        ));
        assert_eq!(ours.as_bytes(), theirs.as_slice());
        ok(&keywright_with(
            &[
                "verify",
                "-n",
                "file",
                "-s",
                p(&sig),
                "--key",
                &format!("{}.pub", key.display()),
                "-",
            ],
            Some(b"release bytes\n"),
        ));
        // Failed verifications exit 8: tampered message, other namespace, other principal.
        for args in [
            vec!["verify", "-n", "file", "-s", p(&sig), "--key", p(&key), "-"],
            vec![
                "verify",
                "-n",
                "git",
                "-s",
                p(&sig),
                "--key",
                p(&key),
                p(&msg),
            ],
            vec![
                "verify",
                "-n",
                "file",
                "-s",
                p(&sig),
                "--allowed-signers",
                p(&allowed),
                "-I",
                "x@dev",
                p(&msg),
            ],
        ] {
            let stdin: Option<&[u8]> = args.contains(&"-").then_some(b"tampered\n");
            let out = keywright_with(&args, stdin);
            assert_eq!(out.status.code(), Some(8), "{args:?}");
            let err = String::from_utf8(out.stderr).unwrap();
            assert!(
                err.starts_with("error: ") && err.lines().count() == 1,
                "{err}"
            );
        }
        // find-principals: the same lines as ssh-keygen; none found is exit 8.
        let theirs = common::run(
            &ssh_keygen,
            &["-Y", "find-principals", "-f", p(&allowed), "-s", p(&sig)],
            None,
        );
        let ours = ok(&keywright_with(
            &[
                "find-principals",
                "-s",
                p(&sig),
                "--allowed-signers",
                p(&allowed),
            ],
            None,
        ));
        assert_eq!(ours.as_bytes(), theirs.as_slice());
        assert_eq!(ours, "me@example\n*@ops\n");
        let empty = d.join("empty");
        std::fs::write(&empty, "").unwrap();
        let out = keywright_with(
            &[
                "find-principals",
                "-s",
                p(&sig),
                "--allowed-signers",
                p(&empty),
            ],
            None,
        );
        assert_eq!(out.status.code(), Some(8));
        // A malformed signature is invalid input (exit 1), not a failed verification.
        let bad = d.join("bad.sig");
        std::fs::write(
            &bad,
            "-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n",
        )
        .unwrap();
        let out = keywright_with(
            &[
                "verify",
                "-n",
                "file",
                "-s",
                p(&bad),
                "--key",
                p(&key),
                p(&msg),
            ],
            None,
        );
        assert_eq!(out.status.code(), Some(9));
    }
    // Standard input to standard output.
    let (key, _) = &keys[0];
    let armour = ok(&keywright_with(
        &["sign", "-n", "file", "-k", p(key), "-"],
        Some(b"piped\n"),
    ));
    assert!(armour.starts_with("-----BEGIN SSH SIGNATURE-----\n"));
}

/// `-Y` answers exactly as ssh-keygen for each operation git runs, on good and bad input.
#[test]
fn dash_y_matches_ssh_keygen() {
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    let d = dir.path();
    let (key, public) = &make_keys(&ssh_keygen, d)[0];
    let msg = d.join("buf");
    std::fs::write(&msg, b"payload\n").unwrap();
    let allowed = d.join("allowed");
    std::fs::write(&allowed, format!("me@example {public}\n")).unwrap();
    // Sign as git does; ssh-keygen's signature is byte-identical (Ed25519).
    common::run(
        &ssh_keygen,
        &["-Y", "sign", "-n", "git", "-f", p(key), p(&msg)],
        None,
    );
    let theirs = std::fs::read(d.join("buf.sig")).unwrap();
    ok(&keywright_with(
        &["-Y", "sign", "-n", "git", "-f", p(key), p(&msg)],
        None,
    ));
    assert_eq!(std::fs::read(d.join("buf.sig")).unwrap(), theirs);
    // `user.signingkey` naming the .pub file: the private key beside it signs.
    let public_path = format!("{}.pub", key.display());
    ok(&keywright_with(
        &["-Y", "sign", "-n", "git", "-f", &public_path, p(&msg)],
        None,
    ));
    assert_eq!(std::fs::read(d.join("buf.sig")).unwrap(), theirs);
    let sig = d.join("buf.sig");
    let runs: Vec<(Vec<&str>, &[u8])> = vec![
        (
            vec!["-Y", "find-principals", "-f", p(&allowed), "-s", p(&sig)],
            b"",
        ),
        (
            vec![
                "-Y",
                "verify",
                "-n",
                "git",
                "-f",
                p(&allowed),
                "-I",
                "me@example",
                "-s",
                p(&sig),
                "",
            ],
            b"payload\n",
        ),
        (
            vec![
                "-Y",
                "verify",
                "-n",
                "git",
                "-f",
                p(&allowed),
                "-I",
                "me@example",
                "-s",
                p(&sig),
                "-Overify-time=20300101000000",
            ],
            b"payload\n",
        ),
        (
            vec![
                "-Y",
                "verify",
                "-n",
                "git",
                "-f",
                p(&allowed),
                "-I",
                "me@example",
                "-s",
                p(&sig),
            ],
            b"tampered\n",
        ),
        (
            vec![
                "-Y",
                "verify",
                "-n",
                "file",
                "-f",
                p(&allowed),
                "-I",
                "me@example",
                "-s",
                p(&sig),
            ],
            b"payload\n",
        ),
        (
            vec![
                "-Y",
                "verify",
                "-n",
                "git",
                "-f",
                p(&allowed),
                "-I",
                "other",
                "-s",
                p(&sig),
            ],
            b"payload\n",
        ),
        (
            vec!["-Y", "check-novalidate", "-n", "git", "-s", p(&sig), ""],
            b"payload\n",
        ),
        (
            vec!["-Y", "check-novalidate", "-n", "git", "-s", p(&sig)],
            b"tampered\n",
        ),
        (
            vec!["-Y", "find-principals", "-f", "/dev/null", "-s", p(&sig)],
            b"",
        ),
    ];
    for (args, stdin) in runs {
        let theirs = common::output(&ssh_keygen, &args, Some(stdin));
        let ours = keywright_with(&args, Some(stdin));
        assert_eq!(
            ours.status.code(),
            theirs.status.code(),
            "{args:?}: {}",
            String::from_utf8_lossy(&ours.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&ours.stdout),
            String::from_utf8_lossy(&theirs.stdout),
            "{args:?}"
        );
    }
}

/// A git repository signing commits and tags through `gpg.ssh.program = keywright`.
#[test]
fn git_signs_and_verifies_commits_and_tags_through_keywright() {
    let (Some(ssh_keygen), Some(git)) = (common::tool("ssh-keygen"), common::tool("git")) else {
        return;
    };
    let dir = common::tempdir();
    let d = dir.path();
    let keys = make_keys(&ssh_keygen, d);
    let repo = d.join("repo");
    std::fs::create_dir(&repo).unwrap();
    let allowed = d.join("allowed_signers");
    let lines: String = keys
        .iter()
        .map(|(_, public)| format!("me@example {public}\n"))
        .collect();
    std::fs::write(&allowed, lines).unwrap();
    let git_with = |program: &str, key: &Path, args: &[&str], stdin: Option<&[u8]>| -> Output {
        let mut cmd = Command::new(&git);
        cmd.current_dir(&repo)
            .env("HOME", d)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_DATE", "2026-01-02T03:04:05Z")
            .env("GIT_COMMITTER_DATE", "2026-01-02T03:04:05Z")
            .args([
                "-c",
                "user.name=Me",
                "-c",
                "user.email=me@example",
                "-c",
                "gpg.format=ssh",
            ])
            .arg("-c")
            .arg(format!("gpg.ssh.program={program}"))
            .arg("-c")
            .arg(format!("user.signingkey={}", key.display()))
            .arg("-c")
            .arg(format!("gpg.ssh.allowedSignersFile={}", allowed.display()))
            .args(args);
        match stdin {
            Some(bytes) => {
                use std::io::Write;
                let mut child = cmd
                    .stdin(std::process::Stdio::piped())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap();
                child.stdin.take().unwrap().write_all(bytes).unwrap();
                child.wait_with_output().unwrap()
            }
            None => cmd.output().unwrap(),
        }
    };
    let ssh = p(&ssh_keygen).to_owned();
    for (key, _) in &keys {
        let g = |program: &str, args: &[&str]| git_with(program, key, args, None);
        let must = |out: Output| {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            out
        };
        if !repo.join(".git").exists() {
            must(g(KEYWRIGHT, &["init", "-q"]));
        }
        std::fs::write(repo.join("file"), format!("{}\n", key.display())).unwrap();
        must(g(KEYWRIGHT, &["add", "file"]));
        must(g(
            KEYWRIGHT,
            &["commit", "-q", "-S", "-m", "signed by keywright"],
        ));
        let tag = format!("v-{}", key.file_name().unwrap().to_string_lossy());
        must(g(
            KEYWRIGHT,
            &["tag", "-s", "-m", "tag signed by keywright", &tag],
        ));
        // Both verifiers accept both objects, and git sees the principal.
        for program in [KEYWRIGHT, ssh.as_str()] {
            let out = must(g(program, &["verify-commit", "-v", "HEAD"]));
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.contains("Good \"git\" signature for me@example"),
                "{program}: {err}"
            );
            must(g(program, &["verify-tag", &tag]));
            let shown = must(g(program, &["log", "-1", "--format=%G? %GS"]));
            assert_eq!(
                String::from_utf8_lossy(&shown.stdout),
                "G me@example\n",
                "{program}"
            );
        }
        // A commit signed by ssh-keygen verifies with keywright too.
        must(g(
            &ssh,
            &[
                "commit",
                "-q",
                "--allow-empty",
                "-S",
                "-m",
                "signed by ssh-keygen",
            ],
        ));
        must(g(KEYWRIGHT, &["verify-commit", "HEAD"]));
        // Tampered: same signature, other message. Both refuse it.
        let raw = must(g(KEYWRIGHT, &["cat-file", "commit", "HEAD"])).stdout;
        let forged = String::from_utf8(raw)
            .unwrap()
            .replace("signed by ssh-keygen", "signed by someone else");
        let out = must(git_with(
            KEYWRIGHT,
            key,
            &["hash-object", "-t", "commit", "-w", "--stdin"],
            Some(forged.as_bytes()),
        ));
        let id = String::from_utf8(out.stdout).unwrap().trim().to_owned();
        for program in [KEYWRIGHT, ssh.as_str()] {
            let out = g(program, &["verify-commit", &id]);
            assert!(
                !out.status.success(),
                "{program} accepted a tampered commit"
            );
            let shown = must(g(program, &["log", "-1", "--format=%G?", &id]));
            assert_eq!(String::from_utf8_lossy(&shown.stdout), "B\n", "{program}");
        }
    }
}
