//! The fuzz targets' logic, one function per target, calling only keywright's public API.
//!
//! Each `fuzz_targets/<name>.rs` is one line calling the function of the same name here, and
//! `crates/keywright/tests/fuzz_replay.rs` includes this file (`#[path]`) to replay every
//! corpus and regression input through the same functions on stable. So this file depends
//! on `keywright`, `std` and the key builder `keywright_test_support::oversized` (a
//! dev-dependency of keywright, shared with `crates/keywright/tests/malformed.rs`) only.
//!
//! A function returns normally for any input keywright rejects with an error; it panics
//! (which the fuzzer reports as a crash) when keywright panics, or when an invariant that
//! must hold for every input is broken (a key that does not survive a round trip, an error
//! kind a path must never give).

pub use keywright_test_support::oversized;

use keywright::authorized_keys::Entries;
use keywright::{
    EncodeOptions, ErrorKind, Format, HashAlg, Limits, LineEnding, Passphrase, PrivateKey,
    PublicKey, fingerprint,
};

/// The passphrase the targets try (the vectors' `passphrases/correct.txt`).
pub const PASSPHRASE: &str = "correct horse battery staple";

/// Limits that keep one execution cheap: KDF costs bounded far below the defaults, so the
/// fuzzer spends its time in the parsers rather than in bcrypt, PBKDF2 or Argon2.
#[must_use]
pub fn limits() -> Limits {
    let mut l = Limits::default();
    l.max_bcrypt_rounds = 2;
    // The vectors' PBES2 files use 2048 iterations (openssl's default).
    l.max_pbkdf2_iterations = 2048;
    l.max_argon2_memory_kib = 64;
    l.max_argon2_passes = 2;
    l.max_argon2_parallelism = 4;
    l
}

fn passphrase() -> Passphrase {
    Passphrase::from(PASSPHRASE)
}

/// Text for the `&str` entry points: invalid UTF-8 replaced, so every input gets through.
fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Uses every accessor of a private key that was read, as a caller would.
fn touch_private(key: &PrivateKey) {
    let _ = key.algorithm();
    let _ = key.bits();
    let _ = key.comment();
    let _ = key.format();
    let _ = key.was_encrypted();
    let _ = key.fingerprint(HashAlg::Sha256);
    let _ = key.fingerprint(HashAlg::Md5);
    let _ = format!("{key:?}");
    touch_public(&key.public_key());
}

/// Uses every accessor of a public key that was read.
fn touch_public(key: &PublicKey) {
    let _ = key.algorithm();
    let _ = key.bits();
    let _ = key.comment();
    let _ = key.fingerprint(HashAlg::Sha256);
    let _ = key.fingerprint(HashAlg::Md5);
    let _ = key.to_openssh();
    let _ = fingerprint::ssh_keygen_line(key, HashAlg::Sha256);
    let _ = fingerprint::putty(key, HashAlg::Md5);
    let _ = format!("{key:?}");
    let blob = key.to_blob();
    assert!(!blob.is_empty(), "a key that was read has an empty blob");
}

/// Formats an error as a caller would (Display, Debug, kind).
fn touch_error(e: &keywright::Error) {
    let _ = e.kind();
    let _ = e.to_string();
    let _ = format!("{e:?}");
}

fn private_result(r: keywright::Result<PrivateKey>) -> Option<PrivateKey> {
    match r {
        Ok(k) => {
            touch_private(&k);
            Some(k)
        }
        Err(e) => {
            touch_error(&e);
            None
        }
    }
}

fn public_result(r: keywright::Result<PublicKey>) -> Option<PublicKey> {
    match r {
        Ok(k) => {
            touch_public(&k);
            Some(k)
        }
        Err(e) => {
            touch_error(&e);
            None
        }
    }
}

fn detected(data: &[u8]) -> Option<Format> {
    keywright::detect(data).map(|d| d.format)
}

/// `PublicKey::from_openssh` on one line.
pub fn openssh_public_line(data: &[u8]) {
    public_result(PublicKey::from_openssh(&text(data)));
}

