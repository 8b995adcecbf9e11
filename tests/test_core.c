/* SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L
#include "scmap/scmap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../src/core/core_private.h"
#include "scm_test.h"

#include "../src/core/core_private.h"

static void
test_date_roundtrip(void)
{
    int y, m, d;
    CHECK(scm_date_from_ymd(1970, 1, 1) == 0);
    scm_date_to_ymd(scm_date_from_ymd(2008, 10, 27), &y, &m, &d);
    CHECK(y == 2008 && m == 10 && d == 27);
    scm_date_to_ymd(scm_date_from_ymd(2012, 2, 29), &y, &m, &d);
    CHECK(y == 2012 && m == 2 && d == 29);
}

static void
test_date_parse_formats(void)
{
    scm_date d;
    char buf[11];
    CHECK(scm_date_parse("2008-10-27", &d) == 0 && d == scm_date_from_ymd(2008, 10, 27));
    CHECK(scm_date_parse("10/27/2008", &d) == 0 && d == scm_date_from_ymd(2008, 10, 27));
    CHECK(scm_date_parse("1/5/2013", &d) == 0 && d == scm_date_from_ymd(2013, 1, 5));
    /* Excel serial 39748 is 2008-10-27 (1900 date system). */
    CHECK(scm_date_parse("39748", &d) == 0 && d == scm_date_from_ymd(2008, 10, 27));
    CHECK(scm_date_parse("39748.5", &d) == 0 && d == scm_date_from_ymd(2008, 10, 27));
    CHECK(scm_date_parse("2008/10/27", &d) == 0);
    CHECK(scm_date_parse("2011-02-30", &d) != 0);
    CHECK(scm_date_parse("13/1/2011", &d) != 0);
    CHECK(scm_date_parse("27.10.2008", &d) != 0);
    CHECK(scm_date_parse("soon", &d) != 0);
    CHECK(scm_date_parse("", &d) != 0);
    CHECK(scm_date_parse("-5", &d) != 0);
    scm_date_format(scm_date_from_ymd(2013, 1, 22), buf);
    CHECK_STR(buf, "2013-01-22");
}

static void
test_fips_normalize(void)
{
    char out[6];
    int rep;
    CHECK(scm_fips_normalize("01001", out, &rep) == 0 && rep == 0);
    CHECK_STR(out, "01001");
    CHECK(scm_fips_normalize("1001", out, &rep) == 0 && rep == 1);
    CHECK_STR(out, "01001");
    CHECK(scm_fips_normalize("1001.0", out, &rep) == 0 && rep == 1);
    CHECK_STR(out, "01001");
    CHECK(scm_fips_normalize(" 36085 ", out, &rep) == 0 && rep == 0);
    CHECK(scm_fips_normalize("101", out, &rep) != 0);
    CHECK(scm_fips_normalize("360851", out, &rep) != 0);
    CHECK(scm_fips_normalize("3608A", out, &rep) != 0);
    CHECK(scm_fips_normalize("36000", out, &rep) != 0);
    CHECK(scm_fips_normalize("", out, &rep) != 0);
    CHECK(scm_fips_normalize("1001.5", out, &rep) != 0);
}

