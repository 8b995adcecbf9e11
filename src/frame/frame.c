/* SPDX-License-Identifier: MIT */
/* Frames and still maps: layout and legend around the composite. Their words (period label,
 * count line, class labels, alt text) come written from the timeline. */
#include "scmap/frame.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scmap/project.h"

#include "../core/core_private.h"
#include "frame_private.h"

#define MAX_FRAME_CLASSES 255
/* Overlays kept per frames object, and the largest kept (a 4K frame, 33 MB). */
#define N_OVERLAYS     8
#define OVERLAY_MAX_PX (3840u * 2160u)

/* What no period changes on a map drawn as pixels: the county outlines, the state lines and,
 * when no callout moves them, the labels. Stroking the outlines alone was a fifth of a 1080p
 * frame, so they are drawn once per size and painted over each frame's fills. Kept per thread:
 * Cairo and pixman do not share a surface between threads. */
typedef struct overlay {
    pthread_t owner;
    uint32_t width, height;
    scm_lang lang;
    int labels; /* the labels are in it */
    char *note, *byline;
    scm_canvas *cv;
} overlay;

struct scm_frames {
    const scm_timeline *tl;
    scm_geometry *g; /* composite, metres, y up */
    uint8_t *edge;
    size_t *draw; /* features on the map */
    size_t n_draw;
    scm_bbox fit;
    scm_geometry *states; /* composite, as g; NULL when the style draws none */
    uint8_t *border;      /* per point of states: the segment is a border of two states */
    size_t *state_draw;
    size_t n_state_draw;
    char crs[256];          /* a region edition's fitted Albers; "" for the US composite */
    char (*state_codes)[3]; /* per feature of states */
    scm__labels *labels;
    pthread_mutex_t lock; /* of the overlays */
    overlay overlays[N_OVERLAYS];
    size_t n_overlays;
};

void
scm_frames_free(scm_frames *fr)
{
    if (fr == NULL)
        return;
    scm_geometry_free(fr->g);
    free(fr->edge);
    free(fr->draw);
    scm_geometry_free(fr->states);
    free(fr->border);
    free(fr->state_draw);
    free(fr->state_codes);
    scm__labels_free(fr->labels);
    for (size_t i = 0; i < fr->n_overlays; i++) {
        free(fr->overlays[i].note);
        free(fr->overlays[i].byline);
        scm_canvas_free(fr->overlays[i].cv);
    }
    pthread_mutex_destroy(&fr->lock);
    free(fr);
}

/* Projects g (in crs) for the map: the features of inset SCM_INSET_NONE stay as they are (leave
 * them out). The US composite, or in a region edition the Albers fitted to the area. */
static scm_status
frame_project(scm_ctx *ctx, const scm_frames *fr, const scm_geometry *g, const char *crs,
              const uint8_t *inset, scm_geometry **out)
{
    uint8_t *mask;
    size_t f;
    scm_status st;
    if (fr->crs[0] == '\0')
        return scm_project_us_composite(ctx, g, crs, inset, out);
    if ((mask = malloc(g->n_features + 1)) == NULL)
        return scm__error(ctx, SCM_ENOMEM, "frames: out of memory");
    for (f = 0; f < g->n_features; f++)
        mask[f] = inset[f] != SCM_INSET_NONE;
    st = scm_project_features(ctx, g, crs, fr->crs, mask, out);
    free(mask);
    return st;
}

/* The state outlines on the composite, once per frames object (dissolving the 1:5m counties
 * takes about 0.7 s), with only the segments that two states share marked for drawing: along
 * the coast and the borders with Canada and Mexico the county outlines already run, and a
 * second, heavier line there would double them. */
static scm_status
states_new(scm_ctx *ctx, scm_frames *fr, const scm_shapes *sh)
{
    scm_geometry *st = NULL;
    char(*codes)[3] = NULL;
    uint8_t *inset = NULL;
    size_t f, p;
    scm_status rc = scm_states_from_shapes(ctx, sh, &st, &codes);
    if (rc == SCM_OK && (inset = malloc(st->n_features + 1)) == NULL)
        rc = scm__error(ctx, SCM_ENOMEM, "frames: out of memory");
    for (f = 0; rc == SCM_OK && f < st->n_features; f++) {
        char fips[6] = {codes[f][0], codes[f][1], '0', '0', '0', '\0'};
        inset[f] = (uint8_t)scm_inset_of(fips);
    }
    if (rc == SCM_OK)
        rc = frame_project(ctx, fr, st, scm_shapes_crs(sh), inset, &fr->states);
    if (rc == SCM_OK &&
        ((fr->border = malloc(fr->states->n_points + 1)) == NULL ||
         (fr->state_draw = scm__mallocn(st->n_features + 1, sizeof(size_t))) == NULL))
        rc = scm__error(ctx, SCM_ENOMEM, "frames: out of memory");
    if (rc == SCM_OK)
        rc = scm_geometry_mark_edges(ctx, fr->states, fr->border);
    /* mark_edges keeps the first of two equal segments: the second exists only where two
     * states meet. */
    for (p = 0; rc == SCM_OK && p < fr->states->n_points; p++)
        fr->border[p] = !fr->border[p];
    for (f = 0; rc == SCM_OK && f < st->n_features; f++)
        if (inset[f] != SCM_INSET_NONE)
            fr->state_draw[fr->n_state_draw++] = f;
    scm_geometry_free(st);
    fr->state_codes = codes;
    free(inset);
    return rc;
}

/* A region edition: only the area's counties are drawn (the rest would fall outside the map
 * panel, and a pale ring cut by its edge reads as a mistake), in an Albers fitted to them. */
static scm_status
region_setup(scm_ctx *ctx, scm_frames *fr, uint8_t *inset)
{
    const uint8_t *mask = scm_timeline_region(fr->tl);
    const scm_shapes *sh = scm_dataset_shapes(scm_timeline_dataset(fr->tl));
    size_t f;
    if (mask == NULL)
        return SCM_OK;
    for (f = 0; f < scm_shapes_count(sh); f++)
        if (!mask[f])
            inset[f] = SCM_INSET_NONE;
    return scm_project_fit_albers(ctx, scm_shapes_geometry(sh), scm_shapes_crs(sh), mask, fr->crs);
}

/* Places (n points, one feature each, in the shapes' CRS) onto the map in place: onto the
 * composite projected with the counties (the insets are placed by the bounds of all that is
 * projected), or in a region edition into its fitted Albers. */
