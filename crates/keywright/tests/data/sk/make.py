#!/usr/bin/env python3
"""Makes the FIDO (sk) key vectors without hardware: openssh-key-v1 files as OpenSSH's
sshkey_private_serialize writes them (fixed keys, so the files are reproducible), then
ssh-keygen's view of them: `-y` (.pub), `-e` (RFC 4716), `-l` (sha256, md5), and an
encrypted copy (`-p`, passphrase "correct horse"). Run from this directory."""
import base64, hashlib, struct, subprocess, shutil
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives import serialization as s

def string(b):
    if isinstance(b, str):
        b = b.encode()
    return struct.pack(">I", len(b)) + b

def armour(blob):
    b64 = base64.b64encode(blob).decode()
    lines = [b64[i:i + 70] for i in range(0, len(b64), 70)]
    return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + "\n".join(lines) + "\n-----END OPENSSH PRIVATE KEY-----\n"

def private_file(pub_blob, priv_fields, comment):
    section = struct.pack(">II", 0x01020304, 0x01020304) + priv_fields + string(comment)
    pad = 1
    while len(section) % 8:
        section += bytes([pad]); pad += 1
    blob = b"openssh-key-v1\0" + string("none") + string("none") + string(b"") + struct.pack(">I", 1) + string(pub_blob) + string(section)
    return armour(blob)

ED = "sk-ssh-ed25519@openssh.com"
EC = "sk-ecdsa-sha2-nistp256@openssh.com"
ed_pk = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32))).public_key().public_bytes(s.Encoding.Raw, s.PublicFormat.Raw)
ec_q = ec.derive_private_key(0x1234567890abcdef, ec.SECP256R1()).public_key().public_bytes(s.Encoding.X962, s.PublicFormat.UncompressedPoint)
handle = bytes(range(64, 64 + 48))
keys = {
    "sk_ed25519": (string(ED) + string(ed_pk) + string("ssh:"),
                   string(ED) + string(ed_pk) + string("ssh:") + bytes([0x01]) + string(handle) + string(b""),
                   "fido@example"),
    "sk_ecdsa": (string(EC) + string("nistp256") + string(ec_q) + string("ssh:git"),
                 string(EC) + string("nistp256") + string(ec_q) + string("ssh:git") + bytes([0x05]) + string(handle[:32]) + string(b""),
                 "fido ecdsa"),
}
for name, (pub, priv, comment) in keys.items():
    with open(name, "w") as f:
        f.write(private_file(pub, priv, comment))
    subprocess.run(["chmod", "600", name], check=True)
    def keygen(*args, out=None):
        r = subprocess.run(["ssh-keygen", *args], check=True, capture_output=True)
        if out:
            open(out, "wb").write(r.stdout)
    keygen("-y", "-f", name, out=name + ".pub")
    keygen("-e", "-f", name + ".pub", out=name + ".rfc4716")
    keygen("-l", "-f", name, out=name + ".l-sha256")
    keygen("-l", "-E", "md5", "-f", name + ".pub", out=name + ".l-md5")
    shutil.copy(name, name + "-encrypted")
    keygen("-p", "-q", "-N", "correct horse", "-P", "", "-f", name + "-encrypted")
