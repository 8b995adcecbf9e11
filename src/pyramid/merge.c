/* SPDX-License-Identifier: MIT */
/* scm_pyramid_merge: the shards of one job, checked against each other by their job files,
 * joined in a temporary folder beside the output and moved into place only when whole. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/pyramid.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/core_private.h"
#include "pyramid_private.h"

/* One style folder of one shard. */
typedef struct part {
    char style[256];
    char path[4096]; /* <input>/<style> */
    scm__job_id job;
} part;

static int
cmp_part(const void *a, const void *b)
{
    const part *x = a, *y = b;
    int c = strcmp(x->style, y->style);
    return c != 0 ? c : (x->job.shard > y->job.shard) - (x->job.shard < y->job.shard);
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The style folders of one shard folder, each with the job file of a finished run. */
static scm_status
list_parts(scm_ctx *ctx, const char *input, part **parts, size_t *n, size_t *cap)
{
    DIR *d = opendir(input);
    struct dirent *e;
    size_t before = *n;
    scm_status st = SCM_OK;
    if (d == NULL)
        return scm__error(ctx, SCM_EIO, "%s: cannot open the shard's folder: %s", input,
                          strerror(errno));
    while (st == SCM_OK && (e = readdir(d)) != NULL) {
        part *p;
        int found = 0;
        if (e->d_name[0] == '.')
            continue;
        if (scm__grow(parts, cap, *n + 1, sizeof **parts) != 0) {
            st = scm__error(ctx, SCM_ENOMEM, "merge: out of memory");
            break;
        }
        p = &(*parts)[*n];
        if (strlen(e->d_name) >= sizeof p->style ||
            (size_t)snprintf(p->path, sizeof p->path, "%s/%s", input, e->d_name) >= sizeof p->path)
            st = scm__error(ctx, SCM_EDATA, "%s/%s: name too long", input, e->d_name);
        else if ((st = scm__job_read(ctx, p->path, &p->job, &found)) != SCM_OK)
            break;
        else if (!found)
            st = scm__error(ctx, SCM_EDATA,
                            "%s: no .scmap-job, so not the tiles of a scmap run (merge the "
                            "folders that scmap tiles --shard K/N wrote as --out)",
                            p->path);
        else if (!p->job.complete)
            st = scm__error(ctx, SCM_EDATA,
                            "%s: the run of shard %u/%u did not finish (run it again with "
                            "--resume, then merge)",
                            p->path, p->job.shard, p->job.n_shards);
        else {
            strcpy(p->style, e->d_name);
            (*n)++;
        }
    }
    closedir(d);
    if (st == SCM_OK && *n == before)
        st = scm__error(ctx, SCM_EDATA,
                        "%s: holds no tiles of scmap (merge the folders that scmap tiles "
                        "--shard K/N wrote as --out)",
                        input);
    return st;
}

/* Every shard 1..N of one job, once each: p[0..n) are one style's parts, sorted by shard. */
static scm_status
check_shards(scm_ctx *ctx, const part *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (p[i].job.id != p[0].job.id || p[i].job.format != p[0].job.format ||
            p[i].job.n_shards != p[0].job.n_shards)
            return scm__error(ctx, SCM_EDATA,
                              "%s: a shard of another job than %s: the style, data, zoom, "
                              "scale or format differ (merge the shards of one job)",
                              p[i].path, p[0].path);
        if (i > 0 && p[i].job.shard == p[i - 1].job.shard)
            return scm__error(ctx, SCM_EDATA,
                              "%s and %s: both are shard %u/%u (give each shard once)",
                              p[i - 1].path, p[i].path, p[i].job.shard, p[i].job.n_shards);
        if (p[i].job.shard != i + 1)
            break;
    }
    if (i < p[0].job.n_shards)
        return scm__error(ctx, SCM_EDATA,
                          "%s: shard %zu/%u of this job is missing (give every shard's folder)",
                          p[0].style, i + 1, p[0].job.n_shards);
    return SCM_OK;
}

static int
ends_with(const char *s, const char *e)
{
    size_t n = strlen(s), m = strlen(e);
    return n >= m && strcmp(s + n - m, e) == 0;
}

