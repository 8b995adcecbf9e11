#!/bin/bash
# Start-up (issue 16): --timings names every step of a tiles run, in order, at the end and
# only when asked; shapes in a format outside the six registered first still open.
# Usage: startup.sh SCMAP SOURCE_DIR OUTDIR
set -u
scmap=$1 src=$2 out=$3
d=$src/tests/data
style=$d/style_activation_sample.json
fail=0
rm -rf "$out"
mkdir -p "$out"
no() { echo "FAIL $*"; fail=1; }

"$scmap" tiles --quiet --timings --style "$style" --zoom 0-2 --out "$out/t" 2>"$out/err" ||
  no "tiles --timings: exit $?: $(cat "$out/err")"
steps=$(sed -n 's/^ *[0-9.]* *[0-9.]*  //p' "$out/err" | sed 's/ ([^)]*)$//; s/: load [0-9]* shared libraries//')
want="start the process
until the shapes are opened
register GDAL drivers
read shapes
read tables and join
periods and classes
project to EPSG:3857
simplify and index every zoom
first zoom level
all tiles
write TileJSON, manifest and indexes
the rest, to the end"
[ "$steps" = "$want" ] || no "tiles --timings: steps are:
$steps"
head -1 "$out/err" | grep -q '^scmap: timings' || no "tiles --timings: no heading: $(head -1 "$out/err")"
grep -Eq 'load [0-9]+ shared libraries \([0-9.]+ s CPU\)' "$out/err" || no "no start-up line"
# Each line's second figure is the first one's running sum, give or take the rounding of each
# figure to the millisecond.
awk 'NR > 1 { s += $1; d = 0.0005 * NR + 0.0005; if (s - $2 > d || $2 - s > d) bad = 1 }
     END { exit bad }' \
  "$out/err" || no "the running sums do not add up: $(cat "$out/err")"

"$scmap" check --style "$style" >/dev/null 2>"$out/err2" || no "check: exit $?"
grep -q 'timings\|register GDAL' "$out/err2" && no "timings without --timings: $(cat "$out/err2")"
"$scmap" check --timings --style "$style" 2>&1 >/dev/null | grep -q 'read tables and join' ||
  no "check --timings has no join step"

# MapInfo is not among the six drivers registered at first: every driver is tried then.
"$scmap" check --style "$style" --shapes "$d/counties_fake_squares.mif" >"$out/mif" 2>&1 ||
  no "check on MapInfo shapes: exit $?: $(cat "$out/mif")"
grep -q '^shapes: 2 counties' "$out/mif" || no "MapInfo shapes: $(head -3 "$out/mif")"

"$scmap" --version | grep -q "^scmap [0-9]" || no "--version"
[ $fail = 0 ] && echo "ok startup"
exit $fail
