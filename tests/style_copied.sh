#!/bin/sh
# Every shipped style, copied alone into another folder, still joins: each data file it names
# by a path that is not there (../data/..., ../shapes/...) is scmap's own file of that name,
# county notes included where the style names them.
# Usage: style_copied.sh SCMAP OUTDIR
set -eu
scmap=$1 out=$2
here=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$out" && mkdir -p "$out/elsewhere"
for s in "$here"/styles/*.json; do
  cp "$s" "$out/elsewhere/"
  name=$(basename "$s")
  (cd "$out" && "$scmap" check --style "elsewhere/$name" >/dev/null 2>"$out/err.txt") ||
    { echo "FAIL: $name copied elsewhere:"; cat "$out/err.txt"; exit 1; }
  ! grep -q '"notes"' "$s" || grep -q "county_notes.csv, which is not there: using scmap's built-in" "$out/err.txt" ||
    { echo "FAIL: $name: no note on the built-in county notes"; cat "$out/err.txt"; exit 1; }
done
echo "style_copied: ok"
