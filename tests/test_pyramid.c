/* SPDX-License-Identifier: MIT */
/* Tile pyramids on the sample counties: pixels at known places, byte-identical output for
 * any thread count, reused tiles equal to fresh ones, the antimeridian, and golden tiles. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/scmap.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_job.h"

#define D SCM_TEST_DATA "/"

static scm_ctx *ctx;

static scm_status
render(const test_job *j, const char *out, int zmin, int zmax, scm_sink_kind kind, int jobs)
{
    scm_pyramid_opts o;
    scm_pyramid_result r;
    memset(&o, 0, sizeof o);
    o.out_dir = out;
    o.zmin = zmin;
    o.zmax = zmax;
    o.scale = 1;
    o.format = kind;
    o.jobs = jobs;
    return scm_pyramid_render(ctx, j->tl, &o, &r);
}

/* Files under a and b (recursively) are the same names with the same bytes; counts files. */
static int
same_tree(const char *a, const char *b, int *files)
{
    DIR *d = opendir(a);
    struct dirent *e;
    int ok = 1;
    if (d == NULL)
        return 0;
    while (ok && (e = readdir(d)) != NULL) {
        char pa[1024], pb[1024];
        struct stat st;
        if (e->d_name[0] == '.')
            continue;
        snprintf(pa, sizeof pa, "%s/%s", a, e->d_name);
        snprintf(pb, sizeof pb, "%s/%s", b, e->d_name);
        if (stat(pa, &st) != 0)
            ok = 0;
        else if (S_ISDIR(st.st_mode))
            ok = same_tree(pa, pb, files);
        else {
            size_t la = 0, lb = 0;
            uint8_t *x = slurp(pa, &la), *y = slurp(pb, &lb);
            ok = x != NULL && y != NULL && la == lb && memcmp(x, y, la) == 0;
            if (!ok)
                fprintf(stderr, "differs: %s\n", pb);
            free(x);
            free(y);
            (*files)++;
        }
    }
    closedir(d);
    return ok;
}

/* The pixel under lon/lat at zoom z in a tile tree, or alpha 0 if the tile is absent. */
static scm_rgba
pixel_at(const char *tiles, double lon, double lat, int z)
{
    const double pi = 3.14159265358979323846;
    double n = 256.0 * (double)(1 << z);
    double x = (lon + 180) / 360 * n;
    double y = (1 - log(tan(lat * pi / 180) + 1 / cos(lat * pi / 180)) / pi) / 2 * n;
    char path[1024];
    uint8_t *png;
    size_t len;
    scm_image *img = NULL;
    scm_rgba c = {0, 0, 0, 0};
    snprintf(path, sizeof path, "%s/%d/%d/%d.png", tiles, z, (int)(x / 256), (int)(y / 256));
    png = slurp(path, &len);
    if (png != NULL && scm_png_decode(ctx, png, len, &img) == SCM_OK) {
        const uint8_t *p = img->rgba + 4 * ((size_t)((int)y % 256) * 256 + (size_t)((int)x % 256));
        c = (scm_rgba){p[0], p[1], p[2], p[3]};
    }
    scm_image_free(img);
    free(png);
    return c;
}

/* The tile at path is not there, or is fully transparent. */
static int
blank_or_absent(const char *path)
{
    size_t len, i;
    uint8_t *png = slurp(path, &len);
    scm_image *img = NULL;
    int blank = 1;
    if (png == NULL)
        return 1;
    if (scm_png_decode(ctx, png, len, &img) != SCM_OK)
        blank = 0;
    for (i = 0; blank && i < (size_t)img->width * img->height; i++)
        blank = img->rgba[4 * i + 3] == 0;
    scm_image_free(img);
    free(png);
    return blank;
}

