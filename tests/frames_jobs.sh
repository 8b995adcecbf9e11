#!/bin/sh
# scmap frames --jobs N: the same bytes for any N (every frame, the alt text, the GIF and the
# MP4), and memory that does not grow with the number of frames (frames are drawn into a few
# slots and written in order, never all held).
# Usage: frames_jobs.sh SCMAP OUTDIR
set -eu
scmap=$1 out=$2
style="$(cd "$(dirname "$0")" && pwd)/data/style_activation_sample.json"
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$out"
mp4=
command -v ffmpeg >/dev/null 2>&1 && mp4=--mp4
for n in 1 2 3; do
  "$scmap" frames --quiet --style "$style" --size 640x360 --tween 1 --gif $mp4 --jobs $n \
    --out "$out/jobs$n"
done
files=$(cd "$out/jobs1" && find . -type f | sort)
[ "$(echo "$files" | grep -c '\.png$')" -eq 29 ] || fail "$(echo "$files" | grep -c '\.png$') frames, want 29"
for n in 2 3; do
  [ "$(cd "$out/jobs$n" && find . -type f | sort)" = "$files" ] || fail "--jobs $n wrote other files"
  for f in $files; do
    cmp -s "$out/jobs1/$f" "$out/jobs$n/$f" || fail "--jobs $n: $f differs from --jobs 1"
  done
done
. "$(dirname "$0")/lib/peak_kb.sh"
m0=$(peak_kb "$scmap" frames --quiet --style "$style" --size 640x360 --gif $mp4 --jobs 2 --tween 0 --out "$out/t0")
m6=$(peak_kb "$scmap" frames --quiet --style "$style" --size 640x360 --gif $mp4 --jobs 2 --tween 6 --out "$out/t6")
[ $((m6 - m0)) -lt 50000 ] || fail "--tween 6 (99 frames) takes $((m6 - m0)) KB more than --tween 0 (15)"
echo "frames --jobs: ok (peak $m0 KB for 15 frames, $m6 KB for 99)"
