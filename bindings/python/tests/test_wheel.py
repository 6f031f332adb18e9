"""The wheel users install: manylinux2014 (glibc 2.17), checked by auditwheel.

Runs when scripts/test.sh built and installed the wheel (KEYWRIGHT_WHEEL=manylinux2014, as
`make test-python` and CI do): KEYWRIGHT_WHEEL_PATH names it. A develop build has no wheel
to check, and the test says so by skipping.
"""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import keywright

WHEEL = os.environ.get("KEYWRIGHT_WHEEL_PATH")
pytestmark = pytest.mark.skipif(not WHEEL, reason="no wheel built (KEYWRIGHT_WHEEL=manylinux2014 builds one)")


def test_the_wheel_is_manylinux2014():
    wheel = Path(WHEEL)
    assert "manylinux_2_17_x86_64" in wheel.name or "manylinux2014_x86_64" in wheel.name, wheel.name
    assert "-cp39-abi3-" in wheel.name
    auditwheel = Path(sys.executable).with_name("auditwheel")
    report = subprocess.run([auditwheel, "show", wheel], capture_output=True, text=True, check=True).stdout
    folded = " ".join(report.split())  # auditwheel wraps its lines
    assert 'consistent with the following platform tag: "manylinux_2_17_x86_64"' in folded, report


def test_the_installed_package_is_the_wheels():
    """What the tests import is what the wheel holds (not a develop build), metadata included."""
    names = zipfile.ZipFile(WHEEL).namelist()
    for name in ["keywright/__init__.py", "keywright/__main__.py", "keywright/__init__.pyi", "keywright/py.typed"]:
        assert name in names
    assert any(n.startswith("keywright/_keywright") and n.endswith(".so") for n in names)
    assert "site-packages" in keywright.__file__
    metadata = zipfile.ZipFile(WHEEL).read(
        next(n for n in names if n.endswith(".dist-info/METADATA"))
    ).decode()
    for line in [
        "License-Expression: MIT OR Apache-2.0",
        "Classifier: Typing :: Typed",
        "Requires-Python: >=3.9",
        "Project-URL: Repository,",
    ]:
        assert line in metadata, line
    assert "python -m keywright" in metadata  # the README is the long description
    assert any(n.endswith("entry_points.txt") for n in names)
