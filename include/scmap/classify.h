/* SPDX-License-Identifier: MIT */
/* Class breaks: quantile, equal interval, natural breaks (Jenks) and log. */
#ifndef SCMAP_CLASSIFY_H
#define SCMAP_CLASSIFY_H

#include "scmap/core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum scm_classify_method {
    SCM_CLASSIFY_CATEGORICAL,
    SCM_CLASSIFY_MANUAL,
    SCM_CLASSIFY_QUANTILE,
    SCM_CLASSIFY_EQUAL,
    SCM_CLASSIFY_JENKS,
    SCM_CLASSIFY_LOG
} scm_classify_method;

/* The most bins a classification makes. */
#define SCM_CLASSIFY_MAX_BINS 9

/* Computes at most n_bins - 1 increasing breaks from values (n of them, any order; the array
 * is sorted in place). Bin i holds breaks[i-1] < v <= breaks[i]. Ties can merge bins, so
 * *n_breaks may come back smaller. SCM_EINVAL unless n_bins is 2 to SCM_CLASSIFY_MAX_BINS
 * (breaks holds SCM_CLASSIFY_MAX_BINS - 1); SCM_EDATA if there are no values. */
scm_status scm_classify_breaks(scm_ctx *ctx, scm_classify_method method, double *values, size_t n,
                               size_t n_bins, double *breaks, size_t *n_breaks);
/* The bin of v: the number of breaks below v. */
size_t scm_classify_bin(const double *breaks, size_t n_breaks, double v);

#ifdef __cplusplus
}
#endif
#endif
