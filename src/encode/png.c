/* SPDX-License-Identifier: MIT */
/* PNG through libpng: exact palettes for choropleth tiles, truecolour otherwise. */
#include "scmap/encode.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>
#include <zlib.h>

#include "../core/core_private.h"

#define PALETTE_SLOTS 1024 /* open addressing for up to 256 colours */

typedef struct palette {
    uint32_t key[PALETTE_SLOTS];
    int16_t index[PALETTE_SLOTS];
    uint32_t color[256];
    int n;
} palette;

static uint32_t
pack(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Index of color, added if new; -1 once there are more than 256 colours. */
static int
palette_index(palette *pal, uint32_t c)
{
    uint32_t h = (c * 2654435761u) >> 22;
    while (pal->index[h] >= 0) {
        if (pal->key[h] == c)
            return pal->index[h];
        h = (h + 1) & (PALETTE_SLOTS - 1);
    }
    if (pal->n == 256)
        return -1;
    pal->key[h] = c;
    pal->index[h] = (int16_t)pal->n;
    pal->color[pal->n] = c;
    return pal->n++;
}

/* Palette indices for every pixel, in first-seen order; 0 if the image has too many colours. */
static int
build_palette(const scm_image *img, palette *pal, uint8_t *idx)
{
    size_t i, n = (size_t)img->width * img->height;
    uint32_t last = 0;
    int last_i = -1;
    memset(pal->index, 0xff, sizeof pal->index);
    pal->n = 0;
    uint32_t word, last_word = 0;
    for (i = 0; i < n; i++) {
        memcpy(&word, img->rgba + 4 * i, 4);
        if (last_i < 0 || word != last_word) {
            uint32_t c = pack(img->rgba + 4 * i);
            last_word = word;
            if (last_i < 0 || c != last) {
                last = c;
                last_i = palette_index(pal, c);
                if (last_i < 0)
                    return 0;
            }
        }
        idx[i] = (uint8_t)last_i;
    }
    return 1;
}

static void
write_cb(png_structp png, png_bytep data, png_size_t len)
{
    scm_buf *b = png_get_io_ptr(png);
    if (scm__buf_append(b, data, len) != 0)
        png_error(png, "out of memory");
}

static void
flush_cb(png_structp png)
{
    (void)png;
}

/* Packs 8-bit indices into rows of `depth` bits a pixel, in place-independent output. */
static void
pack_rows(const uint8_t *idx, uint32_t w, uint32_t h, int depth, uint8_t *out, size_t rowbytes)
{
    uint32_t x, y;
    int per_byte = 8 / depth;
    if (depth == 8) {
        for (y = 0; y < h; y++)
            memcpy(out + (size_t)y * rowbytes, idx + (size_t)y * w, w);
        return;
    }
    for (y = 0; y < h; y++) {
        const uint8_t *in = idx + (size_t)y * w;
        uint8_t *o = out + (size_t)y * rowbytes;
        for (x = 0; x < w; x += (uint32_t)per_byte) {
            uint32_t k, v = 0;
            for (k = 0; k < (uint32_t)per_byte; k++)
                v = v << depth | (x + k < w ? in[x + k] : 0);
            *o++ = (uint8_t)v;
        }
    }
}

/* The one function with setjmp: libpng longjmps here on error. */
static scm_status
write_png(scm_ctx *ctx, const scm_image *img, const palette *pal, const uint8_t *rows_data,
          size_t rowbytes, int color_type, int depth, scm_buf *b)
{
    png_structp png;
    png_infop info;
    png_bytep *volatile rows = NULL;
    uint32_t y;
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    info = png != NULL ? png_create_info_struct(png) : NULL;
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        return scm__error(ctx, SCM_ENOMEM, "png: out of memory");
    }
    if (setjmp(png_jmpbuf(png))) {
        free(rows);
        png_destroy_write_struct(&png, &info);
        return scm__error(ctx, SCM_ENOMEM, "png: encoding failed");
    }
    rows = scm__mallocn(img->height, sizeof *rows);
    if (rows == NULL)
        png_error(png, "out of memory");
    for (y = 0; y < img->height; y++)
        rows[y] = (png_bytep)rows_data + (size_t)y * rowbytes;
    png_set_write_fn(png, b, write_cb, flush_cb);
    /* Run-length matching suits flat choropleth fills: about 9% larger than zlib's default
     * strategy and much faster. Both are fixed, so the bytes stay reproducible. */
    png_set_compression_level(png, 6);
    png_set_compression_strategy(png, Z_RLE);
    if (color_type != PNG_COLOR_TYPE_PALETTE)
        png_set_filter(png, 0, PNG_FILTER_SUB);
    png_set_IHDR(png, info, img->width, img->height, depth, color_type, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (color_type == PNG_COLOR_TYPE_PALETTE) {
        png_color plte[256];
        png_byte trns[256];
        int i, n_trns = 0;
        png_set_filter(png, 0, PNG_FILTER_NONE);
        for (i = 0; i < pal->n; i++) {
            plte[i].red = (png_byte)(pal->color[i] >> 24);
            plte[i].green = (png_byte)(pal->color[i] >> 16);
            plte[i].blue = (png_byte)(pal->color[i] >> 8);
            trns[i] = (png_byte)pal->color[i];
            if (trns[i] != 255)
                n_trns = i + 1;
        }
        png_set_PLTE(png, info, plte, pal->n);
        if (n_trns > 0)
            png_set_tRNS(png, info, trns, n_trns, NULL);
    }
    png_set_rows(png, info, rows);
    png_write_png(png, info, PNG_TRANSFORM_IDENTITY, NULL);
    png_destroy_write_struct(&png, &info);
    free(rows);
    return SCM_OK;
}

scm_status
scm_png_encode(scm_ctx *ctx, const scm_image *img, uint8_t **out, size_t *out_len)
{
    size_t n = (size_t)img->width * img->height, rowbytes, i;
    palette *pal = malloc(sizeof *pal);
    uint8_t *idx = malloc(n ? n : 1), *rows = NULL;
    scm_buf b = {0};
    scm_status st;
    int depth = 8, color_type;
    *out = NULL;
    if (pal == NULL || idx == NULL) {
        st = scm__error(ctx, SCM_ENOMEM, "png: out of memory");
        goto done;
    }
    if (build_palette(img, pal, idx)) {
        depth = pal->n <= 2 ? 1 : pal->n <= 4 ? 2 : pal->n <= 16 ? 4 : 8;
        color_type = PNG_COLOR_TYPE_PALETTE;
        rowbytes = ((size_t)img->width * (size_t)depth + 7) / 8;
        rows = malloc(rowbytes * img->height + 1);
        if (rows != NULL)
            pack_rows(idx, img->width, img->height, depth, rows, rowbytes);
    } else {
        int opaque = 1;
        for (i = 0; i < n && opaque; i++)
            opaque = img->rgba[4 * i + 3] == 255;
        color_type = opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGBA;
        rowbytes = (size_t)img->width * (opaque ? 3 : 4);
        rows = malloc(rowbytes * img->height + 1);
        for (i = 0; rows != NULL && i < n; i++)
            memcpy(rows + i * (opaque ? 3 : 4), img->rgba + 4 * i, opaque ? 3 : 4);
    }
    if (rows == NULL) {
        st = scm__error(ctx, SCM_ENOMEM, "png: out of memory");
        goto done;
    }
    st = write_png(ctx, img, pal, rows, rowbytes, color_type, depth, &b);
    if (st == SCM_OK) {
        *out = b.data;
        *out_len = b.len;
        b.data = NULL;
    }
done:
    scm__buf_free(&b);
    free(rows);
    free(idx);
    free(pal);
    return st;
}

typedef struct reader {
    const uint8_t *p;
    size_t len, pos;
} reader;

static void
read_cb(png_structp png, png_bytep data, png_size_t len)
{
    reader *r = png_get_io_ptr(png);
    if (len > r->len - r->pos)
        png_error(png, "truncated");
    memcpy(data, r->p + r->pos, len);
    r->pos += len;
}

scm_status
scm_png_decode(scm_ctx *ctx, const uint8_t *data, size_t len, scm_image **out)
{
    png_structp png;
    png_infop info;
    reader r = {data, len, 0};
    scm_image *volatile img = NULL;
    png_bytep *volatile rows = NULL;
    uint32_t y, w, h;
    *out = NULL;
    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    info = png != NULL ? png_create_info_struct(png) : NULL;
    if (info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        return scm__error(ctx, SCM_ENOMEM, "png: out of memory");
    }
    if (setjmp(png_jmpbuf(png))) {
        free(rows);
        scm_image_free(img);
        png_destroy_read_struct(&png, &info, NULL);
        return scm__error(ctx, SCM_EDATA, "png: not a readable PNG");
    }
    png_set_read_fn(png, &r, read_cb);
    png_read_info(png, info);
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
    png_read_update_info(png, info);
    w = png_get_image_width(png, info);
    h = png_get_image_height(png, info);
    if (w == 0 || h == 0 || w > 16384 || h > 16384)
        png_error(png, "size");
    if (scm_image_new(ctx, w, h, (scm_image **)&img) != SCM_OK)
        png_error(png, "out of memory");
    rows = scm__mallocn(h, sizeof *rows);
    if (rows == NULL)
        png_error(png, "out of memory");
    for (y = 0; y < h; y++)
        rows[y] = img->rgba + (size_t)y * w * 4;
    png_read_image(png, rows);
    png_destroy_read_struct(&png, &info, NULL);
    free(rows);
    *out = img;
    return SCM_OK;
}
