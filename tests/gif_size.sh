#!/bin/sh
# A GIF is never larger than its frames: at most 1280 px on its longer side, never upscaled
# (a 1080x1350 portrait once became a 1280x1600 GIF). Every --size preset and a small frame.
# Usage: gif_size.sh SCMAP OUTDIR
set -eu
scmap=$1 out=$2
style="$(cd "$(dirname "$0")" && pwd)/data/style_activation_sample.json"
fail() { echo "FAIL: $*"; exit 1; }
command -v ffprobe >/dev/null 2>&1 || fail "ffprobe is not installed (scripts/test installs it)"
rm -rf "$out"
for size in 1920x1080 1080x1080 1080x1350 1080x1920 640x360 400x900; do
  "$scmap" frames --quiet --style "$style" --size "$size" --periods 2010Q3..2010Q3 --gif \
    --out "$out/$size"
  fw=${size%x*} fh=${size#*x}
  g=$(ffprobe -v error -show_entries stream=width,height -of csv=p=0 "$out/$size/frames/activation-sample.gif")
  gw=${g%,*} gh=${g#*,}
  [ "$gw" -le "$fw" ] && [ "$gh" -le "$fh" ] || fail "$size frames: a GIF of ${gw}x$gh"
  [ "$gw" -le 1280 ] && [ "$gh" -le 1280 ] || fail "$size frames: a GIF of ${gw}x$gh, over 1280"
  # The frame's shape, to the pixel.
  [ $((gw * fh / fw - gh)) -le 1 ] && [ $((gh - gw * fh / fw)) -le 1 ] ||
    fail "$size frames: a GIF of ${gw}x$gh is not of the same shape"
done
echo "gif size: ok"
