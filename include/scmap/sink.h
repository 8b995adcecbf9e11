/* SPDX-License-Identifier: MIT */
/* Tile containers: a z/x/y directory, MBTiles 1.3 or PMTiles v3. */
#ifndef SCMAP_SINK_H
#define SCMAP_SINK_H

#include "scmap/core.h"
#include "scmap/tile.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum scm_sink_kind { SCM_SINK_DIR, SCM_SINK_MBTILES, SCM_SINK_PMTILES } scm_sink_kind;

/* What a container says about itself. Strings are copied. */
typedef struct scm_sink_meta {
    const char *name;
    const char *description;
    const char *attribution;
    const char *version;
    uint8_t minzoom, maxzoom;
    scm_bbox bounds; /* longitude/latitude degrees */
    double center_lon, center_lat;
    uint8_t center_zoom;
    int scale;              /* 2: 512 px tiles, "@2x" in directory file names */
    const char *extra_json; /* a JSON object stored as metadata "scmap" (legend, period), or NULL */
    /* With tiles_url set, scm_sink_finish also writes a TileJSON 3.0.0 file beside the
     * container, from these fields: <path>.json for a directory (<path>@2x.json at scale 2),
     * and <path>.json for MBTiles and PMTiles (2010Q3.pmtiles.json). */
    const char *tiles_url;      /* its "tiles" URL template, or NULL: no TileJSON */
    const char *tilejson_name;  /* its "name", or NULL: name */
    const char *tilejson_extra; /* its "scmap" object, or NULL: extra_json */
} scm_sink_meta;

typedef struct scm_sink scm_sink;

/* Opens a container at path (a directory, or a file written as path.tmp and renamed by
 * scm_sink_finish, so that path never holds half a file). SCM_EIO naming the path. */
scm_status scm_sink_open(scm_ctx *ctx, scm_sink_kind kind, const char *path,
                         const scm_sink_meta *meta, scm_sink **out);
/* Stores one encoded tile; the sink copies png. Safe to call from several threads. */
scm_status scm_sink_put(scm_ctx *ctx, scm_sink *sink, scm_tile t, const uint8_t *png, size_t len);
/* Stores a tile that `from` (a sink of the same kind) already holds with these bytes: a
 * directory hard-links the file instead of writing it again. */
scm_status scm_sink_put_same(scm_ctx *ctx, scm_sink *sink, scm_tile t, const scm_sink *from,
                             const uint8_t *png, size_t len);
/* Stores png, an empty tile (fully transparent), at t, where there is nothing to draw but a
 * web client asks all the same (every tile inside the TileJSON bounds): a hard link to the
 * sink's first empty tile in a directory (bytes when links fail), one shared blob in MBTiles
 * and PMTiles. Every call of one sink passes the same bytes. Safe from several threads. */
scm_status scm_sink_put_empty(scm_ctx *ctx, scm_sink *sink, scm_tile t, const uint8_t *png,
                              size_t len);
/* Writes indexes and metadata, moves the file into place, then writes the TileJSON if
 * meta asks for one. Call at most once. */
scm_status scm_sink_finish(scm_ctx *ctx, scm_sink *sink);
/* Releases the sink; an unfinished file container leaves nothing behind. */
void scm_sink_free(scm_sink *sink);
/* Joins containers of one kind that hold disjoint tiles (the shards of one job) into out:
 * the metadata of the first, the tiles of all. The result is byte for byte what one run
 * would have written. For SCM_SINK_DIR the inputs are files or folders, copied; a file
 * already at out must have the same bytes. Inputs are untrusted: SCM_EDATA naming the input
 * for a malformed container, metadata that differs from the first input's, a file that
 * differs, a tile in two inputs, or anything but files and folders. */
scm_status scm_sink_merge(scm_ctx *ctx, scm_sink_kind kind, const char *const *inputs, size_t n,
                          const char *out);

/* Tiles stored, and distinct tile contents among them. */
void scm_sink_counts(const scm_sink *sink, size_t *tiles, size_t *contents);

#ifdef __cplusplus
}
#endif
#endif
