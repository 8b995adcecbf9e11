#!/usr/bin/env bash
# scmap against Mapnik and MapServer on one job, in one run: all counties, z0-ZMAX, 7 quantile
# classes, 0.5 px white outlines, 256 px PNG tiles; the same tile list for all three.
# Usage: bench/run.sh [ZMAX=8] [REPEAT=3]     (BENCH_FULL=1 also times Mapnik on all 18 quarters)
#        BENCH_LIGHT=1 bench/run.sh 8 3       the light-geometry job of issue 16: the rollout style
#   (activation.json, 4 classes) on the 1:10m counties (SHAPES10M, default the shared data set),
#   Mapnik drawing 4x4 metatiles as a tile server would, MapServer single tiles.
# Needs python3-mapnik, python3-mapscript and gdal-bin (installed here if missing, as root).
set -euo pipefail
cd "$(dirname "$0")/.."
ZMAX=${1:-8} REPEAT=${2:-3} Q=2011Q3
scripts/setup python3-mapnik python3-mapscript gdal-bin
cmake --preset release >/dev/null && cmake --build --preset release -j"$(nproc)" >/dev/null
S=build/release/scmap STYLE=bench/days-active.json SHP=shapes/us_counties_5m_2018.shp MK=mapnik
if [ "${BENCH_LIGHT:-0}" = 1 ]; then
  STYLE=styles/activation.json MK=mapnik-meta
  SHP=${SHAPES10M:-/work/shared/data/counties/us_counties_10m.shp}
