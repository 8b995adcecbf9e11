/* SPDX-License-Identifier: MIT */
/* MBTiles 1.3: identical tiles stored once through the map and images tables, rows in
 * TMS order (y grows northward). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include <sqlite3.h>

#include "sink_private.h"

static const char schema[] =
    "PRAGMA page_size=4096;"
    "PRAGMA journal_mode=OFF;"
    "PRAGMA synchronous=OFF;"
    "CREATE TABLE metadata (name TEXT, value TEXT);"
    "CREATE TABLE map (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_id TEXT);"
    "CREATE TABLE images (tile_data BLOB, tile_id TEXT);"
    "CREATE VIEW tiles AS SELECT map.zoom_level AS zoom_level, map.tile_column AS tile_column,"
    " map.tile_row AS tile_row, images.tile_data AS tile_data"
    " FROM map JOIN images ON images.tile_id = map.tile_id;";

static const char indexes[] = "CREATE UNIQUE INDEX map_index ON map (zoom_level, tile_column,"
                              " tile_row);"
                              "CREATE UNIQUE INDEX images_id ON images (tile_id);"
                              "CREATE UNIQUE INDEX name ON metadata (name);";

static scm_status
mb_put(scm_ctx *ctx, scm_sink *s, scm_tile t, const uint8_t *png, size_t len)
{
    return scm__store_add(ctx, s, t, png, len);
}

static scm_status
db_error(scm_ctx *ctx, scm_sink *s, sqlite3 *db)
{
    return scm__error(ctx, SCM_EIO, "%s: %s", s->path, db ? sqlite3_errmsg(db) : "out of memory");
}

static int
put_meta(sqlite3_stmt *st, const char *name, const char *value)
{
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    return sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
}

static int
write_metadata(scm_sink *s, sqlite3 *db)
{
    const scm_sink_meta *m = &s->meta;
    sqlite3_stmt *st = NULL;
    char bounds[128], center[96], minz[8], maxz[8];
    int rc;
    snprintf(bounds, sizeof bounds, "%.6f,%.6f,%.6f,%.6f", m->bounds.minx, m->bounds.miny,
             m->bounds.maxx, m->bounds.maxy);
    snprintf(center, sizeof center, "%.6f,%.6f,%u", m->center_lon, m->center_lat, m->center_zoom);
    snprintf(minz, sizeof minz, "%u", m->minzoom);
    snprintf(maxz, sizeof maxz, "%u", m->maxzoom);
    if (sqlite3_prepare_v2(db, "INSERT INTO metadata VALUES (?, ?)", -1, &st, NULL) != SQLITE_OK)
        return -1;
    rc = put_meta(st, "name", m->name) || put_meta(st, "format", "png") ||
         put_meta(st, "bounds", bounds) || put_meta(st, "center", center) ||
         put_meta(st, "minzoom", minz) || put_meta(st, "maxzoom", maxz) ||
         put_meta(st, "attribution", m->attribution) ||
         put_meta(st, "description", m->description) || put_meta(st, "type", "overlay") ||
         put_meta(st, "version", m->version[0] ? m->version : "1") ||
         (m->extra_json != NULL && put_meta(st, "scmap", m->extra_json));
    sqlite3_finalize(st);
    return rc;
}

static int
write_tiles(scm_ctx *ctx, scm_sink *s, sqlite3 *db)
{
    sqlite3_stmt *map = NULL, *img = NULL;
    uint8_t *buf = NULL;
    size_t i, cap = 0;
    uint32_t next = 0;
    int rc = -1;
    char id[16];
    if (sqlite3_prepare_v2(db, "INSERT INTO map VALUES (?, ?, ?, ?)", -1, &map, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO images VALUES (?, ?)", -1, &img, NULL) != SQLITE_OK)
        goto done;
    for (i = 0; i < s->n_entries; i++) {
        const scm__entry *e = &s->entries[i];
        snprintf(id, sizeof id, "%u", e->content);
        if (e->content == next) { /* contents are numbered in order of first use */
            uint32_t len = s->contents[e->content].len;
            if (scm__grow(&buf, &cap, len, 1) != 0 || (next % 256 == 0 && scm__cancelled(ctx)) ||
                scm__store_read(ctx, s, e->content, buf) != SCM_OK)
                goto done;
            sqlite3_reset(img);
            sqlite3_bind_blob(img, 1, buf, (int)len, SQLITE_STATIC);
            sqlite3_bind_text(img, 2, id, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(img) != SQLITE_DONE)
                goto done;
            next++;
        }
        sqlite3_reset(map);
        sqlite3_bind_int(map, 1, e->t.z);
        sqlite3_bind_int64(map, 2, e->t.x);
        sqlite3_bind_int64(map, 3, scm_tile_tms_row(e->t));
        sqlite3_bind_text(map, 4, id, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(map) != SQLITE_DONE)
            goto done;
    }
    rc = 0;
