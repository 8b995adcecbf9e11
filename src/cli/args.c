/* SPDX-License-Identifier: MIT */
/* Options shared by every command, and opening a style's data. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "cli.h"

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
usage_error(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "scmap: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (run 'scmap COMMAND --help')\n");
    return EXIT_USAGE;
}

/* A count as digits only: no sign, space, hex or exponent, and no wrap-around, which strtoul
 * would allow ("-1", " 8", "0x10", "4294967297" all come back as some number). */
static int
parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
    unsigned long v = 0;
    size_t i;
    for (i = 0; s[i] >= '0' && s[i] <= '9'; i++)
        if ((v = v * 10 + (unsigned long)(s[i] - '0')) > hi)
            return -1;
    if (i == 0 || s[i] != '\0' || v < lo)
        return -1;
    *out = (unsigned)v;
    return 0;
}

static int
parse_int(const char *s, int lo, int hi, int *out)
{
    unsigned v;
    if (parse_uint(s, (unsigned)lo, (unsigned)hi, &v) != 0)
        return -1;
    *out = (int)v;
    return 0;
}

/* "A<sep>B" as two counts from lo to hi; with optional_b, "A" alone gives B = A. */
static int
parse_pair(const char *s, char sep, unsigned lo, unsigned hi, int optional_b, unsigned *a,
           unsigned *b)
{
    char buf[32], *mid;
    if (strlen(s) >= sizeof buf)
        return -1;
    memcpy(buf, s, strlen(s) + 1);
    mid = strchr(buf, sep);
    if (mid == NULL)
        return optional_b && parse_uint(buf, lo, hi, a) == 0 ? (*b = *a, 0) : -1;
    *mid = '\0';
    return parse_uint(buf, lo, hi, a) != 0 || parse_uint(mid + 1, lo, hi, b) != 0 ? -1 : 0;
}

/* 0, -1 when malformed, -2 when a year is outside the supported ones, 1 when the range runs
 * backwards. */
static int
parse_periods(const char *s, cli_opts *o)
{
    char buf[64];
    char *dots;
    int a, b;
    if (strlen(s) >= sizeof buf)
        return -1;
    memcpy(buf, s, strlen(s) + 1);
    dots = strstr(buf, "..");
    if (dots == NULL) {
        if ((a = scm_period_parse(buf, &o->first)) != 0)
            return a;
        o->last = o->first;
        return 0;
    }
    *dots = '\0';
    a = scm_period_parse(buf, &o->first);
    b = dots[2] == '\0' ? -1 : scm_period_parse(dots + 2, &o->last);
    if (a == -1 || b == -1)
        return -1;
    if (a != 0 || b != 0)
        return -2;
    return scm_period_start(o->first) > scm_period_end(o->last) ? 1 : 0;
}

/* A word that is no option's value: only merge takes them (its shard folders). Anything else
 * was meant for a flag, and ignoring it would run the wrong job. */
static int
stray_argument(const char *a)
{
    static const char *const hints[][2] = {{".json", "--style"},
                                           {".shp", "--shapes"},
                                           {".gpkg", "--shapes"},
                                           {".geojson", "--shapes"},
                                           {".csv", "--activations"},
                                           {".xlsx", "--activations"},
                                           {".ods", "--activations"},
                                           {".png", "-o"},
                                           {".svg", "-o"},
                                           {".pdf", "-o"}};
    const char *dot = strrchr(a, '.');
    size_t k;
    for (k = 0; dot != NULL && k < sizeof hints / sizeof hints[0]; k++)
        if (strcmp(dot, hints[k][0]) == 0)
            return usage_error("unexpected argument \"%s\" (did you mean %s %s?)", a, hints[k][1],
                               a);
    return usage_error("unexpected argument \"%s\" (every value follows its flag, as in --out %s)",
                       a, a);
}

