#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each, one after another (`make fuzz` calls this).
#   fuzz/run.sh SECONDS [TARGET...]
# Needs the nightly toolchain; installs cargo-fuzz when it is missing. Crashes are written
# to fuzz/artifacts/<target>/; copy one to fuzz/regressions/<target>/ to keep it replayed by
# crates/keywright/tests/fuzz_replay.rs. Exits non-zero if any target found a crash.
# The committed seeds (fuzz/corpus/<target>/) are read, never written: what the fuzzer
# finds goes to fuzz/work/corpus/<target>/ (git-ignored), kept from run to run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seconds="${1:?usage: fuzz/run.sh SECONDS [TARGET...]}"
shift
cd "$here"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz" >&2
  cargo install cargo-fuzz --locked
fi
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "the nightly toolchain is needed: rustup toolchain install nightly" >&2
  exit 1
fi

source "$here/limits.sh"

if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo +nightly fuzz list)
fi

failed=()
for t in "${targets[@]}"; do
  echo "== $t: ${seconds}s" >&2
  mkdir -p "work/corpus/$t" "corpus/$t"
  if ! cargo +nightly fuzz run "$t" "work/corpus/$t" "corpus/$t" -- \
    -max_total_time="$seconds" -rss_limit_mb=512 -max_len="$(max_len "$t")" \
    -timeout=10 -print_final_stats=1; then
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "crashes in: ${failed[*]} (inputs under fuzz/artifacts/)" >&2
  exit 1
fi
