#!/bin/sh
# Usage: county_classes.sh SCMAP STYLE FIPS=LABEL...: each county's legend label in the map
# of STYLE (its last period) must be LABEL exactly, from `scmap stats --counties`. Pins the
# classes of named real counties, one line each, so that a failure names the county.
scmap=$1 style=$2
shift 2
out=$("$scmap" stats --counties --style "$style") || exit 1
last=$(printf '%s\n' "$out" | tail -n 1 | cut -d, -f3)
fail=0
for pair do
  fips=${pair%%=*} want=${pair#*=}
  got=$(printf '%s\n' "$out" | awk -F, -v f="$fips" -v p="$last" '$1 == f && $3 == p { print $NF }')
  if [ "$got" != "$want" ]; then
    printf '%s in %s: "%s", want "%s"\n' "$fips" "$last" "$got" "$want"
    fail=1
  fi
done
exit $fail
