/* SPDX-License-Identifier: MIT */
/* scmap tiles and scmap demo. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

typedef struct bar {
    const char *what;
    int last;
} bar;

static void
progress(void *user, size_t done, size_t total)
{
    bar *b = user;
    int pct = total ? (int)(100 * done / total) : 100, i;
    char line[41];
    if (pct == b->last)
        return;
    b->last = pct;
    for (i = 0; i < 40; i++)
        line[i] = i < pct * 40 / 100 ? '#' : '.';
    line[40] = '\0';
    fprintf(stderr, "\r%s [%s] %3d%%", b->what, line, pct);
    if (done == total)
        fputc('\n', stderr);
}

static int
parse_format(const char *s, scm_sink_kind *out)
{
    if (s == NULL || strcmp(s, "dir") == 0)
        *out = SCM_SINK_DIR;
    else if (strcmp(s, "mbtiles") == 0)
        *out = SCM_SINK_MBTILES;
    else if (strcmp(s, "pmtiles") == 0)
        *out = SCM_SINK_PMTILES;
    else
        return -1;
    return 0;
}

static int
tiles_for(scm_ctx *ctx, const cli_opts *o, const char *style_path, const char *out_dir)
{
    cli_job job;
    scm_pyramid_opts to;
    scm_pyramid_result res;
    scm_status st;
    bar b = {"tiles", -1};
    char what[128];
    int rc;
    memset(&to, 0, sizeof to);
    if (parse_format(o->format, &to.format) != 0) {
        fprintf(stderr, "scmap: --format takes dir, mbtiles or pmtiles, not \"%s\"\n", o->format);
        return EXIT_USAGE;
    }
    if (o->zmin > o->zmax || o->zmax > SCM_TILE_MAX_ZOOM) {
        fprintf(stderr, "scmap: --zoom %d-%d: zooms go from 0 to %d, low to high\n", o->zmin,
                o->zmax, SCM_TILE_MAX_ZOOM);
        return EXIT_DATA;
    }
    if ((rc = cli_job_open(ctx, o, style_path, &job)) != 0)
        return rc;
    snprintf(what, sizeof what, "%s z%d-%d", scm_style_name(job.style), o->zmin, o->zmax);
    b.what = what;
    to.out_dir = out_dir;
    to.zmin = o->zmin;
    to.zmax = o->zmax;
    to.scale = o->scale;
    to.jobs = o->jobs;
    to.base_url = o->base_url;
    to.ids = to.format == SCM_SINK_DIR && !o->no_ids;
    to.resume = o->resume;
    to.burn_states = o->burn_states;
    to.shard = o->shard;
    to.n_shards = o->n_shards;
    to.progress = o->progress ? progress : NULL;
    to.progress_user = &b;
    st = scm_pyramid_render(ctx, job.tl, &to, &res);
    if (st != SCM_OK) {
        if (b.last >= 0 && b.last < 100)
            fputc('\n', stderr);
        rc = cli_fail(ctx, st);
    } else if (!o->quiet) {
        fprintf(stderr,
                "scmap: %s: %zu periods, %zu tiles rendered, %zu reused from an earlier period, "
                "%zu empty; %zu blank (one shared file, so web clients get no 404s) -> %s/%s/\n",
                scm_style_name(job.style), scm_timeline_n_periods(job.tl), res.rendered, res.reused,
                res.empty, res.blank, out_dir, scm_style_name(job.style));
    }
    cli_job_close(&job);
    return rc;
}

int
cmd_tiles(scm_ctx *ctx, const cli_opts *o)
{
    const char *out = o->out ? o->out : "out/tiles";
    scm_sink_kind format = SCM_SINK_DIR;
    int rc = tiles_for(ctx, o, NULL, out);
    /* TileJSON 3.0.0 wants absolute tile URLs: MapLibre and OpenLayers draw nothing from
     * relative ones (scmap's viewer copes). MBTiles have no TileJSON. */
    if (rc == 0 && !o->quiet && o->base_url == NULL && parse_format(o->format, &format) == 0 &&
        format != SCM_SINK_MBTILES)
        fprintf(stderr,
                "scmap: the TileJSON tile URLs are relative to each file: web clients "
                "(MapLibre, OpenLayers) need --base-url URL, where %s is served\n",
                out);
    return rc;
}

