#!/usr/bin/env bash
# Starts Loket with demo data on SQLite (no other service needed) and prints the URL
# and the demo logins. Data lives in ./data; delete that folder to start afresh.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f scripts/build-frontend.sh ] && [ ! -f frontend/dist/index.html ]; then
  bash scripts/build-frontend.sh || echo "The browser app could not be built; serving the API only."
fi
exec cargo run -q -p loket -- demo
