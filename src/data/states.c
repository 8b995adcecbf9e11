/* SPDX-License-Identifier: MIT */
/* State outlines dissolved from the county polygons through GEOS (its coverage union, else
 * OGR's overlay union), so that they run along the county edges exactly. */
#include "scmap/data.h"

#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <geos_c.h>
#include <ogr_api.h>

#include "../core/core_private.h"
#include "data_private.h"

typedef struct builder {
    scm_geometry *g;
    size_t cap_features, cap_rings, cap_points;
} builder;

/* Rings of county f as OGR polygons added to multi: an outer ring (wound counter-clockwise
 * by scm_shapes_read) starts a polygon, the holes after it join it. */
static int
add_county(OGRGeometryH multi, const scm_geometry *g, size_t f)
{
    OGRGeometryH poly = NULL;
    size_t r, p;
    for (r = g->feature_ring[f]; r < g->feature_ring[f + 1]; r++) {
        size_t a = g->ring_point[r], b = g->ring_point[r + 1];
        double area = 0;
        OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
        if (ring == NULL)
            return -1;
        for (p = a; p < b; p++) {
            const double *u = g->xy + 2 * p, *v = g->xy + 2 * (p + 1 < b ? p + 1 : a);
            area += u[0] * v[1] - v[0] * u[1];
            OGR_G_AddPoint_2D(ring, u[0], u[1]);
        }
        if (area == 0) { /* a ring with no inside adds nothing, and GEOS would call it invalid */
            OGR_G_DestroyGeometry(ring);
            continue;
        }
        if (area > 0) {
            if (poly != NULL && OGR_G_AddGeometryDirectly(multi, poly) != OGRERR_NONE)
                return -1;
            if ((poly = OGR_G_CreateGeometry(wkbPolygon)) == NULL)
                return -1;
        }
        if (poly == NULL || OGR_G_AddGeometryDirectly(poly, ring) != OGRERR_NONE) {
            OGR_G_DestroyGeometry(ring);
            return -1;
        }
    }
    return poly == NULL || OGR_G_AddGeometryDirectly(multi, poly) == OGRERR_NONE ? 0 : -1;
}

/* Appends the rings of a normalised polygon or multipolygon as one feature. GEOS normalises
 * shells clockwise and holes counter-clockwise: read backwards, they wind as the counties do,
 * so the same signed area sums hold for both. */
static int
add_state(builder *b, OGRGeometryH g)
{
    scm_geometry *o = b->g;
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    int i, j, k, np = t == wkbPolygon ? 1 : OGR_G_GetGeometryCount(g);
    if (t != wkbPolygon && t != wkbMultiPolygon && t != wkbGeometryCollection)
        return -1;
    for (i = 0; i < np; i++) {
        OGRGeometryH poly = t == wkbPolygon ? g : OGR_G_GetGeometryRef(g, i);
        if (wkbFlatten(OGR_G_GetGeometryType(poly)) != wkbPolygon)
            continue; /* a line or point left where two counties only touch */
        for (j = 0; j < OGR_G_GetGeometryCount(poly); j++) {
            OGRGeometryH ring = OGR_G_GetGeometryRef(poly, j);
            int n = OGR_G_GetPointCount(ring);
            if (scm__grow(&o->xy, &b->cap_points, 2 * (o->n_points + (size_t)n), sizeof(double)) !=
                    0 ||
                scm__grow(&o->ring_point, &b->cap_rings, o->n_rings + 2, sizeof(size_t)) != 0)
                return -1;
            for (k = 0; k < n; k++) {
                o->xy[2 * o->n_points] = OGR_G_GetX(ring, n - 1 - k);
                o->xy[2 * o->n_points + 1] = OGR_G_GetY(ring, n - 1 - k);
                o->n_points++;
            }
            o->ring_point[++o->n_rings] = o->n_points;
        }
    }
    o->feature_ring[++o->n_features] = o->n_rings;
    return 0;
}

struct by_state {
    char fips[6];
    size_t county;
};

static int
cmp_fips(const void *a, const void *b)
{
    const struct by_state *x = a, *y = b;
    int c = strcmp(x->fips, y->fips);
    return c != 0 ? c : (x->county > y->county) - (x->county < y->county);
}

/* The union of the polygons of multi, normalised, through GEOS's coverage union: counties
 * share their edges vertex for vertex, so dropping the edges used twice is the whole union,
 * ten times faster than the overlay of OGR_G_UnionCascaded. NULL where GEOS finds that the
 * polygons are no coverage (edges that do not match; overlaps leave an invalid result, as
 * they are not looked for) or out of memory. */
