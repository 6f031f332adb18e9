//! Everyday editing (#18): `passphrase` and `comment` in place, `-a`/`--cipher`, checked
//! with the reference tools (`ssh-keygen -y`, `puttygen`).
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use base64ct::{Base64, Encoding};
use support::{common, keywright, ok, p};

/// The ciphers `--cipher` takes: every one `ssh-keygen -Z` writes.
const CIPHERS: [&str; 9] = [
    "aes128-ctr",
    "aes192-ctr",
    "aes256-ctr",
    "aes128-cbc",
    "aes192-cbc",
    "aes256-cbc",
    "aes128-gcm@openssh.com",
    "aes256-gcm@openssh.com",
    "chacha20-poly1305@openssh.com",
];

/// The cipher and bcrypt rounds in an `openssh-key-v1` file's clear header.
fn openssh_header(path: &Path) -> (String, Option<u32>) {
    let text = std::fs::read_to_string(path).unwrap();
    let b64: String = text
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .concat();
    let blob = Base64::decode_vec(&b64).unwrap();
    let mut at = b"openssh-key-v1\0".len();
    let mut string = || {
        let len = u32::from_be_bytes(blob[at..at + 4].try_into().unwrap()) as usize;
        let s = blob[at + 4..at + 4 + len].to_vec();
        at += 4 + len;
        s
    };
    let cipher = String::from_utf8(string()).unwrap();
    let kdf = string();
    let options = string();
    let rounds = (kdf == b"bcrypt").then(|| {
        let salt_len = u32::from_be_bytes(options[..4].try_into().unwrap()) as usize;
        u32::from_be_bytes(options[4 + salt_len..8 + salt_len].try_into().unwrap())
    });
    (cipher, rounds)
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn secret(dir: &Path, name: &str, text: &str) -> String {
    p(&common::write_private(dir, name, text.as_bytes())).to_owned()
}

/// `ssh-keygen -y -P PASS -f KEY`: the public line, or `None` when it refuses.
fn ssh_keygen_y(ssh_keygen: &Path, key: &Path, pass: &str) -> Option<String> {
    let out = common::output(ssh_keygen, &["-y", "-P", pass, "-f", p(key)], None);
    out.status
        .success()
        .then(|| String::from_utf8(out.stdout).unwrap())
}

/// generate with every cipher and `-a`, then `passphrase` changes it: ssh-keygen reads the
/// file with the new passphrase only, and the cipher, rounds and mode are kept; then
/// removed (ssh-keygen reads it with an empty passphrase) and added back (aes256-ctr, 16
/// rounds, as ssh-keygen -p writes).
#[test]
fn passphrase_changes_openssh_keys_in_place_as_ssh_keygen_reads_them() {
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    let old = secret(dir.path(), "old", "old words\n");
    let new = secret(dir.path(), "new", "new words\n");
    for (i, cipher) in CIPHERS.into_iter().enumerate() {
        let key = dir.path().join(format!("k{i}"));
        let rounds = (i + 2).to_string();
        ok(&keywright(&[
            "generate",
            "-t",
            "ed25519",
            "-o",
            p(&key),
            "--passphrase-file",
            &old,
            "-a",
            &rounds,
            "--cipher",
            cipher,
        ]));
        assert_eq!(
            openssh_header(&key),
            (cipher.to_owned(), Some(i as u32 + 2))
        );
        let public = ssh_keygen_y(&ssh_keygen, &key, "old words").expect(cipher);
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o400)).unwrap();
        ok(&keywright(&[
            "passphrase",
            p(&key),
            "--passphrase-file",
            &old,
            "--new-passphrase-file",
            &new,
        ]));
        assert_eq!(
            openssh_header(&key),
            (cipher.to_owned(), Some(i as u32 + 2))
        );
        assert_eq!(mode(&key), 0o400, "{cipher}");
        assert_eq!(
            ssh_keygen_y(&ssh_keygen, &key, "new words"),
            Some(public.clone())
        );
        assert_eq!(
            ssh_keygen_y(&ssh_keygen, &key, "old words"),
            None,
            "{cipher}"
        );
        // The old passphrase is refused by keywright too (exit 3), and the file is unchanged.
        let before = std::fs::read(&key).unwrap();
        let again = keywright(&[
            "passphrase",
            p(&key),
            "--passphrase-file",
            &old,
            "--new-passphrase-file",
            &new,
        ]);
        assert_eq!(again.status.code(), Some(3));
        assert_eq!(std::fs::read(&key).unwrap(), before);
    }
    // Removed, then added back with ssh-keygen's defaults; -a/--cipher change them.
    let key = dir.path().join("k8");
    ok(&keywright(&[
        "passphrase",
        p(&key),
        "--passphrase-file",
        &new,
        "--remove",
    ]));
    assert_eq!(openssh_header(&key), ("none".to_owned(), None));
    assert!(ssh_keygen_y(&ssh_keygen, &key, "").is_some());
    ok(&keywright(&[
        "passphrase",
        p(&key),
        "--new-passphrase-file",
        &old,
    ]));
    assert_eq!(openssh_header(&key), ("aes256-ctr".to_owned(), Some(16)));
    ok(&keywright(&[
        "passphrase",
        p(&key),
        "--passphrase-file",
        &old,
        "--new-passphrase-file",
        &new,
        "-a",
        "3",
        "--cipher",
        "aes128-gcm@openssh.com",
    ]));
    assert_eq!(
        openssh_header(&key),
        ("aes128-gcm@openssh.com".to_owned(), Some(3))
    );
    assert!(ssh_keygen_y(&ssh_keygen, &key, "new words").is_some());
    // convert takes them too.
    let converted = dir.path().join("converted");
    ok(&keywright(&[
        "convert",
        p(&key),
        "--passphrase-file",
        &new,
        "--to",
        "openssh",
        "-o",
        p(&converted),
        "--new-passphrase-file",
        &old,
        "-a",
        "5",
        "--cipher",
        "aes192-cbc",
    ]));
    assert_eq!(
        openssh_header(&converted),
        ("aes192-cbc".to_owned(), Some(5))
    );
    assert!(ssh_keygen_y(&ssh_keygen, &converted, "old words").is_some());
}

