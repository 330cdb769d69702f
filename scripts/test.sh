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
for backend in sqlite postgres; do
  for user in beheer@loket.example admin@vandijk.example eigenaar@korenschoof.example; do
    bash scripts/fuzz-api.sh "$user" "$backend"
  done
done

step "all tests passed"
