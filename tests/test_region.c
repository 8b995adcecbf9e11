/* SPDX-License-Identifier: MIT */
/* Region editions (--region): the fitted Albers, the area's counts and words, and every state
 * and DC drawn alone, whole and filling the map panel. Writes a contact sheet of the 51
 * editions to SCM_TEST_OUT to look at. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sys/stat.h>

#include "scmap/scmap.h"

#include "scm_test.h"
#include "test_job.h"

#define D       SCM_TEST_DATA "/"
#define SHIPPED SCM_TEST_DATA "/../../styles/activation.json"
#define PLACES  SCM_TEST_DATA "/../../data/places/us_places_100k_geonames.csv"

static scm_ctx *ctx;

/* The standard parallels at 1/6 and 5/6 of the span, the meridian in the middle. */
static void
test_fit_rule(void)
{
    size_t fr[2] = {0, 1}, rp[2] = {0, 3};
    double xy[6] = {-106, 26, -94, 26, -100, 38};
    scm_bbox bb = {-106, 26, -94, 38};
    scm_geometry g = {1, 1, 3, fr, rp, xy, &bb};
    uint8_t mask[1] = {1};
    char crs[256];
    CHECK_STATUS(ctx, scm_project_fit_albers(ctx, &g, "EPSG:4326", mask, crs), SCM_OK);
    CHECK(strstr(crs, "+lat_0=32.0000 ") != NULL && strstr(crs, "+lon_0=-100.0000 ") != NULL);
    CHECK(strstr(crs, "+lat_1=28.0000 ") != NULL && strstr(crs, "+lat_2=36.0000 ") != NULL);
    mask[0] = 0;
    CHECK_STATUS(ctx, scm_project_fit_albers(ctx, &g, "EPSG:4326", mask, crs), SCM_EINVAL);
    scm_ctx_clear_error(ctx);
}

/* Alaska runs from 172 E (Attu) to 130 W: the middle is 159 W, not 21 E. */
static void
test_fit_across_antimeridian(void)
{
    size_t fr[2] = {0, 1}, rp[2] = {0, 3};
    double xy[6] = {172, 52, -130, 55, -150, 71};
    scm_bbox bb = {-150, 52, 172, 71};
    scm_geometry g = {1, 1, 3, fr, rp, xy, &bb};
    uint8_t mask[1] = {1};
    char crs[256];
    scm_geometry *out = NULL;
    CHECK_STATUS(ctx, scm_project_fit_albers(ctx, &g, "EPSG:4326", mask, crs), SCM_OK);
    CHECK(strstr(crs, "+lon_0=-159.0000 ") != NULL);
    CHECK_STATUS(ctx, scm_project_features(ctx, &g, "EPSG:4326", crs, mask, &out), SCM_OK);
    /* Attu west of the meridian, the panhandle east: about 3,800 km apart, not the globe. */
    CHECK(out != NULL && out->xy[0] < 0 && out->xy[2] > 0);
    CHECK(out != NULL && out->bbox[0].maxx - out->bbox[0].minx < 4.5e6);
    scm_geometry_free(out);
}

static void
test_parse(void)
{
    test_job j;
    uint8_t *m = NULL;
    char name[2][160];
    const scm_shapes *sh;
    size_t c, n = 0;
    if (open_job(ctx, SHIPPED, NULL, &j) != 0)
        return;
    sh = scm_dataset_shapes(j.ds);
    CHECK_STATUS(ctx, scm_timeline_region_parse(ctx, sh, "tx", &m, name), SCM_OK);
    for (c = 0; m != NULL && c < scm_shapes_count(sh); c++)
        n += m[c];
    CHECK(n == 254);
    CHECK_STR(name[0], "Texas");
    free(m);
    CHECK_STATUS(ctx, scm_timeline_region_parse(ctx, sh, "36", &m, name), SCM_OK);
    CHECK_STR(name[1], "Nueva York");
    free(m);
    CHECK_STATUS(ctx, scm_timeline_region_parse(ctx, sh, "48201,48113", &m, name), SCM_OK);
    CHECK_STR(name[0], "Dallas and Harris, Texas"); /* in the shapes' order */
    free(m);
    CHECK_STATUS(ctx, scm_timeline_region_parse(ctx, sh, "XX", &m, name), SCM_EINVAL);
    scm_ctx_clear_error(ctx);
    CHECK_STATUS(ctx, scm_timeline_region_parse(ctx, sh, "48201,99999", &m, name), SCM_EINVAL);
    scm_ctx_clear_error(ctx);
    CHECK(m == NULL);
    close_job(&j);
}

