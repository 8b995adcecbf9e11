/* SPDX-License-Identifier: MIT */
/* Seams: what Cairo draws along a border between two counties. */
#include "scmap/scmap.h"

#include <stdlib.h>

#include "scm_test.h"

static scm_ctx *ctx;

/* Two quadrilaterals sharing the slanted edge (10.37, 2) - (17.81, 30), wound alike. */
static size_t feature_ring[] = {0, 1, 2};
static size_t ring_point[] = {0, 4, 8};
static double xy[] = {2, 2, 10.37, 2, 17.81, 30, 2, 30, 10.37, 2, 30, 2, 30, 30, 17.81, 30};
static scm_bbox bbox[2];

static scm_geometry
squares(void)
{
    scm_geometry g = {2, 2, 8, feature_ring, ring_point, xy, bbox};
    scm_geometry_update_bbox(&g);
    return g;
}

static double
lum(const uint8_t *p)
{
    return 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
}

static void
draw(const scm_rgba *colors, const uint8_t *cls, scm_image *img)
{
    scm_canvas *cv = NULL;
    scm_geometry g = squares();
    size_t feats[] = {0, 1};
    scm_fill_style fs = {{0x80, 0x80, 0x80, 255}, {255, 255, 255, 255}, 0, colors, 2, 0};
    int empty;
    CHECK(scm_canvas_new(ctx, 32, 32, &cv) == SCM_OK);
    CHECK(scm_canvas_draw_counties(ctx, cv, &g, feats, 2, cls, NULL, &fs, 0, 0) == SCM_OK);
    scm_canvas_read(cv, 0, 0, img, &empty);
    CHECK(!empty);
    scm_canvas_free(cv);
}

static void
test_same_class_has_no_seam(void)
{
    scm_rgba colors[] = {{0xfd, 0xae, 0x6b, 255}, {0, 0, 0, 255}};
    uint8_t cls[] = {0, 0};
    scm_image *img = NULL;
    int x, y, bad = 0;
    CHECK(scm_image_new(ctx, 32, 32, &img) == SCM_OK);
    draw(colors, cls, img);
    /* Every pixel fully inside the union is exactly the class colour, border included. */
    for (y = 3; y < 29; y++)
        for (x = 3; x < 29; x++) {
            const uint8_t *p = img->rgba + 4 * (y * 32 + x);
            bad += p[0] != 0xfd || p[1] != 0xae || p[2] != 0x6b || p[3] != 255;
        }
    CHECK(bad == 0);
    scm_image_free(img);
}

static void
test_two_classes_no_background_bleed(void)
{
    scm_rgba colors[] = {{0xfe, 0xe8, 0xc8, 255}, {0xe3, 0xe3, 0xe3, 255}};
    uint8_t cls[] = {0, 1};
    scm_image *img = NULL;
    int x, y, bad = 0;
    double lmax = lum((const uint8_t[]){0xfe, 0xe8, 0xc8});
    if (lum((const uint8_t[]){0xe3, 0xe3, 0xe3}) > lmax)
        lmax = lum((const uint8_t[]){0xe3, 0xe3, 0xe3});
    CHECK(scm_image_new(ctx, 32, 32, &img) == SCM_OK);
    draw(colors, cls, img);
    for (y = 3; y < 29; y++)
        for (x = 3; x < 29; x++) {
            const uint8_t *p = img->rgba + 4 * (y * 32 + x);
            bad += p[3] != 255 || lum(p) > lmax + 0.5;
        }
    CHECK(bad == 0);
    scm_image_free(img);
}

int
main(void)
{
    if (scm_ctx_new(&ctx) != SCM_OK)
        return 1;
    RUN(test_same_class_has_no_seam);
    RUN(test_two_classes_no_background_bleed);
    scm_ctx_free(ctx);
    return scm_test_report();
}
