"""Shared test helpers: the one place that knows where the known-answer vectors live."""

import json
from pathlib import Path

import pytest

import keywright

#: The vectors copied for the core's tests (`/work/shared/vectors`, see its README.md).
VECTORS = Path(__file__).resolve().parents[3] / "crates" / "keywright" / "tests" / "data" / "vectors"

#: The test-only passphrase the vectors use ("correct horse battery staple").
PASSPHRASE = "correct horse battery staple"

#: manifest.json format names -> keywright format names (`PrivateKey.format`).
FORMAT_NAMES = {
    "openssh-key-v1": "openssh",
    "pkcs1-pem": "pkcs1",
    "sec1-pem": "sec1",
    "dsa-pem": "dsa",
    "pkcs8-pem": "pkcs8",
    "pkcs8-encrypted-pem": "pkcs8",
    "ppk-v2": "ppk2",
    "ppk-v3": "ppk3",
    "openssh-public": "openssh-pub",
    "rfc4716": "rfc4716",
    "spki-pem": "spki",
    "pkcs1-public-pem": "pkcs1-pub",
    "spki-der-base64": "der",
    "pkcs1-public-der-base64": "der",
    "spki-der": "der",
}

#: manifest.json error kinds -> the exception keywright raises.
ERROR_CLASSES = {
    "parse_error": keywright.ParseError,
    "wrong_passphrase": keywright.WrongPassphrase,
    "mac_mismatch": keywright.IntegrityError,
    "unsupported": keywright.UnsupportedKey,
    "resource_limit": keywright.LimitExceeded,
}

#: The vectors' manifest: what ssh-keygen, openssl and puttygen said of each file.
MANIFEST = json.loads((VECTORS / "manifest.json").read_text())


def vector(path: str) -> bytes:
    """The bytes of a vector file, by its manifest path."""
    return (VECTORS / path).read_bytes()


def passphrase_of(passphrase_file):
    """The passphrase a manifest `passphrase_file` holds, or None."""
    if passphrase_file is None:
        return None
    return MANIFEST["passphrases"][passphrase_file]["passphrase"]


def key_files(role):
    """(key id, key record, file record) for every vector file of `role`."""
    return [
        (key_id, key, f)
        for key_id, key in MANIFEST["keys"].items()
        for f in key["files"]
        if f["role"] == role
    ]


def file_id(item):
    return item[2]["path"] if isinstance(item, tuple) else str(item)


@pytest.fixture(scope="session")
def manifest():
    return MANIFEST


@pytest.fixture(scope="session")
def ed25519_key():
    return keywright.load_private(vector("keys/ed25519-a/openssh.key"))


@pytest.fixture(scope="session")
def rsa_key():
    return keywright.load_private(vector("keys/rsa2048-a/openssh.key"))


@pytest.fixture(scope="session")
def ecdsa_key():
    return keywright.load_private(vector("keys/ecdsa256-a/openssh.key"))
