/* SPDX-License-Identifier: MIT */
/* Choropleth drawing: land base, one path per class, outlines on top. */
#include "scmap/render.h"

#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "../core/core_private.h"
#include "render_private.h"

static void
set_color(cairo_t *cr, scm_rgba c)
{
    cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0);
}

/* The drawing area plus a margin, in the path's coordinates: geometry beyond it cannot
 * change a pixel of the canvas. */
typedef struct rect {
    double x0, y0, x1, y1;
} rect;

/* Clips n points (xy pairs) to one side of r: side 0..3 = left, right, top, bottom.
 * Returns the new count. Sutherland-Hodgman keeps the winding inside r exact. */
static size_t
clip_side(const double *in, size_t n, double *out, const rect *r, int side)
{
    size_t i, m = 0;
    int axis = side < 2 ? 0 : 1;
    double edge = side == 0 ? r->x0 : side == 1 ? r->x1 : side == 2 ? r->y0 : r->y1;
    for (i = 0; i < n; i++) {
        const double *a = in + 2 * (i == 0 ? n - 1 : i - 1), *b = in + 2 * i;
        int ain = side % 2 == 0 ? a[axis] >= edge : a[axis] <= edge;
        int bin = side % 2 == 0 ? b[axis] >= edge : b[axis] <= edge;
        if (ain != bin) {
            double t = (edge - a[axis]) / (b[axis] - a[axis]);
            out[2 * m + axis] = edge;
            out[2 * m + 1 - axis] = a[1 - axis] + t * (b[1 - axis] - a[1 - axis]);
            m++;
        }
        if (bin) {
            out[2 * m] = b[0];
            out[2 * m + 1] = b[1];
            m++;
        }
    }
    return m;
}

static void
add_points(cairo_t *cr, const double *xy, size_t n, double ox, double oy)
{
    size_t p;
    cairo_move_to(cr, xy[0] - ox, xy[1] - oy);
    for (p = 1; p < n; p++)
        cairo_line_to(cr, xy[2 * p] - ox, xy[2 * p + 1] - oy);
    cairo_close_path(cr);
}

static void
add_feature(scm_canvas *cv, const scm_geometry *g, size_t f, double ox, double oy, const rect *r)
{
    size_t ri, p;
    for (ri = g->feature_ring[f]; ri < g->feature_ring[f + 1]; ri++) {
        size_t p0 = g->ring_point[ri], n = g->ring_point[ri + 1] - p0;
        const double *xy = g->xy + 2 * p0;
        scm_bbox b = scm_bbox_empty();
        int side, cur = 0;
        if (n < 3)
            continue;
        for (p = 0; p < n; p++)
            scm_bbox_add_point(&b, xy[2 * p], xy[2 * p + 1]);
        /* A closed ring wholly outside adds no winding inside. */
        if (b.maxx < r->x0 || b.minx > r->x1 || b.maxy < r->y0 || b.miny > r->y1)
            continue;
        if (b.minx >= r->x0 && b.maxx <= r->x1 && b.miny >= r->y0 && b.maxy <= r->y1) {
            add_points(cv->cr, xy, n, ox, oy);
            continue;
        }
        /* Each side adds at most one point per crossing: 2n + 8 covers all four. */
        if (scm__grow(&cv->clip[0], &cv->clip_cap, 2 * (2 * n + 8), sizeof(double)) != 0 ||
            (cv->clip[1] = scm__reallocn(cv->clip[1], cv->clip_cap, sizeof(double))) == NULL) {
            add_points(cv->cr, xy, n, ox, oy); /* out of memory: draw it unclipped */
            continue;
        }
        memcpy(cv->clip[0], xy, 2 * n * sizeof(double));
        for (side = 0; side < 4 && n > 0; side++) {
            n = clip_side(cv->clip[cur], n, cv->clip[1 - cur], r, side);
            cur = 1 - cur;
        }
        if (n >= 3)
            add_points(cv->cr, cv->clip[cur], n, ox, oy);
    }
}

/* The outline of feature f as polylines of the segments marked in edge (all when edge is
 * NULL), leaving out segments that lie wholly outside r. */
static void
add_edges(cairo_t *cr, const scm_geometry *g, size_t f, const uint8_t *edge, double ox, double oy,
          const rect *r)
{
    size_t ri, p;
    for (ri = g->feature_ring[f]; ri < g->feature_ring[f + 1]; ri++) {
        size_t p0 = g->ring_point[ri], p1 = g->ring_point[ri + 1];
        int open = 0;
        if (p1 - p0 < 3)
            continue;
        for (p = p0; p < p1; p++) {
            size_t q = p + 1 < p1 ? p + 1 : p0;
            const double *a = g->xy + 2 * p, *b = g->xy + 2 * q;
            if ((edge != NULL && !edge[p]) || (a[0] < r->x0 && b[0] < r->x0) ||
                (a[0] > r->x1 && b[0] > r->x1) || (a[1] < r->y0 && b[1] < r->y0) ||
                (a[1] > r->y1 && b[1] > r->y1)) {
                open = 0;
                continue;
            }
            if (!open)
                cairo_move_to(cr, a[0] - ox, a[1] - oy);
            cairo_line_to(cr, b[0] - ox, b[1] - oy);
            open = 1;
        }
    }
}

