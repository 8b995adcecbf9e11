/* SPDX-License-Identifier: MIT */
/* A county in focus: a heavier outline around highlighted counties, and callouts (a boxed
 * text and a leader line) set in the open space near their county. */
#include "frame_private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/core_private.h"

#define MAX_CALLOUTS 32
#define PI           3.14159265358979323846

static const scm_rgba INK = {26, 26, 26, 255}, PAPER = {255, 255, 255, 255};

typedef struct box {
    double x0, y0, x1, y1;
} box;

/* Where the map has land, at a quarter of the frame's pixels, as a summed-area table: the land
 * under a box is four look-ups. */
#define GRID 4
typedef struct land_grid {
    uint32_t w, h;
    double *sum; /* (w + 1) x (h + 1) */
} land_grid;

static double
land_in(const land_grid *lg, box b)
{
    long x0 = lround(b.x0 / GRID), y0 = lround(b.y0 / GRID), x1 = lround(b.x1 / GRID),
         y1 = lround(b.y1 / GRID), W = (long)lg->w + 1;
    x0 = x0 < 0 ? 0 : x0 > (long)lg->w ? (long)lg->w : x0;
    x1 = x1 < 0 ? 0 : x1 > (long)lg->w ? (long)lg->w : x1;
    y0 = y0 < 0 ? 0 : y0 > (long)lg->h ? (long)lg->h : y0;
    y1 = y1 < 0 ? 0 : y1 > (long)lg->h ? (long)lg->h : y1;
    return (lg->sum[y1 * W + x1] - lg->sum[y0 * W + x1] - lg->sum[y1 * W + x0] +
            lg->sum[y0 * W + x0]) *
           GRID * GRID;
}

typedef struct callout {
    size_t county;
    char name[160], line[400]; /* name bold, line under it; name "" for an annotation */
    double w, h;               /* the box, pixels */
    box at;
} callout;

static double
overlap(box a, box b)
{
    double w = fmin(a.x1, b.x1) - fmax(a.x0, b.x0), h = fmin(a.y1, b.y1) - fmax(a.y0, b.y0);
    return w > 0 && h > 0 ? w * h : 0;
}

static box
pixel_box(const scm__map_view *v, const scm_bbox *b)
{
    box p = {v->ox + (b->minx - v->minx) * v->s, v->oy + (v->maxy - b->maxy) * v->s,
             v->ox + (b->maxx - v->minx) * v->s, v->oy + (v->maxy - b->miny) * v->s};
    return p;
}

/* The county of a FIPS code among those on the map. */
static scm_status
county_on_map(scm_ctx *ctx, const scm__map_view *v, const char *fips, const char *flag, size_t *out)
{
    const scm_shapes *sh = scm_dataset_shapes(scm_timeline_dataset(v->tl));
    long c = scm_shapes_find(sh, fips);
    size_t i;
    for (i = 0; c >= 0 && i < v->n_draw; i++)
        if (v->draw[i] == (size_t)c) {
            *out = (size_t)c;
            return SCM_OK;
        }
    return scm__error(ctx, SCM_EINVAL, "%s: county %s is not on the map", flag, fips);
}

static scm_text_style
style_of(double size, int bold, double wrap)
{
    scm_text_style ts = {size, bold, INK, wrap, SCM_ALIGN_LEFT};
    return ts;
}

