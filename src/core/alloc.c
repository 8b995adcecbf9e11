/* SPDX-License-Identifier: MIT */
/* Overflow-checked allocation and the growable byte buffer. */
#include "scmap/core.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_private.h"

void *
scm__mallocn(size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    return malloc(n * size == 0 ? 1 : n * size);
}

void *
scm__callocn(size_t n, size_t size)
{
    return calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);
}

void *
scm__reallocn(void *p, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    return realloc(p, n * size == 0 ? 1 : n * size);
}

char *
scm__strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d != NULL)
        memcpy(d, s, n);
    return d;
}

int
scm__grow(void *p, size_t *cap, size_t need, size_t size)
{
    void **pp = p;
    size_t ncap;
    void *np;
    if (need <= *cap)
        return 0;
    ncap = *cap < 16 ? 16 : *cap;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return -1;
        ncap *= 2;
    }
    np = scm__reallocn(*pp, ncap, size);
    if (np == NULL)
        return -1;
    *pp = np;
    *cap = ncap;
    return 0;
}

int
scm__buf_reserve(scm_buf *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (extra > SIZE_MAX - b->len || scm__grow(&b->data, &b->cap, b->len + extra, 1) != 0)
        b->failed = 1;
    return b->failed ? -1 : 0;
}

int
scm__buf_append(scm_buf *b, const void *p, size_t n)
{
    if (n == 0 || scm__buf_reserve(b, n) != 0)
        return b->failed ? -1 : 0;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    return 0;
}

int
scm__buf_printf(scm_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (b->failed)
        return -1;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        b->failed = 1;
    if (n < 0 || scm__buf_reserve(b, (size_t)n + 1) != 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

int
scm__buf_failed(const scm_buf *b)
{
    return b->failed;
}

void
scm__buf_free(scm_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}
