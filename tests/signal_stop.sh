#!/bin/bash
# SIGTERM and SIGINT during `scmap tiles` (and `frames`): exit 143 / 130 after one line, no temporary file
# left under --out, every container there whole; a directory run stopped so and resumed is
# byte for byte a clean run.
# Usage: signal_stop.sh SCMAP OUTDIR
set -u
set -m # background jobs with the default SIGINT: a script's `&` would ignore it
scmap=$1 out=$2
style="$(cd "$(dirname "$0")" && pwd)/data/style_activation_sample.json"
args=(tiles --style "$style" --zoom 0-6 --jobs 2)
rm -rf "$out"; mkdir -p "$out"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

for fmt in dir pmtiles mbtiles; do
  "$scmap" "${args[@]}" --quiet --format $fmt --out "$out/clean-$fmt" || exit 1
done

# The last percentage of the progress bar in file $1, 0 before the first.
pct() { tr '\r' '\n' <"$1" | sed -n 's/.*\] *\([0-9]*\)%$/\1/p' | tail -1 | grep . || echo 0; }

# Starts a run, sends signal $3 once its progress bar reaches $4 percent, checks the exit code,
# that one line follows the bar, that no temporary file is left and that any container is
# whole.
stop() {
  local fmt=$1 dir=$2 sig=$3 at=$4 want pid rc msg f
  want=$((128 + $(kill -l "$sig")))
  : >"$out/msg" # emptied before the start: the job's own 2> may come after the first pct
  "$scmap" "${args[@]}" --progress --format "$fmt" --out "$dir" 2>"$out/msg" &
  pid=$!
  while kill -0 $pid 2>/dev/null && [ "$(pct "$out/msg")" -lt "$at" ]; do sleep 0.05; done
  if ! kill -s "$sig" $pid 2>/dev/null; then
    wait $pid
    echo "note: $fmt finished before SIG$sig at $at%"
    return
  fi
  wait $pid
  rc=$?
  msg=$(tr '\r' '\n' <"$out/msg" | grep -v '^activation-sample z0-6 \[' | grep .)
  if grep -q "^scmap: activation-sample: 15 periods" <<<"$msg"; then
    # The signal came as scmap was exiting, the run done: ended by it, or not at all.
    echo "note: $fmt had finished when SIG$sig came at $at%: exit $rc"
    [ $rc -eq 0 ] || [ $rc -eq "$want" ] || fail "$fmt SIG$sig: exit $rc after the run"
  else
    echo "$fmt: SIG$sig at $at%: exit $rc: $msg"
    [ $rc -eq "$want" ] || fail "$fmt SIG$sig: exit $rc, want $want"
    [ "$(grep -c . <<<"$msg")" -eq 1 ] || fail "$fmt SIG$sig: not one line: $msg"
    grep -q "^scmap: stopped by a signal" <<<"$msg" || fail "$fmt SIG$sig: message: $msg"
  fi
  [ -z "$(find "$dir" -name '*.tmp*')" ] || fail "$fmt SIG$sig: left $(find "$dir" -name '*.tmp*' | head -3)"
  for f in "$dir"/*/*.pmtiles "$dir"/*/*.mbtiles; do
    [ -e "$f" ] || continue
    cmp -s "$f" "$out/clean-$fmt/${f#"$dir"/}" || fail "$fmt SIG$sig: $f is there but not whole"
  done
}

for fmt in pmtiles mbtiles; do
  for sig in TERM INT; do
    for at in 30 90; do
      rm -rf "$out/run"
      stop $fmt "$out/run" $sig $at
      "$scmap" "${args[@]}" --quiet --format $fmt --out "$out/run" || fail "$fmt: the run after SIG$sig"
      diff -r "$out/clean-$fmt" "$out/run" >/dev/null || fail "$fmt: the run after SIG$sig differs"
    done
  done
done

# A directory run stopped by a signal resumes where it stopped.
for sig in TERM INT; do
  for at in 20 60; do
    rm -rf "$out/run"
    stop dir "$out/run" $sig $at
    "$scmap" "${args[@]}" --quiet --resume --out "$out/run" || fail "dir: --resume after SIG$sig"
    diff -r "$out/clean-dir" "$out/run" >/dev/null || fail "dir: SIG$sig at $at%, resumed: differs from a clean run"
  done
done
# Frames, the GIF and stills stop at their next file: the file they were writing is not left
# under a temporary name.
for sig in TERM INT; do
  rm -rf "$out/frames"
  "$scmap" frames --style "$style" --gif --quiet --out "$out/frames" &
  pid=$!
  while kill -0 $pid 2>/dev/null && [ "$(find "$out/frames" -name '*.png' 2>/dev/null | wc -l)" -lt 3 ]; do
    sleep 0.05
  done
  kill -s $sig $pid 2>/dev/null
  wait $pid
  rc=$?
  [ $rc -eq $((128 + $(kill -l $sig))) ] || [ $rc -eq 0 ] || fail "frames SIG$sig: exit $rc"
  [ -z "$(find "$out/frames" -name '*.tmp*')" ] || fail "frames SIG$sig: left $(find "$out/frames" -name '*.tmp*' | head -3)"
done
echo "signal stop: $fails failures"
[ $fails -eq 0 ]
