//! Structurally valid private keys with oversized components, in every private format.
//!
//! The byte-level targets cap their inputs at 16-64 KiB and mutate bytes, so they never
//! build a well-formed PKCS#1, PKCS#8, SEC1, DSA, `openssh-key-v1` or PPK file whose
//! integers are hundreds of kilobytes long. This module does: it takes the components of
//! the known-answer keys (RSA 2048, DSA 1024, ECDSA P-256, Ed25519), replaces the chosen
//! ones with big values (or, for fixed-size fields, appends bytes), and encodes the key in
//! the chosen format with every length, tag, padding and MAC right. The `oversized` fuzz
//! target and `crates/keywright/tests/malformed.rs` (proptest) drive it.
//!
//! The components come from the vectors (`crate::read`, once per process). Uses `std`,
//! `base64ct`, `hmac` and `sha2` only (the crates keywright itself uses).

use crate::der_tlv;
use base64ct::{Base64, Encoding};
use hmac::{KeyInit, Mac};

/// The key types the builder makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alg {
    /// RSA 2048 (`rsa2048-a`).
    Rsa,
    /// DSA 1024 (`dsa1024-a`).
    Dsa,
    /// ECDSA P-256 (`ecdsa256-a`).
    Ecdsa,
    /// Ed25519 (`ed25519-a`).
    Ed25519,
}

/// The private formats the builder writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fmt {
    /// The traditional PEM of the type: PKCS#1 (RSA), SEC1 (ECDSA), OpenSSL's DSA.
    Traditional,
    /// PKCS#8 `PRIVATE KEY`.
    Pkcs8,
    /// Unencrypted `openssh-key-v1`.
    OpenSsh,
    /// Unencrypted PPK v3 (with its MAC).
    Ppk,
}

/// Every (key type, format) pair a key can be written in.
pub const CASES: &[(Alg, Fmt)] = &[
    (Alg::Rsa, Fmt::Traditional),
    (Alg::Rsa, Fmt::Pkcs8),
    (Alg::Rsa, Fmt::OpenSsh),
    (Alg::Rsa, Fmt::Ppk),
    (Alg::Dsa, Fmt::Traditional),
    (Alg::Dsa, Fmt::Pkcs8),
    (Alg::Dsa, Fmt::OpenSsh),
    (Alg::Dsa, Fmt::Ppk),
    (Alg::Ecdsa, Fmt::Traditional),
    (Alg::Ecdsa, Fmt::Pkcs8),
    (Alg::Ecdsa, Fmt::OpenSsh),
    (Alg::Ecdsa, Fmt::Ppk),
    (Alg::Ed25519, Fmt::Pkcs8),
    (Alg::Ed25519, Fmt::OpenSsh),
    (Alg::Ed25519, Fmt::Ppk),
];

/// The components of a key type, by name, in the order [`Key::components`] uses.
#[must_use]
pub fn component_names(alg: Alg) -> &'static [&'static str] {
    match alg {
        Alg::Rsa => &["n", "e", "d", "p", "q", "dp", "dq", "iqmp"],
        Alg::Dsa => &["p", "q", "g", "y", "x"],
        Alg::Ecdsa => &["point", "d"],
        Alg::Ed25519 => &["public", "seed"],
    }
}

/// Whether format `fmt` stores component `name` (PKCS#8 leaves out DSA's `y`; only PKCS#1
/// inside PEM or PKCS#8 has RSA's `dp` and `dq`).
#[must_use]
pub fn stored(alg: Alg, fmt: Fmt, name: &str) -> bool {
    !matches!(
        (alg, fmt, name),
        (Alg::Dsa, Fmt::Pkcs8, "y") | (Alg::Rsa, Fmt::OpenSsh | Fmt::Ppk, "dp" | "dq")
    )
}

/// The bits of `mask` that name components `fmt` stores.
#[must_use]
pub fn stored_mask(alg: Alg, fmt: Fmt, mask: u32) -> u32 {
    component_names(alg)
        .iter()
        .enumerate()
        .filter(|(i, name)| mask & (1 << i) != 0 && stored(alg, fmt, name))
        .fold(0, |m, (i, _)| m | 1 << i)
}

