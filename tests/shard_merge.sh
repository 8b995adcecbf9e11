#!/bin/sh
# Three shards of one job, merged, against one run: byte for byte, for dir, MBTiles, PMTiles.
# Usage: shard_merge.sh SCMAP OUTDIR
set -eu
scmap=$1 out=$2
style="$(cd "$(dirname "$0")" && pwd)/data/style_activation_sample.json"
rm -rf "$out"
for f in dir mbtiles pmtiles; do
  "$scmap" tiles --quiet --style "$style" --zoom 0-6 --format $f --out "$out/one-$f"
  for k in 1 2 3; do
    "$scmap" tiles --quiet --style "$style" --zoom 0-6 --format $f --shard $k/3 --out "$out/s$k-$f"
  done
  "$scmap" merge --quiet -o "$out/merged-$f" "$out/s1-$f" "$out/s2-$f" "$out/s3-$f"
  diff -r "$out/one-$f" "$out/merged-$f" || { echo "FAIL: $f merge differs from one run"; exit 1; }
  # Shards share the work: none holds all the tiles.
  n1=$(find "$out/one-$f" -type f | wc -l)
  for k in 1 2 3; do
    [ "$f" != dir ] || [ "$(find "$out/s$k-$f" -name '*.png' | wc -l)" -lt "$n1" ] || { echo "FAIL: shard $k holds everything"; exit 1; }
  done
done
echo "shards: dir, mbtiles and pmtiles merge to the bytes of one run"