/// `authorized_keys::Entries` over the bytes; every entry read must read again from its
/// own `to_line()` as the same key.
pub fn authorized_keys(data: &[u8]) {
    authorized_keys_edits(data);
    let limits = limits();
    for entry in Entries::new(data, &limits).take(10_000) {
        match entry {
            Ok(entry) => {
                touch_public(&entry.key);
                let line = entry.to_line();
                let again: Vec<_> = Entries::new(line.as_bytes(), &limits).collect();
                match again.as_slice() {
                    [Ok(e)] => assert_eq!(e.key, entry.key, "to_line changed the key: {line:?}"),
                    other => panic!("to_line {line:?} does not read back as one entry: {other:?}"),
                }
                // The byte writer keeps the comment byte for byte.
                let bytes = entry
                    .key
                    .encode_bytes(Format::OpenSshPub, LineEnding::Lf)
                    .expect("a key that was read writes its public line");
                let back = keywright::load_public(&bytes).expect("our public line reads back");
                assert_eq!(back.comment_bytes(), entry.key.comment_bytes(), "{bytes:?}");
            }
            Err(e) => touch_error(&e),
        }
    }
}

/// `PrivateKey::from_openssh` without a passphrase (no KDF runs), then with the fixed
/// passphrase under [`limits`] (bcrypt rounds at most 2).
pub fn openssh_private(data: &[u8]) {
    private_result(PrivateKey::from_openssh(data, None));
    if detected(data) == Some(Format::OpenSsh) {
        // `load_private_with` sends openssh-key-v1 to the same decoder as `from_openssh`,
        // with our limits.
        private_result(keywright::load_private_with(
            data,
            Some(&passphrase()),
            &limits(),
        ));
        if let Ok(Some(public)) = keywright::peek_public(data) {
            touch_public(&public);
        }
    }
}

/// `PrivateKey::from_pem` without a passphrase, then with the fixed passphrase under
/// [`limits`] (PBKDF2 iterations bounded).
pub fn pem_private(data: &[u8]) {
    private_result(PrivateKey::from_pem(data, None));
    if matches!(
        detected(data),
        Some(Format::Pkcs1 | Format::Sec1 | Format::Pkcs8 | Format::Dsa)
    ) {
        private_result(keywright::load_private_with(
            data,
            Some(&passphrase()),
            &limits(),
        ));
    }
}

/// `PublicKey::from_pem`.
pub fn pem_public(data: &[u8]) {
    public_result(PublicKey::from_pem(&text(data)));
}

/// `PublicKey::from_der` (binary or base64).
pub fn der(data: &[u8]) {
    public_result(PublicKey::from_der(data));
}

/// `PublicKey::from_rfc4716`.
pub fn rfc4716(data: &[u8]) {
    public_result(PublicKey::from_rfc4716(&text(data)));
}

/// PPK-looking input through `load_private_with` under [`limits`] (Argon2 at most 64 KiB
/// and 2 passes), without and with the passphrase, and `peek_public`.
pub fn ppk(data: &[u8]) {
    if !matches!(detected(data), Some(Format::Ppk2 | Format::Ppk3)) {
        return;
    }
    let limits = limits();
    private_result(keywright::load_private_with(data, None, &limits));
    private_result(keywright::load_private_with(
        data,
        Some(&passphrase()),
        &limits,
    ));
    if let Ok(Some(public)) = keywright::peek_public(data) {
        touch_public(&public);
    }
}

/// `load_private_with` (detection first) without and with the passphrase.
pub fn load_private(data: &[u8]) {
    let limits = limits();
    private_result(keywright::load_private_with(data, None, &limits));
    private_result(keywright::load_private_with(
        data,
        Some(&passphrase()),
        &limits,
    ));
}

/// `load_public` (detection first).
pub fn load_public(data: &[u8]) {
    public_result(keywright::load_public(data));
}

/// `detect`, and `load_with` agreeing with it on the kind of key.
pub fn detect(data: &[u8]) {
    let found = keywright::detect(data);
    match keywright::load_with(data, None, &limits()) {
        Ok(keywright::Key::Private(k)) => {
            assert!(
                found.is_some_and(|d| d.format.is_private()),
                "a private key was read from input detected as {found:?}"
            );
            touch_private(&k);
        }
        Ok(keywright::Key::Public(k)) => {
            assert!(
                found.is_some_and(|d| !d.format.is_private()),
                "a public key was read from input detected as {found:?}"
            );
            touch_public(&k);
        }
        Ok(_) => {}
        Err(e) => touch_error(&e),
    }
    if let Ok(Some(public)) = keywright::peek_public(data) {
        touch_public(&public);
    }
}