static scm_status
project_points(scm_ctx *ctx, const scm_frames *fr, const scm_shapes *sh, scm_geometry *pts,
               const uint8_t *pts_inset)
{
    const scm_geometry *src = scm_shapes_geometry(sh);
    size_t n = fr->crs[0] ? 0 : src->n_features, f;
    uint8_t *inset = malloc(n + pts->n_features);
    scm_geometry *all = NULL, *c = NULL;
    scm_status rc =
        fr->crs[0] ? scm_geometry_copy(ctx, pts, &all) : scm__geometry_join(ctx, src, pts, &all);
    if (rc == SCM_OK && inset == NULL)
        rc = scm__error(ctx, SCM_ENOMEM, "frames: out of memory");
    for (f = 0; rc == SCM_OK && f < all->n_features; f++)
        inset[f] = f < n ? (uint8_t)scm_inset_of(scm_shapes_fips(sh, f)) : pts_inset[f - n];
    if (rc == SCM_OK)
        rc = frame_project(ctx, fr, all, scm_shapes_crs(sh), inset, &c);
    if (rc == SCM_OK) {
        memcpy(pts->xy, c->xy + 2 * (n ? src->n_points : 0), 2 * pts->n_points * sizeof(double));
        scm_geometry_update_bbox(pts);
    }
    scm_geometry_free(all);
    scm_geometry_free(c);
    free(inset);
    return rc;
}

/* The labels of the style, once per frames object: the state label points, and the city
 * points on the map. A region edition names its cities alone, those in its counties: its
 * title names the state, and a lone state name over the map would say it again. */
static scm_status
labels_new(scm_ctx *ctx, scm_frames *fr, const scm_shapes *sh)
{
    const scm_style *st = scm_timeline_style(fr->tl);
    scm_map_labels which = scm_style_map_labels(st);
    const uint8_t *inset;
    scm_geometry *cities;
    scm_status rc;
    if (which == SCM_LABELS_NONE)
        return SCM_OK;
    if (fr->crs[0])
        which = (which & SCM_LABELS_CITIES) || scm_style_places(st) ? SCM_LABELS_CITIES
                                                                    : SCM_LABELS_NONE;
    if (which == SCM_LABELS_NONE)
        return SCM_OK;
    rc = scm__labels_new(ctx, which, scm_style_places(st), sh, scm_timeline_region(fr->tl),
                         fr->states, (const char(*)[3])fr->state_codes, fr->state_draw,
                         fr->n_state_draw, &fr->labels);
    if (rc == SCM_OK && (cities = scm__labels_cities(fr->labels, &inset)) != NULL)
        rc = project_points(ctx, fr, sh, cities, inset);
    return rc;
}

scm_status
scm_frames_new(scm_ctx *ctx, const scm_timeline *tl, scm_frames **out)
{
    const scm_shapes *sh = scm_dataset_shapes(scm_timeline_dataset(tl));
    const scm_geometry *src = scm_shapes_geometry(sh);
    size_t f, n = src->n_features;
    uint8_t *inset = malloc(n + 1);
    scm_frames *fr = calloc(1, sizeof *fr);
    scm_status st;
    *out = NULL;
    if (inset == NULL || fr == NULL) {
        free(inset);
        free(fr);
        return scm__error(ctx, SCM_ENOMEM, "frames: out of memory");
    }
    fr->tl = tl;
    pthread_mutex_init(&fr->lock, NULL);
    for (f = 0; f < n; f++)
        inset[f] = (uint8_t)scm_inset_of(scm_shapes_fips(sh, f));
    st = region_setup(ctx, fr, inset);
    if (st == SCM_OK)
        st = frame_project(ctx, fr, src, scm_shapes_crs(sh), inset, &fr->g);
    if (st == SCM_OK && ((fr->edge = malloc(fr->g->n_points + 1)) == NULL ||
                         (fr->draw = scm__mallocn(n, sizeof *fr->draw)) == NULL))
        st = scm__error(ctx, SCM_ENOMEM, "frames: out of memory");
    if (st == SCM_OK)
        st = scm_geometry_mark_edges(ctx, fr->g, fr->edge);
    if (st == SCM_OK) {
        scm_bbox b = scm_bbox_empty();
        for (f = 0; f < n; f++) {
            const scm_bbox *fb = &fr->g->bbox[f];
            if (inset[f] == SCM_INSET_NONE || fb->minx > fb->maxx)
                continue;
            fr->draw[fr->n_draw++] = f;
            scm_bbox_union(&b, fb);
        }
        fr->fit = b;
    }
    free(inset);
    /* A region edition draws no state lines: where the area ends, its county outlines do. */
    if (st == SCM_OK && fr->crs[0] == '\0' &&
        (scm_style_states_width(scm_timeline_style(tl)) > 0 ||
         scm_style_map_labels(scm_timeline_style(tl)) != SCM_LABELS_NONE))
        st = states_new(ctx, fr, sh);
    if (st == SCM_OK)
        st = labels_new(ctx, fr, sh);
    if (st != SCM_OK) {
        scm_frames_free(fr);
        return st;
    }
    *out = fr;
    return SCM_OK;
}

/* The colour of an in-between frame t of the way from a to b. */
static scm_rgba
blend(scm_rgba a, scm_rgba b, double t)
{
    return (scm_rgba){(uint8_t)lround(a.r + (b.r - a.r) * t),
                      (uint8_t)lround(a.g + (b.g - a.g) * t),
                      (uint8_t)lround(a.b + (b.b - a.b) * t), 255};
}

/* Classes of the frame: the period's, and for an in-between frame extra classes that blend
 * an old colour into a new one. */
static size_t
frame_classes(const scm_frames *fr, size_t k, double t, uint8_t *cls, scm_rgba *colors)
{
    const scm_timeline *tl = fr->tl;
    const uint8_t *now = scm_timeline_classes(tl, k);
    const uint8_t *before = k > 0 && t < 1 ? scm_timeline_classes(tl, k - 1) : NULL;
    size_t nc = scm_timeline_n_classes(tl), n = nc, c, i;
    uint8_t pair[16][16];
    memset(pair, 0, sizeof pair);
    for (c = 0; c < nc; c++)
        colors[c] = scm_timeline_class_color(tl, c);
    for (i = 0; i < scm_timeline_n_counties(tl); i++) {
        cls[i] = now[i];
        if (before == NULL || before[i] == now[i] || nc > 16)
            continue;
        if (pair[before[i]][now[i]] == 0 && n < MAX_FRAME_CLASSES) {
            colors[n] = blend(colors[before[i]], colors[now[i]], t);
            pair[before[i]][now[i]] = (uint8_t)n++;
        }
        if (pair[before[i]][now[i]] != 0)
            cls[i] = pair[before[i]][now[i]];
    }
    return n;
}

