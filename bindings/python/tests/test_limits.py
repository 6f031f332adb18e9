"""`keywright.Limits`: the core's bounds, passed to the loaders."""

import pytest

import keywright

from conftest import PASSPHRASE, vector


def test_defaults_and_repr():
    limits = keywright.Limits()
    assert limits.max_input_bytes == 1 << 20
    assert limits.max_rsa_bits == 16384
    assert limits.max_bcrypt_rounds == 1024
    assert limits.max_argon2_memory_kib == 128 << 10
    assert limits == keywright.Limits()
    assert "max_input_bytes=1048576" in repr(limits)
    custom = keywright.Limits(max_input_bytes=10, max_rsa_bits=2048)
    assert custom.max_input_bytes == 10 and custom.max_rsa_bits == 2048
    assert custom.max_bcrypt_rounds == limits.max_bcrypt_rounds
    assert custom != limits
    with pytest.raises(TypeError):
        keywright.Limits(10)  # keyword-only
    with pytest.raises(AttributeError):
        custom.max_input_bytes = 5  # immutable


def test_input_size_limit_applies_to_every_loader():
    text = vector("keys/ed25519-a/openssh.key")
    public = vector("keys/ed25519-a/openssh.pub")
    small = keywright.Limits(max_input_bytes=len(public) - 1)
    for call in (
        lambda: keywright.load_private(text, limits=small),
        lambda: keywright.load_public(public, limits=small),
        lambda: keywright.load(public, limits=small),
        lambda: keywright.peek_public(text, limits=small),
    ):
        with pytest.raises(keywright.LimitExceeded, match="input size"):
            call()
    big_enough = keywright.Limits(max_input_bytes=len(text))
    assert keywright.load_private(text, limits=big_enough) is not None
    assert keywright.load_public(public, limits=big_enough) is not None
    assert keywright.peek_public(text, limits=big_enough) == keywright.load_public(public)


def test_kdf_and_rsa_limits():
    encrypted = vector("keys/ed25519-a/openssh-enc.key")  # 16 bcrypt rounds
    with pytest.raises(keywright.LimitExceeded, match="bcrypt"):
        keywright.load_private(encrypted, PASSPHRASE, limits=keywright.Limits(max_bcrypt_rounds=8))
    assert keywright.load_private(encrypted, PASSPHRASE, limits=keywright.Limits(max_bcrypt_rounds=16))
    rsa = vector("keys/rsa4096-a/openssh.pub")
    with pytest.raises(keywright.LimitExceeded):
        keywright.load_public(rsa, limits=keywright.Limits(max_rsa_bits=2048))
    assert keywright.load_public(rsa).bits == 4096
