/* SPDX-License-Identifier: MIT */
/* XYZ tile arithmetic in Web Mercator (EPSG:3857); y grows southward. */
#ifndef SCMAP_TILE_H
#define SCMAP_TILE_H

#include "scmap/core.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SCM_TILE_MAX_ZOOM 16
/* Half the width of the Web Mercator world, in metres. */
#define SCM_MERC_HALF 20037508.342789244

typedef struct scm_tile {
    uint32_t x;
    uint32_t y;
    uint8_t z;
} scm_tile;

/* Bounds of t in EPSG:3857 metres; SCM_EINVAL if z > SCM_TILE_MAX_ZOOM or x, y >= 2^z. */
scm_status scm_tile_bounds(scm_tile t, scm_bbox *out);
/* MBTiles stores rows bottom-up (TMS). */
uint32_t scm_tile_tms_row(scm_tile t);
/* The PMTiles v3 tile id: tiles of lower zooms first, then the Hilbert curve index. */
uint64_t scm_tile_pmtiles_id(scm_tile t);
/* Inverse of scm_tile_pmtiles_id. */
scm_tile scm_tile_from_pmtiles_id(uint64_t id);
/* Web Mercator metres to longitude/latitude in degrees (spherical formulas; exact for 3857). */
void scm_merc_to_lonlat(double x, double y, double *lon, double *lat);

#ifdef __cplusplus
}
#endif
#endif
