"""Certificates from Python: load_certificate, Certificate, PrivateKey.certify."""
import shutil
import subprocess

import pytest

import keywright


def test_certify_load_and_verify(tmp_path):
    ca = keywright.generate("ed25519")
    user = keywright.generate("ecdsa")
    cert = ca.certify(
        user.public_key(),
        "alice@example",
        principals=["alice", "bob"],
        validity="20261201:20271201",
        serial=7,
        critical_options={"force-command": "/bin/true"},
    )
    assert cert.cert_type == "user"
    assert cert.principals == ["alice", "bob"]
    assert cert.serial == 7
    assert cert.validity == "from 2026-12-01T00:00:00 to 2027-12-01T00:00:00"
    assert cert.critical_options == {"force-command": "/bin/true"}
    assert "permit-pty" in cert.extensions
    assert cert.public_key == user.public_key()
    assert cert.ca_key == ca.public_key()
    again = keywright.load_certificate(cert.to_openssh())
    assert again == cert
    again.verify(ca.public_key(), 1_800_000_000, "alice")
    with pytest.raises(keywright.CertificateError, match="expired"):
        again.verify(ca.public_key(), 1_900_000_000)
    with pytest.raises(keywright.CertificateError, match="principal"):
        again.verify(ca.public_key(), 1_800_000_000, "root")
    with pytest.raises(keywright.CertificateError):
        again.verify(keywright.generate("ed25519").public_key(), 1_800_000_000)
    with pytest.raises(keywright.ParseError):
        keywright.load_certificate(user.public_key().to_openssh())
    host = ca.certify(user.public_key(), "h", host=True, extensions={})
    assert host.cert_type == "host" and host.extensions == {}

    ssh_keygen = shutil.which("ssh-keygen")
    if ssh_keygen:
        path = tmp_path / "k-cert.pub"
        path.write_bytes(cert.encode_bytes())
        out = subprocess.run(
            [ssh_keygen, "-L", "-f", str(path)],
            env={"TZ": "UTC"},
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        assert out == f"{path}:\n" + "".join(f"        {l}\n" for l in cert.ssh_keygen_lines())
