"""`load` (either kind), `peek_public` and `PublicKey.with_comment`, against the vectors."""

import pytest

import keywright

from conftest import FORMAT_NAMES, MANIFEST, PASSPHRASE, file_id, key_files, passphrase_of, vector


@pytest.mark.parametrize("item", key_files("private"), ids=file_id)
def test_load_gives_a_private_key_for_private_files(item):
    key_id, info, f = item
    key = keywright.load(vector(f["path"]), passphrase_of(f.get("passphrase_file")))
    assert isinstance(key, keywright.PrivateKey)
    assert key.public_key().fingerprint() == info["fingerprints"]["sha256"]
    assert key.format == FORMAT_NAMES[f["format"]]


@pytest.mark.parametrize("item", key_files("public"), ids=file_id)
def test_load_gives_a_public_key_for_public_files(item):
    key_id, info, f = item
    key = keywright.load(vector(f["path"]))
    assert isinstance(key, keywright.PublicKey)
    assert key.fingerprint() == info["fingerprints"]["sha256"]


def test_load_errors_are_the_same_as_load_privates():
    with pytest.raises(keywright.WrongPassphrase):
        keywright.load(vector("keys/ed25519-a/openssh-enc.key"))
    with pytest.raises(keywright.ParseError):
        keywright.load(b"no key here")


@pytest.mark.parametrize(
    "path",
    [
        "keys/ed25519-a/openssh-enc.key",
        "keys/ed25519-a/ppk2-enc.ppk",
        "keys/ed25519-a/ppk3-enc.ppk",
        "keys/rsa2048-a/openssh-enc.key",
        "keys/rsa2048-a/ppk3-enc.ppk",
    ],
)
def test_peek_public_reads_encrypted_files_without_the_passphrase(path):
    key_id = path.split("/")[1]
    info = MANIFEST["keys"][key_id]
    public = keywright.peek_public(vector(path))
    assert public is not None
    assert public.fingerprint() == info["fingerprints"]["sha256"]
    assert public.fingerprint("md5") == info["fingerprints"]["md5"]
    # The same key as the decrypted file's public half.
    assert public == keywright.load_private(vector(path), PASSPHRASE).public_key()


def test_peek_public_is_none_for_pem():
    assert keywright.peek_public(vector("keys/ed25519-a/pkcs8-enc.pem")) is None


def test_peek_public_refuses_public_keys():
    with pytest.raises(keywright.ParseError):
        keywright.peek_public(vector("keys/ed25519-a/openssh.pub"))


def test_with_comment_copies():
    line = MANIFEST["keys"]["ed25519-a"]["openssh_public"]
    key = keywright.load_public(line)
    other = key.with_comment("laptop")
    assert other.comment == "laptop"
    assert key.comment == "ed25519-a@keywright-corpus"
    assert other == key
    assert other.to_openssh() == " ".join(line.split()[:2]) + " laptop"


def test_load_warns_for_p521_from_putty_as_load_private_does():
    with pytest.warns(UserWarning, match="CVE-2024-31497"):
        key = keywright.load(vector("keys/ecdsa521-a/ppk3.ppk"))
    assert isinstance(key, keywright.PrivateKey)
