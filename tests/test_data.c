/* SPDX-License-Identifier: MIT */
/* Shapes, tables and the join on a sample of real counties and rows (tests/data). */
#include "scmap/scmap.h"

#include <math.h>
#include <stdlib.h>

#include "scm_test.h"

#define D SCM_TEST_DATA "/"

static scm_ctx *ctx;

/* A one-shot allocation failure without a hook in the library: this binary links with
 * --wrap=realloc (tests/tests.cmake), so libscmap's realloc calls come here first. */
void *__real_realloc(void *p, size_t n);
void *__wrap_realloc(void *p, size_t n);
/* The n-th realloc from now fails (1: the next one); 0: none. */
static int fail_next_realloc;

void *
__wrap_realloc(void *p, size_t n)
{
    if (fail_next_realloc > 0 && --fail_next_realloc == 0)
        return NULL;
    return __real_realloc(p, n);
}

static void
base_sources(scm_sources *s)
{
    memset(s, 0, sizeof *s);
    s->shapes = D "counties_sample.shp";
    s->activations = D "activation_sample.csv";
    s->fips_changes = D "fips_changes.csv";
    s->groups = D "groups.csv";
}

static long
find(const scm_dataset *ds, const char *fips)
{
    return scm_shapes_find(scm_dataset_shapes(ds), fips);
}

static int
has_event(const scm_dataset *ds, scm_join_kind kind, const char *fips, const char *text)
{
    size_t i;
    for (i = 0; i < scm_dataset_n_events(ds); i++) {
        const scm_join_event *e = scm_dataset_event(ds, i);
        if (e->kind == kind && strcmp(e->fips, fips) == 0 &&
            (text == NULL || strstr(e->message, text) != NULL))
            return 1;
    }
    return 0;
}

static void
test_shapes_read(void)
{
    scm_shapes *s = NULL;
    const scm_geometry *g;
    long i;
    CHECK_STATUS(ctx, scm_shapes_read(ctx, D "counties_sample.shp", NULL, &s), SCM_OK);
    if (s == NULL)
        return;
    CHECK(scm_shapes_count(s) == 25);
    i = scm_shapes_find(s, "48201");
    CHECK(i >= 0);
    CHECK_STR(scm_shapes_name(s, (size_t)i), "Harris");
    g = scm_shapes_geometry(s);
    CHECK(g->bbox[i].minx < -95 && g->bbox[i].maxx > -95.5);
    /* Falls Church is simplified away at this scale. */
    i = scm_shapes_find(s, "51610");
    CHECK(i >= 0 && g->feature_ring[i] == g->feature_ring[i + 1]);
    /* Aleutians West has parts on both sides of 180 degrees. */
    i = scm_shapes_find(s, "02016");
    CHECK(g->bbox[i].minx < -170 && g->bbox[i].maxx > 170);
    CHECK(scm_shapes_find(s, "99999") == -1);
    scm_shapes_free(s);
}

static void
test_table_csv_and_xlsx_agree(void)
{
    scm_table *c = NULL, *x = NULL;
    size_t r;
    CHECK_STATUS(ctx, scm_table_read(ctx, D "activation_sample.csv", &c), SCM_OK);
    CHECK_STATUS(ctx, scm_table_read(ctx, D "activation_sample.xlsx", &x), SCM_OK);
    if (c == NULL || x == NULL)
        goto done;
    CHECK(scm_table_rows(c) == 25 && scm_table_rows(x) == 25);
    CHECK(scm_table_col(c, "activation_date") == 3);
    for (r = 0; r < scm_table_rows(c); r++)
        CHECK_STR(scm_table_cell(x, r, 3), scm_table_cell(c, r, 3));
    /* The spreadsheet stored FIPS as numbers: the zero is gone until the join repairs it. */
    CHECK_STR(scm_table_cell(c, 0, 0), "02016");
    CHECK_STR(scm_table_cell(x, 0, 0), "2016");
    CHECK(scm_table_line(c, 0) == 2);
done:
    scm_table_free(c);
    scm_table_free(x);
}

/* Rows keep the line they start on, across a cell with a line break and blank lines. */
static void
test_table_physical_lines(void)
{
    scm_table *t = NULL;
    CHECK_STATUS(ctx, scm_table_read(ctx, D "bad_fake/multiline_bad_date.csv", &t), SCM_OK);
    if (t == NULL)
        return;
    CHECK(scm_table_rows(t) == 4);
    CHECK(scm_table_line(t, 0) == 2 && scm_table_line(t, 1) == 3);
    CHECK(scm_table_line(t, 2) == 6 && scm_table_line(t, 3) == 8);
    scm_table_free(t);
}