static void
test_periods(void)
{
    scm_period p;
    char buf[16];
    scm_date d = scm_date_from_ymd(2008, 10, 27);
    p = scm_period_of(SCM_PERIOD_QUARTER, d);
    scm_period_format(p, buf);
    CHECK_STR(buf, "2008Q4");
    CHECK(scm_period_start(p) == scm_date_from_ymd(2008, 10, 1));
    CHECK(scm_period_end(p) == scm_date_from_ymd(2008, 12, 31));
    p = scm_period_of(SCM_PERIOD_FISCAL_QUARTER, d);
    scm_period_label(p, SCM_LANG_EN, buf);
    CHECK_STR(buf, "FY2009 Q1");
    CHECK(scm_period_start(p) == scm_date_from_ymd(2008, 10, 1));
    p = scm_period_of(SCM_PERIOD_FISCAL_QUARTER, scm_date_from_ymd(2010, 9, 30));
    scm_period_label(p, SCM_LANG_EN, buf);
    CHECK_STR(buf, "FY2010 Q4");
    CHECK(scm_period_end(p) == scm_date_from_ymd(2010, 9, 30));
    p = scm_period_of(SCM_PERIOD_MONTH, d);
    scm_period_format(p, buf);
    CHECK_STR(buf, "2008-10");
    CHECK(scm_period_end(p) == scm_date_from_ymd(2008, 10, 31));
    CHECK(scm_period_parse("2010Q3", &p) == 0 && p.kind == SCM_PERIOD_QUARTER);
    CHECK(scm_period_start(p) == scm_date_from_ymd(2010, 7, 1));
    CHECK(scm_period_parse("FY2011 Q1", &p) == 0 && p.kind == SCM_PERIOD_FISCAL_QUARTER);
    CHECK(scm_period_start(p) == scm_date_from_ymd(2010, 10, 1));
    CHECK(scm_period_parse("2012", &p) == 0 && p.kind == SCM_PERIOD_YEAR);
    CHECK(scm_period_parse("2012-13", &p) != 0);
    CHECK(scm_period_parse("2012Q5", &p) != 0);
}

static void
test_rgba_parse(void)
{
    scm_rgba c;
    CHECK(scm_rgba_parse("#ff8000", &c) == 0 && c.r == 255 && c.g == 128 && c.b == 0 && c.a == 255);
    CHECK(scm_rgba_parse("#fff", &c) == 0 && c.g == 255);
    CHECK(scm_rgba_parse("#00000080", &c) == 0 && c.a == 128);
    CHECK(scm_rgba_parse("red", &c) != 0);
    CHECK(scm_rgba_parse("#ggg", &c) != 0);
}

static void
test_error_keeps_first(void)
{
    scm_ctx *ctx;
    CHECK(scm_ctx_new(&ctx) == SCM_OK);
    CHECK_STR(scm_ctx_errmsg(ctx), "");
    CHECK_STR(scm_strerror(SCM_EDATA), "malformed data");
    scm_ctx_free(ctx);
}

/* A cell is a value only if the whole of it is: "9/29/20091" and "2009-09-29 garbage" are not
 * dates, "0x9B44" is not a serial, and years outside 1900-2100 are refused as such (-2). */
