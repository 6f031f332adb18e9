//! `keywright::audit`: scanning inputs (key files of every format, `authorized_keys`,
//! `known_hosts`, folders, standard input), keys the readers refuse, duplicates and
//! blocklists. The bad-key generators and the badkeys comparison are in other test files.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

mod common;

#[cfg(feature = "fs")]
use std::path::PathBuf;

#[cfg(feature = "fs")]
use keywright::audit::Options;
use keywright::audit::{self, Auditor, Blocklist, Location, Policy, Report, Severity, audit_bytes};

fn scan(source: &str, bytes: &[u8]) -> Report {
    let mut auditor = Auditor::new(Policy::default());
    let mut report = Report::default();
    audit_bytes(&mut auditor, source, bytes, &mut report);
    report.findings.extend(auditor.finish());
    report
}

fn ids(report: &Report) -> Vec<&'static str> {
    report.findings.iter().map(|f| f.id).collect()
}

fn ssh_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    out.extend_from_slice(bytes);
}

fn mpint(out: &mut Vec<u8>, be: &[u8]) {
    let be: Vec<u8> = be.iter().copied().skip_while(|b| *b == 0).collect();
    let mut v = Vec::new();
    if be.first().is_some_and(|b| b & 0x80 != 0) {
        v.push(0);
    }
    v.extend_from_slice(&be);
    ssh_string(out, &v);
}

/// An `ssh-rsa` blob with any `e` and `n`.
fn rsa_blob(e: &[u8], n: &[u8]) -> Vec<u8> {
    let mut blob = Vec::new();
    ssh_string(&mut blob, b"ssh-rsa");
    mpint(&mut blob, e);
    mpint(&mut blob, n);
    blob
}

fn line(blob: &[u8]) -> String {
    use base64ct::Encoding;
    format!("ssh-rsa {} test", base64ct::Base64::encode_string(blob))
}

/// The vector's RSA-2048 modulus, big-endian.
fn modulus_2048() -> Vec<u8> {
    let key = keywright::load_public(&common::read("keys/rsa2048-a/openssh.pub")).unwrap();
    let blob = key.to_blob();
    // string "ssh-rsa", mpint e, mpint n.
    let mut at = 4 + 7;
    let e_len = u32::from_be_bytes(blob[at..at + 4].try_into().unwrap()) as usize;
    at += 4 + e_len;
    blob[at + 4..].to_vec()
}

#[test]
#[cfg(all(feature = "dsa", feature = "ppk", feature = "legacy-pem"))]
fn vectors_in_every_format_come_out_as_their_size_and_type_say() {
    let clean = [
        "keys/rsa2048-a/openssh.key",
        "keys/rsa2048-a/pkcs1.pem",
        "keys/rsa2048-a/pkcs8.pem",
        "keys/rsa2048-a/openssh.pub",
        "keys/rsa2048-a/rfc4716.pub",
        "keys/rsa2048-a/spki.pem",
        "keys/rsa3072-a/ppk3.ppk",
        "keys/ed25519-a/openssh.key",
        "keys/ecdsa256-a/sec1.pem",
        "keys/ecdsa521-a/openssh.key",
        // Encrypted: audited through the public key the format keeps in the clear.
        "keys/rsa2048-a/openssh-enc.key",
        "keys/rsa2048-a/ppk3-enc.ppk",
        "keys/ed25519-a/ppk2-enc.ppk",
        "keys/rsa2048-a/spki.der",
        "keys/rsa2048-a/pkcs1-public.der.b64",
    ];
    for path in clean {
        let report = scan(path, &common::read(path));
        assert_eq!(ids(&report), Vec::<&str>::new(), "{path}: {report:?}");
        assert!(report.skipped.is_empty(), "{path}: {report:?}");
        assert_eq!(report.keys, 1, "{path}");
    }
    // Encrypted PEM keeps no public key in the clear: skipped, saying so.
    for path in [
        "keys/rsa2048-a/pkcs1-aes-128-cbc.pem",
        "keys/rsa2048-a/pkcs8-enc.pem",
    ] {
        let report = scan(path, &common::read(path));
        assert_eq!((report.keys, report.findings.len()), (0, 0), "{path}");
        assert!(
            report.skipped[0].reason.contains("encrypted"),
            "{path}: {report:?}"
        );
    }
    let report = scan("rsa1024", &common::read("keys/rsa1024-a/pkcs1.pem"));
    assert_eq!(ids(&report), ["rsa-size"]);
    assert_eq!(report.findings[0].severity, Severity::Warning);
    assert_eq!(
        report.findings[0].fingerprint,
        common::key("rsa1024-a")["fingerprints"]["sha256"]
    );
    let report = scan("dsa", &common::read("keys/dsa1024-a/openssh.pub"));
    assert_eq!(ids(&report), ["dsa"]);
    for ppk in ["ppk2.ppk", "ppk3.ppk"] {
        let report = scan(ppk, &common::read(&format!("keys/ecdsa521-a/{ppk}")));
        assert_eq!(ids(&report), ["ecdsa-p521-putty"]);
        assert_eq!(report.findings[0].cve, Some("CVE-2024-31497"));
        assert_eq!(report.findings[0].severity, Severity::Warning);
    }
}

