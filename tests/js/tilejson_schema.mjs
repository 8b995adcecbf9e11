// Every TileJSON file under a tiles folder against the official TileJSON 3.0.0 schema
// (tests/data/tilejson-3.0.0-schema.json, from mapbox/tilejson-spec), with ajv; and what the
// spec says beyond the schema: absolute "tiles" URLs when asked for (pmtiles:// followed by
// one for PMTiles), no mbtiles:// address, bounds that do not wrap, the centre inside them.
// Usage: node tilejson_schema.mjs TILES_DIR EXPECTED_COUNT [absolute]
import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const [root, expected, absolute] = process.argv.slice(2);
const here = path.dirname(new URL(import.meta.url).pathname);
const schema = JSON.parse(fs.readFileSync(path.join(here, "../data/tilejson-3.0.0-schema.json"), "utf8"));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
let failures = 0, seen = 0;
const fail = (m) => { console.error("FAIL " + m); failures++; };

// A TileJSON is any .json beside the tiles but the period lists and counties.json.
const files = [];
for (const style of fs.readdirSync(root)) {
  const dir = path.join(root, style);
  if (!fs.statSync(dir).isDirectory()) continue;
  for (const f of fs.readdirSync(dir))
    if (f.endsWith(".json") && !/^periods/.test(f) && f !== "counties.json") files.push(path.join(dir, f));
}
for (const f of files) {
  const tj = JSON.parse(fs.readFileSync(f, "utf8"));
  seen++;
  if (!validate(tj)) fail(`${f}: ${ajv.errorsText(validate.errors)}`);
  const [w, s, e, n] = tj.bounds;
  if (!(w >= -180 && w <= e && e <= 180 && s <= n)) fail(`${f}: bounds ${tj.bounds} wrap or are out of range`);
  if (!(tj.center[0] >= w && tj.center[0] <= e && tj.center[1] >= s && tj.center[1] <= n)) fail(`${f}: centre outside the bounds`);
  if (!(tj.center[2] >= tj.minzoom && tj.center[2] <= tj.maxzoom)) fail(`${f}: centre zoom outside minzoom-maxzoom`);
  for (const t of tj.tiles) {
    const url = t.replace(/^pmtiles:\/\//, "");
    if (/^mbtiles:/.test(t)) fail(`${f}: ${t}: no web client loads mbtiles://`);
    if (absolute && !/^https?:\/\//.test(url)) fail(`${f}: ${t} is not absolute`);
  }
}
if (seen !== Number(expected)) fail(`${seen} TileJSON files, want ${expected}`);
console.log(`tilejson: ${seen} files checked, ${failures} failures`);
process.exit(failures ? 1 : 0);