fi
LAYER=$(basename "$SHP" .shp)
W=$(mktemp -d /tmp/scmap-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT

# Peer input: the shapes in EPSG:3857 with scmap's class per county and quarter as columns.
$S stats --counties --style $STYLE --shapes "$SHP" -o "$W/classes.csv"
/usr/bin/python3 - "$W" "$LAYER" <<'PY'
import csv, sys
w, layer = sys.argv[1:3]
rows, periods = {}, []
for r in csv.DictReader(open(w + "/classes.csv")):
    if r["period"] not in periods:
        periods.append(r["period"])
    rows.setdefault(r["fips"], {})[r["period"]] = r["class"]
with open(w + "/wide.csv", "w") as f:
    f.write("fips," + ",".join("c" + p for p in periods) + "\n")
    for fips, c in sorted(rows.items()):
        f.write(fips + "," + ",".join(c[p] for p in periods) + "\n")
open(w + "/wide.csvt", "w").write('"String"' + ',"Integer"' * len(periods) + "\n")
open(w + "/periods.txt", "w").write(",".join(periods))
cols = ", ".join("w.c%s AS c%s" % (p, p) for p in periods)
open(w + "/join.sql", "w").write(
    "SELECT s.GEOID AS GEOID, %s FROM %s s LEFT JOIN '%s/wide.csv'.wide w "
    "ON s.GEOID = w.fips" % (cols, layer, w))
PY
ogr2ogr -f "ESRI Shapefile" "$W/counties3857.shp" "$SHP" -t_srs EPSG:3857 \
  -sql "$(cat "$W/join.sql")"
PERIODS=$(cat "$W/periods.txt")

# One timed run: label, output dir, command...; appends "label wall_s peak_kb cpu_s tiles bytes"
# (cpu_s: user + system, the figure to compare when other work shares the machine).
# Every run writes to a new directory and nothing is deleted until the end: on ext4 without a
# journal (as on these machines) inodes freed in the last minutes are skipped one by one when
# new files are made, so a run right after `rm -rf` of 30,000 tiles would time the file system.
run() {
  local label=$1 out=$2; shift 2
  /usr/bin/time -f "%e %M %U %S" -o "$W/time" "$@" >/dev/null 2>"$W/err" || { cat "$W/err"; exit 1; }
  local tiles bytes
  tiles=$(find "$out" -name '*.png' | wc -l)
  bytes=$(du -sb "$out" | cut -f1)
  echo "$label $(awk '{printf "%s %s %.2f", $1, $2, $3 + $4}' "$W/time") $tiles $bytes" >> "$W/results"
}

# The tile list: every tile scmap writes for one quarter (tiles with no county are skipped by all).
$S tiles --quiet --no-ids --style $STYLE --shapes "$SHP" --zoom 0-"$ZMAX" --periods $Q..$Q --out "$W/list"
NAME=$(basename "$(ls -d "$W"/list/*/)")
(cd "$W/list/$NAME/$Q" && find . -name '*.png' | sed -E 's|^\./([0-9]+)/([0-9]+)/([0-9]+)\.png$|\1 \2 \3|' | sort -n) > "$W/tiles.txt"
legend="$W/list/$NAME/periods.json"

for i in $(seq "$REPEAT"); do
  run scmap_1q "$W/s1.$i" $S tiles --quiet --no-ids --jobs 1 --style $STYLE --shapes "$SHP" --zoom 0-"$ZMAX" --periods $Q..$Q --out "$W/s1.$i"
  run scmap_18q "$W/s18.$i" $S tiles --quiet --no-ids --jobs 1 --style $STYLE --shapes "$SHP" --zoom 0-"$ZMAX" --out "$W/s18.$i"
  run scmap_18q_2jobs "$W/s18j.$i" $S tiles --quiet --no-ids --jobs 2 --style $STYLE --shapes "$SHP" --zoom 0-"$ZMAX" --out "$W/s18j.$i"
  run mapnik_1q "$W/mk.$i" /usr/bin/python3 bench/peers.py $MK "$W/counties3857.shp" "$legend" "$W/tiles.txt" $Q "$W/mk.$i"
  run mapserver_1q "$W/ms.$i" /usr/bin/python3 bench/peers.py mapserver "$W/counties3857.shp" "$legend" "$W/tiles.txt" $Q "$W/ms.$i"
done
if [ "${BENCH_FULL:-0}" = 1 ]; then
  run mapnik_18q "$W/mk18" /usr/bin/python3 bench/peers.py $MK "$W/counties3857.shp" "$legend" "$W/tiles.txt" "$PERIODS" "$W/mk18"
fi

/usr/bin/python3 - "$W/results" "$ZMAX" "$(wc -l < "$W/tiles.txt")" "$(nproc)" <<'PY'
import statistics, sys
res = {}
for line in open(sys.argv[1]):
    label, wall, kb, cpu, tiles, size = line.split()
    res.setdefault(label, []).append((float(wall), int(kb), int(tiles), int(size), float(cpu)))
zmax, ntiles, cores = sys.argv[2], int(sys.argv[3]), sys.argv[4]
med = {k: statistics.median(w for w, *_ in v) for k, v in res.items()}
cpu = {k: statistics.median(x[4] for x in v) for k, v in res.items()}
print(f"\nscmap benchmark: z0-{zmax}, {ntiles} tiles a quarter, 18 quarters, {cores} cores; "
      f"medians of {len(res['scmap_1q'])} runs\n")
print("| job | wall s | CPU s | tiles/s | peak MB | MB on disk |")
print("|---|---:|---:|---:|---:|---:|")
for k, v in res.items():
    w = med[k]
    kb = max(x[1] for x in v)
    t, size = v[0][2], v[0][3]
    print(f"| {k} | {w:.2f} | {cpu[k]:.2f} | {t / w:.0f} | {kb / 1024:.0f} | {size / 1e6:.1f} |")
print(f"\none quarter, one thread, CPU seconds: scmap is {cpu['mapnik_1q'] / cpu['scmap_1q']:.1f}x "
      f"Mapnik's speed, {cpu['mapserver_1q'] / cpu['scmap_1q']:.1f}x MapServer's")
mk18 = med.get("mapnik_18q", 18 * med["mapnik_1q"])
ms18 = 18 * med["mapserver_1q"]
note = "" if "mapnik_18q" in med else " (18 x its one-quarter median)"
print(f"\none quarter, one thread: scmap is {med['mapnik_1q'] / med['scmap_1q']:.1f}x Mapnik's speed, "
      f"{med['mapserver_1q'] / med['scmap_1q']:.1f}x MapServer's")
print(f"18 quarters, one thread: scmap is {mk18 / med['scmap_18q']:.1f}x Mapnik{note}, "
      f"{ms18 / med['scmap_18q']:.1f}x MapServer (18 x its one-quarter median)")
print(f"18 quarters, two threads: {mk18 / med['scmap_18q_2jobs']:.1f}x Mapnik")
PY
