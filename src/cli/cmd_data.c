/* SPDX-License-Identifier: MIT */
/* scmap check and scmap stats: the join report and the numbers behind each map. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* text to -o FILE, whole or not at all, or to standard output. */
static int
write_text(scm_ctx *ctx, const char *path, const char *text)
{
    scm_status st;
    if (path == NULL)
        return cli_write_text(NULL, text);
    st = scm_write_file_atomic(ctx, path, text, strlen(text));
    return st == SCM_OK ? 0 : cli_fail(ctx, st);
}

int
cmd_check(scm_ctx *ctx, const cli_opts *o)
{
    cli_job job;
    char *text = NULL;
    scm_status st;
    int rc = cli_job_open(ctx, o, NULL, &job);
    if (rc != 0)
        return rc;
    if ((st = scm_dataset_report(ctx, job.ds, &text)) != SCM_OK)
        rc = cli_fail(ctx, st);
    else
        rc = write_text(ctx, o->output, text);
    free(text);
    cli_job_close(&job);
    return rc;
}

int
cmd_stats(scm_ctx *ctx, const cli_opts *o)
{
    cli_job job;
    char *text = NULL;
    scm_status st;
    int rc = cli_job_open(ctx, o, NULL, &job);
    if (rc != 0)
        return rc;
    st = o->counties ? scm_timeline_counties_csv(ctx, job.tl, &text)
                     : scm_timeline_stats_csv(ctx, job.tl, &text);
    if (st != SCM_OK)
        rc = cli_fail(ctx, st);
    else
        rc = write_text(ctx, o->output, text);
    free(text);
    cli_job_close(&job);
    return rc;
}