static void
test_pixels_match_classes(void)
{
    static const struct {
        const char *fips;
        double lon, lat;
    } probes[] = {{"48201", -95.35, 29.85},  {"06037", -118.25, 34.45}, {"04013", -112.5, 33.4},
                  {"46102", -102.55, 43.33}, {"02158", -163.5, 62.1},   {"72001", -66.75, 18.18},
                  {"11001", -77.02, 38.9}};
    test_job j;
    char out[512], tiles[600];
    size_t k, i;
    if (open_job(ctx, D "style_activation_sample.json", NULL, &j) != 0)
        return;
    snprintf(out, sizeof out, "%s/probe", SCM_TEST_OUT);
    CHECK_STATUS(ctx, render(&j, out, 7, 7, SCM_SINK_DIR, 1), SCM_OK);
    for (k = 0; k < scm_timeline_n_periods(j.tl); k += 3) {
        char name[16];
        scm_timeline_period_name(j.tl, k, name);
        snprintf(tiles, sizeof tiles, "%s/activation-sample/%s", out, name);
        for (i = 0; i < sizeof probes / sizeof probes[0]; i++) {
            long c = scm_shapes_find(scm_dataset_shapes(j.ds), probes[i].fips);
            scm_rgba want = scm_timeline_class_color(j.tl, scm_timeline_classes(j.tl, k)[c]);
            scm_rgba got = pixel_at(tiles, probes[i].lon, probes[i].lat, 7);
            if (got.r != want.r || got.g != want.g || got.b != want.b || got.a != 255) {
                fprintf(stderr, "%s %s: got #%02x%02x%02x/%d, want #%02x%02x%02x\n", name,
                        probes[i].fips, got.r, got.g, got.b, got.a, want.r, want.g, want.b);
                CHECK(0);
            }
        }
    }
    close_job(&j);
}

static void
test_threads_give_same_bytes(void)
{
    static const scm_sink_kind kinds[] = {SCM_SINK_DIR, SCM_SINK_MBTILES, SCM_SINK_PMTILES};
    test_job j;
    size_t i;
    if (open_job(ctx, D "style_activation_sample.json", NULL, &j) != 0)
        return;
    for (i = 0; i < 3; i++) {
        char a[512], b[512];
        int files = 0;
        snprintf(a, sizeof a, "%s/jobs1-%zu", SCM_TEST_OUT, i);
        snprintf(b, sizeof b, "%s/jobs2-%zu", SCM_TEST_OUT, i);
        CHECK_STATUS(ctx, render(&j, a, 0, 6, kinds[i], 1), SCM_OK);
        CHECK_STATUS(ctx, render(&j, b, 0, 6, kinds[i], 2), SCM_OK);
        CHECK(same_tree(a, b, &files));
        CHECK(files > 15); /* 15 periods and more */
    }
    close_job(&j);
}

static void
test_reused_tiles_equal_fresh_ones(void)
{
    test_job all, one;
    scm_timeline_opts o = {0};
    char a[512], b[512], pa[600], pb[600];
    int files = 0;
    o.has_range = 1;
    scm_period_parse("2011Q4", &o.first);
    o.last = o.first;
    if (open_job(ctx, D "style_activation_sample.json", NULL, &all) != 0)
        return;
    if (open_job(ctx, D "style_activation_sample.json", &o, &one) != 0) {
        close_job(&all);
        return;
    }
    snprintf(a, sizeof a, "%s/all", SCM_TEST_OUT);
    snprintf(b, sizeof b, "%s/one", SCM_TEST_OUT);
    CHECK_STATUS(ctx, render(&all, a, 3, 7, SCM_SINK_DIR, 1), SCM_OK);
    CHECK_STATUS(ctx, render(&one, b, 3, 7, SCM_SINK_DIR, 1), SCM_OK);
    snprintf(pa, sizeof pa, "%s/activation-sample/2011Q4", a);
    snprintf(pb, sizeof pb, "%s/activation-sample/2011Q4", b);
    CHECK(same_tree(pb, pa, &files));
    CHECK(files > 10);
    close_job(&all);
    close_job(&one);
}

