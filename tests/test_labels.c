/* SPDX-License-Identifier: MIT */
/* Map labels (src/frame/labels.c): no two boxes overlap, none meets what it must avoid or
 * leaves the frame; names where they fit, abbreviations offshore, Spanish names, the places
 * table read and thinned; the style key and its override. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/scmap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/frame/frame_private.h"
#include "scm_test.h"

#define D SCM_TEST_DATA "/"

static scm_ctx *ctx;

/* A made-up map of squares (x, y, side; pixels, y down), one state each, counter-clockwise
 * as the composite's outer rings are once y is flipped: what matters here is inside and out. */
typedef struct square {
    const char *code;
    double x, y, side;
} square;

static scm_geometry *
squares(const square *sq, size_t n, char (**codes)[3], size_t **draw)
{
    scm_geometry *g = calloc(1, sizeof *g);
    size_t i, k;
    g->n_features = g->n_rings = n;
    g->n_points = 4 * n;
    g->feature_ring = calloc(n + 1, sizeof(size_t));
    g->ring_point = calloc(n + 1, sizeof(size_t));
    g->xy = calloc(8 * n, sizeof(double));
    g->bbox = calloc(n, sizeof(scm_bbox));
    *codes = calloc(n, 3);
    *draw = calloc(n, sizeof(size_t));
    for (i = 0; i < n; i++) {
        const double c[4][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
        g->feature_ring[i + 1] = i + 1;
        g->ring_point[i + 1] = 4 * (i + 1);
        for (k = 0; k < 4; k++) {
            g->xy[8 * i + 2 * k] = sq[i].x + c[k][0] * sq[i].side;
            g->xy[8 * i + 2 * k + 1] = sq[i].y + c[k][1] * sq[i].side;
        }
        memcpy((*codes)[i], sq[i].code, 3);
        (*draw)[i] = i;
    }
    scm_geometry_update_bbox(g);
    return g;
}

static int
meets(double ax, double ay, double aw, double ah, double bx, double by, double bw, double bh)
{
    return ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
}

/* The invariants of any placement: boxes apart, off the avoided rectangles, in the frame. */
static void
check_clear(const scm__label *l, size_t n, const scm__label_view *v)
{
    size_t i, j;
    for (i = 0; i < n; i++) {
        CHECK(l[i].x >= 0 && l[i].y >= 0 && l[i].x + l[i].w <= v->width &&
              l[i].y + l[i].h <= v->height);
        for (j = i + 1; j < n; j++)
            CHECK(!meets(l[i].x, l[i].y, l[i].w, l[i].h, l[j].x, l[j].y, l[j].w, l[j].h));
        for (j = 0; j < v->n_avoid; j++) {
            const double *a = v->avoid + 4 * j;
            CHECK(!meets(l[i].x, l[i].y, l[i].w, l[i].h, a[0], a[1], a[2], a[3]));
        }
    }
}

static const scm__label *
find(const scm__label *l, size_t n, const char *text)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(l[i].line[0], text) == 0)
            return &l[i];
    return NULL;
}

/* Places the labels of the squares on a 1000 x 600 frame; abbr_only and leader_max as the
 * view's (0 for a frame's). */
static scm_status
place(const square *sq, size_t n_sq, scm_lang lang, const double *avoid, size_t n_avoid,
      int abbr_only, double leader_max, scm__label **out, size_t *n, scm__label_view *v)
{
    char(*codes)[3] = NULL;
    size_t *draw = NULL;
    scm_geometry *g = squares(sq, n_sq, &codes, &draw);
    scm__labels *lb = NULL;
    scm_canvas *cv = NULL;
    scm_status rc = scm__labels_new(ctx, SCM_LABELS_STATES, NULL, NULL, NULL, g,
                                    (const char(*)[3])codes, draw, n_sq, &lb);
    *out = NULL;
    *n = 0;
    *v = (scm__label_view){g,   NULL, NULL, avoid, n_avoid,   1000,
                           600, 1,    lang, 0,     abbr_only, leader_max};
    if (rc == SCM_OK)
        rc = scm_canvas_new(ctx, 1000, 600, &cv);
    if (rc == SCM_OK) {
        v->anchors = scm__labels_anchors(lb);
        rc = scm__labels_place(ctx, lb, cv, v, out, n);
        /* Drawing places them again, the same way: it must succeed too. */
        if (rc == SCM_OK)
            rc = scm__labels_draw(ctx, lb, cv, v);
    }
    if (rc == SCM_OK)
        check_clear(*out, *n, v);
    scm_canvas_free(cv);
    scm__labels_free(lb);
    scm_geometry_free(g);
    free(codes);
    free(draw);
    v->states = v->anchors = NULL;
    return rc;
}

