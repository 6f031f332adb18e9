"""PrivateKey and PublicKey: attributes, encoders, equality, hashing, repr."""

import pytest

import keywright

from conftest import MANIFEST, PASSPHRASE, vector

ALL_KEYS = sorted(MANIFEST["keys"])


def test_version():
    assert isinstance(keywright.__version__, str) and keywright.__version__


def test_private_attributes(rsa_key):
    info = MANIFEST["keys"]["rsa2048-a"]
    assert rsa_key.algorithm == "ssh-rsa"
    assert rsa_key.bits == 2048
    assert rsa_key.comment == info["comment"]
    assert rsa_key.format == "openssh"
    assert rsa_key.fingerprint() == info["fingerprints"]["sha256"]
    assert rsa_key.fingerprint("sha256") == info["fingerprints"]["sha256"]
    assert rsa_key.fingerprint(hash="MD5") == info["fingerprints"]["md5"]


def test_comment_is_settable():
    key = keywright.load_private(vector("keys/ed25519-a/openssh.key"))
    key.comment = "new comment"
    assert key.comment == "new comment"
    assert key.public_key().comment == "new comment"
    assert key.public_key().to_openssh().endswith(" new comment")
    assert keywright.load_private(key.to_openssh()).comment == "new comment"
    with pytest.raises(TypeError):
        key.comment = 5


def test_comment_bytes_are_the_file_bytes():
    key = keywright.load_private(vector("keys/ed25519-a/openssh.key"))
    key.comment = "caf\u00e9"
    assert key.comment_bytes == "caf\u00e9".encode()
    assert key.public_key().comment_bytes == "caf\u00e9".encode()
    line = key.public_key().to_openssh().rsplit(" ", 1)[0].encode() + b" caf\xe9 key"
    public = keywright.load_public(line)
    assert public.comment_bytes == b"caf\xe9 key"
    assert public.comment == "caf\ufffd key"


def test_private_equality(ed25519_key, rsa_key):
    same = keywright.load_private(vector("keys/ed25519-a/openssh.key"))
    same.comment = "a different comment"
    assert same == ed25519_key  # key material only
    assert not (same != ed25519_key)
    assert ed25519_key != rsa_key
    assert ed25519_key != "ed25519"
    assert ed25519_key != ed25519_key.public_key()


def test_private_key_is_not_hashable(ed25519_key):
    with pytest.raises(TypeError):
        hash(ed25519_key)


@pytest.mark.parametrize("key_id", ALL_KEYS)
def test_private_repr_has_no_secrets(key_id):
    text = vector(f"keys/{key_id}/openssh.key").decode()
    key = keywright.load_private(text)
    r = repr(key)
    assert r.startswith("<PrivateKey ")
    assert key.algorithm in r
    assert key.fingerprint() in r
    assert MANIFEST["keys"][key_id]["comment"] in r
    # No run of the file's base64 body, nor of the OpenSSH re-encoding, appears.
    for body in (text, key.to_openssh()):
        for line in body.splitlines()[1:-1]:
            assert line[:16] not in r
    assert str(key) == r


def test_public_attributes(ed25519_key):
    info = MANIFEST["keys"]["ed25519-a"]
    public = ed25519_key.public_key()
    assert isinstance(public, keywright.PublicKey)
    assert public.algorithm == "ssh-ed25519"
    assert public.bits == 256
    assert public.comment == info["comment"]
    assert public.format is None
    assert public.to_openssh() == info["openssh_public"]
    assert public.fingerprint() == info["fingerprints"]["sha256"]
    assert public.fingerprint("md5") == info["fingerprints"]["md5"]
    loaded = keywright.load_public(info["openssh_public"].encode())
    assert loaded.format == "openssh-pub"


def test_public_is_immutable(ed25519_key):
    public = ed25519_key.public_key()
    with pytest.raises(AttributeError):
        public.comment = "x"


def test_public_equality_and_hash():
    info = MANIFEST["keys"]["ecdsa256-a"]
    a = keywright.load_public(info["openssh_public"])
    blob = info["openssh_public"].split()
    b = keywright.load_public(f"{blob[0]} {blob[1]} another comment")
    c = keywright.load_public(MANIFEST["keys"]["ed25519-a"]["openssh_public"])
    assert a == b and hash(a) == hash(b)
    assert a != c
    assert a != info["openssh_public"]
    assert len({a, b, c}) == 2
    assert {a: 1}[b] == 1


def test_public_repr(ed25519_key):
    public = ed25519_key.public_key()
    r = repr(public)
    assert r.startswith("<PublicKey ssh-ed25519 256 SHA256:")
    assert "ed25519-a@keywright-corpus" in r


def test_bad_hash_is_value_error(ed25519_key):
    for obj in (ed25519_key, ed25519_key.public_key()):
        with pytest.raises(ValueError) as info:
            obj.fingerprint("sha1")
        assert not isinstance(info.value, keywright.Error)
        assert "sha1" in str(info.value)


