#!/usr/bin/env bash
# Partner intake benchmark (issue 10) on PostgreSQL: install requests filed by a partner
# system with an API key and a fresh Idempotency-Key each (claim the key, check every
# field, number the case, keep its first version, timeline, audit, webhook and e-mails in
# the outbox, store the answer under the key) beside support tickets filed by a customer
# (the create of bench/tickets.sh), both driven by the same load generator in the same
# run: three alternating pairs, medians. Target: intake throughput >= 80 % of ticket create.
# Also prints retries (the same key and body again: the stored first answer).
#   bash bench/intake.sh [seconds per run] [concurrent clients]   (defaults 15 32)
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-15}"
clients="${2:-32}"
. scripts/ensure-tools.sh > /dev/null
. bench/lib.sh intake
export LOKET_RUN_WORKER=false LOKET_DATABASE_MAX_CONNECTIONS=16
"$loket" migrate > /dev/null
"$loket" seed-demo > /dev/null
serve
json() { python3 -c "import sys, json; print(json.load(sys.stdin)$1)"; }
token() {
  curl -fs -X POST "$url/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"Loket-demo-2026\"}" | json '["access_token"]'
}
partner_token="$(token admin@noordbank.example)"
bank_id="$(curl -fs "$url/api/v1/me" -H "Authorization: Bearer $partner_token" | json '["organisation"]["id"]')"
key="$(curl -fs -X POST "$url/api/v1/api-keys" -H "Authorization: Bearer $partner_token" -H 'content-type: application/json' \
  -d "{\"organisation_id\":\"$bank_id\",\"name\":\"bench\",\"scopes\":[\"install_requests:read\",\"install_requests:write\"]}" \
  | json '["secret"]')"

cat > "$work/ticket.json" << 'JSON'
{"title":"Kassa start niet na update","description":"Sinds vanochtend start de kassa niet meer. Herstarten helpt niet.","module":"Kassa (MKAS)","error_message":"E2001: geen verbinding met de bonprinter","steps_before":"Update 26.4 geinstalleerd"}
JSON
cat > "$work/intake.json" << 'JSON'
{"company":{"name":"Visserij De Haven B.V.","coc_number":"87654321","vat_number":"NL001234567B01","address":{"street":"Havenweg","house_number":"3","postcode":"8321 AB","city":"Urk","country":"NL"}},"contacts":{"general":{"name":"Hein Visser","email":"hein@dehaven.example","phone":"0527 123 456"},"technical":{"name":"Ties Visser","email":"ties@dehaven.example","phone":"06 1234 5678"}},"accounting_package":{"kind":"other","name":"Visboek"},"partner_fields":{"bank_reference":"NB-2026-9999"},"remarks":"Graag installeren voor de jaarafsluiting."}
JSON
load() { python3 bench/intake_load.py "$@"; }
row() { printf '%-40s %10s %10s %10s %8s\n' "$@"; }
ratio() { python3 -c "print(f'{$1 / $2 * 100:.0f} %')"; }
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }

# Both sides warmed up.
load "$url/api/v1/tickets" "Authorization: Bearer $(token eigenaar@korenschoof.example)" "$work/ticket.json" 2 4 > /dev/null
load "$url/api/v1/install-requests" "X-Api-Key: $key" "$work/intake.json" 2 4 idempotent > /dev/null

echo "$clients concurrent clients, $secs s per run, PostgreSQL, $(nproc) cores"
row "" "req/s" "p50 ms" "p99 ms" "errors"
tickets=(); intake=(); intake_p99=(); ticket_p99=()
for pair in 1 2 3; do
  t="$(load "$url/api/v1/tickets" "Authorization: Bearer $(token eigenaar@korenschoof.example)" "$work/ticket.json" "$secs" "$clients")"
  i="$(load "$url/api/v1/install-requests" "X-Api-Key: $key" "$work/intake.json" "$secs" "$clients" idempotent)"
  row "#$pair ticket create (customer, bearer)" $t
  row "#$pair install request + Idempotency-Key" $i
  read -r rps _ p99 _ <<< "$t"; tickets+=("$rps"); ticket_p99+=("$p99")
  read -r rps _ p99 _ <<< "$i"; intake+=("$rps"); intake_p99+=("$p99")
done
t_rps="$(median "${tickets[@]}")"; i_rps="$(median "${intake[@]}")"
row "median ticket create" "$t_rps" "" "$(median "${ticket_p99[@]}")" ""
row "median install request (idempotent)" "$i_rps" "" "$(median "${intake_p99[@]}")" ""
row "intake / ticket create (target >= 80 %)" "$(ratio "$i_rps" "$t_rps")" "" "" ""

# Retries: one key and body sent again and again answer the stored first response.
retry_key="bench-retry-$$"
curl -fs -o /dev/null -X POST "$url/api/v1/install-requests" -H "X-Api-Key: $key" -H "Idempotency-Key: $retry_key" \
  -H 'content-type: application/json' --data-binary @"$work/intake.json"
r="$(python3 - "$url" "$key" "$work/intake.json" "$retry_key" "$secs" << 'PY'
import http.client, sys, time, urllib.parse
url, key, body_file, retry, secs = sys.argv[1:6]
target = urllib.parse.urlsplit(url)
body = open(body_file, "rb").read()
conn = http.client.HTTPConnection(target.hostname, target.port)
lat, deadline = [], time.monotonic() + float(secs) / 3
start = time.monotonic()
while time.monotonic() < deadline:
    t = time.monotonic()
    conn.request("POST", "/api/v1/install-requests", body,
                 {"content-type": "application/json", "X-Api-Key": key, "Idempotency-Key": retry})
    r = conn.getresponse(); r.read()
    assert r.getheader("Idempotent-Replayed") == "true", r.status
    lat.append(time.monotonic() - t)
lat.sort()
print(f"{len(lat) / (time.monotonic() - start):.0f} {lat[len(lat) // 2] * 1000:.2f} {lat[int(0.99 * len(lat))] * 1000:.2f} 0")
PY
)"
row "retry (same key and body), 1 client" $r
peak_kb="$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")"
row "server peak RSS (MB)" "$((peak_kb / 1024))" "" "" ""
