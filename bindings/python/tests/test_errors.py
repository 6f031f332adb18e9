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


# ---- #13: hostile keys give the core's typed errors, never a crash ---------------------

import base64
import struct
import threading


def _fields(blob, limit=None):
    out = []
    while blob and (limit is None or len(out) < limit):
        (n,) = struct.unpack(">I", blob[:4])
        out.append(blob[4 : 4 + n])
        blob = blob[4 + n :]
    return out


def _string(b):
    return struct.pack(">I", len(b)) + b


def _unarmor(pem):
    return base64.b64decode(b"".join(l for l in pem.splitlines() if not l.startswith(b"-----")))


def _armor(body):
    b64 = base64.b64encode(body)
    lines = [b64[i : i + 70] for i in range(0, len(b64), 70)]
    return b"\n".join([b"-----BEGIN OPENSSH PRIVATE KEY-----", *lines, b"-----END OPENSSH PRIVATE KEY-----", b""])


def _openssh_parts(pem):
    body = _unarmor(pem)
    at = 15
    parts = []
    for _ in range(3):
        (n,) = struct.unpack(">I", body[at : at + 4])
        parts.append(body[at + 4 : at + 4 + n])
        at += 4 + n
    count = body[at : at + 4]
    rest = body[at + 4 :]
    return body[:15], parts, count, rest


def test_ed25519_public_key_with_junk_is_a_parse_error():
    line = vector("keys/ed25519-a/openssh.pub").split()
    name, blob = _fields(base64.b64decode(line[1]))
    junk = b" ".join([line[0], base64.b64encode(_string(name) + _string(blob + b"\xa5")), b"junk"])
    with pytest.raises(keywright.ParseError, match="32 bytes"):
        keywright.load_public(junk)


def test_bcrypt_with_zero_rounds_is_a_parse_error():
    magic, (cipher, kdf, options), count, rest = _openssh_parts(vector("keys/ed25519-a/openssh-enc.key"))
    salt = _fields(options)[0]
    zero = _string(salt) + struct.pack(">I", 0)
    body = magic + _string(cipher) + _string(kdf) + _string(zero) + count + rest
    with pytest.raises(keywright.ParseError, match="0 rounds"):
        keywright.load_private(_armor(body), passphrase="anything")


def test_ssh1_keys_are_unsupported():
    with pytest.raises(keywright.UnsupportedKey, match="SSH-1 keys are not supported"):
        keywright.load_private(b"SSH PRIVATE KEY FILE FORMAT 1.1\n\0\0\0\0\0\0\0\0" + b"Z" * 300)


def test_rsa_key_with_huge_primes_is_a_parse_error_in_a_small_thread():
    # A valid 2048-bit n with 300 KB p and q: the old core overflowed the stack (a segfault
    # here; a 2 MiB thread crashed at 217 KB). Read on a 256 KiB thread.
    magic, (cipher, kdf, options), count, rest = _openssh_parts(vector("keys/rsa2048-a/openssh.key"))
    public, section = _fields(rest)
    check, fields = section[:8], _fields(section[8:], limit=7)
    name, n, e, d, iqmp, p, q = fields[:7]
    big = b"\x5a" * 300_000
    key = b"".join(_string(f) for f in (name, n, e, d, iqmp, big, big, b"huge"))
    key = check + key
    key += bytes(range(1, 1 + (-len(key)) % 8))
    body = magic + _string(cipher) + _string(kdf) + _string(options) + count + _string(public) + _string(key)
    outcome = []

    def read():
        try:
            keywright.load_private(_armor(body))
        except keywright.ParseError as e:
            outcome.append(e)

    old = threading.stack_size(256 * 1024)
    try:
        t = threading.Thread(target=read)
        t.start()
        t.join()
    finally:
        threading.stack_size(old)
    assert outcome and "bits" in str(outcome[0])
