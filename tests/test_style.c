/* SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L
#include "scmap/scmap.h"

#include <stdio.h>
#include <stdlib.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scm_test.h"

#define D SCM_TEST_DATA "/"

static scm_ctx *ctx;

static void
test_shipped_styles_parse(void)
{
    static const char *const names[] = {"activation", "removals", "noncriminal-share"};
    size_t i;
    for (i = 0; i < 3; i++) {
        char path[512];
        scm_style *st = NULL;
        snprintf(path, sizeof path, "%s/../../styles/%s.json", SCM_TEST_DATA, names[i]);
        CHECK_STATUS(ctx, scm_style_read(ctx, path, &st), SCM_OK);
        if (st == NULL)
            continue;
        CHECK_STR(scm_style_name(st), names[i]);
        CHECK(scm_style_title(st, SCM_LANG_ES)[0] != '\0');
        CHECK(strcmp(scm_style_title(st, SCM_LANG_ES), scm_style_title(st, SCM_LANG_EN)) != 0);
        scm_style_free(st);
    }
}

static void
test_sample_style(void)
{
    scm_style *st = NULL;
    scm_sources src;
    scm_rgba c;
    CHECK_STATUS(ctx, scm_style_read(ctx, D "style_sample.json", &st), SCM_OK);
    if (st == NULL)
        return;
    CHECK(scm_style_metric(st) == SCM_METRIC_RATE);
    CHECK(scm_style_method(st) == SCM_CLASSIFY_QUANTILE);
    CHECK(scm_style_n_bins(st) == 3);
    scm_style_sources(st, &src);
    CHECK(strstr(src.shapes, "tests/data/counties_sample.shp") != NULL);
    CHECK(src.n_count_columns == 1);
    /* Purples, 3 bins from the 9-class ramp. */
    c = scm_style_bin_color(st, 0, 3);
    CHECK(c.r == 0xef && c.g == 0xed && c.b == 0xf5);
    c = scm_style_bin_color(st, 2, 3);
    CHECK(c.r == 0x3f && c.g == 0x00 && c.b == 0x7d);
    CHECK_STR(scm_style_title(st, SCM_LANG_ES), "Muestra");
    /* Subtitle absent: empty, never NULL. */
    CHECK_STR(scm_style_subtitle(st, SCM_LANG_EN), "");
    scm_style_free(st);
}

static void
expect_bad(const char *path, const char *needle)
{
    scm_style *st = NULL;
    CHECK(scm_style_read(ctx, path, &st) == SCM_EDATA);
    CHECK(st == NULL);
    if (strstr(scm_ctx_errmsg(ctx), needle) == NULL) {
        fprintf(stderr, "message \"%s\" lacks \"%s\"\n", scm_ctx_errmsg(ctx), needle);
        CHECK(0);
    }
    scm_ctx_clear_error(ctx);
}

static void
test_bad_styles(void)
{
    scm_style *st = NULL;
    CHECK(scm_style_read(ctx, D "bad_fake/no_such_style.json", &st) == SCM_EIO);
    scm_ctx_clear_error(ctx);
    expect_bad(D "bad_fake/style_syntax.json", "style_syntax.json:3:");
    expect_bad(D "bad_fake/style_unknown_key.json", "style_unknown_key.json:14:52: key \"palete\"");
    expect_bad(D "bad_fake/style_unknown_palette.json", "key \"palette\": unknown palette");
    expect_bad(D "bad_fake/style_unknown_method.json", "key \"method\": unknown method");
    /* "color" twice in the file, in two objects or in one: the line of the one meant. */
    expect_bad(D "bad_fake/style_color_twice.json",
               "style_color_twice.json:7:26: key \"color\": not a colour");
    expect_bad(D "bad_fake/style_color_duplicate.json",
               "style_color_duplicate.json:7:29: duplicate object key");
}

