/* SPDX-License-Identifier: MIT */
/* Every reprojection goes through here: one PROJ context per call keeps threads apart. */
#include "scmap/project.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <proj.h>

#include "../core/core_private.h"

scm_status
scm_project_points(scm_ctx *ctx, const char *src_crs, const char *dst_crs, double *xy, size_t n)
{
    PJ_CONTEXT *pc = proj_context_create();
    PJ *p = NULL, *norm = NULL;
    scm_status st = SCM_OK;
    size_t i;
    if (pc == NULL)
        return scm__error(ctx, SCM_ENOMEM, "proj: out of memory");
    proj_log_level(pc, PJ_LOG_NONE);
    p = proj_create_crs_to_crs(pc, src_crs[0] ? src_crs : "EPSG:4326", dst_crs, NULL);
    if (p != NULL)
        norm = proj_normalize_for_visualization(pc, p); /* lon,lat order whatever the CRS says */
    if (norm == NULL) {
        st = scm__error(ctx, SCM_EPROJ, "proj: cannot transform to %s: %s", dst_crs,
                        proj_context_errno_string(pc, proj_context_errno(pc)));
        goto done;
    }
    if (n > 0)
        proj_trans_generic(norm, PJ_FWD, xy, 2 * sizeof(double), n, xy + 1, 2 * sizeof(double), n,
                           NULL, 0, 0, NULL, 0, 0);
    for (i = 0; i < n; i++)
        if (!isfinite(xy[2 * i]) || !isfinite(xy[2 * i + 1])) {
            st = scm__error(ctx, SCM_EPROJ, "proj: point %zu cannot be transformed to %s", i,
                            dst_crs);
            break;
        }
done:
    proj_destroy(norm);
    proj_destroy(p);
    proj_context_destroy(pc);
    return st;
}

scm_status
scm_project_geometry(scm_ctx *ctx, const scm_geometry *g, const char *src_crs, const char *dst_crs,
                     scm_geometry **out)
{
    scm_geometry *c = NULL;
    scm_status st;
    *out = NULL;
    if ((st = scm_geometry_copy(ctx, g, &c)) != SCM_OK)
        return st;
    if ((st = scm_project_points(ctx, src_crs, dst_crs, c->xy, c->n_points)) != SCM_OK) {
        scm_geometry_free(c);
        return st;
    }
    scm_geometry_update_bbox(c);
    *out = c;
    return SCM_OK;
}

scm_inset
scm_inset_of(const char *fips)
{
    int st = (fips[0] - '0') * 10 + (fips[1] - '0');
    if (st == 2)
        return SCM_INSET_ALASKA;
    if (st == 15)
        return SCM_INSET_HAWAII;
    if (st == 72)
        return SCM_INSET_PR;
    if (st >= 60)
        return SCM_INSET_NONE;
    return SCM_INSET_MAIN;
}

/* Bounds of the points of features in inset k. */
static scm_bbox
inset_bbox(const scm_geometry *g, const uint8_t *inset, int k)
{
    scm_bbox b = scm_bbox_empty();
    size_t f;
    for (f = 0; f < g->n_features; f++) {
        if (inset[f] != k || g->bbox[f].minx > g->bbox[f].maxx)
            continue;
        scm_bbox_union(&b, &g->bbox[f]);
    }
    return b;
}

scm_status
scm_project_us_composite(scm_ctx *ctx, const scm_geometry *g, const char *src_crs,
                         const uint8_t *inset, scm_geometry **out)
{
    static const char *const crs[] = {"EPSG:5070", "EPSG:3338", "ESRI:102007", "EPSG:32161"};
    /* Scale, and where the inset's lower-left corner goes as a share of the main map's width
     * from its lower-left corner: Alaska and Hawaii under the south-west, Puerto Rico under
     * Florida. */
    static const double place[4][3] = {
        {1, 0, 0}, {0.35, 0.0, -0.03}, {1.0, 0.27, -0.01}, {1.6, 0.83, 0.0}};
    scm_geometry *c = NULL;
    double *buf = NULL;
    scm_bbox main;
    size_t f, p;
    int k;
    scm_status st;
    *out = NULL;
    if ((st = scm_geometry_copy(ctx, g, &c)) != SCM_OK)
        return st;
    if ((buf = scm__mallocn(2 * g->n_points + 2, sizeof *buf)) == NULL)
        st = scm__error(ctx, SCM_ENOMEM, "proj: out of memory");
    /* Each inset's points alone through its projection, gathered and put back: projecting
     * all of them four times was most of the time of a map. */
    for (k = 0; k < 4 && st == SCM_OK; k++) {
        size_t n = 0;
        for (f = 0; f < g->n_features; f++) {
            size_t p0 = g->ring_point[g->feature_ring[f]],
                   p1 = g->ring_point[g->feature_ring[f + 1]];
            if (inset[f] != k)
                continue;
            memcpy(buf + 2 * n, g->xy + 2 * p0, 2 * (p1 - p0) * sizeof *buf);
            n += p1 - p0;
        }
        if (n == 0 || (st = scm_project_points(ctx, src_crs, crs[k], buf, n)) != SCM_OK)
            continue;
        for (f = 0, n = 0; f < g->n_features; f++) {
            size_t p0 = g->ring_point[g->feature_ring[f]],
                   p1 = g->ring_point[g->feature_ring[f + 1]];
            if (inset[f] != k)
                continue;
            memcpy(c->xy + 2 * p0, buf + 2 * n, 2 * (p1 - p0) * sizeof *buf);
            n += p1 - p0;
        }
    }
    free(buf);
    if (st != SCM_OK) {
        scm_geometry_free(c);
        return st;
    }
    scm_geometry_update_bbox(c);
    main = inset_bbox(c, inset, SCM_INSET_MAIN);
    for (k = 1; k < 4; k++) {
        scm_bbox b = inset_bbox(c, inset, k);
        double s = place[k][0], w = main.maxx - main.minx;
        double tx = main.minx + place[k][1] * w, ty = main.miny + place[k][2] * w;
        for (f = 0; f < c->n_features; f++) {
            size_t p0 = c->ring_point[c->feature_ring[f]],
                   p1 = c->ring_point[c->feature_ring[f + 1]];
            if (inset[f] != k)
                continue;
            for (p = p0; p < p1; p++) {
                c->xy[2 * p] = tx + (c->xy[2 * p] - b.minx) * s;
                c->xy[2 * p + 1] = ty + (c->xy[2 * p + 1] - b.miny) * s;
            }
        }
    }
    scm_geometry_update_bbox(c);
    *out = c;
    return SCM_OK;
}
