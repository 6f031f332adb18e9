"""Known answers: every vector file loads, with the fingerprints the reference tools printed."""

import pytest

import keywright

from conftest import FORMAT_NAMES, MANIFEST, file_id, key_files, passphrase_of, vector


@pytest.mark.parametrize("item", key_files("private"), ids=file_id)
def test_load_private_vector(item):
    key_id, key, f = item
    pw = passphrase_of(f["passphrase_file"])
    loaded = keywright.load_private(vector(f["path"]), passphrase=pw)
    assert loaded.algorithm == key["algorithm"]
    assert loaded.bits == key["bits"]
    assert loaded.fingerprint() == key["fingerprints"]["sha256"]
    assert loaded.fingerprint("md5") == key["fingerprints"]["md5"]
    assert loaded.format == FORMAT_NAMES[f["format"]]
    assert loaded.public_key().to_openssh().split()[1] == key["public_blob_base64"]
    if f["format"] in ("openssh-key-v1", "ppk-v2", "ppk-v3"):
        assert loaded.comment == key["comment"]


@pytest.mark.parametrize("item", key_files("public"), ids=file_id)
def test_load_public_vector(item):
    key_id, key, f = item
    loaded = keywright.load_public(vector(f["path"]))
    assert loaded.algorithm == key["algorithm"]
    assert loaded.bits == key["bits"]
    assert loaded.fingerprint("sha256") == key["fingerprints"]["sha256"]
    assert loaded.fingerprint("md5") == key["fingerprints"]["md5"]
    assert loaded.format == FORMAT_NAMES[f["format"]]
    assert loaded.to_openssh().split()[1] == key["public_blob_base64"]


@pytest.mark.parametrize("key_id", sorted(MANIFEST["keys"]))
def test_openssh_public_line(key_id):
    key = MANIFEST["keys"][key_id]
    public = keywright.load_public(key["openssh_public"])
    assert public.to_openssh() == key["openssh_public"]
    assert public.comment == key["comment"]
    private = keywright.load_private(vector(f"keys/{key_id}/openssh.key"))
    assert private.public_key() == public
    assert private.public_key().to_openssh() == key["openssh_public"]


@pytest.mark.parametrize(
    "item", [i for i in key_files("private") if i[2]["encrypted"]], ids=file_id
)
def test_encrypted_vector_needs_its_passphrase(item):
    _, _, f = item
    data = vector(f["path"])
    with pytest.raises(keywright.WrongPassphrase):
        keywright.load_private(data)
    with pytest.raises(keywright.WrongPassphrase):
        keywright.load_private(data, passphrase="incorrect horse battery staple")


def test_passphrase_as_bytes_and_data_as_str():
    data = vector("keys/ed25519-a/openssh-enc.key")
    pw = passphrase_of("passphrases/correct.txt")
    a = keywright.load_private(data, passphrase=pw.encode())
    b = keywright.load_private(data.decode(), passphrase=pw)
    assert a == b
    assert a.fingerprint() == MANIFEST["keys"]["ed25519-a"]["fingerprints"]["sha256"]


@pytest.mark.parametrize("entry", MANIFEST["malformed"], ids=lambda e: e["path"])
def test_malformed_vector(entry):
    data = vector(entry["path"])
    kinds = [entry["expect"]["error"], *entry["expect"].get("also_acceptable", [])]
    from conftest import ERROR_CLASSES

    expected = tuple(ERROR_CLASSES[k] for k in kinds)
    with pytest.raises(keywright.Error) as info:
        if entry["input"] == "public":
            keywright.load_public(data)
        else:
            keywright.load_private(data, passphrase=passphrase_of(entry["passphrase_file"]))
    assert isinstance(info.value, expected), f"{type(info.value).__name__}: {info.value}"
    assert str(info.value)


@pytest.mark.parametrize("load", [keywright.load_private, keywright.load_public])
def test_ten_mib_of_noise_is_refused_quickly(load):
    noise = bytes(range(256)) * (10 * 1024 * 1024 // 256)
    with pytest.raises((keywright.LimitExceeded, keywright.ParseError)):
        load(noise)


@pytest.mark.parametrize("path", ["keys/ecdsa521-a/ppk2.ppk", "keys/ecdsa521-a/ppk3.ppk"])
def test_p521_from_putty_warns(path):
    with pytest.warns(UserWarning, match="CVE-2024-31497"):
        key = keywright.load_private(vector(path))
    assert key.algorithm == "ecdsa-sha2-nistp521"


def test_p521_from_putty_warning_can_be_an_error():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning, match="CVE-2024-31497"):
            keywright.load_private(vector("keys/ecdsa521-a/ppk3.ppk"))


@pytest.mark.parametrize("path", ["keys/ecdsa521-a/openssh.key", "keys/ecdsa384-a/ppk3.ppk"])
def test_no_warning_otherwise(path):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        keywright.load_private(vector(path))
