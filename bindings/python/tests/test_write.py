"""`PrivateKey.write`: key files written as the CLI writes them (mode 0600, atomic)."""

import os
import stat

import pytest

import keywright

from conftest import PASSPHRASE, vector


@pytest.fixture
def key():
    return keywright.load_private(vector("keys/ed25519-a/openssh.key"))


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_write_creates_0600_whatever_the_umask(tmp_path, key):
    old = os.umask(0)
    try:
        key.write(tmp_path / "id_ed25519")
    finally:
        os.umask(old)
    path = tmp_path / "id_ed25519"
    assert mode(path) == 0o600
    assert path.read_text().startswith("-----BEGIN OPENSSH PRIVATE KEY-----\n")
    assert keywright.load_private(path.read_bytes()) == key
    # Nothing else was left in the folder (no temporary file).
    assert sorted(os.listdir(tmp_path)) == ["id_ed25519"]


@pytest.mark.parametrize("fmt", ["openssh", "pkcs8", "ppk", "ppk2"])
def test_write_formats_and_passphrase(tmp_path, key, fmt):
    path = tmp_path / f"key.{fmt}"
    key.write(str(path), fmt, PASSPHRASE)
    with pytest.raises(keywright.WrongPassphrase):
        keywright.load_private(path.read_bytes())
    loaded = keywright.load_private(path.read_bytes(), PASSPHRASE)
    assert loaded == key
    assert loaded.format == {"ppk": "ppk3"}.get(fmt, fmt)
    assert mode(path) == 0o600


def test_write_refuses_an_existing_file_unless_forced(tmp_path, key):
    path = tmp_path / "id"
    path.write_text("precious")
    os.chmod(path, 0o644)
    with pytest.raises(FileExistsError) as info:
        key.write(path)
    assert info.value.filename == path
    assert path.read_text() == "precious"
    key.write(path, force=True)
    assert keywright.load_private(path.read_bytes()) == key
    # The old file's wider mode is narrowed to 0600, as the CLI does.
    assert mode(path) == 0o600


def test_write_never_follows_or_replaces_a_symlink(tmp_path, key):
    target = tmp_path / "target"
    target.write_text("not a key")
    link = tmp_path / "link"
    link.symlink_to(target)
    for force in (False, True):
        with pytest.raises(OSError):
            key.write(link, force=force)
    assert target.read_text() == "not a key"
    assert link.is_symlink()


def test_write_errors(tmp_path, key):
    with pytest.raises(FileNotFoundError):
        key.write(tmp_path / "missing" / "id")
    with pytest.raises(ValueError, match="not a private key format"):
        key.write(tmp_path / "id.pub", "openssh-pub")
    with pytest.raises(ValueError):
        key.write(tmp_path / "id", "nonsense")
    with pytest.raises(keywright.UnsupportedKey):
        key.write(tmp_path / "id", "pkcs1")
    assert os.listdir(tmp_path) == []


def test_write_takes_bytes_paths_not_utf8_too(tmp_path, key):
    """A bytes path (what ``os.listdir(b".")`` gives) reaches the file system byte for byte."""
    path = os.fsencode(tmp_path) + b"/id\xff"
    key.write(path)
    assert os.listdir(os.fsencode(tmp_path)) == [b"id\xff"]
    assert mode(path) == 0o600
    with open(path, "rb") as f:
        assert keywright.load_private(f.read()) == key
