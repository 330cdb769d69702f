#!/usr/bin/env bash
# Starts Loket with demo data on SQLite (no other service needed) and prints the URL
# and the demo logins. Data lives in ./data; delete that folder to start afresh.
# The first run builds everything (about 16 minutes on 2 cores, most of it compiling
# the server and the app's two build tools); later runs take seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[demo] %s\n' "$*"; }
started=$SECONDS

# The browser app: built when missing or older than its sources.
stale=""
if [ ! -f frontend/dist/index.html ]; then
  stale="not built yet"
elif [ -n "$(find frontend/src frontend/locales frontend/style.css frontend/boot.js frontend/index.release.html \
  -newer frontend/dist/index.html -print -quit 2> /dev/null)" ]; then
  stale="older than its sources"
fi
if [ -n "$stale" ]; then
  say "building the browser app ($stale); the first time installs its build tools (about 7 minutes) and compiles the app (about 3)"
  bash scripts/build-frontend.sh | grep --line-buffered -v '^ \+[0-9]\+  \./' \
    || say "the browser app could not be built; serving the API only."
fi

built=""
if [ ! -x "${CARGO_TARGET_DIR:-target}/debug/loket" ]; then
  say "compiling the server (about 6 minutes the first time)"
  cargo build -p loket
  built=1
fi
[ -n "$stale$built" ] && say "built in $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
exec cargo run -q -p loket -- demo
