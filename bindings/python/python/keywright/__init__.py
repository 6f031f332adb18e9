"""keywright: make, read, convert and fingerprint SSH key pairs.

A thin binding of the keywright Rust library: every function calls the core, which does all
parsing and formatting. Text inputs may be ``str`` (used as UTF-8) or ``bytes``; passphrases
too. Long work (RSA key generation, bcrypt, PBKDF2, Argon2) releases the GIL.

Errors: every failure about keys or key files raises a subclass of :class:`Error`; an invalid
argument (``bits=100``, ``hash="sha1"``, ``version=4``) raises the built-in
:class:`ValueError`. ``python -m keywright`` runs the ``keywright`` command.
"""

from ._keywright import *  # noqa: F401,F403  (the extension's names are the package's)
from ._keywright import __all__, __version__  # noqa: F401
