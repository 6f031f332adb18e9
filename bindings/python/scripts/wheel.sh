#!/usr/bin/env bash
# Builds the keywright wheel for manylinux2014 (glibc 2.17: Amazon Linux 2, RHEL 7/8, Ubuntu
# 18.04+) with `maturin build --zig` (zig from the `ziglang` package on PyPI, which then works
# offline) and checks it with `auditwheel show`: fails unless auditwheel finds the wheel
# consistent with manylinux_2_17 (manylinux2014). Prints the wheel's path last.
#
# Environment:
#   KEYWRIGHT_VENV      the venv with maturin, ziglang, auditwheel (default: bindings/python/.venv;
#                       made and filled when missing)
#   KEYWRIGHT_PROFILE   cargo profile: release (default; what gets published) or dev (CI's check:
#                       the dependencies are optimised by the workspace profile, and linking and
#                       symbol versions, which auditwheel checks, are the same)
#   KEYWRIGHT_WHEEL_DIR where the wheel goes (default: target/wheels)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${KEYWRIGHT_VENV:-$here/.venv}"
profile="${KEYWRIGHT_PROFILE:-release}"
out="${KEYWRIGHT_WHEEL_DIR:-$root/target/wheels}"

if [ ! -x "$venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import maturin, ziglang, auditwheel' 2>/dev/null; then
    "$venv/bin/python" -m pip install --quiet 'maturin>=1.9.4,<2' ziglang auditwheel
fi

rm -f "$out"/keywright-*manylinux*.whl
(
    cd "$here"
    PATH="$venv/bin:$PATH" "$venv/bin/maturin" build --quiet --profile "$profile" --zig \
        --compatibility manylinux2014 --strip --out "$out" --manifest-path "$here/Cargo.toml" >&2
)
wheel="$(ls "$out"/keywright-*manylinux*.whl)"
report="$("$venv/bin/auditwheel" show "$wheel")"
echo "$report" >&2
case "$wheel" in
    *manylinux_2_17_*|*manylinux2014_*) ;;
    *) echo "error: $wheel is not tagged manylinux2014" >&2; exit 1 ;;
esac
# auditwheel wraps its lines: compare with the whitespace folded.
if ! tr -s ' \n' '  ' <<<"$report" | grep -q 'consistent with the following platform tag: "manylinux_2_17_'; then
    echo "error: auditwheel does not find $wheel consistent with manylinux_2_17" >&2
    exit 1
fi
echo "$wheel"
