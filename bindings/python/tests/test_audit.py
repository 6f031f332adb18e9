"""keywright.audit, audit_keys and Auditor: weak keys made here are found (the same ids as
`keywright audit --json` on the same files, the same JSON), clean keys come out clean,
blocklists, skipped inputs, typed and immutable results, errors."""

import hashlib
import json
import os
import random
import struct
import subprocess

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

import keywright

from conftest import vector
from test_cli import keywright_binary

# ---------------------------------------------------------------- making weak keys


def is_probable_prime(n, rounds=32):
    """Miller-Rabin with random bases."""
    if n < 2:
        return False
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    rng = random.Random(n)
    for _ in range(rounds):
        x = pow(rng.randrange(2, n - 1), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def next_prime(n):
    n |= 1
    while not is_probable_prime(n):
        n += 2
    return n


def ssh_string(data):
    return struct.pack(">I", len(data)) + data


def mpint(n):
    return ssh_string(n.to_bytes(n.bit_length() // 8 + 1, "big"))


def rsa_line(e, n, comment="made-in-test"):
    """An OpenSSH public key line for (e, n), written by hand: no reader refuses it first."""
    import base64

    blob = ssh_string(b"ssh-rsa") + mpint(e) + mpint(n)
    return f"ssh-rsa {base64.b64encode(blob).decode()} {comment}\n"


def primes(bits=1024):
    """Two random distinct primes of `bits` bits (from cryptography's key generation)."""
    numbers = rsa.generate_private_key(65537, 2 * bits).private_numbers()
    return numbers.p, numbers.q


def private_pem(p, q, e=65537):
    """A PKCS#8 PEM private key from its primes, through cryptography's RSAPrivateNumbers."""
    n, phi = p * q, (p - 1) * (q - 1)
    d = pow(e, -1, phi)
    numbers = rsa.RSAPrivateNumbers(
        p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q), rsa.rsa_crt_iqmp(p, q),
        rsa.RSAPublicNumbers(e, n),
    )
    return numbers.private_key(unsafe_skip_rsa_key_validation=True).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


@pytest.fixture(scope="module")
def weak():
    """name -> (file text, the finding ids keywright must report for it alone)."""
    p1, q1 = primes()
    _, q2 = primes()
    p3, q3 = primes()
    p4, _ = primes()
    close = next_prime(p4 + 2)
    p5, _ = primes()
    close5 = next_prime(p5 + 2)
    # A 2048-bit modulus times the prime 10007: only the small factor is wrong.
    p6, q6 = primes()
    rsa1024 = rsa.generate_private_key(65537, 1024).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
    )
    return {
        # Two moduli sharing the prime p1.
        "shared-a.pub": (rsa_line(65537, p1 * q1), {"rsa-shared-prime"}),
        "shared-b.pub": (rsa_line(65537, p1 * q2), {"rsa-shared-prime"}),
        "e3.pub": (rsa_line(3, p3 * q3), {"rsa-exponent-3"}),
        "rsa1024": (rsa1024, {"rsa-size"}),
        "small-factor.pub": (rsa_line(65537, 10007 * p6 * q6), {"rsa-small-factor"}),
        "fermat.pub": (rsa_line(65537, p4 * close), {"rsa-fermat"}),
        "close-primes.pem": (private_pem(p5, close5), {"rsa-fermat", "rsa-private-close-primes"}),
    }


@pytest.fixture(scope="module")
def clean():
    """name -> text of normal keys, which must have no finding."""
    keys = {
        "ed25519.pub": keywright.generate("ed25519").public_key().to_openssh(),
        "ecdsa": keywright.generate("ecdsa", 384).to_openssh(),
        "rsa3072.pem": rsa.generate_private_key(65537, 3072).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        ),
    }
    keys["rsa2048.pub"] = vector("keys/rsa2048-a/openssh.pub")
    return keys


def write_all(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode())


def ids_by_source(report, strip=""):
    found = {}
    for f in report.findings:
        found.setdefault(f.source.removeprefix(strip), set()).add(f.id)
    return found


def cli_json(*args):
    out = subprocess.run([keywright_binary(), "audit", "--json", *map(str, args)], capture_output=True)
    return out.returncode, json.loads(out.stdout)


# ---------------------------------------------------------------- the checks