static void
test_antimeridian(void)
{
    test_job j;
    char out[512], path[700];
    scm_rgba east, west;
    if (open_job(ctx, D "style_activation_sample.json", NULL, &j) != 0)
        return;
    snprintf(out, sizeof out, "%s/am", SCM_TEST_OUT);
    CHECK_STATUS(ctx, render(&j, out, 3, 5, SCM_SINK_DIR, 1), SCM_OK);
    /* Aleutians West has islands both sides of 180 degrees: both edge tiles exist... */
    snprintf(path, sizeof path, "%s/activation-sample/2012Q2/3/7/2.png", out);
    CHECK(access(path, F_OK) == 0);
    snprintf(path, sizeof path, "%s/activation-sample/2012Q2/3/0/2.png", out);
    CHECK(access(path, F_OK) == 0);
    /* ...and nothing is smeared round the world between them (an empty tile at most). */
    snprintf(path, sizeof path, "%s/activation-sample/2012Q2/3/4/2.png", out);
    CHECK(blank_or_absent(path));
    snprintf(path, sizeof path, "%s/activation-sample/2012Q2", out);
    east = pixel_at(path, 179.3, 51.38, 5);  /* Semisopochnoi Island side */
    west = pixel_at(path, -176.6, 51.88, 5); /* Adak */
    CHECK(east.a > 0 || west.a > 0);
    close_job(&j);
}

static void
test_bad_options(void)
{
    test_job j;
    char out[512];
    if (open_job(ctx, D "style_activation_sample.json", NULL, &j) != 0)
        return;
    snprintf(out, sizeof out, "%s/bad", SCM_TEST_OUT);
    CHECK_STATUS(ctx, render(&j, out, 5, 3, SCM_SINK_DIR, 1), SCM_EINVAL);
    CHECK_STATUS(ctx, render(&j, out, 0, 17, SCM_SINK_DIR, 1), SCM_EINVAL);
    CHECK_STATUS(ctx, render(&j, "/proc/no/such/dir", 0, 1, SCM_SINK_PMTILES, 1), SCM_EIO);
    close_job(&j);
}

/* The golden check on a tile file. */
static void
golden_tile(const char *tile, const char *name)
{
    size_t len;
    uint8_t *png = slurp(tile, &len);
    scm_image *img = NULL;
    CHECK(png != NULL && scm_png_decode(ctx, png, len, &img) == SCM_OK);
    if (img != NULL)
        golden(ctx, img, name, SCM_TEST_OUT);
    scm_image_free(img);
    free(png);
}

static void
test_golden_tiles(void)
{
    test_job j;
    char out[512], t[700];
    if (open_job(ctx, D "style_sample.json", NULL, &j) != 0)
        return;
    snprintf(out, sizeof out, "%s/golden", SCM_TEST_OUT);
    CHECK_STATUS(ctx, render(&j, out, 1, 7, SCM_SINK_DIR, 1), SCM_OK);
    snprintf(t, sizeof t, "%s/sample/2012Q2/1/0/0.png", out);
    golden_tile(t, "sample-1-0-0.png");
    snprintf(t, sizeof t, "%s/sample/2012Q2/4/3/6.png", out);
    golden_tile(t, "sample-4-3-6.png");
    snprintf(t, sizeof t, "%s/sample/2012Q2/7/37/48.png", out);
    golden_tile(t, "sample-7-37-48.png");
    close_job(&j);
}

/* A process id that no process has (above Linux's largest pid_max). */
#define DEAD_PID "999999999"

static void
touch(const char *dir, const char *name)
{
    char p[1024];
    FILE *fp;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    if ((fp = fopen(p, "w")) != NULL) {
        fputs("keep\n", fp);
        fclose(fp);
    }
}

static int
present(const char *dir, const char *name)
{
    char p[1024];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return lstat(p, &st) == 0;
}

/* Files under dir, symbolic links not followed, whose names hold ".tmp". */
static int
count_tmp(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    while (d != NULL && (e = readdir(d)) != NULL) {
        char p[1024];
        struct stat st;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            n += count_tmp(p);
        else if (strstr(e->d_name, ".tmp") != NULL) {
            fprintf(stderr, "temporary file left: %s\n", p);
            n++;
        }
    }
    if (d != NULL)
        closedir(d);
    return n;
}

