//! A real OpenSSH server for login tests: `sshd -D` on 127.0.0.1 and a free port, run as a
//! child of the test from a private temporary directory and killed when the [`Sshd`] is
//! dropped; and the two clients that log in to it, OpenSSH's `ssh` and PuTTY's `plink`.
//!
//! ```ignore
//! let Some(setup) = sshd::Setup::new() else { return }; // a tool is missing: skip
//! setup.authorize(&public_line);                       // any time: sshd reads it per login
//! let server = setup.start();
//! let out = server.ssh_login(&key_path, &[]);
//! server.assert_logged_in(&out, "ed25519 openssh", Some(&fingerprint));
//! ```
//!
//! Hooks for certificate and known_hosts tests: [`Setup::trusted_user_ca_keys`] (a file sshd
//! reads at each login), [`Setup::host_key`] (sign it before start) with
//! [`Setup::host_certificate`], [`Setup::add_host_key`], [`Setup::config`] for any other
//! `sshd_config` line, and `extra_opts` of the login helpers, which come first on the `ssh`
//! command line and so win over the harness's own `-o` options (ssh keeps the first value).
//!
//! As root (here and on the CI runner) sshd needs its privilege separation directory
//! `/run/sshd` (made if missing) and the login is as root; as another user sshd runs
//! unprivileged and can only log in as that user, which is the user the helpers use.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// What the login helpers run on the server (`echo MARK`): a login succeeded when this is
/// exactly what came back.
pub const MARK: &str = "keywright-login-ok";

/// How long sshd may take to listen.
const START_TIMEOUT: Duration = Duration::from_secs(20);

pub use super::common::tool;

