/* SPDX-License-Identifier: MIT */
/* Labels on frames and stills: a state's name where the state holds it, else its postal
 * abbreviation, offshore on a leader line for the small eastern states; city names by
 * population. Placed greedily, the most important first, so that nothing overlaps. */
#include "frame_private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scmap/project.h"

#include "../core/core_private.h"

/* At most this many cities are tried, the most populous: the GeoNames table holds 349. */
#define MAX_PLACES 400
/* A place this near a more populous one is taken for a part of it (the New York boroughs,
 * Saint Paul beside Minneapolis): one dot for both. Degrees of latitude, about 25 km. */
#define SAME_PLACE_DEG 0.22
#define PI             3.14159265358979323846

/* The states labelled, by FIPS code (names and USPS codes from scm_state_name and
 * scm_fips_state); offshore: the small eastern states, labelled out at sea. */
static const struct state_name {
    const char *code;
    int offshore;
} state_names[] = {
    {"01", 0}, {"02", 0}, {"04", 0}, {"05", 0}, {"06", 0}, {"08", 0}, {"09", 1}, {"10", 1},
    {"11", 1}, {"12", 0}, {"13", 0}, {"15", 0}, {"16", 0}, {"17", 0}, {"18", 0}, {"19", 0},
    {"20", 0}, {"21", 0}, {"22", 0}, {"23", 0}, {"24", 1}, {"25", 1}, {"26", 0}, {"27", 0},
    {"28", 0}, {"29", 0}, {"30", 0}, {"31", 0}, {"32", 0}, {"33", 1}, {"34", 1}, {"35", 0},
    {"36", 0}, {"37", 0}, {"38", 0}, {"39", 0}, {"40", 0}, {"41", 0}, {"42", 0}, {"44", 1},
    {"45", 0}, {"46", 0}, {"47", 0}, {"48", 0}, {"49", 0}, {"50", 1}, {"51", 0}, {"53", 0},
    {"54", 0}, {"55", 0}, {"56", 0}, {"72", 0},
};
#define N_STATE_NAMES (sizeof state_names / sizeof state_names[0])

typedef struct state_label {
    const struct state_name *name;
    size_t feature; /* in the states geometry */
    double area;    /* of its largest ring, composite square metres: the order of placing */
    double y;       /* of its label point, composite metres (y up) */
} state_label;

typedef struct city {
    char name[64];
    char code[3];
    double pop, lon, lat;
    size_t row; /* in the table: the order among equal populations */
} city;

struct scm__labels {
    state_label *states;
    size_t n_states;
    scm_geometry *anchors; /* one point per state label */
    city *cities;
    size_t n_cities;
    scm_geometry *city_pts; /* one point per city */
    uint8_t *city_inset;
    int show_states; /* the states are kept for the cities' sake alone otherwise */
};

static const struct state_name *
name_of(const char *code)
{
    size_t i;
    for (i = 0; i < N_STATE_NAMES; i++)
        if (strcmp(state_names[i].code, code) == 0)
            return &state_names[i];
    return NULL;
}

static const struct state_name *
name_of_abbr(const char *abbr)
{
    char code[3];
    return scm_state_parse(abbr, code) == 0 ? name_of(code) : NULL;
}

/* ---- geometry ---- */

/* A geometry of n features of one point each, coordinates zero. */
static scm_status
points_new(scm_ctx *ctx, size_t n, scm_geometry **out)
{
    scm_geometry *g = calloc(1, sizeof *g);
    size_t i;
    *out = NULL;
    if (g == NULL || (g->feature_ring = scm__mallocn(n + 1, sizeof(size_t))) == NULL ||
        (g->ring_point = scm__mallocn(n + 1, sizeof(size_t))) == NULL ||
        (g->xy = calloc(2 * n + 2, sizeof(double))) == NULL ||
        (g->bbox = scm__mallocn(n + 1, sizeof(scm_bbox))) == NULL) {
        scm_geometry_free(g);
        return scm__error(ctx, SCM_ENOMEM, "labels: out of memory");
    }
    g->n_features = g->n_rings = g->n_points = n;
    for (i = 0; i <= n; i++)
        g->feature_ring[i] = g->ring_point[i] = i;
    *out = g;
    return SCM_OK;
}

scm_status
scm__geometry_join(scm_ctx *ctx, const scm_geometry *a, const scm_geometry *b, scm_geometry **out)
{
    scm_geometry *g = calloc(1, sizeof *g);
    size_t i;
    *out = NULL;
    if (g == NULL ||
        (g->feature_ring = scm__mallocn(a->n_features + b->n_features + 1, sizeof(size_t))) ==
            NULL ||
        (g->ring_point = scm__mallocn(a->n_rings + b->n_rings + 1, sizeof(size_t))) == NULL ||
        (g->xy = scm__mallocn(2 * (a->n_points + b->n_points) + 2, sizeof(double))) == NULL ||
        (g->bbox = scm__mallocn(a->n_features + b->n_features + 1, sizeof(scm_bbox))) == NULL) {
        scm_geometry_free(g);
        return scm__error(ctx, SCM_ENOMEM, "geometry: out of memory");
    }
    g->n_features = a->n_features + b->n_features;
    g->n_rings = a->n_rings + b->n_rings;
    g->n_points = a->n_points + b->n_points;
    for (i = 0; i <= a->n_features; i++)
        g->feature_ring[i] = a->feature_ring[i];
    for (i = 1; i <= b->n_features; i++)
        g->feature_ring[a->n_features + i] = a->n_rings + b->feature_ring[i];
    for (i = 0; i <= a->n_rings; i++)
        g->ring_point[i] = a->ring_point[i];
    for (i = 1; i <= b->n_rings; i++)
        g->ring_point[a->n_rings + i] = a->n_points + b->ring_point[i];
    memcpy(g->xy, a->xy, 2 * a->n_points * sizeof(double));
    memcpy(g->xy + 2 * a->n_points, b->xy, 2 * b->n_points * sizeof(double));
    scm_geometry_update_bbox(g);
    *out = g;
    return SCM_OK;
}

