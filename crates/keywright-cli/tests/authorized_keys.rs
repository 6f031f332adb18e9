//! `keywright authorized-keys list|add|remove`: other lines byte for byte, owner and mode
//! kept, `.ssh` 0700 and the file 0600 when new, the last key kept without `--force`, a
//! crash before the rename leaving the old file whole, and sshd accepting the added key.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used, missing_docs)]

mod support;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Command;

use support::sshd::Setup;
use support::{common, keywright, ok, p};

fn public_line(id: &str) -> String {
    String::from_utf8(common::read(&format!("keys/{id}/openssh.pub")))
        .unwrap()
        .trim_end()
        .to_owned()
}

/// Options, comments, blank lines, a CRLF line, and a last line without a newline.
fn original() -> String {
    format!(
        "# managed by hand\n\
         \n\
         from=\"10.0.0.0/8\",no-pty {}\n\
         {}\r\n\
         \t# indented comment\n\
         command=\"echo \\\"hi, there\\\"\" {} quoted options",
        public_line("rsa2048-a"),
        public_line("ecdsa256-a"),
        public_line("ed25519-a"),
    )
}

#[test]
fn add_and_remove_keep_every_other_line_byte_for_byte() {
    let dir = common::tempdir();
    let file = dir.path().join("authorized_keys");
    std::fs::write(&file, original()).unwrap();
    let new_key = common::vectors().join("keys/rsa3072-a/openssh.pub");
    let out = ok(&keywright(&[
        "authorized-keys",
        "add",
        p(&new_key),
        "-f",
        p(&file),
    ]));
    assert_eq!(out, "added: line 7\n");
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        after,
        format!("{}\n{}\n", original(), public_line("rsa3072-a"))
    );
    // Already there (by blob, whatever the comment): nothing written.
    let again = keywright(&["authorized-keys", "add", p(&new_key), "-f", p(&file)]);
    assert!(again.status.success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), after);
    // With options; from a private key file.
    let private = common::copy_private(dir.path(), "id", "keys/ecdsa384-a/openssh.key");
    ok(&keywright(&[
        "authorized-keys",
        "add",
        "--options",
        "no-agent-forwarding",
        p(&private),
        "-f",
        p(&file),
    ]));
    let with_options = std::fs::read_to_string(&file).unwrap();
    let last = with_options.lines().last().unwrap();
    assert!(
        last.starts_with(&format!(
            "no-agent-forwarding {}",
            public_line("ecdsa384-a")
                .split(' ')
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
        )),
        "{last}"
    );
    // ssh-keygen reads the result: every key listed.
    if let Some(ssh_keygen) = common::tool("ssh-keygen") {
        let listed = common::run(&ssh_keygen, &["-l", "-f", p(&file)], None);
        assert_eq!(String::from_utf8(listed).unwrap().lines().count(), 5);
    }
    let listed = ok(&keywright(&["authorized-keys", "list", "-f", p(&file)]));
    assert!(listed.starts_with("3: 2048 SHA256:"), "{listed}");
    assert!(
        listed.contains("options: from=\"10.0.0.0/8\",no-pty"),
        "{listed}"
    );

    // Remove by key file, by fingerprint, by comment: the rest stays byte for byte.
    ok(&keywright(&[
        "authorized-keys",
        "remove",
        p(&private),
        "-f",
        p(&file),
    ]));
    ok(&keywright(&[
        "authorized-keys",
        "remove",
        p(&new_key),
        "-f",
        p(&file),
    ]));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        format!("{}\n", original())
    );
    let fp = common::key("ecdsa256-a")["fingerprints"]["sha256"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(&keywright(&[
        "authorized-keys",
        "remove",
        &fp,
        "-f",
        p(&file),
    ]));
    let without_crlf_line = original().replace(&format!("{}\r\n", public_line("ecdsa256-a")), "");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        format!("{without_crlf_line}\n")
    );
    ok(&keywright(&[
        "authorized-keys",
        "remove",
        "ed25519-a@keywright-corpus quoted options",
        "-f",
        p(&file),
    ]));
    // Nothing matches: exit 1, file untouched.
    let before = std::fs::read(&file).unwrap();
    let none = keywright(&[
        "authorized-keys",
        "remove",
        "SHA256:nothing",
        "-f",
        p(&file),
    ]);
    assert_eq!(none.status.code(), Some(1));
    assert_eq!(std::fs::read(&file).unwrap(), before);
    // The last key stays unless --force.
    let rsa_comment = public_line("rsa2048-a")
        .splitn(3, ' ')
        .nth(2)
        .unwrap()
        .to_owned();
    let refused = keywright(&["authorized-keys", "remove", &rsa_comment, "-f", p(&file)]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("last key"));
    assert_eq!(std::fs::read(&file).unwrap(), before);
    ok(&keywright(&[
        "authorized-keys",
        "remove",
        "--force",
        &rsa_comment,
        "-f",
        p(&file),
    ]));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "# managed by hand\n\n\t# indented comment\n"
    );
}

