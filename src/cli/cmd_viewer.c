/* SPDX-License-Identifier: MIT */
/* scmap viewer: a static web folder around a tiles folder. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

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

/* Path of `to` relative to the folder `from` (both absolute), for URLs in config.json. */
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

/* Writes s to fp as a JSON string; -1 when out of memory. */
static int
put_json(scm_ctx *ctx, FILE *fp, const char *s)
{
    char *q;
    if (scm_json_quote(ctx, s, &q) != SCM_OK)
        return -1;
    fputs(q, fp);
    free(q);
    return 0;
}

/* The embed's picture for readers without JavaScript (RSS, AMP, e-mail): the last period of
 * each tile set whose style scmap finds as styles/<name>.json, drawn as `scmap map` draws it,
 * into out/still/<name>.png. Adds the names drawn to stills. */
static int
write_stills(scm_ctx *ctx, const cli_opts *o, const char *out, const name_list *sets,
             name_list *stills)
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
            snprintf(path, sizeof path, "%s/still/%s.png", out, sets->v[i]);
            if ((st = scm_frames_new(ctx, job.tl, &fr)) != SCM_OK)
                rc = cli_fail(ctx, st);
            else if ((rc = cli_write_map(ctx, &v, fr, scm_timeline_n_periods(job.tl) - 1, path)) ==
                         0 &&
                     (stills->v[stills->n] = strdup(sets->v[i])) != NULL)
                stills->n++;
        }
        scm_frames_free(fr);
        cli_job_close(&job);
    }
    return rc;
}

/* Each tile set's county-index tiles, as {"z": {"x": [y, ...]}}, into out/index/<name>.json:
 * the page asks only for tiles that are there, so an ocean tile is no 404. {} without ids/. */
static int
write_index(scm_ctx *ctx, const char *out, const char *tiles_abs, const char *name)
{
    char path[PATH_MAX + 600], *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    int z, bad = fp == NULL, zs = 0;
    for (z = 0; z <= 30 && !bad; z++) {
        DIR *dz, *dx;
        struct dirent *ex, *ey;
        int xs = 0;
        snprintf(path, sizeof path, "%s/%s/ids/%d", tiles_abs, name, z);
        if ((dz = opendir(path)) == NULL)
            continue;
        fprintf(fp, "%s\"%d\": {", zs++ ? ", " : "{", z);
        while ((ex = readdir(dz)) != NULL) {
            int ys = 0;
            if (strspn(ex->d_name, "0123456789") != strlen(ex->d_name) || ex->d_name[0] == '\0')
                continue;
            snprintf(path, sizeof path, "%s/%s/ids/%d/%s", tiles_abs, name, z, ex->d_name);
            if ((dx = opendir(path)) == NULL)
                continue;
            fprintf(fp, "%s\"%s\": [", xs++ ? ", " : "", ex->d_name);
            while ((ey = readdir(dx)) != NULL) {
                size_t n = strspn(ey->d_name, "0123456789");
                if (n > 0 && strcmp(ey->d_name + n, ".png") == 0)
                    fprintf(fp, "%s%.*s", ys++ ? "," : "", (int)n, ey->d_name);
            }
            closedir(dx);
            fputs("]", fp);
        }
        closedir(dz);
        fputs("}", fp);
    }
    if (fp != NULL) {
        fputs(zs ? "}\n" : "{}\n", fp);
        bad |= ferror(fp) != 0;
        bad |= fclose(fp) != 0;
    }
    if (bad) {
        fprintf(stderr, "scmap: %s/index/%s.json: out of memory\n", out, name);
        free(text);
        return EXIT_DATA;
    }
    snprintf(path, sizeof path, "%s/index/%s.json", out, name);
    bad = cli_write_text(ctx, path, text) != 0;
    free(text);
    return bad ? EXIT_DATA : 0;
}

/* config.json: where the tiles (base_url, or relative to the viewer) and the stats CSVs are
 * from the viewer, the tile sets, the period list of each and those with a still. */
static int
write_config(scm_ctx *ctx, const char *out, const char *tiles_abs, const char *out_abs,
             const char *base_url, const name_list *sets, const name_list *stills)
{
    char path[PATH_MAX + 16], rel[4096], data_try[PATH_MAX + 8], data_abs[PATH_MAX];
    char *text = NULL;
    size_t len = 0, i;
    FILE *fp = open_memstream(&text, &len);
    int bad = fp == NULL;
    if (!bad) {
        relative(out_abs, tiles_abs, rel, sizeof rel);
        fputs("{\"tiles\": ", fp);
        bad |= put_json(ctx, fp, base_url != NULL ? base_url : rel);
        fputs(", \"data\": ", fp);
        /* The stats CSVs sit beside the tiles, in data/, when the demo or the user put them
         * there. */
        snprintf(data_try, sizeof data_try, "%s/../data", tiles_abs);
        if (realpath(data_try, data_abs) != NULL) {
            relative(out_abs, data_abs, rel, sizeof rel);
            bad |= put_json(ctx, fp, rel);
        } else {
            fputs("null", fp);
        }
        fputs(", \"styles\": [", fp);
        for (i = 0; i < sets->n; i++) {
            fputs(i ? ", " : "", fp);
            bad |= put_json(ctx, fp, sets->v[i]);
        }
        fputs("], \"manifests\": {", fp);
        for (i = 0; i < sets->n; i++) {
            fputs(i ? ", " : "", fp);
            bad |= put_json(ctx, fp, sets->v[i]);
            fputs(": ", fp);
            bad |= put_json(ctx, fp, set_manifest(tiles_abs, sets->v[i]));
        }
        fputs("}, \"stills\": [", fp);
        for (i = 0; i < stills->n; i++) {
            fputs(i ? ", " : "", fp);
            bad |= put_json(ctx, fp, stills->v[i]);
        }
        fputs("]}\n", fp);
        bad |= ferror(fp) != 0;
        bad |= fclose(fp) != 0;
    }
    if (bad) {
        fprintf(stderr, "scmap: %s/config.json: out of memory\n", out);
        free(text);
        return EXIT_DATA;
    }
    snprintf(path, sizeof path, "%s/config.json", out);
    bad = cli_write_text(ctx, path, text) != 0;
    free(text);
    return bad ? EXIT_DATA : 0;
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
    for (i = 0; i < N_FILES; i++) {
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
    for (i = 0; i < sets.n; i++)
        if (write_index(ctx, out, tiles_abs, sets.v[i]) != 0)
            goto fail;
    if ((stills.v = calloc(sets.n, sizeof *stills.v)) == NULL ||
        write_stills(ctx, o, out, &sets, &stills) != 0 ||
        write_config(ctx, out, tiles_abs, out_abs, o->base_url, &sets, &stills) != 0)
        goto fail;
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
    return 0;
fail:
    names_free(&sets);
    names_free(&stills);
    return EXIT_DATA;
}
