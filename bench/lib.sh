# Shared by the PostgreSQL benchmarks (tickets, intake, client-import); sourced from the
# repository root after scripts/ensure-tools.sh:
#   . bench/lib.sh <name>
# builds loket in release, makes a fresh database `loket_bench_<name>_<pid>` and a work
# folder (both removed on exit, with the server), picks a free port and exports the
# settings every run shares. Sets admin, base, db, work, loket, port, url; `serve` starts
# the server in the background and waits until it is ready.
admin="${LOKET_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
base="${admin%/*}"
db="loket_bench_${1}_$$"
work="$(mktemp -d)"
cargo build -q --release -p loket
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import sys, json; print(json.load(sys.stdin)["target_directory"])')"
loket="$target_dir/release/loket"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
url="http://127.0.0.1:$port"
server_pid=""
bench_cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2> /dev/null || true
  psql -q "$admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$work"
}
trap bench_cleanup EXIT
psql -q "$admin" -c "CREATE DATABASE $db"
export LOKET_DATABASE_URL="$base/$db" LOKET_DATA_DIR="$work" LOKET_MAIL_DIR="$work/mail" RUST_LOG=warn \
  LOKET_LISTEN="127.0.0.1:$port" LOKET_PUBLIC_URL="$url"

serve() {
  "$loket" serve > "$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do curl -fs "$url/readyz" > /dev/null 2>&1 && break; sleep 0.1; done
}
