#!/usr/bin/env bash
# Outbox benchmark: e-mail jobs delivered per second by `loket worker` processes (1 and 2)
# from PostgreSQL to a local SMTP server (aiosmtpd), beside a reference measured in the
# same run: the same number of messages sent straight to the same server with smtplib
# over 1 and 2 connections (no queue, no database).
#   bash bench/outbox.sh [jobs]        (default 2000; needs PostgreSQL at 127.0.0.1:5432)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${1:-2000}"
. scripts/ensure-tools.sh > /dev/null
python="$LOKET_TEST_PYTHON"
admin="${LOKET_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
base="${admin%/*}"
db="loket_bench_$$"
work="$(mktemp -d)"
cargo build -q --release -p loket
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import sys, json; print(json.load(sys.stdin)["target_directory"])')"
loket="$target_dir/release/loket"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"

psql -q "$admin" -c "CREATE DATABASE $db"
sink_pid=""
cleanup() {
  [ -n "$sink_pid" ] && kill "$sink_pid" 2> /dev/null || true
  pkill -f "loket-bench-$$" 2> /dev/null || true
  psql -q "$admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$work"
}
trap cleanup EXIT
export LOKET_DATABASE_URL="$base/$db" LOKET_DATA_DIR="$work" RUST_LOG=warn
"$loket" migrate

"$python" crates/api/tests/support/smtp_sink.py --port "$port" --dir "$work/sink" &
sink_pid=$!
for _ in $(seq 1 200); do [ -f "$work/sink/ready" ] && break; sleep 0.05; done

queue_jobs() {
  psql -q "$base/$db" -c "DELETE FROM outbox_jobs" -c "
    INSERT INTO outbox_jobs (id, kind, status, payload, summary, attempts, max_attempts, run_at, created_at, updated_at)
    SELECT gen_random_uuid(), 'email', 'pending',
           json_build_object('type', 'email', 'to_name', 'Ontvanger ' || i, 'to', 'r' || i || '@bench.example',
                             'subject', 'Uitnodiging voor Loket', 'language', 'nl',
                             'text', 'Beste ontvanger, kies een wachtwoord via de link.',
                             'html', '<p>Beste ontvanger,</p><p>Kies een wachtwoord via de link.</p>')::text,
           'r' || i || '@bench.example', 0, 12, now(), now(), now()
    FROM generate_series(1, $jobs) AS i"
}

run_workers() {
  local count=$1
  queue_jobs
  local started; started=$(date +%s.%N)
  for n in $(seq 1 "$count"); do
    LOKET_SMTP_URL="smtp://127.0.0.1:$port" LOKET_WORKER_POLL_MS=20 LOKET_WORKER_BATCH=50 \
      LOKET_DATABASE_MAX_CONNECTIONS=4 HOSTNAME="loket-bench-$$" \
      bash -c "exec -a loket-bench-$$ $loket worker" &
  done
  while [ "$(psql -tA "$base/$db" -c "SELECT count(*) FROM outbox_jobs WHERE status = 'sent'")" -lt "$jobs" ]; do
    sleep 0.05
  done
  local ended; ended=$(date +%s.%N)
  pkill -f "loket-bench-$$" || true
  wait 2> /dev/null || true
  python3 -c "print(f'{$jobs / ($ended - $started):.1f}')"
}

echo "== outbox delivery to a local SMTP server, $jobs e-mail jobs, PostgreSQL, release build"
one=$(run_workers 1)
two=$(run_workers 2)
ref_one=$("$python" bench/smtp_blast.py "$port" "$jobs" 1)
ref_two=$("$python" bench/smtp_blast.py "$port" "$jobs" 2)
printf '%-58s %12s\n' "" "messages/s"
printf '%-58s %12s\n' "loket worker x1 (claim, deliver, record; batch 50)" "$one"
printf '%-58s %12s\n' "loket worker x2" "$two"
printf '%-58s %12s\n' "reference: smtplib straight to the server, 1 connection" "$ref_one"
printf '%-58s %12s\n' "reference: smtplib straight to the server, 2 connections" "$ref_two"
delivered=$(ls "$work/sink" | grep -c '\.eml$' || true)
echo "messages received by the server over all four runs: $delivered (expected $((jobs * 4)))"