/* One entry of a style folder, from every shard that has it, into dst. */
static scm_status
merge_entry(scm_ctx *ctx, const part *p, size_t n, const char *name, const char *dst)
{
    static const char *const formats[] = {"dir", "mbtiles", "pmtiles"};
    scm_sink_kind kind = ends_with(name, ".mbtiles")   ? SCM_SINK_MBTILES
                         : ends_with(name, ".pmtiles") ? SCM_SINK_PMTILES
                                                       : SCM_SINK_DIR;
    const char **have = scm__callocn(n, sizeof *have);
    char **paths = scm__callocn(n, sizeof *paths);
    size_t i, m = 0, missing = n;
    int is_file = 0;
    scm_status st = SCM_OK;
    if (have == NULL || paths == NULL)
        st = scm__error(ctx, SCM_ENOMEM, "merge: out of memory");
    for (i = 0; i < n && st == SCM_OK; i++) {
        struct stat sb;
        if ((paths[i] = malloc(strlen(p[i].path) + strlen(name) + 2)) == NULL) {
            st = scm__error(ctx, SCM_ENOMEM, "merge: out of memory");
            break;
        }
        sprintf(paths[i], "%s/%s", p[i].path, name);
        if (lstat(paths[i], &sb) != 0) {
            missing = i;
            continue;
        }
        is_file |= S_ISREG(sb.st_mode);
        have[m++] = paths[i];
    }
    if (st == SCM_OK && m == 0) /* listed a moment ago */
        st = scm__error(ctx, SCM_EIO, "%s: cannot read: %s", paths[0], strerror(errno));
    if (st == SCM_OK && kind != SCM_SINK_DIR && kind != p[0].job.format)
        st = scm__error(ctx, SCM_EDATA, "%s: a .%s file in the tiles of a %s job", have[0],
                        formats[kind], formats[p[0].job.format]);
    /* Plain files (TileJSON, periods.json, counties.json): every shard writes them. */
    if (st == SCM_OK && kind == SCM_SINK_DIR && is_file && m < n)
        st = scm__error(ctx, SCM_EDATA,
                        "%s: missing, but other shards have %s (merge the shards of one job)",
                        paths[missing], name);
    if (st == SCM_OK)
        st = scm_sink_merge(ctx, kind, have, m, dst);
    for (i = 0; paths != NULL && i < n; i++)
        free(paths[i]);
    free(paths);
    free(have);
    return st;
}

/* The names in the style folders of p[0..n), each once, sorted. */
static scm_status
entry_names(scm_ctx *ctx, const part *p, size_t n, char ***names, size_t *n_names)
{
    size_t i, cap = 0, k = 0;
    scm_status st = SCM_OK;
    *names = NULL;
    *n_names = 0;
    for (i = 0; i < n && st == SCM_OK; i++) {
        DIR *d = opendir(p[i].path);
        struct dirent *e;
        if (d == NULL)
            return scm__error(ctx, SCM_EIO, "%s: cannot open: %s", p[i].path, strerror(errno));
        while (st == SCM_OK && (e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.') /* the job file and the resume log */
                continue;
            if (scm__grow(names, &cap, *n_names + 1, sizeof **names) != 0 ||
                ((*names)[*n_names] = scm__strdup(e->d_name)) == NULL)
                st = scm__error(ctx, SCM_ENOMEM, "merge: out of memory");
            else
                (*n_names)++;
        }
        closedir(d);
    }
    if (*n_names > 0)
        qsort(*names, *n_names, sizeof **names, cmp_str);
    for (i = 0; i < *n_names; i++) {
        if (k > 0 && strcmp((*names)[k - 1], (*names)[i]) == 0)
            free((*names)[i]);
        else
            (*names)[k++] = (*names)[i];
    }
    *n_names = k;
    return st;
}

/* One style's shards into dst, which gets the job file of one whole run. */
static scm_status
merge_style(scm_ctx *ctx, const part *p, size_t n, const char *dst)
{
    char **names = NULL, path[4400];
    size_t n_names = 0, i;
    scm__job_id whole = p[0].job;
    scm_status st = scm_mkdirs(ctx, dst);
    if (st == SCM_OK)
        st = entry_names(ctx, p, n, &names, &n_names);
    for (i = 0; i < n_names && st == SCM_OK; i++) {
        snprintf(path, sizeof path, "%s/%s", dst, names[i]);
        st = merge_entry(ctx, p, n, names[i], path);
    }
    for (i = 0; i < n_names; i++)
        free(names[i]);
    free(names);
    whole.shard = whole.n_shards = 1;
    return st == SCM_OK ? scm__job_write(ctx, dst, &whole) : st;
}

/* Removes the merge's own temporary folder and what it holds. */
static void
remove_tree(const char *path)
{
    struct stat sb;
    DIR *d;
    struct dirent *e;
    if (lstat(path, &sb) != 0)
        return;
    if (!S_ISDIR(sb.st_mode) || (d = opendir(path)) == NULL) {
        unlink(path);
        return;
    }
    while ((e = readdir(d)) != NULL) {
        char p[4400];
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            (size_t)snprintf(p, sizeof p, "%s/%s", path, e->d_name) < sizeof p)
            remove_tree(p);
    }
    closedir(d);
    rmdir(path);
}

