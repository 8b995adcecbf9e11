/* SPDX-License-Identifier: MIT */
/* A job's identity: a hash of everything that decides the tiles, kept with the format and the
 * shard in <out>/<style>/.scmap-job, so that --resume and merge refuse another job's folder. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <math.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

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
/* Hashes the low `bytes` bytes of v, little-endian on every machine. */
static void
mix(uint64_t *h, uint64_t v, int bytes)
{
    uint8_t le[8];
    int i;
    for (i = 0; i < bytes; i++)
        le[i] = (uint8_t)(v >> (8 * i));
    *h = scm__fnv1a(*h, le, (size_t)bytes);
}

static void
mix_rgba(uint64_t *h, scm_rgba c)
{
    mix(h, (uint64_t)c.r << 24 | (uint64_t)c.g << 16 | (uint64_t)c.b << 8 | c.a, 4);
}

/* The job's identity: everything that decides the tiles' bytes (options, colours, every
 * county's class in every period, the projected geometry to the centimetre), nothing that
 * differs between runs of one job (times, paths, the shard, --jobs). */
uint64_t
scm__job_hash(const scm_job *job, const scm_geometry *merc)
{
    const scm_pyramid_opts *o = job->o;
    const scm_timeline *tl = job->tl;
    size_t nc = scm_timeline_n_counties(tl), k, i;
    uint64_t h = SCM__FNV_SEED;
    mix(&h, (uint64_t)o->zmin, 1);
    mix(&h, (uint64_t)o->zmax, 1);
    mix(&h, (uint64_t)o->scale, 1);
    mix(&h, (uint64_t)o->format, 1);
    mix(&h, o->ids != 0, 1);
    mix(&h, o->burn_states != 0, 1);
    mix(&h, job->states != NULL, 1);
    mix_rgba(&h, job->states_color);
    mix(&h, (uint64_t)llround(job->states_px * 1000), 8);
    mix_rgba(&h, job->fs.land);
    mix_rgba(&h, job->fs.outline);
    mix(&h, (uint64_t)llround(job->fs.outline_px * 1000), 8);
    mix(&h, job->fs.n_classes, 8);
    for (i = 0; i < job->fs.n_classes; i++)
        mix_rgba(&h, job->fs.class_color[i]);
    mix(&h, job->n_periods, 8);
    mix(&h, nc, 8);
    for (k = 0; k < job->n_periods; k++) {
        const uint8_t *cls = scm_timeline_classes(tl, k);
        char name[16];
        scm_timeline_period_name(tl, k, name);
        for (i = 0; i == 0 || name[i - 1] != '\0'; i++)
            mix(&h, (uint8_t)name[i], 1);
        for (i = 0; i < nc; i++)
            mix(&h, cls[i], 1);
    }
    mix(&h, merc->n_features, 8);
    mix(&h, merc->n_rings, 8);
    mix(&h, merc->n_points, 8);
    for (i = 0; i <= merc->n_features; i++)
        mix(&h, merc->feature_ring[i], 8);
    for (i = 0; i <= merc->n_rings; i++)
        mix(&h, merc->ring_point[i], 8);
    for (i = 0; i < 2 * merc->n_points; i++)
        mix(&h, (uint64_t)llround(merc->xy[i] * 100), 8);
    return h;
}

/* Says in dir which job writes there, after checking that --resume continues that job and
 * not another: old tiles of another style, zoom or scale must not pass for this job's. */
scm_status
scm__job_claim(scm_ctx *ctx, const scm_pyramid_opts *o, const char *dir, const scm__job_id *want)
{
    scm__job_id have;
    char done[4200];
    int found = 0;
    scm_status s;
    snprintf(done, sizeof done, "%s/.scmap-done", dir);
    if (o->resume) {
        if ((s = scm__job_read(ctx, dir, &have, &found)) != SCM_OK)
            return s;
        if ((found && !scm__job_same(&have, want)) || (!found && access(done, F_OK) == 0))
            return scm__error(ctx, SCM_EDATA,
                              "%s: holds the tiles of another job: the style, data, zoom, "
                              "--scale, --format or --shard changed (run without --resume, or "
                              "with a new --out)",
                              dir);
    }
    return scm__job_write(ctx, dir, want);
}
