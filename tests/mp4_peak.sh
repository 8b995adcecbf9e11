#!/bin/sh
# scmap frames --mp4 at 1920x1080: peak memory of the run, ffmpeg's x264 included (it was the
# largest process: 530 MB with x264's default 40-frame lookahead), under 400 MB.
# Usage: mp4_peak.sh SCMAP OUTDIR
set -eu
scmap=$1 out=$2
style="$(cd "$(dirname "$0")" && pwd)/data/style_activation_sample.json"
fail() { echo "FAIL: $*"; exit 1; }
command -v ffmpeg >/dev/null 2>&1 && [ -x /usr/bin/time ] || { echo "no ffmpeg or time: skipped"; exit 77; }
rm -rf "$out"
mkdir -p "$out"
# %M of GNU time: the largest resident set of the command and the children it waited for.
# Under AddressSanitizer, freed memory is held in quarantine (256 MB) unless told otherwise.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0" /usr/bin/time -f %M -o "$out/peak" "$scmap" frames --quiet --style "$style" --size 1920x1080 \
  --mp4 --out "$out/run" || fail "scmap frames --mp4"
kb=$(tail -1 "$out/peak")
[ "$kb" -lt 400000 ] || fail "peak $kb KB with --mp4 at 1920x1080, want under 400000"
echo "frames --mp4 1920x1080: ok (peak $kb KB)"
