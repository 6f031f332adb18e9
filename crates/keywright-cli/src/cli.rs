//! The command line, as `clap` derives it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Make, read, convert and fingerprint SSH key pairs.
#[derive(Debug, Parser)]
#[command(name = "keywright", version, about, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Generate a key pair: PATH (private, mode 0600) and PATH.pub.
    Generate(GenerateArgs),
    /// Print the public key of a key file (as `ssh-keygen -y`).
    Public(PublicArgs),
    /// Print fingerprints (as `ssh-keygen -l`, `puttygen -l`, or the EC2 console).
    Fingerprint(FingerprintArgs),
    /// Print SSHFP DNS records for host keys (as `ssh-keygen -r HOSTNAME -f KEYFILE`).
    Sshfp(SshfpArgs),
    /// Describe a key file.
    Inspect(InspectArgs),
    /// Convert a private key to another format.
    Convert(ConvertArgs),
    /// Change, add or remove a key file's passphrase in place, keeping its format (as
    /// `ssh-keygen -p`, `puttygen -P`).
    Passphrase(PassphraseArgs),
    /// Change the comment of a key file in place (as `ssh-keygen -c`, `puttygen -C`).
    Comment(CommentArgs),
    /// Say whether EC2's ImportKeyPair accepts a public key (exit 0) or refuses it (exit 1).
    #[command(name = "ec2-check")]
    Ec2Check(Ec2CheckArgs),
    /// Say which EC2 key pair each key file is (`describe-key-pairs` or `create-key-pair`
    /// JSON); exit 0 when every file matched one.
    #[command(name = "ec2-match")]
    Ec2Match(Ec2MatchArgs),
    /// Host keys from an instance's console output: known_hosts lines, or `--check` what
    /// `ssh-keyscan` sees against them (exit 1 on a mismatch or nothing to compare).
    #[command(name = "ec2-host-keys")]
    Ec2HostKeys(Ec2HostKeysArgs),
    /// Find, remove, hash and add host keys in a known_hosts file (as `ssh-keygen -F`, `-R`,
    /// `-H`).
    #[command(name = "known-hosts", subcommand)]
    KnownHosts(KnownHostsCommand),
    /// Sign public keys as an SSH certificate authority (as `ssh-keygen -s`): writes
    /// NAME-cert.pub next to each NAME.pub.
    Certify(CertifyArgs),
    /// List, add or remove keys in an authorized_keys file, keeping every other line as it is.
    #[command(name = "authorized-keys", subcommand)]
    AuthorizedKeys(AuthorizedKeysCommand),
    /// Decrypt a Windows instance's Administrator password (`GetPasswordData`). Local use only.
    #[command(name = "ec2-password")]
    Ec2Password(Ec2PasswordArgs),
    /// Sign files (SSHSIG, as `ssh-keygen -Y sign`): writes FILE.sig, or standard output for `-`.
    Sign(SignArgs),
    /// Verify an SSH signature against a key or an allowed_signers file (exit 8 if it fails).
    Verify(VerifyArgs),
    /// Print the principals an allowed_signers file trusts for a signature's key.
    #[command(name = "find-principals")]
    FindPrincipals(FindPrincipalsArgs),
    /// Find weak and compromised keys (ROCA, close or shared primes, small factors, weak
    /// exponents, DSA, invalid points, blocklists, duplicates) in key files, authorized_keys,
    /// known_hosts and folders.
    #[command(after_help = AUDIT_AFTER_HELP)]
    Audit(AuditArgs),
    /// Print a shell completion script (e.g. `keywright completions bash >
    /// /etc/bash_completion.d/keywright`).
    Completions(CompletionsArgs),
    /// Print the manual page (roff): keywright(1), or keywright-SUBCOMMAND(1) (e.g.
    /// `keywright man generate | man -l -`).
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// A subcommand (default: the page for keywright itself).
    #[arg(value_name = "SUBCOMMAND")]
    pub(crate) subcommand: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    pub(crate) shell: clap_complete::Shell,
}

/// `keywright audit --help`'s epilogue: the exit codes.
const AUDIT_AFTER_HELP: &str = "Exit codes: 0 no finding of severity warning or error (info \
findings such as duplicates do not count); 10 at least one warning or error finding; 11 the audit \
could not run (a blocklist or standard input could not be read). 2 is a usage error, as for every \
command. Unreadable and non-key files are reported as skipped, never fatal.\n\
With --json the report is one JSON object, schema 1 (see the README).";

