/* SPDX-License-Identifier: MIT */
/* libFuzzer target: any bytes as a style file. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/scmap.h"

#include <stdio.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    scm_ctx *ctx;
    scm_style *st = NULL;
    FILE *fp;
    snprintf(path, sizeof path, "/tmp/scmap-fuzz-%ld.json", (long)getpid());
    fp = fopen(path, "wb");
    if (fp == NULL)
        return 0;
    fwrite(data, 1, size, fp);
    fclose(fp);
    if (scm_ctx_new(&ctx) != SCM_OK)
        return 0;
    if (scm_style_read(ctx, path, &st) == SCM_OK) {
        scm_sources src;
        size_t i;
        scm_style_sources(st, &src);
        for (i = 0; i < scm_style_n_bins(st); i++)
            (void)scm_style_bin_color(st, i, scm_style_n_bins(st));
        (void)scm_style_title(st, SCM_LANG_ES);
        (void)scm_style_class_label(st, SCM_CLASS_NO_DATA, SCM_LANG_ES);
    }
    scm_style_free(st);
    scm_ctx_free(ctx);
    unlink(path);
    return 0;
}
