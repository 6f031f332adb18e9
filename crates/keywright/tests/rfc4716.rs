//! RFC 4716 "SSH2 PUBLIC KEY" files against ssh-keygen's and puttygen's.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]
// Helpers of the tests that need the features are unused without them.
#![cfg_attr(not(feature = "dsa"), allow(dead_code, unused_imports))]

mod common;

use keywright::{Error, ErrorKind, Format, LineEnding, PublicKey, load_public};
use proptest::prelude::*;

#[test]
#[cfg(feature = "dsa")]
fn every_rfc4716_vector_loads_with_its_comment() {
    let mut count = 0;
    for (id, file) in common::files() {
        if file["format"] != "rfc4716" {
            continue;
        }
        let path = file["path"].as_str().unwrap();
        let input = common::read(path);
        let key = load_public(&input).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(key.format(), Some(Format::Rfc4716), "{path}");
        assert_eq!(key, common::vector_key(&id).public_key(), "{path}");
        let text = String::from_utf8(input).unwrap();
        let comment = text
            .lines()
            .find_map(|l| l.strip_prefix("Comment: "))
            .unwrap()
            .trim_end_matches('\r')
            .trim_matches('"');
        assert_eq!(key.comment(), comment, "{path}");
        if path.contains("putty") {
            assert_eq!(key.comment(), common::key(&id)["comment"].as_str().unwrap());
        }
        assert_eq!(PublicKey::from_rfc4716(&text).unwrap(), key);
        count += 1;
    }
    assert_eq!(count, 9 + 9 + 1, "RFC 4716 vectors in the manifest");
}

#[test]
#[cfg(feature = "dsa")]
fn writing_matches_ssh_keygen_byte_for_byte() {
    for id in common::key_ids() {
        let expected = String::from_utf8(common::read(&format!("keys/{id}/rfc4716.pub"))).unwrap();
        let comment = load_public(expected.as_bytes())
            .unwrap()
            .comment()
            .into_owned();
        let mut key = common::vector_key(&id).public_key();
        key.set_comment(&comment);
        assert_eq!(key.to_rfc4716(LineEnding::Lf).unwrap(), expected, "{id}");
    }
    let crlf = String::from_utf8(common::read("keys/rsa2048-a/rfc4716-crlf.pub")).unwrap();
    let key = load_public(crlf.as_bytes()).unwrap();
    assert_eq!(key.to_rfc4716(LineEnding::CrLf).unwrap(), crlf);
}

#[test]
fn missing_end_line_is_a_parse_error() {
    let input = common::read("malformed/rfc4716-no-end.pub");
    let e = load_public(&input).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parse, "{e}");
    match e {
        Error::Parse { offset, .. } => assert_eq!(offset, Some(input.len() - 1)),
        e => panic!("{e}"),
    }
    let e = load_public(&common::read("malformed/empty.key")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parse);
}

#[test]
fn headers_quotes_and_continuations() {
    let key = common::vector_key("ed25519-a").public_key();
    let body = key.to_rfc4716(LineEnding::Lf).unwrap();
    let b64: Vec<&str> = body
        .lines()
        .filter(|l| !l.starts_with("----") && !l.contains(':'))
        .collect();
    let text = format!(
        "---- BEGIN SSH2 PUBLIC KEY ----\r\nSubject: someone\r\nx-private-tag: a \\\r\nlong value: with colons\r\nComment: \"a comment \\\r\nthat goes on\"\r\n{}\r\n---- END SSH2 PUBLIC KEY ----\r\n",
        b64.join("\r\n")
    );
    let read = load_public(text.as_bytes()).unwrap();
    assert_eq!(read, key);
    assert_eq!(read.comment(), "a comment that goes on");
    // An unquoted comment is taken as is.
    let text = text.replace(
        "Comment: \"a comment \\\r\nthat goes on\"",
        "Comment: plain",
    );
    assert_eq!(load_public(text.as_bytes()).unwrap().comment(), "plain");
    // Data after END is refused.
    let extra = format!("{body}junk\n");
    assert_eq!(
        load_public(extra.as_bytes()).unwrap_err().kind(),
        ErrorKind::Parse
    );
}