int
cli_parse(const char *command, int argc, char **argv, cli_opts *o)
{
    static const struct {
        const char *flag;
        size_t offset;
        int may_be_empty; /* text; the others name files, folders, columns or choices */
    } strings[] = {
        {"--style", offsetof(cli_opts, style), 0},
        {"--shapes", offsetof(cli_opts, shapes), 0},
        {"--key", offsetof(cli_opts, key), 0},
        {"--activations", offsetof(cli_opts, activations), 0},
        {"--counts", offsetof(cli_opts, counts), 0},
        {"--population", offsetof(cli_opts, population), 0},
        {"--fips-column", offsetof(cli_opts, fips_column), 0},
        {"--date-column", offsetof(cli_opts, date_column), 0},
        {"--out", offsetof(cli_opts, out), 0},
        {"-o", offsetof(cli_opts, output), 0},
        {"--period", offsetof(cli_opts, period), 0},
        {"--format", offsetof(cli_opts, format), 0},
        {"--note", offsetof(cli_opts, note), 1},
        {"--byline", offsetof(cli_opts, byline), 1},
        {"--tiles", offsetof(cli_opts, tiles_dir), 0},
    };
    int i;
    memset(o, 0, sizeof *o);
    o->command = command;
    o->zmin = 0;
    o->zmax = 6;
    o->scale = 1;
    o->width = 1920;
    o->height = 1080;
    o->jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = o->jobs < 1 ? 1 : o->jobs > 64 ? 64 : o->jobs;
    o->progress = isatty(2);
    for (i = 0; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        size_t k;
        int takes = 1;
        for (k = 0; k < sizeof strings / sizeof strings[0]; k++)
            if (strcmp(a, strings[k].flag) == 0)
                break;
        if (k < sizeof strings / sizeof strings[0]) {
            if (v == NULL)
                return usage_error("%s needs a value", a);
            /* An unset shell variable: --out "" once wrote into /. */
            if (v[0] == '\0' && !strings[k].may_be_empty)
                return usage_error("%s is empty (is a shell variable unset?)", a);
            *(const char **)((char *)o + strings[k].offset) = v;
        } else if (strcmp(a, "--zoom") == 0) {
            unsigned z0, z1;
            if (v == NULL || parse_pair(v, '-', 0, 99, 1, &z0, &z1) != 0)
                return usage_error("--zoom takes a range like 0-8, not \"%s\"", v ? v : "");
            o->zmin = (int)z0;
            o->zmax = (int)z1;
        } else if (strcmp(a, "--periods") == 0) {
            int pr = v == NULL ? -1 : parse_periods(v, o);
            if (pr > 0) { /* well formed, but the range runs backwards: a data error */
                fprintf(stderr, "scmap: --periods %s ends before it starts\n", v);
                return EXIT_DATA;
            }
            if (pr == -2)
                return usage_error("--periods %s: years go from %d to %d", v, SCM_YEAR_MIN,
                                   SCM_YEAR_MAX);
            if (pr != 0)
                return usage_error("--periods takes a range like 2008Q4..2013Q1, not \"%s\"",
                                   v ? v : "");
            o->has_periods = 1;
        } else if (strcmp(a, "--size") == 0) {
            if (v == NULL || parse_pair(v, 'x', 320, 8000, 0, &o->width, &o->height) != 0)
                return usage_error("--size takes WIDTHxHEIGHT from 320 to 8000, like 1920x1080 "
                                   "or 1080x1350, not \"%s\"",
                                   v ? v : "");
        } else if (strcmp(a, "--shard") == 0) {
            if (v == NULL || parse_pair(v, '/', 1, 10000, 0, &o->shard, &o->n_shards) != 0 ||
                o->shard > o->n_shards)
                return usage_error("--shard takes K/N with 1 <= K <= N <= 10000, like 2/3, not "
                                   "\"%s\"",
                                   v ? v : "");
        } else if (a[0] != '-' && command != NULL && strcmp(command, "merge") == 0) {
            if (a[0] == '\0')
                return usage_error("a shard folder is empty (is a shell variable unset?)");
            if (o->inputs == NULL)
                o->inputs = argv + i;
            if (o->inputs + o->n_inputs != argv + i) /* folders after a flag: keep them together */
                return usage_error(
                    "give the shard folders side by side, not split by flags (\"%s\")", a);
            o->n_inputs++;
            takes = 0;
        } else if (a[0] != '-') {
            return stray_argument(a);
        } else if (strcmp(a, "--tween") == 0) {
            if (v == NULL || parse_int(v, 0, 30, &o->tween) != 0)
                return usage_error("--tween takes 0 to 30 in-between frames, not \"%s\"",
                                   v ? v : "");
        } else if (strcmp(a, "--scale") == 0) {
            if (v == NULL || parse_int(v, 1, 2, &o->scale) != 0)
                return usage_error("--scale takes 1 or 2, not \"%s\"", v ? v : "");
        } else if (strcmp(a, "--jobs") == 0) {
            if (v == NULL || parse_int(v, 1, 64, &o->jobs) != 0)
                return usage_error("--jobs takes a number from 1 to 64, not \"%s\"", v ? v : "");
        } else if (strcmp(a, "--lang") == 0) {
            if (v == NULL || (strcmp(v, "en") != 0 && strcmp(v, "es") != 0))
                return usage_error("--lang takes en or es, not \"%s\"", v ? v : "");
            o->lang = strcmp(v, "es") == 0 ? SCM_LANG_ES : SCM_LANG_EN;
        } else {
            takes = 0;
            if (strcmp(a, "--fiscal") == 0)
                o->fiscal = 1;
            else if (strcmp(a, "--resume") == 0)
                o->resume = 1;
            else if (strcmp(a, "--no-ids") == 0)
                o->no_ids = 1;
            else if (strcmp(a, "--gif") == 0)
                o->gif = 1;
            else if (strcmp(a, "--mp4") == 0)
                o->mp4 = 1;
            else if (strcmp(a, "--counties") == 0)
                o->counties = 1;
            else if (strcmp(a, "--quiet") == 0)
                o->quiet = 1;
            else if (strcmp(a, "--progress") == 0)
                o->progress = 1;
            else
                return usage_error("unknown option \"%s\"", a);
        }
        i += takes;
    }
    if (o->period != NULL) {
        scm_period p;
        int pr = scm_period_parse(o->period, &p);
        if (pr == -2)
            return usage_error("--period %s: years go from %d to %d", o->period, SCM_YEAR_MIN,
                               SCM_YEAR_MAX);
        if (pr != 0)
            return usage_error("--period takes a period like 2012Q2, not \"%s\"", o->period);
    }
    if (o->quiet)
        o->progress = 0;
    return 0;
}

