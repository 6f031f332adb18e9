//! The `rsa-known-shared-prime` check (badkeys' `sharedprimes`: gcd with the product of known
//! shared primes in badkeys' `keydata/primes<bits>.dat`) against badkeys 0.0.21 itself: our
//! reading of its real files equals gmpy2's, and on a list made in the test (gmpy2's
//! `to_binary` of a product of primes) every key badkeys flags, keywright flags, and no other.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used, missing_docs)]

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;
use support::{common, keywright, p};

/// The venv python beside the `badkeys` command.
fn python(badkeys: &Path) -> PathBuf {
    badkeys.with_file_name("python")
}

fn python_out(python: &Path, script: &str, args: &[&str], env: Option<&Path>) -> String {
    let mut cmd = std::process::Command::new(python);
    cmd.arg("-c").arg(script).args(args);
    if let Some(path) = env {
        cmd.env("PYTHONPATH", path);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// badkeys' `keydata` folder.
fn keydata(python: &Path) -> PathBuf {
    PathBuf::from(
        python_out(
            python,
            "import badkeys,os;print(os.path.dirname(badkeys.__file__)+'/keydata')",
            &[],
            None,
        )
        .trim(),
    )
}

#[test]
fn reads_badkeys_real_known_prime_files_as_gmpy2_does() {
    let Some(badkeys) = common::badkeys() else {
        return;
    };
    let python = python(&badkeys);
    let dir = keydata(&python);
    for bits in [512, 768, 1024, 2048, 4096] {
        let path = dir.join(format!("primes{bits}.dat"));
        let theirs = python_out(
            &python,
            "import gmpy2,sys;print(format(int(gmpy2.from_binary(open(sys.argv[1],'rb').read())),'x'))",
            &[p(&path)],
            None,
        );
        let ours = keywright::audit::known_primes::parse_gmpy2(
            "primes.dat",
            &std::fs::read(&path).unwrap(),
        )
        .unwrap();
        assert_eq!(format!("{ours:x}"), theirs.trim(), "{}", path.display());
    }
}

/// Makes 6 RSA-2048 keys with `cryptography`; the list (gmpy2 `to_binary`) holds a prime of
/// keys 0 and 1, both primes of key 2, and 3 primes of no key. Each key is written as an
/// OpenSSH public file, an SPKI PEM and a PKCS#8 private PEM.
const MAKE: &str = r#"
import sys, os, gmpy2
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import serialization as s
keys_dir, list_path = sys.argv[1], sys.argv[2]
P = gmpy2.mpz(1)
for i in range(6):
    k = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    n = k.private_numbers()
    if i == 0: P *= n.p
    if i == 1: P *= n.q
    if i == 2: P *= n.p * n.q
    pub = k.public_key()
    open(os.path.join(keys_dir, f"k{i}.pub"), "wb").write(pub.public_bytes(s.Encoding.OpenSSH, s.PublicFormat.OpenSSH) + b"\n")
    open(os.path.join(keys_dir, f"k{i}-spki.pem"), "wb").write(pub.public_bytes(s.Encoding.PEM, s.PublicFormat.SubjectPublicKeyInfo))
    open(os.path.join(keys_dir, f"k{i}-key.pem"), "wb").write(k.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption()))
r = gmpy2.mpz(2) ** 1023
for _ in range(3):
    r = gmpy2.next_prime(r + 12345)
    P *= r
open(list_path, "wb").write(gmpy2.to_binary(P))
"#;

#[test]
fn flags_keys_on_a_known_prime_as_badkeys_does() {
    let Some(badkeys) = common::badkeys() else {
        return;
    };
    let python = python(&badkeys);
    let tmp = common::tempdir();
    let keys = tmp.path().join("keys");
    let lists = tmp.path().join("lists");
    std::fs::create_dir_all(&keys).unwrap();
    std::fs::create_dir_all(&lists).unwrap();
    let list = lists.join("primes2048.dat");
    python_out(&python, MAKE, &[p(&keys), p(&list)], None);

    // keywright, with and without the factors shown.
    let out = keywright(&[
        "audit",
        "--json",
        "--checks",
        "rsa-known-shared-prime",
        "--blocklist",
        p(&lists),
        p(&keys),
    ]);
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let ours: BTreeSet<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert_eq!(f["id"], "rsa-known-shared-prime");
            assert_eq!(f["severity"], "error");
            assert!(
                f["reason"].as_str().unwrap().contains("primes2048.dat"),
                "{f}"
            );
            let source = f["source"].as_str().unwrap();
            Path::new(source)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let expected: BTreeSet<String> = (0..3)
        .flat_map(|i| {
            [
                format!("k{i}.pub"),
                format!("k{i}-spki.pem"),
                format!("k{i}-key.pem"),
            ]
        })
        .collect();
    assert_eq!(ours, expected);
    assert_eq!(out.status.code(), Some(10));

    let shown = keywright(&[
        "audit",
        "--reveal-factors",
        "--checks",
        "sharedprimes",
        "--skip",
        "rsa-shared-prime",
        "--blocklist",
        p(&lists),
        p(&keys.join("k0.pub")),
        p(&keys.join("k2.pub")),
    ]);
    let text = String::from_utf8_lossy(&shown.stdout);
    assert_eq!(text.matches("rsa-known-shared-prime").count(), 2, "{text}");
    // Key 0's prime is shown; key 2's gcd is n itself (both primes known): no factor.
    assert_eq!(text.matches("a prime (0x").count(), 1, "{text}");

    // badkeys on the same files, its keydata/primes2048.dat replaced by the test's list.
    let package = PathBuf::from(
        python_out(
            &python,
            "import badkeys,os;print(os.path.dirname(badkeys.__file__))",
            &[],
            None,
        )
        .trim(),
    );
    let copy = tmp.path().join("site");
    copy_dir(&package, &copy.join("badkeys"));
    std::fs::copy(&list, copy.join("badkeys/keydata/primes2048.dat")).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&keys)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut args = vec!["-j", "-c", "sharedprimes"];
    args.extend(files.iter().map(|f| p(f)));
    let stdout = python_out(
        &python,
        "import sys;from badkeys.runcli import runcli;sys.argv[0]='badkeys';sys.exit(runcli())",
        &args,
        Some(&copy),
    );
    let theirs: BTreeSet<String> = stdout
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .filter(|v| v["results"].get("sharedprimes").is_some())
        .map(|v| {
            Path::new(v["where"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert!(!theirs.is_empty(), "badkeys flagged nothing: {stdout}");
    assert_eq!(theirs, ours, "badkeys: {stdout}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