typedef scm__layout layout;

#define LEGEND_MAX_COLS 16

static scm_text_style
text_style(double size, int bold, scm_rgba color, double wrap)
{
    scm_text_style ts = {size, bold, color, wrap, SCM_ALIGN_LEFT};
    return ts;
}

/* Snaps the points of g (pixels) to a grid of step px and drops each point that repeats the
 * one before it, its segment's flag in edge (one per point) going to the point kept: a map
 * drawn small keeps no more points than it can show (18 panels of the 1:5m counties made a
 * 167 MB SVG). Neighbours snap their shared points alike, so no seam opens between them. */
static void
thin(scm_geometry *g, uint8_t *edge, double step)
{
    size_t r, p, n = 0;
    for (r = 0; r < g->n_rings; r++) {
        size_t p0 = g->ring_point[r], p1 = g->ring_point[r + 1], start = n;
        g->ring_point[r] = start;
        for (p = p0; p < p1; p++) {
            double x = round(g->xy[2 * p] / step) * step, y = round(g->xy[2 * p + 1] / step) * step;
            if (n > start && x == g->xy[2 * (n - 1)] && y == g->xy[2 * (n - 1) + 1]) {
                edge[n - 1] = edge[p];
                continue;
            }
            g->xy[2 * n] = x;
            g->xy[2 * n + 1] = y;
            edge[n++] = edge[p];
        }
        /* A last point back on the first closes the ring with a segment of no length. */
        if (n - start > 1 && g->xy[2 * (n - 1)] == g->xy[2 * start] &&
            g->xy[2 * (n - 1) + 1] == g->xy[2 * start + 1])
            n--;
    }
    g->ring_point[g->n_rings] = n;
    g->n_points = n;
}

/* A copy of g (composite metres) in the pixels of the rectangle r (x, y, w, h), fitted and
 * centred, with a copy of its per-point flags in *flags_out; thinned to a grid of step px
 * when step > 0. */
static scm_status
to_pixels(scm_ctx *ctx, const scm_frames *fr, const scm_geometry *g, const uint8_t *flags,
          const double r[4], double step, scm_geometry **out, uint8_t **flags_out)
{
    double bw = fr->fit.maxx - fr->fit.minx, bh = fr->fit.maxy - fr->fit.miny;
    double s = fmin(r[2] / bw, r[3] / bh);
    double ox = r[0] + (r[2] - bw * s) / 2, oy = r[1] + (r[3] - bh * s) / 2;
    size_t p;
    scm_status rc = scm_geometry_copy(ctx, g, out);
    if (rc != SCM_OK)
        return rc;
    if (flags != NULL && (*flags_out = malloc(g->n_points + 1)) == NULL) {
        scm_geometry_free(*out);
        *out = NULL;
        return scm__error(ctx, SCM_ENOMEM, "frames: out of memory");
    }
    if (flags != NULL)
        memcpy(*flags_out, flags, g->n_points);
    for (p = 0; p < g->n_points; p++) {
        (*out)->xy[2 * p] = ox + (g->xy[2 * p] - fr->fit.minx) * s;
        (*out)->xy[2 * p + 1] = oy + (fr->fit.maxy - g->xy[2 * p + 1]) * s;
    }
    if (step > 0)
        thin(*out, *flags_out, step);
    scm_geometry_update_bbox(*out);
    return SCM_OK;
}

/* The borders between states, over the counties' fills and outlines. */
static scm_status
draw_states(scm_ctx *ctx, const scm_frames *fr, scm_canvas *cv, const double r[4], double u,
            double step)
{
    const scm_style *st = scm_timeline_style(fr->tl);
    scm_fill_style fs = {0};
    scm_geometry *g = NULL;
    uint8_t *border = NULL;
    scm_status rc;
    if (fr->states == NULL || scm_style_states_width(st) <= 0) /* kept for the labels alone */
        return SCM_OK;
    if ((rc = to_pixels(ctx, fr, fr->states, fr->border, r, step, &g, &border)) != SCM_OK)
        return rc;
    /* A casing in the county outline colour, so that the line reads on dark classes too. */
    fs.outline = scm_style_outline_color(st);
    fs.outline_px = (scm_style_states_width(st) + 2 * scm_style_outline_width(st)) * u;
    rc = scm_canvas_draw_outlines(ctx, cv, g, fr->state_draw, fr->n_state_draw, border, &fs, 0, 0);
    fs.outline = scm_style_states_color(st);
    fs.outline_px = scm_style_states_width(st) * u;
    if (rc == SCM_OK)
        rc = scm_canvas_draw_outlines(ctx, cv, g, fr->state_draw, fr->n_state_draw, border, &fs, 0,
                                      0);
    scm_geometry_free(g);
    free(border);
    return rc;
}

const scm_timeline *
scm__frames_timeline(const scm_frames *fr)
{
    return fr->tl;
}

double
scm__frames_aspect(const scm_frames *fr)
{
    double a = (fr->fit.maxx - fr->fit.minx) / (fr->fit.maxy - fr->fit.miny);
    return isfinite(a) && a > 0 ? a : 1.6; /* no county to draw: any shape will do */
}

enum { MAP_FILLS = 1, MAP_LINES = 2 };

/* The parts of scm__frames_draw_map: the fills of period k, the county outlines and the state
 * lines. */
