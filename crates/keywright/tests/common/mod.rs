//! Shared test helpers: the known-answer vectors made by the reference tools.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::panic,
    clippy::expect_used
)]

use std::path::{Path, PathBuf};

use serde_json::Value;

/// Weak and broken keys made for the audit tests.
#[path = "weak.rs"]
pub mod weak;

/// The vectors folder (a copy of `shared/vectors`, with its manifest).
pub fn vectors() -> PathBuf {
    // Both crates sit in `crates/`, so this works from either.
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../keywright/tests/data/vectors")
}

/// The bytes of a vector file, by its manifest path (e.g. `keys/rsa2048-a/pkcs1.pem`).
pub fn read(path: &str) -> Vec<u8> {
    std::fs::read(vectors().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A file of this repository's own test data (`tests/data/PATH`), e.g. the FIDO vectors in
/// `sk/` and the certificates in `certs/`.
pub fn data(path: &str) -> Vec<u8> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../keywright/tests/data")
        .join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// The manifest.
pub fn manifest() -> Value {
    serde_json::from_slice(&read("manifest.json")).unwrap()
}

/// The ids of every key in the manifest.
pub fn key_ids() -> Vec<String> {
    manifest()["keys"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

/// The manifest entry of key `id`.
pub fn key(id: &str) -> Value {
    manifest()["keys"][id].clone()
}

/// The passphrase in `passphrases/correct.txt`.
pub fn passphrase() -> keywright::Passphrase {
    keywright::Passphrase::from_file_contents(&read("passphrases/correct.txt"))
}

/// The passphrase in `passphrases/wrong.txt`.
pub fn wrong_passphrase() -> keywright::Passphrase {
    keywright::Passphrase::from_file_contents(&read("passphrases/wrong.txt"))
}

/// Every file entry of the manifest (all keys), as `(key id, file entry)`.
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

/// The path of a reference tool (`ssh-keygen`, `openssl`, `puttygen`), or `None` to skip
/// an interop test. With `KEYWRIGHT_REQUIRE_INTEROP=1` a missing tool fails the test.
pub fn tool(name: &str) -> Option<PathBuf> {
    // `sshd` lives in `/usr/sbin`, which is not on every user's `PATH`.
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .chain(["/usr/sbin", "/usr/local/sbin", "/sbin"].map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var("KEYWRIGHT_REQUIRE_INTEROP").as_deref() != Ok("1"),
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
            std::env::var("KEYWRIGHT_REQUIRE_INTEROP").as_deref() != Ok("1"),
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
        .unwrap();
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

/// A private temporary directory for files handed to the reference tools.
/// The names in `dir`, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Copies the vector file `vector` to `dir/name` with mode 0600.
pub fn copy_private(dir: &Path, name: &str, vector: &str) -> PathBuf {
    write_private(dir, name, &read(vector))
}

/// Writes `bytes` to `dir/name` with mode 0600 (ssh-keygen refuses readable keys).
pub fn write_private(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path
}

/// The private key of the vector `keys/{id}/openssh.key`.
pub fn vector_key(id: &str) -> keywright::PrivateKey {
    keywright::load_private(&read(&format!("keys/{id}/openssh.key")), None).unwrap()
}

/// One key of each algorithm, made once per test binary: Ed25519 and ECDSA P-256/384/521
/// generated, RSA-2048 and (with the `dsa` feature) DSA-1024 from the vectors (RSA keygen is
/// slow in debug builds).
pub fn sample_keys() -> &'static [keywright::PrivateKey] {
    use keywright::Algorithm;
    static KEYS: std::sync::OnceLock<Vec<keywright::PrivateKey>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys: Vec<_> = [
            Algorithm::Ed25519,
            Algorithm::EcdsaP256,
            Algorithm::EcdsaP384,
            Algorithm::EcdsaP521,
        ]
        .into_iter()
        .map(|a| keywright::generate(a, None).unwrap())
        .collect();
        keys.push(vector_key("rsa2048-a"));
        // DSA loads only with keywright's `dsa` feature (this file is also included by
        // crates whose own features are not keywright's, so no `cfg!` here).
        match keywright::load_private(&read("keys/dsa1024-a/openssh.key"), None) {
            Ok(dsa) => keys.push(dsa),
            Err(keywright::Error::FeatureDisabled { .. }) => {}
            Err(e) => panic!("dsa1024-a: {e}"),
        }
        keys
    })
}

/// A "random" generator that hands out the given bytes, over and over.
struct Fixed(Vec<u8>, usize);

impl rand_core::TryRng for Fixed {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for d in dst {
            *d = self.0[self.1 % self.0.len()];
            self.1 += 1;
        }
        Ok(())
    }
}

impl rand_core::TryCryptoRng for Fixed {}

/// An Ed25519 key whose seed is `seed`.
pub fn ed25519_with_seed(seed: [u8; 32]) -> keywright::PrivateKey {
    let mut rng = Fixed(seed.to_vec(), 0);
    keywright::generate_with_rng(&mut rng, keywright::Algorithm::Ed25519, None).unwrap()
}
