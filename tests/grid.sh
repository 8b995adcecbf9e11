#!/bin/sh
# scmap grid end to end: small multiples of the sample style as PNG (slide size), SVG and PDF
# (a US Letter page across by default); the PDF's text (pdftotext) holds every period's label,
# and --periods and --cols narrow and shape the grid. Labels: the first panel alone carries the
# state abbreviations, as a key, unless the panels are large (few periods), where every panel
# is labelled and the cities come with their credit; --labels none draws none; no two words
# on the page overlap.
# Usage: grid.sh SCMAP OUTDIR
set -eu
scmap=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/words_apart.sh"
style="$here/data/style_activation_sample.json"
fail() { echo "FAIL: $*"; exit 1; }
for tool in ffprobe pdftotext pdfinfo; do
  command -v $tool >/dev/null 2>&1 || fail "$tool is not installed (scripts/test installs it)"
done
rm -rf "$out"
mkdir -p "$out"
"$scmap" grid --quiet --style "$style" -o "$out/grid.png"
size=$(ffprobe -v error -show_entries stream=width,height -of csv=p=0 "$out/grid.png")
[ "$size" = "1920,1080" ] || fail "PNG size $size, want a slide's 1920x1080"
# Its alt text: how many maps, and what the first and last show.
grep -q '^15 small maps, one a period. The first: .*2008 Q4: .* The last: .*2012 Q2: ' \
  "$out/grid.alt.txt" || fail "alt text: $(cat "$out/grid.alt.txt")"
"$scmap" grid --quiet --style "$style" -o "$out/grid.svg"
grep -q "<svg" "$out/grid.svg" || fail "not an SVG"
[ "$(wc -c < "$out/grid.svg")" -lt 20000000 ] || fail "SVG over 20 MB"
"$scmap" grid --quiet --style "$style" -o "$out/grid.pdf"
pdfinfo "$out/grid.pdf" | grep -q "Page size: *792 x 612 pts" || fail "PDF is not a Letter page across"
text=$(pdftotext "$out/grid.pdf" -)
echo "$text" | grep -q "Secure Communities sample" || fail "PDF text lacks the title"
n=0
for y in 2008 2009 2010 2011 2012; do
  for q in 1 2 3 4; do
    case "$y Q$q" in "2008 Q1" | "2008 Q2" | "2008 Q3" | "2012 Q3" | "2012 Q4") continue ;; esac
    echo "$text" | grep -q "^$y Q$q\$" || fail "PDF text lacks the label $y Q$q"
    n=$((n + 1))
  done
done
[ "$n" -eq 15 ] || fail "$n labels checked, want 15"
# The key: state abbreviations in the first panel alone, as text, clear of everything else,
# on the shipped map (the sample's counties lie in a few states).
"$scmap" grid --quiet --style "$here/../styles/activation.json" -o "$out/key.pdf"
text=$(pdftotext "$out/key.pdf" -)
for st in TX CA NY; do
  c=$(echo "$text" | grep -cx "$st" || true)
  [ "$c" -eq 1 ] || fail "$st drawn $c times, want once (the first panel's key)"
done
echo "$text" | grep -q "GeoNames" && fail "GeoNames credited with no city drawn"
words_apart "$out/key.pdf" 30 key || fail "words overlap in key.pdf"
"$scmap" grid --quiet --style "$here/../styles/activation.json" --labels none -o "$out/none.pdf"
pdftotext "$out/none.pdf" - | grep -qxE "TX|CA" && fail "--labels none still draws TX or CA"
# Two periods on a page: large panels, each labelled, with cities and their credit.
"$scmap" grid --quiet --style "$style" --periods 2009Q1..2009Q2 --labels all -o "$out/two.pdf"
text=$(pdftotext "$out/two.pdf" -)
[ "$(echo "$text" | grep -cx TX)" -eq 2 ] || fail "two large panels: TX not in both"
echo "$text" | tr '\n' ' ' | grep -qF "Places: GeoNames (CC BY 4.0)" || fail "two: no GeoNames credit"
words_apart "$out/two.pdf" 30 two || fail "words overlap in two.pdf"
# A portrait PNG keeps its size with the key drawn.
"$scmap" grid --quiet --style "$style" --size 1080x1350 -o "$out/portrait.png"
size=$(ffprobe -v error -show_entries stream=width,height -of csv=p=0 "$out/portrait.png")
[ "$size" = "1080,1350" ] || fail "PNG size $size, want 1080x1350"
# Fewer periods, in Spanish, on a square: only those labels, in the style's words.
"$scmap" grid --quiet --style "$style" --periods 2009Q1..2009Q4 --cols 2 --lang es \
  --size 1080x1080 -o "$out/year.pdf"
pdfinfo "$out/year.pdf" | grep -q "Page size: *1080 x 1080 pts" || fail "--size ignored for PDF"
text=$(pdftotext "$out/year.pdf" -)
for q in 1 2 3 4; do
  echo "$text" | grep -q "^2009 T$q\$" || fail "--periods grid lacks 2009 T$q"
done
echo "$text" | grep -q "2010 T" && fail "--periods 2009Q1..2009Q4 drew 2010"
grep -q '^4 mapas pequeños, uno por periodo. El primero: .*2009 T1: .* El último: .*2009 T4: ' \
  "$out/year.alt.txt" || fail "Spanish alt text: $(cat "$out/year.alt.txt")"
# One column of 18 maps leaves them no width: refused, naming the number that draws them
# largest.
rc=0; "$scmap" grid --quiet --style "$here/../styles/activation.json" --cols 1 -o "$out/c1.png" \
  2>"$out/c1.err" || rc=$?
[ "$rc" = 2 ] && grep -q "1 column of 18 periods leaves maps .* 6 draw them" "$out/c1.err" ||
  fail "--cols 1: rc $rc, $(cat "$out/c1.err")"
[ -e "$out/c1.png" ] && fail "--cols 1 wrote c1.png"
# A thumbnail's key would be letters of 3 px: none is drawn.
"$scmap" grid --quiet --style "$here/../styles/activation.json" --size 320x320 -o "$out/tiny.pdf"
pdftotext "$out/tiny.pdf" - | grep -qxE "TX|CA" && fail "a 320x320 grid draws a key of 3 px"
# Four periods on a slide: two columns of tall maps stand together in the middle, not at the
# two edges of the page.
"$scmap" grid --quiet --style "$here/../styles/activation.json" --periods 2009Q1..2009Q4 \
  --size 1920x1080 -o "$out/four.pdf"
pdftotext -bbox "$out/four.pdf" - | awk -F'"' '/>Q[12]</ {x[++n] = $2} END {
  if (n != 2 || x[2] - x[1] > 0.35 * 1920) { print "four: columns " x[1] " and " x[2]; exit 1 } }' ||
  fail "four periods: the columns stand apart"
# The PDF is printed: its maps keep quarter points, not whole ones (steps along the coasts at
# 300 dpi).
python3 - "$out/key.pdf" <<'PY' || fail "PDF maps snapped to whole points"
import re, sys, zlib
data = open(sys.argv[1], "rb").read()
frac = 0
for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
    try:
        body = zlib.decompress(m.group(1))
    except zlib.error:
        continue
    frac += len(re.findall(rb"\d\.(?:25|75) \d+(?:\.\d+)? [lm]\b", body))
sys.exit(0 if frac > 1000 else 1)
PY
echo "grid: ok"