static scm_status
draw_map_parts(scm_ctx *ctx, const scm_frames *fr, scm_canvas *cv, const double r[4], double u,
               double step, size_t k, double t, int parts)
{
    const scm_style *st = scm_timeline_style(fr->tl);
    scm_geometry *g = NULL;
    scm_rgba colors[MAX_FRAME_CLASSES + 1];
    uint8_t *cls = malloc(scm_timeline_n_counties(fr->tl) + 1), *edge = NULL;
    /* County outlines thinner than this only pale a small map, whose counties are a few
     * pixels wide. */
    double outline_px = scm_style_outline_width(st) * u < 0.3 ? 0 : scm_style_outline_width(st) * u;
    scm_fill_style fs;
    size_t nc;
    scm_status rc;
    if (cls == NULL)
        return scm__error(ctx, SCM_ENOMEM, "frames: out of memory");
    if ((rc = to_pixels(ctx, fr, fr->g, fr->edge, r, step, &g, &edge)) != SCM_OK) {
        free(cls);
        return rc;
    }
    nc = frame_classes(fr, k, t, cls, colors);
    fs = (scm_fill_style){
        scm_style_land_color(st), scm_style_outline_color(st), outline_px, colors, nc, 0};
    if (parts & MAP_FILLS)
        rc = scm_canvas_draw_fills(ctx, cv, g, fr->draw, fr->n_draw, cls, &fs, 0, 0);
    if (rc == SCM_OK && (parts & MAP_LINES))
        rc = scm_canvas_draw_outlines(ctx, cv, g, fr->draw, fr->n_draw, edge, &fs, 0, 0);
    if (rc == SCM_OK && (parts & MAP_LINES))
        rc = draw_states(ctx, fr, cv, r, u, step);
    scm_geometry_free(g);
    free(edge);
    free(cls);
    return rc;
}

scm_status
scm__frames_draw_map(scm_ctx *ctx, const scm_frames *fr, scm_canvas *cv, const double r[4],
                     double u, double step, size_t k, double t)
{
    return draw_map_parts(ctx, fr, cv, r, u, step, k, t, MAP_FILLS | MAP_LINES);
}

/* The map of the layout as the callouts see it, fitted as to_pixels fits it. */
static scm__map_view
focus_view(const scm_frames *fr, const layout *l)
{
    double bw = fr->fit.maxx - fr->fit.minx, bh = fr->fit.maxy - fr->fit.miny;
    double s = fmin(l->map_w / bw, l->map_h / bh);
    scm__map_view v = {fr->tl,
                       fr->g,
                       fr->draw,
                       fr->n_draw,
                       s,
                       l->map_x + (l->map_w - bw * s) / 2,
                       l->map_y + (l->map_h - bh * s) / 2,
                       fr->fit.minx,
                       fr->fit.maxy,
                       l->map_x,
                       l->map_y,
                       l->map_w,
                       l->map_h,
                       l->u};
    return v;
}

/* The counties in focus (--highlight, --annotate) over the map. */
static scm_status
draw_focus(scm_ctx *ctx, const scm_frames *fr, scm_canvas *cv, const layout *l,
           const scm_frame_opts *o, size_t k)
{
    double bw = fr->fit.maxx - fr->fit.minx, bh = fr->fit.maxy - fr->fit.miny;
    scm__map_view v = focus_view(fr, l);
    double s = v.s;
    if (o->panel_out != NULL)
        *o->panel_out = (scm_bbox){l->map_x, l->map_y, l->map_x + l->map_w, l->map_y + l->map_h};
    if (o->drawn_out != NULL)
        *o->drawn_out = (scm_bbox){v.ox, v.oy, v.ox + bw * s, v.oy + bh * s};
    return scm__frames_draw_focus(ctx, cv, &v, o, k);
}

/* How many columns of legend entries, nat[] wide, fit in w, up to max_cols, filled row by
 * row: the most that fit, evened out to as few as keep that number of rows (four entries in
 * two rows of two, not three and one). colw[] gets the columns' widths. */
static size_t
legend_columns(const double *nat, size_t n, double w, size_t max_cols, double gap, double *colw)
{
    size_t cols, rows, c;
    double widest = 0;
    max_cols = max_cols > n ? n : max_cols;
    max_cols = max_cols > LEGEND_MAX_COLS ? LEGEND_MAX_COLS : max_cols;
    for (cols = max_cols; cols > 1; cols--) {
        double total = gap * (double)(cols - 1);
        rows = (n + cols - 1) / cols;
        if ((n + rows - 1) / rows != cols)
            continue;
        for (c = 0; c < cols; c++)
            colw[c] = 0;
        for (c = 0; c < n; c++)
            colw[c % cols] = fmax(colw[c % cols], nat[c]);
        for (c = 0; c < cols; c++)
            total += colw[c];
        if (total <= w)
            return cols;
    }
    for (c = 0; c < n; c++)
        widest = fmax(widest, nat[c]);
    colw[0] = fmin(w, widest);
    return 1;
}

double
scm__frames_legend(scm_canvas *cv, const scm_timeline *tl, scm_lang lang, const char *line,
                   const char *note, double x, double y, double w, int max_cols, double ts,
                   int draw, double *used_w)
{
    size_t c, j, cols, n = scm_timeline_n_classes(tl);
    double top = y, used = 0, pad = 46 * ts, gap = 36 * ts, tw, th;
    double nat[MAX_FRAME_CLASSES + 1], colw[LEGEND_MAX_COLS];
    char label[96];
    scm_text_style big = text_style(28 * ts, 1, SCM__FRAME_INK, w);
    scm_text_style lab = text_style(22 * ts, 0, SCM__FRAME_INK, 0);
    scm_text_style small = text_style(19 * ts, 0, SCM__FRAME_MUTED, w);
    if (line != NULL) {
        scm_canvas_text_size(cv, line, &big, &tw, &th);
        if (draw)
            scm_canvas_text(cv, x, y, line, &big);
        used = tw;
        y += th + 14 * ts;
    }
    n = n > MAX_FRAME_CLASSES ? MAX_FRAME_CLASSES : n;
    for (c = 0; c < n; c++) {
        scm_canvas_text_size(cv, scm_timeline_class_label(tl, c, lang, label), &lab, &tw, &th);
        nat[c] = pad + tw;
    }
    cols = legend_columns(nat, n, w, max_cols < 1 ? 1 : (size_t)max_cols, gap, colw);
    for (c = 0; c < n; c += cols) {
        /* A row is as tall as its tallest label: a label that wraps pushes the next row down. */
        double cx = x, row = 28 * ts;
        for (j = 0; j < cols && c + j < n; j++) {
            scm_timeline_class_label(tl, c + j, lang, label);
            lab.wrap_px = nat[c + j] <= colw[j] ? 0 : colw[j] - pad;
            scm_canvas_text_size(cv, label, &lab, &tw, &th);
            row = fmax(row, th + 2 * ts);
            if (draw) {
                scm_canvas_rect(cv, cx, y + 4 * ts, 34 * ts, 24 * ts, SCM__FRAME_MUTED);
                scm_canvas_rect(cv, cx + 1, y + 4 * ts + 1, 34 * ts - 2, 24 * ts - 2,
                                scm_timeline_class_color(tl, c + j));
                scm_canvas_text(cv, cx + pad, y + 2 * ts, label, &lab);
            }
            cx += colw[j] + gap;
        }
        used = fmax(used, cx - gap - x);
        y += row + 10 * ts;
    }
    if (note != NULL && note[0]) {
        scm_canvas_text_size(cv, note, &small, &tw, &th);
        if (draw)
            scm_canvas_text(cv, x, y + 4 * ts, note, &small);
        used = fmax(used, tw);
        y += th + 14 * ts;
    }
    *used_w = fmin(used, w);
    return y - 10 * ts - top;
}