static void
seed_stale(const char *style)
{
    char tiles[700];
    snprintf(tiles, sizeof tiles, "%s/2008Q4/0/0", style);
    touch(style, ".2008Q4.pmtiles.scmap-" DEAD_PID "-0.tmp");
    touch(tiles, ".0.png.scmap-" DEAD_PID "-1.tmp");
}

/* The start-of-run sweep removes scmap's own temporary files that a stopped run left, and
 * nothing else: not a user's files of any name, not what lies behind a symbolic link, not
 * the files of a run still going (this process). */
static void
test_sweep_keeps_users_files(void)
{
    static const char *const users[] = {"report.tmp.docx", "template.tmpl", "notes.tmp",
                                        ".notes.tmp", "2008Q4/0/0/notes.tmp"};
    test_job j;
    scm_pyramid_opts o;
    scm_pyramid_result r;
    char out[512], style[600], outside[600], tiles[700], link[700], live[128];
    size_t i;
    int run;
    if (open_job(ctx, D "style_activation_sample.json", NULL, &j) != 0)
        return;
    snprintf(out, sizeof out, "%s/sweep", SCM_TEST_OUT);
    snprintf(style, sizeof style, "%s/activation-sample", out);
    snprintf(outside, sizeof outside, "%s/outside", out);
    snprintf(tiles, sizeof tiles, "%s/2008Q4/0/0", style);
    snprintf(live, sizeof live, ".counties.json.scmap-%ld-7.tmp", (long)getpid());
    CHECK(scm_mkdirs(ctx, tiles) == SCM_OK && scm_mkdirs(ctx, outside) == SCM_OK);
    for (i = 0; i < sizeof users / sizeof users[0]; i++)
        touch(style, users[i]);
    touch(style, live);
    touch(outside, ".0.png.scmap-" DEAD_PID "-2.tmp");
    /* Links to a folder, as a period and as a zoom, and one with a temporary file's name. */
    snprintf(link, sizeof link, "%s/linked", style);
    CHECK(symlink(outside, link) == 0 || errno == EEXIST);
    snprintf(link, sizeof link, "%s/2008Q4/9", style);
    CHECK(symlink(outside, link) == 0 || errno == EEXIST);
    snprintf(link, sizeof link, "%s/.x.scmap-" DEAD_PID "-3.tmp", style);
    CHECK(symlink(outside, link) == 0 || errno == EEXIST);
    memset(&o, 0, sizeof o);
    o.out_dir = out;
    o.zmin = 0;
    o.zmax = 2;
    o.scale = 1;
    o.format = SCM_SINK_DIR;
    o.jobs = 1;
    for (run = 0; run < 2; run++) { /* a run, then a --resume */
        seed_stale(style);
        o.resume = run;
        CHECK_STATUS(ctx, scm_pyramid_render(ctx, j.tl, &o, &r), SCM_OK);
        for (i = 0; i < sizeof users / sizeof users[0]; i++)
            CHECK(present(style, users[i]));
        CHECK(present(style, live));
        CHECK(present(style, "linked") && present(style, "2008Q4/9"));
        CHECK(present(style, ".x.scmap-" DEAD_PID "-3.tmp"));
        CHECK(present(outside, ".0.png.scmap-" DEAD_PID "-2.tmp"));
        CHECK(!present(style, ".2008Q4.pmtiles.scmap-" DEAD_PID "-0.tmp"));
        CHECK(!present(tiles, ".0.png.scmap-" DEAD_PID "-1.tmp"));
        CHECK(present(tiles, "0.png"));
    }
    close_job(&j);
}

/* A container run holds no descriptor per period: 252 monthly periods under a limit of 64
 * open files. */
