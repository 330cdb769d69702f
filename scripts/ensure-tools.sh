#!/usr/bin/env bash
# Installs what the test suite needs and is missing. Safe to run repeatedly; tools are
# kept outside the checkout (in $LOKET_TOOLS_DIR, default ~/.cache/loket-tools).
# Source it (`. scripts/ensure-tools.sh`) to get the tools on PATH.
set -euo pipefail

LOKET_TOOLS_DIR="${LOKET_TOOLS_DIR:-$HOME/.cache/loket-tools}"
mkdir -p "$LOKET_TOOLS_DIR"

say() { printf '[ensure-tools] %s\n' "$*"; }

# Rust: the toolchain and wasm target come from rust-toolchain.toml via rustup.
command -v cargo > /dev/null || { say "cargo is missing: install rustup from https://rustup.rs"; exit 1; }
rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
cargo nextest --version > /dev/null 2>&1 || { say "installing cargo-nextest"; cargo install cargo-nextest --locked; }

# sea-orm-cli regenerates the entities, so the invariants check can compare them.
if ! sea-orm-cli --version 2> /dev/null | grep -q '2.0.4'; then
  say "installing sea-orm-cli 2.0.4 (PostgreSQL only)"
  cargo install sea-orm-cli --version 2.0.4 --locked --no-default-features \
    --features codegen,sqlx-postgres,runtime-tokio
fi

# Python tools (schemathesis for the API fuzz run) in a virtualenv of their own.
venv="$LOKET_TOOLS_DIR/venv"
# schemathesis fuzzes the API; aiosmtpd is the tests' SMTP server; standardwebhooks is
# the reference implementation the webhook tests verify signatures with; moto in server
# mode is the S3-compatible store the attachment tests write to;
# openapi-python-client generates the partner SDK the partner-integration test runs.
if ! "$venv/bin/python" -c "import schemathesis, aiosmtpd, standardwebhooks, moto.server, openapi_python_client" 2> /dev/null; then
  say "installing schemathesis, aiosmtpd, standardwebhooks, moto and openapi-python-client into $venv"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --upgrade pip
  "$venv/bin/pip" install --quiet "schemathesis>=4,<5" "aiosmtpd>=1.4,<2" "standardwebhooks>=1.0,<2" \
    "moto[s3,server]>=5,<6" "openapi-python-client>=0.29,<0.30"
fi
export LOKET_TEST_PYTHON="$venv/bin/python"
export SCHEMATHESIS="$venv/bin/st"
export PATH="$venv/bin:$PATH"

# The browser app's build tools (wasm-split-cli, wasm-bindgen-cli, wasm-opt).
. "$(dirname "${BASH_SOURCE[0]}")/ensure-frontend-tools.sh"

# axe-core, the accessibility engine the browser tests run on every screen (npm).
if [ ! -f "$LOKET_TOOLS_DIR/node_modules/axe-core/axe.min.js" ]; then
  say "installing axe-core 4 with npm"
  npm install --silent --prefix "$LOKET_TOOLS_DIR" axe-core@4
fi
export LOKET_AXE_JS="$LOKET_TOOLS_DIR/node_modules/axe-core/axe.min.js"

# pdftotext (Debian's poppler-utils) reads the PDFs Loket makes back in the tests, as a
# person at the printer would.
if ! command -v pdftotext > /dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    say "installing poppler-utils (pdftotext)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils > /dev/null
  else
    say "the PDF tests need pdftotext: sudo apt-get install poppler-utils"
    exit 1
  fi
fi

# Chromium and chromedriver for the browser tests (Debian packages).
if ! command -v chromedriver > /dev/null || ! command -v chromium > /dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    say "installing chromium and chromium-driver"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver > /dev/null
  else
    say "the browser tests need chromium and chromedriver: sudo apt-get install chromium chromium-driver"
    exit 1
  fi
fi

# PostgreSQL: every database test also runs on it.
pg_url="${LOKET_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if command -v pg_isready > /dev/null && ! pg_isready -q -d "$pg_url"; then
  if command -v pg_ctlcluster > /dev/null && [ "$(id -u)" = 0 ]; then
    say "starting the local PostgreSQL cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
fi
if command -v pg_isready > /dev/null && ! pg_isready -q -d "$pg_url"; then
  say "PostgreSQL is not reachable at $pg_url."
  say "Start one (e.g. \`docker compose up -d postgres\`) or set LOKET_TEST_POSTGRES_URL."
  exit 1
fi
