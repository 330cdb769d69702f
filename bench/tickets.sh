#!/usr/bin/env bash
# Support desk benchmark (issue 9) on PostgreSQL: each figure of Loket's HTTP API beside
# PostgreSQL running the same SQL through pgbench, measured in the same run on the same
# generated data set (bench/tickets/generate.sql).
#   bash bench/tickets.sh [tickets] [orgs] [messages per ticket] [seconds per run]
#   (defaults 1000000 2000 5 20; needs PostgreSQL at 127.0.0.1:5432, pgbench, oha)
#
#   create  POST /api/v1/tickets at 64 concurrent clients (auth, validation, audit, outbox,
#           search index) vs bench/tickets/create.sql (the same writes in one transaction);
#           median of 3 alternating pairs; target >= 60 % of pgbench's throughput
#   list    a customer's first page of 50 open tickets, 8 clients and 1 client, vs
#           bench/tickets/list.sql; target throughput >= 50 %, single-client p95 <= 3x
#   search  the helpdesk's ranked search for an error code and a word, 1 client, vs
#           bench/tickets/search.sql; target p95 <= 1.5x and <= 50 ms
#   memory  the server's peak resident set (VmHWM) over the whole run; target <= 64 MB
set -euo pipefail
cd "$(dirname "$0")/.."
tickets="${1:-1000000}"
orgs="${2:-2000}"
messages="${3:-5}"
secs="${4:-20}"
. scripts/ensure-tools.sh > /dev/null
command -v pgbench > /dev/null || { echo "pgbench is missing (Debian: postgresql-client)" >&2; exit 1; }
command -v oha > /dev/null || cargo install --locked oha
. bench/lib.sh tickets
sql="$(pwd)/bench/tickets"
export LOKET_RUN_WORKER=false LOKET_DATABASE_MAX_CONNECTIONS=16
"$loket" migrate > /dev/null
"$loket" seed-demo > /dev/null
echo "generating $tickets tickets, $((tickets * messages)) messages, $orgs clients"
started=$SECONDS
psql -q "$base/$db" -v orgs="$orgs" -v tickets="$tickets" -v messages="$messages" \
  -v hash="(SELECT password_hash FROM users WHERE email = 'eigenaar@korenschoof.example')" \
  -f bench/tickets/generate.sql | tail -3
echo "generated in $((SECONDS - started)) s"

serve
token() {
  curl -fs -X POST "$url/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"Loket-demo-2026\"}" | python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])'
}

# oha's figures as "rps p95_ms p99_ms"; pgbench's from its per-transaction log.
oha_run() {
  oha --no-tui --output-format json "$@" 2> /dev/null > "$work/oha.json"
  python3 - "$work/oha.json" << 'PY'
import sys, json
r = json.load(open(sys.argv[1]))
p = r["latencyPercentiles"]
rps = r["summary"]["requestsPerSec"]
print(f"{rps:.0f} {p['p95'] * 1000:.2f} {p['p99'] * 1000:.2f}")
PY
}
pgbench_run() {
  local dir; dir="$(mktemp -d -p "$work")"
  (cd "$dir" && pgbench -n -l "$@" "$base/$db" > summary.txt 2>&1)
  python3 - "$dir" << 'PY'
import sys, glob, re
d = sys.argv[1]
summary = open(f"{d}/summary.txt").read()
tps = float(re.search(r"tps = ([0-9.]+)", summary).group(1))
lat = sorted(int(line.split()[2]) for f in glob.glob(f"{d}/pgbench_log.*") for line in open(f))
pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] / 1000
print(f"{tps:.0f} {pick(0.95):.2f} {pick(0.99):.2f}")
PY
}
row() { printf '%-34s %12s %12s %12s\n' "$@"; }
ratio() { python3 -c "print(f'{$1 / $2 * 100:.0f} %')"; }

customer="u0.klant1@bench.example"
agent="agent1@bench.example"
ticket_body='{"title":"Kassa start niet na update","description":"Sinds vanochtend start de kassa niet meer. Herstarten helpt niet.","module":"Kassa (MKAS)","error_message":"E2001: geen verbinding met de bonprinter","steps_before":"Update 26.4 geinstalleerd"}'

echo
row "" "rps/tps" "p95 ms" "p99 ms"
# Create: three alternating pairs, medians.
api_create=(); pg_create=()
for pair in 1 2 3; do
  auth="Authorization: Bearer $(token "$customer")"
  api_create+=("$(oha_run -z "${secs}s" -c 64 -m POST -H "$auth" -H 'content-type: application/json' -d "$ticket_body" "$url/api/v1/tickets")")
  pg_create+=("$(pgbench_run -c 64 -j 2 -T "$secs" -f "$sql/create.sql" -D orgs="$orgs")")
  row "create #$pair: Loket API" ${api_create[-1]}
  row "create #$pair: pgbench same writes" ${pg_create[-1]}
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
api_rps="$(median $(for r in "${api_create[@]}"; do echo "${r%% *}"; done))"
pg_tps="$(median $(for r in "${pg_create[@]}"; do echo "${r%% *}"; done))"
row "create median: API / pgbench" "$api_rps" "$pg_tps" "$(ratio "$api_rps" "$pg_tps")"

# The reads are measured on settled tables (the create runs added tens of thousands of
# tickets: vacuumed and analysed, as autovacuum would soon), each side warmed up first.
psql -q "$base/$db" -c "VACUUM (ANALYZE) tickets, ticket_messages, ticket_status_periods, ticket_search_documents, ticket_message_documents"
warm_up() {
  oha -n 20 -c 1 --no-tui -H "$1" "$2" > /dev/null 2>&1
  (cd "$work" && pgbench -n -c 1 -t 20 -f "$3" "${@:4}" "$base/$db" > /dev/null 2>&1)
}

auth="Authorization: Bearer $(token "$customer")"
warm_up "$auth" "$url/api/v1/tickets?limit=50" "$sql/list.sql" -D orgs=1
list_api="$(oha_run -z "${secs}s" -c 8 -H "$auth" "$url/api/v1/tickets?limit=50")"
list_pg="$(pgbench_run -c 8 -j 2 -T "$secs" -f "$sql/list.sql" -D orgs=1)"
row "list, 8 clients: Loket API" $list_api
row "list, 8 clients: pgbench same SELECT" $list_pg
row "list throughput API / pgbench" "" "" "$(ratio "${list_api%% *}" "${list_pg%% *}")"
list_api1="$(oha_run -n 500 -c 1 -H "$auth" "$url/api/v1/tickets?limit=50")"
list_pg1="$(pgbench_run -c 1 -t 500 -f "$sql/list.sql" -D orgs=1)"
row "list, 1 client: Loket API" $list_api1
row "list, 1 client: pgbench" $list_pg1

auth="Authorization: Bearer $(token "$agent")"
warm_up "$auth" "$url/api/v1/tickets?q=E1042%20facturen&limit=50" "$sql/search.sql"
search_api="$(oha_run -n 200 -c 1 -H "$auth" "$url/api/v1/tickets?q=E1042%20facturen&limit=50")"
search_pg="$(pgbench_run -c 1 -t 200 -f "$sql/search.sql")"
row "search, 1 client: Loket API" $search_api
row "search, 1 client: pgbench same SELECT" $search_pg

peak_kb="$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")"
row "server peak RSS (MB)" "$((peak_kb / 1024))" "" ""
