#!/usr/bin/env bash
# The core's cargo features (crates/keywright/Cargo.toml): clippy, warnings denied, on the
# library with no features and with each feature alone, every target (tests, examples) with
# none, and one test run with none: the library's unit tests and every integration test
# (tests needing a feature carry `#[cfg(feature = ...)]`; tests/features.rs checks that
# input needing a feature left out is refused with Error::FeatureDisabled).
set -euo pipefail
cd "$(dirname "$0")/.."

features=$(sed -n '/^\[features\]/,/^\[/s/^\([a-z0-9-]*\) = .*/\1/p' crates/keywright/Cargo.toml | grep -v '^default$')
cargo clippy --quiet -p keywright --no-default-features --all-targets -- -D warnings
for feature in $features; do
  echo "features: keywright with only \`$feature\`" >&2
  cargo clippy --quiet -p keywright --no-default-features --features "$feature" -- -D warnings
done
cargo test --quiet -p keywright --no-default-features --tests
echo "features: keywright builds with none of [$(echo $features)] and with each alone"