def test_weak_keys_are_found_each_alone(weak):
    for name, (text, ids) in weak.items():
        if "shared" in name:
            continue
        report = keywright.audit_keys({name: text})
        assert {f.id for f in report.findings} == ids, (name, report.findings)
        assert report.keys == 1 and report.inputs == 1 and report.skipped == []
        assert all(f.source == name for f in report.findings)


def test_shared_prime_needs_both_keys(weak):
    a, b = weak["shared-a.pub"][0], weak["shared-b.pub"][0]
    assert keywright.audit_keys(a).findings == []
    report = keywright.audit_keys([a, b])
    assert [(f.id, f.source, f.line) for f in report.findings] == [
        ("rsa-shared-prime", "<0>", 1),
        ("rsa-shared-prime", "<1>", 1),
    ]
    # Each names the other key.
    fa, fb = report.findings
    assert fb.fingerprint in fa.reason and fa.fingerprint in fb.reason
    assert fa.severity == "error" and fa.badkeys is None and fa.cve is None


def test_findings_carry_the_checks_facts(weak):
    (e3,) = keywright.audit_keys(weak["e3.pub"][0]).findings
    assert (e3.id, e3.severity, e3.badkeys, e3.line) == ("rsa-exponent-3", "warning", "rsawarnings", 1)
    assert e3.fingerprint == keywright.load_public(weak["e3.pub"][0]).fingerprint()
    fermat = {f.id: f for f in keywright.audit_keys(weak["close-primes.pem"][0]).findings}
    assert fermat["rsa-fermat"].cve == "CVE-2022-26320"
    assert fermat["rsa-fermat"].severity == "error"
    assert fermat["rsa-private-close-primes"].line is None


def test_clean_keys_are_clean(clean):
    report = keywright.audit_keys(clean)
    assert report.findings == []
    assert report.skipped == []
    assert report.keys == report.inputs == len(clean)


def test_key_objects_are_audited(weak):
    public = keywright.load_public(weak["e3.pub"][0])
    private = keywright.load_private(weak["close-primes.pem"][0])
    report = keywright.audit_keys({"pub": public, "priv": private})
    assert ids_by_source(report) == {
        "pub": {"rsa-exponent-3"},
        "priv": {"rsa-fermat", "rsa-private-close-primes"},
    }
    # A private key object goes through the private checks too (public half: only Fermat).
    assert {f.id for f in keywright.audit_keys(private.public_key()).findings} == {"rsa-fermat"}


def test_authorized_keys_lines_are_located(weak, clean):
    text = "# my keys\n" + clean["ed25519.pub"] + "\n" + 'from="10.0.0.1" ' + weak["e3.pub"][0] + "not a key\n"
    report = keywright.audit_keys({"authorized_keys": text})
    assert [(f.id, f.source, f.line) for f in report.findings] == [("rsa-exponent-3", "authorized_keys", 3)]
    assert [(s.source, s.line, s.reason) for s in report.skipped] == [
        ("authorized_keys", 4, "no key on this line")
    ]
    assert report.keys == 2


# ---------------------------------------------------------------- the CLI's report, the same


def test_folder_audit_equals_the_cli_json(tmp_path, weak, clean):
    write_all(tmp_path / "weak", {name: text for name, (text, _) in weak.items()})
    write_all(tmp_path / "clean", clean)
    (tmp_path / "notes.txt").write_text("my notes: nothing here\n")
    report = keywright.audit(tmp_path)
    code, cli = cli_json(tmp_path)
    assert code == 10
    assert report.to_dict() == cli
    assert json.loads(report.to_json()) == cli
    assert cli["schema"] == 1
    # Each weak file has its ids (and nothing else), the clean ones none.
    assert ids_by_source(report, f"{tmp_path}/") == {f"weak/{n}": ids for n, (_, ids) in weak.items()}
    assert [(s.source, s.reason) for s in report.skipped] == [(f"{tmp_path}/notes.txt", "not a key file")]
    assert report.keys == len(weak) + len(clean)
    assert report.inputs == len(weak) + len(clean) + 1
    # The findings one by one, as the CLI wrote them.
    assert [f.to_dict() for f in report.findings] == cli["findings"]
    assert [s.to_dict() for s in report.skipped] == cli["skipped"]


