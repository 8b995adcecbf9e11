#!/usr/bin/env bash
# The demo's animation, timed: 18 quarters of the activation style at 1920x1080, frames alone
# and frames with --gif --mp4, medians of REPEAT runs: wall seconds, CPU seconds (user + system,
# ffmpeg's included: the figure to compare on a busy machine), peak resident KB of one process.
# Beside it, in the same run, the same 18 frames with R's sf + ggplot2 and the GIF with
# gganimate (bench/frames.R; R installed here if missing, as root; BENCH_R=0 skips R), and the
# ratios of the wall-time medians.
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
# One case: label, then the command; prints the medians and keeps the wall one in $W/label.
run() {
  label=$1
  shift
  : >"$W/t"
  for _ in $(seq "$REPEAT"); do
    rm -rf "$W/out"
    /usr/bin/time -f "%e %M %U %S" -o "$W/one" "$@" >/dev/null
    cat "$W/one" >>"$W/t"
  done
  echo "$(cut -d' ' -f1 "$W/t" | median) $(awk '{print $3 + $4}' "$W/t" | median)" >"$W/$label"
  printf '%-16s %6.2f s wall %6.2f s CPU %7d KB\n' "$label" $(cat "$W/$label") \
    "$(cut -d' ' -f2 "$W/t" | median)"
}
F=("$S" frames --quiet --style styles/activation.json --size 1920x1080 --out "$W/out" "$@")
run "frames" "${F[@]}"
run "frames+gif+mp4" "${F[@]}" --gif --mp4
[ "${BENCH_R:-1}" = 1 ] || exit 0
if ! Rscript -e 'library(sf); library(gganimate); library(magick)' >/dev/null 2>&1; then
  # Debian 12 has no gifski for R: gganimate writes the GIF through magick.
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends r-base-core \
    r-cran-sf r-cran-ggplot2 r-cran-gganimate r-cran-magick >/dev/null
fi
run "R frames" Rscript bench/frames.R frames "$W/out"
run "R gganimate" Rscript bench/frames.R gif "$W/out"
# Ratios of the medians, wall (CPU): on a busy machine the CPU one is the figure to trust.
cat "$W/frames" "$W/R frames" "$W/frames+gif+mp4" "$W/R gganimate" | awk '{w[NR] = $1; c[NR] = $2}
  END {
    printf "scmap frames: %.1fx (CPU %.1fx) R sf+ggplot2, target 5x\n", w[2] / w[1], c[2] / c[1]
    printf "frames+GIF+MP4: %.1fx (CPU %.1fx) gganimate, target 4x\n", w[4] / w[3], c[4] / c[3] }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
