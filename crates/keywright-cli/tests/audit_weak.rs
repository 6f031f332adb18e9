//! `keywright audit` on keys made to fail each check (tests/common/weak.rs), compared with
//! badkeys 0.0.21 on the same files (scripts/install-tools.sh installs it; a missing badkeys
//! fails under KEYWRIGHT_REQUIRE_INTEROP=1), and on 1000 normal keys of each type from
//! ssh-keygen and openssl, which must come out clean.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used, missing_docs)]

mod support;

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::Value;
use support::{common, keywright, p};

/// `(source, line, id, badkeys)` of every finding of `keywright audit --json PATH...`.
type Found = Vec<(String, Option<u64>, String, Option<String>)>;

fn audit_json(paths: &[&Path]) -> (Option<i32>, Found) {
    let mut args = vec!["audit", "--json"];
    args.extend(paths.iter().map(|x| p(x)));
    let out = keywright(&args);
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(report["schema"], 1);
    assert_eq!(report["skipped"], Value::Array(vec![]), "{report}");
    let found = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["source"].as_str().unwrap().to_owned(),
                f["line"].as_u64(),
                f["id"].as_str().unwrap().to_owned(),
                f["badkeys"].as_str().map(str::to_owned),
            )
        })
        .collect();
    (out.status.code(), found)
}

#[test]
fn the_cli_reports_every_check_on_the_keys_made_to_fail_it() {
    let dir = common::tempdir();
    let cases = common::weak::write_corpus(dir.path());
    let (code, found) = audit_json(&[dir.path()]);
    assert_eq!(code, Some(10));
    let triples: Vec<_> = found
        .iter()
        .map(|(s, l, id, _)| (s.clone(), *l, id.clone()))
        .collect();
    let (missing, false_positives, _) = common::weak::compare(&cases, &triples);
    assert!(missing.is_empty(), "{missing:#?}");
    assert!(false_positives.is_empty(), "{false_positives:#?}");
}

/// The badkeys checks that cover the issue's: exponent and size (rsainvalid, rsawarnings),
/// ROCA, Fermat, small factors, Wiener (smalld), the modulus' patterns (pattern, rsapoly,
/// rsabias, xzbackdoor) and shared primes (badkeys compares with its
/// own list of known primes, not across the inputs).
const BADKEYS_CHECKS: &str = "rsainvalid,rsawarnings,roca,fermat,pattern,smallfactors,rsapoly,\
                              rsabias,xzbackdoor,smalld,sharedprimes";

/// `(place, line, check, subtest)` of each badkeys result in its `-j` output, less the
/// warning the issue does not ask for: `rsawarnings/exponent_not_65537` for an exponent above
/// 65537 (keywright warns below 65537 only; the Wiener key, whose huge e badkeys also warns
/// about, gets keywright's `rsa-small-d`).
fn badkeys_results(stdout: &[u8]) -> Vec<(String, Option<u64>, String, String)> {
    let mut out = Vec::new();
    for line in String::from_utf8_lossy(stdout).lines() {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        let place = v["where"].as_str().unwrap();
        // `--ssh-lines` places are `FILE[LINE] COMMENT`.
        let (source, line_no) = match place.split_once('[') {
            Some((file, rest)) if rest.contains(']') => {
                let n = rest.split(']').next().unwrap().parse().unwrap();
                (file.to_owned(), Some(n))
            }
            _ => (place.to_owned(), None),
        };
        // `e` in hex: above 65537 when longer than 5 digits or greater as a number.
        let e = v["e"].as_str().unwrap_or("");
        let e_above_f4 = e.len() > 5 || u32::from_str_radix(e, 16).is_ok_and(|e| e > 65537);
        for (check, result) in v["results"].as_object().into_iter().flatten() {
            let subtest = result["subtest"].as_str().unwrap_or("").to_owned();
            if check == "rsawarnings" && subtest == "exponent_not_65537" && e_above_f4 {
                continue;
            }
            out.push((source.clone(), line_no, check.clone(), subtest));
        }
    }
    out
}

