"""keywright: make, read, convert and fingerprint SSH key pairs.

A thin binding of the keywright Rust library: every function calls the core, which does
all parsing and formatting. Text inputs may be ``str`` (used as UTF-8) or ``bytes``;
passphrases too. Long work (RSA key generation, bcrypt, PBKDF2, Argon2) releases the GIL.

Errors: every failure about keys or key files raises a subclass of :class:`Error`; an
invalid argument (``bits=100``, ``hash="sha1"``, ``version=4``) raises the built-in
:class:`ValueError`.
"""

import os
from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, Sequence, Tuple, Union, final

from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa

__version__: str
__all__ = [
    "__version__",
    "PrivateKey",
    "PublicKey",
    "AuthorizedKeysEntry",
    "Certificate",
    "Limits",
    "Ec2ImportCheck",
    "generate",
    "load_private",
    "from_cryptography",
    "load_public",
    "load",
    "peek_public",
    "load_certificate",
    "parse_authorized_keys",
    "ec2_match",
    "ec2_host_keys",
    "ec2_check_host_keys",
    "ec2_password",
    "ec2_check_key_name",
    "sign",
    "verify",
    "find_principals",
    "authorized_keys_add",
    "authorized_keys_remove",
    "known_hosts_find",
    "known_hosts_remove",
    "known_hosts_hash",
    "audit",
    "audit_keys",
    "Auditor",
    "AuditReport",
    "Finding",
    "Skipped",
    "Error",
    "ParseError",
    "WrongPassphrase",
    "IntegrityError",
    "UnsupportedKey",
    "LimitExceeded",
    "SignatureError",
    "CertificateError",
]

_Text = Union[str, bytes]
_Passphrase = Union[str, bytes]
_Path = Union[str, "os.PathLike[str]", bytes, "os.PathLike[bytes]"]
#: Fingerprint hashes (``ssh-keygen -E``).
_Hash = Literal["sha256", "md5"]
#: SSHSIG message hashes (``ssh-keygen -Y sign -O hashalg=``).
_SignatureHash = Literal["sha512", "sha256"]
#: Private key formats ``PrivateKey.write`` writes (``ppk`` means ``ppk3``).
_PrivateFormat = Literal["openssh", "pkcs8", "pkcs1", "sec1", "dsa", "ppk2", "ppk3", "ppk"]
#: Formats a private key is read from (``PrivateKey.format``).
_PrivateFormatName = Literal["openssh", "pkcs1", "sec1", "pkcs8", "dsa", "ppk2", "ppk3"]
#: Formats a public key is read from (``PublicKey.format``; a private file's for ``peek_public``).
_FormatName = Literal[
    "openssh", "pkcs1", "sec1", "pkcs8", "dsa", "ppk2", "ppk3",
    "openssh-pub", "rfc4716", "spki", "pkcs1-pub", "der",
]
_Platform = Literal["linux", "windows"]
#: How bad an audit finding is.
_Severity = Literal["info", "warning", "error"]
#: One input of :func:`audit_keys` and :meth:`Auditor.add`: a key object, or key file text.
_AuditInput = Union["PublicKey", "PrivateKey", str, bytes]
_Argon2 = Literal["id", "i", "d"]
_Algorithm = Literal[
    "rsa", "ed25519", "ecdsa", "dsa",
    "ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521", "ssh-dss",
]

class Error(Exception):
    """Base class of every error keywright reports about keys and key files.

    The message is the core library's, lowercase, and never contains secret bytes.
    """

class ParseError(Error, ValueError):
    """The input is not a well-formed, consistent key in the format being read.

    Also a ValueError, so code that catches ValueError for bad input keeps working.
    """

class WrongPassphrase(Error):
    """The passphrase does not decrypt the key, or the key is encrypted and none was given."""

class IntegrityError(Error):
    """An integrity check (a MAC) failed: the file was altered or corrupted."""

class UnsupportedKey(Error):
    """The key algorithm, cipher, KDF or requested format is not supported."""

class LimitExceeded(Error):
    """The input asks for more than keywright's limits allow (size, KDF cost, RSA bits)."""

class SignatureError(Error):
    """An SSH signature does not verify: wrong key, namespace or message, or a signer the
    allowed_signers text does not trust for that principal, namespace or time."""

class CertificateError(Error):
    """An OpenSSH certificate is not accepted: its CA signature, validity, principals, type,
    critical options or CA."""

