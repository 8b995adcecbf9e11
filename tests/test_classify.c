/* SPDX-License-Identifier: MIT */
#include "scmap/scmap.h"

#include "scm_test.h"

static scm_ctx *ctx;

static void
test_quantile(void)
{
    double v[] = {9, 1, 5, 3, 7, 2, 8, 4, 6, 10}, b[8];
    size_t nb;
    CHECK_STATUS(ctx, scm_classify_breaks(ctx, SCM_CLASSIFY_QUANTILE, v, 10, 5, b, &nb), SCM_OK);
    CHECK(nb == 4);
    CHECK(b[0] == 2 && b[1] == 4 && b[2] == 6 && b[3] == 8);
    CHECK(scm_classify_bin(b, nb, 1) == 0);
    CHECK(scm_classify_bin(b, nb, 2) == 0);
    CHECK(scm_classify_bin(b, nb, 2.5) == 1);
    CHECK(scm_classify_bin(b, nb, 10) == 4);
}

static void
test_ties_merge_bins(void)
{
    double v[] = {1, 1, 1, 1, 1, 1, 1, 1, 2, 3}, b[8];
    size_t nb;
    CHECK_STATUS(ctx, scm_classify_breaks(ctx, SCM_CLASSIFY_QUANTILE, v, 10, 5, b, &nb), SCM_OK);
    CHECK(nb == 1 && b[0] == 1);
}

static void
test_equal_and_log(void)
{
    double v[] = {0, 10, 5, 2.5}, b[8];
    double w[] = {1, 10, 100, 1000}, c[8];
    size_t nb;
    CHECK_STATUS(ctx, scm_classify_breaks(ctx, SCM_CLASSIFY_EQUAL, v, 4, 4, b, &nb), SCM_OK);
    CHECK(nb == 3 && b[0] == 2.5 && b[1] == 5 && b[2] == 7.5);
    CHECK_STATUS(ctx, scm_classify_breaks(ctx, SCM_CLASSIFY_LOG, w, 4, 3, c, &nb), SCM_OK);
    CHECK(nb == 2);
    CHECK_NEAR(c[0], 10, 1e-9);
    CHECK_NEAR(c[1], 100, 1e-9);
}

static void
test_jenks_finds_gaps(void)
{
    double v[] = {1, 2, 3, 50, 51, 52, 100, 101, 102}, b[8];
    size_t nb;
    CHECK_STATUS(ctx, scm_classify_breaks(ctx, SCM_CLASSIFY_JENKS, v, 9, 3, b, &nb), SCM_OK);
    CHECK(nb == 2 && b[0] == 3 && b[1] == 52);
}

static void
test_no_values(void)
{
    double b[8];
    size_t nb;
    CHECK_STATUS(ctx, scm_classify_breaks(ctx, SCM_CLASSIFY_QUANTILE, b, 0, 5, b, &nb), SCM_EDATA);
}

/* Breaks fill a caller's array of SCM_STYLE_MAX_BINS - 1: more classes would write past it. */
static void
test_classes_in_range(void)
{
    double v[20], b[SCM_STYLE_MAX_BINS];
    size_t i, nb;
    for (i = 0; i < 20; i++)
        v[i] = (double)i;
    CHECK_STATUS(ctx, scm_classify_breaks(ctx, SCM_CLASSIFY_EQUAL, v, 20, 12, b, &nb), SCM_EINVAL);
    CHECK_STATUS(ctx, scm_classify_breaks(ctx, SCM_CLASSIFY_EQUAL, v, 20, 1, b, &nb), SCM_EINVAL);
    CHECK_STATUS(ctx, scm_classify_breaks(ctx, SCM_CLASSIFY_EQUAL, v, 20, 9, b, &nb), SCM_OK);
    CHECK(nb == 8);
}

int
main(void)
{
    if (scm_ctx_new(&ctx) != SCM_OK)
        return 1;
    RUN(test_quantile);
    RUN(test_ties_merge_bins);
    RUN(test_equal_and_log);
    RUN(test_jenks_finds_gaps);
    RUN(test_no_values);
    RUN(test_classes_in_range);
    scm_ctx_free(ctx);
    return scm_test_report();
}
