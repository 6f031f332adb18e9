"""EC2 fingerprints and import checks against the vectors."""

import pytest

import keywright

from conftest import MANIFEST, vector


def openssh_key(key_id):
    return keywright.load_private(vector(f"keys/{key_id}/openssh.key"))


RSA = [k for k, v in MANIFEST["keys"].items() if v["algorithm"] == "ssh-rsa"]
OTHER = [k for k, v in MANIFEST["keys"].items() if v["algorithm"] not in ("ssh-rsa", "ssh-ed25519")]


@pytest.mark.parametrize("key_id", RSA)
def test_rsa_ec2_fingerprints(key_id):
    fp = MANIFEST["keys"][key_id]["fingerprints"]
    key = openssh_key(key_id)
    assert key.ec2_fingerprint() == fp["ec2_created_sha1"]
    assert key.public_key().ec2_fingerprint() == fp["ec2_imported_md5"]


def test_ed25519_ec2_fingerprints():
    fp = MANIFEST["keys"]["ed25519-a"]["fingerprints"]
    key = openssh_key("ed25519-a")
    assert key.ec2_fingerprint() == fp["ec2_sha256_base64"]
    assert key.public_key().ec2_fingerprint() == fp["ec2_sha256_base64"]


@pytest.mark.parametrize("key_id", OTHER)
def test_ec2_fingerprint_of_other_algorithms_is_unsupported(key_id):
    key = openssh_key(key_id)
    with pytest.raises(keywright.UnsupportedKey):
        key.ec2_fingerprint()
    with pytest.raises(keywright.UnsupportedKey):
        key.public_key().ec2_fingerprint()


@pytest.mark.parametrize(
    "key_id",
    [k for k, v in MANIFEST["keys"].items() if v["ec2_import"]["expect"] in ("accept", "reject")],
)
def test_ec2_check(key_id):
    expect = MANIFEST["keys"][key_id]["ec2_import"]["expect"]
    check = openssh_key(key_id).public_key().ec2_check()
    assert isinstance(check, keywright.Ec2ImportCheck)
    assert all(isinstance(r, str) and r for r in check.refusals + check.warnings)
    assert check.accepted == (expect == "accept")
    assert (check.refusals == []) == (expect == "accept")


def test_ec2_check_returns_warnings():
    """Accepted with a warning, as `keywright ec2-check` prints: an undocumented RSA size
    (3072 bits) and a weak one (1024 bits); none for 2048 bits."""
    odd = keywright.load_public(vector("keys/rsa3072-a/openssh.pub")).ec2_check()
    assert odd.accepted and odd.refusals == []
    assert any("3072" in w for w in odd.warnings), odd
    weak = keywright.load_public(vector("keys/rsa1024-a/openssh.pub")).ec2_check()
    assert weak.accepted and any("weak" in w for w in weak.warnings), weak
    fine = keywright.load_public(vector("keys/rsa2048-a/openssh.pub")).ec2_check()
    assert fine == keywright.load_public(vector("keys/rsa4096-a/openssh.pub")).ec2_check()
    assert fine.warnings == [] and fine.refusals == [] and fine.accepted
    assert "Ec2ImportCheck" in repr(odd)


def test_ec2_check_key_name():
    assert keywright.ec2_check_key_name("my-key pair_1") is None
    assert keywright.ec2_check_key_name("k" * 255) is None
    for bad, why in [("", "empty"), ("k" * 256, "255"), ("caf\u00e9", "ASCII"), (" lead", "space")]:
        with pytest.raises(ValueError, match=why):
            keywright.ec2_check_key_name(bad)


def test_ec2_password_decrypts_what_ec2_encrypts():
    """EC2 encrypts the Administrator password to the key pair's RSA key with PKCS#1 v1.5
    and hands out the base64; cryptography plays EC2 here."""
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    key = keywright.load_private(vector("keys/rsa2048-a/pkcs1.pem"))
    ec2_side = serialization.load_pem_public_key(key.public_key().to_spki_pem().encode())
    password = "Tr0ub4dor&3 \u00fcmlaut"
    data = base64.b64encode(ec2_side.encrypt(password.encode(), padding.PKCS1v15())).decode()
    # The CLI takes the text with line breaks and spaces, as the AWS console shows it.
    wrapped = "\n".join(data[i : i + 64] for i in range(0, len(data), 64)) + "\n"
    assert keywright.ec2_password(key, wrapped) == password
    other = keywright.load_private(vector("keys/rsa1024-a/pkcs1.pem"))
    with pytest.raises(keywright.ParseError, match="does not decrypt"):
        keywright.ec2_password(other, data)
    with pytest.raises(keywright.ParseError, match="base64"):
        keywright.ec2_password(key, "not base64!")
    with pytest.raises(keywright.UnsupportedKey):
        keywright.ec2_password(openssh_key("ed25519-a"), data)


def ec2_fixture(name):
    import pathlib

    return (pathlib.Path(__file__).parents[3] / "crates/keywright/tests/data/ec2" / name).read_bytes()


def test_ec2_fingerprints_both_labelled_and_ec2_match():
    fp = MANIFEST["keys"]["rsa2048-a"]["fingerprints"]
    key = keywright.load_private(vector("keys/rsa2048-a/pkcs1.pem"))
    assert key.ec2_fingerprints() == {"created": fp["ec2_created_sha1"], "imported": fp["ec2_imported_md5"]}
    pairs = ec2_fixture("describe-key-pairs.json")
    assert keywright.ec2_match(pairs, key) == [("made-by-ec2", "key-0a1b2c3d4e5f60001", "created-fingerprint")]
    assert keywright.ec2_match(pairs, key.public_key()) == []
    imported = keywright.load_public(vector("keys/rsa4096-a/openssh.pub"))
    assert keywright.ec2_match(pairs, imported)[0][2] == "imported-fingerprint"
    with pytest.raises(keywright.ParseError, match="KeyName must be a string"):
        keywright.ec2_match('{"KeyPairs": [{"KeyName": 5}]}', key)
    with pytest.raises(TypeError):
        keywright.ec2_match(pairs, "not a key")


def test_ec2_host_keys_and_check():
    console = ec2_fixture("console-output.txt")
    keys = keywright.ec2_host_keys(console)
    assert [k.algorithm for k in keys] == ["ecdsa-sha2-nistp256", "ssh-ed25519", "ssh-rsa"]
    verdicts = keywright.ec2_check_host_keys(console, ec2_fixture("keyscan.txt"))
    assert [v[0] for v in verdicts] == ["match"] * 3
    assert keywright.ec2_check_host_keys(console, ec2_fixture("other-ed25519.pub"))[0][0] == "mismatch"


def test_ec2_check_windows_platform():
    ed = keywright.load_public(vector("keys/ed25519-a/openssh.pub"))
    assert ed.ec2_check().accepted
    windows = ed.ec2_check("windows")
    assert not windows.accepted and any("Windows" in r for r in windows.refusals)
    with pytest.raises(ValueError):
        ed.ec2_check("macos")
