/* SPDX-License-Identifier: MIT */
/* Small multiples: every period of a style in one image, under one title with one legend, for
 * a slide or a printed page. The panels are frame.c's maps, drawn into smaller rectangles. */
#include "scmap/frame.h"

#include <math.h>
#include <string.h>

#include "../core/core_private.h"
#include "frame_private.h"

static scm_text_style
text_style(double size, int bold, scm_rgba color, double wrap)
{
    scm_text_style ts = {size, bold, color, wrap, SCM_ALIGN_LEFT};
    return ts;
}

/* The number of columns of n panels in a w x h area that draws the maps largest (the fewest
 * of equals), each map under a label label_h tall; the maps' width in *map_w. */
static size_t
best_cols(size_t n, double w, double h, double gap, double label_h, double aspect, double *map_w)
{
    size_t c, best = 1;
    *map_w = -1;
    for (c = 1; c <= n; c++) {
        size_t rows = (n + c - 1) / c;
        double cw = (w - gap * (double)(c - 1)) / (double)c;
        double ch = (h - gap * (double)(rows - 1)) / (double)rows - label_h;
        double mw = fmin(cw, ch * aspect);
        if (mw > *map_w + 0.5) {
            *map_w = mw;
            best = c;
        }
    }
    return best;
}

/* The title and subtitle at the top, the legend under them, the source and byline at the
 * bottom; returns the top and bottom of what is left for the panels. */
static void
draw_frame_text(scm_canvas *cv, const scm_timeline *tl, const scm_grid_opts *o, double u, double m,
                double *top, double *bottom)
{
    const scm_style *st = scm_timeline_style(tl);
    double w = o->width, y = m, used, tw = 0, th = 0, sw, sh;
    scm_text_style title = text_style(46 * u, 1, SCM__FRAME_INK, w - 2 * m);
    scm_text_style sub = text_style(24 * u, 0, SCM__FRAME_MUTED, w - 2 * m);
    scm_text_style src = text_style(18 * u, 0, SCM__FRAME_MUTED, w - 2 * m), by = src;
    y += scm_canvas_text(cv, m, y, scm_style_title(st, o->lang), &title);
    if (scm_style_subtitle(st, o->lang)[0])
        y += 8 * u + scm_canvas_text(cv, m, y + 8 * u, scm_style_subtitle(st, o->lang), &sub);
    y += 24 * u;
    y += scm__frames_legend(cv, tl, o->lang, NULL, o->note, m, y, w - 2 * m, 16, u, 1, &used);
    *top = y + 28 * u;
    by.align = SCM_ALIGN_RIGHT;
    by.wrap_px = 0;
    if (o->byline != NULL && o->byline[0]) {
        scm_canvas_text_size(cv, o->byline, &by, &tw, &th);
        scm_canvas_text(cv, w - m, o->height - m - th, o->byline, &by);
        src.wrap_px = fmax(w / 3, w - 2 * m - tw - 32 * u);
    }
    scm_canvas_text_size(cv, scm_style_source(st, o->lang), &src, &sw, &sh);
    scm_canvas_text(cv, m, o->height - m - sh, scm_style_source(st, o->lang), &src);
    *bottom = o->height - m - fmax(sh, th) - 28 * u;
}

/* The width of the maps of n panels in cols columns in a w x h area, each under a label
 * label_h tall, of aspect a. */
static double
map_width(size_t n, size_t cols, double w, double h, double gap, double label_h, double a)
{
    size_t rows = (n + cols - 1) / cols;
    return fmax(1, fmin((w - gap * (double)(cols - 1)) / (double)cols,
                        ((h - gap * (double)(rows - 1)) / (double)rows - label_h) * a));
}

/* Draws the panels, each its period label and running count over its map, in a grid that
 * spans the width between the margins m, from top to bottom. */
