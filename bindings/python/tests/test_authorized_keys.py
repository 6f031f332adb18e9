"""parse_authorized_keys against the vectors' authorized_keys files."""

import pytest

import keywright

from conftest import MANIFEST, vector


@pytest.mark.parametrize("record", MANIFEST["authorized_keys"], ids=lambda r: r["path"])
@pytest.mark.parametrize("as_text", [False, True], ids=["bytes", "str"])
def test_authorized_keys_vector(record, as_text):
    data = vector(record["path"])
    entries = keywright.parse_authorized_keys(data.decode() if as_text else data)
    expected = [e for e in record["entries"] if e["kind"] == "key"]
    assert len(entries) == len(expected)
    for got, want in zip(entries, expected):
        assert isinstance(got, keywright.AuthorizedKeysEntry)
        assert got.line == want["line"]
        assert got.options == want["options_list"]
        assert got.comment == want["comment"]
        assert isinstance(got.key, keywright.PublicKey)
        assert got.key.algorithm == want["algorithm"]
        assert got.key.bits == want["bits"]
        assert got.key.fingerprint() == want["sha256"]
        assert got.key.fingerprint("md5") == want["md5"]
        assert got.key.comment == (want["comment"] or "")
        key = MANIFEST["keys"][want["key_id"]]
        assert got.key.to_openssh().split()[1] == key["public_blob_base64"]
        assert str(got.line) in repr(got)


def test_options_as_written():
    text = 'from="10.0.0.1",no-pty ssh-ed25519 ' + MANIFEST["keys"]["ed25519-a"][
        "public_blob_base64"
    ] + " me@host\n"
    (entry,) = keywright.parse_authorized_keys(text)
    assert entry.options == ['from="10.0.0.1"', "no-pty"]
    assert entry.comment == "me@host"
    assert entry.line == 1
    assert entry.to_line() == text.rstrip("\n")


def test_no_comment_is_none():
    blob = MANIFEST["keys"]["ed25519-a"]["public_blob_base64"]
    (entry,) = keywright.parse_authorized_keys(f"# a comment\n\nssh-ed25519 {blob}\n")
    assert entry.comment is None
    assert entry.options == []
    assert entry.line == 3


def test_empty_file_has_no_entries():
    assert keywright.parse_authorized_keys("") == []
    assert keywright.parse_authorized_keys(b"# nothing\n\n") == []


def test_bad_line_raises_parse_error():
    with pytest.raises(keywright.ParseError) as info:
        keywright.parse_authorized_keys("# ok\nssh-ed25519 !!!notbase64\n")
    assert "authorized_keys" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_rejects_other_types():
    with pytest.raises(TypeError):
        keywright.parse_authorized_keys(42)


def test_authorized_keys_add_and_remove_keep_other_lines():
    from conftest import vector

    rsa = keywright.load_public(vector("keys/rsa2048-a/openssh.pub"))
    ed = keywright.load_public(vector("keys/ed25519-a/openssh.pub"))
    text = b"# mine\r\nno-pty " + rsa.to_openssh().encode() + b"\r\n"
    added = keywright.authorized_keys_add(text, [ed, rsa], options="no-x11-forwarding")
    assert added == text + b"no-x11-forwarding " + ed.to_openssh().encode() + b"\r\n"
    assert keywright.authorized_keys_remove(added, ed) == text
    assert keywright.authorized_keys_remove(added, ed.fingerprint()) == text
    with pytest.raises(ValueError, match="last key"):
        keywright.authorized_keys_remove(text, rsa)
    assert keywright.authorized_keys_remove(text, rsa, force=True) == b"# mine\r\n"