/* Texas and Kansas, large; five small eastern states; Missouri small, inland; a title band
 * across the top and a legend beside the small ones. */
static const square east[] = {{"48", 100, 100, 300}, {"20", 420, 100, 150}, {"44", 640, 200, 8},
                              {"10", 640, 214, 8},   {"09", 628, 200, 10},  {"34", 650, 226, 9},
                              {"29", 420, 270, 30}};
static const double east_avoid[] = {0, 0, 1000, 60, 760, 60, 240, 200};

/* A big state takes its name; small eastern ones go offshore on a leader line, clear of a
 * legend beside them; a small state elsewhere keeps its abbreviation. */
static void
test_names_and_offshore(void)
{
    scm__label *l = NULL;
    scm__label_view v;
    const scm__label *t;
    size_t n, i, leaders = 0;
    CHECK_STATUS(ctx, place(east, 7, SCM_LANG_EN, east_avoid, 2, 0, 0, &l, &n, &v), SCM_OK);
    CHECK((t = find(l, n, "Texas")) != NULL && t->kind == SCM__LABEL_STATE);
    CHECK(find(l, n, "Kansas") != NULL);
    CHECK(find(l, n, "MO") != NULL);
    for (i = 0; i < n; i++)
        if (strlen(l[i].line[0]) == 2 && strcmp(l[i].line[0], "MO") != 0) {
            size_t k;
            CHECK(l[i].kind == SCM__LABEL_LEADER);
            for (k = 0; k < 7; k++) /* out at sea */
                CHECK(!meets(l[i].x, l[i].y, l[i].w, l[i].h, east[k].x, east[k].y, east[k].side,
                             east[k].side));
            leaders++;
        }
    CHECK(leaders >= 3);
    free(l);
}

/* The key of small multiples (grid.c): abbreviations alone, even where a name would fit,
 * and no leader line longer than asked; whatever does not fit near is left out. */
static void
test_abbreviations_only(void)
{
    scm__label *l = NULL;
    scm__label_view v;
    const scm__label *t;
    size_t n, i;
    CHECK_STATUS(ctx, place(east, 7, SCM_LANG_EN, east_avoid, 2, 1, 40, &l, &n, &v), SCM_OK);
    CHECK((t = find(l, n, "TX")) != NULL && t->kind == SCM__LABEL_STATE);
    CHECK(find(l, n, "KS") != NULL && find(l, n, "MO") != NULL);
    CHECK(find(l, n, "Texas") == NULL && find(l, n, "Kansas") == NULL);
    for (i = 0; i < n; i++) {
        CHECK(strlen(l[i].line[0]) == 2 && l[i].n_lines == 1);
        if (l[i].kind == SCM__LABEL_LEADER)
            CHECK(hypot(l[i].x - l[i].ax, l[i].y + l[i].h / 2 - l[i].ay) <= 40);
    }
    free(l);
}

/* Spanish names where they differ; two lines where one does not fit; abbreviations alike. */
static void
test_spanish(void)
{
    static const square sq[] = {
        {"35", 100, 100, 140}, {"37", 300, 100, 110}, {"48", 500, 100, 300}};
    scm__label *l = NULL;
    scm__label_view v;
    const scm__label *t;
    size_t n;
    CHECK_STATUS(ctx, place(sq, 3, SCM_LANG_ES, NULL, 0, 0, 0, &l, &n, &v), SCM_OK);
    CHECK((t = find(l, n, "Nuevo México")) != NULL ||
          ((t = find(l, n, "Nuevo")) != NULL && t->n_lines == 2 &&
           strcmp(t->line[1], "México") == 0));
    CHECK(find(l, n, "Carolina") != NULL || find(l, n, "Carolina del Norte") != NULL ||
          find(l, n, "NC") != NULL);
    CHECK(find(l, n, "Texas") != NULL);
    CHECK(find(l, n, "New Mexico") == NULL);
    free(l);
}