static void
add_busy(layout *l, double x, double y, double w, double h)
{
    if (l->n_busy < sizeof l->busy / sizeof l->busy[0]) {
        double *b = l->busy[l->n_busy++];
        b[0] = x;
        b[1] = y;
        b[2] = w;
        b[3] = h;
    }
}

/* A title or subtitle that wraps is set at the narrowest width that keeps its number of lines (h
 * tall), so that its lines come out about even and no word is left alone on the last one. */
static void
balance(scm_canvas *cv, const char *text, scm_text_style *ts, double *w, double h)
{
    double lo = ts->wrap_px / 2, hi = ts->wrap_px, one, tw, th;
    int i;
    scm_text_style single = *ts;
    single.wrap_px = 0;
    scm_canvas_text_size(cv, text, &single, &tw, &one);
    if (h < 1.5 * one)
        return;
    for (i = 0; i < 8; i++) {
        ts->wrap_px = (lo + hi) / 2;
        scm_canvas_text_size(cv, text, ts, &tw, &th);
        if (th <= h)
            hi = ts->wrap_px;
        else
            lo = ts->wrap_px;
    }
    ts->wrap_px = hi;
    scm_canvas_text_size(cv, text, ts, w, &th);
}

/* The title and the subtitle under it at (l->m, top), wrapped at wrap; returns their bottom. */
static double
place_header(scm_canvas *cv, const scm_style *st, const scm_frame_opts *o, double top, double wrap,
             layout *l)
{
    const char *sub = scm_style_subtitle(st, o->lang);
    double tw, th, sw = 0, sh = 0;
    l->title = text_style(46 * l->ts, 1, SCM__FRAME_INK, wrap);
    l->sub = text_style(24 * l->ts, 0, SCM__FRAME_MUTED, wrap);
    scm_canvas_text_size(cv, scm_style_title(st, o->lang), &l->title, &tw, &th);
    balance(cv, scm_style_title(st, o->lang), &l->title, &tw, th);
    if (sub[0]) {
        scm_canvas_text_size(cv, sub, &l->sub, &sw, &sh);
        balance(cv, sub, &l->sub, &sw, sh);
    }
    l->title_x = l->m;
    l->title_y = top;
    l->sub_y = top + th + 8 * l->ts;
    add_busy(l, l->m, top, fmax(tw, sw), l->sub_y + sh - top);
    return l->sub_y + sh;
}

/* The style's source line, with the credit of the city names when they are drawn. */
static const char *
source_line(const scm_frames *fr, scm_lang lang, char *buf, size_t n)
{
    const char *credit = scm__labels_credit(fr->labels, lang);
    scm__snprintf_utf8(buf, n, "%s%s%s", scm_style_source(scm_timeline_style(fr->tl), lang),
                       credit ? ". " : "", credit ? credit : "");
    return buf;
}

/* The source line at the bottom left and the byline at the bottom right, side by side when
 * both fit, ending at bottom; returns the top of the two. */
static double
place_footer(scm_canvas *cv, const scm_frames *fr, const scm_frame_opts *o, double bottom,
             layout *l)
{
    double cw = o->width - 2 * l->m, sw, sh, bw = 0, bh = 0;
    int byline = o->byline != NULL && o->byline[0];
    l->source = text_style(18 * l->ts, 0, SCM__FRAME_MUTED, cw);
    l->byline = l->source;
    l->byline.align = SCM_ALIGN_RIGHT;
    l->byline.wrap_px = 0;
    if (byline)
        scm_canvas_text_size(cv, o->byline, &l->byline, &bw, &bh);
    if (byline && cw - bw - 32 * l->ts >= 0.5 * cw)
        l->source.wrap_px = cw - bw - 32 * l->ts;
    char source[2048];
    scm_canvas_text_size(cv, source_line(fr, o->lang, source, sizeof source), &l->source, &sw, &sh);
    l->source_y = bottom - sh;
    add_busy(l, l->m, l->source_y, sw, sh);
    if (!byline)
        return l->source_y;
    l->byline_x = o->width - l->m;
    l->byline_y = l->source.wrap_px < cw ? bottom - bh : l->source_y - 6 * l->ts - bh;
    add_busy(l, l->byline_x - bw, l->byline_y, bw, bh);
    return fmin(l->source_y, l->byline_y);
}

/* The period label's style at size 72 (text scale), shrunk to fit within max_w (a snapshot's
 * label is long); its size in *w, *h. */
static void
place_period(scm_canvas *cv, const char *period, double max_w, layout *l, double *w, double *h)
{
    l->period = text_style(72 * l->ts, 1, SCM__FRAME_INK, 0);
    scm_canvas_text_size(cv, period, &l->period, w, h);
    if (*w > max_w) {
        l->period.size_px *= fmax(0.4, max_w / *w);
        scm_canvas_text_size(cv, period, &l->period, w, h);
    }
}

/* The map, of aspect a (width over height), as large as fits the rectangle x, y, w, h,
 * centred in it. */
static void
fit_map(layout *l, double a, double x, double y, double w, double h)
{
    l->map_w = fmax(1, fmin(w, h * a));
    l->map_h = l->map_w / a;
    l->map_x = x + (w - l->map_w) / 2;
    l->map_y = y + (h - l->map_h) / 2;
}

/* A wide frame (slides): title and subtitle at the top left, the period label at the top
 * right, the map below them at the left, the legend in a column at the right, the source at
 * the bottom. */
