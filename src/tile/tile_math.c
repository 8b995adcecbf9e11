/* SPDX-License-Identifier: MIT */
/* Tile bounds, the TMS flip and PMTiles' Hilbert tile ids. */
#include "scmap/tile.h"

#include <math.h>

scm_status
scm_tile_bounds(scm_tile t, scm_bbox *out)
{
    double size;
    if (t.z > SCM_TILE_MAX_ZOOM || t.x >= (1u << t.z) || t.y >= (1u << t.z))
        return SCM_EINVAL;
    size = 2 * SCM_MERC_HALF / (double)(1u << t.z);
    out->minx = -SCM_MERC_HALF + t.x * size;
    out->maxx = out->minx + size;
    out->maxy = SCM_MERC_HALF - t.y * size;
    out->miny = out->maxy - size;
    return SCM_OK;
}

uint32_t
scm_tile_tms_row(scm_tile t)
{
    return (1u << t.z) - 1 - t.y;
}

/* Hilbert curve rotation of the quadrant (x, y) within an n x n square. */
static void
rotate(uint64_t n, uint64_t *x, uint64_t *y, uint64_t rx, uint64_t ry)
{
    if (ry == 0) {
        uint64_t t;
        if (rx == 1) {
            *x = n - 1 - *x;
            *y = n - 1 - *y;
        }
        t = *x;
        *x = *y;
        *y = t;
    }
}

uint64_t
scm_tile_pmtiles_id(scm_tile t)
{
    uint64_t base = 0, d = 0, n = 1ull << t.z, s, x = t.x, y = t.y;
    uint8_t z;
    for (z = 0; z < t.z; z++)
        base += 1ull << (2 * z);
    for (s = n / 2; s > 0; s /= 2) {
        uint64_t rx = (x & s) > 0, ry = (y & s) > 0;
        d += s * s * ((3 * rx) ^ ry);
        rotate(n, &x, &y, rx, ry);
    }
    return base + d;
}

scm_tile
scm_tile_from_pmtiles_id(uint64_t id)
{
    scm_tile t = {0, 0, 0};
    uint64_t base = 0, n, s, x = 0, y = 0, d;
    uint8_t z = 0;
    while (id >= base + (1ull << (2 * z))) {
        base += 1ull << (2 * z);
        z++;
    }
    d = id - base;
    n = 1ull << z;
    for (s = 1; s < n; s *= 2) {
        uint64_t rx = 1 & (d / 2), ry = 1 & (d ^ rx);
        rotate(s, &x, &y, rx, ry);
        x += s * rx;
        y += s * ry;
        d /= 4;
    }
    t.x = (uint32_t)x;
    t.y = (uint32_t)y;
    t.z = z;
    return t;
}

void
scm_merc_to_lonlat(double x, double y, double *lon, double *lat)
{
    const double pi = 3.14159265358979323846;
    *lon = x / SCM_MERC_HALF * 180.0;
    *lat = (2 * atan(exp(y / SCM_MERC_HALF * pi)) - pi / 2) * 180.0 / pi;
}
