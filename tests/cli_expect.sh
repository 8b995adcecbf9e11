#!/bin/sh
# Usage: cli_expect.sh RC PATTERN COMMAND...: runs COMMAND, passes when it exits with RC and
# its stdout+stderr match the extended regular expression PATTERN. An argument @EMPTY@ is
# passed as an empty string (CMake drops empty list elements). With --not NOPATTERN first, the
# output must also not match NOPATTERN.
nopattern=
if [ "$1" = "--not" ]; then
  nopattern=$2
  shift 2
fi
want=$1 pattern=$2
shift 2
for a do
  shift
  [ "$a" = "@EMPTY@" ] && a=""
  set -- "$@" "$a"
done
out=$("$@" 2>&1)
rc=$?
if [ "$rc" -ne "$want" ]; then
  printf 'exit code %s, want %s\n%s\n' "$rc" "$want" "$out" | head -40
  exit 1
fi
if ! printf '%s\n' "$out" | grep -Eq -- "$pattern"; then
  printf 'output does not match /%s/:\n%s\n' "$pattern" "$out" | head -40
  exit 1
fi
if [ -n "$nopattern" ] && printf '%s\n' "$out" | grep -Eq -- "$nopattern"; then
  printf 'output matches /%s/, which it must not:\n%s\n' "$nopattern" "$out" | head -40
  exit 1
fi
exit 0
