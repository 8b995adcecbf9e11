/* SPDX-License-Identifier: MIT */
#include "scmap/scmap.h"

#include "scm_test.h"

#define D SCM_TEST_DATA "/"

static scm_ctx *ctx;

static void
test_shipped_styles_parse(void)
{
    static const char *const names[] = {"activation", "removals", "noncriminal-share"};
    size_t i;
    for (i = 0; i < 3; i++) {
        char path[512];
        scm_style *st = NULL;
        snprintf(path, sizeof path, "%s/../../styles/%s.json", SCM_TEST_DATA, names[i]);
        CHECK_STATUS(ctx, scm_style_read(ctx, path, &st), SCM_OK);
        if (st == NULL)
            continue;
        CHECK_STR(scm_style_name(st), names[i]);
        CHECK(scm_style_title(st, SCM_LANG_ES)[0] != '\0');
        CHECK(strcmp(scm_style_title(st, SCM_LANG_ES), scm_style_title(st, SCM_LANG_EN)) != 0);
        scm_style_free(st);
    }
}

static void
test_sample_style(void)
{
    scm_style *st = NULL;
    scm_sources src;
    scm_rgba c;
    CHECK_STATUS(ctx, scm_style_read(ctx, D "style_sample.json", &st), SCM_OK);
    if (st == NULL)
        return;
    CHECK(scm_style_metric(st) == SCM_METRIC_RATE);
    CHECK(scm_style_method(st) == SCM_CLASSIFY_QUANTILE);
    CHECK(scm_style_n_bins(st) == 3);
    scm_style_sources(st, &src);
    CHECK(strstr(src.shapes, "tests/data/counties_sample.shp") != NULL);
    CHECK(src.n_count_columns == 1);
    /* Purples, 3 bins from the 9-class ramp. */
    c = scm_style_bin_color(st, 0, 3);
    CHECK(c.r == 0xef && c.g == 0xed && c.b == 0xf5);
    c = scm_style_bin_color(st, 2, 3);
    CHECK(c.r == 0x3f && c.g == 0x00 && c.b == 0x7d);
    CHECK_STR(scm_style_title(st, SCM_LANG_ES), "Muestra");
    /* Subtitle absent: empty, never NULL. */
    CHECK_STR(scm_style_subtitle(st, SCM_LANG_EN), "");
    scm_style_free(st);
}

static void
expect_bad(const char *path, const char *needle)
{
    scm_style *st = NULL;
    CHECK(scm_style_read(ctx, path, &st) == SCM_EDATA);
    CHECK(st == NULL);
    if (strstr(scm_ctx_errmsg(ctx), needle) == NULL) {
        fprintf(stderr, "message \"%s\" lacks \"%s\"\n", scm_ctx_errmsg(ctx), needle);
        CHECK(0);
    }
    scm_ctx_clear_error(ctx);
}

static void
test_bad_styles(void)
{
    scm_style *st = NULL;
    CHECK(scm_style_read(ctx, D "bad_fake/no_such_style.json", &st) == SCM_EIO);
    scm_ctx_clear_error(ctx);
    expect_bad(D "bad_fake/style_syntax.json", "style_syntax.json:3:");
    expect_bad(D "bad_fake/style_unknown_key.json", "style_unknown_key.json:14:52: key \"palete\"");
    expect_bad(D "bad_fake/style_unknown_palette.json", "key \"palette\": unknown palette");
    expect_bad(D "bad_fake/style_unknown_method.json", "key \"method\": unknown method");
}

int
main(void)
{
    if (scm_ctx_new(&ctx) != SCM_OK)
        return 1;
    RUN(test_shipped_styles_parse);
    RUN(test_sample_style);
    RUN(test_bad_styles);
    scm_ctx_free(ctx);
    return scm_test_report();
}