/// The bits of `mask` that name integer components (not fixed-size fields).
#[must_use]
pub fn integer_mask(alg: Alg, mask: u32) -> u32 {
    component_names(alg)
        .iter()
        .enumerate()
        .filter(|(i, name)| mask & (1 << i) != 0 && !fixed_size(alg, name))
        .fold(0, |m, (i, _)| m | 1 << i)
}

/// Whether a key built with `mask` and `size` must be refused: an integer of 300 bytes or
/// more (no component of these keys is valid at that size), or any byte appended to a
/// fixed-size field.
#[must_use]
pub fn must_refuse(alg: Alg, fmt: Fmt, mask: u32, size: usize) -> bool {
    let mask = stored_mask(alg, fmt, mask);
    let integers = integer_mask(alg, mask);
    (integers != 0 && size >= 300) || (mask & !integers != 0 && size > 0)
}

/// Whether a component is a fixed-size field (bytes are appended) rather than an integer
/// (a longer integer is made).
#[must_use]
pub fn fixed_size(alg: Alg, name: &str) -> bool {
    matches!(
        (alg, name),
        (Alg::Ecdsa, "point") | (Alg::Ed25519, "public" | "seed")
    )
}

/// A key's components (big-endian unsigned integers without leading zeros, or raw bytes
/// for fixed-size fields).
#[derive(Clone, Debug)]
pub struct Key {
    /// The key type.
    pub alg: Alg,
    /// The values, in the order of [`component_names`].
    pub components: Vec<Vec<u8>>,
}

/// The text of the vector file `path`, read once per process (the fuzz target builds a key
/// per input).
fn vector_text(path: &'static str) -> &'static str {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static TEXTS: OnceLock<Mutex<HashMap<&'static str, &'static str>>> = OnceLock::new();
    let mut texts = TEXTS
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    texts.entry(path).or_insert_with(|| {
        let bytes = crate::read(path);
        String::leak(String::from_utf8(bytes).unwrap_or_default())
    })
}

const RSA_OPENSSH: &str = "keys/rsa2048-a/openssh.key";
const RSA_PKCS1: &str = "keys/rsa2048-a/pkcs1.pem";
const DSA_OPENSSH: &str = "keys/dsa1024-a/openssh.key";
const ECDSA_OPENSSH: &str = "keys/ecdsa256-a/openssh.key";
const ED25519_OPENSSH: &str = "keys/ed25519-a/openssh.key";

/// The base64 body of a PEM-style armour.
fn unarmor(pem: &str) -> Vec<u8> {
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .map(str::trim)
        .collect();
    Base64::decode_vec(&body).unwrap_or_default()
}

/// A reader of SSH wire fields that yields empty fields past the end (the vectors are
/// well-formed).
struct Wire<'a>(&'a [u8]);

impl<'a> Wire<'a> {
    fn take(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.0.len());
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        head
    }
    fn u32(&mut self) -> usize {
        let b = self.take(4);
        b.iter().fold(0usize, |acc, x| (acc << 8) | usize::from(*x))
    }
    fn string(&mut self) -> &'a [u8] {
        let n = self.u32();
        self.take(n)
    }
    fn mpint(&mut self) -> Vec<u8> {
        strip(self.string()).to_vec()
    }
}

