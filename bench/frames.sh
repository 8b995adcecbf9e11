#!/usr/bin/env bash
# The demo's animation, timed: 18 quarters of the activation style at 1920x1080, frames alone
# and frames with --gif --mp4, medians of REPEAT runs: wall seconds, CPU seconds (user + system,
# ffmpeg's included: the figure to compare on a busy machine), peak resident KB of one process.
# Usage: bench/frames.sh [REPEAT=3] [SCMAP=build/release/scmap] [extra frames flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
REPEAT=${1:-3} S=${2:-build/release/scmap}
shift $(($# < 2 ? $# : 2))
if [ "$S" = build/release/scmap ]; then
  cmake --preset release >/dev/null && cmake --build --preset release -j2 >/dev/null
fi
W=$(mktemp -d /tmp/scmap-bench-frames.XXXXXX)
trap 'rm -rf "$W"' EXIT
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
# One case: label, then the frames flags; prints the medians.
run() {
  label=$1
  shift
  : >"$W/t"
  for _ in $(seq "$REPEAT"); do
    rm -rf "$W/out"
    /usr/bin/time -f "%e %M %U %S" -o "$W/one" "$S" frames --quiet --style styles/activation.json \
      --size 1920x1080 --out "$W/out" "$@"
    cat "$W/one" >>"$W/t"
  done
  printf '%-16s %s  %6.2f s wall %6.2f s CPU %7d KB\n' "$label" "$*" \
    "$(cut -d' ' -f1 "$W/t" | median)" "$(awk '{print $3 + $4}' "$W/t" | median)" \
    "$(cut -d' ' -f2 "$W/t" | median)"
}
run "frames" "$@"
run "frames+gif+mp4" --gif --mp4 "$@"