done:
    free(buf);
    sqlite3_finalize(map);
    sqlite3_finalize(img);
    return rc;
}

static scm_status
mb_finish(scm_ctx *ctx, scm_sink *s)
{
    sqlite3 *db = NULL;
    scm_status st;
    if ((st = scm__store_sort(ctx, s)) != SCM_OK)
        return st;
    if (s->n_entries == 0) /* a shard with nothing here: no file */
        return SCM_OK;
    if (sqlite3_open(s->tmp_path, &db) != SQLITE_OK ||
        sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK || write_metadata(s, db) != 0 ||
        write_tiles(ctx, s, db) != 0 || sqlite3_exec(db, indexes, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        st = scm_ctx_status(ctx) != SCM_OK ? scm_ctx_status(ctx) : db_error(ctx, s, db);
        sqlite3_close(db);
        unlink(s->tmp_path);
        return st;
    }
    if (sqlite3_close(db) != SQLITE_OK || rename(s->tmp_path, s->path) != 0) {
        unlink(s->tmp_path);
        return scm__error(ctx, SCM_EIO, "%s: cannot write", s->path);
    }
    return SCM_OK;
}

const scm_sink_ops scm__sink_mbtiles_ops = {"mbtiles", mb_put, NULL, mb_finish};

static char *
meta_value(sqlite3 *db, const char *name)
{
    sqlite3_stmt *st = NULL;
    char *v = NULL;
    if (sqlite3_prepare_v2(db, "SELECT value FROM metadata WHERE name = ?", -1, &st, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
            v = scm__strdup((const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return v;
}

/* n numbers separated by commas, each finite, and nothing else. */
static int
parse_numbers(const char *s, double *v, int n)
{
    int i;
    char *end;
    for (i = 0; s != NULL && i < n; i++) {
        v[i] = strtod(s, &end);
        if (end == s || !isfinite(v[i]) || *end != (i + 1 < n ? ',' : '\0'))
            return -1;
        s = end + 1;
    }
    return s == NULL ? -1 : 0;
}

/* A zoom, 0 to SCM_TILE_MAX_ZOOM, written in decimal. */
static int
parse_zoom(const char *s, double v, uint8_t *z)
{
    if (s != NULL && parse_numbers(s, &v, 1) != 0)
        return -1;
    if (!(v >= 0 && v <= SCM_TILE_MAX_ZOOM) || v != floor(v))
        return -1;
    *z = (uint8_t)v;
    return 0;
}

static scm_status
read_meta(scm_ctx *ctx, sqlite3 *db, const char *path, scm_sink_meta *meta, char *strings[5])
{
    static const char *const names[5] = {"name", "description", "attribution", "version", "scmap"};
    char *b = meta_value(db, "bounds"), *c = meta_value(db, "center");
    char *z0 = meta_value(db, "minzoom"), *z1 = meta_value(db, "maxzoom");
    double bb[4], cc[3];
    scm_status rc = SCM_OK;
    int i;
    for (i = 0; i < 5; i++)
        strings[i] = meta_value(db, names[i]);
    if (parse_numbers(b, bb, 4) != 0 || parse_numbers(c, cc, 3) != 0 ||
        parse_zoom(NULL, cc[2], &meta->center_zoom) != 0 ||
        parse_zoom(z0, 0, &meta->minzoom) != 0 || parse_zoom(z1, 0, &meta->maxzoom) != 0 ||
        meta->minzoom > meta->maxzoom)
        rc = scm__error(ctx, SCM_EDATA,
                        "%s: MBTiles metadata lacks bounds, center or zooms 0-%d, or has them "
                        "wrong (not a whole MBTiles file of scmap)",
                        path, SCM_TILE_MAX_ZOOM);
    else {
        meta->bounds = (scm_bbox){bb[0], bb[1], bb[2], bb[3]};
        meta->center_lon = cc[0];
        meta->center_lat = cc[1];
    }
    meta->name = strings[0] ? strings[0] : "";
    meta->description = strings[1] ? strings[1] : "";
    meta->attribution = strings[2] ? strings[2] : "";
    meta->version = strings[3] ? strings[3] : "";
    meta->extra_json = strings[4];
    free(b);
    free(c);
    free(z0);
    free(z1);
    return rc;
}

/* The tables scmap writes must be tables: a view or trigger in a shard is code, not data. */
static int
plain_tables(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(db,
                           "SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND"
                           " name IN ('metadata', 'map', 'images')) = 3 AND NOT EXISTS (SELECT 1"
                           " FROM sqlite_master WHERE type = 'trigger' OR (type = 'view' AND"
                           " name <> 'tiles'))",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n == 1;
}

static scm_status
read_tiles(scm_ctx *ctx, sqlite3 *db, const char *path, scm_sink *out, const scm_sink_meta *m)
{
    sqlite3_stmt *st = NULL;
    scm_status rc = SCM_OK;
    int64_t last[3] = {-1, -1, -1};
    int step = SQLITE_DONE;
    /* Sorted, so that a tile listed twice shows as two equal rows in a row. */
    if (sqlite3_prepare_v2(db,
                           "SELECT map.zoom_level, map.tile_column, map.tile_row, images.tile_data"
                           " FROM map JOIN images ON images.tile_id = map.tile_id"
                           " ORDER BY 1, 2, 3",
                           -1, &st, NULL) != SQLITE_OK)
        rc = scm__error(ctx, SCM_EDATA, "%s: %s", path, sqlite3_errmsg(db));
    while (rc == SCM_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t z = sqlite3_column_int64(st, 0), x = sqlite3_column_int64(st, 1),
                row = sqlite3_column_int64(st, 2);
        int len = sqlite3_column_bytes(st, 3);
        const void *png = sqlite3_column_blob(st, 3);
        scm_tile t;
        if (sqlite3_column_type(st, 0) != SQLITE_INTEGER ||
            sqlite3_column_type(st, 1) != SQLITE_INTEGER ||
            sqlite3_column_type(st, 2) != SQLITE_INTEGER || z < m->minzoom || z > m->maxzoom ||
            x < 0 || x >= (1ll << z) || row < 0 || row >= (1ll << z)) {
            rc = scm__error(ctx, SCM_EDATA,
                            "%s: a tile at zoom, column or row outside zooms %u-%u "
                            "(not a whole MBTiles file of scmap)",
                            path, m->minzoom, m->maxzoom);
            break;
        }
        if (z == last[0] && x == last[1] && row == last[2]) {
            rc = scm__error(ctx, SCM_EDATA, "%s: tile %d/%d/%d is there twice", path, (int)z,
                            (int)x, (int)((1ll << z) - 1 - row));
            break;
        }
        if (sqlite3_column_type(st, 3) != SQLITE_BLOB || png == NULL || len <= 0 ||
            (unsigned)len > SCM__TILE_MAX_BYTES) {
            rc = scm__error(ctx, SCM_EDATA, "%s: tile %d/%d/%d has no PNG or too big a one", path,
                            (int)z, (int)x, (int)((1ll << z) - 1 - row));
            break;
        }
        last[0] = z;
        last[1] = x;
        last[2] = row;
        t = (scm_tile){(uint32_t)x, (uint32_t)((1ll << z) - 1 - row), (uint8_t)z};
        if (out != NULL)
            rc = scm_sink_put(ctx, out, t, png, (size_t)len);
    }
    if (rc == SCM_OK && step != SQLITE_DONE)
        rc = scm__error(ctx, SCM_EDATA, "%s: %s", path, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

scm_status
scm__mbtiles_read(scm_ctx *ctx, const char *path, scm_sink *out, scm_sink_meta *meta,
                  char *strings[5])
{
    sqlite3 *db = NULL;
    scm_sink_meta own;
    char *own_strings[5] = {NULL, NULL, NULL, NULL, NULL};
    scm_status rc;
    int i, fd;
    uint64_t size;
    /* A regular file: SQLite would wait on a FIFO for ever. */
    if ((rc = scm__file_regular(ctx, path, &fd, &size)) != SCM_OK)
        return rc;
    close(fd);
    if (meta == NULL) {
        memset(&own, 0, sizeof own);
        meta = &own;
        strings = own_strings;
    }
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return scm__error(ctx, SCM_EIO, "%s: cannot open", path);
    }
    /* Shards come from other machines: no schema code, bounded values. */
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, (int)SCM__TILE_MAX_BYTES);
    if (!plain_tables(db))
        rc = scm__error(ctx, SCM_EDATA,
                        "%s: no metadata, map and images tables, or views and triggers besides "
                        "(not an MBTiles file of scmap)",
                        path);
    else
        rc = read_meta(ctx, db, path, meta, strings);
    if (rc == SCM_OK)
        rc = read_tiles(ctx, db, path, out, meta);
    sqlite3_close(db);
    for (i = 0; i < 5; i++)
        free(own_strings[i]);
    return rc;
}
