//! CLI polish (#18): byte-order marks, format names, exit codes, completions, man page,
//! `inspect` of encrypted files.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

mod support;

use support::{common, keywright, ok, p};

const BOM: &[u8] = b"\xef\xbb\xbf";

/// A UTF-8 byte-order mark before any text format is skipped: the file reads as the same
/// key without it (fingerprint and public line), for OpenSSH private and public keys, PEM
/// (PKCS#1, PKCS#8, SPKI), PPK, RFC 4716 and an authorized_keys file.
#[test]
fn a_byte_order_mark_before_text_is_skipped() {
    let dir = common::tempdir();
    for (id, file) in [
        ("ed25519-a", "openssh.key"),
        ("ed25519-a", "openssh.pub"),
        ("rsa2048-a", "pkcs1.pem"),
        ("ed25519-a", "pkcs8.pem"),
        ("rsa2048-a", "spki.pem"),
        ("rsa2048-a", "pkcs1-public.pem"),
        ("rsa2048-a", "ppk3.ppk"),
        ("ed25519-a", "ppk2.ppk"),
        ("rsa2048-a", "rfc4716.pub"),
        ("rsa2048-a", "rfc4716-crlf.pub"),
    ] {
        let plain = common::vectors().join(format!("keys/{id}/{file}"));
        let mut bytes = BOM.to_vec();
        bytes.extend(common::read(&format!("keys/{id}/{file}")));
        let marked = common::write_private(dir.path(), &format!("{id}-{file}"), &bytes);
        for command in ["fingerprint", "public"] {
            let want = ok(&keywright(&[command, p(&plain)]));
            let got = keywright(&[command, p(&marked)]);
            assert_eq!(ok(&got), want, "{command} {id}/{file}");
        }
    }
    // authorized_keys: the mark before the first line; every key is listed.
    let mut file = BOM.to_vec();
    file.extend(common::read("keys/ed25519-a/openssh.pub"));
    file.extend(common::read("keys/rsa2048-a/openssh.pub"));
    let path = dir.path().join("authorized_keys");
    std::fs::write(&path, &file).unwrap();
    let listed = ok(&keywright(&["authorized-keys", "list", "-f", p(&path)]));
    assert_eq!(listed.lines().count(), 2, "{listed}");
    let fp = ok(&keywright(&[
        "fingerprint",
        p(&common::vectors().join("keys/ed25519-a/openssh.pub")),
    ]));
    assert!(
        listed.contains(fp.split_whitespace().nth(1).unwrap()),
        "{listed}"
    );
    // A mark elsewhere is not skipped: it is not the start of the text.
    let mut twice = BOM.to_vec();
    twice.extend(BOM);
    twice.extend(common::read("keys/ed25519-a/openssh.pub"));
    let path = common::write_private(dir.path(), "twice", &twice);
    assert_eq!(keywright(&["fingerprint", p(&path)]).status.code(), Some(9));
}

/// `--to ppk3 --ppk-version 2` (and `ppk2` with 3) contradict each other: a usage error,
/// no file; `ppk --ppk-version 2` and a matching version still work.
#[test]
fn a_ppk_version_contradicting_the_format_is_a_usage_error() {
    let dir = common::tempdir();
    let key = common::vectors().join("keys/ed25519-a/openssh.key");
    let out = dir.path().join("k.ppk");
    for (to, version) in [("ppk3", "2"), ("ppk2", "3")] {
        let run = keywright(&[
            "convert",
            p(&key),
            "--to",
            to,
            "--ppk-version",
            version,
            "-o",
            p(&out),
        ]);
        assert_eq!(run.status.code(), Some(2), "{to} {version}");
        assert!(String::from_utf8_lossy(&run.stderr).contains("contradicts"));
        assert!(!out.exists());
    }
    for (to, version, header) in [("ppk", "2", "2"), ("ppk3", "3", "3"), ("ppk2", "2", "2")] {
        ok(&keywright(&[
            "convert",
            p(&key),
            "--to",
            to,
            "--ppk-version",
            version,
            "-o",
            p(&out),
            "--force",
        ]));
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(
            text.starts_with(&format!("PuTTY-User-Key-File-{header}:")),
            "{to}"
        );
    }
}

