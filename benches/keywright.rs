//! Criterion benchmarks: key generation, parsing and writing every format, fingerprints,
//! the passphrase KDFs at fixed parameters, `authorized_keys` fingerprinting, and the audit's
//! number checks and batch GCD.
//!
//! Fixtures are the shared known-answer vectors (`crates/keywright/tests/data/vectors`),
//! compiled in. Slow fixtures (files encrypted with Argon2 or bcrypt-pbkdf, the big
//! `authorized_keys` text) are made once, lazily, by the first bench that needs them, so
//! `cargo test --all-targets` (which runs each bench once) stays quick. In that test mode the
//! `authorized_keys` bench reads 1 000 lines instead of 100 000.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;
use std::sync::OnceLock;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use keywright::audit::batch_gcd::shared_factors;
use keywright::audit::number::{Modulus, small_private_exponent};
use keywright::authorized_keys::Entries;
use keywright::{
    Algorithm, Argon2Params, HashAlg, Limits, LineEnding, Passphrase, PpkOptions, PpkVersion,
    PrivateKey, PublicKey, ec2, fingerprint,
};

macro_rules! vector {
    ($key:literal, $file:literal) => {
        include_str!(concat!(
            "../crates/keywright/tests/data/vectors/keys/",
            $key,
            "/",
            $file
        ))
    };
}

const PASSPHRASE: &str = "correct horse battery staple";
const RSA_PKCS1: &str = vector!("rsa2048-a", "pkcs1.pem");
const RSA_PKCS8: &str = vector!("rsa2048-a", "pkcs8.pem");
const RSA_PKCS8_ENC: &str = vector!("rsa2048-a", "pkcs8-enc.pem");
const RSA_OPENSSH: &str = vector!("rsa2048-a", "openssh.key");
const RSA_PPK2: &str = vector!("rsa2048-a", "ppk2.ppk");
const RSA_PPK3: &str = vector!("rsa2048-a", "ppk3.ppk");
const RSA_PUB: &str = vector!("rsa2048-a", "openssh.pub");
const RSA_RFC4716: &str = vector!("rsa2048-a", "rfc4716.pub");
const RSA_SPKI: &str = vector!("rsa2048-a", "spki.pem");
const RSA_DER: &[u8] =
    include_bytes!("../crates/keywright/tests/data/vectors/keys/rsa2048-a/spki.der");
const PPK_4GIB: &str =
    include_str!("../crates/keywright/tests/data/vectors/malformed/ppk3-argon2-memory-4gib.ppk");
const EC_SEC1: &str = vector!("ecdsa256-a", "sec1.pem");
const ED_OPENSSH: &str = vector!("ed25519-a", "openssh.key");
const PUBLIC_LINES: [&str; 4] = [
    vector!("rsa2048-a", "openssh.pub"),
    vector!("ed25519-a", "openssh.pub"),
    vector!("ecdsa256-a", "openssh.pub"),
    vector!("rsa4096-a", "openssh.pub"),
];

/// The Argon2 parameters the PPK v3 benches and `benches/compare.sh` use.
fn argon2_fixed() -> Argon2Params {
    let mut params = Argon2Params::default();
    params.memory_kib = 8192;
    params.passes = 13;
    params.parallelism = 1;
    params
}

fn ppk_options(version: PpkVersion) -> PpkOptions {
    let mut options = PpkOptions::default();
    options.version = version;
    options.argon2 = argon2_fixed();
    options
}

fn passphrase() -> Passphrase {
    Passphrase::from(PASSPHRASE)
}

fn rsa() -> &'static PrivateKey {
    static KEY: OnceLock<PrivateKey> = OnceLock::new();
    KEY.get_or_init(|| PrivateKey::from_pem(RSA_PKCS1.as_bytes(), None).unwrap())
}