@final
class PublicKey:
    """A public key with its comment.

    Immutable and hashable; ``==`` and ``hash()`` compare the key material only, not the
    comment or the format it was read from. Made by :func:`load_public`,
    :meth:`PrivateKey.public_key` and :func:`parse_authorized_keys`.

    Pickles (and copies) as its OpenSSH line: the comment survives byte for byte, ``format``
    becomes ``openssh-pub``.
    """

    @property
    def algorithm(self) -> str:
        """The SSH algorithm name: ``ssh-rsa``, ``ssh-ed25519``, ``ecdsa-sha2-nistp256``,
        ``ecdsa-sha2-nistp384``, ``ecdsa-sha2-nistp521``, ``ssh-dss``, or a FIDO security key's
        ``sk-ssh-ed25519@openssh.com`` or ``sk-ecdsa-sha2-nistp256@openssh.com``."""
    @property
    def bits(self) -> int:
        """The key size in bits, as ``ssh-keygen -l`` reports it."""
    @property
    def comment(self) -> str:
        """The comment (empty when there is none; invalid UTF-8 replaced)."""
    @property
    def comment_bytes(self) -> bytes:
        """The comment byte for byte, as the file held it (it need not be UTF-8)."""
    def with_comment(self, comment: str) -> PublicKey:
        """A copy of this key with ``comment`` (keys are immutable)."""
    @property
    def format(self) -> Optional[_FormatName]:
        """The format the key was read from (``openssh-pub``, ``rfc4716``, ``spki``,
        ``pkcs1-pub``, ``der``; the private file's format for :func:`peek_public`), or
        None for a key not read from text."""
    def to_openssh(self) -> str:
        """One OpenSSH line, ``ALGO BASE64[ COMMENT]``, without a newline."""
    def to_rfc4716(self) -> str:
        """RFC 4716 ``---- BEGIN SSH2 PUBLIC KEY ----`` text, as ``ssh-keygen -e`` writes it.

        Raises:
            Error: when the core cannot write this format.
        """
    def to_spki_pem(self) -> str:
        """SubjectPublicKeyInfo ``-----BEGIN PUBLIC KEY-----`` PEM.

        Raises:
            UnsupportedKey: for a key type SubjectPublicKeyInfo is not written for.
        """
    def to_spki_der(self) -> bytes:
        """SubjectPublicKeyInfo DER (binary).

        Raises:
            UnsupportedKey: for a key type SubjectPublicKeyInfo is not written for.
        """
    def to_der(self) -> bytes:
        """Deprecated alias of :meth:`to_spki_der` (the Rust library's name); warns
        ``DeprecationWarning``."""
    def fingerprint(self, hash: _Hash = "sha256") -> str:
        """The fingerprint as ``ssh-keygen -l`` prints it: ``SHA256:<base64>`` or
        ``MD5:<colon hex>``.

        Raises:
            ValueError: ``hash`` is neither ``sha256`` nor ``md5``.
        """
    def randomart(self, hash: _Hash = "sha256") -> str:
        """The randomart picture ``ssh-keygen -lv`` prints under the fingerprint line:
        eleven lines joined by ``\\n``, no trailing newline.

        Raises:
            ValueError: ``hash`` is neither ``sha256`` nor ``md5``.
        """
    def sshfp(self, hostname: str) -> List[str]:
        """The SSHFP DNS records of this host key as ``ssh-keygen -r hostname`` prints
        them: SHA-1 then SHA-256, each ``hostname IN SSHFP ALG TYPE HEX``."""
    def ec2_fingerprint(self) -> str:
        """The fingerprint the EC2 console shows for this key once imported: RSA, MD5 of
        the SubjectPublicKeyInfo DER as colon hex; Ed25519, SHA-256 of the key blob as
        padded base64.

        Raises:
            UnsupportedKey: for algorithms EC2 does not import.
        """
    def ec2_check(self, platform: _Platform = "linux") -> Ec2ImportCheck:
        """What EC2's ImportKeyPair would say of this key for ``linux`` or ``windows``
        instances (EC2 has no Ed25519 key pairs for Windows): the ``refusals`` (empty when
        EC2 accepts the key) and ``warnings`` (an RSA size EC2 does not document, a weak
        1024-bit key), as ``keywright ec2-check`` prints them.

        Raises:
            ValueError: ``platform`` is neither ``linux`` nor ``windows``.
        """
    def to_cryptography(
        self,
    ) -> Union[rsa.RSAPublicKey, ec.EllipticCurvePublicKey, ed25519.Ed25519PublicKey, dsa.DSAPublicKey]:
        """The key as a ``cryptography`` public key object, for code that takes those
        (needs the ``cryptography`` package).

        Raises:
            UnsupportedKey: a FIDO key (``sk-...``), which cryptography has no object for.
        """
    def verify_many(self, signatures: List[_Text], namespace: str, messages: List[_Text]) -> List[bool]:
        """Checks ``signatures[i]`` (armoured or raw) over ``messages[i]`` in ``namespace``
        against this key, for every ``i``: one bool each (a malformed signature is False).
        Releases the GIL and uses every core.

        Raises:
            ValueError: the lists differ in length.
        """
    def verify(self, signature: _Text, namespace: str, message: _Text) -> None:
        """Checks an SSH signature (armoured ``-----BEGIN SSH SIGNATURE-----`` or raw) over
        ``message`` in ``namespace`` against this key. Releases the GIL while hashing.

        Raises:
            SignatureError: wrong key, namespace or message.
            ParseError: a malformed signature.
        """
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __repr__(self) -> str: ...

