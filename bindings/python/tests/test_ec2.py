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
    refusals = openssh_key(key_id).public_key().ec2_check()
    assert isinstance(refusals, list)
    assert all(isinstance(r, str) and r for r in refusals)
    if expect == "accept":
        assert refusals == []
    else:
        assert refusals
