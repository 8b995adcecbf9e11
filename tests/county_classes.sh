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
  # fips,name,period,activation_date,value,class,label: a quoted field may hold commas.
  got=$(printf '%s\n' "$out" | grep "^$fips," | grep -F ",$last," |
    sed -E 's/^[^,]*,("[^"]*"|[^,]*),[^,]*,[^,]*,[^,]*,[^,]*,//; s/^"(.*)"$/\1/')
  if [ "$got" != "$want" ]; then
    printf '%s in %s: "%s", want "%s"\n' "$fips" "$last" "$got" "$want"
    fail=1
  fi
done
exit $fail