@pytest.mark.parametrize("key_id", ALL_KEYS)
@pytest.mark.parametrize("passphrase", [None, PASSPHRASE, PASSPHRASE.encode()])
def test_to_openssh_round_trip(key_id, passphrase):
    key = keywright.load_private(vector(f"keys/{key_id}/openssh.key"))
    text = key.to_openssh(passphrase)
    assert isinstance(text, str)
    assert text.startswith("-----BEGIN OPENSSH PRIVATE KEY-----\n")
    if passphrase is None:
        again = keywright.load_private(text)
    else:
        with pytest.raises(keywright.WrongPassphrase):
            keywright.load_private(text)
        again = keywright.load_private(text, PASSPHRASE)
    assert again == key
    assert again.comment == key.comment


def test_to_openssh_empty_passphrase_writes_unencrypted(ed25519_key):
    assert keywright.load_private(ed25519_key.to_openssh("")) == ed25519_key
    assert keywright.load_private(ed25519_key.to_openssh(b"")) == ed25519_key


def test_passphrase_type_is_checked(ed25519_key):
    with pytest.raises(TypeError):
        ed25519_key.to_openssh(1234)
    with pytest.raises(TypeError):
        keywright.load_private(vector("keys/ed25519-a/openssh-enc.key"), passphrase=["x"])


def test_data_type_is_checked():
    with pytest.raises(TypeError):
        keywright.load_private(None)
    with pytest.raises(TypeError):
        keywright.load_public(12)


def test_load_public_refuses_private_and_vice_versa():
    with pytest.raises(keywright.ParseError):
        keywright.load_public(vector("keys/ed25519-a/openssh.key"))
    with pytest.raises(keywright.ParseError):
        keywright.load_private(vector("keys/ed25519-a/openssh.pub"))


# --- PEM (PKCS#1, SEC1, PKCS#8): fail until the core's PEM work lands -------------------


@pytest.mark.parametrize("key_id", ["rsa1024-a", "rsa2048-a", "rsa4096-a"])
def test_to_pkcs1(key_id):
    key = keywright.load_private(vector(f"keys/{key_id}/openssh.key"))
    text = key.to_pkcs1_pem()
    assert text.startswith("-----BEGIN RSA PRIVATE KEY-----\n")
    again = keywright.load_private(text)
    assert again == key and again.format == "pkcs1"
    assert text == vector(f"keys/{key_id}/pkcs1.pem").decode()


@pytest.mark.parametrize("key_id", ["ecdsa256-a", "ecdsa384-a", "ecdsa521-a"])
def test_to_sec1(key_id):
    key = keywright.load_private(vector(f"keys/{key_id}/openssh.key"))
    text = key.to_sec1_pem()
    assert text.startswith("-----BEGIN EC PRIVATE KEY-----\n")
    again = keywright.load_private(text)
    assert again == key and again.format == "sec1"


@pytest.mark.parametrize("key_id", ["rsa2048-a", "ed25519-a", "ecdsa384-a"])
@pytest.mark.parametrize("passphrase", [None, PASSPHRASE])
def test_to_pkcs8(key_id, passphrase):
    key = keywright.load_private(vector(f"keys/{key_id}/openssh.key"))
    text = key.to_pkcs8_pem(passphrase)
    armour = "ENCRYPTED PRIVATE KEY" if passphrase else "PRIVATE KEY"
    assert text.startswith(f"-----BEGIN {armour}-----\n")
    again = keywright.load_private(text, passphrase)
    assert again == key and again.format == "pkcs8"
    if passphrase:
        with pytest.raises(keywright.WrongPassphrase):
            keywright.load_private(text, "wrong")


@pytest.mark.parametrize(
    "method, key_id",
    [("to_pkcs1", "ed25519-a"), ("to_pkcs1", "ecdsa256-a"), ("to_sec1", "rsa2048-a"),
     ("to_sec1", "ed25519-a"), ("to_sec1", "dsa1024-a")],
)
def test_pem_for_the_wrong_key_type_is_unsupported(method, key_id):
    key = keywright.load_private(vector(f"keys/{key_id}/openssh.key"))
    with pytest.raises(keywright.UnsupportedKey):
        getattr(key, method)()


# --- PPK: fails until the core's PPK work lands -----------------------------------------


@pytest.mark.parametrize("key_id", ["rsa2048-a", "ed25519-a", "ecdsa521-a", "dsa1024-a"])
@pytest.mark.parametrize("version", [2, 3])
def test_to_ppk_unencrypted(key_id, version):
    key = keywright.load_private(vector(f"keys/{key_id}/openssh.key"))
    text = key.to_ppk(version)
    assert text.startswith(f"PuTTY-User-Key-File-{version}: {key.algorithm}\n")
    again = keywright.load_private(text)
    assert again == key and again.format == f"ppk{version}"
    assert again.comment == key.comment
    # PuTTYgen's output for the same key, byte for byte.
    assert text == vector(f"keys/{key_id}/ppk{version}.ppk").decode()


