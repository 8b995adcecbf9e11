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
            if (scm__grow(&buf, &cap, len, 1) != 0 ||
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
    unlink(s->tmp_path);
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
