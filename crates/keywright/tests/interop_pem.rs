//! PEM, DER, RFC 4716 and EC2 fingerprints against the real `openssl` and `ssh-keygen`.
//! With `KEYWRIGHT_REQUIRE_INTEROP=1` a missing tool fails these tests.
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use keywright::{Algorithm, Format, LineEnding, Passphrase, PrivateKey, load_private, load_public};

const PASSPHRASE: &str = "interop passphrase";

fn keys() -> &'static [PrivateKey] {
    static KEYS: std::sync::OnceLock<Vec<PrivateKey>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        [
            Algorithm::Rsa,
            Algorithm::Ed25519,
            Algorithm::EcdsaP256,
            Algorithm::EcdsaP384,
            Algorithm::EcdsaP521,
        ]
        .into_iter()
        .map(|a| {
            let mut key = keywright::generate(a, None).unwrap();
            key.set_comment(&format!("{}@interop", a.key_type()));
            key
        })
        .collect()
    })
}

fn pass_file(dir: &Path) -> PathBuf {
    common::write_private(dir, "pass.txt", format!("{PASSPHRASE}\n").as_bytes())
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `openssl pkey -in FILE -pubout -outform DER` (with the passphrase file when given).
fn openssl_spki(openssl: &Path, file: &Path, pass: Option<&Path>) -> Vec<u8> {
    let passin = pass.map(|p| format!("file:{}", s(p)));
    let mut args = vec!["pkey", "-in", s(file), "-pubout", "-outform", "DER"];
    if let Some(passin) = &passin {
        args.extend(["-passin", passin]);
    }
    common::run(openssl, &args, None)
}

#[test]
fn openssl_reads_what_we_write() {
    let Some(openssl) = common::tool("openssl") else {
        return;
    };
    let dir = common::tempdir();
    let pass_path = pass_file(dir.path());
    let pass = Passphrase::from(PASSPHRASE);
    for key in keys() {
        let spki = key.public_key().to_spki_der().unwrap();
        let mut written: Vec<(&str, String, bool)> = vec![
            (
                "pkcs8",
                key.to_pkcs8_pem(None, LineEnding::Lf).unwrap().to_string(),
                false,
            ),
            (
                "pkcs8-enc",
                key.to_pkcs8_pem(Some(&pass), LineEnding::Lf)
                    .unwrap()
                    .to_string(),
                true,
            ),
            (
                "pkcs8-crlf",
                key.to_pkcs8_pem(None, LineEnding::CrLf)
                    .unwrap()
                    .to_string(),
                false,
            ),
        ];
        if let Ok(pem) = key.to_pkcs1_pem(LineEnding::Lf) {
            written.push(("pkcs1", pem.to_string(), false));
        }
        if let Ok(pem) = key.to_sec1_pem(LineEnding::Lf) {
            written.push(("sec1", pem.to_string(), false));
        }
        for (name, text, encrypted) in written {
            let file = common::write_private(dir.path(), &format!("{name}.pem"), text.as_bytes());
            let pass = encrypted.then_some(pass_path.as_path());
            assert_eq!(
                openssl_spki(&openssl, &file, pass),
                spki,
                "{} {name}",
                key.algorithm()
            );
            if name == "pkcs1" {
                let out = common::run(
                    &openssl,
                    &["rsa", "-check", "-noout", "-in", s(&file)],
                    None,
                );
                assert!(String::from_utf8_lossy(&out).contains("RSA key ok"));
            }
        }
        // Public forms.
        let public = key.public_key();
        let spki_pem = common::write_private(
            dir.path(),
            "spki.pem",
            public.to_spki_pem(LineEnding::Lf).unwrap().as_bytes(),
        );
        let out = common::run(
            &openssl,
            &["pkey", "-pubin", "-in", s(&spki_pem), "-outform", "DER"],
            None,
        );
        assert_eq!(out, spki);
        if let Ok(pkcs1) = public.to_pkcs1_pem(LineEnding::Lf) {
            let file = common::write_private(dir.path(), "pkcs1-pub.pem", pkcs1.as_bytes());
            let out = common::run(
                &openssl,
                &[
                    "rsa",
                    "-RSAPublicKey_in",
                    "-in",
                    s(&file),
                    "-pubout",
                    "-outform",
                    "DER",
                ],
                None,
            );
            assert_eq!(out, spki);
        }
    }
}

#[test]
#[cfg(feature = "legacy-pem")]
fn we_read_what_openssl_writes() {
    let Some(openssl) = common::tool("openssl") else {
        return;
    };
    let dir = common::tempdir();
    let pass_path = pass_file(dir.path());
    let pass = Passphrase::from(PASSPHRASE);
    let specs: [(&str, &[&str]); 5] = [
        (
            "rsa",
            &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
        ),
        ("ed25519", &["-algorithm", "ED25519"]),
        (
            "p256",
            &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
        ),
        (
            "p384",
            &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
        ),
        (
            "p521",
            &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"],
        ),
    ];
    for (name, opts) in specs {
        let gen_path = dir.path().join(format!("{name}.pem"));
        let mut args = vec!["genpkey", "-out", s(&gen_path)];
        args.extend_from_slice(opts);
        common::run(&openssl, &args, None);
        let spki = openssl_spki(&openssl, &gen_path, None);
        let read = |path: &Path, pass: Option<&Passphrase>, format: Format| {
            let key = load_private(&std::fs::read(path).unwrap(), pass)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(key.format(), Some(format), "{}", path.display());
            assert_eq!(
                key.public_key().to_spki_der().unwrap(),
                spki,
                "{}",
                path.display()
            );
            key
        };
        let key = read(&gen_path, None, Format::Pkcs8);
        // What openssl writes unencrypted, we write byte for byte.
        assert_eq!(
            key.to_pkcs8_pem(None, LineEnding::Lf).unwrap().as_bytes(),
            std::fs::read(&gen_path).unwrap(),
            "{name}"
        );
        let enc = dir.path().join(format!("{name}-enc.pem"));
        common::run(
            &openssl,
            &[
                "pkcs8",
                "-topk8",
                "-v2",
                "aes-256-cbc",
                "-in",
                s(&gen_path),
                "-out",
                s(&enc),
                "-passout",
                &format!("file:{}", s(&pass_path)),
            ],
            None,
        );
        read(&enc, Some(&pass), Format::Pkcs8);
        let traditional = dir.path().join(format!("{name}-trad.pem"));
        let legacy = dir.path().join(format!("{name}-legacy.pem"));
        let (tool, format) = match name {
            "rsa" => ("rsa", Format::Pkcs1),
            "ed25519" => continue,
            _ => ("ec", Format::Sec1),
        };
        // `openssl ec` writes SEC1 by default; `openssl rsa` needs -traditional for PKCS#1.
        let traditional_flag: &[&str] = if tool == "rsa" {
            &["-traditional"]
        } else {
            &[]
        };
        let mut args = vec![tool, "-in", s(&gen_path), "-out", s(&traditional)];
        args.extend_from_slice(traditional_flag);
        common::run(&openssl, &args, None);
        let key = read(&traditional, None, format);
        let ours = if format == Format::Pkcs1 {
            key.to_pkcs1_pem(LineEnding::Lf).unwrap()
        } else {
            key.to_sec1_pem(LineEnding::Lf).unwrap()
        };
        assert_eq!(
            ours.as_bytes(),
            std::fs::read(&traditional).unwrap(),
            "{name}"
        );
        if tool == "ec" {
            // SEC1 without its optional public key: we derive it from the scalar.
            let bare = dir.path().join(format!("{name}-no-public.pem"));
            common::run(
                &openssl,
                &["ec", "-in", s(&gen_path), "-out", s(&bare), "-no_public"],
                None,
            );
            read(&bare, None, Format::Sec1);
        }
        for cipher in ["-aes128", "-aes192", "-aes256", "-des3"] {
            let passout = format!("file:{}", s(&pass_path));
            let mut args = vec![tool, "-in", s(&gen_path), "-out", s(&legacy), cipher];
            args.extend_from_slice(traditional_flag);
            args.extend(["-passout", &passout]);
            common::run(&openssl, &args, None);
            assert!(
                std::fs::read_to_string(&legacy)
                    .unwrap()
                    .contains("Proc-Type: 4,ENCRYPTED")
            );
            read(&legacy, Some(&pass), format);
            let e =
                load_private(&std::fs::read(&legacy).unwrap(), Some(&"nope".into())).unwrap_err();
            assert_eq!(
                e.kind(),
                keywright::ErrorKind::WrongPassphrase,
                "{name} {cipher}"
            );
        }
    }
}

#[test]
fn ssh_keygen_reads_our_rfc4716_and_we_read_its_exports() {
    let Some(ssh_keygen) = common::tool("ssh-keygen") else {
        return;
    };
    let dir = common::tempdir();
    let long = format!("{}: with a colon: and é {}", "c".repeat(90), "d".repeat(80));
    for key in keys() {
        for comment in ["", "short comment", long.as_str()] {
            let mut public = key.public_key();
            public.set_comment(comment);
            let file = common::write_private(
                dir.path(),
                "key.rfc",
                public.to_rfc4716(LineEnding::Lf).unwrap().as_bytes(),
            );
            let out = common::run(&ssh_keygen, &["-i", "-f", s(&file)], None);
            let line = String::from_utf8(out).unwrap();
            let mut bare = public.clone();
            bare.set_comment("");
            assert_eq!(line.trim_end(), bare.to_openssh(), "{comment:?}");
        }
        // ssh-keygen's exports of our OpenSSH public key.
        let pub_file = common::write_private(
            dir.path(),
            "key.pub",
            (key.public_key().to_openssh() + "\n").as_bytes(),
        );
        let modes: &[(&str, Format)] = match key.algorithm() {
            Algorithm::Ed25519 => &[("RFC4716", Format::Rfc4716)],
            Algorithm::Rsa => &[
                ("RFC4716", Format::Rfc4716),
                ("PKCS8", Format::Spki),
                ("PEM", Format::Pkcs1Pub),
            ],
            _ => &[
                ("RFC4716", Format::Rfc4716),
                ("PKCS8", Format::Spki),
                ("PEM", Format::Spki),
            ],
        };
        for (mode, format) in modes {
            let out = common::run(&ssh_keygen, &["-e", "-m", mode, "-f", s(&pub_file)], None);
            let read = load_public(&out).unwrap_or_else(|e| panic!("{mode}: {e}"));
            assert_eq!(read.format(), Some(*format), "{mode}");
            assert_eq!(read, key.public_key(), "{} {mode}", key.algorithm());
        }
    }
}

#[test]
#[cfg(feature = "ec2")]
fn ec2_fingerprints_match_the_aws_pipelines() {
    let Some(openssl) = common::tool("openssl") else {
        return;
    };
    let dir = common::tempdir();
    let mut rsa = vec![keys()[0].clone()];
    rsa.push(load_private(&common::read("keys/rsa3072-a/openssh.key"), None).unwrap());
    for key in rsa {
        let file = common::write_private(
            dir.path(),
            "ec2.pem",
            key.to_pkcs1_pem(LineEnding::Lf).unwrap().as_bytes(),
        );
        let (created, imported) = common::ec2_fingerprints_by_openssl(&openssl, &file);
        assert_eq!(keywright::ec2::fingerprint_created(&key).unwrap(), created);
        let public = key.public_key();
        assert_eq!(
            keywright::ec2::fingerprint_imported(&public).unwrap(),
            imported
        );
    }
}

#[test]
#[cfg(feature = "ec2")]
fn windows_password_encrypted_by_openssl() {
    let Some(openssl) = common::tool("openssl") else {
        return;
    };
    let dir = common::tempdir();
    let key = load_private(&common::read("keys/rsa2048-a/pkcs1.pem"), None).unwrap();
    let spki = common::write_private(
        dir.path(),
        "pub.pem",
        key.public_key()
            .to_spki_pem(LineEnding::Lf)
            .unwrap()
            .as_bytes(),
    );
    let password = "p@ss-W0rd from EC2";
    let ciphertext = common::run(
        &openssl,
        &[
            "pkeyutl",
            "-encrypt",
            "-pubin",
            "-inkey",
            s(&spki),
            "-pkeyopt",
            "rsa_padding_mode:pkcs1",
        ],
        Some(password.as_bytes()),
    );
    let b64 = common::run(&openssl, &["base64"], Some(&ciphertext));
    let b64 = String::from_utf8(b64).unwrap();
    assert_eq!(
        keywright::ec2::decrypt_password_data(&key, &b64)
            .unwrap()
            .as_str(),
        password
    );
}

/// `openssl pkcs8 -topk8 -v2 des3` (PBES2 with DES-EDE3-CBC) is read (the old code refused
/// the cipher).
#[test]
#[cfg(feature = "legacy-pem")]
fn pbes2_des_ede3_cbc_from_openssl_is_read() {
    let Some(openssl) = common::tool("openssl") else {
        return;
    };
    let dir = common::tempdir();
    let out = dir.path().join("des3.pem");
    common::run(
        &openssl,
        &[
            "pkcs8",
            "-topk8",
            "-v2",
            "des3",
            "-in",
            common::vectors()
                .join("keys/rsa2048-a/pkcs1.pem")
                .to_str()
                .unwrap(),
            "-passout",
            "pass:des3 words",
            "-out",
            out.to_str().unwrap(),
        ],
        None,
    );
    let bytes = std::fs::read(&out).unwrap();
    let key =
        keywright::load_private(&bytes, Some(&keywright::Passphrase::from("des3 words"))).unwrap();
    assert_eq!(key, common::vector_key("rsa2048-a"));
    assert!(key.was_encrypted());
}

/// ECDSA keys with explicit curve parameters equal to a named curve (`openssl ecparam
/// -param_enc explicit`), as SEC1, PKCS#8 and SPKI: read as that curve, giving the public
/// line `ssh-keygen -y` prints for the same file. Explicit parameters of another curve
/// (secp256k1) are unsupported. The old code refused all of them.
#[test]
fn explicit_curve_parameters_equal_to_a_named_curve_are_read() {
    let (Some(openssl), Some(ssh_keygen)) = (common::tool("openssl"), common::tool("ssh-keygen"))
    else {
        return;
    };
    let dir = common::tempdir();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    for curve in ["prime256v1", "secp384r1", "secp521r1"] {
        let sec1 = path(&format!("{curve}.pem"));
        let pkcs8 = path(&format!("{curve}-pkcs8.pem"));
        let spki = path(&format!("{curve}-spki.pem"));
        common::run(
            &openssl,
            &[
                "ecparam",
                "-name",
                curve,
                "-genkey",
                "-param_enc",
                "explicit",
                "-noout",
                "-out",
                &sec1,
            ],
            None,
        );
        common::run(
            &openssl,
            &["pkcs8", "-topk8", "-nocrypt", "-in", &sec1, "-out", &pkcs8],
            None,
        );
        common::run(
            &openssl,
            &["ec", "-in", &sec1, "-pubout", "-out", &spki],
            None,
        );
        std::fs::set_permissions(&sec1, std::os::unix::fs::PermissionsExt::from_mode(0o600))
            .unwrap();
        let expected =
            String::from_utf8(common::run(&ssh_keygen, &["-y", "-f", &sec1], None)).unwrap();
        let sec1_text = std::fs::read_to_string(&sec1).unwrap();
        assert!(!sec1_text.is_empty());
        for file in [&sec1, &pkcs8] {
            let key = load_private(&std::fs::read(file).unwrap(), None)
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(key.public_key().to_openssh(), expected.trim_end(), "{file}");
        }
        let public = load_public(&std::fs::read(&spki).unwrap()).unwrap();
        assert_eq!(public.to_openssh(), expected.trim_end(), "{spki}");
    }
    let k1 = path("k1.pem");
    common::run(
        &openssl,
        &[
            "ecparam",
            "-name",
            "secp256k1",
            "-genkey",
            "-param_enc",
            "explicit",
            "-noout",
            "-out",
            &k1,
        ],
        None,
    );
    let e = load_private(&std::fs::read(&k1).unwrap(), None).unwrap_err();
    assert!(
        matches!(
            e.kind(),
            keywright::ErrorKind::Unsupported | keywright::ErrorKind::Parse
        ),
        "{e}"
    );
}