/* A cell over GDAL's 10 MB line limit in row 13 of 24: an error there, not a table of 12. */
static void
test_table_stops_early(void)
{
    static const char *const row = "48201,TX,Harris County,2008-10-27,2008-10-27,48201,";
    char path[512];
    scm_table *t = NULL;
    FILE *fp;
    int r, k;
#if defined(__SANITIZE_ADDRESS__)
    /* GDAL grows its line buffer one copy at a time: 10 MB take half an hour under ASan. */
    return;
#endif
    CHECK_STATUS(ctx, scm_mkdirs(ctx, SCM_TEST_OUT), SCM_OK);
    snprintf(path, sizeof path, "%s/long_cell.csv", SCM_TEST_OUT);
    fp = fopen(path, "w");
    CHECK(fp != NULL);
    if (fp == NULL)
        return;
    fputs("fips,state,county_name,activation_date,activation_date_min,source_fips,note\n", fp);
    for (r = 1; r <= 24; r++) {
        fputs(row, fp);
        if (r == 13)
            for (k = 0; k < 11 * 1024; k++)
                fprintf(fp, "%01024d", 0);
        fputc('\n', fp);
    }
    fclose(fp);
    CHECK(scm_table_read(ctx, path, &t) == SCM_EDATA && t == NULL);
    CHECK(strstr(scm_ctx_errmsg(ctx), "long_cell.csv:14: row 13 cannot be read") != NULL);
    scm_ctx_clear_error(ctx);
    remove(path);
}

/* A sheet of text only still has its first row as the header. */
static void
test_table_all_text_sheets(void)
{
    static const char *const files[] = {D "bad_fake/activation_all_text.xlsx",
                                        D "bad_fake/activation_all_text.ods"};
    size_t i;
    for (i = 0; i < 2; i++) {
        scm_table *t = NULL;
        CHECK_STATUS(ctx, scm_table_read(ctx, files[i], &t), SCM_OK);
        if (t == NULL)
            continue;
        CHECK(scm_table_rows(t) == 25 && scm_table_col(t, "fips") == 0);
        CHECK_STR(scm_table_cell(t, 0, 0), "02016");
        CHECK(scm_table_line(t, 0) == 2);
        scm_table_free(t);
    }
}

static void
test_join_crosswalk_and_groups(void)
{
    scm_sources s;
    scm_dataset *ds = NULL;
    static const char *const cols[] = {"removals_total"};
    long i, u;
    base_sources(&s);
    s.counts = D "ident_sample.csv";
    s.counts_as_of = "2012-08-31";
    s.count_columns = cols;
    s.n_count_columns = 1;
    s.population = D "population_sample.csv";
    CHECK_STATUS(ctx, scm_dataset_load(ctx, &s, &ds), SCM_OK);
    if (ds == NULL)
        return;
    /* Shannon 46113 -> Oglala Lakota 46102; Wade Hampton 02270 -> Kusilvak 02158. */
    CHECK(has_event(ds, SCM_JOIN_REMAPPED, "46113", "46102"));
    CHECK(has_event(ds, SCM_JOIN_REMAPPED, "02270", "02158"));
    CHECK(has_event(ds, SCM_JOIN_REMAPPED, "51515", "51019"));
    CHECK(scm_dataset_activation(ds, (size_t)find(ds, "46102")) ==
              scm_date_from_ymd(2010, 11, 16) ||
          scm_dataset_activation(ds, (size_t)find(ds, "46102")) != SCM_DATE_NONE);
    CHECK(scm_dataset_activation(ds, (size_t)find(ds, "48201")) == scm_date_from_ymd(2008, 10, 27));
    /* Bedford city merges into Bedford County with the same date: a duplicate, not an error. */
    CHECK(has_event(ds, SCM_JOIN_DUPLICATE, "51019", NULL));
    /* Puerto Rico has a shape but no S-Comm row; Falls Church is empty at 1:10m. */
    CHECK(has_event(ds, SCM_JOIN_NO_ROW, "72001", NULL));
    CHECK(has_event(ds, SCM_JOIN_EMPTY, "51610", NULL));
    CHECK(scm_dataset_activation(ds, (size_t)find(ds, "72001")) == SCM_DATE_NONE);
    /* The ICE row keyed 36085 is all of New York City: one unit for the five boroughs. */
    CHECK(has_event(ds, SCM_JOIN_GROUP, "36085", "New York City"));
    u = scm_dataset_unit_of(ds, (size_t)find(ds, "36047"));
    CHECK(u >= 0 && u == scm_dataset_unit_of(ds, (size_t)find(ds, "36005")));
    CHECK(u >= 0 && scm_dataset_value(ds, (size_t)u, 0, 0) == 163);
    /* The group's population is the five boroughs' (2010 Census: 8,175,133). */
    CHECK_NEAR(scm_dataset_unit_population(ds, (size_t)u), 8175133, 0.5);
    /* Bedford city's counts (0) add into Bedford County's (4). */
    i = find(ds, "51019");
    u = scm_dataset_unit_of(ds, (size_t)i);
    CHECK(u >= 0 && scm_dataset_value(ds, (size_t)u, 0, 0) == 4);
    CHECK(scm_dataset_snapshot(ds) == scm_date_from_ymd(2012, 8, 31));
    scm_dataset_free(ds);
}

