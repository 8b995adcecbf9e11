#!/bin/sh
# TileJSON by the spec. Runs of every format (directory, @2x, PMTiles, MBTiles), with and
# without --base-url: every TileJSON passes the official schema (ajv,
# tests/js/tilejson_schema.mjs) and none is written for MBTiles.
# Usage: tilejson_schema.sh SCMAP OUTDIR
set -eu
scmap=$1 out=$2
here=$(cd "$(dirname "$0")/.." && pwd)
[ -d "$here/tests/js/node_modules/ajv" ] || { echo "run npm ci in tests/js/ (scripts/test does)"; exit 1; }
style=$here/tests/data/style_activation_sample.json
rm -rf "$out"
base=https://example.org/maps/tiles
for f in "--format dir" "--format dir --scale 2" "--format pmtiles" "--format mbtiles"; do
  d=$(echo "$f" | tr -d ' -')
  # shellcheck disable=SC2086
  "$scmap" tiles --quiet --style "$style" --zoom 0-2 $f --base-url "$base" --out "$out/abs/$d"
  # shellcheck disable=SC2086
  "$scmap" tiles --quiet --style "$style" --zoom 0-2 $f --out "$out/rel/$d"
done
cd "$here/tests/js"
# 15 periods: directory, @2x and PMTiles each have a TileJSON a period; MBTiles none.
for d in formatdir formatdirscale2 formatpmtiles; do
  node tilejson_schema.mjs "$out/abs/$d" 15 absolute
  node tilejson_schema.mjs "$out/rel/$d" 15
done
node tilejson_schema.mjs "$out/abs/formatmbtiles" 0
# The closing line tells who needs --base-url, only when it was not given.
msg=$("$scmap" tiles --style "$style" --zoom 0-1 --out "$out/msg" 2>&1)
echo "$msg" | grep -q "web clients (MapLibre, OpenLayers) need --base-url" || { echo "closing line: $msg"; exit 1; }
msg=$("$scmap" tiles --style "$style" --zoom 0-1 --base-url "$base" --out "$out/msg" 2>&1)
if echo "$msg" | grep -q "need --base-url"; then echo "closing line with --base-url: $msg"; exit 1; fi
if "$scmap" tiles --quiet --style "$style" --zoom 0-1 --base-url example.org --out "$out/msg" 2>"$out/err"; then
  echo "a relative --base-url: exit 0"; exit 1
fi
grep -q "is not absolute" "$out/err" || { cat "$out/err"; exit 1; }
echo "tilejson: ok"
