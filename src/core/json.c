/* SPDX-License-Identifier: MIT */
/* JSON: string quoting, into a buffer inside the library and as a string for callers outside,
 * and a writer that places the commas itself, so that no document is built by hand from
 * fragments that each must remember whether a comma goes before them. */
#include <stdarg.h>
#include <stdio.h>

#include "scmap/core.h"

#include "core_private.h"

int
scm__json_string(scm_buf *b, const char *s)
{
    scm__buf_append(b, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            scm__buf_printf(b, "\\%c", c);
        else if (c < 0x20)
            scm__buf_printf(b, "\\u%04x", c);
        else
            scm__buf_append(b, s, 1);
    }
    return scm__buf_append(b, "\"", 1);
}

scm_status
scm_json_quote(scm_ctx *ctx, const char *s, char **out)
{
    scm_buf b = {0};
    *out = NULL;
    scm__json_string(&b, s);
    scm__buf_append(&b, "", 1);
    if (scm__buf_failed(&b)) {
        scm__buf_free(&b);
        return scm__error(ctx, SCM_ENOMEM, "json: out of memory");
    }
    *out = (char *)b.data;
    return SCM_OK;
}

/* The comma before a value or key, unless it opens its array or object or follows a key. */
static void
separate(scm__json *w)
{
    if (w->after_key)
        w->after_key = 0;
    else if (w->depth > 0 && w->any[w->depth - 1])
        w->failed |= scm__buf_append(w->b, ",", 1) != 0;
    if (w->depth > 0)
        w->any[w->depth - 1] = 1;
}

void
scm__json_open(scm__json *w, char bracket)
{
    separate(w);
    if (w->depth >= (int)sizeof w->any) {
        w->failed = 1;
        return;
    }
    w->any[w->depth++] = 0;
    w->failed |= scm__buf_append(w->b, &bracket, 1) != 0;
}

void
scm__json_close(scm__json *w, char bracket)
{
    if (w->depth > 0)
        w->depth--;
    w->failed |= scm__buf_append(w->b, &bracket, 1) != 0;
}

void
scm__json_key(scm__json *w, const char *key)
{
    separate(w);
    w->failed |= scm__json_string(w->b, key) != 0 || scm__buf_append(w->b, ":", 1) != 0;
    w->after_key = 1;
}

void
scm__json_str(scm__json *w, const char *s)
{
    separate(w);
    w->failed |= scm__json_string(w->b, s) != 0;
}

void
scm__json_member(scm__json *w, const char *key, const char *s)
{
    scm__json_key(w, key);
    scm__json_str(w, s);
}

void
scm__json_num(scm__json *w, const char *fmt, ...)
{
    va_list ap;
    char text[64];
    int n;
    separate(w);
    va_start(ap, fmt);
    n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof text)
        w->failed = 1;
    else
        w->failed |= scm__buf_append(w->b, text, (size_t)n) != 0;
}

void
scm__json_raw(scm__json *w, const char *json)
{
    separate(w);
    w->failed |= scm__buf_printf(w->b, "%s", json) != 0;
}

void
scm__json_newline(scm__json *w)
{
    separate(w);
    w->failed |= scm__buf_append(w->b, "\n", 1) != 0;
    w->after_key = 1; /* the value that follows has its comma already */
}