static void
test_many_periods_few_descriptors(void)
{
    scm_timeline_opts to = {.has_range = 1,
                            .first = {SCM_PERIOD_MONTH, 1990 * 12},
                            .last = {SCM_PERIOD_MONTH, 2010 * 12 + 11},
                            .kind_override = 1,
                            .kind = SCM_PERIOD_MONTH};
    static const scm_sink_kind kinds[] = {SCM_SINK_PMTILES, SCM_SINK_MBTILES};
    struct rlimit old, low;
    test_job j;
    size_t i;
    if (open_job(ctx, D "style_activation_sample.json", &to, &j) != 0)
        return;
    CHECK(scm_timeline_n_periods(j.tl) == 252);
    CHECK(getrlimit(RLIMIT_NOFILE, &old) == 0);
    low = old;
    low.rlim_cur = 64;
    CHECK(setrlimit(RLIMIT_NOFILE, &low) == 0);
    for (i = 0; i < 2; i++) {
        char out[512], last[700];
        snprintf(out, sizeof out, "%s/monthly-%zu", SCM_TEST_OUT, i);
        CHECK_STATUS(ctx, render(&j, out, 0, 1, kinds[i], 2), SCM_OK);
        snprintf(last, sizeof last, "%s/activation-sample", out);
        CHECK(present(last, i == 0 ? "2010-12.pmtiles" : "2010-12.mbtiles"));
        CHECK(count_tmp(out) == 0);
    }
    CHECK(setrlimit(RLIMIT_NOFILE, &old) == 0);
    close_job(&j);
}

/* Sets the cancel flag once half the metatiles are done, as a signal handler would. */
static void
stop_halfway(void *user, size_t done, size_t total)
{
    volatile sig_atomic_t *flag = user;
    if (done >= total / 2)
        *flag = SIGTERM;
}

/* A cancelled run returns SCM_ECANCEL and leaves no temporary file and no container; a
 * cancelled directory run resumes to the bytes of a clean run. */
static void
test_cancel(void)
{
    static const scm_sink_kind kinds[] = {SCM_SINK_PMTILES, SCM_SINK_MBTILES, SCM_SINK_DIR};
    volatile sig_atomic_t flag = 0;
    test_job j;
    size_t i;
    if (open_job(ctx, D "style_activation_sample.json", NULL, &j) != 0)
        return;
    for (i = 0; i < 3; i++) {
        scm_pyramid_opts o;
        scm_pyramid_result r;
        char out[512], clean[512], style[600];
        int files = 0;
        memset(&o, 0, sizeof o);
        snprintf(out, sizeof out, "%s/cancel-%zu", SCM_TEST_OUT, i);
        snprintf(style, sizeof style, "%s/activation-sample", out);
        o.out_dir = out;
        o.zmax = 6;
        o.scale = 1;
        o.format = kinds[i];
        o.jobs = 2;
        o.progress = stop_halfway;
        o.progress_user = (void *)&flag;
        flag = 0;
        scm_ctx_set_cancel(ctx, &flag);
        CHECK_STATUS(ctx, scm_pyramid_render(ctx, j.tl, &o, &r), SCM_ECANCEL);
        scm_ctx_set_cancel(ctx, NULL);
        CHECK(count_tmp(out) == 0);
        if (kinds[i] != SCM_SINK_DIR) {
            CHECK(!present(style, "2008Q4.pmtiles") && !present(style, "2008Q4.mbtiles"));
            continue;
        }
        CHECK(present(style, ".scmap-done"));
        o.resume = 1;
        o.progress = NULL;
        CHECK_STATUS(ctx, scm_pyramid_render(ctx, j.tl, &o, &r), SCM_OK);
        snprintf(clean, sizeof clean, "%s/jobs1-0", SCM_TEST_OUT); /* test_threads_... */
        CHECK(same_tree(clean, out, &files) && files > 18);
    }
    close_job(&j);
}

/* The four numbers after `"key":[` in the file at path; 0 when found. */
static int
json_numbers(const char *path, const char *key, double v[4])
{
    size_t len = 0;
    char *text = (char *)slurp(path, &len), *at;
    char want[64];
    int ok;
    snprintf(want, sizeof want, "\"%s\":[", key);
    at = text != NULL ? strstr(text, want) : NULL;
    ok =
        at != NULL && sscanf(at + strlen(want), "%lf,%lf,%lf,%lf", &v[0], &v[1], &v[2], &v[3]) >= 3;
    free(text);
    return ok ? 0 : -1;
}

