#!/usr/bin/env bash
# Builds the keywright Python extension into bindings/python/.venv and runs its tests.
#
# Works from any directory, on a fresh machine (needs python3 >= 3.9 with venv, cargo, and
# network access to PyPI the first time), and is idempotent: the venv and the workspace's
# target/ are reused. Extra arguments go to pytest (e.g. `-k ppk -x`).
#
# Environment:
#   PYTHON              interpreter for the venv (default: python3)
#   KEYWRIGHT_VENV      where the venv lives (default: bindings/python/.venv)
#   KEYWRIGHT_PROFILE   cargo profile for the extension: dev (default; dependencies are
#                       already optimised by the workspace profile) or release
#   KEYWRIGHT_WHEEL     manylinux2014: test the wheel users get instead of a develop build:
#                       scripts/wheel.sh builds it with maturin --zig, checks it with
#                       auditwheel, and it is installed into the venv (`make test-python` and
#                       so CI do this; tests/test_wheel.py then checks what was installed)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${KEYWRIGHT_VENV:-$here/.venv}"
python="${PYTHON:-python3}"
profile="${KEYWRIGHT_PROFILE:-dev}"

start=$(date +%s)
step() { printf '== %s (%ss)\n' "$*" "$(( $(date +%s) - start ))" >&2; }

if [ ! -x "$venv/bin/python" ]; then
    step "creating $venv"
    "$python" -m venv "$venv"
fi
# Installing only what is missing keeps reruns fast and offline.
if ! "$venv/bin/python" -c 'import maturin, pytest, cryptography, paramiko, mypy, ziglang, auditwheel' 2>/dev/null \
    || [ ! -x "$venv/bin/maturin" ]; then
    step "installing maturin pytest cryptography paramiko mypy ziglang auditwheel"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
    "$venv/bin/python" -m pip install --quiet 'maturin>=1.9.4,<2' pytest cryptography paramiko mypy \
        ziglang auditwheel
fi

if [ "${KEYWRIGHT_WHEEL:-}" = manylinux2014 ]; then
    step "building the manylinux2014 wheel (profile $profile; scripts/wheel.sh)"
    wheel="$(KEYWRIGHT_VENV="$venv" KEYWRIGHT_PROFILE="$profile" "$here/scripts/wheel.sh")"
    "$venv/bin/python" -m pip install --quiet --force-reinstall --no-deps "$wheel"
    export KEYWRIGHT_WHEEL_PATH="$wheel"
else
    step "building the extension (profile $profile)"
    # maturin builds with the workspace's target/ (shared with `cargo build`) and installs
    # the wheel into the venv.
    (
        cd "$here"
        VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" \
            "$venv/bin/maturin" develop --quiet --profile "$profile" \
            --manifest-path "$here/Cargo.toml"
    )
fi

step "building the keywright binary (tests compare python -m keywright with it)"
cargo build --quiet --manifest-path "$root/Cargo.toml" -p keywright-cli --bin keywright

step "running pytest"
cd "$root"
status=0
"$venv/bin/python" -m pytest "$here/tests" "$@" || status=$?
step "done (pytest exit $status)"
exit "$status"