#[test]
fn long_comments_wrap_within_72_bytes() {
    let mut key = common::vector_key("rsa4096-a").public_key();
    let comment = "x".repeat(100) + ": a header-like part: " + &"é".repeat(60) + "\\";
    key.set_comment(&comment);
    let text = key.to_rfc4716(LineEnding::Lf).unwrap();
    for line in text.lines() {
        assert!(line.len() <= 72, "{line:?}");
    }
    let header_lines: Vec<&str> = text
        .lines()
        .skip(1)
        .take_while(|l| l.contains(':') || l.ends_with('\\'))
        .collect();
    for continuation in header_lines.iter().skip(1) {
        assert!(!continuation.contains(": "), "{continuation:?}");
    }
    assert_eq!(load_public(text.as_bytes()).unwrap().comment(), comment);
    let mut bad = key.clone();
    bad.set_comment("two\nlines");
    assert_eq!(
        bad.to_rfc4716(LineEnding::Lf).unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn rfc4716_round_trips_with_comment(i in 0..6usize, comment in "[^\r\n]{0,160}", crlf in any::<bool>()) {
        let mut key = common::sample_keys()[i % common::sample_keys().len()].public_key();
        key.set_comment(&comment);
        let le = if crlf { LineEnding::CrLf } else { LineEnding::Lf };
        let text = key.to_rfc4716(le).unwrap();
        for line in text.split(le.as_str()) {
            prop_assert!(line.len() <= 72);
        }
        let back = load_public(text.as_bytes()).unwrap();
        prop_assert_eq!(&back, &key);
        prop_assert_eq!(back.comment(), comment.as_str());
        prop_assert_eq!(back.format(), Some(Format::Rfc4716));
    }
}

/// `Comment:` quoting both ways as PuTTY: puttygen writes `"a \"b\" c\\"` and keywright
/// reads back `a "b" c\`; keywright writes the same header, which puttygen (and
/// `ssh-keygen -i`) read back as the same comment. The old code kept the backslashes on
/// read and wrote `"a "b" c\"`, which puttygen reads as another comment.
#[test]
#[cfg(feature = "ppk")]
fn comment_quoting_as_puttygen_does() {
    let Some(puttygen) = common::tool("puttygen") else {
        return;
    };
    let comment = r#"a "b" c\"#;
    let dir = common::tempdir();
    // puttygen -> keywright.
    let theirs = dir.path().join("theirs.pub");
    let mut private = common::vector_key("ed25519-a");
    private.set_comment(comment);
    let ppk = dir.path().join("key.ppk");
    let options = keywright::PpkOptions::default();
    std::fs::write(&ppk, private.to_ppk(&options, None).unwrap().as_bytes()).unwrap();
    common::run(
        &puttygen,
        &[
            ppk.to_str().unwrap(),
            "-O",
            "public",
            "-o",
            theirs.to_str().unwrap(),
        ],
        None,
    );
    let text = std::fs::read_to_string(&theirs).unwrap();
    assert!(text.contains(r#"Comment: "a \"b\" c\\""#), "{text}");
    let read = load_public(text.as_bytes()).unwrap();
    assert_eq!(read.comment(), comment);
    // keywright -> puttygen: the same header, read back as the same comment.
    let mut key = common::vector_key("ed25519-a").public_key();
    key.set_comment(comment);
    let ours = key.to_rfc4716(LineEnding::Lf).unwrap();
    // The same header (the base64 lines are as wide as ssh-keygen writes them).
    let header = |t: &str| {
        t.lines()
            .find(|l| l.starts_with("Comment: "))
            .map(str::to_owned)
    };
    assert_eq!(header(&ours), header(&text));
    let path = dir.path().join("ours.pub");
    std::fs::write(&path, &ours).unwrap();
    let line = common::run(
        &puttygen,
        &[
            path.to_str().unwrap(),
            "-O",
            "public-openssh",
            "-o",
            "/dev/stdout",
        ],
        None,
    );
    let line = String::from_utf8(line).unwrap();
    assert_eq!(line.trim_end(), key.to_openssh(), "{line}");
    if let Some(ssh_keygen) = common::tool("ssh-keygen") {
        let imported = common::run(&ssh_keygen, &["-i", "-f", path.to_str().unwrap()], None);
        let imported = load_public(&imported).unwrap();
        assert_eq!(imported, key);
    }
}

#[test]
fn other_headers_are_kept_through_a_comment_change() {
    // `Subject` and `x-...` headers (RFC 4716 §3.3) are written again after the comment,
    // a long one folded with `\` as the comment is.
    let vector = String::from_utf8(common::read("keys/ed25519-a/rfc4716.pub")).unwrap();
    let (begin, rest) = vector.split_once('\n').unwrap();
    let body: String = rest
        .lines()
        .filter(|l| !l.starts_with("Comment:"))
        .map(|l| format!("{l}\n"))
        .collect();
    let long = "v".repeat(100);
    let input = format!("{begin}\nx-tag: {long}\nSubject: bob\nComment: old\n{body}");
    let mut key = keywright::PublicKey::from_rfc4716(&input).unwrap();
    assert_eq!(key.comment(), "old");
    key.set_comment("new");
    let out = key.to_rfc4716(keywright::LineEnding::Lf).unwrap();
    assert!(
        out.starts_with(&format!("{begin}\nComment: \"new\"\nx-tag: v")),
        "{out}"
    );
    assert!(out.contains("\nSubject: bob\n"), "{out}");
    let again = keywright::PublicKey::from_rfc4716(&out).unwrap();
    assert_eq!(again, key);
    assert_eq!(again.comment(), "new");
    assert_eq!(again.to_rfc4716(keywright::LineEnding::Lf).unwrap(), out);
    assert!(out.contains(&"v".repeat(60)), "{out}");
}