/* The join report and the stats of one style into out/data. */
static int
data_for(scm_ctx *ctx, const cli_opts *o, const char *style_path, const char *out)
{
    cli_job job;
    char *report = NULL, *stats = NULL, path[4096];
    scm_status st;
    int rc = cli_job_open(ctx, o, style_path, &job);
    if (rc != 0)
        return rc;
    if ((st = scm_dataset_report(ctx, job.ds, NULL, &report)) != SCM_OK ||
        (st = scm_timeline_stats_csv(ctx, job.tl, &stats)) != SCM_OK) {
        rc = cli_fail(ctx, st);
    } else {
        snprintf(path, sizeof path, "%s/data/%s-check.txt", out, scm_style_name(job.style));
        rc = cli_write_text(ctx, path, report);
        snprintf(path, sizeof path, "%s/data/%s.csv", out, scm_style_name(job.style));
        rc = rc ? rc : cli_write_text(ctx, path, stats);
    }
    free(report);
    free(stats);
    cli_job_close(&job);
    return rc;
}

int
cmd_demo(scm_ctx *ctx, const cli_opts *o)
{
    static const char *const styles[] = {
        "activation",        "removals", "removals-per-submissions", "removals-per-noncitizen",
        "noncriminal-share", "state-moa"};
    const char *out = o->out ? o->out : "out";
    char path[4096], tiles[4096];
    cli_opts d = *o;
    size_t i;
    int rc;
    snprintf(path, sizeof path, "%s/data", out);
    if (cli_mkdirs(ctx, path) != 0) {
        fprintf(stderr, "scmap: %s: cannot create the output folder\n", path);
        return EXIT_DATA;
    }
    snprintf(tiles, sizeof tiles, "%s/tiles", out);
    d.gif = 1;
    d.mp4 = cli_on_path("ffmpeg");
    for (i = 0; i < sizeof styles / sizeof styles[0]; i++) {
        char style[4096];
        cli_default_style(styles[i], style, sizeof style);
        if ((rc = data_for(ctx, &d, style, out)) != 0 ||
            (rc = tiles_for(ctx, &d, style, tiles)) != 0 ||
            (rc = cli_frames_for(ctx, &d, style, out)) != 0 ||
            (rc = cli_maps_for(ctx, &d, style, out)) != 0)
            return rc;
        d.gif = d.mp4 = 0; /* animations of the rollout only: the others have one period */
    }
    {
        char leaflet[4200];
        cli_opts v = d;
        cli_data_path("web/node_modules/leaflet/dist/leaflet.js", leaflet, sizeof leaflet);
        snprintf(path, sizeof path, "%s/viewer", out);
        v.tiles_dir = tiles;
        v.output = path;
        v.quiet = 1;
        if (access(leaflet, R_OK) != 0)
            printf("No viewer: Leaflet is not installed (%s; npm ci in the source's web/).\n",
                   leaflet);
        else if ((rc = cmd_viewer(ctx, &v)) != 0)
            return rc;
    }
    printf(
        "\nscmap demo: done. What it wrote:\n"
        "  %s/data/<style>-check.txt   the join report (what matched, what moved, what is "
        "missing)\n"
        "  %s/data/<style>.csv         the numbers behind each map, one row per quarter\n"
        "  %s/data/<style>-alt.txt     alt text for every frame\n"
        "  %s/tiles/<style>/<period>/{z}/{x}/{y}.png   XYZ tiles, zoom %d-%d\n"
        "  %s/tiles/<style>/<period>.json and periods.json   TileJSON 3.0.0 and the period list\n"
        "  %s/frames/<style>/0000.png ...   1920x1080 frames for slides\n"
        "  %s/maps/<style>-<period>.png, .svg, .pdf   still maps of the last period\n"
        "  %s/frames/activation.gif%s   the rollout, animated\n"
        "  %s/viewer/index.html          a web page with a time slider over the tiles\n"
        "Look first at %s/frames/activation/0007.png (2010 Q3) or %s/frames/activation.gif.\n"
        "For the web page: (cd %s && python3 -m http.server 8000), then open\n"
        "  http://localhost:8000/viewer/\n",
        out, out, out, out, d.zmin, d.zmax, out, out, out, out,
        cli_on_path("ffmpeg") ? " and .mp4" : "", out, out, out, out);
    if (!cli_on_path("ffmpeg"))
        printf("No MP4: ffmpeg is not installed. As root: apt-get install ffmpeg, then run the "
               "demo again.\n");
    return 0;
}

int
cmd_merge(scm_ctx *ctx, const cli_opts *o)
{
    const char *out = o->output ? o->output : o->out;
    scm_status st;
    if (out == NULL || out[0] == '\0' || o->n_inputs < 1) { /* '': an unset shell variable */
        fprintf(stderr, "scmap: merge needs -o OUT and the shards' folders, e.g. "
                        "scmap merge -o out/tiles shard1 shard2 shard3\n");
        return EXIT_USAGE;
    }
    st = scm_pyramid_merge(ctx, (const char *const *)o->inputs, (size_t)o->n_inputs, out);
    if (st != SCM_OK)
        return cli_fail(ctx, st);
    if (!o->quiet)
        fprintf(stderr, "scmap: merged %d shards into %s/\n", o->n_inputs, out);
    return 0;
}