fn strip(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

/// The private section's key fields of an unencrypted `openssh-key-v1` vector, after the
/// algorithm name (owned, so nothing is leaked).
fn openssh_fields(pem: &str) -> Vec<u8> {
    let body = unarmor(pem);
    let mut w = Wire(&body);
    w.take(b"openssh-key-v1\0".len());
    w.string(); // cipher
    w.string(); // kdf
    w.string(); // kdf options
    w.u32(); // count
    w.string(); // public blob
    let mut section = Wire(w.string());
    section.take(8); // check integers
    section.string(); // algorithm
    section.0.to_vec()
}

/// The INTEGERs of a DER `SEQUENCE` of INTEGERs (PKCS#1 `RSAPrivateKey`).
fn der_integers(der: &[u8]) -> Vec<Vec<u8>> {
    fn header(bytes: &[u8]) -> (usize, usize) {
        // (header length, content length)
        let first = usize::from(bytes.get(1).copied().unwrap_or(0));
        if first < 0x80 {
            return (2, first);
        }
        let n = first & 0x7f;
        let len = bytes
            .get(2..2 + n)
            .unwrap_or_default()
            .iter()
            .fold(0usize, |acc, x| (acc << 8) | usize::from(*x));
        (2 + n, len)
    }
    let (h, _) = header(der);
    let mut rest = der.get(h..).unwrap_or_default();
    let mut out = Vec::new();
    while !rest.is_empty() {
        let (h, len) = header(rest);
        let content = rest.get(h..h + len).unwrap_or_default();
        out.push(strip(content).to_vec());
        rest = rest.get(h + len..).unwrap_or_default();
    }
    out
}

impl Key {
    /// The known-answer key of type `alg`.
    #[must_use]
    pub fn vector(alg: Alg) -> Key {
        let components = match alg {
            Alg::Rsa => {
                let fields = openssh_fields(vector_text(RSA_OPENSSH));
                let mut w = Wire(&fields);
                let (n, e, d, iqmp, p, q) = (
                    w.mpint(),
                    w.mpint(),
                    w.mpint(),
                    w.mpint(),
                    w.mpint(),
                    w.mpint(),
                );
                let ints = der_integers(&unarmor(vector_text(RSA_PKCS1)));
                let (dp, dq) = (ints[6].clone(), ints[7].clone());
                vec![n, e, d, p, q, dp, dq, iqmp]
            }
            Alg::Dsa => {
                let fields = openssh_fields(vector_text(DSA_OPENSSH));
                let mut w = Wire(&fields);
                vec![w.mpint(), w.mpint(), w.mpint(), w.mpint(), w.mpint()]
            }
            Alg::Ecdsa => {
                let fields = openssh_fields(vector_text(ECDSA_OPENSSH));
                let mut w = Wire(&fields);
                w.string(); // curve name
                let point = w.string().to_vec();
                vec![point, w.mpint()]
            }
            Alg::Ed25519 => {
                let fields = openssh_fields(vector_text(ED25519_OPENSSH));
                let mut w = Wire(&fields);
                let public = w.string().to_vec();
                let seed = w.string()[..32].to_vec();
                vec![public, seed]
            }
        };
        Key { alg, components }
    }

    fn get(&self, name: &str) -> &[u8] {
        let i = component_names(self.alg)
            .iter()
            .position(|n| *n == name)
            .unwrap_or(0);
        &self.components[i]
    }

    /// The key with the components in `mask` (bit i: component i) made `size` bytes long:
    /// integers become `size`-byte integers built from `filler` (top byte non-zero, so
    /// the value really has that many bytes), fixed-size fields get `size` bytes of
    /// `filler` appended.
    #[must_use]
    pub fn oversized(&self, mask: u32, size: usize, filler: &[u8]) -> Key {
        let mut key = self.clone();
        let names = component_names(self.alg);
        for (i, name) in names.iter().enumerate() {
            if mask & (1 << i) == 0 {
                continue;
            }
            let mut big: Vec<u8> = if filler.is_empty() {
                vec![0x5a; size]
            } else {
                filler.iter().copied().cycle().take(size).collect()
            };
            if fixed_size(self.alg, name) {
                let mut v = key.components[i].clone();
                v.append(&mut big);
                key.components[i] = v;
            } else if size > 0 {
                big[0] |= 0x40;
                // Keep the low bit of odd values odd (n, p, q are checked for it).
                if let Some(last) = big.last_mut() {
                    *last |= 1;
                }
                key.components[i] = big;
            }
        }
        key
    }

    /// The key encoded in `fmt` (PEM or PPK text).
    #[must_use]
    pub fn encode(&self, fmt: Fmt) -> Vec<u8> {
        match fmt {
            Fmt::Traditional => self.traditional(),
            Fmt::Pkcs8 => armor("PRIVATE KEY", &self.pkcs8()),
            Fmt::OpenSsh => self.openssh(),
            Fmt::Ppk => self.ppk(),
        }
    }

    fn traditional(&self) -> Vec<u8> {
        let g = |n| self.get(n);
        match self.alg {
            Alg::Rsa => armor("RSA PRIVATE KEY", &self.pkcs1()),
            Alg::Dsa => armor(
                "DSA PRIVATE KEY",
                &seq(&[
                    int(&[]),
                    int(g("p")),
                    int(g("q")),
                    int(g("g")),
                    int(g("y")),
                    int(g("x")),
                ]),
            ),
            Alg::Ecdsa => armor("EC PRIVATE KEY", &self.sec1(true)),
            // No traditional format: PKCS#8 is Ed25519's PEM.
            Alg::Ed25519 => armor("PRIVATE KEY", &self.pkcs8()),
        }
    }

    fn pkcs1(&self) -> Vec<u8> {
        let g = |n| self.get(n);
        seq(&[
            int(&[]),
            int(g("n")),
            int(g("e")),
            int(g("d")),
            int(g("p")),
            int(g("q")),
            int(g("dp")),
            int(g("dq")),
            int(g("iqmp")),
        ])
    }

    fn sec1(&self, with_params: bool) -> Vec<u8> {
        let mut fields = vec![int(&[1]), octets(self.get("d"))];
        if with_params {
            fields.push(der_tlv(0xa0, &der_tlv(0x06, OID_P256)));
        }
        fields.push(der_tlv(0xa1, &bits(self.get("point"))));
        seq(&fields)
    }

    fn pkcs8(&self) -> Vec<u8> {
        let g = |n| self.get(n);
        let (algorithm, private) = match self.alg {
            Alg::Rsa => (
                seq(&[der_tlv(0x06, OID_RSA), der_tlv(0x05, &[])]),
                octets(&self.pkcs1()),
            ),
            Alg::Dsa => (
                seq(&[
                    der_tlv(0x06, OID_DSA),
                    seq(&[int(g("p")), int(g("q")), int(g("g"))]),
                ]),
                octets(&int(g("x"))),
            ),
            Alg::Ecdsa => (
                seq(&[der_tlv(0x06, OID_EC), der_tlv(0x06, OID_P256)]),
                octets(&self.sec1(false)),
            ),
            Alg::Ed25519 => (
                seq(&[der_tlv(0x06, OID_ED25519)]),
                octets(&octets(g("seed"))),
            ),
        };
        let mut fields = vec![int(&[]), algorithm, private];
        if self.alg == Alg::Ed25519 {
            // OneAsymmetricKey v2 with the public key, as OpenSSL 3 can write.
            fields[0] = int(&[1]);
            fields.push(der_tlv(0x81, &[&[0u8][..], g("public")].concat()));
        }
        seq(&fields)
    }

    fn ssh_name(&self) -> &'static str {
        match self.alg {
            Alg::Rsa => "ssh-rsa",
            Alg::Dsa => "ssh-dss",
            Alg::Ecdsa => "ecdsa-sha2-nistp256",
            Alg::Ed25519 => "ssh-ed25519",
        }
    }

    /// The SSH public key blob.
    #[must_use]
    pub fn public_blob(&self) -> Vec<u8> {
        let g = |n| self.get(n);
        let mut out = Vec::new();
        string(&mut out, self.ssh_name().as_bytes());
        match self.alg {
            Alg::Rsa => {
                mpint(&mut out, g("e"));
                mpint(&mut out, g("n"));
            }
            Alg::Dsa => {
                for n in ["p", "q", "g", "y"] {
                    mpint(&mut out, g(n));
                }
            }
            Alg::Ecdsa => {
                string(&mut out, b"nistp256");
                string(&mut out, g("point"));
            }
            Alg::Ed25519 => string(&mut out, g("public")),
        }
        out
    }

    fn openssh(&self) -> Vec<u8> {
        let g = |n| self.get(n);
        let mut section = vec![0x11, 0x22, 0x33, 0x44, 0x11, 0x22, 0x33, 0x44];
        string(&mut section, self.ssh_name().as_bytes());
        match self.alg {
            Alg::Rsa => {
                for n in ["n", "e", "d", "iqmp", "p", "q"] {
                    mpint(&mut section, g(n));
                }
            }
            Alg::Dsa => {
                for n in ["p", "q", "g", "y", "x"] {
                    mpint(&mut section, g(n));
                }
            }
            Alg::Ecdsa => {
                string(&mut section, b"nistp256");
                string(&mut section, g("point"));
                mpint(&mut section, g("d"));
            }
            Alg::Ed25519 => {
                string(&mut section, g("public"));
                string(&mut section, &[g("seed"), g("public")].concat());
            }
        }
        string(&mut section, b"oversized");
        let mut pad = 1u8;
        while section.len() % 8 != 0 {
            section.push(pad);
            pad += 1;
        }
        let mut body = b"openssh-key-v1\0".to_vec();
        string(&mut body, b"none");
        string(&mut body, b"none");
        string(&mut body, b"");
        body.extend_from_slice(&1u32.to_be_bytes());
        string(&mut body, &self.public_blob());
        string(&mut body, &section);
        armor_width("OPENSSH PRIVATE KEY", &body, 70)
    }

    fn ppk(&self) -> Vec<u8> {
        let g = |n| self.get(n);
        let mut private = Vec::new();
        match self.alg {
            Alg::Rsa => {
                for n in ["d", "p", "q", "iqmp"] {
                    mpint(&mut private, g(n));
                }
            }
            Alg::Dsa => mpint(&mut private, g("x")),
            Alg::Ecdsa => mpint(&mut private, g("d")),
            Alg::Ed25519 => string(&mut private, g("seed")),
        }
        let public = self.public_blob();
        let (name, comment) = (self.ssh_name(), "oversized");
        let mut mac_data = Vec::new();
        for field in [
            name.as_bytes(),
            b"none",
            comment.as_bytes(),
            &public,
            &private,
        ] {
            string(&mut mac_data, field);
        }
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&[]).expect("any key length");
        mac.update(&mac_data);
        let mac: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut out =
            format!("PuTTY-User-Key-File-3: {name}\nEncryption: none\nComment: {comment}\n");
        for (label, blob) in [("Public-Lines", &public), ("Private-Lines", &private)] {
            let b64 = Base64::encode_string(blob);
            let lines: Vec<&[u8]> = b64.as_bytes().chunks(64).collect();
            out.push_str(&format!("{label}: {}\n", lines.len()));
            for line in lines {
                out.push_str(std::str::from_utf8(line).unwrap_or_default());
                out.push('\n');
            }
        }
        out.push_str(&format!("Private-MAC: {mac}\n"));
        out.into_bytes()
    }
}