static OGRGeometryH
coverage_union(GEOSContextHandle_t h, OGRGeometryH multi)
{
    size_t len = (size_t)OGR_G_WkbSize(multi), out_len = 0;
    unsigned char *wkb = malloc(len), *out = NULL;
    GEOSWKBReader *rd = GEOSWKBReader_create_r(h);
    GEOSWKBWriter *wr = GEOSWKBWriter_create_r(h);
    GEOSGeometry *in = NULL, *u = NULL;
    OGRGeometryH res = NULL;
    if (wkb != NULL && rd != NULL && wr != NULL &&
        OGR_G_ExportToWkb(multi, wkbNDR, wkb) == OGRERR_NONE &&
        (in = GEOSWKBReader_read_r(h, rd, wkb, len)) != NULL &&
        (u = GEOSCoverageUnion_r(h, in)) != NULL && GEOSisValid_r(h, u) == 1 &&
        GEOSNormalize_r(h, u) == 0 && (out = GEOSWKBWriter_write_r(h, wr, u, &out_len)) != NULL &&
        OGR_G_CreateFromWkbEx(out, NULL, &res, out_len) != OGRERR_NONE)
        res = NULL;
    if (out != NULL)
        GEOSFree_r(h, out);
    if (u != NULL)
        GEOSGeom_destroy_r(h, u);
    if (in != NULL)
        GEOSGeom_destroy_r(h, in);
    if (wr != NULL)
        GEOSWKBWriter_destroy_r(h, wr);
    if (rd != NULL)
        GEOSWKBReader_destroy_r(h, rd);
    free(wkb);
    return res;
}

/* The union of counties order[from, to) of g, appended to b as one feature. */
static int
dissolve(builder *b, GEOSContextHandle_t h, const scm_geometry *g, const struct by_state *order,
         size_t from, size_t to)
{
    OGRGeometryH multi = OGR_G_CreateGeometry(wkbMultiPolygon), u = NULL, norm = NULL;
    size_t i;
    int rc = multi == NULL ? -1 : 0;
    for (i = from; i < to && rc == 0; i++)
        rc = add_county(multi, g, order[i].county);
    if (rc == 0 && h != NULL)
        norm = coverage_union(h, multi);
    if (rc == 0 && norm == NULL && (u = OGR_G_UnionCascaded(multi)) == NULL)
        rc = -1;
    if (rc == 0 && norm == NULL && (norm = OGR_G_Normalize(u)) == NULL)
        rc = -1;
    if (rc == 0 && (rc = scm__grow(&b->g->feature_ring, &b->cap_features, b->g->n_features + 2,
                                   sizeof(size_t))) == 0)
        rc = add_state(b, norm);
    OGR_G_DestroyGeometry(norm);
    OGR_G_DestroyGeometry(u);
    OGR_G_DestroyGeometry(multi);
    return rc;
}

scm_status
scm_states_from_shapes(scm_ctx *ctx, const scm_shapes *s, scm_geometry **out, char (**codes)[3])
{
    const scm_geometry *g = scm_shapes_geometry(s);
    size_t n = scm_shapes_count(s), i, from, to;
    struct by_state *order = scm__mallocn(n + 1, sizeof *order);
    char(*code)[3] = scm__mallocn(n + 1, sizeof *code), msg[256];
    builder b = {0};
    GEOSContextHandle_t h = NULL;
    scm_status st = SCM_OK;
    *out = NULL;
    if (codes != NULL)
        *codes = NULL;
    if (order == NULL || code == NULL || (b.g = calloc(1, sizeof *b.g)) == NULL ||
        scm__grow(&b.g->feature_ring, &b.cap_features, 2, sizeof(size_t)) != 0 ||
        scm__grow(&b.g->ring_point, &b.cap_rings, 2, sizeof(size_t)) != 0) {
        st = scm__error(ctx, SCM_ENOMEM, "state outlines: out of memory");
        goto done;
    }
    /* A state's counties, consecutive in FIPS order. */
    for (i = 0; i < n; i++) {
        memcpy(order[i].fips, scm_shapes_fips(s, i), 6);
        order[i].county = i;
    }
    qsort(order, n, sizeof *order, cmp_fips);
    b.g->feature_ring[0] = b.g->ring_point[0] = 0;
    scm__gdal_init();
    h = GEOS_init_r();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
    for (from = 0; from < n && st == SCM_OK; from = to) {
        for (to = from + 1; to < n && memcmp(order[to].fips, order[from].fips, 2) == 0; to++)
            ;
        memcpy(code[b.g->n_features], order[from].fips, 2);
        code[b.g->n_features][2] = '\0';
        if (dissolve(&b, h, g, order, from, to) != 0)
            st = scm__error(ctx, SCM_EDATA, "state %.2s: the union of its counties failed: %s",
                            order[from].fips, scm__gdal_msg(msg, "out of memory"));
    }
    CPLPopErrorHandler();
    if (h != NULL)
        GEOS_finish_r(h);
    if (st == SCM_OK && (b.g->bbox = scm__mallocn(b.g->n_features + 1, sizeof *b.g->bbox)) == NULL)
        st = scm__error(ctx, SCM_ENOMEM, "state outlines: out of memory");
    if (st == SCM_OK)
        scm_geometry_update_bbox(b.g);
done:
    free(order);
    if (st != SCM_OK) {
        scm_geometry_free(b.g);
        free(code);
        return st;
    }
    *out = b.g;
    if (codes != NULL)
        *codes = code;
    else
        free(code);
    return SCM_OK;
}
