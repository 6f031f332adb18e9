"""Writes N distinct public keys as authorized_keys lines for `compare.sh audit-keys`: a third
RSA-2048 (e = 65537), a third Ed25519, a third ECDSA P-256/P-384, made with `cryptography`.
Run with badkeys' venv python (it has both). Usage: python audit_keys.py N OUT [SEED] [--primes]

Each RSA modulus is the product of two random 1024-bit numbers (top two bits set) without a
factor up to 65537: to every per-key check (size, exponent, ROCA, Fermat, small factors,
Wiener) it is an RSA-2048 modulus, and the checks do the same work on it, but it takes about
40 us to make instead of two primes' ~30 ms (100 000 keys: seconds, not 15 minutes of CPU).
`--primes` makes the factors primes (gmpy2.next_prime), as real keys have. The factors are
random, so no two moduli share one (the shared-prime search is another benchmark)."""

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


SMALL_PRIMES = 1
_p = 2
while _p <= 65537:
    SMALL_PRIMES *= _p
    _p = int(gmpy2.next_prime(_p))


def prime(rng, bits):
    while True:
        p = gmpy2.next_prime(rng.getrandbits(bits) | (3 << (bits - 2)) | 1)
        if p.bit_length() == bits and (p - 1) % 65537:
            return int(p)


def rough(rng, bits):
    """A random odd number of exactly `bits` bits without a prime factor up to 65537."""
    while True:
        x = rng.getrandbits(bits) | (3 << (bits - 2)) | 1
        if gmpy2.gcd(x, SMALL_PRIMES) == 1:
            return x


def main():
    primes = "--primes" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--primes"]
    n, out = int(args[0]), args[1]
    rng = random.Random(int(args[2]) if len(args) > 2 else 17)
    factor = prime if primes else rough
    raw = serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    with open(out, "w") as f:
        for i in range(n):
            kind = i % 3
            if kind == 0:
                p, q = factor(rng, 1024), factor(rng, 1024)
                blob = s(b"ssh-rsa") + mpint(65537) + mpint(p * q)
                line = "ssh-rsa " + base64.b64encode(blob).decode()
            elif kind == 1:
                line = ed25519.Ed25519PrivateKey.generate().public_key().public_bytes(*raw).decode()
            else:
                curve = ec.SECP256R1() if i % 2 else ec.SECP384R1()
                line = ec.generate_private_key(curve).public_key().public_bytes(*raw).decode()
            f.write(f"{line} key{i}@bench\n")


main()