static void
layout_wide(scm_canvas *cv, const scm_frames *fr, const scm_frame_opts *o, const char *period,
            const char *line, layout *l)
{
    const scm_style *st = scm_timeline_style(fr->tl);
    double w = o->width, h = o->height, pw, ph, head, foot, used, lh, px, py;
    l->ts = l->u;
    l->m = 56 * l->u;
    l->landscape = 1;
    l->legend_cols = 1;
    place_period(cv, period, w / 3, l, &pw, &ph);
    l->period.align = SCM_ALIGN_RIGHT;
    l->period_x = w - l->m;
    l->period_y = l->m - 10 * l->ts;
    add_busy(l, l->period_x - pw, l->period_y, pw, ph);
    head = fmax(place_header(cv, st, o, l->m, w - 2 * l->m - pw - 48 * l->ts, l), l->period_y + ph);
    foot = place_footer(cv, fr, o, h - l->m, l);
    scm__frames_legend(cv, fr->tl, o->lang, line, o->note, 0, 0, 0.3 * w, 1, l->ts, 0, &used);
    l->legend_w = fmin(0.3 * w, fmax(0.2 * w, used));
    l->legend_x = w - l->m - l->legend_w;
    px = l->m;
    py = head + 24 * l->ts;
    fit_map(l, scm__frames_aspect(fr), px, py, l->legend_x - 40 * l->ts - px,
            foot - 24 * l->ts - py);
    l->legend_y = l->map_y;
    lh = scm__frames_legend(cv, fr->tl, o->lang, line, o->note, 0, 0, l->legend_w, 1, l->ts, 0,
                            &used);
    add_busy(l, l->legend_x, l->legend_y, used, lh);
}

/* A square or tall frame at text scale s: the title block at the top, the map across the
 * width, the period label and the legend side by side under it, the source at the bottom.
 * Vertical video keeps the top 250 and bottom 340 of 1920 px (Reels, TikTok, Shorts: the
 * app's buttons and captions) empty. Returns whether the map got the whole width. */
static int
layout_stacked(scm_canvas *cv, const scm_frames *fr, const scm_frame_opts *o, const char *period,
               const char *line, double s, layout *l)
{
    const scm_style *st = scm_timeline_style(fr->tl);
    double w = o->width, h = o->height, a = scm__frames_aspect(fr), pw, ph, used, lh, band;
    double top, bottom, head, foot, avail, cw;
    int side;
    l->ts = l->u * s;
    l->m = 40 * l->u;
    l->legend_cols = LEGEND_MAX_COLS;
    cw = w - 2 * l->m;
    if (h >= 1.2 * w) {
        l->safe_top = h * 250 / 1920;
        l->safe_bottom = h * 340 / 1920;
    }
    top = l->safe_top > 0 ? l->safe_top : l->m;
    bottom = h - (l->safe_bottom > 0 ? l->safe_bottom : l->m);
    head = place_header(cv, st, o, top, cw, l);
    foot = place_footer(cv, fr, o, bottom, l);
    place_period(cv, period, cw, l, &pw, &ph);
    /* The period label beside the legend when the legend is no taller there than across the
     * whole width (its lines and columns fit), else above it. */
    lh = scm__frames_legend(cv, fr->tl, o->lang, line, o->note, 0, 0, cw, l->legend_cols, l->ts, 0,
                            &used);
    side = cw - pw - 48 * l->ts >= 0.4 * cw &&
           scm__frames_legend(cv, fr->tl, o->lang, line, o->note, 0, 0, cw - pw - 48 * l->ts,
                              l->legend_cols, l->ts, 0, &used) <= lh + 1;
    l->legend_x = side ? l->m + pw + 48 * l->ts : l->m;
    l->legend_w = side ? cw - pw - 48 * l->ts : cw;
    lh = scm__frames_legend(cv, fr->tl, o->lang, line, o->note, 0, 0, l->legend_w, l->legend_cols,
                            l->ts, 0, &used);
    band = side ? fmax(ph, lh + 8 * l->ts) : ph + 12 * l->ts + lh;
    avail = foot - 28 * l->ts - band - 28 * l->ts - (head + 28 * l->ts);
    /* What the map leaves over goes above and below the map and its legend, which stay
     * together. */
    fit_map(l, a, l->m, head + 28 * l->ts, cw, fmin(avail, cw / a));
    l->map_y += fmax(0, avail - l->map_h) / 2;
    l->period_x = l->m;
    l->period_y = l->map_y + l->map_h + 28 * l->ts;
    l->legend_y = side ? l->period_y + 8 * l->ts : l->period_y + ph + 12 * l->ts;
    add_busy(l, l->period_x, l->period_y, pw, ph);
    add_busy(l, l->legend_x, l->legend_y, used, lh);
    return l->map_w >= 0.98 * cw;
}

/* The widest period label and count line of all periods (at size 72 and 28 bold): laid out
 * for them, every frame of a run has the same layout, and the map holds still. */
static void
widest_words(scm_canvas *cv, const scm_frames *fr, scm_lang lang, char *period, const char **line)
{
    scm_text_style big = {72, 1, SCM__FRAME_INK, 0, SCM_ALIGN_LEFT};
    double pw = -1, lw = -1, w, h;
    char label[96];
    size_t k;
    *line = "";
    period[0] = '\0';
    for (k = 0; k < scm_timeline_n_periods(fr->tl); k++) {
        scm_canvas_text_size(cv, scm_timeline_period_label(fr->tl, k, lang, label), &big, &w, &h);
        if (w > pw) {
            pw = w;
            memcpy(period, label, sizeof label);
        }
        big.size_px = 28;
        scm_canvas_text_size(cv, scm_timeline_count_line(fr->tl, k, lang), &big, &w, &h);
        if (w > lw) {
            lw = w;
            *line = scm_timeline_count_line(fr->tl, k, lang);
        }
        big.size_px = 72;
    }
}

void
scm__frames_layout(scm_canvas *cv, const scm_frames *fr, const scm_frame_opts *o, scm__layout *l)
{
    /* Text as large as leaves the map the whole width, within readable sizes. */
    static const double scales[] = {1.3, 1.2, 1.1, 1, 0.9, 0.85};
    char period[96];
    const char *line;
    scm__layout wide;
    size_t i;
    widest_words(cv, fr, o->lang, period, &line);
    for (i = 0; i < sizeof scales / sizeof scales[0]; i++) {
        memset(l, 0, sizeof *l);
        l->u = fmin(o->width, o->height) / 1080.0;
        if (layout_stacked(cv, fr, o, period, line, scales[i], l))
            break;
    }
    /* A frame not much wider than tall (1300x1080) draws the map larger stacked. */
    if (o->width >= 1.2 * o->height) {
        memset(&wide, 0, sizeof wide);
        wide.u = l->u;
        layout_wide(cv, fr, o, period, line, &wide);
        if (wide.map_w * wide.map_h > l->map_w * l->map_h)
            *l = wide;
    }
}