@final
class PrivateKey:
    """A private key, held decrypted, with its comment.

    ``repr()`` shows the algorithm, size, fingerprint and comment, never key material.
    ``==`` compares the key material (in constant time in the core). Not hashable, since
    the comment can be changed. Made by :func:`generate` and :func:`load_private`.

    Safe to share between threads: setting ``comment`` while another thread runs a method
    (``to_ppk`` with the GIL released, say) never raises; each method works on the key as it
    was when the method started.

    Pickles (and copies) as unencrypted OpenSSH text: the comment survives byte for byte,
    ``format`` becomes ``openssh``. A pickle holds the key in the clear, as an unencrypted
    key file does; use :meth:`write` or :meth:`to_openssh` with a passphrase to store it.
    """

    @property
    def algorithm(self) -> str:
        """The SSH algorithm name, e.g. ``ssh-ed25519``."""
    @property
    def bits(self) -> int:
        """The key size in bits, as ``ssh-keygen -l`` reports it."""
    @property
    def comment(self) -> str:
        """The comment; assigning it changes the key's (and its public half's) comment."""
    @comment.setter
    def comment(self, value: str) -> None: ...
    @property
    def comment_bytes(self) -> bytes:
        """The comment byte for byte, as the file held it (it need not be UTF-8)."""
    @property
    def format(self) -> Optional[_PrivateFormatName]:
        """The format the key was read from (``openssh``, ``pkcs1``, ``sec1``, ``pkcs8``,
        ``dsa``, ``ppk2``, ``ppk3``), or None for a generated key."""
    def public_key(self) -> PublicKey:
        """The public half, with the same comment."""
    def to_openssh(self, passphrase: Optional[_Passphrase] = None) -> str:
        """``openssh-key-v1`` text (``-----BEGIN OPENSSH PRIVATE KEY-----``), encrypted with
        aes256-ctr and bcrypt-pbkdf (16 rounds) when a non-empty passphrase is given.
        Releases the GIL."""
    def to_pkcs1_pem(self) -> str:
        """PKCS#1 ``-----BEGIN RSA PRIVATE KEY-----`` PEM, as EC2 hands keys out.

        Raises:
            UnsupportedKey: the key is not RSA.
        """
    def to_pkcs8_pem(self, passphrase: Optional[_Passphrase] = None) -> str:
        """PKCS#8 PEM: ``PRIVATE KEY``, or ``ENCRYPTED PRIVATE KEY`` (PBES2 with
        PBKDF2-HMAC-SHA256 and AES-256-CBC) when a non-empty passphrase is given.
        Releases the GIL.

        Raises:
            UnsupportedKey: for DSA keys.
        """
    def to_sec1_pem(self) -> str:
        """SEC1 ``-----BEGIN EC PRIVATE KEY-----`` PEM.

        Raises:
            UnsupportedKey: the key is not ECDSA.
        """
    def to_pkcs1(self) -> str:
        """Deprecated alias of :meth:`to_pkcs1_pem`; warns ``DeprecationWarning``."""
    def to_pkcs8(self, passphrase: Optional[_Passphrase] = None) -> str:
        """Deprecated alias of :meth:`to_pkcs8_pem`; warns ``DeprecationWarning``."""
    def to_sec1(self) -> str:
        """Deprecated alias of :meth:`to_sec1_pem`; warns ``DeprecationWarning``."""
    def to_ppk(
        self,
        version: Literal[2, 3] = 3,
        passphrase: Optional[_Passphrase] = None,
        argon2: _Argon2 = "id",
        argon2_memory: int = 8192,
        argon2_passes: Optional[int] = None,
        argon2_parallelism: int = 1,
    ) -> str:
        """PuTTY ``.ppk`` text, as PuTTYgen writes it. Releases the GIL.

        Args:
            version: 2 (``PuTTY-User-Key-File-2``) or 3 (``PuTTY-User-Key-File-3``).
            passphrase: encrypt with it when given and non-empty.
            argon2: the Argon2 variant of an encrypted v3 file: ``id``, ``i`` or ``d``.
            argon2_memory: Argon2 memory in KiB.
            argon2_passes: Argon2 passes (None: the library's default).
            argon2_parallelism: Argon2 lanes.

        Raises:
            ValueError: a bad version, Argon2 variant or Argon2 parameters.
        """
    def fingerprint(self, hash: _Hash = "sha256") -> str:
        """The fingerprint of the public half, as ``ssh-keygen -l`` prints it.

        Raises:
            ValueError: ``hash`` is neither ``sha256`` nor ``md5``.
        """
    def ec2_fingerprint(self) -> str:
        """The fingerprint the EC2 console shows for a key pair EC2 created: RSA, SHA-1 of
        the PKCS#8 DER as colon hex; Ed25519, SHA-256 of the key blob as padded base64.

        Raises:
            UnsupportedKey: for algorithms EC2 does not create.
        """
    def ec2_fingerprints(self) -> Dict[str, str]:
        """Both fingerprints the EC2 console may show for this key, since which one it shows
        depends on who made the key pair: ``created`` (EC2 made it) and ``imported`` (its
        public half was imported). For RSA they differ; for Ed25519 they are equal.

        Raises:
            UnsupportedKey: for algorithms EC2 does not take.
        """
    def sign(self, namespace: str, message: _Text, hash: _SignatureHash = "sha512") -> str:
        """Signs ``message`` in ``namespace`` (SSHSIG, as ``ssh-keygen -Y sign``); ``hash`` is
        ``sha512`` or ``sha256``. Returns the armoured signature. Releases the GIL.

        Raises:
            ValueError: an unknown ``hash`` or an empty namespace.
            UnsupportedKey: a DSA key.
        """
    def certify(
        self,
        key: PublicKey,
        key_id: str,
        principals: List[str] = ...,
        host: bool = False,
        validity: Optional[str] = None,
        serial: int = 0,
        critical_options: Dict[str, str] = ...,
        extensions: Optional[Dict[str, str]] = None,
    ) -> Certificate:
        """Signs ``key`` with this key as an SSH CA, as ``ssh-keygen -s`` does: a user
        certificate (a host one with ``host``) for ``principals`` (empty: any), valid for
        ``validity`` in ``ssh-keygen -V`` form (``+52w``, ``-1d:+1h``, ``20261201:20271201``;
        default ``always:forever``; absolute times UTC), with ssh-keygen's default extensions
        unless ``extensions`` are given. An RSA CA signs rsa-sha2-512.

        Raises:
            ValueError: a bad ``validity``.
            UnsupportedKey: a DSA or FIDO CA key.
        """
    def to_cryptography(
        self,
    ) -> Union[rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey, ed25519.Ed25519PrivateKey, dsa.DSAPrivateKey]:
        """The key as a ``cryptography`` private key object (``RSAPrivateKey``,
        ``EllipticCurvePrivateKey``, ``Ed25519PrivateKey``, ``DSAPrivateKey``), for code that
        signs or decrypts with those (needs the ``cryptography`` package).

        Raises:
            UnsupportedKey: a FIDO key (``sk-...``), which cryptography has no object for.
        """
    def to_paramiko(self) -> Any:
        """The key as a ``paramiko.PKey`` (``RSAKey``, ``ECDSAKey``, ``Ed25519Key``) to log
        in with, e.g. from a PuTTY file, which paramiko cannot read itself::

            key = keywright.load_private(open("id.ppk").read(), passphrase)
            client.connect(host, username=user, pkey=key.to_paramiko())

        Needs the ``paramiko`` package. The key crosses as unencrypted OpenSSH text.

        Raises:
            UnsupportedKey: a FIDO key, or a DSA key with paramiko 4 or newer (which has no
                ``DSSKey``).
        """
    def write(
        self,
        path: _Path,
        format: _PrivateFormat = "openssh",
        passphrase: Optional[_Passphrase] = None,
        *,
        force: bool = False,
    ) -> None:
        """Writes the key to ``path`` as the ``keywright`` command writes key files: created
        with mode 0600 (never readable by others, not even for an instant), atomically (a
        temporary file in the same folder, synced, then linked or renamed into place), so a
        reader or a crash sees the old file or the whole new one. Encrypted when a non-empty
        ``passphrase`` is given (``openssh``, ``pkcs8`` and ``ppk`` formats). Releases the
        GIL.

        Raises:
            FileExistsError: ``path`` exists and ``force`` is false.
            OSError: ``path`` is not a regular file (a symbolic link, a FIFO, a folder;
                never replaced, even with ``force``), or the write failed.
            ValueError: an unknown or public-key format.
            UnsupportedKey: the format does not hold this key type, or is not written
                encrypted (``pkcs1``, ``sec1``, ``dsa``).
        """
    def __eq__(self, other: object, /) -> bool: ...
    def __repr__(self) -> str: ...

