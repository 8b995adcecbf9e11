/* SPDX-License-Identifier: MIT */
/* scm_pyramid_render: sinks per period, worker threads over metatiles, TileJSON files. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/pyramid.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scmap/project.h"

#include "../core/core_private.h"
#include "pyramid_private.h"

static const char *const ext[] = {"", ".mbtiles", ".pmtiles"};

static uint64_t
done_key(const scm_zoom *zm, const scm_meta *m)
{
    return (uint64_t)zm->z << 56 | m->key;
}

static int
cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int
already_done(const scm_job *job, uint64_t key)
{
    return job->n_done_keys > 0 &&
           bsearch(&key, job->done_keys, job->n_done_keys, sizeof key, cmp_u64) != NULL;
}

static void *
worker_main(void *arg)
{
    scm_worker *w = arg;
    scm_job *job = w->job;
    const scm_zoom *zm = job->zoom;
    for (;;) {
        size_t i;
        pthread_mutex_lock(&job->lock);
        i = job->next++;
        if (job->failed)
            i = zm->n_metas;
        pthread_mutex_unlock(&job->lock);
        if (i >= zm->n_metas)
            break;
        if (job->o->n_shards > 1 && i % job->o->n_shards != job->o->shard - 1)
            continue;
        if (!already_done(job, done_key(zm, &zm->metas[i])))
            w->status = scm__render_meta(w->ctx, w, zm, &zm->metas[i]);
        pthread_mutex_lock(&job->lock);
        job->done++;
        if (w->status != SCM_OK)
            job->failed = 1;
        else if (job->done_log != NULL) {
            /* Every tile of this metatile, in every period, is in place. */
            fprintf(job->done_log, "%llu\n", (unsigned long long)done_key(zm, &zm->metas[i]));
            fflush(job->done_log);
        }
        if (job->o->progress != NULL)
            job->o->progress(job->o->progress_user, job->done, job->total);
        pthread_mutex_unlock(&job->lock);
        if (w->status != SCM_OK)
            break;
    }
    return NULL;
}

/* Runs the workers over one zoom's metatiles; the first worker error becomes ctx's. */
static scm_status
run_zoom(scm_ctx *ctx, scm_job *job, scm_worker *ws, int n)
{
    pthread_t th[64];
    int i, started = 0;
    job->next = 0;
    for (i = 1; i < n; i++) {
        if (pthread_create(&th[i], NULL, worker_main, &ws[i]) != 0)
            break;
        started = i;
    }
    worker_main(&ws[0]);
    for (i = 1; i <= started; i++)
        pthread_join(th[i], NULL);
    for (i = 0; i < n; i++)
        if (ws[i].status != SCM_OK)
            return scm__error(ctx, ws[i].status, "%s", scm_ctx_errmsg(ws[i].ctx));
    return SCM_OK;
}

static void
hex(scm_rgba c, char buf[8])
{
    snprintf(buf, 8, "#%02x%02x%02x", c.r, c.g, c.b);
}

static int
legend_json(scm_buf *b, const scm_timeline *tl)
{
    static const char *const kinds[] = {"bin",     "new",     "active", "zero",
                                        "too_few", "not_yet", "no_data"};
    size_t c, n;
    const double *br = scm_timeline_breaks(tl, &n);
    int rc = scm__buf_printf(b, "\"legend\":[");
    for (c = 0; c < scm_timeline_n_classes(tl); c++) {
        char color[8], label[96];
        hex(scm_timeline_class_color(tl, c), color);
        rc |= scm__buf_printf(b, "%s{\"class\":%zu,\"kind\":\"%s\",\"color\":\"%s\",\"label\":",
                              c ? "," : "", c, kinds[scm_timeline_class_kind(tl, c)], color);
        rc |= scm__json_string(b, scm_timeline_class_label(tl, c, SCM_LANG_EN, label));
        rc |= scm__buf_printf(b, ",\"label_es\":");
        rc |= scm__json_string(b, scm_timeline_class_label(tl, c, SCM_LANG_ES, label));
        rc |= scm__buf_printf(b, "}");
    }
    rc |= scm__buf_printf(b, "],\"breaks\":[");
    for (c = 0; c < n; c++)
        rc |= scm__buf_printf(b, "%s%.10g", c ? "," : "", br[c]);
    return rc | scm__buf_printf(b, "]");
}