#[test]
fn keys_the_readers_refuse_are_findings_not_skips() {
    let n = modulus_2048();
    let mut even = n.clone();
    *even.last_mut().unwrap() &= 0xfe;
    let mut short = n[..64].to_vec();
    *short.last_mut().unwrap() |= 1;
    let text = [
        "# a comment".to_owned(),
        String::new(),
        line(&rsa_blob(&[3], &n)),
        format!(
            "no-pty,command=\"echo ssh-rsa x\" {}",
            line(&rsa_blob(&[1], &n))
        ),
        line(&rsa_blob(&[1, 0, 1], &even)),
        line(&rsa_blob(&[1, 0, 1], &short)),
        "not a key at all".to_owned(),
        "ssh-rsa !!!notbase64".to_owned(),
    ]
    .join("\n");
    let report = scan("authorized_keys", text.as_bytes());
    let at: Vec<(Option<u64>, &str)> = report
        .findings
        .iter()
        .map(|f| (f.location.line, f.id))
        .collect();
    assert_eq!(
        at,
        [
            (Some(3), "rsa-exponent-3"),
            (Some(4), "rsa-invalid-exponent"),
            (Some(5), "rsa-invalid-modulus"),
            (Some(5), "rsa-small-factor"),
            (Some(6), "rsa-size"),
            // 64 bytes of a real modulus: small factors are likely (and found).
            (Some(6), "rsa-small-factor"),
            // Lines 3 and 4 are one modulus with two exponents.
            (Some(3), "rsa-shared-prime"),
            (Some(4), "rsa-shared-prime"),
        ]
    );
    assert_eq!(report.findings[4].severity, Severity::Error);
    assert!(
        report.findings[6].reason.contains("both primes"),
        "{}",
        report.findings[6].reason
    );
    assert_eq!(report.keys, 4);
    let skipped: Vec<Option<u64>> = report.skipped.iter().map(|s| s.location.line).collect();
    assert_eq!(skipped, [Some(7), Some(8)]);
}

#[test]
fn known_hosts_lines_with_markers_and_hashed_hosts() {
    let pub_line = String::from_utf8(common::read("keys/dsa1024-a/openssh.pub")).unwrap();
    let key = pub_line
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    let text = format!(
        "host.example,10.0.0.1 {key}\n@cert-authority *.example {key}\n|1|c2FsdA==|aGFzaA== {key}\n"
    );
    let report = scan("known_hosts", format!("\u{feff}{text}").as_bytes());
    let lines: Vec<(Option<u64>, &str)> = report
        .findings
        .iter()
        .filter(|f| f.id == "dsa")
        .map(|f| (f.location.line, f.id))
        .collect();
    assert_eq!(
        lines,
        [(Some(1), "dsa"), (Some(2), "dsa"), (Some(3), "dsa")]
    );
    // Three lines of one file: three places.
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.id == "duplicate")
            .count(),
        3
    );
}