/// `-a` is bounded (1..=1024, what keywright reads back), `--cipher` takes OpenSSH's names,
/// and both are for openssh-key-v1 only: usage errors (exit 2), no file written.
#[test]
fn rounds_and_ciphers_are_checked() {
    let dir = common::tempdir();
    let pass = secret(dir.path(), "pass", "words\n");
    let out = dir.path().join("k");
    for extra in [
        &["-a", "0"][..],
        &["-a", "1025"],
        &["--cipher", "3des-cbc"],
        &["--cipher", "aes256-ctr", "--format", "pkcs8"],
        &["-a", "20", "--format", "ppk"],
    ] {
        let mut args = vec![
            "generate",
            "-t",
            "ed25519",
            "-o",
            p(&out),
            "--passphrase-file",
        ];
        args.push(&pass);
        args.extend(extra);
        let run = keywright(&args);
        assert_eq!(run.status.code(), Some(2), "{extra:?}");
        assert!(!out.exists(), "{extra:?}");
    }
}

/// PPK files keep their version and Argon2 settings (a new salt) through `passphrase`, and
/// puttygen reads them with the new passphrase only.
#[test]
fn passphrase_keeps_ppk_versions_and_argon2_settings() {
    let Some(puttygen) = common::tool("puttygen") else {
        return;
    };
    let dir = common::tempdir();
    let correct = p(&common::copy_private(
        dir.path(),
        "correct",
        "passphrases/correct.txt",
    ))
    .to_owned();
    let new = secret(dir.path(), "new", "new words\n");
    let new_bare = secret(dir.path(), "new-bare", "new words");
    let old_bare = secret(dir.path(), "old-bare", "correct horse battery staple");
    let original = common::copy_private(dir.path(), "original.ppk", "keys/rsa2048-a/ppk2-enc.ppk");
    let opened = common::output(
        &puttygen,
        &[
            p(&original),
            "--old-passphrase",
            &old_bare,
            "-O",
            "private-openssh",
            "-o",
            p(&dir.path().join("opened")),
        ],
        None,
    );
    assert!(
        opened.status.success(),
        "{}",
        String::from_utf8_lossy(&opened.stderr)
    );
    for vector in [
        "keys/ed25519-a/ppk3-enc-argon2id-p4.ppk",
        "keys/rsa2048-a/ppk3-enc-argon2d.ppk",
        "keys/ed25519-a/ppk3-enc-argon2i.ppk",
        "keys/rsa2048-a/ppk2-enc.ppk",
    ] {
        let key = common::copy_private(dir.path(), "key.ppk", vector);
        let before = std::fs::read_to_string(&key).unwrap();
        ok(&keywright(&[
            "passphrase",
            p(&key),
            "--passphrase-file",
            &correct,
            "--new-passphrase-file",
            &new,
        ]));
        let after = std::fs::read_to_string(&key).unwrap();
        let headers = |text: &str, salt: bool| -> Vec<String> {
            text.lines()
                .filter(|l| {
                    (l.starts_with("PuTTY-User-Key-File")
                        || l.starts_with("Encryption")
                        || l.starts_with("Comment")
                        || l.starts_with("Key-Derivation")
                        || l.starts_with("Argon2"))
                        && (salt || !l.starts_with("Argon2-Salt"))
                })
                .map(str::to_owned)
                .collect()
        };
        assert_eq!(headers(&after, false), headers(&before, false), "{vector}");
        if before.contains("Argon2-Salt") {
            assert_ne!(
                headers(&after, true),
                headers(&before, true),
                "{vector}: new salt"
            );
        }
        // The private key out (public-openssh would need no passphrase).
        let exported = dir.path().join("exported");
        let read = |pass: &str| {
            let _ = std::fs::remove_file(&exported);
            common::output(
                &puttygen,
                &[
                    p(&key),
                    "--old-passphrase",
                    pass,
                    "-O",
                    "private-openssh",
                    "-o",
                    p(&exported),
                ],
                None,
            )
        };
        assert!(read(&new_bare).status.success(), "{vector}");
        // The old passphrase as puttygen reads files (without the newline), which opens
        // the vector itself.
        assert!(!read(&old_bare).status.success(), "{vector}");
    }
    // Asked: v3 to v2, and other Argon2 settings.
    let key = common::copy_private(dir.path(), "v3.ppk", "keys/ed25519-a/ppk3-enc.ppk");
    ok(&keywright(&[
        "passphrase",
        p(&key),
        "--passphrase-file",
        &correct,
        "--new-passphrase-file",
        &new,
        "--argon2-passes",
        "3",
        "--argon2",
        "i",
    ]));
    let text = std::fs::read_to_string(&key).unwrap();
    assert!(text.contains("Argon2-Passes: 3\n") && text.contains("Key-Derivation: Argon2i\n"));
    ok(&keywright(&[
        "passphrase",
        p(&key),
        "--passphrase-file",
        &new,
        "--new-passphrase-file",
        &new,
        "--ppk-version",
        "2",
    ]));
    assert!(
        std::fs::read_to_string(&key)
            .unwrap()
            .starts_with("PuTTY-User-Key-File-2:")
    );
    // PEM that keywright cannot encrypt: a usage error naming the way out.
    let pem = common::copy_private(dir.path(), "pkcs1.pem", "keys/rsa2048-a/pkcs1.pem");
    let out = keywright(&["passphrase", p(&pem), "--new-passphrase-file", &new]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("convert"));
    // PKCS#8 can be: openssl-style PBES2, read back with the new passphrase.
    let pkcs8 = common::copy_private(dir.path(), "p8.pem", "keys/ed25519-a/pkcs8-enc.pem");
    ok(&keywright(&[
        "passphrase",
        p(&pkcs8),
        "--passphrase-file",
        &correct,
        "--new-passphrase-file",
        &new,
    ]));
    assert!(
        std::fs::read_to_string(&pkcs8)
            .unwrap()
            .contains("ENCRYPTED PRIVATE KEY")
    );
    ok(&keywright(&[
        "public",
        p(&pkcs8),
        "--passphrase-file",
        &new,
    ]));
    // OpenSSL's choice of iterations, PRF and cipher is kept (was: reset to keywright's
    // 100 000 x HMAC-SHA-256, AES-256-CBC), as openssl shows and reads it.
    let Some(openssl) = common::tool("openssl") else {
        return;
    };
    let sha1 = common::copy_private(
        dir.path(),
        "sha1.pem",
        "keys/rsa2048-a/pkcs8-enc-aes128-sha1.pem",
    );
    ok(&keywright(&[
        "passphrase",
        p(&sha1),
        "--passphrase-file",
        &correct,
        "--new-passphrase-file",
        &new,
    ]));
    let parsed =
        String::from_utf8(common::run(&openssl, &["asn1parse", "-in", p(&sha1)], None)).unwrap();
    assert!(parsed.contains("INTEGER           :0800"), "{parsed}");
    assert!(parsed.contains(":aes-128-cbc"), "{parsed}");
    assert!(!parsed.contains("hmacWithSHA256"), "{parsed}");
    let pass = format!("file:{new}");
    common::run(
        &openssl,
        &["pkey", "-in", p(&sha1), "-passin", &pass, "-noout"],
        None,
    );
}

