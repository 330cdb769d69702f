#!/usr/bin/env bash
# Fuzzes the served OpenAPI document with schemathesis, signed in as a demo user.
# Fails on any 5xx and on any response that violates the spec.
#
#   scripts/fuzz-api.sh [email] [sqlite|postgres]   (default: the demo vendor admin, SQLite)
#   FUZZ_EXAMPLES=100 FUZZ_SEED=7 scripts/fuzz-api.sh
# On PostgreSQL a database of its own is created at LOKET_TEST_POSTGRES_URL's server
# and dropped afterwards: PostgreSQL refuses what SQLite forgives (NUL in text, ...).
set -euo pipefail
cd "$(dirname "$0")/.."

email="${1:-beheer@loket.example}"
backend="${2:-sqlite}"
examples="${FUZZ_EXAMPLES:-40}"
seed="${FUZZ_SEED:-20261122}"
st_bin="${SCHEMATHESIS:-st}"

cargo build -q -p loket
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import sys, json; print(json.load(sys.stdin)["target_directory"])')"
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
pg_db=""
case "$backend" in
  sqlite) export LOKET_DATABASE_URL="sqlite://$work/loket.db?mode=rwc" ;;
  postgres)
    admin="${LOKET_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
    pg_db="loket_fuzz_$$"
    psql -q "$admin" -c "CREATE DATABASE $pg_db"
    export LOKET_DATABASE_URL="${admin%/*}/$pg_db"
    ;;
  *) echo "unknown backend $backend (sqlite or postgres)"; exit 2 ;;
esac
export LOKET_DATA_DIR="$work"
export LOKET_LISTEN="127.0.0.1:$port"
export LOKET_PUBLIC_URL="http://127.0.0.1:$port"
export LOKET_SPA_DIR="$work/no-spa"
export LOKET_ACCESS_TOKEN_TTL_SECS=7200
export RUST_LOG="${RUST_LOG:-warn}"
keep_log="${FUZZ_KEEP_LOG:-}"

"$target_dir/debug/loket" seed-demo > "$work/seed.log"
"$target_dir/debug/loket" serve > "$work/server.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2> /dev/null || true
  wait "$server" 2> /dev/null || true
  [ -n "$keep_log" ] && cp "$work/server.log" "$keep_log"
  [ -n "$pg_db" ] && psql -q "$admin" -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" > /dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# Wait until the server answers (it migrates first); give up after 30 s.
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$port/readyz" > /dev/null && break
  kill -0 $server 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.1
done

token="$(curl -fs -X POST "http://127.0.0.1:$port/api/v1/auth/login" \
  -H 'content-type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"Loket-demo-2026\"}" \
  | python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])')"

echo "fuzzing http://127.0.0.1:$port/api/openapi.json on $backend as $email ($examples examples per operation, seed $seed)"
status=0
# One worker: with two, hypothesis parses lambda sources from two threads at once and
# CPython 3.11 can fail in `ast.parse` ("AST constructor recursion depth mismatch"), an
# error of the tool, not of the API.
"$st_bin" --config-file scripts/schemathesis.toml run "http://127.0.0.1:$port/api/openapi.json" \
  --header "Authorization: Bearer $token" \
  --max-examples "$examples" \
  --seed "$seed" \
  --workers 1 \
  --generation-with-security-parameters false \
  --generation-database none \
  --no-color \
  || status=$?
# Our own error log lines (500s); actix's own complaints about malformed requests are fine.
if grep 'ERROR' "$work/server.log" | grep -q 'loket'; then
  echo "the server logged errors during the fuzz run:"; grep 'ERROR' "$work/server.log" | grep 'loket' | head -20
  status=1
fi
exit $status
