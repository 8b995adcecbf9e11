/* SPDX-License-Identifier: MIT */
/* Frames and still maps: layout and legend around the composite. Their words (period label,
 * count line, class labels, alt text) come written from the timeline. */
#include "scmap/frame.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scmap/project.h"

#include "../core/core_private.h"
#include "frame_private.h"

#define MAX_FRAME_CLASSES 255

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
};

static const scm_rgba BG = {255, 255, 255, 255}, INK = {26, 26, 26, 255}, MUTED = {85, 85, 85, 255};

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

/* Places (n points, one feature each, in the shapes' CRS) onto the composite in place,
 * projected with the counties: the insets are placed by the bounds of all that is projected. */
static scm_status
project_points(scm_ctx *ctx, const scm_shapes *sh, scm_geometry *pts, const uint8_t *pts_inset)
{
    const scm_geometry *src = scm_shapes_geometry(sh);
    size_t n = src->n_features, f;
    uint8_t *inset = malloc(n + pts->n_features);
    scm_geometry *all = NULL, *c = NULL;
    scm_status rc = scm__geometry_join(ctx, src, pts, &all);
    if (rc == SCM_OK && inset == NULL)
        rc = scm__error(ctx, SCM_ENOMEM, "frames: out of memory");
    for (f = 0; rc == SCM_OK && f < all->n_features; f++)
        inset[f] = f < n ? (uint8_t)scm_inset_of(scm_shapes_fips(sh, f)) : pts_inset[f - n];
    if (rc == SCM_OK)
        rc = scm_project_us_composite(ctx, all, scm_shapes_crs(sh), inset, &c);
    if (rc == SCM_OK) {
        memcpy(pts->xy, c->xy + 2 * src->n_points, 2 * pts->n_points * sizeof(double));
        scm_geometry_update_bbox(pts);
    }
    scm_geometry_free(all);
    scm_geometry_free(c);
    free(inset);
    return rc;
}

/* The labels of the style, once per frames object: the state label points, and the city
 * points on the composite. */