/* Everything but the map, where l says. */
static void
draw_text(scm_canvas *cv, const scm_frames *fr, const scm_frame_opts *o, size_t k, const layout *l)
{
    char source[2048];
    const scm_style *st = scm_timeline_style(fr->tl);
    double used;
    char period[96];
    scm_canvas_text(cv, l->title_x, l->title_y, scm_style_title(st, o->lang), &l->title);
    if (scm_style_subtitle(st, o->lang)[0])
        scm_canvas_text(cv, l->title_x, l->sub_y, scm_style_subtitle(st, o->lang), &l->sub);
    scm_canvas_text(cv, l->period_x, l->period_y,
                    scm_timeline_period_label(fr->tl, k, o->lang, period), &l->period);
    scm__frames_legend(cv, fr->tl, o->lang, scm_timeline_count_line(fr->tl, k, o->lang), o->note,
                       l->legend_x, l->legend_y, l->legend_w, l->legend_cols, l->ts, 1, &used);
    scm_canvas_text(cv, l->m, l->source_y, source_line(fr, o->lang, source, sizeof source),
                    &l->source);
    if (o->byline != NULL && o->byline[0])
        scm_canvas_text(cv, l->byline_x, l->byline_y, o->byline, &l->byline);
}

/* The labels over the map, clear of the words around it and of the callouts of period k. */
static scm_status
draw_labels(scm_ctx *ctx, const scm_frames *fr, scm_canvas *cv, const layout *l,
            const scm_frame_opts *o, size_t k)
{
    scm__label_view v = {
        NULL, NULL, NULL, &l->busy[0][0], l->n_busy, o->width, o->height, l->u, o->lang, 0, 0, 0};
    const double r[4] = {l->map_x, l->map_y, l->map_w, l->map_h};
    double *focus = NULL, *avoid = NULL;
    size_t n_focus = 0;
    scm__map_view fv = focus_view(fr, l);
    scm_status rc = SCM_OK;
    /* Under 360 px on the short side the names would be 4 px smudges (15 px at 1080). */
    if (fr->labels == NULL || 15 * l->u < 5)
        return SCM_OK;
    rc = scm__frames_focus_avoid(ctx, cv, &fv, o, k, &focus, &n_focus);
    /* A region edition's map fills its panel: a name past it would run into the words. */
    if (rc == SCM_OK && fr->crs[0]) {
        const double out[16] = {
            0,         0,        o->width, l->map_y, 0,         l->map_y + l->map_h, o->width,
            o->height, 0,        0,        l->map_x, o->height, l->map_x + l->map_w, 0,
            o->width,  o->height};
        double *nf = scm__reallocn(focus, 4 * (n_focus + 4), sizeof *nf);
        if (nf == NULL) {
            free(focus);
            return scm__error(ctx, SCM_ENOMEM, "frames: out of memory");
        }
        focus = nf;
        memcpy(focus + 4 * n_focus, out, sizeof out);
        n_focus += 4;
    }
    if (rc == SCM_OK && n_focus > 0) {
        if ((avoid = scm__mallocn(4 * (l->n_busy + n_focus), sizeof *avoid)) == NULL) {
            free(focus);
            return scm__error(ctx, SCM_ENOMEM, "frames: out of memory");
        }
        memcpy(avoid, &l->busy[0][0], 4 * l->n_busy * sizeof *avoid);
        memcpy(avoid + 4 * l->n_busy, focus, 4 * n_focus * sizeof *avoid);
        v.avoid = avoid;
        v.n_avoid = l->n_busy + n_focus;
    }
    free(focus);
    /* A region edition's cities share out the map as drawn (without states, their own bounds
     * would leave the edges bare). */
    if (fr->crs[0])
        v.map_area = fv.s * fv.s * (fr->fit.maxx - fr->fit.minx) * (fr->fit.maxy - fr->fit.miny);
    if (rc == SCM_OK)
        rc = scm__frames_draw_labels(ctx, fr, cv, r, &v, 1);
    free(avoid);
    return rc;
}

scm_status
scm__frames_draw_labels(scm_ctx *ctx, const scm_frames *fr, scm_canvas *cv, const double r[4],
                        scm__label_view *v, int cities)
{
    scm_geometry *states = NULL, *anchors = NULL, *pts = NULL;
    const scm_geometry *a;
    const uint8_t *inset;
    scm_status rc = SCM_OK;
    if (fr->labels == NULL)
        return SCM_OK;
    a = scm__labels_anchors(fr->labels);
    if (fr->states != NULL)
        rc = to_pixels(ctx, fr, fr->states, NULL, r, 0, &states, NULL);
    if (rc == SCM_OK && a != NULL)
        rc = to_pixels(ctx, fr, a, NULL, r, 0, &anchors, NULL);
    if (rc == SCM_OK && cities && scm__labels_cities(fr->labels, &inset) != NULL)
        rc = to_pixels(ctx, fr, scm__labels_cities(fr->labels, &inset), NULL, r, 0, &pts, NULL);
    v->states = states;
    v->anchors = anchors;
    v->cities = pts;
    if (rc == SCM_OK)
        rc = scm__labels_draw(ctx, fr->labels, cv, v);
    v->states = v->anchors = v->cities = NULL;
    scm_geometry_free(states);
    scm_geometry_free(anchors);
    scm_geometry_free(pts);
    return rc;
}

const char *
scm__frames_credit(const scm_frames *fr, scm_lang lang)
{
    return scm__labels_credit(fr->labels, lang);
}

scm_status
scm__frames_finish(scm_ctx *ctx, scm_canvas *cv, scm_surface_kind kind, scm_image *img,
                   scm_status rc)
{
    if (rc == SCM_OK && kind != SCM_SURFACE_IMAGE)
        rc = scm_canvas_finish(ctx, cv);
    if (rc == SCM_OK && kind == SCM_SURFACE_IMAGE) {
        int empty;
        scm_canvas_read(cv, 0, 0, img, &empty);
    }
    scm_canvas_free(cv);
    return rc;
}