/// Whether a comment can be expected to survive any text format unchanged: no control
/// characters and no surrounding spaces, which formats may normalise.
fn plain_comment(comment: &str) -> bool {
    comment.trim() == comment && !comment.chars().any(char::is_control)
}

/// Private formats that carry the comment.
fn keeps_private_comment(format: Format) -> bool {
    matches!(format, Format::OpenSsh | Format::Ppk2 | Format::Ppk3)
}

/// An error an encoder may give for a key that was read: the format cannot hold this key
/// (or is not written yet), or an argument such as the comment does not fit it.
fn acceptable_encode_error(e: &keywright::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::Unsupported | ErrorKind::InvalidArgument
    )
}

/// Reads a private key, writes it in every private format (plain, and encrypted where
/// that is cheap), reads each back: the key (and in comment-bearing formats its comment)
/// must be the same.
pub fn roundtrip_private(data: &[u8]) {
    let limits = limits();
    let Ok(key) = keywright::load_private_with(data, Some(&passphrase()), &limits) else {
        return;
    };
    let plain = EncodeOptions::default();
    let mut encrypted = EncodeOptions::default().with_passphrase(Some(passphrase()));
    encrypted.openssh_rounds = 1;
    encrypted.pkcs8_iterations = 1;
    encrypted.ppk.argon2.memory_kib = 64;
    encrypted.ppk.argon2.passes = 1;
    encrypted.ppk.argon2.parallelism = 1;
    let comment = key.comment().into_owned();
    for format in Format::ALL.into_iter().filter(|f| f.is_private()) {
        for line_ending in [LineEnding::Lf, LineEnding::CrLf] {
            let mut options = plain.clone();
            options.line_ending = line_ending;
            let mut runs = vec![(options, None)];
            // The encrypted forms (every KDF at its cheapest) are tried with one line ending.
            if matches!(
                format,
                Format::OpenSsh | Format::Pkcs8 | Format::Ppk2 | Format::Ppk3
            ) && line_ending == LineEnding::Lf
            {
                let mut options = encrypted.clone();
                options.line_ending = line_ending;
                runs.push((options, Some(passphrase())));
            }
            for (options, pass) in runs {
                let written = match key.encode(format, &options) {
                    Ok(w) => w,
                    Err(e) => {
                        assert!(
                            acceptable_encode_error(&e),
                            "{format} cannot write a key it read: {e}"
                        );
                        continue;
                    }
                };
                let again =
                    keywright::load_private_with(written.as_bytes(), pass.as_ref(), &limits)
                        .unwrap_or_else(|e| {
                            panic!(
                                "{format} output does not read back: {e}\n{}",
                                written.as_str()
                            )
                        });
                assert_eq!(again, key, "{format} round trip changed the key");
                assert_eq!(again.public_key(), key.public_key());
                assert_eq!(
                    again.format(),
                    Some(format),
                    "{format} read as another format"
                );
                if keeps_private_comment(format) && plain_comment(&comment) {
                    assert_eq!(
                        again.comment(),
                        comment,
                        "{format} round trip changed the comment"
                    );
                }
            }
        }
    }
}

/// Reads a public key, writes it in every public format, reads each back: the key (and in
/// comment-bearing formats its comment) must be the same.
pub fn roundtrip_public(data: &[u8]) {
    let Ok(key) = keywright::load_public(data) else {
        return;
    };
    let comment = key.comment().into_owned();
    for format in Format::ALL.into_iter().filter(|f| !f.is_private()) {
        for line_ending in [LineEnding::Lf, LineEnding::CrLf] {
            let written = match key.encode(format, line_ending) {
                Ok(w) => w,
                Err(e) => {
                    assert!(
                        acceptable_encode_error(&e),
                        "{format} cannot write a key it read: {e}"
                    );
                    continue;
                }
            };
            let again = keywright::load_public(written.as_bytes())
                .unwrap_or_else(|e| panic!("{format} output does not read back: {e}\n{written}"));
            assert_eq!(again, key, "{format} round trip changed the key");
            assert_eq!(
                again.format(),
                Some(format),
                "{format} read as another format"
            );
            if matches!(format, Format::OpenSshPub | Format::Rfc4716) && plain_comment(&comment) {
                assert_eq!(
                    again.comment(),
                    comment,
                    "{format} round trip changed the comment"
                );
            }
        }
    }
}

