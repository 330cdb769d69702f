#!/usr/bin/env bash
# Starts Loket with demo data on SQLite (no other service needed) and prints the URL
# and the demo logins. Data lives in ./data; delete that folder to start afresh.
# The first run builds everything (about 10 minutes on 2 cores); later runs take seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[demo] %s\n' "$*"; }

# The browser app: built when missing or older than its sources.
stale=""
if [ ! -f frontend/dist/index.html ]; then
  stale="not built yet"
elif [ -n "$(find frontend/src frontend/locales frontend/style.css frontend/boot.js frontend/index.release.html \
  -newer frontend/dist/index.html -print -quit 2> /dev/null)" ]; then
  stale="older than its sources"
fi
if [ -n "$stale" ]; then
  say "building the browser app ($stale); the first time installs its build tools and takes about 6 minutes"
  bash scripts/build-frontend.sh | grep -v '^ \+[0-9]\+  \./' || say "the browser app could not be built; serving the API only."
fi

if [ ! -x "${CARGO_TARGET_DIR:-target}/debug/loket" ]; then
  say "compiling the server (about 3 minutes the first time)"
fi
exec cargo run -p loket -- demo
