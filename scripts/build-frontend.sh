#!/usr/bin/env bash
# Builds the browser app into frontend/dist (release, size-tuned, offline).
# Installs Trunk, wasm-bindgen-cli and wasm-opt first when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure-frontend-tools.sh
cd frontend
if command -v wasm-opt > /dev/null; then
  trunk build --release --offline
else
  # No wasm-opt: build a copy of index.html without the optimisation step.
  sed 's/ data-wasm-opt="[^"]*"//; s/ data-wasm-opt-params="[^"]*"//' index.html > .index-noopt.html
  trunk build --release --offline .index-noopt.html
fi
echo "built frontend/dist:"; ls -la dist