/* Bedford city (remapped into Bedford County) before the county's own row: still one row of
 * the county's own, so no "second row" error. */
static void
test_join_remapped_row_first(void)
{
    scm_sources s;
    scm_dataset *ds = NULL;
    static const char *const cols[] = {"removals_total"};
    long u;
    base_sources(&s);
    s.counts = D "ident_sample_city_first.csv";
    s.counts_as_of = "2012-08-31";
    s.count_columns = cols;
    s.n_count_columns = 1;
    CHECK_STATUS(ctx, scm_dataset_load(ctx, &s, &ds), SCM_OK);
    if (ds == NULL)
        return;
    u = scm_dataset_unit_of(ds, (size_t)find(ds, "51019"));
    CHECK(u >= 0 && scm_dataset_value(ds, (size_t)u, 0, 0) == 4);
    scm_dataset_free(ds);
}

/* A long table (one row per county and year) read for one year; a merged county's rows add up
 * as its counts do, and R's "NA" is no number. */
static void
test_join_population_year(void)
{
    scm_sources s;
    scm_dataset *ds = NULL;
    static const char *const cols[] = {"removals_total"};
    long u;
    base_sources(&s);
    s.counts = D "ident_sample.csv";
    s.counts_as_of = "2012-08-31";
    s.count_columns = cols;
    s.n_count_columns = 1;
    s.population = D "population_fake_long.csv";
    s.pop_column = "pop";
    s.pop_year_column = "year";
    s.pop_year = 2012;
    CHECK_STATUS(ctx, scm_dataset_load(ctx, &s, &ds), SCM_OK);
    if (ds != NULL) {
        u = scm_dataset_unit_of(ds, (size_t)find(ds, "48201"));
        CHECK(u >= 0 && scm_dataset_unit_population(ds, (size_t)u) == 200);
        /* Bedford County's 50 and Bedford city's 7: merged rows add, as removals do. */
        u = scm_dataset_unit_of(ds, (size_t)find(ds, "51019"));
        CHECK(u >= 0 && scm_dataset_unit_population(ds, (size_t)u) == 57);
        CHECK(has_event(ds, SCM_JOIN_REMAPPED, "51515", "population_fake_long.csv:6"));
    }
    scm_dataset_free(ds);
    ds = NULL;
    s.pop_year = 1999;
    CHECK(scm_dataset_load(ctx, &s, &ds) == SCM_EDATA && ds == NULL);
    CHECK(strstr(scm_ctx_errmsg(ctx), "population_fake_long.csv: no county row has year 1999") !=
          NULL);
    scm_ctx_clear_error(ctx);
    s.population = D "bad_fake/population_fake_bad_year.csv";
    s.pop_year = 2012;
    CHECK(scm_dataset_load(ctx, &s, &ds) == SCM_EDATA && ds == NULL);
    CHECK(strstr(scm_ctx_errmsg(ctx),
                 "population_fake_bad_year.csv:3: column year: \"20x2\" is not a year") != NULL);
    scm_ctx_clear_error(ctx);
}

/* County notes: found through the dataset in both languages, moved by the crosswalk like any
 * row; a row without its source or a second note for a county is an error naming the line. */
