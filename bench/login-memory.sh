#!/usr/bin/env bash
# Login flood memory benchmark (release build, SQLite): the server's idle RSS and its
# peak RSS while 200 wrong-password logins arrive 64 at a time, each from its own
# loopback address and for its own account, so that every one reaches Argon2 (12 MiB
# per check). Measured twice in the same run: with the hashing gate as shipped (one
# slot per core) and, as the reference, with 64 slots (what an ungated server does).
# Target: peak ≤ 64 MB with the gate.
#   bash bench/login-memory.sh [total] [concurrency]
set -euo pipefail
cd "$(dirname "$0")/.."
total="${1:-200}"
concurrency="${2:-64}"
cargo build -q --release -p loket
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import sys, json; print(json.load(sys.stdin)["target_directory"])')"
loket="$target_dir/release/loket"

run() {
  local slots="$1" work port pid
  work="$(mktemp -d)"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  env LOKET_DATA_DIR="$work" LOKET_DATABASE_URL="sqlite://$work/loket.db?mode=rwc" LOKET_LISTEN="127.0.0.1:$port" \
    LOKET_SPA_DIR="$work/none" LOKET_RUN_WORKER=false RUST_LOG=error ${slots:+LOKET_PASSWORD_HASHING_SLOTS=$slots} \
    "$loket" serve > "$work/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.05; done
  sleep 1
  python3 bench/login_flood.py "$port" "$pid" "$total" "$concurrency"
  kill "$pid"; wait "$pid" 2> /dev/null || true
  rm -rf "$work"
}

echo "# $total wrong-password logins, $concurrency at a time (release build, SQLite, $(nproc) cores)"
printf '%-34s %8s %8s %8s %6s  %s\n' "server" "idle MB" "peak MB" "after MB" "secs" "answers"
while IFS=$'\t' read -r idle peak after secs answers; do
  printf '%-34s %8s %8s %8s %6s  %s\n' "gated (one slot per core)" "$idle" "$peak" "$after" "$secs" "$answers"
done < <(run "")
while IFS=$'\t' read -r idle peak after secs answers; do
  printf '%-34s %8s %8s %8s %6s  %s\n' "reference: 64 slots (ungated)" "$idle" "$peak" "$after" "$secs" "$answers"
done < <(run 64)
