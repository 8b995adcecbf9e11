// Opens scmap's viewer in headless Chromium (Debian's, driven by playwright-core), checks
// that the tiles load, moves the time slider and compares the colours at known counties
// with their classes, and saves a screenshot.
// Usage: node viewer.test.mjs ROOT VIEWER_PATH STYLE SCREENSHOT.png
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const [root, viewerPath, style, shot] = process.argv.slice(2);
const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css",
                ".json": "application/json", ".png": "image/png", ".csv": "text/csv" };
const server = http.createServer((req, res) => {
  const file = path.join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (!file.startsWith(path.resolve(root)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404).end();
    return;
  }
  const type = types[path.extname(file)] || "application/octet-stream";
  const size = fs.statSync(file).size;
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range || "");
  if (range) { // PMTiles readers ask for byte ranges
    const start = Number(range[1]), end = Math.min(range[2] ? Number(range[2]) : size - 1, size - 1);
    res.writeHead(206, { "content-type": type, "content-range": `bytes ${start}-${end}/${size}`,
                         "content-length": end - start + 1, "accept-ranges": "bytes" });
    fs.createReadStream(file, { start, end }).pipe(res);
    return;
  }
  res.writeHead(200, { "content-type": type, "content-length": size, "accept-ranges": "bytes" });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const port = server.address().port;
let failures = 0;
const fail = (m) => { console.error("FAIL " + m); failures++; };

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("response", (r) => {
    const u = new URL(r.url());
    // A county-index tile that is not there is ocean: the page draws nothing, as meant.
    if (r.status() >= 400 && !/\/ids\/\d+\/\d+\/\d+\.png$/.test(u.pathname)) errors.push(`${r.status()} ${u.pathname}`);
  });
  await page.goto(`http://127.0.0.1:${port}/${viewerPath}/index.html?style=${style}&lang=en`);
  await page.waitForFunction(() => window.scmap !== undefined, null, { timeout: 20000 });
  await page.evaluate(() => window.scmap.ready());
  const probes = [["48201", 29.85, -95.35], ["06037", 34.45, -118.25], ["04013", 33.4, -112.5],
                  ["02158", 62.1, -163.5]];
  // Expected classes come from the directory tile set's counties.json, whatever the viewer shows.
  const counties = await page.evaluate(async (s) => (await (await fetch(`/tiles/${s}/counties.json`)).json()), style);
  const index = new Map(counties.counties.map((c, i) => [c.fips, i]));
  async function check(k) {
    const got = await page.evaluate(async ([k, probes]) => {
      window.scmap.show(k);
      await window.scmap.ready();
      return probes.map(([, lat, lon]) => window.scmap.colorAt(lat, lon));
    }, [k, probes]);
    const legend = await page.evaluate(() => window.scmap.legend.map((c) => c.color));
    probes.forEach(([fips], i) => {
      if (!index.has(fips) || got[i] === null) return; // not in this tile set or not on screen
      const want = legend[counties.counties[index.get(fips)].c[k]];
      if (got[i] !== want) fail(`period ${k}, county ${fips}: ${got[i]}, want ${want}`);
    });
    return got.filter((g) => g !== null).length;
  }
  const seen = await check(0);
  if (seen < 2) fail(`only ${seen} probe counties on screen`);
  // The slider, by keyboard: three periods on.
  await page.focus("#slider");
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
  const k = await page.evaluate(() => Number(document.getElementById("slider").value));
  if (k !== 3) fail(`slider at ${k} after three ArrowRight`);
  const label = await page.textContent("#period");
  const want = await page.evaluate((k) => window.scmap.periods.periods[k].label, k);
  if (label !== want) fail(`period label "${label}", want "${want}"`);
  await check(k);
  const last = await page.evaluate(() => window.scmap.periods.periods.length - 1);
  await check(last);
  // Hover names the county under the pointer.
  const hovered = await page.evaluate(() => {
    const c = window.scmap.countyAt(L.latLng(29.85, -95.35));
    return c && c.fips;
  });
  const recolours = await page.evaluate(() => window.scmap.countyAt(L.latLng(0, 0)) !== undefined &&
    document.querySelector(".leaflet-tile-container canvas") !== null);
  if (recolours && index.has("48201") && hovered !== "48201") fail(`county at Houston is ${hovered}`);
  if (!(await page.inputValue("#snippet")).includes("<iframe")) fail("no embed snippet");
  await page.evaluate(() => window.scmap.show(7 < window.scmap.periods.periods.length ? 7 : 0));
  await page.evaluate(() => window.scmap.ready());
  await page.screenshot({ path: shot });
  // A phone-sized screen: nothing wider than the screen.
  await page.setViewportSize({ width: 375, height: 740 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  if (wide > 376) fail(`page is ${wide} px wide on a 375 px screen`);
  for (const e of errors) fail(e);
} finally {
  await browser.close();
  server.close();
}
console.log(`viewer: ${failures} failures`);
process.exit(failures ? 1 : 0);