/// `comment` changes the comment of openssh-key-v1 (encrypted: kept encrypted, and the
/// `.pub` beside it), PPK, OpenSSH public lines and RFC 4716, as ssh-keygen and puttygen
/// then show it; formats without a comment field are a usage error.
#[test]
fn comment_changes_in_place_as_the_reference_tools_show() {
    let (Some(ssh_keygen), Some(puttygen)) = (common::tool("ssh-keygen"), common::tool("puttygen"))
    else {
        return;
    };
    let dir = common::tempdir();
    let pass = secret(dir.path(), "pass", "words\n");
    let key = dir.path().join("id");
    ok(&keywright(&[
        "generate",
        "-t",
        "ed25519",
        "-o",
        p(&key),
        "--passphrase-file",
        &pass,
        "-a",
        "3",
        "--cipher",
        "aes256-cbc",
    ]));
    ok(&keywright(&[
        "comment",
        p(&key),
        "-C",
        "new comment",
        "--passphrase-file",
        &pass,
    ]));
    assert_eq!(openssh_header(&key), ("aes256-cbc".to_owned(), Some(3)));
    let line = ssh_keygen_y(&ssh_keygen, &key, "words").unwrap();
    assert!(line.ends_with(" new comment\n"), "{line}");
    let pub_file = std::fs::read_to_string(dir.path().join("id.pub")).unwrap();
    assert_eq!(pub_file, line);
    // PPK (the MAC covers the comment: puttygen checks it).
    let ppk = common::copy_private(dir.path(), "k.ppk", "keys/rsa2048-a/ppk3.ppk");
    ok(&keywright(&["comment", p(&ppk), "-C", "putty comment"]));
    let listed = common::run(&puttygen, &[p(&ppk), "-O", "public-openssh"], None);
    assert!(String::from_utf8_lossy(&listed).ends_with(" putty comment\n"));
    // An encrypted PPK: the passphrase is needed (the MAC covers the comment), and the file
    // stays encrypted with its Argon2 settings; puttygen opens it with the same passphrase.
    let enc = common::copy_private(dir.path(), "enc.ppk", "keys/ed25519-a/ppk3-enc-argon2d.ppk");
    let correct = common::copy_private(dir.path(), "correct", "passphrases/correct.txt");
    let bare = secret(dir.path(), "bare", "correct horse battery staple");
    let argon = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("Argon2-") && !l.starts_with("Argon2-Salt"))
            .map(str::to_owned)
            .collect()
    };
    let before = argon(&std::fs::read_to_string(&enc).unwrap());
    ok(&keywright(&[
        "comment",
        p(&enc),
        "-C",
        "enc comment",
        "--passphrase-file",
        p(&correct),
    ]));
    let after = std::fs::read_to_string(&enc).unwrap();
    assert_eq!(argon(&after), before);
    assert!(
        after.contains("Key-Derivation: Argon2d\n") && after.contains("Comment: enc comment\n")
    );
    let exported = dir.path().join("exported");
    common::run(
        &puttygen,
        &[
            p(&enc),
            "--old-passphrase",
            &bare,
            "-O",
            "private-openssh",
            "-o",
            p(&exported),
        ],
        None,
    );
    // Public files.
    let line = common::copy_private(dir.path(), "k.pub", "keys/rsa2048-a/openssh.pub");
    ok(&keywright(&["comment", p(&line), "-C", "line comment"]));
    let listed = common::run(&ssh_keygen, &["-l", "-f", p(&line)], None);
    assert!(String::from_utf8_lossy(&listed).contains(" line comment (RSA)"));
    let rfc = common::copy_private(dir.path(), "k.rfc", "keys/rsa2048-a/rfc4716.pub");
    ok(&keywright(&["comment", p(&rfc), "-C", "rfc comment"]));
    assert!(
        std::fs::read_to_string(&rfc)
            .unwrap()
            .contains("Comment: \"rfc comment\"")
    );
    common::run(&ssh_keygen, &["-i", "-f", p(&rfc)], None);
    // The file's other headers stay, as PuTTYgen keeps them.
    let vector = String::from_utf8(common::read("keys/rsa2048-a/rfc4716.pub")).unwrap();
    let (begin, rest) = vector.split_once('\n').unwrap();
    let with_headers = format!(
        "{begin}\nx-puttygen-origin: \"made by hand\"\nSubject: alice\nComment: \"old\"\n{}",
        rest.lines()
            .filter(|l| !l.starts_with("Comment:"))
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    );
    let headed = dir.path().join("headed.rfc");
    std::fs::write(&headed, &with_headers).unwrap();
    ok(&keywright(&["comment", p(&headed), "-C", "new comment"]));
    let written = std::fs::read_to_string(&headed).unwrap();
    assert!(
        written.contains(
            "Comment: \"new comment\"\nx-puttygen-origin: \"made by hand\"\nSubject: alice\n"
        ),
        "{written}"
    );
    assert!(!written.contains("old"), "{written}");
    common::run(&ssh_keygen, &["-i", "-f", p(&headed)], None);
    // No comment field.
    for vector in ["keys/rsa2048-a/pkcs1.pem", "keys/rsa2048-a/spki.pem"] {
        let path = common::copy_private(dir.path(), "nofield", vector);
        let out = keywright(&["comment", p(&path), "-C", "x"]);
        assert_eq!(out.status.code(), Some(2), "{vector}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("no comment field"));
    }
}

