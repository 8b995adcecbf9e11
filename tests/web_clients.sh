#!/bin/sh
# One period of the tiles in MapLibre GL JS, OpenLayers, MapLibre with the pmtiles adapter and
# Leaflet (@2x), each from a page on another origin, in Debian's headless Chromium: colours at
# known counties and no console errors (tests/js/web_clients.mjs).
# Usage: web_clients.sh SCMAP OUTDIR
set -eu
scmap=$1 out=$2
here=$(cd "$(dirname "$0")/.." && pwd)
[ -x /usr/bin/chromium ] || { echo "chromium is not installed (scripts/test installs it)"; exit 1; }
[ -d "$here/web/node_modules/leaflet" ] || { echo "run npm ci in web/ (scripts/test does)"; exit 1; }
[ -d "$here/tests/js/node_modules/maplibre-gl" ] || { echo "run npm ci in tests/js/ (scripts/test does)"; exit 1; }
cd "$here/tests/js"
timeout 300 node web_clients.mjs "$scmap" "$here" "$out"
