#!/bin/sh
# The viewer in a real browser: tiles and a viewer for the sample style, and for a style full of
# hostile markup, served over HTTP on 127.0.0.1 and opened in Debian's headless Chromium by
# tests/js/viewer_browser.mjs.
# Usage: viewer_browser.sh SCMAP OUTDIR
set -eu
scmap=$1 out=$2
here=$(cd "$(dirname "$0")/.." && pwd)
[ -x /usr/bin/chromium ] || { echo "chromium is not installed (scripts/test installs it)"; exit 1; }
[ -d "$here/web/node_modules/leaflet" ] || { echo "run npm ci in web/ (scripts/test does)"; exit 1; }
[ -d "$here/tests/js/node_modules/playwright-core" ] || { echo "run npm ci in tests/js/ (scripts/test does)"; exit 1; }
rm -rf "$out"
"$scmap" tiles --quiet --style "$here/tests/data/style_activation_sample.json" --zoom 0-6 --out "$out/tiles"
"$scmap" stats --quiet --style "$here/tests/data/style_activation_sample.json" -o /dev/null
# The viewer draws the embed's still from styles/<name>.json: give it the sample style there.
mkdir -p "$out/cwd/styles"
python3 - "$here/tests/data/style_activation_sample.json" "$out/cwd/styles/activation-sample.json" <<'PY'
import json, os, sys
s = json.load(open(sys.argv[1]))
s["data"] = {k: os.path.join(os.path.dirname(sys.argv[1]), v) for k, v in s["data"].items()}
json.dump(s, open(sys.argv[2], "w"))
PY
(cd "$out/cwd" && "$scmap" viewer --quiet --tiles "$out/tiles" -o "$out/viewer")
# The same through PMTiles, period by period, with the pmtiles reader in the page.
"$scmap" tiles --quiet --style "$here/tests/data/style_activation_sample.json" --zoom 0-6 --format pmtiles --out "$out/tiles-pm"
"$scmap" viewer --quiet --tiles "$out/tiles-pm" -o "$out/viewer-pm"
# A style whose every text is markup that would run if the page took it for HTML.
hostile=$here/tests/data/style_fake_hostile.json
"$scmap" tiles --quiet --style "$hostile" --zoom 0-2 --out "$out/tiles-hostile"
"$scmap" viewer --quiet --tiles "$out/tiles-hostile" -o "$out/viewer-hostile"
cd "$here/tests/js"
timeout 180 node viewer_browser.mjs "$out" viewer activation-sample "$out/viewer.png"
timeout 180 node viewer_browser.mjs "$out" viewer activation-sample "$out/viewer.png" --embed
timeout 180 node viewer_browser.mjs "$out" viewer activation-sample "$out/viewer-weight.png" --weight
timeout 180 node viewer_browser.mjs "$out" viewer-pm activation-sample "$out/viewer-pm.png"
timeout 180 node viewer_browser.mjs "$out" viewer-hostile fake-hostile "$out/viewer-hostile.png" "$hostile"
