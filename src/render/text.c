/* SPDX-License-Identifier: MIT */
/* Text and plain shapes for frames and still maps: Pango lays out, Cairo draws. */
#include "scmap/render.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#include "../core/core_private.h"
#include "render_private.h"

static void
set_color(cairo_t *cr, scm_rgba c)
{
    cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0);
}

void
scm_canvas_fill(scm_canvas *cv, scm_rgba color)
{
    cairo_save(cv->cr);
    cairo_reset_clip(cv->cr);
    set_color(cv->cr, color);
    cairo_paint(cv->cr);
    cairo_restore(cv->cr);
}

void
scm_canvas_rect(scm_canvas *cv, double x, double y, double w, double h, scm_rgba color)
{
    cairo_new_path(cv->cr);
    cairo_rectangle(cv->cr, x, y, w, h);
    set_color(cv->cr, color);
    cairo_fill(cv->cr);
}

static PangoLayout *
layout(scm_canvas *cv, const char *text, const scm_text_style *ts)
{
    PangoLayout *l = pango_cairo_create_layout(cv->cr);
    PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans");
    cairo_font_options_t *fo = cairo_font_options_create();
    /* No hinting: text is laid out alike in PNG, SVG and PDF, and at every size. */
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(pango_layout_get_context(l), fo);
    pango_layout_context_changed(l);
    cairo_font_options_destroy(fo);
    pango_font_description_set_absolute_size(fd, ts->size_px * PANGO_SCALE);
    pango_font_description_set_weight(fd, ts->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (ts->wrap_px > 0) {
        pango_layout_set_width(l, (int)(ts->wrap_px * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    }
    pango_layout_set_alignment(l,
                               ts->align == SCM_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    if (g_utf8_validate(text, -1, NULL)) {
        pango_layout_set_text(l, text, -1);
    } else {
        /* Pango would warn on stderr and drop the text: show what is readable instead. */
        char *ok = g_utf8_make_valid(text, -1);
        pango_layout_set_text(l, ok, -1);
        g_free(ok);
    }
    return l;
}

void
scm_canvas_text_size(scm_canvas *cv, const char *text, const scm_text_style *ts, double *w,
                     double *h)
{
    PangoLayout *l = layout(cv, text, ts);
    PangoRectangle ink, logical;
    pango_layout_get_pixel_extents(l, &ink, &logical);
    *w = logical.width;
    *h = logical.height;
    g_object_unref(l);
}

double
scm_canvas_text(scm_canvas *cv, double x, double y, const char *text, const scm_text_style *ts)
{
    PangoLayout *l = layout(cv, text, ts);
    PangoRectangle ink, logical;
    pango_layout_get_pixel_extents(l, &ink, &logical);
    cairo_save(cv->cr);
    set_color(cv->cr, ts->color);
    cairo_move_to(cv->cr, ts->align == SCM_ALIGN_RIGHT ? x - logical.width - logical.x : x, y);
    pango_cairo_show_layout(cv->cr, l);
    cairo_restore(cv->cr);
    g_object_unref(l);
    return logical.height;
}

double
scm_canvas_text_halo(scm_canvas *cv, double x, double y, const char *text, const scm_text_style *ts,
                     scm_rgba halo, double halo_px)
{
    PangoLayout *l = layout(cv, text, ts);
    PangoRectangle ink, logical;
    pango_layout_get_pixel_extents(l, &ink, &logical);
    cairo_save(cv->cr);
    cairo_new_path(cv->cr);
    cairo_move_to(cv->cr, ts->align == SCM_ALIGN_RIGHT ? x - logical.width - logical.x : x, y);
    pango_cairo_layout_path(cv->cr, l);
    cairo_set_line_join(cv->cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_width(cv->cr, halo_px);
    set_color(cv->cr, halo);
    cairo_stroke(cv->cr);
    cairo_restore(cv->cr);
    g_object_unref(l);
    return scm_canvas_text(cv, x, y, text, ts);
}

void
scm_canvas_line(scm_canvas *cv, double x0, double y0, double x1, double y1, double width_px,
                scm_rgba color)
{
    cairo_save(cv->cr);
    cairo_new_path(cv->cr);
    cairo_move_to(cv->cr, x0, y0);
    cairo_line_to(cv->cr, x1, y1);
    cairo_set_line_width(cv->cr, width_px);
    cairo_set_line_cap(cv->cr, CAIRO_LINE_CAP_ROUND);
    set_color(cv->cr, color);
    cairo_stroke(cv->cr);
    cairo_restore(cv->cr);
}

void
scm_canvas_dot(scm_canvas *cv, double x, double y, double r, scm_rgba fill, scm_rgba ring,
               double ring_px)
{
    cairo_save(cv->cr);
    cairo_new_path(cv->cr);
    cairo_arc(cv->cr, x, y, r, 0, 2 * G_PI);
    set_color(cv->cr, fill);
    cairo_fill_preserve(cv->cr);
    cairo_set_line_width(cv->cr, ring_px);
    set_color(cv->cr, ring);
    cairo_stroke(cv->cr);
    cairo_restore(cv->cr);
}