#[test]
fn duplicates_are_reported_at_each_place_but_a_key_and_its_pub_are_one() {
    let private = common::read("keys/ed25519-a/openssh.key");
    let public = common::read("keys/ed25519-a/openssh.pub");
    let mut auditor = Auditor::new(Policy::default());
    let mut report = Report::default();
    audit_bytes(&mut auditor, "home/.ssh/id_ed25519", &private, &mut report);
    audit_bytes(
        &mut auditor,
        "home/.ssh/id_ed25519.pub",
        &public,
        &mut report,
    );
    assert!(auditor.finish().is_empty());

    let mut auditor = Auditor::new(Policy::default());
    audit_bytes(&mut auditor, "a/id_ed25519", &private, &mut report);
    audit_bytes(&mut auditor, "b/authorized_keys", &public, &mut report);
    let findings = auditor.finish();
    let places: Vec<String> = findings.iter().map(|f| f.location.to_string()).collect();
    assert_eq!(places, ["a/id_ed25519", "b/authorized_keys:1"]);
    assert!(
        findings
            .iter()
            .all(|f| f.id == "duplicate" && f.severity == Severity::Info)
    );
    assert!(
        findings[0].reason.contains("b/authorized_keys:1"),
        "{}",
        findings[0].reason
    );
}

#[test]
fn blocklisted_keys_are_found_by_badkeys_hash() {
    let n = modulus_2048();
    let value: Vec<u8> = n.iter().copied().skip_while(|b| *b == 0).collect();
    let mut records = [
        audit::blocklist::record(&value, 3),
        audit::blocklist::record(b"another", 1),
    ];
    records.sort_unstable();
    let mut list = Blocklist::new();
    list.add_records("mem.dat", records.concat()).unwrap();
    list.add_names_json(
        "badkeysdata.json",
        br#"{"bkformat": 0, "blocklists": [{"id": 3, "name": "debianssl"}]}"#,
    )
    .unwrap();
    let mut auditor = Auditor::new(Policy::default());
    auditor.add_blocklist(list);
    let key = keywright::load_public(&common::read("keys/rsa2048-a/openssh.pub")).unwrap();
    let findings = auditor.public(&key, Location::file("k.pub"));
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].id, "blocklist");
    assert_eq!(findings[0].badkeys, Some("blocklist"));
    assert_eq!(findings[0].cve, Some("CVE-2008-0166"));
    assert!(
        findings[0].reason.contains("debianssl"),
        "{}",
        findings[0].reason
    );
    let other = keywright::load_public(&common::read("keys/ed25519-a/openssh.pub")).unwrap();
    assert!(auditor.public(&other, Location::file("o.pub")).is_empty());
}

#[cfg(all(unix, feature = "fs"))]
#[test]
fn folders_are_walked_with_links_skips_and_stdin() {
    let dir = common::tempdir();
    let root = dir.path();
    std::fs::create_dir_all(root.join("home/alice/.ssh")).unwrap();
    std::fs::write(
        root.join("home/alice/.ssh/id_rsa"),
        common::read("keys/rsa1024-a/openssh.key"),
    )
    .unwrap();
    std::fs::write(
        root.join("home/alice/.ssh/config"),
        "Host *\n  User alice\n",
    )
    .unwrap();
    std::fs::write(root.join("home/alice/notes.bin"), [0u8, 1, 2, 0xff]).unwrap();
    std::os::unix::fs::symlink(root.join("home"), root.join("home/alice/loop")).unwrap();
    let unreadable = root.join("home/alice/.ssh/secret");
    std::fs::write(&unreadable, "x").unwrap();
    std::os::unix::fs::PermissionsExt::set_mode(
        &mut std::fs::metadata(&unreadable).unwrap().permissions(),
        0,
    );
    let mut options = Options::new(Policy::default());
    options.stdin = Some(common::read("keys/dsa1024-a/openssh.pub"));
    let report = audit::audit_paths(&[root.to_path_buf(), PathBuf::from("-")], options);
    let found: Vec<(String, &str)> = report
        .findings
        .iter()
        .map(|f| {
            let source = f
                .location
                .source
                .strip_prefix(&*root.to_string_lossy())
                .unwrap_or(&f.location.source)
                .to_owned();
            (source, f.id)
        })
        .collect();
    assert_eq!(
        found,
        [
            ("-".to_owned(), "dsa"),
            ("/home/alice/.ssh/id_rsa".to_owned(), "rsa-size"),
        ]
    );
    let skipped: Vec<String> = report
        .skipped
        .iter()
        .map(|s| s.location.source.rsplit('/').next().unwrap().to_owned())
        .collect();
    assert!(skipped.contains(&"config".to_owned()), "{skipped:?}");
    assert!(skipped.contains(&"notes.bin".to_owned()), "{skipped:?}");
    assert_eq!(report.keys, 2);
}

