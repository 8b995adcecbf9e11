/* SPDX-License-Identifier: MIT */
/* Containers read back: MBTiles through SQLite, PMTiles by decoding header and directory. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/scmap.h"

#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_job.h"

static scm_ctx *ctx;
static char dir[512];

static const uint8_t tile_a[] = "\x89PNG fake tile A";
static const uint8_t tile_b[] = "\x89PNG fake tile B, longer";

static scm_sink_meta
meta(void)
{
    scm_sink_meta m;
    memset(&m, 0, sizeof m);
    m.name = "test \"tiles\"";
    m.description = "made-up bytes";
    m.attribution = "nobody";
    m.minzoom = 0;
    m.maxzoom = 2;
    m.bounds = (scm_bbox){-125, 24, -66, 50};
    m.center_lon = -98;
    m.center_lat = 38;
    m.center_zoom = 1;
    m.scale = 1;
    m.extra_json = "{\"period\":\"2010Q3\"}";
    return m;
}

static scm_sink *
filled(scm_sink_kind kind, const char *path)
{
    scm_sink *s = NULL;
    scm_sink_meta m = meta();
    CHECK_STATUS(ctx, scm_sink_open(ctx, kind, path, &m, &s), SCM_OK);
    if (s == NULL)
        return NULL;
    /* Out of order, and two tiles with the same bytes. */
    CHECK(scm_sink_put(ctx, s, (scm_tile){1, 0, 1}, tile_b, sizeof tile_b) == SCM_OK);
    CHECK(scm_sink_put(ctx, s, (scm_tile){0, 0, 0}, tile_a, sizeof tile_a) == SCM_OK);
    CHECK(scm_sink_put(ctx, s, (scm_tile){0, 0, 1}, tile_a, sizeof tile_a) == SCM_OK);
    CHECK(scm_sink_put(ctx, s, (scm_tile){0, 1, 1}, tile_a, sizeof tile_a) == SCM_OK);
    return s;
}

