/* SPDX-License-Identifier: MIT */
/* scmap viewer: a static web folder around a tiles folder. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"

/* The viewer's files: where they are in the source tree, and where they go in the output. */
static const char *const files[][2] = {
    {"web/viewer/index.html", "index.html"},
    {"web/viewer/viewer.js", "viewer.js"},
    {"web/viewer/viewer.css", "viewer.css"},
    {"web/viewer/embed.js", "embed.js"},
    {"web/node_modules/leaflet/dist/leaflet.js", "lib/leaflet.js"},
    {"web/node_modules/leaflet/dist/leaflet.css", "lib/leaflet.css"},
    {"web/node_modules/pmtiles/dist/pmtiles.js", "lib/pmtiles.js"},
};
#define N_FILES (sizeof files / sizeof files[0])

/* The names of the tile sets in a tiles folder. */
typedef struct name_list {
    char **v;
    size_t n, cap;
} name_list;

static int
copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = NULL;
    char buf[65536];
    size_t n;
    int ok = in != NULL && (out = fopen(to, "wb")) != NULL;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    if (in != NULL) {
        ok = ok && !ferror(in);
        fclose(in);
    }
    if (out != NULL && fclose(out) != 0)
        ok = 0;
    if (!ok)
        fprintf(stderr, "scmap: cannot copy %s to %s\n", from, to);
    return ok ? 0 : EXIT_DATA;
}

/* Path of `to` relative to the folder `from` (both absolute), for the URLs in the page. */
static void
relative(const char *from, const char *to, char *buf, size_t n)
{
    size_t i = 0, common = 0, o = 0;
    const char *p;
    while (from[i] && from[i] == to[i]) {
        if (from[i] == '/')
            common = i;
        i++;
    }
    if (from[i] == '\0' && (to[i] == '/' || to[i] == '\0'))
        common = i;
    buf[0] = '\0';
    for (p = from + common; *p; p++)
        if (*p == '/')
            o += (size_t)snprintf(buf + o, n - o, "../");
    snprintf(buf + o, n - o, "%s", to[common] == '/' ? to + common + 1 : to + common);
    if (buf[0] == '\0')
        snprintf(buf, n, ".");
}