def test_in_memory_inputs_give_the_clis_ids(tmp_path, weak):
    files = {name: text for name, (text, _) in weak.items()}
    write_all(tmp_path, files)
    _, cli = cli_json(*(tmp_path / name for name in sorted(files)))
    from_cli = {}
    for f in cli["findings"]:
        from_cli.setdefault(f["source"].removeprefix(f"{tmp_path}/"), set()).add(f["id"])
    assert ids_by_source(keywright.audit_keys(files)) == from_cli
    # The same files as paths, one by one.
    report = keywright.audit(*(tmp_path / name for name in sorted(files)))
    assert report.to_dict() == cli


def test_policy_options_are_the_clis(tmp_path, weak):
    write_all(tmp_path, {"rsa1024": weak["rsa1024"][0]})
    path = tmp_path / "rsa1024"
    (finding,) = keywright.audit(path).findings
    assert (finding.id, finding.severity) == ("rsa-size", "warning")
    (finding,) = keywright.audit(path, rsa_error_below=2048).findings
    assert (finding.id, finding.severity) == ("rsa-size", "error")
    assert keywright.audit(path, rsa_warning_below=1024).findings == []
    _, cli = cli_json("--rsa-error-below", "2048", path)
    assert keywright.audit(path, rsa_error_below=2048).to_dict() == cli


def test_reveal_factors(weak):
    text = weak["fermat.pub"][0]
    hidden = keywright.audit_keys(text).findings[0].reason
    shown = keywright.audit_keys(text, reveal_factors=True).findings[0].reason
    assert "0x" not in hidden and "0x" in shown
    # Fermat's method is bounded: zero rounds find nothing.
    assert keywright.audit_keys(text, fermat_rounds=0).findings == []


def test_duplicates_and_max_file_bytes(tmp_path, clean):
    write_all(tmp_path / "a", {"authorized_keys": clean["ed25519.pub"]})
    write_all(tmp_path / "b", {"authorized_keys": clean["ed25519.pub"]})
    report = keywright.audit(tmp_path)
    assert [(f.id, f.severity) for f in report.findings] == [("duplicate", "info")] * 2
    report = keywright.audit(tmp_path, max_file_bytes=10)
    assert report.findings == [] and report.keys == 0
    assert {s.reason for s in report.skipped} == {"larger than 10 bytes"}


# ---------------------------------------------------------------- blocklists


def blocklist_record(n, list_id):
    """badkeys' record: the first 15 bytes of SHA-256 of the minimal big-endian n, the list id."""
    value = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return hashlib.sha256(value).digest()[:15] + bytes([list_id])


def test_blocklist_folder(tmp_path, clean):
    key = keywright.load_public(clean["rsa2048.pub"])
    n = key.to_cryptography().public_numbers().n
    lists = tmp_path / "lists"
    lists.mkdir()
    records = sorted([blocklist_record(n, 3), blocklist_record(12345, 1), blocklist_record(777, 3)])
    (lists / "blocklist.dat").write_bytes(b"".join(records))
    (lists / "badkeysdata.json").write_text('{"bkformat": 0, "blocklists": [{"id": 3, "name": "debianssl"}]}')
    write_all(tmp_path / "keys", {"id_rsa.pub": clean["rsa2048.pub"], "id_ed25519.pub": clean["ed25519.pub"]})

    report = keywright.audit(tmp_path / "keys", blocklists=[lists])
    (finding,) = report.findings
    assert (finding.id, finding.badkeys, finding.cve) == ("blocklist", "blocklist", "CVE-2008-0166")
    assert finding.source.endswith("id_rsa.pub") and "debianssl" in finding.reason
    code, cli = cli_json("--blocklist", lists, tmp_path / "keys")
    assert code == 10 and report.to_dict() == cli
    # In memory and streaming, the same list.
    assert [f.id for f in keywright.audit_keys(key, blocklists=[lists]).findings] == ["blocklist"]
    assert [f.id for f in keywright.Auditor(blocklists=[str(lists)]).add(key)] == ["blocklist"]
    # Without the list: clean.
    assert keywright.audit(tmp_path / "keys").findings == []


