/* SPDX-License-Identifier: MIT */
#include "scmap/scmap.h"

#include <math.h>
#include <stdlib.h>

#include "test_job.h"

#define D SCM_TEST_DATA "/"

static scm_ctx *ctx;

static size_t
county(const test_job *j, const char *fips)
{
    return (size_t)scm_shapes_find(scm_dataset_shapes(j->ds), fips);
}

static scm_class_kind
kind_at(const test_job *j, const char *fips, size_t k)
{
    return scm_timeline_class_kind(j->tl, scm_timeline_classes(j->tl, k)[county(j, fips)]);
}

static void
test_activation_classes(void)
{
    test_job j;
    size_t k, act, newly, states;
    char name[16], label[96];
    if (open_job(ctx, D "style_activation_sample.json", NULL, &j) != 0)
        return;
    /* Harris County, the first, 2008-10-27: the timeline starts at 2008Q4. */
    scm_timeline_period_name(j.tl, 0, name);
    CHECK_STR(name, "2008Q4");
    /* The Spanish label periods.json carries is the frames' "2008 T4", not "2008 Q4". */
    CHECK_STR(scm_timeline_period_label(j.tl, 0, SCM_LANG_ES, label), "2008 T4");
    CHECK(kind_at(&j, "48201", 0) == SCM_CLASS_NEW);
    CHECK(kind_at(&j, "48201", 1) == SCM_CLASS_ACTIVE);
    CHECK(kind_at(&j, "06037", 0) == SCM_CLASS_NOT_YET);
    CHECK(kind_at(&j, "72001", 0) == SCM_CLASS_NO_DATA);
    k = scm_timeline_n_periods(j.tl) - 1;
    CHECK(kind_at(&j, "06037", k) == SCM_CLASS_ACTIVE);
    scm_timeline_rollout(j.tl, 0, &act, &newly, &states);
    CHECK(act >= 1 && newly == act && states >= 1);
    CHECK(scm_timeline_n_classes(j.tl) == 4);
    close_job(&j);
}

static void
test_fiscal_and_range(void)
{
    test_job j;
    scm_timeline_opts o = {0};
    char label[96];
    o.kind_override = 1;
    o.kind = SCM_PERIOD_FISCAL_QUARTER;
    o.has_range = 1;
    scm_period_parse("2008Q4", &o.first);
    scm_period_parse("2013Q1", &o.last);
    if (open_job(ctx, D "style_activation_sample.json", &o, &j) != 0)
        return;
    CHECK(scm_timeline_n_periods(j.tl) == 18);
    CHECK_STR(scm_timeline_period_label(j.tl, 0, SCM_LANG_EN, label), "FY2009 Q1");
    CHECK_STR(scm_timeline_period_label(j.tl, 17, SCM_LANG_EN, label), "FY2013 Q2");
    CHECK_STR(scm_timeline_period_label(j.tl, 0, SCM_LANG_ES, label), "AF2009 T1");
    close_job(&j);
}

static void
test_snapshot_rate_groups(void)
{
    test_job j;
    size_t nyc[] = {0, 0};
    double v;
    if (open_job(ctx, D "style_sample.json", NULL, &j) != 0)
        return;
    CHECK(scm_timeline_n_periods(j.tl) == 1);
    /* New York City: 163 removals over 8,175,133 residents of the five boroughs. */
    nyc[0] = county(&j, "36047");
    nyc[1] = county(&j, "36085");
    v = scm_timeline_value(j.tl, nyc[0], 0);
    CHECK_NEAR(v, 163.0 / 8175133.0 * 1e5, 1e-9);
    CHECK(scm_timeline_value(j.tl, nyc[1], 0) == v);
    /* Puerto Rico: no data; Falls Church (empty geometry) still has data. */
    CHECK(kind_at(&j, "72001", 0) == SCM_CLASS_NO_DATA);
    /* Oglala Lakota, activated in 2010, has no counts row: a class of its own. */
    CHECK(kind_at(&j, "46102", 0) == SCM_CLASS_NOT_IN_FILE);
    close_job(&j);
}

static void
test_fake_per_period_share(void)
{
    test_job j;
    char *csv = NULL;
    size_t k;
    if (open_job(ctx, D "style_fake_per_period.json", NULL, &j) != 0)
        return;
    CHECK(scm_timeline_n_periods(j.tl) == 2);
    /* Harris, cumulative: 2009Q1 2/10 = 0.2, 2009Q2 11/40 = 0.275. */
    CHECK_NEAR(scm_timeline_value(j.tl, county(&j, "48201"), 0), 0.2, 1e-12);
    CHECK_NEAR(scm_timeline_value(j.tl, county(&j, "48201"), 1), 0.275, 1e-12);
    /* Fort Bend: 5 removals is under the minimum of 10. */
    k = 1;
    CHECK(kind_at(&j, "48157", k) == SCM_CLASS_TOO_FEW ||
          kind_at(&j, "48157", k) == SCM_CLASS_NOT_YET);
    CHECK(scm_timeline_stats_csv(ctx, j.tl, &csv) == SCM_OK);
    CHECK(csv != NULL && strstr(csv, "2009Q2") != NULL);
    free(csv);
    close_job(&j);
}

