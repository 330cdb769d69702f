#!/usr/bin/env bash
# Generates the sea-orm entities from a PostgreSQL database migrated by our migrations,
# into crates/api/src/db/entities (or the folder given as $1). Never edit the generated
# files by hand: scripts/check-invariants.sh regenerates them and fails on any difference.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-crates/api/src/db/entities}"
admin="${LOKET_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
base="${admin%/*}"
name="loket_entities_$$"
command -v sea-orm-cli > /dev/null || {
  echo "sea-orm-cli is missing: scripts/ensure-tools.sh installs it" >&2
  exit 1
}
psql "$admin" -qc "CREATE DATABASE $name"
trap 'psql "$admin" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)"' EXIT
LOKET_DATABASE_URL="$base/$name" cargo run -q -p loket -- migrate > /dev/null
rm -rf "$out"
sea-orm-cli generate entity -u "$base/$name" -o "$out" --with-prelude none --banner-version off > /dev/null
rustfmt --edition 2024 --config-path rustfmt.toml "$out"/*.rs
