/* SPDX-License-Identifier: MIT */
#ifndef SCMAP_PYRAMID_PRIVATE_H
#define SCMAP_PYRAMID_PRIVATE_H

#include <pthread.h>

#include "scmap/pyramid.h"
#include "scmap/render.h"

#include "../core/core_private.h"

#define SCM_META_MAX 8 /* tiles a metatile side */

/* A metatile and its counties (a slice of scm_zoom.counties). */
typedef struct scm_meta {
    uint64_t key;
    uint32_t mx, my;
    size_t first, n;
} scm_meta;

/* One zoom level: geometry in world pixels and the metatile index. */
typedef struct scm_zoom {
    int z;
    uint32_t tile_px, meta, n_meta_side;
    double buffer; /* px around a tile within which a county can change its pixels */
    scm_geometry *g;
    scm_bbox *rbox; /* per ring */
    uint8_t *edge;  /* per point: this ring strokes the segment that starts here */
    size_t *counties;
    size_t n_counties;
    scm_meta *metas;
    size_t n_metas;
    /* The tiles a web client asks for (scm__zoom_cover), one bit each over the window of
     * tiles cx0.., cy0.. (cw x ch) inside the bounds; NULL: none at this zoom. */
    uint8_t *cover;
    uint32_t cx0, cy0, cw, ch;
} scm_zoom;

typedef struct scm_job {
    const scm_timeline *tl;
    const scm_pyramid_opts *o;
    size_t n_periods;
    scm_sink **sinks; /* one a period */
    scm_sink *ids;    /* the county-index tiles, or NULL */
    scm_fill_style fs;
    scm_rgba colors[32];
    const scm_zoom *zoom;
    /* The state lines (overlay.c): in Web Mercator with the segments two states share
     * marked, their zoom (NULL unless drawn), the overlay's sink (or NULL), their width. */
    scm_geometry *states;
    uint8_t *states_border;
    const scm_zoom *states_zoom;
    scm_sink *overlay;
    scm_rgba states_color;
    double states_px;
    /* The empty tile of the period tiles and of the county-index tiles. */
    uint8_t *blank[2];
    size_t blank_len[2];
    pthread_mutex_t lock;
    size_t next, done, total;
    int failed;
    FILE *done_log;      /* directory output: metatiles completed, one "z key" a line */
    uint64_t *done_keys; /* read back by --resume, sorted */
    size_t n_done_keys;
} scm_job;

struct tile_state;

typedef struct scm_worker {
    scm_job *job;
    scm_ctx *ctx;
    scm_canvas *canvas;
    scm_image *img;
    scm_indexed *ix;
    scm_canvas *id_canvas; /* twice the tile size, for the county-index tiles */
    scm_image *id_img;
    struct tile_state *tiles;                       /* META x META */
    scm_canvas *masks[SCM_META_MAX * SCM_META_MAX]; /* outline coverage per tile */
    size_t *touch;
    size_t cap_touch;
    size_t *states; /* the states of one tile */
    size_t cap_states;
    uint8_t *vec;
    size_t cap_vec, vec_stride;
    scm_pyramid_result res;
    scm_status status;
    /* Tiles of one colour are common deep inside counties: their PNGs, by colour. */
    struct flat {
        uint32_t rgba;
        uint8_t *png;
        size_t len;
    } flat[32];
    size_t n_flat;
} scm_worker;

/* A tile folder's job file, <out>/<style>/.scmap-job. */
typedef struct scm__job_id {
    uint64_t id; /* a hash of everything that decides the tiles; not the shard */
    scm_sink_kind format;
    uint32_t shard, n_shards; /* 1/1 when not sharded */
    int complete;             /* the run finished */
} scm__job_id;

/* Writes dir/.scmap-job (atomically). */
scm_status scm__job_write(scm_ctx *ctx, const char *dir, const scm__job_id *j);
/* Reads dir/.scmap-job into j; *found = 0 if there is none. SCM_EDATA if it is not one. */
scm_status scm__job_read(scm_ctx *ctx, const char *dir, scm__job_id *j, int *found);
/* The same job and shard (whether complete or not). */
int scm__job_same(const scm__job_id *a, const scm__job_id *b);

