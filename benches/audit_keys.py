"""Writes N distinct public keys as authorized_keys lines for `compare.sh audit-keys`: a third
RSA-2048 (e = 65537, primes from gmpy2, all distinct so no key shares a prime), a third
Ed25519, a third ECDSA P-256/P-384, made with `cryptography`. Run with badkeys' venv python
(it has both). Usage: python audit_keys.py N OUT [SEED]"""

import base64
import random
import struct
import sys

import gmpy2
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519


def s(b):
    return struct.pack(">I", len(b)) + b


def mpint(x):
    b = x.to_bytes((x.bit_length() + 8) // 8, "big")
    return s(b)


def prime(rng, bits):
    while True:
        p = gmpy2.next_prime(rng.getrandbits(bits) | (3 << (bits - 2)) | 1)
        if p.bit_length() == bits and (p - 1) % 65537:
            return int(p)


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 17)
    raw = serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    with open(out, "w") as f:
        for i in range(n):
            kind = i % 3
            if kind == 0:
                p, q = prime(rng, 1024), prime(rng, 1024)
                blob = s(b"ssh-rsa") + mpint(65537) + mpint(p * q)
                line = "ssh-rsa " + base64.b64encode(blob).decode()
            elif kind == 1:
                line = ed25519.Ed25519PrivateKey.generate().public_key().public_bytes(*raw).decode()
            else:
                curve = ec.SECP256R1() if i % 2 else ec.SECP384R1()
                line = ec.generate_private_key(curve).public_key().public_bytes(*raw).decode()
            f.write(f"{line} key{i}@bench\n")


main()
