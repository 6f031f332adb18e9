//! Secret hygiene: what keywright prints (`Debug` of keys, passphrases and options, and
//! every error's `Display` and `Debug`) never shows a passphrase or any 8-byte window of
//! a private key's secret material, raw or in a usual rendering (hex, base64, a `Debug`
//! byte list).
// The vectors include DSA, PPK and legacy PEM keys.
#![cfg(all(feature = "dsa", feature = "ppk", feature = "legacy-pem"))]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod common;

use std::collections::{BTreeMap, HashSet};

use base64ct::{Base64, Encoding};
use keywright::{EncodeOptions, Format, Passphrase, PrivateKey};

const IDS: [&str; 9] = [
    "rsa1024-a",
    "rsa2048-a",
    "rsa3072-a",
    "rsa4096-a",
    "ed25519-a",
    "ecdsa256-a",
    "ecdsa384-a",
    "ecdsa521-a",
    "dsa1024-a",
];

fn u32_at(bytes: &[u8], at: usize) -> usize {
    u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize
}

/// The base64 body of a PEM-style file, decoded.
fn unarmor(pem: &[u8]) -> Vec<u8> {
    let body: String = std::str::from_utf8(pem)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    Base64::decode_vec(body.trim()).unwrap()
}

/// The secret fields of an unencrypted `openssh-key-v1` file (PROTOCOL.key): the
/// private-only fields of its private section, concatenated.
fn secret_material(pem: &[u8]) -> Vec<u8> {
    let body = unarmor(pem);
    // magic, ciphername, kdfname, kdfoptions, key count, public key, private section.
    let mut at = b"openssh-key-v1\0".len();
    for _ in 0..3 {
        at += 4 + u32_at(&body, at);
    }
    at += 4;
    at += 4 + u32_at(&body, at);
    let section = &body[at + 4..];
    let mut at = 8; // two check integers
    let name_len = u32_at(section, at);
    let name = section[at + 4..at + 4 + name_len].to_vec();
    at += 4 + name_len;
    let mut fields = Vec::new();
    let count = match name.as_slice() {
        b"ssh-ed25519" => 2,
        b"ssh-rsa" => 6,
        b"ssh-dss" => 5,
        _ => 3, // ecdsa: curve, Q, d
    };
    for _ in 0..count {
        let len = u32_at(section, at);
        fields.push(section[at + 4..at + 4 + len].to_vec());
        at += 4 + len;
    }
    let secret: Vec<Vec<u8>> = match name.as_slice() {
        // pk, then seed || pk: the seed is the secret.
        b"ssh-ed25519" => vec![fields[1][..32].to_vec()],
        // n, e, d, iqmp, p, q
        b"ssh-rsa" => fields[2..].to_vec(),
        // p, q, g, y, x
        b"ssh-dss" => vec![fields[4].clone()],
        _ => vec![fields[2].clone()],
    };
    secret
        .into_iter()
        .map(|f| f.into_iter().skip_while(|b| *b == 0).collect::<Vec<u8>>())
        .collect::<Vec<_>>()
        .concat()
}

/// Renderings of every 8-byte window of `secret` that a leak would most likely take.
fn needles(secret: &[u8]) -> Needles {
    let mut out = Vec::new();
    for w in secret.windows(8) {
        out.push(w.to_vec());
        let hex: String = w.iter().map(|b| format!("{b:02x}")).collect();
        out.push(hex.to_uppercase().into_bytes());
        out.push(hex.into_bytes());
        let list = format!("{w:?}");
        out.push(list.trim_matches(['[', ']']).as_bytes().to_vec());
    }
    for w in secret.windows(9) {
        out.push(Base64::encode_string(w).into_bytes());
    }
    let mut by_len: BTreeMap<usize, HashSet<Vec<u8>>> = BTreeMap::new();
    for n in out {
        by_len.entry(n.len()).or_default().insert(n);
    }
    Needles(by_len)
}

/// Byte strings to look for, grouped by length so a search is one pass per length.
#[derive(Default)]
struct Needles(BTreeMap<usize, HashSet<Vec<u8>>>);

impl Needles {
    fn found_in<'a>(&self, haystack: &'a [u8]) -> Option<&'a [u8]> {
        self.0
            .iter()
            .find_map(|(len, set)| haystack.windows(*len).find(|w| set.contains(*w)))
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Asserts `printed` shows no needle and no passphrase.
fn clean(what: &str, printed: &str, needles: &Needles) {
    for p in [common::passphrase(), common::wrong_passphrase()] {
        let p = std::str::from_utf8(p.as_bytes()).unwrap();
        assert!(!printed.contains(p), "{what} shows a passphrase: {printed}");
    }
    if let Some(n) = needles.found_in(printed.as_bytes()) {
        panic!(
            "{what} shows secret material ({}): {printed}",
            String::from_utf8_lossy(n)
        );
    }
}

