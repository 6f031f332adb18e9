#!/usr/bin/env bash
# Checks what crates.io would get, at the declared minimum Rust version: packages the test
# support crate, the core and the command (`cargo package`, in publishing order; the file
# lists are printed), unpacks the .crate files outside the workspace and type-checks every
# target they hold (library, binary, unit and integration tests) from the packages alone: the
# core against the packaged test support crate (its dev-dependency), the command against
# both, with the `rust-version` toolchain (installed with rustup when missing). Targets go to
# target/msrv, so a second run is incremental.
#
# The packaging itself runs with the default (stable) cargo: packaging crates whose workspace
# dependencies are not on crates.io yet needs cargo's local overlay of the packages being
# made (cargo 1.90 and later); only the type-check uses the `rust-version` toolchain.
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

# Publishing order: keywright-test-support has no keywright dependency; the core takes it as
# a dev-dependency; the command depends on the core and takes both as dev-dependencies.
crates=(keywright-test-support keywright keywright-cli)
packages=()
for crate in "${crates[@]}"; do packages+=(-p "$crate"); done
cargo package "${packages[@]}" --no-verify --allow-dirty --quiet
for crate in "${crates[@]}"; do
  echo "package: $crate: $(cargo package -p "$crate" --list --allow-dirty 2>/dev/null | wc -l) files:" \
    "$(cargo package -p "$crate" --list --allow-dirty 2>/dev/null | grep -v '^tests/data/' | grep -v '^src/' | tr '\n' ' ')"
done

version=$(cargo metadata --no-deps --format-version 1 |
  python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "keywright"))')
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
for crate in "${crates[@]}"; do
  tar -xzf "target/package/$crate-$version.crate" -C "$unpacked"
  for f in LICENSE-MIT LICENSE-APACHE README.md; do
    [ -s "$unpacked/$crate-$version/$f" ] || { echo "package: $crate lacks $f" >&2; exit 1; }
  done
done
# .crate files hold one fixed time (2006) for every file, and an unpacked crate gets the same
# artifact names in target/msrv on every run: without new times cargo would take the last
# run's (stale) artifacts for fresh.
find "$unpacked" -type f -exec touch {} +

# The packages depend on each other by version (`keywright = "<version>"` from crates.io):
# use the unpacked ones.
patches=()
for crate in "${crates[@]}"; do
  patches+=(--config "patch.crates-io.$crate.path='$unpacked/$crate-$version'")
done
export CARGO_TARGET_DIR="$root/target/msrv"
for crate in "${crates[@]}"; do
  (cd "$unpacked/$crate-$version" && cargo "${toolchain[@]}" check --all-targets --quiet "${patches[@]}")
done
echo "package: every packaged target of ${crates[*]} $version compiles from the .crate files with $(cargo "${toolchain[@]}" --version)"
