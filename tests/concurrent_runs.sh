#!/bin/bash
# Two container runs into one folder at once, the second started a little after the first (its
# start-of-run sweep meets the first one's temporary files): each has temporary files of its
# own, both succeed, every file is the bytes of a clean run, and no temporary file is left.
# (Before: one name, "<file>.tmp", for both, and the sweep of one removed the other's.)
# Usage: concurrent_runs.sh SCMAP OUTDIR
set -u
scmap=$1 out=$2
data="$(cd "$(dirname "$0")" && pwd)/data"
rm -rf "$out"; mkdir -p "$out"
# The sample style by months: 60 periods, and a run long enough to watch.
sed -e "s#\"\([a-z_]*\.\(shp\|csv\)\)\"#\"$data/\1\"#" \
    -e 's#"type": "activation"}#"type": "activation", "period": "month"}#' \
    "$data/style_activation_sample.json" >"$out/style_monthly.json"
args=(tiles --quiet --style "$out/style_monthly.json" --periods 2008-01..2012-12 --zoom 0-8 --jobs 1)
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
for fmt in pmtiles mbtiles; do
  "$scmap" "${args[@]}" --format $fmt --out "$out/clean-$fmt" || exit 1
  for delay in 0 0.3; do
    rm -rf "$out/both"
    "$scmap" "${args[@]}" --format $fmt --out "$out/both" 2>"$out/msg-a" & a=$!
    sleep $delay
    "$scmap" "${args[@]}" --format $fmt --out "$out/both" 2>"$out/msg-b" & b=$!
    # Each run, once seen drawing (its temporary files there, one a period, named for its
    # process), is stopped until the other is seen too, so that both are seen side by side.
    na=0 nb=0 tries=0
    while [ $na -lt 60 ] || [ $nb -lt 60 ]; do
      ls -a "$out/both/activation-sample" >"$out/ls" 2>/dev/null
      [ $na -ge 60 ] || { na=$(grep -c "^\..*\.scmap-$a-[0-9]*\.tmp$" "$out/ls") && [ $na -ge 60 ] && kill -STOP $a; }
      [ $nb -ge 60 ] || { nb=$(grep -c "^\..*\.scmap-$b-[0-9]*\.tmp$" "$out/ls") && [ $nb -ge 60 ] && kill -STOP $b; }
      tries=$((tries + 1))
      [ $tries -lt 400 ] || break
      sleep 0.02
    done
    kill -CONT $a $b 2>/dev/null
    [ $na -ge 60 ] && [ $nb -ge 60 ] ||
      fail "$fmt, second run $delay s later: temporary files of its own: $na of the first run, $nb of the second (want 60 each): $(grep -c tmp "$out/ls") in all"
    wait $a; ra=$?
    wait $b; rb=$?
    [ $ra -eq 0 ] && [ $rb -eq 0 ] ||
      fail "$fmt, second run $delay s later: exit $ra and $rb: $(cat "$out/msg-a" "$out/msg-b")"
    diff -r "$out/clean-$fmt" "$out/both" >/dev/null ||
      fail "$fmt, second run $delay s later: differs from a clean run"
    [ -z "$(find "$out/both" -name '*.tmp*')" ] ||
      fail "$fmt, second run $delay s later: left $(find "$out/both" -name '*.tmp*' | head -3)"
  done
done
echo "concurrent runs: $fails failures"
[ $fails -eq 0 ]
