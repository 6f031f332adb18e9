//! The `keywright` binary against its contract and against `ssh-keygen` and `openssl`.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used, missing_docs)]

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

use support::{common, keywright, keywright_stdin, ok, p};

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

/// Makes a key with `ssh-keygen -q ARGS -C COMMENT -f PATH`; the comment is bytes, which
/// need not be UTF-8.
fn ssh_keygen_makes(ssh_keygen: &Path, path: &Path, args: &[&str], comment: &[u8]) {
    use std::os::unix::ffi::OsStrExt;
    let made = Command::new(ssh_keygen)
        .arg("-q")
        .args(args)
        .arg("-C")
        .arg(std::ffi::OsStr::from_bytes(comment))
        .arg("-f")
        .arg(path)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "ssh-keygen {args:?}: {}",
        String::from_utf8_lossy(&made.stderr)
    );
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn generated_keys_read_identically_by_ssh_keygen() {
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    for (t, bits) in [
        ("ed25519", None),
        ("ecdsa", Some("256")),
        ("ecdsa", Some("384")),
        ("ecdsa", Some("521")),
        ("rsa", Some("2048")),
    ] {
        let path = dir.path().join(format!("{t}-{}", bits.unwrap_or("x")));
        let mut args = vec!["generate", "-t", t, "-o", p(&path), "--format", "openssh"];
        if let Some(b) = bits {
            args.extend(["-b", b]);
        }
        let printed = ok(&keywright(&args));
        assert_eq!(mode(&path), 0o600);
        let public = std::fs::read_to_string(format!("{}.pub", p(&path))).unwrap();
        let derived = text(common::run(&ssh_keygen, &["-y", "-f", p(&path)], None));
        assert_eq!(derived, public, "{t}");
        let listed = text(common::run(&ssh_keygen, &["-l", "-f", p(&path)], None));
        assert_eq!(listed, printed, "{t}");
        let ours = ok(&keywright(&["fingerprint", p(&path)]));
        assert_eq!(ours, listed);
        let ours_md5 = ok(&keywright(&["fingerprint", "-E", "md5", p(&path)]));
        let md5 = text(common::run(
            &ssh_keygen,
            &["-l", "-E", "md5", "-f", p(&path)],
            None,
        ));
        assert_eq!(ours_md5, md5);
    }
}

#[test]
fn ssh_keygen_keys_read_identically_by_us() {
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    let pass_file = common::write_private(dir.path(), "pass", b"s3cret phrase\n");
    for (t, bits, pass) in [
        ("rsa", "2048", ""),
        ("rsa", "3072", "s3cret phrase"),
        ("ed25519", "256", ""),
        ("ed25519", "256", "s3cret phrase"),
        ("ecdsa", "256", ""),
        ("ecdsa", "384", "s3cret phrase"),
        ("ecdsa", "521", ""),
    ] {
        let path = dir.path().join(format!("{t}{bits}{}", pass.len()));
        ssh_keygen_makes(
            &ssh_keygen,
            &path,
            &["-t", t, "-b", bits, "-N", pass],
            b"made by ssh-keygen",
        );
        let listed = text(common::run(&ssh_keygen, &["-l", "-f", p(&path)], None));
        let mut args = vec!["fingerprint", p(&path)];
        if !pass.is_empty() {
            args.extend(["--passphrase-file", p(&pass_file)]);
        }
        assert_eq!(ok(&keywright(&args)), listed, "{t} {bits}");
        let mut args = vec!["public", p(&path)];
        if !pass.is_empty() {
            args.extend(["--passphrase-file", p(&pass_file)]);
        }
        let expected = std::fs::read_to_string(format!("{}.pub", p(&path))).unwrap();
        assert_eq!(ok(&keywright(&args)), expected, "{t} {bits}");
    }
}

/// Comments leave as they came in: one that is not UTF-8 is written back byte for byte (as
/// ssh-keygen and puttygen write it), and fingerprint lines show comments as `ssh-keygen -l`
/// does in a UTF-8 locale (octal escapes for what is not printable UTF-8).
#[test]
fn comments_are_written_and_shown_as_the_reference_tools_do() {
    let (Some(ssh_keygen), Some(puttygen)) = (common::tool("ssh-keygen"), common::tool("puttygen"))
    else {
        return;
    };
    let dir = common::tempdir();
    let comments: [&[u8]; 3] = [
        b"caf\xe9 key",
        "caf\u{e9} \u{2713}\ttab".as_bytes(),
        b"bell\x07\x7f",
    ];
    for (i, comment) in comments.into_iter().enumerate() {
        let key = dir.path().join(format!("key{i}"));
        ssh_keygen_makes(&ssh_keygen, &key, &["-t", "ed25519", "-N", ""], comment);
        let public = format!("{}.pub", p(&key));
        let line = std::fs::read(&public).unwrap();
        assert!(line.ends_with(&[comment, b"\n"].concat()));
        assert_eq!(keywright(&["public", p(&key)]).stdout, line, "{i}");
        for file in [p(&key), &public] {
            for hash in ["sha256", "md5"] {
                let listed = Command::new(&ssh_keygen)
                    .args(["-l", "-E", hash, "-f", file])
                    .env("LC_ALL", "C.UTF-8")
                    .output()
                    .unwrap();
                assert!(listed.status.success());
                let ours = keywright(&["fingerprint", "-E", hash, file]);
                assert_eq!(text(ours.stdout), text(listed.stdout), "{i}");
            }
        }

        let ours = dir.path().join(format!("ours{i}.ppk"));
        ok(&keywright(&[
            "convert",
            p(&key),
            "--to",
            "ppk3",
            "-o",
            p(&ours),
        ]));
        let theirs = dir.path().join(format!("theirs{i}.ppk"));
        common::run(
            &puttygen,
            &[
                p(&key),
                "-O",
                "private",
                "--ppk-param",
                "version=3",
                "-o",
                p(&theirs),
            ],
            None,
        );
        let theirs = std::fs::read(&theirs).unwrap();
        assert_eq!(std::fs::read(&ours).unwrap(), theirs, "{i}");
        let listed = common::run(&puttygen, &[p(&ours), "-O", "public-openssh"], None);
        assert_eq!(listed, line, "{i}");
        assert_eq!(keywright(&["public", p(&ours)]).stdout, line, "{i}");
    }
}

#[test]
fn ec2_fingerprints_equal_the_openssl_pipelines() {
    let (Some(ssh_keygen), Some(openssl)) = (common::tool("ssh-keygen"), common::tool("openssl"))
    else {
        return;
    };
    let dir = common::tempdir();
    let path = dir.path().join("ec2.pem");
    ssh_keygen_makes(
        &ssh_keygen,
        &path,
        &["-t", "rsa", "-b", "2048", "-m", "PEM", "-N", ""],
        b"ec2",
    );
    let (created, imported) = common::ec2_fingerprints_by_openssl(&openssl, &path);
    // keywright cannot know who made the key: both, labelled.
    assert_eq!(
        ok(&keywright(&["fingerprint", "--ec2", p(&path)])),
        format!("created: {created}\nimported: {imported}\n")
    );
    let public = format!("{}.pub", p(&path));
    assert_eq!(
        ok(&keywright(&["fingerprint", "--ec2", &public])),
        format!("imported: {imported}\n")
    );
    let v: serde_json::Value =
        serde_json::from_str(&ok(&keywright(&["inspect", "--json", p(&path)]))).unwrap();
    assert_eq!(v["fingerprints"]["ec2_created"], created.as_str());
    assert_eq!(v["fingerprints"]["ec2_imported"], imported.as_str());
    let v: serde_json::Value =
        serde_json::from_str(&ok(&keywright(&["inspect", "--json", &public]))).unwrap();
    assert_eq!(v["fingerprints"]["ec2_created"], serde_json::Value::Null);
    assert_eq!(v["fingerprints"]["ec2_imported"], imported.as_str());
    // Ed25519: one fingerprint, whoever made the key.
    let ed = common::vectors().join("keys/ed25519-a/openssh.key");
    let b64 = common::key("ed25519-a")["fingerprints"]["ec2_sha256_base64"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        ok(&keywright(&["fingerprint", "--ec2", p(&ed)])),
        format!("created: {b64}\nimported: {b64}\n")
    );
}

