/* SPDX-License-Identifier: MIT */
/* libFuzzer target: any bytes as a CSV table joined onto the sample shapes: the activation
 * table, or (when the first byte is odd) a per-period counts table. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/scmap.h"

#include <stdlib.h>

#include "fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    scm_ctx *ctx;
    scm_dataset *ds = NULL;
    scm_sources src = {0};
    static const char *const cols[] = {"removals", "noncriminal"};
    if (fuzz_write_temp(data, size, "csv", path) != 0)
        return 0;
    if (scm_ctx_new(&ctx) != SCM_OK)
        return 0;
    src.shapes = SCM_FUZZ_DATA "/counties_sample.shp";
    src.activations = path;
    src.fips_changes = SCM_FUZZ_DATA "/fips_changes.csv";
    if (size > 0 && data[0] % 2 == 1) {
        src.activations = SCM_FUZZ_DATA "/activation_sample.csv";
        src.counts = path;
        src.counts_period = "period";
        src.count_columns = cols;
        src.n_count_columns = 2;
    }
    if (scm_dataset_load(ctx, &src, &ds) == SCM_OK) {
        char *report = NULL;
        if (scm_dataset_report(ctx, ds, &report) == SCM_OK)
            free(report);
    }
    scm_dataset_free(ds);
    scm_ctx_free(ctx);
    unlink(path);
    return 0;
}