@final
class Certificate:
    """An OpenSSH certificate (``*-cert-v01@openssh.com``): a public key signed by a CA, with
    its constraints. Immutable; equal when the certificate bytes are."""

    @property
    def cert_type(self) -> str:
        """``user`` or ``host``."""
    @property
    def public_key(self) -> PublicKey:
        """The certified public key (with the line's comment)."""
    @property
    def ca_key(self) -> PublicKey:
        """The signing CA's public key."""
    @property
    def signature_algorithm(self) -> str:
        """The CA signature's algorithm: ``ssh-ed25519``, ``rsa-sha2-512``, ..."""
    @property
    def key_id(self) -> str:
        """The key ID."""
    @property
    def serial(self) -> int:
        """The serial number."""
    @property
    def principals(self) -> List[str]:
        """The principals; empty means any."""
    @property
    def valid_after(self) -> int:
        """Valid from (Unix seconds, inclusive)."""
    @property
    def valid_before(self) -> int:
        """Valid until (Unix seconds, exclusive; ``2**64 - 1`` for forever)."""
    @property
    def validity(self) -> str:
        """The validity as ``ssh-keygen -L`` prints it (UTC)."""
    @property
    def critical_options(self) -> Dict[str, str]:
        """Critical options, name to value (``""`` for flags)."""
    @property
    def extensions(self) -> Dict[str, str]:
        """Extensions, name to value (``""`` for flags)."""
    def ssh_keygen_lines(self) -> List[str]:
        """The lines ``ssh-keygen -L`` prints for it, without their indentation."""
    def to_openssh(self) -> str:
        """The ``*-cert.pub`` line, without a newline."""
    def encode_bytes(self) -> bytes:
        """The certificate file's bytes (the comment byte for byte, a newline at the end)."""
    def verify_signature(self) -> None:
        """Checks the CA signature over the certificate's bytes.

        Raises:
            CertificateError: the signature does not hold.
        """
    def verify(self, ca: PublicKey, time: int, principal: Optional[str] = None) -> None:
        """What sshd checks: signed by ``ca``, the signature holds, valid at ``time`` (Unix
        seconds), ``principal`` listed (when given), only known critical options.

        Raises:
            CertificateError: naming the first check that failed.
        """
    def __eq__(self, other: object, /) -> bool: ...
    def __repr__(self) -> str: ...

