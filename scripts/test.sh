#!/usr/bin/env bash
# Runs the whole test suite: formatting, lints, architecture invariants, unit, property
# and integration tests on SQLite and PostgreSQL, and the API fuzz run.
# Installs missing tools first (see scripts/ensure-tools.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/ensure-tools.sh

step() { printf '\n== %s (%d s in)\n' "$*" "$SECONDS"; }

step "formatting"
cargo fmt --all -- --check

step "lints"
cargo clippy -q --all-targets -- -D warnings
cargo clippy -q -p loket-frontend --target wasm32-unknown-unknown --features split -- -D warnings

step "architecture invariants"
bash scripts/check-invariants.sh

step "browser app build (release, size-tuned)"
bash scripts/build-frontend.sh | grep -v "^ \+[0-9]\+  \./"

step "unit, property, integration and browser tests (SQLite and PostgreSQL)"
cargo nextest run --workspace --no-fail-fast

step "API fuzzing against the served OpenAPI document (SQLite and PostgreSQL)"
# Per user the two databases are fuzzed side by side (each run is one Python process
# and a mostly idle server; two cores keep both busy); each run's output is shown whole.
cargo build -q -p loket
fuzz_logs="$(mktemp -d)"
for user in beheer@loket.example admin@vandijk.example eigenaar@korenschoof.example; do
  pids=()
  for backend in sqlite postgres; do
    bash scripts/fuzz-api.sh "$user" "$backend" > "$fuzz_logs/$backend.log" 2>&1 &
    pids+=("$!")
  done
  failed=0
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  cat "$fuzz_logs/sqlite.log" "$fuzz_logs/postgres.log"
  [ "$failed" = 0 ] || { echo "fuzzing as $user failed"; exit 1; }
done

step "all tests passed"