static void
test_join_notes(void)
{
    scm_sources s;
    scm_dataset *ds = NULL;
    base_sources(&s);
    s.notes = D "notes_fake.csv";
    CHECK_STATUS(ctx, scm_dataset_load(ctx, &s, &ds), SCM_OK);
    if (ds != NULL) {
        CHECK_STR(scm_dataset_note(ds, (size_t)find(ds, "48201"), SCM_LANG_EN),
                  "A fake note, with a comma");
        CHECK_STR(scm_dataset_note(ds, (size_t)find(ds, "48201"), SCM_LANG_ES), "Una nota falsa");
        CHECK_STR(scm_dataset_note(ds, (size_t)find(ds, "46102"), SCM_LANG_EN),
                  "A fake note on the old code");
        CHECK(scm_dataset_note(ds, (size_t)find(ds, "06037"), SCM_LANG_EN) == NULL);
        CHECK(has_event(ds, SCM_JOIN_NO_SHAPE, "01001", "notes_fake.csv:4"));
    }
    scm_dataset_free(ds);
    ds = NULL;
    s.notes = D "bad_fake/notes_fake_no_source.csv";
    CHECK(scm_dataset_load(ctx, &s, &ds) == SCM_EDATA && ds == NULL);
    CHECK(strstr(scm_ctx_errmsg(ctx),
                 "notes_fake_no_source.csv:3: county 11001: column source is empty") != NULL);
    scm_ctx_clear_error(ctx);
    s.notes = D "bad_fake/notes_fake_duplicate.csv";
    CHECK(scm_dataset_load(ctx, &s, &ds) == SCM_EDATA && ds == NULL);
    CHECK(strstr(scm_ctx_errmsg(ctx),
                 "notes_fake_duplicate.csv:3: county 48201 has a second note") != NULL);
    scm_ctx_clear_error(ctx);
}

/* Values land in the slot of their period, however many periods arrive after them. */
static void
test_join_per_period(void)
{
    scm_sources s;
    scm_dataset *ds = NULL;
    static const char *const cols[] = {"removals", "noncriminal"};
    scm_period p;
    size_t k, q1 = 99, q2 = 99;
    long u;
    base_sources(&s);
    s.counts = D "counts_fake_per_period.csv";
    s.counts_period = "period";
    s.count_columns = cols;
    s.n_count_columns = 2;
    CHECK_STATUS(ctx, scm_dataset_load(ctx, &s, &ds), SCM_OK);
    if (ds == NULL)
        return;
    CHECK(scm_dataset_n_slots(ds) == 2);
    for (k = 0; k < scm_dataset_n_slots(ds); k++) {
        CHECK(scm_dataset_slot_period(ds, k, &p) == 0);
        if (scm_period_start(p) == scm_date_from_ymd(2009, 1, 1))
            q1 = k;
        else if (scm_period_start(p) == scm_date_from_ymd(2009, 4, 1))
            q2 = k;
    }
    CHECK(q1 < 2 && q2 < 2);
    u = scm_dataset_unit_of(ds, (size_t)find(ds, "48201"));
    CHECK(u >= 0 && scm_dataset_value(ds, (size_t)u, 0, q1) == 10);
    CHECK(u >= 0 && scm_dataset_value(ds, (size_t)u, 1, q2) == 9);
    u = scm_dataset_unit_of(ds, (size_t)find(ds, "48157"));
    CHECK(u >= 0 && isnan(scm_dataset_value(ds, (size_t)u, 0, q1)));
    CHECK(u >= 0 && scm_dataset_value(ds, (size_t)u, 0, q2) == 5);
    scm_dataset_free(ds);
}

static void
test_join_xlsx_repairs_numeric_fips(void)
{
    scm_sources s;
    scm_dataset *ds = NULL;
    base_sources(&s);
    s.activations = D "activation_sample.xlsx";
    CHECK_STATUS(ctx, scm_dataset_load(ctx, &s, &ds), SCM_OK);
    if (ds == NULL)
        return;
    CHECK(has_event(ds, SCM_JOIN_REPAIRED, "02016", NULL));
    CHECK(scm_dataset_activation(ds, (size_t)find(ds, "02016")) == scm_date_from_ymd(2012, 4, 10));
    CHECK(scm_dataset_activation(ds, (size_t)find(ds, "48201")) == scm_date_from_ymd(2008, 10, 27));
    scm_dataset_free(ds);
}

