/* SPDX-License-Identifier: MIT */
/* Seams: what Cairo draws along a border between two counties, with either antialiasing;
 * outlines painted through a mask; the canvas read back as a palette; text that is not
 * valid UTF-8. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/scmap.h"

#include <stdio.h>
#include <stdlib.h>

#include <unistd.h>

#include "scm_test.h"

static scm_ctx *ctx;
static int coarse; /* the antialiasing under test */

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
    scm_fill_style fs = {{0x80, 0x80, 0x80, 255}, {255, 255, 255, 255}, 0, colors, 2, coarse};
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

static void
test_coarse_antialiasing_keeps_borders_clean(void)
{
    coarse = 1;
    test_same_class_has_no_seam();
    test_two_classes_no_background_bleed();
    coarse = 0;
}

/* Outlines painted through a mask land where stroking puts them, within rounding. */
static void
test_mask_paints_outlines_as_a_stroke_would(void)
{
    scm_rgba colors[] = {{0xfd, 0xae, 0x6b, 255}, {0x33, 0x33, 0x99, 255}};
    scm_fill_style fs = {{0, 0, 0, 0}, {255, 255, 255, 255}, 1.5, colors, 2, 1};
    scm_geometry g = squares();
    size_t feats[] = {0, 1};
    uint8_t cls[] = {0, 1};
    scm_canvas *a = NULL, *b = NULL, *mask = NULL;
    scm_image *ia = NULL, *ib = NULL;
    size_t i, off = 0, white = 0;
    int empty;
    CHECK(scm_canvas_new(ctx, 32, 32, &a) == SCM_OK && scm_canvas_new(ctx, 32, 32, &b) == SCM_OK &&
          scm_canvas_new_mask(ctx, 32, 32, &mask) == SCM_OK);
    CHECK(scm_image_new(ctx, 32, 32, &ia) == SCM_OK && scm_image_new(ctx, 32, 32, &ib) == SCM_OK);
    if (ib == NULL || mask == NULL)
        return;
    CHECK(scm_canvas_draw_counties(ctx, a, &g, feats, 2, cls, NULL, &fs, 0, 0) == SCM_OK);
    CHECK(scm_canvas_draw_fills(ctx, b, &g, feats, 2, cls, &fs, 0, 0) == SCM_OK);
    CHECK(scm_canvas_draw_outlines(ctx, mask, &g, feats, 2, NULL, &fs, 0, 0) == SCM_OK);
    CHECK(scm_canvas_paint_mask(ctx, b, mask, fs.outline) == SCM_OK);
    scm_canvas_read(a, 0, 0, ia, &empty);
    scm_canvas_read(b, 0, 0, ib, &empty);
    for (i = 0; i < 32 * 32 * 4; i++)
        off += abs(ia->rgba[i] - ib->rgba[i]) > 2;
    for (i = 0; i < 32 * 32; i++)
        white += ib->rgba[4 * i] == 255 && ib->rgba[4 * i + 1] == 255 && ib->rgba[4 * i + 2] == 255;
    CHECK(off == 0);
    CHECK(white > 20); /* the 1.5 px outline is there */
    scm_canvas_free(a);
    scm_canvas_free(b);
    scm_canvas_free(mask);
    scm_image_free(ia);
    scm_image_free(ib);
}

/* The palette read matches the straight RGBA read pixel for pixel; past 256 colours it
 * gives up. */
