/* SPDX-License-Identifier: MIT */
/* The tile job: project once, then per zoom snap to the pixel grid, index metatiles, and
 * per metatile walk the periods, drawing only the tiles whose counties changed class. */
#include "scmap/pyramid.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scmap/encode.h"
#include "scmap/project.h"
#include "scmap/render.h"

#include "../core/core_private.h"
#include "pyramid_private.h"

#define META_PX 2048 /* a metatile is up to 2048 px square: 8 x 8 tiles, or 4 x 4 at @2x */
#define ID_PX   512  /* county-index tiles: twice a 256 px tile, so recoloured edges stay smooth */

/* Pixel-space geometry of one zoom: points snapped to 1/8 px, so that neighbours that
 * share a border in the source still share it exactly; per-ring boxes for the index. */
/* A snapped segment stands for the source segment that leaves the last source point merged
 * into its start; a border walked the other way by the neighbour crosses between the same
 * two groups of points, so both rings agree on which of them strokes it. */
static scm_status
zoom_geometry(scm_ctx *ctx, const scm_geometry *merc, const uint8_t *src_edge, double world_px,
              scm_geometry **out, scm_bbox **rbox_out, uint8_t **edge_out)
{
    scm_geometry *g = NULL;
    scm_bbox *rbox;
    uint8_t *edge;
    size_t r, p, n = 0;
    double k = world_px / (2 * SCM_MERC_HALF);
    scm_status st = scm_geometry_copy(ctx, merc, &g);
    *out = NULL;
    *rbox_out = NULL;
    *edge_out = NULL;
    if (st != SCM_OK)
        return st;
    rbox = scm__mallocn(g->n_rings, sizeof *rbox);
    edge = malloc(g->n_points + 1);
    if (rbox == NULL || edge == NULL) {
        free(rbox);
        free(edge);
        scm_geometry_free(g);
        return scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
    }
    for (r = 0; r < g->n_rings; r++) {
        size_t p0 = merc->ring_point[r], p1 = merc->ring_point[r + 1], start = n;
        scm_bbox b = scm_bbox_empty();
        for (p = p0; p < p1; p++) {
            double x = round((merc->xy[2 * p] + SCM_MERC_HALF) * k * 8) / 8;
            double y = round((SCM_MERC_HALF - merc->xy[2 * p + 1]) * k * 8) / 8;
            if (n > start && g->xy[2 * (n - 1)] == x && g->xy[2 * (n - 1) + 1] == y) {
                edge[n - 1] = src_edge[p];
                continue;
            }
            g->xy[2 * n] = x;
            g->xy[2 * n + 1] = y;
            edge[n] = src_edge[p];
            n++;
            scm_bbox_add_point(&b, x, y);
        }
        g->ring_point[r] = start;
        rbox[r] = b;
    }
    g->ring_point[g->n_rings] = n;
    g->n_points = n;
    scm_geometry_update_bbox(g);
    *out = g;
    *rbox_out = rbox;
    *edge_out = edge;
    return SCM_OK;
}

static int
ring_touches(const scm_bbox *b, double x0, double y0, double x1, double y1)
{
    return b->minx <= x1 && b->maxx >= x0 && b->miny <= y1 && b->maxy >= y0;
}

static int
feature_touches(const scm_zoom *zm, size_t f, double x0, double y0, double x1, double y1)
{
    size_t r;
    for (r = zm->g->feature_ring[f]; r < zm->g->feature_ring[f + 1]; r++)
        if (zm->g->ring_point[r + 1] - zm->g->ring_point[r] >= 3 &&
            ring_touches(&zm->rbox[r], x0, y0, x1, y1))
            return 1;
    return 0;
}

typedef struct pair {
    uint64_t meta;
    size_t county;
} pair;

static int
cmp_pair(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->meta != y->meta)
        return (x->meta > y->meta) - (x->meta < y->meta);
    return (x->county > y->county) - (x->county < y->county);
}

