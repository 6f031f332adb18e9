"""Keys and certificates pickle (and copy): private keys as their OpenSSH encoding."""

import copy
import pickle

import pytest

import keywright

from conftest import MANIFEST, vector

KEY_IDS = sorted(MANIFEST["keys"])


@pytest.mark.parametrize("key_id", KEY_IDS)
def test_private_key_pickles_to_its_openssh_encoding(key_id):
    key = keywright.load_private(vector(f"keys/{key_id}/openssh.key"))
    key.comment = "pickled \N{SNOWMAN}"
    # What is pickled is the unencrypted openssh-key-v1 text, read back by load_private.
    load, (text,) = key.__reduce__()
    assert load is keywright.load_private
    assert text.startswith(b"-----BEGIN OPENSSH PRIVATE KEY-----\n")
    again = pickle.loads(pickle.dumps(key))
    assert isinstance(again, keywright.PrivateKey)
    assert again == key
    assert again.comment == key.comment
    assert again.format == "openssh"
    assert again.public_key().fingerprint() == MANIFEST["keys"][key_id]["fingerprints"]["sha256"]


def test_private_key_from_another_format_pickles_too():
    key = keywright.load_private(vector("keys/rsa2048-a/pkcs1.pem"))
    assert key.format == "pkcs1"
    again = pickle.loads(pickle.dumps(key, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == key and again.format == "openssh"
    assert copy.deepcopy(key) == key
    assert copy.copy(key) is not key


@pytest.mark.parametrize("key_id", KEY_IDS)
def test_public_key_pickles(key_id):
    key = keywright.load_public(vector(f"keys/{key_id}/openssh.pub"))
    again = pickle.loads(pickle.dumps(key))
    assert again == key and hash(again) == hash(key)
    assert again.comment_bytes == key.comment_bytes
    assert again.to_openssh() == key.to_openssh()


def test_public_key_comment_survives_byte_for_byte():
    line = b"ssh-ed25519 " + keywright.load_public(
        vector("keys/ed25519-a/openssh.pub")
    ).to_openssh().split()[1].encode() + b" caf\xe9 latin-1"
    key = keywright.load_public(line)
    again = pickle.loads(pickle.dumps(key))
    assert again.comment_bytes == b"caf\xe9 latin-1"


def test_certificate_pickles():
    ca = keywright.load_private(vector("keys/ed25519-a/openssh.key"))
    user = keywright.load_public(vector("keys/rsa2048-a/openssh.pub"))
    cert = ca.certify(user, "alice@example", principals=["alice"], serial=7)
    again = pickle.loads(pickle.dumps(cert))
    assert again == cert
    assert again.key_id == "alice@example" and again.serial == 7
    again.verify(ca.public_key(), time=1_800_000_000, principal="alice")