@final
class Limits:
    """Bounds on untrusted input, checked before any expensive work: input size, RSA size,
    KDF costs. ``Limits()`` holds the defaults, which admit every key ``ssh-keygen``,
    ``openssl`` and PuTTYgen write with their defaults; keyword arguments change single
    bounds, e.g. ``Limits(max_input_bytes=65536, max_bcrypt_rounds=64)`` for a service that
    reads keys others upload. Pass it as ``limits=`` to :func:`load_private`,
    :func:`load_public`, :func:`load` and :func:`peek_public`; an input over a bound raises
    :class:`LimitExceeded`. Immutable; equal when every bound is.
    """

    def __new__(
        cls,
        *,
        max_input_bytes: Optional[int] = None,
        max_rsa_bits: Optional[int] = None,
        max_bcrypt_rounds: Optional[int] = None,
        max_pbkdf2_iterations: Optional[int] = None,
        max_argon2_memory_kib: Optional[int] = None,
        max_argon2_passes: Optional[int] = None,
        max_argon2_parallelism: Optional[int] = None,
        max_argon2_work: Optional[int] = None,
    ) -> Limits: ...
    @property
    def max_input_bytes(self) -> int:
        """Largest key file accepted, in bytes (default 1 MiB)."""
    @property
    def max_rsa_bits(self) -> int:
        """Largest RSA modulus accepted, in bits (default 16384)."""
    @property
    def max_bcrypt_rounds(self) -> int:
        """Most bcrypt-pbkdf rounds accepted in an ``openssh-key-v1`` file (default 1024)."""
    @property
    def max_pbkdf2_iterations(self) -> int:
        """Most PBKDF2 iterations accepted in an encrypted PKCS#8 file (default 10 000 000)."""
    @property
    def max_argon2_memory_kib(self) -> int:
        """Largest Argon2 memory accepted in a PPK v3 file, in KiB (default 131072)."""
    @property
    def max_argon2_passes(self) -> int:
        """Most Argon2 passes accepted in a PPK v3 file (default 1024)."""
    @property
    def max_argon2_parallelism(self) -> int:
        """Most Argon2 lanes accepted in a PPK v3 file (default 64)."""
    @property
    def max_argon2_work(self) -> int:
        """Most Argon2 work accepted in a PPK v3 file, memory in KiB times passes
        (default 524288)."""
    def __eq__(self, other: object, /) -> bool: ...
    def __repr__(self) -> str: ...

@final
class Ec2ImportCheck:
    """What EC2's ImportKeyPair would say of a key (:meth:`PublicKey.ec2_check`)."""

    @property
    def refusals(self) -> List[str]:
        """Why EC2 refuses the key; empty when it accepts it."""
    @property
    def warnings(self) -> List[str]:
        """What EC2 accepts but a person should know (an undocumented or weak RSA size)."""
    @property
    def accepted(self) -> bool:
        """Whether EC2 accepts the key (no refusals)."""
    def __eq__(self, other: object, /) -> bool: ...
    def __repr__(self) -> str: ...

def load_certificate(data: _Text) -> Certificate:
    """Reads an OpenSSH certificate (a ``*-cert.pub`` file, a certificate line, RFC 4716).

    Raises:
        ParseError: a malformed certificate, or a plain public key.
        UnsupportedKey: an unknown certificate algorithm.
    """

@final
class AuthorizedKeysEntry:
    """One key line of an ``authorized_keys`` file."""

    @property
    def line(self) -> int:
        """The 1-based line number."""
    @property
    def options(self) -> List[str]:
        """The options, each as written (``'from="10.0.0.1"'``, ``'no-pty'``)."""
    @property
    def key(self) -> PublicKey:
        """The key; its comment is the line's comment, or empty."""
    @property
    def comment(self) -> Optional[str]:
        """The comment after the key (inner spacing kept), or None."""
    def to_line(self) -> str:
        """The line as sshd reads it, ``[OPTIONS ]ALGO BASE64[ COMMENT]``, no newline."""
    def __repr__(self) -> str: ...

def generate(algorithm: _Algorithm = "rsa", bits: Optional[int] = None, comment: str = "") -> PrivateKey:
    """Generates a key pair with the operating system's random number generator.

    Args:
        algorithm: ``rsa``, ``ed25519``, ``ecdsa`` or an SSH algorithm name
            (``ssh-ed25519``, ``ecdsa-sha2-nistp384``...).
        bits: RSA: 1024 to 16384 in multiples of 8 (default 2048). ECDSA: 256, 384 or 521
            picks the curve (default 256). Ed25519: 256 or None.
        comment: the key's comment.

    Releases the GIL (a 4096-bit RSA key takes a while).

    Raises:
        ValueError: an unknown algorithm or bad ``bits``.
        UnsupportedKey: DSA, which keywright reads but never generates.
    """

def load_private(
    data: _Text, passphrase: Optional[_Passphrase] = None, *, limits: Optional[Limits] = None
) -> PrivateKey:
    """Reads a private key in any supported format, detected from the data: OpenSSH,
    PKCS#1, SEC1, PKCS#8 (encrypted or not), OpenSSL DSA, PuTTY PPK v2/v3.
    Releases the GIL.

    Warns (``UserWarning``) with the library's advisory when a key calls for one: an
    ``ecdsa-sha2-nistp521`` key read from a PuTTY file (CVE-2024-31497: PuTTY 0.68 to 0.80
    made signatures that leak such keys).

    Raises:
        ParseError: the data is no private key, or a malformed one.
        WrongPassphrase: the passphrase is wrong, or the key is encrypted and none was given.
        IntegrityError: a PPK file's MAC does not match (tampered or corrupt).
        UnsupportedKey: an algorithm, cipher or KDF keywright does not handle.
        LimitExceeded: the input or its KDF cost is over ``limits`` (default ``Limits()``).
    """

def from_cryptography(
    key: Union[
        rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey, ed25519.Ed25519PrivateKey, dsa.DSAPrivateKey,
        rsa.RSAPublicKey, ec.EllipticCurvePublicKey, ed25519.Ed25519PublicKey, dsa.DSAPublicKey,
    ],
    comment: str = "",
) -> Union[PrivateKey, PublicKey]:
    """A keywright key from a ``cryptography`` key object: a private RSA, EC (P-256, P-384,
    P-521), Ed25519 or DSA key gives a :class:`PrivateKey`, a public one a
    :class:`PublicKey`, with ``comment``. The key crosses as OpenSSH encoding, so its
    ``format`` is ``openssh`` (``openssh-pub``).

    Raises:
        TypeError: ``key`` is not one of those objects.
        UnsupportedKey: an EC key on another curve (secp256k1, brainpool).
    """