/// A CRLF file stays CRLF through `passphrase` and `comment` (as it was: ssh-keygen 9.2
/// reads neither the vector nor the result); without a new passphrase and no terminal,
/// `passphrase` is a usage error, and without the old one a passphrase error (exit 3); the
/// file is untouched either way.
#[test]
fn line_endings_are_kept_and_missing_passphrases_refused() {
    let dir = common::tempdir();
    let new = secret(dir.path(), "new", "new words\n");
    let key = common::copy_private(dir.path(), "crlf", "keys/rsa2048-a/openssh-crlf.key");
    let public = ok(&keywright(&["public", p(&key)]));
    ok(&keywright(&[
        "passphrase",
        p(&key),
        "--new-passphrase-file",
        &new,
    ]));
    let text = std::fs::read_to_string(&key).unwrap();
    assert!(
        text.ends_with("-----END OPENSSH PRIVATE KEY-----\r\n"),
        "{text}"
    );
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    let read = |extra: &[&str]| {
        let mut args = vec!["public", p(&key)];
        args.extend(extra);
        keywright(&args)
    };
    assert_eq!(ok(&read(&["--passphrase-file", &new])), public);
    let before = std::fs::read(&key).unwrap();
    let no_new = keywright(&["passphrase", p(&key), "--passphrase-file", &new]);
    assert_eq!(no_new.status.code(), Some(2));
    let no_old = keywright(&["passphrase", p(&key), "--remove"]);
    assert_eq!(no_old.status.code(), Some(3));
    let no_old = keywright(&["comment", p(&key), "-C", "x"]);
    assert_eq!(no_old.status.code(), Some(3));
    assert_eq!(std::fs::read(&key).unwrap(), before);
    ok(&keywright(&[
        "comment",
        p(&key),
        "-C",
        "crlf comment",
        "--passphrase-file",
        &new,
    ]));
    let text = std::fs::read_to_string(&key).unwrap();
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    let line = ok(&read(&["--passphrase-file", &new]));
    assert!(line.ends_with(" crlf comment\n"), "{line}");
    // PEM: PKCS#8 with CRLF stays CRLF.
    let pem = common::copy_private(dir.path(), "p8", "keys/ed25519-a/pkcs8-crlf.pem");
    ok(&keywright(&[
        "passphrase",
        p(&pem),
        "--new-passphrase-file",
        &new,
    ]));
    let text = std::fs::read_to_string(&pem).unwrap();
    assert!(
        text.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\r\n"),
        "{text}"
    );
}

