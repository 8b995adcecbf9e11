#!/bin/sh
# The state lines of the tiles, on the real counties (shapes/, as test_states reads them): the
# overlay boundaries/ has lines only where two states meet, continuous across tile edges
# (no seams, no doubled lines); --burn-states gives the choropleth tile with the overlay laid
# on it; empty tiles where web clients ask inside the bounds are one hard-linked file, and the
# MBTiles hold the directory's bytes, blanks included; --no-states writes no overlay.
# Usage: state_lines.sh SCMAP OUTDIR
set -eu
scmap=$1 out=$2
here=$(cd "$(dirname "$0")/.." && pwd)
[ -n "${SKIP_RUN:-}" ] || rm -rf "$out"
run() { "$scmap" tiles --quiet --style "$here/styles/activation.json" --zoom 5-6 --jobs 2 \
  --periods 2010Q3..2010Q3 --no-ids "$@"; }
[ -n "${SKIP_RUN:-}" ] || run --out "$out/plain"
[ -n "${SKIP_RUN:-}" ] || run --out "$out/burn" --burn-states
[ -n "${SKIP_RUN:-}" ] || run --out "$out/mb" --format mbtiles
[ -n "${SKIP_RUN:-}" ] || run --out "$out/none" --no-states
python3 - "$out" "$here/scripts" <<'PY'
import json, os, sqlite3, sys
out, scripts = sys.argv[1:]
# mosaic.py's PNG reader (the script runs when imported).
exec(open(f"{scripts}/mosaic.py").read().split("\ndef main")[0])
fails = 0
def fail(m):
    global fails
    fails += 1
    print("FAIL " + m)
d = f"{out}/plain/activation"
ov = f"{d}/boundaries"
def tile(root, z, x, y):
    return read_png(f"{root}/{z}/{x}/{y}.png")[2]
m = json.load(open(f"{d}/periods.json"))
if m.get("boundaries") != "boundaries.json" or not os.path.exists(f"{d}/boundaries.json"):
    fail(f"periods.json names the overlay {m.get('boundaries')!r}")
# Kansas, Missouri, Oklahoma, Arkansas: state lines across the tile edges at zoom 6.
z, x0, y0 = 6, 14, 24
rows = [[None] * 512 for _ in range(512)]
for j in range(2):
    for i in range(2):
        t = tile(ov, z, x0 + i, y0 + j)
        for y in range(256):
            rows[256 * j + y][256 * i:256 * i + 256] = t[y]
# Where a straight line crosses the edge: Kansas-Nebraska and Kansas-Oklahoma across the
# vertical edge, Kansas-Missouri across the horizontal one. The ink (alpha) of the two
# columns (rows) either side of the edge: a seam has less on one side, a doubled line more.
def ink(xs, ys):
    return sum(rows[y][x][3] for y in ys for x in xs)
for name, a, b in (("vertical", ink((254, 255), range(40, 250)), ink((256, 257), range(40, 250))),
                   ("horizontal", ink(range(280, 330), (254, 255)), ink(range(280, 330), (256, 257)))):
    if a == 0 or not 0.9 < b / a < 1.1:
        fail(f"{name} tile edge: line ink {a} before, {b} after (a seam or a doubled line)")
    else:
        print(f"{name} tile edge: line ink {a} before, {b} after")
# Florida's Gulf coast (Tampa): one state, no line; the coast is the county outlines'.
t = tile(ov, 6, 17, 27)
if any(p[3] for r in t for p in r):
    fail("a line on a tile with one state only (6/17/27)")
# Burnt in: the choropleth tile with the overlay over it, within rounding.
worst = 0
for (x, y) in ((14, 24), (15, 24), (14, 25), (15, 25)):
    base, o = tile(f"{d}/2010Q3", 6, x, y), tile(ov, 6, x, y)
    burnt = tile(f"{out}/burn/activation/2010Q3", 6, x, y)
    for yy in range(256):
        for xx in range(256):
            b, s, g = base[yy][xx], o[yy][xx], burnt[yy][xx]
            a = s[3] / 255
            want = [s[c] * a + b[c] * (1 - a) for c in range(3)]
            worst = max(worst, max(abs(want[c] - g[c]) for c in range(3)))
print(f"burnt tiles against tile + overlay: at most {worst:.1f} apart")
if worst > 4:
    fail(f"burnt tiles differ from tile + overlay by {worst:.1f}")
# Empty tiles: the Gulf of Mexico south of Louisiana, inside the bounds, one file for all.
blank = f"{d}/2010Q3/6/15/28.png"
if not os.path.exists(blank) or any(p[3] for r in read_png(blank)[2] for p in r):
    fail(f"{blank}: no empty tile")
elif os.stat(blank).st_nlink < 100:
    fail(f"{blank}: {os.stat(blank).st_nlink} links; the empty tiles are not one file")
# The MBTiles hold the directory's tiles, byte for byte, empty ones too, and no others.
db = sqlite3.connect(f"{out}/mb/activation/2010Q3.mbtiles")
n = 0
for z, x, row, data in db.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles"):
    p = f"{d}/2010Q3/{z}/{x}/{(1 << z) - 1 - row}.png"
    n += 1
    if not os.path.exists(p) or open(p, "rb").read() != data:
        fail(f"MBTiles tile {z}/{x}/{row} is not the directory's")
files = sum(len(f) for _, _, f in os.walk(f"{d}/2010Q3"))
if n != files:
    fail(f"MBTiles has {n} tiles, the directory {files}")
if db.execute("SELECT count(*) FROM images").fetchone()[0] > files:
    fail("MBTiles stores the empty tile more than once")
none = f"{out}/none/activation"
if os.path.exists(f"{none}/boundaries") or "boundaries" in json.load(open(f"{none}/periods.json")):
    fail("--no-states wrote the overlay")
print(f"state lines: {fails} failures")
sys.exit(1 if fails else 0)
PY
