#!/usr/bin/env bash
# Checks what crates.io would get, at the declared minimum Rust version: packages the core
# and the command (`cargo package`; the file lists are printed), unpacks the .crate files
# outside the workspace and type-checks every target they hold (library, binary, the core's
# unit and integration tests) from the packages alone, the command against the packaged core,
# with the `rust-version` toolchain (installed with rustup when missing). Targets go to
# target/msrv, so a second run is incremental.
#
# Where rustup cannot fetch that toolchain (no network) the check runs with the default one
# and says so; `rust-version` is then still enforced for the standard library's API by
# clippy's `incompatible_msrv` lint (on by default, denied by `make lint`).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

msrv=$(sed -n 's/^rust-version = "\(.*\)"$/\1/p' Cargo.toml)
toolchain=()
if rustup run "$msrv" rustc --version >/dev/null 2>&1 ||
  rustup toolchain install "$msrv" --profile minimal >/dev/null 2>&1; then
  toolchain=("+$msrv")
else
  echo "package: SKIPPED the Rust $msrv build: rustup cannot install $msrv here; checking with $(rustc --version) (clippy's incompatible_msrv still reads rust-version)" >&2
fi

cargo package -p keywright -p keywright-cli --no-verify --allow-dirty --quiet
for crate in keywright keywright-cli; do
  echo "package: $crate: $(cargo package -p "$crate" --list --allow-dirty 2>/dev/null | wc -l) files:" \
    "$(cargo package -p "$crate" --list --allow-dirty 2>/dev/null | grep -v '^tests/data/' | grep -v '^src/' | tr '\n' ' ')"
done

version=$(cargo metadata --no-deps --format-version 1 |
  python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "keywright"))')
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
for crate in keywright keywright-cli; do
  tar -xzf "target/package/$crate-$version.crate" -C "$unpacked"
done
for f in LICENSE-MIT LICENSE-APACHE README.md; do
  for crate in keywright keywright-cli; do
    [ -s "$unpacked/$crate-$version/$f" ] || { echo "package: $crate lacks $f" >&2; exit 1; }
  done
done

export CARGO_TARGET_DIR="$root/target/msrv"
(cd "$unpacked/keywright-$version" && cargo "${toolchain[@]}" check --all-targets --quiet)
# The command depends on `keywright = "<version>"` from crates.io: use the packaged core.
(cd "$unpacked/keywright-cli-$version" &&
  cargo "${toolchain[@]}" check --all-targets --quiet --config "patch.crates-io.keywright.path='$unpacked/keywright-$version'")
echo "package: every packaged target of keywright and keywright-cli $version compiles from the .crate files with $(cargo "${toolchain[@]}" --version)"