/* The callouts of o, measured: the highlighted counties' words, then the annotations. */
static scm_status
collect(scm_ctx *ctx, scm_canvas *cv, const scm__map_view *v, const scm_frame_opts *o, size_t k,
        callout *co, size_t *n)
{
    const char *p = o->highlight;
    double u = v->u, pad = 10 * u, tw, th, w1, h1;
    scm_text_style name = style_of(22 * u, 1, 360 * u), line = style_of(19 * u, 0, 360 * u);
    size_t i;
    scm_status st = SCM_OK;
    *n = 0;
    while (p != NULL && *p && st == SCM_OK && *n < MAX_CALLOUTS) {
        size_t len = strcspn(p, ",");
        char fips[6] = "";
        if (len == 5)
            memcpy(fips, p, 5);
        if (len != 5 || strspn(fips, "0123456789") != 5)
            return scm__error(ctx, SCM_EINVAL, "--highlight: \"%.*s\" is not a 5-digit FIPS code",
                              (int)(len > 20 ? 20 : len), p);
        if ((st = county_on_map(ctx, v, fips, "--highlight", &co[*n].county)) == SCM_OK) {
            scm_timeline_county_words(v->tl, co[*n].county, k, o->lang, co[*n].name, co[*n].line);
            (*n)++;
        }
        p += len + (p[len] == ',');
    }
    for (i = 0; i < o->n_annotations && st == SCM_OK && *n < MAX_CALLOUTS; i++) {
        const char *a = o->annotations[i];
        char fips[6] = "";
        if (strlen(a) < 6 || a[5] != ':' || strspn(a, "0123456789") != 5)
            return scm__error(ctx, SCM_EINVAL, "--annotate: \"%s\" is not FIPS:TEXT", a);
        memcpy(fips, a, 5);
        if ((st = county_on_map(ctx, v, fips, "--annotate", &co[*n].county)) == SCM_OK) {
            co[*n].name[0] = '\0';
            scm__snprintf_utf8(co[*n].line, sizeof co[*n].line, "%s", a + 6);
            (*n)++;
        }
    }
    for (i = 0; i < *n && st == SCM_OK; i++) {
        tw = th = w1 = h1 = 0;
        if (co[i].name[0])
            scm_canvas_text_size(cv, co[i].name, &name, &tw, &th);
        scm_canvas_text_size(cv, co[i].line, co[i].name[0] ? &line : &name, &w1, &h1);
        co[i].w = fmax(tw, w1) + 2 * pad;
        co[i].h = th + (th > 0 ? 4 * u : 0) + h1 + 2 * pad;
    }
    return st;
}

/* Where a leader points, in pixels: the centroid of the county's largest ring, so that Los
 * Angeles is pointed at on the mainland, not between it and its islands. */
static void
anchor(const scm__map_view *v, size_t f, double *x, double *y)
{
    const scm_geometry *g = v->g;
    double best = -1, cx = 0, cy = 0;
    size_t r, p;
    for (r = g->feature_ring[f]; r < g->feature_ring[f + 1]; r++) {
        size_t p0 = g->ring_point[r], p1 = g->ring_point[r + 1];
        double a = 0, sx = 0, sy = 0;
        for (p = p0; p < p1; p++) {
            size_t q = p + 1 < p1 ? p + 1 : p0;
            double x0 = g->xy[2 * p] - g->xy[2 * p0], y0 = g->xy[2 * p + 1] - g->xy[2 * p0 + 1];
            double x1 = g->xy[2 * q] - g->xy[2 * p0], y1 = g->xy[2 * q + 1] - g->xy[2 * p0 + 1];
            double cross = x0 * y1 - x1 * y0;
            a += cross;
            sx += (x0 + x1) * cross;
            sy += (y0 + y1) * cross;
        }
        if (a != 0 && fabs(a) > best) {
            best = fabs(a);
            cx = g->xy[2 * p0] + sx / (3 * a);
            cy = g->xy[2 * p0 + 1] + sy / (3 * a);
        }
    }
    if (best < 0) {
        cx = (g->bbox[f].minx + g->bbox[f].maxx) / 2;
        cy = (g->bbox[f].miny + g->bbox[f].maxy) / 2;
    }
    *x = v->ox + (cx - v->minx) * v->s;
    *y = v->oy + (v->maxy - cy) * v->s;
}

/* Whether the segment from (x0, y0) to (x1, y1) runs through b. */
static int
crosses(box b, double x0, double y0, double x1, double y1)
{
    int i;
    for (i = 0; i <= 16; i++) {
        double x = x0 + (x1 - x0) * i / 16, y = y0 + (y1 - y0) * i / 16;
        if (x > b.x0 && x < b.x1 && y > b.y0 && y < b.y1)
            return 1;
    }
    return 0;
}

/* Sets c->at: of the places around its county that fit the map panel and cover neither a
 * county in focus nor another callout (nor cross one with its leader), the one over the least
 * land, nearer if equal. */
