//! Every check of `keywright::audit` on keys made to fail it (tests/common/weak.rs: ROCA primes,
//! primes a few units apart, shared primes, small factors, weak exponents, small keys, Wiener
//! exponents, invalid moduli, ECDSA points off the curve, small-order and non-canonical
//! Ed25519, DSA, P-521 in a PuTTY file), in every file shape, through `audit_paths`. The same
//! corpus goes through the CLI and badkeys in keywright-cli's tests/audit_weak.rs.
// The scan walks files (feature `fs`); the corpus includes DSA and PPK keys.
#![cfg(all(feature = "fs", feature = "dsa", feature = "ppk"))]
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

mod common;

use keywright::audit::{Options, Policy, audit_paths};

#[test]
fn every_check_fails_the_keys_made_to_fail_it_and_clean_keys_pass() {
    let dir = common::tempdir();
    let cases = common::weak::write_corpus(dir.path());
    let report = audit_paths(&[dir.path().to_path_buf()], Options::new(Policy::default()));
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let found: Vec<(String, Option<u64>, String)> = report
        .findings
        .iter()
        .map(|f| (f.location.source.clone(), f.location.line, f.id.to_owned()))
        .collect();
    let (missing, false_positives, extra) = common::weak::compare(&cases, &found);
    eprintln!(
        "{} cases, {} findings; extra: {extra:#?}",
        cases.len(),
        found.len()
    );
    assert!(missing.is_empty(), "{missing:#?}");
    assert!(false_positives.is_empty(), "{false_positives:#?}");
    // Each finding carries the fingerprint, a one-line reason and the CVE where one exists.
    for f in &report.findings {
        assert!(f.fingerprint.starts_with("SHA256:"), "{f:?}");
        assert!(!f.reason.is_empty() && !f.reason.contains('\n'), "{f:?}");
    }
    let cve = |id: &str| report.findings.iter().find(|f| f.id == id).unwrap().cve;
    assert_eq!(cve("rsa-roca"), Some("CVE-2017-15361"));
    assert_eq!(cve("rsa-fermat"), Some("CVE-2022-26320"));
    assert_eq!(cve("ecdsa-p521-putty"), Some("CVE-2024-31497"));
    // Every check a key can fail on its own was exercised (the blocklist ones need a list:
    // tests/audit_scan.rs; the known shared primes badkeys' primes<bits>.dat:
    // keywright-cli's tests/audit_known_primes.rs).
    for check in keywright::audit::CHECKS {
        if check.id.starts_with("blocklist")
            || check.id == "rsa-private-crt"
            || check.id == "rsa-known-shared-prime"
        {
            continue;
        }
        assert!(
            report.findings.iter().any(|f| f.id == check.id),
            "no key failed {}",
            check.id
        );
    }
}
