"""Long work releases the GIL: another Python thread keeps running meanwhile.

A thread loops, noting the longest pause between two of its iterations. While the main
thread is inside a call that holds the GIL, that thread cannot run at all, so the pause
lasts as long as the call; when the call releases the GIL, pauses stay at a few
milliseconds. (Counting iterations across the call would not tell: Python switches threads
as soon as the call returns, so the loop counts for a while before the count is read.)
"""

import threading
import time

import keywright

from conftest import PASSPHRASE, vector


class Ticker(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.ticks = 0
        self.longest_pause = 0.0
        self.stop = False

    def run(self):
        last = time.perf_counter()
        while not self.stop:
            now = time.perf_counter()
            self.longest_pause = max(self.longest_pause, now - last)
            last = now
            self.ticks += 1


def run_beside_ticker(work):
    """Runs `work()` while a Ticker runs: (result, seconds, longest pause, ticks)."""
    ticker = Ticker()
    ticker.start()
    time.sleep(0.05)  # let it start ticking
    ticker.longest_pause, ticks = 0.0, ticker.ticks
    started = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - started
    ticker.stop = True
    ticker.join()
    return result, elapsed, ticker.longest_pause, ticker.ticks - ticks


def test_rsa_4096_keygen_releases_the_gil():
    key, elapsed, pause, ticks = run_beside_ticker(lambda: keywright.generate("rsa", 4096))
    assert key.bits == 4096
    assert ticks > 1000
    assert pause < elapsed / 2, f"the other thread stopped {pause:.3f}s of {elapsed:.3f}s"


def test_encrypted_load_releases_the_gil():
    text = keywright.load_private(vector("keys/ed25519-a/openssh.key")).to_openssh(PASSPHRASE)
    key, elapsed, pause, _ = run_beside_ticker(lambda: keywright.load_private(text, PASSPHRASE))
    assert key.algorithm == "ssh-ed25519"
    assert pause < elapsed / 2, f"the other thread stopped {pause:.3f}s of {elapsed:.3f}s"


def test_encrypted_write_releases_the_gil(ed25519_key):
    _, elapsed, pause, _ = run_beside_ticker(lambda: ed25519_key.to_openssh(PASSPHRASE))
    assert pause < elapsed / 2, f"the other thread stopped {pause:.3f}s of {elapsed:.3f}s"


def test_audit_releases_the_gil():
    """The per-key checks and the shared-prime search over 300 RSA moduli (odd random
    numbers: most have a small factor, which the audit must find)."""
    import random

    from test_audit import rsa_line

    rng = random.Random(17)
    text = "".join(rsa_line(65537, rng.getrandbits(2048) | (1 << 2047) | 1) for _ in range(300))
    report, elapsed, pause, ticks = run_beside_ticker(lambda: keywright.audit_keys(text))
    assert report.keys == 300
    assert any(f.id == "rsa-small-factor" for f in report.findings)
    assert ticks > 1000
    assert pause < elapsed / 2, f"the other thread stopped {pause:.3f}s of {elapsed:.3f}s"