/* Whether (x, y) is inside feature f of g (even-odd over all its rings: holes are out). */
static int
inside(const scm_geometry *g, size_t f, double x, double y)
{
    size_t r, p;
    int in = 0;
    for (r = g->feature_ring[f]; r < g->feature_ring[f + 1]; r++) {
        size_t p0 = g->ring_point[r], p1 = g->ring_point[r + 1];
        for (p = p0; p < p1; p++) {
            const double *a = g->xy + 2 * p, *b = g->xy + 2 * (p + 1 < p1 ? p + 1 : p0);
            if ((a[1] > y) != (b[1] > y) && x < a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1]))
                in = !in;
        }
    }
    return in;
}

static double
seg_dist2(double x, double y, const double *a, const double *b)
{
    double dx = b[0] - a[0], dy = b[1] - a[1], t = 0, l2 = dx * dx + dy * dy;
    if (l2 > 0)
        t = fmax(0, fmin(1, ((x - a[0]) * dx + (y - a[1]) * dy) / l2));
    dx = a[0] + t * dx - x;
    dy = a[1] + t * dy - y;
    return dx * dx + dy * dy;
}

/* Distance from (x, y) to the outline of feature f: negative outside. */
static double
edge_distance(const scm_geometry *g, size_t f, double x, double y)
{
    double best = INFINITY;
    size_t r, p;
    for (r = g->feature_ring[f]; r < g->feature_ring[f + 1]; r++) {
        size_t p0 = g->ring_point[r], p1 = g->ring_point[r + 1];
        for (p = p0; p < p1; p++)
            best =
                fmin(best, seg_dist2(x, y, g->xy + 2 * p, g->xy + 2 * (p + 1 < p1 ? p + 1 : p0)));
    }
    return (inside(g, f, x, y) ? 1 : -1) * sqrt(best);
}

typedef struct cell {
    double x, y, half, d, max;
} cell;

static cell
cell_at(const scm_geometry *g, size_t f, double x, double y, double half)
{
    cell c = {x, y, half, edge_distance(g, f, x, y), 0};
    c.max = c.d + half * sqrt(2);
    return c;
}

/* The pole of inaccessibility of feature f within box b (the point farthest inside from the
 * outline), to within precision: the "polylabel" search of Mapbox (Agafonkin 2016), cells
 * taken best bound first. */
static scm_status
pole(scm_ctx *ctx, const scm_geometry *g, size_t f, scm_bbox b, double *x, double *y)
{
    double w = b.maxx - b.minx, h = b.maxy - b.miny, size = fmin(w, h), half = size / 2;
    double precision = fmax(w, h) / 300;
    size_t n = 0, cap = 1024, i, best_i;
    cell *q = scm__mallocn(cap, sizeof *q), best;
    if (q == NULL)
        return scm__error(ctx, SCM_ENOMEM, "labels: out of memory");
    best = cell_at(g, f, b.minx + w / 2, b.miny + h / 2, 0);
    if (size <= 0) {
        free(q);
        *x = best.x;
        *y = best.y;
        return SCM_OK;
    }
    for (double cx = b.minx; cx < b.maxx; cx += size)
        for (double cy = b.miny; cy < b.maxy && n < cap; cy += size)
            q[n++] = cell_at(g, f, cx + half, cy + half, half);
    while (n > 0) {
        cell c;
        for (i = 1, best_i = 0; i < n; i++) /* a few hundred cells: a scan is enough */
            if (q[i].max > q[best_i].max)
                best_i = i;
        c = q[best_i];
        q[best_i] = q[--n];
        if (c.d > best.d)
            best = c;
        if (c.max - best.d <= precision)
            continue;
        if (n + 4 > cap) {
            cell *nq = scm__reallocn(q, cap * 2, sizeof *q);
            if (nq == NULL) {
                free(q);
                return scm__error(ctx, SCM_ENOMEM, "labels: out of memory");
            }
            q = nq;
            cap *= 2;
        }
        half = c.half / 2;
        q[n++] = cell_at(g, f, c.x - half, c.y - half, half);
        q[n++] = cell_at(g, f, c.x + half, c.y - half, half);
        q[n++] = cell_at(g, f, c.x - half, c.y + half, half);
        q[n++] = cell_at(g, f, c.x + half, c.y + half, half);
    }
    free(q);
    *x = best.x;
    *y = best.y;
    return SCM_OK;
}

/* The bbox and area of the largest ring of feature f (an island state's main island). */
static double
largest_ring(const scm_geometry *g, size_t f, scm_bbox *b)
{
    double best = 0;
    size_t r, p;
    *b = g->bbox[f];
    for (r = g->feature_ring[f]; r < g->feature_ring[f + 1]; r++) {
        size_t p0 = g->ring_point[r], p1 = g->ring_point[r + 1];
        double a = 0;
        scm_bbox rb = scm_bbox_empty();
        for (p = p0; p < p1; p++) {
            const double *u = g->xy + 2 * p, *v = g->xy + 2 * (p + 1 < p1 ? p + 1 : p0);
            a += u[0] * v[1] - v[0] * u[1];
            rb.minx = fmin(rb.minx, u[0]);
            rb.maxx = fmax(rb.maxx, u[0]);
            rb.miny = fmin(rb.miny, u[1]);
            rb.maxy = fmax(rb.maxy, u[1]);
        }
        if (fabs(a) / 2 > best) {
            best = fabs(a) / 2;
            *b = rb;
        }
    }
    return best;
}

