//! SSH signatures (SSHSIG) and `allowed_signers` against the real `ssh-keygen -Y`.
//! With `KEYWRIGHT_REQUIRE_INTEROP=1` a missing `ssh-keygen` fails these tests.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use keywright::allowed_signers::AllowedSigners;
use keywright::sshsig::{self, SigHash, Signature};
use keywright::{Algorithm, Error, ErrorKind, Format, LineEnding, PrivateKey};

const MESSAGE: &[u8] =
    b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor a <a@x> 0 +0000\n\nhello\n";

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every key type SSHSIG is used with, each written where ssh-keygen can read it.
fn keys(dir: &Path) -> Vec<(PrivateKey, PathBuf)> {
    common::sample_keys()
        .iter()
        .filter(|k| k.algorithm() != Algorithm::Dsa)
        .map(|k| {
            let name = format!("{}-{}", k.algorithm().key_type(), k.bits());
            let text = k.to_openssh(None).unwrap();
            let path = common::write_private(dir, &name, text.as_bytes());
            std::fs::write(
                dir.join(format!("{name}.pub")),
                k.public_key().to_openssh() + "\n",
            )
            .unwrap();
            (k.clone(), path)
        })
        .collect()
}

fn ssh_sign(ssh_keygen: &Path, key: &Path, namespace: &str, hash: SigHash, msg: &Path) -> Vec<u8> {
    let _ = std::fs::remove_file(format!("{}.sig", msg.display()));
    common::run(
        ssh_keygen,
        &[
            "-Y",
            "sign",
            "-n",
            namespace,
            "-f",
            s(key),
            "-O",
            &format!("hashalg={hash}"),
            s(msg),
        ],
        None,
    );
    std::fs::read(format!("{}.sig", msg.display())).unwrap()
}

#[allow(
    clippy::too_many_arguments,
    reason = "one call per case, every field named"
)]
/// `ssh-keygen -Y verify` with a one-line allowed_signers for `principal`; true when Good.
fn ssh_verify(
    ssh_keygen: &Path,
    dir: &Path,
    signers: &str,
    principal: &str,
    namespace: &str,
    sig: &[u8],
    msg: &[u8],
    time: Option<&str>,
) -> bool {
    let allowed = dir.join("allowed_signers");
    std::fs::write(&allowed, signers).unwrap();
    let sig_path = dir.join("check.sig");
    std::fs::write(&sig_path, sig).unwrap();
    let opt = time.map(|t| format!("verify-time={t}"));
    let mut args = vec![
        "-Y",
        "verify",
        "-n",
        namespace,
        "-f",
        s(&allowed),
        "-I",
        principal,
        "-s",
        s(&sig_path),
    ];
    if let Some(o) = &opt {
        args.extend(["-O", o]);
    }
    let out = common::output(ssh_keygen, &args, Some(msg));
    let good = String::from_utf8_lossy(&out.stdout).starts_with("Good");
    assert_eq!(good, out.status.success());
    good
}

#[test]
fn keywright_verifies_what_ssh_keygen_signs() {
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    let msg = dir.path().join("msg");
    std::fs::write(&msg, MESSAGE).unwrap();
    for (key, path) in keys(dir.path()) {
        for hash in [SigHash::Sha256, SigHash::Sha512] {
            let armour = ssh_sign(&ssh_keygen, &path, "file", hash, &msg);
            let sig = Signature::from_pem(&armour).unwrap();
            assert_eq!(sig.hash(), hash);
            assert_eq!(sig.namespace(), "file");
            let public = key.public_key();
            sig.verify("file", MESSAGE, &public).unwrap();
            assert_eq!(sig.signer().unwrap(), public);
            if key.algorithm() == Algorithm::Rsa {
                assert_eq!(sig.algorithm_name(), "rsa-sha2-512");
            }
            // Streamed in odd pieces: the same digest.
            let mut h = sig.hasher();
            for chunk in MESSAGE.chunks(7) {
                h.update(chunk);
            }
            sig.verify_digest("file", &h.finish(), &public).unwrap();
            // Namespace, message and key are all covered.
            let e = sig.verify("git", MESSAGE, &public).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Signature, "{e}");
            let e = sig.verify("file", b"hello\n", &public).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Signature, "{e}");
            let other = &common::sample_keys()[if key.algorithm() == Algorithm::Ed25519 {
                1
            } else {
                0
            }];
            let e = sig
                .verify("file", MESSAGE, &other.public_key())
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Signature, "{e}");
            // The blob round-trips, and our armour equals ssh-keygen's.
            assert_eq!(sig.to_pem(LineEnding::Lf).as_bytes(), armour.as_slice());
            assert_eq!(Signature::from_blob(&sig.to_blob()).unwrap(), sig);
        }
    }
}

