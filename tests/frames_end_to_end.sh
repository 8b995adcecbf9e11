#!/bin/sh
# scmap frames and scmap map end to end: frame count and size, the GIF's frames and loop,
# the MP4 (ffprobe: codec, pixel format, frames), the PDF's text (pdftotext), and the GIF's
# memory, which must not grow with the number of frames.
# Usage: frames_end_to_end.sh SCMAP OUTDIR
set -eu
scmap=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
style="$here/data/style_activation_sample.json"
fail() { echo "FAIL: $*"; exit 1; }
for tool in ffprobe pdftotext; do
  command -v $tool >/dev/null 2>&1 || fail "$tool is not installed (scripts/test installs it)"
done
rm -rf "$out"
"$scmap" frames --quiet --style "$style" --size 1280x720 --gif --mp4 --out "$out"
n=$(ls "$out/frames/activation-sample" | wc -l)
[ "$n" -eq 15 ] || fail "$n frames, want 15 (2008 Q4 to 2012 Q2)"
size=$(ffprobe -v error -show_entries stream=width,height -of csv=p=0 "$out/frames/activation-sample/0000.png")
[ "$size" = "1280,720" ] || fail "frame size $size"
[ "$(wc -l < "$out/data/activation-sample-alt.txt")" -eq 15 ] || fail "alt text lines"
gif=$(ffprobe -v error -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$out/frames/activation-sample.gif")
[ "$gif" -eq 15 ] || fail "GIF has $gif frames"
grep -q NETSCAPE2.0 "$out/frames/activation-sample.gif" || fail "GIF does not loop"
[ "$(wc -c < "$out/frames/activation-sample.gif")" -lt 15000000 ] || fail "GIF over 15 MB"
mp4=$(ffprobe -v error -count_frames -show_entries stream=codec_name,pix_fmt,nb_read_frames -of csv=p=0 "$out/frames/activation-sample.mp4")
case "$mp4" in h264,yuv420p,*) ;; *) fail "MP4 stream: $mp4" ;; esac
frames=${mp4##*,}
[ "$frames" -ge 150 ] || fail "MP4 has $frames frames, want >= 150 (15 periods held 1.2 s at 10 fps)"
"$scmap" map --quiet --style "$style" --period 2010Q3 -o "$out/map.pdf"
text=$(pdftotext "$out/map.pdf" -)
echo "$text" | grep -q "Secure Communities sample" || fail "PDF text lacks the title"
echo "$text" | grep -q "2010 Q3" || fail "PDF text lacks the period label"
echo "$text" | grep -q "counties in" || fail "PDF text lacks the running count"
"$scmap" map --quiet --style "$style" --period 2010Q3 --lang es -o "$out/map.svg"
grep -q "<svg" "$out/map.svg" || fail "not an SVG"
[ -s "$out/map.alt.txt" ] || fail "no alt text beside the map"
. "$(dirname "$0")/lib/peak_kb.sh"
# The GIF is written as its frames are drawn: holding them all took 3.5 GB for --tween 30.
m0=$(peak_kb "$scmap" frames --quiet --style "$style" --size 640x360 --gif --tween 0 --out "$out/gif-t0")
m6=$(peak_kb "$scmap" frames --quiet --style "$style" --size 640x360 --gif --tween 6 --out "$out/gif-t6")
[ $((m6 - m0)) -lt 100000 ] || fail "the GIF of --tween 6 takes $((m6 - m0)) KB more than that of --tween 0"
echo "frames: ok"