#[test]
fn generate_refuses_to_clobber_and_sets_modes() {
    let dir = common::tempdir();
    let path = dir.path().join("my-key-pair");
    ok(&keywright(&["generate", "-t", "ed25519", "-o", p(&path)]));
    let first = std::fs::read(&path).unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&dir.path().join("my-key-pair.pub")), 0o644);
    let public = std::fs::read_to_string(dir.path().join("my-key-pair.pub")).unwrap();
    assert!(
        public.starts_with("ssh-ed25519 ") && public.ends_with(" my-key-pair\n"),
        "{public}"
    );

    let again = keywright(&["generate", "-t", "ed25519", "-o", p(&path)]);
    assert_eq!(again.status.code(), Some(7));
    assert!(String::from_utf8_lossy(&again.stderr).starts_with("error: "));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        first,
        "the existing key was kept"
    );

    ok(&keywright(&[
        "generate",
        "-t",
        "ed25519",
        "-o",
        p(&path),
        "--force",
        "-C",
        "new",
    ]));
    assert_ne!(std::fs::read(&path).unwrap(), first);
    assert_eq!(mode(&path), 0o600);
    // No temporary files are left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn generate_does_not_follow_a_symlink() {
    let dir = common::tempdir();
    let target = dir.path().join("victim");
    std::fs::write(&target, "keep me").unwrap();
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = keywright(&["generate", "-t", "ed25519", "-o", p(&link)]);
    assert_eq!(out.status.code(), Some(7));
    // Not even with --force: only a regular file is ever replaced.
    let out = keywright(&["generate", "-t", "ed25519", "-o", p(&link), "--force"]);
    assert_eq!(out.status.code(), Some(7));
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
}