/* ---- building ---- */

static scm_status
states_new(scm_ctx *ctx, scm__labels *lb, const scm_geometry *states, const char (*codes)[3],
           const size_t *draw, size_t n_draw)
{
    size_t i;
    scm_status rc;
    if ((lb->states = scm__mallocn(n_draw + 1, sizeof *lb->states)) == NULL)
        return scm__error(ctx, SCM_ENOMEM, "labels: out of memory");
    for (i = 0; i < n_draw; i++) {
        const struct state_name *nm = name_of(codes[draw[i]]);
        if (nm != NULL && states->bbox[draw[i]].minx <= states->bbox[draw[i]].maxx)
            lb->states[lb->n_states++] = (state_label){nm, draw[i], 0, 0};
    }
    if ((rc = points_new(ctx, lb->n_states, &lb->anchors)) != SCM_OK)
        return rc;
    for (i = 0; i < lb->n_states && rc == SCM_OK; i++) {
        scm_bbox b;
        lb->states[i].area = largest_ring(states, lb->states[i].feature, &b);
        rc = pole(ctx, states, lb->states[i].feature, b, &lb->anchors->xy[2 * i],
                  &lb->anchors->xy[2 * i + 1]);
        lb->states[i].y = -lb->anchors->xy[2 * i + 1];
    }
    scm_geometry_update_bbox(lb->anchors);
    return rc;
}

/* Whether (x, y) lies in a county of sh's state code (one marked in counties unless NULL). */
static int
in_state(const scm_shapes *sh, const uint8_t *counties, const char *code, double x, double y)
{
    const scm_geometry *g = scm_shapes_geometry(sh);
    size_t f;
    for (f = 0; f < g->n_features; f++) {
        const scm_bbox *b = &g->bbox[f];
        if ((counties != NULL && !counties[f]) || x < b->minx || x > b->maxx || y < b->miny ||
            y > b->maxy || strncmp(scm_shapes_fips(sh, f), code, 2) != 0)
            continue;
        if (inside(g, f, x, y))
            return 1;
    }
    return 0;
}

static int
by_population(const void *a, const void *b)
{
    const city *x = a, *y = b;
    if (x->pop != y->pop)
        return (x->pop < y->pop) - (x->pop > y->pop);
    return (x->row > y->row) - (x->row < y->row);
}

/* The places of the table, most populous first, each part of a bigger one left out, each
 * outside the map's counties left out (projected with the counties, a place beyond them would
 * move the insets). */
/* A city's name in lang: the names Spanish-language newsrooms write otherwise (Nueva York,
 * Los Ángeles), else GeoNames' own. */
const char *
scm__city_name(const char *name, scm_lang lang)
{
    static const char *const es[][2] = {
        {"New York City", "Nueva York"},          {"Los Angeles", "Los Ángeles"},
        {"Philadelphia", "Filadelfia"},           {"San Jose", "San José"},
        {"New Orleans", "Nueva Orleans"},         {"St. Louis", "San Luis"},
        {"Washington, D.C.", "Washington D. C."},
    };
    size_t i;
    for (i = 0; lang == SCM_LANG_ES && i < sizeof es / sizeof es[0]; i++)
        if (strcmp(name, es[i][0]) == 0)
            return es[i][1];
    return name;
}

/* Places GeoNames gives a population they do not have, left out where a geonames_id column
 * names them (the table itself stays as copied): Ironville and Meads, two unincorporated
 * communities near Ashland, Kentucky, each with 288,649 people (a metro area's figure), so a
 * national map named "Ironville" beside Cincinnati and Pittsburgh. */
static int
known_wrong(const scm_table *t, long id_col, size_t r)
{
    static const char *const ids[] = {"4295940", "4300488"};
    size_t i;
    for (i = 0; id_col >= 0 && i < sizeof ids / sizeof ids[0]; i++)
        if (strcmp(scm_table_cell(t, r, (size_t)id_col), ids[i]) == 0)
            return 1;
    return 0;
}

