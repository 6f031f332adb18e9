"""keywright.generate."""

import pytest

import keywright


@pytest.mark.parametrize(
    "algorithm, bits, ssh_name, size",
    [
        ("ed25519", None, "ssh-ed25519", 256),
        ("ssh-ed25519", 256, "ssh-ed25519", 256),
        ("ecdsa", None, "ecdsa-sha2-nistp256", 256),
        ("ecdsa", 256, "ecdsa-sha2-nistp256", 256),
        ("ecdsa", 384, "ecdsa-sha2-nistp384", 384),
        ("ecdsa", 521, "ecdsa-sha2-nistp521", 521),
        ("ecdsa-sha2-nistp384", None, "ecdsa-sha2-nistp384", 384),
        ("rsa", 1024, "ssh-rsa", 1024),
        ("ssh-rsa", 1032, "ssh-rsa", 1032),
    ],
)
def test_generate(algorithm, bits, ssh_name, size):
    key = keywright.generate(algorithm, bits, comment="me@host")
    assert isinstance(key, keywright.PrivateKey)
    assert key.algorithm == ssh_name
    assert key.bits == size
    assert key.comment == "me@host"
    assert key.format is None
    assert key.public_key().comment == "me@host"
    assert key.public_key().algorithm == ssh_name
    again = keywright.load_private(key.to_openssh())
    assert again == key
    assert again.format == "openssh"


def test_generate_defaults_to_rsa_2048():
    key = keywright.generate()
    assert key.algorithm == "ssh-rsa"
    assert key.bits == 2048
    assert key.comment == ""


def test_generate_keywords():
    key = keywright.generate(algorithm="ecdsa", bits=384, comment="c")
    assert (key.algorithm, key.bits, key.comment) == ("ecdsa-sha2-nistp384", 384, "c")


def test_generated_keys_differ():
    assert keywright.generate("ed25519") != keywright.generate("ed25519")


@pytest.mark.parametrize(
    "algorithm, bits",
    [
        ("rsa", 1000),  # not a multiple of 8
        ("rsa", 512),  # too small
        ("rsa", 32768),  # too large
        ("ecdsa", 255),  # no such curve
        ("ed25519", 512),
        ("ecdsa-sha2-nistp256", 384),
        ("blowfish", None),
    ],
)
def test_generate_bad_arguments_raise_value_error(algorithm, bits):
    with pytest.raises(ValueError) as info:
        keywright.generate(algorithm, bits)
    # An invalid argument is a caller bug, not a problem with key data.
    assert not isinstance(info.value, keywright.Error)
    assert str(info.value).startswith("invalid argument: ")


def test_generate_dsa_is_unsupported():
    with pytest.raises(keywright.UnsupportedKey, match="DSA"):
        keywright.generate("dsa")


def test_generate_type_errors():
    with pytest.raises(TypeError):
        keywright.generate(25519)
    with pytest.raises((TypeError, OverflowError)):
        keywright.generate("rsa", bits=-1)
