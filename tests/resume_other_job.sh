#!/bin/bash
# --resume continues only the job a folder holds (<style>/.scmap-job): after a change of
# style, zoom, --scale, --format or --shard it exits 1 naming the folder, and the tiles there
# stay as they were; the same job resumes.
# Usage: resume_other_job.sh SCMAP OUTDIR
set -u
scmap=$1 out=$2
data="$(cd "$(dirname "$0")" && pwd)/data"
rm -rf "$out"; mkdir -p "$out"
# The sample style with other colours (its data paths made absolute).
sed -e "s#\"\([A-Za-z_]*\.\(shp\|csv\)\)\"#\"$data/\1\"#" -e 's/"Purples"/"Blues"/' \
  "$data/style_sample.json" > "$out/recoloured.json"
job=(tiles --quiet --zoom 0-3 --style "$data/style_sample.json" --out "$out/t")
"$scmap" "${job[@]}" || exit 1
sums() { (cd "$out/t" && find . -type f -exec md5sum {} + | sort); }
before=$(sums)
fails=0
refused() { # what it is, then the arguments of the other job
  local what=$1 msg rc
  shift
  msg=$("$scmap" "$@" --resume 2>&1); rc=$?
  if [ $rc -ne 1 ] || ! grep -q "$out/t/sample: holds the tiles of another job.*(run without --resume" <<<"$msg"; then
    echo "FAIL: $what: exit $rc: $msg"; fails=$((fails + 1))
  fi
  [ "$(sums)" = "$before" ] || { echo "FAIL: $what: the tiles there changed"; fails=$((fails + 1)); }
}
refused "another style" tiles --quiet --zoom 0-3 --style "$out/recoloured.json" --out "$out/t"
refused "another zoom" "${job[@]}" --zoom 0-4
refused "--scale 2" "${job[@]}" --scale 2
refused "another format" "${job[@]}" --format pmtiles
refused "a shard of the job" "${job[@]}" --shard 1/2
# A resume log with no job file: an older or foreign folder, not this job.
mv "$out/t/sample/.scmap-job" "$out/job"; echo 1 > "$out/t/sample/.scmap-done"
before=$(sums)
refused "no job file" "${job[@]}"
mv "$out/job" "$out/t/sample/.scmap-job"; rm "$out/t/sample/.scmap-done"
"$scmap" "${job[@]}" --resume || { echo "FAIL: the same job does not resume"; fails=$((fails + 1)); }
echo "resume of another job: $fails failures"
[ $fails -eq 0 ]
