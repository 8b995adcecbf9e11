#!/bin/sh
# Map labels as a reader and a PDF reader meet them: "TX" is selectable text in a still; on
# the shipped map with state and city labels, at 1920x1080, 1080x1080 and 1080x1920, no two
# words on the page overlap (labels, title, period, legend, source); the source line credits
# GeoNames only when city names are drawn; --labels none leaves the names out.
# Usage: labels_pdf.sh SCMAP OUTDIR
set -eu
scmap=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/words_apart.sh"
sample="$here/data/style_activation_sample.json"
fail() { echo "FAIL: $*"; exit 1; }
command -v pdftotext >/dev/null 2>&1 || fail "pdftotext is not installed (poppler-utils)"
rm -rf "$out"
mkdir -p "$out"
"$scmap" map --quiet --style "$sample" -o "$out/sample.pdf"
pdftotext "$out/sample.pdf" - | grep -qx "TX" || fail "no TX label as text in the PDF"
pdftotext "$out/sample.pdf" - | grep -q "GeoNames" && fail "GeoNames credited with no city drawn"
"$scmap" map --quiet --style "$sample" --labels none -o "$out/none.pdf"
pdftotext "$out/none.pdf" - | grep -qx "TX" && fail "--labels none still draws TX"
for size in 1920x1080 1080x1080 1080x1920; do
  pdf="$out/all-$size.pdf"
  "$scmap" map --quiet --style "$here/../styles/activation.json" --labels all --size "$size" -o "$pdf"
  text=$(pdftotext "$pdf" -)
  for want in "Places: GeoNames (CC BY 4.0)" "Los Angeles"; do
    printf '%s\n' "$text" | tr '\n' ' ' | grep -qF "$want" || fail "$size: no \"$want\""
  done
  printf '%s\n' "$text" | grep -qxE "Alaska|AK" || fail "$size: Alaska's inset unlabelled"
  # The insets and the nine small eastern states, each on a line of its own.
  n=$(printf '%s\n' "$text" | grep -xcE "HI|PR|VT|NH|MA|RI|CT|NJ|DE|MD|DC")
  [ "$n" -eq 11 ] || fail "$size: $n of the 11 small-state and inset abbreviations"
  words_apart "$pdf" 80 "$size" || fail "$size: words overlap"
done
# A 320 px thumbnail would get names of 4 px: none is drawn.
"$scmap" map --quiet --style "$here/../styles/activation.json" --labels all --size 320x320 \
  -o "$out/thumb.pdf"
pdftotext "$out/thumb.pdf" - | grep -qxE "TX|Texas|AK" && fail "320x320: labels of 4 px drawn"
echo ok
