#!/usr/bin/env bash
# Frontend benchmark (issue 8): what the browser app costs its users, next to a static
# reference page measured in the same run.
# - Sizes of the build as served (brotli): the first load, the largest area module, the
#   whole build.
# - In headless Chromium against the release server, every run with an empty cache:
#   bytes transferred from opening / to the signed-in overview (target <= 250 KiB), the
#   code each audience downloads for every screen it can open, time to the first
#   rendered screen for login, overview and a list in an area (target: median <= 1 s),
#   and from a click in the navigation to an area's screen (target <= 300 ms).
#   bash bench/frontend.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
. scripts/ensure-frontend-tools.sh
[ -f frontend/dist/index.html ] || bash scripts/build-frontend.sh
LOKET_TOOLS_DIR="${LOKET_TOOLS_DIR:-$HOME/.cache/loket-tools}"
[ -d "$LOKET_TOOLS_DIR/node_modules/playwright-core" ] || npm install --silent --prefix "$LOKET_TOOLS_DIR" playwright-core@1

echo "== shipped assets (frontend/dist), as served: brotli copies"
first=0; largest=0; largest_name=""; all=0
for f in $(find frontend/dist -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \) | sort); do
  raw=$(stat -c %s "$f"); br=$raw
  [ -f "$f.br" ] && br=$(stat -c %s "$f.br")
  all=$((all + br))
  case "$f" in
    */loket_bg.wasm|*/loket.js|*/boot.js|*/__wasm_split.js|*/style-*.css|*/index.html) first=$((first + br)) ;;
    */split_load_*.wasm) [ "$br" -gt "$largest" ] && largest=$br && largest_name=$(basename "$f") ;;
  esac
done
printf 'first load (page, boot, JS glue, main WASM, CSS): %d KiB (target 250 KiB)\n' $((first / 1024))
printf 'largest area module: %s, %d KiB (target 60 KiB; shared chunks come on top)\n' "$largest_name" $((largest / 1024))
printf 'whole build: %d KiB in %d files\n' $((all / 1024)) "$(find frontend/dist -type f ! -name '*.br' ! -name '*.gz' | wc -l)"

# Serve a copy of the app with a static reference page beside it.
work="$(mktemp -d)"
cp -r frontend/dist "$work/spa"
css="$(cd "$work/spa" && ls style-*.css)"
cat > "$work/spa/bench-reference.html" <<HTML
<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Loket</title><link rel="stylesheet" href="/$css"></head>
<body><main class="auth"><div class="card narrow"><p class="brand-large">Loket</p><h1>Inloggen</h1>
<form><div class="field"><label for="email">E-mailadres</label><input id="email"></div>
<div class="field"><label for="password">Wachtwoord</label><input id="password" type="password"></div>
<button class="button primary">Inloggen</button></form></div></main></body></html>
HTML
cargo build -q --release -p loket
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import sys, json; print(json.load(sys.stdin)["target_directory"])')"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
export LOKET_DATABASE_URL="sqlite://$work/loket.db?mode=rwc" LOKET_DATA_DIR="$work" LOKET_LISTEN="127.0.0.1:$port" \
  LOKET_PUBLIC_URL="http://127.0.0.1:$port" LOKET_SPA_DIR="$work/spa" RUST_LOG=warn
"$target_dir/release/loket" seed-demo > /dev/null
"$target_dir/release/loket" serve > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/readyz" > /dev/null && break; sleep 0.1; done

echo
echo "== navigation to first screen, headless Chromium, $runs cold runs each (release server, SQLite)"
# ES modules resolve packages next to the script: run it from the tools folder.
cp bench/frontend-timing.mjs "$LOKET_TOOLS_DIR/frontend-timing.mjs"
json="$(node "$LOKET_TOOLS_DIR/frontend-timing.mjs" "http://127.0.0.1:$port" "$runs")"
python3 - "$json" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
kib = lambda b: b / 1024
print(f"{'measure':<52}{'median':>9}{'p90':>9}{'min':>9}{'max':>9}")
rows = [
    ("reference", "reference: static HTML, same CSS (first paint) ms"),
    ("login", "login page: first screen ms"),
    ("overview", "overview, signed in (new tab): first screen ms"),
    ("list", "organisation list (area), new tab: first screen ms"),
    ("navigation", "overview -> audit log by the menu: screen ms"),
]
for key, label in rows:
    s = r[key]
    print(f"{label:<52}{s['median']:>9.0f}{s['p90']:>9.0f}{s['min']:>9.0f}{s['max']:>9.0f}")
b = r["bytes"]["toOverview"]
print(f"{'bytes from / to the signed-in overview KiB':<52}{kib(b['median']):>9.1f}{kib(b['p90']):>9.1f}{kib(b['min']):>9.1f}{kib(b['max']):>9.1f}")
print()
print(f"{'audience: every screen of its menu':<52}{'screens':>9}{'code KiB':>9}{'all KiB':>9}")
for audience, a in r["perAudience"].items():
    print(f"{audience:<52}{a['screens']:>9}{kib(a['code']):>9.1f}{kib(a['all']):>9.1f}")
print()
first_screen = max(r[k]["median"] for k in ("login", "overview", "list"))
checks = [
    ("bytes to the signed-in overview <= 250 KiB", kib(b["median"]) <= 250),
    (f"first screens median <= 1000 ms (worst {first_screen:.0f} ms)", first_screen <= 1000),
    (f"area after navigation median <= 300 ms ({r['navigation']['median']:.0f} ms)", r["navigation"]["median"] <= 300),
]
for label, ok in checks:
    print(f"{'within' if ok else 'OVER  '}  {label}")
PY