#[derive(Debug, Args)]
pub(crate) struct AuditArgs {
    /// Key files (any format, public or private), authorized_keys, known_hosts, folders
    /// (walked recursively), `-` for standard input.
    #[arg(value_name = "PATH", required = true)]
    pub(crate) paths: Vec<PathBuf>,
    /// Print the report as JSON (schema 1).
    #[arg(long)]
    pub(crate) json: bool,
    /// A folder of badkeys blocklists (blocklist.dat, badkeysdata.json, extra .dat lists), as
    /// `badkeys --update-bl` writes to ~/.cache/badkeys, or badkeys' keydata folder (its
    /// primes<bits>.dat known shared primes, for rsa-known-shared-prime). Never fetched.
    #[arg(long, value_name = "DIR")]
    pub(crate) blocklist: Vec<PathBuf>,
    /// RSA moduli shorter than this are an error.
    #[arg(long, value_name = "BITS", default_value_t = keywright::audit::DEFAULT_RSA_ERROR_BELOW)]
    pub(crate) rsa_error_below: u32,
    /// RSA moduli shorter than this are a warning.
    #[arg(long, value_name = "BITS", default_value_t = keywright::audit::DEFAULT_RSA_WARNING_BELOW)]
    pub(crate) rsa_warning_below: u32,
    /// Steps of Fermat's method from ceil(sqrt(n)).
    #[arg(long, value_name = "N", default_value_t = keywright::audit::DEFAULT_FERMAT_ROUNDS, value_parser = clap::value_parser!(u32).range(0..=i64::from(keywright::audit::MAX_FERMAT_ROUNDS)))]
    pub(crate) fermat_rounds: u32,
    /// Print the factors found (Fermat, small and shared factors) in the reasons.
    #[arg(long)]
    pub(crate) reveal_factors: bool,
    /// Run only these checks: ids of the README's table or badkeys check names, comma
    /// separated (e.g. `rsainvalid,rsawarnings,roca,fermat,smallfactors,smalld`, as badkeys -c).
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    pub(crate) checks: Vec<String>,
    /// Do not run these checks (ids or badkeys check names, comma separated; e.g.
    /// `rsa-shared-prime,duplicate`).
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    pub(crate) skip: Vec<String>,
    /// Skip files larger than this many bytes (default 67108864, 64 MiB; a fleet's
    /// authorized_keys or known_hosts of a million lines is about 400 MB). Standard input
    /// over it is an error (exit 11).
    #[arg(long, value_name = "BYTES", default_value_t = keywright::audit::DEFAULT_MAX_FILE_BYTES, value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) max_file_bytes: u64,
}

/// Where a key is read from and how to unlock it.
#[derive(Debug, Args)]
pub(crate) struct Input {
    /// Key file, or `-` for standard input.
    #[arg(value_name = "PATH")]
    pub(crate) path: PathBuf,
    /// File holding the passphrase (one trailing newline is dropped).
    #[arg(long, value_name = "FILE")]
    pub(crate) passphrase_file: Option<PathBuf>,
}

/// Private key formats that can be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum PrivateFormat {
    Openssh,
    Pkcs1,
    Pkcs8,
    Sec1,
    Ppk,
    Ppk2,
    Ppk3,
}

/// Public key formats that can be written (named as `keywright::Format` names them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum PublicFormat {
    /// One OpenSSH line, as `ssh-keygen -y` prints it (also `openssh`).
    #[value(name = "openssh-pub", alias = "openssh")]
    OpensshPub,
    /// RFC 4716 (`---- BEGIN SSH2 PUBLIC KEY ----`).
    Rfc4716,
    /// SubjectPublicKeyInfo PEM (`PUBLIC KEY`).
    Spki,
    /// PKCS#1 PEM (`RSA PUBLIC KEY`; also `pkcs1`).
    #[value(name = "pkcs1-pub", alias = "pkcs1")]
    Pkcs1Pub,
    /// SubjectPublicKeyInfo DER, binary.
    Der,
    /// SubjectPublicKeyInfo DER as one base64 line (what EC2's ImportKeyPair takes).
    #[value(name = "der-base64")]
    DerBase64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Hash {
    Sha256,
    Md5,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Argon2Flavor {
    Id,
    I,
    D,
}

/// How encrypted `openssh-key-v1` files are written.
#[derive(Debug, Args)]
pub(crate) struct OpensshArgs {
    /// bcrypt-pbkdf rounds for an encrypted openssh key (default 16, as ssh-keygen;
    /// 1..=1024).
    #[arg(short = 'a', long = "rounds", value_name = "ROUNDS",
          value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub(crate) rounds: Option<u32>,
    /// Cipher for an encrypted openssh key (default aes256-ctr, as ssh-keygen).
    #[arg(long, value_name = "CIPHER", value_parser = cipher_names())]
    pub(crate) cipher: Option<String>,
}

/// The cipher names `--cipher` takes (listed in `--help` and completions).
fn cipher_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        keywright::OpenSshCipher::ALL.map(keywright::OpenSshCipher::name),
    )
}

