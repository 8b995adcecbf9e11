/* SPDX-License-Identifier: MIT */
/* libFuzzer target: any bytes as a style file. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/scmap.h"

#include <stdlib.h>

#include "fuzz_common.h"

#include "../src/core/core_private.h"

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
        size_t i, n;
        scm_style_sources(st, &src);
        /* A name that parsed becomes a folder name: it must never hold a path. */
        if (scm__name_problem(scm_style_name(st)) != NULL)
            abort();
        for (n = 1; n <= scm_style_n_bins(st); n++)
            for (i = 0; i < n; i++)
                (void)scm_style_bin_color(st, i, n);
        (void)scm_style_title(st, SCM_LANG_ES);
        (void)scm_style_class_label(st, SCM_CLASS_NO_DATA, SCM_LANG_ES);
    }
    scm_style_free(st);
    scm_ctx_free(ctx);
    unlink(path);
    return 0;
}
