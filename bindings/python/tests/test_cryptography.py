"""`to_cryptography` / `from_cryptography`: keys handed to pyca/cryptography and back."""

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, padding, rsa

import keywright

from conftest import MANIFEST, vector

EXPECTED = {
    "ssh-rsa": (rsa.RSAPrivateKey, rsa.RSAPublicKey),
    "ssh-ed25519": (ed25519.Ed25519PrivateKey, ed25519.Ed25519PublicKey),
    "ecdsa-sha2-nistp256": (ec.EllipticCurvePrivateKey, ec.EllipticCurvePublicKey),
    "ecdsa-sha2-nistp384": (ec.EllipticCurvePrivateKey, ec.EllipticCurvePublicKey),
    "ecdsa-sha2-nistp521": (ec.EllipticCurvePrivateKey, ec.EllipticCurvePublicKey),
    "ssh-dss": (dsa.DSAPrivateKey, dsa.DSAPublicKey),
}
KEY_IDS = sorted(MANIFEST["keys"])


def openssh_line(crypto_public):
    enc = serialization.Encoding.OpenSSH
    return crypto_public.public_bytes(enc, serialization.PublicFormat.OpenSSH).decode()


@pytest.mark.parametrize("key_id", KEY_IDS)
def test_to_cryptography(key_id):
    key = keywright.load_private(vector(f"keys/{key_id}/openssh.key"))
    private_class, public_class = EXPECTED[key.algorithm]
    theirs = key.to_cryptography()
    assert isinstance(theirs, private_class)
    # The same key: cryptography's public half is keywright's, blob for blob.
    assert openssh_line(theirs.public_key()).split()[:2] == key.public_key().to_openssh().split()[:2]
    public = key.public_key().to_cryptography()
    assert isinstance(public, public_class)
    assert openssh_line(public) == openssh_line(theirs.public_key())
    if isinstance(theirs, ec.EllipticCurvePrivateKey):
        assert theirs.curve.key_size == key.bits


@pytest.mark.parametrize("key_id", KEY_IDS)
def test_from_cryptography_round_trip(key_id):
    key = keywright.load_private(vector(f"keys/{key_id}/openssh.key"))
    again = keywright.from_cryptography(key.to_cryptography(), comment="back")
    assert isinstance(again, keywright.PrivateKey)
    assert again == key
    assert again.comment == "back" and again.format == "openssh"
    public = keywright.from_cryptography(key.public_key().to_cryptography())
    assert isinstance(public, keywright.PublicKey)
    assert public == key.public_key() and public.comment == ""


@pytest.mark.parametrize(
    "make",
    [
        lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048),
        lambda: ec.generate_private_key(ec.SECP256R1()),
        lambda: ec.generate_private_key(ec.SECP384R1()),
        lambda: ec.generate_private_key(ec.SECP521R1()),
        ed25519.Ed25519PrivateKey.generate,
        lambda: dsa.generate_private_key(key_size=1024),
    ],
    ids=["rsa", "p256", "p384", "p521", "ed25519", "dsa"],
)
def test_cryptography_keys_come_over_and_sign(make):
    """Keys cryptography made come over as the same key: keywright's SSHSIG signature
    verifies under cryptography's public key (RSA, ECDSA, Ed25519; DSA by equality)."""
    theirs = make()
    key = keywright.from_cryptography(theirs)
    assert openssh_line(theirs.public_key()).split()[:2] == key.public_key().to_openssh().split()[:2]
    public = keywright.from_cryptography(theirs.public_key())
    assert public == key.public_key()
    if isinstance(theirs, dsa.DSAPrivateKey):
        return  # SSHSIG has no DSA
    # A signature keywright makes with the converted key verifies with the original key's
    # public half taken back into keywright.
    sig = key.sign("file", b"message")
    public.verify(sig, "file", b"message")


def test_cryptography_signs_with_the_converted_key():
    """The other way: cryptography signs with a key keywright read from a PPK file."""
    key = keywright.load_private(vector("keys/rsa2048-a/ppk3.ppk"))
    theirs = key.to_cryptography()
    signature = theirs.sign(b"data", padding.PKCS1v15(), hashes.SHA256())
    theirs.public_key().verify(signature, b"data", padding.PKCS1v15(), hashes.SHA256())
    assert key.public_key().to_cryptography().public_numbers() == theirs.public_key().public_numbers()


def test_from_cryptography_refuses_what_ssh_has_no_name_for():
    with pytest.raises(keywright.UnsupportedKey, match="secp256k1"):
        keywright.from_cryptography(ec.generate_private_key(ec.SECP256K1()))
    with pytest.raises(TypeError, match="cryptography"):
        keywright.from_cryptography("ssh-ed25519 AAAA")
    from cryptography.hazmat.primitives.asymmetric import x25519

    with pytest.raises(TypeError):
        keywright.from_cryptography(x25519.X25519PrivateKey.generate())


def test_fido_keys_have_no_cryptography_object():
    sk = Path(__file__).resolve().parents[3] / "crates" / "keywright" / "tests" / "data" / "sk"
    private = keywright.load_private((sk / "sk_ed25519").read_bytes())
    with pytest.raises(keywright.UnsupportedKey, match="FIDO"):
        private.to_cryptography()
    with pytest.raises(keywright.UnsupportedKey, match="FIDO"):
        private.public_key().to_cryptography()
    with pytest.raises(keywright.UnsupportedKey, match="FIDO"):
        private.to_paramiko()
