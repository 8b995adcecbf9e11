/* SPDX-License-Identifier: MIT */
/* Core types: run context, status codes, logging, dates, colours, images. */
#ifndef SCMAP_CORE_H
#define SCMAP_CORE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SCMAP_VERSION "0.1.0"

typedef enum scm_status {
    SCM_OK = 0,
    SCM_EINVAL, /* a bad argument or flag: a usage error */
    SCM_ENOMEM,
    SCM_EIO,   /* a file could not be read or written */
    SCM_EDATA, /* malformed input data: tables, shapes, styles */
    SCM_EPROJ, /* a coordinate transformation failed */
    SCM_ERENDER,
    SCM_ECANCEL /* stopped through the flag of scm_ctx_set_cancel (a signal) */
} scm_status;

/* SCM_LOG_TIMING comes only after scm_ctx_set_timings(ctx, 1): msg is "<seconds>\t<step>",
 * the CLOCK_MONOTONIC time at which a step of the run ended, for a caller that times them. */
typedef enum scm_log_level { SCM_LOG_INFO, SCM_LOG_WARN, SCM_LOG_TIMING } scm_log_level;

/* Receives non-fatal messages (warnings, progress notes); msg has no final newline. */
typedef void (*scm_log_fn)(void *user, scm_log_level level, const char *msg);

typedef struct scm_ctx scm_ctx;

/* A new context, one per thread. SCM_ENOMEM on failure. */
scm_status scm_ctx_new(scm_ctx **out);
void scm_ctx_free(scm_ctx *ctx);
/* Keeps fn and user until changed; fn NULL drops messages. */
void scm_ctx_set_log(scm_ctx *ctx, scm_log_fn fn, void *user);
/* on non-zero: the steps of a run (drivers registered, shapes read, tables joined, geometry
 * projected, first and last tile...) report when they end, as SCM_LOG_TIMING messages to the
 * log hook. Off by default; it costs a clock read per step, none per tile. */
void scm_ctx_set_timings(scm_ctx *ctx, int on);
/* Keeps flag (NULL: none). Once *flag is non-zero, long loops (rendering tiles, writing
 * containers) stop at the next step, remove their temporary files and return SCM_ECANCEL.
 * A signal handler may set it. Worker contexts of a call inherit it. */
void scm_ctx_set_cancel(scm_ctx *ctx, const volatile sig_atomic_t *flag);
/* The first error recorded since the last scm_ctx_clear_error, or "" if none. */
const char *scm_ctx_errmsg(const scm_ctx *ctx);
scm_status scm_ctx_status(const scm_ctx *ctx);
void scm_ctx_clear_error(scm_ctx *ctx);
const char *scm_strerror(scm_status s);
const char *scm_version(void);

/* Days since 1970-01-01 (proleptic Gregorian); SCM_DATE_NONE means "no date". */
typedef int32_t scm_date;
#define SCM_DATE_NONE INT32_MIN

scm_date scm_date_from_ymd(int y, int m, int d);
void scm_date_to_ymd(scm_date d, int *y, int *m, int *day);
/* Years a date or a period may have; outside them a year is a typo, and its timeline would
 * not fit. */
#define SCM_YEAR_MIN 1900
#define SCM_YEAR_MAX 2100
/* Parses the whole of s (spaces around it aside): ISO YYYY-MM-DD (also YYYY/MM/DD), US
 * M/D/YYYY, either maybe with a time of day (T13:45, 1:45:00 PM) that is checked and dropped,
 * or an Excel serial day number (1900 system, plain decimal digits, fraction ignored).
 * Returns 0 on success, -2 for a real date outside SCM_YEAR_MIN..SCM_YEAR_MAX, -1 otherwise. */
int scm_date_parse(const char *s, scm_date *out);
/* Writes YYYY-MM-DD and a NUL into buf (11 bytes). */
void scm_date_format(scm_date d, char buf[11]);

/* A reporting period. Calendar quarters by default; federal fiscal quarters run
 * October-December (Q1) to July-September (Q4) of the fiscal year named by its end. */
typedef enum scm_period_kind {
    SCM_PERIOD_QUARTER,
    SCM_PERIOD_FISCAL_QUARTER,
    SCM_PERIOD_MONTH,
    SCM_PERIOD_YEAR
} scm_period_kind;

/* index counts periods from year 0: year*4+q-1 for quarters, year*12+m-1 for months. */
typedef struct scm_period {
    scm_period_kind kind;
    int32_t index;
} scm_period;

scm_period scm_period_of(scm_period_kind kind, scm_date d);
scm_date scm_period_start(scm_period p);
/* The last day inside p. */
scm_date scm_period_end(scm_period p);
/* Languages of the text the library writes: labels, count lines, alt text. */
typedef enum scm_lang { SCM_LANG_EN, SCM_LANG_ES } scm_lang;

/* Machine label: "2008Q4", "FY2009Q1", "2008-10", "2008". */
void scm_period_format(scm_period p, char buf[16]);
/* Reader label in lang: "2008 Q4", "FY2009 Q1", "2008-10", "2008"; in Spanish "2008 T4"
 * (trimestre) and "AF2009 T1" (año fiscal). The one place a period gets its words. */
void scm_period_label(scm_period p, scm_lang lang, char buf[16]);
/* Parses any machine or reader label above (FY forms give fiscal quarters). 0 on success,
 * -2 for a year outside SCM_YEAR_MIN..SCM_YEAR_MAX, -1 otherwise. */