static void
place(const scm__map_view *v, callout *co, size_t i, const box *focus, size_t n_focus,
      const land_grid *land)
{
    callout *c = &co[i];
    box cb = pixel_box(v, &v->g->bbox[c->county]), best = {0, 0, 0, 0};
    double ax, ay, u = v->u, best_score = INFINITY;
    double area = c->w * c->h;
    int dir, step, pass;
    anchor(v, c->county, &ax, &ay);
    for (pass = 0; pass < 2 && best_score == INFINITY; pass++)
        for (step = 0; step < 9; step++)
            for (dir = 0; dir < 16; dir++) {
                double a = dir * PI / 8, d = (24 + 48 * step) * u, dx = cos(a), dy = sin(a);
                double cx, cy, score = 0;
                box b;
                size_t j;
                /* The near side at d beyond the county's box. */
                cx = ax + dx * ((cb.x1 - cb.x0) / 2 + d + c->w / 2);
                cy = ay + dy * ((cb.y1 - cb.y0) / 2 + d + c->h / 2);
                b = (box){cx - c->w / 2, cy - c->h / 2, cx + c->w / 2, cy + c->h / 2};
                if (b.x0 < v->x || b.y0 < v->y || b.x1 > v->x + v->w || b.y1 > v->y + v->h)
                    continue;
                for (j = 0; j < n_focus && pass == 0; j++)
                    score += overlap(b, focus[j]) > 0 ? INFINITY : 0;
                for (j = 0; j < i; j++) {
                    double ex = (focus[j].x0 + focus[j].x1) / 2,
                           ey = (focus[j].y0 + focus[j].y1) / 2;
                    double nx = fmin(fmax(ax, b.x0), b.x1), ny = fmin(fmax(ay, b.y0), b.y1);
                    double mx = fmin(fmax(ex, co[j].at.x0), co[j].at.x1),
                           my = fmin(fmax(ey, co[j].at.y0), co[j].at.y1);
                    score += overlap(b, co[j].at) > 0 || crosses(co[j].at, ax, ay, nx, ny) ||
                                     crosses(b, ex, ey, mx, my)
                                 ? INFINITY
                                 : 0;
                }
                if (score < INFINITY)
                    score = fmin(land_in(land, b), area) / area * 10 + d / (100 * u);
                if (score < best_score) {
                    best_score = score;
                    best = b;
                }
            }
    if (best_score == INFINITY) /* nowhere free: the panel's top left corner */
        best = (box){v->x, v->y, v->x + c->w, v->y + c->h};
    c->at = best;
}

/* A straight line from (x0, y0) to (x1, y1), width w: drawn as a ring (of three points: the
 * renderer skips shorter ones) of which only the first segment is stroked. */
static scm_status
line(scm_ctx *ctx, scm_canvas *cv, double x0, double y0, double x1, double y1, double w,
     scm_rgba color)
{
    size_t fr[2] = {0, 1}, rp[2] = {0, 3}, feature = 0;
    double xy[6] = {x0, y0, x1, y1, x1, y1};
    scm_bbox bb = {fmin(x0, x1), fmin(y0, y1), fmax(x0, x1), fmax(y0, y1)};
    uint8_t edge[3] = {1, 0, 0};
    scm_geometry g = {1, 1, 3, fr, rp, xy, &bb};
    scm_fill_style fs = {PAPER, color, w, NULL, 0, 0};
    return scm_canvas_draw_outlines(ctx, cv, &g, &feature, 1, edge, &fs, 0, 0);
}

/* The nearest point of b to (x, y). */
static void
nearest(box b, double x, double y, double *nx, double *ny)
{
    *nx = fmin(fmax(x, b.x0), b.x1);
    *ny = fmin(fmax(y, b.y0), b.y1);
}

static scm_status
draw_leader(scm_ctx *ctx, scm_canvas *cv, const scm__map_view *v, const callout *c)
{
    double u = v->u, ax, ay, nx, ny;
    scm_status st;
    anchor(v, c->county, &ax, &ay);
    nearest(c->at, ax, ay, &nx, &ny);
    st = line(ctx, cv, ax, ay, nx, ny, 4.5 * u, PAPER);
    if (st == SCM_OK)
        st = line(ctx, cv, ax, ay, nx, ny, 1.5 * u, INK);
    scm_canvas_rect(cv, ax - 3 * u, ay - 3 * u, 6 * u, 6 * u, INK);
    return st;
}

static void
draw_box(scm_canvas *cv, const scm__map_view *v, const callout *c)
{
    double u = v->u, pad = 10 * u, y;
    scm_text_style name = style_of(22 * u, 1, 360 * u), text = style_of(19 * u, 0, 360 * u);
    scm_canvas_rect(cv, c->at.x0, c->at.y0, c->w, c->h, INK);
    scm_canvas_rect(cv, c->at.x0 + fmax(1, u), c->at.y0 + fmax(1, u), c->w - 2 * fmax(1, u),
                    c->h - 2 * fmax(1, u), PAPER);
    y = c->at.y0 + pad;
    if (c->name[0])
        y += scm_canvas_text(cv, c->at.x0 + pad, y, c->name, &name) + 4 * u;
    scm_canvas_text(cv, c->at.x0 + pad, y, c->line, c->name[0] ? &text : &name);
}