/* Metatiles that any ring reaches (with the buffer), each with its counties. */
static scm_status
index_metatiles(scm_ctx *ctx, scm_zoom *zm)
{
    const scm_geometry *g = zm->g;
    double span = (double)zm->meta * zm->tile_px;
    uint64_t nm = zm->n_meta_side;
    pair *pairs = NULL;
    size_t n = 0, cap = 0, f, r, i;
    for (f = 0; f < g->n_features; f++)
        for (r = g->feature_ring[f]; r < g->feature_ring[f + 1]; r++) {
            const scm_bbox *b = &zm->rbox[r];
            int64_t x0, x1, y0, y1, x, y;
            if (g->ring_point[r + 1] - g->ring_point[r] < 3)
                continue;
            x0 = (int64_t)floor((b->minx - zm->buffer) / span);
            x1 = (int64_t)floor((b->maxx + zm->buffer) / span);
            y0 = (int64_t)floor((b->miny - zm->buffer) / span);
            y1 = (int64_t)floor((b->maxy + zm->buffer) / span);
            x0 = x0 < 0 ? 0 : x0;
            y0 = y0 < 0 ? 0 : y0;
            x1 = x1 >= (int64_t)nm ? (int64_t)nm - 1 : x1;
            y1 = y1 >= (int64_t)nm ? (int64_t)nm - 1 : y1;
            for (y = y0; y <= y1; y++)
                for (x = x0; x <= x1; x++) {
                    if (scm__grow(&pairs, &cap, n + 1, sizeof *pairs) != 0) {
                        free(pairs);
                        return scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
                    }
                    pairs[n++] = (pair){(uint64_t)y * nm + (uint64_t)x, f};
                }
        }
    if (n > 1) /* none: pairs is NULL, which qsort may not take */
        qsort(pairs, n, sizeof *pairs, cmp_pair);
    zm->counties = scm__mallocn(n, sizeof *zm->counties);
    zm->metas = scm__mallocn(n, sizeof *zm->metas);
    if (zm->counties == NULL || zm->metas == NULL) {
        free(pairs);
        return scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
    }
    zm->n_metas = 0;
    zm->n_counties = 0;
    for (i = 0; i < n; i++) {
        if (i > 0 && pairs[i].meta == pairs[i - 1].meta && pairs[i].county == pairs[i - 1].county)
            continue;
        if (zm->n_metas == 0 || zm->metas[zm->n_metas - 1].key != pairs[i].meta) {
            scm_meta *m = &zm->metas[zm->n_metas++];
            m->key = pairs[i].meta;
            m->mx = (uint32_t)(pairs[i].meta % nm);
            m->my = (uint32_t)(pairs[i].meta / nm);
            m->first = zm->n_counties;
            m->n = 0;
        }
        zm->counties[zm->n_counties++] = pairs[i].county;
        zm->metas[zm->n_metas - 1].n++;
    }
    free(pairs);
    return SCM_OK;
}

void
scm__zoom_free(scm_zoom *zm)
{
    scm_geometry_free(zm->g);
    free(zm->rbox);
    free(zm->edge);
    free(zm->counties);
    free(zm->metas);
    free(zm->cover);
    memset(zm, 0, sizeof *zm);
}

scm_status
scm__zoom_build(scm_ctx *ctx, const scm_geometry *merc, const uint8_t *edge, int z,
                uint32_t tile_px, double buffer, scm_zoom *zm)
{
    scm_status st;
    memset(zm, 0, sizeof *zm);
    zm->z = z;
    zm->tile_px = tile_px;
    zm->meta = (1u << z) < META_PX / tile_px ? (1u << z) : META_PX / tile_px;
    zm->n_meta_side = (1u << z) / zm->meta;
    zm->buffer = buffer;
    st = zoom_geometry(ctx, merc, edge, (double)tile_px * (double)(1u << z), &zm->g, &zm->rbox,
                       &zm->edge);
    if (st == SCM_OK)
        st = index_metatiles(ctx, zm);
    if (st != SCM_OK)
        scm__zoom_free(zm);
    return st;
}

#define COVER_MAX_BITS ((uint64_t)1 << 28) /* 32 MB: the window of zoom 14 */

static void
cover_set(scm_zoom *zm, uint32_t x, uint32_t y)
{
    uint64_t i = (uint64_t)(y - zm->cy0) * zm->cw + (x - zm->cx0);
    zm->cover[i / 8] |= (uint8_t)(1u << (i % 8));
}

int
scm__covered(const scm_zoom *zm, uint32_t x, uint32_t y)
{
    uint64_t i;
    if (zm->cover == NULL || x < zm->cx0 || y < zm->cy0 || x - zm->cx0 >= zm->cw ||
        y - zm->cy0 >= zm->ch)
        return 0;
    i = (uint64_t)(y - zm->cy0) * zm->cw + (x - zm->cx0);
    return zm->cover[i / 8] >> (i % 8) & 1;
}