static scm_status
cities_new(scm_ctx *ctx, scm__labels *lb, const char *path, const scm_shapes *sh,
           const uint8_t *counties)
{
    static const char *const cols[] = {"name", "state", "lon", "lat", "population"};
    scm_table *t = NULL;
    long c[5], id_col;
    double *ll = NULL;
    size_t r, i, j, n = 0, kept = 0;
    scm_status rc;
    if (path == NULL)
        return scm__error(ctx, SCM_EINVAL, "labels: city labels need a places table");
    if ((rc = scm_table_read(ctx, path, &t)) != SCM_OK)
        return rc;
    for (i = 0; i < 5; i++)
        if ((c[i] = scm_table_col(t, cols[i])) < 0) {
            rc = scm__error(ctx, SCM_EDATA, "%s:1: no column \"%s\"", path, cols[i]);
            goto done;
        }
    id_col = scm_table_col(t, "geonames_id");
    /* Every row is read and the most populous kept: the table need not be in order. */
    lb->cities = scm__mallocn(scm_table_rows(t) + 1, sizeof *lb->cities);
    ll = scm__mallocn(2 * scm_table_rows(t) + 2, sizeof *ll);
    if (lb->cities == NULL || ll == NULL) {
        rc = scm__error(ctx, SCM_ENOMEM, "labels: out of memory");
        goto done;
    }
    for (r = 0; r < scm_table_rows(t); r++) {
        const struct state_name *nm = name_of_abbr(scm_table_cell(t, r, (size_t)c[1]));
        const char *name = scm_table_cell(t, r, (size_t)c[0]);
        city *ct = &lb->cities[n];
        double v[3];
        for (i = 0; i < 3; i++) {
            const char *txt = scm_table_cell(t, r, (size_t)c[2 + i]);
            char *end;
            v[i] = strtod(txt, &end);
            if (end == txt || *end || !isfinite(v[i]) || (i == 2 && v[i] < 0)) {
                rc = scm__error(ctx, SCM_EDATA, "%s:%zu: %s \"%s\" is not a %snumber", path,
                                scm_table_line(t, r), cols[2 + i], txt, i == 2 ? "positive " : "");
                goto done;
            }
        }
        if (name[0] == '\0' || !scm__utf8_valid(name)) {
            rc = scm__error(ctx, SCM_EDATA, "%s:%zu: the name is %s", path, scm_table_line(t, r),
                            name[0] ? "not UTF-8 text (save the table as UTF-8)" : "empty");
            goto done;
        }
        if (nm == NULL || known_wrong(t, id_col, r))
            continue;
        scm__snprintf_utf8(ct->name, sizeof ct->name, "%s", name);
        memcpy(ct->code, nm->code, 3);
        ct->pop = v[2];
        ll[2 * n] = v[0];
        ll[2 * n + 1] = v[1];
        n++;
    }
    for (i = 0; i < n; i++) {
        lb->cities[i].lon = ll[2 * i];
        lb->cities[i].lat = ll[2 * i + 1];
        lb->cities[i].row = i;
    }
    qsort(lb->cities, n, sizeof *lb->cities, by_population);
    n = n < MAX_PLACES ? n : MAX_PLACES;
    for (i = 0; i < n; i++) {
        ll[2 * i] = lb->cities[i].lon;
        ll[2 * i + 1] = lb->cities[i].lat;
    }
    for (i = 0; i < n; i++) {
        int near = 0;
        for (j = 0; j < kept && !near; j++)
            near = fabs(ll[2 * i + 1] - ll[2 * j + 1]) < SAME_PLACE_DEG &&
                   fabs(ll[2 * i] - ll[2 * j]) * cos(ll[2 * i + 1] * PI / 180) < SAME_PLACE_DEG;
        if (near)
            continue;
        lb->cities[kept] = lb->cities[i];
        ll[2 * kept] = ll[2 * i];
        ll[2 * kept + 1] = ll[2 * i + 1];
        kept++;
    }
    n = kept;
    if ((rc = scm_project_points(ctx, "", scm_shapes_crs(sh), ll, n)) != SCM_OK)
        goto done;
    for (i = 0, kept = 0; i < n; i++) {
        if (!in_state(sh, counties, lb->cities[i].code, ll[2 * i], ll[2 * i + 1]))
            continue;
        lb->cities[kept] = lb->cities[i];
        ll[2 * kept] = ll[2 * i];
        ll[2 * kept + 1] = ll[2 * i + 1];
        kept++;
    }
    lb->n_cities = kept;
    if ((rc = points_new(ctx, kept, &lb->city_pts)) != SCM_OK)
        goto done;
    if ((lb->city_inset = malloc(kept + 1)) == NULL) {
        rc = scm__error(ctx, SCM_ENOMEM, "labels: out of memory");
        goto done;
    }
    memcpy(lb->city_pts->xy, ll, 2 * kept * sizeof *ll);
    scm_geometry_update_bbox(lb->city_pts);
    for (i = 0; i < kept; i++) {
        char fips[6] = {lb->cities[i].code[0], lb->cities[i].code[1], '0', '0', '0', '\0'};
        lb->city_inset[i] = (uint8_t)scm_inset_of(fips);
    }
done:
    free(ll);
    scm_table_free(t);
    return rc;
}

scm_status
scm__labels_new(scm_ctx *ctx, scm_map_labels which, const char *places, const scm_shapes *sh,
                const uint8_t *counties, const scm_geometry *states, const char (*codes)[3],
                const size_t *draw, size_t n_draw, scm__labels **out)
{
    scm__labels *lb = calloc(1, sizeof *lb);
    scm_status rc = SCM_OK;
    *out = NULL;
    if (lb == NULL)
        return scm__error(ctx, SCM_ENOMEM, "labels: out of memory");
    lb->show_states = (which & SCM_LABELS_STATES) != 0;
    if (states != NULL)
        rc = states_new(ctx, lb, states, codes, draw, n_draw);
    if (rc == SCM_OK && (which & SCM_LABELS_CITIES))
        rc = cities_new(ctx, lb, places, sh, counties);
    if (rc != SCM_OK) {
        scm__labels_free(lb);
        return rc;
    }
    *out = lb;
    return SCM_OK;
}

void
scm__labels_free(scm__labels *lb)
{
    if (lb == NULL)
        return;
    free(lb->states);
    scm_geometry_free(lb->anchors);
    free(lb->cities);
    scm_geometry_free(lb->city_pts);
    free(lb->city_inset);
    free(lb);
}

const scm_geometry *
scm__labels_anchors(const scm__labels *lb)
{
    return lb->n_states > 0 ? lb->anchors : NULL;
}

scm_geometry *
scm__labels_cities(scm__labels *lb, const uint8_t **inset)
{
    *inset = lb->city_inset;
    return lb->n_cities > 0 ? lb->city_pts : NULL;
}

const char *
scm__labels_credit(const scm__labels *lb, scm_lang lang)
{
    if (lb == NULL || lb->city_pts == NULL)
        return NULL;
    return lang == SCM_LANG_ES ? "Lugares: GeoNames (CC BY 4.0)" : "Places: GeoNames (CC BY 4.0)";
}

/* ---- placing ---- */

typedef struct box {
    double x0, y0, x1, y1;
} box;

typedef struct placer {
    const scm__label_view *v;
    box *taken; /* label boxes and city dots */
    size_t n_taken;
    double *leader; /* x0, y0, x1, y1 each */
    size_t n_leader;
    box inset[4]; /* pixel bounds of each inset's states; empty for none */
} placer;

