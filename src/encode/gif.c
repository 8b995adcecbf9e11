/* SPDX-License-Identifier: MIT */
/* Animated GIF through giflib: one global palette that holds the given colours exactly,
 * every other colour mapped to its nearest entry (no dithering). */
#define _POSIX_C_SOURCE 200809L
#include "scmap/encode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include <gif_lib.h>

#include "../core/core_private.h"

typedef struct count {
    uint32_t rgb;
    size_t n;
} count;

typedef struct table {
    uint32_t *key; /* rgb + 1, 0 = empty */
    size_t *val;
    size_t cap, n;
} table;

static size_t *
slot(table *t, uint32_t rgb)
{
    size_t h = (size_t)((rgb * 2654435761u) & (t->cap - 1));
    while (t->key[h] != 0 && t->key[h] != rgb + 1)
        h = (h + 1) & (t->cap - 1);
    if (t->key[h] == 0) {
        t->key[h] = rgb + 1;
        t->val[h] = 0;
        t->n++;
    }
    return &t->val[h];
}

static int
table_init(table *t, size_t cap)
{
    t->cap = cap;
    t->n = 0;
    t->key = calloc(cap, sizeof *t->key);
    t->val = calloc(cap, sizeof *t->val);
    return t->key && t->val ? 0 : -1;
}

static void
table_free(table *t)
{
    free(t->key);
    free(t->val);
}

static int
cmp_count(const void *a, const void *b)
{
    const count *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return (x->rgb > y->rgb) - (x->rgb < y->rgb);
}

static uint32_t
rgb_of(const uint8_t *p)
{
    return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

/* The palette: the required colours, then the most frequent others. */
static int
build_palette(scm_image *const *frames, size_t n, const scm_rgba *must, size_t n_must,
              uint32_t pal[256], int *n_pal)
{
    table t;
    count *all;
    size_t f, i, k = 0;
    int m = 0, j;
    /* At most 2^24 colours; a quarter of that is plenty for frames. */
    if (table_init(&t, 1u << 22) != 0) {
        table_free(&t);
        return -1;
    }
    for (f = 0; f < n; f++)
        for (i = 0; i < (size_t)frames[f]->width * frames[f]->height; i++)
            if (t.n < t.cap / 2)
                (*slot(&t, rgb_of(frames[f]->rgba + 4 * i)))++;
    all = malloc(t.n * sizeof *all + 1);
    if (all == NULL) {
        table_free(&t);
        return -1;
    }
    for (i = 0; i < t.cap; i++)
        if (t.key[i] != 0)
            all[k++] = (count){t.key[i] - 1, t.val[i]};
    qsort(all, k, sizeof *all, cmp_count);
    for (i = 0; i < n_must && m < 256; i++) {
        uint32_t c = (uint32_t)must[i].r << 16 | (uint32_t)must[i].g << 8 | must[i].b;
        for (j = 0; j < m && pal[j] != c; j++)
            ;
        if (j == m)
            pal[m++] = c;
    }
    for (i = 0; i < k && m < 256; i++) {
        for (j = 0; j < m && pal[j] != all[i].rgb; j++)
            ;
        if (j == m)
            pal[m++] = all[i].rgb;
    }
    free(all);
    table_free(&t);
    *n_pal = m;
    return 0;
}

static int
nearest(const uint32_t *pal, int n, uint32_t c)
{
    int i, best = 0;
    long bd = -1;
    for (i = 0; i < n; i++) {
        long dr = (long)((pal[i] >> 16) & 255) - (long)((c >> 16) & 255);
        long dg = (long)((pal[i] >> 8) & 255) - (long)((c >> 8) & 255);
        long db = (long)(pal[i] & 255) - (long)(c & 255);
        long d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
        if (bd < 0 || d < bd) {
            bd = d;
            best = i;
        }
    }
    return best;
}

static int
put_loop(GifFileType *gif)
{
    static const GifByteType loop[3] = {1, 0, 0}; /* loop forever */
    return EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) != GIF_OK ||
           EGifPutExtensionBlock(gif, 11, "NETSCAPE2.0") != GIF_OK ||
           EGifPutExtensionBlock(gif, 3, loop) != GIF_OK || EGifPutExtensionTrailer(gif) != GIF_OK;
}