/* A temporary folder beside out (or inside it, when out is a folder already): on the same
 * file system, so that the result moves into place by rename. */
static scm_status
make_temp(scm_ctx *ctx, const char *out, int out_exists, char *tmp, size_t size)
{
    const char *slash = strrchr(out, '/');
    int k, n = 0;
    if (!out_exists && slash != NULL && slash > out) {
        char parent[4096];
        scm_status st;
        snprintf(parent, sizeof parent, "%.*s", (int)(slash - out), out);
        if ((st = scm_mkdirs(ctx, parent)) != SCM_OK)
            return st;
    }
    /* mkdir, not mkdtemp: the folder becomes the output, with the umask's permissions. */
    for (k = 0; k < 100; k++) {
        if (out_exists)
            n = snprintf(tmp, size, "%s/.scmap-merge-%ld-%d", out, (long)getpid(), k);
        else if (slash == NULL)
            n = snprintf(tmp, size, ".%s.scmap-merge-%ld-%d", out, (long)getpid(), k);
        else
            n = snprintf(tmp, size, "%.*s/.%s.scmap-merge-%ld-%d", (int)(slash - out), out,
                         slash + 1, (long)getpid(), k);
        if (n < 0 || (size_t)n >= size) {
            tmp[0] = '\0';
            return scm__error(ctx, SCM_EINVAL, "%s: path too long", out);
        }
        if (mkdir(tmp, 0777) == 0)
            return SCM_OK;
        if (errno != EEXIST)
            break;
    }
    n = errno;
    tmp[0] = '\0';
    return scm__error(ctx, SCM_EIO, "%s: cannot create a folder beside it: %s", out, strerror(n));
}

/* Moves each merged style from tmp into out, which must not have them yet. */
static scm_status
move_into_place(scm_ctx *ctx, const char *tmp, const char *out, int out_exists, const part *p,
                size_t n)
{
    char from[4400], to[4400];
    size_t i;
    if (!out_exists)
        return rename(tmp, out) == 0
                   ? SCM_OK
                   : scm__error(ctx, SCM_EIO, "%s: cannot write: %s", out, strerror(errno));
    for (i = 0; i < n; i++) {
        if (i > 0 && strcmp(p[i].style, p[i - 1].style) == 0)
            continue;
        snprintf(from, sizeof from, "%s/%s", tmp, p[i].style);
        snprintf(to, sizeof to, "%s/%s", out, p[i].style);
        if (rename(from, to) != 0)
            return scm__error(ctx, SCM_EIO, "%s: cannot write: %s", to, strerror(errno));
    }
    rmdir(tmp);
    return SCM_OK;
}

scm_status
scm_pyramid_merge(scm_ctx *ctx, const char *const *inputs, size_t n, const char *out)
{
    part *p = NULL;
    size_t np = 0, cap = 0, i, j;
    char tmp[4200] = "", path[4400];
    struct stat sb;
    int out_exists = 0;
    scm_status st = SCM_OK;
    for (i = 0; i < n && st == SCM_OK; i++)
        st = list_parts(ctx, inputs[i], &p, &np, &cap);
    if (st != SCM_OK)
        goto done;
    if (np > 1)
        qsort(p, np, sizeof *p, cmp_part);
    for (i = 0; i < np && st == SCM_OK; i = j) {
        for (j = i; j < np && strcmp(p[j].style, p[i].style) == 0; j++)
            ;
        st = check_shards(ctx, p + i, j - i);
    }
    if (st == SCM_OK && lstat(out, &sb) == 0) {
        out_exists = 1;
        if (!S_ISDIR(sb.st_mode))
            st = scm__error(ctx, SCM_EIO, "%s: not a folder (merge into a new -o)", out);
        /* A user's files stay as they are: a style merged before is not replaced. */
        for (i = 0; i < np && st == SCM_OK; i++) {
            snprintf(path, sizeof path, "%s/%s", out, p[i].style);
            if (lstat(path, &sb) == 0)
                st = scm__error(ctx, SCM_EIO,
                                "%s: already exists (remove it, or merge into a new -o)", path);
        }
    }
    if (st == SCM_OK)
        st = make_temp(ctx, out, out_exists, tmp, sizeof tmp);
    for (i = 0; i < np && st == SCM_OK; i = j) {
        for (j = i; j < np && strcmp(p[j].style, p[i].style) == 0; j++)
            ;
        snprintf(path, sizeof path, "%s/%s", tmp, p[i].style);
        st = merge_style(ctx, p + i, j - i, path);
    }
    if (st == SCM_OK)
        st = move_into_place(ctx, tmp, out, out_exists, p, np);
done:
    if (st != SCM_OK && tmp[0] != '\0')
        remove_tree(tmp);
    free(p);
    return st;
}
