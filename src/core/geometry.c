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
        scm_bbox b = {1e300, 1e300, -1e300, -1e300};
        size_t p0 = g->ring_point[g->feature_ring[f]];
        size_t p1 = g->ring_point[g->feature_ring[f + 1]];
        for (p = p0; p < p1; p++) {
            double x = g->xy[2 * p], y = g->xy[2 * p + 1];
            if (x < b.minx)
                b.minx = x;
            if (x > b.maxx)
                b.maxx = x;
            if (y < b.miny)
                b.miny = y;
            if (y > b.maxy)
                b.maxy = y;
        }
        g->bbox[f] = b;
    }
}