/* The file extension of a container kind: "", ".mbtiles" or ".pmtiles". */
static inline const char *
scm__format_ext(scm_sink_kind f)
{
    return f == SCM_SINK_MBTILES ? ".mbtiles" : f == SCM_SINK_PMTILES ? ".pmtiles" : "";
}

/* The job's identity (job_id.c): everything that decides the tiles' bytes. */
uint64_t scm__job_hash(const scm_job *job, const scm_geometry *merc);
/* Writes want as dir's job file, after checking, with o->resume, that dir holds that job's
 * tiles (or none): SCM_EDATA for another job's. */
scm_status scm__job_claim(scm_ctx *ctx, const scm_pyramid_opts *o, const char *dir,
                          const scm__job_id *want);

/* Resuming (resume.c). Opens dir/.scmap-done, reading back its keys when o->resume. */
scm_status scm__done_open(scm_ctx *ctx, scm_job *job, const char *dir);
/* Whether the log read back says metatile m of zm is complete. */
int scm__done_skip(const scm_job *job, const scm_zoom *zm, const scm_meta *m);
/* Logs metatile m as complete; called with job->lock held. NULL-safe on a job without log. */
void scm__done_mark(scm_job *job, const scm_zoom *zm, const scm_meta *m);
/* Closes the log; a complete run removes it, having nothing left to resume. */
void scm__done_close(scm_job *job, const char *dir, int complete);
/* Removes the temporary files that stopped runs left under dir (the style folder). */
void scm__sweep_stale(const char *dir);

/* Manifests (manifest.c). Appends period k's "scmap" object (period, label, label_es when
 * with_es, legend, breaks) and a NUL to b, for scm_sink_meta; -1 when out of memory. */
int scm__period_json(scm_buf *b, const scm_timeline *tl, size_t k, int with_es);
/* periods.json in dir for a directory, periods.pmtiles.json and periods.mbtiles.json for the
 * others, with @2x before the first dot at scale 2. */
scm_status scm__periods_write(scm_ctx *ctx, const scm_job *job, const char *dir);
/* counties.json in dir. */
scm_status scm__counties_write(scm_ctx *ctx, const scm_timeline *tl, const char *dir);

/* edge marks the segments of merc that are stroked (scm_geometry_mark_edges). */
scm_status scm__zoom_build(scm_ctx *ctx, const scm_geometry *merc, const uint8_t *edge, int z,
                           uint32_t tile_px, double buffer, scm_zoom *zm);
void scm__zoom_free(scm_zoom *zm);
/* Marks zm's cover: the tiles inside the bounds within margin tiles (-1: any number) of a
 * county. */
scm_status scm__zoom_cover(scm_ctx *ctx, scm_zoom *zm, int margin);
/* Whether tile x, y of zm is in its cover. */
int scm__covered(const scm_zoom *zm, uint32_t x, uint32_t y);
/* Stores the empty tile in every covered tile of cover_zm whose metatile index_zm does not
 * hold (nothing was drawn there), into sinks[0..n) (kind 0: 256/512 px, 1: the county index). */
scm_status scm__fill_blank(scm_ctx *ctx, const scm_job *job, const scm_zoom *cover_zm,
                           const scm_zoom *index_zm, scm_sink *const *sinks, size_t n, int kind,
                           size_t *count);
/* Renders the overlay tiles of one metatile of the states' zoom sz. */
scm_status scm__render_overlay_meta(scm_ctx *ctx, scm_worker *w, const scm_zoom *cover_zm,
                                    const scm_zoom *sz, const scm_meta *m);

/* The state lines (overlay.c): dissolves the states of the timeline's shapes into
 * job->states and marks their shared segments, when the style draws them. */
scm_status scm__states_build(scm_ctx *ctx, scm_job *job);
/* Renders, reuses and stores every tile of one metatile for every period. */
scm_status scm__render_meta(scm_ctx *ctx, scm_worker *w, const scm_zoom *zm, const scm_meta *m);
/* Allocates a worker's scratch for tiles of tile_px. */
scm_status scm__worker_init(scm_ctx *ctx, scm_worker *w, scm_job *job, uint32_t tile_px);
void scm__worker_free(scm_worker *w);

#endif