/// `completions SHELL` prints each shell's script (bash's loads in bash and completes every
/// subcommand and the new flags); `man` prints keywright(1) listing every subcommand, and
/// `man NAME` keywright-NAME(1) with its options.
#[test]
fn completions_and_man_pages_are_produced() {
    let subcommands = [
        "generate",
        "passphrase",
        "comment",
        "convert",
        "inspect",
        "completions",
    ];
    let bash = ok(&keywright(&["completions", "bash"]));
    for word in subcommands
        .iter()
        .chain(&["--cipher", "--new-passphrase-file"])
    {
        assert!(bash.contains(word), "bash: {word}");
    }
    if let Some(shell) = common::tool("bash") {
        let dir = common::tempdir();
        let script = dir.path().join("keywright.bash");
        std::fs::write(&script, &bash).unwrap();
        let loaded = common::run(
            &shell,
            &[
                "-c",
                &format!("source {} && complete -p keywright", p(&script)),
            ],
            None,
        );
        assert!(String::from_utf8_lossy(&loaded).contains("keywright"));
    }
    for (shell, start) in [
        ("zsh", "#compdef keywright"),
        ("fish", "complete -c keywright"),
        ("powershell", "using namespace"),
        ("elvish", "use builtin"),
    ] {
        let script = ok(&keywright(&["completions", shell]));
        assert!(script.contains(start), "{shell}: {}", &script[..80]);
        assert!(script.contains("passphrase"), "{shell}");
    }
    assert_eq!(keywright(&["completions", "tcsh"]).status.code(), Some(2));

    let page = ok(&keywright(&["man"]));
    assert!(page.contains(".TH keywright 1"));
    for name in subcommands {
        assert!(page.contains(&format!("keywright\\-{name}(1)")), "{name}");
        let sub = ok(&keywright(&["man", name]));
        assert!(sub.contains(&format!(".TH keywright-{name} 1")), "{sub}");
    }
    let sub = ok(&keywright(&["man", "generate"]));
    assert!(
        sub.contains("\\-\\-cipher") && sub.contains("aes256\\-ctr"),
        "{sub}"
    );
    assert_eq!(keywright(&["man", "nope"]).status.code(), Some(2));
}

/// The top-level fields of `inspect --json`, as the README documents them.
const INSPECT_FIELDS: [&str; 8] = [
    "schema_version",
    "format",
    "private",
    "encrypted",
    "algorithm",
    "bits",
    "comment",
    "fingerprints",
];

fn inspect_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["inspect", "--json"];
    all.extend(args);
    serde_json::from_str(&ok(&keywright(&all))).unwrap()
}

/// `inspect --json` carries `schema_version` 1 and exactly the documented fields; an
/// encrypted file read without a passphrase reports its format and `encrypted: true` with
/// exit 0, whether its public half is in the clear (openssh-key-v1, PPK) or not (PEM).
#[test]
fn inspect_reports_encrypted_files_without_a_passphrase() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    for field in INSPECT_FIELDS {
        assert!(
            readme.contains(&format!("| `{field}` |")),
            "README lacks {field}"
        );
    }
    let vector = |f: &str| p(&common::vectors().join(f)).to_owned();
    let plain = inspect_json(&[&vector("keys/ed25519-a/openssh.pub")]);
    let keys: Vec<&str> = plain
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut want = INSPECT_FIELDS.to_vec();
    want.sort_unstable();
    let mut got = keys.clone();
    got.sort_unstable();
    assert_eq!(got, want);
    assert_eq!(plain["schema_version"], 1);

    for (file, format, clear) in [
        ("keys/rsa2048-a/pkcs8-enc.pem", "pkcs8", false),
        ("keys/rsa2048-a/pkcs1-aes-256-cbc.pem", "pkcs1", false),
        ("keys/rsa2048-a/openssh-enc.key", "openssh", true),
        ("keys/rsa2048-a/ppk3-enc.ppk", "ppk3", true),
    ] {
        let report = inspect_json(&[&vector(file)]);
        assert_eq!(report["schema_version"], 1, "{file}");
        assert_eq!(report["format"], format, "{file}");
        assert_eq!(report["encrypted"], true, "{file}");
        assert_eq!(report["private"], true, "{file}");
        assert_eq!(report["algorithm"].is_string(), clear, "{file}: {report}");
        let text = ok(&keywright(&["inspect", &vector(file)]));
        assert!(text.contains(&format!("format: {format}\n")), "{text}");
        assert!(text.contains("encrypted: true\n"), "{text}");
        // With the passphrase, the whole key.
        let dir = common::tempdir();
        let pass = common::copy_private(dir.path(), "pass", "passphrases/correct.txt");
        let full = inspect_json(&[&vector(file), "--passphrase-file", p(&pass)]);
        assert_eq!(full["algorithm"], "ssh-rsa", "{file}");
        assert_eq!(full["bits"], 2048, "{file}");
    }
}
