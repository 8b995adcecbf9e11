// scmap viewer: the tiles scmap rendered, on a Leaflet map with a time slider.
// Where the tile set has county-index tiles (ids/) and counties.json, one set of tiles
// serves every period: each pixel names a county, and the browser paints it the colour of
// that county's class in the chosen period. The first map is the period's own PNGs, which are
// lighter; the county-index tiles take over once they are in. Sets without them (PMTiles,
// --no-ids) stay with the period's own PNG or PMTiles.
"use strict";
// The height of the embed snippet's iframe when embed.js does not run: at a 320 px column it
// leaves the map about 250 px; tests/js/viewer_embed.mjs checks legend and source fit.
const EMBED_HEIGHT = 560;
(async function () {
  const params = new URLSearchParams(location.search);
  const lang = (params.get("lang") || navigator.language || "en").startsWith("es") ? "es" : "en";
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const $ = (id) => document.getElementById(id);
  // ?embed=1: the page inside a newsroom's iframe, without the chrome (viewer.css).
  const embed = params.get("embed") === "1";
  document.body.classList.toggle("embed", embed);
  // Written into the page by scmap viewer (cmd_viewer.c says what it holds).
  const config = JSON.parse($("scmap-config").textContent);
  const tilesBase = config.tiles.replace(/\/$/, "");
  const dataBase = config.data ? config.data.replace(/\/$/, "") : null;
  const state = { period: 0, playing: false, timer: null, tiles: new Map(), hovered: null,
                  pinned: [], highlight: new Set() };
  const stateOf = (c) => config.states[c.fips.slice(0, 2)] || "";
  const countyName = (c) => (stateOf(c) ? `${c.name}, ${stateOf(c)}` : c.name);
  const text = (o) => (o && (o[lang] || o.en)) || "";

  const styleSelect = $("style");
  for (const s of config.styles) {
    const o = document.createElement("option");
    o.value = s.name;
    o.textContent = text(s.title) || s.name.charAt(0).toUpperCase() + s.name.slice(1).replace(/[-_]+/g, " ");
    styleSelect.appendChild(o);
  }
  const set = config.styles.find((s) => s.name === params.get("style")) || config.styles[0];
  const styleName = set.name;
  styleSelect.value = styleName;
  $("style-wrap").hidden = config.styles.length < 2;
  styleSelect.addEventListener("change", () => {
    params.set("style", styleSelect.value);
    location.search = params.toString();
  });

  // A tile set's name is a folder name: it goes into URLs as one path segment, whatever it holds.
  const base = `${tilesBase}/${encodeURIComponent(styleName)}`;
  // Each format writes its own period list. The first set's list and the lists of its tiles
  // (scmap viewer writes those: no request for tiles that are not there) are in the page;
  // another set's come in one round trip.
  const manifest = set.manifest || "periods.json";
  const [periods, lists] = set.periods ? [set.periods, set.index || {}] : await Promise.all([
    fetch(`${base}/${manifest}`).then((r) => r.json()),
    fetch(`index/${encodeURIComponent(styleName)}.json`).then((r) => (r.ok ? r.json() : {})).catch(() => ({}))]);
  const keys = (l) => {
    const s = new Set();
    for (const [z, xs] of Object.entries(l || {}))
      for (const [x, ys] of Object.entries(xs)) for (const y of ys) s.add(`${z}/${x}/${y}`);
    return s;
  };
  const dir = periods.format === "dir";
  const idIndex = keys(lists.ids), tileIndex = dir ? keys(lists.tiles || lists.ids) : null;
  const [minzoom, maxzoom] = set.zoom || await fetch(`${base}/${periods.periods[0].tilejson}`)
    .then((r) => r.json()).then((t) => [t.minzoom, t.maxzoom]);
  // counties.json and the county-index tiles come after the first map, unless scmap viewer
  // found the index tiles lighter than the period's own (a style of many classes).
  const recolourable = dir && idIndex.size > 0, idsFirst = recolourable && set.ids_first === true;
  let counties = null, countiesIn = null;
  const getCounties = () => (countiesIn = countiesIn || fetch(`${base}/counties.json`)
    .then((r) => (r.ok ? r.json() : null)).catch(() => null).then((c) => (counties = c)));
  if (periods.format === "pmtiles") // the reader, only for the sets that need it
    await new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = "lib/pmtiles.js";
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  const legend = periods.legend;
  const colors = legend.map((c) => [1, 3, 5].map((i) => parseInt(c.color.slice(i, i + 2), 16)));
  const label = (o) => (lang === "es" && o.label_es) || o.label;
  // Text from a style or the data is never markup: the page sets it with textContent, and the
  // one place it becomes HTML, the embed snippet, goes through this (fit for text and for
  // attribute values in either quote).
  const escapeHtml = (s) => String(s).replace(/[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

  $("title").textContent = text(periods.title);
  document.title = text(periods.title);
  $("subtitle").textContent = text(periods.subtitle);
  // The source once, under the map (the embed shows it too): not again in the map's corner.
  $("source").textContent = text(periods.source);
  document.documentElement.lang = lang;
  if (lang === "es") { // the page's own words; the map's come from the style
    $("hover").textContent = "Pase el cursor o toque un condado para ver sus cifras.";
    $("embed").querySelector("summary").textContent = "Insertar este mapa";
    $("embed").querySelector("label").textContent = "Copie esto en su página:";
    $("embed").querySelector("strong").textContent = "Texto alternativo:";
    $("data-link").textContent = "Descargar los datos (CSV)";
    $("data-all").textContent = "todos los periodos (CSV)";
    $("find").querySelector("label").textContent = "Buscar un condado";
    $("search").placeholder = "Escriba un condado";
    $("slider").previousElementSibling.textContent = "Periodo";
    $("style-wrap").querySelector("label").textContent = "Mapa";
  }
  if (embed) $("hover").textContent = ""; // the readout floats over the map: no hint there
  for (const c of legend) {
    const li = document.createElement("li");
    const sw = document.createElement("span");
    sw.className = "sw";
    sw.style.background = c.color;
    li.appendChild(sw);
    li.appendChild(document.createTextNode(label(c)));
    $("legend").appendChild(li);
  }

  const map = L.map("map", {
    minZoom: minzoom, maxZoom: maxzoom, zoomSnap: 1,
    fadeAnimation: !reduceMotion, zoomAnimation: !reduceMotion,
    attributionControl: false, // the source line is under the map
    zoomControl: false, // added below, with its titles in the page's language
  });
  L.control.zoom(lang === "es" ? { zoomInTitle: "Acercar", zoomOutTitle: "Alejar" } : {}).addTo(map);
  // The default view, fitted again when the frame is resized until the reader moves the map.
  let fitting = false, moved = false;
  const fit = () => {
    fitting = true;
    map.fitBounds([[24.5, -125], [49.5, -66.9]], { animate: false });
    fitting = false;
  };
  fit();
  map.on("zoomstart dragstart", () => { if (!fitting) moved = true; });
  map.on("resize", () => { if (!moved) fit(); });

  // Alaska, Hawaii and Puerto Rico are far from the default view: a button for each.
  const places = [
    ["48", lang === "es" ? "Estados contiguos" : "Lower 48", [[24.5, -125], [49.5, -66.9]]],
    ["AK", "Alaska", [[51.2, -179.2], [71.4, -129.9]]],
    ["HI", lang === "es" ? "Hawái" : "Hawaii", [[18.9, -160.3], [22.3, -154.8]]],
    ["PR", "Puerto Rico", [[17.9, -67.3], [18.6, -65.2]]],
  ];
  const Places = L.Control.extend({
    // Bottom left, over the Pacific in the default view: the top is the zoom buttons' and, in
    // an embed, the floating readout's; Puerto Rico is at the bottom right.
    options: { position: "bottomleft" },
    onAdd() {
      const div = L.DomUtil.create("div", "leaflet-bar scmap-places");
      for (const [short, name, box] of places) {
        const b = L.DomUtil.create("button", "", div);
        b.type = "button";
        b.textContent = short;
        b.title = name;
        // The name is what shows (WCAG 2.5.3, label in name); the title, read as its
        // description, spells it out.
        L.DomEvent.on(b, "click", (e) => { L.DomEvent.stop(e); moved = true; map.fitBounds(box); });
      }
      L.DomEvent.disableClickPropagation(div);
      return div;
    },
  });
  new Places().addTo(map);

  // Tiles asked for only where the lists say there are some: an ocean tile is no 404.
  const listed = (index) => function (coords) {
    return L.GridLayer.prototype._isValidTile.call(this, coords) &&
      (!index || index.has(`${coords.z}/${coords.x}/${coords.y}`));
  };
  const Listed = L.TileLayer.extend({ _isValidTile: listed(tileIndex) });
  const loaded = (l) => new Promise((resolve) => (l && l.isLoading && l.isLoading() ? l.once("load", resolve) : resolve()));

  // Recolouring: one canvas a tile, painted from the tile's county indices.
  const outline = [255, 255, 255], ink = [0, 0, 0];
  // A pixel of a highlighted county within 3 device pixels of its edge (in its tile).
  function rim(ids, i, id) {
    const x = i & 511, y = i >> 9;
    for (let d = 1; d <= 3; d++)
      if ((x >= d && ids[i - d] !== id) || (x + d < 512 && ids[i + d] !== id) ||
          (y >= d && ids[i - 512 * d] !== id) || (y + d < 512 && ids[i + 512 * d] !== id)) return true;
    return false;
  }
  // Each county's colour in the period shown, by index: one lookup a pixel.
  let shade = null, shadeFor = -1;
  function paint(rec) {
    const k = state.period, img = rec.out, d = img.data, ids = rec.ids, hl = state.highlight;
    if (shadeFor !== k) {
      shade = [null].concat(counties.counties.map((c) => colors[c.c[k]]));
      shadeFor = k;
    }
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id === 0) { d[4 * i + 3] = 0; continue; }
      // A pixel whose right or lower neighbour is another county is border: half a CSS pixel.
      const edge = ((i & 511) < 511 && ids[i + 1] !== id && ids[i + 1] !== 0) ||
                   (i < ids.length - 512 && ids[i + 512] !== id && ids[i + 512] !== 0);
      const c = hl.size && hl.has(id) && rim(ids, i, id) ? ink : edge ? outline : shade[id];
      d[4 * i] = c[0]; d[4 * i + 1] = c[1]; d[4 * i + 2] = c[2]; d[4 * i + 3] = 255;
    }
    rec.ctx.putImageData(img, 0, 0);
  }
  const IdLayer = L.GridLayer.extend({
    _isValidTile: listed(idIndex),
    createTile(coords, done) {
      const canvas = document.createElement("canvas");
      canvas.width = canvas.height = 512;
      const img = new Image();
      img.onload = () => {
        const ctx = canvas.getContext("2d", { willReadFrequently: true });
        ctx.drawImage(img, 0, 0);
        const raw = ctx.getImageData(0, 0, 512, 512);
        const ids = new Uint32Array(512 * 512);
        for (let i = 0; i < ids.length; i++)
          ids[i] = (raw.data[4 * i] << 16) | (raw.data[4 * i + 1] << 8) | raw.data[4 * i + 2];
        const rec = { ctx, ids, out: ctx.createImageData(512, 512) };
        state.tiles.set(`${coords.z}/${coords.x}/${coords.y}`, rec);
        getCounties().then((c) => { // in by now, unless these tiles came first
          if (c) paint(rec);
          done(null, canvas);
        });
      };
      img.onerror = () => done(null, canvas);
      img.crossOrigin = "anonymous"; // tiles on another server that allows it stay readable
      img.src = `${base}/ids/${coords.z}/${coords.x}/${coords.y}.png`;
      return canvas;
    },
  });

  // PMTiles are read by byte ranges: a server that ignores them (python3 -m http.server)
  // gives a blank map and no error. One byte asked for says which server this is.
  if (periods.format === "pmtiles") {
    const ctl = new AbortController();
    fetch(`${base}/${periods.periods[0].period}.pmtiles`, { headers: { Range: "bytes=0-0" }, signal: ctl.signal })
      .then((r) => {
        if (r.status === 206) return;
        ctl.abort(); // the whole file is coming: stop it
        $("ranges").hidden = false;
        $("ranges").textContent = lang === "es"
          ? "Este servidor no atiende peticiones por rangos de bytes (Range), que los mapas PMTiles necesitan, así que el mapa queda en blanco. Sirva la carpeta con un servidor que las atienda (véase «The viewer» en el README) o haga las teselas con --format dir."
          : "This server does not answer byte-range requests (Range), which PMTiles maps need, so the map stays blank. Serve the folder with a server that does (see \u201cThe viewer\u201d in the README), or make the tiles with --format dir.";
      }).catch(() => {});
  }

  // Until the county-index tiles are in (or without them): the period's own tiles.
  function periodLayer(k) {
    const p = periods.periods[k];
    const l = periods.format === "pmtiles"
      ? pmtiles.leafletRasterLayer(new pmtiles.PMTiles(`${base}/${p.period}.pmtiles`),
        { maxNativeZoom: maxzoom, noWrap: true })
      : new Listed(`${base}/${p.period}/{z}/{x}/{y}.png`, { maxNativeZoom: maxzoom, noWrap: true });
    l._scmapPeriod = k;
    // A tile is a piece of the picture the map region describes: no alt text of its own (the
    // pmtiles layer's images have no alt at all).
    return l.on("tileloadstart", (e) => { e.tile.alt = ""; e.tile.setAttribute("role", "presentation"); });
  }
  let layer = null, nextLayer = null, recolour = false;
  function showPeriodLayer(k) {
    const old = layer;
    layer = nextLayer && nextLayer._scmapPeriod === k ? nextLayer : periodLayer(k);
    layer.setOpacity(1).addTo(map);
    if (old && old !== layer) map.removeLayer(old);
    if (nextLayer && nextLayer !== layer) map.removeLayer(nextLayer);
    nextLayer = null;
    // The next period's tiles, loaded before they are needed (not while this one's load,
    // nor when the county-index tiles are coming, which serve every period).
    if (!recolourable && k + 1 < periods.periods.length)
      loaded(layer).then(() => {
        if (layer._scmapPeriod !== k || nextLayer) return;
        nextLayer = periodLayer(k + 1);
        nextLayer.setOpacity(0).addTo(map);
      });
  }

  function show(k) {
    state.period = k;
    const p = periods.periods[k];
    $("slider").value = k;
    $("slider").setAttribute("aria-valuetext", lang === "es" ? p.label_es : p.label);
    $("period").textContent = lang === "es" ? p.label_es : p.label;
    // The count line and alt text come from scmap as written, the frames' words, shown as
    // text; a periods.json without them (an older scmap's) gets the viewer's own wording.
    const n = p.counties_activated.toLocaleString(lang === "es" ? "es" : "en-US");
    $("count").textContent = text(p.count_line) || (lang === "es"
      ? `${n} condados activados en ${p.states} estados hasta ahora (DC cuenta como uno)`
      : `${n} counties activated in ${p.states} states so far (DC counts as one)`);
    if (counties) {
      for (const rec of state.tiles.values()) paint(rec);
      readout();
    }
    if (!recolour) showPeriodLayer(k);
    const alt = text(p.alt) || (lang === "es"
      ? `Mapa de Estados Unidos por condado, ${p.label_es}: ${$("count").textContent}.`
      : `Map of the United States by county, ${p.label}: ${$("count").textContent}.`);
    $("map").setAttribute("aria-label", alt);
    $("alt").textContent = alt;
    $("snippet").value = snippet(p, alt);
  }
  // Without county values in the page: the national CSV scmap wrote, if any.
  $("data-link").href = dataBase ? `${dataBase}/${encodeURIComponent(styleName)}.csv` : `${base}/${manifest}`;

  // The embed snippet: the chromeless page in an iframe that embed.js sizes to its content, a
  // fixed height that shows map, legend and source without it, and for readers without
  // JavaScript (RSS, AMP, e-mail) a still of the last period, linked to the page.
  function snippet(p, alt) {
    const page = new URL(location.href);
    page.search = new URLSearchParams({ style: styleName, period: p.period, lang }).toString();
    const src = new URL(page);
    src.searchParams.set("embed", "1");
    const e = escapeHtml;
    let html = `<iframe src="${e(src.href)}" title="${e(text(periods.title))}" aria-label="${e(alt)}" ` +
      `data-scmap loading="lazy" style="width:100%;height:${EMBED_HEIGHT}px;border:0"></iframe>\n` +
      `<script src="${e(new URL("embed.js", location.href).href)}" async></script>`;
    if (set.still) {
      const last = periods.periods[periods.periods.length - 1];
      html += `\n<noscript><a href="${e(page.href)}"><img src="${e(new URL(`still/${encodeURIComponent(styleName)}.png`, location.href).href)}" ` +
        `alt="${e(text(last.alt) || text(periods.title))}" width="1200" height="900" style="width:100%;height:auto"></a></noscript>`;
    }
    return html;
  }

  // "Get the data": the county values on the map, made here from counties.json when clicked,
  // for the period shown and for every period.
  const csvField = (x) => (x === null || x === undefined ? "" : /[",\n\r]/.test(String(x))
    ? `"${String(x).replace(/"/g, '""')}"` : String(x));
  function csv(ks) {
    const rows = [["fips", "county", "state", "period", "class", "value"]];
    for (const c of counties.counties)
      for (const k of ks)
        rows.push([c.fips, c.name, stateOf(c), periods.periods[k].period, label(legend[c.c[k]]), c.v ? c.v[k] : null]);
    return rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
  }
  function offer(a, ks, name) {
    a.addEventListener("click", () => {
      if (!counties) return; // not in yet: the link as it is
      if (a.href.startsWith("blob:")) URL.revokeObjectURL(a.href);
      a.href = URL.createObjectURL(new Blob([csv(ks())], { type: "text/csv" }));
      a.download = name();
    });
  }
  $("data-all-wrap").hidden = $("find").hidden = !recolourable;
  if (recolourable) {
    offer($("data-link"), () => [state.period],
      () => `${styleName}-${periods.periods[state.period].period}.csv`);
    offer($("data-all"), () => periods.periods.map((p, k) => k), () => `${styleName}.csv`);
  }

  // Where counties are: the box round the pixels of these county ids in the index tiles, found
  // at zoom 3 and then at zoom 5 in the tiles round that (every zoom-5 tile when a county is
  // too small to show at 3).
  async function scan(z, tiles, ids) {
    const found = [Infinity, Infinity, -Infinity, -Infinity];
    await Promise.all(tiles.map((k) => new Promise((resolve) => {
      const [, x, y] = k.split("/").map(Number), img = new Image();
      img.crossOrigin = "anonymous";
      img.onerror = resolve;
      img.onload = () => {
        const cv = document.createElement("canvas");
        cv.width = cv.height = 512;
        const cx = cv.getContext("2d", { willReadFrequently: true });
        cx.drawImage(img, 0, 0);
        const d = cx.getImageData(0, 0, 512, 512).data;
        for (let i = 0; i < 512 * 512; i++)
          if (ids.has((d[4 * i] << 16) | (d[4 * i + 1] << 8) | d[4 * i + 2])) {
            const px = x * 256 + (i & 511) / 2, py = y * 256 + (i >> 9) / 2;
            found[0] = Math.min(found[0], px); found[1] = Math.min(found[1], py);
            found[2] = Math.max(found[2], px); found[3] = Math.max(found[3], py);
          }
        resolve();
      };
      img.src = `${base}/ids/${k}.png`;
    })));
    return found[0] === Infinity ? null : found;
  }
  async function findCounties(ids) {
    const at = (z) => [...idIndex].filter((k) => k.startsWith(`${z}/`));
    const zc = Math.min(maxzoom, 3), z = Math.min(maxzoom, 5);
    let tiles = at(z);
    const coarse = zc < z && await scan(zc, at(zc), ids);
    if (coarse) {
      const s = 2 ** (z - zc) / 256, [x0, y0, x1, y1] = coarse.map((v, i) => Math.floor((v + (i > 1)) * s));
      tiles = tiles.filter((k) => {
        const [, x, y] = k.split("/").map(Number);
        return x >= x0 - 1 && x <= x1 + 1 && y >= y0 - 1 && y <= y1 + 1;
      });
    }
    const box = await scan(z, tiles, ids);
    return box && L.latLngBounds(map.unproject([box[0], box[3] + 0.5], z), map.unproject([box[2] + 0.5, box[1]], z));
  }
  const findCounty = (id) => findCounties(new Set([id]));

  // The county-index tiles and county values: first, or once the first map is up, replacing
  // the period's tiles when all of them are in.
  let firstDrawn;
  const drawn = new Promise((resolve) => (firstDrawn = resolve));
  const idLayer = () => new IdLayer({ tileSize: 256, minZoom: minzoom, maxZoom: maxzoom, maxNativeZoom: maxzoom, noWrap: true })
    .on("tileunload", (e) => state.tiles.delete(`${e.coords.z}/${e.coords.x}/${e.coords.y}`)).addTo(map);
  if (idsFirst) {
    layer = idLayer();
    recolour = true;
  }
  const upgrading = !recolourable ? Promise.resolve() : idsFirst ? getCounties() : drawn.then(async () => {
    if (!(await getCounties())) return;
    const ids = idLayer();
    await loaded(ids);
    recolour = true;
    for (const l of [layer, nextLayer]) if (l) map.removeLayer(l);
    layer = ids;
    nextLayer = null;
    readout();
  }).catch(() => {});

  // The search box: a county by its name, zoomed to where its index tiles have it.
  const names = () => new Map(counties.counties.map((c, i) => [countyName(c).toLowerCase(), i]));
  upgrading.then(() => {
    if (!counties) return;
    const list = $("county-names");
    for (const c of counties.counties) {
      const o = document.createElement("option");
      o.value = countyName(c);
      list.appendChild(o);
    }
  });
  $("search").addEventListener("change", async () => {
    await upgrading;
    const q = $("search").value.trim().toLowerCase();
    if (!counties || !q) return;
    const all = names();
    const hit = all.has(q) ? [q, all.get(q)] : [...all].find(([n]) => n.startsWith(q));
    if (!hit) return;
    const box = await findCounty(hit[1] + 1);
    if (!box) return;
    moved = true;
    map.fitBounds(box, { maxZoom: maxzoom });
    state.hovered = counties.counties[hit[1]];
    readout();
  });

  // ?highlight=FIPS[,FIPS]: those counties zoomed to, outlined, and in the readout.
  const highlighted = upgrading.then(async () => {
    const want = (params.get("highlight") || "").split(",").map((f) => f.trim()).filter(Boolean);
    if (!counties || !want.length) return;
    const at = new Map(counties.counties.map((c, i) => [c.fips, i]));
    const found = want.filter((f) => at.has(f)).map((f) => at.get(f));
    if (!found.length) return;
    state.highlight = new Set(found.map((i) => i + 1));
    state.pinned = found.map((i) => counties.counties[i]);
    for (const rec of state.tiles.values()) paint(rec);
    readout();
    const box = await findCounties(state.highlight);
    if (box) {
      moved = true;
      map.fitBounds(box, { maxZoom: Math.min(maxzoom, 8), padding: [20, 20], animate: false });
      await loaded(layer);
    }
  }).catch(() => {});

  // The state lines, over the choropleth once it is up, where the period list names them.
  let boundaries = null;
  const overlay = !periods.boundaries ? Promise.resolve(null) : drawn.then(async () => {
    const from = new URL(periods.boundaries, new URL(`${base}/${manifest}`, location.href));
    const tj = await (await fetch(from)).json();
    map.createPane("boundaries");
    // Above the choropleth (tile pane 200), below the overlays and controls; no pointer
    // events, so hover and tap reach the counties under it.
    Object.assign(map.getPane("boundaries").style, { zIndex: 250, pointerEvents: "none" });
    const opts = { pane: "boundaries", opacity: 1, noWrap: true, interactive: false,
      minZoom: minzoom, maxZoom: maxzoom, maxNativeZoom: Math.min(tj.maxzoom ?? maxzoom, maxzoom) };
    // A PMTiles set's overlay is one more archive: "pmtiles://NAME.pmtiles/{z}/{x}/{y}".
    const pm = /^pmtiles:\/\/(.+\.pmtiles)\//.exec(tj.tiles[0]);
    if (pm) {
      boundaries = pmtiles.leafletRasterLayer(new pmtiles.PMTiles(new URL(pm[1], from).href), opts);
    } else {
      const url = new URL(tj.tiles[0], from).href.replace(/%7B/gi, "{").replace(/%7D/gi, "}");
      const Lines = L.TileLayer.extend({ _isValidTile: listed(lists.boundaries ? keys(lists.boundaries) : null) });
      boundaries = new Lines(url, opts);
    }
    boundaries.on("tileloadstart", (e) => { e.tile.alt = ""; e.tile.setAttribute("role", "presentation"); });
    boundaries.addTo(map);
    await loaded(boundaries);
    return boundaries;
  }).catch(() => null);

  // Place names over the map, from the points scmap viewer wrote (labels_json in
  // cmd_viewer.c), as the style's map_labels asks: placed again at each zoom and pan, the most
  // important first (states by size, then cities by population), each left out where its box
  // would meet one already placed, a control or the map's edge. A state shows its name or its
  // abbreviation (one kind a zoom, below), else nothing until the reader zooms in.
  const kinds = set.labels || "none", points = config.labels || {};
  const stateLabels = /states|all/.test(kinds) && points.states || [];
  const cityLabels = /cities|all/.test(kinds) && points.cities || [];
  if (cityLabels.length) // the credit the frames' source line takes for the same names
    $("source").textContent = [text(periods.source).replace(/\.$/, ""),
      lang === "es" ? "Lugares: GeoNames (CC BY 4.0)" : "Places: GeoNames (CC BY 4.0)"].filter(Boolean).join(". ");
  let placeLabels = () => [];
  if (stateLabels.length || cityLabels.length) {
    // Above the choropleth and the state lines (250), below Leaflet's overlays and the
    // controls; no pointer events, so hover and tap reach the counties under the names.
    const pane = map.createPane("labels");
    Object.assign(pane.style, { zIndex: 350, pointerEvents: "none" });
    // Widths measured on a canvas in the fonts viewer.css gives the labels.
    const probe = L.DomUtil.create("div", "scmap-label", pane), fonts = [getComputedStyle(probe).font];
    probe.className = "scmap-label scmap-city";
    fonts.push(getComputedStyle(probe).font);
    probe.remove();
    const cx = document.createElement("canvas").getContext("2d"), widths = new Map();
    const measure = (t, city) => {
      const k = (city ? "c" : "s") + t;
      if (!widths.has(k)) {
        cx.font = fonts[city ? 1 : 0];
        widths.set(k, Math.ceil(cx.measureText(t).width));
      }
      return widths.get(k);
    };
    // Line height, room round a box, a city's dot, its gap to its name: CSS px (viewer.css).
    const H = 14, PAD = 2, DOT = 6, GAP = 2;
    const meets = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    placeLabels = () => {
      const size = map.getSize(), at = map.getContainer().getBoundingClientRect();
      // Metres of Web Mercator a CSS pixel spans at this zoom.
      const mpp = 40075016.686 / (256 * 2 ** map.getZoom());
      const taken = [...map.getContainer().querySelectorAll(".leaflet-control")].map((c) => {
        const r = c.getBoundingClientRect();
        return [r.left - at.left, r.top - at.top, r.right - at.left, r.bottom - at.top];
      });
      const free = (b) => b[0] >= 0 && b[1] >= 0 && b[2] <= size.x && b[3] <= size.y &&
        !taken.some((t) => meets(t, b));
      const placed = [], els = [];
      const put = (b, cls, t) => {
        const el = L.DomUtil.create("div", cls), p = map.containerPointToLayerPoint([b[0] + PAD, b[1] + PAD]);
        el.style.left = `${p.x}px`;
        el.style.top = `${p.y}px`;
        if (t) el.textContent = t;
        els.push(el);
      };
      // A label may overhang the circle the state holds round its point a little.
      const fits = (t, room) => measure(t, false) / 2 <= 1.3 * room * 1000 / mpp && H / 2 <= room * 1000 / mpp;
      const nameOf = (s) => (lang === "es" && s[5]) || s[4];
      // One kind of name at a zoom, as an atlas page has: names where most states in view
      // hold theirs (the small ones then keep their abbreviations), else abbreviations
      // everywhere, not "Oregon" beside "WA".
      const view = map.getBounds(), inView = stateLabels.filter((s) => view.contains([s[2] / 100, s[1] / 100]));
      const names = inView.length > 0 && inView.filter((s) => fits(nameOf(s), s[3])).length >= 0.75 * inView.length;
      for (const s of stateLabels) {
        const [abbr, lon, lat, room] = s, p = map.latLngToContainerPoint([lat / 100, lon / 100]);
        for (const t of names ? [nameOf(s), abbr] : [abbr]) {
          const w = measure(t, false);
          if (!fits(t, room)) continue;
          const b = [p.x - w / 2 - PAD, p.y - H / 2 - PAD, p.x + w / 2 + PAD, p.y + H / 2 + PAD];
          if (free(b)) {
            taken.push(b);
            placed.push(t);
            put(b, "scmap-label", t);
          }
          break;
        }
      }
      // About one city a 170 px square of map: context, not a gazetteer.
      let left = Math.floor(size.x * size.y / (170 * 170));
      for (const [en, lon, lat, , es] of cityLabels) {
        if (left <= 0) break;
        const name = (lang === "es" && es) || en;
        const p = map.latLngToContainerPoint([lat / 100, lon / 100]), w = measure(name, true);
        const dot = [p.x - DOT / 2 - 1, p.y - DOT / 2 - 1, p.x + DOT / 2 + 1, p.y + DOT / 2 + 1];
        if (!free(dot)) continue;
        const b = [[p.x + DOT / 2 + GAP, p.y - H / 2 - PAD], [p.x - DOT / 2 - GAP - w - 2 * PAD, p.y - H / 2 - PAD],
                   [p.x - w / 2 - PAD, p.y - DOT / 2 - H - 2 * PAD], [p.x - w / 2 - PAD, p.y + DOT / 2]]
          .map(([x, y]) => [x, y, x + w + 2 * PAD, y + H + 2 * PAD]).find(free);
        if (!b) continue;
        taken.push(dot, b);
        placed.push(name);
        put([dot[0] - PAD + 1, dot[1] - PAD + 1], "scmap-dot");
        put(b, "scmap-label scmap-city", name);
        left--;
      }
      pane.replaceChildren(...els);
      pane.hidden = false;
      return placed;
    };
    // While the zoom animates, the names would stay where they were: hidden until it ends.
    map.on("zoomstart", () => { pane.hidden = true; });
    map.on("zoomend moveend resize", placeLabels);
    placeLabels();
  }

  const slider = $("slider");
  slider.max = periods.periods.length - 1;
  slider.addEventListener("input", () => show(Number(slider.value)));
  function setPlaying(on) {
    state.playing = on;
    $("play").setAttribute("aria-pressed", String(on));
    $("play").textContent = on ? (lang === "es" ? "Pausa" : "Pause") : (lang === "es" ? "Reproducir" : "Play");
    clearInterval(state.timer);
    if (on) state.timer = setInterval(() => {
      if (state.period + 1 >= periods.periods.length) return setPlaying(false);
      show(state.period + 1);
    }, reduceMotion ? 2500 : 1200);
  }
  $("play").addEventListener("click", () => setPlaying(!state.playing));
  // One period: nothing to play or slide through; the period's label stays.
  $("play").hidden = $("slider").hidden = periods.periods.length < 2;
  setPlaying(false);
  const want = periods.periods.findIndex((p) => p.period === params.get("period"));
  show(want >= 0 ? want : 0);
  loaded(layer).then(() => firstDrawn(performance.now()));

  // Hover or tap: the county under the pointer, from the county-index tiles.
  function countyAt(latlng) {
    if (!counties) return null;
    const z = map.getZoom(), pt = map.project(latlng, z);
    const tx = Math.floor(pt.x / 256), ty = Math.floor(pt.y / 256);
    const rec = state.tiles.get(`${z}/${tx}/${ty}`);
    if (!rec) return null;
    const px = Math.floor((pt.x - tx * 256) * 2), py = Math.floor((pt.y - ty * 256) * 2);
    const id = rec.ids[py * 512 + px];
    return id ? counties.counties[id - 1] : null;
  }
  // The readout names the county under the pointer, or else the highlighted ones, in the
  // period shown, and follows the slider: show() calls it again.
  function line(c) {
    const k = state.period, cls = legend[c.c[k]], v = c.v ? c.v[k] : null, loc = lang === "es" ? "es" : "en-US";
    let s = `${countyName(c)}: ${label(cls)}`;
    if (v !== null) s += ` — ${Number(v).toLocaleString(loc, { maximumFractionDigits: 2 })}`;
    if (c.activated && (cls.kind === "new" || cls.kind === "active")) {
      const day = new Date(`${c.activated}T00:00:00Z`).toLocaleDateString(loc,
        { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
      s += lang === "es" ? ` (activado el ${day})` : ` (activated ${day})`;
    }
    if (text(c.note)) s += `. ${text(c.note)}`;
    return s;
  }
  function readout() {
    const cs = state.hovered ? [state.hovered] : state.pinned;
    if (cs.length) $("hover").textContent = cs.map(line).join("; ");
  }
  function describe(e) {
    state.hovered = countyAt(e.latlng);
    if (!state.hovered && !state.pinned.length) $("hover").textContent = "";
    readout();
  }
  map.on("mousemove", describe);
  map.on("click", describe);

  // Inside an iframe: tell embed.js the height the page wants, the map at about its width's
  // aspect beside or under the rest, whenever the layout changes.
  let sent = 0;
  if (embed && window.parent !== window) {
    const post = () => {
      const main = document.querySelector("main"), m = $("map"), side = $("side");
      const want = Math.round(Math.min(Math.max(m.offsetWidth * 0.62, 200), 560));
      const column = getComputedStyle(main).flexDirection === "column";
      const mainH = column ? side.offsetHeight + 8 + want : Math.max(want, side.offsetHeight);
      const h = document.querySelector("header").offsetHeight + mainH +
        document.querySelector("footer").offsetHeight;
      if (h !== sent) window.parent.postMessage({ scmap: "height", height: (sent = h) }, "*");
    };
    new ResizeObserver(post).observe(document.body);
    for (const el of [document.querySelector("header"), $("side"), document.querySelector("footer")])
      new ResizeObserver(post).observe(el);
    post();
  }

  // For tests and for people who script the page.
  window.scmap = {
    embedHeight: () => sent, // what the page last asked embed.js for
    map, show, countyAt, periods, legend,
    findCounty, csv,
    hover(lat, lon) { describe({ latlng: L.latLng(lat, lon) }); return $("hover").textContent; },
    // The colour shown at a place: from the recoloured canvas, or the period's tile image.
    colorAt(lat, lon) {
      const z = map.getZoom(), pt = map.project([lat, lon], z);
      const tx = Math.floor(pt.x / 256), ty = Math.floor(pt.y / 256);
      const hex = (d, i) => "#" + [d[i], d[i + 1], d[i + 2]].map((x) => x.toString(16).padStart(2, "0")).join("");
      if (recolour) {
        const rec = state.tiles.get(`${z}/${tx}/${ty}`);
        if (!rec) return null;
        const i = (Math.floor((pt.y - ty * 256) * 2) * 512 + Math.floor((pt.x - tx * 256) * 2)) * 4;
        return hex(rec.ctx.getImageData(0, 0, 512, 512).data, i);
      }
      const t = layer._tiles && layer._tiles[`${tx}:${ty}:${z}`];
      if (!t || !t.el || !t.el.naturalWidth) return null;
      const c = document.createElement("canvas");
      c.width = t.el.naturalWidth;
      c.height = t.el.naturalHeight;
      const ctx = c.getContext("2d");
      ctx.drawImage(t.el, 0, 0);
      const s = c.width / 256;
      return hex(ctx.getImageData(Math.floor((pt.x - tx * 256) * s), Math.floor((pt.y - ty * 256) * s), 1, 1).data, 0);
    },
    // The first map drawn (the period's own tiles), to the time it was, in ms since the page
    // was asked for; ready: the county-index tiles in, the
    // highlight placed and whatever the map shows now loaded.
    drawn: () => drawn,
    ready: async () => { await upgrading; await highlighted; await loaded(layer); },
    // The state lines' layer once its tiles are in; null without one.
    boundaries: () => overlay,
    // Places the labels again now; the texts placed.
    labels: () => placeLabels(),
  };
})();
