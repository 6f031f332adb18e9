"""Fingerprint N authorized_keys lines through the keywright binding and through
`cryptography` + `hashlib`, in one run, alternating; print medians and the ratio.

Run with the binding's venv: bindings/python/.venv/bin/python benches/python_compare.py [N]
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


def main() -> None:
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