static void
names_free(name_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

/* The rollout first (it is the one that moves), then by name. */
static int
cmp_name(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    int ax = strcmp(x, "activation") == 0, ay = strcmp(y, "activation") == 0;
    return ax != ay ? ay - ax : strcmp(x, y);
}

/* The period lists the viewer reads, the one it prefers first. Each format writes its own;
 * MBTiles too (periods.mbtiles.json), but no browser reads an MBTiles file. */
static const char *const manifests[] = {"periods.json", "periods.pmtiles.json"};

/* The period list of the tile set dir/name that the viewer reads, or NULL. */
static const char *
set_manifest(const char *dir, const char *name)
{
    char p[PATH_MAX + 300];
    size_t i;
    for (i = 0; i < sizeof manifests / sizeof *manifests; i++) {
        snprintf(p, sizeof p, "%s/%s/%s", dir, name, manifests[i]);
        if (access(p, R_OK) == 0)
            return manifests[i];
    }
    return NULL;
}

/* The tile sets in dir (its folders holding a period list the viewer reads), in viewer order,
 * and in mbtiles the first set that is MBTiles only (or ""). 0 or an errno value. */
static int
list_sets(const char *dir, name_list *l, char *mbtiles, size_t n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[PATH_MAX + 300];
    int err = 0;
    mbtiles[0] = '\0';
    if (d == NULL)
        return errno;
    while (err == 0 && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (set_manifest(dir, e->d_name) == NULL) {
            snprintf(p, sizeof p, "%s/%s/periods.mbtiles.json", dir, e->d_name);
            if (mbtiles[0] == '\0' && access(p, R_OK) == 0)
                snprintf(mbtiles, n, "%s", e->d_name);
            continue;
        }
        if (l->n == l->cap) {
            size_t cap = l->cap ? 2 * l->cap : 16;
            char **v = cap <= SIZE_MAX / sizeof *v ? realloc(l->v, cap * sizeof *v) : NULL;
            if (v == NULL) {
                err = ENOMEM;
                break;
            }
            l->v = v;
            l->cap = cap;
        }
        if ((l->v[l->n] = strdup(e->d_name)) == NULL)
            err = ENOMEM;
        else
            l->n++;
    }
    closedir(d);
    if (err == 0 && l->n > 1) // qsort wants a non-null base even for none
        qsort(l->v, l->n, sizeof *l->v, cmp_name);
    return err;
}

/* The labels the page places itself: each set's choice (map_labels, or --labels; -1 while
 * unknown) and the points of the kinds some set wants, states first. */
typedef struct viewer_labels {
    int *which;
    int have; /* the scm_map_labels bits whose points are in pts */
    scm_label_point *pts;
    size_t n;
} viewer_labels;

/* Adds the points of the kinds of `which` that lab lacks, from shapes. */
static int
add_labels(scm_ctx *ctx, viewer_labels *lab, const scm_shapes *shapes, int which,
           const char *places)
{
    scm_label_point *p = NULL, *all;
    size_t n;
    scm_status st;
    int need = which & ~lab->have;
    if (need == 0)
        return 0;
    if ((st = scm_labels_points(ctx, shapes, (scm_map_labels)need, places, &p, &n)) != SCM_OK)
        return cli_fail(ctx, st);
    if ((all = realloc(lab->pts, (lab->n + n + 1) * sizeof *all)) == NULL) {
        free(p);
        fprintf(stderr, "scmap: labels: out of memory\n");
        return EXIT_DATA;
    }
    memcpy(all + lab->n, p, n * sizeof *p);
    lab->pts = all;
    lab->n += n;
    lab->have |= need;
    free(p);
    return 0;
}

/* The labels of the sets whose style was not found (or of all, with --labels): the style's
 * default or --labels, their points from scmap's own shapes. */
static int
default_labels(scm_ctx *ctx, const cli_opts *o, size_t n_sets, viewer_labels *lab)
{
    char shapes[4096], places[4096];
    scm_shapes *sh = NULL;
    scm_status st;
    size_t i;
    int want = 0, rc;
    for (i = 0; i < n_sets; i++) {
        if (lab->which[i] < 0)
            lab->which[i] = o->labels ? o->labels - 1 : SCM_LABELS_STATES;
        want |= lab->which[i];
    }
    if ((want & ~lab->have) == 0)
        return 0;
    if ((st = scm_shapes_read(ctx, cli_data_path(CLI_SHAPES, shapes, sizeof shapes), NULL, &sh)) !=
        SCM_OK)
        return cli_fail(ctx, st);
    rc = add_labels(ctx, lab, sh, want, cli_data_path(CLI_PLACES, places, sizeof places));
    scm_shapes_free(sh);
    return rc;
}

/* The embed's picture for readers without JavaScript (RSS, AMP, e-mail): the last period of
 * each tile set whose style scmap finds as styles/<name>.json, drawn as `scmap map` draws it,
 * into out/still/<name>.png. Adds the names drawn to stills. The same style says which labels
 * the set's page places, and its shapes where. */
static int
write_stills(scm_ctx *ctx, const cli_opts *o, const char *out, const name_list *sets,
             name_list *stills, viewer_labels *lab)
{
    char style[4096], path[PATH_MAX + 300];
    cli_opts v = *o;
    size_t i;
    int rc = 0;
    v.width = 1200;
    v.height = 900; /* the 4:3 of a typical article image */
    v.quiet = 1;
    snprintf(path, sizeof path, "%s/still", out);
    if (cli_mkdirs(ctx, path) != 0) {
        fprintf(stderr, "scmap: %s: cannot create the folder\n", path);
        return EXIT_DATA;
    }
    for (i = 0; i < sets->n && rc == 0; i++) {
        cli_job job;
        scm_frames *fr = NULL;
        scm_status st;
        if (access(cli_default_style(sets->v[i], style, sizeof style), R_OK) != 0)
            continue;
        if ((rc = cli_job_open(ctx, &v, style, &job)) != 0)
            break;
        if (strcmp(scm_style_name(job.style), sets->v[i]) == 0) {
            lab->which[i] = (int)scm_style_map_labels(job.style);
            rc = add_labels(ctx, lab, scm_dataset_shapes(job.ds), lab->which[i],
                            scm_style_places(job.style));
            snprintf(path, sizeof path, "%s/still/%s.png", out, sets->v[i]);
            if (rc == 0 && (st = scm_frames_new(ctx, job.tl, &fr)) != SCM_OK)
                rc = cli_fail(ctx, st);
            else if (rc == 0 &&
                     (rc = cli_write_map(ctx, &v, fr, scm_timeline_n_periods(job.tl) - 1, path)) ==
                         0 &&
                     (stills->v[stills->n] = strdup(sets->v[i])) != NULL)
                stills->n++;
        }
        scm_frames_free(fr);
        cli_job_close(&job);
    }
    return rc;
}

static int
cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Whether s is all digits (a tile's z or x folder). */
static int
digits(const char *s)
{
    return s[0] != '\0' && strspn(s, "0123456789") == strlen(s);
}

/* The y numbers of the tiles dir/{y}.png, sorted (readdir's order is the file system's). */
static json_t *
tile_column(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int *ys = NULL, n = 0, cap = 0, i;
    json_t *a = json_array();
    if (d == NULL || a == NULL)
        goto fail;
    while ((e = readdir(d)) != NULL) {
        size_t k = strspn(e->d_name, "0123456789");
        if (k == 0 || k > 9 || strcmp(e->d_name + k, ".png") != 0)
            continue;
        if (n == cap) {
            int *v = realloc(ys, (size_t)(cap = cap ? 2 * cap : 64) * sizeof *v);
            if (v == NULL)
                goto fail;
            ys = v;
        }
        ys[n++] = atoi(e->d_name);
    }
    if (n > 1)
        qsort(ys, (size_t)n, sizeof *ys, cmp_int);
    for (i = 0; i < n; i++)
        if (json_array_append_new(a, json_integer(ys[i])) != 0)
            goto fail;
    closedir(d);
    free(ys);
    return a;
fail:
    if (d != NULL)
        closedir(d);
    free(ys);
    json_decref(a);
    return NULL;
}

/* The tiles under dir as {"z": {"x": [y, ...]}}: the page asks only for tiles that are there,
 * so an ocean tile is no 404. {} when there is no such folder; NULL when out of memory. */
static json_t *
tile_list(const char *dir)
{
    char path[PATH_MAX + 64];
    json_t *zs = json_object();
    int z;
    for (z = 0; z <= 30 && zs != NULL; z++) {
        DIR *dz;
        struct dirent *ex;
        json_t *xs;
        snprintf(path, sizeof path, "%s/%d", dir, z);
        if ((dz = opendir(path)) == NULL)
            continue;
        xs = json_object();
        while (xs != NULL && (ex = readdir(dz)) != NULL) {
            json_t *ys;
            if (!digits(ex->d_name))
                continue;
            snprintf(path, sizeof path, "%s/%d/%s", dir, z, ex->d_name);
            if ((ys = tile_column(path)) == NULL || json_object_set_new(xs, ex->d_name, ys) != 0)
                xs = (json_decref(xs), NULL);
        }
        closedir(dz);
        snprintf(path, sizeof path, "%d", z);
        if (xs == NULL || json_object_set_new(zs, path, xs) != 0)
            zs = (json_decref(zs), NULL);
    }
    return zs;
}

/* The bytes of the tiles dir/z/x/y.png (not @2x): what a view of that zoom weighs. */
static long long
zoom_bytes(const char *dir, int z)
{
    char path[PATH_MAX + 600];
    long long n = 0;
    DIR *dz, *dx;
    struct dirent *ex, *ey;
    struct stat sb;
    snprintf(path, sizeof path, "%s/%d", dir, z);
    if ((dz = opendir(path)) == NULL)
        return 0;
    while ((ex = readdir(dz)) != NULL) {
        if (!digits(ex->d_name))
            continue;
        snprintf(path, sizeof path, "%s/%d/%s", dir, z, ex->d_name);
        if ((dx = opendir(path)) == NULL)
            continue;
        while ((ey = readdir(dx)) != NULL) {
            size_t k = strspn(ey->d_name, "0123456789");
            snprintf(path, sizeof path, "%s/%d/%s/%s", dir, z, ex->d_name, ey->d_name);
            if (k > 0 && strcmp(ey->d_name + k, ".png") == 0 && stat(path, &sb) == 0)
                n += (long long)sb.st_size;
        }
        closedir(dx);
    }
    closedir(dz);
    return n;
}

/* Whether the first map should be the county-index tiles rather than the period's own PNGs,
 * which the page draws first because they are usually lighter: not for a style of many classes,
 * whose PNGs outweigh the index tiles. Weighed at zoom 4, the national view's, or maxzoom. */
static int
ids_first(const char *tiles_abs, const char *name, const char *period, int maxzoom)
{
    char ids[PATH_MAX + 300], own[PATH_MAX + 600];
    int z = maxzoom < 4 ? maxzoom : 4;
    long long n;
    snprintf(ids, sizeof ids, "%s/%s/ids", tiles_abs, name);
    snprintf(own, sizeof own, "%s/%s/%s", tiles_abs, name, period);
    n = zoom_bytes(ids, z);
    return n > 0 && n < zoom_bytes(own, z);
}

/* A tile set's period list, or NULL. */
static json_t *
read_manifest(const char *tiles_abs, const char *name)
{
    char path[PATH_MAX + 600];
    snprintf(path, sizeof path, "%s/%s/%s", tiles_abs, name, set_manifest(tiles_abs, name));
    return json_load_file(path, 0, NULL);
}

/* The tiles a tile set's page may ask for: {"ids": its county-index tiles, "tiles": a
 * directory set's own tiles where they are not the same, "boundaries": the state lines over
 * it, where its period list names them}. The boundaries' TileJSON is X.json beside its tiles
 * in X/. NULL when out of memory. */
static json_t *
set_tiles(const char *tiles_abs, const char *name, json_t *manifest)
{
    char path[PATH_MAX + 600];
    const char *b = json_string_value(json_object_get(manifest, "boundaries"));
    const char *p = json_string_value(
        json_object_get(json_array_get(json_object_get(manifest, "periods"), 0), "period"));
    size_t n = b != NULL ? strlen(b) : 0;
    json_t *o = json_object(), *t;
    snprintf(path, sizeof path, "%s/%s/ids", tiles_abs, name);
    if (o == NULL || json_object_set_new(o, "ids", tile_list(path)) != 0)
        return json_decref(o), NULL;
    if (p != NULL && strcmp(set_manifest(tiles_abs, name), "periods.json") == 0) {
        /* Every period has tiles in the same places: the first one's stand for all. */
        snprintf(path, sizeof path, "%s/%s/%s", tiles_abs, name, p);
        if ((t = tile_list(path)) == NULL)
            return json_decref(o), NULL;
        if (json_equal(t, json_object_get(o, "ids")))
            json_decref(t);
        else if (json_object_set_new(o, "tiles", t) != 0)
            return json_decref(o), NULL;
    }
    if (n > 5 && strcmp(b + n - 5, ".json") == 0) {
        snprintf(path, sizeof path, "%s/%s/%.*s", tiles_abs, name, (int)(n - 5), b);
        if (json_object_set_new(o, "boundaries", tile_list(path)) != 0)
            return json_decref(o), NULL;
    }
    return o;
}

/* The JSON for a <script> data block: "<", ">" and "&" written as \u escapes (they occur only
 * inside strings), so no text in it can close the block or open a comment. */
static char *
html_json(const json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS), *o, *p;
    const char *q;
    if (s == NULL || (o = malloc(6 * strlen(s) + 1)) == NULL) {
        free(s);
        return NULL;
    }
    for (q = s, p = o; *q; q++)
        if (*q == '<' || *q == '>' || *q == '&')
            p += sprintf(p, "\\u%04x", *q);
        else
            *p++ = *q;
    *p = '\0';
    free(s);
    return o;
}

/* A set's labels for the page: scm_map_labels' values in order. */
static const char *const label_kinds[] = {"none", "states", "cities", "all"};

/* The labels as the page reads them, small (the page is the first load): {"states": [[USPS,
 * lon, lat, room, name, Spanish name where it differs], ...] largest first, "cities": [[name,
 * lon, lat, population, Spanish name where it differs], ...] most populous first}, lon and lat in
 * hundredths of a degree, room (scm_label_point) in km. NULL when out of memory. */
static json_t *
labels_json(const viewer_labels *lab)
{
    json_t *o = json_object(), *states = json_array(), *cities = json_array(), *e;
    size_t i;
    int bad = o == NULL || states == NULL || cities == NULL;
    for (i = 0; i < lab->n && !bad; i++) {
        const scm_label_point *p = &lab->pts[i];
        json_int_t lon = (json_int_t)lround(p->lon_deg * 100),
                   lat = (json_int_t)lround(p->lat_deg * 100);
        if (p->name[0] != '\0') {
            e = json_pack("[sIII]", p->name, lon, lat, (json_int_t)llround(p->population));
            if (e != NULL && strcmp(p->name_es, p->name) != 0)
                bad |= json_array_append_new(e, json_string(p->name_es));
            bad |= json_array_append_new(cities, e);
            continue;
        }
        e = json_pack("[sIIIs]", scm_fips_state(p->code), lon, lat,
                      (json_int_t)lround(fmax(1, p->room_m / 1000)),
                      scm_state_name(p->code, SCM_LANG_EN));
        if (e != NULL &&
            strcmp(scm_state_name(p->code, SCM_LANG_ES), scm_state_name(p->code, SCM_LANG_EN)) != 0)
            bad |= json_array_append_new(e, json_string(scm_state_name(p->code, SCM_LANG_ES)));
        bad |= json_array_append_new(states, e);
    }
    if (!bad && json_array_size(states) > 0)
        bad |= json_object_set(o, "states", states);
    if (!bad && json_array_size(cities) > 0)
        bad |= json_object_set(o, "cities", cities);
    json_decref(states);
    json_decref(cities);
    if (bad)
        return json_decref(o), NULL;
    return o;
}

/* The page's configuration: where the tiles (base_url, or relative to the viewer) and the
 * stats CSVs are from the viewer; each tile set with its period list's file, title, zoom
 * levels, whether it has a still and which labels its page places; the states' USPS codes by
 * FIPS; the labels' points (labels_json), where a set places labels; and for the first set,
 * which the page shows unless asked for another, its period list and tile lists, so that its
 * first map waits for no JSON. Writes index/<set>.json, the tile lists of each set. */
static json_t *
config_json(scm_ctx *ctx, const char *out, const char *tiles_abs, const char *out_abs,
            const char *base_url, const name_list *sets, const name_list *stills,
            const viewer_labels *lab, int *rc)
{
    char rel[4096], data_try[PATH_MAX + 8], data_abs[PATH_MAX], path[PATH_MAX + 600];
    json_t *c = json_object(), *styles = json_array(), *states = json_object();
    size_t i, j;
    int bad = c == NULL || styles == NULL || states == NULL, st, places = 0;
    *rc = 0;
    relative(out_abs, tiles_abs, rel, sizeof rel);
    bad |= json_object_set_new(c, "tiles", json_string(base_url != NULL ? base_url : rel));
    /* The stats CSVs sit beside the tiles, in data/, when the demo or the user put them there. */
    snprintf(data_try, sizeof data_try, "%s/../data", tiles_abs);
    if (realpath(data_try, data_abs) != NULL) {
        relative(out_abs, data_abs, rel, sizeof rel);
        bad |= json_object_set_new(c, "data", json_string(rel));
    } else {
        bad |= json_object_set_new(c, "data", json_null());
    }
    for (st = 1; st < 100; st++) {
        char code[6];
        snprintf(code, sizeof code, "%02d000", st);
        if (scm_fips_state(code)[0] != '\0') {
            code[2] = '\0';
            bad |= json_object_set_new(states, code, json_string(scm_fips_state(code)));
        }
    }
    for (i = 0; i < sets->n && !bad && *rc == 0; i++) {
        json_t *m = read_manifest(tiles_abs, sets->v[i]), *s = json_object(), *tl = NULL;
        json_t *first = NULL, *tj = NULL;
        char *text = NULL;
        bad |= s == NULL || (tl = set_tiles(tiles_abs, sets->v[i], m)) == NULL;
        if (bad) {
            json_decref(s);
            json_decref(m);
            break;
        }
        bad |= json_object_set_new(s, "name", json_string(sets->v[i]));
        bad |= json_object_set_new(s, "manifest", json_string(set_manifest(tiles_abs, sets->v[i])));
        bad |= json_object_set_new(s, "labels", json_string(label_kinds[lab->which[i]]));
        places |= lab->which[i] != SCM_LABELS_NONE;
        if (json_object_get(m, "title") != NULL)
            bad |= json_object_set(s, "title", json_object_get(m, "title"));
        for (j = 0; j < stills->n; j++)
            if (strcmp(stills->v[j], sets->v[i]) == 0)
                bad |= json_object_set_new(s, "still", json_true());
        /* The zoom levels, from the first period's TileJSON. */
        first = json_array_get(json_object_get(m, "periods"), 0);
        if (json_string_value(json_object_get(first, "tilejson")) != NULL) {
            snprintf(path, sizeof path, "%s/%s/%s", tiles_abs, sets->v[i],
                     json_string_value(json_object_get(first, "tilejson")));
            tj = json_load_file(path, 0, NULL);
        }
        if (json_is_integer(json_object_get(tj, "minzoom")) &&
            json_is_integer(json_object_get(tj, "maxzoom")))
            bad |= json_object_set_new(
                s, "zoom",
                json_pack("[OO]", json_object_get(tj, "minzoom"), json_object_get(tj, "maxzoom")));
        if (json_is_integer(json_object_get(tj, "maxzoom")) &&
            json_string_value(json_object_get(first, "period")) != NULL &&
            strcmp(set_manifest(tiles_abs, sets->v[i]), "periods.json") == 0 &&
            ids_first(tiles_abs, sets->v[i], json_string_value(json_object_get(first, "period")),
                      (int)json_integer_value(json_object_get(tj, "maxzoom"))))
            bad |= json_object_set_new(s, "ids_first", json_true());
        json_decref(tj);
        if (i == 0 && m != NULL) {
            bad |= json_object_set(s, "periods", m);
            bad |= json_object_set(s, "index", tl);
        }
        bad |= json_array_append_new(styles, s);
        snprintf(path, sizeof path, "%s/index/%s.json", out, sets->v[i]);
        if ((text = json_dumps(tl, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
            bad = 1;
        else
            *rc = cli_write_text(ctx, path, text);
        free(text);
        json_decref(tl);
        json_decref(m);
    }
    bad |= json_object_set_new(c, "styles", styles);
    bad |= json_object_set_new(c, "states", states);
    if (places && lab->n > 0)
        bad |= json_object_set_new(c, "labels", labels_json(lab));
    if (bad || *rc != 0) {
        if (*rc == 0)
            fprintf(stderr, "scmap: %s/index.html: out of memory\n", out);
        *rc = EXIT_DATA;
        json_decref(c);
        return NULL;
    }
    return c;
}

/* index.html: the page, with its configuration in the data block the page reads it from. */
static int
write_page(const char *out, const json_t *config)
{
    static const char mark[] = "<script type=\"application/json\" id=\"scmap-config\">";
    char from[PATH_MAX + 64], to[PATH_MAX + 64], *page = NULL, *json = NULL, *at;
    long len;
    FILE *fp = fopen(cli_data_path("web/viewer/index.html", from, sizeof from), "rb");
    int rc = EXIT_DATA;
    snprintf(to, sizeof to, "%s/index.html", out);
    if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (len = ftell(fp)) < 0 ||
        fseek(fp, 0, SEEK_SET) != 0 || (page = malloc((size_t)len + 1)) == NULL ||
        fread(page, 1, (size_t)len, fp) != (size_t)len) {
        fprintf(stderr, "scmap: cannot read %s\n", from);
        goto fail;
    }
    page[len] = '\0';
    if ((at = strstr(page, mark)) == NULL) {
        fprintf(stderr, "scmap: %s: no %s in it\n", from, mark);
        goto fail;
    }
    at += strlen(mark);
    if ((json = html_json(config)) == NULL) {
        fprintf(stderr, "scmap: %s: out of memory\n", to);
        goto fail;
    }
    fclose(fp);
    if ((fp = fopen(to, "wb")) == NULL ||
        fprintf(fp, "%.*s%s%s", (int)(at - page), page, json, at) < 0) {
        fprintf(stderr, "scmap: %s: cannot write: %s\n", to, strerror(errno));
        goto fail;
    }
    rc = 0;
fail:
    if (fp != NULL && fclose(fp) != 0 && rc == 0) {
        fprintf(stderr, "scmap: %s: cannot write: %s\n", to, strerror(errno));
        rc = EXIT_DATA;
    }
    free(page);
    free(json);
    return rc;
}

/* Whether the folder a is b or holds it (both real paths). */
static int
holds(const char *a, const char *b)
{
    size_t n = strlen(a);
    return strcmp(a, "/") == 0 || (strncmp(a, b, n) == 0 && (b[n] == '\0' || b[n] == '/'));
}

/* The copy truncates each file it writes: into a folder that holds the files it copies from,
 * it would empty them. Into the tiles folder, the page would be mixed into the tile sets.
 * Both are refused before anything is written. */
static int
check_out(const char *out, const char *tiles_abs)
{
    char out_abs[PATH_MAX], src[PATH_MAX + 64], src_abs[PATH_MAX];
    size_t i;
    if (realpath(out, out_abs) == NULL)
        return 0; /* not there yet, so it holds nothing */
    if (strcmp(out_abs, tiles_abs) == 0) {
        fprintf(stderr,
                "scmap: %s: the output folder is the tiles folder (give the viewer a folder "
                "of its own with -o)\n",
                out);
        return EXIT_DATA;
    }
    for (i = 0; i < N_FILES; i++) {
        cli_data_path(files[i][0], src, sizeof src);
        *strrchr(src, '/') = '\0';
        if (realpath(src, src_abs) != NULL && holds(out_abs, src_abs)) {
            fprintf(stderr,
                    "scmap: %s: the output folder holds the viewer's source %s, which the "
                    "copy would empty (give the viewer a folder of its own with -o)\n",
                    out, src_abs);
            return EXIT_DATA;
        }
    }
    return 0;
}

int
cmd_viewer(scm_ctx *ctx, const cli_opts *o)
{
    const char *tiles = o->tiles_dir ? o->tiles_dir : "out/tiles";
    const char *out = o->output ? o->output : o->out ? o->out : "out/viewer";
    char tiles_abs[PATH_MAX], out_abs[PATH_MAX], from[PATH_MAX + 64], to[PATH_MAX + 64];
    char mbtiles[256];
    name_list sets = {0}, stills = {0};
    viewer_labels lab = {0};
    json_t *config = NULL;
    size_t i;
    int err, pmtiles = 0;
    if (realpath(tiles, tiles_abs) == NULL) {
        fprintf(stderr, "scmap: %s: no such tiles folder (run scmap tiles first)\n", tiles);
        return EXIT_DATA;
    }
    cli_data_path("web/node_modules/leaflet/dist/leaflet.js", from, sizeof from);
    if (access(from, R_OK) != 0) {
        fprintf(stderr,
                "scmap: %s: Leaflet is not installed: run 'npm ci' in web/ of the source "
                "folder before building and installing (./scripts/demo does)\n",
                from);
        return EXIT_DATA;
    }
    if (check_out(out, tiles_abs) != 0)
        return EXIT_DATA;
    if ((err = list_sets(tiles_abs, &sets, mbtiles, sizeof mbtiles)) != 0) {
        fprintf(stderr, "scmap: %s: cannot read the tiles folder: %s\n", tiles, strerror(err));
        goto fail;
    }
    if (mbtiles[0] != '\0') {
        fprintf(stderr,
                "scmap: %s/%s: MBTiles, which no browser reads: make the viewer's tiles with "
                "--format dir or --format pmtiles (MBTiles is for tile servers such as "
                "tileserver-gl, and GDAL)\n",
                tiles, mbtiles);
        goto fail;
    }
    if (sets.n == 0) {
        fprintf(stderr, "scmap: %s: no tile sets with periods.json inside (run scmap tiles)\n",
                tiles);
        goto fail;
    }
    snprintf(from, sizeof from, "%s/lib", out);
    if (cli_mkdirs(ctx, from) != 0 || realpath(out, out_abs) == NULL) {
        fprintf(stderr, "scmap: %s: cannot create the folder\n", out);
        goto fail;
    }
    for (i = 1; i < N_FILES; i++) { /* index.html, files[0], is written with its config */
        cli_data_path(files[i][0], from, sizeof from);
        snprintf(to, sizeof to, "%s/%s", out, files[i][1]);
        if (copy_file(from, to) != 0)
            goto fail;
    }
    snprintf(from, sizeof from, "%s/index", out);
    if (cli_mkdirs(ctx, from) != 0) {
        fprintf(stderr, "scmap: %s: cannot create the folder\n", from);
        goto fail;
    }
    if ((stills.v = calloc(sets.n, sizeof *stills.v)) == NULL ||
        (lab.which = malloc(sets.n * sizeof *lab.which)) == NULL) {
        fprintf(stderr, "scmap: out of memory\n");
        goto fail;
    }
    for (i = 0; i < sets.n; i++)
        lab.which[i] = -1;
    if (write_stills(ctx, o, out, &sets, &stills, &lab) != 0 ||
        default_labels(ctx, o, sets.n, &lab) != 0 ||
        (config = config_json(ctx, out, tiles_abs, out_abs, o->base_url, &sets, &stills, &lab,
                              &err)) == NULL ||
        write_page(out, config) != 0)
        goto fail;
    json_decref(config);
    for (i = 0; i < sets.n; i++)
        pmtiles |= strcmp(set_manifest(tiles_abs, sets.v[i]), "periods.pmtiles.json") == 0;
    if (!o->quiet && pmtiles)
        fprintf(stderr,
                "scmap: viewer in %s/. Serve the folder above it with a server that has byte "
                "ranges, which PMTiles need (python3 -m http.server has none), e.g.:\n"
                "  busybox httpd -f -p 127.0.0.1:8000 -h %s/..  then  "
                "http://127.0.0.1:8000/%s/   (README: Serving the tiles)\n",
                out, out, strrchr(out_abs, '/') + 1);
    else if (!o->quiet)
        fprintf(stderr,
                "scmap: viewer in %s/. Serve the folder above it and open it, e.g.:\n"
                "  (cd %s/.. && python3 -m http.server 8000)  then  http://localhost:8000/%s/\n",
                out, out, strrchr(out_abs, '/') + 1);
    names_free(&sets);
    names_free(&stills);
    free(lab.which);
    free(lab.pts);
    return 0;
fail:
    json_decref(config);
    names_free(&sets);
    names_free(&stills);
    free(lab.which);
    free(lab.pts);
    return EXIT_DATA;
}
