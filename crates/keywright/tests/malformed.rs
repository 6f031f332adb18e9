//! Hostile inputs, each with the exact error kind it must give, quickly, without a panic and
//! without holding more than a small multiple of the input in memory.
//!
//! The inputs are built here from the vectors with small helpers (truncations, length
//! lies, altered fields), plus the vectors' own `malformed/` files.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::expect_used,
    clippy::indexing_slicing
)]
// Helpers of the tests that need the features are unused without them.
#![cfg_attr(
    not(all(feature = "dsa", feature = "ppk", feature = "legacy-pem")),
    allow(dead_code, unused_imports)
)]

mod common;

use std::time::{Duration, Instant};

use base64ct::{Base64, Encoding};
use keywright::authorized_keys::Entries;
use keywright::{Error, ErrorKind, Limits, Passphrase, PrivateKey, PublicKey, Result};

/// The bound for one call in a debug build (the release target is 100 ms).
const FAST: Duration = Duration::from_millis(500);
/// The bound for cases that run a KDF (bcrypt, Argon2) on purpose.
const KDF: Duration = Duration::from_secs(10);
/// The bound for inputs near the 1 MiB input limit: a debug build decodes base64 at a
/// few MB/s on a loaded machine. The defects these catch cost 26 s or a crash.
const BIG: Duration = Duration::from_secs(3);

#[global_allocator]
static ALLOC: alloc_meter::Meter = alloc_meter::Meter;

/// What a call may allocate beyond [`ALLOC_FACTOR`] times its input: room for the key
/// structures, error messages and small tables that do not grow with the input.
const ALLOC_SLACK: usize = 64 * 1024;
/// How many times its input's size a call may hold at once.
const ALLOC_FACTOR: usize = 4;

/// Runs `f` on an input of `input_len` bytes, asserting it returns within `bound` and, on
/// the paths that run no KDF, holds at most [`ALLOC_FACTOR`] times the input plus [`ALLOC_SLACK`] at
/// once (KDF cases are exempt: Argon2 allocates its memory on purpose).
fn timed<T>(what: &str, bound: Duration, input_len: usize, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let (out, usage) = alloc_meter::measure(f);
    let elapsed = start.elapsed();
    assert!(
        elapsed <= bound,
        "{what}: took {elapsed:?} (bound {bound:?})"
    );
    if bound != KDF {
        let allowed = ALLOC_FACTOR * input_len + ALLOC_SLACK;
        assert!(
            usage.peak <= allowed,
            "{what}: held {} bytes at once for a {input_len}-byte input (bound {allowed})",
            usage.peak
        );
    }
    out
}

/// The error of `r`, which must be one.
fn err<T: std::fmt::Debug>(what: &str, r: Result<T>) -> Error {
    match r {
        Ok(v) => panic!("{what}: accepted, expected an error: {v:?}"),
        Err(e) => e,
    }
}