static void
test_join_date_formats(void)
{
    scm_sources s;
    scm_dataset *ds = NULL;
    base_sources(&s);
    s.activations = D "activation_fake_mixed_formats.csv";
    CHECK_STATUS(ctx, scm_dataset_load(ctx, &s, &ds), SCM_OK);
    if (ds == NULL)
        return;
    CHECK(scm_dataset_activation(ds, (size_t)find(ds, "48201")) == scm_date_from_ymd(2008, 10, 27));
    CHECK(scm_dataset_activation(ds, (size_t)find(ds, "06037")) == scm_date_from_ymd(2009, 2, 2));
    CHECK(has_event(ds, SCM_JOIN_REPAIRED, "06037", NULL));
    scm_dataset_free(ds);
}

static void
test_join_crosswalk_backwards(void)
{
    scm_sources s;
    scm_dataset *ds = NULL;
    base_sources(&s);
    /* 2020 codes onto 2017 shapes: Chugach and Copper River go back to Valdez-Cordova. */
    s.activations = D "activation_v2020_alaska.csv";
    CHECK_STATUS(ctx, scm_dataset_load(ctx, &s, &ds), SCM_OK);
    if (ds == NULL)
        return;
    CHECK(has_event(ds, SCM_JOIN_REMAPPED, "02063", "02261"));
    CHECK(has_event(ds, SCM_JOIN_REMAPPED, "02066", "02261"));
    CHECK(has_event(ds, SCM_JOIN_DUPLICATE, "02261", NULL));
    CHECK(scm_dataset_activation(ds, (size_t)find(ds, "02261")) == scm_date_from_ymd(2012, 4, 10));
    scm_dataset_free(ds);
}

static void
expect_bad(const char *shapes, const char *acts, const char *needle)
{
    scm_sources s;
    scm_dataset *ds = NULL;
    scm_status st;
    base_sources(&s);
    if (shapes)
        s.shapes = shapes;
    s.activations = acts;
    st = scm_dataset_load(ctx, &s, &ds);
    CHECK(st == SCM_EDATA || st == SCM_EIO);
    CHECK(ds == NULL);
    if (strstr(scm_ctx_errmsg(ctx), needle) == NULL) {
        fprintf(stderr, "message \"%s\" lacks \"%s\"\n", scm_ctx_errmsg(ctx), needle);
        CHECK(0);
    }
    scm_ctx_clear_error(ctx);
}

/* The log line of the repaired FIPS comes with 16 events stored, the capacity of the first
 * allocation; the next dateless row's event needs more, and that allocation fails. */
static void
arm_on_repair(void *user, scm_log_level level, const char *msg)
{
    (void)user;
    (void)level;
    if (strstr(msg, "\"6037\" read as") != NULL)
        fail_next_realloc = 1;
}

/* An out-of-memory on one row is the result, even when later rows succeed. */
static void
test_join_keeps_first_error(void)
{
    scm_sources s;
    scm_dataset *ds = NULL;
    scm_status st;
    memset(&s, 0, sizeof s);
    s.shapes = D "counties_sample.shp";
    s.activations = D "activation_fake_no_dates.csv";
    scm_ctx_set_log(ctx, arm_on_repair, NULL);
    st = scm_dataset_load(ctx, &s, &ds);
    scm_ctx_set_log(ctx, NULL, NULL);
    CHECK(fail_next_realloc == 0);
    CHECK(st == SCM_ENOMEM);
    CHECK(ds == NULL);
    /* Which allocation the failure hits (an event's, the dates kept for far_dates) may change;
     * that it is the run's one error may not. */
    CHECK(strstr(scm_ctx_errmsg(ctx), "out of memory") != NULL);
    scm_dataset_free(ds);
    scm_ctx_clear_error(ctx);
}

/* A text built piece by piece is whole or an error: with one allocation failing part-way, the
 * join report and the stats CSV used to come back as OK with pieces missing. */
static void
test_texts_whole_or_error(void)
{
    scm_sources s;
    scm_dataset *ds = NULL;
    scm_style *st = NULL;
    scm_timeline *tl = NULL;
    char *text = NULL;
    CHECK_STATUS(ctx, scm_style_read(ctx, D "style_activation_sample.json", &st), SCM_OK);
    if (st == NULL)
        return;
    scm_style_sources(st, &s);
    CHECK_STATUS(ctx, scm_dataset_load(ctx, &s, &ds), SCM_OK);
    CHECK_STATUS(ctx, scm_timeline_new(ctx, ds, st, NULL, &tl), SCM_OK);
    /* The second growth of each buffer fails: its first pieces are in, later ones not. */
    if (tl != NULL) {
        fail_next_realloc = 2;
        CHECK(scm_dataset_report(ctx, ds, NULL, &text) == SCM_ENOMEM && text == NULL);
        scm_ctx_clear_error(ctx);
        free(text);
        text = NULL;
        fail_next_realloc = 2;
        CHECK(scm_timeline_stats_csv(ctx, tl, &text) == SCM_ENOMEM && text == NULL);
        scm_ctx_clear_error(ctx);
        free(text);
        text = NULL;
        fail_next_realloc = 2;
        CHECK(scm_timeline_counties_csv(ctx, tl, &text) == SCM_ENOMEM && text == NULL);
        scm_ctx_clear_error(ctx);
        free(text);
    }
    fail_next_realloc = 0;
    scm_timeline_free(tl);
    scm_dataset_free(ds);
    scm_style_free(st);
}

