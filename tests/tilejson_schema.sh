#!/bin/sh
# TileJSON by the spec, and a period list per format. Runs of every format (directory, @2x,
# PMTiles, MBTiles), with and without --base-url: every TileJSON passes the official schema
# (ajv, tests/js/tilejson_schema.mjs) and none is written for MBTiles. All four into one folder
# each keep their own files, and scmap viewer reads the right list and refuses MBTiles.
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
# 15 periods and the state lines: directory, @2x and PMTiles each have a TileJSON a period and
# one for the overlay, which the period list names; MBTiles none.
for d in formatdir formatdirscale2 formatpmtiles; do
  node tilejson_schema.mjs "$out/abs/$d" 16 absolute
  node tilejson_schema.mjs "$out/rel/$d" 16
  for m in "$out/abs/$d"/*/periods*.json; do
    b=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).boundaries)' "$m")
    [ -f "$(dirname "$m")/$b" ] || { echo "$m: boundaries \"$b\" is not there"; exit 1; }
  done
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
# All four formats into one folder: nothing clobbered.
for f in "--format dir" "--format dir --scale 2" "--format pmtiles" "--format mbtiles"; do
  # shellcheck disable=SC2086
  "$scmap" tiles --quiet --style "$style" --zoom 0-2 $f --base-url "$base" --out "$out/one"
done
node tilejson_schema.mjs "$out/one" 48 absolute
python3 - "$out/one/activation-sample" <<'PY'
import json, sys
d = sys.argv[1]
for name, fmt, tj in [("periods.json", "dir", "2008Q4.json"), ("periods@2x.json", "dir", "2008Q4@2x.json"),
                      ("periods.pmtiles.json", "pmtiles", "2008Q4.pmtiles.json"),
                      ("periods.mbtiles.json", "mbtiles", None)]:
    m = json.load(open(f"{d}/{name}"))
    assert m["format"] == fmt, (name, m["format"])
    assert m["periods"][0].get("tilejson") == tj, (name, m["periods"][0].get("tilejson"))
    assert m.get("boundaries") == (tj and tj.replace("2008Q4", "boundaries")), (name, m.get("boundaries"))
assert len(json.load(open(f"{d}/counties.json"))["periods"]) == 15
assert json.load(open(f"{d}/2008Q4.json"))["tiles"] == ["https://example.org/maps/tiles/activation-sample/2008Q4/{z}/{x}/{y}.png"]
assert json.load(open(f"{d}/boundaries.json"))["tiles"] == ["https://example.org/maps/tiles/activation-sample/boundaries/{z}/{x}/{y}.png"]
tj = json.load(open(f"{d}/boundaries.pmtiles.json"))
assert tj["tiles"] == ["pmtiles://https://example.org/maps/tiles/activation-sample/boundaries.pmtiles/{z}/{x}/{y}"], tj["tiles"]
tj = json.load(open(f"{d}/2008Q4.pmtiles.json"))
assert tj["tiles"] == ["pmtiles://https://example.org/maps/tiles/activation-sample/2008Q4.pmtiles/{z}/{x}/{y}"], tj["tiles"]
PY
# The viewer: the directory's list where there is one, PMTiles' where it is alone; the base URL.
[ -d "$here/web/node_modules/leaflet" ] || { echo "run npm ci in web/ (scripts/test does)"; exit 1; }
"$scmap" viewer --quiet --tiles "$out/one" --base-url "$base/" -o "$out/viewer"
"$scmap" viewer --tiles "$out/abs/formatpmtiles" -o "$out/viewer-pm" 2>"$out/err"
# PMTiles need byte ranges, which the server the closing line usually names has not.
grep -q "a server that has byte ranges, which PMTiles need (python3 -m http.server has none)" "$out/err" ||
  { cat "$out/err"; exit 1; }
python3 - "$out" "$base/" <<'PY'
import json, re, sys
out, base = sys.argv[1:]
def config(viewer):  # the page's configuration, a JSON block in its index.html
    html = open(f"{out}/{viewer}/index.html").read()
    return json.loads(re.search(r'id="scmap-config">(.*?)</script>', html, re.S).group(1))
c = config("viewer")
assert [(s["name"], s["manifest"]) for s in c["styles"]] == [("activation-sample", "periods.json")], c
assert c["tiles"] == base, c["tiles"]
c = config("viewer-pm")
assert [(s["name"], s["manifest"]) for s in c["styles"]] == [("activation-sample", "periods.pmtiles.json")], c
assert c["tiles"] == "../abs/formatpmtiles", c["tiles"]
PY
# An MBTiles set: refused, naming the formats a browser reads.
if "$scmap" viewer --quiet --tiles "$out/abs/formatmbtiles" -o "$out/viewer-mb" 2>"$out/err"; then
  echo "viewer over MBTiles: exit 0"; exit 1
fi
grep -q "activation-sample: MBTiles, which no browser reads: make the viewer's tiles with --format dir or --format pmtiles" "$out/err" ||
  { cat "$out/err"; exit 1; }
echo "tilejson and formats: ok"
