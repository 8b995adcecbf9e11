/* SPDX-License-Identifier: MIT */
/* MBTiles 1.3: identical tiles stored once through the map and images tables, rows in
 * TMS order (y grows northward). */
#define _POSIX_C_SOURCE 200809L
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

scm_status
scm__mbtiles_read(scm_ctx *ctx, const char *path, scm_sink *out, scm_sink_meta *meta,
                  char *strings[5])
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    scm_status rc = SCM_OK;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return scm__error(ctx, SCM_EIO, "%s: cannot open", path);
    }
    if (meta != NULL) {
        static const char *const names[5] = {"name", "description", "attribution", "version",
                                             "scmap"};
        char *b = meta_value(db, "bounds"), *c = meta_value(db, "center");
        char *z0 = meta_value(db, "minzoom"), *z1 = meta_value(db, "maxzoom");
        int i;
        unsigned cz = 0;
        for (i = 0; i < 5; i++)
            strings[i] = meta_value(db, names[i]);
        if (b == NULL || c == NULL || z0 == NULL || z1 == NULL ||
            sscanf(b, "%lf,%lf,%lf,%lf", &meta->bounds.minx, &meta->bounds.miny, &meta->bounds.maxx,
                   &meta->bounds.maxy) != 4 ||
            sscanf(c, "%lf,%lf,%u", &meta->center_lon, &meta->center_lat, &cz) != 3)
            rc = scm__error(ctx, SCM_EDATA, "%s: MBTiles metadata lacks bounds or center", path);
        meta->center_zoom = (uint8_t)cz;
        meta->minzoom = (uint8_t)(z0 ? atoi(z0) : 0);
        meta->maxzoom = (uint8_t)(z1 ? atoi(z1) : 0);
        meta->name = strings[0] ? strings[0] : "";
        meta->description = strings[1] ? strings[1] : "";
        meta->attribution = strings[2] ? strings[2] : "";
        meta->version = strings[3] ? strings[3] : "";
        meta->extra_json = strings[4];
        free(b);
        free(c);
        free(z0);
        free(z1);
    }
    if (rc == SCM_OK && out != NULL) {
        if (sqlite3_prepare_v2(db, "SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles",
                               -1, &st, NULL) != SQLITE_OK)
            rc = scm__error(ctx, SCM_EDATA, "%s: %s", path, sqlite3_errmsg(db));
        while (rc == SCM_OK && st != NULL && sqlite3_step(st) == SQLITE_ROW) {
            int z = sqlite3_column_int(st, 0);
            scm_tile t = {(uint32_t)sqlite3_column_int64(st, 1), 0, (uint8_t)z};
            if (z < 0 || z > SCM_TILE_MAX_ZOOM) {
                rc = scm__error(ctx, SCM_EDATA, "%s: zoom %d out of range", path, z);
                break;
            }
            t.y = (1u << z) - 1 - (uint32_t)sqlite3_column_int64(st, 2);
            rc = scm_sink_put(ctx, out, t, sqlite3_column_blob(st, 3),
                              (size_t)sqlite3_column_bytes(st, 3));
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return rc;
}