/// `--force` replaces regular files only: a FIFO, a device's link, `/proc/self/fd/N`,
/// a folder stay what they were (they were replaced by the key before).
#[test]
fn force_replaces_only_regular_files() {
    use std::os::unix::fs::FileTypeExt;
    let dir = common::tempdir();
    let fifo = dir.path().join("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let fd = dir.path().join("fd");
    std::os::unix::fs::symlink("/proc/self/fd/1", &fd).unwrap();
    let null = dir.path().join("null");
    std::os::unix::fs::symlink("/dev/null", &null).unwrap();
    let key = dir.path().join("key");
    ok(&keywright(&["generate", "-t", "ed25519", "-o", p(&key)]));
    for target in [&fifo, &fd, &null] {
        let out = keywright(&["generate", "-t", "ed25519", "-o", p(target), "--force"]);
        assert_eq!(out.status.code(), Some(7), "{target:?}");
        let err = text(out.stderr);
        assert!(err.contains("not a regular file"), "{err}");
        let out = keywright(&[
            "convert",
            "--to",
            "openssh",
            "-o",
            p(target),
            "--force",
            p(&key),
        ]);
        assert_eq!(out.status.code(), Some(7), "{target:?}");
    }
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert!(std::fs::symlink_metadata(&fd).unwrap().is_symlink());
    assert!(std::fs::symlink_metadata(&null).unwrap().is_symlink());
}

/// `generate --force` writes both files before putting either in place: when the `.pub`
/// cannot be written, the old private key is untouched (it was replaced before).
#[test]
fn generate_force_replaces_the_pair_or_nothing() {
    let dir = common::tempdir();
    let path = dir.path().join("pair");
    ok(&keywright(&["generate", "-t", "ed25519", "-o", p(&path)]));
    let old = std::fs::read(&path).unwrap();
    let public = dir.path().join("pair.pub");
    std::fs::remove_file(&public).unwrap();
    std::fs::create_dir(&public).unwrap();
    let out = keywright(&["generate", "-t", "ed25519", "-o", p(&path), "--force"]);
    assert_eq!(out.status.code(), Some(7));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        old,
        "the old private key is kept"
    );
    assert!(public.is_dir());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

/// A process killed while writing (here by SIGXFSZ, over a 1-block file size limit) leaves
/// no temporary file holding part of a private key (it left `.NAME.keywright-*.tmp`).
#[test]
fn a_killed_generate_leaves_no_partial_key() {
    let dir = common::tempdir();
    let path = dir.path().join("k");
    let out = Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 1; exec \"$0\" generate -t rsa -b 2048 -o \"$1\"")
        .arg(env!("CARGO_BIN_EXE_keywright"))
        .arg(&path)
        .output()
        .unwrap();
    // The file size limit's SIGXFSZ becomes the write's error: one line, exit 7.
    assert_eq!(out.status.code(), Some(7), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: ") && stderr.lines().count() == 1,
        "{stderr}"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

/// Output names up to NAME_MAX work: the temporary file's name is short (it was longer than
/// the output's name, so a 250-byte name failed).
#[test]
fn output_names_near_name_max_work() {
    let dir = common::tempdir();
    let path = dir.path().join("k".repeat(251)); // and `.pub`: 255 bytes
    ok(&keywright(&["generate", "-t", "ed25519", "-o", p(&path)]));
    ok(&keywright(&[
        "generate",
        "-t",
        "ed25519",
        "-o",
        p(&path),
        "--force",
    ]));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

/// A full disk or a closed pipe on standard output is an I/O failure (exit code 7) with one
/// line on stderr, never a panic.
#[test]
fn output_that_cannot_be_written_is_an_io_error() {
    let dir = common::tempdir();
    let key = common::copy_private(dir.path(), "key", "keys/rsa2048-a/pkcs1.pem");
    let public = common::vectors().join("keys/rsa2048-a/openssh.pub");
    let authorized = common::vectors().join("public/authorized_keys");
    let new = dir.path().join("new");
    let cases: [&[&str]; 8] = [
        &["fingerprint", p(&key)],
        &["fingerprint", p(&authorized)],
        &["fingerprint", "--ec2", p(&key)],
        &["public", p(&key)],
        &["inspect", p(&public)],
        &["inspect", "--json", p(&key)],
        &["ec2-check", p(&public)],
        &["generate", "-t", "ed25519", "-o", p(&new)],
    ];
    for args in cases {
        let out = Command::new(env!("CARGO_BIN_EXE_keywright"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        let stderr = text(out.stderr);
        assert_eq!(out.status.code(), Some(7), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: cannot write to standard output"),
            "{args:?}: {stderr}"
        );

        // `generate` wrote its files before printing; let it write them again.
        let _ = std::fs::remove_file(&new);
        let _ = std::fs::remove_file(dir.path().join("new.pub"));
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(env!("CARGO_BIN_EXE_keywright"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = text(out.stderr);
        assert_eq!(out.status.code(), Some(7), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

#[test]
fn a_plain_word_is_not_a_key() {
    // Letters only look like base64; DER's base64 starts with `M`. `hello` is no key in
    // any format (it was read as base64 DER: "invalid der input").
    let dir = common::tempdir();
    let word = dir.path().join("word");
    std::fs::write(&word, "hello\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_keywright"))
        .args(["inspect", p(&word)])
        .output()
        .unwrap();
    let stderr = text(out.stderr);
    assert_eq!(out.status.code(), Some(9), "{stderr}");
    assert!(
        stderr.contains("not a key in any format keywright knows"),
        "{stderr}"
    );
}

#[test]
fn exit_codes_tell_the_kind() {
    let dir = common::tempdir();
    let garbage = dir.path().join("garbage");
    std::fs::write(
        &garbage,
        "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
    )
    .unwrap();
    let cases: Vec<(Vec<String>, i32)> = vec![
        (vec!["fingerprint".into(), p(&garbage).into()], 9),
        // ec2-check exits 1 only when EC2 refuses the key: not a key is 9, as everywhere.
        (vec!["ec2-check".into(), p(&garbage).into()], 9),
        (
            vec![
                "generate".into(),
                "-b".into(),
                "1000".into(),
                "-o".into(),
                p(&dir.path().join("x")).into(),
            ],
            2,
        ),
        (vec!["generate".into(), "--bogus".into()], 2),
        (
            vec![
                "public".into(),
                common::vectors()
                    .join("keys/ed25519-a/openssh-enc.key")
                    .to_str()
                    .unwrap()
                    .into(),
                "--passphrase-file".into(),
                // Mode 0600: the checkout's 0644 would add a warning line.
                p(&common::copy_private(
                    dir.path(),
                    "wrong",
                    "passphrases/wrong.txt",
                ))
                .into(),
            ],
            3,
        ),
        (
            vec![
                "public".into(),
                common::vectors()
                    .join("keys/ed25519-a/openssh-enc.key")
                    .to_str()
                    .unwrap()
                    .into(),
            ],
            3,
        ),
        (
            vec![
                "generate".into(),
                "-t".into(),
                "dsa".into(),
                "-o".into(),
                p(&dir.path().join("d")).into(),
            ],
            5,
        ),
        (
            vec!["fingerprint".into(), p(&dir.path().join("missing")).into()],
            7,
        ),
    ];
    for (args, code) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = keywright(&args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        if code != 2 {
            assert!(
                stderr.starts_with("error: ") && stderr.lines().count() == 1,
                "{stderr}"
            );
        }
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // Limit exceeded: a 10 MiB input.
    let big = vec![b'A'; 10 << 20];
    let out = keywright_stdin(&["fingerprint", "-"], &big);
    assert_eq!(
        out.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An RSA key with a valid 2048-bit n and 300 KB p and q (120 KB in a PPK, whose blob is
/// capped at 256 KiB), in every private format: one `error:` line and exit 1 (invalid
/// input). The old binary overflowed its stack in the p*q multiplication (exit 134).
#[test]
fn rsa_key_with_huge_primes_is_invalid_not_a_crash() {
    use keywright_test_support::oversized::{Alg, Fmt, Key};
    let dir = common::tempdir();
    let base = Key::vector(Alg::Rsa);
    for fmt in [Fmt::Traditional, Fmt::Pkcs8, Fmt::OpenSsh, Fmt::Ppk] {
        let size = if fmt == Fmt::Ppk { 120_000 } else { 300_000 };
        let bytes = base.oversized(0b11000, size, b"").encode(fmt);
        let path = common::write_private(dir.path(), &format!("{fmt:?}"), &bytes);
        let out = keywright(&["public", p(&path)]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(9), "{fmt:?}: {stderr}");
        assert!(
            stderr.starts_with("error: ") && stderr.lines().count() == 1,
            "{fmt:?}: {stderr}"
        );
        assert!(stderr.contains("bits"), "{fmt:?}: {stderr}");
    }
}

/// Keys with an empty comment, listed by `ssh-keygen -l` and by `keywright fingerprint`:
/// the same line. An unencrypted `openssh-key-v1` key stores its (empty) comment, shown
/// empty (`256 SHA256:...  (ED25519)`); an encrypted one, a PEM key and a `.pub` line show
/// `no comment`. The old code printed `no comment` for the first as well.
#[test]
fn empty_comments_are_listed_as_ssh_keygen_lists_them() {
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    let cases: [(&str, &[&str]); 4] = [
        ("plain", &["-t", "ed25519", "-N", ""]),
        ("encrypted", &["-t", "ed25519", "-N", "secret words"]),
        ("pem", &["-t", "rsa", "-b", "1024", "-m", "PEM", "-N", ""]),
        ("ecdsa", &["-t", "ecdsa", "-N", ""]),
    ];
    for (name, args) in cases {
        let key = dir.path().join(name);
        ssh_keygen_makes(&ssh_keygen, &key, args, b"");
        let public = format!("{}.pub", p(&key));
        let mut files = vec![public.clone()];
        // ssh-keygen -l reads NAME.pub when it exists: list the private file on its own.
        let alone = dir.path().join(format!("{name}-alone"));
        std::fs::copy(&key, &alone).unwrap();
        files.push(p(&alone).to_owned());
        for file in &files {
            let listed = common::run(&ssh_keygen, &["-l", "-f", file], None);
            let ours = keywright(&["fingerprint", file]);
            assert_eq!(ok(&ours), text(listed), "{name}: {file}");
        }
    }
}

/// An SSH-1 private key: exit 5 (unsupported) saying so, from `fingerprint` and `public`
/// (the old binary took its first line for a public key line).
#[test]
fn ssh1_keys_are_unsupported() {
    let dir = common::tempdir();
    let mut file = b"SSH PRIVATE KEY FILE FORMAT 1.1\n\0\0\0\0\0\0\0\0\x04\x00".to_vec();
    file.extend(std::iter::repeat_n(0x5a, 500));
    let path = common::write_private(dir.path(), "identity", &file);
    for command in ["fingerprint", "public"] {
        let out = keywright(&[command, p(&path)]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(5), "{command}: {stderr}");
        assert!(
            stderr.contains("SSH-1 keys are not supported"),
            "{command}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{command}: {stderr}");
    }
}

#[test]
fn authorized_keys_one_line_per_key() {
    let m = common::manifest();
    let file = common::vectors().join("public/authorized_keys");
    let out = ok(&keywright(&["fingerprint", file.to_str().unwrap()]));
    let expected: Vec<&str> = m["authorized_keys"][0]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "key")
        .map(|e| e["fingerprint_line"].as_str().unwrap())
        .collect();
    assert_eq!(out.lines().collect::<Vec<_>>(), expected);
    let crlf = common::vectors().join("public/authorized_keys-crlf");
    assert_eq!(
        ok(&keywright(&["fingerprint", crlf.to_str().unwrap()])),
        out
    );
}

#[test]
fn standard_input_and_inspect_json() {
    let key = common::read("keys/rsa2048-a/openssh.key");
    let k = common::key("rsa2048-a");
    let out = ok(&keywright_stdin(&["inspect", "--json", "-"], &key));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["format"], "openssh");
    assert_eq!(v["private"], true);
    assert_eq!(v["encrypted"], false);
    assert_eq!(v["algorithm"], "ssh-rsa");
    assert_eq!(v["bits"], 2048);
    assert_eq!(v["comment"], k["comment"]);
    assert_eq!(v["fingerprints"]["sha256"], k["fingerprints"]["sha256"]);
    assert_eq!(v["fingerprints"]["md5"], k["fingerprints"]["md5"]);
    assert_eq!(
        v["fingerprints"]["ec2"],
        k["fingerprints"]["ec2_created_sha1"]
    );
    assert_eq!(
        v["fingerprints"]["ec2_imported"],
        k["fingerprints"]["ec2_imported_md5"]
    );

    let public = common::read("keys/ed25519-a/openssh.pub");
    let v: serde_json::Value =
        serde_json::from_str(&ok(&keywright_stdin(&["inspect", "--json", "-"], &public))).unwrap();
    assert_eq!(v["format"], "openssh-pub");
    assert_eq!(v["private"], false);
    assert_eq!(
        v["fingerprints"]["ec2"],
        common::key("ed25519-a")["fingerprints"]["ec2_sha256_base64"]
    );
    assert!(v["fingerprints"].get("ec2_imported").is_none());

    // An encrypted key is described without its passphrase.
    let enc = common::read("keys/ed25519-a/openssh-enc.key");
    let v: serde_json::Value =
        serde_json::from_str(&ok(&keywright_stdin(&["inspect", "--json", "-"], &enc))).unwrap();
    assert_eq!(v["encrypted"], true);
    assert_eq!(v["private"], true);
    assert_eq!(
        v["fingerprints"]["sha256"],
        common::key("ed25519-a")["fingerprints"]["sha256"]
    );
}

#[test]
fn convert_openssh_round_trip_with_passphrase() {
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    let src = common::copy_private(dir.path(), "src", "keys/ecdsa256-a/openssh.key");
    let pass = common::write_private(dir.path(), "pass", b"new pass\n");
    let out = dir.path().join("out");
    ok(&keywright(&[
        "convert",
        p(&src),
        "-o",
        p(&out),
        "--to",
        "openssh",
        "--new-passphrase-file",
        p(&pass),
        "-C",
        "converted",
    ]));
    assert_eq!(mode(&out), 0o600);
    let derived = text(common::run(
        &ssh_keygen,
        &["-y", "-P", "new pass", "-f", p(&out)],
        None,
    ));
    let k = common::key("ecdsa256-a");
    let expected = k["openssh_public"]
        .as_str()
        .unwrap()
        .rsplit_once(' ')
        .unwrap()
        .0;
    assert_eq!(derived.trim(), format!("{expected} converted"));
}

#[test]
fn ppk_conversion_as_puttygen_reads_it() {
    let Some(puttygen) = common::tool("puttygen") else {
        return;
    };
    let dir = common::tempdir();
    let pass = common::write_private(dir.path(), "pass", b"ppk pass\n");
    let empty = common::write_private(dir.path(), "empty", b"");
    for id in ["rsa2048-a", "ed25519-a", "ecdsa384-a"] {
        let src = common::copy_private(
            dir.path(),
            &format!("{id}.key"),
            &format!("keys/{id}/openssh.key"),
        );
        for (version, extra) in [
            ("2", vec![]),
            (
                "3",
                vec![
                    "--argon2",
                    "i",
                    "--argon2-memory",
                    "1024",
                    "--argon2-passes",
                    "2",
                ],
            ),
        ] {
            let out = dir.path().join(format!("{id}-{version}.ppk"));
            let mut args = vec![
                "convert",
                p(&src),
                "-o",
                p(&out),
                "--to",
                "ppk",
                "--ppk-version",
                version,
                "--new-passphrase-file",
                p(&pass),
            ];
            args.extend(extra);
            ok(&keywright(&args));
            assert_eq!(mode(&out), 0o600);
            let head = std::fs::read_to_string(&out).unwrap();
            assert!(
                head.starts_with(&format!("PuTTY-User-Key-File-{version}: ")),
                "{head}"
            );
            // puttygen decrypts it to the same key.
            let back = dir.path().join(format!("{id}-{version}.back"));
            common::run(
                &puttygen,
                &[
                    p(&out),
                    "-O",
                    "private-openssh-new",
                    "--old-passphrase",
                    p(&pass),
                    "--new-passphrase",
                    p(&empty),
                    "-o",
                    p(&back),
                ],
                None,
            );
            let expected = common::key(id)["fingerprints"]["ssh_keygen_l_sha256"]
                .as_str()
                .unwrap()
                .to_owned();
            assert_eq!(ok(&keywright(&["fingerprint", p(&back)])).trim(), expected);
            // Our --putty line is puttygen -l's.
            let listed = text(common::run(&puttygen, &["-l", p(&out)], None));
            assert_eq!(ok(&keywright(&["fingerprint", "--putty", p(&out)])), listed);
            // And we read it back, to any format.
            let pem = dir.path().join(format!("{id}-{version}.openssh"));
            ok(&keywright(&[
                "convert",
                p(&out),
                "--passphrase-file",
                p(&pass),
                "-o",
                p(&pem),
                "--to",
                "openssh",
            ]));
            assert_eq!(ok(&keywright(&["fingerprint", p(&pem)])).trim(), expected);
        }
    }
}

#[test]
fn convert_to_every_pem_form_as_openssl_reads_it() {
    let Some(openssl) = common::tool("openssl") else {
        return;
    };
    let dir = common::tempdir();
    let pass = common::write_private(dir.path(), "pass", b"pem pass\n");
    for (id, forms) in [
        ("rsa2048-a", vec!["pkcs1", "pkcs8", "openssh"]),
        ("ecdsa256-a", vec!["sec1", "pkcs8", "openssh"]),
        ("ed25519-a", vec!["pkcs8", "openssh"]),
    ] {
        let src = common::copy_private(
            dir.path(),
            &format!("{id}.key"),
            &format!("keys/{id}/openssh.key"),
        );
        let spki = common::read(&format!("keys/{id}/spki.pem"));
        for form in forms {
            let out = dir.path().join(format!("{id}.{form}"));
            ok(&keywright(&[
                "convert",
                p(&src),
                "-o",
                p(&out),
                "--to",
                form,
            ]));
            let v: serde_json::Value =
                serde_json::from_str(&ok(&keywright(&["inspect", "--json", p(&out)]))).unwrap();
            assert_eq!(v["format"], form);
            if form != "openssh" {
                let theirs = common::run(&openssl, &["pkey", "-in", p(&out), "-pubout"], None);
                assert_eq!(theirs, spki, "{id} {form}");
            }
        }
        // Encrypted PKCS#8, read by openssl with the passphrase.
        let out = dir.path().join(format!("{id}.p8enc"));
        ok(&keywright(&[
            "convert",
            p(&src),
            "-o",
            p(&out),
            "--to",
            "pkcs8",
            "--new-passphrase-file",
            p(&pass),
        ]));
        assert!(
            std::fs::read_to_string(&out)
                .unwrap()
                .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----")
        );
        let passin = format!("file:{}", p(&pass));
        let theirs = common::run(
            &openssl,
            &["pkey", "-in", p(&out), "-passin", &passin, "-pubout"],
            None,
        );
        assert_eq!(theirs, spki, "{id} encrypted pkcs8");
    }
    // A format that cannot hold the key is refused as unsupported, and nothing is written.
    let src = common::copy_private(dir.path(), "ed.key", "keys/ed25519-a/openssh.key");
    let out = dir.path().join("ed.pkcs1");
    assert_eq!(
        keywright(&["convert", p(&src), "-o", p(&out), "--to", "pkcs1"])
            .status
            .code(),
        Some(5)
    );
    assert!(!out.exists());
}

#[test]
fn public_in_every_form_matches_the_vectors() {
    for id in ["rsa2048-a", "ecdsa384-a", "ed25519-a"] {
        let key = common::vectors().join(format!("keys/{id}/openssh.key"));
        let k = p(&key);
        assert_eq!(
            ok(&keywright(&["public", k, "--format", "spki"])).as_bytes(),
            common::read(&format!("keys/{id}/spki.pem"))
        );
        let binary = keywright(&["public", k, "--format", "der"]);
        let b64 = String::from_utf8(common::read(&format!("keys/{id}/spki.der.b64"))).unwrap();
        assert_eq!(
            binary.stdout,
            <base64ct::Base64 as base64ct::Encoding>::decode_vec(b64.trim()).unwrap(),
            "binary DER"
        );
        let der = ok(&keywright(&["public", k, "--format", "der-base64"]));
        assert_eq!(
            der.trim(),
            String::from_utf8(common::read(&format!("keys/{id}/spki.der.b64")))
                .unwrap()
                .trim()
        );
        let rfc = ok(&keywright(&["public", k, "--format", "rfc4716"]));
        assert!(
            rfc.starts_with("---- BEGIN SSH2 PUBLIC KEY ----\n"),
            "{rfc}"
        );
        // Every public form reads back to the same fingerprint.
        let expected = common::key(id)["fingerprints"]["sha256"]
            .as_str()
            .unwrap()
            .to_owned();
        for form in [rfc, der] {
            let line = ok(&keywright_stdin(&["fingerprint", "-"], form.as_bytes()));
            assert!(line.contains(&expected), "{line}");
        }
    }
    let rsa = common::vectors().join("keys/rsa2048-a/openssh.key");
    // The library's format names, and the older short ones.
    for (name, file) in [
        ("pkcs1-pub", "pkcs1-public.pem"),
        ("pkcs1", "pkcs1-public.pem"),
        ("openssh-pub", "openssh.pub"),
        ("openssh", "openssh.pub"),
    ] {
        assert_eq!(
            ok(&keywright(&["public", p(&rsa), "--format", name])).as_bytes(),
            common::read(&format!("keys/rsa2048-a/{file}")),
            "{name}"
        );
    }
}

#[test]
fn ec2_check_says_ok_or_why_not() {
    let check = |id: &str, file: &str, name: Option<&str>| {
        let path = common::vectors().join(format!("keys/{id}/{file}"));
        let mut args = vec!["ec2-check", path.to_str().unwrap()];
        if let Some(n) = name {
            args.extend(["--name", n]);
        }
        let out = keywright(&args);
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    let (code, out) = check("rsa2048-a", "openssh.pub", Some("my-key-pair"));
    assert_eq!((code, out.as_str()), (Some(0), "ok\n"));
    let (code, out) = check("ed25519-a", "openssh.pub", None);
    assert_eq!((code, out.as_str()), (Some(0), "ok\n"));
    let (code, out) = check("rsa2048-a", "rfc4716.pub", None);
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = check("dsa1024-a", "openssh.pub", None);
    assert_eq!(code, Some(1));
    assert!(out.starts_with("refused: ") && out.contains("DSA"), "{out}");
    let (code, out) = check("ecdsa256-a", "openssh.pub", None);
    assert_eq!(code, Some(1), "{out}");
    let (code, out) = check("ed25519-a", "rfc4716.pub", None);
    assert_eq!(code, Some(1), "{out}");
    let (code, out) = check("rsa3072-a", "openssh.pub", None);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("warning: "), "{out}");
    let (code, out) = check("rsa2048-a", "openssh.pub", Some(" padded "));
    assert_eq!(code, Some(1));
    assert!(out.contains("key name"), "{out}");
}

#[test]
fn ec2_password_decrypts_what_openssl_encrypts() {
    let Some(openssl) = common::tool("openssl") else {
        return;
    };
    let dir = common::tempdir();
    let key = common::copy_private(dir.path(), "win.pem", "keys/rsa2048-a/pkcs1.pem");
    let cipher = common::run(
        &openssl,
        &[
            "pkeyutl",
            "-encrypt",
            "-inkey",
            p(&key),
            "-pkeyopt",
            "rsa_padding_mode:pkcs1",
        ],
        Some(b"Adm1n-P@ss"),
    );
    let b64 = text(common::run(&openssl, &["base64", "-A"], Some(&cipher)));
    let out = keywright_stdin(&["ec2-password", "--key", p(&key)], b64.as_bytes());
    assert_eq!(ok(&out), "Adm1n-P@ss\n");
    // A plaintext holding control characters is printed escaped (it drove the terminal).
    let cipher = common::run(
        &openssl,
        &[
            "pkeyutl",
            "-encrypt",
            "-inkey",
            p(&key),
            "-pkeyopt",
            "rsa_padding_mode:pkcs1",
        ],
        Some(b"pw\x1b[2J\nerror: forged"),
    );
    let b64 = text(common::run(&openssl, &["base64", "-A"], Some(&cipher)));
    let out = keywright_stdin(&["ec2-password", "--key", p(&key)], b64.as_bytes());
    assert_eq!(ok(&out), "pw\\033[2J\\012error: forged\n");
}

#[test]
fn readable_private_key_files_are_warned_about() {
    let dir = common::tempdir();
    let key = dir.path().join("open.key");
    std::fs::write(&key, common::read("keys/ed25519-a/openssh.key")).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = keywright(&["public", p(&key)]);
    ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("warning: permissions 0644"), "{stderr}");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(keywright(&["public", p(&key)]).stderr.is_empty());
    // Public key files are not private: no warning.
    let public = common::vectors().join("keys/ed25519-a/openssh.pub");
    assert!(keywright(&["fingerprint", p(&public)]).stderr.is_empty());
}

/// A FIDO vector of the library's tests (`crates/keywright/tests/data/sk`).
fn sk_vector(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../keywright/tests/data/sk")
        .join(name)
}

#[test]
fn fido_keys_as_ssh_keygen_shows_them_and_refusals_exit_5() {
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    for name in ["sk_ed25519", "sk_ecdsa"] {
        // A 0600 copy: a fresh checkout makes the vector 0644, which ssh-keygen -y refuses.
        let key = common::write_private(dir.path(), name, &std::fs::read(sk_vector(name)).unwrap());
        let public = sk_vector(&format!("{name}.pub"));
        for hash in ["sha256", "md5"] {
            for file in [&key, &public] {
                assert_eq!(
                    ok(&keywright(&["fingerprint", "-E", hash, p(file)])),
                    text(common::run(
                        &ssh_keygen,
                        &["-l", "-E", hash, "-f", p(file)],
                        None
                    )),
                    "{name} {hash}"
                );
            }
        }
        assert_eq!(
            ok(&keywright(&["public", p(&key)])),
            text(common::run(&ssh_keygen, &["-y", "-f", p(&key)], None))
        );
        let inspect = ok(&keywright(&["inspect", p(&key)]));
        assert!(inspect.contains("algorithm: sk-"), "{inspect}");
        let out = dir.path().join(format!("{name}.ppk"));
        for to in ["ppk", "pkcs8", "pkcs1", "sec1"] {
            let refused = keywright(&["convert", p(&key), "--to", to, "-o", p(&out)]);
            assert_eq!(refused.status.code(), Some(5), "{name} --to {to}");
            let stderr = String::from_utf8_lossy(&refused.stderr);
            assert!(stderr.contains("authenticator"), "{stderr}");
        }
        assert!(!out.exists());
        let refused = keywright(&["public", p(&key), "--format", "spki"]);
        assert_eq!(refused.status.code(), Some(5));
        // EC2's verdict, not an error.
        let verdict = keywright(&["ec2-check", p(&public)]);
        assert_eq!(verdict.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&verdict.stdout).contains("FIDO"));
    }
    let made = keywright(&[
        "generate",
        "-t",
        "ed25519-sk",
        "-o",
        p(&dir.path().join("k")),
    ]);
    assert_eq!(made.status.code(), Some(5));
    let unknown = keywright_stdin(&["fingerprint", "-"], b"name@example.com AAAAC3Nz x\n");
    assert_eq!(unknown.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("name@example.com"));
}

/// `fingerprint` over a terminal whose other end closed (after one key line, every read
/// fails with EIO): the line's fingerprint, one `error:` line and exit 7 (it printed warnings
/// forever).
#[test]
fn a_stream_whose_reads_fail_ends_once() {
    let Some(python) = common::tool("python3") else {
        return;
    };
    let line = common::read("keys/ed25519-a/openssh.pub");
    let script = r#"
import os, pty, subprocess, sys, tty
master, slave = pty.openpty()
tty.setraw(slave)
os.write(slave, sys.stdin.buffer.read())
os.close(slave)  # reads of the master now fail with EIO once its input is drained
child = subprocess.Popen([sys.argv[1], "fingerprint", "-"], stdin=master,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
os.close(master)
try:
    out, err = child.communicate(timeout=30)
except subprocess.TimeoutExpired:
    child.kill()
    out, err = child.communicate()
    err = err[:2000]
sys.stdout.buffer.write(b"%d\n" % child.returncode + out + err)
"#;
    let out = common::output(
        &python,
        &["-c", script, env!("CARGO_BIN_EXE_keywright")],
        Some(&line),
    );
    let report = text(out.stdout);
    let (code, stderr) = report.split_once('\n').unwrap();
    assert_eq!(code, "7", "{stderr}");
    assert!(stderr.starts_with("256 SHA256:"), "{stderr}");
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
    assert!(!stderr.contains("warning:"), "{stderr}");
}

/// An empty passphrase file (or one holding only a newline) would write an unencrypted key:
/// refused, and nothing is written (it wrote the key unencrypted).
#[test]
fn empty_passphrase_files_are_refused_for_new_keys() {
    let dir = common::tempdir();
    let key = dir.path().join("key");
    ok(&keywright(&["generate", "-t", "ed25519", "-o", p(&key)]));
    for (name, contents) in [("empty", &b""[..]), ("newline", b"\n"), ("crlf", b"\r\n")] {
        let pass = common::write_private(dir.path(), name, contents);
        let out_path = dir.path().join(format!("out-{name}"));
        let out = keywright(&[
            "generate",
            "-t",
            "ed25519",
            "--passphrase-file",
            p(&pass),
            "-o",
            p(&out_path),
        ]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = text(out.stderr);
        assert!(
            err.starts_with("error: ") && err.contains("is empty"),
            "{err}"
        );
        let out = keywright(&[
            "convert",
            "--to",
            "openssh",
            "--new-passphrase-file",
            p(&pass),
            "-o",
            p(&out_path),
            p(&key),
        ]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(!out_path.exists(), "{name}");
    }
}

/// `generate -t rsa --passphrase-file F` without `--format`: PKCS#1 cannot be encrypted, so
/// the key is written as encrypted openssh-key-v1 (it failed with exit 5), and ssh-keygen
/// reads it with the passphrase.
#[test]
fn encrypted_rsa_keys_default_to_a_format_that_can_be_encrypted() {
    let dir = common::tempdir();
    let pass = common::write_private(dir.path(), "pass", b"s3cret phrase\n");
    let key = dir.path().join("rsa");
    ok(&keywright(&[
        "generate",
        "-t",
        "rsa",
        "--passphrase-file",
        p(&pass),
        "-o",
        p(&key),
    ]));
    let file = std::fs::read_to_string(&key).unwrap();
    assert!(
        file.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----"),
        "{file}"
    );
    assert_eq!(
        keywright(&["public", p(&key)]).status.code(),
        Some(3),
        "encrypted"
    );
    let public = std::fs::read_to_string(dir.path().join("rsa.pub")).unwrap();
    assert_eq!(
        ok(&keywright(&[
            "public",
            p(&key),
            "--passphrase-file",
            p(&pass)
        ])),
        public
    );
    if let Some(ssh_keygen) = common::tool("ssh-keygen") {
        let derived = common::run(
            &ssh_keygen,
            &["-y", "-P", "s3cret phrase", "-f", p(&key)],
            None,
        );
        let derived = text(derived);
        assert_eq!(
            derived.split(' ').take(2).collect::<Vec<_>>(),
            public.split(' ').take(2).collect::<Vec<_>>()
        );
    }
}

/// A passphrase file that group or others can read is warned about, as ssh warns about
/// key files; one only its owner can read is not.
#[test]
fn readable_passphrase_files_are_warned_about() {
    let dir = common::tempdir();
    let pass = common::write_private(dir.path(), "pass", b"s3cret phrase\n");
    let key = dir.path().join("k");
    let out = keywright(&[
        "generate",
        "-t",
        "ed25519",
        "--passphrase-file",
        p(&pass),
        "-o",
        p(&key),
    ]);
    ok(&out);
    assert!(out.stderr.is_empty(), "{}", text(out.stderr));
    std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = keywright(&["public", p(&key), "--passphrase-file", p(&pass)]);
    ok(&out);
    let err = text(out.stderr);
    assert!(
        err.starts_with("warning: permissions 0644 for ") && err.contains("passphrase file"),
        "{err}"
    );
}

/// An input over the CLI's 64 MiB bound says so (it said "67108864" whatever the size).
#[test]
fn oversized_inputs_say_more_than_64_mib() {
    let dir = common::tempdir();
    let big = dir.path().join("big");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len((64 << 20) + 4096).unwrap(); // sparse
    drop(file);
    let out = keywright(&["public", p(&big)]);
    assert_eq!(out.status.code(), Some(6));
    let err = text(out.stderr);
    assert!(err.contains("more than 64 MiB"), "{err}");
    assert!(!err.contains("67108864"), "{err}");
}

/// Keys of every type that `ssh-keygen` makes, with a comment, in `dir`.
fn ssh_keygen_host_keys(ssh_keygen: &Path, dir: &Path) -> Vec<std::path::PathBuf> {
    [
        ("rsa", "1024"),
        ("rsa", "3072"),
        ("ecdsa", "256"),
        ("ecdsa", "384"),
        ("ecdsa", "521"),
        ("ed25519", "256"),
        ("dsa", "1024"),
    ]
    .iter()
    .map(|(t, bits)| {
        let path = dir.join(format!("{t}{bits}"));
        ssh_keygen_makes(
            ssh_keygen,
            &path,
            &["-t", t, "-b", bits, "-N", ""],
            b"host key",
        );
        path
    })
    .collect()
}

#[test]
fn randomart_and_sshfp_equal_ssh_keygen() {
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    let keys = ssh_keygen_host_keys(&ssh_keygen, dir.path());
    for key in &keys {
        let public = format!("{}.pub", p(key));
        for file in [p(key), public.as_str()] {
            for hash in ["sha256", "md5"] {
                let theirs = text(common::run(
                    &ssh_keygen,
                    &["-l", "-v", "-E", hash, "-f", file],
                    None,
                ));
                assert_eq!(
                    ok(&keywright(&["fingerprint", "-v", "-E", hash, file])),
                    theirs,
                    "{file} {hash}"
                );
            }
        }
        let theirs = text(common::run(
            &ssh_keygen,
            &["-r", "h.example", "-f", p(key)],
            None,
        ));
        assert_eq!(ok(&keywright(&["sshfp", "h.example", p(key)])), theirs);
        assert_eq!(ok(&keywright(&["sshfp", "h.example", &public])), theirs);
    }
    // FIDO keys: their pictures; no SSHFP record (ssh-keygen -r prints none either).
    for name in ["sk_ed25519", "sk_ecdsa"] {
        let public = sk_vector(&format!("{name}.pub"));
        let theirs = text(common::run(&ssh_keygen, &["-lv", "-f", p(&public)], None));
        assert_eq!(ok(&keywright(&["fingerprint", "-v", p(&public)])), theirs);
        let none = text(common::run(
            &ssh_keygen,
            &["-r", "h", "-f", p(&public)],
            None,
        ));
        assert_eq!(ok(&keywright(&["sshfp", "h", p(&public)])), none);
    }
    // A file of several public keys: one picture per key, as ssh-keygen prints.
    let mut lines = Vec::new();
    for key in &keys {
        lines.extend(std::fs::read(format!("{}.pub", p(key))).unwrap());
    }
    let all = dir.path().join("all.pub");
    std::fs::write(&all, &lines).unwrap();
    let theirs = text(common::run(&ssh_keygen, &["-lv", "-f", p(&all)], None));
    assert_eq!(ok(&keywright(&["fingerprint", "-v", p(&all)])), theirs);
    // Several files at once, each as `ssh-keygen -r` prints it, and one hash type.
    let (a, b) = (
        format!("{}.pub", p(&keys[0])),
        format!("{}.pub", p(&keys[5])),
    );
    let expected = text(common::run(&ssh_keygen, &["-r", "h", "-f", &a], None))
        + &text(common::run(&ssh_keygen, &["-r", "h", "-f", &b], None));
    assert_eq!(ok(&keywright(&["sshfp", "h", &a, &b])), expected);
    let sha256_only: String = expected
        .lines()
        .filter(|l| l.split(' ').nth(4) == Some("2"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        ok(&keywright(&["sshfp", "--hash", "sha256", "h", &a, &b])),
        sha256_only
    );
}

fn ec2_fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../keywright/tests/data/ec2")
        .join(name)
}

#[test]
fn ec2_match_names_each_key_file() {
    let vector = |path: &str| common::vectors().join(path);
    let created = vector("keys/rsa2048-a/pkcs1.pem");
    let imported = vector("keys/rsa4096-a/openssh.pub");
    let ed = vector("keys/ed25519-a/openssh.key");
    let json = ec2_fixture("describe-key-pairs.json");
    let out = ok(&keywright(&[
        "ec2-match",
        "--key-pairs",
        p(&json),
        p(&created),
        p(&imported),
        p(&ed),
    ]));
    assert_eq!(
        out,
        format!(
            "{}: made-by-ec2 (key-0a1b2c3d4e5f60001) by created-fingerprint\n\
             {}: imported-rsa (key-0a1b2c3d4e5f60002) by imported-fingerprint\n\
             {}: laptop ed25519 (key-0a1b2c3d4e5f60003) by ed25519-fingerprint\n",
            p(&created),
            p(&imported),
            p(&ed)
        )
    );
    // From standard input, with --json; a key that matches nothing makes the exit code 1.
    let stranger = vector("keys/rsa3072-a/openssh.pub");
    let out = keywright_stdin(
        &["ec2-match", "--json", p(&created), p(&stranger)],
        &std::fs::read(ec2_fixture("describe-key-pairs-public-key.json")).unwrap(),
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["matched"], true);
    assert_eq!(v[0]["key_pairs"][0]["name"], "made-by-ec2");
    assert_eq!(v[0]["key_pairs"][0]["matched_by"], "public-key");
    assert_eq!(v[1]["matched"], false);
    assert_eq!(v[1]["key_pairs"], serde_json::json!([]));
    // create-key-pair's output: its key material is the key.
    let out = ok(&keywright(&[
        "ec2-match",
        "--key-pairs",
        p(&ec2_fixture("create-key-pair.json")),
        p(&vector("keys/rsa2048-a/openssh.pub")),
    ]));
    assert!(
        out.ends_with("made-by-ec2 (key-0a1b2c3d4e5f60001) by key-material\n"),
        "{out}"
    );
    // Hostile JSON: a clear error, exit 9 (invalid input).
    let out = keywright_stdin(
        &["ec2-match", p(&created)],
        br#"{"KeyPairs": [{"KeyName": 5}]}"#,
    );
    assert_eq!(out.status.code(), Some(9));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: cannot read key pairs from standard input: "),
        "{err}"
    );
    assert!(
        err.contains("KeyPairs[0].KeyName must be a string"),
        "{err}"
    );
}

#[test]
fn ec2_host_keys_prints_and_checks() {
    let console = ec2_fixture("console-output.txt");
    let hosts: String = ["ecdsa", "ed25519", "rsa"]
        .iter()
        .map(|t| {
            let line = std::fs::read_to_string(ec2_fixture(&format!("host-{t}.pub"))).unwrap();
            let mut words = line.split_whitespace();
            format!(
                "203.0.113.10 {} {}\n",
                words.next().unwrap(),
                words.next().unwrap()
            )
        })
        .collect();
    for file in ["console-output.txt", "get-console-output.json"] {
        let out = ok(&keywright(&[
            "ec2-host-keys",
            p(&ec2_fixture(file)),
            "--host",
            "203.0.113.10",
        ]));
        assert_eq!(out, hosts, "{file}");
    }
    // ssh-keygen -F finds the host in a file of those lines.
    if let Some(ssh_keygen) = common::tool("ssh-keygen") {
        let dir = common::tempdir();
        let known = dir.path().join("known_hosts");
        std::fs::write(&known, &hosts).unwrap();
        let found = text(common::run(
            &ssh_keygen,
            &["-F", "203.0.113.10", "-f", p(&known)],
            None,
        ));
        assert_eq!(found.lines().filter(|l| !l.starts_with('#')).count(), 3);
    }
    let keyscan = std::fs::read(ec2_fixture("keyscan.txt")).unwrap();
    let out = keywright_stdin(&["ec2-host-keys", p(&console), "--check", "-"], &keyscan);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout)
            .unwrap()
            .matches("match: ")
            .count(),
        3
    );
    let other = std::fs::read(ec2_fixture("other-ed25519.pub")).unwrap();
    let out = keywright_stdin(&["ec2-host-keys", p(&console), "--check", "-"], &other);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("HOST KEY MISMATCH"), "{err}");
    // Nothing to compare: not a pass.
    let dsa = common::read("keys/dsa1024-a/openssh.pub");
    let out = keywright_stdin(&["ec2-host-keys", p(&console), "--check", "-"], &dsa);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("nothing to compare")
    );
}

#[test]
fn ec2_check_platform_windows_refuses_ed25519() {
    let ed = common::vectors().join("keys/ed25519-a/openssh.pub");
    let out = keywright(&["ec2-check", p(&ed), "--platform", "windows"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stdout).unwrap().contains("Windows"));
    assert_eq!(
        ok(&keywright(&["ec2-check", p(&ed), "--platform", "linux"])),
        "ok\n"
    );
}

/// Text from a file (a comment, an algorithm name) and file names reach the terminal escaped
/// in `inspect`, warning and error lines: no escape sequence, no forged `error:` line.
#[test]
fn file_text_is_escaped_in_reports_warnings_and_errors() {
    let dir = common::tempdir();
    let key = dir.path().join("evil");
    ok(&keywright(&[
        "generate",
        "-t",
        "ed25519",
        "-C",
        "evil\x1b[31m\nerror: forged\u{9b}2J",
        "-o",
        p(&key),
    ]));
    let report = ok(&keywright(&["inspect", p(&key)]));
    assert!(!report.contains(['\x1b', '\u{9b}']), "{report:?}");
    assert!(
        report.contains("comment: evil\\033[31m\\012error: forged\\302\\2332J\n"),
        "{report}"
    );
    assert!(!report.lines().any(|l| l.starts_with("error")), "{report}");
    // JSON keeps the comment as it is, escaped the JSON way.
    let json: serde_json::Value =
        serde_json::from_str(&ok(&keywright(&["inspect", "--json", p(&key)]))).unwrap();
    assert_eq!(json["comment"], "evil\x1b[31m\nerror: forged\u{9b}2J");

    // An algorithm name from the file, in a warning (a bad line among good ones) and in the
    // error (no good line).
    let good = String::from_utf8(common::read("keys/ed25519-a/openssh.pub")).unwrap();
    let bad = "ssh-evil\x1b]0;owned\x07@example.com AAAAC3NzaC1lZDI1NTE5 x\n";
    let mixed = dir.path().join("mixed");
    std::fs::write(&mixed, format!("{good}{bad}")).unwrap();
    let out = keywright(&["fingerprint", p(&mixed)]);
    ok(&out);
    let err = text(out.stderr);
    assert!(
        err.starts_with("warning: ") && err.lines().count() == 1,
        "{err:?}"
    );
    assert!(!err.contains(['\x1b', '\x07']), "{err:?}");
    assert!(
        err.contains("ssh-evil\\033]0;owned\\007@example.com"),
        "{err}"
    );
    let only_bad = dir.path().join("bad");
    std::fs::write(&only_bad, bad).unwrap();
    let out = keywright(&["fingerprint", p(&only_bad)]);
    assert!(!out.status.success());
    let err = text(out.stderr);
    assert!(
        err.starts_with("error: ") && err.lines().count() == 1,
        "{err:?}"
    );
    assert!(!err.contains(['\x1b', '\x07']), "{err:?}");

    // A file name with a newline cannot forge a second error line either.
    let named = dir.path().join("a\nerror: forged");
    let out = keywright(&["fingerprint", p(&named)]);
    assert_eq!(out.status.code(), Some(7));
    let err = text(out.stderr);
    assert_eq!(err.lines().count(), 1, "{err:?}");
}

/// `-o -` made a file named `-`: a private key goes to standard output only with
/// `--private-to-stdout`, and no file is made either way.
#[test]
fn dash_output_is_standard_output_and_private_keys_need_asking() {
    let dir = common::tempdir();
    let key = common::copy_private(dir.path(), "key", "keys/ed25519-a/openssh.key");
    let run_in_dir = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_keywright"))
            .args(args)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    for args in [
        &["generate", "-t", "ed25519", "-o", "-"][..],
        &["convert", "--to", "pkcs8", "-o", "-", p(&key)],
    ] {
        let out = run_in_dir(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        assert!(text(out.stderr).contains("--private-to-stdout"));
    }
    let converted = ok(&run_in_dir(&[
        "convert",
        "--to",
        "pkcs8",
        "-o",
        "-",
        "--private-to-stdout",
        p(&key),
    ]));
    assert!(
        converted.starts_with("-----BEGIN PRIVATE KEY-----"),
        "{converted}"
    );
    let public =
        std::fs::read_to_string(common::vectors().join("keys/ed25519-a/openssh.pub")).unwrap();
    let derived = ok(&keywright_stdin(&["public", "-"], converted.as_bytes()));
    assert_eq!(
        derived.split_whitespace().take(2).collect::<Vec<_>>(),
        public.split_whitespace().take(2).collect::<Vec<_>>()
    );
    let generated = ok(&run_in_dir(&[
        "generate",
        "-t",
        "ed25519",
        "-o",
        "-",
        "--private-to-stdout",
    ]));
    let (private, public) = generated
        .split_once("-----END OPENSSH PRIVATE KEY-----\n")
        .unwrap();
    assert!(private.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----"));
    assert!(
        public.starts_with("ssh-ed25519 ") && public.ends_with('\n'),
        "{public}"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["key"]);
}

/// `ssh-keygen ARGS` in UTC (it prints certificate times in the local zone).
fn ssh_keygen_utc(ssh_keygen: &Path, args: &[&str]) -> String {
    let out = Command::new(ssh_keygen)
        .args(args)
        .env("TZ", "UTC")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text(out.stdout)
}

#[test]
fn certify_and_inspect_as_ssh_keygen_s_and_l() {
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    let d = dir.path();
    // CA keys: Ed25519 encrypted (passphrase file), RSA as PPK, ECDSA as PKCS#8.
    let pass = d.join("pass");
    std::fs::write(&pass, "ca secret\n").unwrap();
    ssh_keygen_makes(
        &ssh_keygen,
        &d.join("ca-ed"),
        &["-t", "ed25519", "-N", "ca secret"],
        b"ca",
    );
    ssh_keygen_makes(
        &ssh_keygen,
        &d.join("ca-rsa"),
        &["-t", "rsa", "-b", "2048", "-N", ""],
        b"ca",
    );
    ok(&keywright(&[
        "convert",
        p(&d.join("ca-rsa")),
        "--to",
        "ppk",
        "-o",
        p(&d.join("ca-rsa.ppk")),
    ]));
    ssh_keygen_makes(
        &ssh_keygen,
        &d.join("ca-ec"),
        &["-t", "ecdsa", "-N", ""],
        b"ca",
    );
    ok(&keywright(&[
        "convert",
        p(&d.join("ca-ec")),
        "--to",
        "pkcs8",
        "-o",
        p(&d.join("ca-ec.p8")),
    ]));
    let users: Vec<_> = ["u1", "u2"]
        .iter()
        .map(|n| {
            ssh_keygen_makes(
                &ssh_keygen,
                &d.join(n),
                &["-t", "ed25519", "-N", ""],
                n.as_bytes(),
            );
            d.join(format!("{n}.pub"))
        })
        .collect();
    for (ca, extra) in [
        ("ca-ed", vec!["--passphrase-file", p(&pass)]),
        ("ca-rsa.ppk", vec![]),
        ("ca-ec.p8", vec!["--host"]),
    ] {
        let ca_path = d.join(ca);
        let mut args = vec!["certify", "--ca", p(&ca_path)];
        args.extend(extra.iter().copied());
        args.extend([
            "--identity",
            "deploy key",
            "--principals",
            "alice,bob",
            "--validity",
            "-1d:+52w",
            "--serial",
            "12",
            "--option",
            "force-command=/bin/true",
            "--extension",
            "vendor@example.com=x",
            p(&users[0]),
            p(&users[1]),
        ]);
        ok(&keywright(&args));
        for n in ["u1", "u2"] {
            let cert = d.join(format!("{n}-cert.pub"));
            let theirs = ssh_keygen_utc(&ssh_keygen, &["-L", "-f", p(&cert)]);
            if ca == "ca-rsa.ppk" {
                assert!(theirs.contains("(using rsa-sha2-512)"), "{theirs}");
            }
            let ours = ok(&keywright(&["inspect", p(&cert)]));
            let report = ours.split_once(&format!("{}:\n", p(&cert))).unwrap().1;
            assert_eq!(
                format!(
                    "{}:\n{}",
                    p(&cert),
                    &report[..theirs.len() - p(&cert).len() - 2]
                ),
                theirs,
                "{ca}"
            );
            assert!(report.ends_with("        Signature: good\n        Valid now: yes\n"));
            assert_eq!(
                ok(&keywright(&["fingerprint", p(&cert)])),
                ssh_keygen_utc(&ssh_keygen, &["-l", "-f", p(&cert)])
            );
            ok(&keywright(&["inspect", "--verify", p(&cert)]));
            let json: serde_json::Value =
                serde_json::from_str(&ok(&keywright(&["inspect", "--json", p(&cert)]))).unwrap();
            assert_eq!(json["certificate"]["serial"], 12);
            assert_eq!(json["certificate"]["principals"][1], "bob");
            assert_eq!(json["certificate"]["signature_valid"], true);
        }
    }
    // Expired: reported, and an error with --verify (exit 1).
    ok(&keywright(&[
        "certify",
        "--ca",
        p(&d.join("ca-ec.p8")),
        "-I",
        "old",
        "-V",
        "20200101:20210101",
        p(&users[0]),
    ]));
    let cert = d.join("u1-cert.pub");
    assert!(ok(&keywright(&["inspect", p(&cert)])).ends_with("Valid now: no\n"));
    let refused = keywright(&["inspect", "--verify", p(&cert)]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("expired"));
    // A certificate whose signature is over other bytes: exit 1 with --verify.
    let line = std::fs::read_to_string(&cert).unwrap();
    let key_id_changed = {
        use base64ct::{Base64, Encoding};
        let mut parts: Vec<&str> = line.split(' ').collect();
        let mut blob = Base64::decode_vec(parts[1]).unwrap();
        let at = blob.windows(7).position(|w| w == b"\0\0\0\x03old").unwrap() + 4;
        blob[at] = b'n';
        let b64 = Base64::encode_string(&blob);
        parts[1] = &b64;
        parts.join(" ")
    };
    std::fs::write(&cert, key_id_changed).unwrap();
    let refused = keywright(&["inspect", "--verify", p(&cert)]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("signature"));
    // A bad validity is a usage error; an sk CA cannot sign.
    let bad = keywright(&[
        "certify",
        "--ca",
        p(&d.join("ca-ec.p8")),
        "-I",
        "x",
        "-V",
        "-1d",
        p(&users[0]),
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

/// `convert --argon2-passes 1025` wrote a PPK that keywright then refused to read: a PPK
/// the default limits would refuse is not written (exit 2, no file).
#[test]
fn convert_never_writes_a_ppk_the_default_limits_refuse() {
    let dir = common::tempdir();
    let key = common::copy_private(dir.path(), "key", "keys/ed25519-a/openssh.key");
    let pass = common::write_private(dir.path(), "pass", b"s3cret phrase\n");
    let out_path = dir.path().join("out.ppk");
    let out = keywright(&[
        "convert",
        "--to",
        "ppk",
        "--new-passphrase-file",
        p(&pass),
        "--argon2-passes",
        "1025",
        "-o",
        p(&out_path),
        p(&key),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(out.stderr.clone()));
    assert!(text(out.stderr).contains("default limits"));
    assert!(!out_path.exists());
}
