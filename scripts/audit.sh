#!/usr/bin/env bash
# Checks the dependency tree (Cargo.lock) with cargo-deny: RustSec advisories, licences,
# banned or duplicate crates, and sources. Policy and accepted advisories: deny.toml.
# Installs cargo-deny (crates.io, --locked) when it is missing.
#
# The advisory database is fetched by cargo-deny from its default source, which this
# project's build network does not reach. So: when a copy is cached in
# ~/.cargo/advisory-dbs it is used offline; otherwise the advisory check is SKIPPED with a
# message and the other checks still run. KEYWRIGHT_ADVISORIES=fetch lets cargo-deny fetch
# the database (on a machine that can); KEYWRIGHT_REQUIRE_ADVISORIES=1 makes a skip fail.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo deny --version >/dev/null 2>&1; then
  echo "audit: installing cargo-deny" >&2
  cargo install cargo-deny --locked --quiet
fi

checks=(licenses bans sources)
offline=()
db_cache="${CARGO_HOME:-$HOME/.cargo}/advisory-dbs"
if [ "${KEYWRIGHT_ADVISORIES:-}" = fetch ]; then
  checks=(advisories "${checks[@]}")
elif compgen -G "$db_cache/*" >/dev/null; then
  echo "audit: checking advisories against the cached database in $db_cache (it may be stale)" >&2
  checks=(advisories "${checks[@]}")
  offline=(--disable-fetch)
else
  msg="audit: SKIPPED the advisory check: no cached RustSec database and no network to fetch it (KEYWRIGHT_ADVISORIES=fetch where there is)"
  if [ "${KEYWRIGHT_REQUIRE_ADVISORIES:-0}" = 1 ]; then
    echo "$msg (KEYWRIGHT_REQUIRE_ADVISORIES=1)" >&2
    exit 1
  fi
  echo "$msg" >&2
fi

exec cargo deny --locked check "${offline[@]}" "${checks[@]}"
