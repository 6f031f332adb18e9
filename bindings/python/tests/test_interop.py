"""Interop with pyca/cryptography and paramiko: keys each side writes, the other reads."""

import io

import paramiko
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

import keywright

from conftest import PASSPHRASE

ENC = serialization.Encoding
PRIV = serialization.PrivateFormat
PUB = serialization.PublicFormat


def crypto_keys():
    return {
        "rsa2048": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "ed25519": ed25519.Ed25519PrivateKey.generate(),
        "p256": ec.generate_private_key(ec.SECP256R1()),
        "p384": ec.generate_private_key(ec.SECP384R1()),
        "p521": ec.generate_private_key(ec.SECP521R1()),
    }


CRYPTO_KEYS = crypto_keys()


def same_public(crypto_public, kw_public):
    """Compares public numbers (Ed25519: raw bytes) of a cryptography key and a keywright key."""
    theirs = serialization.load_ssh_public_key(kw_public.to_openssh().encode())
    if isinstance(crypto_public, ed25519.Ed25519PublicKey):
        raw = (ENC.Raw, PUB.Raw)
        return crypto_public.public_bytes(*raw) == theirs.public_bytes(*raw)
    return crypto_public.public_numbers() == theirs.public_numbers()


# --- cryptography writes, keywright reads ----------------------------------------------


@pytest.mark.parametrize("name", sorted(CRYPTO_KEYS))
def test_reads_cryptography_openssh(name):
    key = CRYPTO_KEYS[name]
    text = key.private_bytes(ENC.PEM, PRIV.OpenSSH, serialization.NoEncryption())
    loaded = keywright.load_private(text)
    assert loaded.format == "openssh"
    assert same_public(key.public_key(), loaded.public_key())
    assert loaded.public_key().to_openssh().split()[:2] == key.public_key().public_bytes(
        ENC.OpenSSH, PUB.OpenSSH
    ).decode().split()[:2]


@pytest.mark.parametrize("name", sorted(CRYPTO_KEYS))
def test_reads_cryptography_openssh_encrypted(name):
    key = CRYPTO_KEYS[name]
    text = key.private_bytes(
        ENC.PEM, PRIV.OpenSSH, serialization.BestAvailableEncryption(PASSPHRASE.encode())
    )
    with pytest.raises(keywright.WrongPassphrase):
        keywright.load_private(text)
    loaded = keywright.load_private(text, PASSPHRASE)
    assert same_public(key.public_key(), loaded.public_key())


@pytest.mark.parametrize("name", sorted(CRYPTO_KEYS))
@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_reads_cryptography_pkcs8(name, encrypted):
    key = CRYPTO_KEYS[name]
    enc = (
        serialization.BestAvailableEncryption(PASSPHRASE.encode())
        if encrypted
        else serialization.NoEncryption()
    )
    text = key.private_bytes(ENC.PEM, PRIV.PKCS8, enc)
    loaded = keywright.load_private(text, PASSPHRASE if encrypted else None)
    assert loaded.format == "pkcs8"
    assert same_public(key.public_key(), loaded.public_key())


@pytest.mark.parametrize("name", ["rsa2048", "p256", "p384", "p521"])
@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_reads_cryptography_traditional(name, encrypted):
    key = CRYPTO_KEYS[name]
    enc = (
        serialization.BestAvailableEncryption(PASSPHRASE.encode())  # legacy Proc-Type PEM
        if encrypted
        else serialization.NoEncryption()
    )
    text = key.private_bytes(ENC.PEM, PRIV.TraditionalOpenSSL, enc)
    if encrypted:
        with pytest.raises(keywright.WrongPassphrase):
            keywright.load_private(text)
    loaded = keywright.load_private(text, PASSPHRASE if encrypted else None)
    assert loaded.format == ("pkcs1" if name.startswith("rsa") else "sec1")
    assert same_public(key.public_key(), loaded.public_key())


@pytest.mark.parametrize("name", sorted(CRYPTO_KEYS))
def test_reads_cryptography_public_keys(name):
    public = CRYPTO_KEYS[name].public_key()
    line = public.public_bytes(ENC.OpenSSH, PUB.OpenSSH)
    assert same_public(public, keywright.load_public(line))
    pem = public.public_bytes(ENC.PEM, PUB.SubjectPublicKeyInfo)
    assert same_public(public, keywright.load_public(pem))
    der = public.public_bytes(ENC.DER, PUB.SubjectPublicKeyInfo)
    assert same_public(public, keywright.load_public(der))


# --- keywright writes, cryptography reads ----------------------------------------------

KW_SPECS = {
    "rsa2048": ("rsa", 2048),
    "ed25519": ("ed25519", None),
    "p256": ("ecdsa", 256),
    "p384": ("ecdsa", 384),
    "p521": ("ecdsa", 521),
}
KW_KEYS = sorted(KW_SPECS)