/// Keys ssh-keygen encrypted with each cipher (`-Z`, `-a`) get a new passphrase from
/// keywright and keep their cipher and rounds; ssh-keygen reads them with the new one only.
#[test]
fn ssh_keygen_keys_of_every_cipher_change_passphrase() {
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    let old = secret(dir.path(), "old", "old words\n");
    let new = secret(dir.path(), "new", "new words\n");
    for (i, cipher) in CIPHERS.into_iter().enumerate() {
        let key = dir.path().join(format!("z{i}"));
        common::run(
            &ssh_keygen,
            &[
                "-q",
                "-t",
                "ecdsa",
                "-Z",
                cipher,
                "-a",
                "3",
                "-N",
                "old words",
                "-C",
                "z",
                "-f",
                p(&key),
            ],
            None,
        );
        let public = ssh_keygen_y(&ssh_keygen, &key, "old words").unwrap();
        ok(&keywright(&[
            "passphrase",
            p(&key),
            "--passphrase-file",
            &old,
            "--new-passphrase-file",
            &new,
        ]));
        assert_eq!(openssh_header(&key), (cipher.to_owned(), Some(3)));
        assert_eq!(
            ssh_keygen_y(&ssh_keygen, &key, "new words"),
            Some(public),
            "{cipher}"
        );
        assert_eq!(
            ssh_keygen_y(&ssh_keygen, &key, "old words"),
            None,
            "{cipher}"
        );
    }
}
