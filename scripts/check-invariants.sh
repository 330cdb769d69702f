#!/usr/bin/env bash
# Checks the architecture invariants stated in ARCHITECTURE.md.
set -euo pipefail
cd "$(dirname "$0")/.."

fail=0
# domain and api-types build for the browser.
cargo check -q --target wasm32-unknown-unknown -p loket-domain -p loket-api-types

# domain and api-types depend on no web framework, ORM or async runtime.
for crate in loket-domain loket-api-types; do
  for forbidden in actix-web actix-http sea-orm sqlx tokio; do
    if cargo tree -q -p "$crate" -e normal,build -i "$forbidden" > /dev/null 2>&1; then
      echo "invariant broken: $crate depends on $forbidden"; fail=1
    fi
  done
done

# Dependencies point one way: domain knows nothing of the other crates.
if cargo tree -q -p loket-domain -e normal --prefix none | grep -qE '^loket-(api-types|migrations|frontend) '; then
  echo "invariant broken: loket-domain depends on another Loket crate"; fail=1
fi
# The server never depends on the frontend, and migrations know nothing of the server.
if cargo tree -q -p loket-migrations -e normal --prefix none | grep -qE '^loket(-domain|-api-types)? '; then
  echo "invariant broken: migrations depend on application crates"; fail=1
fi

# Generated entities are not edited by hand: regenerated from the migrations, they come
# out exactly as committed.
generated="$(mktemp -d)"
bash scripts/generate-entities.sh "$generated/entities"
if ! diff -ru crates/api/src/db/entities "$generated/entities"; then
  echo "invariant broken: db/entities differ from what the migrations generate (run \`just entities\`)"; fail=1
fi
rm -rf "$generated"
# Changes go through services::write::Write, which cannot commit without an audit
# entry. The one other transaction is the refresh-token rotation in services/auth.rs:
# session bookkeeping, not a change of anyone's data.
for file in crates/api/src/services/*.rs; do
  case "$file" in */write.rs) continue ;; esac
  opened="$(grep -c '\.begin()' "$file" || true)"
  allowed=0
  case "$file" in */auth.rs) allowed=1 ;; esac
  if [ "$opened" -gt "$allowed" ]; then
    echo "invariant broken: $file opens a transaction outside services::write::Write"; fail=1
  fi
done
# Handlers reach the database only through services.
if grep -nE '(crate::db|state\.db|\bdb::)' crates/api/src/routes/*.rs; then
  echo "invariant broken: a route module uses the database directly"; fail=1
fi
# The browser app loads with resources and writes with actions (components/load.rs), so
# a late answer never overwrites a newer one and leaving a screen cancels its loads. The
# one detached task restores the session when the app starts (session.rs).
if grep -rn 'spawn_local' frontend/src --include='*.rs' | grep -v '^frontend/src/session.rs:'; then
  echo "invariant broken: a screen starts a detached task (use LocalResource, Submit or an Action)"; fail=1
fi
[ "$fail" = 0 ] && echo "architecture invariants hold"
exit $fail