mod numbers {
    //! The number-theory checks wired into the Auditor, on moduli made here (dashu_int does
    //! the test's arithmetic; the checks are `keywright::audit::number`'s).
    use dashu_int::UBig;
    use keywright::audit::number::Modulus;

    use super::*;

    fn prime_from(start: UBig) -> UBig {
        let mut c = start | UBig::ONE;
        loop {
            if Modulus::from_be_bytes(&c.to_be_bytes()).is_probable_prime() {
                return c;
            }
            c += UBig::from(2u8);
        }
    }

    fn big(seed: u8, bits: usize) -> UBig {
        let bytes: Vec<u8> = (0..bits / 8)
            .map(|i| (i as u8).wrapping_mul(97).wrapping_add(seed) | if i == 0 { 0x80 } else { 0 })
            .collect();
        UBig::from_be_bytes(&bytes)
    }

    fn audit(moduli: &[(&str, &UBig)], policy: Policy) -> Vec<(String, &'static str, String)> {
        let mut auditor = Auditor::new(policy);
        let mut out = Vec::new();
        for (name, n) in moduli {
            let blob = rsa_blob(&[1, 0, 1], &n.to_be_bytes());
            out.extend(auditor.blob(&blob, Location::file(*name)).unwrap());
        }
        out.extend(auditor.finish());
        out.into_iter()
            .filter(|f| f.id != "rsa-size")
            .map(|f| (f.location.source, f.id, f.reason))
            .collect()
    }

    #[test]
    fn fermat_small_factors_perfect_powers_and_shared_primes() {
        let p = prime_from(big(1, 512));
        let close = prime_from(&p + UBig::from(2u8));
        let q = prime_from(big(2, 512));
        let r = prime_from(big(3, 512));
        let s = prime_from(big(4, 512));
        let t = prime_from(big(5, 512));
        let fermat = &p * &close;
        let small = UBig::from(65521u32) * prime_from(big(6, 1016));
        let square = &q * &q;
        let (shared_a, shared_b, clean) = (&p * &q, &p * &r, &s * &t);
        let found = audit(
            &[
                ("fermat", &fermat),
                ("small", &small),
                ("square", &square),
                ("a", &shared_a),
                ("b", &shared_b),
                ("clean", &clean),
            ],
            Policy::default(),
        );
        let ids: Vec<(&str, &str)> = found.iter().map(|(s, i, _)| (s.as_str(), *i)).collect();
        assert_eq!(
            ids,
            [
                ("fermat", "rsa-fermat"),
                ("small", "rsa-small-factor"),
                ("square", "rsa-invalid-modulus"),
                ("square", "rsa-fermat"),
                ("fermat", "rsa-shared-prime"),
                ("square", "rsa-shared-prime"),
                ("a", "rsa-shared-prime"),
                ("b", "rsa-shared-prime"),
            ]
        );
        // Factors are not printed unless asked for.
        let hex_p: String = p.to_be_bytes().iter().map(|b| format!("{b:02x}")).collect();
        assert!(
            found
                .iter()
                .all(|(_, _, reason)| !reason.contains(&hex_p[..16]))
        );
        let mut policy = Policy::default();
        policy.reveal_factors = true;
        let revealed = audit(&[("fermat", &fermat)], policy);
        assert!(revealed[0].2.contains(&hex_p), "{}", revealed[0].2);
    }
}