#[test]
fn owner_group_and_mode_survive_and_new_files_are_private() {
    let dir = common::tempdir();
    let file = dir.path().join("authorized_keys");
    std::fs::write(&file, format!("{}\n", public_line("rsa2048-a"))).unwrap();
    // A root volume mounted from another instance: ec2-user's uid, not ours (we run as root).
    std::os::unix::fs::chown(&file, Some(1000), Some(1001)).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let key = common::vectors().join("keys/ed25519-a/openssh.pub");
    ok(&keywright(&[
        "authorized-keys",
        "add",
        p(&key),
        "-f",
        p(&file),
    ]));
    let meta = std::fs::metadata(&file).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (1000, 1001));
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
    ok(&keywright(&[
        "authorized-keys",
        "remove",
        p(&key),
        "-f",
        p(&file),
    ]));
    let meta = std::fs::metadata(&file).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (1000, 1001));
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640);

    let fresh = dir.path().join("home/ec2-user/.ssh/authorized_keys");
    ok(&keywright(&[
        "authorized-keys",
        "add",
        p(&key),
        "-f",
        p(&fresh),
    ]));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode(fresh.parent().unwrap()), 0o700);
    assert_eq!(mode(&fresh), 0o600);
}

#[test]
fn a_crash_before_the_rename_leaves_the_old_file_whole() {
    let dir = common::tempdir();
    let file = dir.path().join("authorized_keys");
    let line = format!("{}\n", public_line("rsa4096-a"));
    let big = line.repeat(200); // ~150 KB: over the 64 KiB file-size limit below
    std::fs::write(&file, &big).unwrap();
    let key = common::vectors().join("keys/ed25519-a/openssh.pub");
    // The kernel kills the process (SIGXFSZ) in the middle of writing the temporary file.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -f 64; exec \"{}\" authorized-keys add \"{}\" -f \"{}\"",
            env!("CARGO_BIN_EXE_keywright"),
            p(&key),
            p(&file)
        ))
        .output()
        .unwrap();
    assert!(!out.status.success(), "{out:?}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), big);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [std::ffi::OsString::from("authorized_keys")]);
}

#[test]
fn sshd_accepts_a_key_keywright_added() {
    let Some(setup) = Setup::new() else {
        return;
    };
    let dir = common::tempdir();
    let client = dir.path().join("id_ed25519");
    ok(&keywright(&["generate", "-t", "ed25519", "-o", p(&client)]));
    let file = setup.authorized_keys();
    let public = format!("{}.pub", p(&client));
    ok(&keywright(&[
        "authorized-keys",
        "add",
        &public,
        "-f",
        p(&file),
    ]));
    let server = setup.start();
    let login = server.ssh_login(&client, &[]);
    server.assert_logged_in(&login, "key added by keywright authorized-keys", None);
}