/// A structurally valid private key (every private format, every key type) with the
/// components the input picks made up to 512 KiB long (see [`oversized`]): reading it
/// must fail, quickly and without a crash, whenever an integer grew past any valid size or
/// a fixed-size field (Ed25519 key or seed, curve point) has bytes appended.
pub fn oversized(data: &[u8]) {
    let Some((alg, fmt, mask, size, filler)) = oversized::from_fuzz_input(data) else {
        return;
    };
    let mask = oversized::stored_mask(alg, fmt, mask);
    let key = oversized::Key::vector(alg).oversized(mask, size, &filler);
    let bytes = key.encode(fmt);
    let result = private_result(keywright::load_private_with(&bytes, None, &limits()));
    if oversized::must_refuse(alg, fmt, mask, size) {
        assert!(
            result.is_none(),
            "{alg:?} {fmt:?}: a key with components {mask:#b} of {size} bytes was accepted"
        );
    }
}

/// A target: takes one input, panics on a finding.
pub type Target = fn(&[u8]);

/// Every target by name, for the replay test and tools that walk the corpus folders.
/// EC2's key-pair JSON: parsed, then every key pair matched against a fixed key (no panic,
/// and a key pair that holds the key's own public key matches it).
pub fn ec2_key_pairs(data: &[u8]) {
    match keywright::ec2::parse_key_pairs(data) {
        Ok(pairs) => {
            for pair in &pairs {
                if let Some(key) = &pair.public_key {
                    touch_public(key);
                    let found = keywright::ec2::match_key_pairs(None, key, &pairs);
                    assert!(
                        !found.is_empty(),
                        "a key pair's own PublicKey does not match it"
                    );
                }
            }
        }
        Err(e) => touch_error(&e),
    }
}

/// Console output (text or JSON): its host keys, and a check of them against themselves
/// (every key the keys block lists must match, never mismatch).
pub fn ec2_console_output(data: &[u8]) {
    match keywright::ec2::parse_console_output(data) {
        Ok(console) => {
            for key in &console.keys {
                touch_public(key);
            }
            let mut fingerprints_only = console.clone();
            fingerprints_only.keys.clear();
            let _ = keywright::ec2::check_host_keys(&fingerprints_only, &console.keys);
            // Against itself, a keys block never mismatches.
            let mut keys_only = console.clone();
            keys_only.fingerprints.clear();
            for check in keywright::ec2::check_host_keys(&keys_only, &console.keys) {
                assert!(
                    matches!(check, keywright::ec2::HostKeyCheck::Match { .. }),
                    "{check:?}"
                );
            }
        }
        Err(e) => touch_error(&e),
    }
    match keywright::ec2::parse_scanned_keys(data) {
        Ok(keys) => keys.iter().for_each(touch_public),
        Err(e) => touch_error(&e),
    }
}

/// SSH signatures (`Signature::decode`, armour or blob): what reads must write back
/// identically both ways, and check against a fixed message without panicking; refusals
/// are parse, unsupported or limit errors only.
pub fn sshsig(data: &[u8]) {
    use keywright::sshsig::Signature;
    match Signature::decode(data) {
        Ok(sig) => {
            let blob = sig.to_blob();
            assert_eq!(
                Signature::from_blob(&blob).expect("our blob reads back"),
                sig
            );
            let pem = sig.to_pem(LineEnding::Lf);
            assert_eq!(
                Signature::from_pem(pem.as_bytes()).expect("our armour reads back"),
                sig
            );
            let _ = sig.signer_description();
            let _ = sig.algorithm_name();
            if let Ok(key) = sig.signer() {
                touch_public(&key);
            }
            let digest = sig.hash().digest(b"message");
            if let Err(e) = sig.check(sig.namespace(), &digest) {
                assert_eq!(e.kind(), ErrorKind::Signature, "{e}");
            }
        }
        Err(e) => {
            assert!(
                matches!(
                    e.kind(),
                    ErrorKind::Parse | ErrorKind::Unsupported | ErrorKind::LimitExceeded
                ),
                "{e}"
            );
            touch_error(&e);
        }
    }
}