/* A callout's words: the name with its state, and the day in the reader's form. */
static void
test_county_words(void)
{
    test_job j;
    const scm_shapes *sh;
    char name[160], line[160];
    long c;
    size_t k;
    if (open_job(ctx, SHIPPED, NULL, &j) != 0)
        return;
    sh = scm_dataset_shapes(j.ds);
    c = scm_shapes_find(sh, "48201");
    k = scm_timeline_n_periods(j.tl) - 1;
    CHECK(c >= 0);
    if (c >= 0) {
        scm_timeline_county_words(j.tl, (size_t)c, k, SCM_LANG_EN, name, line);
        CHECK_STR(name, "Harris, Texas");
        CHECK_STR(line, "Activated October 27, 2008");
        scm_timeline_county_words(j.tl, (size_t)c, k, SCM_LANG_ES, name, line);
        CHECK_STR(line, "Activado el 27 de octubre de 2008");
        /* Before its day, its class. */
        scm_timeline_county_words(j.tl, (size_t)c, 0, SCM_LANG_EN, name, line);
        CHECK(strncmp(line, "Activated", 9) == 0 || strcmp(line, "Not yet activated") == 0);
    }
    close_job(&j);
}

/* Half-size copy of img at (x, y) of sheet, averaging 2 x 2 pixels. */
static void
paste_half(scm_image *sheet, const scm_image *img, uint32_t x, uint32_t y)
{
    uint32_t i, j, c;
    for (j = 0; j < img->height / 2; j++)
        for (i = 0; i < img->width / 2; i++)
            for (c = 0; c < 4; c++) {
                const uint8_t *p = img->rgba + 4 * ((2 * j) * img->width + 2 * i) + c;
                size_t row = 4 * (size_t)img->width;
                sheet->rgba[4 * ((y + j) * sheet->width + x + i) + c] =
                    (uint8_t)((p[0] + p[4] + p[row] + p[row + 4] + 2) / 4);
            }
}

/* Draws the last period of the region edition of code into img as fo asks; returns its
 * timeline (the caller frees it), NULL after a failed check. name gets the region's names. */
static scm_timeline *
draw_region(test_job *j, const char *code, const scm_frame_opts *fo, scm_image *img,
            char name[2][160])
{
    scm_timeline_opts to = {0};
    scm_timeline *tl = NULL;
    scm_frames *fr = NULL;
    uint8_t *m = NULL;
    CHECK_STATUS(ctx, scm_timeline_region_parse(ctx, scm_dataset_shapes(j->ds), code, &m, name),
                 SCM_OK);
    if (m == NULL)
        return NULL;
    to.region = m;
    to.region_name[0] = name[0];
    CHECK_STATUS(ctx, scm_timeline_new(ctx, j->ds, j->st, &to, &tl), SCM_OK);
    if (tl != NULL)
        CHECK_STATUS(ctx, scm_frames_new(ctx, tl, &fr), SCM_OK);
    if (fr != NULL)
        CHECK_STATUS(ctx,
                     scm_frames_draw(ctx, fr, fo, scm_timeline_n_periods(tl) - 1, 1,
                                     SCM_SURFACE_IMAGE, NULL, img),
                     SCM_OK);
    if (fr == NULL) {
        scm_timeline_free(tl);
        tl = NULL;
    }
    scm_frames_free(fr);
    free(m);
    return tl;
}

/* Whether the edition of state st draws whole and fills its panel: every drawn pixel inside
 * the panel, and the land spanning 90% of its width or height. */
static void
check_state(test_job *j, int st, scm_image *img, scm_image *sheet, size_t slot)
{
    char code[3] = {(char)('0' + st / 10), (char)('0' + st % 10), '\0'}, name[2][160];
    scm_bbox panel, drawn, land = scm_bbox_empty();
    scm_frame_opts fo = {640, 360, SCM_LANG_EN, NULL, NULL, NULL, NULL, 0, &panel, &drawn};
    scm_timeline *tl = draw_region(j, code, &fo, img, name);
    uint32_t x, y;
    int ok;
    if (tl != NULL) {
        for (y = (uint32_t)panel.miny; y < (uint32_t)panel.maxy; y++)
            for (x = (uint32_t)panel.minx; x < (uint32_t)panel.maxx; x++) {
                const uint8_t *p = img->rgba + 4 * ((size_t)y * img->width + x);
                if (p[0] < 245 || p[1] < 245 || p[2] < 245)
                    scm_bbox_add_point(&land, x, y);
            }
        ok = drawn.minx >= panel.minx - 1 && drawn.maxx <= panel.maxx + 1 &&
             drawn.miny >= panel.miny - 1 && drawn.maxy <= panel.maxy + 1 &&
             (land.maxx - land.minx >= 0.9 * (panel.maxx - panel.minx) - 2 ||
              land.maxy - land.miny >= 0.9 * (panel.maxy - panel.miny) - 2);
        if (!ok)
            fprintf(stderr,
                    "region %s: drawn %.0f,%.0f-%.0f,%.0f land %.0f,%.0f-%.0f,%.0f in "
                    "panel %.0f,%.0f-%.0f,%.0f\n",
                    code, drawn.minx, drawn.miny, drawn.maxx, drawn.maxy, land.minx, land.miny,
                    land.maxx, land.maxy, panel.minx, panel.miny, panel.maxx, panel.maxy);
        CHECK(ok);
        /* The count line speaks of the state. */
        CHECK(strstr(scm_timeline_count_line(tl, 0, SCM_LANG_EN), name[0]) != NULL);
        paste_half(sheet, img, (uint32_t)(slot % 8) * 320, (uint32_t)(slot / 8) * 180);
    }
    scm_timeline_free(tl);
}

