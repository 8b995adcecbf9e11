/* SPDX-License-Identifier: MIT */
/* Tile pyramids of a style for every period: render, reuse, encode and store. */
#ifndef SCMAP_PYRAMID_H
#define SCMAP_PYRAMID_H

#include "scmap/core.h"
#include "scmap/sink.h"
#include "scmap/timeline.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called with the work done so far and the total, from any thread, one call at a time. */
typedef void (*scm_progress_fn)(void *user, size_t done, size_t total);

typedef struct scm_pyramid_opts {
    const char *out_dir; /* writes out_dir/<style>/... */
    int zmin, zmax;      /* 0 <= zmin <= zmax <= SCM_TILE_MAX_ZOOM */
    int scale;           /* 1: 256 px tiles; 2: 512 px "@2x" tiles */
    scm_sink_kind format;
    int jobs;             /* threads; the output does not depend on it */
    const char *base_url; /* the URL out_dir is served at: absolute TileJSON "tiles" URLs
                           * (which the spec and web clients want), or NULL: relative ones */
    int ids; /* also write out_dir/<style>/ids/{z}/{x}/{y}.png (512 px, county index in the
              * colour) and counties.json (class and value per county and period), from which
              * a browser recolours one tile set for every period */
    scm_progress_fn progress;
    void *progress_user;
    /* Render only shard `shard` of `n_shards` (1-based; 0 and 0: everything). Shards split the
     * metatiles of each zoom deterministically; scm_pyramid_merge joins their outputs. */
    uint32_t shard, n_shards;
    /* Directory output: finish a run that was stopped, keeping the metatiles it completed
     * (listed in out_dir/<style>/.scmap-done); the result is the bytes of one clean run.
     * Every run writes out_dir/<style>/.scmap-job (a hash of what decides the tiles, the
     * format, the shard); resuming a folder of another job is SCM_EDATA. */
    int resume;
    /* Also draw the state lines (the style's "states") into the choropleth tiles, for
     * clients that cannot stack layers. Without it (and unless the style turns the lines
     * off) they go only into the overlay out_dir/<style>/boundaries. */
    int burn_states;
} scm_pyramid_opts;

typedef struct scm_pyramid_result {
    size_t rendered; /* tiles drawn and encoded */
    size_t reused;   /* tiles whose counties kept their classes: taken from an earlier period */
    size_t empty;    /* tiles with nothing on them */
    size_t blank;    /* empty tiles stored (one shared PNG) where web clients ask for tiles */
} scm_pyramid_result;

/* Renders every period of tl at zooms zmin..zmax in Web Mercator (EPSG:3857) into
 * out_dir/<style>/<period>/{z}/{x}/{y}.png (or <period>.mbtiles / <period>.pmtiles), a
 * TileJSON 3.0.0 file per period beside each (<period>.json, <period>.pmtiles.json; none for
 * MBTiles, which no web client reads) and the period list out_dir/<style>/periods.json
 * (periods.pmtiles.json, periods.mbtiles.json; @2x before the first dot at scale 2), so runs
 * of several formats into one folder each keep their own. Unless the style turns them off,
 * also the state lines as a transparent overlay, drawn once: boundaries/{z}/{x}/{y}.png (or
 * boundaries.pmtiles, boundaries.mbtiles) with its TileJSON boundaries.json (or
 * boundaries.pmtiles.json), named in the manifest as "boundaries". Where nothing is drawn
 * inside the bounds near the counties, every tile set holds an empty tile: web clients ask
 * for every tile inside the bounds, and log each one missing as an error. SCM_EINVAL for bad
 * options, SCM_EIO when the output cannot be written; a failed run removes the files of
 * containers it had not finished. */
scm_status scm_pyramid_render(scm_ctx *ctx, const scm_timeline *tl, const scm_pyramid_opts *o,
                              scm_pyramid_result *out);

/* Joins the output folders of the shards of one job (each holding <style>/...) into out:
 * the same bytes as one run. Directory tiles are copied, MBTiles and PMTiles rewritten.
 * Each <style>/.scmap-job must name a finished run of the same job and format, and shards
 * 1..N must each be there once; SCM_EDATA otherwise, or for a crafted or differing file.
 * The result is built in a folder beside out and renamed into place when whole: a failed
 * merge leaves nothing, and a <style> folder already under out is not replaced (SCM_EIO). */
scm_status scm_pyramid_merge(scm_ctx *ctx, const char *const *inputs, size_t n, const char *out);

#ifdef __cplusplus
}
#endif
#endif
