#!/usr/bin/env python3
"""Stitch XYZ tiles into one PNG to look at seams across tile edges (stdlib only).

Usage: scripts/mosaic.py TILEDIR Z X0 Y0 X1 Y1 OUT.png
"""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    pos, idat, plte, trns = 8, b"", None, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"PLTE":
            plte = body
        elif kind == b"tRNS":
            trns = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    bpp = {2: 3, 6: 4, 3: 1}[ctype]
    stride = (w * depth * (bpp if ctype != 3 else 1) + 7) // 8
    rows, prev = [], bytearray(stride)
    step = max(1, (depth * (bpp if ctype != 3 else 1)) // 8)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - step] if i >= step else 0
            b = prev[i]
            c = prev[i - step] if i >= step else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pr) & 255
        rows.append(line)
        prev = line
    out = []
    for line in rows:
        px = []
        for x in range(w):
            if ctype == 3:
                bit = x * depth
                v = (line[bit // 8] >> (8 - depth - bit % 8)) & ((1 << depth) - 1)
                px.append(tuple(plte[3 * v:3 * v + 3]) + ((trns[v] if v < len(trns) else 255),))
            elif ctype == 2:
                px.append(tuple(line[3 * x:3 * x + 3]) + (255,))
            else:
                px.append(tuple(line[4 * x:4 * x + 4]))
        out.append(px)
    return w, h, out


def write_png(path, w, h, rows):
    raw = b"".join(b"\0" + bytes(c for p in r for c in p) for r in rows)
    def chunk(k, b):
        return struct.pack(">I", len(b)) + k + b + struct.pack(">I", zlib.crc32(k + b))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def main():
    d, z, x0, y0, x1, y1, out = sys.argv[1], *map(int, sys.argv[2:7]), sys.argv[7]
    ts = None
    grid = {}
    for x in range(x0, x1 + 1):
        for y in range(y0, y1 + 1):
            try:
                w, h, px = read_png(f"{d}/{z}/{x}/{y}.png")
                ts = w
                grid[(x, y)] = px
            except FileNotFoundError:
                pass
    ts = ts or 256
    W, H = (x1 - x0 + 1) * ts, (y1 - y0 + 1) * ts
    rows = [[(255, 255, 255, 255)] * W for _ in range(H)]
    for (x, y), px in grid.items():
        for j in range(ts):
            for i in range(ts):
                r, g, b, a = px[j][i]
                rows[(y - y0) * ts + j][(x - x0) * ts + i] = (
                    (r * a + 255 * (255 - a)) // 255, (g * a + 255 * (255 - a)) // 255,
                    (b * a + 255 * (255 - a)) // 255, 255)
    write_png(out, W, H, rows)


main()