/* The TileJSON bounds meet every tile written (Puerto Rico, both sides of the Aleutians, the
 * counties without data), so that a client that keeps to them asks for all of them, and do
 * not wrap; the centre lies inside them. */
static void
test_bounds_cover_every_tile(void)
{
    const double pi = 3.14159265358979323846;
    test_job j;
    char out[512], tiles[600], path[700];
    double b[4], c[4];
    int z, tiles_seen = 0;
    if (open_job(ctx, D "style_activation_sample.json", NULL, &j) != 0)
        return;
    snprintf(out, sizeof out, "%s/bounds", SCM_TEST_OUT);
    CHECK_STATUS(ctx, render(&j, out, 0, 5, SCM_SINK_DIR, 2), SCM_OK);
    snprintf(tiles, sizeof tiles, "%s/activation-sample/2012Q2", out);
    snprintf(path, sizeof path, "%s.json", tiles);
    CHECK(json_numbers(path, "bounds", b) == 0 && json_numbers(path, "center", c) == 0);
    CHECK(b[0] >= -180 && b[0] < b[2] && b[2] <= 180 && b[1] < b[3]);
    CHECK(c[0] >= b[0] && c[0] <= b[2] && c[1] >= b[1] && c[1] <= b[3]);
    for (z = 0; z <= 5; z++) {
        int x, y, n = 1 << z;
        for (x = 0; x < n; x++)
            for (y = 0; y < n; y++) {
                double w = x * 360.0 / n - 180, e = (x + 1) * 360.0 / n - 180;
                double north = atan(sinh(pi * (1 - 2.0 * y / n))) * 180 / pi;
                double south = atan(sinh(pi * (1 - 2.0 * (y + 1) / n))) * 180 / pi;
                snprintf(path, sizeof path, "%s/%d/%d/%d.png", tiles, z, x, y);
                if (access(path, F_OK) != 0)
                    continue;
                tiles_seen++;
                if (e < b[0] || w > b[2] || north < b[1] || south > b[3]) {
                    fprintf(stderr, "tile %d/%d/%d is outside the bounds\n", z, x, y);
                    CHECK(0);
                }
            }
    }
    CHECK(tiles_seen > 30);
    close_job(&j);
}

/* Each format writes its own TileJSONs and period list, so that runs of all three into one
 * folder leave each whole; TileJSON tile URLs are absolute under a base URL, which must be
 * absolute itself. MBTiles have no TileJSON: no web client reads them. */
static void
test_formats_keep_their_own_files(void)
{
    static const char *const want[][2] = {
        {"periods.json", "\"tilejson\":\"2010Q3.json\""},
        {"periods.pmtiles.json", "\"tilejson\":\"2010Q3.pmtiles.json\""},
        {"periods.mbtiles.json", "\"format\":\"mbtiles\""},
        {"2010Q3.json",
         "\"tiles\":[\"https://example.org/t/activation-sample/2010Q3/{z}/{x}/{y}.png\"]"},
        {"2010Q3.pmtiles.json", "\"tiles\":[\"pmtiles://https://example.org/t/activation-sample/"
                                "2010Q3.pmtiles/{z}/{x}/{y}\"]"},
    };
    static const scm_sink_kind kinds[] = {SCM_SINK_DIR, SCM_SINK_PMTILES, SCM_SINK_MBTILES};
    scm_pyramid_opts o;
    scm_pyramid_result r;
    test_job j;
    char out[512], style[600], path[700];
    size_t i;
    if (open_job(ctx, D "style_activation_sample.json", NULL, &j) != 0)
        return;
    snprintf(out, sizeof out, "%s/formats", SCM_TEST_OUT);
    snprintf(style, sizeof style, "%s/activation-sample", out);
    memset(&o, 0, sizeof o);
    o.out_dir = out;
    o.zmax = 2;
    o.scale = 1;
    o.jobs = 1;
    o.base_url = "https://example.org/t";
    for (i = 0; i < 3; i++) {
        o.format = kinds[i];
        CHECK_STATUS(ctx, scm_pyramid_render(ctx, j.tl, &o, &r), SCM_OK);
    }
    for (i = 0; i < sizeof want / sizeof *want; i++) {
        size_t len = 0;
        char *text;
        snprintf(path, sizeof path, "%s/%s", style, want[i][0]);
        text = (char *)slurp(path, &len);
        CHECK(text != NULL && strstr(text, want[i][1]) != NULL);
        CHECK(text == NULL || strstr(text, "mbtiles://") == NULL);
        free(text);
    }
    CHECK(!present(style, "2010Q3.mbtiles.json"));
    snprintf(path, sizeof path, "%s/periods.mbtiles.json", style);
    {
        size_t len = 0;
        char *text = (char *)slurp(path, &len);
        CHECK(text != NULL && strstr(text, "\"tilejson\"") == NULL);
        free(text);
    }
    o.base_url = "example.org/t";
    CHECK(scm_pyramid_render(ctx, j.tl, &o, &r) == SCM_EINVAL);
    CHECK(strstr(scm_ctx_errmsg(ctx), "is not absolute") != NULL);
    scm_ctx_clear_error(ctx);
    close_job(&j);
}