#[test]
fn refused_private_keys_and_points_are_findings() {
    use base64ct::Encoding as _;
    // A PKCS#1 key whose CRT coefficient is wrong: the readers refuse it; the audit says why.
    let pem = common::read("keys/rsa2048-a/pkcs1.pem");
    let (label, mut der) = pem_rfc7468::decode_vec(&pem).unwrap();
    *der.last_mut().unwrap() ^= 1; // the last INTEGER is the coefficient
    let bad = pem_rfc7468::encode_string(label, pem_rfc7468::LineEnding::LF, &der).unwrap();
    assert!(keywright::load_private(bad.as_bytes(), None).is_err());
    let report = scan("bad.pem", bad.as_bytes());
    assert_eq!(ids(&report), ["rsa-private-crt"], "{report:?}");
    assert!(
        report.findings[0].reason.contains("coefficient"),
        "{:?}",
        report.findings[0]
    );
    assert_eq!(
        report.findings[0].fingerprint,
        common::key("rsa2048-a")["fingerprints"]["sha256"]
    );

    // An ECDSA point off its curve (y + 1), on an OpenSSH public line.
    let line = String::from_utf8(common::read("keys/ecdsa256-a/openssh.pub")).unwrap();
    let b64 = line.split_whitespace().nth(1).unwrap();
    let mut blob = base64ct::Base64::decode_vec(b64).unwrap();
    *blob.last_mut().unwrap() ^= 1;
    let text = format!(
        "ecdsa-sha2-nistp256 {}\n",
        base64ct::Base64::encode_string(&blob)
    );
    let report = scan("authorized_keys", text.as_bytes());
    assert_eq!(ids(&report), ["ecdsa-invalid-point"], "{report:?}");

    // An Ed25519 key of small order, and one with y >= p.
    let mut blob = Vec::new();
    ssh_string(&mut blob, b"ssh-ed25519");
    let mut identity = [0u8; 32];
    identity[0] = 1;
    ssh_string(&mut blob, &identity);
    let mut big = Vec::new();
    ssh_string(&mut big, b"ssh-ed25519");
    ssh_string(&mut big, &[0xff; 32]);
    let text = format!(
        // (after a byte-order mark, which is skipped as the readers skip it)
        "\u{feff}ssh-ed25519 {}\nssh-ed25519 {}\n",
        base64ct::Base64::encode_string(&blob),
        base64ct::Base64::encode_string(&big)
    );
    let report = scan("keys", text.as_bytes());
    assert_eq!(
        ids(&report),
        ["ed25519-small-order", "ed25519-non-canonical"]
    );

    // An SPKI RSA key with e = 1 (refused by the readers).
    let spki = common::read("keys/rsa2048-a/spki.pem");
    let (label, der) = pem_rfc7468::decode_vec(&spki).unwrap();
    let at = der.len() - 3; // INTEGER 65537 = 02 03 01 00 01 at the end
    assert_eq!(&der[at - 2..], [2, 3, 1, 0, 1]);
    let mut e1 = der[..at - 2].to_vec();
    e1.extend_from_slice(&[2, 1, 1]);
    // Fix the lengths: BIT STRING and the two SEQUENCEs shrink by 2 (long forms, 2 bytes each).
    let fix = |v: &mut Vec<u8>, pos: usize| {
        let len = u16::from_be_bytes([v[pos], v[pos + 1]]) - 2;
        v[pos..pos + 2].copy_from_slice(&len.to_be_bytes());
    };
    fix(&mut e1, 2); // outer SEQUENCE 30 82 LL LL
    let bit_string = e1.iter().position(|b| *b == 0x03).unwrap();
    let inner = bit_string + 5; // 03 82 LL LL 00 30 82 LL LL
    fix(&mut e1, bit_string + 2);
    fix(&mut e1, inner + 2);
    let bad = pem_rfc7468::encode_string(label, pem_rfc7468::LineEnding::LF, &e1).unwrap();
    assert!(keywright::load_public(bad.as_bytes()).is_err());
    let report = scan("e1.pem", bad.as_bytes());
    assert_eq!(ids(&report), ["rsa-invalid-exponent"], "{report:?}");
}

#[test]
fn report_finish_sorts_and_to_json_is_schema_1() {
    let e3 = line(&rsa_blob(&[3], &[0xc5; 256]));
    let text = format!("{e3}\nno key here\n");
    let mut auditor = Auditor::new(Policy::default());
    let mut report = Report::default();
    audit_bytes(&mut auditor, "b", text.as_bytes(), &mut report);
    audit_bytes(&mut auditor, "a", e3.as_bytes(), &mut report);
    report.finish(auditor);
    // Sorted by place (a before b), then most severe first: the duplicate (info) last.
    let places: Vec<(&str, &str, Option<u64>)> = report
        .findings
        .iter()
        .map(|f| (f.id, f.location.source.as_str(), f.location.line))
        .collect();
    assert_eq!(places[0].1, "a");
    assert_eq!(places.last().unwrap().0, "duplicate");
    assert!(places.contains(&("rsa-exponent-3", "b", Some(1))));
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["schema"], audit::JSON_SCHEMA);
    assert_eq!(json["keys"], 2);
    assert_eq!(json["inputs"], 2);
    assert_eq!(
        json["skipped"],
        serde_json::json!([{"source": "b", "line": 2, "reason": "no key on this line"}])
    );
    let first = &report.findings[0];
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&first.to_json()).unwrap(),
        json["findings"][0]
    );
    assert_eq!(json["findings"][0]["source"], "a");
    assert_eq!(json["findings"][0]["line"], 1);
    assert_eq!(
        json["findings"][0]["fingerprint"],
        first.fingerprint.as_str()
    );
}

