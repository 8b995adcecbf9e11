/* SPDX-License-Identifier: MIT */
/* The run context: the first error of a call chain, the log hook, the cancel flag and the
 * step timings. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/core.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core_private.h"

scm_status
scm_ctx_new(scm_ctx **out)
{
    scm_ctx *ctx;
    *out = NULL;
    ctx = calloc(1, sizeof *ctx);
    if (ctx == NULL)
        return SCM_ENOMEM;
    *out = ctx;
    return SCM_OK;
}

void
scm_ctx_free(scm_ctx *ctx)
{
    free(ctx);
}

void
scm_ctx_set_log(scm_ctx *ctx, scm_log_fn fn, void *user)
{
    ctx->log = fn;
    ctx->log_user = user;
}

void
scm_ctx_set_timings(scm_ctx *ctx, int on)
{
    ctx->timings = on != 0;
}

void
scm__timing(scm_ctx *ctx, const char *step)
{
    struct timespec ts;
    if (!ctx->timings || ctx->log == NULL || clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return;
    scm__log(ctx, SCM_LOG_TIMING, "%.6f\t%s", (double)ts.tv_sec + ts.tv_nsec / 1e9, step);
}

void
scm_ctx_set_cancel(scm_ctx *ctx, const volatile sig_atomic_t *flag)
{
    ctx->cancel = flag;
}

scm_status
scm__cancelled(scm_ctx *ctx)
{
    if (ctx->cancel == NULL || *ctx->cancel == 0)
        return SCM_OK;
    return scm__error(ctx, SCM_ECANCEL,
                      "stopped by a signal; no temporary file is left (run the same command "
                      "again to finish, with --resume to keep the tiles of a directory run)");
}

const char *
scm_ctx_errmsg(const scm_ctx *ctx)
{
    return ctx->errmsg;
}

scm_status
scm_ctx_status(const scm_ctx *ctx)
{
    return ctx->status;
}

void
scm_ctx_clear_error(scm_ctx *ctx)
{
    ctx->status = SCM_OK;
    ctx->errmsg[0] = '\0';
}

const char *
scm_strerror(scm_status s)
{
    switch (s) {
    case SCM_OK:
        return "ok";
    case SCM_EINVAL:
        return "invalid argument";
    case SCM_ENOMEM:
        return "out of memory";
    case SCM_EIO:
        return "input/output error";
    case SCM_EDATA:
        return "malformed data";
    case SCM_EPROJ:
        return "coordinate transformation failed";
    case SCM_ERENDER:
        return "rendering failed";
    case SCM_ECANCEL:
        return "stopped by a signal";
    }
    return "unknown status";
}

const char *
scm_version(void)
{
    return SCMAP_VERSION;
}

/* Only the first error is kept: later ones are usually its consequences. */
scm_status
scm__error(scm_ctx *ctx, scm_status s, const char *fmt, ...)
{
    va_list ap;
    if (ctx->status != SCM_OK)
        return s;
    ctx->status = s;
    va_start(ap, fmt);
    vsnprintf(ctx->errmsg, sizeof ctx->errmsg, fmt, ap);
    va_end(ap);
    return s;
}

void
scm__log(scm_ctx *ctx, scm_log_level level, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    if (ctx->log == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ctx->log(ctx->log_user, level, msg);
}
