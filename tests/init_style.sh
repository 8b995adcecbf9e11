#!/bin/sh
# scmap init-style (issue 13): a style written into one folder works from any other. Every
# data path in it is absolute or left out (scmap's own counties, crosswalk and groups stand
# in), it carries the user's words and table, and check, map and tiles run on it from
# elsewhere. A style made from a shipped one with no flag maps what the shipped one maps.
# Usage: init_style.sh SCMAP OUTDIR
set -eu
scmap=$1 out=$2
here=$(cd "$(dirname "$0")/.." && pwd)
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$out" && mkdir -p "$out/styles" "$out/elsewhere/deeper"
cp "$here/tests/data/activation_fake_library_cards.csv" "$out/cards.csv"

# Relative paths on the command line: taken from where init-style runs.
(cd "$out" && "$scmap" init-style --quiet --from activation --activations cards.csv \
  --date-column card_date --title "Library cards (made up)" --title-es "Tarjetas (inventado)" \
  --subtitle "Counties with the card" --source "Source: a made-up table" -o styles/cards.json)
python3 - "$out/styles/cards.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["name"] == "cards", s["name"]
assert s["title"] == {"en": "Library cards (made up)", "es": "Tarjetas (inventado)"}, s["title"]
assert s["data"]["activation_date"] == "card_date", s["data"]
assert s["data"]["activations"].startswith("/") and s["data"]["activations"].endswith("/cards.csv")
for key in ("shapes", "fips_changes", "groups", "notes", "counts", "population"):
    assert key not in s["data"], key  # scmap's own files stand in; no notes over a user's table
assert "alt" not in s, "the S-Comm alt sentence outlived the new title"
text = json.dumps(s, ensure_ascii=False)
assert "Secure Communities" not in text and "Comunidades Seguras" not in text, text
PY
cd "$out/elsewhere/deeper"
"$scmap" check --quiet --style ../../styles/cards.json -o check.txt
grep -q "^matched: 7 counties" check.txt || fail "check: $(head -3 check.txt)"
"$scmap" map --quiet --style ../../styles/cards.json --size 640x360 -o cards.png
grep -q "^Library cards (made up), " cards.alt.txt || fail "alt text: $(cat cards.alt.txt)"
"$scmap" tiles --quiet --style ../../styles/cards.json --zoom 0-1 --out tiles
grep -q '"Library cards (made up)"' tiles/cards/periods.json || fail "periods.json lacks the title"
echo "init-style: a user's table, in the user's words, from another folder"

# From a shipped style with no flag: the same numbers as the shipped style, from anywhere,
# built-in crosswalk and groups included (both left out of the written style).
"$scmap" init-style --quiet --from removals -o "$out/styles/rem.json"
"$scmap" stats --quiet --style "$out/styles/rem.json" -o rem.csv
"$scmap" stats --quiet --style "$here/styles/removals.json" -o shipped.csv
cmp -s rem.csv shipped.csv || fail "init-style --from removals maps other numbers"
"$scmap" check --quiet --style "$out/styles/rem.json" | grep -q "46113 -> 46102" ||
  fail "the built-in crosswalk was not used"
# To standard output without -o; a table of states through --state-column.
"$scmap" init-style --quiet --activations "$here/tests/data/states_fake_dates.csv" \
  --state-column state --date-column signed --title "States (made up)" > "$out/styles/states.json"
"$scmap" check --quiet --style "$out/styles/states.json" | grep -q "50 states and DC: 507 of 3142" ||
  fail "a table of states: $("$scmap" check --quiet --style "$out/styles/states.json" | head -3)"
# A style that is not there is an error naming it.
if "$scmap" init-style --from nowhere.json -o x.json 2>err.txt; then fail "no error"; fi
grep -q "nowhere.json" err.txt || fail "unclear error: $(cat err.txt)"
echo "init-style: shipped styles and tables of states, from any folder"
