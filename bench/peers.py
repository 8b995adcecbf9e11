#!/usr/bin/python3
"""Render the benchmark tiles with Mapnik or MapServer (Debian's python3-mapnik and
python3-mapscript): the same counties, classes, colours, outlines and tile list as scmap.

Usage: peers.py mapnik|mapnik-meta|mapserver SHAPEFILE LEGEND.json TILELIST PERIOD[,PERIOD...] OUTDIR

mapnik-meta draws 4x4 metatiles (1024 px, as mod_tile and TileStache do) and cuts the listed
tiles out of them; mapnik and mapserver draw each tile on its own.

SHAPEFILE is in EPSG:3857 with an integer class column per period (c2011Q3 ...), made by
bench/run.sh from `scmap stats --counties`; LEGEND.json is scmap's periods.json.
"""
import json
import math
import os
import sys

HALF = 20037508.342789244


def tile_box(z, x, y):
    size = 2 * HALF / (1 << z)
    return (-HALF + x * size, HALF - (y + 1) * size, -HALF + (x + 1) * size, HALF - y * size)


def hex_rgb(h):
    return int(h[1:3], 16), int(h[3:5], 16), int(h[5:7], 16)


def render_mapnik(shp, legend, tiles, period, out, meta=1):
    import mapnik
    m = mapnik.Map(256 * meta, 256 * meta, "epsg:3857")
    m.background = mapnik.Color(0, 0, 0, 0)
    style = mapnik.Style()
    for cls in legend:
        r = mapnik.Rule()
        r.filter = mapnik.Expression("[c%s] = %d" % (period, cls["class"]))
        ps = mapnik.PolygonSymbolizer()
        ps.fill = mapnik.Color(cls["color"])
        r.symbols.append(ps)
        ls = mapnik.LineSymbolizer()
        ls.stroke = mapnik.Color("white")
        ls.stroke_width = 0.5
        r.symbols.append(ls)
        style.rules.append(r)
    m.append_style("counties", style)
    layer = mapnik.Layer("counties", "epsg:3857")
    layer.datasource = mapnik.Shapefile(file=shp)
    layer.styles.append("counties")
    m.layers.append(layer)
    if meta > 1:
        return render_mapnik_meta(m, tiles, out, meta)
    for z, x, y in tiles:
        m.zoom_to_box(mapnik.Box2d(*tile_box(z, x, y)))
        im = mapnik.Image(256, 256)
        mapnik.render(m, im)
        d = os.path.join(out, str(z), str(x))
        os.makedirs(d, exist_ok=True)
        im.save(os.path.join(d, "%d.png" % y), "png32")


def render_mapnik_meta(m, tiles, out, meta):
    import mapnik
    blocks = {}
    for z, x, y in tiles:
        blocks.setdefault((z, x // meta, y // meta), []).append((x, y))
    for (z, mx, my), members in sorted(blocks.items()):
        n = min(meta, 1 << z)
        m.resize(256 * n, 256 * n)
        x0, y1, _, _ = tile_box(z, mx * meta, my * meta + n - 1)
        _, _, x1, y0 = tile_box(z, mx * meta + n - 1, my * meta)
        m.zoom_to_box(mapnik.Box2d(x0, y1, x1, y0))
        im = mapnik.Image(256 * n, 256 * n)
        mapnik.render(m, im)
        for x, y in members:
            d = os.path.join(out, str(z), str(x))
            os.makedirs(d, exist_ok=True)
            view = im.view((x - mx * meta) * 256, (y - my * meta) * 256, 256, 256)
            view.save(os.path.join(d, "%d.png" % y), "png32")


def render_mapserver(shp, legend, tiles, period, out):
    import mapscript
    classes = []
    for cls in legend:
        r, g, b = hex_rgb(cls["color"])
        classes.append("""CLASS EXPRESSION "%d"
          STYLE COLOR %d %d %d END
          STYLE OUTLINECOLOR 255 255 255 WIDTH 0.5 END
        END""" % (cls["class"], r, g, b))
    text = """MAP
      SIZE 256 256
      EXTENT -20037508.34 -20037508.34 20037508.34 20037508.34
      PROJECTION "init=epsg:3857" END
      IMAGETYPE "png"
      OUTPUTFORMAT NAME "png" DRIVER "AGG/PNG" MIMETYPE "image/png" IMAGEMODE RGBA
        EXTENSION "png" TRANSPARENT ON END
      LAYER NAME "counties" TYPE POLYGON STATUS DEFAULT DATA "%s"
        PROJECTION "init=epsg:3857" END
        CLASSITEM "c%s"
        %s
      END
    END""" % (shp[:-4], period, "\n".join(classes))
    m = mapscript.fromstring(text)
    for z, x, y in tiles:
        m.setExtent(*tile_box(z, x, y))
        img = m.draw()
        d = os.path.join(out, str(z), str(x))
        os.makedirs(d, exist_ok=True)
        img.save(os.path.join(d, "%d.png" % y))


def main():
    tool, shp, legend_path, tile_list, periods, out = sys.argv[1:7]
    legend = json.load(open(legend_path))["legend"]
    tiles = [tuple(map(int, line.split())) for line in open(tile_list) if line.strip()]
    for p in periods.split(","):
        if tool == "mapserver":
            render_mapserver(shp, legend, tiles, p, os.path.join(out, p))
        else:
            render_mapnik(shp, legend, tiles, p, os.path.join(out, p), 4 if tool == "mapnik-meta" else 1)


main()
