"""known_hosts find/remove/hash, as ssh-keygen -F/-R/-H."""

import keywright

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIObYoa7eU+ZAdmE/ORdOpuLf078J+DS/hs8jl+sc46WD"
TEXT = (
    f"# mine\nexample.com,192.0.2.1 {KEY}\r\n*.example.org,!bad.example.org {KEY}\n"
    f"@revoked example.com {KEY}\n"
)


def test_find_as_ssh_keygen_f():
    assert keywright.known_hosts_find(TEXT, "192.0.2.1") == (
        f"# Host 192.0.2.1 found: line 2 \nexample.com,192.0.2.1 {KEY}\r\n".encode()
    )
    assert keywright.known_hosts_find(TEXT, "bad.example.org") == b""
    assert b"line 4 REVOKED" in keywright.known_hosts_find(TEXT, "example.com")


def test_remove_keeps_markers_and_other_lines():
    assert keywright.known_hosts_remove(TEXT, "example.com") == (
        f"# mine\n*.example.org,!bad.example.org {KEY}\n@revoked example.com {KEY}\n".encode()
    )


def test_hash_then_find():
    hashed = keywright.known_hosts_hash(TEXT)
    assert b"example.com,192.0.2.1" not in hashed
    assert keywright.known_hosts_find(hashed, "192.0.2.1").count(b"# Host") == 1
