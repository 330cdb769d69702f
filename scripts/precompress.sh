#!/usr/bin/env bash
# Writes brotli (.br) and gzip (.gz) copies next to every compressible file under a folder,
# so the server sends them as they are (by Accept-Encoding) instead of compressing per
# request. Uses Node's zlib (Node comes with npm, which the frontend tools need); gzip
# alone when Node is missing. Copies that would not be smaller are not kept.
#   bash scripts/precompress.sh frontend/dist
set -euo pipefail
dir="$1"
if command -v node > /dev/null; then
  node - "$dir" <<'JS'
const fs = require("fs"), path = require("path"), zlib = require("zlib");
const compressible = /\.(wasm|js|css|html|svg|json)$/;
const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
  const full = path.join(dir, entry.name);
  return entry.isDirectory() ? walk(full) : [full];
});
for (const file of walk(process.argv[2]).filter((f) => compressible.test(f))) {
  const raw = fs.readFileSync(file);
  const copies = {
    ".br": zlib.brotliCompressSync(raw, { params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    } }),
    ".gz": zlib.gzipSync(raw, { level: 9 }),
  };
  for (const [suffix, data] of Object.entries(copies)) {
    if (data.length < raw.length) fs.writeFileSync(file + suffix, data);
  }
}
JS
else
  find "$dir" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' \) \
    -exec gzip -9 -k -f {} \;
fi
