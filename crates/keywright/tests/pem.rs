//! PEM private and public keys (PKCS#1, SEC1, DSA, PKCS#8 plain and encrypted, legacy
//! Proc-Type encryption, SPKI) against the reference tools' known answers.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]
// Helpers of the tests that need the features are unused without them.
#![cfg_attr(
    not(all(feature = "dsa", feature = "ppk", feature = "legacy-pem")),
    allow(dead_code, unused_imports)
)]

mod common;

use keywright::{
    Error, ErrorKind, Format, HashAlg, LineEnding, Passphrase, PrivateKey, PublicKey, load_private,
    load_public,
};
use proptest::prelude::*;

/// The key format a manifest format name reads as.
fn private_format(name: &str) -> Option<Format> {
    Some(match name {
        "pkcs1-pem" => Format::Pkcs1,
        "sec1-pem" => Format::Sec1,
        "dsa-pem" => Format::Dsa,
        "pkcs8-pem" | "pkcs8-encrypted-pem" => Format::Pkcs8,
        _ => return None,
    })
}

#[test]
#[cfg(all(feature = "dsa", feature = "ppk", feature = "legacy-pem"))]
fn every_private_pem_vector_loads_to_the_openssh_key() {
    let mut count = 0;
    for (id, file) in common::files() {
        let Some(format) = private_format(file["format"].as_str().unwrap()) else {
            continue;
        };
        let path = file["path"].as_str().unwrap();
        let input = common::read(path);
        let encrypted = file["encrypted"].as_bool().unwrap();
        let passphrase = file["passphrase_file"]
            .as_str()
            .map(|p| Passphrase::from_file_contents(&common::read(p)));
        if encrypted {
            let e = load_private(&input, None).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::PassphraseRequired, "{path}");
            let e = load_private(&input, Some(&common::wrong_passphrase())).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::WrongPassphrase, "{path}: {e}");
        }
        let key =
            load_private(&input, passphrase.as_ref()).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(key.format(), Some(format), "{path}");
        assert_eq!(key.was_encrypted(), encrypted, "{path}");
        assert_eq!(key, common::vector_key(&id), "{path}");
        let k = common::key(&id);
        assert_eq!(
            key.fingerprint(HashAlg::Sha256),
            k["fingerprints"]["sha256"].as_str().unwrap(),
            "{path}"
        );
        count += 1;
    }
    assert_eq!(count, 34, "PEM private vectors in the manifest");
}

#[test]
#[cfg(feature = "dsa")]
fn writing_reproduces_the_reference_files() {
    for id in common::key_ids() {
        let key = common::vector_key(&id);
        let dir = common::vectors().join(format!("keys/{id}"));
        let expect = |name: &str| std::fs::read_to_string(dir.join(name)).ok();
        if let Some(pkcs1) = expect("pkcs1.pem") {
            assert_eq!(
                *key.to_pkcs1_pem(LineEnding::Lf).unwrap(),
                pkcs1,
                "{id} pkcs1"
            );
        }
        if let Some(sec1) = expect("sec1.pem") {
            assert_eq!(*key.to_sec1_pem(LineEnding::Lf).unwrap(), sec1, "{id} sec1");
        }
        let pkcs8 = expect("pkcs8.pem").unwrap();
        assert_eq!(
            *key.to_pkcs8_pem(None, LineEnding::Lf).unwrap(),
            pkcs8,
            "{id} pkcs8"
        );
        let public = key.public_key();
        let spki = expect("spki.pem").unwrap();
        assert_eq!(
            public.to_spki_pem(LineEnding::Lf).unwrap(),
            spki,
            "{id} spki"
        );
        if let Some(pkcs1) = expect("pkcs1-public.pem") {
            assert_eq!(public.to_pkcs1_pem(LineEnding::Lf).unwrap(), pkcs1, "{id}");
        }
    }
}

#[test]
fn crlf_output_is_crlf_and_reads_back() {
    let key = common::vector_key("rsa2048-a");
    let crlf = key.to_pkcs1_pem(LineEnding::CrLf).unwrap();
    assert_eq!(
        crlf.as_bytes(),
        common::read("keys/rsa2048-a/pkcs1-crlf.pem").as_slice()
    );
}

