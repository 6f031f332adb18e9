"""``python -m keywright``: the ``keywright`` command, the same code as the binary.

The command line is run by the extension (the Rust CLI crate's ``keywright_cli::run``), so
the subcommands, their output and their exit codes are the binary's.
"""

import sys

from ._keywright import _run_cli  # type: ignore[import-not-found]  # the extension, stubbed as the package


def main() -> int:
    """Runs ``keywright`` with this process's arguments; returns its exit code."""
    return _run_cli(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
