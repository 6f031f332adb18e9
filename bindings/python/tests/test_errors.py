"""The exception hierarchy and the one mapping from the core's error kinds."""

import pytest

import keywright

from conftest import vector


def test_hierarchy():
    assert issubclass(keywright.Error, Exception)
    assert issubclass(keywright.ParseError, keywright.Error)
    assert issubclass(keywright.ParseError, ValueError)
    for cls in (
        keywright.WrongPassphrase,
        keywright.IntegrityError,
        keywright.UnsupportedKey,
        keywright.LimitExceeded,
    ):
        assert issubclass(cls, keywright.Error)
        assert not issubclass(cls, ValueError)
    assert not issubclass(keywright.Error, ValueError)


@pytest.mark.parametrize(
    "name",
    ["Error", "ParseError", "WrongPassphrase", "IntegrityError", "UnsupportedKey", "LimitExceeded"],
)
def test_exception_names_and_docs(name):
    cls = getattr(keywright, name)
    assert cls.__module__ == "keywright"
    assert cls.__name__ == name
    assert cls.__doc__


def test_parse_error_message_is_the_cores():
    with pytest.raises(keywright.ParseError) as info:
        keywright.load_private(b"")
    assert str(info.value) == "invalid key input: not a key in any format keywright knows"
    with pytest.raises(ValueError):
        keywright.load_public("not a key")


def test_parse_error_can_be_caught_as_keywright_error():
    with pytest.raises(keywright.Error):
        keywright.load_public(b"ssh-ed25519 AAAA")


def test_passphrase_required_is_wrong_passphrase():
    with pytest.raises(keywright.WrongPassphrase) as info:
        keywright.load_private(vector("keys/ed25519-a/openssh-enc.key"))
    assert str(info.value) == "the key is encrypted and needs a passphrase"


def test_wrong_passphrase_message():
    with pytest.raises(keywright.WrongPassphrase) as info:
        keywright.load_private(vector("keys/ed25519-a/openssh-enc.key"), "nope")
    assert str(info.value) == "wrong passphrase"


def test_unsupported_message():
    with pytest.raises(keywright.UnsupportedKey) as info:
        keywright.generate("dsa")
    assert str(info.value).startswith("unsupported: ")


def test_limit_exceeded_message():
    with pytest.raises(keywright.LimitExceeded) as info:
        keywright.load_public(b"ssh-ed25519 " + b"A" * (2 << 20))
    assert str(info.value).startswith("limit exceeded: ")


def test_integrity_error_on_tampered_ppk():
    with pytest.raises(keywright.IntegrityError) as info:
        keywright.load_private(vector("malformed/ppk3-bad-mac.ppk"))
    assert str(info.value).startswith("integrity check failed: ")


def test_invalid_argument_is_plain_value_error():
    with pytest.raises(ValueError) as info:
        keywright.generate("rsa", 100)
    assert type(info.value) is ValueError
    assert str(info.value).startswith("invalid argument: ")


@pytest.mark.parametrize(
    "name",
    ["Error", "ParseError", "WrongPassphrase", "IntegrityError", "UnsupportedKey", "LimitExceeded"],
)
def test_exceptions_pickle(name):
    """Exceptions cross process boundaries (multiprocessing, concurrent.futures)."""
    import pickle

    err = getattr(keywright, name)("message")
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is type(err) and str(again) == "message"