#[test]
#[cfg(feature = "dsa")]
fn public_pem_vectors() {
    for (id, file) in common::files() {
        let format = match file["format"].as_str().unwrap() {
            "spki-pem" => Format::Spki,
            "pkcs1-public-pem" => Format::Pkcs1Pub,
            _ => continue,
        };
        let path = file["path"].as_str().unwrap();
        let key = load_public(&common::read(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(key.format(), Some(format), "{path}");
        assert_eq!(key, common::vector_key(&id).public_key(), "{path}");
        assert_eq!(
            key.fingerprint(HashAlg::Sha256),
            common::key(&id)["fingerprints"]["sha256"].as_str().unwrap()
        );
        assert_eq!(
            PublicKey::from_pem(std::str::from_utf8(&common::read(path)).unwrap()).unwrap(),
            key
        );
    }
}

/// The manifest's error kind names as [`ErrorKind`]s.
fn kind_of(name: &str) -> ErrorKind {
    match name {
        "parse_error" => ErrorKind::Parse,
        "wrong_passphrase" => ErrorKind::WrongPassphrase,
        "mac_mismatch" => ErrorKind::Integrity,
        "unsupported" => ErrorKind::Unsupported,
        "resource_limit" => ErrorKind::LimitExceeded,
        other => panic!("unknown error kind {other}"),
    }
}

/// Every malformed vector for the PEM, DER and RFC 4716 readers (and the empty file) gives
/// the manifest's error kind, through detection and straight through the format's reader.
#[test]
#[cfg(all(feature = "dsa", feature = "ppk", feature = "legacy-pem"))]
fn malformed_vectors_give_the_manifest_error_kind() {
    let manifest = common::manifest();
    let mut seen = Vec::new();
    for entry in manifest["malformed"].as_array().unwrap() {
        let path = entry["path"].as_str().unwrap();
        let mine =
            path.ends_with(".pem") || path.contains("rfc4716") || path.ends_with("empty.key");
        if !mine {
            continue;
        }
        let mut kinds = vec![kind_of(entry["expect"]["error"].as_str().unwrap())];
        if let Some(also) = entry["expect"]["also_acceptable"].as_array() {
            kinds.extend(also.iter().map(|k| kind_of(k.as_str().unwrap())));
        }
        let pass = entry["passphrase_file"]
            .as_str()
            .map(|p| Passphrase::from_file_contents(&common::read(p)));
        let input = common::read(path);
        let input_kind = entry["input"].as_str().unwrap();
        let mut errors = Vec::new();
        if input_kind != "public" {
            errors.push(load_private(&input, pass.as_ref()).unwrap_err());
            if path.ends_with(".pem") {
                errors.push(PrivateKey::from_pem(&input, pass.as_ref()).unwrap_err());
            }
        }
        if input_kind != "private" {
            errors.push(load_public(&input).unwrap_err());
            if path.contains("rfc4716") {
                let text = String::from_utf8(input.clone()).unwrap();
                errors.push(PublicKey::from_rfc4716(&text).unwrap_err());
            }
        }
        for e in errors {
            assert!(kinds.contains(&e.kind()), "{path}: {e}");
        }
        seen.push(path.to_owned());
    }
    assert_eq!(seen.len(), 6, "{seen:?}");
}

/// The `recipes[]` 10 MiB inputs, built at test time.
#[test]
fn ten_mib_recipes_give_the_manifest_error_kind() {
    let huge = {
        let mut s = String::from("-----BEGIN PRIVATE KEY-----\n");
        let line = "QUJD".repeat(16);
        while s.len() < 10 * 1024 * 1024 {
            s.push_str(&line);
            s.push('\n');
        }
        s.push_str("-----END PRIVATE KEY-----\n");
        s.into_bytes()
    };
    let mut x: u32 = 0x2545_f491;
    let random: Vec<u8> = (0..10 * 1024 * 1024)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    let manifest = common::manifest();
    for recipe in manifest["recipes"].as_array().unwrap() {
        let name = recipe["name"].as_str().unwrap();
        let input = if name.ends_with(".pem") {
            &huge
        } else {
            &random
        };
        let mut kinds = vec![kind_of(recipe["expect"]["error"].as_str().unwrap())];
        for also in recipe["expect"]["also_acceptable"].as_array().unwrap() {
            kinds.push(kind_of(also.as_str().unwrap()));
        }
        let start = std::time::Instant::now();
        for e in [
            load_private(input, None).unwrap_err(),
            load_public(input).unwrap_err(),
            PrivateKey::from_pem(input, None).unwrap_err(),
            PublicKey::from_der(input).unwrap_err(),
        ] {
            assert!(kinds.contains(&e.kind()), "{name}: {e}");
        }
        assert!(start.elapsed().as_secs() < 2, "{name}");
    }
}

#[test]
fn errors_point_into_the_input() {
    let bad = common::read("malformed/bad-base64.pem");
    let at = bad.iter().position(|b| *b == b'!').unwrap();
    match PrivateKey::from_pem(&bad, None).unwrap_err() {
        Error::Parse { offset, .. } => assert_eq!(offset, Some(at)),
        e => panic!("{e}"),
    }
    let good = common::read("keys/rsa2048-a/pkcs1.pem");
    let mut trailing = good.clone();
    trailing.extend_from_slice(b"garbage\n");
    match PrivateKey::from_pem(&trailing, None).unwrap_err() {
        Error::Parse { offset, .. } => assert_eq!(offset, Some(good.len())),
        e => panic!("{e}"),
    }
    // Garbage inside the armour after the DER structure: the DER is 4 bytes longer.
    let key = common::vector_key("ecdsa256-a");
    let text = key.to_sec1_pem(LineEnding::Lf).unwrap();
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    let mut der = base64_decode(&body);
    let structure_len = der.len();
    der.extend_from_slice(&[0, 0, 0]);
    let armoured = format!(
        "-----BEGIN EC PRIVATE KEY-----\n{}\n-----END EC PRIVATE KEY-----\n",
        base64_encode(&der)
    );
    match PrivateKey::from_pem(armoured.as_bytes(), None).unwrap_err() {
        Error::Parse {
            offset: Some(o), ..
        } => assert_eq!(
            o,
            "-----BEGIN EC PRIVATE KEY-----\n".len() + structure_len / 3 * 4
        ),
        e => panic!("{e}"),
    }
    // Surrounding whitespace is fine.
    let padded = [b"\n \r\n".as_slice(), &good, b"\n\n  "].concat();
    assert_eq!(
        PrivateKey::from_pem(&padded, None).unwrap(),
        common::vector_key("rsa2048-a")
    );
}

fn base64_decode(s: &str) -> Vec<u8> {
    let table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.chars().filter(|c| *c != '=') {
        acc = acc << 6 | table.find(c).unwrap() as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn base64_encode(data: &[u8]) -> String {
    let table = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(table[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn pbkdf2_iterations_are_bounded_before_deriving() {
    let input = common::read("keys/rsa2048-a/pkcs8-enc.pem");
    let mut limits = keywright::Limits::default();
    limits.max_pbkdf2_iterations = 1000;
    let e = keywright::load_private_with(&input, Some(&common::passphrase()), &limits).unwrap_err();
    assert!(
        matches!(
            e,
            Error::LimitExceeded {
                actual: 2048,
                limit: 1000,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn a_new_pkcs8_passphrase_keeps_the_files_iterations_prf_and_cipher() {
    use der::Decode;
    use pkcs8::pkcs5::{EncryptionScheme, pbes2};

    // openssl pkcs8 -topk8 -v2 aes-128-cbc -v2prf hmacWithSHA1: 2048 iterations.
    let text = common::read("keys/rsa2048-a/pkcs8-enc-aes128-sha1.pem");
    let key = keywright::load_private(&text, Some(&common::passphrase())).unwrap();
    let options = key
        .encode_options()
        .with_passphrase(Some(keywright::Passphrase::from("new words")));
    assert_eq!(options.pkcs8_iterations, 2048);
    let written = key.encode(Format::Pkcs8, &options).unwrap();
    let (label, der) = pem_rfc7468::decode_vec(written.as_bytes()).unwrap();
    assert_eq!(label, "ENCRYPTED PRIVATE KEY");
    let info = pkcs8::EncryptedPrivateKeyInfoRef::from_der(&der).unwrap();
    let EncryptionScheme::Pbes2(params) = info.encryption_algorithm else {
        panic!("not PBES2");
    };
    let pbes2::Kdf::Pbkdf2(kdf) = params.kdf else {
        panic!("not PBKDF2");
    };
    assert_eq!(kdf.iteration_count, 2048);
    assert_eq!(kdf.prf, pbes2::Pbkdf2Prf::HmacWithSha1);
    assert!(matches!(
        params.encryption,
        pbes2::EncryptionScheme::Aes128Cbc { .. }
    ));
    let again = keywright::load_private(written.as_bytes(), Some(&"new words".into())).unwrap();
    assert_eq!(again, key);
    // A key made here, or read unencrypted, is written with keywright's own choice.
    let fresh = common::vector_key("rsa2048-a").encode_options();
    assert_eq!(fresh.pkcs8_iterations, 100_000);
}

#[test]
fn pkcs8_iterations_are_the_callers_choice() {
    let key = common::vector_key("ed25519-a");
    let mut options =
        keywright::EncodeOptions::default().with_passphrase(Some(common::passphrase()));
    options.pkcs8_iterations = 3000;
    let text = key.encode(Format::Pkcs8, &options).unwrap();
    // Read back under a limit just above and just below what was written.
    let mut limits = keywright::Limits::default();
    limits.max_pbkdf2_iterations = 3000;
    let back = keywright::load_private_with(text.as_bytes(), Some(&common::passphrase()), &limits)
        .unwrap();
    assert_eq!(back, key);
    limits.max_pbkdf2_iterations = 2999;
    let e = keywright::load_private_with(text.as_bytes(), Some(&common::passphrase()), &limits)
        .unwrap_err();
    assert!(
        matches!(e, Error::LimitExceeded { actual: 3000, .. }),
        "{e}"
    );
    options.pkcs8_iterations = 0;
    let e = key.encode(Format::Pkcs8, &options).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{e}");
}

#[test]
fn rsa_bits_are_bounded() {
    let input = common::read("keys/rsa4096-a/pkcs1.pem");
    let mut limits = keywright::Limits::default();
    limits.max_rsa_bits = 3072;
    let e = keywright::load_private_with(&input, None, &limits).unwrap_err();
    assert!(
        matches!(e, Error::LimitExceeded { actual: 4096, .. }),
        "{e}"
    );
    let e =
        keywright::load_public_with(&common::read("keys/rsa4096-a/spki.pem"), &limits).unwrap_err();
    assert!(
        matches!(e, Error::LimitExceeded { actual: 4096, .. }),
        "{e}"
    );
}

#[test]
fn ed25519_pkcs8_v2_public_key_must_match_the_seed() {
    let key = common::vector_key("ed25519-a");
    let public = key.public_key().to_blob();
    let raw = &public[public.len() - 32..];
    let v1 = key.to_pkcs8_pem(None, LineEnding::Lf).unwrap();
    let body: String = v1.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64_decode(&body);
    // v1 is 30 2e 02 01 00 30 05 06 03 2b 65 70 04 22 04 20 <seed>.
    assert_eq!(der.len(), 48);
    let seed = &der[16..];
    let v2 = |pk: &[u8]| {
        let mut d = vec![
            0x30, 0x51, 0x02, 0x01, 0x01, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70,
        ];
        d.extend_from_slice(&[0x04, 0x22, 0x04, 0x20]);
        d.extend_from_slice(seed);
        d.extend_from_slice(&[0x81, 0x21, 0x00]);
        d.extend_from_slice(pk);
        format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            base64_encode(&d)
        )
    };
    let good = PrivateKey::from_pem(v2(raw).as_bytes(), None).unwrap();
    assert_eq!(good, key);
    let mut wrong = raw.to_vec();
    wrong[0] ^= 1;
    let e = PrivateKey::from_pem(v2(&wrong).as_bytes(), None).unwrap_err();
    assert!(matches!(e, Error::InvalidKey { .. }), "{e}");
}

#[test]
fn format_mismatches_are_unsupported() {
    let ed = common::vector_key("ed25519-a");
    assert_eq!(
        ed.to_pkcs1_pem(LineEnding::Lf).unwrap_err().kind(),
        ErrorKind::Unsupported
    );
    assert_eq!(
        ed.to_sec1_pem(LineEnding::Lf).unwrap_err().kind(),
        ErrorKind::Unsupported
    );
    assert_eq!(
        ed.public_key()
            .to_pkcs1_pem(LineEnding::Lf)
            .unwrap_err()
            .kind(),
        ErrorKind::Unsupported
    );
}

fn line_ending() -> impl Strategy<Value = LineEnding> {
    prop_oneof![Just(LineEnding::Lf), Just(LineEnding::CrLf)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn pkcs8_round_trips(i in 0..6usize, le in line_ending(), pass in proptest::option::of("[ -~]{1,20}")) {
        let key = &common::sample_keys()[i % common::sample_keys().len()];
        let pass = pass.map(|p| Passphrase::from(p.as_str()));
        let text = key.to_pkcs8_pem(pass.as_ref(), le).unwrap();
        prop_assert_eq!(text.contains('\r'), le == LineEnding::CrLf);
        let back = load_private(text.as_bytes(), pass.as_ref()).unwrap();
        prop_assert_eq!(&back, key);
        prop_assert_eq!(back.format(), Some(Format::Pkcs8));
        prop_assert_eq!(back.was_encrypted(), pass.is_some());
    }

    #[test]
    fn traditional_and_public_round_trips(i in 0..6usize, le in line_ending()) {
        let key = &common::sample_keys()[i % common::sample_keys().len()];
        if let Ok(text) = key.to_pkcs1_pem(le) {
            prop_assert_eq!(&load_private(text.as_bytes(), None).unwrap(), key);
        }
        if let Ok(text) = key.to_sec1_pem(le) {
            let back = load_private(text.as_bytes(), None).unwrap();
            prop_assert_eq!(back.format(), Some(Format::Sec1));
            prop_assert_eq!(&back, key);
        }
        let public = key.public_key();
        let spki = public.to_spki_pem(le).unwrap();
        let back = load_public(spki.as_bytes()).unwrap();
        prop_assert_eq!(back.format(), Some(Format::Spki));
        prop_assert_eq!(&back, &public);
        if let Ok(text) = public.to_pkcs1_pem(le) {
            let back = load_public(text.as_bytes()).unwrap();
            prop_assert_eq!(back.format(), Some(Format::Pkcs1Pub));
            prop_assert_eq!(&back, &public);
        }
    }
}

#[test]
fn oversized_rsa_is_refused_before_any_big_number_work() {
    // A 16400-bit "modulus" with nonsense private parts: the size check must come first.
    let n = common::der_tlv(0x02, &[[0x00].as_slice(), &[0xff; 2050]].concat());
    let small = common::der_tlv(0x02, &[0x03]);
    let mut body = common::der_tlv(0x02, &[0x00]);
    body.extend(&n);
    body.extend(common::der_tlv(0x02, &[0x01, 0x00, 0x01]));
    for _ in 0..6 {
        body.extend(&small);
    }
    let der = common::der_tlv(0x30, &body);
    let pem = format!(
        "-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----\n",
        base64_encode(&der)
    );
    let e = load_private(pem.as_bytes(), None).unwrap_err();
    assert!(
        matches!(
            e,
            Error::LimitExceeded {
                actual: 16400,
                limit: 16384,
                ..
            }
        ),
        "{e}"
    );

    let rsa_public = common::der_tlv(
        0x30,
        &[n.clone(), common::der_tlv(0x02, &[0x01, 0x00, 0x01])].concat(),
    );
    let oid = common::der_tlv(
        0x06,
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01],
    );
    let algorithm = common::der_tlv(0x30, &[oid, vec![0x05, 0x00]].concat());
    let bits = common::der_tlv(0x03, &[[0x00].as_slice(), &rsa_public].concat());
    let spki = common::der_tlv(0x30, &[algorithm, bits].concat());
    let e = load_public(&spki).unwrap_err();
    assert!(
        matches!(e, Error::LimitExceeded { actual: 16400, .. }),
        "{e}"
    );
    let e = load_public(&rsa_public).unwrap_err();
    assert!(
        matches!(e, Error::LimitExceeded { actual: 16400, .. }),
        "{e}"
    );
}

#[test]
fn rsa_16384_bits_is_read_and_written_like_openssl() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pem");
    let read = |name: &str| std::fs::read(data.join(name)).unwrap();
    let start = std::time::Instant::now();
    let pkcs8 = load_private(&read("rsa16384-pkcs8.pem"), None).unwrap();
    assert_eq!(pkcs8.bits(), 16384);
    let pkcs1 = load_private(&read("rsa16384-pkcs1.pem"), None).unwrap();
    assert_eq!(pkcs1, pkcs8);
    assert_eq!(
        pkcs8.to_pkcs1_pem(LineEnding::Lf).unwrap().as_bytes(),
        read("rsa16384-pkcs1.pem")
    );
    assert_eq!(
        pkcs1.to_pkcs8_pem(None, LineEnding::Lf).unwrap().as_bytes(),
        read("rsa16384-pkcs8.pem")
    );
    let spki = load_public(&read("rsa16384-spki.pem")).unwrap();
    assert_eq!(spki, pkcs8.public_key());
    assert_eq!(
        spki.to_spki_pem(LineEnding::Lf).unwrap().as_bytes(),
        read("rsa16384-spki.pem")
    );
    eprintln!("16384-bit RSA round trip: {:?}", start.elapsed());
}
