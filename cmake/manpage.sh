#!/bin/sh
# Writes the man page scmap.1 from `scmap --help` and each command's --help, so the page
# says what the binary says. Usage: manpage.sh SCMAP OUT
set -eu
scmap=$1 out=$2
help=$("$scmap" --help)
# Help text as roff, kept as printed: backslashes escaped, a leading dot or quote made literal,
# and "-" a minus, so that flags copied from the page work.
verbatim() {
  printf '.nf\n'
  sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\([.']\)/\\\\\&\1/"
  printf '.fi\n'
}
{
  version=$(printf '%s\n' "$help" | sed -n '1s/^scmap \([^ ]*\) .*/\1/p')
  summary=$(printf '%s\n' "$help" | sed -n '1s/^[^-]*-- //p')
  printf '.TH SCMAP 1 "" "scmap %s" "User Commands"\n' "$version"
  printf '.SH NAME\nscmap \\- %s\n' "$summary"
  printf '.SH SYNOPSIS\n.B scmap\n.I COMMAND\n.RI [ OPTIONS ]\n'
  printf '.SH DESCRIPTION\n'
  printf '%s\n' "$help" | sed 1,4d | verbatim
  printf '.SH COMMANDS\n'
  for c in $(printf '%s\n' "$help" | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\)  .*/\1/p'); do
    printf '.SS %s\n' "$c"
    "$scmap" "$c" --help | verbatim
  done
  cat <<'ROFF'
.SH ENVIRONMENT
.TP
.B SCMAP_DATA_DIR
The folder that holds scmap's own styles/, data/, shapes/ and web/. Unset, scmap looks in
\fB../share/scmap\fR beside its binary (an installed prefix, wherever it was moved), then in
the source folder it was built from.
.SH FILES
.TP
.I share/scmap/styles/
The shipped styles. Data paths in a style are relative to the style's own folder; shapes,
FIPS changes, groups and population a style does not name come from \fIshare/scmap/data/\fR
and \fIshare/scmap/shapes/\fR.
.SH EXIT STATUS
0 done, 1 a data or runtime error (the message names file and line), 2 a usage error.
ROFF
} > "$out.tmp"
mv "$out.tmp" "$out"