/* Warnings the library logs, kept for a test to read. */
static char logged[4096];

static void
keep_log(void *user, scm_log_level level, const char *msg)
{
    size_t n = strlen(logged);
    (void)user;
    snprintf(logged + n, sizeof logged - n, "%s%s\n", level == SCM_LOG_WARN ? "warning: " : "",
             msg);
}

/* A spreadsheet's empty line (",,,,,," or cells of spaces) is skipped with a warning at its
 * line; it used to stop the run as a row with FIPS "". */
static void
test_table_blank_rows_skipped(void)
{
    scm_sources s;
    scm_dataset *ds = NULL;
    base_sources(&s);
    s.activations = D "activation_fake_blank_rows.csv";
    logged[0] = '\0';
    scm_ctx_set_log(ctx, keep_log, NULL);
    CHECK_STATUS(ctx, scm_dataset_load(ctx, &s, &ds), SCM_OK);
    scm_ctx_set_log(ctx, NULL, NULL);
    CHECK(strstr(logged, "activation_fake_blank_rows.csv:5: blank row skipped") != NULL);
    CHECK(strstr(logged, "activation_fake_blank_rows.csv:13: blank row skipped") != NULL);
    CHECK(strstr(logged, "activation_fake_blank_rows.csv:29: blank row skipped") != NULL);
    if (ds != NULL) {
        scm_sources plain;
        scm_dataset *ref = NULL;
        base_sources(&plain);
        CHECK_STATUS(ctx, scm_dataset_load(ctx, &plain, &ref), SCM_OK);
        CHECK(ref != NULL && scm_dataset_matched(ds) == scm_dataset_matched(ref));
        scm_dataset_free(ref);
    }
    scm_dataset_free(ds);
}

/* Every bad cell of a table in one run: 22 bad cells (lines 27-36 and 39-50; "4810" and
 * "4811" on 37-38 are repaired) give the first 20, each with its line, column and fix, then how
 * many more; the run fails once. */
static void
test_join_reports_all_problems(void)
{
    const char *m;
    expect_bad(NULL, D "bad_fake/activation_fake_22_bad_cells.csv", "22 problems in the table");
    {
        scm_sources s;
        scm_dataset *ds = NULL;
        base_sources(&s);
        s.activations = D "bad_fake/activation_fake_22_bad_cells.csv";
        s.act_key = "fips";
        CHECK(scm_dataset_load(ctx, &s, &ds) == SCM_EDATA && ds == NULL);
        m = scm_ctx_errmsg(ctx);
        CHECK(strstr(m, "activation_fake_22_bad_cells.csv:27: FIPS \"480\"") != NULL);
        CHECK(strstr(m, "(column fips;") != NULL);
        CHECK(strstr(m, "activation_fake_22_bad_cells.csv:39: date \"31.12.2000\" does not parse "
                        "(column activation_date;") != NULL);
        CHECK(strstr(m, "activation_fake_22_bad_cells.csv:37:") == NULL);
        CHECK(strstr(m, "activation_fake_22_bad_cells.csv:48:") != NULL);
        CHECK(strstr(m, "activation_fake_22_bad_cells.csv:49:") == NULL);
        CHECK(strstr(m, "and 2 more") != NULL);
        scm_ctx_clear_error(ctx);
    }
}

/* A date far from the rest (2031 among 2008-2012) stopped nothing and stretched the timeline
 * to 2031; it is an error of its row naming both fixes, unless --periods (far_dates_ok) says
 * the span, then a warning. */