const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const OID_DSA: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01];
const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];

fn seq(fields: &[Vec<u8>]) -> Vec<u8> {
    der_tlv(0x30, &fields.concat())
}

/// A DER INTEGER of an unsigned big-endian value (minimal, with a 0 byte when the high
/// bit is set; zero for an empty value).
fn int(value: &[u8]) -> Vec<u8> {
    let value = strip(value);
    let mut content = Vec::with_capacity(value.len() + 1);
    if value.first().is_none_or(|b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(value);
    der_tlv(0x02, &content)
}

fn octets(value: &[u8]) -> Vec<u8> {
    der_tlv(0x04, value)
}

fn bits(value: &[u8]) -> Vec<u8> {
    der_tlv(0x03, &[&[0u8][..], value].concat())
}

fn string(out: &mut Vec<u8>, s: &[u8]) {
    out.extend_from_slice(&(s.len() as u32).to_be_bytes());
    out.extend_from_slice(s);
}

/// An SSH mpint of an unsigned big-endian value.
fn mpint(out: &mut Vec<u8>, value: &[u8]) {
    let value = strip(value);
    if value.first().is_some_and(|b| b & 0x80 != 0) {
        out.extend_from_slice(&(value.len() as u32 + 1).to_be_bytes());
        out.push(0);
        out.extend_from_slice(value);
    } else {
        string(out, value);
    }
}

fn armor_width(label: &str, body: &[u8], width: usize) -> Vec<u8> {
    let b64 = Base64::encode_string(body);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(width) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out.into_bytes()
}

/// A PEM armour with 64-column lines, as OpenSSL writes.
#[must_use]
pub fn armor(label: &str, body: &[u8]) -> Vec<u8> {
    armor_width(label, body, 64)
}

/// What the `oversized` fuzz target builds from its input: byte 0 picks the (type,
/// format) case, byte 1 the components to oversize (a bit mask), bytes 2-3 the size in
/// units of 8 bytes (up to 512 KiB), the rest is the filler.
#[must_use]
pub fn from_fuzz_input(data: &[u8]) -> Option<(Alg, Fmt, u32, usize, Vec<u8>)> {
    let (&case, rest) = data.split_first()?;
    let (&mask, rest) = rest.split_first()?;
    let size = rest
        .get(..2)
        .map_or(0, |b| usize::from(b[0]) << 8 | usize::from(b[1]));
    let filler = rest.get(2..).unwrap_or_default().to_vec();
    let (alg, fmt) = CASES[usize::from(case) % CASES.len()];
    Some((alg, fmt, u32::from(mask), size * 8, filler))
}