static int
overlap(box a, box b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/* Whether the segment a-b meets box r (Liang-Barsky clipping). */
static int
seg_meets(const double *a, const double *b, box r)
{
    double t0 = 0, t1 = 1, dx = b[0] - a[0], dy = b[1] - a[1];
    double p[4] = {-dx, dx, -dy, dy}, q[4] = {a[0] - r.x0, r.x1 - a[0], a[1] - r.y0, r.y1 - a[1]};
    int i;
    for (i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return 0;
        } else {
            double t = q[i] / p[i];
            if (p[i] < 0)
                t0 = fmax(t0, t);
            else
                t1 = fmin(t1, t);
            if (t0 > t1)
                return 0;
        }
    }
    return 1;
}

/* Whether any edge of feature f crosses box r. */
static int
edges_meet(const scm_geometry *g, size_t f, box r)
{
    const scm_bbox *b = &g->bbox[f];
    size_t q, p;
    if (b->maxx < r.x0 || b->minx > r.x1 || b->maxy < r.y0 || b->miny > r.y1)
        return 0;
    for (q = g->feature_ring[f]; q < g->feature_ring[f + 1]; q++) {
        size_t p0 = g->ring_point[q], p1 = g->ring_point[q + 1];
        for (p = p0; p < p1; p++)
            if (seg_meets(g->xy + 2 * p, g->xy + 2 * (p + 1 < p1 ? p + 1 : p0), r))
                return 1;
    }
    return 0;
}

static int
box_inside(const scm_geometry *g, size_t f, box r)
{
    return inside(g, f, r.x0, r.y0) && !edges_meet(g, f, r);
}

/* Whether box r touches any state of the view (over land, not at sea). */
static int
over_land(const placer *pl, const scm__labels *lb, box r)
{
    size_t i;
    for (i = 0; i < lb->n_states; i++) {
        size_t f = lb->states[i].feature;
        if (edges_meet(pl->v->states, f, r) || inside(pl->v->states, f, r.x0, r.y0))
            return 1;
    }
    return 0;
}

/* Whether r is clear: inside the frame, off every avoided rectangle, label, dot and leader
 * line, and off every inset but own (SCM_INSET_NONE for none). */
static int
is_free(const placer *pl, box r, int own)
{
    const scm__label_view *v = pl->v;
    double m = 4 * v->u;
    size_t i;
    int k;
    if (r.x0 < m || r.y0 < m || r.x1 > v->width - m || r.y1 > v->height - m)
        return 0;
    for (i = 0; i < v->n_avoid; i++) {
        const double *a = v->avoid + 4 * i;
        if (overlap(r, (box){a[0], a[1], a[0] + a[2], a[1] + a[3]}))
            return 0;
    }
    for (i = 0; i < pl->n_taken; i++)
        if (overlap(r, pl->taken[i]))
            return 0;
    for (i = 0; i < pl->n_leader; i++)
        if (seg_meets(pl->leader + 4 * i, pl->leader + 4 * i + 2, r))
            return 0;
    for (k = SCM_INSET_ALASKA; k <= SCM_INSET_PR; k++)
        if (k != own && overlap(r, pl->inset[k]))
            return 0;
    return 1;
}

static scm_status
take(scm_ctx *ctx, placer *pl, box r)
{
    box *nt = scm__reallocn(pl->taken, pl->n_taken + 1, sizeof *nt);
    if (nt == NULL)
        return scm__error(ctx, SCM_ENOMEM, "labels: out of memory");
    pl->taken = nt;
    pl->taken[pl->n_taken++] = r;
    return SCM_OK;
}

typedef struct text {
    const char *line[2];
    char buf[2][64];
    size_t n;
    double w, h, line_h[2];
} text;

static scm_text_style
label_style(const scm__label_view *v, int is_city)
{
    scm_text_style ts = {
        (is_city ? 13 : 15) * v->u, !is_city, {26, 26, 26, 255}, 0, SCM_ALIGN_LEFT};
    return ts;
}

/* s as one line, or (two_lines) split at the space nearest its middle. */
static void
measure(scm_canvas *cv, const scm_text_style *ts, const char *s, int two_lines, text *t)
{
    const char *sp = NULL, *p;
    double w;
    size_t i;
    memset(t, 0, sizeof *t);
    for (p = strchr(s, ' '); two_lines && p != NULL; p = strchr(p + 1, ' '))
        if (sp == NULL ||
            labs((long)(p - s) * 2 - (long)strlen(s)) < labs((long)(sp - s) * 2 - (long)strlen(s)))
            sp = p;
    if (sp == NULL) {
        snprintf(t->buf[0], sizeof t->buf[0], "%s", s);
        t->n = 1;
    } else {
        snprintf(t->buf[0], sizeof t->buf[0], "%.*s", (int)(sp - s), s);
        snprintf(t->buf[1], sizeof t->buf[1], "%s", sp + 1);
        t->n = 2;
    }
    for (i = 0; i < t->n; i++) {
        t->line[i] = t->buf[i];
        scm_canvas_text_size(cv, t->buf[i], ts, &w, &t->line_h[i]);
        t->w = fmax(t->w, w);
        t->h += t->line_h[i] * (i + 1 < t->n ? 0.85 : 1); /* two lines set a little tight */
    }
}

static scm_status
add_label(scm_ctx *ctx, placer *pl, size_t *n, const text *t, box r, double ax, double ay, int kind,
          scm__label *store)
{
    scm__label *l = &store[*n];
    *l = (scm__label){r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0, ax, ay, kind, {NULL, NULL}, t->n};
    l->line[0] = t->line[0];
    l->line[1] = t->line[1];
    (*n)++;
    return take(ctx, pl, r);
}

