/* SPDX-License-Identifier: MIT */
/* The canvas: a Cairo image surface. Cairo's premultiplied, native-endian ARGB32 becomes
 * straight RGBA here and nowhere else. */
#include "scmap/render.h"

#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "../core/core_private.h"
#include "render_private.h"

static scm_status
canvas_new(scm_ctx *ctx, cairo_format_t format, uint32_t w, uint32_t h, scm_canvas **out)
{
    scm_canvas *cv;
    *out = NULL;
    cv = calloc(1, sizeof *cv);
    if (cv == NULL)
        return scm__error(ctx, SCM_ENOMEM, "canvas: out of memory");
    cv->surface = cairo_image_surface_create(format, (int)w, (int)h);
    if (cairo_surface_status(cv->surface) != CAIRO_STATUS_SUCCESS) {
        scm_status st = scm__error(ctx, SCM_ENOMEM, "canvas %ux%u: %s", w, h,
                                   cairo_status_to_string(cairo_surface_status(cv->surface)));
        cairo_surface_destroy(cv->surface);
        free(cv);
        return st;
    }
    cv->cr = cairo_create(cv->surface);
    cv->width = w;
    cv->height = h;
    *out = cv;
    return SCM_OK;
}

scm_status
scm_canvas_new(scm_ctx *ctx, uint32_t w, uint32_t h, scm_canvas **out)
{
    return canvas_new(ctx, CAIRO_FORMAT_ARGB32, w, h, out);
}

scm_status
scm_canvas_new_mask(scm_ctx *ctx, uint32_t w, uint32_t h, scm_canvas **out)
{
    return canvas_new(ctx, CAIRO_FORMAT_A8, w, h, out);
}

static const cairo_user_data_key_t ATOMIC_KEY;

/* Cairo's write function for SVG and PDF: the file's errno is kept, so that a full disk is
 * reported as such and not as Cairo's "error while writing to output stream". */
