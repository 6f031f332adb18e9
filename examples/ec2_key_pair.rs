//! Make an EC2-style key pair (RSA 2048) and print what the EC2 console will show for it.
//!
//! `cargo run -p keywright --example ec2_key_pair [NAME]` prints the private key (PKCS#1
//! PEM, as EC2 hands it out), the public `authorized_keys` line, and both fingerprints.

use keywright::{Algorithm, HashAlg, LineEnding, ec2};

fn main() -> Result<(), keywright::Error> {
    let name = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "my-key-pair".into());
    ec2::check_key_name(&name)?;
    let mut key = keywright::generate(Algorithm::Rsa, None)?;
    key.set_comment(&name);
    let pem = key.to_pkcs1_pem(LineEnding::Lf)?;
    print!("{}", pem.as_str());
    println!("{}", key.public_key().to_openssh());
    println!(
        "EC2 fingerprint (created): {}",
        ec2::fingerprint_created(&key)?
    );
    println!(
        "EC2 fingerprint (imported): {}",
        ec2::fingerprint_imported(&key.public_key())?
    );
    println!("OpenSSH: {}", key.fingerprint(HashAlg::Sha256));
    Ok(())
}