/* The window is the tiles of the bounds the TileJSON states (the box of every county), in
 * which web clients ask for every tile in view; within it, the tiles near a county's ring,
 * across the antimeridian too (clients wrap columns). */
scm_status
scm__zoom_cover(scm_ctx *ctx, scm_zoom *zm, int margin)
{
    const scm_geometry *g = zm->g;
    scm_bbox all = scm_bbox_empty();
    int64_t n = (int64_t)1 << zm->z, x0, x1, y0, y1, x, y, r;
    size_t f;
    for (f = 0; f < g->n_features; f++)
        scm_bbox_union(&all, &g->bbox[f]);
    if (all.minx > all.maxx)
        return SCM_OK;
#define TILE_OF(v) ((int64_t)floor((v) / zm->tile_px))
#define CLAMP(v)   ((v) < 0 ? 0 : (v) >= n ? n - 1 : (v))
    x0 = CLAMP(TILE_OF(all.minx));
    x1 = CLAMP(TILE_OF(all.maxx));
    y0 = CLAMP(TILE_OF(all.miny));
    y1 = CLAMP(TILE_OF(all.maxy));
    zm->cx0 = (uint32_t)x0;
    zm->cy0 = (uint32_t)y0;
    zm->cw = (uint32_t)(x1 - x0 + 1);
    zm->ch = (uint32_t)(y1 - y0 + 1);
    if ((uint64_t)zm->cw * zm->ch > COVER_MAX_BITS) /* deeper than anyone renders this map */
        return SCM_OK;
    zm->cover = calloc(((size_t)zm->cw * zm->ch + 7) / 8, 1);
    if (zm->cover == NULL)
        return scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
    for (r = 0; r < (int64_t)g->n_rings; r++) {
        const scm_bbox *b = &zm->rbox[r];
        int64_t rx0, rx1, ry0, ry1;
        if (margin >= 0 && g->ring_point[r + 1] - g->ring_point[r] < 3)
            continue;
        rx0 = margin < 0 ? x0 : TILE_OF(b->minx) - margin;
        rx1 = margin < 0 ? x1 : TILE_OF(b->maxx) + margin;
        ry0 = margin < 0 ? y0 : TILE_OF(b->miny) - margin;
        ry1 = margin < 0 ? y1 : TILE_OF(b->maxy) + margin;
        if (rx1 - rx0 >= n) {
            rx0 = 0;
            rx1 = n - 1;
        }
        for (y = ry0 < y0 ? y0 : ry0; y <= (ry1 > y1 ? y1 : ry1); y++)
            for (x = rx0; x <= rx1; x++) {
                int64_t xx = ((x % n) + n) % n;
                if (xx >= x0 && xx <= x1)
                    cover_set(zm, (uint32_t)xx, (uint32_t)y);
            }
        if (margin < 0)
            break;
    }
#undef TILE_OF
#undef CLAMP
    return SCM_OK;
}

static int
cmp_meta_key(const void *key, const void *m)
{
    uint64_t k = *(const uint64_t *)key, mk = ((const scm_meta *)m)->key;
    return (k > mk) - (k < mk);
}

static const scm_meta *
find_meta(const scm_zoom *zm, uint32_t x, uint32_t y)
{
    uint64_t key = (uint64_t)(y / zm->meta) * zm->n_meta_side + x / zm->meta;
    if (zm->n_metas == 0)
        return NULL;
    return bsearch(&key, zm->metas, zm->n_metas, sizeof *zm->metas, cmp_meta_key);
}

scm_status
scm__fill_blank(scm_ctx *ctx, const scm_job *job, const scm_zoom *cover_zm,
                const scm_zoom *index_zm, scm_sink *const *sinks, size_t n, int kind, size_t *count)
{
    uint32_t i, j;
    size_t k;
    scm_status st = SCM_OK;
    for (j = 0; j < cover_zm->ch && st == SCM_OK && cover_zm->cover != NULL; j++) {
        if ((st = scm__cancelled(ctx)) != SCM_OK)
            break;
        for (i = 0; i < cover_zm->cw && st == SCM_OK; i++) {
            scm_tile t = {cover_zm->cx0 + i, cover_zm->cy0 + j, (uint8_t)cover_zm->z};
            if (!scm__covered(cover_zm, t.x, t.y) || find_meta(index_zm, t.x, t.y) != NULL)
                continue;
            for (k = 0; k < n && st == SCM_OK; k++)
                st = scm_sink_put_empty(ctx, sinks[k], t, job->blank[kind], job->blank_len[kind]);
            *count += n;
        }
    }
    return st;
}

