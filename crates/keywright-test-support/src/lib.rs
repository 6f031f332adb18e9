#![doc = include_str!("../README.md")]
// Test support: a missing file or a failed tool is the test's failure, said with a panic.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::expect_used,
    reason = "test support: a failure here is the calling test's failure"
)]

pub mod oversized;
pub mod rng;
pub mod weak;

use std::path::{Path, PathBuf};

use serde_json::Value;

pub use rng::TestRng;

/// The core's test data, `tests/data` of the `keywright` crate: that of the crate under test
/// when it has one (`cargo test` sets `CARGO_MANIFEST_DIR`: the core, in the repository or
/// unpacked from its `.crate`, which holds it), else that of the core beside the crate under
/// test in `crates/` (the command's tests), else beside this crate as it was built.
fn data_dir() -> &'static Path {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("../keywright/tests/data");
        let under_test = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
        under_test
            .iter()
            .flat_map(|dir| [dir.join("tests/data"), dir.join("../keywright/tests/data")])
            .find(|d| d.join("vectors/manifest.json").is_file())
            .unwrap_or(built)
    })
}

/// A DER tag-length-value (definite length, short or long form).
#[must_use]
pub fn der_tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend_from_slice(&bytes);
    }
    out.extend_from_slice(content);
    out
}

/// The vectors folder (a copy of `shared/vectors`, with its manifest).
#[must_use]
pub fn vectors() -> PathBuf {
    data_dir().join("vectors")
}

/// The bytes of a vector file, by its manifest path (e.g. `keys/rsa2048-a/pkcs1.pem`).
#[must_use]
pub fn read(path: &str) -> Vec<u8> {
    std::fs::read(vectors().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A file of the repository's own test data (`crates/keywright/tests/data/PATH`), e.g. the
/// FIDO vectors in `sk/` and the certificates in `certs/`.
#[must_use]
pub fn data(path: &str) -> Vec<u8> {
    let full = data_dir().join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// The manifest.
#[must_use]
pub fn manifest() -> Value {
    serde_json::from_slice(&read("manifest.json")).unwrap()
}

/// The ids of every key in the manifest.
#[must_use]
pub fn key_ids() -> Vec<String> {
    manifest()["keys"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

/// The manifest entry of key `id`.
#[must_use]
pub fn key(id: &str) -> Value {
    manifest()["keys"][id].clone()
}

/// Every file entry of the manifest (all keys), as `(key id, file entry)`.
#[must_use]
pub fn files() -> Vec<(String, Value)> {
    let m = manifest();
    let mut out = Vec::new();
    for (id, k) in m["keys"].as_object().unwrap() {
        for f in k["files"].as_array().unwrap() {
            out.push((id.clone(), f.clone()));
        }
    }
    out
}

/// Whether `KEYWRIGHT_REQUIRE_INTEROP=1`: a missing reference tool then fails the test.
fn interop_required() -> bool {
    std::env::var("KEYWRIGHT_REQUIRE_INTEROP").as_deref() == Ok("1")
}

/// The path of a reference tool (`ssh-keygen`, `openssl`, `puttygen`), or `None` to skip
/// an interop test. With `KEYWRIGHT_REQUIRE_INTEROP=1` a missing tool fails the test.
#[must_use]
pub fn tool(name: &str) -> Option<PathBuf> {
    // `sshd` lives in `/usr/sbin`, which is not on every user's `PATH`.
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .chain(["/usr/sbin", "/usr/local/sbin", "/sbin"].map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            !interop_required(),
            "{name} is required (KEYWRIGHT_REQUIRE_INTEROP=1) but not on PATH"
        );
        eprintln!("skipping: {name} not found");
    }
    found
}

/// The `badkeys` command (badkeys 0.0.21, the audit's reference): `$KEYWRIGHT_BADKEYS` when
/// set, else the venv `scripts/install-tools.sh` makes (`.tools/badkeys/bin/badkeys` at the top
/// of the repository), else `badkeys` on `PATH`. `None` skips the comparison; with
/// `KEYWRIGHT_REQUIRE_INTEROP=1` a missing badkeys fails the test.
#[must_use]
pub fn badkeys() -> Option<PathBuf> {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools/badkeys/bin/badkeys");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::var_os("KEYWRIGHT_BADKEYS")
        .map(PathBuf::from)
        .into_iter()
        .chain([venv])
        .chain(std::env::split_paths(&path).map(|dir| dir.join("badkeys")))
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            !interop_required(),
            "badkeys is required (KEYWRIGHT_REQUIRE_INTEROP=1) but neither $KEYWRIGHT_BADKEYS, \
             .tools/badkeys (scripts/install-tools.sh) nor PATH has it"
        );
        eprintln!("skipping: badkeys not found (scripts/install-tools.sh installs it)");
    }
    found
}

/// Runs `program` with `args`, feeding it `stdin` (or nothing), and returns its output
/// whatever its exit status.
pub fn output(program: &Path, args: &[&str], stdin: Option<&[u8]>) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", program.display()));
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

/// Runs `tool` with `args` (and `stdin`), returning stdout; panics with stderr on failure.
pub fn run(tool: &Path, args: &[&str], stdin: Option<&[u8]>) -> Vec<u8> {
    let out = output(tool, args, stdin);
    assert!(
        out.status.success(),
        "{} {args:?} failed: {}",
        tool.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The EC2 console's fingerprints of the RSA private key PEM at `pem`, by the pipelines AWS
/// documents: `(created, imported)`, that is
/// `openssl pkcs8 -in F -inform PEM -outform DER -topk8 -nocrypt | openssl sha1 -c` and
/// `openssl rsa -in F -pubout -outform DER | openssl md5 -c`.
#[must_use]
pub fn ec2_fingerprints_by_openssl(openssl: &Path, pem: &Path) -> (String, String) {
    let pem = pem.to_str().unwrap();
    let digest = |input: &[u8], name: &str| {
        let out = String::from_utf8(run(openssl, &[name, "-c"], Some(input))).unwrap();
        out.trim().rsplit("= ").next().unwrap().to_owned()
    };
    let pkcs8 = run(
        openssl,
        &[
            "pkcs8", "-in", pem, "-inform", "PEM", "-outform", "DER", "-topk8", "-nocrypt",
        ],
        None,
    );
    let spki = run(
        openssl,
        &["rsa", "-in", pem, "-pubout", "-outform", "DER"],
        None,
    );
    (digest(&pkcs8, "sha1"), digest(&spki, "md5"))
}

/// The names in `dir`, sorted.
#[must_use]
pub fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A private temporary directory for files handed to the reference tools.
#[must_use]
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Copies the vector file `vector` to `dir/name` with mode 0600.
pub fn copy_private(dir: &Path, name: &str, vector: &str) -> PathBuf {
    write_private(dir, name, &read(vector))
}

/// Writes `bytes` to `dir/name` with mode 0600 (ssh-keygen refuses readable keys).
pub fn write_private(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    path
}
