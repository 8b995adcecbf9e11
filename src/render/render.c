/* SPDX-License-Identifier: MIT */
/* Choropleth drawing: land base, one path per class, outlines on top. */
#include "scmap/render.h"

#include <cairo.h>

#include "../core/core_private.h"
#include "render_private.h"

static void
set_color(cairo_t *cr, scm_rgba c)
{
    cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0);
}

static void
add_feature(cairo_t *cr, const scm_geometry *g, size_t f, double ox, double oy)
{
    size_t r, p;
    for (r = g->feature_ring[f]; r < g->feature_ring[f + 1]; r++) {
        size_t p0 = g->ring_point[r], p1 = g->ring_point[r + 1];
        if (p1 - p0 < 3)
            continue;
        cairo_move_to(cr, g->xy[2 * p0] - ox, g->xy[2 * p0 + 1] - oy);
        for (p = p0 + 1; p < p1; p++)
            cairo_line_to(cr, g->xy[2 * p] - ox, g->xy[2 * p + 1] - oy);
        cairo_close_path(cr);
    }
}

scm_status
scm_canvas_draw_counties(scm_ctx *ctx, scm_canvas *cv, const scm_geometry *g,
                         const size_t *features, size_t n, const uint8_t *cls,
                         const scm_fill_style *fs, double ox, double oy)
{
    cairo_t *cr = cv->cr;
    size_t i, c;
    cairo_status_t cs;
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    cairo_new_path(cr);
    for (i = 0; i < n; i++)
        add_feature(cr, g, features[i], ox, oy);
    set_color(cr, fs->land);
    cairo_fill(cr);
    for (c = 0; c < fs->n_classes; c++) {
        int any = 0;
        for (i = 0; i < n; i++)
            if (cls[features[i]] == c) {
                add_feature(cr, g, features[i], ox, oy);
                any = 1;
            }
        if (!any)
            continue;
        set_color(cr, fs->class_color[c]);
        cairo_fill(cr);
    }
    if (fs->outline_px > 0) {
        for (i = 0; i < n; i++)
            add_feature(cr, g, features[i], ox, oy);
        set_color(cr, fs->outline);
        cairo_set_line_width(cr, fs->outline_px);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_BEVEL);
        cairo_stroke(cr);
    }
    cs = cairo_status(cr);
    if (cs != CAIRO_STATUS_SUCCESS)
        return scm__error(ctx, SCM_ERENDER, "render: %s", cairo_status_to_string(cs));
    return SCM_OK;
}
