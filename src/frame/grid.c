/* SPDX-License-Identifier: MIT */
/* Small multiples: every period of a style in one image, under one title with one legend, for
 * a slide or a printed page. The panels are frame.c's maps, drawn into smaller rectangles;
 * the first carries the state abbreviations as a key. */
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

/* The title and subtitle at the top, the legend under them; returns where the panels may
 * begin. */
static double
draw_head(scm_canvas *cv, const scm_timeline *tl, const scm_grid_opts *o, double u, double m)
{
    const scm_style *st = scm_timeline_style(tl);
    double w = o->width, y = m, used;
    scm_text_style title = text_style(46 * u, 1, SCM__FRAME_INK, w - 2 * m);
    scm_text_style sub = text_style(24 * u, 0, SCM__FRAME_MUTED, w - 2 * m);
    y += scm_canvas_text(cv, m, y, scm_style_title(st, o->lang), &title);
    if (scm_style_subtitle(st, o->lang)[0])
        y += 8 * u + scm_canvas_text(cv, m, y + 8 * u, scm_style_subtitle(st, o->lang), &sub);
    y += 24 * u;
    y += scm__frames_legend(cv, tl, o->lang, NULL, o->note, m, y, w - 2 * m, 16, u, 1, &used);
    return y + 28 * u;
}

/* The source (with credit after it, unless NULL) and the byline at the bottom, drawn when draw
 * is set; returns where the panels must end. */
