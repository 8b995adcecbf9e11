#!/bin/sh
# A disk that fills up during a run: exit 1, a message naming the file and "No space left",
# no temporary file left behind. A container fails early, while its tiles are drawn (they
# spill beside it, not to $TMPDIR), not once everything is drawn. Needs a small tmpfs (root);
# skipped (77) where mounting fails.
# Usage: full_disk.sh SCMAP
set -u
scmap=$1
style="$(cd "$(dirname "$0")" && pwd)/data/style_activation_sample.json"
d=$(mktemp -d /tmp/scmap-full.XXXXXX)
mount -t tmpfs -o size=300k tmpfs "$d" 2>/dev/null || { rmdir "$d"; echo "SKIPPED: cannot mount a small tmpfs here"; exit 77; }
fail=0
for fmt in dir pmtiles mbtiles; do
  rm -rf "${d:?}"/* # each format starts on the same empty disk
  msg=$("$scmap" tiles --progress --style "$style" --zoom 0-6 --format $fmt --out "$d/$fmt" 2>&1)
  rc=$?
  [ $rc -eq 1 ] || { echo "FAIL: $fmt: exit $rc"; fail=1; }
  echo "$msg" | grep -qE "$d/$fmt/.*(No space left on device|database or disk is full)" || { echo "FAIL: $fmt: $msg"; fail=1; }
  if [ $fmt != dir ]; then
    echo "$msg" | grep -qE "^scmap: $d/$fmt/activation-sample/[^:]*\.$fmt: cannot write: No space left" ||
      { echo "FAIL: $fmt: the message names no container: $msg"; fail=1; }
    ! echo "$msg" | grep -q '100%' || { echo "FAIL: $fmt: the disk was found full only after every tile was drawn"; fail=1; }
  fi
  [ -z "$(find "$d" -name '*.tmp*')" ] || { echo "FAIL: $fmt left temporary files"; fail=1; }
done
umount "$d"; rmdir "$d"
[ $fail -eq 0 ] && echo "full disk: clear messages, nothing half-written"
exit $fail