static scm_status
labels_new(scm_ctx *ctx, scm_frames *fr, const scm_shapes *sh)
{
    const scm_style *st = scm_timeline_style(fr->tl);
    const uint8_t *inset;
    scm_geometry *cities;
    scm_status rc;
    if (scm_style_map_labels(st) == SCM_LABELS_NONE)
        return SCM_OK;
    rc = scm__labels_new(ctx, scm_style_map_labels(st), scm_style_places(st), sh, fr->states,
                         (const char(*)[3])fr->state_codes, fr->state_draw, fr->n_state_draw,
                         &fr->labels);
    if (rc == SCM_OK && (cities = scm__labels_cities(fr->labels, &inset)) != NULL)
        rc = project_points(ctx, sh, cities, inset);
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
    /* A region edition draws no state lines and no labels yet: both are placed on the US
     * composite. Where the area ends, its county outlines do. */
    if (st == SCM_OK && fr->crs[0] == '\0' &&
        (scm_style_states_width(scm_timeline_style(tl)) > 0 ||
         scm_style_map_labels(scm_timeline_style(tl)) != SCM_LABELS_NONE))
        st = states_new(ctx, fr, sh);
    if (st == SCM_OK && fr->crs[0] == '\0')
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

typedef struct layout {
    double u, m;
    int landscape;
    double map_x, map_y, map_w, map_h;
    double legend_x, legend_y, legend_w;
} layout;

static scm_text_style
text_style(double size, int bold, scm_rgba color, double wrap)
{
    scm_text_style ts = {size, bold, color, wrap, SCM_ALIGN_LEFT};
    return ts;
}

/* A copy of g (composite metres) in the pixels of the map rectangle of l, fitted and
 * centred. */
static scm_status
to_pixels(scm_ctx *ctx, const scm_frames *fr, const scm_geometry *g, const layout *l,
          scm_geometry **out)
{
    double bw = fr->fit.maxx - fr->fit.minx, bh = fr->fit.maxy - fr->fit.miny;
    double s = fmin(l->map_w / bw, l->map_h / bh);
    double ox = l->map_x + (l->map_w - bw * s) / 2, oy = l->map_y + (l->map_h - bh * s) / 2;
    size_t p;
    scm_status rc = scm_geometry_copy(ctx, g, out);
    if (rc != SCM_OK)
        return rc;
    for (p = 0; p < g->n_points; p++) {
        (*out)->xy[2 * p] = ox + (g->xy[2 * p] - fr->fit.minx) * s;
        (*out)->xy[2 * p + 1] = oy + (fr->fit.maxy - g->xy[2 * p + 1]) * s;
    }
    scm_geometry_update_bbox(*out);
    return SCM_OK;
}

/* The borders between states, over the counties' fills and outlines. */
static scm_status
draw_states(scm_ctx *ctx, const scm_frames *fr, scm_canvas *cv, const layout *l)
{
    const scm_style *st = scm_timeline_style(fr->tl);
    scm_fill_style fs = {0};
    scm_geometry *g = NULL;
    scm_status rc;
    if (fr->states == NULL || scm_style_states_width(st) <= 0) /* kept for the labels alone */
        return SCM_OK;
    if ((rc = to_pixels(ctx, fr, fr->states, l, &g)) != SCM_OK)
        return rc;
    /* A casing in the county outline colour, so that the line reads on dark classes too. */
    fs.outline = scm_style_outline_color(st);
    fs.outline_px = (scm_style_states_width(st) + 2 * scm_style_outline_width(st)) * fmax(1, l->u);
    rc = scm_canvas_draw_outlines(ctx, cv, g, fr->state_draw, fr->n_state_draw, fr->border, &fs, 0,
                                  0);
    fs.outline = scm_style_states_color(st);
    fs.outline_px = scm_style_states_width(st) * fmax(1, l->u);
    if (rc == SCM_OK)
        rc = scm_canvas_draw_outlines(ctx, cv, g, fr->state_draw, fr->n_state_draw, fr->border, &fs,
                                      0, 0);
    scm_geometry_free(g);
    return rc;
}

/* Draws the map itself into the rectangle of l, fitted and centred. */
static scm_status
draw_map(scm_ctx *ctx, const scm_frames *fr, scm_canvas *cv, const layout *l, size_t k, double t)
{
    const scm_style *st = scm_timeline_style(fr->tl);
    scm_geometry *g = NULL;
    scm_rgba colors[MAX_FRAME_CLASSES + 1];
    uint8_t *cls = malloc(scm_timeline_n_counties(fr->tl) + 1);
    scm_fill_style fs;
    size_t nc;
    scm_status rc;
    if (cls == NULL)
        return scm__error(ctx, SCM_ENOMEM, "frames: out of memory");
    if ((rc = to_pixels(ctx, fr, fr->g, l, &g)) != SCM_OK) {
        free(cls);
        return rc;
    }
    nc = frame_classes(fr, k, t, cls, colors);
    fs = (scm_fill_style){scm_style_land_color(st),
                          scm_style_outline_color(st),
                          scm_style_outline_width(st) * fmax(1, l->u),
                          colors,
                          nc,
                          0};
    rc = scm_canvas_draw_counties(ctx, cv, g, fr->draw, fr->n_draw, cls, fr->edge, &fs, 0, 0);
    if (rc == SCM_OK)
        rc = draw_states(ctx, fr, cv, l);
    scm_geometry_free(g);
    free(cls);
    return rc;
}

/* The counties in focus (--highlight, --annotate) over the map, fitted as to_pixels fits it. */
static scm_status
draw_focus(scm_ctx *ctx, const scm_frames *fr, scm_canvas *cv, const layout *l,
           const scm_frame_opts *o, size_t k)
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
    if (o->panel_out != NULL)
        *o->panel_out = (scm_bbox){l->map_x, l->map_y, l->map_x + l->map_w, l->map_y + l->map_h};
    if (o->drawn_out != NULL)
        *o->drawn_out = (scm_bbox){v.ox, v.oy, v.ox + bw * s, v.oy + bh * s};
    return scm__frames_draw_focus(ctx, cv, &v, o, k);
}

/* The legend, top-down from (x, y) within width w: the count line, a swatch and label per
 * class (in two columns when laid under the map), the note. */
