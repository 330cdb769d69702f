#!/usr/bin/env bash
# Makes wasm-split, wasm-bindgen-cli and wasm-opt (and Trunk, for live reload) available (sourced by the build scripts).
# Nothing is downloaded at build time: each tool is built or installed from a registry.
set -euo pipefail
LOKET_TOOLS_DIR="${LOKET_TOOLS_DIR:-$HOME/.cache/loket-tools}"
mkdir -p "$LOKET_TOOLS_DIR"
say() { printf '[frontend-tools] %s\n' "$*"; }

rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
# Trunk serves the app with live reload while developing (`just frontend-dev`, which sets
# LOKET_WANT_TRUNK=1); the release build (scripts/build-frontend.sh) does not need it.
if [ "${LOKET_WANT_TRUNK:-0}" = 1 ] && ! trunk --version 2>/dev/null | grep -q '0.21.14'; then
  say "installing trunk 0.21.14 for live reload (about 8 minutes, once)"
  cargo install trunk --locked --version 0.21.14
fi
# wasm-split moves each area of the app into a module of its own (frontend/src/areas.rs).
if ! wasm-split-cli --help > /dev/null 2>&1; then
  say "installing wasm-split-cli 0.2.4 (about 2 minutes, once)"
  cargo install wasm_split_cli_support --version 0.2.4 --locked --features build-binary
fi
# The CLI must equal the wasm-bindgen version in Cargo.lock; its own lockfile names a
# crate the registry lacks, hence no --locked.
if ! wasm-bindgen --version 2>/dev/null | grep -q '0.2.130'; then
  say "installing wasm-bindgen-cli 0.2.130 (about 4 minutes, once)"
  cargo install wasm-bindgen-cli --version 0.2.130
fi
# wasm-opt from binaryen 132 via npm (Debian's 108 breaks wasm-bindgen's output).
# Without npm the app is built unoptimised: it works, only larger.
if [ ! -x "$LOKET_TOOLS_DIR/node_modules/.bin/wasm-opt" ]; then
  if command -v npm > /dev/null; then
    say "installing binaryen 132 (wasm-opt) with npm"
    npm install --silent --prefix "$LOKET_TOOLS_DIR" binaryen@132
  else
    say "npm is missing: the browser app will be built without wasm-opt (larger download)"
  fi
fi
export PATH="$LOKET_TOOLS_DIR/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
