//! `keywright ec2-password`: the Administrator password of a Windows instance.

use crate::cli::Ec2PasswordArgs;
use crate::failure::{Failure, Outcome};
use crate::{files, output};

pub(crate) fn run(args: &Ec2PasswordArgs) -> Outcome {
    let key = files::load_private(&args.key, args.passphrase_file.as_ref())?;
    let data = files::read_input(&args.data)?;
    let data = String::from_utf8_lossy(&data);
    let password = keywright::ec2::decrypt_password_data(&key, data.trim())
        .map_err(Failure::key("cannot decrypt the password data"))?;
    // Escaped, as any text from a file: a password holding control characters must not
    // drive the terminal. The copy is zeroized too.
    let shown = zeroize::Zeroizing::new(keywright::text::escape(password.as_bytes()).into_owned());
    output::line(shown.as_str())
}
