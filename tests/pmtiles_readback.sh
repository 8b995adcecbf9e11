#!/bin/sh
# Renders the sample style as a directory and as PMTiles, then reads the PMTiles back with
# the pmtiles npm package (tests/js) and compares every tile with the directory's.
# Usage: pmtiles_readback.sh SCMAP OUTDIR
set -eu
scmap=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null 2>&1; then
  echo "node is not installed (scripts/test installs it)"; exit 1
fi
if [ ! -d "$here/js/node_modules/pmtiles" ]; then
  (cd "$here/js" && npm ci --no-audit --no-fund --silent) || { echo "npm ci failed in tests/js"; exit 1; }
fi
rm -rf "$out"
"$scmap" tiles --quiet --style "$here/data/style_activation_sample.json" --zoom 0-7 --jobs 2 --out "$out"
"$scmap" tiles --quiet --style "$here/data/style_activation_sample.json" --zoom 0-7 --jobs 2 --format pmtiles --out "$out"
for p in 2008Q4 2010Q3 2012Q2; do
  node "$here/js/pmtiles_readback.mjs" "$out/activation-sample/$p.pmtiles" "$out/activation-sample/$p"
done
