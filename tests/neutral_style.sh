#!/bin/sh
# Anyone's own table in their own words: a made-up style (a fake library card rollout) drawn
# into every output scmap writes -- tiles (folder and PMTiles), frames and GIF, still PNG, SVG
# and PDF, stats, check and the viewer -- and no file, PNG text chunk or PDF text may name the
# program the shipped styles are about. Words only the S-Comm styles may carry.
# Usage: neutral_style.sh SCMAP OUTDIR
set -eu
scmap=$1 out=$2
here=$(cd "$(dirname "$0")/.." && pwd)
style="$here/tests/data/style_fake_library_cards.json"
fail() { echo "FAIL: $*"; exit 1; }
command -v pdftotext >/dev/null 2>&1 || fail "pdftotext is not installed (scripts/test installs it)"
[ -d "$here/web/node_modules/leaflet" ] || fail "run npm ci in web/ (scripts/test does)"
rm -rf "$out"
mkdir -p "$out"

# Every file under $1: no S-Comm words in its bytes, its PNG text chunks (zTXt, iTXt inflated)
# or its PDF text.
no_program_words() {
  if grep -raE 'Secure Communities|S-Comm|Comunidades Seguras' "$1" ||
     grep -rawE 'ICE' "$1"; then
    fail "S-Comm words in the outputs of a style that is not about it (above)"
  fi
  find "$1" -name '*.pdf' | while read -r f; do
    pdftotext "$f" - | grep -E 'Secure Communities|S-Comm|Comunidades Seguras|\bICE\b' &&
      fail "$f: S-Comm words in its text"
    :
  done
  python3 - "$1" <<'PY'
import os, re, struct, sys, zlib
bad = re.compile(rb"Secure Communities|S-Comm|Comunidades Seguras|\bICE\b")
for root, _, files in os.walk(sys.argv[1]):
    for name in files:
        if not name.endswith(".png"):
            continue
        data = open(os.path.join(root, name), "rb").read()
        i = 8
        while i + 8 <= len(data):
            n, kind = struct.unpack(">I4s", data[i:i + 8])
            body = data[i + 8:i + 8 + n]
            if kind == b"zTXt":
                body = zlib.decompress(body.split(b"\0", 1)[1][1:])
            elif kind == b"iTXt":
                key, rest = body.split(b"\0", 1)
                if rest[0] == 1:
                    body = zlib.decompress(rest[2:].split(b"\0", 2)[2])
            if kind in (b"tEXt", b"zTXt", b"iTXt") and bad.search(body):
                sys.exit("FAIL: %s: S-Comm words in a %s chunk" % (name, kind.decode()))
            i += 12 + n
PY
}

q="--quiet --style $style"
"$scmap" tiles $q --zoom 0-2 --out "$out/tiles"
"$scmap" tiles $q --zoom 0-2 --format pmtiles --out "$out/pmtiles"
"$scmap" frames $q --size 640x360 --gif --out "$out/frames"
for f in png svg pdf; do
  "$scmap" map $q --size 640x360 -o "$out/map.$f"
  "$scmap" map $q --size 640x360 --lang es -o "$out/mapa.$f"
done
"$scmap" stats $q -o "$out/stats.csv"
"$scmap" check $q -o "$out/check.txt"
"$scmap" viewer --quiet --tiles "$out/tiles" -o "$out/viewer"
# What scmap says on the terminal about the made-up style: no S-Comm words either.
mkdir -p "$out/said"
"$scmap" check --style "$style" >"$out/said/check.out" 2>"$out/said/check.err"
"$scmap" map --style "$style" --size 640x360 -o "$out/said/map.png" >"$out/said/map.out" 2>"$out/said/map.err"
[ -s "$out/map.alt.txt" ] || fail "no alt text beside the still"
grep -q 'Library card rollout' "$out/tiles/fake-library-cards/periods.json" ||
  fail "periods.json lacks the style's title"
no_program_words "$out"
echo "neutral style: $(find "$out" -type f | wc -l) files, no S-Comm words"