static void
draw_legend(const scm_frames *fr, scm_canvas *cv, const layout *l, const scm_frame_opts *o,
            size_t k, int draw, double *height)
{
    const scm_timeline *tl = fr->tl;
    double u = l->u, y = l->legend_y, x = l->legend_x, w = l->legend_w;
    size_t c, n = scm_timeline_n_classes(tl);
    int cols = l->landscape || n <= 3 ? 1 : 2;
    double colw = w / cols, row = 38 * u, tw, th;
    const char *line = scm_timeline_count_line(tl, k, o->lang);
    scm_text_style big = text_style(28 * u, 1, INK, w), lab = text_style(22 * u, 0, INK, 0);
    scm_text_style small = text_style(19 * u, 0, MUTED, w);
    scm_canvas_text_size(cv, line, &big, &tw, &th);
    if (draw)
        scm_canvas_text(cv, x, y, line, &big);
    y += th + 18 * u;
    for (c = 0; c < n; c++) {
        char label[96];
        double cx = x + (double)(c % (size_t)cols) * colw,
               cy = y + (double)(c / (size_t)cols) * row;
        lab.wrap_px = colw - 48 * u;
        if (draw) {
            scm_canvas_rect(cv, cx, cy + 4 * u, 34 * u, 24 * u, MUTED);
            scm_canvas_rect(cv, cx + 1, cy + 4 * u + 1, 34 * u - 2, 24 * u - 2,
                            scm_timeline_class_color(tl, c));
            scm_canvas_text(cv, cx + 46 * u, cy + 2 * u,
                            scm_timeline_class_label(tl, c, o->lang, label), &lab);
        }
    }
    y += (double)((n + (size_t)cols - 1) / (size_t)cols) * row;
    if (o->note != NULL && o->note[0]) {
        y += 10 * u;
        scm_canvas_text_size(cv, o->note, &small, &tw, &th);
        if (draw)
            scm_canvas_text(cv, x, y, o->note, &small);
        y += th;
    }
    *height = y - l->legend_y;
}

/* The labels over the map, clear of the avoid rectangles (x, y, w, h each). */
static scm_status
draw_labels(scm_ctx *ctx, const scm_frames *fr, scm_canvas *cv, const layout *l,
            const scm_frame_opts *o, const double *avoid, size_t n_avoid)
{
    scm__label_view v = {NULL, NULL, NULL, avoid, n_avoid, o->width, o->height, l->u, o->lang};
    scm_geometry *states = NULL, *anchors = NULL, *cities = NULL;
    const scm_geometry *a;
    const uint8_t *inset;
    scm_status rc = SCM_OK;
    if (fr->labels == NULL)
        return SCM_OK;
    a = scm__labels_anchors(fr->labels);
    if (fr->states != NULL)
        rc = to_pixels(ctx, fr, fr->states, l, &states);
    if (rc == SCM_OK && a != NULL)
        rc = to_pixels(ctx, fr, a, l, &anchors);
    if (rc == SCM_OK && scm__labels_cities(fr->labels, &inset) != NULL)
        rc = to_pixels(ctx, fr, scm__labels_cities(fr->labels, &inset), l, &cities);
    v.states = states;
    v.anchors = anchors;
    v.cities = cities;
    if (rc == SCM_OK)
        rc = scm__labels_draw(ctx, fr->labels, cv, &v);
    scm_geometry_free(states);
    scm_geometry_free(anchors);
    scm_geometry_free(cities);
    return rc;
}

