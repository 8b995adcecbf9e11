/* SPDX-License-Identifier: MIT */
/* JSON string quoting: into a buffer inside the library, and as a string for callers outside. */
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