static box
centred(double x, double y, const text *t, double pad)
{
    return (box){x - t->w / 2 - pad, y - t->h / 2 - pad, x + t->w / 2 + pad, y + t->h / 2 + pad};
}

static int
by_area(const void *a, const void *b)
{
    const state_label *x = *(const state_label *const *)a, *y = *(const state_label *const *)b;
    if (x->name->offshore != y->name->offshore)
        return x->name->offshore - y->name->offshore;
    if (x->name->offshore) /* north to south, so that their labels stack down the coast */
        return (x->y > y->y) - (x->y < y->y);
    return (x->area < y->area) - (x->area > y->area);
}

/* An offshore place for a state's abbreviation: out to the east (right) of its label point,
 * nearest first, at sea, with a leader line that crosses no other label. */
static int
offshore(const placer *pl, const scm__labels *lb, double ax, double ay, const text *t, double pad,
         box *out)
{
    static const double angles[] = {0, -25, 25, -50, 50, -75, 75, 100};
    double u = pl->v->u, r, max = pl->v->leader_max > 0 ? pl->v->leader_max : 220 * u;
    size_t a, i;
    for (r = 14 * u; r < max; r += 6 * u)
        for (a = 0; a < sizeof angles / sizeof angles[0]; a++) {
            double ex = ax + r * cos(angles[a] * PI / 180);
            double ey = ay + r * sin(angles[a] * PI / 180);
            double seg[4] = {ax, ay, ex, ey};
            box b = {ex, ey - t->h / 2 - pad, ex + t->w + 2 * pad, ey + t->h / 2 + pad};
            int clear = is_free(pl, b, SCM_INSET_NONE) && !over_land(pl, lb, b);
            for (i = 0; clear && i < pl->n_taken; i++)
                clear = !seg_meets(seg, seg + 2, pl->taken[i]);
            if (clear) {
                *out = b;
                return 1;
            }
        }
    return 0;
}

/* Beside a state that holds not even its abbreviation (Hawaii's islands, Puerto Rico): to its
 * right, below, left or above, without a line. */
static int
beside(const placer *pl, const scm__labels *lb, const scm_bbox *sb, const text *t, double pad,
       int inset, box *out)
{
    double g = 4 * pl->v->u, w = t->w + 2 * pad, h = t->h + 2 * pad;
    double cx = (sb->minx + sb->maxx) / 2, cy = (sb->miny + sb->maxy) / 2;
    box c[4] = {{sb->maxx + g, cy - h / 2, sb->maxx + g + w, cy + h / 2},
                {cx - w / 2, sb->maxy + g, cx + w / 2, sb->maxy + g + h},
                {sb->minx - g - w, cy - h / 2, sb->minx - g, cy + h / 2},
                {cx - w / 2, sb->miny - g - h, cx + w / 2, sb->miny - g}};
    size_t i;
    for (i = 0; i < 4; i++)
        if (is_free(pl, c[i], inset) && !over_land(pl, lb, c[i])) {
            *out = c[i];
            return 1;
        }
    return 0;
}

static scm_status
place_states(scm_ctx *ctx, const scm__labels *lb, scm_canvas *cv, placer *pl, scm__label *store,
             size_t *n, text *texts)
{
    const scm__label_view *v = pl->v;
    const state_label **order = scm__mallocn(lb->n_states + 1, sizeof *order);
    scm_text_style ts = label_style(v, 0);
    double pad = 2 * v->u;
    size_t i;
    scm_status rc = SCM_OK;
    if (order == NULL)
        return scm__error(ctx, SCM_ENOMEM, "labels: out of memory");
    for (i = 0; i < lb->n_states; i++)
        order[i] = &lb->states[i];
    qsort(order, lb->n_states, sizeof *order, by_area);
    for (i = 0; i < lb->n_states && rc == SCM_OK; i++) {
        const state_label *s = order[i];
        size_t k = (size_t)(s - lb->states), f = s->feature;
        const char *name = scm_state_name(s->name->code, v->lang);
        double ax = v->anchors->xy[2 * k], ay = v->anchors->xy[2 * k + 1];
        int inset = scm_inset_of((char[6]){s->name->code[0], s->name->code[1], '0', '0', '0', 0});
        text *t = &texts[i];
        box b;
        int lines, kind = SCM__LABEL_STATE;
        /* A key of small multiples names no state: its abbreviations read as a key and
         * leave the small map its colours. */
        for (lines = v->abbr_only ? 3 : 1; lines <= 2; lines++) {
            measure(cv, &ts, name, lines == 2, t);
            b = centred(ax, ay, t, pad);
            if ((lines == 1 || t->n == 2) && box_inside(v->states, f, b) && is_free(pl, b, inset))
                break;
        }
        if (lines > 2) {
            int ok;
            measure(cv, &ts, scm_fips_state(s->name->code), 0, t);
            b = centred(ax, ay, t, pad);
            /* A mainland state that is not one of the small eastern ones takes its
             * abbreviation on its label point even when it overhangs the outline a little. */
            ok = (box_inside(v->states, f, b) || (!s->name->offshore && inset == SCM_INSET_MAIN)) &&
                 is_free(pl, b, inset);
            if (!ok && s->name->offshore && offshore(pl, lb, ax, ay, t, pad, &b)) {
                ok = 1;
                kind = SCM__LABEL_LEADER;
            } else if (!ok && !s->name->offshore && inset != SCM_INSET_MAIN) {
                ok = beside(pl, lb, &v->states->bbox[f], t, pad, inset, &b);
            }
            if (!ok)
                continue;
        }
        rc = add_label(ctx, pl, n, t, b, ax, ay, kind, store);
        if (rc == SCM_OK && kind == SCM__LABEL_LEADER) {
            double *nl = scm__reallocn(pl->leader, 4 * (pl->n_leader + 1), sizeof *nl);
            if (nl == NULL) {
                rc = scm__error(ctx, SCM_ENOMEM, "labels: out of memory");
                break;
            }
            pl->leader = nl;
            nl += 4 * pl->n_leader++;
            nl[0] = ax;
            nl[1] = ay;
            nl[2] = b.x0;
            nl[3] = (b.y0 + b.y1) / 2;
        }
    }
    free(order);
    return rc;
}

