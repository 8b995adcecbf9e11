#!/bin/sh
# scmap grid end to end: small multiples of the sample style as PNG (slide size), SVG and PDF
# (a US Letter page across by default); the PDF's text (pdftotext) holds every period's label,
# and --periods and --cols narrow and shape the grid.
# Usage: grid.sh SCMAP OUTDIR
set -eu
scmap=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
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
echo "grid: ok"