/// Whether criterion runs for measurements (`cargo bench`) rather than once (`cargo test`).
fn measuring() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn keygen(c: &mut Criterion) {
    let mut g = c.benchmark_group("keygen");
    g.sample_size(10);
    for bits in [2048, 4096] {
        g.bench_function(BenchmarkId::new("rsa", bits), |b| {
            b.iter(|| keywright::generate(Algorithm::Rsa, Some(bits)).unwrap())
        });
    }
    for (name, algorithm) in [
        ("ed25519", Algorithm::Ed25519),
        ("ecdsa-p256", Algorithm::EcdsaP256),
        ("ecdsa-p384", Algorithm::EcdsaP384),
        ("ecdsa-p521", Algorithm::EcdsaP521),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| keywright::generate(algorithm, None).unwrap())
        });
    }
    g.finish();
}

fn parse(c: &mut Criterion) {
    let pass = passphrase();
    let mut g = c.benchmark_group("parse");
    let private: [(&str, &str); 7] = [
        ("openssh-rsa2048", RSA_OPENSSH),
        ("openssh-ed25519", ED_OPENSSH),
        ("pkcs1", RSA_PKCS1),
        ("sec1", EC_SEC1),
        ("pkcs8", RSA_PKCS8),
        ("ppk2", RSA_PPK2),
        ("ppk3", RSA_PPK3),
    ];
    for (name, text) in private {
        g.bench_function(name, |b| {
            b.iter(|| keywright::load_private(black_box(text.as_bytes()), None).unwrap())
        });
    }
    g.bench_function("pkcs8-encrypted", |b| {
        b.iter(|| {
            keywright::load_private(black_box(RSA_PKCS8_ENC.as_bytes()), Some(&pass)).unwrap()
        })
    });
    for (name, text) in [
        ("openssh-pub", RSA_PUB),
        ("rfc4716", RSA_RFC4716),
        ("spki", RSA_SPKI),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| keywright::load_public(black_box(text.as_bytes())).unwrap())
        });
    }
    g.bench_function("der", |b| {
        b.iter(|| PublicKey::from_der(black_box(RSA_DER)).unwrap())
    });
    g.finish();
}

fn write(c: &mut Criterion) {
    let key = rsa();
    let ec = PrivateKey::from_pem(EC_SEC1.as_bytes(), None).unwrap();
    let public = key.public_key();
    let pass = passphrase();
    let le = LineEnding::Lf;
    let mut g = c.benchmark_group("write");
    g.bench_function("openssh", |b| b.iter(|| key.to_openssh(None).unwrap()));
    g.bench_function("pkcs1", |b| b.iter(|| key.to_pkcs1_pem(le).unwrap()));
    g.bench_function("sec1", |b| b.iter(|| ec.to_sec1_pem(le).unwrap()));
    g.bench_function("pkcs8", |b| b.iter(|| key.to_pkcs8_pem(None, le).unwrap()));
    g.bench_function("ppk2", |b| {
        b.iter(|| key.to_ppk(&ppk_options(PpkVersion::V2), None).unwrap())
    });
    g.bench_function("ppk3", |b| {
        b.iter(|| key.to_ppk(&ppk_options(PpkVersion::V3), None).unwrap())
    });
    g.bench_function("openssh-pub", |b| b.iter(|| public.to_openssh()));
    g.bench_function("rfc4716", |b| b.iter(|| public.to_rfc4716(le).unwrap()));
    g.bench_function("spki", |b| b.iter(|| public.to_spki_pem(le).unwrap()));
    g.bench_function("der", |b| b.iter(|| public.to_spki_der().unwrap()));
    g.sample_size(10);
    g.bench_function("pkcs8-encrypted", |b| {
        b.iter(|| key.to_pkcs8_pem(Some(&pass), le).unwrap())
    });
    g.finish();
}