static void
test_values_are_whole_cells(void)
{
    static const char *const dates_ok[] = {"2008-10-27",
                                           " 2008-10-27 \t",
                                           "2008-10-27T00:00:00",
                                           "2008-10-27 13:45:10.5",
                                           "2008/10/27 00:00:00Z",
                                           "10/27/2008",
                                           "10/27/2008 0:00",
                                           "10/27/2008 12:00:00 AM",
                                           "39748",
                                           "39748.5",
                                           " 39748 "};
    static const char *const dates_bad[] = {"9/29/20091",
                                            "2009-09-29 garbage",
                                            "0x9B44",
                                            "39748e0",
                                            "inf",
                                            "nan",
                                            "1e4",
                                            "+39748",
                                            "39748.",
                                            "2009-9-29x",
                                            "09/29/09",
                                            "20091-01-01",
                                            "2009-02-29",
                                            "2009-09-29T25:00",
                                            "2009-09-29T",
                                            "10/27/2008x",
                                            "10/27/2008 12",
                                            "2009-09-29 ",
                                            "2009-09-29 1:2",
                                            "39,748",
                                            "2009-09-29Z",
                                            "",
                                            " ",
                                            "-39748",
                                            "39748 1"};
    static const char *const num_bad[] = {"0x9B44", "inf", "nan", "1,234", "12abc", "",  " ",
                                          "1e",     "--1", "+-1", "1e400", "0x1p3", ".", "1.2.3"};
    scm_date d;
    scm_period p;
    double v;
    char fips[6];
    int rep;
    size_t i;
    for (i = 0; i < sizeof dates_ok / sizeof dates_ok[0]; i++) {
        d = 0;
        CHECK(scm_date_parse(dates_ok[i], &d) == 0);
        CHECK(d == scm_date_from_ymd(2008, 10, 27));
    }
    /* "2009-09-29 " is whole (trailing space); its day is not 2008-10-27 but it parses. */
    for (i = 0; i < sizeof dates_bad / sizeof dates_bad[0]; i++)
        if (strcmp(dates_bad[i], "2009-09-29 ") != 0 && scm_date_parse(dates_bad[i], &d) == 0) {
            fprintf(stderr, "date \"%s\" parsed\n", dates_bad[i]);
            CHECK(0);
        }
    CHECK(scm_date_parse("2009-09-29 ", &d) == 0);
    CHECK(scm_date_parse("9999-12-31", &d) == -2);
    CHECK(scm_date_parse("1899-12-31", &d) == -2);
    CHECK(scm_date_parse("2958465", &d) == -2); /* 9999-12-31 as a serial */
    CHECK(scm_date_parse("1", &d) == 0 && d == scm_date_from_ymd(1900, 1, 1));
    CHECK(scm_period_parse("9999Q1", &p) == -2);
    CHECK(scm_period_parse("FY2500 Q1", &p) == -2);
    CHECK(scm_period_parse("2009Q1 ", &p) == 0 && p.index == 2009 * 4);
    CHECK(scm_period_parse("2009Q1x", &p) == -1);
    CHECK(scm_period_parse("20091Q1", &p) == -1);
    CHECK(scm_period_parse("2009-07 ", &p) == 0 && p.kind == SCM_PERIOD_MONTH);
    CHECK(scm__parse_number("12", &v) == 0 && v == 12);
    CHECK(scm__parse_number(" 12.5 ", &v) == 0 && v == 12.5);
    CHECK(scm__parse_number("1e15", &v) == 0 && v == 1e15);
    CHECK(scm__parse_number("-3", &v) == 0 && v == -3);
    CHECK(scm__parse_number(".5", &v) == 0 && v == 0.5);
    for (i = 0; i < sizeof num_bad / sizeof num_bad[0]; i++)
        if (scm__parse_number(num_bad[i], &v) == 0) {
            fprintf(stderr, "number \"%s\" parsed\n", num_bad[i]);
            CHECK(0);
        }
    CHECK(scm_fips_normalize("0x3E9", fips, &rep) != 0);
    CHECK(scm_fips_normalize("+1001", fips, &rep) != 0);
    CHECK(scm_fips_normalize("1001e0", fips, &rep) != 0);
    CHECK(scm_fips_normalize("48201 x", fips, &rep) != 0);
    CHECK(scm_fips_normalize(" 1001.0 ", fips, &rep) == 0 && strcmp(fips, "01001") == 0 && rep);
    CHECK(scm_rgba_parse("#ffffff ", &(scm_rgba){0}) != 0);
    CHECK(scm_rgba_parse("#0x1234", &(scm_rgba){0}) != 0);
    CHECK(scm_rgba_parse("#-fffff", &(scm_rgba){0}) != 0);
}

/* One temporary name for every file scmap writes, never the same twice, and the sweep's test
 * of it takes no one else's file. */
