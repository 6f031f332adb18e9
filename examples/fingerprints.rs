//! Read any key file (any format; `-` or nothing for standard input) and print its
//! fingerprints as ssh-keygen, PuTTYgen and the EC2 console show them.
//!
//! `cargo run -p keywright --example fingerprints -- KEYFILE [PASSPHRASE]`

use std::io::Read;

use keywright::{HashAlg, Key, Passphrase, ec2, fingerprint};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "-".into());
    let passphrase = args.next().map(|p| Passphrase::from(p.as_str()));
    let mut input = Vec::new();
    if path == "-" {
        std::io::stdin().read_to_end(&mut input)?;
    } else {
        input = std::fs::read(&path)?;
    }
    let key = keywright::load(&input, passphrase.as_ref())?;
    let public = key.public_key();
    println!("{}", fingerprint::ssh_keygen_line(&public, HashAlg::Sha256));
    println!("{}", fingerprint::ssh_keygen_line(&public, HashAlg::Md5));
    println!("{}", fingerprint::putty(&public, HashAlg::Sha256));
    let ec2 = match &key {
        Key::Private(k) => ec2::fingerprint_created(k),
        _ => ec2::fingerprint_imported(&public),
    };
    match ec2 {
        Ok(fp) => println!("EC2: {fp}"),
        Err(e) => println!("EC2: none ({e})"),
    }
    Ok(())
}