/* Stores the empty tile at t in sink when a web client may ask for it. */
static scm_status
put_blank(scm_ctx *ctx, scm_worker *w, const scm_zoom *zm, scm_sink *sink, scm_tile t, int kind)
{
    if (!scm__covered(zm, t.x, t.y))
        return SCM_OK;
    w->res.blank++;
    return scm_sink_put_empty(ctx, sink, t, w->job->blank[kind], w->job->blank_len[kind]);
}

/* The state lines of tile into cv, from the states of metatile m of sz that reach it: a
 * casing in the county outline colour, so that they read on every class, then the line, as
 * frames draw them. *drawn = 0 when no state reaches the tile. */
static scm_status
draw_state_lines(scm_ctx *ctx, scm_worker *w, scm_canvas *cv, const scm_zoom *sz, const scm_meta *m,
                 scm_tile tile, int *drawn)
{
    const scm_job *job = w->job;
    double x0 = (double)tile.x * sz->tile_px, y0 = (double)tile.y * sz->tile_px;
    scm_fill_style fs;
    size_t c, n = 0;
    scm_status st;
    *drawn = 0;
    if (scm__grow(&w->states, &w->cap_states, m->n, sizeof *w->states) != 0)
        return scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
    for (c = 0; c < m->n; c++)
        if (feature_touches(sz, sz->counties[m->first + c], x0 - sz->buffer, y0 - sz->buffer,
                            x0 + sz->tile_px + sz->buffer, y0 + sz->tile_px + sz->buffer))
            w->states[n++] = sz->counties[m->first + c];
    if (n == 0)
        return SCM_OK;
    memset(&fs, 0, sizeof fs);
    fs.outline = job->fs.outline;
    fs.outline_px = job->states_px + 2 * job->fs.outline_px;
    st = scm_canvas_draw_outlines(ctx, cv, sz->g, w->states, n, sz->edge, &fs, x0, y0);
    fs.outline = job->states_color;
    fs.outline_px = job->states_px;
    if (st == SCM_OK)
        st = scm_canvas_draw_outlines(ctx, cv, sz->g, w->states, n, sz->edge, &fs, x0, y0);
    *drawn = st == SCM_OK;
    return st;
}

/* ---- rendering one metatile for every period ---- */

typedef struct hist {
    uint8_t *vec; /* classes of the tile's counties */
    uint8_t *png; /* NULL: the tile came out empty */
    size_t len;
    size_t period;
} hist;

typedef struct tile_state {
    size_t *touch; /* the tile's counties, borrowed from the worker's scratch */
    size_t n_touch;
    hist *h;
    size_t n_h, cap_h;
    int need;
    int outlined; /* the worker's outline mask for this tile is drawn */
} tile_state;

static void
free_tiles(tile_state *ts, size_t n)
{
    size_t i, j;
    for (i = 0; i < n; i++) {
        for (j = 0; j < ts[i].n_h; j++) {
            free(ts[i].h[j].vec);
            free(ts[i].h[j].png);
        }
        free(ts[i].h);
        ts[i].h = NULL;
        ts[i].n_h = ts[i].cap_h = 0;
        ts[i].outlined = 0;
    }
}

/* Which counties reach each tile of the metatile. */
static scm_status
touch_lists(scm_ctx *ctx, scm_worker *w, const scm_zoom *zm, const scm_meta *m)
{
    uint32_t M = zm->meta, i, j;
    size_t c, used = 0;
    if (scm__grow(&w->touch, &w->cap_touch, (size_t)M * M * m->n, sizeof *w->touch) != 0)
        return scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
    for (j = 0; j < M; j++)
        for (i = 0; i < M; i++) {
            tile_state *t = &w->tiles[j * M + i];
            double x0 = ((double)m->mx * M + i) * zm->tile_px - zm->buffer;
            double y0 = ((double)m->my * M + j) * zm->tile_px - zm->buffer;
            double x1 = x0 + zm->tile_px + 2 * zm->buffer, y1 = y0 + zm->tile_px + 2 * zm->buffer;
            t->touch = w->touch + used;
            t->n_touch = 0;
            for (c = 0; c < m->n; c++) {
                size_t f = zm->counties[m->first + c];
                if (feature_touches(zm, f, x0, y0, x1, y1))
                    t->touch[t->n_touch++] = f;
            }
            used += t->n_touch;
        }
    return SCM_OK;
}