#[test]
fn policy_check_refuses_inverted_bounds_and_endless_fermat() {
    assert!(Policy::default().check().is_ok());
    let mut policy = Policy::default();
    policy.rsa_error_below = 4096;
    let err = policy.check().unwrap_err();
    assert_eq!(err.kind(), keywright::ErrorKind::InvalidArgument);
    assert!(err.to_string().contains("rsa_error_below (4096)"), "{err}");
    let mut policy = Policy::default();
    policy.fermat_rounds = audit::MAX_FERMAT_ROUNDS;
    assert!(policy.check().is_ok());
    policy.fermat_rounds += 1;
    assert!(
        policy
            .check()
            .unwrap_err()
            .to_string()
            .contains("fermat_rounds")
    );
}

/// A file of more key lines than one batch (4096), with weak keys, repeated keys, bad base64,
/// lines without a key and FIDO keys (through the reader) among them: the per-line results, in order, are
/// those of the keys audited one at a time, whatever the threads did.
#[test]
fn long_files_come_out_as_the_keys_one_at_a_time() {
    let base = modulus_2048();
    let mut text = String::new();
    let mut expected: Vec<(u64, Vec<&'static str>)> = Vec::new();
    // The checks across keys (shared primes, duplicates) are not the point here.
    let mut policy = Policy::default();
    policy.skip(&["rsa-shared-prime", "duplicate"]).unwrap();
    let mut one_at_a_time = Auditor::new(policy.clone());
    let sk = String::from_utf8(common::data("sk/sk_ed25519.pub")).unwrap();
    for i in 0..4700u64 {
        let number = i + 1;
        let mut n = base.clone();
        // Distinct odd moduli (some with small factors), every 11th line the vector's key.
        let last = n.len() - 1;
        n[last - 2] = (i >> 8) as u8;
        n[last - 1] = i as u8;
        n[last] |= 1;
        let e: &[u8] = if i % 13 == 5 { &[3] } else { &[1, 0, 1] };
        let line_text = match i % 101 {
            17 => "ssh-rsa not*base64 x".to_owned(),
            18 => "no key here".to_owned(),
            19 => sk.trim().to_owned(),
            _ if i % 11 == 10 => line(&rsa_blob(&[1, 0, 1], &base)),
            _ => line(&rsa_blob(e, &n)),
        };
        text.push_str(&line_text);
        text.push('\n');
        let mut single = Report::default();
        audit_bytes(&mut one_at_a_time, "f", line_text.as_bytes(), &mut single);
        let ids: Vec<&'static str> = single.findings.iter().map(|f| f.id).collect();
        expected.push((number, ids));
    }
    let mut auditor = Auditor::new(policy);
    let mut report = Report::default();
    audit_bytes(&mut auditor, "f", text.as_bytes(), &mut report);
    report.findings.extend(auditor.finish());
    let mut got: std::collections::BTreeMap<u64, Vec<&'static str>> = Default::default();
    for f in &report.findings {
        got.entry(f.location.line.unwrap()).or_default().push(f.id);
    }
    for (number, ids) in expected {
        assert_eq!(
            got.get(&number).cloned().unwrap_or_default(),
            ids,
            "line {number}"
        );
    }
    assert!(report.findings.iter().any(|f| f.id == "rsa-small-factor"));
    assert!(report.findings.iter().any(|f| f.id == "rsa-exponent-3"));
    let skipped: Vec<u64> = report
        .skipped
        .iter()
        .map(|s| s.location.line.unwrap())
        .collect();
    let mut sorted = skipped.clone();
    sorted.sort_unstable();
    assert_eq!(skipped, sorted, "skipped lines in line order");
    assert_eq!(skipped.len(), 2 * 47, "{:?}", &report.skipped[..4]);
    assert_eq!(report.keys, 4700 - 2 * 47);
}