#[test]
fn every_finding_badkeys_reports_keywright_reports_too() {
    let Some(badkeys) = common::badkeys() else {
        return;
    };
    let dir = common::tempdir();
    let cases = common::weak::write_corpus(dir.path());
    let keys = dir.path().join("authorized_keys");
    // badkeys reads PEM and OpenSSH files, not PuTTY's.
    let mut files: Vec<PathBuf> = cases
        .iter()
        .filter(|c| c.line.is_none() && c.path.extension().is_none_or(|e| e != "ppk"))
        .map(|c| c.path.clone())
        .collect();
    files.sort();
    files.dedup();
    let mut args: Vec<&str> = vec!["-j", "-c", BADKEYS_CHECKS];
    args.extend(files.iter().map(|f| p(f)));
    let started = Instant::now();
    let mut results = badkeys_results(&common::output(&badkeys, &args, None).stdout);
    let lines = common::output(
        &badkeys,
        &["-j", "--ssh-lines", "-c", BADKEYS_CHECKS, p(&keys)],
        None,
    );
    results.extend(badkeys_results(&lines.stdout));
    let badkeys_time = started.elapsed();
    assert!(
        !results.is_empty(),
        "badkeys found nothing: {}",
        String::from_utf8_lossy(&lines.stderr)
    );
    let (_, found) = audit_json(&[dir.path()]);
    let mut missing = Vec::new();
    for (source, line, check, subtest) in &results {
        let hit = found.iter().any(|(s, l, _, b)| {
            s == source && (line.is_none() || l == line) && b.as_deref() == Some(check.as_str())
        });
        if !hit {
            missing.push(format!("{source}{line:?}: badkeys {check}/{subtest}"));
        }
    }
    let mut checks: Vec<&str> = results.iter().map(|r| r.2.as_str()).collect();
    checks.sort_unstable();
    checks.dedup();
    eprintln!(
        "badkeys ({badkeys_time:?}): {} findings over {} files and {} lines ({checks:?}); \
         keywright misses {}",
        results.len(),
        files.len(),
        cases.iter().filter(|c| c.line.is_some()).count(),
        missing.len()
    );
    assert!(missing.is_empty(), "{missing:#?}");
    // The comparison is not empty: badkeys found each kind the corpus was made to have (not
    // rsainvalid: the keys with e = 1 or an even e are unparseable to badkeys' cryptography).
    for check in [
        "rsawarnings",
        "roca",
        "fermat",
        "pattern",
        "smallfactors",
        "rsapoly",
        "rsabias",
        "xzbackdoor",
        "smalld",
    ] {
        assert!(
            checks.contains(&check),
            "badkeys reported no {check}: {checks:?}"
        );
    }
}

/// Key files made by the real tools: for each type, half by ssh-keygen (OpenSSH private key
/// and .pub) and half by openssl (PKCS#8 PEM), on every core.
fn generate_with_tools(dir: &Path, count: usize) -> Option<std::time::Duration> {
    let ssh_keygen = common::tool("ssh-keygen")?;
    let openssl = common::tool("openssl")?;
    let kinds: [(&str, &[&str], &[&str]); 5] = [
        (
            "rsa",
            &["-t", "rsa", "-b", "2048"],
            &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
        ),
        ("ed25519", &["-t", "ed25519"], &["-algorithm", "ED25519"]),
        (
            "p256",
            &["-t", "ecdsa", "-b", "256"],
            &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
        ),
        (
            "p384",
            &["-t", "ecdsa", "-b", "384"],
            &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
        ),
        (
            "p521",
            &["-t", "ecdsa", "-b", "521"],
            &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"],
        ),
    ];
    let jobs: Vec<(usize, usize)> = (0..kinds.len())
        .flat_map(|k| (0..count).map(move |i| (k, i)))
        .collect();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let j = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(&(k, i)) = jobs.get(j) else { break };
                    let (name, keygen, genpkey) = kinds[k];
                    let sub = dir.join(name);
                    if i % 2 == 0 {
                        let path = sub.join(format!("id_{i}"));
                        let mut args = vec!["-q", "-N", "", "-C", "", "-f", p(&path)];
                        args.extend_from_slice(keygen);
                        common::run(&ssh_keygen, &args, None);
                    } else {
                        let path = sub.join(format!("key_{i}.pem"));
                        let mut args = vec!["genpkey", "-out", p(&path)];
                        args.extend_from_slice(genpkey);
                        common::run(&openssl, &args, None);
                    }
                }
            });
        }
    });
    Some(started.elapsed())
}

/// `KEYWRIGHT_AUDIT_KEYS` keys of each type (default 1000, as the issue asks).
#[test]
fn no_false_positive_on_1000_keys_of_each_type_from_ssh_keygen_and_openssl() {
    let count: usize = std::env::var("KEYWRIGHT_AUDIT_KEYS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let dir = common::tempdir();
    for name in ["rsa", "ed25519", "p256", "p384", "p521"] {
        std::fs::create_dir(dir.path().join(name)).unwrap();
    }
    let Some(generated) = generate_with_tools(dir.path(), count) else {
        return;
    };
    let started = Instant::now();
    let (code, found) = audit_json(&[dir.path()]);
    let audited = started.elapsed();
    eprintln!(
        "{count} keys of each of 5 types: generated in {generated:?}, audited (debug build, \
         private keys and .pub files) in {audited:?}"
    );
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(code, Some(0));
}
