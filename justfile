# Loket's developer verbs. `just --list` shows them.

set shell := ["bash", "-euo", "pipefail", "-c"]

# Start Loket with demo data on SQLite and print the logins.
demo:
    bash scripts/demo.sh

# Run the HTTP server and the worker with the current configuration.
serve:
    cargo run -p loket -- serve

# Apply database migrations.
migrate:
    cargo run -p loket -- migrate

# Run the whole test suite (what CI runs).
test:
    bash scripts/test.sh

# Unit and integration tests only (SQLite and PostgreSQL).
unit:
    cargo nextest run --workspace

# Fuzz the API with schemathesis as the given demo user, on sqlite or postgres.
fuzz user="beheer@loket.example" backend="sqlite":
    bash scripts/fuzz-api.sh {{user}} {{backend}}

# Build the browser app into frontend/dist (served by `loket serve`).
frontend:
    bash scripts/build-frontend.sh

# Work on the browser app: live reload on :8081, /api proxied to a Loket on :8080
# (run `just demo` or `just serve` beside it).
frontend-dev:
    LOKET_WANT_TRUNK=1 . scripts/ensure-frontend-tools.sh && cd frontend && trunk serve --open=false

# Browser tests only (builds the app first).
browser: frontend
    cargo nextest run -p loket --test browser

# Frontend benchmark: asset sizes and time to first screen.
bench-frontend runs="10":
    bash bench/frontend.sh {{runs}}

# Format the code.
fmt:
    cargo fmt --all

# Lint as CI does.
lint:
    cargo clippy --all-targets -- -D warnings
    bash scripts/check-invariants.sh

# Write the OpenAPI document to openapi/openapi.json (commit it).
openapi:
    cargo run -q -p loket -- openapi > openapi/openapi.json

# Regenerate the sea-orm entities from the migrations.
entities:
    bash scripts/generate-entities.sh

# Throw away the local demo database and mail.
reset:
    rm -rf data
