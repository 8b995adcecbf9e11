// scmap viewer: the tiles scmap rendered, on a Leaflet map with a time slider.
// Where the tile set has county-index tiles (ids/) and counties.json, one set of tiles
// serves every period: each pixel names a county, and the browser paints it the colour of
// that county's class in the chosen period. Otherwise the period's own PNG or PMTiles load.
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
  const config = await (await fetch("config.json")).json();
  const tilesBase = config.tiles.replace(/\/$/, "");
  const dataBase = config.data ? config.data.replace(/\/$/, "") : null;
  const state = { period: 0, playing: false, timer: null, tiles: new Map(), hovered: null };
  // A county's state, from the first two digits of its FIPS code.
  const STATES = { "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT",
    "10": "DE", "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL", "18": "IN",
    "19": "IA", "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD", "25": "MA", "26": "MI",
    "27": "MN", "28": "MS", "29": "MO", "30": "MT", "31": "NE", "32": "NV", "33": "NH", "34": "NJ",
    "35": "NM", "36": "NY", "37": "NC", "38": "ND", "39": "OH", "40": "OK", "41": "OR", "42": "PA",
    "44": "RI", "45": "SC", "46": "SD", "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA",
    "53": "WA", "54": "WV", "55": "WI", "56": "WY", "60": "AS", "66": "GU", "69": "MP", "72": "PR",
    "78": "VI" };
  const stateOf = (c) => STATES[c.fips.slice(0, 2)] || "";
  const countyName = (c) => (stateOf(c) ? `${c.name}, ${stateOf(c)}` : c.name);

  const styleSelect = $("style");
  // Each map by its title; until the titles are read (after the map is up), by its name.
  for (const s of config.styles) {
    const o = document.createElement("option");
    o.value = s;
    o.textContent = s.charAt(0).toUpperCase() + s.slice(1).replace(/[-_]+/g, " ");
    styleSelect.appendChild(o);
  }
  const styleName = params.get("style") && config.styles.includes(params.get("style"))
    ? params.get("style") : config.styles[0];
  styleSelect.value = styleName;
  $("style-wrap").hidden = config.styles.length < 2;
  styleSelect.addEventListener("change", () => {
    params.set("style", styleSelect.value);
    location.search = params.toString();
  });

  // A tile set's name is a folder name: it goes into URLs as one path segment, whatever it holds.
  const base = `${tilesBase}/${encodeURIComponent(styleName)}`;
  // Each format writes its own period list; config.json names the one to read. A directory
  // set's list is periods.json: its county values and the county-index tiles that exist
  // (scmap viewer lists them: no request for the others) come in the same round trip, since
  // they do not depend on the list.
  const manifest = (config.manifests || {})[styleName] || "periods.json";
  const dirSet = manifest === "periods.json";
  const [periodsR, r, ix] = await Promise.all([fetch(`${base}/${manifest}`),
    dirSet && fetch(`${base}/counties.json`), dirSet && fetch(`index/${encodeURIComponent(styleName)}.json`)]);
  const periods = await periodsR.json();
  const dir = periods.format === "dir";
  const firstR = await fetch(`${base}/${periods.periods[0].tilejson}`);
  const first = await firstR.json();
  let counties = null, tileIndex = null;
  if (dir && r) {
    if (r.ok) counties = await r.json();
    if (ix.ok) {
      tileIndex = new Set();
      for (const [z, xs] of Object.entries(await ix.json()))
        for (const [x, ys] of Object.entries(xs)) for (const y of ys) tileIndex.add(`${z}/${x}/${y}`);
    }
  }
  const legend = periods.legend;
  const colors = legend.map((c) => [1, 3, 5].map((i) => parseInt(c.color.slice(i, i + 2), 16)));
  const label = (o) => (lang === "es" && o.label_es) || o.label;
  const text = (o) => (o && (o[lang] || o.en)) || "";
  // Text from a style or the data is never markup: the page sets it with textContent, and the
  // one place it becomes HTML, the embed snippet, goes through this (fit for text and for
  // attribute values in either quote).
  const escapeHtml = (s) => String(s).replace(/[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

  $("title").textContent = text(periods.title);
  document.title = text(periods.title);
  $("subtitle").textContent = text(periods.subtitle) || first.description || "";
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
    center: [first.center[1], first.center[0]], zoom: Math.max(first.minzoom, 3),
    minZoom: first.minzoom, maxZoom: first.maxzoom, zoomSnap: 1,
    fadeAnimation: !reduceMotion, zoomAnimation: !reduceMotion,
    // Leaflet's attribution control writes its text as HTML; ours below writes a text node.
    attributionControl: false,
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
  const credit = text(periods.source) || first.attribution;
  if (credit) {
    const Attribution = L.Control.extend({
      options: { position: "bottomright" },
      onAdd() {
        const div = L.DomUtil.create("div", "leaflet-control-attribution");
        div.textContent = credit;
        return div;
      },
    });
    new Attribution().addTo(map);
  }

  // Alaska, Hawaii and Puerto Rico are far from the default view: a button for each.
  const places = [
    ["48", lang === "es" ? "Estados contiguos" : "Lower 48", [[24.5, -125], [49.5, -66.9]]],
    ["AK", "Alaska", [[51.2, -179.2], [71.4, -129.9]]],
    ["HI", lang === "es" ? "Hawái" : "Hawaii", [[18.9, -160.3], [22.3, -154.8]]],
    ["PR", "Puerto Rico", [[17.9, -67.3], [18.6, -65.2]]],
  ];
  const Places = L.Control.extend({
    options: { position: "topright" },
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

  // Recolouring: one canvas a tile, painted from the tile's county indices.
  const outline = [255, 255, 255];
  // Each county's colour in the period shown, by index: one lookup a pixel.
  let shade = null, shadeFor = -1;
  function paint(rec) {
    const k = state.period, img = rec.out, d = img.data, ids = rec.ids;
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
      const c = edge ? outline : shade[id];
      d[4 * i] = c[0]; d[4 * i + 1] = c[1]; d[4 * i + 2] = c[2]; d[4 * i + 3] = 255;
    }
    rec.ctx.putImageData(img, 0, 0);
  }
  let layer, nextLayer = null;
  if (counties) {
    const IdLayer = L.GridLayer.extend({
      _isValidTile(coords) {
        return L.GridLayer.prototype._isValidTile.call(this, coords) &&
          (!tileIndex || tileIndex.has(`${coords.z}/${coords.x}/${coords.y}`));
      },
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
          paint(rec);
          done(null, canvas);
        };
        // No county-index tile: nothing is drawn there (ocean, the rest of the world).
        img.onerror = () => done(null, canvas);
        img.crossOrigin = "anonymous"; // tiles on another server that allows it stay readable
        img.src = `${base}/ids/${coords.z}/${coords.x}/${coords.y}.png`;
        return canvas;
      },
    });
    layer = new IdLayer({ tileSize: 256, minZoom: first.minzoom, maxZoom: first.maxzoom,
                          maxNativeZoom: first.maxzoom, noWrap: true }).addTo(map);
    layer.on("tileunload", (e) => state.tiles.delete(`${e.coords.z}/${e.coords.x}/${e.coords.y}`));
  }

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

  // Without county-index tiles: the period's own tiles, and the next period's preloaded.
  function periodLayer(k) {
    const p = periods.periods[k];
    const l = periods.format === "pmtiles"
      ? pmtiles.leafletRasterLayer(new pmtiles.PMTiles(`${base}/${p.period}.pmtiles`),
        { maxNativeZoom: first.maxzoom, noWrap: true })
      : L.tileLayer(`${base}/${p.period}/{z}/{x}/{y}.png`, { maxNativeZoom: first.maxzoom, noWrap: true });
    // A tile is a piece of the picture the map region describes: no alt text of its own (the
    // pmtiles layer's images have no alt at all).
    return l.on("tileloadstart", (e) => { e.tile.alt = ""; e.tile.setAttribute("role", "presentation"); });
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
    } else {
      const old = layer;
      layer = nextLayer && nextLayer._scmapPeriod === k ? nextLayer : periodLayer(k);
      layer.setOpacity(1).addTo(map);
      if (old && old !== layer) map.removeLayer(old);
      if (k + 1 < periods.periods.length) {
        nextLayer = periodLayer(k + 1);
        nextLayer._scmapPeriod = k + 1;
        nextLayer.setOpacity(0).addTo(map); // loads its tiles now, shown at the next step
      }
    }
    const alt = text(p.alt) || (lang === "es"
      ? `Mapa de Estados Unidos por condado, ${p.label_es}: ${$("count").textContent}.`
      : `Map of the United States by county, ${p.label}: ${$("count").textContent}.`);
    $("map").setAttribute("aria-label", alt);
    $("alt").textContent = alt;
    $("snippet").value = snippet(p, alt);
    if (!counties) // no county values in the page: the national CSV scmap wrote, if any
      $("data-link").href = dataBase ? `${dataBase}/${encodeURIComponent(styleName)}.csv` : `${base}/periods.json`;
  }

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
    if ((config.stills || []).includes(styleName)) {
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
      if (a.href.startsWith("blob:")) URL.revokeObjectURL(a.href);
      a.href = URL.createObjectURL(new Blob([csv(ks())], { type: "text/csv" }));
      a.download = name();
    });
  }
  $("data-all-wrap").hidden = !counties;
  if (counties) {
    offer($("data-link"), () => [state.period],
      () => `${styleName}-${periods.periods[state.period].period}.csv`);
    offer($("data-all"), () => periods.periods.map((p, k) => k), () => `${styleName}.csv`);
  }

  // The search box: a county by its name, zoomed to where its index tiles have it.
  $("find").hidden = !counties;
  if (counties) {
    const names = new Map(counties.counties.map((c, i) => [countyName(c).toLowerCase(), i]));
    const list = $("county-names");
    for (const c of counties.counties) {
      const o = document.createElement("option");
      o.value = countyName(c);
      list.appendChild(o);
    }
    $("search").addEventListener("change", async () => {
      const q = $("search").value.trim().toLowerCase();
      const hit = names.has(q) ? [q, names.get(q)] : [...names].find(([n]) => n.startsWith(q));
      if (!hit || !q) return;
      const i = hit[1];
      const c = counties.counties[i], box = await findCounty(i + 1);
      if (!box) return;
      moved = true;
      map.fitBounds(box, { maxZoom: first.maxzoom });
      state.hovered = c;
      readout();
    });
  }
  // Where county id is: the pixels of the index tiles at one zoom (those the index lists).
  async function findCounty(id) {
    const z = Math.min(first.maxzoom, 5), found = [Infinity, Infinity, -Infinity, -Infinity];
    const keys = tileIndex ? [...tileIndex].filter((k) => k.startsWith(`${z}/`)) : [];
    await Promise.all(keys.map((k) => new Promise((resolve) => {
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
          if (((d[4 * i] << 16) | (d[4 * i + 1] << 8) | d[4 * i + 2]) === id) {
            const px = x * 256 + (i & 511) / 2, py = y * 256 + (i >> 9) / 2;
            found[0] = Math.min(found[0], px); found[1] = Math.min(found[1], py);
            found[2] = Math.max(found[2], px); found[3] = Math.max(found[3], py);
          }
        resolve();
      };
      img.src = `${base}/ids/${k}.png`;
    })));
    if (found[0] === Infinity) return null;
    return L.latLngBounds(map.unproject([found[0], found[3] + 0.5], z), map.unproject([found[2] + 0.5, found[1]], z));
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
  // The readout names the county under the pointer in the period shown, and follows the
  // slider: show() calls it again for the county last pointed at.
  function readout() {
    const c = state.hovered;
    if (!c) return;
    const k = state.period, cls = legend[c.c[k]], v = c.v ? c.v[k] : null, loc = lang === "es" ? "es" : "en-US";
    let s = `${countyName(c)}: ${label(cls)}`;
    if (v !== null) s += ` — ${Number(v).toLocaleString(loc, { maximumFractionDigits: 2 })}`;
    if (c.activated && (cls.kind === "new" || cls.kind === "active")) {
      const day = new Date(`${c.activated}T00:00:00Z`).toLocaleDateString(loc,
        { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
      s += lang === "es" ? ` (activado el ${day})` : ` (activated ${day})`;
    }
    if (text(c.note)) s += `. ${text(c.note)}`;
    $("hover").textContent = s;
  }
  function describe(e) {
    state.hovered = countyAt(e.latlng);
    if (!state.hovered) $("hover").textContent = "";
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

  // The other maps' titles for the menu, once this one is up.
  if (config.styles.length > 1)
    (layer && layer.isLoading && layer.isLoading() ? new Promise((r) => layer.once("load", r)) : Promise.resolve())
      .then(() => Promise.all([...styleSelect.options].map(async (o) => {
        const r = o.value === styleName ? null : await fetch(`${tilesBase}/${encodeURIComponent(o.value)}/periods.json`);
        const t = text(r ? (r.ok ? await r.json() : {}).title : periods.title);
        if (t) o.textContent = t;
      }))).catch(() => {});

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
      if (counties) {
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
    ready: () => new Promise((resolve) => (layer.isLoading && layer.isLoading() ? layer.once("load", resolve) : resolve())),
  };
})();