/// Asserts `r` is an error of `kind`.
fn expect_kind<T: std::fmt::Debug>(what: &str, r: Result<T>, kind: ErrorKind) -> Error {
    let e = err(what, r);
    assert_eq!(e.kind(), kind, "{what}: {e}");
    e
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

fn private(bytes: &[u8]) -> Result<PrivateKey> {
    keywright::load_private(bytes, None)
}

fn private_with(bytes: &[u8], passphrase: &Passphrase) -> Result<PrivateKey> {
    keywright::load_private(bytes, Some(passphrase))
}

fn public(bytes: &[u8]) -> Result<PublicKey> {
    keywright::load_public(bytes)
}

// ---- small builders ------------------------------------------------------------------

/// The bytes inside a PEM-style armour (every line that is not a BEGIN/END line).
fn unarmor(pem: &[u8]) -> Vec<u8> {
    let body: String = text(pem)
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    Base64::decode_vec(body.trim()).unwrap()
}

/// `bytes` in a PEM-style armour with `label`, 70-column lines (as ssh-keygen writes).
fn armor(label: &str, bytes: &[u8]) -> Vec<u8> {
    let b64 = Base64::encode_string(bytes);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(70) {
        out.push_str(text(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out.into_bytes()
}

fn u32_at(bytes: &[u8], at: usize) -> usize {
    u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize
}

fn put_u32(bytes: &mut [u8], at: usize, v: u32) {
    bytes[at..at + 4].copy_from_slice(&v.to_be_bytes());
}

fn ssh_string(out: &mut Vec<u8>, s: &[u8]) {
    out.extend_from_slice(&u32::try_from(s.len()).unwrap().to_be_bytes());
    out.extend_from_slice(s);
}

/// Offsets of the length fields of an unencrypted `openssh-key-v1` body (PROTOCOL.key).
#[derive(Debug)]
struct OpensshLayout {
    cipher: usize,
    kdf: usize,
    kdf_options: usize,
    count: usize,
    public: usize,
    private: usize,
}

const OPENSSH_MAGIC: &[u8] = b"openssh-key-v1\0";
const OPENSSH_LABEL: &str = "OPENSSH PRIVATE KEY";

fn openssh_layout(body: &[u8]) -> OpensshLayout {
    assert!(body.starts_with(OPENSSH_MAGIC));
    let cipher = OPENSSH_MAGIC.len();
    let kdf = cipher + 4 + u32_at(body, cipher);
    let kdf_options = kdf + 4 + u32_at(body, kdf);
    let count = kdf_options + 4 + u32_at(body, kdf_options);
    let public = count + 4;
    let private = public + 4 + u32_at(body, public);
    OpensshLayout {
        cipher,
        kdf,
        kdf_options,
        count,
        public,
        private,
    }
}

/// An unencrypted `openssh-key-v1` file with its private section rebuilt around a new
/// comment (raw bytes), padded as PROTOCOL.key says.
fn openssh_with_comment(pem: &[u8], comment: &[u8]) -> Vec<u8> {
    let body = unarmor(pem);
    let l = openssh_layout(&body);
    let section = &body[l.private + 4..];
    // checkint, checkint, the key's fields, then the comment and the padding.
    let start = key_end(section);
    let mut new = section[..start].to_vec();
    ssh_string(&mut new, comment);
    let mut pad = 1u8;
    while !new.len().is_multiple_of(8) {
        new.push(pad);
        pad += 1;
    }
    let mut out = body[..l.private].to_vec();
    ssh_string(&mut out, &new);
    armor(OPENSSH_LABEL, &out)
}

/// The offset just past the key fields of an unencrypted private section (before the
/// comment): checkints, then the algorithm name and its fields, which we count by name.
fn key_end(section: &[u8]) -> usize {
    let mut at = 8;
    let name_len = u32_at(section, at);
    let name = &section[at + 4..at + 4 + name_len];
    at += 4 + name_len;
    let fields = match name {
        b"ssh-ed25519" => 2,
        b"ssh-rsa" => 6,
        b"ssh-dss" => 5,
        _ if name.starts_with(b"ecdsa-sha2-") => 3,
        _ => panic!("unknown key type in a vector"),
    };
    for _ in 0..fields {
        at += 4 + u32_at(section, at);
    }
    at
}

/// The wire blob of an OpenSSH public line.
fn line_blob(line: &[u8]) -> Vec<u8> {
    let field = text(line).split_whitespace().nth(1).unwrap();
    Base64::decode_vec(field).unwrap()
}

/// An OpenSSH public line for `blob` (type taken from the blob).
fn line_of(blob: &[u8]) -> Vec<u8> {
    let name = &blob[4..4 + u32_at(blob, 0)];
    format!("{} {} test", text(name), Base64::encode_string(blob)).into_bytes()
}

/// The `ssh-rsa` blob for `e` and `n` (big-endian magnitudes, made canonical mpints).
fn rsa_blob(e: &[u8], n: &[u8]) -> Vec<u8> {
    let mpint = |out: &mut Vec<u8>, v: &[u8]| {
        let v: Vec<u8> = v.iter().copied().skip_while(|b| *b == 0).collect();
        let mut m = Vec::new();
        if v.first().is_some_and(|b| b & 0x80 != 0) {
            m.push(0);
        }
        m.extend_from_slice(&v);
        ssh_string(out, &m);
    };
    let mut out = Vec::new();
    ssh_string(&mut out, b"ssh-rsa");
    mpint(&mut out, e);
    mpint(&mut out, n);
    out
}

/// The `(e, n)` magnitudes of an `ssh-rsa` blob.
fn rsa_parts(blob: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let mut at = 4 + u32_at(blob, 0);
    let e_len = u32_at(blob, at);
    let e = blob[at + 4..at + 4 + e_len].to_vec();
    at += 4 + e_len;
    let n_len = u32_at(blob, at);
    let n = blob[at + 4..at + 4 + n_len].to_vec();
    (e, n)
}

/// Replaces the first `key: value` header line of a PPK file.
fn ppk_header(ppk: &[u8], key: &str, value: &str) -> Vec<u8> {
    let mut done = false;
    let mut out = String::new();
    for line in text(ppk).split_inclusive('\n') {
        if !done && line.starts_with(&format!("{key}: ")) {
            let eol = if line.ends_with("\r\n") { "\r\n" } else { "\n" };
            out.push_str(&format!("{key}: {value}{eol}"));
            done = true;
        } else {
            out.push_str(line);
        }
    }
    assert!(done, "no {key} header");
    out.into_bytes()
}

/// Deterministic pseudo-random bytes (the tests' SplitMix64; any random bytes will do).
fn random_bytes(len: usize, seed: u64) -> Vec<u8> {
    common::TestRng::seeded(seed).bytes(len)
}

// ---- truncation at every offset ------------------------------------------------------

/// Checks every strict prefix of `full` shorter than `complete` (the length from which the
/// key is all there, so success is allowed) against `read`: always an error, of kind Parse
/// unless `other_ok` admits it for that prefix. Prefixes from `complete` on must not panic
/// and, when they succeed, give the same key as `full`.
fn truncations<T: PartialEq + std::fmt::Debug>(
    what: &str,
    full: &[u8],
    complete: usize,
    read: impl Fn(&[u8]) -> Result<T>,
    other_ok: impl Fn(&[u8], ErrorKind) -> bool,
) {
    let whole = read(full).unwrap_or_else(|e| panic!("{what}: the untruncated input fails: {e}"));
    for cut in 0..full.len() {
        let prefix = &full[..cut];
        let r = timed(&format!("{what} cut at {cut}"), FAST, prefix.len(), || {
            read(prefix)
        });
        if cut < complete {
            let e = err(&format!("{what} cut at {cut}"), r);
            assert!(
                e.kind() == ErrorKind::Parse || other_ok(prefix, e.kind()),
                "{what} cut at {cut}: {e} ({:?})",
                e.kind()
            );
        } else if let Ok(k) = r {
            assert_eq!(k, whole, "{what} cut at {cut} read as another key");
        }
    }
}

/// The length of `full` without its trailing whitespace: a text key minus its final
/// newline is still whole.
fn trimmed_len(full: &[u8]) -> usize {
    full.len()
        - full
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count()
}

/// A truncated first word names an algorithm keywright does not know: Unsupported.
fn cut_in_type_name(prefix: &[u8], kind: ErrorKind) -> bool {
    kind == ErrorKind::Unsupported && !prefix.contains(&b' ')
}

#[test]
fn truncated_openssh_private() {
    for id in ["ed25519-a", "ecdsa256-a"] {
        let full = common::read(&format!("keys/{id}/openssh.key"));
        truncations(
            &format!("{id} openssh.key"),
            &full,
            trimmed_len(&full),
            |b| PrivateKey::from_openssh(b, None),
            |_, _| false,
        );
        truncations(
            &format!("{id} openssh.key (load_private)"),
            &full,
            trimmed_len(&full),
            private,
            |_, _| false,
        );
    }
}

#[test]
fn truncated_openssh_public_line() {
    for id in ["ed25519-a", "ecdsa256-a", "rsa1024-a"] {
        let full = common::read(&format!("keys/{id}/openssh.pub"));
        // The key is whole once its base64 field is: the rest is the comment.
        let b64_end = full.iter().enumerate().filter(|(_, b)| **b == b' ').nth(1);
        let complete = b64_end.map_or(trimmed_len(&full), |(i, _)| i);
        truncations(
            &format!("{id} openssh.pub"),
            &full,
            complete,
            |b| PublicKey::from_openssh(text(b)),
            cut_in_type_name,
        );
        truncations(
            &format!("{id} openssh.pub (load_public)"),
            &full,
            complete,
            public,
            cut_in_type_name,
        );
    }
}

#[test]
fn truncated_pem() {
    for path in ["keys/ecdsa256-a/sec1.pem", "keys/ed25519-a/pkcs8.pem"] {
        let full = common::read(path);
        truncations(
            path,
            &full,
            trimmed_len(&full),
            |b| PrivateKey::from_pem(b, None),
            |_, _| false,
        );
    }
    let full = common::read("keys/ecdsa256-a/spki.pem");
    truncations(
        "spki.pem",
        &full,
        trimmed_len(&full),
        |b| PublicKey::from_pem(text(b)),
        |_, _| false,
    );
}

#[test]
#[cfg(feature = "ppk")]
fn truncated_ppk_v3() {
    let full = common::read("keys/ed25519-a/ppk3.ppk");
    // Cut inside the first two lines, the algorithm or the encryption name is another
    // (unknown) one.
    let cut_in_algorithm = |prefix: &[u8], kind| {
        kind == ErrorKind::Unsupported && prefix.iter().filter(|b| **b == b'\n').count() <= 1
    };
    truncations(
        "ppk3.ppk",
        &full,
        trimmed_len(&full),
        |b| PrivateKey::from_ppk(b, None),
        cut_in_algorithm,
    );
    truncations(
        "ppk3.ppk (load_private)",
        &full,
        trimmed_len(&full),
        private,
        cut_in_algorithm,
    );
}

#[test]
fn truncated_rfc4716() {
    let full = common::read("keys/ed25519-a/rfc4716.pub");
    truncations(
        "rfc4716.pub",
        &full,
        trimmed_len(&full),
        |b| PublicKey::from_rfc4716(text(b)),
        |_, _| false,
    );
}

// ---- length lies ---------------------------------------------------------------------

#[test]
fn openssh_private_length_ffffffff() {
    let pem = common::read("keys/ed25519-a/openssh.key");
    let body = unarmor(&pem);
    let l = openssh_layout(&body);
    let section = l.private + 4;
    let fields = [
        ("ciphername", l.cipher),
        ("kdfname", l.kdf),
        ("kdfoptions", l.kdf_options),
        ("key count", l.count),
        ("public key", l.public),
        ("private section", l.private),
        ("public key's algorithm", l.public + 4),
        ("private key's algorithm", section + 8),
    ];
    for (what, at) in fields {
        let mut lie = body.clone();
        put_u32(&mut lie, at, u32::MAX);
        let input = armor(OPENSSH_LABEL, &lie);
        let r = timed(what, FAST, input.len(), || private(&input));
        expect_kind(&format!("{what} length 0xFFFFFFFF"), r, ErrorKind::Parse);
    }
}

#[test]
fn openssh_private_nested_length_lies() {
    let pem = common::read("keys/ed25519-a/openssh.key");
    let body = unarmor(&pem);
    let l = openssh_layout(&body);
    let public_len = u32_at(&body, l.public);
    let private_len = u32_at(&body, l.private);
    let section = l.private + 4;
    let lies = [
        // The public blob claims the private section's length field too.
        ("public key string too long", l.public, public_len + 4),
        ("public key string too short", l.public, public_len - 4),
        // The private section claims one byte more than the file has.
        ("private section too long", l.private, private_len + 1),
        // Shorter by one block: the padding check or the comment read must fail.
        ("private section too short", l.private, private_len - 8),
        // The Ed25519 public key inside the public blob claims the whole blob.
        (
            "inner key field too long",
            l.public + 4 + 4 + 11,
            public_len,
        ),
        // The comment claims more than its section.
        (
            "comment too long",
            section + key_end(&body[section..]),
            private_len,
        ),
    ];
    for (what, at, value) in lies {
        let mut lie = body.clone();
        put_u32(&mut lie, at, u32::try_from(value).unwrap());
        let input = armor(OPENSSH_LABEL, &lie);
        let r = timed(what, FAST, input.len(), || private(&input));
        expect_kind(what, r, ErrorKind::Parse);
    }
}

#[test]
fn public_blob_length_ffffffff() {
    let vector = common::read("malformed/openssh-pub-len-ffffffff.pub");
    let r = timed("vector", FAST, vector.len(), || public(&vector));
    expect_kind(
        "malformed/openssh-pub-len-ffffffff.pub",
        r,
        ErrorKind::Parse,
    );

    let line = common::read("keys/ed25519-a/openssh.pub");
    let blob = line_blob(&line);
    let name_len = u32_at(&blob, 0);
    for (what, at) in [("algorithm", 0), ("key", 4 + name_len)] {
        let mut lie = blob.clone();
        put_u32(&mut lie, at, u32::MAX);
        let input = format!("ssh-ed25519 {} x", Base64::encode_string(&lie));
        let r = timed(what, FAST, input.len(), || PublicKey::from_openssh(&input));
        expect_kind(&format!("{what} length 0xFFFFFFFF"), r, ErrorKind::Parse);
        let r = timed(what, FAST, lie.len(), || PublicKey::from_blob(&lie));
        expect_kind(
            &format!("{what} length 0xFFFFFFFF (blob)"),
            r,
            ErrorKind::Parse,
        );
    }
    // A nested lie: the key field claims the bytes of a following (absent) field.
    let mut lie = blob.clone();
    put_u32(&mut lie, 4 + name_len, 33);
    let r = timed("nested", FAST, lie.len(), || PublicKey::from_blob(&lie));
    expect_kind("ed25519 key field one byte too long", r, ErrorKind::Parse);
}

// ---- unacceptable keys ---------------------------------------------------------------

#[test]
fn rsa_exponent_one_and_even_modulus() {
    let line = common::read("keys/rsa2048-a/openssh.pub");
    let (e, n) = rsa_parts(&line_blob(&line));
    assert!(rsa_blob(&e, &n) == line_blob(&line), "the builder is exact");

    let mut even = n.clone();
    *even.last_mut().unwrap() &= 0xfe;
    for (what, blob) in [
        ("e = 1", rsa_blob(&[1], &n)),
        ("even n", rsa_blob(&e, &even)),
    ] {
        let input = line_of(&blob);
        let r = timed(what, FAST, input.len(), || public(&input));
        let e = expect_kind(what, r, ErrorKind::Parse);
        assert!(matches!(e, Error::InvalidKey { .. }), "{what}: {e:?}");
    }
}

#[test]
fn rsa_100000_bit_public_key() {
    let mut n = random_bytes(100_000 / 8, 7);
    n[0] |= 0x80;
    *n.last_mut().unwrap() |= 1;
    let blob = rsa_blob(&[1, 0, 1], &n);
    let input = line_of(&blob);
    let r = timed("100000-bit RSA", FAST, input.len(), || public(&input));
    expect_kind("100000-bit RSA", r, ErrorKind::LimitExceeded);
    let r = timed("100000-bit RSA blob", FAST, blob.len(), || {
        PublicKey::from_blob(&blob)
    });
    expect_kind("100000-bit RSA blob", r, ErrorKind::LimitExceeded);
}

#[test]
fn ec_point_off_the_curve() {
    let line = common::read("keys/ecdsa256-a/openssh.pub");
    let mut blob = line_blob(&line);
    *blob.last_mut().unwrap() ^= 0x01;
    let input = line_of(&blob);
    let r = timed("off-curve point", FAST, input.len(), || public(&input));
    expect_kind("off-curve point", r, ErrorKind::Parse);
}

// ---- PPK costs and integrity ---------------------------------------------------------

#[test]
#[cfg(feature = "ppk")]
fn ppk_argon2_memory_4_tib() {
    let pass = common::passphrase();
    let ppk = common::read("keys/ed25519-a/ppk3-enc-argon2id.ppk");
    // Argon2-Memory is a uint32 in KiB: its largest value is 4 TiB less 1 KiB.
    let huge = ppk_header(&ppk, "Argon2-Memory", "4294967295");
    let r = timed("4 TiB", KDF, huge.len(), || private_with(&huge, &pass));
    expect_kind("Argon2-Memory 4 TiB", r, ErrorKind::LimitExceeded);
    let r = timed("4 TiB", KDF, huge.len(), || {
        PrivateKey::from_ppk(&huge, Some(&pass))
    });
    expect_kind(
        "Argon2-Memory 4 TiB (from_ppk)",
        r,
        ErrorKind::LimitExceeded,
    );

    let vector = common::read("malformed/ppk3-argon2-memory-4gib.ppk");
    let r = timed("4 GiB", KDF, vector.len(), || private_with(&vector, &pass));
    expect_kind(
        "malformed/ppk3-argon2-memory-4gib.ppk",
        r,
        ErrorKind::LimitExceeded,
    );

    // Passes and lanes are capped too.
    for (key, value) in [
        ("Argon2-Passes", "4294967295"),
        ("Argon2-Parallelism", "16777215"),
    ] {
        let bad = ppk_header(&ppk, key, value);
        let r = timed(key, KDF, bad.len(), || private_with(&bad, &pass));
        expect_kind(key, r, ErrorKind::LimitExceeded);
    }
}

#[test]
#[cfg(feature = "ppk")]
fn ppk_private_lines_huge() {
    let either = |what: &str, r: Result<PrivateKey>| {
        let e = err(what, r);
        assert!(
            matches!(e.kind(), ErrorKind::LimitExceeded | ErrorKind::Parse),
            "{what}: {e}"
        );
    };
    let vector = common::read("malformed/ppk3-private-lines-huge.ppk");
    either(
        "malformed/ppk3-private-lines-huge.ppk",
        timed("vector", FAST, vector.len(), || private(&vector)),
    );
    let ppk = common::read("keys/ed25519-a/ppk3.ppk");
    for (key, value) in [
        ("Private-Lines", "1000000000"),
        ("Public-Lines", "1000000000"),
    ] {
        let bad = ppk_header(&ppk, key, value);
        either(key, timed(key, FAST, bad.len(), || private(&bad)));
    }
}

#[test]
#[cfg(feature = "ppk")]
fn tampered_ppk_mac_is_integrity() {
    for path in ["malformed/ppk2-bad-mac.ppk", "malformed/ppk3-bad-mac.ppk"] {
        let input = common::read(path);
        let r = timed(path, FAST, input.len(), || private(&input));
        expect_kind(path, r, ErrorKind::Integrity);
    }
    // The MAC covers the comment: editing it in an unencrypted file is tampering.
    for v in ["ppk2", "ppk3"] {
        let ppk = common::read(&format!("keys/ed25519-a/{v}.ppk"));
        let edited = ppk_header(&ppk, "Comment", "someone else");
        let r = timed(v, FAST, edited.len(), || private(&edited));
        expect_kind(
            &format!("{v} with an edited comment"),
            r,
            ErrorKind::Integrity,
        );
    }
}

#[test]
#[cfg(all(feature = "dsa", feature = "ppk", feature = "legacy-pem"))]
fn wrong_passphrases() {
    let wrong = common::wrong_passphrase();
    let fast = [
        "malformed/pkcs8-enc-wrong-passphrase.pem",
        "malformed/pkcs1-aes128-cbc-wrong-passphrase.pem",
        "keys/ed25519-a/ppk2-enc.ppk",
    ];
    for path in fast {
        let input = common::read(path);
        let r = timed(path, FAST, input.len(), || private_with(&input, &wrong));
        expect_kind(path, r, ErrorKind::WrongPassphrase);
    }
    // These run the file's own KDF (bcrypt 16 rounds, Argon2 1 MiB) before they can tell.
    for path in [
        "malformed/openssh-enc-wrong-passphrase.key",
        "malformed/ppk3-wrong-passphrase.ppk",
    ] {
        let input = common::read(path);
        let r = timed(path, KDF, input.len(), || private_with(&input, &wrong));
        expect_kind(path, r, ErrorKind::WrongPassphrase);
    }
    // openssh-key-v1 with 1 bcrypt round: cheap enough for the fast bound.
    let key = keywright::load_private(&common::read("keys/ed25519-a/openssh.key"), None).unwrap();
    let mut options =
        keywright::EncodeOptions::default().with_passphrase(Some(common::passphrase()));
    options.openssh_rounds = 1;
    let enc = key.encode(keywright::Format::OpenSsh, &options).unwrap();
    let r = timed("1 round", FAST, enc.len(), || {
        private_with(enc.as_bytes(), &wrong)
    });
    expect_kind("openssh, 1 bcrypt round", r, ErrorKind::WrongPassphrase);
    let r = timed("1 round", FAST, enc.len(), || {
        private_with(enc.as_bytes(), &Passphrase::from(""))
    });
    expect_kind(
        "openssh, empty passphrase",
        r,
        ErrorKind::PassphraseRequired,
    );
}

// ---- size, NULs, garbage -------------------------------------------------------------

#[test]
#[cfg(all(feature = "dsa", feature = "ppk", feature = "legacy-pem"))]
fn ten_mib_random_input() {
    let random = random_bytes(10 << 20, 1);
    let mut pem = b"-----BEGIN PRIVATE KEY-----\n".to_vec();
    let b64 = Base64::encode_string(&random[..(7 << 20)]);
    for chunk in b64.as_bytes().chunks(64) {
        pem.extend_from_slice(chunk);
        pem.push(b'\n');
    }
    pem.extend_from_slice(b"-----END PRIVATE KEY-----\n");
    let limit_or_parse = |what: &str, e: Error| {
        assert!(
            matches!(e.kind(), ErrorKind::LimitExceeded | ErrorKind::Parse),
            "{what}: {e}"
        );
    };
    for (what, input) in [("random", &random), ("huge PEM", &pem)] {
        let input = input.as_slice();
        let calls: [(&str, &dyn Fn() -> Option<Error>); 8] = [
            ("load_private", &|| private(input).err()),
            ("load_public", &|| public(input).err()),
            ("load", &|| keywright::load(input, None).err()),
            ("from_openssh", &|| {
                PrivateKey::from_openssh(input, None).err()
            }),
            ("from_pem", &|| PrivateKey::from_pem(input, None).err()),
            ("from_ppk", &|| PrivateKey::from_ppk(input, None).err()),
            ("from_der", &|| PublicKey::from_der(input).err()),
            ("peek_public", &|| keywright::peek_public(input).err()),
        ];
        for (call, f) in calls {
            let label = format!("{what}: {call}");
            let e =
                timed(&label, FAST, input.len(), f).unwrap_or_else(|| panic!("{label}: accepted"));
            limit_or_parse(&label, e);
        }
        // authorized_keys streams any amount of text line by line (each line an error
        // here): linear time, so only a loose bound.
        let n = timed(&format!("{what}: Entries"), KDF, input.len(), || {
            Entries::new(input, &Limits::default()).count()
        });
        assert!(n > 0);
    }
}

#[test]
#[cfg(all(feature = "dsa", feature = "ppk", feature = "legacy-pem"))]
fn nul_bytes() {
    let zeros = vec![0u8; 4096];
    expect_kind(
        "NULs",
        timed("NULs", FAST, zeros.len(), || private(&zeros)),
        ErrorKind::Parse,
    );
    expect_kind(
        "NULs",
        timed("NULs", FAST, zeros.len(), || public(&zeros)),
        ErrorKind::Parse,
    );

    // A NUL in the middle of the base64 of each kind of file.
    for path in [
        "keys/ed25519-a/openssh.key",
        "keys/ed25519-a/pkcs8.pem",
        "keys/ed25519-a/ppk3.ppk",
    ] {
        let mut input = common::read(path);
        let at = input.len() / 2;
        input[at] = 0;
        let r = timed(path, FAST, input.len(), || private(&input));
        expect_kind(&format!("{path} with a NUL"), r, ErrorKind::Parse);
    }
    for path in [
        "keys/ed25519-a/openssh.pub",
        "keys/ed25519-a/rfc4716.pub",
        "keys/ed25519-a/spki.pem",
    ] {
        let mut input = common::read(path);
        let at = input.len() / 2;
        input[at] = 0;
        let r = timed(path, FAST, input.len(), || public(&input));
        expect_kind(&format!("{path} with a NUL"), r, ErrorKind::Parse);
    }
    // NUL-padded after a complete key (as a disk block might be): not a key either.
    let mut padded = common::read("keys/ed25519-a/openssh.pub");
    padded.splice(0..0, [0u8; 16]);
    expect_kind("leading NULs", public(&padded), ErrorKind::Parse);
}

/// Invalid UTF-8 in comments: the key loads and the comment is replaced lossily.
const GARBAGE: &[u8] = b"bad \xff\xfe utf8 \xc3\x28";

fn lossy() -> String {
    String::from_utf8_lossy(GARBAGE).into_owned()
}

#[test]
fn utf8_garbage_in_openssh_private_comment() {
    let pem = common::read("keys/ed25519-a/openssh.key");
    // The builder reproduces the vector exactly.
    let comment = common::key("ed25519-a")["comment"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(openssh_with_comment(&pem, comment.as_bytes()), pem);

    let input = openssh_with_comment(&pem, GARBAGE);
    let key = timed("garbage", FAST, input.len(), || private(&input)).unwrap();
    assert_eq!(key.comment(), lossy());
    let key = PrivateKey::from_openssh(&input, None).unwrap();
    assert_eq!(key.comment(), lossy());
    assert_eq!(key.public_key().comment(), lossy());
}

#[test]
fn utf8_garbage_in_public_line_comment() {
    let line = common::read("keys/ed25519-a/openssh.pub");
    let blob = line_blob(&line);
    let mut input = format!("ssh-ed25519 {} ", Base64::encode_string(&blob)).into_bytes();
    input.extend_from_slice(GARBAGE);
    input.push(b'\n');

    let entries: Vec<_> = Entries::new(input.as_slice(), &Limits::default()).collect();
    assert_eq!(entries.len(), 1);
    let entry = entries[0].as_ref().unwrap();
    assert_eq!(entry.comment.as_deref(), Some(lossy().as_str()));
    assert_eq!(entry.key.comment(), lossy());

    let key = timed("garbage", FAST, input.len(), || public(&input)).unwrap();
    assert_eq!(key.comment(), lossy());

    // Valid UTF-8 that is not ASCII is kept as it is.
    let input = format!("ssh-ed25519 {} josé@hôte ☃", Base64::encode_string(&blob));
    assert_eq!(public(input.as_bytes()).unwrap().comment(), "josé@hôte ☃");
}

#[test]
fn utf8_garbage_in_rfc4716_comment() {
    let rfc = common::read("keys/ed25519-a/rfc4716.pub");
    let mut input = Vec::new();
    for line in rfc.split_inclusive(|b| *b == b'\n') {
        if line.starts_with(b"Comment:") {
            input.extend_from_slice(b"Comment: \"");
            input.extend_from_slice(GARBAGE);
            input.extend_from_slice(b"\"\n");
        } else {
            input.extend_from_slice(line);
        }
    }
    let key = timed("garbage", FAST, input.len(), || public(&input)).unwrap();
    assert_eq!(key.comment(), lossy());
}

// ---- oversized components in structurally valid keys --------------------------------

use common::oversized::{self, Alg, Fmt};

/// Runs `f` on a thread with a 256 KiB stack (a 2 MiB thread was enough to crash on a
/// 217 KB key): a stack overflow aborts the whole test binary, so this test going red is
/// the process dying.
fn small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

/// Legacy `Proc-Type: 4,ENCRYPTED` PEM (AES-128-CBC, `EVP_BytesToKey` with MD5), as
/// `openssl rsa -aes128` writes it.
fn legacy_encrypt(label: &str, der: &[u8], passphrase: &[u8]) -> Vec<u8> {
    use aes::cipher::{BlockModeEncrypt, KeyIvInit, block_padding::Pkcs7};
    use md5::{Digest, Md5};
    let iv: [u8; 16] = *b"0123456789abcdef";
    let key: [u8; 16] = Md5::new()
        .chain_update(passphrase)
        .chain_update(&iv[..8])
        .finalize()
        .into();
    let mut buf = der.to_vec();
    buf.resize(der.len() + 16, 0);
    let ciphertext = cbc::Encryptor::<aes::Aes128>::new(&key.into(), &iv.into())
        .encrypt_padded::<Pkcs7>(&mut buf, der.len())
        .unwrap()
        .to_vec();
    let hex: String = iv.iter().map(|b| format!("{b:02X}")).collect();
    let b64 = Base64::encode_string(&ciphertext);
    let mut out =
        format!("-----BEGIN {label}-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,{hex}\n\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(text(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out.into_bytes()
}

/// The PKCS#1 DER inside a traditional RSA PEM the builder wrote.
fn pem_der(pem: &[u8]) -> Vec<u8> {
    unarmor(pem)
}

/// The mask of the named components of `alg`.
fn mask(alg: Alg, names: &[&str]) -> u32 {
    let all = oversized::component_names(alg);
    names
        .iter()
        .map(|n| 1 << all.iter().position(|a| a == n).unwrap())
        .fold(0, |a, b| a | b)
}

/// Every builder case reads as its vector key when nothing is oversized: the files it
/// makes are structurally valid, so the oversized ones test the size checks and nothing
/// else.
#[test]
#[cfg(all(feature = "dsa", feature = "ppk", feature = "legacy-pem"))]
fn oversized_builder_makes_valid_keys() {
    for &(alg, fmt) in oversized::CASES {
        let bytes = oversized::Key::vector(alg).encode(fmt);
        let key = private(&bytes).unwrap_or_else(|e| panic!("{alg:?} {fmt:?}: {e}"));
        let vector = match alg {
            Alg::Rsa => "rsa2048-a",
            Alg::Dsa => "dsa1024-a",
            Alg::Ecdsa => "ecdsa256-a",
            Alg::Ed25519 => "ed25519-a",
        };
        let expected = private(&common::read(&format!("keys/{vector}/openssh.key"))).unwrap();
        assert_eq!(key, expected, "{alg:?} {fmt:?}");
    }
}

/// RSA keys with a valid 2048-bit n and p, q of 300 KB each (120 KB in a PPK, whose blob
/// PuTTY caps at 256 KiB) in every private format: refused as invalid, quickly, on a
/// 256 KiB stack. The old code overflowed the stack in the p*q multiplication.
#[test]
#[cfg(all(feature = "dsa", feature = "ppk", feature = "legacy-pem"))]
fn rsa_huge_primes_every_format() {
    let base = oversized::Key::vector(Alg::Rsa);
    let pq = mask(Alg::Rsa, &["p", "q"]);
    let passphrase = common::passphrase();
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    for fmt in [Fmt::Traditional, Fmt::Pkcs8, Fmt::OpenSsh, Fmt::Ppk] {
        let size = if fmt == Fmt::Ppk { 120_000 } else { 300_000 };
        inputs.push((
            format!("{fmt:?}"),
            base.oversized(pq, size, b"").encode(fmt),
        ));
    }
    let pkcs1 = pem_der(&base.oversized(pq, 300_000, b"").encode(Fmt::Traditional));
    inputs.push((
        "legacy PEM".into(),
        legacy_encrypt("RSA PRIVATE KEY", &pkcs1, passphrase.as_bytes()),
    ));
    for name in ["d", "iqmp", "dp", "dq"] {
        let m = mask(Alg::Rsa, &[name]);
        inputs.push((
            format!("pkcs1 {name}"),
            base.oversized(m, 300_000, b"").encode(Fmt::Traditional),
        ));
    }
    for (what, bytes) in inputs {
        let passphrase = passphrase.clone();
        let e = small_stack(move || {
            timed(&what, BIG, bytes.len(), || {
                keywright::load_private(&bytes, Some(&passphrase)).map(|_| ())
            })
            .map_err(|e| (what, e))
        });
        let (what, e) = e.unwrap_err();
        // A failed decryption check would be WrongPassphrase: the legacy PEM decrypts.
        assert_eq!(e.kind(), ErrorKind::Parse, "{what}: {e}");
        assert!(e.to_string().contains("bits"), "{what}: {e}");
    }
}

/// DSA and ECDSA components far over their sizes, in every format: refused before any
/// exponentiation (a 700 KB x in PKCS#8 cost 26 s before "x is out of range").
#[test]
#[cfg(all(feature = "dsa", feature = "ppk", feature = "legacy-pem"))]
fn dsa_and_ecdsa_huge_components_every_format() {
    for &(alg, fmt) in oversized::CASES {
        if !matches!(alg, Alg::Dsa | Alg::Ecdsa) {
            continue;
        }
        for (i, name) in oversized::component_names(alg).iter().enumerate() {
            if *name == "point" || !oversized::stored(alg, fmt, name) {
                continue; // a fixed-size field (see fixed_size_fields_are_exact), or not stored
            }
            // 700 KB for the PKCS#8 x of the report, 300 KB elsewhere (a debug build reads
            // base64 at about 1.5 MB/s), or what a PPK blob holds.
            let size = match (fmt, *name) {
                (Fmt::Ppk, _) => 200_000,
                (Fmt::Pkcs8, "x") => 700_000,
                _ => 300_000,
            };
            let key = oversized::Key::vector(alg).oversized(1 << i, size, b"");
            let bytes = key.encode(fmt);
            let what = format!("{alg:?} {fmt:?} {name} of {size} bytes");
            let r = small_stack(move || {
                timed(&what, BIG, bytes.len(), || private(&bytes).map(|_| ()))
                    .map_err(|e| (what, e))
            });
            let Err((what, e)) = r else {
                panic!("{alg:?} {fmt:?} {name}: accepted");
            };
            assert!(
                matches!(e.kind(), ErrorKind::Parse | ErrorKind::LimitExceeded),
                "{what}: {e}"
            );
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Any case, any set of components, any size from 300 bytes to 400 KB (appended to
    /// fixed-size fields): an error, fast, and no crash.
    #[test]
    fn oversized_components_are_refused(
        case in 0..oversized::CASES.len(),
        mask in 1u32..256,
        size in 300usize..400_000,
        filler in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..16),
    ) {
        let (alg, fmt) = oversized::CASES[case];
        let mask = oversized::stored_mask(alg, fmt, mask);
        proptest::prop_assume!(oversized::must_refuse(alg, fmt, mask, size));
        let bytes = oversized::Key::vector(alg).oversized(mask, size, &filler).encode(fmt);
        let what = format!("{alg:?} {fmt:?} mask {mask:#b} size {size}");
        let r = small_stack(move || {
            timed(&what, BIG, bytes.len(), || private(&bytes).map(|_| ()))
        });
        proptest::prop_assert!(r.is_err());
    }
}

/// Every fixed-size field (Ed25519 public key and seed, ECDSA point) with 1 or 32 bytes
/// appended, in every private format that stores it: a parse error. The old code read an
/// `openssh-key-v1` Ed25519 key or ECDSA point plus junk and dropped the junk.
#[test]
#[cfg(all(feature = "dsa", feature = "ppk", feature = "legacy-pem"))]
fn fixed_size_fields_are_exact() {
    for &(alg, fmt) in oversized::CASES {
        for (i, name) in oversized::component_names(alg).iter().enumerate() {
            if !oversized::fixed_size(alg, name) {
                continue;
            }
            for junk in [1, 32] {
                let bytes = oversized::Key::vector(alg)
                    .oversized(1 << i, junk, b"\xa5")
                    .encode(fmt);
                let what = format!("{alg:?} {fmt:?} {name} + {junk} bytes");
                let r = timed(&what, FAST, bytes.len(), || private(&bytes));
                expect_kind(&what, r, ErrorKind::Parse);
                if matches!(fmt, Fmt::OpenSsh | Fmt::Ppk) && *name != "seed" {
                    // The public half alone, as `public` and `fingerprint` read it.
                    let r = keywright::peek_public(&bytes);
                    assert!(!matches!(r, Ok(Some(_))), "{what}: peek_public read it");
                }
            }
        }
    }
}

/// An encrypted `openssh-key-v1` vector with its KDF options, cipher or KDF name replaced.
fn openssh_enc_with(cipher: &[u8], kdf: &[u8], kdf_options: Option<&[u8]>) -> Vec<u8> {
    let pem = common::read("keys/ed25519-a/openssh-enc.key");
    let body = unarmor(&pem);
    let l = openssh_layout(&body);
    let mut out = body[..l.cipher].to_vec();
    ssh_string(&mut out, cipher);
    ssh_string(&mut out, kdf);
    ssh_string(
        &mut out,
        kdf_options.unwrap_or(&body[l.kdf_options + 4..l.count]),
    );
    out.extend_from_slice(&body[l.count..]);
    armor(OPENSSH_LABEL, &out)
}

/// bcrypt-pbkdf with an empty salt or 0 rounds is invalid input (the old code reported a
/// usage error, exit 2); an unknown cipher or KDF name is unsupported (exit 5).
#[test]
fn openssh_bad_kdf_options_and_unknown_names() {
    let passphrase = common::passphrase();
    let mut salt_16_rounds_0 = Vec::new();
    ssh_string(&mut salt_16_rounds_0, &[7; 16]);
    salt_16_rounds_0.extend_from_slice(&0u32.to_be_bytes());
    let mut empty_salt = Vec::new();
    ssh_string(&mut empty_salt, b"");
    empty_salt.extend_from_slice(&16u32.to_be_bytes());
    for (what, options) in [("0 rounds", salt_16_rounds_0), ("empty salt", empty_salt)] {
        let bytes = openssh_enc_with(b"aes256-ctr", b"bcrypt", Some(&options));
        for pass in [None, Some(&passphrase)] {
            let r = keywright::load_private(&bytes, pass);
            let e = expect_kind(what, r, ErrorKind::Parse);
            assert!(e.to_string().contains("bcrypt"), "{what}: {e}");
        }
    }
    for (what, cipher, kdf) in [
        ("unknown cipher", &b"aes999-ctr"[..], &b"bcrypt"[..]),
        ("unknown KDF", b"aes256-ctr", b"scrypt"),
    ] {
        let bytes = openssh_enc_with(cipher, kdf, None);
        let r = private_with(&bytes, &passphrase);
        let e = expect_kind(what, r, ErrorKind::Unsupported);
        let name = text(if what == "unknown KDF" { kdf } else { cipher });
        assert!(e.to_string().contains(name), "{what}: {e}");
    }
}

/// SSH-1 private keys (`SSH PRIVATE KEY FILE FORMAT 1.1`): unsupported, saying so, from
/// every entry point (the old code took the first line for an OpenSSH public line).
#[test]
fn ssh1_keys_are_unsupported() {
    let mut file = b"SSH PRIVATE KEY FILE FORMAT 1.1\n\0\0\0\0\0\0\0\0\x04\x00".to_vec();
    file.extend_from_slice(&random_bytes(600, 7));
    let checks: [(&str, Result<()>); 4] = [
        ("load_private", private(&file).map(|_| ())),
        ("load_public", public(&file).map(|_| ())),
        ("load", keywright::load(&file, None).map(|_| ())),
        ("peek_public", keywright::peek_public(&file).map(|_| ())),
    ];
    for (what, r) in checks {
        let e = expect_kind(what, r, ErrorKind::Unsupported);
        assert!(
            e.to_string().contains("SSH-1 keys are not supported"),
            "{what}: {e}"
        );
    }
    assert_eq!(keywright::detect(&file), None);
}

/// The vector's PBES2 file with the bytes `from` (an OID's content) replaced by `to`.
fn pkcs8_enc_with(from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut der = unarmor(&common::read("keys/rsa2048-a/pkcs8-enc.pem"));
    let at = der
        .windows(from.len())
        .position(|w| w == from)
        .expect("the OID is in the vector");
    der[at..at + from.len()].copy_from_slice(to);
    oversized::armor("ENCRYPTED PRIVATE KEY", &der)
}

/// An encrypted PKCS#8 naming a scheme, key derivation or cipher keywright does not know
/// is unsupported (exit 5); the old code called it malformed (exit 1).
#[test]
fn pkcs8_unknown_encryption_oids_are_unsupported() {
    let pbes2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d];
    let pbkdf2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0c];
    let aes256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a];
    let passphrase = common::passphrase();
    for (what, from, last) in [
        ("scheme", pbes2, 0x0e),
        ("key derivation", pbkdf2, 0x0b),
        ("cipher", aes256, 0x2b),
    ] {
        let mut to = from.to_vec();
        *to.last_mut().unwrap() = last;
        let bytes = pkcs8_enc_with(from, &to);
        for pass in [None, Some(&passphrase)] {
            let r = keywright::load_private(&bytes, pass);
            let e = expect_kind(what, r, ErrorKind::Unsupported);
            assert!(e.to_string().contains(what), "{what}: {e}");
        }
    }
}

/// PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) encryption of `der`, as `openssl pkcs8 -topk8`
/// writes it.
fn pkcs8_encrypt(der: &[u8], passphrase: &[u8]) -> Vec<u8> {
    use der::Encode;
    let params =
        pkcs5::pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(2048, &[9; 16], [3; 16])
            .unwrap();
    let ciphertext = params.encrypt(passphrase, der).unwrap();
    let info = pkcs8::EncryptedPrivateKeyInfoRef {
        encryption_algorithm: params.into(),
        encrypted_data: der::asn1::OctetStringRef::new(&ciphertext).unwrap(),
    };
    oversized::armor("ENCRYPTED PRIVATE KEY", &info.to_der().unwrap())
}

/// An encrypted PEM or PKCS#8 that decrypts to well-formed DER of an inconsistent key
/// (iqmp wrong, d wrong) is an invalid key (exit 1); the old code said "wrong passphrase"
/// (exit 3). A wrong passphrase is still one.
#[test]
#[cfg(all(feature = "dsa", feature = "ppk", feature = "legacy-pem"))]
fn decrypted_but_inconsistent_keys_are_invalid_not_wrong_passphrase() {
    let passphrase = common::passphrase();
    let base = oversized::Key::vector(Alg::Rsa);
    for name in ["iqmp", "d"] {
        let mut key = base.clone();
        let i = oversized::component_names(Alg::Rsa)
            .iter()
            .position(|n| *n == name)
            .unwrap();
        key.components[i] = vec![0x01, 0x23, 0x45];
        let pkcs1 = unarmor(&key.encode(Fmt::Traditional));
        let pkcs8 = unarmor(&key.encode(Fmt::Pkcs8));
        for (what, bytes) in [
            (
                "legacy PEM",
                legacy_encrypt("RSA PRIVATE KEY", &pkcs1, passphrase.as_bytes()),
            ),
            ("PKCS#8", pkcs8_encrypt(&pkcs8, passphrase.as_bytes())),
        ] {
            let what = format!("{what} with a wrong {name}");
            let e = err(&what, private_with(&bytes, &passphrase));
            assert!(matches!(e, Error::InvalidKey { .. }), "{what}: {e}");
            let wrong = private_with(&bytes, &common::wrong_passphrase());
            expect_kind(&what, wrong, ErrorKind::WrongPassphrase);
        }
    }
}