static int
same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The overlay of frames like o for the calling thread, drawn now if it has none yet; NULL
 * (and rc SCM_OK) when none is kept: too large, or too many kept already. */
static const scm_canvas *
overlay_for(scm_ctx *ctx, scm_frames *fr, const scm_frame_opts *o, const layout *l, int labels,
            scm_status *rc)
{
    const double r[4] = {l->map_x, l->map_y, l->map_w, l->map_h};
    overlay *ov = NULL;
    size_t i;
    *rc = SCM_OK;
    if ((uint64_t)o->width * o->height > OVERLAY_MAX_PX)
        return NULL;
    pthread_mutex_lock(&fr->lock);
    for (i = 0; i < fr->n_overlays && ov == NULL; i++) {
        overlay *c = &fr->overlays[i];
        if (pthread_equal(c->owner, pthread_self()) && c->width == o->width &&
            c->height == o->height && c->lang == o->lang && c->labels == labels &&
            same_text(c->note, o->note) && same_text(c->byline, o->byline))
            ov = c;
    }
    pthread_mutex_unlock(&fr->lock);
    if (ov != NULL)
        return ov->cv;
    ov = &(overlay){pthread_self(), o->width, o->height, o->lang, labels, NULL, NULL, NULL};
    if ((o->note && (ov->note = scm__strdup(o->note)) == NULL) ||
        (o->byline && (ov->byline = scm__strdup(o->byline)) == NULL))
        *rc = scm__error(ctx, SCM_ENOMEM, "frames: out of memory");
    if (*rc == SCM_OK)
        *rc = scm_canvas_new(ctx, o->width, o->height, &ov->cv);
    if (*rc == SCM_OK)
        *rc = draw_map_parts(ctx, fr, ov->cv, r, fmax(1, l->u), 0, 0, 1, MAP_LINES);
    if (*rc == SCM_OK && labels)
        *rc = draw_labels(ctx, fr, ov->cv, l, o, 0);
    pthread_mutex_lock(&fr->lock);
    if (*rc == SCM_OK && fr->n_overlays < N_OVERLAYS) {
        fr->overlays[fr->n_overlays++] = *ov;
        pthread_mutex_unlock(&fr->lock);
        return ov->cv;
    }
    pthread_mutex_unlock(&fr->lock);
    free(ov->note);
    free(ov->byline);
    scm_canvas_free(ov->cv);
    return NULL;
}

scm_status
scm_frames_draw(scm_ctx *ctx, const scm_frames *fr, const scm_frame_opts *o, size_t k, double t,
                scm_surface_kind kind, const char *path, scm_image *img)
{
    scm_canvas *cv = NULL;
    const scm_canvas *ov = NULL;
    layout l;
    scm_status rc;
    /* The labels move with the callouts, which change with the period. */
    int fixed_labels = (o->highlight == NULL || !o->highlight[0]) && o->n_annotations == 0;
    if (o->width < 320 || o->height < 320 || o->width > 8000 || o->height > 8000)
        return scm__error(ctx, SCM_EINVAL, "frames: size %ux%u is outside 320-8000 pixels",
                          o->width, o->height);
    if (k >= scm_timeline_n_periods(fr->tl))
        return scm__error(ctx, SCM_EINVAL, "frames: no period %zu (the timeline has %zu)", k + 1,
                          scm_timeline_n_periods(fr->tl));
    if ((rc = scm_canvas_new_surface(ctx, kind, path, o->width, o->height, &cv)) != SCM_OK)
        return rc;
    scm__frames_layout(cv, fr, o, &l);
    scm_canvas_fill(cv, SCM__FRAME_BG);
    draw_text(cv, fr, o, k, &l);
    /* The frames object is shared by the threads drawing it; only its overlays change, under
     * its lock. */
    if (kind == SCM_SURFACE_IMAGE)
        ov = overlay_for(ctx, (scm_frames *)fr, o, &l, fixed_labels, &rc);
    if (rc == SCM_OK)
        rc = draw_map_parts(ctx, fr, cv, (double[4]){l.map_x, l.map_y, l.map_w, l.map_h},
                            fmax(1, l.u), 0, k, t, ov ? MAP_FILLS : MAP_FILLS | MAP_LINES);
    if (rc == SCM_OK && ov != NULL)
        rc = scm_canvas_paint(ctx, cv, ov);
    if (rc == SCM_OK && (ov == NULL || !fixed_labels))
        rc = draw_labels(ctx, fr, cv, &l, o, k);
    if (rc == SCM_OK)
        rc = draw_focus(ctx, fr, cv, &l, o, k);
    return scm__frames_finish(ctx, cv, kind, img, rc);
}

size_t
scm_frames_colors(const scm_frames *fr, scm_rgba *out, size_t max)
{
    size_t c, n = 0;
    const scm_style *st = scm_timeline_style(fr->tl);
    scm_rgba fixed[] = {SCM__FRAME_BG, SCM__FRAME_INK, SCM__FRAME_MUTED,
                        scm_style_outline_color(st), scm_style_states_color(st)};
    for (c = 0; c < 5 && n < max; c++)
        out[n++] = fixed[c];
    for (c = 0; c < scm_timeline_n_classes(fr->tl) && n < max; c++)
        out[n++] = scm_timeline_class_color(fr->tl, c);
    return n;
}

size_t
scm_frames_tween_colors(const scm_frames *fr, size_t steps, scm_rgba *out, size_t max)
{
    size_t nc = scm_timeline_n_classes(fr->tl), i, a, b, n = 0;
    if (nc > 16) /* frame_classes blends no more than 16 classes */
        return 0;
    for (i = 1; i < steps; i++)
        for (a = 0; a < nc; a++)
            for (b = 0; b < nc && n < max; b++)
                if (a != b)
                    out[n++] =
                        blend(scm_timeline_class_color(fr->tl, a),
                              scm_timeline_class_color(fr->tl, b), (double)i / (double)steps);
    return n;
}

/* Copied, for callers that keep it past the timeline. */
scm_status
scm_frames_alt_text(scm_ctx *ctx, const scm_frames *fr, size_t k, scm_lang lang, char **out)
{
    const char *alt = scm_timeline_alt_text(fr->tl, k, lang);
    *out = malloc(strlen(alt) + 1);
    if (*out == NULL)
        return scm__error(ctx, SCM_ENOMEM, "alt text: out of memory");
    memcpy(*out, alt, strlen(alt) + 1);
    return SCM_OK;
}
