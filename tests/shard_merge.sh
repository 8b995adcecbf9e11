#!/bin/sh
# Three shards of one job, merged, against one run: byte for byte, for dir, MBTiles, PMTiles;
# then merges that must fail (a shard missing, twice, of another job or format, unfinished,
# crafted) exit 1 with their message and leave no output.
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

fails=0
refused() { # the message's pattern, then the shard folders
  local pattern=$1 msg rc
  shift
  rm -rf "$out/bad"
  msg=$("$scmap" merge --quiet -o "$out/bad" "$@" 2>&1) && rc=0 || rc=$?
  if [ $rc -ne 1 ] || ! printf '%s' "$msg" | grep -Eq "$pattern"; then
    echo "FAIL: merge $*: exit $rc: $msg"; fails=$((fails + 1))
  fi
  if [ -e "$out/bad" ] || [ -n "$(find "$out" -maxdepth 1 -name '.bad.scmap-merge*')" ]; then
    echo "FAIL: merge $*: left output behind"; fails=$((fails + 1))
  fi
}
P=$out/s1-pmtiles Q=$out/s2-pmtiles R=$out/s3-pmtiles
refused "activation-sample: shard 2/3 of this job is missing" "$P" "$R"
refused "both are shard 1/3" "$P" "$P" "$Q" "$R"
"$scmap" tiles --quiet --style "$style" --zoom 0-5 --format pmtiles --shard 2/3 --out "$out/z5"
refused "z5/activation-sample: a shard of another job" "$P" "$out/z5" "$R"
refused "a shard of another job" "$out/s1-dir" "$Q" "$R"
refused "no .scmap-job|holds no tiles" "$P" "$Q" "$R" "$(dirname "$style")"
cp -r "$Q" "$out/unfinished"
sed -i 's/^complete$/running/' "$out/unfinished/activation-sample/.scmap-job"
refused "did not finish" "$P" "$out/unfinished" "$R"
cp -r "$Q" "$out/json"
echo ' ' >> "$out/json/activation-sample/periods.pmtiles.json"
refused "periods.pmtiles.json: differs from the same file of another shard" "$P" "$out/json" "$R"
# A crafted container: the metadata's offset wraps round when its length is added.
cp -r "$Q" "$out/crafted"
f=$(find "$out/crafted" -name '*.pmtiles' | sort | head -1)
printf '\365\377\377\377\377\377\377\377\024' | dd of="$f" bs=1 seek=24 conv=notrunc 2>/dev/null
refused "crafted/.*pmtiles: a section outside the file" "$P" "$out/crafted" "$R"
# An empty -o (an unset shell variable) is a usage error, not the current folder.
"$scmap" merge --quiet -o '' "$P" "$Q" "$R" 2>/dev/null && rc=0 || rc=$?
[ $rc -eq 2 ] || { echo "FAIL: merge -o '': exit $rc"; fails=$((fails + 1)); }
# A merge never replaces what is there.
before=$(find "$out/merged-pmtiles" -type f -exec md5sum {} + | sort)
msg=$("$scmap" merge --quiet -o "$out/merged-pmtiles" "$P" "$Q" "$R" 2>&1) && rc=0 || rc=$?
if [ $rc -ne 1 ] || ! printf '%s' "$msg" | grep -q "merged-pmtiles/activation-sample: already exists"; then
  echo "FAIL: merge into an existing output: exit $rc: $msg"; fails=$((fails + 1))
fi
[ "$(find "$out/merged-pmtiles" -type f -exec md5sum {} + | sort)" = "$before" ] || { echo "FAIL: a merge changed an existing output"; fails=$((fails + 1)); }
echo "merges that must fail: $fails failures"
[ $fails -eq 0 ]