/// How PPK files are written.
#[derive(Debug, Args)]
pub(crate) struct PpkArgs {
    /// PPK version to write with `ppk`.
    #[arg(long, value_name = "2|3", value_parser = clap::value_parser!(u8).range(2..=3))]
    pub(crate) ppk_version: Option<u8>,
    /// Argon2 variant for encrypted PPK v3.
    #[arg(long, value_enum)]
    pub(crate) argon2: Option<Argon2Flavor>,
    /// Argon2 memory in KiB.
    #[arg(long, value_name = "KIB")]
    pub(crate) argon2_memory: Option<u32>,
    /// Argon2 passes.
    #[arg(long, value_name = "N")]
    pub(crate) argon2_passes: Option<u32>,
    /// Argon2 lanes.
    #[arg(long, value_name = "N")]
    pub(crate) argon2_parallelism: Option<u32>,
}

#[derive(Debug, Args)]
pub(crate) struct GenerateArgs {
    /// Key type.
    #[arg(
        short = 't',
        long = "type",
        default_value = "rsa",
        value_name = "rsa|ed25519|ecdsa"
    )]
    pub(crate) key_type: String,
    /// Bits: RSA 1024..=16384 (default 2048); ECDSA 256, 384 or 521.
    #[arg(short = 'b', long)]
    pub(crate) bits: Option<u32>,
    /// Comment (default: the file name without extension, as EC2 names keys).
    #[arg(short = 'C', long)]
    pub(crate) comment: Option<String>,
    /// Private key format (default: pkcs1 for an unencrypted RSA key, as EC2 hands out;
    /// openssh otherwise, an encrypted RSA key included, since PKCS#1 cannot be encrypted).
    #[arg(long, value_enum)]
    pub(crate) format: Option<PrivateFormat>,
    #[command(flatten)]
    pub(crate) openssh: OpensshArgs,
    /// Encrypt the private key with the passphrase in FILE (an empty file is refused).
    #[arg(long, value_name = "FILE")]
    pub(crate) passphrase_file: Option<PathBuf>,
    /// Replace existing files.
    #[arg(long)]
    pub(crate) force: bool,
    /// Where to write the private key (the public key goes to PATH.pub); `-`: standard
    /// output, the private key then the public key line (needs --private-to-stdout).
    #[arg(short = 'o', long, value_name = "PATH")]
    pub(crate) output: PathBuf,
    /// With `-o -`: write the private key to standard output (refused without this flag,
    /// so that a key is never shown on a terminal or piped by accident).
    #[arg(long)]
    pub(crate) private_to_stdout: bool,
    #[command(flatten)]
    pub(crate) ppk: PpkArgs,
}

#[derive(Debug, Args)]
pub(crate) struct PublicArgs {
    #[command(flatten)]
    pub(crate) input: Input,
    /// Output format.
    #[arg(long, value_enum, default_value = "openssh-pub")]
    pub(crate) format: PublicFormat,
}

#[derive(Debug, Args)]
pub(crate) struct FingerprintArgs {
    #[command(flatten)]
    pub(crate) input: Input,
    /// Hash.
    #[arg(short = 'E', long = "hash", value_enum, default_value = "sha256")]
    pub(crate) hash: Hash,
    /// Print the EC2 console's fingerprint.
    #[arg(long, conflicts_with = "putty")]
    pub(crate) ec2: bool,
    /// Print what `puttygen -l` prints.
    #[arg(long)]
    pub(crate) putty: bool,
    /// Also print the randomart picture (as `ssh-keygen -lv`).
    #[arg(short = 'v', long = "visual", conflicts_with_all = ["ec2", "putty"])]
    pub(crate) visual: bool,
}