static void
test_join_far_date(void)
{
    scm_sources s;
    scm_dataset *ds = NULL;
    expect_bad(NULL, D "bad_fake/activation_fake_far_date.csv",
               "activation_fake_far_date.csv:9: date 2031-03-01 is far from the table's other "
               "dates (2008-10-27 to 2012-06-05); correct the cell, or pass --periods "
               "2008Q4..2012Q2");
    base_sources(&s);
    s.activations = D "bad_fake/activation_fake_far_date.csv";
    s.far_dates_ok = 1;
    logged[0] = '\0';
    scm_ctx_set_log(ctx, keep_log, NULL);
    CHECK_STATUS(ctx, scm_dataset_load(ctx, &s, &ds), SCM_OK);
    scm_ctx_set_log(ctx, NULL, NULL);
    CHECK(strstr(logged, "activation_fake_far_date.csv:9: date 2031-03-01 is far") != NULL);
    scm_dataset_free(ds);
    /* The sample's own dates (2008 to 2012) are none of them far. */
    base_sources(&s);
    logged[0] = '\0';
    scm_ctx_set_log(ctx, keep_log, NULL);
    CHECK_STATUS(ctx, scm_dataset_load(ctx, &s, &ds), SCM_OK);
    scm_ctx_set_log(ctx, NULL, NULL);
    CHECK(strstr(logged, "is far") == NULL);
    scm_dataset_free(ds);
}

/* The kind of the class of the first county with no activation date, in every period: the
 * one kind they all share, or -1 when periods disagree. */
static int
absent_kind(scm_missing missing, size_t *activated)
{
    scm_sources s;
    scm_dataset *ds = NULL;
    scm_style *st = NULL;
    scm_timeline *tl = NULL;
    size_t c, k, n = 0, newly, states;
    int kind = -2;
    if (scm_style_read(ctx, D "style_activation_sample.json", &st) != SCM_OK)
        return -3;
    scm_style_sources(st, &s);
    s.missing = missing;
    if (scm_dataset_load(ctx, &s, &ds) == SCM_OK &&
        scm_timeline_new(ctx, ds, st, NULL, &tl) == SCM_OK) {
        n = scm_timeline_n_counties(tl);
        for (c = 0; c < n && scm_dataset_activation(ds, c) != SCM_DATE_NONE; c++)
            ;
        for (k = 0; c < n && k < scm_timeline_n_periods(tl); k++) {
            int kk = (int)scm_timeline_class_kind(tl, scm_timeline_classes(tl, k)[c]);
            kind = kind == -2 || kind == kk ? kk : -1;
        }
        scm_timeline_rollout(tl, scm_timeline_n_periods(tl) - 1, activated, &newly, &states);
    }
    scm_timeline_free(tl);
    scm_dataset_free(ds);
    scm_style_free(st);
    return kind;
}

/* --missing not-yet: a county absent from the table is "not yet activated" in every period
 * and counts in no activated total; the default keeps it "no data". */
static void
test_join_missing_not_yet(void)
{
    size_t act_default = 0, act_not_yet = 1;
    scm_missing m;
    CHECK(absent_kind(SCM_MISSING_NO_DATA, &act_default) == (int)SCM_CLASS_NO_DATA);
    CHECK(absent_kind(SCM_MISSING_NOT_YET, &act_not_yet) == (int)SCM_CLASS_NOT_YET);
    CHECK(act_default > 0 && act_default == act_not_yet);
    CHECK(scm_missing_parse("not-yet", &m) == 0 && m == SCM_MISSING_NOT_YET);
    CHECK(scm_missing_parse("no-data", &m) == 0 && m == SCM_MISSING_NO_DATA);
    CHECK(scm_missing_parse("never", &m) != 0);
}

/* A table of states (scm_sources.act_state_key): a row, keyed by USPS code in any case or by
 * FIPS digits, dates every county of its state; states without a row stay without a date. A
 * name that is no state and a second row that disagrees are both reported, in one run. */
