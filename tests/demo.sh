#!/bin/sh
# A small demo under valgrind: tiles (all containers), a frame, a PDF map, stats (of a table
# of states too). No
# definite leak of ours (third-party caches are in tests/valgrind.supp), no invalid access.
# Usage: demo.sh SCMAP OUTDIR
set -eu
scmap=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 1; }
style="$here/data/style_activation_sample.json"
vg="valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=3 --suppressions=$here/valgrind.supp"
rm -rf "$out"
$vg "$scmap" tiles --quiet --jobs 2 --style "$style" --zoom 0-3 --out "$out/tiles"
$vg "$scmap" tiles --quiet --style "$style" --zoom 0-2 --format pmtiles --out "$out/tiles"
$vg "$scmap" tiles --quiet --style "$style" --zoom 0-2 --format mbtiles --out "$out/tiles"
$vg "$scmap" map --quiet --style "$style" --size 640x480 -o "$out/map.pdf"
$vg "$scmap" frames --quiet --style "$style" --size 480x480 --periods 2010Q3..2010Q3 --gif --out "$out"
$vg "$scmap" stats --quiet --style "$here/data/style_sample.json" -o "$out/stats.csv"
# A table of states (the demo's state-moa style reads one), on the sample counties.
$vg "$scmap" stats --quiet --style "$style" --activations "$here/data/states_fake_dates.csv" \
  --state-column state --date-column signed -o "$out/states.csv"
grep -q "^2010Q4,.*,4,$" "$out/states.csv" || { echo "a table of states: $(cat "$out/states.csv")"; exit 1; }
echo "valgrind: no leaks of ours"
