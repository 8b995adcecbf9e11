/* SPDX-License-Identifier: MIT */
/* JSON string quoting for callers outside the library, on top of the private buffer writer. */
#include "scmap/core.h"

#include "core_private.h"

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
