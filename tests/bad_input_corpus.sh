#!/bin/bash
# Runs every case of tests/data/bad_fake/cases*.tsv (one file an area): the exit code, the message (which names the
# file and line or key), no crash or hang, and no output left behind in @OUT@.
# Usage: bad_input_corpus.sh SCMAP TESTDATA OUTDIR
set -u
scmap=$1 data=$2 out=$3
pass=0 fail=0
while IFS=$'\t' read -r rc pattern args; do
  case "$rc" in ''|'#'*) continue ;; esac
  rm -rf "$out"; mkdir -p "$out"
  args=${args//@D@/$data}
  args=${args//@OUT@/$out}
  # shellcheck disable=SC2086
  msg=$(timeout 60 "$scmap" $args 2>&1 >/dev/null)
  got=$?
  left=$(find "$out" -type f | head -3)
  if [ "$got" -ne "$rc" ] || ! grep -Eq -- "$pattern" <<<"$msg" || [ -n "$left" ]; then
    echo "FAIL: scmap $args"
    echo "  exit $got (want $rc); message: $msg"
    [ -z "$left" ] || echo "  left behind: $left"
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
done < <(cat "$data"/bad_fake/cases*.tsv)
echo "bad input: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -ge 40 ]