static void
test_small_numbers(void)
{
    test_job j;
    size_t c, n = 0;
    const char *alt;
    if (open_job(ctx, D "style_fake_small_numbers.json", NULL, &j) != 0)
        return;
    /* min_count 1000: Montgomery's 466 removals are too few; min_denominator 10000: Aleutians
     * West's 5,561 residents are too few, though it had no removals. Falls Church: none. */
    CHECK(kind_at(&j, "48339", 0) == SCM_CLASS_TOO_FEW);
    CHECK(kind_at(&j, "02016", 0) == SCM_CLASS_TOO_FEW);
    CHECK(kind_at(&j, "51610", 0) == SCM_CLASS_ZERO);
    CHECK(kind_at(&j, "04013", 0) == SCM_CLASS_BIN);
    /* A county too few to show has no value to rank, so words never name it. */
    for (c = 0; c < scm_timeline_n_counties(j.tl); c++)
        if (scm_timeline_class_kind(j.tl, scm_timeline_classes(j.tl, 0)[c]) == SCM_CLASS_TOO_FEW) {
            CHECK(isnan(scm_timeline_value(j.tl, c, 0)));
            n++;
        }
    CHECK(n == 16);
    alt = scm_timeline_alt_text(j.tl, 0, SCM_LANG_EN);
    CHECK(strstr(alt, "Highest: Maricopa, AZ") != NULL);
    close_job(&j);
}

static void
test_rate_over_columns(void)
{
    test_job j;
    char *csv = NULL;
    if (open_job(ctx, D "style_fake_rate_columns.json", NULL, &j) != 0)
        return;
    /* Per 1,000 submissions, no population table: Harris 16,874 of 522,595; New York City's
     * one row, 163 of 119,066, on each borough. */
    CHECK_NEAR(scm_timeline_value(j.tl, county(&j, "48201"), 0), 16874.0 / 522595.0 * 1e3, 1e-9);
    CHECK_NEAR(scm_timeline_value(j.tl, county(&j, "36047"), 0), 163.0 / 119066.0 * 1e3, 1e-9);
    /* min_denominator 100: Wade Hampton's 13 submissions are too few to show. */
    CHECK(kind_at(&j, "02158", 0) == SCM_CLASS_TOO_FEW);
    CHECK(scm_timeline_stats_csv(ctx, j.tl, &csv) == SCM_OK);
    CHECK(csv != NULL && strstr(csv, ",denominator_total(submissions),") != NULL);
    free(csv);
    close_job(&j);
}

static void
test_words_count_and_unit(void)
{
    test_job j;
    char *csv = NULL;
    if (open_job(ctx, D "style_fake_words.json", NULL, &j) != 0)
        return;
    /* 24 counties activated by 2012-06-30; DC, Kalawao and Oglala Lakota have no counts row,
     * so the line counts 21 with figures. */
    CHECK_STR(scm_timeline_count_line(j.tl, 0, SCM_LANG_EN),
              "71,389 removals in 21 of 24 activated counties");
    CHECK_STR(scm_timeline_count_line(j.tl, 0, SCM_LANG_ES),
              "71.389 deportaciones en 21 de 24 condados activados");
    /* The value says its unit, grouped as a sentence writes numbers. */
    CHECK(strstr(scm_timeline_alt_text(j.tl, 0, SCM_LANG_EN),
                 "Highest: Maricopa, AZ (498 per 100,000 residents).") != NULL);
    CHECK(strstr(scm_timeline_alt_text(j.tl, 0, SCM_LANG_ES),
                 "(498 por cada 100.000 habitantes).") != NULL);
    /* A cumulative snapshot has no "newly activated" count: the cell is empty. */
    CHECK(scm_timeline_stats_csv(ctx, j.tl, &csv) == SCM_OK);
    CHECK(csv != NULL && strstr(csv, ",2012-04-01,2012-06-30,24,,") != NULL);
    free(csv);
    close_job(&j);
}

int
main(void)
{
    if (scm_ctx_new(&ctx) != SCM_OK)
        return 1;
    RUN(test_activation_classes);
    RUN(test_fiscal_and_range);
    RUN(test_snapshot_rate_groups);
    RUN(test_fake_per_period_share);
    RUN(test_small_numbers);
    RUN(test_rate_over_columns);
    RUN(test_words_count_and_unit);
    scm_ctx_free(ctx);
    return scm_test_report();
}
