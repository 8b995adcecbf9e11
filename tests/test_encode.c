/* SPDX-License-Identifier: MIT */
#include "scmap/scmap.h"

#include <stdlib.h>

#include "scm_test.h"

static scm_ctx *ctx;

static int opaque;

static void
fill(scm_image *img, int colors)
{
    uint32_t i, n = img->width * img->height;
    for (i = 0; i < n; i++) {
        uint32_t c = (i * 7919u) % (uint32_t)colors;
        img->rgba[4 * i] = (uint8_t)c;
        img->rgba[4 * i + 1] = (uint8_t)(c >> 8);
        img->rgba[4 * i + 2] = (uint8_t)(255 - c);
        img->rgba[4 * i + 3] = (uint8_t)(opaque || c % 3 == 0 ? 255 : 128);
    }
}

static void
roundtrip(int colors, int want_palette)
{
    scm_image *img = NULL, *back = NULL;
    uint8_t *png = NULL, *png2 = NULL;
    size_t len = 0, len2 = 0;
    CHECK(scm_image_new(ctx, 64, 48, &img) == SCM_OK);
    fill(img, colors);
    CHECK_STATUS(ctx, scm_png_encode(ctx, img, &png, &len), SCM_OK);
    CHECK_STATUS(ctx, scm_png_decode(ctx, png, len, &back), SCM_OK);
    if (back != NULL) {
        CHECK(back->width == 64 && back->height == 48);
        CHECK(memcmp(back->rgba, img->rgba, 64 * 48 * 4) == 0);
    }
    /* IHDR colour type (byte 25): 3 is palette, 2 RGB, 6 RGBA. */
    CHECK(len > 26 && png[25] == (want_palette ? 3 : opaque ? 2 : 6));
    /* Same pixels, same bytes. */
    CHECK_STATUS(ctx, scm_png_encode(ctx, img, &png2, &len2), SCM_OK);
    CHECK(len == len2 && memcmp(png, png2, len) == 0);
    free(png);
    free(png2);
    scm_image_free(img);
    scm_image_free(back);
}

static void
test_palette_is_exact(void)
{
    roundtrip(2, 1);
    roundtrip(7, 1);
    roundtrip(256, 1);
}

static void
test_many_colours_stay_exact(void)
{
    roundtrip(257, 0);
    roundtrip(3000, 0);
    opaque = 1;
    roundtrip(3000, 0);
    roundtrip(40, 1);
    opaque = 0;
}

static void
test_decode_rejects_garbage(void)
{
    static const uint8_t junk[] = "\x89PNG\r\n\x1a\nnot really";
    scm_image *img = NULL;
    CHECK(scm_png_decode(ctx, junk, sizeof junk, &img) == SCM_EDATA);
    CHECK(img == NULL);
    CHECK(strstr(scm_ctx_errmsg(ctx), "png: not a readable PNG: truncated") != NULL);
    scm_ctx_clear_error(ctx);
}

/* libpng refuses a zero width with a warning and an error; the message carries both. */
static void
test_encode_keeps_libpng_message(void)
{
    uint8_t px[4] = {0, 0, 0, 255};
    scm_image img = {0, 1, px};
    uint8_t *png = NULL;
    size_t len = 0;
    CHECK(scm_png_encode_truecolor(ctx, &img, &png, &len) != SCM_OK);
    CHECK(png == NULL);
    if (strstr(scm_ctx_errmsg(ctx),
               "png: encoding failed: Invalid IHDR data (Image width is zero in IHDR)") == NULL) {
        fprintf(stderr, "message \"%s\" lacks libpng's words\n", scm_ctx_errmsg(ctx));
        CHECK(0);
    }
    scm_ctx_clear_error(ctx);
}

int
main(void)
{
    if (scm_ctx_new(&ctx) != SCM_OK)
        return 1;
    RUN(test_palette_is_exact);
    RUN(test_many_colours_stay_exact);
    RUN(test_decode_rejects_garbage);
    RUN(test_encode_keeps_libpng_message);
    scm_ctx_free(ctx);
    return scm_test_report();
}
