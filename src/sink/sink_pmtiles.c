/* SPDX-License-Identifier: MIT */
/* PMTiles v3: clustered (tile data in tile id order), deduplicated, run-length encoded
 * directories, no internal compression. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "sink_private.h"

#define HEADER_LEN 127
#define ROOT_MAX   16384 /* header and root directory together, per the spec */

typedef struct pm_entry {
    uint64_t id, offset;
    uint32_t len, run;
} pm_entry;

static scm_status
pm_put(scm_ctx *ctx, scm_sink *s, scm_tile t, const uint8_t *png, size_t len)
{
    return scm__store_add(ctx, s, t, png, len);
}

static int
varint(scm_buf *b, uint64_t v)
{
    uint8_t tmp[10];
    size_t n = 0;
    while (v >= 0x80) {
        tmp[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    tmp[n++] = (uint8_t)v;
    return scm__buf_append(b, tmp, n);
}

static int
serialize(scm_buf *b, const pm_entry *e, size_t n)
{
    size_t i;
    uint64_t last = 0;
    int rc = varint(b, n);
    for (i = 0; i < n; i++) {
        rc |= varint(b, e[i].id - last);
        last = e[i].id;
    }
    for (i = 0; i < n; i++)
        rc |= varint(b, e[i].run);
    for (i = 0; i < n; i++)
        rc |= varint(b, e[i].len);
    for (i = 0; i < n; i++)
        rc |=
            varint(b, i > 0 && e[i].offset == e[i - 1].offset + e[i - 1].len ? 0 : e[i].offset + 1);
    return rc;
}

/* Root and leaf directories: leaves of `per_leaf` entries until the root fits. */
static int
directories(const pm_entry *e, size_t n, scm_buf *root, scm_buf *leaves)
{
    size_t per_leaf, i;
    if (serialize(root, e, n) != 0)
        return -1;
    if (HEADER_LEN + root->len <= ROOT_MAX)
        return 0;
    for (per_leaf = 4096;; per_leaf *= 2) {
        size_t n_leaves = (n + per_leaf - 1) / per_leaf;
        pm_entry *re = scm__mallocn(n_leaves, sizeof *re);
        if (re == NULL)
            return -1;
        root->len = leaves->len = 0;
        for (i = 0; i < n_leaves; i++) {
            size_t from = i * per_leaf, cnt = n - from < per_leaf ? n - from : per_leaf;
            re[i] = (pm_entry){e[from].id, leaves->len, 0, 0};
            if (serialize(leaves, e + from, cnt) != 0) {
                free(re);
                return -1;
            }
            re[i].len = (uint32_t)(leaves->len - re[i].offset);
        }
        if (serialize(root, re, n_leaves) != 0) {
            free(re);
            return -1;
        }
        free(re);
        if (HEADER_LEN + root->len <= ROOT_MAX)
            return 0;
    }
}

static void
put_u64(uint8_t *p, uint64_t v)
{
    int i;
    for (i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void
put_i32(uint8_t *p, double deg)
{
    int32_t v = (int32_t)lround(deg * 1e7);
    uint32_t u = (uint32_t)v;
    int i;
    for (i = 0; i < 4; i++)
        p[i] = (uint8_t)(u >> (8 * i));
}

static int
metadata(const scm_sink *s, scm_buf *b)
{
    const scm_sink_meta *m = &s->meta;
    scm__json w = {.b = b};
    if (s->raw_meta != NULL) /* a merge keeps the shards' metadata as it was */
        return scm__buf_append(b, s->raw_meta, s->raw_meta_len);
    scm__json_open(&w, '{');
    scm__json_member(&w, "name", m->name);
    scm__json_member(&w, "description", m->description);
    scm__json_member(&w, "attribution", m->attribution);
    scm__json_member(&w, "type", "overlay");
    scm__json_member(&w, "version", m->version[0] ? m->version : "1");
    if (m->extra_json != NULL) {
        scm__json_key(&w, "scmap");
        scm__json_raw(&w, m->extra_json);
    }
    scm__json_close(&w, '}');
    return w.failed ? -1 : 0;
}

static void
header(const scm_sink *s, uint8_t *h, uint64_t root_len, uint64_t meta_len, uint64_t leaf_len,
       uint64_t data_len, uint64_t addressed, uint64_t n_entries)
{
    const scm_sink_meta *m = &s->meta;
    memset(h, 0, HEADER_LEN);
    memcpy(h, "PMTiles", 7);
    h[7] = 3;
    put_u64(h + 8, HEADER_LEN);
    put_u64(h + 16, root_len);
    put_u64(h + 24, HEADER_LEN + root_len);
    put_u64(h + 32, meta_len);
    put_u64(h + 40, HEADER_LEN + root_len + meta_len);
    put_u64(h + 48, leaf_len);
    put_u64(h + 56, HEADER_LEN + root_len + meta_len + leaf_len);
    put_u64(h + 64, data_len);
    put_u64(h + 72, addressed);
    put_u64(h + 80, n_entries);
    put_u64(h + 88, s->n_contents);
    h[96] = 1; /* clustered */
    h[97] = 1; /* internal compression: none */
    h[98] = 1; /* tile compression: none (PNG is compressed already) */
    h[99] = 2; /* PNG */
    h[100] = m->minzoom;
    h[101] = m->maxzoom;
    put_i32(h + 102, m->bounds.minx);
    put_i32(h + 106, m->bounds.miny);
    put_i32(h + 110, m->bounds.maxx);
    put_i32(h + 114, m->bounds.maxy);
    h[118] = m->center_zoom;
    put_i32(h + 119, m->center_lon);
    put_i32(h + 123, m->center_lat);
}

/* Entries with run lengths; offsets follow content numbers, which are in first-use order. */
static pm_entry *
run_entries(scm_sink *s, size_t *n_out, uint64_t *addressed, uint64_t *data_len)
{
    pm_entry *e = scm__mallocn(s->n_entries, sizeof *e);
    uint64_t *off = scm__mallocn(s->n_contents + 1, sizeof *off);
    size_t i, n = 0;
    if (e == NULL || off == NULL) {
        free(e);
        free(off);
        return NULL;
    }
    off[0] = 0;
    for (i = 0; i < s->n_contents; i++)
        off[i + 1] = off[i] + s->contents[i].len;
    for (i = 0; i < s->n_entries; i++) {
        const scm__entry *se = &s->entries[i];
        if (n > 0 && e[n - 1].id + e[n - 1].run == se->id && e[n - 1].offset == off[se->content]) {
            e[n - 1].run++;
            continue;
        }
        e[n++] = (pm_entry){se->id, off[se->content], s->contents[se->content].len, 1};
    }
    *addressed = s->n_entries;
    *data_len = off[s->n_contents];
    *n_out = n;
    free(off);
    return e;
}

static scm_status
pm_finish(scm_ctx *ctx, scm_sink *s)
{
    scm_buf root = {0}, leaves = {0}, meta = {0};
    uint8_t h[HEADER_LEN], *buf = NULL;
    pm_entry *e = NULL;
    size_t n = 0, i, cap = 0;
    uint64_t addressed = 0, data_len = 0;
    FILE *fp = NULL;
    scm_status st;
    int ok = 1;
    if ((st = scm__store_sort(ctx, s)) != SCM_OK)
        return st;
    if (s->n_entries == 0) /* a shard with nothing here: no file, as for an empty tile */
        return SCM_OK;
    e = run_entries(s, &n, &addressed, &data_len);
    if (e == NULL || directories(e, n, &root, &leaves) != 0 || metadata(s, &meta) != 0) {
        st = scm__error(ctx, SCM_ENOMEM, "%s: out of memory", s->path);
        goto done;
    }
    header(s, h, root.len, meta.len, leaves.len, data_len, addressed, n);
    fp = fopen(s->tmp_path, "wbx");
    if (fp == NULL) {
        st = scm__error(ctx, SCM_EIO, "%s: cannot write: %s", s->path, strerror(errno));
        goto done;
    }
    ok = fwrite(h, 1, HEADER_LEN, fp) == HEADER_LEN &&
         fwrite(root.data, 1, root.len, fp) == root.len &&
         fwrite(meta.data, 1, meta.len, fp) == meta.len &&
         (leaves.len == 0 || fwrite(leaves.data, 1, leaves.len, fp) == leaves.len);
    for (i = 0; ok && i < s->n_contents; i++) {
        uint32_t len = s->contents[i].len;
        if (scm__grow(&buf, &cap, len, 1) != 0 || (i % 256 == 0 && scm__cancelled(ctx)) ||
            scm__store_read(ctx, s, (uint32_t)i, buf) != SCM_OK)
            ok = 0;
        else
            ok = fwrite(buf, 1, len, fp) == len;
    }
    ok = (fclose(fp) == 0) && ok;
    if (!ok || rename(s->tmp_path, s->path) != 0) {
        int err = errno;
        unlink(s->tmp_path);
        scm__error(ctx, SCM_EIO, "%s: cannot write: %s", s->path, strerror(err));
        st = scm_ctx_status(ctx); /* the first error: this, a signal, or the spill */
        goto done;
    }
    st = SCM_OK;
done:
    free(buf);
    free(e);
    scm__buf_free(&root);
    scm__buf_free(&leaves);
    scm__buf_free(&meta);
    return st;
}

const scm_sink_ops scm__sink_pmtiles_ops = {"pmtiles", pm_put, NULL, pm_finish};

static uint64_t
get_u64(const uint8_t *p)
{
    uint64_t v = 0;
    int i;
    for (i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static double
get_deg(const uint8_t *p)
{
    uint32_t u = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    return (int32_t)u / 1e7;
}

/* off and len describe a span inside n bytes, in arithmetic that cannot wrap. */
static int
inside(uint64_t off, uint64_t len, uint64_t n)
{
    return !(off > n || len > n - off);
}

static int
get_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
    uint64_t r = 0;
    int shift;
    for (shift = 0; shift < 64 && *p < end; shift += 7) {
        uint8_t b = *(*p)++;
        if (shift == 63 && b > 1)
            return -1; /* the tenth byte has room for bit 63 only */
        r |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *v = r;
            return 0;
        }
    }
    return -1;
}

/* Tiles in zooms below z: the first PMTiles tile id of zoom z. */
static uint64_t
zoom_base(unsigned z)
{
    return ((1ull << (2 * z)) - 1) / 3;
}

/* A shard holds at most this many tiles a byte: runs of one tile are legitimate, but a tiny
 * file claiming billions of tiles is an attack on time and memory, not a map. */
#define TILES_PER_BYTE 1024
#define MAX_DEPTH      3 /* leaves of leaves of leaves; scmap writes one level */

/* A run of tiles with the same bytes, checked. */
typedef struct pm_run {
    uint64_t id, run, off, len;
} pm_run;

/* A PMTiles file in memory, checked as it is walked. */
typedef struct pm_file {
    const char *path;
    const uint8_t *f;
    uint64_t len;
    uint64_t leaf_off, leaf_len, data_len;
    uint64_t first_id, end_id; /* the tile ids of the header's zoom range */
    uint64_t next_id;          /* entries come in tile id order, without overlaps */
    uint64_t tiles, max_tiles, max_entries;
    pm_run *runs;
    size_t n, cap;
} pm_file;

static scm_status
bad(scm_ctx *ctx, const pm_file *pm, const char *what)
{
    return scm__error(ctx, SCM_EDATA, "%s: %s (not a whole PMTiles file of scmap)", pm->path, what);
}

static scm_status walk_dir(scm_ctx *ctx, pm_file *pm, uint64_t dir, uint64_t len, int depth);

/* Checks one directory entry and keeps it, or walks the leaf it points to. */
static scm_status
take_entry(scm_ctx *ctx, pm_file *pm, const pm_run *r, int depth)
{
    if (r->id < pm->next_id || r->id < pm->first_id || r->id >= pm->end_id)
        return bad(ctx, pm, "a tile id out of order or outside the zoom range");
    if (r->run == 0) {
        uint64_t before = pm->next_id;
        scm_status st;
        if (r->len == 0 || !inside(r->off, r->len, pm->leaf_len))
            return bad(ctx, pm, "a leaf directory outside the leaf section");
        if ((st = walk_dir(ctx, pm, pm->leaf_off + r->off, r->len, depth + 1)) != SCM_OK)
            return st;
        /* Every leaf moves the walk on, so no leaf is visited twice. */
        return pm->next_id > before ? SCM_OK : bad(ctx, pm, "an empty leaf directory");
    }
    if (r->run > pm->end_id - r->id || r->run > pm->max_tiles - pm->tiles)
        return bad(ctx, pm, "a run of tiles past the zoom range or the header's tile count");
    if (r->len == 0 || r->len > SCM__TILE_MAX_BYTES || !inside(r->off, r->len, pm->data_len))
        return bad(ctx, pm, "a tile outside the tile data section");
    if (pm->n >= pm->max_entries)
        return bad(ctx, pm, "more tile entries than the header says");
    if (scm__grow(&pm->runs, &pm->cap, pm->n + 1, sizeof *pm->runs) != 0)
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", pm->path);
    pm->runs[pm->n++] = *r;
    pm->tiles += r->run;
    pm->next_id = r->id + r->run;
    return SCM_OK;
}

/* Walks the directory at file offset dir (len bytes, inside the file) and its leaves. */
static scm_status
walk_dir(scm_ctx *ctx, pm_file *pm, uint64_t dir, uint64_t len, int depth)
{
    const uint8_t *p = pm->f + dir, *end = pm->f + dir + len;
    uint64_t n, i, id = 0, *v = NULL;
    pm_run r = {0, 0, 0, 0};
    scm_status st = SCM_OK;
    if (depth > MAX_DEPTH)
        return bad(ctx, pm, "leaf directories nested too deep");
    /* Each entry takes at least four bytes, one a field. */
    if (get_varint(&p, end, &n) != 0 || n == 0 || n > len / 4)
        return bad(ctx, pm, "a directory with a wrong number of entries");
    v = scm__mallocn((size_t)n, 4 * sizeof *v);
    if (v == NULL)
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", pm->path);
    for (i = 0; i < 4 * n && st == SCM_OK; i++)
        if (get_varint(&p, end, &v[i]) != 0)
            st = bad(ctx, pm, "a truncated directory");
    for (i = 0; i < n && st == SCM_OK; i++) {
        uint64_t delta = v[i], off = v[3 * n + i];
        if (delta > pm->end_id - id) {
            st = bad(ctx, pm, "a tile id past the zoom range");
            break;
        }
        if (off == 0 && i == 0) {
            st = bad(ctx, pm, "a first entry with no offset");
            break;
        }
        /* 0: right after the previous entry, whose span was checked, so the sum is small. */
        r.off = off == 0 ? r.off + r.len : off - 1;
        id += delta;
        r.id = id;
        r.run = v[n + i];
        r.len = v[2 * n + i];
        st = take_entry(ctx, pm, &r, depth);
    }
    free(v);
    return st;
}

/* Checks the header of the n bytes f and walks the directories. */
static scm_status
read_header(scm_ctx *ctx, pm_file *pm, const uint8_t *f, uint64_t n)
{
    uint64_t root_off, root_len, meta_off, meta_len, addressed, entries, contents;
    pm->f = f;
    pm->len = n;
    if (n < HEADER_LEN || memcmp(f, "PMTiles", 7) != 0 || f[7] != 3)
        return bad(ctx, pm, "no PMTiles v3 header");
    root_off = get_u64(f + 8);
    root_len = get_u64(f + 16);
    meta_off = get_u64(f + 24);
    meta_len = get_u64(f + 32);
    pm->leaf_off = get_u64(f + 40);
    pm->leaf_len = get_u64(f + 48);
    addressed = get_u64(f + 72);
    entries = get_u64(f + 80);
    contents = get_u64(f + 88);
    pm->data_len = get_u64(f + 64);
    if (!inside(root_off, root_len, n) || !inside(meta_off, meta_len, n) ||
        !inside(pm->leaf_off, pm->leaf_len, n) || !inside(get_u64(f + 56), pm->data_len, n))
        return bad(ctx, pm, "a section outside the file");
    if (f[97] != 1 || f[98] != 1 || f[99] != 2)
        return bad(ctx, pm, "compressed directories, or tiles that are not plain PNG");
    if (f[101] > SCM_TILE_MAX_ZOOM || f[100] > f[101] || f[118] > SCM_TILE_MAX_ZOOM)
        return bad(ctx, pm, "a zoom outside 0-16, or a minimum zoom above the maximum");
    pm->first_id = zoom_base(f[100]);
    pm->end_id = zoom_base(f[101] + 1u);
    pm->max_tiles = addressed;
    pm->max_entries = entries;
    if (addressed > pm->end_id - pm->first_id || addressed / TILES_PER_BYTE > n ||
        entries > addressed || contents > entries)
        return bad(ctx, pm, "more tiles than its zoom range or its size allow");
    return walk_dir(ctx, pm, root_off, root_len, 0);
}

scm_status
scm__pmtiles_read(scm_ctx *ctx, const char *path, scm_sink *out, scm_sink_meta *meta,
                  uint8_t **raw_meta, size_t *raw_len)
{
    pm_file pm;
    uint8_t *f = NULL;
    size_t n = 0, i;
    uint64_t r;
    scm_status st;
    memset(&pm, 0, sizeof pm);
    pm.path = path;
    if ((st = scm__file_read(ctx, path, SIZE_MAX, &f, &n)) != SCM_OK)
        return st;
    if ((st = read_header(ctx, &pm, f, n)) != SCM_OK)
        goto done;
    if (pm.tiles != pm.max_tiles || pm.n != pm.max_entries) {
        st = bad(ctx, &pm, "tile counts that differ from the header's");
        goto done;
    }
    if (meta != NULL) {
        meta->minzoom = f[100];
        meta->maxzoom = f[101];
        meta->bounds =
            (scm_bbox){get_deg(f + 102), get_deg(f + 106), get_deg(f + 110), get_deg(f + 114)};
        meta->center_zoom = f[118];
        meta->center_lon = get_deg(f + 119);
        meta->center_lat = get_deg(f + 123);
        *raw_len = (size_t)get_u64(f + 32);
        *raw_meta = malloc(*raw_len + 1);
        if (*raw_meta == NULL) {
            st = scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
            goto done;
        }
        memcpy(*raw_meta, f + get_u64(f + 24), *raw_len);
    }
    /* Only a file that checked out whole gives tiles. */
    for (i = 0; out != NULL && i < pm.n && st == SCM_OK; i++) {
        const pm_run *e = &pm.runs[i];
        const uint8_t *png = f + get_u64(f + 56) + e->off;
        for (r = 0; r < e->run && st == SCM_OK; r++)
            st = scm_sink_put(ctx, out, scm_tile_from_pmtiles_id(e->id + r), png, (size_t)e->len);
    }
done:
    free(pm.runs);
    free(f);
    return st;
}