def load_public(data: _Text, *, limits: Optional[Limits] = None) -> PublicKey:
    """Reads a public key in any supported format, detected from the data: an OpenSSH
    line, RFC 4716, SubjectPublicKeyInfo or PKCS#1 PEM, DER (binary or base64).

    Raises:
        ParseError: the data is no public key, or a malformed one.
        UnsupportedKey: an algorithm keywright does not handle.
        LimitExceeded: the input is over ``limits`` (default ``Limits()``).
    """

def load(
    data: _Text, passphrase: Optional[_Passphrase] = None, *, limits: Optional[Limits] = None
) -> Union[PrivateKey, PublicKey]:
    """Reads a key of either kind, detected from the data: a private key file gives a
    :class:`PrivateKey` (as :func:`load_private`, warning included), any public key form a
    :class:`PublicKey` (as :func:`load_public`).

    Raises:
        As :func:`load_private` and :func:`load_public`.
    """

def peek_public(data: _Text, *, limits: Optional[Limits] = None) -> Optional[PublicKey]:
    """The public key of a private key file, read without the passphrase where the format
    keeps it in the clear (OpenSSH ``openssh-key-v1``, PuTTY PPK), as ``ssh-keygen -l``
    does; ``None`` for PEM files, which encrypt it. The key's ``format`` is the file's.

    Raises:
        ParseError: the data is no private key file, or a malformed one.
    """

def parse_authorized_keys(text: _Text) -> List[AuthorizedKeysEntry]:
    """Parses an ``authorized_keys`` file into its key entries (blank and ``#`` lines are
    skipped).

    Raises:
        ParseError: the first bad line, with its line number and byte offset.
    """

def ec2_match(
    key_pairs: _Text, key: Union[PrivateKey, PublicKey]
) -> List[Tuple[Optional[str], Optional[str], str]]:
    """The EC2 key pairs that ``key`` is, from the JSON of ``aws ec2 describe-key-pairs
    [--include-public-key]``, ``create-key-pair`` or ``import-key-pair``: one
    ``(KeyName, KeyPairId, matched_by)`` per match, ``matched_by`` one of
    ``created-fingerprint``, ``imported-fingerprint``, ``ed25519-fingerprint``,
    ``public-key``, ``key-material``. Only a private RSA key can match the fingerprint of a
    key pair EC2 created.

    Raises:
        ParseError: malformed, truncated or wrongly typed JSON (the message names the field).
        LimitExceeded: JSON over 16 MiB or with more than 100 000 key pairs.
        TypeError: ``key`` is not a key.
    """

def ec2_host_keys(console_output: _Text) -> List[PublicKey]:
    """The host keys of the ``SSH HOST KEY KEYS`` block cloud-init prints to an instance's
    console (``aws ec2 get-console-output``, text or JSON; CR and console noise ignored).

    Raises:
        ParseError: JSON without ``Output``, a block that is not closed, a bad key line.
        LimitExceeded: output over 8 MiB.
    """

def ec2_check_host_keys(console_output: _Text, scanned: _Text) -> List[Tuple[str, str, str]]:
    """Checks ``ssh-keyscan`` output against the host keys an instance's console lists:
    one ``(verdict, key_type, sha256_fingerprint)`` per scanned key, ``verdict`` being
    ``match``, ``mismatch`` (do not connect) or ``unknown`` (the console lists no key of
    that type).

    Raises:
        ParseError: unreadable console output or scanned keys.
        LimitExceeded: input over 8 MiB.
    """

def ec2_password(key: PrivateKey, password_data: str) -> str:
    """The Windows Administrator password of an EC2 instance: ``PasswordData`` from
    ``aws ec2 get-password-data`` (base64 of an RSA PKCS#1 v1.5 ciphertext) decrypted with
    the key pair's private RSA key, as ``--priv-launch-key`` does. Releases the GIL.

    The RSA decryption is not constant-time (RUSTSEC-2023-0071): run it on your own machine,
    never as a service that decrypts data others send.

    Raises:
        UnsupportedKey: the key is not RSA.
        ParseError: bad base64, or data that does not decrypt with this key.
    """

def ec2_check_key_name(name: str) -> None:
    """Checks an EC2 key-pair name as ImportKeyPair and CreateKeyPair do: 1 to 255 ASCII
    characters, no leading or trailing space.

    Raises:
        ValueError: saying what is wrong with ``name``.
    """

def sign(key: PrivateKey, namespace: str, message: _Text, hash: _SignatureHash = "sha512") -> str:
    """Signs ``message`` with ``key`` in ``namespace`` (SSHSIG, as ``ssh-keygen -Y sign``);
    ``hash`` is ``sha512`` or ``sha256``. Returns the armoured
    ``-----BEGIN SSH SIGNATURE-----`` text. Releases the GIL.

    Raises:
        ValueError: an unknown ``hash`` or an empty namespace.
        UnsupportedKey: a DSA key.
    """