int scm_period_parse(const char *s, scm_period *out);
/* Parses a kind name: "quarter", "fiscal-quarter", "month", "year". 0 on success. */
int scm_period_kind_parse(const char *s, scm_period_kind *out);

/* Normalises a county FIPS code in place into out: 5 digits. A code that lost its leading
 * zero to a numeric column ("1001", "1001.0") is repaired and *repaired set to 1.
 * Returns 0 on success, -1 if s is not a county FIPS code. */
int scm_fips_normalize(const char *s, char out[6], int *repaired);

typedef struct scm_rgba {
    uint8_t r, g, b, a;
} scm_rgba;

/* Parses "#rgb", "#rrggbb" or "#rrggbbaa". Returns 0 on success, -1 otherwise. */
int scm_rgba_parse(const char *s, scm_rgba *out);
/* The colour in CIE L*a*b* (D65): L 0 to 100, then a and b. Alpha is ignored. */
void scm_rgba_to_lab(scm_rgba c, double lab[3]);
/* CIEDE2000 colour difference of two L*a*b* colours: about 1 is a just-noticeable
 * difference, 10 and more is told apart at a glance. */
double scm_color_delta_e2000(const double lab1[3], const double lab2[3]);
/* CIEDE2000 difference of two sRGB colours. */
double scm_rgba_delta_e(scm_rgba a, scm_rgba b);

typedef struct scm_bbox {
    double minx, miny, maxx, maxy;
} scm_bbox;

/* The bbox of nothing (minx > maxx), to grow with the two below: adding a point or a box
 * to it gives that point's or box's bounds. */
static inline scm_bbox
scm_bbox_empty(void)
{
    scm_bbox b = {1e300, 1e300, -1e300, -1e300};
    return b;
}

static inline void
scm_bbox_add_point(scm_bbox *b, double x, double y)
{
    b->minx = x < b->minx ? x : b->minx;
    b->miny = y < b->miny ? y : b->miny;
    b->maxx = x > b->maxx ? x : b->maxx;
    b->maxy = y > b->maxy ? y : b->maxy;
}

static inline void
scm_bbox_union(scm_bbox *b, const scm_bbox *o)
{
    b->minx = o->minx < b->minx ? o->minx : b->minx;
    b->miny = o->miny < b->miny ? o->miny : b->miny;
    b->maxx = o->maxx > b->maxx ? o->maxx : b->maxx;
    b->maxy = o->maxy > b->maxy ? o->maxy : b->maxy;
}

/* Straight (not premultiplied) RGBA, rows top-down, stride = 4 * width. */
typedef struct scm_image {
    uint32_t width;
    uint32_t height;
    uint8_t *rgba;
} scm_image;

/* Allocates a cleared image; free with scm_image_free. */
scm_status scm_image_new(scm_ctx *ctx, uint32_t width, uint32_t height, scm_image **out);
void scm_image_free(scm_image *img);

/* An image of at most 256 colours: a palette index a pixel. */
typedef struct scm_indexed {
    uint32_t width;
    uint32_t height;
    uint8_t *index;      /* width x height */
    uint32_t color[256]; /* straight RGBA as 0xRRGGBBAA, in the order first met */
    int n_colors;
} scm_indexed;

scm_status scm_indexed_new(scm_ctx *ctx, uint32_t width, uint32_t height, scm_indexed **out);
void scm_indexed_free(scm_indexed *im);

/* s as a JSON string literal, quotes included, in a new string the caller frees with free().
 * For writers of JSON outside the library (the CLI's viewer config). SCM_ENOMEM. */
scm_status scm_json_quote(scm_ctx *ctx, const char *s, char **out);

/* mkdir -p: path and every missing folder above it. SCM_EIO naming the folder that could not
 * be made. */
scm_status scm_mkdirs(scm_ctx *ctx, const char *path);

/* Writes len bytes of data to path so that path holds either the whole file or what it held
 * before: under a temporary name beside it, then renamed (a path that exists and is not a
 * regular file, such as /dev/stdout, is written in place). SCM_EIO naming path and the
 * reason ("No space left on device"); no temporary file is left behind. */
scm_status scm_write_file_atomic(scm_ctx *ctx, const char *path, const void *data, size_t len);

/* Polygon geometry for many features, in one CRS. Rings of feature f are
 * feature_ring[f] .. feature_ring[f+1]-1; points of ring r are ring_point[r] ..
 * ring_point[r+1]-1; xy holds x,y pairs. Outer rings wind one way and holes the
 * other, so a non-zero fill draws holes. */
typedef struct scm_geometry {
    size_t n_features;
    size_t n_rings;
    size_t n_points;
    size_t *feature_ring; /* n_features + 1 */
    size_t *ring_point;   /* n_rings + 1 */
    double *xy;           /* 2 * n_points */
    scm_bbox *bbox;       /* n_features; an empty feature has minx > maxx */
} scm_geometry;

scm_status scm_geometry_copy(scm_ctx *ctx, const scm_geometry *g, scm_geometry **out);
/* Recomputes every feature's bbox from xy. */
void scm_geometry_update_bbox(scm_geometry *g);
void scm_geometry_free(scm_geometry *g);
/* Marks, for each point of g, whether the segment from it to the next point of its ring is
 * the first occurrence of that segment (in either direction) in g. edge has n_points bytes. */
scm_status scm_geometry_mark_edges(scm_ctx *ctx, const scm_geometry *g, uint8_t *edge);

#ifdef __cplusplus
}
#endif
#endif