static rect
reach(const scm_canvas *cv, const scm_fill_style *fs, double ox, double oy)
{
    double m = fs->outline_px + 2;
    return (rect){ox - m, oy - m, ox + cv->width + m, oy + cv->height + m};
}

static scm_status
cairo_result(scm_ctx *ctx, cairo_t *cr)
{
    cairo_status_t cs = cairo_status(cr);
    if (cs != CAIRO_STATUS_SUCCESS)
        return scm__error(ctx, SCM_ERENDER, "render: %s", cairo_status_to_string(cs));
    return SCM_OK;
}

scm_status
scm_canvas_draw_fills(scm_ctx *ctx, scm_canvas *cv, const scm_geometry *g, const size_t *features,
                      size_t n, const uint8_t *cls, const scm_fill_style *fs, double ox, double oy)
{
    cairo_t *cr = cv->cr;
    size_t i, c;
    rect r = reach(cv, fs, ox, oy);
    cairo_set_antialias(cr, fs->coarse_aa ? CAIRO_ANTIALIAS_FAST : CAIRO_ANTIALIAS_DEFAULT);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    cairo_new_path(cr);
    if (fs->outline_px <= 0 || fs->outline.a < 255) {
        /* Borders between classes would show the background through antialiasing. */
        for (i = 0; i < n; i++)
            add_feature(cv, g, features[i], ox, oy, &r);
        set_color(cr, fs->land);
        cairo_fill(cr);
    }
    for (c = 0; c < fs->n_classes; c++) {
        int any = 0;
        for (i = 0; i < n; i++)
            if (cls[features[i]] == c) {
                add_feature(cv, g, features[i], ox, oy, &r);
                any = 1;
            }
        if (!any)
            continue;
        set_color(cr, fs->class_color[c]);
        cairo_fill(cr);
    }
    return cairo_result(ctx, cr);
}

scm_status
scm_canvas_draw_outlines(scm_ctx *ctx, scm_canvas *cv, const scm_geometry *g,
                         const size_t *features, size_t n, const uint8_t *edge,
                         const scm_fill_style *fs, double ox, double oy)
{
    cairo_t *cr = cv->cr;
    size_t i;
    rect r = reach(cv, fs, ox, oy);
    if (fs->outline_px <= 0)
        return SCM_OK;
    cairo_set_antialias(cr, fs->coarse_aa ? CAIRO_ANTIALIAS_FAST : CAIRO_ANTIALIAS_DEFAULT);
    cairo_new_path(cr);
    for (i = 0; i < n; i++)
        add_edges(cr, g, features[i], edge, ox, oy, &r);
    set_color(cr, fs->outline);
    cairo_set_line_width(cr, fs->outline_px);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_BEVEL);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_stroke(cr);
    return cairo_result(ctx, cr);
}

scm_status
scm_canvas_draw_counties(scm_ctx *ctx, scm_canvas *cv, const scm_geometry *g,
                         const size_t *features, size_t n, const uint8_t *cls, const uint8_t *edge,
                         const scm_fill_style *fs, double ox, double oy)
{
    scm_status st = scm_canvas_draw_fills(ctx, cv, g, features, n, cls, fs, ox, oy);
    if (st == SCM_OK)
        st = scm_canvas_draw_outlines(ctx, cv, g, features, n, edge, fs, ox, oy);
    return st;
}

scm_status
scm_canvas_paint_mask(scm_ctx *ctx, scm_canvas *cv, const scm_canvas *mask, scm_rgba color)
{
    cairo_surface_flush(mask->surface);
    set_color(cv->cr, color);
    cairo_mask_surface(cv->cr, mask->surface, 0, 0);
    return cairo_result(ctx, cv->cr);
}

scm_status
scm_canvas_paint(scm_ctx *ctx, scm_canvas *cv, const scm_canvas *src)
{
    cairo_surface_flush(src->surface);
    cairo_set_source_surface(cv->cr, src->surface, 0, 0);
    cairo_paint(cv->cr);
    return cairo_result(ctx, cv->cr);
}

/* splitmix64's finaliser: snapped coordinates have all-zero low mantissa bits, so the bits
 * must be mixed before they index a table. */
scm_status
scm_canvas_draw_ids(scm_ctx *ctx, scm_canvas *cv, const scm_geometry *g, const size_t *features,
                    size_t n, double ox, double oy, double scale)
{
    cairo_t *cr = cv->cr;
    double m = 2;
    rect r = {ox - m, oy - m, ox + cv->width / scale + m, oy + cv->height / scale + m};
    size_t i;
    cairo_save(cr);
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    cairo_scale(cr, scale, scale);
    for (i = 0; i < n; i++) {
        size_t id = features[i] + 1;
        cairo_new_path(cr);
        add_feature(cv, g, features[i], ox, oy, &r);
        cairo_set_source_rgb(cr, (double)((id >> 16) & 255) / 255, (double)((id >> 8) & 255) / 255,
                             (double)(id & 255) / 255);
        cairo_fill(cr);
    }
    cairo_restore(cr);
    return cairo_result(ctx, cr);
}