int
cli_fail(scm_ctx *ctx, scm_status st)
{
    fprintf(stderr, "scmap: %s\n", scm_ctx_errmsg(ctx)[0] ? scm_ctx_errmsg(ctx) : scm_strerror(st));
    return st == SCM_EINVAL ? EXIT_USAGE : EXIT_DATA;
}

const char *
cli_default_style(const char *name, char *buf, size_t n)
{
    snprintf(buf, n, "styles/%s.json", name);
    if (access(buf, R_OK) != 0)
        snprintf(buf, n, "%s/styles/%s.json", SCMAP_SOURCE_DIR, name);
    return buf;
}

int
cli_job_open(scm_ctx *ctx, const cli_opts *o, const char *style_path, cli_job *job)
{
    scm_sources src;
    scm_timeline_opts to = {0};
    scm_status st;
    char buf[4096];
    memset(job, 0, sizeof *job);
    if (style_path == NULL)
        style_path = o->style ? o->style : cli_default_style("activation", buf, sizeof buf);
    if ((st = scm_style_read(ctx, style_path, &job->style)) != SCM_OK)
        return cli_fail(ctx, st);
    scm_style_sources(job->style, &src);
    if (o->shapes)
        src.shapes = o->shapes;
    if (o->key)
        src.shapes_key = o->key;
    if (o->activations)
        src.activations = o->activations;
    if (o->fips_column)
        src.act_key = o->fips_column;
    if (o->date_column)
        src.act_date = o->date_column;
    if (o->counts)
        src.counts = o->counts;
    if (o->population)
        src.population = o->population;
    if ((st = scm_dataset_load(ctx, &src, &job->ds)) != SCM_OK) {
        cli_job_close(job);
        return cli_fail(ctx, st);
    }
    to.has_range = o->has_periods;
    to.first = o->first;
    to.last = o->last;
    to.kind_override = o->fiscal;
    to.kind = SCM_PERIOD_FISCAL_QUARTER;
    if ((st = scm_timeline_new(ctx, job->ds, job->style, &to, &job->tl)) != SCM_OK) {
        cli_job_close(job);
        return cli_fail(ctx, st);
    }
    return 0;
}

void
cli_job_close(cli_job *job)
{
    scm_timeline_free(job->tl);
    scm_dataset_free(job->ds);
    scm_style_free(job->style);
    memset(job, 0, sizeof *job);
}

int
cli_mkdirs(scm_ctx *ctx, const char *path)
{
    return scm_mkdirs(ctx, path) == SCM_OK && access(path, W_OK) == 0 ? 0 : -1;
}

int
cli_on_path(const char *prog)
{
    const char *path = getenv("PATH");
    char dir[4096];
    while (path != NULL && *path) {
        const char *colon = strchr(path, ':');
        size_t n = colon ? (size_t)(colon - path) : strlen(path);
        snprintf(dir, sizeof dir, "%.*s/%s", (int)n, path, prog);
        if (access(dir, X_OK) == 0)
            return 1;
        path = colon ? colon + 1 : NULL;
    }
    return 0;
}

int
cli_write_text(const char *path, const char *text)
{
    FILE *fp = path ? fopen(path, "w") : stdout;
    int ok = fp != NULL && fputs(text, fp) != EOF;
    if (fp != NULL && fp != stdout)
        ok = (fclose(fp) == 0) && ok;
    else if (fp == stdout)
        ok = (fflush(stdout) == 0) && ok;
    if (!ok) {
        fprintf(stderr, "scmap: %s: cannot write\n", path ? path : "standard output");
        return EXIT_DATA;
    }
    return 0;
}