/* Reads path and expects status want with needle in the message. */
static void
expect_read(const char *path, scm_status want, const char *needle)
{
    scm_style *st = NULL;
    CHECK(scm_style_read(ctx, path, &st) == want);
    CHECK((st == NULL) == (want != SCM_OK));
    if (strstr(scm_ctx_errmsg(ctx), needle) == NULL) {
        fprintf(stderr, "%s: message \"%s\" lacks \"%s\"\n", path, scm_ctx_errmsg(ctx), needle);
        CHECK(0);
    }
    scm_style_free(st);
    scm_ctx_clear_error(ctx);
}

/* A named pipe would block the read for ever, a device never ends; a folder, a device and a
 * huge file are refused by what they are, and "-" reads standard input. */
static void
test_style_not_a_file(void)
{
    char fifo[512], big[512], text[4096];
    FILE *fp;
    int fds[2], saved;
    size_t n;
    alarm(20); /* a hang is a failure, not a stuck test */
    CHECK(scm_mkdirs(ctx, SCM_TEST_OUT) == SCM_OK);
    snprintf(fifo, sizeof fifo, "%s/style.fifo", SCM_TEST_OUT);
    unlink(fifo);
    CHECK(mkfifo(fifo, 0600) == 0);
    expect_read(fifo, SCM_EIO, "style.fifo: cannot read the style file: it is a named pipe");
    unlink(fifo);
    expect_read("/dev/urandom", SCM_EIO, "it is a character device");
    expect_read(SCM_TEST_DATA, SCM_EIO, "it is a folder");
    snprintf(big, sizeof big, "%s/big.json", SCM_TEST_OUT);
    fp = fopen(big, "w");
    CHECK(fp != NULL);
    if (fp != NULL) {
        CHECK(fseek(fp, 8L << 20, SEEK_SET) == 0 && fputc('}', fp) != EOF);
        fclose(fp);
    }
    expect_read(big, SCM_EIO, "big.json: the style file is over 4096 KB");
    unlink(big);
    /* The sample style piped on standard input. */
    fp = fopen(D "style_sample.json", "r");
    CHECK(fp != NULL);
    if (fp == NULL)
        return;
    n = fread(text, 1, sizeof text, fp);
    fclose(fp);
    CHECK(pipe(fds) == 0 && write(fds[1], text, n) == (ssize_t)n);
    close(fds[1]);
    saved = dup(STDIN_FILENO);
    dup2(fds[0], STDIN_FILENO);
    close(fds[0]);
    expect_read("-", SCM_OK, "");
    /* Messages about it name it. */
    CHECK(pipe(fds) == 0 && write(fds[1], "{\n  \"nam\": 1}", 13) == 13);
    close(fds[1]);
    dup2(fds[0], STDIN_FILENO);
    close(fds[0]);
    expect_read("-", SCM_EDATA, "standard input:2:3: key \"nam\": unknown key");
    dup2(saved, STDIN_FILENO);
    close(saved);
    alarm(0);
}

/* Writes a minimal style with this "name" (JSON text) and, when classify is not NULL, a count
 * metric classified so; returns the file's path. */
static const char *as_of = "2012-06-30";

static const char *
write_style(const char *name_json, const char *classify)
{
    static char path[512];
    FILE *fp;
    snprintf(path, sizeof path, "%s/written.json", SCM_TEST_OUT);
    scm_mkdirs(ctx, SCM_TEST_OUT);
    fp = fopen(path, "w");
    if (fp == NULL)
        return path;
    fprintf(fp,
            "{\"name\": %s, \"data\": {\"shapes\": \"s.shp\", \"activations\": \"a.csv\", "
            "\"counts\": \"c.csv\", \"counts_as_of\": \"%s\"},\n",
            name_json, as_of);
    if (classify == NULL)
        fprintf(fp, " \"metric\": {\"type\": \"activation\"}, \"classify\": {\"method\": "
                    "\"categorical\"}}\n");
    else
        fprintf(fp,
                " \"metric\": {\"type\": \"count\", \"numerator\": \"n\"},\n \"classify\": %s}\n",
                classify);
    fclose(fp);
    return path;
}

static const char *
sample_named(const char *name_json)
{
    return write_style(name_json, NULL);
}