static double
draw_foot(scm_canvas *cv, const scm_timeline *tl, const scm_grid_opts *o, double u, double m,
          const char *credit, int draw)
{
    const scm_style *st = scm_timeline_style(tl);
    double w = o->width, tw = 0, th = 0, sw, sh;
    scm_text_style src = text_style(18 * u, 0, SCM__FRAME_MUTED, w - 2 * m), by = src;
    char source[2048];
    scm__snprintf_utf8(source, sizeof source, "%s%s%s", scm_style_source(st, o->lang),
                       credit ? ". " : "", credit ? credit : "");
    by.align = SCM_ALIGN_RIGHT;
    by.wrap_px = 0;
    if (o->byline != NULL && o->byline[0]) {
        scm_canvas_text_size(cv, o->byline, &by, &tw, &th);
        if (draw)
            scm_canvas_text(cv, w - m, o->height - m - th, o->byline, &by);
        src.wrap_px = fmax(w / 3, w - 2 * m - tw - 32 * u);
    }
    scm_canvas_text_size(cv, source, &src, &sw, &sh);
    if (draw)
        scm_canvas_text(cv, m, o->height - m - sh, source, &src);
    return o->height - m - fmax(sh, th) - 28 * u;
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

/* Where the panels go. */
typedef struct panels {
    size_t n, cols, rows;
    size_t best_cols; /* the columns that draw the maps largest, that wide: */
    double best_mw;
    double mw, a;                /* the maps' width, and their width over height */
    double ph, label_h;          /* the period label's height; it and the count line's */
    double x0, y0, gap_x, gap_y; /* the first panel's top left, the gaps between panels */
    double cell_h;
    scm_text_style per, count;
} panels;

/* Lays out the panels in the grid that spans the width between the margins m, from top to
 * bottom. */
static void
layout_panels(scm_canvas *cv, const scm_frames *fr, const scm_grid_opts *o, double u, double m,
              double top, double bottom, panels *p)
{
    const scm_timeline *tl = scm__frames_timeline(fr);
    double gap = 24 * u, aw = o->width - 2 * m, ah = bottom - top, pw, tw, th, cw_max = 0;
    size_t k, n = scm_timeline_n_periods(tl);
    p->n = n;
    p->a = scm__frames_aspect(fr);
    p->per = text_style(24 * u, 1, SCM__FRAME_INK, 0);
    p->count = text_style(16 * u, 0, SCM__FRAME_MUTED, 0);
    scm_canvas_text_size(cv, "2010 Q3", &p->per, &pw, &p->ph);
    scm_canvas_text_size(cv, "658", &p->count, &tw, &th);
    p->label_h = p->ph + th + 8 * u;
    p->best_cols = best_cols(n, aw, ah, gap, p->label_h, p->a, &p->best_mw);
    p->cols = o->cols > 0 ? (o->cols < n ? o->cols : n) : p->best_cols;
    p->rows = (n + p->cols - 1) / p->cols;
    p->mw = map_width(n, p->cols, aw, ah, gap, p->label_h, p->a);
    /* The running counts, one size for all panels: as large as lets the longest fit on one
     * line, down to four fifths; smaller would not read in print, so they wrap instead. */
    for (k = 0; k < n; k++) {
        scm_canvas_text_size(cv, scm_timeline_count_line(tl, k, o->lang), &p->count, &tw, &th);
        cw_max = fmax(cw_max, tw);
    }
    if (cw_max > p->mw) {
        p->count.size_px *= fmax(0.8, 0.97 * p->mw / cw_max);
        if (0.97 * p->mw / cw_max < 0.8) {
            p->count.wrap_px = p->mw;
            p->label_h += th;
            p->mw = map_width(n, p->cols, aw, ah, gap, p->label_h, p->a);
        }
    }
    /* The columns span the width between the margins, flush with the title and the legend,
     * up to three gaps apart (four periods of a wide slide are two columns of maps as tall as
     * the rows allow: spread out, they would stand at the two edges); the rows spread over
     * the height alike. The block centres in what is left. */
    p->cell_h = p->mw / p->a + p->label_h;
    p->gap_x =
        p->cols > 1 ? fmin(3 * gap, (aw - p->mw * (double)p->cols) / (double)(p->cols - 1)) : 0;
    p->x0 = m + (aw - (p->mw * (double)p->cols + p->gap_x * (double)(p->cols - 1))) / 2;
    p->gap_y =
        p->rows > 1 ? fmin(3 * gap, (ah - p->cell_h * (double)p->rows) / (double)(p->rows - 1)) : 0;
    p->y0 = top + (ah - (p->cell_h * (double)p->rows + p->gap_y * (double)(p->rows - 1))) / 2;
}

/* Labels of small multiples, decided by looking at 1920x1080, 1080x1350 and a Letter page.
 * There 15 to 18 panels have maps of 180 to 280 px (at a 1080-px unit): they hold bold state
 * abbreviations of 10 px, less would not read on a slide or in print, and 18 copies of the
 * same words would bury the colours, so the first panel alone carries them, as a key. Names
 * would crowd out half the states; abbreviations leave the small map its colours. From maps
 * of 600 px up (a few periods, or a page shaped to them) every panel is labelled, and there is room
 * for the cities, at no less than 10 px either. Under 5 px (an image under 540 px on its
 * short side) no name reads at all, and none is drawn. */
#define LABEL_MIN_PX  10.0
#define LABEL_ALL_MAP 600.0
#define LABEL_NONE_PX 5.0

/* Whether every panel is labelled, and the cities drawn. */
static int
panels_large(const panels *p, double u)
{
    return p->mw >= LABEL_ALL_MAP * u;
}

/* The labels of a panel over its map r (x, y, w, h), kept inside r. */
static scm_status
draw_panel_labels(scm_ctx *ctx, const scm_frames *fr, scm_canvas *cv, const scm_grid_opts *o,
                  double u, const double r[4], int large, int cities)
{
    /* Around r, frame-wide (x, y, w, h): above it the period label and count line, beside
     * and below it the next panels. */
    const double out[16] = {
        0,           0,           o->width, r[1],      /* above */
        0,           r[1] + r[3], o->width, o->height, /* below */
        0,           0,           r[0],     o->height, /* left */
        r[0] + r[2], 0,           o->width, o->height, /* right */
    };
    /* The labels' unit: state abbreviations at 15 of it, city names at 13, scaled with the
     * map (a frame's map is about 1200 px at unit 1), neither under LABEL_MIN_PX. */
    double lu = fmax(LABEL_MIN_PX / (cities ? 13 : 15) * u, fmin(u, r[2] / 1200));
    /* A leader line across a small map would point from the far side of it: a label that
     * finds no sea near its state is left out. */
    scm__label_view v = {NULL,      NULL, NULL,    out, 4, o->width,
                         o->height, lu,   o->lang, 0,   1, large ? 0 : r[2] / 8};
    return scm__frames_draw_labels(ctx, fr, cv, r, &v, cities);
}

/* Draws the panels, each its period label and running count over its map, labelled as
 * draw_panel_labels says: the first, or all when large; the cities when cities is set. */
static scm_status
draw_panels(scm_ctx *ctx, const scm_frames *fr, scm_canvas *cv, const scm_grid_opts *o, double u,
            const panels *p, int cities, double step)
{
    const scm_timeline *tl = scm__frames_timeline(fr);
    int large = panels_large(p, u);
    char period[96];
    size_t k;
    scm_status rc = SCM_OK;
    for (k = 0; k < p->n && rc == SCM_OK; k++) {
        double x = p->x0 + (double)(k % p->cols) * (p->mw + p->gap_x);
        double y = p->y0 + (double)(k / p->cols) * (p->cell_h + p->gap_y);
        /* Lines thin with the map, as a frame's would look shrunk to this size: county
         * outlines go, the state lines stay. */
        double r[4] = {x, y + p->label_h, p->mw, p->mw / p->a}, lu = fmax(0.5, p->mw / 1230);
        scm_canvas_text(cv, x, y, scm_timeline_period_label(tl, k, o->lang, period), &p->per);
        scm_canvas_text(cv, x, y + p->ph + 2 * u, scm_timeline_count_line(tl, k, o->lang),
                        &p->count);
        rc = scm__frames_draw_map(ctx, fr, cv, r, lu, step, k, 1);
        if (rc == SCM_OK && (k == 0 || large) && LABEL_MIN_PX * u >= LABEL_NONE_PX)
            rc = draw_panel_labels(ctx, fr, cv, o, u, r, large, cities && large);
    }
    return rc;
}

scm_status
scm_frames_grid(scm_ctx *ctx, const scm_frames *fr, const scm_grid_opts *o, scm_surface_kind kind,
                const char *path, scm_image *img)
{
    const scm_timeline *tl = scm__frames_timeline(fr);
    const char *credit = scm__frames_credit(fr, o->lang);
    scm_canvas *cv = NULL;
    double u = fmin(o->width, o->height) / 1080.0, m = 48 * u, top;
    panels p;
    scm_status rc;
    if (o->width < 320 || o->height < 320 || o->width > 8000 || o->height > 8000)
        return scm__error(ctx, SCM_EINVAL, "grid: size %ux%u is outside 320-8000 pixels", o->width,
                          o->height);
    if ((rc = scm_canvas_new_surface(ctx, kind, path, o->width, o->height, &cv)) != SCM_OK)
        return rc;
    scm_canvas_fill(cv, SCM__FRAME_BG);
    top = draw_head(cv, tl, o, u, m);
    /* The source credits the city names only where the panels are large enough to draw
     * them: laid out with the credit first, to see. */
    if (credit != NULL) {
        layout_panels(cv, fr, o, u, m, top, draw_foot(cv, tl, o, u, m, credit, 0), &p);
        if (!panels_large(&p, u))
            credit = NULL;
    }
    layout_panels(cv, fr, o, u, m, top, draw_foot(cv, tl, o, u, m, credit, 1), &p);
    /* Columns that shrink the maps to under half their best width leave panels too small for
     * their own period label and count: 1 of 18 draws no map at all. */
    if (p.mw < p.best_mw / 2) {
        rc = scm__error(ctx, SCM_EINVAL,
                        "grid: %zu column%s of %zu periods leave%s maps %.0f px wide at %ux%u; "
                        "%zu draw them %.0f px wide (leave --cols out to get them)",
                        p.cols, p.cols == 1 ? "" : "s", p.n, p.cols == 1 ? "s" : "", p.mw, o->width,
                        o->height, p.best_cols, p.best_mw);
        return scm__frames_finish(ctx, cv, kind, img, rc);
    }
    /* Points snap to the pixels of a PNG, and of an SVG for the screen; a PDF is printed, and
     * on a grid of whole points its coasts showed steps at 300 dpi. A quarter point is about
     * a printer's dot: the Letter page of 18 maps goes from 1.3 to 4 MB. */
    rc = draw_panels(ctx, fr, cv, o, u, &p, credit != NULL, kind == SCM_SURFACE_PDF ? 0.25 : 1);
    return scm__frames_finish(ctx, cv, kind, img, rc);
}