static int
put_frame(GifFileType *gif, const scm_image *img, const int *delay_cs, size_t f, table *map,
          const uint32_t *pal, int n_pal, GifPixelType *line)
{
    GraphicsControlBlock gcb = {DISPOSAL_UNSPECIFIED, false, delay_cs[f], NO_TRANSPARENT_COLOR};
    GifByteType ext[4];
    uint32_t x, y;
    EGifGCBToExtension(&gcb, ext);
    if (EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, 4, ext) != GIF_OK ||
        EGifPutImageDesc(gif, 0, 0, (int)img->width, (int)img->height, false, NULL) != GIF_OK)
        return -1;
    for (y = 0; y < img->height; y++) {
        for (x = 0; x < img->width; x++) {
            uint32_t c = rgb_of(img->rgba + 4 * ((size_t)y * img->width + x));
            size_t *v = slot(map, c);
            if (*v == 0)
                *v = (size_t)nearest(pal, n_pal, c) + 1;
            line[x] = (GifPixelType)(*v - 1);
        }
        if (EGifPutLine(gif, line, (int)img->width) != GIF_OK)
            return -1;
    }
    return 0;
}

scm_status
scm_gif_write(scm_ctx *ctx, const char *path, scm_image *const *frames, size_t n,
              const int *delay_cs, const scm_rgba *must, size_t n_must)
{
    char tmp[4096];
    uint32_t pal[256];
    GifColorType colors[256];
    ColorMapObject *cmap = NULL;
    GifFileType *gif = NULL;
    GifPixelType *line = NULL;
    table map = {0};
    int n_pal = 0, err = 0, i, bad;
    size_t f;
    if (n == 0)
        return scm__error(ctx, SCM_EINVAL, "%s: no frames", path);
    if (scm__tmp_path(tmp, sizeof tmp, path) != 0)
        return scm__error(ctx, SCM_EIO, "%s: the file name is too long", path);
    if (build_palette(frames, n, must, n_must, pal, &n_pal) != 0 || table_init(&map, 1u << 20) ||
        (line = malloc(frames[0]->width)) == NULL) {
        table_free(&map);
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
    }
    for (i = 0; i < 256; i++) {
        uint32_t c = i < n_pal ? pal[i] : 0;
        colors[i] = (GifColorType){(GifByteType)(c >> 16), (GifByteType)(c >> 8), (GifByteType)c};
    }
    cmap = GifMakeMapObject(256, colors);
    gif = EGifOpenFileName(tmp, false, &err);
    bad = cmap == NULL || gif == NULL;
    if (!bad) {
        EGifSetGifVersion(gif, true);
        bad = EGifPutScreenDesc(gif, (int)frames[0]->width, (int)frames[0]->height, 8, 0, cmap) !=
                  GIF_OK ||
              put_loop(gif);
    }
    for (f = 0; f < n && !bad; f++)
        bad = put_frame(gif, frames[f], delay_cs, f, &map, pal, n_pal, line) != 0;
    if (gif != NULL && EGifCloseFile(gif, &err) != GIF_OK)
        bad = 1;
    GifFreeMapObject(cmap);
    table_free(&map);
    free(line);
    if (!bad)
        chmod(tmp, 0644); /* giflib creates the file private */
    if (bad || rename(tmp, path) != 0) {
        remove(tmp);
        return scm__error(ctx, SCM_EIO, "%s: cannot write the GIF (%s)", path,
                          GifErrorString(err) ? GifErrorString(err) : "write failed");
    }
    return SCM_OK;
}