static void
test_join_table_of_states(void)
{
    static const struct {
        const char *fips, *date;
    } want[] = {{"48201", "2009-10-14"}, {"51019", "2009-09-25"}, {"36061", "2010-12-28"},
                {"06037", "2009-04-10"}, {"02105", NULL},         {"11001", NULL}};
    scm_sources s;
    scm_dataset *ds = NULL;
    size_t i, act, newly, states;
    base_sources(&s);
    s.activations = D "states_fake_dates.csv";
    s.act_state_key = "state";
    s.act_date = "signed";
    CHECK_STATUS(ctx, scm_dataset_load(ctx, &s, &ds), SCM_OK);
    for (i = 0; ds != NULL && i < sizeof want / sizeof want[0]; i++) {
        long c = find(ds, want[i].fips);
        char d[11] = "";
        CHECK(c >= 0);
        if (c >= 0 && scm_dataset_activation(ds, (size_t)c) != SCM_DATE_NONE)
            scm_date_format(scm_dataset_activation(ds, (size_t)c), d);
        CHECK(strcmp(d, want[i].date ? want[i].date : "") == 0);
    }
    if (ds != NULL) {
        scm_date end;
        scm_date_parse("2010-12-31", &end);
        scm_dataset_rollout(ds, end, end, &act, &newly, &states);
        CHECK(states == 4); /* TX, VA, NY, CA; PR is no state */
        CHECK(scm_dataset_activation(ds, (size_t)find(ds, "72001")) != SCM_DATE_NONE);
        CHECK(has_event(ds, SCM_JOIN_NO_ROW, "02105", NULL));
    }
    scm_dataset_free(ds);
    base_sources(&s);
    s.activations = D "bad_fake/states_fake_bad.csv";
    s.act_state_key = "state";
    s.act_date = "signed";
    CHECK(scm_dataset_load(ctx, &s, &ds) == SCM_EDATA && ds == NULL);
    CHECK(strstr(scm_ctx_errmsg(ctx), "2 problems in the table") != NULL);
    CHECK(strstr(scm_ctx_errmsg(ctx), "states_fake_bad.csv:3: \"Texas\" is not a state (column "
                                      "state; write its USPS code, like TX") != NULL);
    CHECK(strstr(scm_ctx_errmsg(ctx), "states_fake_bad.csv:5: state TX has two rows with "
                                      "different dates (2009-10-14 and 2010-01-01)") != NULL);
    scm_ctx_clear_error(ctx);
}

static void
test_bad_inputs(void)
{
    expect_bad(NULL, D "bad_fake/missing.csv", "missing.csv: cannot open");
    expect_bad(NULL, D "bad_fake/empty.csv", "empty.csv: the file is empty");
    expect_bad(NULL, D "bad_fake/header_only.csv", "header_only.csv: the table has no data rows");
    expect_bad(NULL, D "bad_fake/no_fips_column.csv", "no_fips_column.csv:1: no column \"fips\"");
    expect_bad(NULL, D "bad_fake/fips_not_5_digits.csv", "fips_not_5_digits.csv:3: FIPS \"482\"");
    expect_bad(NULL, D "bad_fake/bad_date.csv", "bad_date.csv:3: date \"27.10.2008\"");
    expect_bad(NULL, D "bad_fake/duplicate_conflict.csv",
               "duplicate_conflict.csv:3: county 48201 has two rows with different dates");
    expect_bad(D "bad_fake/no_dbf.shp", D "activation_sample.csv", "no_dbf.shp: the .dbf file");
    expect_bad(D "bad_fake/points.shp", D "activation_sample.csv", "Point");
    expect_bad(D "bad_fake/prj_truncated.shp", D "activation_sample.csv",
               "prj_truncated.prj: not a coordinate system GDAL can read");
    expect_bad(D "bad_fake/vertex_nan.shp", D "activation_sample.csv",
               "vertex_nan.shp: feature 1 (FIPS 48157) has a vertex that is not a finite number");
    expect_bad(NULL, D "bad_fake/activation_no_key_matches.csv",
               "activation_no_key_matches.csv: no key of the table matched a county shape");
}

int
main(void)
{
    if (scm_ctx_new(&ctx) != SCM_OK)
        return 1;
    RUN(test_shapes_read);
    RUN(test_table_csv_and_xlsx_agree);
    RUN(test_table_physical_lines);
    RUN(test_table_stops_early);
    RUN(test_table_all_text_sheets);
    RUN(test_join_crosswalk_and_groups);
    RUN(test_join_remapped_row_first);
    RUN(test_join_population_year);
    RUN(test_join_notes);
    RUN(test_join_per_period);
    RUN(test_join_xlsx_repairs_numeric_fips);
    RUN(test_join_date_formats);
    RUN(test_join_crosswalk_backwards);
    RUN(test_join_keeps_first_error);
    RUN(test_texts_whole_or_error);
    RUN(test_bad_inputs);
    RUN(test_table_blank_rows_skipped);
    RUN(test_join_reports_all_problems);
    RUN(test_join_far_date);
    RUN(test_join_missing_not_yet);
    RUN(test_join_table_of_states);
    scm_ctx_free(ctx);
    return scm_test_report();
}
