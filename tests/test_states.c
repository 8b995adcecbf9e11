/* SPDX-License-Identifier: MIT */
/* State outlines dissolved from the county shapes: one per state, areas kept, and their
 * borders made of the county edges. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/scmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "scm_test.h"

#define D SCM_TEST_DATA "/"

static scm_ctx *ctx;

/* Area of feature f (outer rings counter-clockwise, holes clockwise). */
static double
feature_area(const scm_geometry *g, size_t f)
{
    double area = 0;
    size_t r, p;
    for (r = g->feature_ring[f]; r < g->feature_ring[f + 1]; r++) {
        size_t a = g->ring_point[r], b = g->ring_point[r + 1];
        for (p = a; p < b; p++) {
            const double *u = g->xy + 2 * p, *v = g->xy + 2 * (p + 1 < b ? p + 1 : a);
            area += u[0] * v[1] - v[0] * u[1];
        }
    }
    return area / 2;
}

static int
cmp_point(const void *a, const void *b)
{
    const double *p = a, *q = b;
    return p[0] != q[0] ? (p[0] > q[0]) - (p[0] < q[0]) : (p[1] > q[1]) - (p[1] < q[1]);
}

/* Vertices of states that are no vertex of any county: 0 when the dissolve drew its lines
 * along the county edges only. */
static size_t
foreign_vertices(const scm_geometry *counties, const scm_geometry *states)
{
    double *pts = malloc(counties->n_points * 2 * sizeof *pts);
    size_t p, n = 0;
    if (pts == NULL)
        return SIZE_MAX;
    memcpy(pts, counties->xy, counties->n_points * 2 * sizeof *pts);
    qsort(pts, counties->n_points, 2 * sizeof *pts, cmp_point);
    for (p = 0; p < states->n_points; p++)
        n += bsearch(states->xy + 2 * p, pts, counties->n_points, 2 * sizeof *pts, cmp_point) ==
             NULL;
    free(pts);
    return n;
}

/* Every state is one feature whose area is its counties' summed, within rel, and whose
 * vertices are the counties'; returns the number of states. */
static size_t
check_dissolve(const char *path, double rel, double *seconds)
{
    scm_shapes *s = NULL;
    scm_geometry *st = NULL;
    char(*codes)[3] = NULL;
    struct timespec t0, t1;
    size_t i, f, n = 0;
    CHECK_STATUS(ctx, scm_shapes_read(ctx, path, NULL, &s), SCM_OK);
    if (s == NULL)
        return 0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK_STATUS(ctx, scm_states_from_shapes(ctx, s, &st, &codes), SCM_OK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    *seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    for (f = 0; st != NULL && f < st->n_features; f++) {
        double sum = 0, got = feature_area(st, f);
        size_t members = 0;
        for (i = 0; i < scm_shapes_count(s); i++)
            if (strncmp(scm_shapes_fips(s, i), codes[f], 2) == 0) {
                sum += feature_area(scm_shapes_geometry(s), i);
                members++;
            }
        CHECK(members > 0 && got > 0);
        CHECK(f == 0 || strcmp(codes[f - 1], codes[f]) < 0);
        if (fabs(got - sum) > rel * sum) {
            fprintf(stderr, "state %s: area %.17g, its counties' %.17g\n", codes[f], got, sum);
            CHECK(0);
        }
    }
    if (st != NULL) {
        n = st->n_features;
        CHECK(foreign_vertices(scm_shapes_geometry(s), st) == 0);
    }
    scm_geometry_free(st);
    free(codes);
    scm_shapes_free(s);
    return n;
}

static void
test_sample_dissolves(void)
{
    double s;
    /* The 25 sample counties lie in 9 states and Puerto Rico. */
    CHECK(check_dissolve(D "counties_sample.shp", 1e-9, &s) == 10);
}

/* Two made-up squares of one state that share an edge: the coverage union drops it. */
static void
test_coverage_union(void)
{
    scm_shapes *s = NULL;
    scm_geometry *st = NULL;
    CHECK_STATUS(ctx, scm_shapes_read(ctx, D "counties_fake_squares.mif", NULL, &s), SCM_OK);
    CHECK_STATUS(ctx, scm_states_from_shapes(ctx, s, &st, NULL), SCM_OK);
    if (st != NULL) {
        CHECK(st->n_features == 1 && st->n_rings == 1);
        CHECK_NEAR(feature_area(st, 0), 2.0, 1e-12);
        CHECK(foreign_vertices(scm_shapes_geometry(s), st) == 0);
    }
    scm_geometry_free(st);
    scm_shapes_free(s);
}

/* Squares that overlap are no coverage: GEOS says so, and the overlay union does the work. */
static void
test_overlap_falls_back(void)
{
    scm_shapes *s = NULL;
    scm_geometry *st = NULL;
    CHECK_STATUS(ctx, scm_shapes_read(ctx, D "counties_fake_overlap.mif", NULL, &s), SCM_OK);
    CHECK_STATUS(ctx, scm_states_from_shapes(ctx, s, &st, NULL), SCM_OK);
    if (st != NULL) {
        CHECK(st->n_features == 1 && st->n_rings == 1);
        CHECK_NEAR(feature_area(st, 0), 1.5, 1e-12);
    }
    scm_geometry_free(st);
    scm_shapes_free(s);
}

/* The shipped 1:5m counties: 50 states, DC, Puerto Rico and four territories. */
static void
test_shipped_dissolves(void)
{
    double s = 0;
    CHECK(check_dissolve(SCM_TEST_DATA "/../../shapes/us_counties_5m_2018.shp", 1e-9, &s) == 56);
    fprintf(stderr, "dissolving the 1:5m counties took %.3f s\n", s);
}

int
main(void)
{
    if (scm_ctx_new(&ctx) != SCM_OK)
        return 1;
    RUN(test_sample_dissolves);
    RUN(test_shipped_dissolves);
    RUN(test_coverage_union);
    RUN(test_overlap_falls_back);
    scm_ctx_free(ctx);
    return scm_test_report();
}