static void
test_tmp_names(void)
{
    static const char *const users[] = {
        "report.tmp.docx",  "template.tmpl",     "notes.tmp",       ".notes.tmp",
        "..scmap-1-2.tmp",  ".x.scmap-1-2.tmpl", ".x.scmap-1-.tmp", ".x.scmap--2.tmp",
        ".x.scmap-a-2.tmp", "x.scmap-1-2.tmp",   ".x.scmap1-2.tmp", ".x.scmap-1-2.tmp.png"};
    char a[64], b[64], tiny[8], want[64];
    const char *base;
    long pid = 0;
    size_t i;
    CHECK(scm__tmp_path(a, sizeof a, "out/style/2008Q4.pmtiles") == 0);
    CHECK(scm__tmp_path(b, sizeof b, "out/style/2008Q4.pmtiles") == 0);
    CHECK(strcmp(a, b) != 0);
    snprintf(want, sizeof want, "out/style/.2008Q4.pmtiles.scmap-%ld-", (long)getpid());
    CHECK(strncmp(a, want, strlen(want)) == 0);
    base = strrchr(a, '/') + 1;
    CHECK(scm__is_tmp_name(base, &pid) == 1 && pid == (long)getpid());
    CHECK(scm__tmp_path(a, sizeof a, "counties.json") == 0 && a[0] == '.');
    CHECK(scm__is_tmp_name(a, &pid) == 1);
    CHECK(scm__tmp_path(tiny, sizeof tiny, "counties.json") == ENAMETOOLONG);
    for (i = 0; i < sizeof users / sizeof users[0]; i++) {
        CHECK(scm__is_tmp_name(users[i], &pid) == 0);
        if (scm__is_tmp_name(users[i], &pid))
            fprintf(stderr, "  taken for a temporary file: %s\n", users[i]);
    }
}

/* The cancel flag: nothing until it is set, then SCM_ECANCEL with a message. */
static void
test_cancel_flag(void)
{
    scm_ctx *ctx;
    volatile sig_atomic_t flag = 0;
    CHECK(scm_ctx_new(&ctx) == SCM_OK);
    CHECK(scm__cancelled(ctx) == SCM_OK);
    scm_ctx_set_cancel(ctx, &flag);
    CHECK(scm__cancelled(ctx) == SCM_OK);
    flag = SIGTERM;
    CHECK(scm__cancelled(ctx) == SCM_ECANCEL);
    CHECK(strstr(scm_ctx_errmsg(ctx), "stopped by a signal") != NULL);
    CHECK_STR(scm_strerror(SCM_ECANCEL), "stopped by a signal");
    scm_ctx_free(ctx);
}

/* The buffer's failure is sticky: after one append fails, the buffer keeps what it held,
 * later appends do nothing, and the one check at the end sees the failure. */
static void
test_buf_sticky(void)
{
    scm_buf b = {0};
    CHECK(scm__buf_printf(&b, "a%d", 1) == 0);
    CHECK(!scm__buf_failed(&b));
    CHECK(scm__buf_append(&b, "x", SIZE_MAX / 2) == -1);
    CHECK(scm__buf_failed(&b));
    CHECK(scm__buf_append(&b, "b", 1) == -1);
    CHECK(scm__buf_printf(&b, "c") == -1);
    CHECK(scm__json_string(&b, "d") == -1);
    CHECK(scm__buf_append(&b, "", 0) == -1);
    CHECK(scm__buf_failed(&b));
    CHECK(b.len == 2 && memcmp(b.data, "a1", 2) == 0);
    scm__buf_free(&b);
    CHECK(!scm__buf_failed(&b));
    CHECK(scm__json_string(&b, "q\"\n") == 0 && !scm__buf_failed(&b));
    CHECK(b.len == 11 && memcmp(b.data, "\"q\\\"\\u000a\"", 11) == 0);
    scm__buf_free(&b);
}

/* The one bbox helper: empty until grown, then the bounds of what was added. */
static void
test_bbox(void)
{
    scm_bbox b = scm_bbox_empty(), o = scm_bbox_empty();
    CHECK(b.minx > b.maxx && b.miny > b.maxy);
    scm_bbox_union(&b, &o);
    CHECK(b.minx > b.maxx);
    scm_bbox_add_point(&b, 2, -1);
    CHECK(b.minx == 2 && b.maxx == 2 && b.miny == -1 && b.maxy == -1);
    scm_bbox_add_point(&o, -3, 5);
    scm_bbox_union(&b, &o);
    CHECK(b.minx == -3 && b.maxx == 2 && b.miny == -1 && b.maxy == 5);
}