/* The earlier period with the same classes on this tile, or NULL. */
static const hist *
find_hist(const tile_state *t, const uint8_t *vec)
{
    size_t i;
    for (i = 0; i < t->n_h; i++)
        if (memcmp(t->h[i].vec, vec, t->n_touch) == 0)
            return &t->h[i];
    return NULL;
}

static scm_status
add_hist(scm_ctx *ctx, tile_state *t, const uint8_t *vec, size_t period, uint8_t *png, size_t len)
{
    hist *h;
    if (scm__grow(&t->h, &t->cap_h, t->n_h + 1, sizeof *t->h) != 0) {
        free(png);
        return scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
    }
    h = &t->h[t->n_h];
    h->vec = malloc(t->n_touch ? t->n_touch : 1);
    if (h->vec == NULL) {
        free(png);
        return scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
    }
    memcpy(h->vec, vec, t->n_touch);
    h->png = png;
    h->len = len;
    h->period = period;
    t->n_h++;
    return SCM_OK;
}

/* Encodes the worker's canvas; *png stays NULL when nothing was drawn on it. A one-colour
 * tile comes from the worker's cache. */
static scm_status
encode(scm_ctx *ctx, scm_worker *w, uint8_t **png, size_t *len)
{
    scm_indexed *im = w->ix;
    size_t i;
    int empty;
    scm_status st;
    *png = NULL;
    *len = 0;
    if (!scm_canvas_read_indexed(w->canvas, im)) {
        scm_canvas_read(w->canvas, 0, 0, w->img, &empty);
        return scm_png_encode_truecolor(ctx, w->img, png, len);
    }
    if (im->n_colors == 1 && im->color[0] == 0)
        return SCM_OK;
    if (im->n_colors > 1)
        return scm_png_encode_indexed(ctx, im, png, len);
    for (i = 0; i < w->n_flat; i++)
        if (w->flat[i].rgba == im->color[0])
            break;
    if (i == w->n_flat) {
        if ((st = scm_png_encode_indexed(ctx, im, png, len)) != SCM_OK || w->n_flat == 32)
            return st;
        w->flat[i] = (struct flat){im->color[0], *png, *len};
        w->n_flat++;
        *png = NULL;
    }
    /* The history owns its copy. */
    if ((*png = malloc(w->flat[i].len)) == NULL)
        return scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
    memcpy(*png, w->flat[i].png, w->flat[i].len);
    *len = w->flat[i].len;
    return SCM_OK;
}

/* Tile ti's outlines as coverage, drawn the first time a period needs the tile: they are the
 * same in every period, and stroking is the dearest part of drawing. */
static scm_status
outline_mask(scm_ctx *ctx, scm_worker *w, const scm_zoom *zm, uint32_t ti, scm_tile tile)
{
    tile_state *t = &w->tiles[ti];
    scm_fill_style fs = w->job->fs;
    scm_status st;
    if (t->outlined)
        return SCM_OK;
    if (w->masks[ti] == NULL &&
        (st = scm_canvas_new_mask(ctx, zm->tile_px, zm->tile_px, &w->masks[ti])) != SCM_OK)
        return st;
    scm_canvas_clear(w->masks[ti]);
    fs.outline.a = 255;
    st = scm_canvas_draw_outlines(ctx, w->masks[ti], zm->g, t->touch, t->n_touch, zm->edge, &fs,
                                  (double)tile.x * zm->tile_px, (double)tile.y * zm->tile_px);
    t->outlined = st == SCM_OK;
    return st;
}

/* Draws each tile that needs it on its own, from exactly the counties that touch it, so
 * that its bytes depend on nothing else: a reused tile is the tile a fresh run would draw. */