#[derive(Debug, Args)]
pub(crate) struct SshfpArgs {
    /// The host name written in each record.
    #[arg(value_name = "HOSTNAME")]
    pub(crate) hostname: String,
    /// Public (or private) key files, `-` for standard input.
    #[arg(value_name = "KEYFILE", required = true)]
    pub(crate) keys: Vec<PathBuf>,
    /// Only this fingerprint type (default: both, as `ssh-keygen -r`).
    #[arg(long, value_enum)]
    pub(crate) hash: Option<SshfpHash>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum SshfpHash {
    Sha1,
    Sha256,
}

#[derive(Debug, Args)]
pub(crate) struct InspectArgs {
    #[command(flatten)]
    pub(crate) input: Input,
    /// Print a JSON object.
    #[arg(long)]
    pub(crate) json: bool,
    /// For a certificate: fail (exit 1) when the CA signature does not hold or it is not
    /// valid now.
    #[arg(long)]
    pub(crate) verify: bool,
}

#[derive(Debug, Args)]
pub(crate) struct CertifyArgs {
    /// The CA's private key (any format keywright reads; encrypted ones ask for the
    /// passphrase or take --passphrase-file).
    #[arg(long, value_name = "CA_KEY")]
    pub(crate) ca: PathBuf,
    /// File holding the CA key's passphrase (one trailing newline is dropped).
    #[arg(long, value_name = "FILE")]
    pub(crate) passphrase_file: Option<PathBuf>,
    /// Make host certificates (default: user certificates).
    #[arg(long = "host", short = 'H')]
    pub(crate) host: bool,
    /// Key ID (`ssh-keygen -I`).
    #[arg(long, short = 'I', value_name = "ID")]
    pub(crate) identity: String,
    /// Principals, comma-separated (`-n`; default: any).
    #[arg(long, short = 'n', value_name = "a,b", value_delimiter = ',')]
    pub(crate) principals: Vec<String>,
    /// Validity as `ssh-keygen -V` takes it: `+52w`, `-1d:+1h`, `20261201:20271201`,
    /// `always:forever` (default); absolute times are UTC.
    #[arg(long, short = 'V', value_name = "SPEC", allow_hyphen_values = true)]
    pub(crate) validity: Option<String>,
    /// Serial number (`-z`).
    #[arg(long, short = 'z', value_name = "N", default_value_t = 0)]
    pub(crate) serial: u64,
    /// Critical option NAME[=VALUE] (`force-command=CMD`, `source-address=CIDRS`,
    /// `verify-required`), repeatable.
    #[arg(long = "option", short = 'O', value_name = "NAME[=VALUE]")]
    pub(crate) options: Vec<String>,
    /// Extension NAME[=VALUE] (`permit-pty`, ...), added to the defaults, repeatable.
    #[arg(long = "extension", value_name = "NAME[=VALUE]")]
    pub(crate) extensions: Vec<String>,
    /// Leave out the default extensions (`permit-X11-forwarding`, `permit-agent-forwarding`,
    /// `permit-port-forwarding`, `permit-pty`, `permit-user-rc` for user certificates).
    #[arg(long)]
    pub(crate) no_default_extensions: bool,
    /// Public keys to sign (each NAME.pub gets NAME-cert.pub; an existing one is replaced,
    /// as `ssh-keygen -s` does).
    #[arg(value_name = "PUBKEY", required = true)]
    pub(crate) keys: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ConvertArgs {
    #[command(flatten)]
    pub(crate) input: Input,
    /// Where to write the converted key; `-`: standard output (needs --private-to-stdout).
    #[arg(short = 'o', long, value_name = "PATH")]
    pub(crate) output: PathBuf,
    /// With `-o -`: write the private key to standard output (refused without this flag,
    /// so that a key is never shown on a terminal or piped by accident).
    #[arg(long)]
    pub(crate) private_to_stdout: bool,
    /// Format to write.
    #[arg(long, value_enum)]
    pub(crate) to: PrivateFormat,
    /// Encrypt the output with the passphrase in FILE (default: unencrypted; an empty file
    /// is refused).
    #[arg(long, value_name = "FILE")]
    pub(crate) new_passphrase_file: Option<PathBuf>,
    /// Set the comment.
    #[arg(short = 'C', long)]
    pub(crate) comment: Option<String>,
    /// Replace an existing output file.
    #[arg(long)]
    pub(crate) force: bool,
    #[command(flatten)]
    pub(crate) openssh: OpensshArgs,
    #[command(flatten)]
    pub(crate) ppk: PpkArgs,
}

#[derive(Debug, Args)]
pub(crate) struct PassphraseArgs {
    /// The key file (changed in place, atomically; owner and mode kept).
    #[arg(value_name = "PATH")]
    pub(crate) path: PathBuf,
    /// File holding the current passphrase (default: asked on the terminal when the key is
    /// encrypted).
    #[arg(long, value_name = "FILE")]
    pub(crate) passphrase_file: Option<PathBuf>,
    /// File holding the new passphrase (default: asked twice on the terminal).
    #[arg(long, value_name = "FILE", conflicts_with = "remove")]
    pub(crate) new_passphrase_file: Option<PathBuf>,
    /// Remove the passphrase: write the key unencrypted.
    #[arg(long)]
    pub(crate) remove: bool,
    #[command(flatten)]
    pub(crate) openssh: OpensshArgs,
    /// For a PPK file (default: its version and Argon2 settings, with a new salt).
    #[command(flatten)]
    pub(crate) ppk: PpkArgs,
}

#[derive(Debug, Args)]
pub(crate) struct CommentArgs {
    /// The key file (changed in place, atomically; owner and mode kept): openssh-key-v1,
    /// PPK, an OpenSSH public key line or RFC 4716 (the other formats have no comment).
    #[arg(value_name = "PATH")]
    pub(crate) path: PathBuf,
    /// The new comment.
    #[arg(short = 'C', long, value_name = "TEXT")]
    pub(crate) comment: String,
    /// File holding the passphrase of an encrypted key (default: asked on the terminal).
    #[arg(long, value_name = "FILE")]
    pub(crate) passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct Ec2CheckArgs {
    #[command(flatten)]
    pub(crate) input: Input,
    /// Also check this key-pair name.
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// The instances' platform (EC2 refuses Ed25519 key pairs for Windows).
    #[arg(long, value_enum, default_value = "linux")]
    pub(crate) platform: Platform,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Platform {
    Linux,
    Windows,
}

#[derive(Debug, Args)]
pub(crate) struct Ec2MatchArgs {
    /// JSON of `aws ec2 describe-key-pairs [--include-public-key]` or `create-key-pair`,
    /// `-` for standard input.
    #[arg(long, value_name = "FILE", default_value = "-")]
    pub(crate) key_pairs: PathBuf,
    /// Local key files (private or public, any format).
    #[arg(value_name = "KEYFILE", required = true)]
    pub(crate) keys: Vec<PathBuf>,
    /// File holding the passphrase of encrypted private keys.
    #[arg(long, value_name = "FILE")]
    pub(crate) passphrase_file: Option<PathBuf>,
    /// Print a JSON array.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct Ec2HostKeysArgs {
    /// What `aws ec2 get-console-output` printed (text or JSON), `-` for standard input.
    #[arg(value_name = "CONSOLE_OUTPUT")]
    pub(crate) console: PathBuf,
    /// Host name (or address) for the known_hosts lines.
    #[arg(long, value_name = "NAME")]
    pub(crate) host: Option<String>,
    /// Compare `ssh-keyscan` output (FILE, `-` for standard input) with the console.
    #[arg(long, value_name = "FILE")]
    pub(crate) check: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct Ec2PasswordArgs {
    /// The key pair's private key.
    #[arg(long, value_name = "PATH")]
    pub(crate) key: PathBuf,
    /// File holding the key's passphrase.
    #[arg(long, value_name = "FILE")]
    pub(crate) passphrase_file: Option<PathBuf>,
    /// File with the base64 `PasswordData`, or `-` for standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub(crate) data: PathBuf,
}

/// The message hash of an SSH signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum SigHash {
    Sha256,
    Sha512,
}

#[derive(Debug, Args)]
pub(crate) struct SignArgs {
    /// Namespace (`git`, `file`, ...): a signature verifies only in its own.
    #[arg(short = 'n', long)]
    pub(crate) namespace: String,
    /// The private key to sign with.
    #[arg(short = 'k', long, value_name = "PATH")]
    pub(crate) key: PathBuf,
    /// File holding the key's passphrase.
    #[arg(long, value_name = "FILE")]
    pub(crate) passphrase_file: Option<PathBuf>,
    /// Message hash.
    #[arg(long, value_enum, default_value = "sha512")]
    pub(crate) hash: SigHash,
    /// Replace existing FILE.sig files.
    #[arg(long)]
    pub(crate) force: bool,
    /// Files to sign (`-`: standard input, signature to standard output).
    #[arg(value_name = "FILE")]
    pub(crate) files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// Namespace the signature must be in.
    #[arg(short = 'n', long)]
    pub(crate) namespace: String,
    /// The signature file.
    #[arg(short = 's', long = "signature", value_name = "SIG")]
    pub(crate) signature: PathBuf,
    /// An allowed_signers file (with -I).
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "key",
        requires = "principal"
    )]
    pub(crate) allowed_signers: Option<PathBuf>,
    /// The principal the signer must be trusted for (with --allowed-signers).
    #[arg(short = 'I', long, requires = "allowed_signers")]
    pub(crate) principal: Option<String>,
    /// The signer's public key (any key file).
    #[arg(
        long,
        value_name = "PUBKEY",
        required_unless_present = "allowed_signers"
    )]
    pub(crate) key: Option<PathBuf>,
    /// The signed file (`-`: standard input).
    #[arg(value_name = "FILE", default_value = "-")]
    pub(crate) file: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct FindPrincipalsArgs {
    /// The signature file.
    #[arg(short = 's', long = "signature", value_name = "SIG")]
    pub(crate) signature: PathBuf,
    /// The allowed_signers file.
    #[arg(long, value_name = "FILE")]
    pub(crate) allowed_signers: PathBuf,
}

/// Where the known_hosts file is.
#[derive(Debug, Args)]
pub(crate) struct KnownHostsFile {
    /// The known_hosts file (default: ~/.ssh/known_hosts).
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub(crate) file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum KnownHostsCommand {
    /// Print the lines for HOST (as `ssh-keygen -F`); exit 1 when there are none.
    Find {
        /// Host name or address; `[host]:port` for another port than 22.
        #[arg(value_name = "HOST")]
        host: String,
        #[command(flatten)]
        file: KnownHostsFile,
    },
    /// Remove HOST's keys (as `ssh-keygen -R`), keeping the old file as FILE.old.
    Remove {
        /// Host name or address; `[host]:port` for another port than 22.
        #[arg(value_name = "HOST")]
        host: String,
        #[command(flatten)]
        file: KnownHostsFile,
    },
    /// Hash every host name (as `ssh-keygen -H`), keeping the old file as FILE.old.
    Hash {
        #[command(flatten)]
        file: KnownHostsFile,
    },
    /// Add HOST with the public key in PUBKEY (a key file, `-` for standard input).
    Add {
        /// Host name or address; `[host]:port` for another port than 22.
        #[arg(value_name = "HOST")]
        host: String,
        /// Public (or private) key file.
        #[arg(value_name = "PUBKEY")]
        key: PathBuf,
        /// Write the host name hashed.
        #[arg(long = "hash", short = 'H')]
        hash: bool,
        #[command(flatten)]
        file: KnownHostsFile,
    },
}

/// Where the authorized_keys file is.
#[derive(Debug, Args)]
pub(crate) struct AuthorizedKeysFile {
    /// The authorized_keys file (default: ~/.ssh/authorized_keys).
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub(crate) file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum AuthorizedKeysCommand {
    /// Print each key: line number, fingerprint line (as `ssh-keygen -l`) and options.
    List {
        /// Hash of the fingerprints.
        #[arg(short = 'E', long = "hash", value_enum, default_value = "sha256")]
        hash: Hash,
        #[command(flatten)]
        file: AuthorizedKeysFile,
    },
    /// Add public keys (any public format; private key files give their public half); keys
    /// already present are skipped. Creates ~/.ssh (0700) and the file (0600) when missing.
    Add {
        /// Key files, `-` for standard input.
        #[arg(value_name = "PUBKEY", required = true)]
        keys: Vec<PathBuf>,
        /// Options for the new lines (`from="10.0.0.0/8",no-pty`).
        #[arg(long, value_name = "OPTIONS")]
        options: Option<String>,
        #[command(flatten)]
        file: AuthorizedKeysFile,
    },
    /// Remove keys by fingerprint (`SHA256:...`, `MD5:...`), key file, or comment.
    Remove {
        /// A fingerprint, a key file, or a comment.
        #[arg(value_name = "KEY", required = true)]
        targets: Vec<String>,
        /// Remove the last key too.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        file: AuthorizedKeysFile,
    },
}
