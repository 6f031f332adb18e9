"""keywright/__init__.pyi covers every public name, with a docstring, and nothing that is not there."""

import ast
import inspect
from pathlib import Path

import keywright

STUB = Path(__file__).resolve().parents[1] / "python" / "keywright" / "__init__.pyi"
TREE = ast.parse(STUB.read_text())


def stub_names(body):
    names = {}
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.setdefault(node.name, node)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = node
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                names[target.id] = node
    return names


def public(names):
    return {n for n in names if not n.startswith("_")}


MODULE_STUB = stub_names(TREE.body)
RUNTIME = public(dir(keywright))


def test_stub_lists_every_public_name():
    assert public(MODULE_STUB) == RUNTIME
    assert "__version__" in MODULE_STUB


def test_stub_has_docstrings():
    assert ast.get_docstring(TREE)
    for name in RUNTIME:
        node = MODULE_STUB[name]
        assert ast.get_docstring(node), name


def test_stub_covers_class_members():
    for name in RUNTIME:
        obj = getattr(keywright, name)
        if not inspect.isclass(obj) or issubclass(obj, BaseException):
            continue
        members = stub_names(MODULE_STUB[name].body)
        runtime = public(vars(obj))
        assert public(members) == runtime, name
        for member in runtime:
            assert ast.get_docstring(members[member]), f"{name}.{member}"


def test_runtime_docstrings():
    for name in RUNTIME:
        obj = getattr(keywright, name)
        if callable(obj):
            assert obj.__doc__, name


def test_stubtest_agrees_with_the_runtime():
    """mypy's stubtest: every signature in the stub matches the built module."""
    import subprocess
    import sys

    import pytest

    pytest.importorskip("mypy", reason="mypy not installed (scripts/test.sh installs it)")
    allowlist = Path(__file__).with_name("stubtest-allowlist.txt")
    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "keywright", "--allowlist", str(allowlist)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent,  # not bindings/python, so the installed package is checked
    )
    assert result.returncode == 0, result.stdout + result.stderr


def runtime_docstrings():
    """(name, docstring) of every public object of the module, its classes' members
    included (methods, properties, exception classes)."""
    for name in sorted(RUNTIME):
        obj = getattr(keywright, name)
        yield name, getattr(obj, "__doc__", None)
        if inspect.isclass(obj):
            for member, value in vars(obj).items():
                if not member.startswith("_"):
                    yield f"{name}.{member}", getattr(value, "__doc__", None)
    yield "keywright", keywright.__doc__


def test_runtime_docstrings_are_python_style():
    """No Rust doc syntax reaches `help()`: no intra-doc links ([`Foo`], [`a`](b)), and
    inline code in reST's double backticks, not Markdown's single ones."""
    import re

    single = re.compile(r"(?<![`:])`[^`\n]+`(?!`)")  # reST roles (:class:`X`) are fine
    checked = 0
    for name, doc in runtime_docstrings():
        if not doc:
            continue
        checked += 1
        assert "[`" not in doc and "`]" not in doc, f"{name}: {doc!r}"
        assert not re.search(r"\]\([^)]*\)", doc), f"{name}: {doc!r}"
        assert not single.search(doc), f"{name}: single backticks in {doc!r}"
        assert "///" not in doc and "//!" not in doc, name
    assert checked > 100
