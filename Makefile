# keywright: every task has one target. `make test` does all set-up itself.
SHELL := /bin/bash
export KEYWRIGHT_REQUIRE_INTEROP := 1

.PHONY: test tools test-rust lint package windows audit test-python wheel fuzz fuzz-merge bench compare

## Everything: reference tools, lints, dependency audit, Rust tests (interop included, fuzz
## corpora replayed), examples, benches, Python.
test: tools lint audit test-rust test-python

tools:
	scripts/install-tools.sh

## Formatting, clippy, the core's docs with warnings denied, the core's cargo features (none,
## each alone: scripts/check-features.sh) and the packages at the declared minimum Rust
## version (`package`), and the core and the command for Windows (`windows`).
lint: package windows
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc -p keywright --no-deps
	scripts/check-features.sh

## `cargo package` for the core and the command; every packaged target type-checked from the
## .crate files alone with the `rust-version` toolchain (rustup installs it; where it cannot,
## the default toolchain is used, said on stderr, and clippy's incompatible_msrv lint still
## holds the standard library API to rust-version).
package:
	scripts/check-package.sh

## The core and the command type-check for Windows (file modes, owners and signals are
## Unix-only code behind cfg(unix)); skipped, said on stderr, where rustup cannot add the target.
windows:
	@if rustup target add x86_64-pc-windows-gnu >/dev/null 2>&1; then \
	  cargo clippy --target x86_64-pc-windows-gnu -p keywright -p keywright-cli -- -D warnings; \
	else \
	  echo "windows: SKIPPED: rustup cannot add the x86_64-pc-windows-gnu target here" >&2; \
	fi

## Advisories (RUSTSEC-2023-0071 accepted, see deny.toml), licences, bans, sources.
audit:
	scripts/audit.sh

test-rust: tools
	cargo test --workspace --all-targets --exclude keywright-python
	cargo test --workspace --doc --exclude keywright-python

test-python:
	@if [ -x bindings/python/scripts/test.sh ]; then KEYWRIGHT_WHEEL=manylinux2014 bindings/python/scripts/test.sh; fi

## The release manylinux2014 wheel (maturin --zig), checked by auditwheel: target/wheels/.
wheel:
	bindings/python/scripts/wheel.sh

## Fuzz every target for FUZZ_SECONDS each (nightly + cargo-fuzz).
FUZZ_SECONDS ?= 60
fuzz:
	@if [ -x fuzz/run.sh ]; then fuzz/run.sh $(FUZZ_SECONDS); fi

## Add what the fuzz runs found (fuzz/work/corpus) to the committed corpora, minimally.
fuzz-merge:
	fuzz/merge.sh

bench:
	cargo bench -p keywright

compare: tools
	benches/compare.sh
