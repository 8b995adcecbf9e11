/* SPDX-License-Identifier: MIT */
/* libFuzzer target: any bytes as a style file. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/scmap.h"

#include "fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    scm_ctx *ctx;
    scm_style *st = NULL;
    if (fuzz_write_temp(data, size, "json", path) != 0)
        return 0;
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
