/* SPDX-License-Identifier: MIT */
/* Polygon geometry containers. */
#include "scmap/core.h"

#include <stdlib.h>
#include <string.h>

#include "core_private.h"

void
scm_geometry_free(scm_geometry *g)
{
    if (g == NULL)
        return;
    free(g->feature_ring);
    free(g->ring_point);
    free(g->xy);
    free(g->bbox);
    free(g);
}

static void *
dup_array(const void *p, size_t n, size_t size)
{
    void *q = scm__mallocn(n, size);
    if (q != NULL && n > 0)
        memcpy(q, p, n * size);
    return q;
}

scm_status
scm_geometry_copy(scm_ctx *ctx, const scm_geometry *g, scm_geometry **out)
{
    scm_geometry *c;
    *out = NULL;
    c = calloc(1, sizeof *c);
    if (c == NULL)
        return scm__error(ctx, SCM_ENOMEM, "geometry: out of memory");
    *c = *g;
    c->feature_ring = dup_array(g->feature_ring, g->n_features + 1, sizeof(size_t));
    c->ring_point = dup_array(g->ring_point, g->n_rings + 1, sizeof(size_t));
    c->xy = dup_array(g->xy, 2 * g->n_points, sizeof(double));
    c->bbox = dup_array(g->bbox, g->n_features, sizeof(scm_bbox));
    if (!c->feature_ring || !c->ring_point || !c->xy || !c->bbox) {
        scm_geometry_free(c);
        return scm__error(ctx, SCM_ENOMEM, "geometry: out of memory");
    }
    *out = c;
    return SCM_OK;
}

void
scm_geometry_update_bbox(scm_geometry *g)
{
    size_t f, p;
    for (f = 0; f < g->n_features; f++) {
        scm_bbox b = scm_bbox_empty();
        size_t p0 = g->ring_point[g->feature_ring[f]];
        size_t p1 = g->ring_point[g->feature_ring[f + 1]];
        for (p = p0; p < p1; p++)
            scm_bbox_add_point(&b, g->xy[2 * p], g->xy[2 * p + 1]);
        g->bbox[f] = b;
    }
}

static uint64_t
mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t
point_key(const double *p)
{
    uint64_t a, b;
    memcpy(&a, p, 8);
    memcpy(&b, p + 1, 8);
    return mix(a ^ mix(b));
}

/* Segments are compared by their two end points, in either order. */
static int
same_segment(const double *a0, const double *a1, const double *b0, const double *b1)
{
    return (a0[0] == b0[0] && a0[1] == b0[1] && a1[0] == b1[0] && a1[1] == b1[1]) ||
           (a0[0] == b1[0] && a0[1] == b1[1] && a1[0] == b0[0] && a1[1] == b0[1]);
}

scm_status
scm_geometry_mark_edges(scm_ctx *ctx, const scm_geometry *g, uint8_t *edge)
{
    size_t n = 1, r, p, *slot, *next;
    while (n < 2 * g->n_points + 2)
        n *= 2;
    slot = scm__mallocn(n, sizeof *slot);
    next = scm__mallocn(g->n_points, sizeof *next);
    if (slot == NULL || next == NULL) {
        free(slot);
        free(next);
        return scm__error(ctx, SCM_ENOMEM, "outlines: out of memory");
    }
    for (p = 0; p < n; p++)
        slot[p] = SIZE_MAX;
    for (r = 0; r < g->n_rings; r++)
        for (p = g->ring_point[r]; p < g->ring_point[r + 1]; p++)
            next[p] = p + 1 < g->ring_point[r + 1] ? p + 1 : g->ring_point[r];
    for (p = 0; p < g->n_points; p++) {
        const double *a = g->xy + 2 * p, *b = g->xy + 2 * next[p];
        size_t h = (size_t)((point_key(a) ^ point_key(b)) & (n - 1));
        edge[p] = 1;
        for (; slot[h] != SIZE_MAX; h = (h + 1) & (n - 1))
            if (same_segment(a, b, g->xy + 2 * slot[h], g->xy + 2 * next[slot[h]])) {
                edge[p] = 0;
                break;
            }
        if (edge[p])
            slot[h] = p;
    }
    free(slot);
    free(next);
    return SCM_OK;
}
