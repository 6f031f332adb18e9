"""Fingerprint N authorized_keys lines through the keywright binding and through
`cryptography` + `hashlib`, in one run, alternating; print medians and the ratio.

Run with the binding's venv: bindings/python/.venv/bin/python benches/python_compare.py [N]

`python_compare.py sshsig [N] [RUNS]`: verifies N (10 000) Ed25519 SSH signatures of small
messages in one Python call (`PublicKey.verify_many`) against the same N verifications
written with `cryptography` (armour, SSHSIG fields, SHA-512, Ed25519), medians and ratio.
"""

import base64
import hashlib
import pathlib
import statistics
import sys
import time

from cryptography.hazmat.primitives import serialization

import keywright

ROOT = pathlib.Path(__file__).resolve().parent.parent
KEYS = ROOT / "crates/keywright/tests/data/vectors/keys"


def corpus(n: int) -> str:
    """n bare public key lines (no options: cryptography reads bare lines only)."""
    lines = sorted(p.read_text().strip() for p in KEYS.glob("*/openssh.pub"))
    return "\n".join(lines[i % len(lines)] for i in range(n)) + "\n"


def with_keywright(text: str) -> list:
    return [e.key.fingerprint() for e in keywright.parse_authorized_keys(text)]


def with_cryptography(text: str) -> list:
    out = []
    for line in text.splitlines():
        key = serialization.load_ssh_public_key(line.encode())
        blob = base64.b64decode(
            key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).split()[1]
        )
        out.append("SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("="))
    return out


def sshsig_with_cryptography(pub_raw: bytes, items: list, namespace: str) -> list:
    """PROTOCOL.sshsig by hand: what a Python program without keywright has to write."""
    import struct

    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    key = Ed25519PublicKey.from_public_bytes(pub_raw)
    ns = namespace.encode()
    out = []
    for armoured, message in items:
        blob = base64.b64decode("".join(armoured.splitlines()[1:-1]))
        if blob[:6] != b"SSHSIG":
            out.append(False)
            continue
        pos = 10
        fields = []
        for _ in range(5):
            (n,) = struct.unpack_from(">I", blob, pos)
            fields.append(blob[pos + 4 : pos + 4 + n])
            pos += 4 + n
        pub, sig_ns, reserved, hashalg, sig = fields
        if sig_ns != ns or pub[-32:] != pub_raw:
            out.append(False)
            continue
        digest = hashlib.new(hashalg.decode(), message).digest()
        signed = b"SSHSIG" + b"".join(struct.pack(">I", len(f)) + f for f in (ns, reserved, hashalg, digest))
        try:
            key.verify(sig[-64:], signed)
            out.append(True)
        except InvalidSignature:
            out.append(False)
    return out


def sshsig_main(n: int, runs: int) -> None:
    key = keywright.generate("ed25519")
    pub = key.public_key()
    pub_raw = base64.b64decode(pub.to_openssh().split()[1])[-32:]
    messages = [f"commit {i}\n".encode() * 8 for i in range(n)]
    sigs = [key.sign("file", m) for m in messages]
    items = list(zip(sigs, messages))
    assert all(pub.verify_many(sigs, "file", messages))
    assert all(sshsig_with_cryptography(pub_raw, items, "file"))
    times = {"keywright": [], "cryptography": []}
    for _ in range(runs):
        start = time.perf_counter()
        pub.verify_many(sigs, "file", messages)
        times["keywright"].append(time.perf_counter() - start)
        start = time.perf_counter()
        sshsig_with_cryptography(pub_raw, items, "file")
        times["cryptography"].append(time.perf_counter() - start)
    kw = statistics.median(times["keywright"])
    cr = statistics.median(times["cryptography"])
    print(f"| verify {n} SSH signatures (Python) | keywright {kw*1e3:.0f} ms | cryptography {cr*1e3:.0f} ms | {cr/kw:.1f}x faster |")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "sshsig":
        n = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
        runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
        sshsig_main(n, runs)
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    text = corpus(n)
    sample = corpus(100)
    assert with_keywright(sample) == with_cryptography(sample)
    times = {"keywright": [], "cryptography": []}
    for _ in range(runs):
        for name, fn in (("keywright", with_keywright), ("cryptography", with_cryptography)):
            start = time.perf_counter()
            fn(text)
            times[name].append(time.perf_counter() - start)
    kw = statistics.median(times["keywright"])
    cr = statistics.median(times["cryptography"])
    print(f"| fingerprint {n} keys (Python) | keywright {kw*1e3:.0f} ms | cryptography+hashlib {cr*1e3:.0f} ms | {cr/kw:.1f}x faster |")


if __name__ == "__main__":
    main()