static void
test_every_state(void)
{
    test_job j;
    scm_image *img = NULL, *sheet = NULL;
    uint8_t *png = NULL;
    size_t len = 0, slot = 0;
    int st;
    if (open_job(ctx, SHIPPED, NULL, &j) != 0)
        return;
    CHECK_STATUS(ctx, scm_image_new(ctx, 640, 360, &img), SCM_OK);
    CHECK_STATUS(ctx, scm_image_new(ctx, 8 * 320, 7 * 180, &sheet), SCM_OK);
    for (st = 1; st < 57 && img != NULL && sheet != NULL; st++) {
        char code[6] = {(char)('0' + st / 10), (char)('0' + st % 10), '0', '0', '1', '\0'};
        if (scm_fips_state(code)[0] == '\0')
            continue;
        check_state(&j, st, img, sheet, slot++);
    }
    CHECK(slot == 51);
    mkdir(SCM_TEST_OUT, 0777);
    if (sheet != NULL && scm_png_encode(ctx, sheet, &png, &len) == SCM_OK) {
        FILE *fp = fopen(SCM_TEST_OUT "/region_contact_sheet.png", "wb");
        if (fp != NULL) {
            fwrite(png, 1, len, fp);
            fclose(fp);
        }
    }
    free(png);
    scm_image_free(img);
    scm_image_free(sheet);
    close_job(&j);
}

/* A frame of Texas with or without its labels (the style asking for state names), and the
 * map panel. */
static void
draw_texas(test_job *j, scm_map_labels labels, const char *highlight, scm_image *img,
           scm_bbox *panel)
{
    char name[2][160];
    scm_frame_opts fo = {img->width, img->height, SCM_LANG_EN, NULL,  NULL,
                         highlight,  NULL,        0,           panel, NULL};
    scm_style_set_map_labels(j->st, labels);
    scm_timeline_free(draw_region(j, "TX", &fo, img, name));
}

/* A region edition names its cities (the style asks for state names: the title already names
 * the state), each inside the map panel; what else changes is the source line's credit, under
 * the panel. Both frame shapes, one with a callout. */
static void
test_region_labels(void)
{
    static const uint32_t size[2][2] = {{1920, 1080}, {1080, 1350}};
    test_job j;
    scm_image *with = NULL, *without = NULL;
    scm_bbox panel;
    size_t i, in, out_above;
    uint32_t x, y;
    if (open_job(ctx, SHIPPED, NULL, &j) != 0)
        return;
    CHECK_STATUS(ctx, scm_style_set_places(ctx, j.st, PLACES), SCM_OK);
    for (i = 0; i < 2; i++) {
        const char *highlight = i == 1 ? "48201" : NULL;
        CHECK_STATUS(ctx, scm_image_new(ctx, size[i][0], size[i][1], &with), SCM_OK);
        CHECK_STATUS(ctx, scm_image_new(ctx, size[i][0], size[i][1], &without), SCM_OK);
        if (with == NULL || without == NULL)
            break;
        draw_texas(&j, SCM_LABELS_NONE, highlight, without, &panel);
        draw_texas(&j, SCM_LABELS_STATES, highlight, with, &panel);
        in = out_above = 0;
        for (y = 0; y < with->height; y++)
            for (x = 0; x < with->width; x++) {
                size_t o = 4 * ((size_t)y * with->width + x);
                if (memcmp(with->rgba + o, without->rgba + o, 4) == 0)
                    continue;
                if (x >= panel.minx && x < panel.maxx && y >= panel.miny && y < panel.maxy)
                    in++;
                else if (y < panel.maxy)
                    out_above++;
            }
        /* A city label is some hundreds of pixels. */
        CHECK(in > 300);
        CHECK(out_above == 0);
        scm_image_free(with);
        scm_image_free(without);
        with = without = NULL;
    }
    scm_image_free(with);
    scm_image_free(without);
    close_job(&j);
}

int
main(void)
{
    if (scm_ctx_new(&ctx) != SCM_OK)
        return 1;
    RUN(test_fit_rule);
    RUN(test_fit_across_antimeridian);
    RUN(test_parse);
    RUN(test_county_words);
    RUN(test_every_state);
    RUN(test_region_labels);
    scm_ctx_free(ctx);
    return scm_test_report();
}