/* Many states packed in a grid, with rectangles to avoid across it: whatever is placed is
 * apart, clear and in the frame, for any of a few made-up arrangements. */
static void
test_crowded(void)
{
    static const char *const codes[] = {"01", "04", "05", "06", "08", "09", "10", "11", "12", "13",
                                        "16", "17", "18", "19", "20", "21", "22", "23", "24", "25",
                                        "26", "27", "28", "29", "30", "31", "32", "33", "34", "35",
                                        "36", "37", "38", "39", "40", "41", "42", "44", "45", "46",
                                        "47", "48", "49", "50", "51", "53", "54", "55", "56"};
    const size_t nc = sizeof codes / sizeof codes[0];
    square sq[sizeof codes / sizeof codes[0]];
    unsigned seed = 12345;
    int round;
    for (round = 0; round < 5; round++) {
        double avoid[4 * 3];
        scm__label *l = NULL;
        scm__label_view v;
        size_t i, n;
        for (i = 0; i < nc; i++) {
            seed = seed * 1103515245u + 12345u;
            sq[i] = (square){codes[i], 60 + (double)(i % 10) * 80, 80 + (double)(i / 10) * 90,
                             4 + (double)(seed >> 16 & 63)};
        }
        for (i = 0; i < 3; i++) {
            seed = seed * 1103515245u + 12345u;
            avoid[4 * i] = (double)(seed >> 16 & 511) + 100;
            avoid[4 * i + 1] = (double)(seed >> 8 & 255) + 100;
            avoid[4 * i + 2] = 120;
            avoid[4 * i + 3] = 60;
        }
        CHECK_STATUS(ctx,
                     place(sq, nc, round % 2 ? SCM_LANG_ES : SCM_LANG_EN, avoid, 3, round >= 3,
                           round >= 3 ? 30 : 0, &l, &n, &v),
                     SCM_OK);
        CHECK(n > nc / 3);
        free(l);
    }
}

/* The places table: unknown states and places outside the map's counties left out, and a
 * place near a more populous one taken as part of it. */
static void
test_places(void)
{
    scm_shapes *sh = NULL;
    scm__labels *lb = NULL;
    const uint8_t *inset;
    scm_geometry *pts;
    CHECK_STATUS(ctx, scm_shapes_read(ctx, D "counties_sample.shp", NULL, &sh), SCM_OK);
    if (sh == NULL)
        return;
    CHECK_STATUS(ctx,
                 scm__labels_new(ctx, SCM_LABELS_CITIES, D "made_up_places.csv", sh, NULL, NULL,
                                 NULL, NULL, 0, &lb),
                 SCM_OK);
    pts = lb != NULL ? scm__labels_cities(lb, &inset) : NULL;
    /* Manhattan, Los Angeles and Houston, most populous first; Brooklyn is Manhattan's, the
     * suburb Houston's, Dallas is outside the sample's counties. */
    CHECK(pts != NULL && pts->n_features == 3);
    CHECK(pts != NULL && fabs(pts->xy[0] + 74.0) < 0.01 && fabs(pts->xy[4] + 95.36) < 0.01);
    CHECK(lb != NULL &&
          strcmp(scm__labels_credit(lb, SCM_LANG_EN), "Places: GeoNames (CC BY 4.0)") == 0);
    scm__labels_free(lb);
    lb = NULL;
    /* City labels with no table are an error, not an empty layer. */
    CHECK_STATUS(ctx,
                 scm__labels_new(ctx, SCM_LABELS_CITIES, NULL, sh, NULL, NULL, NULL, NULL, 0, &lb),
                 SCM_EINVAL);
    scm_ctx_clear_error(ctx);
    scm__labels_free(lb);
    scm_shapes_free(sh);
}

