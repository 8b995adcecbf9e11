/* SPDX-License-Identifier: MIT */
/* The project module: PROJ transforms in GIS axis order, the inset of a county, and the US
 * composite (insets moved under the main map, never over it). */
#include <math.h>

#include "scmap/scmap.h"

#include "scm_test.h"

#define D  SCM_TEST_DATA "/"
#define PI 3.14159265358979323846

/* Web Mercator on the WGS84 semi-major axis, written out so the test does not trust PROJ. */
static double
merc_y(double lat_deg)
{
    return 6378137.0 * log(tan(PI / 4 + lat_deg * PI / 360));
}

static void
test_points_lonlat_to_mercator(void)
{
    scm_ctx *ctx = NULL;
    /* Longitude first: EPSG:4326 is latitude-first by the book, GIS order here. */
    double xy[6] = {0, 0, -95.3698, 29.7604, 180, 60};
    CHECK(scm_ctx_new(&ctx) == SCM_OK);
    CHECK_STATUS(ctx, scm_project_points(ctx, "EPSG:4326", "EPSG:3857", xy, 3), SCM_OK);
    CHECK_NEAR(xy[0], 0, 1e-6);
    CHECK_NEAR(xy[1], 0, 1e-6);
    CHECK_NEAR(xy[2], -95.3698 * PI / 180 * 6378137.0, 1e-3);
    CHECK_NEAR(xy[3], merc_y(29.7604), 1e-3);
    CHECK_NEAR(xy[4], SCM_MERC_HALF, 1e-3);
    CHECK_NEAR(xy[5], merc_y(60), 1e-3);
    scm_ctx_free(ctx);
}

static void
test_points_albers_origin(void)
{
    scm_ctx *ctx = NULL;
    /* EPSG:5070's false origin is 96 W, 23 N: it maps to 0, 0; north is +y. */
    double xy[4] = {-96, 23, -96, 40};
    CHECK(scm_ctx_new(&ctx) == SCM_OK);
    CHECK_STATUS(ctx, scm_project_points(ctx, "", "EPSG:5070", xy, 2), SCM_OK);
    CHECK_NEAR(xy[0], 0, 1e-3);
    CHECK_NEAR(xy[1], 0, 1e-3);
    CHECK_NEAR(xy[2], 0, 1e-3);
    CHECK(xy[3] > 1.8e6 && xy[3] < 2.0e6);
    scm_ctx_free(ctx);
}

static void
test_unknown_crs(void)
{
    scm_ctx *ctx = NULL;
    double xy[2] = {0, 0};
    CHECK(scm_ctx_new(&ctx) == SCM_OK);
    CHECK_STATUS(ctx, scm_project_points(ctx, "EPSG:4326", "EPSG:999999", xy, 1), SCM_EPROJ);
    CHECK_STATUS(ctx, scm_project_points(ctx, "not a crs", "EPSG:3857", xy, 1), SCM_EPROJ);
    scm_ctx_free(ctx);
}

static void
test_inset_of(void)
{
    CHECK(scm_inset_of("48201") == SCM_INSET_MAIN);
    CHECK(scm_inset_of("11001") == SCM_INSET_MAIN);
    CHECK(scm_inset_of("02016") == SCM_INSET_ALASKA);
    CHECK(scm_inset_of("15001") == SCM_INSET_HAWAII);
    CHECK(scm_inset_of("72127") == SCM_INSET_PR);
    CHECK(scm_inset_of("60010") == SCM_INSET_NONE);
    CHECK(scm_inset_of("78010") == SCM_INSET_NONE);
}

/* The sample's shapes hold the Aleutians (across 180 degrees) and Puerto Rico: on the composite
 * each inset lies below the top of the contiguous states, inside the main map's width, and
 * Alaska does not wrap around the world. */
static void
test_composite_places_insets(void)
{
    scm_ctx *ctx = NULL;
    scm_shapes *s = NULL;
    scm_geometry *c = NULL;
    uint8_t inset[64];
    scm_bbox main = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    size_t f, n;
    int seen[SCM_INSET_NONE + 1] = {0};
    CHECK(scm_ctx_new(&ctx) == SCM_OK);
    CHECK_STATUS(ctx, scm_shapes_read(ctx, D "counties_sample.shp", NULL, &s), SCM_OK);
    if (s == NULL)
        goto done;
    n = scm_shapes_count(s);
    CHECK(n <= sizeof inset);
    for (f = 0; f < n && f < sizeof inset; f++)
        inset[f] = (uint8_t)scm_inset_of(scm_shapes_fips(s, f));
    CHECK_STATUS(
        ctx, scm_project_us_composite(ctx, scm_shapes_geometry(s), scm_shapes_crs(s), inset, &c),
        SCM_OK);
    if (c == NULL)
        goto done;
    for (f = 0; f < n; f++) {
        if (inset[f] != SCM_INSET_MAIN)
            continue;
        main.minx = fmin(main.minx, c->bbox[f].minx);
        main.miny = fmin(main.miny, c->bbox[f].miny);
        main.maxx = fmax(main.maxx, c->bbox[f].maxx);
        main.maxy = fmax(main.maxy, c->bbox[f].maxy);
    }
    for (f = 0; f < n; f++) {
        const scm_bbox *b = &c->bbox[f];
        seen[inset[f]] = 1;
        if (inset[f] == SCM_INSET_MAIN || inset[f] == SCM_INSET_NONE)
            continue;
        CHECK(b->maxy < main.maxy);
        CHECK(b->minx >= main.minx - 1 && b->maxx <= main.maxx + (main.maxx - main.minx));
        /* An inset county is a few hundred km at most once scaled, never a world's width. */
        CHECK(b->maxx - b->minx < 2e6);
    }
    CHECK(seen[SCM_INSET_MAIN] && seen[SCM_INSET_ALASKA]);
done:
    scm_geometry_free(c);
    scm_shapes_free(s);
    scm_ctx_free(ctx);
}

int
main(void)
{
    RUN(test_points_lonlat_to_mercator);
    RUN(test_points_albers_origin);
    RUN(test_unknown_crs);
    RUN(test_inset_of);
    RUN(test_composite_places_insets);
    return scm_test_report();
}