/* Bounds and centre of the counties that have data, in degrees. Rings past 180 degrees
 * (the western Aleutians) would stretch the box round the world and are left out. */
static void
data_extent(const scm_timeline *tl, const scm_geometry *merc, scm_sink_meta *m)
{
    const scm_dataset *ds = scm_timeline_dataset(tl);
    scm_bbox b = {1e300, 1e300, -1e300, -1e300};
    double cx = 0, cy = 0;
    size_t f, r, n = 0;
    for (f = 0; f < merc->n_features; f++) {
        if (scm_dataset_activation(ds, f) == SCM_DATE_NONE)
            continue;
        for (r = merc->feature_ring[f]; r < merc->feature_ring[f + 1]; r++) {
            size_t p;
            for (p = merc->ring_point[r]; p < merc->ring_point[r + 1]; p++) {
                double x = merc->xy[2 * p], y = merc->xy[2 * p + 1];
                if (x > 0)
                    continue;
                b.minx = x < b.minx ? x : b.minx;
                b.maxx = x > b.maxx ? x : b.maxx;
                b.miny = y < b.miny ? y : b.miny;
                b.maxy = y > b.maxy ? y : b.maxy;
            }
        }
        if (merc->bbox[f].maxx <= 0) {
            cx += (merc->bbox[f].minx + merc->bbox[f].maxx) / 2;
            cy += (merc->bbox[f].miny + merc->bbox[f].maxy) / 2;
            n++;
        }
    }
    if (n == 0) {
        m->bounds = (scm_bbox){-180, -85, 180, 85};
        return;
    }
    scm_merc_to_lonlat(b.minx, b.miny, &m->bounds.minx, &m->bounds.miny);
    scm_merc_to_lonlat(b.maxx, b.maxy, &m->bounds.maxx, &m->bounds.maxy);
    scm_merc_to_lonlat(cx / (double)n, cy / (double)n, &m->center_lon, &m->center_lat);
}

static scm_status
open_sinks(scm_ctx *ctx, scm_job *job, const char *dir, scm_sink_meta *meta)
{
    const scm_timeline *tl = job->tl;
    const scm_style *st = scm_timeline_style(tl);
    size_t k;
    scm_status s = SCM_OK;
    for (k = 0; k < job->n_periods && s == SCM_OK; k++) {
        char name[16], label[96], path[4096], title[256];
        scm_buf extra = {0};
        scm_timeline_period_name(tl, k, name);
        scm_timeline_period_label(tl, k, SCM_LANG_EN, label);
        snprintf(path, sizeof path, "%s/%s%s%s", dir, name,
                 job->o->scale == 2 && job->o->format != SCM_SINK_DIR ? "@2x" : "",
                 ext[job->o->format]);
        snprintf(title, sizeof title, "%s, %s", scm_style_title(st, SCM_LANG_EN), label);
        scm__buf_printf(&extra, "{\"period\":\"%s\",\"label\":", name);
        scm__json_string(&extra, label);
        scm__buf_printf(&extra, ",");
        if (legend_json(&extra, tl) != 0 || scm__buf_printf(&extra, "}") != 0) {
            scm__buf_free(&extra);
            return scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
        }
        meta->name = title;
        meta->extra_json = (const char *)extra.data;
        s = scm_sink_open(ctx, job->o->format, path, meta, &job->sinks[k]);
        scm__buf_free(&extra);
    }
    return s;
}

