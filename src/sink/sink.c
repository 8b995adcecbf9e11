/* SPDX-License-Identifier: MIT */
/* The sink front end and the deduplicating tile store behind MBTiles and PMTiles. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/sink.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sink_private.h"

/* A new temporary name beside path, malloc'ed; NULL when out of memory. */
static char *
tmp_name(const char *path)
{
    size_t n = strlen(path) + 64;
    char *p = malloc(n);
    if (p != NULL && scm__tmp_path(p, n, path) != 0) {
        free(p);
        p = NULL;
    }
    return p;
}

scm_status
scm_sink_open(scm_ctx *ctx, scm_sink_kind kind, const char *path, const scm_sink_meta *meta,
              scm_sink **out)
{
    static const scm_sink_ops *const ops[] = {&scm__sink_dir_ops, &scm__sink_mbtiles_ops,
                                              &scm__sink_pmtiles_ops};
    scm_sink *s;
    scm_status st = SCM_OK;
    size_t i;
    int fd, nomem = 0;
    *out = NULL;
    s = calloc(1, sizeof *s);
    if (s == NULL)
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
    s->ops = ops[kind];
    s->meta = *meta;
    s->spill_fd = -1;
    pthread_mutex_init(&s->lock, NULL);
    s->path = scm__strdup(path);
    {
        const char **field[SCM__META_STRINGS] = {&s->meta.name,          &s->meta.description,
                                                 &s->meta.attribution,   &s->meta.version,
                                                 &s->meta.extra_json,    &s->meta.tiles_url,
                                                 &s->meta.tilejson_name, &s->meta.tilejson_extra};
        for (i = 0; i < SCM__META_STRINGS; i++) {
            /* The four words every container stores are "" when not given; the rest stay
             * NULL, which says "none". */
            if (*field[i] == NULL && i >= 4)
                continue;
            s->strings[i] = scm__strdup(*field[i] != NULL ? *field[i] : "");
            nomem |= s->strings[i] == NULL;
            *field[i] = s->strings[i];
        }
    }
    if (kind != SCM_SINK_DIR) {
        s->tmp_path = tmp_name(path);
        s->spill_path = tmp_name(path);
    }
    if (nomem || s->path == NULL || (kind != SCM_SINK_DIR && (!s->tmp_path || !s->spill_path))) {
        scm_sink_free(s);
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
    }
    if (kind == SCM_SINK_DIR) {
        st = scm_mkdirs(ctx, path);
    } else if ((fd = open(s->spill_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
        /* Fail now, not after the rendering, if the place cannot be written. */
        st = scm__error(ctx, SCM_EIO, "%s: cannot write: %s", path, strerror(errno));
    } else {
        close(fd);
    }
    if (st != SCM_OK) {
        scm_sink_free(s);
        return st;
    }
    *out = s;
    return SCM_OK;
}

static void
drop_spill(scm_sink *s)
{
    if (s->spill_fd >= 0)
        close(s->spill_fd);
    s->spill_fd = -1;
    if (s->spill_path != NULL)
        unlink(s->spill_path);
}

scm_status
scm_sink_put(scm_ctx *ctx, scm_sink *s, scm_tile t, const uint8_t *png, size_t len)
{
    scm_status st;
    pthread_mutex_lock(&s->lock);
    st = s->ops->put(ctx, s, t, png, len);
    s->n_put += st == SCM_OK;
    pthread_mutex_unlock(&s->lock);
    return st;
}

scm_status
scm_sink_put_same(scm_ctx *ctx, scm_sink *s, scm_tile t, const scm_sink *from, const uint8_t *png,
                  size_t len)
{
    scm_status st;
    if (s->ops->put_same == NULL || from == NULL || from->ops != s->ops)
        return scm_sink_put(ctx, s, t, png, len);
    pthread_mutex_lock(&s->lock);
    st = s->ops->put_same(ctx, s, t, from, png, len);
    s->n_put += st == SCM_OK;
    pthread_mutex_unlock(&s->lock);
    return st;
}

scm_status
scm_sink_put_empty(scm_ctx *ctx, scm_sink *s, scm_tile t, const uint8_t *png, size_t len)
{
    scm_status st = SCM_OK;
    int linked = 1;
    pthread_mutex_lock(&s->lock);
    if (!s->has_empty) {
        st = s->ops->put(ctx, s, t, png, len);
        if (st == SCM_OK && s->spill_path != NULL)
            s->empty_content = s->entries[s->n_entries - 1].content;
    } else if (s->spill_path == NULL) {
        st = scm__dir_put_link(ctx, s, t, s->empty_tile, png, len, &linked);
    } else if (scm__grow(&s->entries, &s->cap_entries, s->n_entries + 1, sizeof *s->entries) != 0) {
        st = scm__error(ctx, SCM_ENOMEM, "%s: out of memory", s->path);
    } else { /* the content is there: no need to hash and compare thousands of copies */
        s->entries[s->n_entries++] = (scm__entry){scm_tile_pmtiles_id(t), t, s->empty_content};
    }
    if (st == SCM_OK && (!s->has_empty || !linked)) {
        s->has_empty = 1;
        s->empty_tile = t;
    }
    s->n_put += st == SCM_OK;
    pthread_mutex_unlock(&s->lock);
    return st;
}

/* The container is written from the spill, one sink at a time: the spill stays open for
 * that while only, and goes once the container is whole (or has failed). */
scm_status
scm_sink_finish(scm_ctx *ctx, scm_sink *s)
{
    scm_status st;
    if (s->spill_path != NULL && (s->spill_fd = open(s->spill_path, O_RDONLY | O_CLOEXEC)) < 0)
        return scm__error(ctx, SCM_EIO, "%s: temporary file: %s", s->path, strerror(errno));
    st = s->ops->finish != NULL ? s->ops->finish(ctx, s) : SCM_OK;
    if (st == SCM_OK)
        st = scm__tilejson_write(ctx, s);
    s->finished = st == SCM_OK;
    drop_spill(s);
    return st;
}

void
scm_sink_free(scm_sink *s)
{
    size_t i;
    if (s == NULL)
        return;
    if (!s->finished && s->tmp_path != NULL)
        unlink(s->tmp_path);
    drop_spill(s);
    pthread_mutex_destroy(&s->lock);
    for (i = 0; i < SCM__META_STRINGS; i++)
        free(s->strings[i]);
    free(s->path);
    free(s->tmp_path);
    free(s->spill_path);
    free(s->entries);
    free(s->contents);
    free(s->slots);
    free(s->raw_meta);
    free(s);
}

void
scm_sink_counts(const scm_sink *s, size_t *tiles, size_t *contents)
{
    *tiles = s->n_put;
    *contents = s->spill_path != NULL ? s->n_contents : s->n_put;
}

/* Writes src, or reads into dst, len bytes of the spill at off: through spill_fd while the
 * sink finishes, through a descriptor of this call otherwise. */
static scm_status
spill_io(scm_ctx *ctx, scm_sink *s, const uint8_t *src, uint8_t *dst, size_t len, uint64_t off)
{
    int fd = s->spill_fd >= 0 ? s->spill_fd
                              : open(s->spill_path, (src ? O_WRONLY : O_RDONLY) | O_CLOEXEC);
    int e = fd < 0 ? errno : 0;
    while (e == 0 && len > 0) {
        ssize_t n = src ? pwrite(fd, src, len, (off_t)off) : pread(fd, dst, len, (off_t)off);
        if (n < 0 && errno != EINTR)
            e = errno;
        else if (n == 0)
            e = EIO; /* the spill is shorter than the store says */
        else if (n > 0) {
            src = src ? src + n : NULL;
            dst = dst ? dst + n : NULL;
            len -= (size_t)n;
            off += (uint64_t)n;
        }
    }
    if (fd >= 0 && fd != s->spill_fd && close(fd) != 0 && e == 0)
        e = errno;
    if (e != 0)
        return scm__error(ctx, SCM_EIO, "%s: %s: %s", s->path,
                          src ? "cannot write" : "temporary file", strerror(e));
    return SCM_OK;
}

scm_status
scm__store_read(scm_ctx *ctx, scm_sink *s, uint32_t c, uint8_t *buf)
{
    return spill_io(ctx, s, NULL, buf, s->contents[c].len, s->contents[c].offset);
}

static scm_status
rehash(scm_ctx *ctx, scm_sink *s)
{
    size_t n = s->n_slots ? 2 * s->n_slots : 1024, i;
    int64_t *slots = scm__mallocn(n, sizeof *slots);
    if (slots == NULL)
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", s->path);
    for (i = 0; i < n; i++)
        slots[i] = -1;
    for (i = 0; i < s->n_contents; i++) {
        size_t h = (size_t)(s->contents[i].hash & (n - 1));
        while (slots[h] >= 0)
            h = (h + 1) & (n - 1);
        slots[h] = (int64_t)i;
    }
    free(s->slots);
    s->slots = slots;
    s->n_slots = n;
    return SCM_OK;
}

/* The content index of these bytes, stored in the spill file when new. */
static scm_status
find_or_add(scm_ctx *ctx, scm_sink *s, const uint8_t *png, size_t len, uint32_t *out)
{
    uint64_t hash = scm__fnv1a(SCM__FNV_SEED, png, len);
    size_t h;
    scm_status st;
    if (2 * (s->n_contents + 1) > s->n_slots && (st = rehash(ctx, s)) != SCM_OK)
        return st;
    for (h = (size_t)(hash & (s->n_slots - 1)); s->slots[h] >= 0; h = (h + 1) & (s->n_slots - 1)) {
        scm__content *c = &s->contents[s->slots[h]];
        if (c->hash == hash && c->len == len) {
            uint8_t *buf = malloc(len);
            int same;
            if (buf == NULL)
                return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", s->path);
            if ((st = scm__store_read(ctx, s, (uint32_t)s->slots[h], buf)) != SCM_OK) {
                free(buf);
                return st;
            }
            same = memcmp(buf, png, len) == 0;
            free(buf);
            if (same) {
                *out = (uint32_t)s->slots[h];
                return SCM_OK;
            }
        }
    }
    if (scm__grow(&s->contents, &s->cap_contents, s->n_contents + 1, sizeof *s->contents) != 0)
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", s->path);
    if ((st = spill_io(ctx, s, png, NULL, len, s->spill_len)) != SCM_OK)
        return st;
    s->contents[s->n_contents] = (scm__content){hash, s->spill_len, (uint32_t)len};
    s->spill_len += len;
    s->slots[h] = (int64_t)s->n_contents;
    *out = (uint32_t)s->n_contents++;
    return SCM_OK;
}

scm_status
scm__store_add(scm_ctx *ctx, scm_sink *s, scm_tile t, const uint8_t *png, size_t len)
{
    uint32_t c = 0;
    scm_status st;
    if ((st = scm__cancelled(ctx)) != SCM_OK)
        return st;
    if (len == 0 || len > UINT32_MAX)
        return scm__error(ctx, SCM_EINVAL, "%s: tile %u/%u/%u has no bytes", s->path, t.z, t.x,
                          t.y);
    if ((st = find_or_add(ctx, s, png, len, &c)) != SCM_OK)
        return st;
    if (scm__grow(&s->entries, &s->cap_entries, s->n_entries + 1, sizeof *s->entries) != 0)
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", s->path);
    s->entries[s->n_entries++] = (scm__entry){scm_tile_pmtiles_id(t), t, c};
    return SCM_OK;
}

static int
cmp_entry(const void *a, const void *b)
{
    uint64_t x = ((const scm__entry *)a)->id, y = ((const scm__entry *)b)->id;
    return (x > y) - (x < y);
}

scm_status
scm__store_sort(scm_ctx *ctx, scm_sink *s)
{
    uint32_t *renum, next = 0;
    scm__content *nc;
    size_t i;
    qsort(s->entries, s->n_entries, sizeof *s->entries, cmp_entry);
    for (i = 1; i < s->n_entries; i++)
        if (s->entries[i].id == s->entries[i - 1].id)
            return scm__error(ctx, SCM_EINVAL, "%s: tile %u/%u/%u stored twice", s->path,
                              s->entries[i].t.z, s->entries[i].t.x, s->entries[i].t.y);
    renum = scm__mallocn(s->n_contents, sizeof *renum);
    nc = scm__mallocn(s->n_contents, sizeof *nc);
    if (renum == NULL || nc == NULL) {
        free(renum);
        free(nc);
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", s->path);
    }
    for (i = 0; i < s->n_contents; i++)
        renum[i] = UINT32_MAX;
    for (i = 0; i < s->n_entries; i++) {
        uint32_t c = s->entries[i].content;
        if (renum[c] == UINT32_MAX) {
            renum[c] = next;
            nc[next++] = s->contents[c];
        }
        s->entries[i].content = renum[c];
    }
    free(s->contents);
    s->contents = nc;
    s->cap_contents = s->n_contents;
    free(renum);
    free(s->slots); /* the hash table indexes the old numbering */
    s->slots = NULL;
    s->n_slots = 0;
    return SCM_OK;
}

scm_status
scm__file_regular(scm_ctx *ctx, const char *path, int *fd, uint64_t *size)
{
    struct stat sb;
    /* Non-blocking, so that a FIFO is refused rather than waited on. */
    *fd = open(path, O_RDONLY | O_NONBLOCK);
    if (*fd < 0)
        return scm__error(ctx, SCM_EIO, "%s: cannot open: %s", path, strerror(errno));
    if (fstat(*fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(*fd);
        *fd = -1;
        return scm__error(ctx, SCM_EDATA, "%s: not a regular file", path);
    }
    *size = (uint64_t)sb.st_size;
    return SCM_OK;
}

scm_status
scm__file_read(scm_ctx *ctx, const char *path, size_t max, uint8_t **out, size_t *len)
{
    uint8_t *buf = NULL;
    uint64_t size;
    size_t n, got = 0;
    int fd;
    scm_status st;
    *out = NULL;
    *len = 0;
    if ((st = scm__file_regular(ctx, path, &fd, &size)) != SCM_OK)
        return st;
    if (size > max || size >= SIZE_MAX) {
        close(fd);
        return scm__error(ctx, SCM_EDATA, "%s: too big (%llu bytes)", path,
                          (unsigned long long)size);
    }
    n = (size_t)size;
    buf = malloc(n + 1);
    if (buf == NULL) {
        close(fd);
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
    }
    while (got < n && st == SCM_OK) {
        ssize_t k = read(fd, buf + got, n - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            st = scm__error(ctx, SCM_EIO, "%s: cannot read: %s", path,
                            k < 0 ? strerror(errno) : "the file got shorter");
        else
            got += (size_t)k;
    }
    close(fd);
    if (st != SCM_OK) {
        free(buf);
        return st;
    }
    buf[n] = 0;
    *out = buf;
    *len = n;
    return SCM_OK;
}

/* The largest plain file a merge copies (counties.json of every county is a few MB). */
#define MERGE_FILE_MAX ((size_t)1 << 30)
#define MERGE_DEPTH    3 /* <period>/<z>/<x>/<y>.png below the folder given */

/* Copies in (a file, or a folder and what it holds) to out. A file that is there already
 * must have the same bytes: shards hold disjoint tiles and identical JSON. */
static scm_status
merge_path(scm_ctx *ctx, const char *in, const char *out, int depth)
{
    struct stat sa, sb;
    uint8_t *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    scm_status st;
    if (lstat(in, &sa) != 0)
        return scm__error(ctx, SCM_EIO, "%s: cannot read: %s", in, strerror(errno));
    if (S_ISDIR(sa.st_mode)) {
        DIR *d;
        struct dirent *e;
        if (depth > MERGE_DEPTH)
            return scm__error(ctx, SCM_EDATA, "%s: folders nested deeper than tiles are", in);
        if ((st = scm_mkdirs(ctx, out)) != SCM_OK)
            return st;
        if ((d = opendir(in)) == NULL)
            return scm__error(ctx, SCM_EIO, "%s: cannot open: %s", in, strerror(errno));
        while (st == SCM_OK && (e = readdir(d)) != NULL) {
            char pa[4096], pb[4096];
            if (e->d_name[0] == '.')
                continue;
            if ((size_t)snprintf(pa, sizeof pa, "%s/%s", in, e->d_name) >= sizeof pa ||
                (size_t)snprintf(pb, sizeof pb, "%s/%s", out, e->d_name) >= sizeof pb)
                st = scm__error(ctx, SCM_EDATA, "%s/%s: path too long", in, e->d_name);
            else
                st = merge_path(ctx, pa, pb, depth + 1);
        }
        closedir(d);
        return st;
    }
    if (!S_ISREG(sa.st_mode))
        return scm__error(ctx, SCM_EDATA, "%s: neither a file nor a folder", in);
    if ((st = scm__file_read(ctx, in, MERGE_FILE_MAX, &a, &na)) != SCM_OK)
        return st;
    if (lstat(out, &sb) != 0) {
        st = scm__write_file(ctx, out, a, na);
    } else if ((st = scm__file_read(ctx, out, MERGE_FILE_MAX, &b, &nb)) == SCM_OK &&
               (na != nb || memcmp(a, b, na) != 0)) {
        st = scm__error(ctx, SCM_EDATA,
                        "%s: differs from the same file of another shard (merge the shards of "
                        "one job)",
                        in);
    }
    free(a);
    free(b);
    return st;
}

/* A container's metadata, as the readers give it. */
typedef struct container_meta {
    scm_sink_meta m;
    char *strings[5]; /* MBTiles */
    uint8_t *raw;     /* PMTiles */
    size_t raw_len;
} container_meta;

static void
container_meta_free(container_meta *c)
{
    int i;
    for (i = 0; i < 5; i++)
        free(c->strings[i]);
    free(c->raw);
    memset(c, 0, sizeof *c);
}

static scm_status
read_container(scm_ctx *ctx, scm_sink_kind kind, const char *path, scm_sink *s, container_meta *c)
{
    memset(c, 0, sizeof *c);
    return kind == SCM_SINK_MBTILES ? scm__mbtiles_read(ctx, path, s, &c->m, c->strings)
                                    : scm__pmtiles_read(ctx, path, s, &c->m, &c->raw, &c->raw_len);
}

static int
same_string(const char *a, const char *b)
{
    return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

/* Shards of one job describe themselves in the same words and numbers. */
static int
same_meta(const container_meta *a, const container_meta *b)
{
    const scm_sink_meta *x = &a->m, *y = &b->m;
    return x->minzoom == y->minzoom && x->maxzoom == y->maxzoom &&
           memcmp(&x->bounds, &y->bounds, sizeof x->bounds) == 0 &&
           x->center_lon == y->center_lon && x->center_lat == y->center_lat &&
           x->center_zoom == y->center_zoom && same_string(x->name, y->name) &&
           same_string(x->description, y->description) &&
           same_string(x->attribution, y->attribution) && same_string(x->version, y->version) &&
           same_string(x->extra_json, y->extra_json) && a->raw_len == b->raw_len &&
           (a->raw_len == 0 || memcmp(a->raw, b->raw, a->raw_len) == 0);
}

/* Shards hold disjoint tiles: one tile in two of them is bad data, not a bad argument. */
static scm_status
no_tile_twice(scm_ctx *ctx, scm_sink *s)
{
    size_t i;
    qsort(s->entries, s->n_entries, sizeof *s->entries, cmp_entry);
    for (i = 1; i < s->n_entries; i++)
        if (s->entries[i].id == s->entries[i - 1].id)
            return scm__error(ctx, SCM_EDATA,
                              "tile %u/%u/%u is in two of the shards (merge the shards of one "
                              "job, each once)",
                              s->entries[i].t.z, s->entries[i].t.x, s->entries[i].t.y);
    return SCM_OK;
}

scm_status
scm_sink_merge(scm_ctx *ctx, scm_sink_kind kind, const char *const *inputs, size_t n,
               const char *out)
{
    container_meta first, other;
    scm_sink *s = NULL;
    size_t i;
    scm_status st;
    if (kind == SCM_SINK_DIR) {
        for (i = 0, st = SCM_OK; i < n && st == SCM_OK; i++)
            st = merge_path(ctx, inputs[i], out, 0);
        return st;
    }
    memset(&other, 0, sizeof other);
    st = read_container(ctx, kind, inputs[0], NULL, &first);
    if (st == SCM_OK)
        st = scm_sink_open(ctx, kind, out, &first.m, &s);
    if (st == SCM_OK && first.raw != NULL) { /* a merge keeps the shards' metadata as it was */
        if ((s->raw_meta = malloc(first.raw_len + 1)) == NULL)
            st = scm__error(ctx, SCM_ENOMEM, "%s: out of memory", out);
        else {
            memcpy(s->raw_meta, first.raw, first.raw_len);
            s->raw_meta_len = first.raw_len;
        }
    }
    for (i = 0; i < n && st == SCM_OK; i++) {
        st = read_container(ctx, kind, inputs[i], s, &other);
        if (st == SCM_OK && !same_meta(&first, &other))
            st = scm__error(ctx, SCM_EDATA,
                            "%s: its metadata differs from %s's (merge the shards of one job)",
                            inputs[i], inputs[0]);
        container_meta_free(&other);
    }
    if (st == SCM_OK)
        st = no_tile_twice(ctx, s);
    if (st == SCM_OK)
        st = scm_sink_finish(ctx, s);
    scm_sink_free(s);
    container_meta_free(&first);
    container_meta_free(&other);
    return st;
}