/* "map_labels" in a style, its default, a bad value, and the override --labels makes. */
static void
test_style_key(void)
{
    const char *path = SCM_TEST_OUT "/style_labels.json";
    scm_style *st = NULL;
    scm_map_labels m;
    FILE *fp;
    CHECK_STATUS(ctx, scm_style_read(ctx, D "style_activation_sample.json", &st), SCM_OK);
    CHECK(st != NULL && scm_style_map_labels(st) == SCM_LABELS_STATES);
    if (st != NULL) {
        scm_style_set_map_labels(st, SCM_LABELS_NONE);
        CHECK(scm_style_map_labels(st) == SCM_LABELS_NONE);
    }
    scm_style_free(st);
    st = NULL;
    CHECK(scm_map_labels_parse("all", &m) == 0 && m == SCM_LABELS_ALL);
    CHECK(scm_map_labels_parse("cities", &m) == 0 && m == SCM_LABELS_CITIES);
    CHECK(scm_map_labels_parse("towns", &m) == -1);
    if ((fp = fopen(path, "w")) == NULL) {
        CHECK(0);
        return;
    }
    fprintf(fp, "{\"name\": \"x\", \"map_labels\": \"towns\", \"data\": {\"shapes\": \"a.shp\", "
                "\"activations\": \"a.csv\"}, \"metric\": {\"type\": \"activation\"},\n"
                "\"classify\": {\"method\": \"categorical\"}}\n");
    fclose(fp);
    CHECK(scm_style_read(ctx, path, &st) == SCM_EDATA);
    CHECK(strstr(scm_ctx_errmsg(ctx), ":1:") != NULL &&
          strstr(scm_ctx_errmsg(ctx), "map_labels") != NULL);
    scm_ctx_clear_error(ctx);
    scm_style_free(st);
}

/* Whether (x, y) is inside feature f of g (even-odd over its rings). */
static int
in_feature(const scm_geometry *g, size_t f, double x, double y)
{
    size_t r, p;
    int in = 0;
    for (r = g->feature_ring[f]; r < g->feature_ring[f + 1]; r++)
        for (p = g->ring_point[r]; p < g->ring_point[r + 1]; p++) {
            size_t q = p + 1 < g->ring_point[r + 1] ? p + 1 : g->ring_point[r];
            const double *a = g->xy + 2 * p, *b = g->xy + 2 * q;
            if ((a[1] > y) != (b[1] > y) && x < a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1]))
                in = !in;
        }
    return in;
}

/* The web viewer's labels: each state's point inside one of its counties (Alaska, Hawaii and
 * Puerto Rico too), largest state first, with room; then the cities, most populous first. */
static void
test_web_points(void)
{
    scm_shapes *sh = NULL;
    scm_label_point *pts = NULL;
    size_t n = 0, i, f, states = 0;
    CHECK_STATUS(ctx, scm_shapes_read(ctx, D "counties_sample.shp", NULL, &sh), SCM_OK);
    if (sh == NULL)
        return;
    CHECK_STATUS(ctx, scm_labels_points(ctx, sh, SCM_LABELS_ALL, D "made_up_places.csv", &pts, &n),
                 SCM_OK);
    for (i = 0; i < n && pts[i].name[0] == '\0'; i++, states++) {
        const scm_geometry *g = scm_shapes_geometry(sh);
        int in = 0;
        for (f = 0; f < scm_shapes_count(sh) && !in; f++)
            in = strncmp(scm_shapes_fips(sh, f), pts[i].code, 2) == 0 &&
                 in_feature(g, f, pts[i].lon_deg, pts[i].lat_deg);
        if (!in)
            printf("  state %s at %.3f, %.3f is outside its counties\n", pts[i].code,
                   pts[i].lon_deg, pts[i].lat_deg);
        CHECK(in);
        CHECK(pts[i].room_m > 0);
    }
    CHECK(states == 10); /* AK AZ CA DC HI NY PR SD TX VA */
    CHECK(states > 0 && strcmp(pts[0].code, "02") == 0);
    CHECK(n == states + 3);
    for (i = states; i < n; i++) {
        CHECK(pts[i].room_m == 0 && pts[i].population > 0);
        CHECK(i == states || pts[i].population <= pts[i - 1].population);
    }
    CHECK(n > states && strcmp(pts[states].name, "Made-up Manhattan") == 0 &&
          strcmp(pts[states].name_es, "Made-up Manhattan") == 0 &&
          fabs(pts[states].lon_deg + 74.0) < 1e-9);
    /* Spanish-language newsrooms write some cities otherwise. */
    CHECK(strcmp(scm__city_name("New York City", SCM_LANG_ES), "Nueva York") == 0);
    CHECK(strcmp(scm__city_name("New York City", SCM_LANG_EN), "New York City") == 0);
    CHECK(strcmp(scm__city_name("Houston", SCM_LANG_ES), "Houston") == 0);
    free(pts);
    pts = NULL;
    CHECK_STATUS(ctx,
                 scm_labels_points(ctx, sh, SCM_LABELS_CITIES, D "made_up_places.csv", &pts, &n),
                 SCM_OK);
    CHECK(n == 3 && pts != NULL && pts[0].name[0] != '\0');
    free(pts);
    pts = NULL;
    /* A GeoNames id known to carry a wrong population (Ironville, KY) is left out. */
    CHECK_STATUS(
        ctx,
        scm_labels_points(ctx, sh, SCM_LABELS_CITIES, D "made_up_places_wrong_id.csv", &pts, &n),
        SCM_OK);
    CHECK(n == 1 && pts != NULL && strcmp(pts[0].name, "Made-up Los Angeles") == 0);
    free(pts);
    scm_shapes_free(sh);
}

