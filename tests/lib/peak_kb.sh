# Sourced by tests that bound memory. peak_kb CMD...: the command's peak resident memory in
# KB, sampled from /proc while it runs; exits through the caller's fail() if it fails. Under
# AddressSanitizer, freed memory is held in quarantine (256 MB) and would grow with the work.
peak_kb() {
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0" "$@" &
  pid=$! peak=0
  while kb=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null) && [ -n "$kb" ]; do
    peak=$kb
    sleep 0.05
  done
  wait $pid || fail "$*"
  echo "$peak"
}