static scm_status
draw_needed(scm_ctx *ctx, scm_worker *w, const scm_zoom *zm, const scm_meta *m, size_t k,
            const uint8_t *cls)
{
    const scm_job *job = w->job;
    uint32_t M = zm->meta, i, j;
    scm_status st = SCM_OK;
    for (j = 0; j < M && st == SCM_OK; j++)
        for (i = 0; i < M && st == SCM_OK; i++) {
            tile_state *t = &w->tiles[j * M + i];
            scm_tile tile = {m->mx * M + i, m->my * M + j, (uint8_t)zm->z};
            uint8_t *png = NULL;
            size_t len = 0;
            if (!t->need)
                continue;
            scm_canvas_clear(w->canvas);
            st = scm_canvas_draw_fills(ctx, w->canvas, zm->g, t->touch, t->n_touch, cls, &job->fs,
                                       (double)tile.x * zm->tile_px, (double)tile.y * zm->tile_px);
            if (st == SCM_OK && job->fs.outline_px > 0 &&
                (st = outline_mask(ctx, w, zm, j * M + i, tile)) == SCM_OK)
                st = scm_canvas_paint_mask(ctx, w->canvas, w->masks[j * M + i], job->fs.outline);
            if (st == SCM_OK && job->o->burn_states && job->states_zoom != NULL) {
                const scm_zoom *sz = &job->states_zoom[zm->z - job->o->zmin];
                const scm_meta *sm = find_meta(sz, tile.x, tile.y);
                int drawn;
                if (sm != NULL)
                    st = draw_state_lines(ctx, w, w->canvas, sz, sm, tile, &drawn);
            }
            if (st != SCM_OK)
                break;
            if ((st = encode(ctx, w, &png, &len)) != SCM_OK)
                break;
            if ((st = add_hist(ctx, t, w->vec + (size_t)(j * M + i) * w->vec_stride, k, png,
                               len)) != SCM_OK)
                break;
            if (png == NULL) {
                w->res.empty++;
                st = put_blank(ctx, w, zm, job->sinks[k], tile, 0);
                continue;
            }
            w->res.rendered++;
            st = scm_sink_put(ctx, job->sinks[k], tile, png, len);
        }
    return st;
}

/* The county-index tiles of the metatile: drawn once, whatever the period. */
static scm_status
draw_ids(scm_ctx *ctx, scm_worker *w, const scm_zoom *zm, const scm_meta *m)
{
    uint32_t M = zm->meta, ti;
    scm_status st = SCM_OK;
    for (ti = 0; ti < M * M && st == SCM_OK; ti++) {
        const tile_state *t = &w->tiles[ti];
        scm_tile tile = {m->mx * M + ti % M, m->my * M + ti / M, (uint8_t)zm->z};
        uint8_t *png = NULL;
        size_t len = 0;
        int empty;
        if (t->n_touch == 0) {
            st = put_blank(ctx, w, zm, w->job->ids, tile, 1);
            continue;
        }
        scm_canvas_clear(w->id_canvas);
        st = scm_canvas_draw_ids(ctx, w->id_canvas, zm->g, t->touch, t->n_touch,
                                 (double)tile.x * zm->tile_px, (double)tile.y * zm->tile_px,
                                 (double)ID_PX / zm->tile_px);
        if (st != SCM_OK)
            break;
        scm_canvas_read(w->id_canvas, 0, 0, w->id_img, &empty);
        if (empty) {
            st = put_blank(ctx, w, zm, w->job->ids, tile, 1);
            continue;
        }
        if ((st = scm_png_encode(ctx, w->id_img, &png, &len)) == SCM_OK)
            st = scm_sink_put(ctx, w->job->ids, tile, png, len);
        free(png);
    }
    return st;
}