fn check_error<T>(what: &str, r: keywright::Result<T>, needles: &Needles) {
    if let Err(e) = r {
        clean(&format!("{what} (Display)"), &e.to_string(), needles);
        clean(&format!("{what} (Debug)"), &format!("{e:?}"), needles);
    }
}

#[test]
fn the_secret_helper_finds_the_key() {
    // A sanity check of the helper: the seed of the Ed25519 vector is 32 bytes and the
    // private encoders do contain it.
    let pem = common::read("keys/ed25519-a/openssh.key");
    let secret = secret_material(&pem);
    assert!((30..=32).contains(&secret.len()));
    let body = unarmor(&pem);
    assert!(contains(&body, &secret));
}

#[test]
fn debug_of_keys_passphrases_and_options() {
    for id in IDS {
        let pem = common::read(&format!("keys/{id}/openssh.key"));
        let needles = needles(&secret_material(&pem));
        let key = keywright::load_private(&pem, None).unwrap();
        clean(&format!("{id}: PrivateKey"), &format!("{key:?}"), &needles);
        clean(
            &format!("{id}: PrivateKey {{:#?}}"),
            &format!("{key:#?}"),
            &needles,
        );
        let any = keywright::load(&pem, None).unwrap();
        clean(&format!("{id}: Key"), &format!("{any:?}"), &needles);
    }
    let none = Needles::default();
    let p = common::passphrase();
    clean("Passphrase", &format!("{p:?}"), &none);
    let options = EncodeOptions::default().with_passphrase(Some(common::passphrase()));
    assert!(options.passphrase.is_some());
    clean("EncodeOptions", &format!("{options:?}"), &none);
    clean("EncodeOptions {:#?}", &format!("{options:#?}"), &none);
}

/// Every error from reading a damaged or wrongly unlocked copy of each key (one of
/// each kind of key: the damage loop re-checks damaged RSA keys, which is slow for big ones).
#[test]
fn errors_show_no_secrets() {
    let wrong = common::wrong_passphrase();
    let right = common::passphrase();
    for id in [
        "rsa1024-a",
        "ed25519-a",
        "ecdsa256-a",
        "ecdsa521-a",
        "dsa1024-a",
    ] {
        let pem = common::read(&format!("keys/{id}/openssh.key"));
        let needles = needles(&secret_material(&pem));
        let key = keywright::load_private(&pem, None).unwrap();

        // Wrong passphrases on the key encrypted in each format (cheap KDF settings).
        let mut options = EncodeOptions::default().with_passphrase(Some(right.clone()));
        options.openssh_rounds = 1;
        options.ppk.argon2.memory_kib = 64;
        options.ppk.argon2.passes = 1;
        for format in [Format::OpenSsh, Format::Pkcs8, Format::Ppk2, Format::Ppk3] {
            let Ok(enc) = key.encode(format, &options) else {
                continue;
            };
            for p in [Some(&wrong), None, Some(&Passphrase::from(""))] {
                check_error(
                    &format!("{id} {format} wrong passphrase"),
                    keywright::load_private(enc.as_bytes(), p),
                    &needles,
                );
            }
        }

        // Damage every part of the unencrypted file: one flipped bit per base64 line,
        // and truncations.
        let text = std::str::from_utf8(&pem).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with("-----") {
                continue;
            }
            for at in [0, line.len() / 2, line.len() - 1] {
                let mut damaged: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
                let mut bytes = damaged[i].clone().into_bytes();
                bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
                damaged[i] = String::from_utf8(bytes).unwrap();
                let input = damaged.join("\n");
                check_error(
                    &format!("{id} damaged at line {i} byte {at}"),
                    PrivateKey::from_openssh(input.as_bytes(), Some(&right)),
                    &needles,
                );
            }
        }
        for cut in (0..pem.len()).step_by(7) {
            check_error(
                &format!("{id} cut at {cut}"),
                keywright::load_private(&pem[..cut], Some(&wrong)),
                &needles,
            );
        }
        // The same key read through the other formats' entry points.
        for path in ["pkcs8.pem", "ppk3.ppk", "ppk2.ppk"] {
            let Ok(bytes) = std::fs::read(common::vectors().join(format!("keys/{id}/{path}")))
            else {
                continue;
            };
            let mut damaged = bytes.clone();
            let at = damaged.len() / 2;
            damaged[at] ^= 0x01;
            check_error(
                &format!("{id} {path} damaged"),
                keywright::load_private(&damaged, Some(&wrong)),
                &needles,
            );
        }
    }
}
