//! OpenSSH certificates against `ssh-keygen`: certificates it signs read with the fields
//! `ssh-keygen -L` prints, certificates we sign printed identically by it, every
//! verification failure and malformed certificate a typed error.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]
// Helpers of the tests that need the features are unused without them.
#![cfg_attr(not(feature = "dsa"), allow(dead_code, unused_imports))]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use base64ct::{Base64, Encoding};
use keywright::certificate::{CertificateError, FOREVER, parse_validity};
use keywright::{
    Algorithm, CertType, Certificate, Error, HashAlg, PrivateKey, PublicKey, load_private,
    load_public,
};

/// `ssh-keygen ARGS` in UTC (it prints times in the local zone), stdout; panics on failure.
fn ssh_keygen(tool: &Path, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .env("TZ", "UTC")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ssh-keygen {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Makes a key with ssh-keygen: `(private path, public path)`.
fn make_key(tool: &Path, dir: &Path, name: &str, t: &[&str]) -> (PathBuf, PathBuf) {
    let path = dir.join(name);
    let mut args = vec!["-q", "-N", "", "-C", name, "-f", path.to_str().unwrap()];
    args.extend_from_slice(t);
    ssh_keygen(tool, &args);
    (path.clone(), dir.join(format!("{name}.pub")))
}

/// What `ssh-keygen -L -f CERT` prints, as our [`Certificate::ssh_keygen_lines`] give it.
fn as_ssh_keygen_l(path: &Path, cert: &Certificate) -> String {
    let mut out = format!("{}:\n", path.display());
    for line in cert.ssh_keygen_lines() {
        out.push_str(&format!("        {line}\n"));
    }
    out
}

const KEY_TYPES: [(&str, &[&str]); 6] = [
    ("rsa", &["-t", "rsa", "-b", "2048"]),
    ("ed25519", &["-t", "ed25519"]),
    ("p256", &["-t", "ecdsa", "-b", "256"]),
    ("p384", &["-t", "ecdsa", "-b", "384"]),
    ("p521", &["-t", "ecdsa", "-b", "521"]),
    ("dsa", &["-t", "dsa"]),
];

#[test]
#[cfg(feature = "dsa")]
fn ssh_keygen_certificates_read_with_its_fields() {
    let Some(tool) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    let d = dir.path();
    let cas = [
        (
            make_key(&tool, d, "ca-ed25519", &["-t", "ed25519"]).0,
            vec![],
        ),
        (make_key(&tool, d, "ca-p256", &["-t", "ecdsa"]).0, vec![]),
        (
            make_key(&tool, d, "ca-rsa", &["-t", "rsa", "-b", "2048"]).0,
            vec![],
        ),
        (d.join("ca-rsa"), vec!["-t", "ssh-rsa"]),
        (d.join("ca-rsa"), vec!["-t", "rsa-sha2-256"]),
    ];
    // Subjects: every key type, and a FIDO key (no hardware needed to certify one).
    let mut subjects: Vec<PathBuf> = KEY_TYPES
        .iter()
        .map(|(name, t)| make_key(&tool, d, name, t).1)
        .collect();
    let sk = d.join("sk_ecdsa.pub");
    std::fs::write(&sk, common::data("sk/sk_ecdsa.pub")).unwrap();
    subjects.push(sk);
    let forms: [&[&str]; 5] = [
        &["-I", "plain"],
        &[
            "-I",
            "user one",
            "-n",
            "alice,bob,carol",
            "-V",
            "-1d:+52w",
            "-z",
            "42",
        ],
        &[
            "-I",
            "opts",
            "-V",
            "20261201:20271201",
            "-O",
            "force-command=/bin/true",
            "-O",
            "source-address=10.0.0.0/8,192.168.1.1",
            "-O",
            "no-pty",
            "-O",
            "verify-required",
        ],
        &[
            "-I",
            "ext",
            "-V",
            "always:20300101",
            "-O",
            "clear",
            "-O",
            "permit-pty",
            "-O",
            "extension:vendor@example.com=data",
            "-O",
            "critical:zz@example.com=v",
        ],
        &[
            "-h",
            "-I",
            "host.example",
            "-n",
            "host.example,10.0.0.1",
            "-V",
            "20261201123456:forever",
        ],
    ];
    let ca_public =
        |ca: &Path| load_public(&std::fs::read(ca.with_extension("pub")).unwrap()).unwrap();
    let mut n = 0;
    for (i, subject) in subjects.iter().enumerate() {
        let (ca, ca_args) = &cas[i % cas.len()];
        for form in forms {
            let mut args = vec!["-q", "-s", ca.to_str().unwrap()];
            args.extend_from_slice(ca_args);
            args.extend_from_slice(form);
            args.push(subject.to_str().unwrap());
            ssh_keygen(&tool, &args);
            let cert_path = PathBuf::from(subject.to_str().unwrap().replace(".pub", "-cert.pub"));
            let bytes = std::fs::read(&cert_path).unwrap();
            let key = load_public(&bytes).unwrap();
            let cert = key.certificate().expect("a certificate");
            let shown = cert_path.to_str().unwrap();
            assert_eq!(
                as_ssh_keygen_l(&cert_path, cert),
                ssh_keygen(&tool, &["-L", "-f", shown]),
                "{form:?} {ca_args:?}"
            );
            assert_eq!(
                keywright::fingerprint::ssh_keygen_line(&key, HashAlg::Sha256) + "\n",
                ssh_keygen(&tool, &["-l", "-f", shown])
            );
            // Written back byte for byte, and the same as read as a Certificate.
            assert_eq!(
                key.to_openssh() + "\n",
                String::from_utf8(bytes.clone()).unwrap()
            );
            let direct = Certificate::from_openssh(std::str::from_utf8(&bytes).unwrap()).unwrap();
            assert_eq!(&direct, cert);
            cert.verify_signature().unwrap();
            assert_eq!(cert.ca_key(), &ca_public(ca));
            let critical_ok = !form.contains(&"critical:zz@example.com=v");
            let principal = cert.principals().first().map(String::as_str);
            let when = cert
                .valid_after()
                .max(1_800_000_000)
                .min(cert.valid_before() - 1);
            assert_eq!(
                cert.verify(&ca_public(ca), when, principal).is_ok(),
                critical_ok,
                "{form:?}"
            );
            n += 1;
        }
    }
    assert_eq!(n, 35);
}

#[test]
fn certificates_we_sign_are_printed_identically_by_ssh_keygen() {
    let Some(tool) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    let cas: Vec<PrivateKey> = [
        Algorithm::Ed25519,
        Algorithm::EcdsaP256,
        Algorithm::EcdsaP384,
        Algorithm::EcdsaP521,
        Algorithm::Rsa,
    ]
    .into_iter()
    .map(|a| keywright::generate(a, None).unwrap())
    .collect();
    let mut subjects: Vec<PublicKey> = common::sample_keys()
        .iter()
        .map(PrivateKey::public_key)
        .collect();
    subjects.push(load_public(&common::data("sk/sk_ed25519.pub")).unwrap());
    for (i, subject) in subjects.iter().enumerate() {
        let ca = &cas[i % cas.len()];
        let (after, before) = parse_validity("20261201:20271201", 0).unwrap();
        let builders = [
            Certificate::builder(subject).key_id("plain"),
            Certificate::builder(subject)
                .key_id("alice@example")
                .principals(["alice", "root"])
                .serial(u64::MAX)
                .validity(after, before)
                .critical_option("force-command", "/usr/bin/id")
                .critical_option("source-address", "127.0.0.1/32")
                .extension("vendor@example.com", "v"),
            Certificate::builder(subject)
                .cert_type(CertType::Host)
                .key_id("host")
                .principals(["host.example"])
                .validity(0, before),
            Certificate::builder(subject)
                .key_id("bare")
                .no_default_extensions()
                .extension("permit-pty", "")
                .validity(after, FOREVER),
        ];
        for builder in builders {
            let cert = builder.sign(ca).unwrap();
            if ca.algorithm() == Algorithm::Rsa {
                assert_eq!(cert.signature_algorithm(), "rsa-sha2-512");
            }
            let path = dir.path().join(format!("k{i}-cert.pub"));
            std::fs::write(&path, cert.encode_bytes(Some(keywright::LineEnding::Lf))).unwrap();
            assert_eq!(
                as_ssh_keygen_l(&path, &cert),
                ssh_keygen(&tool, &["-L", "-f", path.to_str().unwrap()]),
                "{cert:?}"
            );
            cert.verify(&ca.public_key(), after, None).unwrap();
        }
    }
}

fn signed(ca: &PrivateKey) -> Certificate {
    let user = keywright::generate(Algorithm::Ed25519, None).unwrap();
    Certificate::builder(&user.public_key())
        .key_id("u")
        .principals(["alice"])
        .validity(1000, 2000)
        .sign(ca)
        .unwrap()
}

#[test]
fn each_verification_failure_has_its_error() {
    let ca = keywright::generate(Algorithm::Ed25519, None).unwrap();
    let other = keywright::generate(Algorithm::Ed25519, None).unwrap();
    let cert = signed(&ca);
    let ca_pub = ca.public_key();
    cert.verify(&ca_pub, 1000, Some("alice")).unwrap();
    let failure = |r: keywright::Result<()>| match r {
        Err(Error::Certificate(e)) => e,
        other => panic!("{other:?}"),
    };
    assert!(matches!(
        failure(cert.verify(&other.public_key(), 1500, None)),
        CertificateError::UntrustedCa { .. }
    ));
    assert_eq!(
        failure(cert.verify(&ca_pub, 999, None)),
        CertificateError::NotYetValid {
            valid_after: "1970-01-01T00:16:40".into()
        }
    );
    assert!(matches!(
        failure(cert.verify(&ca_pub, 2000, None)),
        CertificateError::Expired { .. }
    ));
    assert!(matches!(
        failure(cert.verify(&ca_pub, 1500, Some("root"))),
        CertificateError::PrincipalNotListed { .. }
    ));
    assert!(matches!(
        failure(cert.check_type(CertType::Host)),
        CertificateError::WrongType { .. }
    ));
    let unknown = Certificate::builder(cert.public_key())
        .critical_option("zz@example.com", "")
        .sign(&ca)
        .unwrap();
    assert!(matches!(
        failure(unknown.verify(&ca_pub, 1500, None)),
        CertificateError::UnknownCriticalOption { .. }
    ));
    assert_eq!(
        Error::Certificate(CertificateError::BadSignature).kind(),
        keywright::ErrorKind::Certificate
    );

    // A signature over other bytes: change the key ID ("u" -> "v") and keep the signature.
    let mut blob = cert.to_blob().to_vec();
    let at = blob.windows(5).position(|w| w == b"\0\0\0\x01u").unwrap() + 4;
    blob[at] = b'v';
    let forged = Certificate::from_blob(&blob).unwrap();
    assert_eq!(forged.key_id(), "v");
    assert_eq!(
        failure(forged.verify(&ca_pub, 1500, None)),
        CertificateError::BadSignature
    );
}

#[test]
#[cfg(feature = "dsa")]
fn every_ca_algorithm_verifies_and_rsa_signs_sha512() {
    for algorithm in [
        Algorithm::Ed25519,
        Algorithm::EcdsaP384,
        Algorithm::EcdsaP521,
        Algorithm::Rsa,
    ] {
        let ca = keywright::generate(algorithm, None).unwrap();
        let cert = signed(&ca);
        cert.verify(&ca.public_key(), 1500, Some("alice")).unwrap();
    }
    let dsa = common::vector_key("dsa1024-a");
    let err = signed_result(&dsa).unwrap_err();
    assert_eq!(err.kind(), keywright::ErrorKind::Unsupported);
}

fn signed_result(ca: &PrivateKey) -> keywright::Result<Certificate> {
    let user = keywright::generate(Algorithm::Ed25519, None).unwrap();
    Certificate::builder(&user.public_key()).sign(ca)
}

#[test]
fn malformed_certificates_are_typed_errors() {
    let ca = keywright::generate(Algorithm::Ed25519, None).unwrap();
    let cert = signed(&ca);
    let blob = cert.to_blob();
    let parse = |b: &[u8]| match Certificate::from_blob(b) {
        Err(e @ Error::Parse { .. }) => e.to_string(),
        other => panic!("{} bytes: {other:?}", b.len()),
    };
    // Truncated anywhere.
    for len in [10, 40, blob.len() / 2, blob.len() - 1] {
        parse(&blob[..len]);
    }
    // Trailing bytes.
    let mut long = blob.to_vec();
    long.extend_from_slice(b"\0\0");
    assert!(parse(&long).contains("after the signature"));
    // A certificate as the CA key: sign with ssh-key putting the cert blob there by hand.
    let nested = nested_ca(&cert);
    assert!(parse(&nested).contains("certificate"), "{}", parse(&nested));
    // A cert type other than 1 (user) or 2 (host).
    let mut bad_type = blob.to_vec();
    let at = cert_type_offset(blob);
    bad_type[at + 3] = 3;
    parse(&bad_type);
    // A plain key read as a certificate; an unknown certificate algorithm.
    let line = keywright::generate(Algorithm::Ed25519, None)
        .unwrap()
        .public_key()
        .to_openssh();
    assert!(matches!(
        Certificate::from_openssh(&line),
        Err(Error::Parse { .. })
    ));
    let mut unknown = b"\0\0\0\x1dssh-ed448-cert-v01@openssh.com".to_vec();
    unknown.extend_from_slice(&blob[36..]);
    assert!(matches!(
        Certificate::from_blob(&unknown),
        Err(Error::UnsupportedAlgorithm { .. })
    ));
    // The same through an authorized_keys line.
    let text = format!(
        "ssh-ed25519-cert-v01@openssh.com {} c\n",
        Base64::encode_string(&long)
    );
    assert!(matches!(
        keywright::authorized_keys::parse(&text),
        Err(Error::Parse { .. })
    ));
}

/// Offset of the cert type uint32 in an Ed25519 certificate with a 32-byte nonce.
fn cert_type_offset(blob: &[u8]) -> usize {
    // name (4+32), nonce (4+32), key (4+32), serial (8)
    let _ = blob;
    4 + 32 + 4 + 32 + 4 + 32 + 8
}

/// The certificate with its CA key replaced by a certificate blob (signature kept).
fn nested_ca(cert: &Certificate) -> Vec<u8> {
    let blob = cert.to_blob();
    let ca_blob = cert.ca_key().to_blob();
    let mut prefixed = (ca_blob.len() as u32).to_be_bytes().to_vec();
    prefixed.extend_from_slice(&ca_blob);
    let at = blob
        .windows(prefixed.len())
        .position(|w| w == prefixed.as_slice())
        .unwrap();
    let mut out = blob[..at].to_vec();
    out.extend_from_slice(&(blob.len() as u32).to_be_bytes());
    out.extend_from_slice(blob);
    out.extend_from_slice(&blob[at + prefixed.len()..]);
    out
}

#[test]
fn certificates_come_through_every_public_reader() {
    let ca = keywright::generate(Algorithm::EcdsaP256, None).unwrap();
    let cert = signed(&ca);
    let line = format!("{} alice@laptop", cert.to_openssh());
    let read = load_public(line.as_bytes()).unwrap();
    assert_eq!(read.certificate(), Some(&cert));
    assert_eq!(read.comment(), "alice@laptop");
    assert_eq!(read.to_openssh(), line);
    assert_eq!(
        read.fingerprint(HashAlg::Sha256),
        cert.fingerprint(HashAlg::Sha256)
    );
    assert!(
        keywright::fingerprint::ssh_keygen_line(&read, HashAlg::Sha256).ends_with("(ED25519-CERT)")
    );
    let entries = keywright::authorized_keys::parse(&format!(
        "no-pty {line}\n{}\n",
        cert.ca_key().to_openssh()
    ))
    .unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].to_line(), format!("no-pty {line}"));
    assert!(entries[1].key.certificate().is_none());
    let blob = PublicKey::from_blob(cert.to_blob()).unwrap();
    assert_eq!(blob.certificate(), Some(&cert));
    let rfc4716 = read.to_rfc4716(keywright::LineEnding::Lf).unwrap();
    assert_eq!(
        load_public(rfc4716.as_bytes()).unwrap().certificate(),
        Some(&cert)
    );
    // The CA key read from an encrypted private file signs too.
    let pass = common::passphrase();
    let enc = ca.to_openssh(Some(&pass)).unwrap();
    let again = load_private(enc.as_bytes(), Some(&pass)).unwrap();
    signed(&again).verify(&ca.public_key(), 1500, None).unwrap();
}