scm_status
scm_frames_draw(scm_ctx *ctx, const scm_frames *fr, const scm_frame_opts *o, size_t k, double t,
                scm_surface_kind kind, const char *path, scm_image *img)
{
    const scm_style *st = scm_timeline_style(fr->tl);
    double w = o->width, h = o->height, tw, th, period_w, period_h, top, bottom, legend_h;
    char period[96], source[2048];
    double avoid[4 * 4];
    scm_canvas *cv = NULL;
    layout l;
    scm_status rc;
    scm_text_style title, sub, per, src;
    if (o->width < 320 || o->height < 320 || o->width > 8000 || o->height > 8000)
        return scm__error(ctx, SCM_EINVAL, "frames: size %ux%u is outside 320-8000 pixels",
                          o->width, o->height);
    if ((rc = scm_canvas_new_surface(ctx, kind, path, o->width, o->height, &cv)) != SCM_OK)
        return rc;
    memset(&l, 0, sizeof l);
    l.u = fmin(w, h) / 1080;
    l.m = 56 * l.u;
    l.landscape = w >= 1.2 * h;
    scm_canvas_fill(cv, BG);
    scm_timeline_period_label(fr->tl, k, o->lang, period);
    per = text_style(72 * l.u, 1, INK, 0);
    per.align = SCM_ALIGN_RIGHT;
    scm_canvas_text_size(cv, period, &per, &period_w, &period_h);
    /* A long label (a snapshot's) shrinks to fit: a third of a wide frame, the whole width
     * of a tall one. */
    if (period_w > (l.landscape ? w / 3 : w - 2 * l.m)) {
        per.size_px *= fmax(0.4, (l.landscape ? w / 3 : w - 2 * l.m) / period_w);
        scm_canvas_text_size(cv, period, &per, &period_w, &period_h);
    }
    title = text_style(46 * l.u, 1, INK, w - 2 * l.m - (l.landscape ? period_w + 48 * l.u : 0));
    sub = text_style(24 * l.u, 0, MUTED, title.wrap_px);
    src = text_style(18 * l.u, 0, MUTED, w - 2 * l.m);
    top = l.m;
    top += scm_canvas_text(cv, l.m, top, scm_style_title(st, o->lang), &title) + 8 * l.u;
    top += scm_canvas_text(cv, l.m, top, scm_style_subtitle(st, o->lang), &sub);
    memcpy(avoid, (double[4]){0, 0, l.m + title.wrap_px, top}, sizeof(double[4]));
    if (l.landscape) {
        scm_canvas_text(cv, w - l.m, l.m - 10 * l.u, period, &per);
        memcpy(avoid + 4, (double[4]){w - l.m - period_w, 0, period_w + l.m, l.m + period_h},
               sizeof(double[4]));
        top = fmax(top, l.m + period_h);
    } else {
        per.align = SCM_ALIGN_LEFT;
        memcpy(avoid + 4, (double[4]){0, top, l.m + period_w, 12 * l.u + period_h},
               sizeof(double[4]));
        top += 12 * l.u + scm_canvas_text(cv, l.m, top + 12 * l.u, period, &per);
    }
    top += 28 * l.u;
    scm__snprintf_utf8(
        source, sizeof source, "%s%s%s", scm_style_source(st, o->lang),
        scm__labels_credit(fr->labels, o->lang) ? ". " : "",
        scm__labels_credit(fr->labels, o->lang) ? scm__labels_credit(fr->labels, o->lang) : "");
    scm_canvas_text_size(cv, source, &src, &tw, &th);
    bottom = h - l.m - th;
    scm_canvas_text(cv, l.m, bottom, source, &src);
    if (o->byline != NULL && o->byline[0]) {
        scm_text_style by = src;
        by.align = SCM_ALIGN_RIGHT;
        by.wrap_px = 0;
        scm_canvas_text_size(cv, o->byline, &by, &tw, &th);
        bottom -= th + 6 * l.u;
        scm_canvas_text(cv, w - l.m, bottom, o->byline, &by);
    }
    memcpy(avoid + 8, (double[4]){0, bottom, w, h - bottom}, sizeof(double[4]));
    bottom -= 24 * l.u;
    if (l.landscape) {
        l.legend_w = 0.26 * w;
        l.legend_x = w - l.m - l.legend_w;
        l.legend_y = top + 20 * l.u;
        l.map_x = l.m;
        l.map_y = top;
        l.map_w = l.legend_x - 40 * l.u - l.m;
        l.map_h = bottom - top;
    } else {
        /* The legend right under the map, the two centred in the space between the texts. */
        double bw = fr->fit.maxx - fr->fit.minx, bh = fr->fit.maxy - fr->fit.miny, mh, gap;
        l.legend_w = w - 2 * l.m;
        l.legend_x = l.m;
        l.legend_y = 0;
        draw_legend(fr, cv, &l, o, k, 0, &legend_h);
        l.map_x = l.m;
        l.map_w = w - 2 * l.m;
        mh = fmin(l.map_w / bw * bh, bottom - top - legend_h - 28 * l.u);
        gap = (bottom - top - legend_h - 28 * l.u - mh) / 2;
        l.map_y = top + gap;
        l.map_h = mh;
        l.legend_y = l.map_y + mh + 28 * l.u;
    }
    draw_legend(fr, cv, &l, o, k, 1, &legend_h);
    memcpy(avoid + 12, (double[4]){l.legend_x, l.legend_y, l.legend_w, legend_h},
           sizeof(double[4]));
    rc = draw_map(ctx, fr, cv, &l, k, t);
    if (rc == SCM_OK)
        rc = draw_labels(ctx, fr, cv, &l, o, avoid, 4);
    if (rc == SCM_OK)
        rc = draw_focus(ctx, fr, cv, &l, o, k);
    if (rc == SCM_OK && kind != SCM_SURFACE_IMAGE)
        rc = scm_canvas_finish(ctx, cv);
    if (rc == SCM_OK && kind == SCM_SURFACE_IMAGE) {
        int empty;
        scm_canvas_read(cv, 0, 0, img, &empty);
    }
    scm_canvas_free(cv);
    return rc;
}

size_t
scm_frames_colors(const scm_frames *fr, scm_rgba *out, size_t max)
{
    size_t c, n = 0;
    const scm_style *st = scm_timeline_style(fr->tl);
    scm_rgba fixed[] = {BG, INK, MUTED, scm_style_outline_color(st), scm_style_states_color(st)};
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
