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
# State lines over the map, where scmap tiles has not written them: made-up transparent tiles,
# those of the first period but every other column at zoom 4 (no request for the others), and
# their TileJSON, named in the period list as scmap tiles names its own.
python3 - "$out/tiles" activation-sample <<'PY'
import json, os, struct, sys, zlib
tiles, name = sys.argv[1], sys.argv[2]
man = os.path.join(tiles, name, "periods.json")
p = json.load(open(man))
if "boundaries" not in p:
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 256, 256, 8, 6, 0, 0, 0)) +
           chunk(b"IDAT", zlib.compress(b"".join(b"\0" + bytes(1024) for _ in range(256)))) +
           chunk(b"IEND", b""))
    first = os.path.join(tiles, name, p["periods"][0]["period"])
    for z in os.listdir(first):
        for x in os.listdir(os.path.join(first, z)):
            if z == "4" and int(x) % 2:
                continue
            for y in os.listdir(os.path.join(first, z, x)):
                if y.endswith("@2x.png"):
                    continue
                os.makedirs(os.path.join(tiles, "boundaries", z, x), exist_ok=True)
                open(os.path.join(tiles, "boundaries", z, x, y), "wb").write(png)
    json.dump({"tilejson": "3.0.0", "name": "made-up state lines", "tiles": ["boundaries/{z}/{x}/{y}.png"],
               "minzoom": 0, "maxzoom": 6, "vector_layers": []}, open(os.path.join(tiles, "boundaries.json"), "w"))
    p["boundaries"] = "../boundaries.json"
    json.dump(p, open(man, "w"))
PY
(cd "$out/cwd" && "$scmap" viewer --quiet --tiles "$out/tiles" -o "$out/viewer")
# Labels: states and cities on scmap's own shapes (a style that names none, map_labels "all"),
# over the same tiles; and --labels none.
mkdir -p "$out/cwd-all/styles"
python3 - "$out/cwd/styles/activation-sample.json" "$out/cwd-all/styles/activation-sample.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
del s["data"]["shapes"]
s["map_labels"] = "all"
json.dump(s, open(sys.argv[2], "w"))
PY
(cd "$out/cwd-all" && "$scmap" viewer --quiet --tiles "$out/tiles" -o "$out/viewer-labels")
(cd "$out/cwd" && "$scmap" viewer --quiet --labels none --tiles "$out/tiles" -o "$out/viewer-nolabels")
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
timeout 180 node viewer_browser.mjs "$out" viewer-labels activation-sample "$out/viewer-labels.png" --labels
timeout 180 node viewer_browser.mjs "$out" viewer-nolabels activation-sample "$out/viewer-nolabels.png" --labels
timeout 180 node viewer_browser.mjs "$out" viewer-pm activation-sample "$out/viewer-pm.png"
timeout 180 node viewer_browser.mjs "$out" viewer-hostile fake-hostile "$out/viewer-hostile.png" "$hostile"
