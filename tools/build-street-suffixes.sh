#!/usr/bin/env bash
# Rebuilds bulk-processors/src/main/resources/dev/bulkestate/processors/address/street-suffixes.tsv
# from the USPS Publication 28 suffix table shipped in the npm package street-types (MIT).
# Needs node and npm. The package is installed into a temporary directory, never committed.
set -euo pipefail
VERSION="${STREET_TYPES_VERSION:-1.0.1}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/bulk-processors/src/main/resources/dev/bulkestate/processors/address/street-suffixes.tsv"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm init -y >/dev/null && npm install --ignore-scripts --no-audit --no-fund "street-types@$VERSION" >/dev/null)
mkdir -p "$(dirname "$OUT")"
node "$ROOT/tools/build-street-suffixes.mjs" "$WORK/node_modules/street-types" "$OUT"