fn fingerprints(c: &mut Criterion) {
    let key = rsa();
    let public = key.public_key();
    let ed = keywright::load_public(PUBLIC_LINES[1].as_bytes()).unwrap();
    let mut g = c.benchmark_group("fingerprint");
    g.bench_function("sha256", |b| {
        b.iter(|| black_box(&public).fingerprint(HashAlg::Sha256))
    });
    g.bench_function("md5", |b| {
        b.iter(|| black_box(&public).fingerprint(HashAlg::Md5))
    });
    g.bench_function("putty", |b| {
        b.iter(|| fingerprint::putty(black_box(&public), HashAlg::Sha256))
    });
    g.bench_function("ec2-created-rsa", |b| {
        b.iter(|| ec2::fingerprint_created(black_box(key)).unwrap())
    });
    g.bench_function("ec2-imported-rsa", |b| {
        b.iter(|| ec2::fingerprint_imported(black_box(&public)).unwrap())
    });
    g.bench_function("ec2-imported-ed25519", |b| {
        b.iter(|| ec2::fingerprint_imported(black_box(&ed)).unwrap())
    });
    g.finish();
}

/// An RSA-2048 key in an encrypted PPK v2 / v3 file (v3 at [`argon2_fixed`]).
fn encrypted_ppk(version: PpkVersion) -> &'static str {
    static V2: OnceLock<String> = OnceLock::new();
    static V3: OnceLock<String> = OnceLock::new();
    let cell = match version {
        PpkVersion::V2 => &V2,
        _ => &V3,
    };
    cell.get_or_init(|| {
        rsa()
            .to_ppk(&ppk_options(version), Some(&passphrase()))
            .unwrap()
            .to_string()
    })
}

fn kdf(c: &mut Criterion) {
    let key = rsa();
    let pass = passphrase();
    let mut g = c.benchmark_group("kdf");
    g.sample_size(10);
    for (name, version) in [
        ("ppk2", PpkVersion::V2),
        ("ppk3-argon2id-8m-13", PpkVersion::V3),
    ] {
        g.bench_function(BenchmarkId::new("encrypt", name), |b| {
            b.iter(|| key.to_ppk(&ppk_options(version), Some(&pass)).unwrap())
        });
        g.bench_function(BenchmarkId::new("decrypt", name), |b| {
            let file = encrypted_ppk(version);
            b.iter(|| PrivateKey::from_ppk(black_box(file.as_bytes()), Some(&pass)).unwrap())
        });
    }
    // The cost of what keywright writes by default (`Argon2Params::DEFAULT_PASSES`).
    g.bench_function("decrypt/ppk3-default", |b| {
        static FILE: OnceLock<String> = OnceLock::new();
        let file = FILE.get_or_init(|| {
            let options = PpkOptions::default();
            key.to_ppk(&options, Some(&passphrase()))
                .unwrap()
                .to_string()
        });
        b.iter(|| PrivateKey::from_ppk(black_box(file.as_bytes()), Some(&pass)).unwrap())
    });
    // A file asking for 4 GiB of Argon2 memory is refused before any of it is allocated.
    g.bench_function("refuse/ppk3-argon2-memory-4gib", |b| {
        b.iter(|| PrivateKey::from_ppk(black_box(PPK_4GIB.as_bytes()), Some(&pass)).unwrap_err())
    });
    g.bench_function("decrypt/openssh-bcrypt16", |b| {
        static FILE: OnceLock<String> = OnceLock::new();
        let file = FILE.get_or_init(|| {
            let key = keywright::load_private(ED_OPENSSH.as_bytes(), None).unwrap();
            key.to_openssh(Some(&passphrase())).unwrap().to_string()
        });
        b.iter(|| keywright::load_private(black_box(file.as_bytes()), Some(&pass)).unwrap())
    });
    g.finish();
}

/// `lines` lines of `authorized_keys`: the vectors' keys with numbered comments, some with
/// options, some `#` lines.
fn authorized_keys_text(lines: usize) -> String {
    let mut text = String::with_capacity(lines * 400);
    for i in 0..lines {
        let key = PUBLIC_LINES[i % PUBLIC_LINES.len()].trim_end();
        if i % 97 == 0 {
            text.push_str("# team\n");
        } else if i % 13 == 0 {
            text.push_str(&format!("from=\"10.0.0.{}\",no-pty {key}-{i}\n", i % 250));
        } else {
            text.push_str(&format!("{key}-{i}\n"));
        }
    }
    text
}