/* The overlay of state lines comes with the style's "states", named in the manifest; every
 * tile set gets empty tiles near the map, and none far from it. */
static void
test_state_overlay_and_empty_tiles(void)
{
    test_job j;
    scm_pyramid_opts o;
    scm_pyramid_result r;
    char out[512], p[700];
    size_t len = 0;
    uint8_t *m;
    int hide;
    if (open_job(ctx, D "style_activation_sample.json", NULL, &j) != 0)
        return;
    for (hide = 0; hide < 2; hide++) {
        memset(&o, 0, sizeof o);
        snprintf(out, sizeof out, "%s/overlay%d", SCM_TEST_OUT, hide);
        o.out_dir = out;
        o.zmin = 0;
        o.zmax = 4;
        o.scale = 1;
        o.jobs = 2;
        if (hide)
            scm_style_hide_states(j.st);
        CHECK_STATUS(ctx, scm_pyramid_render(ctx, j.tl, &o, &r), SCM_OK);
        CHECK(r.blank > 0);
        snprintf(p, sizeof p, "%s/activation-sample/boundaries.json", out);
        CHECK((access(p, F_OK) == 0) == !hide);
        snprintf(p, sizeof p, "%s/activation-sample/periods.json", out);
        m = slurp(p, &len);
        CHECK(m != NULL &&
              (strstr((char *)m, "\"boundaries\":\"boundaries.json\"") != NULL) == !hide);
        free(m);
        /* Open sea off Los Angeles is an empty tile; Central Asia, inside the bounds (the
         * Aleutians take them round the world) but far from any county, is nothing. */
        snprintf(p, sizeof p, "%s/activation-sample/2012Q2/4/2/7.png", out);
        CHECK(access(p, F_OK) == 0 && blank_or_absent(p));
        snprintf(p, sizeof p, "%s/activation-sample/2012Q2/4/10/5.png", out);
        CHECK(access(p, F_OK) != 0);
    }
    close_job(&j);
}

int
main(void)
{
    if (scm_ctx_new(&ctx) != SCM_OK)
        return 1;
    CHECK(scm_mkdirs(ctx, SCM_TEST_OUT) == SCM_OK);
    RUN(test_pixels_match_classes);
    RUN(test_threads_give_same_bytes);
    RUN(test_reused_tiles_equal_fresh_ones);
    RUN(test_antimeridian);
    RUN(test_bad_options);
    RUN(test_golden_tiles);
    RUN(test_sweep_keeps_users_files);
    RUN(test_many_periods_few_descriptors);
    RUN(test_cancel);
    RUN(test_bounds_cover_every_tile);
    RUN(test_formats_keep_their_own_files);
    RUN(test_state_overlay_and_empty_tiles);
    scm_ctx_free(ctx);
    return scm_test_report();
}