static void
test_read_indexed_matches_read(void)
{
    scm_rgba colors[] = {{0xfd, 0xae, 0x6b, 255}, {0x33, 0x33, 0x99, 255}};
    uint8_t cls[] = {0, 1};
    scm_canvas *cv = NULL;
    scm_image *img = NULL;
    scm_indexed *im = NULL;
    size_t i, bad = 0;
    int empty, k;
    CHECK(scm_image_new(ctx, 32, 32, &img) == SCM_OK);
    CHECK(scm_indexed_new(ctx, 32, 32, &im) == SCM_OK);
    CHECK(scm_canvas_new(ctx, 32, 32, &cv) == SCM_OK);
    if (cv == NULL || im == NULL || img == NULL)
        return;
    draw(colors, cls, img);
    scm_canvas_clear(cv);
    {
        scm_geometry g = squares();
        size_t feats[] = {0, 1};
        scm_fill_style fs = {{0, 0, 0, 0}, {255, 255, 255, 255}, 0.7, colors, 2, 0};
        CHECK(scm_canvas_draw_counties(ctx, cv, &g, feats, 2, cls, NULL, &fs, 0, 0) == SCM_OK);
    }
    scm_canvas_read(cv, 0, 0, img, &empty);
    CHECK(scm_canvas_read_indexed(cv, im) == 1);
    CHECK(im->n_colors > 3);
    for (i = 0; i < 32 * 32; i++) {
        uint32_t c = im->color[im->index[i]];
        bad += (uint8_t)(c >> 24) != img->rgba[4 * i] ||
               (uint8_t)(c >> 16) != img->rgba[4 * i + 1] ||
               (uint8_t)(c >> 8) != img->rgba[4 * i + 2] || (uint8_t)c != img->rgba[4 * i + 3];
    }
    CHECK(bad == 0);
    /* 300 distinct greys in 3 x 1 strips. */
    scm_canvas_clear(cv);
    for (k = 0; k < 300; k++)
        scm_canvas_rect(cv, (k % 10) * 3, k / 10, 3, 1,
                        (scm_rgba){(uint8_t)(k % 256), (uint8_t)(k / 256), 7, 255});
    CHECK(scm_canvas_read_indexed(cv, im) == 0);
    scm_canvas_free(cv);
    scm_indexed_free(im);
    scm_image_free(img);
}

/* Text cut inside a character (a truncated label): drawn as far as it reads, and nothing on
 * stderr (the library never prints; Pango warns about invalid UTF-8). */
static void
test_text_with_a_cut_character(void)
{
    scm_text_style ts = {20, 0, {0, 0, 0, 255}, 0, SCM_ALIGN_LEFT};
    scm_canvas *cv = NULL;
    scm_image *img = NULL;
    FILE *err = tmpfile();
    size_t i, ink = 0;
    int saved = dup(2), empty;
    CHECK(err != NULL && saved >= 0);
    CHECK(scm_canvas_new(ctx, 200, 40, &cv) == SCM_OK &&
          scm_image_new(ctx, 200, 40, &img) == SCM_OK);
    if (err == NULL || saved < 0 || cv == NULL || img == NULL)
        goto done;
    fflush(stderr);
    dup2(fileno(err), 2);
    scm_canvas_text(cv, 2, 2, "Caf\xc3\xa9 \xe4\xb8", &ts); /* 中 cut after two bytes */
    fflush(stderr);
    dup2(saved, 2);
    CHECK(fseek(err, 0, SEEK_END) == 0 && ftell(err) == 0);
    scm_canvas_read(cv, 0, 0, img, &empty);
    for (i = 0; i < (size_t)200 * 40; i++)
        ink += img->rgba[4 * i + 3] != 0;
    CHECK(!empty && ink > 50);
done:
    if (saved >= 0)
        close(saved);
    if (err != NULL)
        fclose(err);
    scm_image_free(img);
    scm_canvas_free(cv);
}

int
main(void)
{
    if (scm_ctx_new(&ctx) != SCM_OK)
        return 1;
    RUN(test_same_class_has_no_seam);
    RUN(test_two_classes_no_background_bleed);
    RUN(test_coarse_antialiasing_keeps_borders_clean);
    RUN(test_mask_paints_outlines_as_a_stroke_would);
    RUN(test_read_indexed_matches_read);
    RUN(test_text_with_a_cut_character);
    scm_ctx_free(ctx);
    return scm_test_report();
}