static int
tilejson(scm_buf *b, const scm_job *job, const scm_sink_meta *m, size_t k)
{
    const scm_timeline *tl = job->tl;
    const scm_style *st = scm_timeline_style(tl);
    const char *base = job->o->base_url ? job->o->base_url : "";
    char name[16], label[96], url[512];
    int rc;
    scm_timeline_period_name(tl, k, name);
    scm_timeline_period_label(tl, k, SCM_LANG_EN, label);
    if (job->o->format == SCM_SINK_DIR)
        snprintf(url, sizeof url, "%s%s/{z}/{x}/{y}%s.png", base, name,
                 job->o->scale == 2 ? "@2x" : "");
    else
        snprintf(url, sizeof url, "%s://%s%s%s%s/{z}/{x}/{y}", ext[job->o->format] + 1, base, name,
                 job->o->scale == 2 ? "@2x" : "", ext[job->o->format]);
    rc = scm__buf_printf(b, "{\"tilejson\":\"3.0.0\",\"name\":");
    rc |= scm__json_string(b, m->name);
    rc |= scm__buf_printf(b, ",\"description\":");
    rc |= scm__json_string(b, scm_style_subtitle(st, SCM_LANG_EN));
    rc |= scm__buf_printf(b, ",\"attribution\":");
    rc |= scm__json_string(b, scm_style_source(st, SCM_LANG_EN));
    rc |= scm__buf_printf(b, ",\"version\":\"1.0.0\",\"scheme\":\"xyz\",\"tiles\":[");
    rc |= scm__json_string(b, url);
    rc |= scm__buf_printf(
        b,
        "],\"minzoom\":%u,\"maxzoom\":%u,\"bounds\":[%.6f,%.6f,%.6f,%.6f],"
        "\"center\":[%.6f,%.6f,%u],\"tile_size\":%d,\"scmap\":{\"period\":\"%s\",\"label\":",
        m->minzoom, m->maxzoom, m->bounds.minx, m->bounds.miny, m->bounds.maxx, m->bounds.maxy,
        m->center_lon, m->center_lat, m->center_zoom, 256 * job->o->scale, name);
    rc |= scm__json_string(b, label);
    rc |= scm__buf_printf(b, ",\"label_es\":");
    rc |= scm__json_string(b, scm_timeline_period_label(tl, k, SCM_LANG_ES, label));
    rc |= scm__buf_printf(b, ",");
    rc |= legend_json(b, tl);
    return rc | scm__buf_printf(b, "}}\n");
}

static scm_status
write_json(scm_ctx *ctx, const scm_job *job, const char *dir, const scm_sink_meta *m)
{
    const scm_timeline *tl = job->tl;
    const scm_style *st = scm_timeline_style(tl);
    scm_buf idx = {0};
    size_t k;
    scm_status s = SCM_OK;
    int rc = scm__buf_printf(&idx, "{\"style\":");
    rc |= scm__json_string(&idx, scm_style_name(st));
    rc |= scm__buf_printf(&idx, ",\"title\":{\"en\":");
    rc |= scm__json_string(&idx, scm_style_title(st, SCM_LANG_EN));
    rc |= scm__buf_printf(&idx, ",\"es\":");
    rc |= scm__json_string(&idx, scm_style_title(st, SCM_LANG_ES));
    rc |= scm__buf_printf(&idx, "},\"subtitle\":{\"en\":");
    rc |= scm__json_string(&idx, scm_style_subtitle(st, SCM_LANG_EN));
    rc |= scm__buf_printf(&idx, ",\"es\":");
    rc |= scm__json_string(&idx, scm_style_subtitle(st, SCM_LANG_ES));
    rc |= scm__buf_printf(&idx, "},\"source\":{\"en\":");
    rc |= scm__json_string(&idx, scm_style_source(st, SCM_LANG_EN));
    rc |= scm__buf_printf(&idx, ",\"es\":");
    rc |= scm__json_string(&idx, scm_style_source(st, SCM_LANG_ES));
    rc |= scm__buf_printf(&idx, "},\"format\":\"%s\",\"tile_size\":%d,\"periods\":[",
                          job->o->format == SCM_SINK_DIR ? "dir" : ext[job->o->format] + 1,
                          256 * job->o->scale);
    for (k = 0; k < job->n_periods && s == SCM_OK; k++) {
        char name[16], label[96], path[4096];
        size_t act, newly, states;
        scm_buf tj = {0};
        scm_timeline_period_name(tl, k, name);
        scm_timeline_rollout(tl, k, &act, &newly, &states);
        rc |= scm__buf_printf(&idx, "%s{\"period\":\"%s\",\"label\":", k ? "," : "", name);
        rc |= scm__json_string(&idx, scm_timeline_period_label(tl, k, SCM_LANG_EN, label));
        rc |= scm__buf_printf(&idx, ",\"label_es\":");
        rc |= scm__json_string(&idx, scm_timeline_period_label(tl, k, SCM_LANG_ES, label));
        rc |= scm__buf_printf(&idx,
                              ",\"tilejson\":\"%s%s.json\",\"counties_activated\":%zu,"
                              "\"counties_newly_activated\":%zu,\"states\":%zu}",
                              name, job->o->scale == 2 ? "@2x" : "", act, newly, states);
        if (tilejson(&tj, job, m, k) != 0) {
            scm__buf_free(&tj);
            rc = -1;
            break;
        }
        snprintf(path, sizeof path, "%s/%s%s.json", dir, name, job->o->scale == 2 ? "@2x" : "");
        s = scm__write_file(ctx, path, tj.data, tj.len);
        scm__buf_free(&tj);
    }
    rc |= scm__buf_printf(&idx, "],");
    rc |= legend_json(&idx, tl);
    rc |= scm__buf_printf(&idx, "}\n");
    if (s == SCM_OK && rc != 0)
        s = scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
    if (s == SCM_OK) {
        char path[4096];
        snprintf(path, sizeof path, "%s/periods%s.json", dir, job->o->scale == 2 ? "@2x" : "");
        s = scm__write_file(ctx, path, idx.data, idx.len);
    }
    scm__buf_free(&idx);
    return s;
}