/* A style's name becomes a folder and file names under --out: it must be an identifier. */
static void
test_style_name_is_identifier(void)
{
    static const char *const bad[][2] = {
        {"\"../x\"", "starts with \".\""},
        {"\"x/../../y\"", "holds a slash"},
        {"\"..\"", "starts with \".\""},
        {"\".hidden\"", "starts with \".\""},
        {"\"\"", "is empty"},
        {"\"a/b\"", "holds a slash"},
        {"\"a\\\\b\"", "holds a slash"},
        {"\"tab\\there\"", "not allowed"},
        {"\"caf\\u00e9\"", "not allowed"},
        {"\"x12345678901234567890123456789012345678901234567890123456789012345\"", "too long"},
    };
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect_read(sample_named(bad[i][0]), SCM_EDATA, bad[i][1]);
    expect_read(sample_named("\"\""), SCM_EDATA, "written.json:1:2: key \"name\"");
    expect_read(sample_named("\"Removals_2012-v1.2\""), SCM_OK, "");
    expect_read(
        sample_named("\"x123456789012345678901234567890123456789012345678901234567890123\""),
        SCM_OK, "");
}

static int
same_rgba(scm_rgba a, scm_rgba b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

/* Classes are a whole number, every class has a colour of its own, and a custom palette's
 * colours are all used (a 9-colour one lost its first, as if it were a named ramp). */
static void
test_classes_and_palettes(void)
{
    static const char *const nine =
        "[\"#010101\", \"#020202\", \"#030303\", \"#040404\", \"#050505\", \"#060606\", "
        "\"#070707\", \"#080808\", \"#090909\"]";
    char cl[512];
    scm_style *st = NULL;
    size_t i;
    expect_read(write_style("\"x\"", "{\"method\": \"quantile\", \"classes\": 2.5, "
                                     "\"palette\": \"Blues\"}"),
                SCM_EDATA,
                "written.json:3:37: key \"classes\": must be a number from 2 to 9, without a "
                "decimal point");
    expect_read(write_style("\"x\"", "{\"method\": \"quantile\", \"classes\": 10, "
                                     "\"palette\": \"Blues\"}"),
                SCM_EDATA,
                "key \"classes\": must be a number from 2 to 9, without a decimal point");
    expect_read(write_style("\"x\"", "{\"method\": \"quantile\", \"classes\": 5, "
                                     "\"palette\": [\"#ffffff\", \"#888888\", \"#000000\"]}"),
                SCM_EDATA, "key \"palette\": 3 colours for 5 classes");
    expect_read(write_style("\"x\"", "{\"method\": \"manual\", \"breaks\": [1, 2, 3], "
                                     "\"palette\": [\"#ffffff\", \"#888888\", \"#000000\"]}"),
                SCM_EDATA, "key \"palette\": 3 colours for 4 classes");
    snprintf(cl, sizeof cl, "{\"method\": \"equal\", \"classes\": 9, \"palette\": %s}", nine);
    CHECK_STATUS(ctx, scm_style_read(ctx, write_style("\"x\"", cl), &st), SCM_OK);
    for (i = 0; st != NULL && i < 9; i++) {
        scm_rgba c = scm_style_bin_color(st, i, 9);
        CHECK(c.r == i + 1 && c.g == i + 1 && c.b == i + 1);
    }
    if (st != NULL) {
        CHECK(scm_style_bin_color(st, 0, 3).r == 1 && scm_style_bin_color(st, 2, 3).r == 9);
        CHECK(scm_style_bin_color(st, 1, 3).r == 5);
    }
    scm_style_free(st);
    st = NULL;
    /* A named ramp: 9 classes take all 9 colours; fewer skip the palest. */
    CHECK_STATUS(ctx,
                 scm_style_read(ctx,
                                write_style("\"x\"", "{\"method\": \"equal\", \"classes\": 9, "
                                                     "\"palette\": \"Blues\"}"),
                                &st),
                 SCM_OK);
    for (i = 0; st != NULL && i < 8; i++)
        CHECK(!same_rgba(scm_style_bin_color(st, i, 9), scm_style_bin_color(st, i + 1, 9)));
    if (st != NULL) {
        scm_rgba palest = scm_style_bin_color(st, 0, 9);
        CHECK(palest.r == 0xf7 && palest.g == 0xfb && palest.b == 0xff);
        CHECK(!same_rgba(scm_style_bin_color(st, 0, 8), palest));
    }
    scm_style_free(st);
}

/* The snapshot date is a date of the years we take: 9999 is a typo in the style, a data error
 * at its key (it was a usage error, exit 2, from the join). */
static void
test_snapshot_date(void)
{
    as_of = "9999-06-30";
    expect_read(write_style("\"x\"", NULL), SCM_EDATA,
                "written.json:1:86: key \"counts_as_of\": the year is out of range");
    as_of = "2012-06-30 or so";
    expect_read(write_style("\"x\"", NULL), SCM_EDATA, "key \"counts_as_of\": not a date");
    as_of = "2012-06-30";
}

/* Every shipped style (each .json file in styles/, the notes helper's included): each special class
 * is 10 CIEDE2000 from every other colour of any legend it can draw, neighbouring bins 5; and a
 * special class looks the same in every style that has it. */
static void
test_shipped_styles_colors(void)
{
    char dir[512], path[1024];
    scm_rgba seen[SCM_CLASS_N_KINDS];
    int have[SCM_CLASS_N_KINDS] = {0}, n = 0;
    struct dirent *e;
    DIR *d;
    snprintf(dir, sizeof dir, "%s/../../styles", SCM_TEST_DATA);
    CHECK((d = opendir(dir)) != NULL);
    while (d != NULL && (e = readdir(d)) != NULL) {
        scm_style *st = NULL;
        scm_class_kind sp[SCM_STYLE_MAX_SPECIALS];
        char *problems = NULL;
        size_t i, ns, len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        CHECK_STATUS(ctx, scm_style_read(ctx, path, &st), SCM_OK);
        if (st == NULL)
            continue;
        n++;
        CHECK_STATUS(ctx, scm_style_color_problems(ctx, st, &problems), SCM_OK);
        if (problems != NULL)
            fprintf(stderr, "%s:\n%s", e->d_name, problems);
        CHECK(problems == NULL);
        free(problems);
        ns = scm_style_special_kinds(st, sp);
        for (i = 0; i < ns; i++) {
            scm_rgba c = scm_style_class_color(st, sp[i]);
            if (have[sp[i]])
                CHECK(memcmp(&seen[sp[i]], &c, sizeof c) == 0);
            seen[sp[i]] = c;
            have[sp[i]] = 1;
        }
        scm_style_free(st);
    }
    if (d != NULL)
        closedir(d);
    CHECK(n >= 4);
}

/* The default colours of the sample style are near whites and greys: the check says so. */
static void
test_color_problems_found(void)
{
    scm_style *st = NULL;
    char *problems = NULL;
    CHECK_STATUS(ctx, scm_style_read(ctx, D "style_sample.json", &st), SCM_OK);
    if (st == NULL)
        return;
    CHECK_STATUS(ctx, scm_style_color_problems(ctx, st, &problems), SCM_OK);
    CHECK(problems != NULL && strstr(problems, "class \"not_yet\" #f0f0f0") != NULL);
    CHECK(problems != NULL && strstr(problems, "(CIEDE2000); make them at least 10 apart") != NULL);
    free(problems);
    scm_style_free(st);
}

int
main(void)
{
    if (scm_ctx_new(&ctx) != SCM_OK)
        return 1;
    RUN(test_shipped_styles_parse);
    RUN(test_sample_style);
    RUN(test_bad_styles);
    RUN(test_style_not_a_file);
    RUN(test_style_name_is_identifier);
    RUN(test_classes_and_palettes);
    RUN(test_snapshot_date);
    RUN(test_shipped_styles_colors);
    RUN(test_color_problems_found);
    scm_ctx_free(ctx);
    return scm_test_report();
}
