#!/usr/bin/env bash
# Adds to the committed corpora fuzz/corpus/<target>/ the inputs the fuzzer found
# (fuzz/work/corpus/<target>/, written by fuzz/run.sh) that reach code or comparisons the
# committed corpus does not (libFuzzer -merge=1): the corpus grows by the smallest set that
# keeps what the runs learned, and the named seeds stay. Added files are named by their
# SHA-1. crates/keywright/tests/fuzz_replay.rs replays them all in `cargo test`.
#   fuzz/merge.sh [TARGET...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
source "$here/limits.sh"

if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo +nightly fuzz list)
fi
for t in "${targets[@]}"; do
  [ -d "work/corpus/$t" ] || continue
  before=$(find "corpus/$t" -type f | wc -l)
  cargo +nightly fuzz run "$t" "corpus/$t" "work/corpus/$t" -- -merge=1 \
    -rss_limit_mb=512 -max_len="$(max_len "$t")" -timeout=10 2>"work/merge-$t.log" ||
    { echo "merge failed for $t (fuzz/work/merge-$t.log)" >&2; exit 1; }
  after=$(find "corpus/$t" -type f | wc -l)
  echo "$t: $before -> $after inputs"
done
