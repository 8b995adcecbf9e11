#!/bin/sh
# scmap viewer's configuration, in its index.html: names with quotes, backslashes and markup
# stay valid JSON that cannot close its block, every tile set
# is listed however many there are, and an output folder reached through a symbolic link to the
# viewer's own source is refused with the source untouched; an index.html that cannot be
# written is an error that leaks nothing.
# Usage: viewer_config.sh SCMAP OUTDIR
set -eu
scmap=$1 out=$2
here=$(cd "$(dirname "$0")/.." && pwd)
[ -d "$here/web/node_modules/leaflet" ] || { echo "run npm ci in web/ (scripts/test does)"; exit 1; }
rm -rf "$out"
tiles="$out/tiles \"q\""
i=0
while [ $i -lt 70 ]; do
  mkdir -p "$tiles/set-$i"
  echo '{}' >"$tiles/set-$i/periods.json"
  i=$((i + 1))
done
for name in 'say "hi"' 'back\slash' '<!--<script>' activation .hidden; do
  mkdir -p "$tiles/$name"
  echo '{}' >"$tiles/$name/periods.json"
done
mkdir -p "$tiles/no-periods"
"$scmap" viewer --quiet --tiles "$tiles" -o "$out/viewer"
python3 - "$out/viewer/index.html" <<'PY'
import json, re, sys
html = open(sys.argv[1]).read()
c = json.loads(re.search(r'<script type="application/json" id="scmap-config">(.*?)</script>', html, re.S).group(1))
want = ["activation"] + sorted(["set-%d" % i for i in range(70)] + ['say "hi"', "back\\slash", "<!--<script>"])
assert [s["name"] for s in c["styles"]] == want, c["styles"]
assert "<" not in html.split('id="scmap-config">')[1].split("</script>")[0]
assert c["states"]["06"] == "CA" and c["states"]["72"] == "PR" and c["states"]["66"] == "GU", c["states"]
assert c["tiles"] == '../tiles "q"', c["tiles"]
assert c["data"] is None, c["data"]
PY
# index.html that cannot be written (a folder is in the way): exit 1 naming it, and under
# ASan no leak of the names gathered before.
mkdir -p "$out/blocked/index.html"
if msg=$("$scmap" viewer --quiet --tiles "$tiles" -o "$out/blocked" 2>&1); then
  echo "viewer with index.html a folder: exit 0"; exit 1
fi
case $msg in
  *"blocked/index.html: cannot write"*) ;;
  *) echo "message: $msg"; exit 1 ;;
esac
case $msg in *LeakSanitizer*) echo "$msg"; exit 1 ;; esac
# -o through a link to web/viewer: refused, and the viewer's files keep their bytes.
ln -s "$here/web/viewer" "$out/link"
before=$(cat "$here/web/viewer/index.html" "$here/web/viewer/viewer.js" | cksum)
if msg=$("$scmap" viewer --quiet --tiles "$tiles" -o "$out/link" 2>&1); then
  echo "viewer -o onto its own source: exit 0"; exit 1
fi
echo "$msg" | grep -q "holds the viewer's source" || { echo "message: $msg"; exit 1; }
[ "$(cat "$here/web/viewer/index.html" "$here/web/viewer/viewer.js" | cksum)" = "$before" ] ||
  { echo "web/viewer changed"; exit 1; }
echo "viewer config: ok"