def test_known_shared_primes_folder(tmp_path, clean):
    """badkeys' keydata/primes<bits>.dat (gmpy2 to_binary: 0x01, sign 0x01, little-endian
    magnitude) in a blocklists= folder runs rsa-known-shared-prime, as the CLI's --blocklist."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    p = key.private_numbers().p
    product = p * 1000003 * 998244353
    lists = tmp_path / "keydata"
    lists.mkdir()
    (lists / "primes2048.dat").write_bytes(b"\x01\x01" + product.to_bytes((product.bit_length() + 7) // 8, "little"))
    pub = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    write_all(tmp_path / "keys", {"id_rsa.pub": pub + b"\n", "other.pub": clean["rsa2048.pub"]})

    report = keywright.audit(tmp_path / "keys", blocklists=[lists], reveal_factors=True)
    (finding,) = report.findings
    assert (finding.id, finding.badkeys, finding.severity) == ("rsa-known-shared-prime", "sharedprimes", "error")
    assert finding.source.endswith("id_rsa.pub") and "primes2048.dat" in finding.reason
    assert f"0x{p:x}" in finding.reason.lower()
    code, cli = cli_json("--reveal-factors", "--blocklist", lists, tmp_path / "keys")
    assert code == 10 and report.to_dict() == cli
    # Malformed: a typed parse error naming the file.
    (lists / "primes2048.dat").write_bytes(b"\x01\x02\x05")
    with pytest.raises(keywright.ParseError, match="primes2048.dat"):
        keywright.audit(tmp_path / "keys", blocklists=[lists])


def test_bad_blocklists_raise(tmp_path, clean):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(OSError, match="no blocklist.dat"):
        keywright.audit(tmp_path, blocklists=[empty])
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "blocklist.dat").write_bytes(bytes(20))
    with pytest.raises(keywright.ParseError, match="blocklist.dat"):
        keywright.audit_keys(clean["ed25519.pub"], blocklists=[broken])


# ---------------------------------------------------------------- skipped inputs


def test_non_key_and_unreadable_files_are_skipped(tmp_path):
    (tmp_path / "config").write_text("Host *\n  User me\n")
    (tmp_path / "empty").write_bytes(b"")
    report = keywright.audit(tmp_path, tmp_path / "missing")
    assert report.findings == [] and report.keys == 0
    reasons = {s.source.removeprefix(f"{tmp_path}/"): s.reason for s in report.skipped}
    assert reasons["config"] == "not a key file"
    assert reasons["empty"] == "not a key file"
    assert reasons["missing"].startswith("cannot read: ")
    assert all(s.line is None for s in report.skipped)
    # `-` is not standard input here.
    (skipped,) = keywright.audit("-").skipped
    assert (skipped.source, skipped.reason) == ("-", "no standard input was given")


# ---------------------------------------------------------------- streaming


def test_auditor_streams_and_finishes(weak, clean):
    auditor = keywright.Auditor()
    assert auditor.add(weak["shared-a.pub"][0]) == []  # alone, nothing yet
    (e3,) = auditor.add(weak["e3.pub"][0], source="e3")
    assert (e3.id, e3.source) == ("rsa-exponent-3", "e3")
    assert auditor.add(weak["shared-b.pub"][0]) == []
    assert auditor.add(clean["ed25519.pub"], "first") == []
    assert auditor.add(clean["ed25519.pub"], "second") == []
    assert repr(auditor) == "<Auditor inputs=5 keys=5 findings=1>"
    report = auditor.finish()
    assert [(f.id, f.source) for f in report.findings] == [
        ("rsa-shared-prime", "<0>"),
        ("rsa-shared-prime", "<2>"),
        ("rsa-exponent-3", "e3"),
        ("duplicate", "first"),
        ("duplicate", "second"),
    ]
    # The same inputs at once give the same report.
    assert report == keywright.audit_keys(
        {"<0>": weak["shared-a.pub"][0], "e3": weak["e3.pub"][0], "<2>": weak["shared-b.pub"][0],
         "first": clean["ed25519.pub"], "second": clean["ed25519.pub"]}
    )
    assert repr(auditor) == "<Auditor finished>"
    with pytest.raises(ValueError, match="finished"):
        auditor.finish()
    with pytest.raises(ValueError, match="finished"):
        auditor.add(clean["ed25519.pub"])


# ---------------------------------------------------------------- the result types


def test_results_are_frozen_comparable_and_printable(weak):
    text = weak["e3.pub"][0]
    report = keywright.audit_keys({"k": text})
    assert report == keywright.audit_keys({"k": text})
    assert report != keywright.audit_keys({"other": text})
    (finding,) = report.findings
    assert finding == keywright.audit_keys({"k": text}).findings[0]
    assert len({finding, keywright.audit_keys({"k": text}).findings[0]}) == 1
    for obj, attr in ((report, "keys"), (finding, "id"), (finding, "severity")):
        with pytest.raises(AttributeError):
            setattr(obj, attr, None)
    assert repr(finding) == f"<Finding warning rsa-exponent-3 at k:1 {finding.fingerprint}>"
    assert repr(report) == "<AuditReport keys=1 inputs=1 errors=0 warnings=1 info=0 skipped=0>"
    assert finding.to_dict() == {
        "id": "rsa-exponent-3", "severity": "warning", "reason": finding.reason, "cve": None,
        "badkeys": "rsawarnings", "source": "k", "line": 1, "fingerprint": finding.fingerprint,
    }
    (skipped,) = keywright.audit_keys({"n": "no key here"}).skipped
    assert skipped.to_dict() == {"source": "n", "line": None, "reason": "not a key file"}
    assert repr(skipped) == "<Skipped n: not a key file>"
    assert hash(skipped) == hash(keywright.audit_keys({"n": "no key here"}).skipped[0])


def test_bad_arguments():
    with pytest.raises(ValueError, match="rsa_error_below"):
        keywright.audit_keys([], rsa_error_below=4096)
    with pytest.raises(ValueError, match="fermat_rounds"):
        keywright.Auditor(fermat_rounds=1_000_001)
    with pytest.raises(ValueError, match="max_file_bytes"):
        keywright.audit(".", max_file_bytes=0)
    with pytest.raises(TypeError, match="at least one path"):
        keywright.audit()
    with pytest.raises(TypeError, match="expected a PublicKey, PrivateKey, str or bytes, not int"):
        keywright.audit_keys([1])
    with pytest.raises(TypeError):
        keywright.Auditor().add(None)
    assert keywright.audit_keys([]) == keywright.Auditor().finish()
    assert keywright.audit_keys([]).to_dict() == {"schema": 1, "keys": 0, "inputs": 0, "findings": [], "skipped": []}


def test_bytes_paths_not_utf8_too(tmp_path, weak):
    folder = os.fsencode(tmp_path) + b"/keys\xff"
    os.mkdir(folder)
    with open(folder + b"/e3\xfe.pub", "w") as f:
        f.write(weak["e3.pub"][0])
    for path in (folder, folder + b"/e3\xfe.pub"):
        (finding,) = keywright.audit(path).findings
        assert finding.id == "rsa-exponent-3"
        assert finding.source.startswith(str(tmp_path))
    lists = os.fsencode(tmp_path) + b"/lists\xff"
    os.mkdir(lists)
    with pytest.raises(OSError, match="no blocklist.dat"):
        keywright.audit(folder, blocklists=[lists])


def test_auditor_shared_between_threads(weak, clean):
    """Threads adding to one Auditor at once: every input is audited once, as in one call
    (each key is in 8 places: duplicates too)."""
    import threading

    inputs = {f"{name}#{i}": text for i in range(8) for name, text in clean.items()}
    inputs.update({f"e3#{i}": weak["e3.pub"][0] for i in range(8)})
    auditor = keywright.Auditor()
    names = sorted(inputs)
    threads = [
        threading.Thread(target=lambda part: [auditor.add(inputs[n], n) for n in part], args=(names[i::4],))
        for i in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report = auditor.finish()
    alone = keywright.audit_keys(inputs)
    assert (report.keys, report.inputs) == (alone.keys, alone.inputs) == (len(inputs), len(inputs))
    assert {(f.id, f.source) for f in report.findings} == {(f.id, f.source) for f in alone.findings}
    assert {f.source for f in report.findings if f.id == "rsa-exponent-3"} == {f"e3#{i}" for i in range(8)}
    assert sum(f.id == "duplicate" for f in report.findings) == len(inputs)


def test_checks_and_skip_select_as_the_cli(tmp_path, weak):
    files = {name: text for name, (text, _) in weak.items()}
    write_all(tmp_path, files)
    every = {f.id for f in keywright.audit(tmp_path).findings}
    assert {"rsa-shared-prime", "rsa-exponent-3", "rsa-fermat", "rsa-size"} <= every
    # badkeys names stand for their ids; keywright ids for themselves.
    only = keywright.audit(tmp_path, checks=["rsawarnings", "rsa-fermat"])
    assert {f.id for f in only.findings} == {"rsa-size", "rsa-exponent-3", "rsa-fermat"}
    _, cli = cli_json("--checks", "rsawarnings,rsa-fermat", tmp_path)
    assert only.to_dict() == cli
    skipped = keywright.audit_keys(files, skip=["rsa-shared-prime", "rsa-private-close-primes"])
    assert {f.id for f in skipped.findings} == every - {"rsa-shared-prime", "rsa-private-close-primes"}
    # Nothing selected, nothing found; the keys are still read and counted.
    nothing = keywright.Auditor(checks=[])
    assert [nothing.add(text) for text in files.values()] == [[]] * len(files)
    assert nothing.finish().keys == len(files)
    with pytest.raises(ValueError, match="no audit check is named nosuch"):
        keywright.audit_keys([], checks=["rsa-roca", "nosuch"])
    with pytest.raises(ValueError, match="no audit check is named"):
        keywright.audit(tmp_path, skip=["nosuch"])


def test_vector_files_as_text_objects_and_paths():
    """Reference files of ssh-keygen and PuTTYgen: DSA and a P-521 PPK key are findings, as
    text, as key objects (the PPK origin kept) and as paths; the command agrees."""
    from conftest import VECTORS
    from test_cli import run_both, same

    dsa = vector("keys/dsa1024-a/openssh.pub")
    ppk = vector("keys/ecdsa521-a/ppk3.ppk")
    assert [f.id for f in keywright.audit_keys(dsa).findings] == ["dsa"]
    assert [(f.id, f.cve) for f in keywright.audit_keys(ppk).findings] == [("ecdsa-p521-putty", "CVE-2024-31497")]
    with pytest.warns(UserWarning):
        key = keywright.load_private(ppk)
    assert [f.id for f in keywright.audit_keys(key).findings] == ["ecdsa-p521-putty"]
    # The same key read from OpenSSH text is not a PuTTY key.
    assert keywright.audit_keys(vector("keys/ecdsa521-a/openssh.key")).findings == []
    paths = [VECTORS / "keys/dsa1024-a/openssh.pub", VECTORS / "keys/ecdsa521-a/ppk3.ppk"]
    binary, module = run_both("audit", "--json", *map(str, paths))
    same(binary, module)
    assert binary.returncode == 10
    assert keywright.audit(*paths).to_dict() == json.loads(binary.stdout)


def shaped_modulus(shape, seed):
    """A random odd 2048-bit number of one of badkeys' pattern shapes, without a prime factor
    up to 65537 (so that no other check fires)."""
    rng = random.Random(seed)
    small = [p for p in range(3, 65538, 2) if all(p % d for d in range(3, int(p**0.5) + 1, 2))]
    while True:
        n = rng.getrandbits(2048) | 1 | (1 << 2047)
        if shape == "completeftp":
            n &= ~sum(0x3FF00000 << (32 * i) for i in range(64))
        elif shape == "vanity":
            n |= ((1 << 1024) - 1) << 1024
        elif shape == "xz":
            n = (0x01000000_00000000_02000000_00000000 << 1920) | (n & ((1 << 1920) - 1))
        elif shape == "pattern":
            n |= 0x41414141_41414141_41414141_41414141 << 1000
            n &= ~(0xBEBEBEBE_BEBEBEBE_BEBEBEBE_BEBEBEBE << 1000)
        if all(n % p for p in small):
            return n


def test_badkeys_pattern_checks(tmp_path):
    lines = {
        shape: rsa_line(65537, shaped_modulus(shape, i))
        for i, shape in enumerate(["completeftp", "vanity", "xz", "pattern"])
    }
    report = keywright.audit_keys(lines)
    found = {(f.source, f.id) for f in report.findings}
    assert ("completeftp", "rsa-polynomial") in found
    assert ("vanity", "rsa-bit-bias") in found
    assert ("xz", "rsa-xz-backdoor") in found
    assert ("pattern", "rsa-pattern") in found
    by_id = {f.id: f for f in report.findings}
    assert by_id["rsa-xz-backdoor"].cve == "CVE-2024-3094"
    assert by_id["rsa-xz-backdoor"].badkeys == "xzbackdoor"
    assert "CompleteFTP" in by_id["rsa-polynomial"].reason
    # badkeys' check names select them, as its -c list does.
    only = keywright.audit_keys(lines, checks=["rsapoly", "xzbackdoor"])
    assert {f.id for f in only.findings} == {"rsa-polynomial", "rsa-xz-backdoor"}
