#!/bin/sh
# SPDX-License-Identifier: MIT
# scmap map --region/--highlight/--annotate from the command line: the Texas edition with
# Harris highlighted in one command, its words, and usage errors for bad codes.
# Usage: region_editions.sh SCMAP SOURCE_DIR OUT_DIR
set -eu
scmap=$1 src=$2 out=$3
rm -rf "$out" && mkdir -p "$out"
cd "$src"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$scmap" map --style styles/activation.json --region TX --highlight 48201 \
    --annotate '48113:Dallas joined on day one' --size 640x360 -o "$out/tx.png" --quiet
[ -s "$out/tx.png" ] || fail "no tx.png"
grep -q 'county by county: Texas, 2013 Q1: 254 of 254 Texas counties so far' "$out/tx.alt.txt" ||
    fail "alt text: $(cat "$out/tx.alt.txt")"
"$scmap" map --style styles/activation.json --region 48 --lang es --period 2009Q1 \
    --size 640x360 -o "$out/tx-es.png" --quiet
grep -q 'condados de Texas hasta ahora' "$out/tx-es.alt.txt" || fail "es: $(cat "$out/tx-es.alt.txt")"
# Louisiana has parishes, Puerto Rico municipios: neither is counted in "counties".
"$scmap" map --style styles/activation.json --region PR --size 640x360 -o "$out/pr.png" --quiet
grep -q 'of 78 Puerto Rico municipios so far' "$out/pr.alt.txt" || fail "PR: $(cat "$out/pr.alt.txt")"
"$scmap" map --style styles/activation.json --region LA --lang es --size 640x360 \
    -o "$out/la.png" --quiet
grep -q 'de 64 parroquias de Luisiana hasta ahora' "$out/la.alt.txt" ||
    fail "LA: $(cat "$out/la.alt.txt")"
"$scmap" map --style styles/activation.json --region 48201,48113 --title "Two counties" \
    --size 640x360 -o "$out/two.png" --quiet
grep -q '^Two counties, 2013 Q1: 2 of 2 counties so far' "$out/two.alt.txt" ||
    fail "county list: $(cat "$out/two.alt.txt")"

# Usage errors name the code.
rc=0; "$scmap" map --region XX -o "$out/x.png" 2>"$out/err" || rc=$?
[ "$rc" = 2 ] && grep -q '"XX"' "$out/err" || fail "--region XX: rc $rc, $(cat "$out/err")"
rc=0; "$scmap" map --region TX --highlight 06037 -o "$out/x.png" 2>"$out/err" || rc=$?
[ "$rc" = 2 ] && grep -q '06037 is not on the map' "$out/err" || fail "--highlight: rc $rc"
rc=0; "$scmap" map --annotate 48201 -o "$out/x.png" 2>"$out/err" || rc=$?
[ "$rc" = 2 ] || fail "--annotate without text: rc $rc"

# Frames of a region: one alt line a period, each of Texas, in a folder (and GIF) of their own
# beside the national edition's, which the region run leaves alone.
"$scmap" frames --style styles/activation.json --size 480x360 --periods 2012Q3..2013Q1 \
    --out "$out/run" --quiet
"$scmap" frames --style styles/activation.json --region TX --highlight 48201 --size 640x360 \
    --periods 2012Q3..2013Q1 --gif --out "$out/run" 2>"$out/said"
[ "$(grep -c 'Texas counties' "$out/run/data/activation-tx-alt.txt")" = 3 ] || fail "frames alt"
grep -q 'Texas counties' "$out/run/data/activation-alt.txt" && fail "national alt overwritten"
[ -s "$out/run/frames/activation-tx.gif" ] || fail "no activation-tx.gif"
[ -s "$out/run/frames/activation-tx/0002.png" ] || fail "no activation-tx/0002.png"
size=$(ffprobe -v error -show_entries stream=width,height -of csv=p=0 "$out/run/frames/activation/0002.png")
[ "$size" = "480,360" ] || fail "national frame overwritten: $size"
grep -q "frames/activation-tx/" "$out/said" || fail "closing line: $(cat "$out/said")"
# The FIPS spelling of a state names the same edition; a county list, its first and count.
"$scmap" frames --style styles/activation.json --region 48 --size 480x360 \
    --periods 2013Q1..2013Q1 --out "$out/run" --quiet
[ "$(ls "$out/run/frames" | grep -c "^activation")" = 3 ] || fail "48 is not tx: $(ls "$out/run/frames")"
"$scmap" frames --style styles/activation.json --region 48201,48113,48201 --size 480x360 \
    --periods 2013Q1..2013Q1 --out "$out/run" --quiet
[ -s "$out/run/frames/activation-counties-48201-2/0000.png" ] || fail "county list: $(ls "$out/run/frames")"
echo ok