@pytest.fixture(scope="module")
def kw_keys():
    """Keys keywright generated, one per algorithm (made once, when first needed)."""
    return {name: keywright.generate(*spec, comment="kw") for name, spec in KW_SPECS.items()}


@pytest.mark.parametrize("name", KW_KEYS)
@pytest.mark.parametrize("passphrase", [None, PASSPHRASE], ids=["plain", "encrypted"])
def test_cryptography_reads_keywright_openssh(name, passphrase, kw_keys):
    key = kw_keys[name]
    text = key.to_openssh(passphrase).encode()
    loaded = serialization.load_ssh_private_key(
        text, passphrase.encode() if passphrase else None
    )
    assert same_public(loaded.public_key(), key.public_key())


@pytest.mark.parametrize("name", KW_KEYS)
@pytest.mark.parametrize("passphrase", [None, PASSPHRASE], ids=["plain", "encrypted"])
def test_cryptography_reads_keywright_pkcs8(name, passphrase, kw_keys):
    key = kw_keys[name]
    text = key.to_pkcs8_pem(passphrase).encode()
    loaded = serialization.load_pem_private_key(
        text, passphrase.encode() if passphrase else None
    )
    assert same_public(loaded.public_key(), key.public_key())


@pytest.mark.parametrize("name", ["rsa2048", "p256", "p384", "p521"])
def test_cryptography_reads_keywright_traditional(name, kw_keys):
    key = kw_keys[name]
    text = key.to_pkcs1_pem() if name.startswith("rsa") else key.to_sec1_pem()
    loaded = serialization.load_pem_private_key(text.encode(), None)
    assert same_public(loaded.public_key(), key.public_key())


@pytest.mark.parametrize("name", KW_KEYS)
def test_cryptography_reads_keywright_public_keys(name, kw_keys):
    public = kw_keys[name].public_key()
    assert same_public(serialization.load_ssh_public_key(public.to_openssh().encode()), public)
    assert same_public(serialization.load_pem_public_key(public.to_spki_pem().encode()), public)
    assert same_public(serialization.load_der_public_key(public.to_spki_der()), public)


# --- paramiko writes, keywright reads --------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda: paramiko.RSAKey.generate(2048),
        lambda: paramiko.ECDSAKey.generate(bits=256),
        lambda: paramiko.ECDSAKey.generate(bits=384),
        lambda: paramiko.ECDSAKey.generate(bits=521),
    ],
    ids=["rsa2048", "p256", "p384", "p521"],
)
@pytest.mark.parametrize("password", [None, PASSPHRASE], ids=["plain", "encrypted"])
def test_reads_paramiko_keys(make, password):
    key = make()
    out = io.StringIO()
    key.write_private_key(out, password=password)
    loaded = keywright.load_private(out.getvalue(), password)
    assert loaded.public_key().to_openssh().split()[1] == key.get_base64()
    assert loaded.algorithm == key.get_name()


# --- keywright writes, paramiko reads --------------------------------------------------

PARAMIKO_CLASSES = {
    "rsa2048": paramiko.RSAKey,
    "ed25519": paramiko.Ed25519Key,
    "p256": paramiko.ECDSAKey,
    "p384": paramiko.ECDSAKey,
    "p521": paramiko.ECDSAKey,
}


@pytest.mark.parametrize("name", KW_KEYS)
@pytest.mark.parametrize("passphrase", [None, PASSPHRASE], ids=["plain", "encrypted"])
def test_paramiko_reads_keywright_openssh(name, passphrase, kw_keys):
    key = kw_keys[name]
    loaded = PARAMIKO_CLASSES[name].from_private_key(
        io.StringIO(key.to_openssh(passphrase)), password=passphrase
    )
    assert loaded.get_base64() == key.public_key().to_openssh().split()[1]
    assert loaded.get_name() == key.algorithm


@pytest.mark.parametrize("name", ["rsa2048", "p256", "p384", "p521"])
def test_paramiko_reads_keywright_traditional(name, kw_keys):
    key = kw_keys[name]
    text = key.to_pkcs1_pem() if name.startswith("rsa") else key.to_sec1_pem()
    loaded = PARAMIKO_CLASSES[name].from_private_key(io.StringIO(text))
    assert loaded.get_base64() == key.public_key().to_openssh().split()[1]


@pytest.mark.parametrize("name", KW_KEYS)
def test_paramiko_reads_keywright_public_line(name, kw_keys):
    public = kw_keys[name].public_key()
    algorithm, blob, *_ = public.to_openssh().split()
    loaded = paramiko.PKey.from_type_string(algorithm, __import__("base64").b64decode(blob))
    assert loaded.get_base64() == blob
