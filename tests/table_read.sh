#!/bin/bash
# Tables and shapes that cannot be fixtures: FIFOs, a line over GDAL's 10 MB limit, a long
# per-period table. Each case: the exit code, the message, and no hang.
# Usage: table_read.sh SCMAP SOURCE_DIR OUTDIR [SANITIZED]
# SANITIZED=1 (an ASan build) skips the 10 MB line, which GDAL reads by growing a buffer one
# copy at a time: quadratic under ASan's allocator (40 s for 1 MB), and gives the slower build
# 60 s instead of 20 for the per-period table (the quadratic join took 81 s without ASan).
set -u
scmap=$1 src=$2 out=$3 sanitized=${4:-0}
d=$src/tests/data
style=$d/style_activation_sample.json
fail=0
rm -rf "$out"
mkdir -p "$out"

# expect NAME RC PATTERN SECONDS ARGS...: scmap exits RC within SECONDS, stderr matching PATTERN.
expect() {
  local name=$1 rc=$2 pattern=$3 secs=$4 msg got start
  shift 4
  start=$SECONDS
  msg=$(timeout "$secs" "$scmap" "$@" 2>&1 >/dev/null)
  got=$?
  if [ "$got" -ne "$rc" ] || ! grep -Eq -- "$pattern" <<<"$msg"; then
    echo "FAIL $name: exit $got (want $rc, 124 is a timeout); message: ${msg:0:300}"
    fail=1
  else
    echo "ok $name ($((SECONDS - start)) s)"
  fi
}

# A FIFO would block OGR for ever: as a table, as the shapes, and as a shapefile's sidecar.
mkfifo "$out/fifo.csv"
expect fifo_table 1 'fifo.csv: is a named pipe' 10 check --style "$style" --activations "$out/fifo.csv"
expect fifo_shapes 1 'fifo.csv: is a named pipe' 10 check --style "$style" --shapes "$out/fifo.csv"
mkdir "$out/shp"
cp "$d"/counties_sample.shp "$d"/counties_sample.shx "$d"/counties_sample.dbf "$out/shp/"
mkfifo "$out/shp/counties_sample.prj"
expect fifo_prj 1 'counties_sample.prj: is a named pipe' 10 check --style "$style" --shapes "$out/shp/counties_sample.shp"

# A cell over GDAL's 10 MB line limit in row 13 of 24 real rows: an error there, not 12 rows.
if [ "$sanitized" = 1 ]; then
  echo "skipped long_cell under ASan"
else
  {
    head -1 "$d/activation_sample.csv"
    sed -n 2,13p "$d/activation_sample.csv"
    printf '%s' "$(sed -n 14p "$d/activation_sample.csv")"
    head -c $((11 * 1024 * 1024)) /dev/zero | tr '\0' x
    echo
    sed -n 15,25p "$d/activation_sample.csv"
  } >"$out/long_cell.csv"
  expect long_cell 1 'long_cell.csv:14: row 13 cannot be read' 30 check --style "$style" --activations "$out/long_cell.csv"
fi

# A made-up per-period table: one row for each of the 3,142 counties, over 1,199 months. Loading
# was quadratic in the periods (81 s); the shipped shapes give it a unit for every row.
awk -F, 'NR == 1 { print "fips,period,removals,noncriminal" }
  NR > 1 { k = (NR - 2) % 1199; printf "%s,%04d-%02d,%d,%d\n", $1, 1910 + int(k / 12), k % 12 + 1, NR % 97, NR % 13 }' \
  "$src/data/county_population_2010_2013.csv" >"$out/counts_fake_monthly.csv"
cat >"$out/style_fake_monthly.json" <<JSON
{
  "name": "fake-monthly",
  "data": {
    "shapes": "$src/shapes/us_counties_5m_2018.shp",
    "activations": "$src/data/scomm_activation_county_v2010.csv",
    "counts": "$out/counts_fake_monthly.csv",
    "counts_period": "period",
    "fips_changes": "$src/data/county_fips_changes.csv",
    "groups": "$src/data/ice_jurisdiction_groups.csv"
  },
  "metric": {"type": "share", "numerator": "noncriminal", "denominator": "removals", "cumulative": true},
  "classify": {"method": "manual", "breaks": [0.25, 0.5], "palette": ["#fee8c8", "#fdbb84", "#e34a33"]}
}
JSON
expect per_period_speed 0 '' $((sanitized == 1 ? 60 : 20)) check --style "$out/style_fake_monthly.json"

# check on a user's small table over the 3,233 shipped shapes: a summary (counts by state, the
# first 20 rows of a list, "and N more"), not 3,200 lines; with -o, every row in a CSV beside
# the report; the table named by its file, never as S-Comm or ICE data.
"$scmap" check --style "$style" --shapes "$src/shapes/us_counties_5m_2018.shp" \
  --activations "$d/activation_fake_blank_rows.csv" -o "$out/report.txt" 2>/dev/null
lines=$(wc -l <"$out/report.txt" 2>/dev/null || echo 0)
rows=$(wc -l <"$out/report-unmatched.csv" 2>/dev/null || echo 0)
if [ "$lines" -gt 80 ] || [ "$rows" -lt 3000 ] ||
  ! grep -q '^activation_fake_blank_rows.csv (activations):' "$out/report.txt" ||
  ! grep -Eq '^    by state: AL [0-9]+, AK [0-9]+' "$out/report.txt" ||
  ! grep -Eq '^    and [0-9]{4} more \(all of them in report-unmatched.csv\)' "$out/report.txt" ||
  grep -Eq 'S-Comm|Secure Communities|ICE' "$out/report.txt"; then
  echo "FAIL check_summary: $lines report lines (want <= 80), $rows CSV rows (want >= 3000):"
  head -40 "$out/report.txt"
  fail=1
else
  echo "ok check_summary ($lines report lines, $rows CSV rows)"
fi
msg=$("$scmap" check --style "$style" --shapes "$src/shapes/us_counties_5m_2018.shp" \
  --activations "$d/activation_fake_blank_rows.csv" 2>&1 >/dev/null)
if ! grep -q 'with -o report.txt, check writes all of them to report-unmatched.csv' <<<"$msg"; then
  echo "FAIL check_summary_hint: ${msg:0:300}"
  fail=1
else
  echo "ok check_summary_hint"
fi

rm -rf "$out"
exit $fail