def verify(
    signature: _Text,
    namespace: str,
    message: _Text,
    key: Optional[PublicKey] = None,
    *,
    allowed_signers: Optional[_Text] = None,
    principal: Optional[str] = None,
    time: Optional[int] = None,
) -> None:
    """Checks ``signature`` (armoured or raw) over ``message`` in ``namespace``: against
    ``key``, or as ``ssh-keygen -Y verify`` does against ``allowed_signers`` text for
    ``principal`` at ``time`` (Unix seconds, default now). Releases the GIL.

    Raises:
        SignatureError: it does not verify, or no allowed_signers line trusts the signer.
        ParseError: a malformed signature or allowed_signers line (with its byte offset).
        ValueError: neither ``key`` nor ``allowed_signers`` with ``principal``.
    """

def find_principals(signature: _Text, allowed_signers: _Text, time: Optional[int] = None) -> List[str]:
    """The principals ``allowed_signers`` text trusts for the signature's key at ``time``
    (Unix seconds, default now), as ``ssh-keygen -Y find-principals`` prints them; empty
    when none. The signature itself is not checked.

    Raises:
        ParseError: a malformed signature or allowed_signers line.
    """

def known_hosts_find(text: _Text, host: str) -> bytes:
    """What ``ssh-keygen -F host`` prints for this ``known_hosts`` text: a
    ``# Host HOST found: line N`` header and the line for each match (patterns, ``!``,
    ``[host]:port``, hashed names, markers); empty when the host is not there.

    Raises:
        LimitExceeded: a line over 64 KiB.
    """

def known_hosts_remove(text: _Text, host: str) -> bytes:
    """The file ``ssh-keygen -R host`` leaves: the host's lines removed (``@cert-authority``
    and ``@revoked`` lines kept), every other line byte for byte.

    Raises:
        LimitExceeded: a line over 64 KiB.
    """

def known_hosts_hash(text: _Text) -> bytes:
    """The file ``ssh-keygen -H`` writes: each plain host name hashed (``|1|salt|hash``,
    random salts), wildcard, hashed and marker lines kept.

    Raises:
        ParseError: an invalid line (``ssh-keygen -H`` refuses such a file).
        LimitExceeded: a line over 64 KiB.
    """

def authorized_keys_add(text: _Text, keys: List[PublicKey], options: Optional[str] = None) -> bytes:
    """``authorized_keys`` text with ``keys`` appended (keys already present, by blob, are
    skipped), every other line byte for byte, in the file's line ending; ``options``
    (``from="10.0.0.0/8",no-pty``) goes before each new key.

    Raises:
        ValueError: options holding a line break.
    """

def authorized_keys_remove(text: _Text, target: Union[str, PublicKey], force: bool = False) -> bytes:
    """``authorized_keys`` text without the key lines whose fingerprint (``SHA256:...``,
    ``MD5:...``) or comment is ``target``, or whose key is ``target``; every other line
    byte for byte.

    Raises:
        ValueError: it would remove the last key and ``force`` is false.
    """

def audit(
    *paths: _Path,
    blocklists: Sequence[_Path] = ...,
    rsa_error_below: int = 1024,
    rsa_warning_below: int = 2048,
    fermat_rounds: int = 100,
    reveal_factors: bool = False,
    checks: Optional[Sequence[str]] = None,
    skip: Sequence[str] = ...,
    max_file_bytes: Optional[int] = None,
) -> AuditReport:
    """Audits keys for known weaknesses, as ``keywright audit PATH...`` does: key files of
    every format keywright reads (public or private; an encrypted ``openssh-key-v1`` or PPK
    file through the public key it keeps in the clear), ``authorized_keys`` and
    ``known_hosts`` files, and folders, walked recursively. RSA keys are checked for ROCA,
    close primes (Fermat), small factors, weak exponents and size, and for primes shared with
    any other RSA key of the same call; DSA keys, invalid points and published blocklists
    too. Unreadable and non-key files are listed in :attr:`AuditReport.skipped`, never
    raised; ``-`` is not standard input here (use :func:`audit_keys`). Nothing is fetched
    from the network. Releases the GIL.

    Args:
        paths: files and folders.
        blocklists: folders of badkeys blocklists (``blocklist.dat``, ``badkeysdata.json``,
            extra ``*.dat`` lists), as ``badkeys --update-bl`` writes to
            ``~/.cache/badkeys``.
        rsa_error_below: RSA moduli shorter than this many bits are an ``error``.
        rsa_warning_below: RSA moduli shorter than this many bits are a ``warning``.
        fermat_rounds: steps of Fermat's method from ``ceil(sqrt(n))`` (at most 1 000 000).
        reveal_factors: put the factors found in the reasons (by default a reason only
            says that they were found).
        checks: run only these checks: ids of the README's table (``rsa-roca``) or badkeys
            check names, each standing for the ids it finds (``rsawarnings``: ``rsa-size``,
            ``rsa-exponent-3``, ``rsa-small-exponent``), as ``--checks``; None runs all.
        skip: do not run these checks (ids or badkeys names), as ``--skip``; a skipped
            check costs nothing.
        max_file_bytes: larger files are skipped (default 64 MiB).

    Returns:
        The report; ``report.to_dict()`` equals what ``keywright audit --json`` prints.

    Raises:
        ValueError: ``rsa_error_below`` above ``rsa_warning_below``, ``fermat_rounds`` over
            1 000 000, a check name that is neither an id nor a badkeys name, or
            ``max_file_bytes`` 0.
        OSError: a blocklist folder cannot be read or holds no ``.dat`` list.
        ParseError: a malformed blocklist file.
    """

