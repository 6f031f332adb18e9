//! Randomart and SSHFP records against what `ssh-keygen -lv` and `ssh-keygen -r` printed for
//! the vector keys (known answers; the CLI tests compare with the live tool on fresh keys).
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use keywright::{HashAlg, fingerprint};

#[test]
fn randomart_equals_ssh_keygen_lv() {
    let ed25519 = common::vector_key("ed25519-a").public_key();
    assert_eq!(
        fingerprint::randomart(&ed25519, HashAlg::Sha256),
        "+--[ED25519 256]--+\n\
         |                 |\n\
         |          .      |\n\
         |         . .o+   |\n\
         |       ...o++oE..|\n\
         |        S+.=* o++|\n\
         |   . . =  =+++ +o|\n\
         |    = o.+.o=+  ..|\n\
         |   . o +* .oo..  |\n\
         |      +*..  .+.  |\n\
         +----[SHA256]-----+"
    );
    let rsa = common::vector_key("rsa2048-a").public_key();
    assert_eq!(
        fingerprint::randomart(&rsa, HashAlg::Md5),
        "+---[RSA 2048]----+\n\
         |  .              |\n\
         | o           .   |\n\
         |E o .     . o    |\n\
         |.. +   + * +     |\n\
         |... . . S = .    |\n\
         |.. o   .   .     |\n\
         |  +   .          |\n\
         |   o.o           |\n\
         |   .=o           |\n\
         +------[MD5]------+"
    );
}

#[test]
#[cfg(feature = "dsa")]
fn sshfp_records_equal_ssh_keygen_r() {
    for (id, expected) in [
        (
            "ed25519-a",
            [
                "h.example IN SSHFP 4 1 42339dffef62fb81b9f624aefe9c9133a6f0b9dd",
                "h.example IN SSHFP 4 2 aec736e6b890c6d7d2c4fd43c3b4f46d228bf32f7cc55382e0e36de825f0953d",
            ],
        ),
        (
            "ecdsa384-a",
            [
                "h.example IN SSHFP 3 1 c1042311c629d1f6c2bd5e6e7f4301b3dfd3d05b",
                "h.example IN SSHFP 3 2 46cf5edade48abf951dcdfc2a19345651debca95af79f065be3b4aed732c3cf5",
            ],
        ),
        (
            "rsa2048-a",
            [
                "h.example IN SSHFP 1 1 575f2e204c48e8bafefd151d87571c37f8d5d601",
                "h.example IN SSHFP 1 2 f2147654128eb157f78576874157df32a3616a1e3adb1727d6ec9a4dd6c1e4ab",
            ],
        ),
        (
            "dsa1024-a",
            [
                "h.example IN SSHFP 2 1 1a6c755bcb21c93bc35f7b2e1604681b786edc00",
                "h.example IN SSHFP 2 2 b4182d8704dd211c6ba04c25057a80f58b9a2693cf7e551ee2fd5b1f366c1b05",
            ],
        ),
    ] {
        let key = common::vector_key(id).public_key();
        assert_eq!(
            keywright::sshfp::records("h.example", &key),
            expected,
            "{id}"
        );
    }
}
