#!/usr/bin/env bash
# Builds the browser app into frontend/dist: release, size-tuned, split into a module per
# area (frontend/src/areas.rs), offline. The steps Trunk cannot run are done here:
#   cargo (with relocations kept) → wasm-split → wasm-bindgen → wasm-opt per module →
#   everything of one build under /pkg-<hash>/ (cached for a year) → index.html (no-cache)
#   → brotli and gzip copies of every asset, served by Accept-Encoding.
# `just frontend-dev` still uses Trunk (one bundle, live reload).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure-frontend-tools.sh
say() { printf '[build-frontend] %s\n' "$*"; }

target_dir="${CARGO_TARGET_DIR:-$PWD/target}"
dist=frontend/dist
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

say "compiling the browser app for wasm32 (release; about 3 minutes the first time, seconds after)"
# Relocations let wasm-split move each area's functions into a module of its own; only the
# app's final link needs them, so dependencies keep their cached builds.
cargo rustc -p loket-frontend --target wasm32-unknown-unknown --profile wasm-split --features split \
  --bin loket-frontend -- -Clink-args=--emit-relocs
wasm="$target_dir/wasm32-unknown-unknown/wasm-split/loket-frontend.wasm"

say "splitting into modules per area"
wasm-split-cli "$wasm" "$stage/split" --out-name loket
say "generating the JavaScript bindings"
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle --out-name loket \
  --out-dir "$stage/split" "$stage/split/loket.wasm"
rm "$stage/split/loket.wasm"

if command -v wasm-opt > /dev/null; then
  say "optimising each module with wasm-opt -Oz ($(ls "$stage"/split/*.wasm | wc -l) modules, $(nproc) at a time)"
  # (wasm-opt does not know the linker's name subsection 3 and says so per module.)
  find "$stage/split" -name '*.wasm' -print0 | xargs -0 -P "$(nproc)" -I{} sh -c \
    'wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
       --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue "$1" -o "$1" 2>&1 \
       | grep -v "unknown name subsection" >&2 || true' _ {}
else
  say "wasm-opt is missing: the modules stay unoptimised (larger download)"
fi

# One folder per build, named by its content: a tab open across a deploy keeps asking
# for its own build's files, and gets a clear 404 once they are gone.
build_id="$( (find "$stage/split" -type f -print0 | sort -z | xargs -0 cat; cat frontend/boot.js) | sha256sum | cut -c1-16)"
pkg="pkg-$build_id"
css="style-$(sha256sum frontend/style.css | cut -c1-16).css"
icon="favicon-$(sha256sum frontend/favicon.svg | cut -c1-16).svg"

rm -rf "$dist"
mkdir -p "$dist"
mv "$stage/split" "$dist/$pkg"
cp frontend/boot.js "$dist/$pkg/boot.js"
cp frontend/style.css "$dist/$css"
cp frontend/favicon.svg "$dist/$icon"
sed -e "s|@PKG@|$pkg|g" -e "s|@CSS@|$css|g" -e "s|@ICON@|$icon|g" frontend/index.release.html > "$dist/index.html"

say "compressing the assets (brotli and gzip)"
bash scripts/precompress.sh "$dist"

say "built $dist:"
( cd "$dist" && find . -type f ! -name '*.br' ! -name '*.gz' -printf '%10s  %p\n' | sort -k2 )