/* The land of the map, drawn at a quarter scale into a canvas of its own and summed. */
static scm_status
land_new(scm_ctx *ctx, const scm__map_view *v, land_grid *lg)
{
    uint32_t w = (uint32_t)ceil((v->x + v->w) / GRID) + 1,
             h = (uint32_t)ceil((v->y + v->h) / GRID) + 1;
    scm_canvas *cv = NULL;
    scm_geometry *px = NULL;
    scm_image *img = NULL;
    uint8_t *cls = NULL;
    scm_rgba one = {0, 0, 0, 255};
    scm_fill_style fs = {one, one, 0, &one, 1, 1};
    size_t p, x, y;
    int empty;
    scm_status st = scm_canvas_new(ctx, w, h, &cv);
    if (st == SCM_OK)
        st = scm_image_new(ctx, w, h, &img);
    if (st == SCM_OK)
        st = scm_geometry_copy(ctx, v->g, &px);
    if (st == SCM_OK &&
        ((cls = calloc(v->g->n_features + 1, 1)) == NULL ||
         (lg->sum = scm__callocn((size_t)(w + 1) * (h + 1), sizeof(double))) == NULL))
        st = scm__error(ctx, SCM_ENOMEM, "frames: out of memory");
    for (p = 0; st == SCM_OK && p < px->n_points; p++) {
        px->xy[2 * p] = (v->ox + (px->xy[2 * p] - v->minx) * v->s) / GRID;
        px->xy[2 * p + 1] = (v->oy + (v->maxy - px->xy[2 * p + 1]) * v->s) / GRID;
    }
    if (st == SCM_OK) {
        scm_geometry_update_bbox(px);
        st = scm_canvas_draw_fills(ctx, cv, px, v->draw, v->n_draw, cls, &fs, 0, 0);
    }
    if (st == SCM_OK) {
        scm_canvas_read(cv, 0, 0, img, &empty);
        lg->w = w;
        lg->h = h;
        for (y = 0; y < h; y++)
            for (x = 0; x < w; x++)
                lg->sum[(y + 1) * (w + 1) + x + 1] =
                    (img->rgba[4 * (y * w + x) + 3] > 127) + lg->sum[y * (w + 1) + x + 1] +
                    lg->sum[(y + 1) * (w + 1) + x] - lg->sum[y * (w + 1) + x];
    }
    scm_canvas_free(cv);
    scm_image_free(img);
    scm_geometry_free(px);
    free(cls);
    return st;
}

/* The highlighted counties, outlined: 3 px of ink at 1080p in a white casing, so that the
 * line reads on any class colour. */
static scm_status
outline(scm_ctx *ctx, scm_canvas *cv, const scm__map_view *v, const callout *co, size_t n)
{
    scm_geometry *px = NULL;
    size_t f[MAX_CALLOUTS], m = 0, i, p;
    scm_fill_style fs = {PAPER, PAPER, 7 * v->u, NULL, 0, 0};
    scm_status st;
    for (i = 0; i < n; i++)
        if (co[i].name[0])
            f[m++] = co[i].county;
    if (m == 0)
        return SCM_OK;
    if ((st = scm_geometry_copy(ctx, v->g, &px)) != SCM_OK)
        return st;
    for (p = 0; p < px->n_points; p++) {
        px->xy[2 * p] = v->ox + (px->xy[2 * p] - v->minx) * v->s;
        px->xy[2 * p + 1] = v->oy + (v->maxy - px->xy[2 * p + 1]) * v->s;
    }
    scm_geometry_update_bbox(px);
    st = scm_canvas_draw_outlines(ctx, cv, px, f, m, NULL, &fs, 0, 0);
    fs.outline = INK;
    fs.outline_px = 3 * v->u;
    if (st == SCM_OK)
        st = scm_canvas_draw_outlines(ctx, cv, px, f, m, NULL, &fs, 0, 0);
    scm_geometry_free(px);
    return st;
}

/* The callouts of o for period k, measured and placed: *n of them in co. */
static scm_status
callouts(scm_ctx *ctx, scm_canvas *cv, const scm__map_view *v, const scm_frame_opts *o, size_t k,
         callout *co, size_t *n)
{
    box focus[MAX_CALLOUTS];
    land_grid land = {0, 0, NULL};
    size_t i;
    scm_status st = collect(ctx, cv, v, o, k, co, n);
    for (i = 0; i < *n && st == SCM_OK; i++)
        focus[i] = pixel_box(v, &v->g->bbox[co[i].county]);
    if (st == SCM_OK)
        st = land_new(ctx, v, &land);
    for (i = 0; i < *n && st == SCM_OK; i++)
        place(v, co, i, focus, *n, &land);
    free(land.sum);
    return st;
}

