/* SPDX-License-Identifier: MIT */
/* Class breaks computed once over the values of every period pooled together. */
#include "scmap/classify.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/core_private.h"

/* Natural breaks work on at most this many values: a deterministic even sample of the
 * sorted values keeps the O(k n^2) search to a fraction of a second. */
#define JENKS_MAX 2000

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static size_t
dedupe(double *b, size_t n)
{
    size_t i, m = 0;
    for (i = 0; i < n; i++)
        if (m == 0 || b[i] > b[m - 1])
            b[m++] = b[i];
    return m;
}

/* Fisher-Jenks by dynamic programming over sorted v: minimises within-class variance. */
static scm_status
jenks(scm_ctx *ctx, const double *v, size_t n, size_t k, double *breaks)
{
    size_t i, j, m;
    double *var = scm__mallocn((n + 1) * (k + 1), sizeof(double));
    size_t *low = scm__mallocn((n + 1) * (k + 1), sizeof(size_t));
    if (var == NULL || low == NULL) {
        free(var);
        free(low);
        return scm__error(ctx, SCM_ENOMEM, "classify: out of memory");
    }
    for (i = 0; i <= n; i++)
        for (j = 0; j <= k; j++) {
            var[i * (k + 1) + j] = INFINITY;
            low[i * (k + 1) + j] = 1;
        }
    for (j = 1; j <= k; j++)
        var[1 * (k + 1) + j] = 0;
    for (i = 2; i <= n; i++) {
        double s1 = 0, s2 = 0, w = 0;
        for (m = 1; m <= i; m++) {
            size_t lo = i - m + 1; /* 1-based index of the class's first value */
            double x = v[lo - 1], dev;
            s1 += x;
            s2 += x * x;
            w += 1;
            dev = s2 - s1 * s1 / w;
            if (lo > 1)
                for (j = 2; j <= k; j++) {
                    double c = dev + var[(lo - 1) * (k + 1) + j - 1];
                    if (c <= var[i * (k + 1) + j]) {
                        low[i * (k + 1) + j] = lo;
                        var[i * (k + 1) + j] = c;
                    }
                }
        }
        low[i * (k + 1) + 1] = 1;
        var[i * (k + 1) + 1] = s2 - s1 * s1 / (double)i;
    }
    for (j = k, m = n; j >= 2; j--) {
        size_t lo = low[m * (k + 1) + j];
        breaks[j - 2] = v[lo - 2];
        m = lo - 1;
    }
    free(var);
    free(low);
    return SCM_OK;
}

scm_status
scm_classify_breaks(scm_ctx *ctx, scm_classify_method method, double *v, size_t n, size_t n_bins,
                    double *breaks, size_t *n_breaks)
{
    size_t i, nb = n_bins > 1 ? n_bins - 1 : 0;
    *n_breaks = 0;
    if (n_bins < 2 || n_bins > SCM_CLASSIFY_MAX_BINS)
        return scm__error(ctx, SCM_EINVAL, "classify: %zu classes (take 2 to %d)", n_bins,
                          SCM_CLASSIFY_MAX_BINS);
    if (n == 0)
        return scm__error(ctx, SCM_EDATA, "classify: no values to classify");
    qsort(v, n, sizeof *v, cmp_double);
    switch (method) {
    case SCM_CLASSIFY_QUANTILE:
        for (i = 0; i < nb; i++)
            breaks[i] = v[(size_t)((double)(i + 1) * (double)n / (double)n_bins + 0.5) - 1];
        break;
    case SCM_CLASSIFY_EQUAL:
        for (i = 0; i < nb; i++)
            breaks[i] = v[0] + (v[n - 1] - v[0]) * (double)(i + 1) / (double)n_bins;
        break;
    case SCM_CLASSIFY_LOG: {
        double lo = log10(v[0] > 0 ? v[0] : 1e-9), hi = log10(v[n - 1] > 0 ? v[n - 1] : 1e-9);
        for (i = 0; i < nb; i++)
            breaks[i] = pow(10, lo + (hi - lo) * (double)(i + 1) / (double)n_bins);
        break;
    }
    case SCM_CLASSIFY_JENKS: {
        size_t m = n < JENKS_MAX ? n : JENKS_MAX;
        double *s = scm__mallocn(m, sizeof *s);
        scm_status st;
        if (s == NULL)
            return scm__error(ctx, SCM_ENOMEM, "classify: out of memory");
        for (i = 0; i < m; i++)
            s[i] = v[m == n ? i : (size_t)((double)i * (double)(n - 1) / (double)(m - 1))];
        if (nb + 1 > m)
            nb = m - 1;
        st = nb > 0 ? jenks(ctx, s, m, nb + 1, breaks) : SCM_OK;
        free(s);
        if (st != SCM_OK)
            return st;
        break;
    }
    default:
        return scm__error(ctx, SCM_EINVAL, "classify: the method takes no computed breaks");
    }
    /* A last break at the maximum would leave the top bin empty. */
    while (nb > 0 && breaks[nb - 1] >= v[n - 1])
        nb--;
    *n_breaks = dedupe(breaks, nb);
    return SCM_OK;
}

size_t
scm_classify_bin(const double *breaks, size_t n_breaks, double v)
{
    size_t i = 0;
    while (i < n_breaks && v > breaks[i])
        i++;
    return i;
}