fn authorized_keys(c: &mut Criterion) {
    let lines = if measuring() { 100_000 } else { 1_000 };
    static TEXT: OnceLock<String> = OnceLock::new();
    let text = TEXT.get_or_init(|| authorized_keys_text(lines));
    let mut g = c.benchmark_group("authorized_keys");
    g.sample_size(10);
    g.throughput(Throughput::Elements(lines as u64));
    g.bench_function(BenchmarkId::new("fingerprint-sha256", lines), |b| {
        b.iter(|| {
            let mut out = 0usize;
            for entry in Entries::new(black_box(text.as_bytes()), &Limits::DEFAULT) {
                let entry = entry.unwrap();
                out += fingerprint::ssh_keygen_line(&entry.key, HashAlg::Sha256).len();
            }
            out
        })
    });
    g.finish();
}

/// Random odd 2048-bit numbers with the top bit set (the batch GCD does the same work on them
/// as on real moduli); `clean` keeps only numbers without prime factors up to 65537, as RSA
/// moduli are, so the per-key checks run to the end.
fn audit_moduli(count: usize, seed: u64, clean: bool) -> Vec<Modulus> {
    let mut rng = keywright_test_support::TestRng::seeded(seed);
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let mut bytes: Vec<u8> = (0..32).flat_map(|_| rng.next_u64().to_be_bytes()).collect();
        bytes[0] |= 0x80;
        bytes[255] |= 1;
        let m = Modulus::from_be_bytes(&bytes);
        if !clean || m.small_factor(65537).is_none() {
            out.push(m);
        }
    }
    out
}

/// The audit's number checks: each per-key RSA check on 2048-bit moduli, all of them together
/// (what `keywright audit` runs per RSA key), and the batch GCD over 10 000 moduli.
fn audit(c: &mut Criterion) {
    let moduli = audit_moduli(64, 1, true);
    let e = Modulus::from(65537);
    let mut g = c.benchmark_group("audit");
    g.throughput(Throughput::Elements(moduli.len() as u64));
    type Check = (&'static str, fn(&Modulus, &Modulus) -> bool);
    let checks: [Check; 6] = [
        ("roca", |m, _| m.is_roca()),
        ("fermat-100", |m, _| m.fermat(100).is_some()),
        ("small-factor-65537", |m, _| m.small_factor(65537).is_some()),
        ("perfect-power", |m, _| m.perfect_power().is_some()),
        ("smalld-e65537", |m, e| {
            small_private_exponent(m, e).is_some()
        }),
        ("all", |m, e| {
            m.is_roca()
                | m.fermat(100).is_some()
                | m.small_factor(65537).is_some()
                | m.perfect_power().is_some()
                | small_private_exponent(m, e).is_some()
        }),
    ];
    for (name, check) in checks {
        g.bench_function(BenchmarkId::new(name, "rsa2048x64"), |b| {
            b.iter(|| moduli.iter().filter(|m| check(black_box(m), &e)).count())
        });
    }
    let count = if measuring() { 10_000 } else { 200 };
    let many = audit_moduli(count, 2, false);
    g.sample_size(10);
    g.throughput(Throughput::Elements(count as u64));
    g.bench_function(BenchmarkId::new("shared-factors", count), |b| {
        b.iter(|| shared_factors(black_box(&many)).len())
    });
    g.finish();
}

/// Short warm-up and measurement windows: with about 50 benches, criterion's defaults
/// (3 s + 5 s each) would make `cargo bench` take several minutes longer.
fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
}

criterion_group!(
    name = benches;
    config = config();
    targets = keygen, parse, write, fingerprints, kdf, authorized_keys, audit
);
criterion_main!(benches);
