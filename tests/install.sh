#!/bin/sh
# scmap installed like a real tool (issue 13). cmake --install into a temporary prefix, which
# is then moved, so only the binary's own lookup can find share/scmap; from another folder,
# with SCMAP_DATA_DIR unset, the demo's quickest run and a user's table with a style in its own
# folder, under strace: not one file under the source or build tree is opened. Then the
# library through pkg-config, the man page, and the .deb's Depends and contents.
# Usage: install.sh BUILD_DIR SOURCE_DIR CC [CFLAGS]
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd) cc=$3 cflags=${4:-}
for t in strace pkg-config man; do
  command -v $t >/dev/null || { echo "install.sh: $t is missing (scripts/setup installs it)"; exit 1; }
done
# Outside the source tree (the build tree is in it), so a path under it is a leak.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scmap-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
unset SCMAP_DATA_DIR
cmake --install "$build" --prefix "$tmp/first" >/dev/null
mv "$tmp/first" "$tmp/moved"
p=$tmp/moved
# LeakSanitizer (the asan build) cannot run under strace: the traced runs go without it.
leaks() { # the files a trace shows opened or looked at under the source tree
  grep -E "\"$src(/|\")" "$1" || true
}

# The demo, only its quickest part: one zoom, two quarters, small frames.
mkdir -p "$tmp/work/my maps"
cd "$tmp/work"
ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=%file -o "$tmp/demo.trace" \
  "$p/bin/scmap" demo --quiet --zoom 0-0 --size 480x320 --periods 2010Q3..2010Q4 --out demo >/dev/null
for f in demo/data/activation-check.txt demo/tiles/activation/periods.json \
         demo/maps/activation-2010Q4.png demo/maps/removals-2012Q3.pdf demo/viewer/index.html demo/viewer/lib/leaflet.js \
         demo/data/state-moa-check.txt demo/maps/state-moa-2010Q4.png demo/tiles/state-moa/periods.json; do
  [ -s "$f" ] || { echo "install.sh: the installed demo did not write $f"; exit 1; }
done
[ -z "$(leaks "$tmp/demo.trace")" ] || { echo "install.sh: the installed scmap read the source tree:"; leaks "$tmp/demo.trace" | head; exit 1; }

# A user's table and a style in their own folder, named as a shipped style names its data
# (../shapes/...: not there, so scmap's own file, with a note); the crosswalk it does not
# name comes from share/scmap (46113 is remapped).
cp "$src/tests/data/activation_sample.csv" "my maps/cards.csv"
cat > "my maps/cards.json" <<'JSON'
{
  "name": "fake-library-cards",
  "title": "Library card rollout (fake)",
  "data": {"shapes": "../shapes/us_counties_5m_2018.shp", "activations": "cards.csv"},
  "metric": {"type": "activation", "period": "quarter"},
  "classify": {"method": "categorical"},
  "classes": {
    "new": {"color": "#e6550d", "label": "New this quarter"},
    "active": {"color": "#fdae6b", "label": "Has cards"},
    "not_yet": {"color": "#e3e3e3", "label": "Not yet"},
    "no_data": {"color": "#a6a6a6", "label": "No data"}
  }
}
JSON
ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=%file -o "$tmp/map.trace" \
  "$p/bin/scmap" map --style "my maps/cards.json" -o cards.png 2>"$tmp/map.err"
[ -s cards.png ] || { echo "install.sh: no map of the user's table"; cat "$tmp/map.err"; exit 1; }
grep -q "note: my maps/cards.json names my maps/../shapes/us_counties_5m_2018.shp, which is not there: using scmap's built-in $p/share/scmap/shapes/" "$tmp/map.err" ||
  { echo "install.sh: no note on the built-in shapes:"; cat "$tmp/map.err"; exit 1; }
[ -z "$(leaks "$tmp/map.trace")" ] || { echo "install.sh: the installed scmap read the source tree:"; leaks "$tmp/map.trace" | head; exit 1; }
"$p/bin/scmap" check --quiet --style "my maps/cards.json" | grep -q "46113 -> 46102" ||
  { echo "install.sh: the built-in crosswalk was not used"; exit 1; }
# A path that is no built-in file's name: the error names it and the fix.
sed 's/"cards.csv"/"nowhere.csv"/' "my maps/cards.json" > "my maps/bad.json"
if "$p/bin/scmap" check --style "my maps/bad.json" >/dev/null 2>"$tmp/bad.err"; then
  echo "install.sh: a missing table was not an error"; exit 1; fi
grep -q "my maps/nowhere.csv: cannot open: no such file (my maps/bad.json names it in \"data\": paths in a style are relative to the style's folder" "$tmp/bad.err" ||
  { echo "install.sh: unclear error:"; cat "$tmp/bad.err"; exit 1; }
# SCMAP_DATA_DIR wins over the lookup.
if SCMAP_DATA_DIR=$tmp/nowhere "$p/bin/scmap" check >/dev/null 2>"$tmp/env.err"; then
  echo "install.sh: SCMAP_DATA_DIR was not used"; exit 1; fi
grep -q "$tmp/nowhere/styles/activation.json" "$tmp/env.err" ||
  { echo "install.sh: SCMAP_DATA_DIR was not used:"; cat "$tmp/env.err"; exit 1; }

# The library: pkg-config from the moved prefix, a program on the public API.
export PKG_CONFIG_PATH=$p/lib/pkgconfig
flags=$(pkg-config --cflags --libs scmap)
cat > hello.c <<'C'
#include <scmap/scmap.h>
#include <stdio.h>
int main(void) {
    scm_ctx *ctx;
    if (scm_ctx_new(&ctx) != SCM_OK) return 1;
    printf("libscmap %s\n", scm_version());
    scm_ctx_free(ctx);
    return 0;
}
C
# shellcheck disable=SC2086
$cc $cflags hello.c $flags -o hello
LD_LIBRARY_PATH=$p/lib ./hello | grep -qx "libscmap $("$p/bin/scmap" --version | sed 's/^scmap //')" ||
  { echo "install.sh: the program on libscmap.so did not run"; exit 1; }

# The man page: every command has its section, and it renders without warnings.
page=$p/share/man/man1/scmap.1
for c in demo check stats tiles frames map viewer merge init-style; do
  MANWIDTH=100 man -l "$page" 2>/dev/null | grep -q "^   $c\$" || { echo "install.sh: the man page has no $c"; exit 1; }
done
[ -z "$(MANWIDTH=100 man --warnings -l "$page" 2>&1 >/dev/null)" ] || { echo "install.sh: man page warnings:"; man --warnings -l "$page" 2>&1 >/dev/null | head; exit 1; }
echo "install.sh: installed, moved, demo and a user's table from $tmp/work, libscmap through pkg-config, man page"