/* Appends to *r (*n rectangles, x, y, w, h each) squares of side 6 px at 1080p every 4 px
 * along the segment from (x0, y0) to (x1, y1). */
static scm_status
add_squares(scm_ctx *ctx, double **r, size_t *n, double x0, double y0, double x1, double y1,
            double u)
{
    size_t steps = (size_t)(hypot(x1 - x0, y1 - y0) / (4 * u)) + 1, j;
    double *nr = scm__reallocn(*r, 4 * (*n + steps + 1), sizeof *nr);
    if (nr == NULL)
        return scm__error(ctx, SCM_ENOMEM, "frames: out of memory");
    *r = nr;
    for (j = 0; j <= steps; j++, (*n)++) {
        double t = (double)j / (double)steps, *q = nr + 4 * *n;
        q[0] = x0 + t * (x1 - x0) - 3 * u;
        q[1] = y0 + t * (y1 - y0) - 3 * u;
        q[2] = q[3] = 6 * u;
    }
    return SCM_OK;
}

scm_status
scm__frames_focus_avoid(scm_ctx *ctx, scm_canvas *cv, const scm__map_view *v,
                        const scm_frame_opts *o, size_t k, double **out, size_t *n_out)
{
    const scm_geometry *g = v->g;
    callout co[MAX_CALLOUTS];
    size_t n = 0, i, m = 0, rg, p;
    double *r = NULL, u = v->u;
    scm_status st = SCM_OK;
    *out = NULL;
    *n_out = 0;
    if ((o->highlight == NULL || !o->highlight[0]) && o->n_annotations == 0)
        return SCM_OK;
    if ((st = callouts(ctx, cv, v, o, k, co, &n)) != SCM_OK)
        return st;
    for (i = 0; i < n && st == SCM_OK; i++) {
        double ax, ay, nx, ny;
        anchor(v, co[i].county, &ax, &ay);
        nearest(co[i].at, ax, ay, &nx, &ny);
        /* The box (a square spread over it), its leader, and its county's outline, which a
         * name crossed reads badly. */
        st = add_squares(ctx, &r, &m, ax, ay, ax, ay, u);
        if (st == SCM_OK) {
            memcpy(r + 4 * (m - 1), (double[4]){co[i].at.x0, co[i].at.y0, co[i].w, co[i].h},
                   4 * sizeof *r);
            st = add_squares(ctx, &r, &m, ax, ay, nx, ny, u);
        }
        for (rg = g->feature_ring[co[i].county];
             st == SCM_OK && rg < g->feature_ring[co[i].county + 1]; rg++)
            for (p = g->ring_point[rg]; st == SCM_OK && p + 1 < g->ring_point[rg + 1]; p++)
                st = add_squares(ctx, &r, &m, v->ox + (g->xy[2 * p] - v->minx) * v->s,
                                 v->oy + (v->maxy - g->xy[2 * p + 1]) * v->s,
                                 v->ox + (g->xy[2 * p + 2] - v->minx) * v->s,
                                 v->oy + (v->maxy - g->xy[2 * p + 3]) * v->s, u);
    }
    if (st != SCM_OK) {
        free(r);
        return st;
    }
    *out = r;
    *n_out = m;
    return SCM_OK;
}

scm_status
scm__frames_draw_focus(scm_ctx *ctx, scm_canvas *cv, const scm__map_view *v,
                       const scm_frame_opts *o, size_t k)
{
    callout co[MAX_CALLOUTS];
    size_t n = 0, i;
    scm_status st;
    if ((o->highlight == NULL || !o->highlight[0]) && o->n_annotations == 0)
        return SCM_OK;
    st = callouts(ctx, cv, v, o, k, co, &n);
    if (st == SCM_OK)
        st = outline(ctx, cv, v, co, n);
    /* Every leader under every box: a line never runs over another callout's text. */
    for (i = 0; i < n && st == SCM_OK; i++)
        st = draw_leader(ctx, cv, v, &co[i]);
    for (i = 0; i < n && st == SCM_OK; i++)
        draw_box(cv, v, &co[i]);
    return st;
}