static scm_status
place_cities(scm_ctx *ctx, const scm__labels *lb, scm_canvas *cv, placer *pl, scm__label *store,
             size_t *n, text *texts)
{
    const scm__label_view *v = pl->v;
    scm_text_style ts = label_style(v, 1);
    double pad = 1.5 * v->u, r = 3 * v->u, gap = 3 * v->u, area;
    size_t i, a, placed = 0, max;
    scm_bbox all = scm_bbox_empty();
    scm_status rc = SCM_OK;
    for (i = 0; i < lb->n_states; i++)
        scm_bbox_union(&all, &v->states->bbox[lb->states[i].feature]);
    for (i = 0; i < lb->n_cities; i++) {
        const double *p = v->cities->xy + 2 * i;
        all.minx = fmin(all.minx, p[0]);
        all.maxx = fmax(all.maxx, p[0]);
        all.miny = fmin(all.miny, p[1]);
        all.maxy = fmax(all.maxy, p[1]);
    }
    /* About one city a 160 x 160 pixel square of map (at a 1080-pixel unit): context,
     * not a gazetteer over the data. */
    area = (v->map_area > 0 ? v->map_area : (all.maxx - all.minx) * (all.maxy - all.miny)) /
           (v->u * v->u);
    max = (size_t)fmax(1, area / (160.0 * 160.0));
    for (i = 0; i < lb->n_cities && placed < max && rc == SCM_OK; i++) {
        double x = v->cities->xy[2 * i], y = v->cities->xy[2 * i + 1], w, h;
        text *t = &texts[i];
        box dot = {x - r - pad, y - r - pad, x + r + pad, y + r + pad}, c[6];
        int inset = lb->city_inset[i];
        measure(cv, &ts, scm__city_name(lb->cities[i].name, v->lang), 0, t);
        w = t->w + 2 * pad;
        h = t->h + 2 * pad;
        c[0] = (box){x + r + gap, y - h / 2, x + r + gap + w, y + h / 2};
        c[1] = (box){x - r - gap - w, y - h / 2, x - r - gap, y + h / 2};
        c[2] = (box){x + r / 2, y - r - h, x + r / 2 + w, y - r};
        c[3] = (box){x + r / 2, y + r, x + r / 2 + w, y + r + h};
        c[4] = (box){x - r / 2 - w, y - r - h, x - r / 2, y - r};
        c[5] = (box){x - r / 2 - w, y + r, x - r / 2, y + r + h};
        if (!is_free(pl, dot, inset))
            continue;
        for (a = 0; a < 6; a++)
            if (is_free(pl, c[a], inset))
                break;
        if (a == 6)
            continue;
        if ((rc = take(ctx, pl, dot)) == SCM_OK)
            rc = add_label(ctx, pl, n, t, c[a], x, y, SCM__LABEL_CITY, store);
        placed++;
    }
    return rc;
}