fn run_ok(program: &Path, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", program.display()));
    assert!(
        out.status.success(),
        "{} {args:?}: {}",
        program.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn p(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// The server before it starts: a private temporary directory with an Ed25519 host key (made
/// by `ssh-keygen`), an empty `authorized_keys` and an empty `trusted_user_ca_keys`.
pub struct Setup {
    dir: tempfile::TempDir,
    sshd: PathBuf,
    ssh: PathBuf,
    ssh_keygen: PathBuf,
    host_keys: Vec<PathBuf>,
    host_certificates: Vec<PathBuf>,
    config: Vec<String>,
    user: String,
}

impl Setup {
    /// Prepares a server, or `None` (skip) when `sshd`, `ssh` or `ssh-keygen` is missing and
    /// `KEYWRIGHT_REQUIRE_INTEROP` is not `1`.
    pub fn new() -> Option<Setup> {
        let sshd = tool("sshd")?;
        let ssh = tool("ssh")?;
        let ssh_keygen = tool("ssh-keygen")?;
        let root = run_ok(Path::new("id"), &["-u"]).trim() == "0";
        if root {
            // Privilege separation directory (the Debian package makes it at boot only).
            fs::create_dir_all("/run/sshd").unwrap();
        }
        let user = run_ok(Path::new("id"), &["-un"]).trim().to_owned();
        let dir = tempfile::Builder::new()
            .prefix("keywright-sshd")
            .tempdir()
            .unwrap();
        let host_key = dir.path().join("host_ed25519");
        run_ok(
            &ssh_keygen,
            &[
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                "host",
                "-f",
                p(&host_key),
            ],
        );
        let setup = Setup {
            dir,
            sshd,
            ssh,
            ssh_keygen,
            host_keys: vec![host_key],
            host_certificates: Vec::new(),
            config: Vec::new(),
            user,
        };
        for file in [setup.authorized_keys(), setup.trusted_user_ca_keys()] {
            write_mode(&file, b"", 0o600);
        }
        Some(setup)
    }

    /// The server's private directory (removed when the server is dropped).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The user the helpers log in as (the one running the tests).
    pub fn user(&self) -> &str {
        &self.user
    }

    /// The `AuthorizedKeysFile`; sshd reads it at each login, so it may change any time.
    pub fn authorized_keys(&self) -> PathBuf {
        self.dir().join("authorized_keys")
    }

    /// The `TrustedUserCAKeys` file (empty at first); sshd reads it at each login.
    pub fn trusted_user_ca_keys(&self) -> PathBuf {
        self.dir().join("trusted_user_ca_keys")
    }

    /// Appends one line to `authorized_keys`.
    pub fn authorize(&self, line: &str) {
        append_line(&self.authorized_keys(), line);
    }

    /// Appends one line to `trusted_user_ca_keys`.
    pub fn trust_user_ca(&self, line: &str) {
        append_line(&self.trusted_user_ca_keys(), line);
    }

    /// The first host key (private; its `.pub` is next to it): the harness's Ed25519 key,
    /// unless [`Setup::add_host_key`] was called.
    pub fn host_key(&self) -> &Path {
        &self.host_keys[0]
    }

    /// Serves `private` as a host key too (its public half must be at `private.pub`); with
    /// `first`, it becomes [`Setup::host_key`], the key `plink_login` pins. Every host key goes
    /// into the harness's `known_hosts`.
    pub fn add_host_key(&mut self, private: &Path, first: bool) {
        if first {
            self.host_keys.insert(0, private.to_owned());
        } else {
            self.host_keys.push(private.to_owned());
        }
    }

    /// Serves `certificate` (a host certificate of one of the host keys) as a `HostCertificate`.
    pub fn host_certificate(&mut self, certificate: &Path) {
        self.host_certificates.push(certificate.to_owned());
    }

    /// Adds an `sshd_config` line. These come before the harness's own lines, so they win
    /// (sshd keeps the first value of a keyword); no `Match` blocks.
    pub fn config(&mut self, line: &str) {
        self.config.push(line.to_owned());
    }

    fn config_text(&self, port: u16) -> String {
        let dir = self.dir();
        let mut lines = self.config.clone();
        lines.extend(["ListenAddress 127.0.0.1".to_owned(), format!("Port {port}")]);
        lines.extend(self.host_keys.iter().map(|k| format!("HostKey {}", p(k))));
        lines.extend(
            self.host_certificates
                .iter()
                .map(|c| format!("HostCertificate {}", p(c))),
        );
        lines.extend([
            format!("PidFile {}", p(&dir.join("sshd.pid"))),
            format!("AuthorizedKeysFile {}", p(&self.authorized_keys())),
            format!("TrustedUserCAKeys {}", p(&self.trusted_user_ca_keys())),
            format!("AllowUsers {}", self.user),
            "PubkeyAuthentication yes".to_owned(),
            "PasswordAuthentication no".to_owned(),
            "KbdInteractiveAuthentication no".to_owned(),
            "PermitRootLogin prohibit-password".to_owned(),
            "StrictModes no".to_owned(),
            "UsePAM no".to_owned(),
            "PrintMotd no".to_owned(),
            "MaxStartups 64".to_owned(),
            "LogLevel DEBUG3".to_owned(),
        ]);
        lines.join("\n") + "\n"
    }

    /// Starts `sshd -D -E LOG -f CONFIG` on 127.0.0.1 and a free port and waits until it
    /// listens. The log (DEBUG3) goes to a file that failure messages quote; `-E` rather than
    /// `-e` keeps sshd's debug lines out of the clients' stderr.
    pub fn start(self) -> Sshd {
        let config = self.dir().join("sshd_config");
        let log = self.dir().join("sshd.log");
        let mut failure = String::new();
        // The port is free when chosen but could be taken before sshd binds it: try again.
        for _ in 0..5 {
            let port = free_port();
            write_mode(&config, self.config_text(port).as_bytes(), 0o600);
            let _ = fs::remove_file(&log);
            let mut child = Command::new(&self.sshd)
                .args(["-D", "-E", p(&log), "-f", p(&config)])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("{}: {e}", self.sshd.display()));
            match wait_listening(&mut child, port, &log) {
                Ok(()) => {
                    let server = Sshd {
                        child,
                        port,
                        log,
                        known_hosts: self.dir().join("known_hosts"),
                        setup: self,
                    };
                    server.write_known_hosts();
                    return server;
                }
                Err(text) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    assert!(
                        text.contains("Address already in use"),
                        "sshd did not start:\n{text}"
                    );
                    failure = text;
                }
            }
        }
        panic!("sshd found no free port:\n{failure}");
    }
}

/// Waits until sshd says it listens on `port`; `Err(log)` when it exits or takes too long.
fn wait_listening(child: &mut Child, port: u16, log: &Path) -> Result<(), String> {
    let listening = format!("Server listening on 127.0.0.1 port {port}.");
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        let text = fs::read_to_string(log).unwrap_or_default();
        if text.contains(&listening) {
            return Ok(());
        }
        if let Some(status) = child.try_wait().unwrap() {
            return Err(format!("sshd exited ({status}); log:\n{text}"));
        }
        if Instant::now() > deadline {
            return Err(format!(
                "sshd not listening after {START_TIMEOUT:?}; log:\n{text}"
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A port nobody listens on now (the kernel's pick for port 0).
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    listener.local_addr().unwrap().port()
}

fn write_mode(path: &Path, bytes: &[u8], mode: u32) {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(mode)
        .open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    file.write_all(bytes).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

fn append_line(path: &Path, line: &str) {
    let mut file = fs::OpenOptions::new()
        .append(true)
        .open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    writeln!(file, "{}", line.trim_end()).unwrap();
}

/// A running sshd; dropping it kills the server (its temporary directory goes with it).
pub struct Sshd {
    child: Child,
    port: u16,
    log: PathBuf,
    known_hosts: PathBuf,
    setup: Setup,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Sshd {
    /// The port sshd listens on (at 127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The user the helpers log in as.
    pub fn user(&self) -> &str {
        self.setup.user()
    }

    /// The server's private directory.
    pub fn dir(&self) -> &Path {
        self.setup.dir()
    }

    /// See [`Setup::authorize`].
    pub fn authorize(&self, line: &str) {
        self.setup.authorize(line);
    }

    /// See [`Setup::trust_user_ca`].
    pub fn trust_user_ca(&self, line: &str) {
        self.setup.trust_user_ca(line);
    }

    /// See [`Setup::trusted_user_ca_keys`].
    pub fn trusted_user_ca_keys(&self) -> PathBuf {
        self.setup.trusted_user_ca_keys()
    }

    /// The name `ssh` looks the host up by in `known_hosts`: `[127.0.0.1]:PORT`.
    pub fn host_pattern(&self) -> String {
        format!("[127.0.0.1]:{}", self.port)
    }

    /// The public lines of the host keys (`TYPE BASE64 COMMENT`), first key first.
    pub fn host_public_keys(&self) -> Vec<String> {
        self.setup
            .host_keys
            .iter()
            .map(|k| {
                let pub_path = PathBuf::from(format!("{}.pub", p(k)));
                fs::read_to_string(&pub_path)
                    .unwrap_or_else(|e| panic!("{}: {e}", pub_path.display()))
                    .trim()
                    .to_owned()
            })
            .collect()
    }

    /// The `known_hosts` the harness wrote (one plain line per host key) and that
    /// [`Sshd::ssh_login`] uses unless `extra_opts` name another `UserKnownHostsFile`.
    pub fn known_hosts(&self) -> &Path {
        &self.known_hosts
    }

    fn write_known_hosts(&self) {
        let lines: String = self
            .host_public_keys()
            .iter()
            .map(|line| format!("{} {line}\n", self.host_pattern()))
            .collect();
        write_mode(&self.known_hosts, lines.as_bytes(), 0o600);
    }

    /// The SHA-256 fingerprint of the first host key as `ssh-keygen -l` prints it
    /// (`SHA256:...`), which is what `plink -hostkey` pins.
    pub fn host_fingerprint(&self) -> String {
        let pub_path = format!("{}.pub", p(self.setup.host_key()));
        let line = run_ok(
            &self.setup.ssh_keygen,
            &["-l", "-E", "sha256", "-f", &pub_path],
        );
        line.split_whitespace().nth(1).unwrap().to_owned()
    }

    /// The whole sshd log so far.
    pub fn log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The last `n` lines of the sshd log above `debug2` (what failure messages quote; the
    /// whole DEBUG3 log is [`Sshd::log`]).
    pub fn log_tail(&self, n: usize) -> String {
        let log = self.log();
        let lines: Vec<&str> = log
            .lines()
            .filter(|l| !l.starts_with("debug2:") && !l.starts_with("debug3:"))
            .collect();
        lines[lines.len().saturating_sub(n)..].join("\n")
    }

    /// `ssh -F /dev/null EXTRA_OPTS -i KEY -o IdentitiesOnly=yes -o BatchMode=yes
    /// -o UserKnownHostsFile=KNOWN_HOSTS -o StrictHostKeyChecking=yes -p PORT USER@127.0.0.1
    /// echo MARK` (no agent, no user config; `extra_opts` come first and so win).
    pub fn ssh_login(&self, key: &Path, extra_opts: &[&str]) -> Output {
        self.ssh_command(key, extra_opts).output().unwrap()
    }

    /// [`Sshd::ssh_login`] with an encrypted key: ssh reads the passphrase in
    /// `passphrase_file` through `SSH_ASKPASS` (forced, with `BatchMode=no`, since batch mode
    /// never asks for a passphrase).
    pub fn ssh_login_with_passphrase(
        &self,
        key: &Path,
        passphrase_file: &Path,
        extra_opts: &[&str],
    ) -> Output {
        let askpass = self.dir().join(format!("askpass-{}", unique()));
        let script = format!("#!/bin/sh\nexec cat '{}'\n", p(passphrase_file));
        write_mode(&askpass, script.as_bytes(), 0o700);
        let mut opts = extra_opts.to_vec();
        opts.extend(["-o", "BatchMode=no", "-o", "NumberOfPasswordPrompts=1"]);
        self.ssh_command(key, &opts)
            .env("SSH_ASKPASS", &askpass)
            .env("SSH_ASKPASS_REQUIRE", "force")
            .output()
            .unwrap()
    }

    fn ssh_command(&self, key: &Path, extra_opts: &[&str]) -> Command {
        let mut command = Command::new(&self.setup.ssh);
        command
            .args(["-F", "/dev/null"])
            .args(extra_opts)
            .args(["-i", p(key)])
            .args(["-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none"])
            .args([
                "-o",
                "BatchMode=yes",
                "-o",
                "PreferredAuthentications=publickey",
            ])
            .arg("-o")
            .arg(format!("UserKnownHostsFile={}", p(&self.known_hosts)))
            .args(["-o", "GlobalKnownHostsFile=/dev/null"])
            .args(["-o", "StrictHostKeyChecking=yes", "-o", "UpdateHostKeys=no"])
            .args(["-o", "ConnectTimeout=30"])
            .args(["-p", &self.port.to_string()])
            .arg(format!("{}@127.0.0.1", self.user()))
            .args(["echo", MARK])
            .env_remove("SSH_AUTH_SOCK")
            .stdin(Stdio::null());
        command
    }

    /// `plink -batch -ssh -noagent -P PORT -i PPK -hostkey FINGERPRINT USER@127.0.0.1 echo
    /// MARK` with `HOME` in the server's directory (plink keeps state there), or `None` (skip)
    /// when plink is missing and `KEYWRIGHT_REQUIRE_INTEROP` is not `1`.
    pub fn plink_login(&self, ppk: &Path, extra_args: &[&str]) -> Option<Output> {
        let plink = tool("plink")?;
        let out = Command::new(plink)
            .args(["-batch", "-ssh", "-noagent"])
            .args(extra_args)
            .args(["-P", &self.port.to_string(), "-i", p(ppk)])
            .args(["-hostkey", &self.host_fingerprint()])
            .arg(format!("{}@127.0.0.1", self.user()))
            .args(["echo", MARK])
            .env("HOME", self.dir())
            .env_remove("SSH_AUTH_SOCK")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        Some(out)
    }

    /// Asserts that `out` is a login that ran `echo MARK`, and, with `fingerprint`
    /// (`SHA256:...`), that sshd's latest `Accepted publickey` line names exactly that key
    /// (logins to one server one at a time). `what` names the case.
    pub fn assert_logged_in(&self, out: &Output, what: &str, fingerprint: Option<&str>) {
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.trim_end() == MARK,
            "{what}: login failed ({}); stdout {stdout:?}; stderr:\n{}\nsshd log:\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr),
            self.log_tail(40)
        );
        if let Some(fingerprint) = fingerprint {
            let accepted = format!("Accepted publickey for {} from 127.0.0.1", self.user());
            assert!(
                self.log()
                    .lines()
                    .rfind(|l| l.starts_with(&accepted))
                    .is_some_and(|l| l.contains(fingerprint)),
                "{what}: sshd did not log accepting {fingerprint}:\n{}",
                self.log_tail(40)
            );
        }
    }

    /// Asserts that `out` is a refused public-key login: the server was reached (the host key
    /// matched) and said no, as opposed to a connection or client-side failure.
    pub fn assert_refused(&self, out: &Output, what: &str) {
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let refused = [
            "Permission denied (publickey",                  // ssh
            "No supported authentication methods available", // plink
        ];
        assert!(
            !out.status.success()
                && !stdout.contains(MARK)
                && refused.iter().any(|r| stderr.contains(r)),
            "{what}: expected a refusal, got {}; stdout {stdout:?}; stderr:\n{stderr}\nsshd log:\n{}",
            out.status,
            self.log_tail(40)
        );
    }
}

/// A number no other call in this process returns (for temporary file names).
fn unique() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