/* counties.json: for the browser, each county's name, and its class and value in every
 * period, indexed as the county-index tiles count (index + 1 in the colour). */
static scm_status
write_counties(scm_ctx *ctx, const scm_timeline *tl, const char *dir)
{
    const scm_shapes *sh = scm_dataset_shapes(scm_timeline_dataset(tl));
    size_t c, k, np = scm_timeline_n_periods(tl);
    char path[4200];
    scm_buf b = {0};
    scm_status s;
    int rc = scm__buf_printf(&b, "{\"periods\":[");
    for (k = 0; k < np; k++) {
        char name[16];
        scm_timeline_period_name(tl, k, name);
        rc |= scm__buf_printf(&b, "%s\"%s\"", k ? "," : "", name);
    }
    rc |= scm__buf_printf(&b, "],\"counties\":[");
    for (c = 0; c < scm_timeline_n_counties(tl); c++) {
        rc |= scm__buf_printf(&b, "%s{\"fips\":\"%s\",\"name\":", c ? ",\n" : "\n",
                              scm_shapes_fips(sh, c));
        rc |= scm__json_string(&b, scm_shapes_name(sh, c));
        rc |= scm__buf_printf(&b, ",\"c\":[");
        for (k = 0; k < np; k++)
            rc |= scm__buf_printf(&b, "%s%u", k ? "," : "", scm_timeline_classes(tl, k)[c]);
        rc |= scm__buf_printf(&b, "],\"v\":[");
        for (k = 0; k < np; k++) {
            double v = scm_timeline_value(tl, c, k);
            scm_class_kind kind = scm_timeline_class_kind(tl, scm_timeline_classes(tl, k)[c]);
            if (isnan(v) || kind == SCM_CLASS_NEW || kind == SCM_CLASS_ACTIVE)
                rc |= scm__buf_printf(&b, "%snull", k ? "," : "");
            else
                rc |= scm__buf_printf(&b, "%s%.6g", k ? "," : "", v);
        }
        rc |= scm__buf_printf(&b, "]}");
    }
    rc |= scm__buf_printf(&b, "]}\n");
    if (rc != 0) {
        scm__buf_free(&b);
        return scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
    }
    snprintf(path, sizeof path, "%s/counties.json", dir);
    s = scm__write_file(ctx, path, b.data, b.len);
    scm__buf_free(&b);
    return s;
}

