//! Criterion benchmarks: key generation, parsing and writing each format, fingerprints.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use keywright::{Algorithm, HashAlg, Passphrase};

fn keygen(c: &mut Criterion) {
    let mut g = c.benchmark_group("keygen");
    g.sample_size(10);
    g.bench_function("rsa2048", |b| {
        b.iter(|| keywright::generate(Algorithm::Rsa, Some(2048)).unwrap())
    });
    g.bench_function("ed25519", |b| {
        b.iter(|| keywright::generate(Algorithm::Ed25519, None).unwrap())
    });
    g.bench_function("ecdsa-p256", |b| {
        b.iter(|| keywright::generate(Algorithm::EcdsaP256, None).unwrap())
    });
    g.finish();
}

fn openssh(c: &mut Criterion) {
    let key = keywright::generate(Algorithm::Ed25519, None).unwrap();
    let plain = key.to_openssh(None).unwrap();
    let pass = Passphrase::from("bench");
    let encrypted = key.to_openssh(Some(&pass)).unwrap();
    let line = key.public_key().to_openssh();
    let mut g = c.benchmark_group("openssh");
    g.bench_function("parse-private", |b| {
        b.iter(|| keywright::load_private(black_box(plain.as_bytes()), None).unwrap())
    });
    g.bench_function("parse-public-line", |b| {
        b.iter(|| keywright::load_public(black_box(line.as_bytes())).unwrap())
    });
    g.sample_size(10);
    g.bench_function("decrypt-bcrypt16", |b| {
        b.iter(|| keywright::load_private(black_box(encrypted.as_bytes()), Some(&pass)).unwrap())
    });
    g.finish();
}

fn fingerprints(c: &mut Criterion) {
    let key = keywright::generate(Algorithm::Rsa, Some(2048)).unwrap();
    let public = key.public_key();
    let mut g = c.benchmark_group("fingerprint");
    g.bench_function("sha256", |b| {
        b.iter(|| black_box(&public).fingerprint(HashAlg::Sha256))
    });
    g.bench_function("md5", |b| {
        b.iter(|| black_box(&public).fingerprint(HashAlg::Md5))
    });
    g.bench_function("ec2-created-rsa", |b| {
        b.iter(|| keywright::ec2::fingerprint_created(black_box(&key)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, keygen, openssh, fingerprints);
criterion_main!(benches);