def audit_keys(
    keys: Union[_AuditInput, Iterable[_AuditInput], Mapping[str, _AuditInput]],
    *,
    blocklists: Sequence[_Path] = ...,
    rsa_error_below: int = 1024,
    rsa_warning_below: int = 2048,
    fermat_rounds: int = 100,
    reveal_factors: bool = False,
    checks: Optional[Sequence[str]] = None,
    skip: Sequence[str] = ...,
) -> AuditReport:
    """Audits keys held in memory, with the checks of :func:`audit`: :class:`PublicKey`
    and :class:`PrivateKey` objects (a private key is also checked for close primes, a small
    ``d`` and inconsistent CRT values), and key file text of any format or
    ``authorized_keys`` / ``known_hosts`` text as ``str`` or ``bytes``. ``keys`` is one
    input, an iterable of inputs (named ``<0>``, ``<1>``, ... in the findings' ``source``),
    or a mapping of names to inputs. Shared primes and duplicates are looked for across all
    of them. Releases the GIL.

    Raises:
        TypeError: an input of another type.
        ValueError, OSError, ParseError: as :func:`audit`.
    """

@final
class Auditor:
    """An audit fed one input at a time, for inputs that arrive over time: :meth:`add`
    gives each input's own findings at once, :meth:`finish` the checks across inputs
    (shared primes, duplicates) and the whole report. The keyword arguments are
    :func:`audit`'s. Safe to share between threads.
    """

    def __new__(
        cls,
        *,
        blocklists: Sequence[_Path] = ...,
        rsa_error_below: int = 1024,
        rsa_warning_below: int = 2048,
        fermat_rounds: int = 100,
        reveal_factors: bool = False,
        checks: Optional[Sequence[str]] = None,
        skip: Sequence[str] = ...,
    ) -> Auditor: ...
    def add(self, key: _AuditInput, source: Optional[str] = None) -> List[Finding]:
        """Audits one input (as :func:`audit_keys` takes them) named ``source`` in the
        findings (default ``<N>``, N counting inputs from 0), and returns its own findings.
        Releases the GIL.

        Raises:
            TypeError: an input of another type.
            ValueError: the auditor has finished.
        """
    def finish(self) -> AuditReport:
        """Ends the audit: the checks across inputs, then the whole report, sorted as
        :func:`audit` sorts it. Releases the GIL.

        Raises:
            ValueError: called a second time.
        """
    def __repr__(self) -> str: ...

@final
class Finding:
    """One weakness of one key at one place. Immutable, hashable, equal when every field is."""

    @property
    def id(self) -> str:
        """The stable id of the check (``rsa-fermat``, ``dsa``, ``duplicate``; the table in
        the README)."""
    @property
    def badkeys(self) -> Optional[str]:
        """The badkeys check that finds the same thing (``fermat``, ``roca``), or None."""
    @property
    def severity(self) -> _Severity:
        """``error`` (replace the key), ``warning`` (weaker than policy) or ``info``."""
    @property
    def reason(self) -> str:
        """One line saying what was found (no factor unless ``reveal_factors``)."""
    @property
    def cve(self) -> Optional[str]:
        """The CVE (``CVE-2022-26320``), or None."""
    @property
    def source(self) -> str:
        """The path the key is in, or the name of the in-memory input."""
    @property
    def line(self) -> Optional[int]:
        """The 1-based line in a file of key lines (``authorized_keys``), None for a whole
        file."""
    @property
    def fingerprint(self) -> str:
        """The key's OpenSSH SHA-256 fingerprint (``SHA256:...``)."""
    def to_json(self) -> str:
        """The finding as one JSON object, as in ``keywright audit --json``."""
    def to_dict(self) -> Dict[str, Any]:
        """``json.loads(self.to_json())``: keys ``id``, ``severity``, ``reason``, ``cve``,
        ``badkeys``, ``source``, ``line``, ``fingerprint``."""
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __repr__(self) -> str: ...

@final
class Skipped:
    """An input, or one line of it, that was not audited (unreadable, not a key file, a
    line without a key). Immutable, hashable."""

    @property
    def source(self) -> str:
        """The path, or the name of the in-memory input."""
    @property
    def line(self) -> Optional[int]:
        """The 1-based line, None for a whole input."""
    @property
    def reason(self) -> str:
        """Why it was skipped (``not a key file``)."""
    def to_json(self) -> str:
        """As one JSON object, as in ``keywright audit --json``."""
    def to_dict(self) -> Dict[str, Any]:
        """``json.loads(self.to_json())``: keys ``source``, ``line``, ``reason``."""
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __repr__(self) -> str: ...

@final
class AuditReport:
    """What :func:`audit`, :func:`audit_keys` or :meth:`Auditor.finish` found. Immutable;
    equal when every finding, skipped input and count is."""

    @property
    def findings(self) -> List[Finding]:
        """Every finding, sorted by place, then most severe first, then id."""
    @property
    def skipped(self) -> List[Skipped]:
        """The inputs and lines not audited."""
    @property
    def keys(self) -> int:
        """Keys audited (a key in three places counts three times)."""
    @property
    def inputs(self) -> int:
        """Inputs read: files, and in-memory inputs."""
    def to_json(self) -> str:
        """The report as JSON, schema 1: what ``keywright audit --json`` prints."""
    def to_dict(self) -> Dict[str, Any]:
        """``json.loads(self.to_json())``: keys ``schema`` (1), ``keys``, ``inputs``,
        ``findings`` and ``skipped`` (lists of :meth:`Finding.to_dict` and
        :meth:`Skipped.to_dict`)."""
    def __eq__(self, other: object, /) -> bool: ...
    def __repr__(self) -> str: ...