static int
all_digits(const char *s)
{
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* Whether process pid may still be writing its temporary files. */
static int
alive(long pid)
{
    return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

/* Removes the temporary files of stopped runs from the tree a run writes: the style folder
 * (dirfd, closed here), its period folders and their zoom and column folders (numbers).
 * Only names scm__tmp_path makes, of processes that are gone, and never through a
 * symbolic link: a user's files there stay, whatever their names. */
static void
remove_stale(int dirfd, int depth)
{
    DIR *d = fdopendir(dirfd);
    struct dirent *e;
    if (d == NULL) {
        close(dirfd);
        return;
    }
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        long pid;
        int fd;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (S_ISREG(st.st_mode) && scm__is_tmp_name(e->d_name, &pid) && !alive(pid))
            unlinkat(dirfd, e->d_name, 0);
        else if (S_ISDIR(st.st_mode) && depth < 3 &&
                 (depth == 0 ? e->d_name[0] != '.' : all_digits(e->d_name)) &&
                 (fd = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)) >= 0)
            remove_stale(fd, depth + 1);
    }
    closedir(d);
}

/* The completed-metatiles log of a directory run: read back for --resume, then written
 * again with the keys it holds, and appended to. */
static scm_status
open_done_log(scm_ctx *ctx, scm_job *job, const char *dir)
{
    char path[4200], *line = NULL, *end;
    FILE *fp;
    size_t cap = 0, line_cap = 0, i;
    ssize_t len;
    snprintf(path, sizeof path, "%s/.scmap-done", dir);
    if (job->o->resume && (fp = fopen(path, "r")) != NULL) {
        while ((len = getline(&line, &line_cap, fp)) > 0) {
            unsigned long long k;
            /* A line cut short by a kill or a full disk names no metatile. */
            if (line[len - 1] != '\n' || line[0] < '0' || line[0] > '9')
                continue;
            errno = 0;
            k = strtoull(line, &end, 10);
            if (errno != 0 || *end != '\n')
                continue;
            if (scm__grow(&job->done_keys, &cap, job->n_done_keys + 1, sizeof(uint64_t)) != 0) {
                free(line);
                fclose(fp);
                return scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
            }
            job->done_keys[job->n_done_keys++] = k;
        }
        free(line);
        fclose(fp);
        qsort(job->done_keys, job->n_done_keys, sizeof(uint64_t), cmp_u64);
    }
    /* Written afresh, so that a cut line is not glued to the next key. */
    job->done_log = fopen(path, "w");
    if (job->done_log == NULL)
        return scm__error(ctx, SCM_EIO, "%s: cannot write: %s", path, strerror(errno));
    for (i = 0; i < job->n_done_keys; i++)
        fprintf(job->done_log, "%llu\n", (unsigned long long)job->done_keys[i]);
    if (fflush(job->done_log) != 0)
        return scm__error(ctx, SCM_EIO, "%s: cannot write: %s", path, strerror(errno));
    return SCM_OK;
}

/* FNV-1a 64 over the low `bytes` bytes of v, little-endian on every machine. */
static void
mix(uint64_t *h, uint64_t v, int bytes)
{
    int i;
    for (i = 0; i < bytes; i++) {
        *h ^= (uint8_t)(v >> (8 * i));
        *h *= 1099511628211ull;
    }
}

static void
mix_rgba(uint64_t *h, scm_rgba c)
{
    mix(h, (uint64_t)c.r << 24 | (uint64_t)c.g << 16 | (uint64_t)c.b << 8 | c.a, 4);
}

/* The job's identity: everything that decides the tiles' bytes (options, colours, every
 * county's class in every period, the projected geometry to the centimetre), nothing that
 * differs between runs of one job (times, paths, the shard, --jobs). */
