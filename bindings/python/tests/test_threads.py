"""A PrivateKey shared between threads: setting ``comment`` while other threads write the
key (with the GIL released) never raises (it raised ``RuntimeError: Already borrowed``)."""

import threading

import keywright


def test_a_key_is_safe_to_share_between_threads():
    key = keywright.generate("ed25519")
    errors = []
    stop = threading.Event()

    def writer(method):
        try:
            while not stop.is_set():
                text = method()
                assert "PRIVATE KEY" in text or "PuTTY-User-Key-File" in text
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    def renamer():
        try:
            for i in range(3000):
                key.comment = f"comment {i}"
                assert key.comment.startswith("comment ")
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)
        finally:
            stop.set()

    threads = [
        threading.Thread(target=writer, args=(key.to_ppk,)),
        threading.Thread(target=writer, args=(key.to_openssh,)),
        threading.Thread(target=writer, args=(key.to_pkcs8_pem,)),
        threading.Thread(target=renamer),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    assert key.comment == "comment 2999"
    assert key.public_key().comment == "comment 2999"
    # Each method saw one consistent key: what it wrote reads back to an equal key.
    assert keywright.load_private(key.to_ppk()) == key