@pytest.mark.parametrize("argon2", ["id", "i", "d"])
def test_to_ppk_v3_encrypted(argon2, ed25519_key):
    text = ed25519_key.to_ppk(
        3, passphrase=PASSPHRASE, argon2=argon2, argon2_memory=1024, argon2_passes=2,
        argon2_parallelism=1,
    )
    assert f"Key-Derivation: Argon2{argon2}\n" in text
    assert "Argon2-Memory: 1024\n" in text
    assert "Argon2-Passes: 2\n" in text
    with pytest.raises(keywright.WrongPassphrase):
        keywright.load_private(text)
    assert keywright.load_private(text, PASSPHRASE.encode()) == ed25519_key


def test_to_ppk_v2_encrypted(rsa_key):
    text = rsa_key.to_ppk(version=2, passphrase=PASSPHRASE)
    assert "Encryption: aes256-cbc\n" in text
    assert keywright.load_private(text, PASSPHRASE) == rsa_key


def test_to_ppk_defaults(ed25519_key):
    text = ed25519_key.to_ppk(passphrase=PASSPHRASE)
    assert text.startswith("PuTTY-User-Key-File-3: ssh-ed25519\n")
    assert "Key-Derivation: Argon2id\n" in text
    assert "Argon2-Memory: 8192\n" in text
    assert "Argon2-Parallelism: 1\n" in text


@pytest.mark.parametrize(
    "kwargs", [{"version": 1}, {"version": 4}, {"argon2": "x"}, {"argon2": "argon2"}]
)
def test_to_ppk_bad_arguments(kwargs, ed25519_key):
    with pytest.raises(ValueError) as info:
        ed25519_key.to_ppk(**kwargs)
    assert not isinstance(info.value, keywright.Error)


# --- Public encoders: RFC 4716, SPKI, DER: fail until the core's work lands -------------


@pytest.mark.parametrize("key_id", ALL_KEYS)
def test_to_rfc4716(key_id):
    public = keywright.load_public(vector(f"keys/{key_id}/openssh.pub"))
    text = public.to_rfc4716()
    assert text.startswith("---- BEGIN SSH2 PUBLIC KEY ----\n")
    assert text.rstrip("\n").endswith("---- END SSH2 PUBLIC KEY ----")
    again = keywright.load_public(text)
    assert again == public and again.format == "rfc4716"


@pytest.mark.parametrize("key_id", ALL_KEYS)
def test_to_spki_pem_and_der(key_id):
    public = keywright.load_public(vector(f"keys/{key_id}/openssh.pub"))
    pem = public.to_spki_pem()
    assert pem == vector(f"keys/{key_id}/spki.pem").decode()
    der = public.to_spki_der()
    assert isinstance(der, bytes)
    assert keywright.load_public(der) == public
    assert keywright.load_public(pem).format == "spki"
    import base64

    assert base64.b64encode(der) + b"\n" == vector(f"keys/{key_id}/spki.der.b64")


def test_randomart_and_sshfp_as_ssh_keygen():
    # What `ssh-keygen -lv -E md5` and `ssh-keygen -r h.example` print for the vector key.
    key = keywright.load_private(vector("keys/rsa2048-a/openssh.key")).public_key()
    art = key.randomart("md5").split("\n")
    assert art[0] == "+---[RSA 2048]----+"
    assert art[3] == "|E o .     . o    |"
    assert art[-1] == "+------[MD5]------+"
    assert len(key.randomart().split("\n")) == 11
    assert key.sshfp("h.example") == [
        "h.example IN SSHFP 1 1 575f2e204c48e8bafefd151d87571c37f8d5d601",
        "h.example IN SSHFP 1 2 f2147654128eb157f78576874157df32a3616a1e3adb1727d6ec9a4dd6c1e4ab",
    ]
    with pytest.raises(ValueError):
        key.randomart("sha1")


def test_to_der_is_a_deprecated_alias_of_to_spki_der():
    """Python names equal the Rust ones (to_spki_der); the old name still works, warning."""
    import warnings

    public = keywright.load_public(vector("keys/rsa2048-a/openssh.pub"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = public.to_der()
    assert old == public.to_spki_der()
    assert [w.category for w in caught] == [DeprecationWarning]
    assert "to_spki_der" in str(caught[0].message)


def test_private_writers_have_the_rust_names():
    """to_pkcs1_pem/to_pkcs8_pem/to_sec1_pem as in Rust; the old names warn and agree."""
    import warnings

    rsa_key = keywright.load_private(vector("keys/rsa2048-a/openssh.key"))
    ec_key = keywright.load_private(vector("keys/ecdsa256-a/openssh.key"))
    for old, new in [
        (rsa_key.to_pkcs1, rsa_key.to_pkcs1_pem),
        (rsa_key.to_pkcs8, rsa_key.to_pkcs8_pem),
        (ec_key.to_sec1, ec_key.to_sec1_pem),
    ]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert old() == new()
        assert [w.category for w in caught] == [DeprecationWarning]