#[test]
fn ssh_keygen_verifies_what_keywright_signs() {
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    let msg = dir.path().join("msg");
    std::fs::write(&msg, MESSAGE).unwrap();
    for (key, path) in keys(dir.path()) {
        let line = format!("someone@example {}\n", key.public_key().to_openssh());
        for hash in [SigHash::Sha256, SigHash::Sha512] {
            let sig = sshsig::sign(&key, "file", MESSAGE, hash).unwrap();
            let ours = sig.to_pem(LineEnding::Lf);
            assert!(ssh_verify(
                &ssh_keygen,
                dir.path(),
                &line,
                "someone@example",
                "file",
                ours.as_bytes(),
                MESSAGE,
                None
            ));
            assert!(!ssh_verify(
                &ssh_keygen,
                dir.path(),
                &line,
                "someone@example",
                "file",
                ours.as_bytes(),
                b"tampered",
                None
            ));
            if key.algorithm() == Algorithm::Ed25519 {
                // Deterministic: byte for byte what ssh-keygen writes.
                let theirs = ssh_sign(&ssh_keygen, &path, "file", hash, &msg);
                assert_eq!(ours.as_bytes(), theirs.as_slice());
            }
            if key.algorithm() == Algorithm::Rsa {
                assert_eq!(sig.algorithm_name(), "rsa-sha2-512");
            }
        }
    }
}

#[test]
#[cfg(feature = "dsa")]
fn dsa_and_empty_namespace_are_refused() {
    let keys = common::sample_keys();
    let dsa = keys
        .iter()
        .find(|k| k.algorithm() == Algorithm::Dsa)
        .unwrap();
    let e = sshsig::sign(dsa, "file", b"x", SigHash::Sha512).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported);
    let e = sshsig::sign(&keys[0], "", b"x", SigHash::Sha512).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument);
}

fn blob() -> Vec<u8> {
    let key = &common::sample_keys()[0];
    sshsig::sign(key, "file", b"x", SigHash::Sha512)
        .unwrap()
        .to_blob()
}

fn parse_err(bytes: &[u8]) -> Error {
    let e = Signature::decode(bytes).unwrap_err();
    assert!(
        matches!(
            e.kind(),
            ErrorKind::Parse | ErrorKind::Unsupported | ErrorKind::LimitExceeded
        ),
        "{e}"
    );
    e
}

#[test]
fn malformed_signatures_give_typed_errors() {
    let good = blob();
    Signature::from_blob(&good).unwrap();
    // Wrong magic.
    let mut bad = good.clone();
    bad[0] = b'X';
    assert!(matches!(
        parse_err(&bad),
        Error::Parse {
            offset: Some(0),
            ..
        }
    ));
    // Version 2.
    let mut bad = good.clone();
    bad[9] = 2;
    assert!(matches!(parse_err(&bad), Error::Unsupported { .. }));
    // Truncated at every length.
    for n in 0..good.len() {
        let e = Signature::from_blob(good.get(..n).unwrap()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Parse, "{n}: {e}");
    }
    // Trailing bytes.
    let mut bad = good.clone();
    bad.push(0);
    let e = parse_err(&bad);
    assert!(e.to_string().contains("trailing"), "{e}");
    // A huge length prefix (the public key's) is refused without allocating it.
    let mut bad = good.clone();
    bad[10..14].copy_from_slice(&u32::MAX.to_be_bytes());
    parse_err(&bad);
    // Too big overall.
    let e = Signature::decode(&vec![b'S'; sshsig::MAX_SIGNATURE_BYTES + 1]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded);
    // Unknown hash name.
    let text = String::from_utf8_lossy(&good).into_owned();
    let bad = text.replace("sha512", "sha384").into_bytes();
    parse_err(&bad);
    // Armour: missing end, bad base64, text after the end.
    let key = &common::sample_keys()[0];
    let pem = sshsig::sign(key, "file", b"x", SigHash::Sha512)
        .unwrap()
        .to_pem(LineEnding::Lf);
    parse_err(pem.replace("-----END SSH SIGNATURE-----", "").as_bytes());
    parse_err(pem.replacen("U1NIU0lH", "U1N!U0lH", 1).as_bytes());
    parse_err(format!("{pem}trailer").as_bytes());
    parse_err(b"-----BEGIN PGP SIGNATURE-----\n");
    // CRLF armour reads.
    Signature::from_pem(pem.replace('\n', "\r\n").as_bytes()).unwrap();
    let _ = Format::OpenSsh;
}

