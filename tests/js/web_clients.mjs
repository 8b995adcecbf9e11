// One period of scmap's tiles in web map clients nobody here wrote, in Debian's headless
// Chromium: MapLibre GL JS and OpenLayers from the TileJSON, MapLibre with the pmtiles adapter
// from the PMTiles TileJSON, and Leaflet's @2x recipe at device pixel ratio 2. The tiles come
// from one origin (a small static server with CORS and byte ranges), the pages from another,
// each page being a README snippet as written (tests/js/web_clients/*.html; the server swaps
// their unpkg.com and example.org addresses for local ones). Checks the colour at Harris TX and
// Los Angeles CA against the legend colour of each county's class, and that no client logs an
// error or asks for a tile that is not there.
// Usage: node web_clients.mjs SCMAP SOURCE_DIR OUT_DIR
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { spawnSync } from "node:child_process";
import { chromium } from "playwright-core";

const [scmap, source, out] = process.argv.slice(2);
const here = path.dirname(new URL(import.meta.url).pathname);
const period = "2009Q3", style = "activation";
const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript",
                ".css": "text/css", ".json": "application/json", ".png": "image/png" };
let failures = 0;
const fail = (m) => { console.error("FAIL " + m); failures++; };

// A static server over root with byte ranges (PMTiles) and, for the tiles, CORS.
function serve(root, { cors, rewrite } = {}) {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const file = path.join(root, rel);
    const head = cors ? { "access-control-allow-origin": "*", "access-control-allow-headers": "range",
                          "access-control-expose-headers": "content-range, content-length, etag" } : {};
    // Preflights; and the favicon a browser asks every site for (the pages' site has none).
    if (req.method === "OPTIONS" || rel === "/favicon.ico") { res.writeHead(204, head).end(); return; }
    if (!file.startsWith(path.resolve(root)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, head).end();
      return;
    }
    const type = types[path.extname(file)] || "application/octet-stream";
    if (rewrite && type === "text/html") {
      res.writeHead(200, { ...head, "content-type": type }).end(rewrite(fs.readFileSync(file, "utf8")));
      return;
    }
    const size = fs.statSync(file).size;
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range || "");
    if (range) {
      const start = Number(range[1]), end = Math.min(range[2] ? Number(range[2]) : size - 1, size - 1);
      res.writeHead(206, { ...head, "content-type": type, "content-range": `bytes ${start}-${end}/${size}`,
                           "content-length": end - start + 1, "accept-ranges": "bytes" });
      fs.createReadStream(file, { start, end }).pipe(res);
      return;
    }
    res.writeHead(200, { ...head, "content-type": type, "content-length": size, "accept-ranges": "bytes" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((r) => server.listen(0, "127.0.0.1", () => r(server)));
}

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(path.join(out, "pages/lib"), { recursive: true });
const tiles = await serve(path.join(out, "tiles"), { cors: true });
const tileBase = `http://127.0.0.1:${tiles.address().port}/`;
for (const f of [["--format", "dir"], ["--format", "dir", "--scale", "2"], ["--format", "pmtiles"]]) {
  const r = spawnSync(scmap, ["tiles", "--quiet", "--style", path.join(source, "styles/activation.json"),
    "--zoom", "0-5", "--periods", `${period}..${period}`, "--base-url", tileBase,
    "--out", path.join(out, "tiles"), ...f], { encoding: "utf8" });
  if (r.status !== 0) { console.error(r.stderr); process.exit(1); }
}
// The README shows the snippets exactly as they are run here.
const readme = fs.readFileSync(path.join(source, "README.md"), "utf8");
for (const f of fs.readdirSync(path.join(here, "web_clients")))
  if (!readme.includes("```html\n" + fs.readFileSync(path.join(here, "web_clients", f), "utf8") + "```")) fail(`README.md does not show web_clients/${f} as it is`);
// The pages' origin: the snippets, and the libraries the snippets name on unpkg.com.
for (const f of fs.readdirSync(path.join(here, "web_clients"))) fs.copyFileSync(path.join(here, "web_clients", f), path.join(out, "pages", f));
const libs = { "maplibre-gl@6.20.0": path.join(here, "node_modules/maplibre-gl"), "ol@10.11.0": path.join(here, "node_modules/ol"),
               "pmtiles@4.5.0": path.join(here, "node_modules/pmtiles"), "leaflet@1.9.4": path.join(source, "web/node_modules/leaflet") };
for (const [name, dir] of Object.entries(libs)) fs.cpSync(dir, path.join(out, "pages/lib", name), { recursive: true, dereference: true });
const pages = await serve(path.join(out, "pages"), {
  rewrite: (html) => html.replaceAll("https://unpkg.com/", "/lib/").replaceAll("https://example.org/tiles/", tileBase),
});
const pageBase = `http://127.0.0.1:${pages.address().port}/`;

// What each probe must show: its class's legend colour in this period.
const dir = path.join(out, "tiles", style);
const manifest = JSON.parse(fs.readFileSync(path.join(dir, "periods.json"), "utf8"));
const counties = JSON.parse(fs.readFileSync(path.join(dir, "counties.json"), "utf8"));
const k = counties.periods.indexOf(period);
const probes = [["48201", "Harris, TX", -95.35, 29.85], ["06037", "Los Angeles, CA", -118.25, 34.45]].map(([fips, name, lon, lat]) => {
  const c = counties.counties.find((x) => x.fips === fips).c[k];
  return { name, lon, lat, color: manifest.legend[c].color, label: manifest.legend[c].label };
});
if (probes[0].color === probes[1].color) fail("the two probes have one colour: pick a period where they differ");
const bounds = JSON.parse(fs.readFileSync(path.join(dir, `${period}.json`), "utf8")).bounds;

// The pixel of lon/lat in a W x H view centred on lon0/lat0 at (256 px) tile zoom z.
const merc = (lon, lat, z) => {
  const n = 256 * 2 ** z, s = Math.sin((lat * Math.PI) / 180);
  return [((lon + 180) / 360) * n, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n];
};
const W = 760, H = 500, view = [-101.25, 40.98, 4];
const pixelOf = (lon, lat) => {
  const [x, y] = merc(lon, lat, view[2]), [cx, cy] = merc(view[0], view[1], view[2]);
  return [Math.round(x - cx + W / 2), Math.round(y - cy + H / 2)];
};
// A 1x1 PNG screenshot: one filtered row whose filters all reduce to the bytes themselves.
const pngPixel = (buf) => {
  let pos = 8, idat = [], type = 0;
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos), kind = buf.toString("ascii", pos + 4, pos + 8);
    if (kind === "IHDR") type = buf[pos + 8 + 9];
    if (kind === "IDAT") idat.push(buf.subarray(pos + 8, pos + 8 + len));
    pos += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  return [raw[1], raw[2], raw[3], type === 6 ? raw[4] : 255];
};
const hex = ([r, g, b]) => "#" + [r, g, b].map((v) => v.toString(16).padStart(2, "0")).join("");

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const [page, scale] of [["maplibre.html", 1], ["openlayers.html", 1], ["maplibre-pmtiles.html", 1], ["leaflet-2x.html", 2]]) {
    const ctx = await browser.newContext({ viewport: { width: W, height: H }, deviceScaleFactor: scale });
    const p = await ctx.newPage();
    const errors = [], tileRequests = [];
    let ranges = 0;
    p.on("pageerror", (e) => errors.push(String(e)));
    p.on("console", (m) => { if (m.type() === "error") errors.push(`console: ${m.text()} (${m.location().url})`); });
    // A request the client gave up on itself (a tile panned out of view) is no error.
    p.on("requestfailed", (r) => { if (r.failure()?.errorText !== "net::ERR_ABORTED") errors.push(`failed: ${r.url()}`); });
    p.on("response", (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
      ranges += r.status() === 206;
      const m = /\/(\d+)\/(\d+)\/(\d+)(@2x)?\.png$/.exec(new URL(r.url()).pathname);
      if (m) tileRequests.push([Number(m[1]), Number(m[2]), Number(m[3]), m[4] ? 2 : 1]);
    });
    await p.goto(pageBase + page);
    await p.waitForLoadState("networkidle");
    await p.waitForTimeout(1500); // fades
    for (const pr of probes) {
      const [x, y] = pixelOf(pr.lon, pr.lat);
      const got = pngPixel(await p.screenshot({ clip: { x, y, width: 1, height: 1 }, scale: "css" }));
      const want = [1, 3, 5].map((i) => parseInt(pr.color.slice(i, i + 2), 16));
      const ok = want.every((v, i) => Math.abs(v - got[i]) <= 2) && got[3] === 255;
      console.log(`${page}: ${pr.name} at (${x}, ${y}) ${hex(got)}, legend "${pr.label}" ${pr.color}${ok ? "" : "  MISMATCH"}`);
      if (!ok) fail(`${page}: ${pr.name} is ${hex(got)}, not ${pr.color}`);
    }
    // Then as a reader goes about it, at this zoom: west over the Pacific to Hawaii, north
    // to Alaska, east past Puerto Rico, keeping within the latitudes of the bounds (OpenLayers
    // reads no bounds from a TileJSON, and asks for any tile in view). Every tile a client asks
    // for there must be there, open sea too (an empty tile): a missing one is a console error.
    // Each drag rests before the button comes up, so that no client adds a fling.
    const drag = async (dx, dy) => {
      await p.mouse.move(W / 2 - dx / 2, H / 2 - dy / 2);
      await p.mouse.down();
      await p.mouse.move(W / 2 + dx / 2, H / 2 + dy / 2, { steps: 12 });
      await p.waitForTimeout(250);
      await p.mouse.up();
      await p.waitForTimeout(250);
    };
    for (const [dx, dy] of [[320, -134], [320, -134], [-40, 306], [-40, 306], [-480, -325], [-480, -325]]) await drag(dx, dy);
    await p.waitForLoadState("networkidle");
    await p.waitForTimeout(500);
    if (page.includes("leaflet") && !tileRequests.some((t) => t[3] === 2)) fail(`${page}: no @2x tile asked for at device pixel ratio 2`);
    if (!page.includes("pmtiles") && tileRequests.length === 0) fail(`${page}: no tiles asked for`);
    if (page.includes("pmtiles") && ranges === 0) fail(`${page}: no byte ranges asked for`);
    for (const [z, x, y] of tileRequests) {
      const [w, s, e, n] = bounds, t = 2 ** z;
      const west = (x / t) * 360 - 180, east = ((x + 1) / t) * 360 - 180;
      const north = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / t))) * 180) / Math.PI;
      const south = (Math.atan(Math.sinh(Math.PI * (1 - (2 * (y + 1)) / t))) * 180) / Math.PI;
      if (east < w || west > e || north < s || south > n || z > 5) fail(`${page}: asked for ${z}/${x}/${y} outside the bounds or zooms`);
    }
    console.log(`${page}: ${tileRequests.length} tile requests, ${ranges} byte ranges, ${errors.length} errors`);
    for (const e of errors) fail(`${page}: ${e}`);
    await p.screenshot({ path: path.join(out, page.replace(".html", ".png")) });
    await ctx.close();
  }
} finally {
  await browser.close();
  tiles.close();
  pages.close();
}
console.log(`web clients: ${failures} failures`);
process.exit(failures ? 1 : 0);
