"""paramiko cannot read PuTTY files: keywright reads the PPK and hands paramiko a key that
logs in to a real sshd (started here on 127.0.0.1 and a free port, stopped after)."""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import paramiko
import pytest

import keywright

from conftest import PASSPHRASE, vector

MARK = "keywright-login-ok"


def tool(name):
    """The path of `name` (also in the sbin folders); a missing tool fails the test when
    KEYWRIGHT_REQUIRE_INTEROP=1 (as `make test` and CI set), and skips it otherwise."""
    path = shutil.which(name, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin:/usr/local/sbin")
    if path:
        return path
    message = f"{name} is not installed (scripts/install-tools.sh installs it)"
    if os.environ.get("KEYWRIGHT_REQUIRE_INTEROP") == "1":
        pytest.fail(message)
    pytest.skip(message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sshd:
    """sshd -D on 127.0.0.1 with its own host key, authorized_keys and log (the CLI tests'
    harness config: tests/support/sshd.rs)."""

    def __init__(self, directory: Path):
        self.dir = directory
        self.user = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()
        if os.geteuid() == 0:
            os.makedirs("/run/sshd", exist_ok=True)  # privilege separation directory
        self.host_key = directory / "host_ed25519"
        subprocess.run(
            [tool("ssh-keygen"), "-q", "-t", "ed25519", "-N", "", "-C", "host", "-f", str(self.host_key)],
            check=True,
        )
        self.authorized_keys = directory / "authorized_keys"
        self.authorized_keys.write_text("")
        os.chmod(self.authorized_keys, 0o600)
        self.log = directory / "sshd.log"
        self.process = None
        self.port = None

    def config(self, port):
        d = self.dir
        return "\n".join(
            [
                "ListenAddress 127.0.0.1",
                f"Port {port}",
                f"HostKey {self.host_key}",
                f"PidFile {d / 'sshd.pid'}",
                f"AuthorizedKeysFile {self.authorized_keys}",
                f"AllowUsers {self.user}",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "StrictModes no",
                "UsePAM no",
                "PrintMotd no",
                "LogLevel DEBUG1",
            ]
        ) + "\n"

    def start(self):
        sshd = tool("sshd")
        for _ in range(5):  # the free port may be taken before sshd binds it
            port = free_port()
            config = self.dir / "sshd_config"
            config.write_text(self.config(port))
            os.chmod(config, 0o600)
            if self.log.exists():
                self.log.unlink()
            process = subprocess.Popen(
                [sshd, "-D", "-E", str(self.log), "-f", str(config)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            deadline = time.monotonic() + 20
            listening = f"Server listening on 127.0.0.1 port {port}."
            while time.monotonic() < deadline:
                text = self.log.read_text() if self.log.exists() else ""
                if listening in text:
                    self.process, self.port = process, port
                    return self
                if process.poll() is not None:
                    break
                time.sleep(0.02)
            process.kill()
            process.wait()
            text = self.log.read_text() if self.log.exists() else ""
            assert "Address already in use" in text, f"sshd did not start:\n{text}"
        pytest.fail("sshd found no free port")

    def stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait()

    def authorize(self, line):
        with open(self.authorized_keys, "a") as f:
            f.write(line.strip() + "\n")

    def login(self, pkey):
        """Logs in with paramiko (the host key pinned, unknown hosts rejected), runs
        `echo MARK` and returns what came back."""
        client = paramiko.SSHClient()
        host_line = (self.dir / "host_ed25519.pub").read_text().split()
        entry = paramiko.hostkeys.HostKeyEntry.from_line(f"[127.0.0.1]:{self.port} {host_line[0]} {host_line[1]}")
        client.get_host_keys().add(f"[127.0.0.1]:{self.port}", entry.key.get_name(), entry.key)
        client.set_missing_host_key_policy(paramiko.RejectPolicy())
        try:
            client.connect(
                "127.0.0.1", port=self.port, username=self.user, pkey=pkey,
                allow_agent=False, look_for_keys=False, timeout=20,
            )
            _, stdout, _ = client.exec_command(f"echo {MARK}", timeout=20)
            return stdout.read().decode().strip()
        finally:
            client.close()


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    server = Sshd(tmp_path_factory.mktemp("sshd")).start()
    yield server
    server.stop()


@pytest.mark.parametrize(
    "path, passphrase",
    [
        ("keys/rsa2048-a/ppk3.ppk", None),
        ("keys/ed25519-a/ppk3-enc.ppk", PASSPHRASE),
        ("keys/ecdsa256-a/ppk2.ppk", None),
        ("keys/ecdsa384-a/ppk3.ppk", None),
    ],
)
def test_paramiko_logs_in_with_a_ppk_key(sshd, path, passphrase):
    # The recipe (README): keywright reads the PPK, paramiko gets a PKey.
    key = keywright.load_private(vector(path), passphrase)
    pkey = key.to_paramiko()
    assert isinstance(pkey, paramiko.PKey)
    assert pkey.get_fingerprint() is not None
    sshd.authorize(key.public_key().to_openssh())
    assert sshd.login(pkey) == MARK
    # sshd saw this key: its log names the key's SHA-256 fingerprint.
    assert key.fingerprint() in sshd.log.read_text()


def test_paramiko_is_refused_with_a_key_sshd_does_not_know(sshd):
    stranger = keywright.generate("ed25519")
    with pytest.raises(paramiko.AuthenticationException):
        sshd.login(stranger.to_paramiko())


def test_to_paramiko_of_a_dsa_key():
    key = keywright.load_private(vector("keys/dsa1024-a/openssh.key"))
    if hasattr(paramiko, "DSSKey"):
        assert key.to_paramiko().get_name() == "ssh-dss"
    else:
        with pytest.raises(keywright.UnsupportedKey, match="DSSKey"):
            key.to_paramiko()
