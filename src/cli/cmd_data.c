/* SPDX-License-Identifier: MIT */
/* scmap check and scmap stats: the join report and the numbers behind each map. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static int
write_text(const cli_opts *o, const char *text)
{
    FILE *fp = o->output ? fopen(o->output, "w") : stdout;
    if (fp == NULL) {
        fprintf(stderr, "scmap: %s: cannot write\n", o->output);
        return EXIT_DATA;
    }
    fputs(text, fp);
    if (fp != stdout && fclose(fp) != 0) {
        fprintf(stderr, "scmap: %s: cannot write\n", o->output);
        return EXIT_DATA;
    }
    return 0;
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
        rc = write_text(o, text);
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
        rc = write_text(o, text);
    free(text);
    cli_job_close(&job);
    return rc;
}
