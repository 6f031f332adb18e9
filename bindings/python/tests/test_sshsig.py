"""SSH signatures: keywright.sign/verify/find_principals, PrivateKey.sign, PublicKey.verify,
against ssh-keygen -Y and an SSHSIG verification written with `cryptography`."""

import base64
import hashlib
import shutil
import struct
import subprocess
import threading
import time

import pytest

import keywright

MESSAGE = b"release bytes\n"


def ssh_keygen():
    path = shutil.which("ssh-keygen")
    if path is None:
        pytest.skip("ssh-keygen not found")
    return path


def sshsig_blob(armoured: str) -> bytes:
    body = armoured.strip().splitlines()[1:-1]
    return base64.b64decode("".join(body))


def verify_with_cryptography(armoured: str, namespace: str, message: bytes) -> bool:
    """PROTOCOL.sshsig checked by hand with cryptography (Ed25519 only)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    blob = sshsig_blob(armoured)
    assert blob[:6] == b"SSHSIG"
    pos = 10

    def string():
        nonlocal pos
        (n,) = struct.unpack(">I", blob[pos : pos + 4])
        pos += 4 + n
        return blob[pos - n : pos]

    pub, ns, reserved, hashalg, sig = string(), string(), string(), string(), string()
    key = Ed25519PublicKey.from_public_bytes(pub[-32:])
    digest = hashlib.new(hashalg.decode(), message).digest()

    def s(b):
        return struct.pack(">I", len(b)) + b

    signed = b"SSHSIG" + s(namespace.encode()) + s(reserved) + s(hashalg) + s(digest)
    try:
        key.verify(sig[-64:], signed)
    except InvalidSignature:
        return False
    return ns == namespace.encode()


@pytest.mark.parametrize("algorithm,bits", [("ed25519", None), ("ecdsa", 384), ("rsa", 2048)])
@pytest.mark.parametrize("hash", ["sha512", "sha256"])
def test_sign_verify_and_ssh_keygen_agrees(tmp_path, algorithm, bits, hash):
    tool = ssh_keygen()
    key = keywright.generate(algorithm, bits)
    pub = key.public_key()
    sig = keywright.sign(key, "file", MESSAGE, hash=hash)
    assert sig.startswith("-----BEGIN SSH SIGNATURE-----\n")
    assert key.sign("file", MESSAGE, hash) == sig or algorithm != "ed25519"
    assert keywright.verify(sig, "file", MESSAGE, pub) is None
    pub.verify(sig, "file", MESSAGE)
    pub.verify(sshsig_blob(sig), "file", MESSAGE)  # the raw blob too
    for namespace, message in (("git", MESSAGE), ("file", b"tampered")):
        with pytest.raises(keywright.SignatureError):
            pub.verify(sig, namespace, message)
    # ssh-keygen verifies ours.
    (tmp_path / "allowed").write_text(f"me@example {pub.to_openssh()}\n")
    (tmp_path / "m.sig").write_text(sig)
    out = subprocess.run(
        [tool, "-Y", "verify", "-n", "file", "-f", str(tmp_path / "allowed"), "-I", "me@example", "-s", str(tmp_path / "m.sig")],
        input=MESSAGE,
        capture_output=True,
    )
    assert out.returncode == 0, out.stderr
    # keywright verifies ssh-keygen's, with allowed_signers too.
    (tmp_path / "k").write_text(key.to_openssh())
    (tmp_path / "k").chmod(0o600)
    (tmp_path / "m").write_bytes(MESSAGE)
    subprocess.run([tool, "-Y", "sign", "-n", "file", "-f", str(tmp_path / "k"), "-O", f"hashalg={hash}", str(tmp_path / "m")], check=True, capture_output=True)
    theirs = (tmp_path / "m.sig").read_text()
    pub.verify(theirs, "file", MESSAGE)
    allowed = f'me@example namespaces="file" {pub.to_openssh()}\n'
    keywright.verify(theirs, "file", MESSAGE, allowed_signers=allowed, principal="me@example")
    assert keywright.find_principals(theirs, allowed) == ["me@example"]
    with pytest.raises(keywright.SignatureError):
        keywright.verify(theirs, "file", MESSAGE, allowed_signers=allowed, principal="other")
    if algorithm == "ed25519":
        assert theirs == sig
        assert verify_with_cryptography(sig, "file", MESSAGE)


def test_errors():
    key = keywright.generate("ed25519")
    sig = key.sign("file", MESSAGE)
    assert issubclass(keywright.SignatureError, keywright.Error)
    with pytest.raises(keywright.ParseError):
        key.public_key().verify("-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n", "file", MESSAGE)
    with pytest.raises(ValueError):
        key.sign("file", MESSAGE, hash="md5")
    with pytest.raises(ValueError):
        keywright.verify(sig, "file", MESSAGE)
    with pytest.raises(keywright.ParseError) as e:
        keywright.verify(sig, "file", MESSAGE, allowed_signers="a@x foo=\"x\" ssh-ed25519 AAAA\n", principal="a@x")
    assert "at byte 4" in str(e.value)
    expired = f'a@x valid-before="20200101" {key.public_key().to_openssh()}\n'
    with pytest.raises(keywright.SignatureError):
        keywright.verify(sig, "file", MESSAGE, allowed_signers=expired, principal="a@x")
    keywright.verify(sig, "file", MESSAGE, allowed_signers=expired, principal="a@x", time=1_500_000_000)


def test_hashing_releases_the_gil():
    key = keywright.generate("ed25519")
    big = b"x" * (256 << 20)
    sig = key.sign("file", big)
    ticks = []
    stop = False

    def tick():
        while not stop:
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=tick, daemon=True)
    t.start()
    time.sleep(0.02)
    start = len(ticks)
    began = time.perf_counter()
    key.public_key().verify(sig, "file", big)
    took = time.perf_counter() - began
    stop = True
    t.join()
    during = [b - a for a, b in zip(ticks[start:], ticks[start + 1 :])]
    assert took > 0.05, took
    assert max(during, default=0) < took / 2, (max(during, default=0), took)


def test_verify_many():
    key = keywright.generate("ed25519")
    messages = [f"m{i}".encode() for i in range(200)]
    sigs = [key.sign("file", m) for m in messages]
    sigs[3] = "garbage"
    sigs[4] = sigs[5]
    assert key.public_key().verify_many(sigs, "file", messages) == [i not in (3, 4) for i in range(200)]
    with pytest.raises(ValueError):
        key.public_key().verify_many(sigs, "file", messages[:-1])
