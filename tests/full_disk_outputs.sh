#!/bin/bash
# A disk that fills up under each output that is not a tile: frames, GIF, MP4, still PNG, SVG
# and PDF, stats -o and check -o. Each must exit 1 with a message naming the file and "No space
# left on device", leave no temporary file, and leave an earlier good file at the same path as
# it was; and an MP4 that ffmpeg cut short without a word is refused. Needs a small tmpfs
# (root); skipped (77) where mounting fails.
# Usage: full_disk_outputs.sh SCMAP
set -u
scmap=$1
style="$(cd "$(dirname "$0")" && pwd)/data/style_activation_sample.json"
fail=0

# An ffmpeg that exits 0 in silence after writing a cut-off MP4: the MP4 is checked, refused,
# and the earlier one stays.
fake=$(mktemp -d /tmp/scmap-fake-ffmpeg.XXXXXX)
cat > "$fake/ffmpeg" <<'SH'
#!/bin/sh
for a; do out=$a; done
printf '\000\000\000\040ftypisom\000\000\002\000isomiso2avc1mp41\000\001\000\000mdat' > "$out"
SH
chmod +x "$fake/ffmpeg"
mkdir -p "$fake/out/frames"
echo "good mp4" > "$fake/out/frames/activation-sample.mp4"
msg=$(PATH="$fake:$PATH" "$scmap" frames --quiet --style "$style" --size 640x360 --mp4 --out "$fake/out" 2>&1)
rc=$?
[ $rc -eq 1 ] && grep -q "activation-sample.mp4: ffmpeg wrote an incomplete MP4" <<<"$msg" ||
  { echo "FAIL: a cut-off MP4 from ffmpeg: exit $rc: $msg"; fail=1; }
echo "good mp4" | cmp -s - "$fake/out/frames/activation-sample.mp4" ||
  { echo "FAIL: a cut-off MP4 from ffmpeg replaced the earlier one"; fail=1; }
[ -z "$(find "$fake" -name '*.tmp*')" ] || { echo "FAIL: the cut-off MP4 was left"; fail=1; }
rm -rf "$fake"

d=$(mktemp -d /tmp/scmap-full-out.XXXXXX)
big=$(mktemp -d /tmp/scmap-big.XXXXXX)
mount -t tmpfs -o size=1m tmpfs "$d" 2>/dev/null || {
  rmdir "$d" "$big"; echo "SKIPPED: cannot mount a small tmpfs here"; exit 77; }

# run NAME TARGET KEEP_KB ARGS...: an earlier good TARGET, the disk filled to KEEP_KB free, then
# scmap ARGS. Frames and alt text of the GIF and MP4 cases go to another disk (symlinks), so
# that the GIF or MP4 is what meets the full disk.
run() {
  local name=$1 target=$2 keep=$3 msg rc avail
  shift 3
  find "$d" -mindepth 1 -delete
  rm -rf "${big:?}"/*
  mkdir -p "$d/out/frames" "$big/frames" "$big/data"
  case $name in gif|mp4)
    ln -s "$big/frames" "$d/out/frames/activation-sample"
    ln -s "$big/data" "$d/out/data" ;;
  esac
  mkdir -p "$(dirname "$target")"
  echo "good $name from an earlier run" > "$target"
  avail=$(df -k --output=avail "$d" | tail -1)
  if [ "$keep" -gt 0 ]; then
    dd if=/dev/zero of="$d/fill" bs=1k count=$((avail - keep)) 2>/dev/null
  else
    cat /dev/zero > "$d/fill" 2>/dev/null
  fi
  msg=$("$scmap" "$@" 2>&1)
  rc=$?
  [ $rc -eq 1 ] || { echo "FAIL: $name: exit $rc: $msg"; fail=1; }
  grep -qE "$d/.*: .*No space left on device" <<<"$msg" ||
    { echo "FAIL: $name: message does not name the file and the full disk: $msg"; fail=1; }
  [ -z "$(find "$d" "$big" -name '*.tmp*')" ] ||
    { echo "FAIL: $name: left $(find "$d" "$big" -name '*.tmp*')"; fail=1; }
  echo "good $name from an earlier run" | cmp -s - "$target" ||
    { echo "FAIL: $name: the earlier $target was destroyed"; fail=1; }
}

f=(frames --quiet --style "$style" --out "$d/out")
run frames "$d/out/frames/activation-sample/0000.png" 40 "${f[@]}"
run gif "$d/out/frames/activation-sample.gif" 40 "${f[@]}" --gif
if command -v ffmpeg >/dev/null 2>&1; then
  run mp4 "$d/out/frames/activation-sample.mp4" 8 "${f[@]}" --mp4
else
  echo "no ffmpeg: the MP4 case is not run"
fi
for ext in png svg pdf; do
  run "map $ext" "$d/map.$ext" 16 map --quiet --style "$style" -o "$d/map.$ext"
done
run "stats -o" "$d/stats.csv" 0 stats --style "$style" -o "$d/stats.csv"
run "check -o" "$d/check.txt" 0 check --style "$style" -o "$d/check.txt"

umount "$d"
rmdir "$d"
rm -rf "$big"
[ $fail -eq 0 ] && echo "full disk, every output: exit 1 naming the file, nothing half-written"
exit $fail
