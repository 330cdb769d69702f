#!/usr/bin/env bash
# Starts Loket with demo data on SQLite (no other service needed) and prints the URL
# and the demo logins. Data lives in ./data; delete that folder to start afresh.
# The first run builds everything; later runs take seconds. On the first run the server
# compiles in the background ("[server]" lines) while the browser app's build tools
# install, so the two minutes-long jobs share the machine instead of queueing.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[demo] %s\n' "$*"; }
started=$SECONDS

first_time=""
[ -x "${CARGO_TARGET_DIR:-target}/debug/loket" ] || first_time=1
if [ -n "$first_time" ]; then
  say "compiling the server in the background (the first time about 5 minutes on 2 cores)"
fi
(cargo build -p loket 2>&1 | sed -u 's/^/[server] /') &
server_build=$!

# The browser app: built when missing or older than its sources.
stale=""
if [ ! -f frontend/dist/index.html ]; then
  stale="not built yet"
elif [ -n "$(find frontend/src frontend/locales frontend/style.css frontend/boot.js frontend/index.release.html \
  -newer frontend/dist/index.html -print -quit 2> /dev/null)" ]; then
  stale="older than its sources"
fi
if [ -n "$stale" ]; then
  say "building the browser app ($stale); the first time installs its build tools (wasm-split, wasm-bindgen) while the server compiles"
  bash scripts/ensure-frontend-tools.sh || { say "the app's build tools could not be installed; serving the API only."; stale=""; }
fi
# The app compiles after the server: both use the one build folder, which cargo locks.
wait "$server_build" || { say "the server did not compile (see the [server] lines above)"; exit 1; }
if [ -n "$stale" ]; then
  bash scripts/build-frontend.sh | grep --line-buffered -v '^ \+[0-9]\+  \./' \
    || say "the browser app could not be built; serving the API only."
fi

[ -n "$first_time$stale" ] && say "built in $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
exec cargo run -q -p loket -- demo