/* Sharma, Wu and Dalal (2005), Table 1: the 34 test pairs and their CIEDE2000 differences. */
static void
test_ciede2000_sharma(void)
{
    static const double pairs[34][7] = {
        {50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425},
        {50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615},
        {50.0000, 2.8361, -74.0200, 50.0000, 0.0000, -82.7485, 3.4412},
        {50.0000, -1.3802, -84.2814, 50.0000, 0.0000, -82.7485, 1.0000},
        {50.0000, -1.1848, -84.8006, 50.0000, 0.0000, -82.7485, 1.0000},
        {50.0000, -0.9009, -85.5211, 50.0000, 0.0000, -82.7485, 1.0000},
        {50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669},
        {50.0000, -1.0000, 2.0000, 50.0000, 0.0000, 0.0000, 2.3669},
        {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792},
        {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0010, 7.1792},
        {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0011, 7.2195},
        {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0012, 7.2195},
        {50.0000, -0.0010, 2.4900, 50.0000, 0.0009, -2.4900, 4.8045},
        {50.0000, -0.0010, 2.4900, 50.0000, 0.0010, -2.4900, 4.8045},
        {50.0000, -0.0010, 2.4900, 50.0000, 0.0011, -2.4900, 4.7461},
        {50.0000, 2.5000, 0.0000, 50.0000, 0.0000, -2.5000, 4.3065},
        {50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492},
        {50.0000, 2.5000, 0.0000, 61.0000, -5.0000, 29.0000, 22.8977},
        {50.0000, 2.5000, 0.0000, 56.0000, -27.0000, -3.0000, 31.9030},
        {50.0000, 2.5000, 0.0000, 58.0000, 24.0000, 15.0000, 19.4535},
        {50.0000, 2.5000, 0.0000, 50.0000, 3.1736, 0.5854, 1.0000},
        {50.0000, 2.5000, 0.0000, 50.0000, 3.2972, 0.0000, 1.0000},
        {50.0000, 2.5000, 0.0000, 50.0000, 1.8634, 0.5757, 1.0000},
        {50.0000, 2.5000, 0.0000, 50.0000, 3.2592, 0.3350, 1.0000},
        {60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644},
        {63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.2630},
        {61.2901, 3.7196, -5.3901, 61.4292, 2.2480, -4.9620, 1.8731},
        {35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645},
        {22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373},
        {36.4612, 47.8580, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146},
        {90.8027, -2.0831, 1.4410, 91.1528, -1.6435, 0.0447, 1.4441},
        {90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381},
        {6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377},
        {2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082},
    };
    size_t i;
    for (i = 0; i < 34; i++) {
        CHECK_NEAR(scm_color_delta_e2000(pairs[i], pairs[i] + 3), pairs[i][6], 5e-5);
        /* The formula is symmetric. */
        CHECK_NEAR(scm_color_delta_e2000(pairs[i] + 3, pairs[i]), pairs[i][6], 5e-5);
    }
}

/* sRGB white is L 100, a 0, b 0; pure red is about L 53.24, a 80.09, b 67.20. */
static void
test_rgba_to_lab(void)
{
    double lab[3];
    scm_rgba_to_lab((scm_rgba){255, 255, 255, 255}, lab);
    CHECK_NEAR(lab[0], 100, 1e-3);
    CHECK_NEAR(lab[1], 0, 1e-3);
    CHECK_NEAR(lab[2], 0, 1e-3);
    scm_rgba_to_lab((scm_rgba){255, 0, 0, 255}, lab);
    CHECK_NEAR(lab[0], 53.24, 0.01);
    CHECK_NEAR(lab[1], 80.09, 0.01);
    CHECK_NEAR(lab[2], 67.20, 0.01);
    CHECK(scm_rgba_delta_e((scm_rgba){10, 20, 30, 255}, (scm_rgba){10, 20, 30, 0}) == 0);
}

struct timing_log {
    int n, other;
    double t[4];
    char step[4][32];
};

