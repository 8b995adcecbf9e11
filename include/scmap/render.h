/* SPDX-License-Identifier: MIT */
/* Drawing counties with Cairo onto a canvas, and reading pixels back as scm_image. */
#ifndef SCMAP_RENDER_H
#define SCMAP_RENDER_H

#include "scmap/core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct scm_canvas scm_canvas;

/* A transparent raster canvas of w x h pixels. */
scm_status scm_canvas_new(scm_ctx *ctx, uint32_t w, uint32_t h, scm_canvas **out);
/* A canvas that keeps only coverage (alpha): drawn once, painted many times through
 * scm_canvas_paint_mask. */
scm_status scm_canvas_new_mask(scm_ctx *ctx, uint32_t w, uint32_t h, scm_canvas **out);
void scm_canvas_free(scm_canvas *cv);
void scm_canvas_clear(scm_canvas *cv);

typedef struct scm_fill_style {
    scm_rgba land;     /* under every county: borders between classes never show through */
    scm_rgba outline;  /* county borders */
    double outline_px; /* 0: none */
    const scm_rgba *class_color;
    size_t n_classes;
    int coarse_aa; /* 4 x 4 antialiasing: fewer edge colours, so more tiles fit a palette */
} scm_fill_style;

/* Draws the listed features of g (pixel coordinates, y down, minus origin_x/origin_y) with
 * the colour of class cls[f] for feature f: the land base (when there is no outline to cover
 * the borders), every class as one path (so no seams between counties of a class), then the
 * outlines. edge[p], when edge is not NULL, says whether the segment from point p to the
 * next is stroked: a border shared by two counties is then stroked once. */
scm_status scm_canvas_draw_counties(scm_ctx *ctx, scm_canvas *cv, const scm_geometry *g,
                                    const size_t *features, size_t n, const uint8_t *cls,
                                    const uint8_t *edge, const scm_fill_style *fs, double origin_x,
                                    double origin_y);
/* The two halves of scm_canvas_draw_counties: the land base and class fills, then the
 * outlines. Outlines do not change with the classes: tiles draw them once into a mask. */
scm_status scm_canvas_draw_fills(scm_ctx *ctx, scm_canvas *cv, const scm_geometry *g,
                                 const size_t *features, size_t n, const uint8_t *cls,
                                 const scm_fill_style *fs, double origin_x, double origin_y);
scm_status scm_canvas_draw_outlines(scm_ctx *ctx, scm_canvas *cv, const scm_geometry *g,
                                    const size_t *features, size_t n, const uint8_t *edge,
                                    const scm_fill_style *fs, double origin_x, double origin_y);
/* Paints color over cv wherever mask (of cv's size) has coverage, in proportion to it. */
scm_status scm_canvas_paint_mask(scm_ctx *ctx, scm_canvas *cv, const scm_canvas *mask,
                                 scm_rgba color);

/* Paints src (of cv's size) over cv. */
scm_status scm_canvas_paint(scm_ctx *ctx, scm_canvas *cv, const scm_canvas *src);

/* Draws the listed features of g without antialiasing, each in the colour that encodes its
 * index plus one (r = bits 16-23, g = 8-15, b = 0-7), at `scale` times the coordinates:
 * a picking layer in which every pixel names one county exactly. */
scm_status scm_canvas_draw_ids(scm_ctx *ctx, scm_canvas *cv, const scm_geometry *g,
                               const size_t *features, size_t n, double origin_x, double origin_y,
                               double scale);

typedef enum scm_surface_kind {
    SCM_SURFACE_IMAGE, /* raster, read back with scm_canvas_read */
    SCM_SURFACE_SVG,   /* vector, written to a file by scm_canvas_finish */
    SCM_SURFACE_PDF
} scm_surface_kind;

/* A canvas on an SVG or PDF file (or an image, path NULL), width x height in pixels
 * (points for PDF). The file is written under a temporary name beside path and appears at
 * path only when scm_canvas_finish succeeds; scm_canvas_free removes it otherwise, and what
 * path held before stays. SCM_EIO if the file cannot be created. */
scm_status scm_canvas_new_surface(scm_ctx *ctx, scm_surface_kind kind, const char *path, uint32_t w,
                                  uint32_t h, scm_canvas **out);
/* Completes a vector file and renames it onto its path. SCM_EIO naming the file and the
 * reason ("No space left on device") when it could not be written whole. */
scm_status scm_canvas_finish(scm_ctx *ctx, scm_canvas *cv);
/* Paints the whole canvas one colour. */
void scm_canvas_fill(scm_canvas *cv, scm_rgba color);
void scm_canvas_rect(scm_canvas *cv, double x, double y, double w, double h, scm_rgba color);

typedef enum scm_text_align { SCM_ALIGN_LEFT, SCM_ALIGN_RIGHT } scm_text_align;

typedef struct scm_text_style {
    double size_px;
    int bold;
    scm_rgba color;
    double wrap_px; /* wrap at words beyond this width; 0: one line */
    scm_text_align align;
} scm_text_style;

/* Size of text (UTF-8) as it would be drawn, through Pango with DejaVu Sans. */
void scm_canvas_text_size(scm_canvas *cv, const char *text, const scm_text_style *ts, double *w,
                          double *h);
/* Draws text with its top-left corner (top-right for SCM_ALIGN_RIGHT) at x, y; returns its
 * height. */
double scm_canvas_text(scm_canvas *cv, double x, double y, const char *text,
                       const scm_text_style *ts);

/* Draws text as scm_canvas_text does over a halo: its outline stroked halo_px wide in halo
 * (a path, not text, so that SVG and PDF hold the words once). Returns its height. */
double scm_canvas_text_halo(scm_canvas *cv, double x, double y, const char *text,
                            const scm_text_style *ts, scm_rgba halo, double halo_px);
/* A straight line width_px wide. */
void scm_canvas_line(scm_canvas *cv, double x0, double y0, double x1, double y1, double width_px,
                     scm_rgba color);
/* A disc of radius r filled with fill, ringed ring_px wide in ring. */
void scm_canvas_dot(scm_canvas *cv, double x, double y, double r, scm_rgba fill, scm_rgba ring,
                    double ring_px);

/* Copies the img->width x img->height window at (x, y) of an scm_canvas_new canvas into img
 * as straight RGBA.
 * *empty is set when every pixel of the window is fully transparent. */
void scm_canvas_read(const scm_canvas *cv, uint32_t x, uint32_t y, scm_image *img, int *empty);
/* An scm_canvas_new canvas of im's size as palette indices in first-met order; 0 when it has
 * more than 256 colours. */
int scm_canvas_read_indexed(const scm_canvas *cv, scm_indexed *im);

#ifdef __cplusplus
}
#endif
#endif