# A shipped style in the user's words: --title and --source (English for both languages)
# reach the TileJSON, periods.json, the alt text and the drawn map; --attribution the
# TileJSON alone. Its notes file is its data, so only the words are checked here.
ship="$here/styles/activation.json"
own="--title Own-title-xyz --source Own-source-xyz"
"$scmap" tiles --quiet --style "$ship" $own --zoom 0-0 --out "$out/own/tiles"
"$scmap" tiles --quiet --style "$ship" $own --attribution Own-credit-xyz --zoom 0-0 \
  --format pmtiles --out "$out/own/pmtiles"
"$scmap" map --quiet --style "$ship" $own --lang es --size 640x360 -o "$out/own/map.pdf"
python3 - "$out/own" <<'PY'
import json, sys
d = sys.argv[1]
tj = json.load(open(d + "/tiles/activation/2010Q1.json"))
assert tj["name"].startswith("Own-title-xyz"), tj["name"]
assert tj["attribution"] == "Own-source-xyz", tj["attribution"]
pm = json.load(open(d + "/pmtiles/activation/2010Q1.pmtiles.json"))
assert pm["attribution"] == "Own-credit-xyz", pm["attribution"]
p = json.load(open(d + "/tiles/activation/periods.json"))
assert p["title"] == {"en": "Own-title-xyz", "es": "Own-title-xyz"}, p["title"]
assert p["source"] == {"en": "Own-source-xyz", "es": "Own-source-xyz"}, p["source"]
text = json.dumps(p)
assert "Secure Communities" not in text and "Comunidades Seguras" not in text, "old words stay"
alt = p["periods"][-1]["alt"]
assert alt["en"].startswith("Own-title-xyz, ") and alt["es"].startswith("Own-title-xyz, "), alt
PY
grep -q '^Own-title-xyz, ' "$out/own/map.alt.txt" || fail "the still's alt text: $(cat "$out/own/map.alt.txt")"
words=$(pdftotext "$out/own/map.pdf" -)
case $words in *Own-title-xyz*Own-source-xyz*) ;; *) fail "the PDF's words: $words" ;; esac
echo "overrides: TileJSON, periods.json, alt text and the drawn map carry the user's words"

# "Absent means not yet": no county can be "No data", so no legend has the entry, neither
# periods.json's nor the one drawn on a still.
"$scmap" tiles $q --missing not-yet --zoom 0-0 --out "$out/notyet"
"$scmap" map $q --missing not-yet --size 640x360 -o "$out/notyet/map.pdf"
python3 - "$out/notyet/fake-library-cards/periods.json" <<'PY'
import json, sys
kinds = [entry["kind"] for entry in json.load(open(sys.argv[1]))["legend"]]
assert kinds == ["new", "active", "not_yet"], kinds
PY
pdftotext "$out/notyet/map.pdf" - | grep -q 'No data' && fail "--missing not-yet: the still's legend has \"No data\""
echo "--missing not-yet: no \"No data\" in the legends"

# A shipped S-Comm style on the user's own table, in the user's words: scmap's county notes
# are facts about ICE's file, so none reaches the viewer's readout or the alt text, and no
# output names the program.
user="$out/user"
set -- --quiet --style "$ship" --activations "$here/tests/data/activation_fake_library_cards.csv" \
  --date-column card_date --title "Library cards (made up)" --subtitle "Counties with the card" \
  --source "Source: a made-up table"
"$scmap" tiles "$@" --zoom 0-1 --out "$user/tiles"
"$scmap" map "$@" --size 640x360 -o "$user/map.png"
"$scmap" map "$@" --size 640x360 --lang es -o "$user/mapa.pdf"
"$scmap" frames "$@" --size 640x360 --out "$user"
grep -q '"note"' "$user/tiles/activation/counties.json" && fail "county notes over a user's table"
no_program_words "$user"
echo "a shipped style on a user's table: no county notes, no S-Comm words"
