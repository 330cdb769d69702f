#!/usr/bin/env bash
# Client import benchmark (issue 11) on PostgreSQL: a 10,000-row XLSX through the full
# path — upload (read at once, stored), the worker's check of every row (kept in chunks
# with progress), commit (every client and the firm's record written and audited in one
# transaction) — timed from the upload to `committed`, beside a plain multi-row INSERT of
# the same clients under other numbers (organisations + client_records, no checks, no
# audit) by psql in the same run. Three runs each, fresh numbers each time, medians in
# rows/s.
#   bash bench/client-import.sh [rows]   (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-10000}"
. scripts/ensure-tools.sh > /dev/null
python="$LOKET_TEST_PYTHON"
"$python" -c "import xlsxwriter" 2> /dev/null || "${python%/*}/pip" install --quiet "XlsxWriter>=3,<4"
. bench/lib.sh import
"$loket" migrate > /dev/null
"$loket" seed-demo > /dev/null
serve
json() { python3 -c "import sys, json; print(json.load(sys.stdin)$1)"; }
token="$(curl -fs -X POST "$url/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"admin@vandijk.example","password":"Loket-demo-2026"}' | json '["access_token"]')"
auth="Authorization: Bearer $token"
firm="$(curl -fs "$url/api/v1/me" -H "$auth" | json '["organisation"]["id"]')"
now() { python3 -c 'import time; print(time.monotonic())'; }
# Waits until the import is in status $2; prints the seconds waited.
until_status() {
  local started; started="$(now)"
  for _ in $(seq 1 12000); do
    status="$(curl -fs "$url/api/v1/client-imports/$1" -H "$auth" | json '["status"]')"
    [ "$status" = "$2" ] && { python3 -c "print($(now) - $started)"; return; }
    [ "$status" = failed ] && { echo "import $1 failed" >&2; exit 1; }
    sleep 0.05
  done
  echo "import $1 never became $2" >&2; exit 1
}
row() { printf '%-44s %10s %10s %10s\n' "$@"; }
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }

echo "$rows clients per run, PostgreSQL, $(nproc) cores"
row "" "seconds" "rows/s" "check s"
full=(); plain=()
for run in 1 2 3; do
  # The workbook for the full path (B…), and the plain INSERT of the same clients as P….
  "$python" bench/client_import_data.py "$rows" "B$run" "$firm" "$work/clients-$run.xlsx" /dev/null
  "$python" bench/client_import_data.py "$rows" "P$run" "$firm" "$work/unused.xlsx" "$work/plain-$run.sql"
  started="$(now)"
  id="$(curl -fs -X POST "$url/api/v1/client-imports" -H "$auth" -F "file=@$work/clients-$run.xlsx" | json '["id"]')"
  check="$(until_status "$id" ready)"
  curl -fs -X POST "$url/api/v1/client-imports/$id/commit" -H "$auth" -H 'content-type: application/json' -d '{}' > /dev/null
  until_status "$id" committed > /dev/null
  seconds="$(python3 -c "print(f'{$(now) - $started:.2f}')")"
  created="$(curl -fs "$url/api/v1/client-imports/$id" -H "$auth" | json '["created_count"]')"
  [ "$created" = "$rows" ] || { echo "run $run created $created of $rows" >&2; exit 1; }
  started="$(now)"
  psql -q "$base/$db" -f "$work/plain-$run.sql" > /dev/null
  plain_seconds="$(python3 -c "print(f'{$(now) - $started:.2f}')")"
  rate() { python3 -c "print(f'{$rows / $1:.0f}')"; }
  row "#$run XLSX upload -> checked -> committed" "$seconds" "$(rate "$seconds")" "$(printf '%.2f' "$check")"
  row "#$run plain INSERT of the same rows (psql)" "$plain_seconds" "$(rate "$plain_seconds")" ""
  full+=("$(rate "$seconds")"); plain+=("$(rate "$plain_seconds")")
done
f="$(median "${full[@]}")"; p="$(median "${plain[@]}")"
row "median full path" "" "$f" ""
row "median plain INSERT" "" "$p" ""
row "full path / plain INSERT" "" "$(python3 -c "print(f'{$f / $p * 100:.1f} %')")" ""
