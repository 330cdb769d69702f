#!/usr/bin/env bash
# Regenerates crates/api/src/db/entities from a PostgreSQL database migrated by our
# migrations. Never edit the generated files by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
admin="${LOKET_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
base="${admin%/*}"
name="loket_entities_$$"
psql "$admin" -qc "CREATE DATABASE $name"
trap 'psql "$admin" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)"' EXIT
LOKET_DATABASE_URL="$base/$name" cargo run -q -p loket -- migrate
command -v sea-orm-cli > /dev/null || cargo install sea-orm-cli --version 2.0.4 --locked
rm -rf crates/api/src/db/entities
sea-orm-cli generate entity -u "$base/$name" -o crates/api/src/db/entities --with-prelude none --banner-version off
cargo fmt --all