scm_status
scm__labels_place(scm_ctx *ctx, const scm__labels *lb, scm_canvas *cv, const scm__label_view *v,
                  scm__label **out, size_t *n)
{
    placer pl;
    size_t total = lb->n_states + lb->n_cities, i;
    /* One allocation: the labels, then the texts their lines point into. */
    char *mem = calloc(1, (total + 1) * (sizeof(scm__label) + sizeof(text)));
    scm__label *store = (scm__label *)(void *)mem;
    text *texts = (text *)(void *)(mem + (total + 1) * sizeof(scm__label));
    scm_status rc = SCM_OK;
    *out = NULL;
    *n = 0;
    if (mem == NULL)
        return scm__error(ctx, SCM_ENOMEM, "labels: out of memory");
    memset(&pl, 0, sizeof pl);
    pl.v = v;
    for (i = 0; i < 4; i++)
        pl.inset[i] = (box){INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (i = 0; i < lb->n_states; i++) {
        const scm_bbox *b = &v->states->bbox[lb->states[i].feature];
        int k = scm_inset_of(
            (char[6]){lb->states[i].name->code[0], lb->states[i].name->code[1], '0', '0', '0', 0});
        if (k == SCM_INSET_MAIN || k == SCM_INSET_NONE)
            continue;
        pl.inset[k].x0 = fmin(pl.inset[k].x0, b->minx);
        pl.inset[k].y0 = fmin(pl.inset[k].y0, b->miny);
        pl.inset[k].x1 = fmax(pl.inset[k].x1, b->maxx);
        pl.inset[k].y1 = fmax(pl.inset[k].y1, b->maxy);
    }
    if (lb->show_states && lb->n_states > 0 && v->anchors != NULL)
        rc = place_states(ctx, lb, cv, &pl, store, n, texts);
    if (rc == SCM_OK && lb->n_cities > 0 && v->cities != NULL)
        rc = place_cities(ctx, lb, cv, &pl, store, n, texts + lb->n_states);
    free(pl.taken);
    free(pl.leader);
    if (rc != SCM_OK) {
        free(mem);
        *n = 0;
        return rc;
    }
    *out = store;
    return SCM_OK;
}

scm_status
scm__labels_draw(scm_ctx *ctx, const scm__labels *lb, scm_canvas *cv, const scm__label_view *v)
{
    static const scm_rgba white = {255, 255, 255, 255}, ink = {26, 26, 26, 255},
                          muted = {85, 85, 85, 255};
    scm__label *ls = NULL;
    size_t n, i, j;
    double u = v->u;
    scm_status rc = scm__labels_place(ctx, lb, cv, v, &ls, &n);
    if (rc != SCM_OK)
        return rc;
    for (i = 0; i < n; i++) {
        const scm__label *l = &ls[i];
        scm_text_style ts = label_style(v, l->kind == SCM__LABEL_CITY);
        double y = l->y, pad = (l->kind == SCM__LABEL_CITY ? 1.5 : 2) * u;
        if (l->kind == SCM__LABEL_LEADER) {
            scm_canvas_line(cv, l->ax, l->ay, l->x, l->y + l->h / 2, 2.5 * u, white);
            scm_canvas_line(cv, l->ax, l->ay, l->x, l->y + l->h / 2, 1 * u, muted);
        }
        if (l->kind == SCM__LABEL_CITY)
            scm_canvas_dot(cv, l->ax, l->ay, 3 * u, ink, white, 1.2 * u);
        y += pad;
        for (j = 0; j < l->n_lines; j++) {
            double w, h;
            scm_canvas_text_size(cv, l->line[j], &ts, &w, &h);
            /* State names are centred, city names flush to their dot's side. */
            double x = l->kind == SCM__LABEL_CITY && l->x + l->w / 2 < l->ax ? l->x + l->w - pad - w
                       : l->kind == SCM__LABEL_CITY                          ? l->x + pad
                                                    : l->x + (l->w - w) / 2;
            scm_canvas_text_halo(cv, x, y, l->line[j], &ts, white, 3 * u);
            y += h * 0.85;
        }
    }
    free(ls);
    return SCM_OK;
}

/* ---- web maps ---- */

static scm_status
web_points(scm_ctx *ctx, const scm__labels *lb, const scm_geometry *merc, scm_label_point *pts)
{
    double *xy = scm__mallocn(2 * lb->n_states + 2, sizeof *xy);
    size_t *order = scm__mallocn(lb->n_states + 1, sizeof *order), i, j, k;
    scm_status rc;
    if (xy == NULL || order == NULL) {
        free(xy);
        free(order);
        return scm__error(ctx, SCM_ENOMEM, "labels: out of memory");
    }
    /* Largest first, as frames place them: an insertion sort of some fifty states. */
    for (i = 0; i < lb->n_states; i++) {
        for (j = i; j > 0 && lb->states[order[j - 1]].area < lb->states[i].area; j--)
            order[j] = order[j - 1];
        order[j] = i;
    }
    for (i = 0; i < lb->n_states; i++) {
        k = order[i];
        memcpy(pts[i].code, lb->states[k].name->code, 3);
        memcpy(xy + 2 * i, lb->anchors->xy + 2 * k, 2 * sizeof *xy);
        pts[i].room_m = edge_distance(merc, lb->states[k].feature, xy[2 * i], xy[2 * i + 1]);
    }
    rc = scm_project_points(ctx, "EPSG:3857", "EPSG:4326", xy, lb->n_states);
    for (i = 0; rc == SCM_OK && i < lb->n_states; i++) {
        pts[i].lon_deg = xy[2 * i];
        pts[i].lat_deg = xy[2 * i + 1];
    }
    free(xy);
    free(order);
    return rc;
}

scm_status
scm_labels_points(scm_ctx *ctx, const scm_shapes *shapes, scm_map_labels which, const char *places,
                  scm_label_point **out, size_t *n)
{
    scm_geometry *states = NULL, *merc = NULL;
    char(*codes)[3] = NULL;
    size_t *draw = NULL, n_draw = 0, i, total;
    scm__labels *lb = NULL;
    scm_label_point *pts = NULL;
    scm_status rc = SCM_OK;
    *out = NULL;
    *n = 0;
    if (which & SCM_LABELS_STATES) {
        /* The pole found where the page draws: Web Mercator's, not the composite's. */
        rc = scm_states_from_shapes(ctx, shapes, &states, &codes);
        if (rc == SCM_OK)
            rc = scm_project_geometry(ctx, states, scm_shapes_crs(shapes), "EPSG:3857", &merc);
        if (rc == SCM_OK && (draw = scm__mallocn(merc->n_features + 1, sizeof *draw)) == NULL)
            rc = scm__error(ctx, SCM_ENOMEM, "labels: out of memory");
        for (i = 0; rc == SCM_OK && i < merc->n_features; i++)
            draw[n_draw++] = i;
    }
    if (rc == SCM_OK)
        rc = scm__labels_new(ctx, which, places, shapes, NULL, merc, (const char(*)[3])codes, draw,
                             n_draw, &lb);
    total = rc == SCM_OK ? lb->n_states + lb->n_cities : 0;
    if (rc == SCM_OK && (pts = calloc(total + 1, sizeof *pts)) == NULL)
        rc = scm__error(ctx, SCM_ENOMEM, "labels: out of memory");
    if (rc == SCM_OK && lb->n_states > 0)
        rc = web_points(ctx, lb, merc, pts);
    for (i = 0; rc == SCM_OK && i < lb->n_cities; i++) {
        scm_label_point *p = &pts[lb->n_states + i];
        memcpy(p->code, lb->cities[i].code, 3);
        memcpy(p->name, lb->cities[i].name, sizeof p->name);
        snprintf(p->name_es, sizeof p->name_es, "%s",
                 scm__city_name(lb->cities[i].name, SCM_LANG_ES));
        p->lon_deg = lb->cities[i].lon;
        p->lat_deg = lb->cities[i].lat;
        p->population = lb->cities[i].pop;
    }
    scm__labels_free(lb);
    scm_geometry_free(states);
    scm_geometry_free(merc);
    free(codes);
    free(draw);
    if (rc != SCM_OK) {
        free(pts);
        return rc;
    }
    *out = pts;
    *n = total;
    return SCM_OK;
}
