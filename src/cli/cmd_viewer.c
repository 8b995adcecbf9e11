/* SPDX-License-Identifier: MIT */
/* scmap viewer: a static web folder around a tiles folder. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static int
copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = NULL;
    char buf[65536];
    size_t n;
    int ok = in != NULL && (out = fopen(to, "wb")) != NULL;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    if (in != NULL)
        fclose(in);
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

static int
write_config(const char *out, const char *tiles_abs, const char *out_abs)
{
    char path[4200], rel[4096], data_try[PATH_MAX + 8], data_abs[PATH_MAX], data_rel[4096];
    char p[PATH_MAX + 64];
    int has_data;
    DIR *d = opendir(tiles_abs);
    struct dirent *e;
    FILE *fp;
    int first = 1, n = 0;
    char *names[64];
    if (d == NULL)
        return EXIT_DATA;
    while ((e = readdir(d)) != NULL && n < 64) {
        snprintf(p, sizeof p, "%s/%s/periods.json", tiles_abs, e->d_name);
        if (e->d_name[0] != '.' && access(p, R_OK) == 0)
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    relative(out_abs, tiles_abs, rel, sizeof rel);
    /* The stats CSVs sit beside the tiles, in data/, when the demo or the user put them there. */
    snprintf(data_try, sizeof data_try, "%s/../data", tiles_abs);
    has_data = realpath(data_try, data_abs) != NULL;
    if (has_data)
        relative(out_abs, data_abs, data_rel, sizeof data_rel);
    snprintf(path, sizeof path, "%s/config.json", out);
    fp = fopen(path, "w");
    if (fp == NULL)
        return EXIT_DATA;
    fprintf(fp, "{\"tiles\": \"%s\", \"data\": %s%s%s, \"styles\": [", rel, has_data ? "\"" : "",
            has_data ? data_rel : "null", has_data ? "\"" : "");
    /* Sorted, with the rollout first: it is the one that moves. */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++) {
            if ((strcmp(names[i], "activation") == 0) != (pass == 0))
                continue;
            fprintf(fp, "%s\"%s\"", first ? "" : ", ", names[i]);
            first = 0;
        }
    fprintf(fp, "]}\n");
    for (int i = 0; i < n; i++)
        free(names[i]);
    return fclose(fp) == 0 && n > 0 ? 0 : EXIT_DATA;
}

int
cmd_viewer(scm_ctx *ctx, const cli_opts *o)
{
    static const char *const files[][2] = {
        {"web/viewer/index.html", "index.html"},
        {"web/viewer/viewer.js", "viewer.js"},
        {"web/viewer/viewer.css", "viewer.css"},
        {"web/node_modules/leaflet/dist/leaflet.js", "lib/leaflet.js"},
        {"web/node_modules/leaflet/dist/leaflet.css", "lib/leaflet.css"},
        {"web/node_modules/pmtiles/dist/pmtiles.js", "lib/pmtiles.js"},
    };
    const char *tiles = o->tiles_dir ? o->tiles_dir : "out/tiles";
    const char *out = o->output ? o->output : o->out ? o->out : "out/viewer";
    char tiles_abs[PATH_MAX], out_abs[PATH_MAX], from[4200], to[4200];
    size_t i;
    int rc = 0;
    if (realpath(tiles, tiles_abs) == NULL) {
        fprintf(stderr, "scmap: %s: no such tiles folder (run scmap tiles first)\n", tiles);
        return EXIT_DATA;
    }
    snprintf(from, sizeof from, "%s/lib", out);
    if (cli_mkdirs(ctx, from) != 0 || realpath(out, out_abs) == NULL) {
        fprintf(stderr, "scmap: %s: cannot create the folder\n", out);
        return EXIT_DATA;
    }
    snprintf(from, sizeof from, "%s/web/node_modules/leaflet/dist/leaflet.js", SCMAP_SOURCE_DIR);
    if (access(from, R_OK) != 0) {
        fprintf(stderr,
                "scmap: Leaflet is not installed: run 'npm ci' in %s/web "
                "(./scripts/demo does)\n",
                SCMAP_SOURCE_DIR);
        return EXIT_DATA;
    }
    for (i = 0; i < sizeof files / sizeof files[0] && rc == 0; i++) {
        snprintf(from, sizeof from, "%s/%s", SCMAP_SOURCE_DIR, files[i][0]);
        snprintf(to, sizeof to, "%s/%s", out, files[i][1]);
        rc = copy_file(from, to);
    }
    if (rc == 0 && write_config(out, tiles_abs, out_abs) != 0) {
        fprintf(stderr, "scmap: %s: no tile sets with periods.json inside (run scmap tiles)\n",
                tiles);
        rc = EXIT_DATA;
    }
    if (rc == 0 && !o->quiet)
        fprintf(stderr,
                "scmap: viewer in %s/. Serve the folder above it and open it, e.g.:\n"
                "  (cd %s/.. && python3 -m http.server 8000)  then  http://localhost:8000/%s/\n",
                out, out, strrchr(out_abs, '/') + 1);
    return rc;
}