static uint64_t
job_hash(const scm_job *job, const scm_geometry *merc)
{
    const scm_pyramid_opts *o = job->o;
    const scm_timeline *tl = job->tl;
    size_t nc = scm_timeline_n_counties(tl), k, i;
    uint64_t h = 1469598103934665603ull;
    mix(&h, (uint64_t)o->zmin, 1);
    mix(&h, (uint64_t)o->zmax, 1);
    mix(&h, (uint64_t)o->scale, 1);
    mix(&h, (uint64_t)o->format, 1);
    mix(&h, o->ids != 0, 1);
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
static scm_status
claim_dir(scm_ctx *ctx, const scm_pyramid_opts *o, const char *dir, const scm__job_id *want)
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

static scm_status
check_opts(scm_ctx *ctx, const scm_pyramid_opts *o)
{
    if (o->zmin < 0 || o->zmax > SCM_TILE_MAX_ZOOM || o->zmin > o->zmax)
        return scm__error(ctx, SCM_EINVAL,
                          "tiles: zoom range %d-%d is not within 0-%d, low to high", o->zmin,
                          o->zmax, SCM_TILE_MAX_ZOOM);
    if (o->scale != 1 && o->scale != 2)
        return scm__error(ctx, SCM_EINVAL, "tiles: scale must be 1 or 2");
    if (o->jobs < 1 || o->jobs > 64)
        return scm__error(ctx, SCM_EINVAL, "tiles: jobs must be 1 to 64");
    if (o->n_shards > 1 && (o->shard < 1 || o->shard > o->n_shards))
        return scm__error(ctx, SCM_EINVAL, "tiles: shard %u/%u: K must be 1 to N", o->shard,
                          o->n_shards);
    return SCM_OK;
}

static scm_status
render_all(scm_ctx *ctx, scm_job *job, const scm_geometry *merc, scm_pyramid_result *res)
{
    const scm_pyramid_opts *o = job->o;
    uint32_t tile_px = 256u * (uint32_t)o->scale;
    double buffer = ceil(job->fs.outline_px / 2) + 2;
    scm_zoom zooms[SCM_TILE_MAX_ZOOM + 1];
    scm_worker ws[64];
    int z, i, nz = 0;
    uint8_t *edge = malloc(merc->n_points + 1);
    scm_status s = edge == NULL ? scm__error(ctx, SCM_ENOMEM, "tiles: out of memory")
                                : scm_geometry_mark_edges(ctx, merc, edge);
    memset(ws, 0, sizeof ws);
    for (z = o->zmin; z <= o->zmax && s == SCM_OK; z++, nz++) {
        s = scm__zoom_build(ctx, merc, edge, z, tile_px, buffer, &zooms[nz]);
        if (s == SCM_OK && o->n_shards > 1)
            job->total +=
                zooms[nz].n_metas / o->n_shards + (zooms[nz].n_metas % o->n_shards >= o->shard);
        else if (s == SCM_OK)
            job->total += zooms[nz].n_metas;
    }
    for (i = 0; i < o->jobs && s == SCM_OK; i++) {
        s = scm__worker_init(ctx, &ws[i], job, tile_px);
        if (s == SCM_OK && scm_ctx_new(&ws[i].ctx) != SCM_OK)
            s = scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
        else if (s == SCM_OK)
            scm_ctx_set_cancel(ws[i].ctx, ctx->cancel);
    }
    for (z = 0; z < nz && s == SCM_OK; z++) {
        job->zoom = &zooms[z];
        s = run_zoom(ctx, job, ws, o->jobs);
    }
    for (i = 0; i < o->jobs; i++) {
        res->rendered += ws[i].res.rendered;
        res->reused += ws[i].res.reused;
        res->empty += ws[i].res.empty;
        scm__worker_free(&ws[i]);
    }
    for (z = 0; z < nz; z++)
        scm__zoom_free(&zooms[z]);
    free(edge);
    return s;
}

scm_status
scm_pyramid_render(scm_ctx *ctx, const scm_timeline *tl, const scm_pyramid_opts *o,
                   scm_pyramid_result *res)
{
    const scm_style *st = scm_timeline_style(tl);
    const scm_shapes *sh = scm_dataset_shapes(scm_timeline_dataset(tl));
    scm_geometry *merc = NULL;
    scm_sink_meta meta;
    scm_job job;
    scm__job_id jid;
    char dir[4096];
    size_t k, c;
    scm_status s;
    int fd;
    memset(res, 0, sizeof *res);
    memset(&job, 0, sizeof job);
    if ((s = check_opts(ctx, o)) != SCM_OK)
        return s;
    job.tl = tl;
    job.o = o;
    job.n_periods = scm_timeline_n_periods(tl);
    pthread_mutex_init(&job.lock, NULL);
    for (c = 0; c < scm_timeline_n_classes(tl) && c < 32; c++)
        job.colors[c] = scm_timeline_class_color(tl, c);
    job.fs = (scm_fill_style){scm_style_land_color(st),
                              scm_style_outline_color(st),
                              scm_style_outline_width(st) * o->scale,
                              job.colors,
                              c,
                              1};
    snprintf(dir, sizeof dir, "%s/%s", o->out_dir, scm_style_name(st));
    job.sinks = scm__callocn(job.n_periods, sizeof *job.sinks);
    if (job.sinks == NULL) {
        s = scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
        goto done;
    }
    if ((s = scm_mkdirs(ctx, dir)) != SCM_OK ||
        (s = scm_project_geometry(ctx, scm_shapes_geometry(sh), scm_shapes_crs(sh), "EPSG:3857",
                                  &merc)) != SCM_OK)
        goto done;
    memset(&meta, 0, sizeof meta);
    meta.description = scm_style_subtitle(st, SCM_LANG_EN);
    meta.attribution = scm_style_source(st, SCM_LANG_EN);
    meta.version = "1.0.0";
    meta.minzoom = (uint8_t)o->zmin;
    meta.maxzoom = (uint8_t)o->zmax;
    meta.center_zoom = (uint8_t)(o->zmin > 3 ? o->zmin : o->zmax < 3 ? o->zmax : 3);
    meta.scale = o->scale;
    data_extent(tl, merc, &meta);
    jid = (scm__job_id){job_hash(&job, merc), o->format, o->n_shards > 1 ? o->shard : 1,
                        o->n_shards > 1 ? o->n_shards : 1, 0};
    if ((s = claim_dir(ctx, o, dir, &jid)) != SCM_OK)
        goto done;
    if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0)
        remove_stale(fd, 0);
    if (o->format == SCM_SINK_DIR && (s = open_done_log(ctx, &job, dir)) != SCM_OK)
        goto done;
    if ((s = open_sinks(ctx, &job, dir, &meta)) != SCM_OK)
        goto done;
    if (o->ids) {
        char ids[4200];
        scm_sink_meta im = meta;
        snprintf(ids, sizeof ids, "%s/ids", dir);
        im.name = "county index";
        im.scale = 1;
        im.extra_json = NULL;
        if ((s = scm_sink_open(ctx, SCM_SINK_DIR, ids, &im, &job.ids)) != SCM_OK)
            goto done;
    }
    if ((s = render_all(ctx, &job, merc, res)) != SCM_OK)
        goto done;
    for (k = 0; k < job.n_periods && s == SCM_OK; k++)
        s = scm_sink_finish(ctx, job.sinks[k]);
    if (s == SCM_OK && o->ids)
        s = write_counties(ctx, tl, dir);
    if (s == SCM_OK) {
        meta.name = scm_style_title(st, SCM_LANG_EN);
        s = write_json(ctx, &job, dir, &meta);
    }
    if (s == SCM_OK && job.done_log != NULL) { /* complete: nothing left to resume */
        char path[4200];
        fclose(job.done_log);
        job.done_log = NULL;
        snprintf(path, sizeof path, "%s/.scmap-done", dir);
        unlink(path);
    }
    if (s == SCM_OK) { /* whole: merge takes only finished shards */
        jid.complete = 1;
        s = scm__job_write(ctx, dir, &jid);
    }
done:
    if (job.done_log != NULL)
        fclose(job.done_log);
    free(job.done_keys);
    for (k = 0; job.sinks != NULL && k < job.n_periods; k++)
        scm_sink_free(job.sinks[k]);
    scm_sink_free(job.ids);
    free(job.sinks);
    scm_geometry_free(merc);
    pthread_mutex_destroy(&job.lock);
    return s;
}
