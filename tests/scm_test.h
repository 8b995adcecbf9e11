/* SPDX-License-Identifier: MIT */
/* A minimal test harness: CHECK records a failure and goes on; main() returns the report. */
#ifndef SCM_TEST_H
#define SCM_TEST_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int scm_test_checks, scm_test_failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        scm_test_checks++;                                                                         \
        if (!(cond)) {                                                                             \
            scm_test_failures++;                                                                   \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

#define CHECK_NEAR(a, b, tol) CHECK(fabs((double)(a) - (double)(b)) <= (tol))

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *a_ = (a), *b_ = (b);                                                           \
        scm_test_checks++;                                                                         \
        if (a_ == NULL || b_ == NULL || strcmp(a_, b_) != 0) {                                     \
            scm_test_failures++;                                                                   \
            fprintf(stderr, "%s:%d: \"%s\" != \"%s\"\n", __FILE__, __LINE__, a_ ? a_ : "(null)",   \
                    b_ ? b_ : "(null)");                                                           \
        }                                                                                          \
    } while (0)

/* Checks a status and, on mismatch, prints the context's message. */
#define CHECK_STATUS(ctx, expr, want)                                                              \
    do {                                                                                           \
        scm_status got_ = (expr);                                                                  \
        scm_test_checks++;                                                                         \
        if (got_ != (want)) {                                                                      \
            scm_test_failures++;                                                                   \
            fprintf(stderr, "%s:%d: %s gave %d, want %d: %s\n", __FILE__, __LINE__, #expr,         \
                    (int)got_, (int)(want), scm_ctx_errmsg(ctx));                                  \
        }                                                                                          \
        scm_ctx_clear_error(ctx);                                                                  \
    } while (0)

#define RUN(fn)                                                                                    \
    do {                                                                                           \
        int before_ = scm_test_failures;                                                           \
        fn();                                                                                      \
        fprintf(stderr, "%s %s\n", scm_test_failures == before_ ? "ok  " : "FAIL", #fn);           \
    } while (0)

static inline int
scm_test_report(void)
{
    fprintf(stderr, "%d checks, %d failed\n", scm_test_checks, scm_test_failures);
    return scm_test_failures == 0 ? 0 : 1;
}

#endif
