/* SPDX-License-Identifier: MIT */
/* What a tile folder holds: <out>/<style>/.scmap-job names the job (a hash of everything that
 * decides the tiles), its format and its shard, so that --resume and merge refuse another job. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <sys/stat.h>

#include "../core/core_private.h"
#include "pyramid_private.h"

static const char *const formats[] = {"dir", "mbtiles", "pmtiles"};

/* The file's text: one fixed layout, so that a folder of one run and the merge of its
 * shards hold the same bytes. */
static int
job_text(const scm__job_id *j, char *buf, size_t n)
{
    return snprintf(buf, n, "scmap job %016llx\nformat %s\nshard %u/%u\n%s\n",
                    (unsigned long long)j->id, formats[j->format], j->shard, j->n_shards,
                    j->complete ? "complete" : "running");
}

scm_status
scm__job_write(scm_ctx *ctx, const char *dir, const scm__job_id *j)
{
    char path[4200], text[256];
    int n = job_text(j, text, sizeof text);
    snprintf(path, sizeof path, "%s/.scmap-job", dir);
    return scm__write_file(ctx, path, text, (size_t)n);
}

scm_status
scm__job_read(scm_ctx *ctx, const char *dir, scm__job_id *j, int *found)
{
    char path[4200], text[256], again[256], fmt[16], state[16];
    unsigned long long id;
    struct stat sb;
    FILE *fp;
    size_t n;
    int k;
    *found = 0;
    snprintf(path, sizeof path, "%s/.scmap-job", dir);
    if (lstat(path, &sb) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return SCM_OK;
        return scm__error(ctx, SCM_EIO, "%s: cannot read: %s", path, strerror(errno));
    }
    if (!S_ISREG(sb.st_mode) || sb.st_size >= (off_t)sizeof text ||
        (fp = fopen(path, "rb")) == NULL)
        return scm__error(ctx, SCM_EDATA, "%s: cannot be read as scmap's job file", path);
    n = fread(text, 1, sizeof text - 1, fp);
    fclose(fp);
    text[n] = '\0';
    memset(j, 0, sizeof *j);
    /* Read, then written again: anything but the exact layout is not a job file. */
    if (sscanf(text, "scmap job %16llx format %15s shard %u/%u %15s", &id, fmt, &j->shard,
               &j->n_shards, state) != 5)
        return scm__error(ctx, SCM_EDATA, "%s: not scmap's job file", path);
    j->id = id;
    j->complete = strcmp(state, "complete") == 0;
    for (k = 0; k < 3 && strcmp(fmt, formats[k]) != 0; k++)
        ;
    j->format = (scm_sink_kind)(k < 3 ? k : 0);
    if (k == 3 || j->shard < 1 || j->shard > j->n_shards ||
        job_text(j, again, sizeof again) != (int)n || memcmp(again, text, n) != 0)
        return scm__error(ctx, SCM_EDATA, "%s: not scmap's job file", path);
    *found = 1;
    return SCM_OK;
}

int
scm__job_same(const scm__job_id *a, const scm__job_id *b)
{
    return a->id == b->id && a->format == b->format && a->shard == b->shard &&
           a->n_shards == b->n_shards;
}
