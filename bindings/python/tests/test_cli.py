"""`python -m keywright` runs the keywright command: the binary's code, output and exit codes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import VECTORS, vector

ROOT = Path(__file__).resolve().parents[3]


def keywright_binary():
    """The CLI binary built from this tree (scripts/test.sh builds it; KEYWRIGHT_BIN overrides)."""
    binary = Path(os.environ.get("KEYWRIGHT_BIN", ROOT / "target" / "debug" / "keywright"))
    assert binary.is_file(), f"{binary} is missing: run `cargo build -p keywright-cli` (scripts/test.sh does)"
    return binary


def run_both(*args, **kwargs):
    """(binary, python -m keywright) results of the same command line."""
    kwargs.setdefault("capture_output", True)
    binary = subprocess.run([keywright_binary(), *args], **kwargs)
    module = subprocess.run([sys.executable, "-m", "keywright", *args], **kwargs)
    return binary, module


def same(binary, module):
    assert (module.returncode, module.stdout, module.stderr) == (
        binary.returncode,
        binary.stdout,
        binary.stderr,
    )


@pytest.mark.parametrize("key", ["ed25519-a/openssh.pub", "rsa2048-a/openssh.key", "ecdsa384-a/ppk3.ppk"])
def test_fingerprint_is_the_binarys(key):
    path = str(VECTORS / "keys" / key)
    binary, module = run_both("fingerprint", path)
    same(binary, module)
    assert module.returncode == 0
    assert module.stdout.split()[1].startswith(b"SHA256:")
    same(*run_both("fingerprint", "-E", "md5", path))


def test_exit_codes_and_errors_are_the_binarys(tmp_path):
    garbage = tmp_path / "garbage"
    garbage.write_text("no key here\n")
    binary, module = run_both("fingerprint", str(garbage))
    same(binary, module)
    assert module.returncode == 9 and b"error: " in module.stderr
    # A wrong passphrase: exit 3.
    pw = tmp_path / "pw"
    pw.write_text("wrong\n")
    os.chmod(pw, 0o600)
    binary, module = run_both(
        "public", str(VECTORS / "keys/ed25519-a/openssh-enc.key"), "--passphrase-file", str(pw),
        stdin=subprocess.DEVNULL,
    )
    same(binary, module)
    assert module.returncode == 3
    # Usage errors and --help come from clap, in this process too.
    binary, module = run_both("no-such-command")
    same(binary, module)
    assert module.returncode == 2
    binary, module = run_both("--help")
    same(binary, module)
    assert module.returncode == 0 and b"fingerprint" in module.stdout


def test_writes_files_as_the_binary_does(tmp_path):
    """A command that writes: convert through `python -m keywright`, 0600 and readable."""
    import keywright

    out = tmp_path / "converted.ppk"
    done = subprocess.run(
        [sys.executable, "-m", "keywright", "convert", str(VECTORS / "keys/ed25519-a/openssh.key"),
         "--to", "ppk3", "-o", str(out)],
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr
    assert os.stat(out).st_mode & 0o777 == 0o600
    assert keywright.load_private(out.read_bytes()) == keywright.load_private(vector("keys/ed25519-a/openssh.key"))


def test_private_key_write_matches_the_cli(tmp_path):
    """PrivateKey.write and `keywright convert` both go through keywright::fs: same bytes
    (unencrypted PKCS#8 is deterministic), same mode."""
    import keywright

    key = keywright.load_private(vector("keys/rsa2048-a/openssh.key"))
    source = tmp_path / "source"
    key.write(source)
    done = subprocess.run(
        [keywright_binary(), "convert", str(source), "--to", "pkcs8", "-o", str(tmp_path / "cli")],
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr
    key.write(tmp_path / "py", "pkcs8")
    assert (tmp_path / "cli").read_bytes() == (tmp_path / "py").read_bytes()
    assert os.stat(tmp_path / "cli").st_mode & 0o777 == os.stat(tmp_path / "py").st_mode & 0o777 == 0o600
