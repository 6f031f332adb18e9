//! `keywright audit`: the text and JSON reports, exit codes (0, 10, 11), folders, skipped
//! files, standard input and blocklists.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used, missing_docs)]

mod support;

use std::path::Path;

use base64ct::Encoding;
use sha2::Digest;
use support::{common, keywright, keywright_stdin, p};

fn write(dir: &Path, name: &str, vector: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, common::read(vector)).unwrap();
    path
}

fn code(out: &std::process::Output) -> Option<i32> {
    out.status.code()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[test]
fn clean_keys_exit_0_with_nothing_on_standard_output() {
    let dir = common::tempdir();
    write(dir.path(), "a/id_ed25519", "keys/ed25519-a/openssh.key");
    write(dir.path(), "a/id_ed25519.pub", "keys/ed25519-a/openssh.pub");
    write(dir.path(), "b/key.pem", "keys/rsa2048-a/pkcs8.pem");
    write(dir.path(), "b/key.ppk", "keys/ecdsa256-a/ppk3.ppk");
    if let Some(ssh_keygen) = common::tool("ssh-keygen") {
        let key = dir.path().join("c/id_ecdsa");
        std::fs::create_dir_all(key.parent().unwrap()).unwrap();
        common::run(
            &ssh_keygen,
            &["-q", "-t", "ecdsa", "-N", "", "-f", p(&key)],
            None,
        );
    }
    let out = keywright(&["audit", p(dir.path())]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains(" 0 errors, 0 warnings, 0 info; 0 skipped"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn findings_are_one_line_each_with_place_severity_id_fingerprint_reason_and_cve() {
    let dir = common::tempdir();
    let rsa = write(dir.path(), "id_rsa", "keys/rsa1024-a/openssh.key");
    let keys = dir.path().join("authorized_keys");
    let mut text = b"# keys\n\n".to_vec();
    text.extend(common::read("keys/dsa1024-a/openssh.pub"));
    std::fs::write(&keys, text).unwrap();
    let ppk = write(dir.path(), "p521.ppk", "keys/ecdsa521-a/ppk2.ppk");
    let out = keywright(&["audit", p(&rsa), p(&keys), p(&ppk)]);
    assert_eq!(code(&out), Some(10), "{}", stderr(&out));
    let rsa_fp = common::key("rsa1024-a")["fingerprints"]["sha256"]
        .as_str()
        .unwrap()
        .to_owned();
    let dsa_fp = common::key("dsa1024-a")["fingerprints"]["sha256"]
        .as_str()
        .unwrap()
        .to_owned();
    let p521_fp = common::key("ecdsa521-a")["fingerprints"]["sha256"]
        .as_str()
        .unwrap()
        .to_owned();
    let lines: Vec<String> = stdout(&out).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!(
            "{}:3: error dsa {dsa_fp}: 1024-bit DSA key",
            p(&keys)
        )),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with(&format!(
            "{}: warning rsa-size {rsa_fp}: 1024-bit RSA modulus",
            p(&rsa)
        )),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with(&format!(
            "{}: warning ecdsa-p521-putty {p521_fp}: ",
            p(&ppk)
        )),
        "{}",
        lines[2]
    );
    assert!(lines[2].ends_with(" [CVE-2024-31497]"), "{}", lines[2]);
    // Below the policy given on the command line instead.
    let out = keywright(&["audit", "--rsa-warning-below", "1024", p(&rsa)]);
    assert_eq!(code(&out), Some(0), "{}", stdout(&out));
    let out = keywright(&["audit", "--rsa-error-below", "2048", p(&rsa)]);
    assert!(
        stdout(&out).contains(": error rsa-size "),
        "{}",
        stdout(&out)
    );
    let out = keywright(&["audit", "--rsa-error-below", "4096", p(&rsa)]);
    assert_eq!(code(&out), Some(2));
}

#[test]
fn checks_and_skip_select_the_checks_run() {
    let dir = common::tempdir();
    let rsa = write(dir.path(), "id_rsa", "keys/rsa1024-a/openssh.key");
    let keys = dir.path().join("authorized_keys");
    let mut text = common::read("keys/dsa1024-a/openssh.pub");
    text.extend(common::read("keys/rsa1024-a/openssh.pub"));
    std::fs::write(&keys, text).unwrap();
    let ids = |args: &[&str]| -> (Option<i32>, Vec<String>) {
        let mut all = vec!["audit"];
        all.extend_from_slice(args);
        all.extend([p(&rsa), p(&keys)]);
        let out = keywright(&all);
        let ids = stdout(&out)
            .lines()
            .map(|l| l.split(' ').nth(2).unwrap_or_default().to_owned())
            .collect();
        (code(&out), ids)
    };
    let (status, all) = ids(&[]);
    assert_eq!(status, Some(10));
    assert_eq!(
        all,
        ["dsa", "rsa-size", "duplicate", "rsa-size", "duplicate"],
        "every check by default"
    );
    // badkeys' names, as its -c takes them: rsawarnings is rsa-size and the exponent warnings.
    assert_eq!(
        ids(&["--checks", "rsainvalid,rsawarnings,roca"]),
        (Some(10), vec!["rsa-size".to_owned(), "rsa-size".to_owned()])
    );
    assert_eq!(
        ids(&["--checks", "dsa"]),
        (Some(10), vec!["dsa".to_owned()])
    );
    assert_eq!(
        ids(&["--skip", "duplicate,rsa-size"]),
        (Some(10), vec!["dsa".to_owned()])
    );
    // Only info findings left: exit 0.
    assert_eq!(
        ids(&["--checks", "duplicate,dsa", "--skip", "dsa"]).0,
        Some(0)
    );
    let out = keywright(&["audit", "--checks", "roca,nosuchcheck", p(&rsa)]);
    assert_eq!(code(&out), Some(2));
    assert!(stderr(&out).contains("nosuchcheck"), "{}", stderr(&out));
}

#[test]
fn json_report_follows_schema_1() {
    let dir = common::tempdir();
    let rsa = write(dir.path(), "id_rsa.pub", "keys/rsa1024-a/openssh.pub");
    let other = write(
        dir.path(),
        "copy/authorized_keys",
        "keys/rsa1024-a/openssh.pub",
    );
    std::fs::write(dir.path().join("notes.txt"), "hello\n").unwrap();
    let out = keywright(&["audit", "--json", p(dir.path())]);
    assert_eq!(code(&out), Some(10), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["schema"], 1);
    assert_eq!(report["keys"], 2);
    assert_eq!(report["inputs"], 3);
    let findings = report["findings"].as_array().unwrap();
    let summary: Vec<(String, serde_json::Value, String, String)> = findings
        .iter()
        .map(|f| {
            (
                f["source"].as_str().unwrap().to_owned(),
                f["line"].clone(),
                f["id"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let l1 = serde_json::json!(1);
    assert_eq!(
        summary,
        [
            (
                p(&other).to_owned(),
                l1.clone(),
                "rsa-size".into(),
                "warning".into()
            ),
            (
                p(&other).to_owned(),
                l1.clone(),
                "duplicate".into(),
                "info".into()
            ),
            (
                p(&rsa).to_owned(),
                l1.clone(),
                "rsa-size".into(),
                "warning".into()
            ),
            (p(&rsa).to_owned(), l1, "duplicate".into(), "info".into()),
        ]
    );
    let size = &findings[0];
    assert_eq!(size["badkeys"], "rsawarnings");
    assert_eq!(size["cve"], serde_json::Value::Null);
    assert_eq!(
        size["fingerprint"],
        common::key("rsa1024-a")["fingerprints"]["sha256"]
    );
    let skipped = report["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1);
    assert!(
        skipped[0]["source"]
            .as_str()
            .unwrap()
            .ends_with("notes.txt")
    );
    assert_eq!(skipped[0]["line"], serde_json::Value::Null);
}

#[test]
fn standard_input_and_skipped_files_are_never_fatal() {
    let dir = common::tempdir();
    std::fs::write(dir.path().join("config"), "Host *\n  User me\n").unwrap();
    let missing = dir.path().join("missing");
    let out = keywright_stdin(
        &["audit", "-", p(dir.path()), p(&missing)],
        &common::read("keys/ed25519-a/openssh.pub"),
    );
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "warning: skipped {}/config: not a key file",
            p(dir.path())
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("warning: skipped {}: cannot read", p(&missing))),
        "{err}"
    );
    assert!(err.contains("audited 1 key in 2 inputs"), "{err}");
    let out = keywright_stdin(&["audit", "-"], &common::read("keys/dsa1024-a/openssh.pub"));
    assert_eq!(code(&out), Some(10));
    assert!(
        stdout(&out).starts_with("-:1: error dsa "),
        "{}",
        stdout(&out)
    );
}

#[test]
fn max_file_bytes_sets_the_size_over_which_files_are_skipped() {
    let dir = common::tempdir();
    let key = write(dir.path(), "dsa.pub", "keys/dsa1024-a/openssh.pub");
    let size = std::fs::metadata(&key).unwrap().len();
    let small = (size - 1).to_string();
    let out = keywright(&["audit", "--max-file-bytes", &small, p(&key)]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("skipped {}: larger than {small} bytes", p(&key))),
        "{}",
        stderr(&out)
    );
    let exact = size.to_string();
    let out = keywright(&["audit", "--max-file-bytes", &exact, p(&key)]);
    assert_eq!(code(&out), Some(10), "{}", stderr(&out));
    let out = keywright(&["audit", "--max-file-bytes", "0", p(&key)]);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    // Standard input has the same bound; over it the audit cannot run.
    let text = std::fs::read(&key).unwrap();
    let out = keywright_stdin(&["audit", "--max-file-bytes", &small, "-"], &text);
    assert_eq!(code(&out), Some(11), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("input size is more than {small} bytes")),
        "{}",
        stderr(&out)
    );
    let out = keywright_stdin(&["audit", "--max-file-bytes", &exact, "-"], &text);
    assert_eq!(code(&out), Some(10), "{}", stderr(&out));
}

#[test]
fn file_names_are_escaped_in_the_text_report() {
    let dir = common::tempdir();
    let evil = write(
        dir.path(),
        "evil\x1b[2J\nerror: forged.pub",
        "keys/dsa1024-a/openssh.pub",
    );
    let out = keywright(&["audit", p(&evil)]);
    assert_eq!(code(&out), Some(10));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.contains("evil\\033[2J\\012error: forged.pub:1: error dsa"),
        "{text}"
    );
}

/// The badkeys record of the rsa2048-a vector's modulus.
fn rsa2048_record(id: u8) -> Vec<u8> {
    let line = common::key("rsa2048-a")["public_blob_base64"]
        .as_str()
        .unwrap()
        .to_owned();
    let blob = base64ct::Base64::decode_vec(&line).unwrap();
    let mut at = 4 + 7;
    let e_len = u32::from_be_bytes(blob[at..at + 4].try_into().unwrap()) as usize;
    at += 4 + e_len + 4;
    let n: Vec<u8> = blob[at..].iter().copied().skip_while(|b| *b == 0).collect();
    let mut record = sha2::Sha256::digest(&n)[..15].to_vec();
    record.push(id);
    record
}

#[test]
fn blocklists_match_and_bad_lists_exit_11() {
    let dir = common::tempdir();
    let lists = dir.path().join("badkeys");
    std::fs::create_dir(&lists).unwrap();
    let mut records = vec![rsa2048_record(4), vec![0u8; 16], vec![0xff; 16]];
    records.sort();
    std::fs::write(lists.join("blocklist.dat"), records.concat()).unwrap();
    std::fs::write(
        lists.join("badkeysdata.json"),
        r#"{"bkformat": 0, "blocklists": [{"id": 4, "name": "keypair"}]}"#,
    )
    .unwrap();
    let key = write(dir.path(), "keys/id_rsa.pub", "keys/rsa2048-a/openssh.pub");
    let out = keywright(&["audit", "--blocklist", p(&lists), p(&key)]);
    assert_eq!(code(&out), Some(10), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(": error blocklist "),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("keypair"), "{}", stdout(&out));
    // Without the list the key is clean.
    assert_eq!(code(&keywright(&["audit", p(&key)])), Some(0));

    let mut unsorted = records.clone();
    unsorted.reverse();
    std::fs::write(lists.join("blocklist.dat"), unsorted.concat()).unwrap();
    let out = keywright(&["audit", "--blocklist", p(&lists), p(&key)]);
    assert_eq!(code(&out), Some(11));
    let err = stderr(&out);
    assert!(
        err.contains("blocklist.dat") && err.contains("at byte 16"),
        "{err}"
    );
    std::fs::write(lists.join("blocklist.dat"), [0u8; 20]).unwrap();
    let out = keywright(&["audit", "--blocklist", p(&lists), p(&key)]);
    assert_eq!(code(&out), Some(11));
    let out = keywright(&["audit", "--blocklist", p(&dir.path().join("none")), p(&key)]);
    assert_eq!(code(&out), Some(11));
    assert_eq!(stdout(&out), "");
}

#[test]
fn certificates_are_audited_through_their_key() {
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    let ca = dir.path().join("ca");
    let user = dir.path().join("user");
    common::run(
        &ssh_keygen,
        &["-q", "-t", "ed25519", "-N", "", "-f", p(&ca)],
        None,
    );
    common::run(
        &ssh_keygen,
        &["-q", "-t", "rsa", "-b", "1024", "-N", "", "-f", p(&user)],
        None,
    );
    let user_pub = dir.path().join("user.pub");
    common::run(
        &ssh_keygen,
        &["-q", "-s", p(&ca), "-I", "id", p(&user_pub)],
        None,
    );
    let cert = dir.path().join("user-cert.pub");
    let out = keywright(&["audit", p(&cert)]);
    assert_eq!(code(&out), Some(10), "{}", stderr(&out));
    let fp =
        String::from_utf8(common::run(&ssh_keygen, &["-l", "-f", p(&user_pub)], None)).unwrap();
    let fp = fp.split_whitespace().nth(1).unwrap().to_owned();
    assert_eq!(
        stdout(&out),
        format!(
            "{}:1: warning rsa-size {fp}: 1024-bit RSA modulus, below the 2048 bits policy recommends\n",
            p(&cert)
        )
    );
}