static scm_status
draw_panels(scm_ctx *ctx, const scm_frames *fr, scm_canvas *cv, const scm_grid_opts *o, double u,
            double m, double top, double bottom)
{
    const scm_timeline *tl = scm__frames_timeline(fr);
    size_t n = scm_timeline_n_periods(tl), k, cols, rows;
    double a = scm__frames_aspect(fr), gap = 24 * u, aw = o->width - 2 * m, ah = bottom - top;
    double pw, ph, cw_max = 0, tw, th, label_h, mw, x0, y0, gap_x, gap_y, cell_h;
    scm_text_style per = text_style(24 * u, 1, SCM__FRAME_INK, 0);
    scm_text_style count = text_style(16 * u, 0, SCM__FRAME_MUTED, 0);
    char period[96];
    scm_status rc = SCM_OK;
    scm_canvas_text_size(cv, "2010 Q3", &per, &pw, &ph);
    scm_canvas_text_size(cv, "658", &count, &tw, &th);
    label_h = ph + th + 8 * u;
    cols = o->cols > 0 ? (o->cols < n ? o->cols : n) : best_cols(n, aw, ah, gap, label_h, a, &mw);
    rows = (n + cols - 1) / cols;
    mw = map_width(n, cols, aw, ah, gap, label_h, a);
    /* The running counts, one size for all panels: as large as lets the longest fit on one
     * line, down to four fifths; smaller would not read in print, so they wrap instead. */
    for (k = 0; k < n; k++) {
        scm_canvas_text_size(cv, scm_timeline_count_line(tl, k, o->lang), &count, &tw, &th);
        cw_max = fmax(cw_max, tw);
    }
    if (cw_max > mw) {
        count.size_px *= fmax(0.8, 0.97 * mw / cw_max);
        if (0.97 * mw / cw_max < 0.8) {
            count.wrap_px = mw;
            label_h += th;
            mw = map_width(n, cols, aw, ah, gap, label_h, a);
        }
    }
    /* The columns span the width between the margins, flush with the title and the legend;
     * the rows spread over the height, up to three gaps apart, and centre in what is left. */
    cell_h = mw / a + label_h;
    gap_x = cols > 1 ? (aw - mw * (double)cols) / (double)(cols - 1) : 0;
    x0 = cols > 1 ? m : m + (aw - mw) / 2;
    gap_y = rows > 1 ? fmin(3 * gap, (ah - cell_h * (double)rows) / (double)(rows - 1)) : 0;
    y0 = top + (ah - (cell_h * (double)rows + gap_y * (double)(rows - 1))) / 2;
    for (k = 0; k < n && rc == SCM_OK; k++) {
        double x = x0 + (double)(k % cols) * (mw + gap_x);
        double y = y0 + (double)(k / cols) * (cell_h + gap_y);
        /* Lines thin with the map, as a frame's would look shrunk to this size: county
         * outlines go, the state lines stay. */
        double r[4] = {x, y + label_h, mw, mw / a}, lu = fmax(0.5, mw / 1230);
        scm_canvas_text(cv, x, y, scm_timeline_period_label(tl, k, o->lang, period), &per);
        scm_canvas_text(cv, x, y + ph + 2 * u, scm_timeline_count_line(tl, k, o->lang), &count);
        rc = scm__frames_draw_map(ctx, fr, cv, r, lu, 1, k, 1);
    }
    return rc;
}

scm_status
scm_frames_grid(scm_ctx *ctx, const scm_frames *fr, const scm_grid_opts *o, scm_surface_kind kind,
                const char *path, scm_image *img)
{
    scm_canvas *cv = NULL;
    double u = fmin(o->width, o->height) / 1080.0, m = 48 * u, top, bottom;
    scm_status rc;
    if (o->width < 320 || o->height < 320 || o->width > 8000 || o->height > 8000)
        return scm__error(ctx, SCM_EINVAL, "grid: size %ux%u is outside 320-8000 pixels", o->width,
                          o->height);
    if ((rc = scm_canvas_new_surface(ctx, kind, path, o->width, o->height, &cv)) != SCM_OK)
        return rc;
    scm_canvas_fill(cv, SCM__FRAME_BG);
    draw_frame_text(cv, scm__frames_timeline(fr), o, u, m, &top, &bottom);
    rc = draw_panels(ctx, fr, cv, o, u, m, top, bottom);
    return scm__frames_finish(ctx, cv, kind, img, rc);
}
