"""Long work releases the GIL: another Python thread keeps running meanwhile."""

import threading
import time

import keywright

from conftest import PASSPHRASE, vector


class Counter(threading.Thread):
    """Counts as fast as it can while running; a held GIL stops it."""

    def __init__(self):
        super().__init__(daemon=True)
        self.count = 0
        self.stop = False

    def run(self):
        while not self.stop:
            self.count += 1


def progress_during(work):
    counter = Counter()
    counter.start()
    time.sleep(0.05)  # let it start counting
    before = counter.count
    started = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - started
    after = counter.count
    counter.stop = True
    counter.join()
    return result, after - before, elapsed


def test_rsa_4096_keygen_releases_the_gil():
    key, progress, elapsed = progress_during(lambda: keywright.generate("rsa", 4096))
    assert key.bits == 4096
    # With the GIL held the counter could not move at all while keygen ran; released, it
    # counts hundreds of thousands a second.
    assert progress > 10_000, f"counter moved {progress} in {elapsed:.2f}s"


def test_encrypted_load_and_write_release_the_gil():
    # bcrypt-pbkdf with a high enough round count to take a while.
    key = keywright.load_private(vector("keys/ed25519-a/openssh.key"))
    text = key.to_openssh(PASSPHRASE)
    again, progress, elapsed = progress_during(
        lambda: [keywright.load_private(text, PASSPHRASE) for _ in range(5)]
    )
    assert again[0] == key
    assert progress > 1_000, f"counter moved {progress} in {elapsed:.2f}s"
