/* SPDX-License-Identifier: MIT */
/* scmap check and scmap stats: the join report and the numbers behind each map. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Where check -o FILE puts the whole lists: beside FILE, report.txt -> report-unmatched.csv. */
static void
lists_path(const char *report, char *buf, size_t n)
{
    const char *slash = strrchr(report, '/'), *dot = strrchr(report, '.');
    int stem =
        dot != NULL && dot > (slash ? slash : report) ? (int)(dot - report) : (int)strlen(report);
    snprintf(buf, n, "%.*s-unmatched.csv", stem, report);
}

/* The report, and with -o the CSV of its whole lists beside it. */
static int
write_report(scm_ctx *ctx, const cli_opts *o, const cli_job *job)
{
    char *text = NULL, *csv = NULL, lists[4096] = "";
    const char *slash;
    scm_status st;
    int rc;
    if (o->output != NULL)
        lists_path(o->output, lists, sizeof lists);
    slash = strrchr(lists, '/');
    st = scm_dataset_report(ctx, job->ds, o->output ? (slash ? slash + 1 : lists) : NULL, &text);
    if (st == SCM_OK && o->output != NULL)
        st = scm_dataset_report_csv(ctx, job->ds, &csv);
    if (st != SCM_OK)
        rc = cli_fail(ctx, st);
    else if ((rc = cli_write_text(ctx, o->output, text)) == 0 && csv != NULL)
        rc = cli_write_text(ctx, lists, csv);
    if (rc == 0 && o->output == NULL && !o->quiet && strstr(text, " more\n") != NULL)
        fprintf(stderr, "scmap: the lists above are cut at 20 rows; with -o report.txt, check "
                        "writes all of them to report-unmatched.csv\n");
    free(text);
    free(csv);
    return rc;
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
    rc = write_report(ctx, o, &job);
    /* Colours a reader may confuse are a warning: the map is still drawn as asked. */
    if (rc == 0 && (st = scm_style_color_problems(ctx, job.style, &text)) != SCM_OK)
        rc = cli_fail(ctx, st);
    for (char *p = text, *nl; rc == 0 && !o->quiet && p != NULL && *p; p = nl + 1) {
        nl = strchr(p, '\n');
        fprintf(stderr, "scmap: warning: %s: %.*s\n", scm_style_name(job.style), (int)(nl - p), p);
    }
    free(text);
    cli_job_close(&job);
    return rc;
}

/* The rollout on one day, so that a figure published that day can be checked. */
static int
stats_as_of(scm_ctx *ctx, const cli_opts *o, const cli_job *job, scm_date d)
{
    char text[160], day[11];
    size_t act, newly, states;
    scm_dataset_rollout(job->ds, d, d, &act, &newly, &states);
    scm_date_format(d, day);
    snprintf(text, sizeof text,
             "as_of,counties_activated,states_with_activated_county\n%s,%zu,%zu\n", day, act,
             states);
    return cli_write_text(ctx, o->output, text);
}

int
cmd_stats(scm_ctx *ctx, const cli_opts *o)
{
    cli_job job;
    char *text = NULL;
    scm_date as_of = SCM_DATE_NONE;
    scm_status st;
    int rc;
    if (o->as_of != NULL && scm_date_parse(o->as_of, &as_of) != 0) {
        fprintf(stderr, "scmap: --as-of takes a date like 2009-11-12, not \"%s\"\n", o->as_of);
        return EXIT_USAGE;
    }
    if ((rc = cli_job_open(ctx, o, NULL, &job)) != 0)
        return rc;
    if (as_of != SCM_DATE_NONE) {
        rc = stats_as_of(ctx, o, &job, as_of);
        cli_job_close(&job);
        return rc;
    }
    st = o->counties ? scm_timeline_counties_csv(ctx, job.tl, &text)
                     : scm_timeline_stats_csv(ctx, job.tl, &text);
    if (st != SCM_OK)
        rc = cli_fail(ctx, st);
    else
        rc = cli_write_text(ctx, o->output, text);
    free(text);
    cli_job_close(&job);
    return rc;
}