static void
keep_timing(void *user, scm_log_level level, const char *msg)
{
    struct timing_log *l = user;
    char *tab;
    if (level != SCM_LOG_TIMING || l->n == 4) {
        l->other++;
        return;
    }
    l->t[l->n] = strtod(msg, &tab);
    snprintf(l->step[l->n++], sizeof l->step[0], "%s", *tab == '\t' ? tab + 1 : "(no tab)");
}

/* Steps report nothing until asked, then their name and a clock that does not go back. */
static void
test_timings(void)
{
    struct timing_log l = {0};
    scm_ctx *ctx;
    if (scm_ctx_new(&ctx) != SCM_OK) {
        CHECK(0);
        return;
    }
    scm__timing(ctx, "no log hook"); /* nothing to report to */
    scm_ctx_set_log(ctx, keep_timing, &l);
    scm__timing(ctx, "off");
    CHECK(l.n == 0 && l.other == 0);
    scm_ctx_set_timings(ctx, 1);
    scm__timing(ctx, "read shapes");
    scm__timing(ctx, "all tiles");
    CHECK(l.n == 2 && l.other == 0);
    CHECK(strcmp(l.step[0], "read shapes") == 0 && strcmp(l.step[1], "all tiles") == 0);
    CHECK(l.t[0] > 0 && l.t[1] >= l.t[0]);
    scm_ctx_set_timings(ctx, 0);
    scm__timing(ctx, "off again");
    CHECK(l.n == 2);
    scm_ctx_free(ctx);
}

static mode_t
current_umask(void)
{
    mode_t m = umask(0);
    umask(m);
    return m;
}

/* The number of names in folder dir other than . and ..; -1 if it cannot be read. */
static int
count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static int
file_is(const char *path, const char *want)
{
    char buf[64] = {0};
    FILE *fp = fopen(path, "rb");
    size_t n = fp ? fread(buf, 1, sizeof buf - 1, fp) : 0;
    if (fp != NULL)
        fclose(fp);
    return n == strlen(want) && memcmp(buf, want, n) == 0;
}

/* A file written whole (an anonymous file linked in, or a temporary name renamed): new, then
 * replaced, with nothing else left in the folder; a missing folder is ENOENT, which the tile
 * folders are made on. */
static void
test_write_atomic(void)
{
    char dir[4096], path[4200];
    struct stat sb;
    scm_ctx *ctx;
    snprintf(dir, sizeof dir, "%s/write_atomic", SCM_TEST_OUT);
    snprintf(path, sizeof path, "%s/0.png", dir);
    unlink(path);
    rmdir(dir);
    CHECK(scm__write_atomic(path, "new", 3) == ENOENT);
    if (scm_ctx_new(&ctx) == SCM_OK) {
        CHECK_STATUS(ctx, scm_mkdirs(ctx, dir), SCM_OK);
        scm_ctx_free(ctx);
    }
    CHECK(scm__write_atomic(path, "first", 5) == 0);
    CHECK(file_is(path, "first"));
    CHECK(scm__write_atomic(path, "second", 6) == 0);
    CHECK(file_is(path, "second"));
    CHECK(scm__write_atomic(path, "", 0) == 0);
    CHECK(file_is(path, ""));
    CHECK(count_entries(dir) == 1);
    CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == (0644 & ~current_umask()));
}

int
main(void)
{
    RUN(test_date_roundtrip);
    RUN(test_date_parse_formats);
    RUN(test_fips_normalize);
    RUN(test_periods);
    RUN(test_rgba_parse);
    RUN(test_error_keeps_first);
    RUN(test_values_are_whole_cells);
    RUN(test_tmp_names);
    RUN(test_cancel_flag);
    RUN(test_buf_sticky);
    RUN(test_bbox);
    RUN(test_ciede2000_sharma);
    RUN(test_rgba_to_lab);
    RUN(test_timings);
    RUN(test_write_atomic);
    return scm_test_report();
}