static void
test_mbtiles(void)
{
    char path[600];
    scm_sink *s;
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    size_t tiles, contents;
    snprintf(path, sizeof path, "%s/t.mbtiles", dir);
    unlink(path);
    s = filled(SCM_SINK_MBTILES, path);
    if (s == NULL)
        return;
    CHECK(access(path, F_OK) != 0); /* nothing at the final path before finish */
    CHECK_STATUS(ctx, scm_sink_finish(ctx, s), SCM_OK);
    scm_sink_counts(s, &tiles, &contents);
    CHECK(tiles == 4 && contents == 2);
    scm_sink_free(s);
    CHECK(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    CHECK(sqlite3_prepare_v2(db,
                             "SELECT (SELECT count(*) FROM map), (SELECT count(*) FROM images),"
                             " (SELECT value FROM metadata WHERE name='format'),"
                             " (SELECT value FROM metadata WHERE name='name')",
                             -1, &st, NULL) == SQLITE_OK);
    CHECK(sqlite3_step(st) == SQLITE_ROW);
    CHECK(sqlite3_column_int(st, 0) == 4 && sqlite3_column_int(st, 1) == 2);
    CHECK_STR((const char *)sqlite3_column_text(st, 2), "png");
    CHECK_STR((const char *)sqlite3_column_text(st, 3), "test \"tiles\"");
    sqlite3_finalize(st);
    /* XYZ tile 1/1/0 is TMS row 1; its bytes come back whole. */
    CHECK(sqlite3_prepare_v2(db,
                             "SELECT tile_data FROM tiles WHERE zoom_level=1 AND "
                             "tile_column=1 AND tile_row=1",
                             -1, &st, NULL) == SQLITE_OK);
    CHECK(sqlite3_step(st) == SQLITE_ROW);
    CHECK(sqlite3_column_bytes(st, 0) == (int)sizeof tile_b &&
          memcmp(sqlite3_column_blob(st, 0), tile_b, sizeof tile_b) == 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static uint64_t
u64(const uint8_t *p)
{
    uint64_t v = 0;
    int i;
    for (i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static uint64_t
varint(const uint8_t **p)
{
    uint64_t v = 0;
    int shift = 0;
    while (**p & 0x80) {
        v |= (uint64_t)(**p & 0x7f) << shift;
        shift += 7;
        (*p)++;
    }
    v |= (uint64_t) * *p << shift;
    (*p)++;
    return v;
}

static void
test_pmtiles(void)
{
    char path[600];
    scm_sink *s;
    uint8_t *f;
    const uint8_t *p;
    size_t len, i, n;
    uint64_t ids[8], runs[8], lens[8], offs[8], last = 0, data_off;
    snprintf(path, sizeof path, "%s/t.pmtiles", dir);
    s = filled(SCM_SINK_PMTILES, path);
    if (s == NULL)
        return;
    CHECK_STATUS(ctx, scm_sink_finish(ctx, s), SCM_OK);
    scm_sink_free(s);
    f = slurp(path, &len);
    CHECK(f != NULL && len > 127);
    if (f == NULL)
        return;
    CHECK(memcmp(f, "PMTiles", 7) == 0 && f[7] == 3);
    CHECK(u64(f + 8) == 127);                    /* root directory right after the header */
    CHECK(u64(f + 72) == 4 && u64(f + 88) == 2); /* addressed tiles, contents */
    CHECK(f[96] == 1 && f[97] == 1 && f[98] == 1 && f[99] == 2);
    data_off = u64(f + 56);
    p = f + 127;
    n = (size_t)varint(&p);
    CHECK(n >= 1 && n <= 8);
    for (i = 0; i < n && i < 8; i++)
        ids[i] = last += varint(&p);
    for (i = 0; i < n && i < 8; i++)
        runs[i] = varint(&p);
    for (i = 0; i < n && i < 8; i++)
        lens[i] = varint(&p);
    for (i = 0; i < n && i < 8; i++) {
        uint64_t o = varint(&p);
        offs[i] = o == 0 && i > 0 ? offs[i - 1] + lens[i - 1] : o - 1;
    }
    /* Tile ids 0, 1, 2 hold the same bytes: one entry with a run of 3; then 4 (1/1/0). */
    CHECK(n == 2);
    CHECK(ids[0] == 0 && runs[0] == 3);
    CHECK(ids[1] == 4 && runs[1] == 1 && lens[1] == sizeof tile_b);
    CHECK(memcmp(f + data_off + offs[1], tile_b, sizeof tile_b) == 0);
    CHECK(memcmp(f + data_off + offs[0], tile_a, sizeof tile_a) == 0);
    /* The metadata is JSON holding the extra object. */
    CHECK(strstr((const char *)f + u64(f + 24), "\"scmap\":{\"period\":\"2010Q3\"}") != NULL);
    free(f);
}

static void
test_dir_links_reused_tiles(void)
{
    char a[600], b[600], fa[700], fb[700];
    scm_sink *s1 = NULL, *s2 = NULL;
    scm_sink_meta m = meta();
    struct stat sa, sb;
    snprintf(a, sizeof a, "%s/dir/2010Q3", dir);
    snprintf(b, sizeof b, "%s/dir/2010Q4", dir);
    CHECK(scm_sink_open(ctx, SCM_SINK_DIR, a, &m, &s1) == SCM_OK);
    CHECK(scm_sink_open(ctx, SCM_SINK_DIR, b, &m, &s2) == SCM_OK);
    if (s1 == NULL || s2 == NULL)
        goto done;
    CHECK(scm_sink_put(ctx, s1, (scm_tile){3, 5, 4}, tile_a, sizeof tile_a) == SCM_OK);
    CHECK(scm_sink_put_same(ctx, s2, (scm_tile){3, 5, 4}, s1, tile_a, sizeof tile_a) == SCM_OK);
    snprintf(fa, sizeof fa, "%s/4/3/5.png", a);
    snprintf(fb, sizeof fb, "%s/4/3/5.png", b);
    CHECK(stat(fa, &sa) == 0 && stat(fb, &sb) == 0);
    CHECK(sa.st_ino == sb.st_ino && sa.st_size == (off_t)sizeof tile_a);
done:
    scm_sink_free(s1);
    scm_sink_free(s2);
}

static const uint8_t blank[] = "\x89PNG fake empty tile";

/* Empty tiles: in a directory one file, hard-linked (its first position's); in MBTiles and
 * PMTiles one stored content among the other tiles. */
static void
test_empty_tiles_stored_once(void)
{
    static const scm_sink_kind kinds[] = {SCM_SINK_DIR, SCM_SINK_MBTILES, SCM_SINK_PMTILES};
    static const char *const names[] = {"blank", "blank.mbtiles", "blank.pmtiles"};
    size_t k, tiles, contents;
    for (k = 0; k < 3; k++) {
        char path[600], f[700];
        scm_sink *s = filled(kinds[k], (snprintf(path, sizeof path, "%s/%s", dir, names[k]), path));
        uint32_t x, y;
        struct stat st;
        if (s == NULL)
            continue;
        for (y = 0; y < 4; y++)
            for (x = 0; x < 4; x++)
                CHECK(scm_sink_put_empty(ctx, s, (scm_tile){x, y, 2}, blank, sizeof blank) ==
                      SCM_OK);
        scm_sink_counts(s, &tiles, &contents);
        CHECK(tiles == 4 + 16);
        CHECK(kinds[k] == SCM_SINK_DIR || contents == 3);
        CHECK_STATUS(ctx, scm_sink_finish(ctx, s), SCM_OK);
        if (kinds[k] == SCM_SINK_DIR) {
            snprintf(f, sizeof f, "%s/2/3/3.png", path);
            CHECK(stat(f, &st) == 0 && st.st_nlink == 16 && st.st_size == (off_t)sizeof blank);
        } else {
            CHECK(stat(path, &st) == 0);
        }
        scm_sink_free(s);
    }
}

static void
test_unwritable_path(void)
{
    scm_sink *s = NULL;
    scm_sink_meta m = meta();
    CHECK_STATUS(ctx, scm_sink_open(ctx, SCM_SINK_MBTILES, "/nonexistent/x/t.mbtiles", &m, &s),
                 SCM_EIO);
    CHECK(s == NULL);
}

static void
test_unfinished_leaves_nothing(void)
{
    char path[600], tmp[700];
    scm_sink *s;
    snprintf(path, sizeof path, "%s/unfinished.pmtiles", dir);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    s = filled(SCM_SINK_PMTILES, path);
    scm_sink_free(s);
    CHECK(access(path, F_OK) != 0 && access(tmp, F_OK) != 0);
}

/* A hand-made PMTiles file: header fields as given, a root directory, "{}" as metadata,
 * leaves, then one 8-byte tile. */
typedef struct pm_craft {
    uint8_t root[64], leaf[64];
    size_t root_len, leaf_len;
    uint64_t addressed, entries;
    uint8_t maxzoom;
} pm_craft;

static void
put64(uint8_t *p, uint64_t v)
{
    int i;
    for (i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static size_t
put_varint(uint8_t *p, uint64_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (uint8_t)v;
    return n;
}

/* A directory of one entry. */
static size_t
one_entry(uint8_t *p, uint64_t id, uint64_t run, uint64_t len, uint64_t off_plus_1)
{
    size_t n = put_varint(p, 1);
    n += put_varint(p + n, id);
    n += put_varint(p + n, run);
    n += put_varint(p + n, len);
    return n + put_varint(p + n, off_plus_1);
}

static void
write_pm(const char *path, const pm_craft *c, uint8_t h[127])
{
    FILE *fp = fopen(path, "wb");
    uint64_t meta_off = 127 + c->root_len, leaf_off = meta_off + 2,
             data_off = leaf_off + c->leaf_len;
    memset(h, 0, 127);
    memcpy(h, "PMTiles", 7);
    h[7] = 3;
    put64(h + 8, 127);
    put64(h + 16, c->root_len);
    put64(h + 24, meta_off);
    put64(h + 32, 2);
    put64(h + 40, leaf_off);
    put64(h + 48, c->leaf_len);
    put64(h + 56, data_off);
    put64(h + 64, 8);
    put64(h + 72, c->addressed);
    put64(h + 80, c->entries);
    put64(h + 88, 1);
    h[96] = h[97] = h[98] = 1;
    h[99] = 2;
    h[101] = c->maxzoom;
    CHECK(fp != NULL);
    if (fp == NULL)
        return;
    fwrite(h, 1, 127, fp);
    fwrite(c->root, 1, c->root_len, fp);
    fwrite("{}", 1, 2, fp);
    fwrite(c->leaf, 1, c->leaf_len, fp);
    fwrite("\x89PNGtile", 1, 8, fp);
    fclose(fp);
}

/* Merging the crafted file alone gives want, and nothing at the output when refused. */
static void
merge_crafted(const pm_craft *c, const uint8_t *patch, size_t at, size_t n, scm_status want)
{
    char in[600], out[600];
    const char *inputs[1] = {in};
    uint8_t h[127];
    scm_status st;
    snprintf(in, sizeof in, "%s/crafted.pmtiles", dir);
    snprintf(out, sizeof out, "%s/crafted-out.pmtiles", dir);
    unlink(out);
    write_pm(in, c, h);
    if (patch != NULL) { /* bytes over the header */
        FILE *fp = fopen(in, "r+b");
        memcpy(h + at, patch, n);
        fwrite(h, 1, 127, fp);
        fclose(fp);
    }
    st = scm_sink_merge(ctx, SCM_SINK_PMTILES, inputs, 1, out);
    /* Refused as bad data, naming the shard; nothing at the output. */
    if (st != want || (want != SCM_OK && strstr(scm_ctx_errmsg(ctx), "crafted.pmtiles") == NULL))
        fprintf(stderr, "merge_crafted: gave %d, want %d: %s\n", (int)st, (int)want,
                scm_ctx_errmsg(ctx));
    CHECK(st == want);
    CHECK(want == SCM_OK || strstr(scm_ctx_errmsg(ctx), "crafted.pmtiles") != NULL);
    CHECK(want == SCM_OK || access(out, F_OK) != 0);
    scm_ctx_clear_error(ctx);
}

static void
test_pmtiles_crafted_refused(void)
{
    pm_craft c;
    uint8_t wrap[16];
    const uint64_t zoom17 = 5726623061ull; /* tiles in zooms 0 to 16 */
    /* The control: tile 0/0/0 and the three of zoom 1 after it, all with the same bytes. */
    memset(&c, 0, sizeof c);
    c.root_len = one_entry(c.root, 0, 4, 8, 1);
    c.addressed = 4;
    c.entries = 1;
    c.maxzoom = 1;
    merge_crafted(&c, NULL, 0, 0, SCM_OK);
    /* Metadata at an offset that wraps round to the start when its length is added. */
    put64(wrap, UINT64_MAX - 10);
    put64(wrap + 8, 20);
    merge_crafted(&c, wrap, 24, 16, SCM_EDATA);
    /* A run of 2^63 tiles, and a run past the last tile of zoom 16. */
    c.root_len = one_entry(c.root, 0, 1ull << 63, 8, 1);
    c.maxzoom = 16;
    c.addressed = 1ull << 63;
    merge_crafted(&c, NULL, 0, 0, SCM_EDATA);
    c.addressed = 1;
    merge_crafted(&c, NULL, 0, 0, SCM_EDATA);
    c.root_len = one_entry(c.root, zoom17 - 2, 4, 8, 1);
    c.addressed = 4;
    merge_crafted(&c, NULL, 0, 0, SCM_EDATA);
    /* A tile id past zoom 16. */
    c.root_len = one_entry(c.root, zoom17, 1, 8, 1);
    c.addressed = 1;
    merge_crafted(&c, NULL, 0, 0, SCM_EDATA);
    /* A varint whose tenth byte would be shifted by 63 and lose bits (2 << 63). */
    c.root_len = one_entry(c.root, 0, 1, 8, 1);
    memcpy(c.root + 2, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 10);
    c.root_len = 2 + 10 + 2;
    c.root[12] = 8;
    c.root[13] = 1;
    merge_crafted(&c, NULL, 0, 0, SCM_EDATA);
    /* A leaf that points at itself: a loop, and depth without end. */
    c.leaf_len = one_entry(c.leaf, 0, 0, 5, 1);
    c.root_len = one_entry(c.root, 0, 0, c.leaf_len, 1);
    CHECK(c.leaf_len == 5);
    c.addressed = 1;
    merge_crafted(&c, NULL, 0, 0, SCM_EDATA);
    /* A leaf outside the leaf section (and the file). */
    c.leaf_len = one_entry(c.leaf, 0, 1, 8, 1);
    c.root_len = one_entry(c.root, 0, 0, 6, 1000);
    merge_crafted(&c, NULL, 0, 0, SCM_EDATA);
    /* The same leaf, in place: accepted; but not twice, as two shards holding one tile. */
    c.root_len = one_entry(c.root, 0, 0, c.leaf_len, 1);
    merge_crafted(&c, NULL, 0, 0, SCM_OK);
    {
        char in[600], out[600];
        const char *inputs[2] = {in, in};
        snprintf(in, sizeof in, "%s/crafted.pmtiles", dir);
        snprintf(out, sizeof out, "%s/crafted-twice.pmtiles", dir);
        CHECK(scm_sink_merge(ctx, SCM_SINK_PMTILES, inputs, 2, out) == SCM_EDATA);
        CHECK(strstr(scm_ctx_errmsg(ctx), "tile 0/0/0 is in two of the shards") != NULL);
        CHECK(access(out, F_OK) != 0);
        scm_ctx_clear_error(ctx);
    }
}

/* An MBTiles file like scmap's with one thing wrong, given as SQL run after the rows. */
static void
mbtiles_crafted(const char *sql, const char *want)
{
    char in[600], out[600];
    const char *inputs[1] = {in};
    sqlite3 *db = NULL;
    snprintf(in, sizeof in, "%s/crafted.mbtiles", dir);
    snprintf(out, sizeof out, "%s/crafted-out.mbtiles", dir);
    unlink(in);
    unlink(out);
    CHECK(sqlite3_open(in, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db,
                       "CREATE TABLE metadata (name TEXT, value TEXT);"
                       "CREATE TABLE map (zoom_level INTEGER, tile_column INTEGER,"
                       " tile_row INTEGER, tile_id TEXT);"
                       "CREATE TABLE images (tile_data BLOB, tile_id TEXT);"
                       "INSERT INTO metadata VALUES ('bounds', '-125,24,-66,50'),"
                       " ('center', '-98,38,1'), ('minzoom', '0'), ('maxzoom', '2');"
                       "INSERT INTO images VALUES (x'89504e47', '0');"
                       "INSERT INTO map VALUES (2, 3, 0, '0');",
                       NULL, NULL, NULL) == SQLITE_OK);
    CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    if (want == NULL) {
        CHECK_STATUS(ctx, scm_sink_merge(ctx, SCM_SINK_MBTILES, inputs, 1, out), SCM_OK);
        return;
    }
    CHECK(scm_sink_merge(ctx, SCM_SINK_MBTILES, inputs, 1, out) == SCM_EDATA);
    if (strstr(scm_ctx_errmsg(ctx), want) == NULL || strstr(scm_ctx_errmsg(ctx), in) == NULL)
        fprintf(stderr, "mbtiles_crafted: %s: got \"%s\"\n", sql, scm_ctx_errmsg(ctx));
    CHECK(strstr(scm_ctx_errmsg(ctx), want) != NULL && strstr(scm_ctx_errmsg(ctx), in) != NULL);
    CHECK(access(out, F_OK) != 0);
    scm_ctx_clear_error(ctx);
}

static void
test_mbtiles_crafted_refused(void)
{
    mbtiles_crafted("", NULL); /* the control */
    mbtiles_crafted("UPDATE map SET tile_column = 4", "outside zooms 0-2");
    mbtiles_crafted("UPDATE map SET zoom_level = 3", "outside zooms 0-2");
    mbtiles_crafted("UPDATE map SET tile_row = -1", "outside zooms 0-2");
    mbtiles_crafted("UPDATE map SET zoom_level = '2.5'", "outside zooms 0-2");
    mbtiles_crafted("UPDATE images SET tile_data = NULL", "has no PNG");
    mbtiles_crafted("INSERT INTO map VALUES (2, 3, 0, '0')", "is there twice");
    mbtiles_crafted("UPDATE metadata SET value = '99' WHERE name = 'maxzoom'", "metadata");
    mbtiles_crafted("UPDATE metadata SET value = '3x' WHERE name = 'minzoom'", "metadata");
    mbtiles_crafted("UPDATE metadata SET value = '-98,38' WHERE name = 'center'", "metadata");
    mbtiles_crafted("UPDATE metadata SET value = '1,2,3,nan' WHERE name = 'bounds'", "metadata");
    /* Code in the schema runs when the file is read: a trigger or view is refused. */
    mbtiles_crafted("CREATE TRIGGER t AFTER INSERT ON map BEGIN SELECT 1; END",
                    "views and triggers");
    mbtiles_crafted("ALTER TABLE map RENAME TO m0; CREATE VIEW map AS"
                    " WITH RECURSIVE r(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM r)"
                    " SELECT 2 AS zoom_level, 3 AS tile_column, 0 AS tile_row, '0' AS tile_id"
                    " FROM r",
                    "views and triggers");
}

/* Each kind writes the TileJSON its meta asks for, beside itself, from the meta alone. */
static void
test_tilejson_beside_each_kind(void)
{
    static const struct {
        scm_sink_kind kind;
        const char *name, *json;
        int scale;
    } cases[] = {
        {SCM_SINK_DIR, "2010Q3", "2010Q3@2x.json", 2},
        {SCM_SINK_MBTILES, "2010Q3.mbtiles", "2010Q3.mbtiles.json", 1},
        {SCM_SINK_PMTILES, "2010Q3@2x.pmtiles", "2010Q3@2x.pmtiles.json", 2},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        char path[600], json[600], want[1024];
        scm_sink *s = NULL;
        scm_sink_meta m = meta();
        uint8_t *got;
        size_t len = 0;
        snprintf(path, sizeof path, "%s/tj%zu/%s", dir, i, cases[i].name);
        snprintf(json, sizeof json, "%s/tj%zu", dir, i);
        CHECK(scm_mkdirs(ctx, json) == SCM_OK);
        snprintf(json, sizeof json, "%s/tj%zu/%s", dir, i, cases[i].json);
        unlink(json); /* from an earlier run of this test */
        m.scale = cases[i].scale;
        m.tiles_url = "t/{z}/{x}/{y}";
        m.tilejson_name = "Tiles \\ for \"web\"";
        CHECK(scm_sink_open(ctx, cases[i].kind, path, &m, &s) == SCM_OK);
        if (s == NULL)
            continue;
        CHECK(scm_sink_put(ctx, s, (scm_tile){0, 0, 0}, tile_a, sizeof tile_a) == SCM_OK);
        CHECK(access(json, F_OK) != 0); /* written when the container is whole */
        CHECK(scm_sink_finish(ctx, s) == SCM_OK);
        scm_sink_free(s);
        snprintf(want, sizeof want,
                 "{\"tilejson\":\"3.0.0\",\"name\":\"Tiles \\\\ for \\\"web\\\"\","
                 "\"description\":\"made-up bytes\",\"attribution\":\"nobody\","
                 "\"scheme\":\"xyz\",\"tiles\":[\"t/{z}/{x}/{y}\"],\"vector_layers\":[],"
                 "\"minzoom\":0,\"maxzoom\":2,"
                 "\"bounds\":[-125.000000,24.000000,-66.000000,50.000000],"
                 "\"center\":[-98.000000,38.000000,1],\"tile_size\":%d,"
                 "\"scmap\":{\"period\":\"2010Q3\"}}\n",
                 256 * cases[i].scale);
        got = slurp(json, &len);
        CHECK(got != NULL && len == strlen(want) && memcmp(got, want, len) == 0);
        free(got);
    }
}

/* Without a tiles URL there is no TileJSON: the county-index tiles have none. */
static void
test_no_tilejson_unasked(void)
{
    char path[600], json[600];
    scm_sink *s = NULL;
    scm_sink_meta m = meta();
    snprintf(path, sizeof path, "%s/ids", dir);
    snprintf(json, sizeof json, "%s/ids.json", dir);
    unlink(json);
    CHECK(scm_sink_open(ctx, SCM_SINK_DIR, path, &m, &s) == SCM_OK);
    CHECK(s != NULL && scm_sink_finish(ctx, s) == SCM_OK);
    scm_sink_free(s);
    CHECK(access(json, F_OK) != 0);
}

int
main(void)
{
    if (scm_ctx_new(&ctx) != SCM_OK)
        return 1;
    snprintf(dir, sizeof dir, "%s/sink", SCM_TEST_OUT);
    CHECK(scm_mkdirs(ctx, SCM_TEST_OUT) == SCM_OK);
    CHECK(scm_mkdirs(ctx, dir) == SCM_OK);
    RUN(test_mbtiles);
    RUN(test_pmtiles);
    RUN(test_dir_links_reused_tiles);
    RUN(test_empty_tiles_stored_once);
    RUN(test_unwritable_path);
    RUN(test_unfinished_leaves_nothing);
    RUN(test_pmtiles_crafted_refused);
    RUN(test_mbtiles_crafted_refused);
    RUN(test_tilejson_beside_each_kind);
    RUN(test_no_tilejson_unasked);
    scm_ctx_free(ctx);
    return scm_test_report();
}
