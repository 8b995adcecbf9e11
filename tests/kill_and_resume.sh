#!/bin/bash
# Kills `scmap tiles` with SIGKILL at random moments, checks that every file it left is whole
# (PNGs end with IEND; containers are absent or complete), then finishes with --resume and
# compares with a clean run byte for byte.
# Usage: kill_and_resume.sh SCMAP OUTDIR
set -u
scmap=$1 out=$2
style="$(cd "$(dirname "$0")" && pwd)/data/style_activation_sample.json"
args=(tiles --quiet --style "$style" --zoom 0-6 --jobs 2)
rm -rf "$out"; mkdir -p "$out"
"$scmap" "${args[@]}" --out "$out/clean" || exit 1
"$scmap" "${args[@]}" --format pmtiles --out "$out/clean-pm" || exit 1
fails=0
whole_pngs() {
  local bad=0 f
  while IFS= read -r f; do
    [ "$(tail -c 8 "$f" | od -An -tx1 | tr -d ' \n')" = "49454e44ae426082" ] || { echo "FAIL: partial $f"; bad=1; }
  done < <(find "$1" -name "*.png" 2>/dev/null)
  return $bad
}
# Killed before its first metatile: the job file says running and the done log is empty.
rm -rf "$out/run"; cp -r "$out/clean" "$out/run"
sed -i 's/^complete$/running/' "$out/run/activation-sample/.scmap-job"
: >"$out/run/activation-sample/.scmap-done"
"$scmap" "${args[@]}" --resume --out "$out/run" || { echo "FAIL: --resume of an empty done log"; fails=$((fails + 1)); }
diff -r "$out/clean" "$out/run" >/dev/null || { echo "FAIL: --resume of an empty done log differs"; fails=$((fails + 1)); }
# Three random moments (printed, to rerun a failure), from 0.05 s into a run to near its end.
for n in 1 2 3; do
  delay=$(awk -v r=$RANDOM 'BEGIN { printf "%.2f", 0.05 + (r % 100) / 100.0 }')
  echo "kill after ${delay}s"
  rm -rf "$out/run" "$out/run-pm"
  "$scmap" "${args[@]}" --out "$out/run" & pid=$!
  sleep "$delay"; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  whole_pngs "$out/run" || fails=$((fails + 1))
  "$scmap" "${args[@]}" --resume --out "$out/run" || fails=$((fails + 1))
  if ! diff -r "$out/clean" "$out/run" >/dev/null; then
    echo "FAIL: killed after ${delay}s and resumed: differs from a clean run"
    diff -r "$out/clean" "$out/run" | head -3
    fails=$((fails + 1))
  fi
  # A container is either absent or whole after a kill; a rerun completes it.
  "$scmap" "${args[@]}" --format pmtiles --out "$out/run-pm" & pid=$!
  sleep "$delay"; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  for f in "$out"/run-pm/*/*.pmtiles; do
    [ -e "$f" ] || continue
    cmp -s "$f" "$out/clean-pm/${f#"$out"/run-pm/}" || { echo "FAIL: $f is there but not whole"; fails=$((fails + 1)); }
  done
  "$scmap" "${args[@]}" --format pmtiles --resume --out "$out/run-pm" || fails=$((fails + 1))
  diff -r "$out/clean-pm" "$out/run-pm" >/dev/null || { echo "FAIL: PMTiles rerun differs"; fails=$((fails + 1)); }
done
echo "kill and resume: $fails failures"
[ $fails -eq 0 ]
