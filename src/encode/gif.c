/* SPDX-License-Identifier: MIT */
/* Animated GIF through giflib: one global palette known before the first frame, the given
 * colours exactly and mixes of pairs of them, every other colour mapped to its nearest entry
 * (no dithering). */
#define _POSIX_C_SOURCE 200809L
#include "scmap/encode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gif_lib.h>

#include "../core/core_private.h"

typedef struct table {
    uint32_t *key; /* rgb + 1, 0 = empty */
    size_t *val;
    size_t cap, n;
} table;

struct scm_gif {
    char *path;
    scm__atomic out;
    GifFileType *gif; /* NULL until the first frame is written */
    table map;        /* colour -> palette index + 1, filled as frames are written */
    uint32_t pal[256];
    int n_pal;
    uint32_t width, height;
    GifPixelType *line;
};

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

static uint32_t
rgb_of(const uint8_t *p)
{
    return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

/* Appends c to the palette unless it is there or the palette is full. */
static void
pal_add(uint32_t *pal, int *m, uint32_t c)
{
    int j;
    for (j = 0; j < *m && pal[j] != c; j++)
        ;
    if (j == *m && *m < 256)
        pal[(*m)++] = c;
}

static uint32_t
mix(uint32_t a, uint32_t b, double t)
{
    uint32_t c = 0;
    int sh;
    for (sh = 16; sh >= 0; sh -= 8) {
        double x = (double)((a >> sh) & 255), y = (double)((b >> sh) & 255);
        c |= (uint32_t)(x + (y - x) * t + 0.5) << sh;
    }
    return c;
}

/* The palette: the exact colours, then in the slots left, for each pair of the first n_mix,
 * the same number of evenly spaced mixes (the antialiased edges and text between them).
 * Frames drawn from these colours need no census of their pixels: the palette is known
 * before the first frame, so frames are drawn and written once. */
static void
build_palette(const scm_rgba *exact, size_t n_exact, size_t n_mix, uint32_t pal[256], int *n_pal)
{
    uint32_t base[256];
    int m = 0, nb = 0, i, j, l, levels, pairs;
    for (i = 0; i < (int)n_exact; i++) {
        uint32_t c = (uint32_t)exact[i].r << 16 | (uint32_t)exact[i].g << 8 | exact[i].b;
        pal_add(pal, &m, c);
        if ((size_t)i < n_mix)
            pal_add(base, &nb, c);
    }
    pairs = nb * (nb - 1) / 2;
    levels = pairs > 0 ? (256 - m) / pairs : 0;
    levels = levels < 1 ? 1 : levels;
    for (i = 0; i < nb; i++)
        for (j = i + 1; j < nb; j++)
            for (l = 1; l <= levels; l++)
                pal_add(pal, &m, mix(base[i], base[j], (double)l / (levels + 1)));
    *n_pal = m;
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
put_frame(scm_gif *g, const scm_image *img, int delay_cs)
{
    GraphicsControlBlock gcb = {DISPOSAL_UNSPECIFIED, false, delay_cs, NO_TRANSPARENT_COLOR};
    GifByteType ext[4];
    uint32_t x, y;
    EGifGCBToExtension(&gcb, ext);
    if (EGifPutExtension(g->gif, GRAPHICS_EXT_FUNC_CODE, 4, ext) != GIF_OK ||
        EGifPutImageDesc(g->gif, 0, 0, (int)img->width, (int)img->height, false, NULL) != GIF_OK)
        return -1;
    for (y = 0; y < img->height; y++) {
        for (x = 0; x < img->width; x++) {
            uint32_t c = rgb_of(img->rgba + 4 * ((size_t)y * img->width + x));
            /* Past half full, the table would slow down; the rare colour is then looked up. */
            size_t *v = g->map.n < g->map.cap / 2 ? slot(&g->map, c) : NULL;
            int idx = v != NULL && *v != 0 ? (int)*v - 1 : nearest(g->pal, g->n_pal, c);
            if (v != NULL)
                *v = (size_t)idx + 1;
            g->line[x] = (GifPixelType)idx;
        }
        if (EGifPutLine(g->gif, g->line, (int)img->width) != GIF_OK)
            return -1;
    }
    return 0;
}

/* giflib's output function: bytes go to the temporary file, whose errno is kept. */
static int
write_out(GifFileType *gif, const GifByteType *p, int n)
{
    scm_gif *g = gif->UserData;
    return scm__atomic_write(&g->out, p, (size_t)n) == 0 ? n : 0;
}

/* A giflib failure: the file's errno when a write failed, else giflib's words. */
static scm_status
gif_error(scm_ctx *ctx, scm_gif *g, int err)
{
    if (g->gif != NULL)
        EGifCloseFile(g->gif, NULL);
    g->gif = NULL;
    if (g->out.err != 0)
        return scm__atomic_commit(ctx, &g->out);
    scm__atomic_abort(&g->out);
    return scm__error(ctx, SCM_EIO, "%s: cannot write the GIF (%s)", g->path,
                      GifErrorString(err) ? GifErrorString(err) : "giflib failed");
}

scm_status
scm_gif_new(scm_ctx *ctx, const char *path, uint32_t w, uint32_t h, const scm_rgba *exact,
            size_t n_exact, size_t n_mix, scm_gif **out)
{
    scm_gif *g = calloc(1, sizeof *g);
    *out = NULL;
    if (g == NULL || (g->path = scm__strdup(path)) == NULL ||
        (g->line = malloc((size_t)w + 1)) == NULL || table_init(&g->map, 1u << 20) != 0) {
        scm_gif_free(g);
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
    }
    if (w == 0 || h == 0 || w > 65535 || h > 65535) {
        scm_gif_free(g);
        return scm__error(ctx, SCM_EINVAL, "%s: a GIF of %ux%u pixels cannot be", path, w, h);
    }
    build_palette(exact, n_exact, n_mix, g->pal, &g->n_pal);
    g->width = w;
    g->height = h;
    *out = g;
    return SCM_OK;
}

static scm_status
check_size(scm_ctx *ctx, const scm_gif *g, const scm_image *img)
{
    if (img->width != g->width || img->height != g->height)
        return scm__error(ctx, SCM_EINVAL, "%s: a frame of %ux%u in a GIF of %ux%u", g->path,
                          img->width, img->height, g->width, g->height);
    return SCM_OK;
}

/* Writes the header, under the temporary name. */
static scm_status
start(scm_ctx *ctx, scm_gif *g)
{
    GifColorType colors[256];
    ColorMapObject *cmap;
    int i, err = 0, bad;
    scm_status s;
    for (i = 0; i < 256; i++) {
        uint32_t c = i < g->n_pal ? g->pal[i] : 0;
        colors[i] = (GifColorType){(GifByteType)(c >> 16), (GifByteType)(c >> 8), (GifByteType)c};
    }
    if ((s = scm__atomic_begin(ctx, &g->out, g->path, 1)) != SCM_OK)
        return s;
    if ((cmap = GifMakeMapObject(256, colors)) == NULL ||
        (g->gif = EGifOpen(g, write_out, &err)) == NULL) {
        GifFreeMapObject(cmap);
        return gif_error(ctx, g, err ? err : E_GIF_ERR_NOT_ENOUGH_MEM);
    }
    EGifSetGifVersion(g->gif, true);
    bad = EGifPutScreenDesc(g->gif, (int)g->width, (int)g->height, 8, 0, cmap) != GIF_OK ||
          put_loop(g->gif);
    GifFreeMapObject(cmap);
    return bad ? gif_error(ctx, g, g->gif->Error) : SCM_OK;
}

scm_status
scm_gif_put(scm_ctx *ctx, scm_gif *g, const scm_image *img, int delay_cs)
{
    scm_status s = check_size(ctx, g, img);
    if (s == SCM_OK && g->gif == NULL)
        s = start(ctx, g);
    if (s == SCM_OK && put_frame(g, img, delay_cs) != 0)
        s = gif_error(ctx, g, g->gif->Error);
    return s;
}

scm_status
scm_gif_finish(scm_ctx *ctx, scm_gif *g)
{
    int err = 0;
    GifFileType *gif = g->gif;
    if (gif == NULL)
        return scm__error(ctx, SCM_EINVAL, "%s: no frames", g->path);
    g->gif = NULL;
    if (EGifCloseFile(gif, &err) != GIF_OK)
        return gif_error(ctx, g, err);
    return scm__atomic_commit(ctx, &g->out);
}

void
scm_gif_free(scm_gif *g)
{
    if (g == NULL)
        return;
    if (g->gif != NULL)
        EGifCloseFile(g->gif, NULL);
    scm__atomic_abort(&g->out);
    table_free(&g->map);
    free(g->line);
    free(g->path);
    free(g);
}
