/* SPDX-License-Identifier: MIT */
/* A style, its joined data and its timeline, for tests that need all three. */
#ifndef SCM_TEST_JOB_H
#define SCM_TEST_JOB_H

#include "scmap/scmap.h"

#include <stdlib.h>

#include "scm_test.h"

typedef struct test_job {
    scm_style *st;
    scm_dataset *ds;
    scm_timeline *tl;
} test_job;

static inline int
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

static inline void
close_job(test_job *j)
{
    scm_timeline_free(j->tl);
    scm_dataset_free(j->ds);
    scm_style_free(j->st);
}

/* A whole file, NUL-terminated; NULL if it cannot be read. Free with free(). */
static inline uint8_t *
slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    uint8_t *buf;
    long n;
    if (fp == NULL)
        return NULL;
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf != NULL && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf != NULL)
        buf[n] = 0;
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

/* Compares img with tests/data/expected/NAME: at most 0.5% of channel values more than 3
 * apart. A failure writes the actual image to out_dir; SCM_UPDATE_GOLDEN=1 rewrites the
 * expected file instead (review it before committing). */
static inline void
golden(scm_ctx *ctx, const scm_image *img, const char *name, const char *out_dir)
{
    char path[600], act[600];
    uint8_t *png = NULL, *exp;
    size_t len, elen, i, differ = 0;
    scm_image *e = NULL;
    FILE *fp;
    snprintf(path, sizeof path, "%s/expected/%s", SCM_TEST_DATA, name);
    snprintf(act, sizeof act, "%s/actual-%s", out_dir, name);
    exp = getenv("SCM_UPDATE_GOLDEN") ? NULL : slurp(path, &elen);
    if (exp != NULL && scm_png_decode(ctx, exp, elen, &e) == SCM_OK && e->width == img->width &&
        e->height == img->height)
        for (i = 0; i < (size_t)img->width * img->height * 4; i++)
            differ += abs(img->rgba[i] - e->rgba[i]) > 3;
    else
        differ = SIZE_MAX;
    if (differ > (size_t)img->width * img->height / 200 &&
        scm_png_encode(ctx, img, &png, &len) == SCM_OK) {
        int update = getenv("SCM_UPDATE_GOLDEN") != NULL;
        if ((fp = fopen(update ? path : act, "wb")) != NULL) {
            fwrite(png, 1, len, fp);
            fclose(fp);
        }
        if (!update) {
            fprintf(stderr, "golden %s: differs; actual in %s\n", name, act);
            CHECK(0);
        }
    }
    free(png);
    scm_image_free(e);
    free(exp);
}

#endif
