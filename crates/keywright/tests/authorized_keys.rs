//! `authorized_keys`: options, comments and blank lines, streamed, and re-written unchanged.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used, missing_docs)]

mod common;

use keywright::authorized_keys::{Entries, parse};
use keywright::{ErrorKind, HashAlg, Limits, fingerprint};

#[test]
fn every_entry_matches_the_manifest_and_rewrites_to_its_line() {
    let m = common::manifest();
    for file in m["authorized_keys"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        let bytes = common::read(path);
        let text = String::from_utf8(bytes.clone()).unwrap();
        let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
        let entries = parse(&text).unwrap();
        let expected: Vec<_> = file["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "key")
            .collect();
        assert_eq!(entries.len(), expected.len(), "{path}");
        for (entry, want) in entries.iter().zip(expected) {
            assert_eq!(entry.line as u64, want["line"].as_u64().unwrap());
            let options: Vec<String> = want["options_list"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o.as_str().unwrap().to_owned())
                .collect();
            assert_eq!(entry.options, options, "{path}:{}", entry.line);
            assert_eq!(entry.comment.as_deref(), want["comment"].as_str());
            assert_eq!(
                entry.key.fingerprint(HashAlg::Sha256),
                want["sha256"].as_str().unwrap()
            );
            assert_eq!(
                entry.key.fingerprint(HashAlg::Md5),
                want["md5"].as_str().unwrap()
            );
            assert_eq!(
                fingerprint::ssh_keygen_line(&entry.key, HashAlg::Sha256),
                want["fingerprint_line"].as_str().unwrap()
            );
            // Re-written, the line is what was read (options and comment kept).
            assert_eq!(
                entry.to_line(),
                lines[entry.line - 1].trim_start(),
                "{path}:{}",
                entry.line
            );
        }
        // The streaming reader gives the same entries from any BufRead.
        let streamed: Vec<_> = Entries::new(
            std::io::BufReader::with_capacity(7, &bytes[..]),
            &Limits::default(),
        )
        .collect::<Result<_, _>>()
        .unwrap();
        assert_eq!(streamed, entries);
    }
}

#[test]
fn bad_lines_are_reported_with_their_line_and_reading_goes_on() {
    let good = String::from_utf8(common::read("keys/ed25519-a/openssh.pub")).unwrap();
    let text = format!("{good}ssh-ed25519 AAAA@@@@ broken\nnot a key at all\n{good}");
    let results: Vec<_> = Entries::new(text.as_bytes(), &Limits::default()).collect();
    assert_eq!(results.len(), 4);
    assert!(results[0].is_ok() && results[3].is_ok());
    for (i, r) in results[1..3].iter().enumerate() {
        let e = r.as_ref().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Parse);
        assert!(e.to_string().contains(&format!("line {}", i + 2)), "{e}");
    }
}

#[test]
fn an_overlong_line_is_refused_without_being_held() {
    let good = String::from_utf8(common::read("keys/ed25519-a/openssh.pub")).unwrap();
    let long = "x".repeat(keywright::authorized_keys::MAX_LINE_BYTES * 3);
    let text = format!("{long}\n{good}");
    let results: Vec<_> = Entries::new(text.as_bytes(), &Limits::default()).collect();
    assert_eq!(results.len(), 2);
    assert_eq!(
        results[0].as_ref().unwrap_err().kind(),
        ErrorKind::LimitExceeded
    );
    assert_eq!(results[1].as_ref().unwrap().line, 2);
}

/// A reader whose reads keep failing after the first line (a terminal whose other end
/// closed): one I/O error ends the stream (reading went on, yielding errors forever).
#[test]
fn a_failed_read_ends_the_stream_once() {
    struct Failing(Vec<u8>);
    impl std::io::Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0.is_empty() {
                return Err(std::io::Error::from_raw_os_error(5)); // EIO
            }
            let n = buf.len().min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0.drain(..n);
            Ok(n)
        }
    }
    let good = common::read("keys/ed25519-a/openssh.pub");
    let reader = std::io::BufReader::new(Failing(good));
    let results: Vec<_> = Entries::new(reader, &Limits::default()).take(100).collect();
    assert_eq!(results.len(), 2, "{results:?}");
    assert!(results[0].is_ok());
    let e = results[1].as_ref().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io);
    assert!(e.to_string().starts_with("read failed: "), "{e}");
}