/* Writes a places table of made-up rows to the test output folder; its path in path. */
static void
write_places(const char *name, const char *rows, char *path, size_t cap)
{
    FILE *fp;
    snprintf(path, cap, "%s/%s", SCM_TEST_OUT, name);
    if ((fp = fopen(path, "w")) != NULL) {
        fprintf(fp, "geonames_id,name,state,lon,lat,population,feature_code\n%s", rows);
        fclose(fp);
    }
}

/* A places table is read whole: the most populous cities are kept wherever they stand, and a
 * bad row (population not a number, a name empty or not UTF-8) is an error naming its line. */
static void
test_places_table_checked(void)
{
    static const char *const bad[] = {
        "1,Made-up Houston,TX,-95.36,29.76,nan,PPL\n",  "1,Made-up Houston,TX,-95.36,29.76,,PPL\n",
        "1,Made-up Houston,TX,-95.36,29.76,-5,PPL\n",   "1,,TX,-95.36,29.76,5000,PPL\n",
        "1,Made-up Caf\xe9,TX,-95.36,29.76,5000,PPL\n",
    };
    scm_shapes *sh = NULL;
    scm_label_point *pts = NULL;
    char path[600], *rows = malloc(500 * 64), *p = rows;
    size_t n = 0, i;
    CHECK_STATUS(ctx, scm_shapes_read(ctx, D "counties_sample.shp", NULL, &sh), SCM_OK);
    if (sh == NULL || rows == NULL) {
        scm_shapes_free(sh);
        free(rows);
        return;
    }
    /* 450 made-up hamlets in Los Angeles County, then the one big place, last. */
    for (i = 0; i < 450; i++)
        p += sprintf(p, "%zu,Made-up hamlet %zu,CA,-118.24,34.05,%zu,PPL\n", i + 2, i, 1000 + i);
    sprintf(p, "1,Made-up Houston,TX,-95.36,29.76,2000000,PPL\n");
    write_places("places_made_up_unsorted.csv", rows, path, sizeof path);
    CHECK_STATUS(ctx, scm_labels_points(ctx, sh, SCM_LABELS_CITIES, path, &pts, &n), SCM_OK);
    CHECK(n >= 1 && pts != NULL && strcmp(pts[0].name, "Made-up Houston") == 0);
    free(pts);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pts = NULL;
        write_places("places_made_up_bad.csv", bad[i], path, sizeof path);
        CHECK(scm_labels_points(ctx, sh, SCM_LABELS_CITIES, path, &pts, &n) == SCM_EDATA);
        if (strstr(scm_ctx_errmsg(ctx), "places_made_up_bad.csv:2:") == NULL)
            printf("  row %zu: \"%s\"\n", i, scm_ctx_errmsg(ctx));
        CHECK(strstr(scm_ctx_errmsg(ctx), "places_made_up_bad.csv:2:") != NULL);
        scm_ctx_clear_error(ctx);
        free(pts);
    }
    free(rows);
    scm_shapes_free(sh);
}

int
main(void)
{
    if (scm_ctx_new(&ctx) != SCM_OK)
        return 1;
    CHECK(scm_mkdirs(ctx, SCM_TEST_OUT) == SCM_OK);
    RUN(test_names_and_offshore);
    RUN(test_abbreviations_only);
    RUN(test_spanish);
    RUN(test_crowded);
    RUN(test_places);
    RUN(test_style_key);
    RUN(test_web_points);
    RUN(test_places_table_checked);
    scm_ctx_free(ctx);
    return scm_test_report();
}