// ---- allowed_signers ----

struct Case {
    line: String,
    principal: &'static str,
    namespace: &'static str,
    time: Option<&'static str>,
}

#[test]
fn allowed_signers_agree_with_ssh_keygen() {
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    let key = &common::sample_keys()[0];
    let other = &common::sample_keys()[1];
    let k = key.public_key().to_openssh();
    let o = other.public_key().to_openssh();
    let sig = sshsig::sign(key, "git", MESSAGE, SigHash::Sha512).unwrap();
    let armour = sig.to_pem(LineEnding::Lf);
    let cases = [
        // (allowed_signers, principal, namespace, verify-time)
        (format!("a@x {k}\n"), "a@x", "git", None),
        (format!("b@x {k}\n"), "a@x", "git", None),
        (format!("*@x {k}\n"), "a@x", "git", None),
        (format!("a?x,c@y {k}\n"), "a@x", "git", None),
        (format!("*,!a@x {k}\n"), "a@x", "git", None),
        (format!("a@x {o}\n"), "a@x", "git", None),
        (
            format!("# comment\n\n  a@x {o}\na@x {k} trailing comment\n"),
            "a@x",
            "git",
            None,
        ),
        (format!("\"a@x\" {k}\n"), "a@x", "git", None),
        (format!("a@x namespaces=\"git\" {k}\n"), "a@x", "git", None),
        (
            format!("a@x namespaces=\"file,g*\" {k}\n"),
            "a@x",
            "git",
            None,
        ),
        (format!("a@x namespaces=\"file\" {k}\n"), "a@x", "git", None),
        (
            format!("a@x namespaces=\"file\" {k}\na@x {k}\n"),
            "a@x",
            "git",
            None,
        ),
        (
            format!("a@x valid-before=\"20200101Z\" {k}\n"),
            "a@x",
            "git",
            None,
        ),
        (
            format!("a@x valid-before=\"20200101Z\" {k}\n"),
            "a@x",
            "git",
            Some("20191231Z"),
        ),
        (
            format!("a@x valid-after=\"20200101Z\" {k}\n"),
            "a@x",
            "git",
            Some("20191231Z"),
        ),
        (
            format!("a@x valid-after=\"20200101Z\" {k}\n"),
            "a@x",
            "git",
            Some("20200101Z"),
        ),
        (
            format!("a@x VALID-AFTER=\"20200101\",namespaces=\"git\" {k}\n"),
            "a@x",
            "git",
            Some("20210101Z"),
        ),
        (
            format!("a@x valid-after=\"20200101120000Z\",valid-before=\"202001011300Z\" {k}\n"),
            "a@x",
            "git",
            Some("20200101123000Z"),
        ),
        (
            format!("a@x valid-after=\"20200101120000Z\",valid-before=\"202001011300Z\" {k}\n"),
            "a@x",
            "git",
            Some("20200101130001Z"),
        ),
        (format!("a@x cert-authority {k}\n"), "a@x", "git", None),
    ];
    for (line, principal, namespace, time) in cases {
        let case = Case {
            line,
            principal,
            namespace,
            time,
        };
        let theirs = ssh_verify(
            &ssh_keygen,
            dir.path(),
            &case.line,
            case.principal,
            case.namespace,
            armour.as_bytes(),
            MESSAGE,
            case.time,
        );
        let signers = AllowedSigners::parse(case.line.as_bytes()).unwrap();
        let at = case
            .time
            .map_or_else(now, |t| keywright::allowed_signers::parse_time(t).unwrap());
        let ours = signers.verify(&sig, case.namespace, MESSAGE, case.principal, at);
        assert_eq!(ours.is_ok(), theirs, "{:?}: {ours:?}", case.line);
        if let Err(e) = ours {
            assert_eq!(e.kind(), ErrorKind::Signature);
        }
        // find-principals (no namespace check).
        let found = signers.find_principals(&sig, at);
        let theirs = ssh_find(
            &ssh_keygen,
            dir.path(),
            &case.line,
            armour.as_bytes(),
            case.time,
        );
        assert_eq!(found, theirs, "{:?}", case.line);
    }
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn ssh_find(
    ssh_keygen: &Path,
    dir: &Path,
    signers: &str,
    sig: &[u8],
    time: Option<&str>,
) -> Vec<String> {
    let allowed = dir.join("allowed_signers");
    std::fs::write(&allowed, signers).unwrap();
    let sig_path = dir.join("find.sig");
    std::fs::write(&sig_path, sig).unwrap();
    let opt = time.map(|t| format!("verify-time={t}"));
    let mut args = vec![
        "-Y",
        "find-principals",
        "-f",
        s(&allowed),
        "-s",
        s(&sig_path),
    ];
    if let Some(o) = &opt {
        args.extend(["-O", o]);
    }
    let out = common::output(ssh_keygen, &args, None);
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn malformed_allowed_signers_lines_name_their_offset() {
    let k = common::sample_keys()[0].public_key().to_openssh();
    let cases = [
        ("a@x\n".to_string(), 3),
        (format!("a@x foo=\"bar\" {k}\n"), 4),
        (format!("# ok\na@x namespaces=git {k}\n"), 9),
        (format!("a@x namespaces=\"git {k}\n"), 4),
        (format!("a@x valid-after=\"2020\" {k}\n"), 4),
        (
            format!("a@x valid-after=\"20200101\",valid-after=\"20200102\" {k}\n"),
            27,
        ),
        (
            format!("a@x valid-after=\"20200102\",valid-before=\"20200101\" {k}\n"),
            0,
        ),
        (format!("\"a@x {k}\n"), 0),
        ("a@x cert-authority,\n".to_string(), 19),
        ("a@x ssh-ed25519 AAAA!!\n".to_string(), 4),
    ];
    for (text, offset) in cases {
        let e = AllowedSigners::parse(text.as_bytes()).unwrap_err();
        match e {
            Error::Parse {
                format: keywright::Format::AllowedSigners,
                offset: Some(o),
                ..
            } => {
                assert_eq!(o, offset, "{text:?}: {e}");
            }
            e => panic!("{text:?}: {e:?}"),
        }
    }
    // A line that is not UTF-8: the offset of the first bad byte.
    let mut bytes = format!("ok@x {k}\n").into_bytes();
    let at = bytes.len() + 2;
    bytes.extend_from_slice(b"ab\xff ");
    bytes.extend_from_slice(k.as_bytes());
    match AllowedSigners::parse(&bytes).unwrap_err() {
        Error::Parse {
            offset: Some(o), ..
        } => assert_eq!(o, at),
        e => panic!("{e:?}"),
    }
    // Quoted principals with a space, comments and blank lines parse.
    let ok = AllowedSigners::parse(
        format!("# c\n\n\"a b,c\" namespaces=\"x\\\"y\" {k} note\r\n").as_bytes(),
    )
    .unwrap();
    let e = &ok.entries()[0];
    assert_eq!(e.principals(), "a b,c");
    assert_eq!(e.namespaces(), Some("x\"y"));
    assert_eq!(e.comment(), "note");
    assert_eq!(e.line(), 3);
    assert_eq!(e.offset(), 5);
}

/// Signatures made with a user certificate, checked against `cert-authority` lines, agree
/// with `ssh-keygen -Y verify` and `find-principals` (principal listed or not in the
/// certificate and the line, certificate expired, CA key on a line without the option).
#[test]
fn certificate_signers_agree_with_ssh_keygen() {
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    let d = dir.path();
    let make = |name: &str| {
        let path = d.join(name);
        common::run(
            &ssh_keygen,
            &["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", s(&path)],
            None,
        );
        std::fs::read_to_string(format!("{}.pub", path.display()))
            .unwrap()
            .trim()
            .to_owned()
    };
    let ca = make("ca");
    let user = make("user");
    let msg = d.join("msg");
    std::fs::write(&msg, MESSAGE).unwrap();
    let mut sigs = Vec::new();
    for (validity, signer) in [("20200101:20300101", "user"), ("20200101:20210101", "user")] {
        let _ = std::fs::remove_file(d.join("user-cert.pub"));
        common::run(
            &ssh_keygen,
            &[
                "-q",
                "-s",
                s(&d.join("ca")),
                "-I",
                "ident",
                "-n",
                "a@x,b@y",
                "-V",
                validity,
                s(&d.join("user.pub")),
            ],
            None,
        );
        let armour = ssh_sign(
            &ssh_keygen,
            &d.join(format!("{signer}-cert.pub")),
            "git",
            SigHash::Sha512,
            &msg,
        );
        let sig = Signature::from_pem(&armour).unwrap();
        assert!(sig.signer_description().0.ends_with("-CERT"));
        sigs.push((armour, sig));
    }
    let lines = [
        format!("*@x,b@y cert-authority {ca}\n"),
        format!("a@x cert-authority {ca}\n"),
        format!("c@x,b@y cert-authority {ca}\n"),
        format!("a@x {ca}\n"),
        format!("a@x cert-authority {user}\n"),
        format!("a@x {user}\n"),
        format!("a@x cert-authority,namespaces=\"file\" {ca}\n"),
    ];
    for (armour, sig) in &sigs {
        for line in &lines {
            let signers = AllowedSigners::parse(line.as_bytes()).unwrap();
            for principal in ["a@x", "b@y", "c@x"] {
                let theirs = ssh_verify(
                    &ssh_keygen,
                    d,
                    line,
                    principal,
                    "git",
                    armour,
                    MESSAGE,
                    None,
                );
                let ours = signers.verify(sig, "git", MESSAGE, principal, now());
                assert_eq!(ours.is_ok(), theirs, "{line:?} {principal}: {ours:?}");
            }
            let theirs = ssh_find(&ssh_keygen, d, line, armour, None);
            assert_eq!(signers.find_principals(sig, now()), theirs, "{line:?}");
        }
    }
}

#[test]
fn verify_many_gives_one_result_per_pair_in_order() {
    let key = &common::sample_keys()[0];
    let public = key.public_key();
    let messages: Vec<Vec<u8>> = (0..300)
        .map(|i| format!("message {i}").into_bytes())
        .collect();
    let mut sigs: Vec<Vec<u8>> = messages
        .iter()
        .map(|m| {
            sshsig::sign(key, "file", m, SigHash::Sha512)
                .unwrap()
                .to_pem(LineEnding::Lf)
                .into_bytes()
        })
        .collect();
    sigs[7] = b"not a signature".to_vec();
    sigs[200] = sigs[201].clone();
    let items: Vec<(&[u8], &[u8])> = sigs
        .iter()
        .zip(&messages)
        .map(|(s, m)| (s.as_slice(), m.as_slice()))
        .collect();
    let results = sshsig::verify_many(&public, "file", &items);
    assert_eq!(results.len(), 300);
    for (i, r) in results.iter().enumerate() {
        match i {
            7 => assert_eq!(r.as_ref().unwrap_err().kind(), ErrorKind::Parse),
            200 => assert_eq!(r.as_ref().unwrap_err().kind(), ErrorKind::Signature),
            _ => assert!(r.is_ok(), "{i}: {r:?}"),
        }
    }
    assert!(
        sshsig::verify_many(&public, "git", &items)
            .iter()
            .all(Result::is_err)
    );
}

/// A security-key (sk-ssh-ed25519) signature, made here as an authenticator would (flags and
/// counter wrapped into what Ed25519 signs), verifies with keywright and `ssh-keygen -Y
/// verify` alike; changed flags, counter or message fail with both.
#[test]
fn security_key_signatures_agree_with_ssh_keygen() {
    use base64ct::{Base64, Encoding};
    use ed25519_dalek::Signer;
    use sha2::{Digest, Sha256, Sha512};
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    fn string(out: &mut Vec<u8>, b: &[u8]) {
        out.extend_from_slice(&u32::try_from(b.len()).unwrap().to_be_bytes());
        out.extend_from_slice(b);
    }
    const ALG: &[u8] = b"sk-ssh-ed25519@openssh.com";
    let app = b"ssh:";
    let signing = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
    let mut pubkey = Vec::new();
    string(&mut pubkey, ALG);
    string(&mut pubkey, signing.verifying_key().as_bytes());
    string(&mut pubkey, app);
    let make = |message: &[u8], flags: u8, counter: u32, tamper: bool| -> String {
        let mut inner = b"SSHSIG".to_vec();
        string(&mut inner, b"file");
        string(&mut inner, b"");
        string(&mut inner, b"sha512");
        string(&mut inner, &Sha512::digest(message));
        let mut signed = Sha256::digest(app).to_vec();
        signed.push(flags);
        signed.extend_from_slice(&counter.to_be_bytes());
        signed.extend_from_slice(&Sha256::digest(&inner));
        let sig = signing.sign(&signed);
        let mut sigblob = Vec::new();
        string(&mut sigblob, ALG);
        string(&mut sigblob, &sig.to_bytes());
        sigblob.push(if tamper { flags ^ 4 } else { flags });
        sigblob.extend_from_slice(&counter.to_be_bytes());
        let mut blob = b"SSHSIG".to_vec();
        blob.extend_from_slice(&1u32.to_be_bytes());
        string(&mut blob, &pubkey);
        string(&mut blob, b"file");
        string(&mut blob, b"");
        string(&mut blob, b"sha512");
        string(&mut blob, &sigblob);
        let b64 = Base64::encode_string(&blob);
        let lines: Vec<&str> = b64
            .as_bytes()
            .chunks(70)
            .map(|c| core::str::from_utf8(c).unwrap())
            .collect();
        format!(
            "-----BEGIN SSH SIGNATURE-----\n{}\n-----END SSH SIGNATURE-----\n",
            lines.join("\n")
        )
    };
    let line = format!(
        "a@x sk-ssh-ed25519@openssh.com {}\n",
        Base64::encode_string(&pubkey)
    );
    let signers = AllowedSigners::parse(line.as_bytes()).unwrap();
    let dir = common::tempdir();
    for (flags, counter, tamper, message) in [
        (1u8, 42u32, false, MESSAGE),
        (5, 0, false, MESSAGE),
        (1, 42, true, MESSAGE),
        (1, 42, false, b"other".as_slice()),
    ] {
        let armour = make(MESSAGE, flags, counter, tamper);
        let sig = Signature::from_pem(armour.as_bytes()).unwrap();
        assert_eq!(sig.signer_description().0, "ED25519-SK");
        let ours = signers.verify(&sig, "file", message, "a@x", now());
        let theirs = ssh_verify(
            &ssh_keygen,
            dir.path(),
            &line,
            "a@x",
            "file",
            armour.as_bytes(),
            message,
            None,
        );
        assert_eq!(
            ours.is_ok(),
            theirs,
            "flags {flags} counter {counter} tamper {tamper}: {ours:?}"
        );
        assert_eq!(theirs, !tamper && message == MESSAGE);
        if let Ok(key) = sig.signer() {
            assert_eq!(sig.verify("file", message, &key).is_ok(), theirs);
        }
    }
}

/// A message streamed through `Hasher::update_from` (in reads of any size, across the
/// 256 KiB buffer) has the digest of the whole message, and a signature over it verifies.
#[test]
fn streamed_messages_hash_as_whole_ones() {
    let key = common::ed25519_with_seed([7; 32]);
    let message: Vec<u8> = (0..(600u32 << 10)).map(|i| (i % 251) as u8).collect();
    for hash in [SigHash::Sha256, SigHash::Sha512] {
        let mut hasher = hash.hasher();
        // A reader that hands out odd-sized pieces, as pipes do.
        let reader = std::io::Read::chain(&message[..1000], &message[1000..]);
        assert_eq!(hasher.update_from(reader).unwrap(), message.len() as u64);
        let streamed = hasher.finish();
        assert_eq!(streamed, hash.digest(&message));
        let sig = sshsig::sign_digest(&key, "file", &streamed).unwrap();
        sig.verify("file", &message, &key.public_key()).unwrap();
    }
}