scm_status
scm__render_meta(scm_ctx *ctx, scm_worker *w, const scm_zoom *zm, const scm_meta *m)
{
    const scm_job *job = w->job;
    uint32_t M = zm->meta, ti;
    size_t k, c, maxn = 0;
    scm_status st;
    if ((st = touch_lists(ctx, w, zm, m)) != SCM_OK)
        return st;
    for (ti = 0; ti < M * M; ti++)
        maxn = w->tiles[ti].n_touch > maxn ? w->tiles[ti].n_touch : maxn;
    w->vec_stride = maxn ? maxn : 1;
    if (scm__grow(&w->vec, &w->cap_vec, (size_t)M * M * w->vec_stride, 1) != 0)
        return scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
    for (k = 0; k < job->n_periods && st == SCM_OK && (st = scm__cancelled(ctx)) == SCM_OK; k++) {
        const uint8_t *cls = scm_timeline_classes(job->tl, k);
        int any = 0;
        for (ti = 0; ti < M * M && st == SCM_OK; ti++) {
            tile_state *t = &w->tiles[ti];
            uint8_t *vec = w->vec + (size_t)ti * w->vec_stride;
            const hist *h;
            scm_tile tile = {m->mx * M + ti % M, m->my * M + ti / M, (uint8_t)zm->z};
            t->need = 0;
            if (t->n_touch == 0) {
                st = put_blank(ctx, w, zm, job->sinks[k], tile, 0);
                continue;
            }
            for (c = 0; c < t->n_touch; c++)
                vec[c] = cls[t->touch[c]];
            h = find_hist(t, vec);
            if (h == NULL) {
                t->need = any = 1;
            } else if (h->png == NULL) {
                w->res.empty++;
                st = put_blank(ctx, w, zm, job->sinks[k], tile, 0);
            } else {
                w->res.reused++;
                st = scm_sink_put_same(ctx, job->sinks[k], tile, job->sinks[h->period], h->png,
                                       h->len);
            }
        }
        if (any && st == SCM_OK)
            st = draw_needed(ctx, w, zm, m, k, cls);
    }
    if (st == SCM_OK && job->ids != NULL)
        st = draw_ids(ctx, w, zm, m);
    free_tiles(w->tiles, (size_t)M * M);
    return st;
}

scm_status
scm__render_overlay_meta(scm_ctx *ctx, scm_worker *w, const scm_zoom *cover_zm, const scm_zoom *sz,
                         const scm_meta *m)
{
    uint32_t M = sz->meta, ti;
    scm_status st = SCM_OK;
    for (ti = 0; ti < M * M && st == SCM_OK; ti++) {
        scm_tile tile = {m->mx * M + ti % M, m->my * M + ti / M, (uint8_t)sz->z};
        uint8_t *png = NULL;
        size_t len = 0;
        int drawn;
        scm_canvas_clear(w->canvas);
        if ((st = draw_state_lines(ctx, w, w->canvas, sz, m, tile, &drawn)) != SCM_OK)
            break;
        if (drawn && (st = encode(ctx, w, &png, &len)) != SCM_OK)
            break;
        if (png == NULL)
            st = put_blank(ctx, w, cover_zm, w->job->overlay, tile, 0);
        else
            st = scm_sink_put(ctx, w->job->overlay, tile, png, len);
        free(png);
    }
    return st;
}

scm_status
scm__worker_init(scm_ctx *ctx, scm_worker *w, scm_job *job, uint32_t tile_px)
{
    scm_status st;
    memset(w, 0, sizeof *w);
    w->job = job;
    w->tiles = calloc(SCM_META_MAX * SCM_META_MAX, sizeof *w->tiles);
    if (w->tiles == NULL)
        return scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
    if ((st = scm_canvas_new(ctx, tile_px, tile_px, &w->canvas)) != SCM_OK ||
        (st = scm_image_new(ctx, tile_px, tile_px, &w->img)) != SCM_OK ||
        (st = scm_indexed_new(ctx, tile_px, tile_px, &w->ix)) != SCM_OK)
        return st;
    if (job->ids != NULL && ((st = scm_canvas_new(ctx, ID_PX, ID_PX, &w->id_canvas)) != SCM_OK ||
                             (st = scm_image_new(ctx, ID_PX, ID_PX, &w->id_img)) != SCM_OK))
        return st;
    return SCM_OK;
}

void
scm__worker_free(scm_worker *w)
{
    size_t i;
    for (i = 0; i < w->n_flat; i++)
        free(w->flat[i].png);
    for (i = 0; i < SCM_META_MAX * SCM_META_MAX; i++)
        scm_canvas_free(w->masks[i]);
    scm_canvas_free(w->canvas);
    scm_image_free(w->img);
    scm_indexed_free(w->ix);
    scm_canvas_free(w->id_canvas);
    scm_image_free(w->id_img);
    free(w->tiles);
    free(w->touch);
    free(w->states);
    free(w->vec);
    scm_ctx_free(w->ctx);
}
