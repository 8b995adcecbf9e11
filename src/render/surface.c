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

scm_status
scm_canvas_new(scm_ctx *ctx, uint32_t w, uint32_t h, scm_canvas **out)
{
    scm_canvas *cv;
    *out = NULL;
    cv = calloc(1, sizeof *cv);
    if (cv == NULL)
        return scm__error(ctx, SCM_ENOMEM, "canvas: out of memory");
    cv->surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)w, (int)h);
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
scm_canvas_new_surface(scm_ctx *ctx, scm_surface_kind kind, const char *path, uint32_t w,
                       uint32_t h, scm_canvas **out)
{
    scm_canvas *cv;
    scm_status st;
    if (kind == SCM_SURFACE_IMAGE)
        return scm_canvas_new(ctx, w, h, out);
    *out = NULL;
    cv = calloc(1, sizeof *cv);
    if (cv == NULL)
        return scm__error(ctx, SCM_ENOMEM, "canvas: out of memory");
    cv->surface = kind == SCM_SURFACE_SVG ? cairo_svg_surface_create(path, w, h)
                                          : cairo_pdf_surface_create(path, w, h);
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
    cairo_status_t cs = cairo_status(cv->cr);
    cairo_surface_finish(cv->surface);
    if (cs == CAIRO_STATUS_SUCCESS)
        cs = cairo_surface_status(cv->surface);
    if (cs != CAIRO_STATUS_SUCCESS)
        return scm__error(ctx, SCM_ERENDER, "render: %s", cairo_status_to_string(cs));
    return SCM_OK;
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
    uint32_t y;
    cairo_surface_flush(cv->surface);
    data = cairo_image_surface_get_data(cv->surface);
    stride = cairo_image_surface_get_stride(cv->surface);
    for (y = 0; y < cv->height; y++)
        memset(data + (size_t)y * (size_t)stride, 0, (size_t)cv->width * 4);
    cairo_surface_mark_dirty(cv->surface);
}

void
scm_canvas_read(const scm_canvas *cv, uint32_t x0, uint32_t y0, scm_image *img, int *empty)
{
    const uint8_t *data;
    int stride;
    uint32_t x, y, any = 0;
    cairo_surface_flush(cv->surface);
    data = cairo_image_surface_get_data(cv->surface);
    stride = cairo_image_surface_get_stride(cv->surface);
    for (y = 0; y < img->height; y++) {
        const uint32_t *src = (const uint32_t *)(data + (size_t)(y0 + y) * (size_t)stride) + x0;
        uint8_t *dst = img->rgba + (size_t)y * img->width * 4;
        for (x = 0; x < img->width; x++, dst += 4) {
            uint32_t p = src[x], a = p >> 24;
            any |= a;
            if (a == 255) {
                dst[0] = (uint8_t)(p >> 16);
                dst[1] = (uint8_t)(p >> 8);
                dst[2] = (uint8_t)p;
                dst[3] = 255;
            } else if (a == 0) {
                dst[0] = dst[1] = dst[2] = dst[3] = 0;
            } else {
                dst[0] = (uint8_t)((((p >> 16) & 255) * 255 + a / 2) / a);
                dst[1] = (uint8_t)((((p >> 8) & 255) * 255 + a / 2) / a);
                dst[2] = (uint8_t)(((p & 255) * 255 + a / 2) / a);
                dst[3] = (uint8_t)a;
            }
        }
    }
    *empty = any == 0;
}