/// `allowed_signers` files: parsing refuses with parse or limit errors only; what parses
/// answers `find_principals` and `verify` for a fixed Ed25519 signature without panicking.
pub fn allowed_signers(data: &[u8]) {
    use keywright::allowed_signers::AllowedSigners;
    use keywright::sshsig::{SigHash, Signature};
    static SIG: std::sync::OnceLock<Signature> = std::sync::OnceLock::new();
    match AllowedSigners::parse(data) {
        Ok(signers) => {
            for e in signers.entries() {
                let _ = (
                    e.principals(),
                    e.namespaces(),
                    e.comment(),
                    e.line(),
                    e.offset(),
                );
                let _ = (e.valid_after(), e.valid_before(), e.cert_authority());
                if let Ok(key) = e.public_key() {
                    touch_public(&key);
                }
            }
            let sig = SIG.get_or_init(|| {
                let key = keywright::generate(keywright::Algorithm::Ed25519, None)
                    .expect("ed25519 generates");
                keywright::sshsig::sign(&key, "git", b"message", SigHash::Sha512)
                    .expect("ed25519 signs")
            });
            let _ = signers.find_principals(sig, 1_700_000_000);
            if let Err(e) = signers.verify(sig, "git", b"message", "a@x", 1_700_000_000) {
                assert_eq!(e.kind(), ErrorKind::Signature, "{e}");
            }
        }
        Err(e) => {
            assert!(
                matches!(e.kind(), ErrorKind::Parse | ErrorKind::LimitExceeded),
                "{e}"
            );
            touch_error(&e);
        }
    }
}

/// authorized_keys edits: removing what matches nothing gives the input back byte for
/// byte; adding a key keeps the input as the new file's start.
fn authorized_keys_edits(data: &[u8]) {
    use keywright::authorized_keys::{Selector, add, remove};
    if let Ok(edited) = remove(
        data,
        Selector::Comment(b"\nno comment holds a newline"),
        true,
    ) {
        assert_eq!(edited.text, data, "remove of nothing changed the file");
    }
    static KEY: std::sync::OnceLock<keywright::PublicKey> = std::sync::OnceLock::new();
    let key = KEY.get_or_init(|| {
        keywright::generate(keywright::Algorithm::Ed25519, None)
            .expect("ed25519 generates")
            .public_key()
    });
    if let Ok(edited) = add(data, std::slice::from_ref(key), Some("no-pty")) {
        assert!(edited.text.starts_with(data), "add changed existing lines");
        let again = add(&edited.text, std::slice::from_ref(key), None).expect("adds again");
        assert_eq!(again.text, edited.text, "a key added twice");
    }
}

/// known_hosts: find, remove and hash never panic; removing a host leaves nothing `find`
/// finds for it except marker lines.
pub fn known_hosts(data: &[u8]) {
    use keywright::known_hosts;
    let host = "example.com";
    let mut out = Vec::new();
    let Ok(found) = known_hosts::find(data, host, &mut out) else {
        return;
    };
    if let Ok(removed) = known_hosts::remove(data, host) {
        let mut again = Vec::new();
        let left = known_hosts::find(&removed.text[..], host, &mut again).unwrap_or(0);
        assert_eq!(
            left + removed.lines.len(),
            found,
            "remove left {left} of {found}"
        );
    }
    // (ssh-keygen -H drops names after an empty one in `a,,b`, and so do we: no invariant
    // on what hashing finds, only that it does not panic.)
    if let Ok(hashed) = known_hosts::hash(data, || [7; known_hosts::SALT_LEN]) {
        let _ = known_hosts::find(&hashed.text[..], host, &mut Vec::new());
    }
}

/// Audit: one input's bytes through the scan (every format, line files, the lenient paths
/// for keys the readers refuse) and `finish`; every finding is one printable line with a
/// known id. The same bytes as a blocklist (records and names JSON) load or give a typed
/// error, and a loaded list answers lookups.
pub fn audit(data: &[u8]) {
    use keywright::audit::{self, Auditor, Blocklist, Policy, Report};
    let mut auditor = Auditor::new(Policy::default());
    let mut report = Report::default();
    audit::audit_bytes(&mut auditor, "fuzz", data, &mut report);
    report.findings.extend(auditor.finish());
    for finding in &report.findings {
        assert!(
            audit::check_of(finding.id).is_some(),
            "unknown id {}",
            finding.id
        );
        assert!(!finding.reason.contains('\n'), "multi-line reason");
        assert!(finding.fingerprint.starts_with("SHA256:"));
    }
    let mut list = Blocklist::new();
    if list.add_records("fuzz.dat", data.to_vec()).is_ok() {
        for value in [&b""[..], data, data.get(..15).unwrap_or_default()] {
            let _ = list.lookup(value);
        }
        if let Some(record) = data.get(..16) {
            let found = list.lookup(record).expect("in-memory lookups do not fail");
            let _ = found;
        }
    }
    let _ = list.add_names_json("badkeysdata.json", data);
}

