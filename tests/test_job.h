/* SPDX-License-Identifier: MIT */
/* A style, its joined data and its timeline, for tests that need all three. */
#ifndef SCM_TEST_JOB_H
#define SCM_TEST_JOB_H

#include "scmap/scmap.h"

#include "scm_test.h"

typedef struct test_job {
    scm_style *st;
    scm_dataset *ds;
    scm_timeline *tl;
} test_job;

static int
open_job(scm_ctx *ctx, const char *style, const scm_timeline_opts *o, test_job *j)
{
    scm_sources src;
    memset(j, 0, sizeof *j);
    if (scm_style_read(ctx, style, &j->st) != SCM_OK)
        goto fail;
    scm_style_sources(j->st, &src);
    if (scm_dataset_load(ctx, &src, &j->ds) != SCM_OK ||
        scm_timeline_new(ctx, j->ds, j->st, o, &j->tl) != SCM_OK)
        goto fail;
    return 0;
fail:
    fprintf(stderr, "open_job: %s\n", scm_ctx_errmsg(ctx));
    scm_ctx_clear_error(ctx);
    CHECK(0);
    return -1;
}

static void
close_job(test_job *j)
{
    scm_timeline_free(j->tl);
    scm_dataset_free(j->ds);
    scm_style_free(j->st);
}

#endif