static cairo_status_t
write_out(void *closure, const unsigned char *data, unsigned int len)
{
    return scm__atomic_write(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS
                                                      : CAIRO_STATUS_WRITE_ERROR;
}

/* Runs when the surface dies: a file not committed by scm_canvas_finish is removed. */
static void
drop_out(void *closure)
{
    scm__atomic_abort(closure);
    free(closure);
}

scm_status
scm_canvas_new_surface(scm_ctx *ctx, scm_surface_kind kind, const char *path, uint32_t w,
                       uint32_t h, scm_canvas **out)
{
    scm_canvas *cv;
    scm__atomic *a;
    scm_status st;
    if (kind == SCM_SURFACE_IMAGE)
        return scm_canvas_new(ctx, w, h, out);
    *out = NULL;
    cv = calloc(1, sizeof *cv);
    a = malloc(sizeof *a);
    if (cv == NULL || a == NULL) {
        free(cv);
        free(a);
        return scm__error(ctx, SCM_ENOMEM, "canvas: out of memory");
    }
    if ((st = scm__atomic_begin(ctx, a, path, 1)) != SCM_OK) {
        free(cv);
        free(a);
        return st;
    }
    cv->surface = kind == SCM_SURFACE_SVG ? cairo_svg_surface_create_for_stream(write_out, a, w, h)
                                          : cairo_pdf_surface_create_for_stream(write_out, a, w, h);
    if (cairo_surface_set_user_data(cv->surface, &ATOMIC_KEY, a, drop_out) !=
        CAIRO_STATUS_SUCCESS) {
        /* Only an error surface refuses user data; its status says why. */
        drop_out(a);
    }
    if (cairo_surface_status(cv->surface) != CAIRO_STATUS_SUCCESS) {
        st = scm__error(ctx, SCM_EIO, "%s: cannot write: %s", path,
                        cairo_status_to_string(cairo_surface_status(cv->surface)));
        cairo_surface_destroy(cv->surface);
        free(cv);
        return st;
    }
    if (kind == SCM_SURFACE_PDF)
        /* No creation date: the same map gives the same bytes. */
        cairo_pdf_surface_set_metadata(cv->surface, CAIRO_PDF_METADATA_CREATE_DATE, "");
    cv->cr = cairo_create(cv->surface);
    cv->width = w;
    cv->height = h;
    cv->vector = 1;
    *out = cv;
    return SCM_OK;
}

scm_status
scm_canvas_finish(scm_ctx *ctx, scm_canvas *cv)
{
    scm__atomic *a = cairo_surface_get_user_data(cv->surface, &ATOMIC_KEY);
    cairo_status_t cs = cairo_status(cv->cr);
    cairo_surface_finish(cv->surface);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_status(cv->surface);
    if (cs != CAIRO_STATUS_SUCCESS && (a == NULL || a->err == 0))
        return scm__error(ctx, SCM_ERENDER, "%s: %s", a != NULL ? a->path : "render",
                          cairo_status_to_string(cs));
    /* A write error is the file's: commit reports it with its errno and removes the file. */
    return a != NULL ? scm__atomic_commit(ctx, a) : SCM_OK;
}

void
scm_canvas_free(scm_canvas *cv)
{
    if (cv == NULL)
        return;
    cairo_destroy(cv->cr);
    cairo_surface_destroy(cv->surface);
    free(cv->clip[0]);
    free(cv->clip[1]);
    free(cv);
}

void
scm_canvas_clear(scm_canvas *cv)
{
    uint8_t *data;
    int stride;
    cairo_surface_flush(cv->surface);
    data = cairo_image_surface_get_data(cv->surface);
    stride = cairo_image_surface_get_stride(cv->surface);
    memset(data, 0, (size_t)cv->height * (size_t)stride);
    cairo_surface_mark_dirty(cv->surface);
}

/* Cairo's premultiplied native-endian ARGB as straight 0xRRGGBBAA. */
static inline uint32_t
straight(uint32_t p)
{
    uint32_t a = p >> 24, r = (p >> 16) & 255, g = (p >> 8) & 255, b = p & 255;
    if (a == 255 || a == 0)
        return r << 24 | g << 16 | b << 8 | a;
    r = (r * 255 + a / 2) / a;
    g = (g * 255 + a / 2) / a;
    b = (b * 255 + a / 2) / a;
    return r << 24 | g << 16 | b << 8 | a;
}

void
scm_canvas_read(const scm_canvas *cv, uint32_t x0, uint32_t y0, scm_image *img, int *empty)
{
    const uint8_t *data;
    int stride;
    uint32_t x, y, any = 0, last, p;
    uint8_t out[4];
    cairo_surface_flush(cv->surface);
    data = cairo_image_surface_get_data(cv->surface);
    stride = cairo_image_surface_get_stride(cv->surface);
    memcpy(&last, data + (size_t)y0 * (size_t)stride + 4 * (size_t)x0, 4);
    last = ~last; /* differs from the first pixel, so that it is converted */
    for (y = 0; y < img->height; y++) {
        const uint8_t *src = data + (size_t)(y0 + y) * (size_t)stride + 4 * (size_t)x0;
        uint8_t *dst = img->rgba + (size_t)y * img->width * 4;
        for (x = 0; x < img->width; x++, dst += 4) {
            memcpy(&p, src + 4 * x, 4);
            /* Runs of one colour are converted once. */
            if (p != last) {
                uint32_t c = straight(p);
                last = p;
                any |= c;
                out[0] = (uint8_t)(c >> 24);
                out[1] = (uint8_t)(c >> 16);
                out[2] = (uint8_t)(c >> 8);
                out[3] = (uint8_t)c;
            }
            memcpy(dst, out, 4);
        }
    }
    *empty = any == 0;
}

int
scm_canvas_read_indexed(const scm_canvas *cv, scm_indexed *im)
{
    const uint8_t *data;
    size_t stride;
    uint32_t x, y, w = im->width, h = im->height, last;
    uint64_t last2;
    int last_i;
    scm__palette pal;
    cairo_surface_flush(cv->surface);
    data = cairo_image_surface_get_data(cv->surface);
    stride = (size_t)cairo_image_surface_get_stride(cv->surface);
    scm__palette_init(&pal, im);
    memcpy(&last, data, 4);
    if ((last_i = scm__palette_index(&pal, im, straight(last))) < 0)
        return 0;
    last2 = (uint64_t)last << 32 | last;
    for (y = 0; y < h; y++) {
        const uint8_t *src = data + y * stride;
        uint8_t *dst = im->index + (size_t)y * w;
        for (x = 0; x < w;) {
            uint64_t a, b, c, d;
            uint32_t p;
            /* Fills are long runs of one colour: pass over them 8 pixels at a time. */
            if (x + 8 <= w) {
                memcpy(&a, src + 4 * x, 8);
                memcpy(&b, src + 4 * x + 8, 8);
                memcpy(&c, src + 4 * x + 16, 8);
                memcpy(&d, src + 4 * x + 24, 8);
                if (((a ^ last2) | (b ^ last2) | (c ^ last2) | (d ^ last2)) == 0) {
                    memset(dst + x, last_i, 8);
                    x += 8;
                    continue;
                }
            }
            memcpy(&p, src + 4 * x, 4);
            if (p != last) {
                last = p;
                last2 = (uint64_t)p << 32 | p;
                if ((last_i = scm__palette_index(&pal, im, straight(p))) < 0)
                    return 0;
            }
            dst[x++] = (uint8_t)last_i;
        }
    }
    return 1;
}