/// badkeys' known shared primes (`primes<bits>.dat`, gmpy2 `to_binary`): bytes parse or give
/// a typed blocklist parse error; a parsed product's lookups agree one by one and all at once.
pub fn known_primes(data: &[u8]) {
    use keywright::audit::known_primes::{KnownPrimes, parse_gmpy2};
    use keywright::audit::number::Modulus;
    match parse_gmpy2("fuzz.dat", data) {
        Ok(_) => {}
        Err(keywright::Error::Parse { .. }) => return,
        Err(e) => panic!("untyped error {e}"),
    }
    let moduli: Vec<Modulus> = data
        .chunks(24)
        .map(|c| {
            let mut odd = c.to_vec();
            if let Some(last) = odd.last_mut() {
                *last |= 1;
            }
            Modulus::from_be_bytes(&odd)
        })
        .collect();
    let mut known = KnownPrimes::default();
    for bits in moduli.iter().map(Modulus::bits).take(3) {
        known.add(bits, "fuzz.dat", data).expect("parsed above");
    }
    let refs: Vec<&Modulus> = moduli.iter().collect();
    let many = known.lookup_many(&refs);
    let one: Vec<_> = moduli.iter().map(|m| known.lookup(m)).collect();
    assert_eq!(many, one, "batch and single lookups differ");
}

/// Certificates: a blob (or, when it is text, a `*-cert.pub` line) reads without panicking;
/// what reads is written back byte for byte, describes itself as `ssh-keygen -L` does, and
/// every check gives `Ok` or a typed certificate error.
pub fn certificate(data: &[u8]) {
    use keywright::Certificate;
    // `certify --validity SPEC` (ssh-keygen's -V forms) is this module's other parser.
    if let Ok(spec) = core::str::from_utf8(data) {
        let _ = keywright::certificate::parse_validity(spec, 1_800_000_000);
    }
    let cert = match core::str::from_utf8(data) {
        Ok(line) if line.contains("-cert-v01@openssh.com ") => Certificate::from_openssh(line),
        _ => Certificate::from_blob(data),
    };
    let Ok(cert) = cert else {
        return;
    };
    let again = Certificate::from_blob(cert.to_blob()).expect("our blob reads back");
    assert_eq!(again, cert);
    assert_eq!(
        Certificate::from_openssh(&cert.to_openssh()).expect("our line reads back"),
        cert
    );
    let _ = cert.ssh_keygen_lines();
    touch_public(cert.public_key());
    let checks = [
        cert.verify_signature(),
        cert.check_valid_at(1_800_000_000),
        cert.check_principal("root"),
        cert.check_critical_options(),
        cert.verify(cert.ca_key(), 0, Some("alice")),
    ];
    for r in checks {
        if let Err(e) = r {
            assert_eq!(e.kind(), ErrorKind::Certificate, "{e}");
        }
    }
}

pub const TARGETS: &[(&str, Target)] = &[
    ("openssh_public_line", openssh_public_line),
    ("authorized_keys", authorized_keys),
    ("openssh_private", openssh_private),
    ("pem_private", pem_private),
    ("pem_public", pem_public),
    ("der", der),
    ("rfc4716", rfc4716),
    ("ppk", ppk),
    ("load_private", load_private),
    ("load_public", load_public),
    ("detect", detect),
    ("roundtrip_private", roundtrip_private),
    ("roundtrip_public", roundtrip_public),
    ("oversized", oversized),
    ("ec2_key_pairs", ec2_key_pairs),
    ("ec2_console_output", ec2_console_output),
    ("sshsig", sshsig),
    ("allowed_signers", allowed_signers),
    ("known_hosts", known_hosts),
    ("certificate", certificate),
    ("audit", audit),
    ("known_primes", known_primes),
];
