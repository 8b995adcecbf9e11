/* SPDX-License-Identifier: MIT */
/* A z/x/y.png directory tree; a tile that another period already has is a hard link. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <unistd.h>

#include "sink_private.h"

static void
tile_path(const scm_sink *s, scm_tile t, char *buf, size_t n)
{
    snprintf(buf, n, "%s/%u/%u/%u%s.png", s->path, t.z, t.x, t.y, s->meta.scale == 2 ? "@2x" : "");
}

/* Creates the tile's folder when the first try says it is missing. */
static scm_status
ensure_dir(scm_ctx *ctx, const char *file)
{
    char dir[4096];
    char *slash;
    snprintf(dir, sizeof dir, "%s", file);
    slash = strrchr(dir, '/');
    if (slash == NULL)
        return SCM_OK;
    *slash = '\0';
    return scm_mkdirs(ctx, dir);
}

static scm_status
dir_put(scm_ctx *ctx, scm_sink *s, scm_tile t, const uint8_t *png, size_t len)
{
    char path[4096];
    scm_status st;
    int e;
    tile_path(s, t, path, sizeof path);
    e = scm__write_atomic(path, png, len);
    if (e == ENOENT) {
        if ((st = ensure_dir(ctx, path)) != SCM_OK)
            return st;
        e = scm__write_atomic(path, png, len);
    }
    if (e != 0)
        return scm__error(ctx, SCM_EIO, "%s: cannot write: %s", path, strerror(e));
    return SCM_OK;
}

/* Links dst to the file at src, replacing what an earlier run left there and creating dst's
 * folder when it is missing. *linked is 0 where links fail (across file systems, EMLINK:
 * ext4 allows 65,000 links a file, or no links at all), for the caller to write the bytes. */
static scm_status
link_tile(scm_ctx *ctx, const char *src, const char *dst, int *linked)
{
    scm_status st;
    *linked = 1;
    if (link(src, dst) == 0)
        return SCM_OK;
    if (errno == EEXIST && unlink(dst) == 0 && link(src, dst) == 0)
        return SCM_OK;
    if (errno == ENOENT) {
        if ((st = ensure_dir(ctx, dst)) != SCM_OK)
            return st;
        if (link(src, dst) == 0)
            return SCM_OK;
    }
    *linked = 0;
    return SCM_OK;
}

static scm_status
dir_put_same(scm_ctx *ctx, scm_sink *s, scm_tile t, const scm_sink *from, const uint8_t *png,
             size_t len)
{
    char src[4096], dst[4096];
    int linked;
    scm_status st;
    tile_path(from, t, src, sizeof src);
    tile_path(s, t, dst, sizeof dst);
    if ((st = link_tile(ctx, src, dst, &linked)) != SCM_OK || linked)
        return st;
    return dir_put(ctx, s, t, png, len);
}

const scm_sink_ops scm__sink_dir_ops = {"dir", dir_put, dir_put_same, NULL};

scm_status
scm__dir_put_link(scm_ctx *ctx, scm_sink *s, scm_tile t, scm_tile src, const uint8_t *png,
                  size_t len, int *linked)
{
    char from[4096], to[4096];
    scm_status st;
    tile_path(s, src, from, sizeof from);
    tile_path(s, t, to, sizeof to);
    if ((st = link_tile(ctx, from, to, linked)) != SCM_OK || *linked)
        return st;
    return dir_put(ctx, s, t, png, len); /* a new file, for the next tiles to link */
}
