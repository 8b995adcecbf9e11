/* SPDX-License-Identifier: MIT */
/* A projection fitted to one area (a state edition): an Albers equal-area whose standard
 * parallels and central meridian follow the area's own extent. */
#include "scmap/project.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/core_private.h"

/* Points of the features of g whose mask byte is set, copied into one array: PROJ then sets
 * up one transformation for all of them (setting one up costs more than a county's points). */
static scm_status
gather(scm_ctx *ctx, const scm_geometry *g, const uint8_t *mask, double **xy, size_t *n)
{
    size_t f, p0, p1, o = 0;
    *n = 0;
    for (f = 0; f < g->n_features; f++)
        if (mask[f])
            *n += g->ring_point[g->feature_ring[f + 1]] - g->ring_point[g->feature_ring[f]];
    if ((*xy = scm__mallocn(2 * *n + 2, sizeof(double))) == NULL)
        return scm__error(ctx, SCM_ENOMEM, "project: out of memory");
    for (f = 0; f < g->n_features; f++) {
        if (!mask[f])
            continue;
        p0 = g->ring_point[g->feature_ring[f]];
        p1 = g->ring_point[g->feature_ring[f + 1]];
        memcpy(*xy + 2 * o, g->xy + 2 * p0, 2 * (p1 - p0) * sizeof(double));
        o += p1 - p0;
    }
    return SCM_OK;
}

scm_status
scm_project_fit_albers(scm_ctx *ctx, const scm_geometry *g, const char *src_crs,
                       const uint8_t *mask, char crs[256])
{
    double *xy = NULL, lat0 = 90, lat1 = -90, w0 = 180, e0 = -180, w1 = 360, e1 = 0, lon, dlat;
    size_t n, i;
    scm_status st = gather(ctx, g, mask, &xy, &n);
    if (st == SCM_OK && n == 0)
        st = scm__error(ctx, SCM_EINVAL, "project: no area to fit a projection to");
    if (st == SCM_OK)
        st = scm_project_points(ctx, src_crs, "EPSG:4326", xy, n);
    for (i = 0; st == SCM_OK && i < n; i++) {
        double x = xy[2 * i], x360 = x < 0 ? x + 360 : x;
        w0 = fmin(w0, x);
        e0 = fmax(e0, x);
        w1 = fmin(w1, x360);
        e1 = fmax(e1, x360);
        lat0 = fmin(lat0, xy[2 * i + 1]);
        lat1 = fmax(lat1, xy[2 * i + 1]);
    }
    free(xy);
    if (st != SCM_OK)
        return st;
    /* The longitudes the short way round: Alaska's Aleutians run across 180 degrees, and
     * from -180 to 180 they would span the globe. */
    lon = e1 - w1 < e0 - w0 ? (w1 + e1) / 2 : (w0 + e0) / 2;
    if (lon > 180)
        lon -= 360;
    /* The classic rule: standard parallels at one sixth and five sixths of the span. */
    dlat = lat1 - lat0;
    snprintf(crs, 256,
             "+proj=aea +lat_0=%.4f +lon_0=%.4f +lat_1=%.4f +lat_2=%.4f +x_0=0 +y_0=0 "
             "+ellps=GRS80 +units=m +no_defs +type=crs",
             (lat0 + lat1) / 2, lon, lat0 + dlat / 6, lat0 + 5 * dlat / 6);
    return SCM_OK;
}

scm_status
scm_project_features(scm_ctx *ctx, const scm_geometry *g, const char *src_crs, const char *dst_crs,
                     const uint8_t *mask, scm_geometry **out)
{
    scm_geometry *c = NULL;
    double *xy = NULL;
    size_t n, f, o = 0;
    scm_status st;
    *out = NULL;
    if ((st = scm_geometry_copy(ctx, g, &c)) == SCM_OK &&
        (st = gather(ctx, g, mask, &xy, &n)) == SCM_OK)
        st = scm_project_points(ctx, src_crs, dst_crs, xy, n);
    for (f = 0; st == SCM_OK && f < g->n_features; f++) {
        size_t p0 = g->ring_point[g->feature_ring[f]], p1 = g->ring_point[g->feature_ring[f + 1]];
        if (!mask[f])
            continue;
        memcpy(c->xy + 2 * p0, xy + 2 * o, 2 * (p1 - p0) * sizeof(double));
        o += p1 - p0;
    }
    free(xy);
    if (st != SCM_OK) {
        scm_geometry_free(c);
        return st;
    }
    scm_geometry_update_bbox(c);
    *out = c;
    return SCM_OK;
}
