/* SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L
#include "scmap/scmap.h"

#include <stdio.h>
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

/* The activation classes' colours, in flat blocks: what a reader sees in the MP4 must be the
 * legend's colour, so the RGB-to-YUV matrix must be the one the file is tagged with. */
static const uint8_t flat[4][3] = {
    {0xE6, 0x55, 0x0D}, {0xFD, 0xAE, 0x6B}, {0xE3, 0xE3, 0xE3}, {0xA6, 0xA6, 0xA6}};

static scm_image *
flat_blocks(void)
{
    scm_image *img = NULL;
    uint32_t x, y;
    if (scm_image_new(ctx, 320, 240, &img) != SCM_OK)
        return NULL;
    for (y = 0; y < 240; y++)
        for (x = 0; x < 320; x++) {
            const uint8_t *c = flat[(y / 120) * 2 + x / 160];
            uint8_t *p = img->rgba + 4 * (y * 320 + x);
            p[0] = c[0], p[1] = c[1], p[2] = c[2], p[3] = 255;
        }
    return img;
}

/* Reads a whole command's output into buf; the bytes read, or -1. */
static long
command_output(const char *cmd, uint8_t *buf, size_t cap)
{
    FILE *fp = popen(cmd, "r");
    size_t n;
    if (fp == NULL)
        return -1;
    n = fread(buf, 1, cap, fp);
    return pclose(fp) == 0 ? (long)n : -1;
}

static void
test_mp4_colours_match_tags(void)
{
    char dir[] = "/tmp/scmap-test-mp4.XXXXXX", cmd[512];
    static uint8_t rgb[320 * 240 * 3];
    scm_image *img = flat_blocks();
    scm_mp4 *mp4 = NULL;
    int b, k;
    long n;
    if (system("ffmpeg -version >/dev/null 2>&1") != 0) {
        fprintf(stderr, "no ffmpeg: the MP4 colour test is skipped\n");
        scm_image_free(img);
        return;
    }
    CHECK(img != NULL && mkdtemp(dir) != NULL);
    snprintf(cmd, sizeof cmd, "%s/a.mp4", dir);
    CHECK_STATUS(ctx, scm_mp4_new(ctx, cmd, 320, 240, 1, 0, &mp4), SCM_OK);
    if (mp4 != NULL) {
        CHECK_STATUS(ctx, scm_mp4_put(ctx, mp4, img), SCM_OK);
        CHECK_STATUS(ctx, scm_mp4_finish(ctx, mp4), SCM_OK);
    }
    scm_mp4_free(mp4);
    /* Tagged BT.709 in all four ways players look at. */
    snprintf(cmd, sizeof cmd,
             "ffprobe -v error -show_entries "
             "stream=color_range,color_space,color_transfer,color_primaries -of csv=p=0 %s/a.mp4",
             dir);
    n = command_output(cmd, rgb, sizeof rgb - 1);
    CHECK(n > 0);
    rgb[n > 0 ? n : 0] = '\0';
    CHECK_STR((char *)rgb, "tv,bt709,bt709,bt709\n");
    /* Decoded back to RGB as the tags say, each block's middle is its colour, +-3. */
    snprintf(cmd, sizeof cmd,
             "ffmpeg -v error -i %s/a.mp4 -frames:v 1 -vf "
             "scale=in_color_matrix=bt709:in_range=tv:flags=accurate_rnd,format=rgb24 "
             "-f rawvideo -",
             dir);
    CHECK(command_output(cmd, rgb, sizeof rgb) == (long)sizeof rgb);
    for (b = 0; b < 4; b++) {
        const uint8_t *got = rgb + 3 * ((size_t)(60 + b / 2 * 120) * 320 + 80 + b % 2 * 160);
        for (k = 0; k < 3; k++)
            if (abs(got[k] - flat[b][k]) > 3) {
                fprintf(stderr, "block %d: got %02X%02X%02X, want %02X%02X%02X\n", b, got[0],
                        got[1], got[2], flat[b][0], flat[b][1], flat[b][2]);
                CHECK(0);
                break;
            }
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
    scm_image_free(img);
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
    RUN(test_mp4_colours_match_tags);
    scm_ctx_free(ctx);
    return scm_test_report();
}
