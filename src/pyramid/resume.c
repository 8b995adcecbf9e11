/* SPDX-License-Identifier: MIT */
/* Resuming a stopped directory run: the log of completed metatiles (.scmap-done), and the
 * sweep of temporary files that stopped runs left in the tree. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "../core/core_private.h"
#include "pyramid_private.h"

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

int
scm__done_skip(const scm_job *job, const scm_zoom *zm, const scm_meta *m)
{
    uint64_t key = done_key(zm, m);
    return job->n_done_keys > 0 &&
           bsearch(&key, job->done_keys, job->n_done_keys, sizeof key, cmp_u64) != NULL;
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
scm_status
scm__done_open(scm_ctx *ctx, scm_job *job, const char *dir)
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
        if (job->n_done_keys > 1) /* none: done_keys is NULL, which qsort may not take */
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

void
scm__done_mark(scm_job *job, const scm_zoom *zm, const scm_meta *m)
{
    if (job->done_log == NULL)
        return;
    fprintf(job->done_log, "%llu\n", (unsigned long long)done_key(zm, m));
    fflush(job->done_log);
}

void
scm__done_close(scm_job *job, const char *dir, int complete)
{
    char path[4200];
    if (job->done_log == NULL)
        return;
    fclose(job->done_log);
    job->done_log = NULL;
    if (complete) { /* nothing left to resume */
        snprintf(path, sizeof path, "%s/.scmap-done", dir);
        unlink(path);
    }
}

void
scm__sweep_stale(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0)
        remove_stale(fd, 0);
}
