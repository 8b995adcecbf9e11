/* SPDX-License-Identifier: MIT */
/* Per county and period: the metric, its class, the numbers behind each map, and the words
 * every output shows for them (src/timeline/words.c), in English and Spanish. */
#ifndef SCMAP_TIMELINE_H
#define SCMAP_TIMELINE_H

#include "scmap/classify.h"
#include "scmap/core.h"
#include "scmap/data.h"
#include "scmap/style.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct scm_timeline_opts {
    int has_range; /* nonzero: first..last below, else the periods the data touch */
    scm_period first, last;
    int kind_override; /* nonzero: use `kind` instead of the style's period kind */
    scm_period_kind kind;
    /* A region edition (--region): NULL for the whole country, else one byte a county of the
     * shapes, 1 in the area (scm_timeline_region_parse); counts, count lines and alt text then
     * speak of the area alone. Copied. */
    const uint8_t *region;
    const char *region_name[2]; /* its name in English and Spanish ("Texas") */
} scm_timeline_opts;

typedef struct scm_timeline scm_timeline;

/* Computes metrics and classes for every county and period. Keeps pointers to ds and st:
 * both must outlive the timeline. opts may be NULL. */
scm_status scm_timeline_new(scm_ctx *ctx, const scm_dataset *ds, const scm_style *st,
                            const scm_timeline_opts *opts, scm_timeline **out);
void scm_timeline_free(scm_timeline *tl);
const scm_dataset *scm_timeline_dataset(const scm_timeline *tl);
const scm_style *scm_timeline_style(const scm_timeline *tl);
size_t scm_timeline_n_periods(const scm_timeline *tl);
scm_period scm_timeline_period(const scm_timeline *tl, size_t k);
/* Machine name of period k for file names ("2010Q3"); for a snapshot, its period. */
void scm_timeline_period_name(const scm_timeline *tl, size_t k, char buf[16]);
/* Reader label of period k in lang ("2010 Q3", "2010 T3": scm_period_label), or the style's
 * snapshot label. Frames, alt text, count lines and periods.json all take it from here. */
const char *scm_timeline_period_label(const scm_timeline *tl, size_t k, scm_lang lang,
                                      char buf[96]);
size_t scm_timeline_n_counties(const scm_timeline *tl);
/* Class of every county in period k (n_counties bytes), fixed across periods. */
const uint8_t *scm_timeline_classes(const scm_timeline *tl, size_t k);
/* The metric of county c in period k; NaN where there is none. */
double scm_timeline_value(const scm_timeline *tl, size_t c, size_t k);

/* Classes in legend order: bins low to high, then the special classes. */
size_t scm_timeline_n_classes(const scm_timeline *tl);
scm_class_kind scm_timeline_class_kind(const scm_timeline *tl, size_t cls);
scm_rgba scm_timeline_class_color(const scm_timeline *tl, size_t cls);
/* Legend label of a class ("12.5 - 40.2", "Not yet activated"). */
const char *scm_timeline_class_label(const scm_timeline *tl, size_t cls, scm_lang lang,
                                     char buf[96]);
const double *scm_timeline_breaks(const scm_timeline *tl, size_t *n);

/* The longest count line, in bytes: a longer template's result ends between characters. */
#define SCM_COUNT_LINE_MAX 255

/* The running count of period k in lang, as frames draw it under the title: the style's
 * count_line template ({num} {den} {share} {counties} {states} {counties_with_data}) filled with
 * the period's numbers, or "N counties in S states so far". Numbers read "3,142" in English,
 * "3.142" in Spanish. Borrowed from tl; periods.json carries it as "count_line": {"en", "es"}. */
const char *scm_timeline_count_line(const scm_timeline *tl, size_t k, scm_lang lang);
/* One or two plain sentences on what the map of period k shows, in lang, around its period
 * label and count line: the alt text of frames and of the viewer ("alt": {"en", "es"} in
 * periods.json). Borrowed from tl. */
const char *scm_timeline_alt_text(const scm_timeline *tl, size_t k, scm_lang lang);

/* Counties activated by the end of period k, newly activated in it, and states (and DC)
 * with at least one activated county. */
void scm_timeline_rollout(const scm_timeline *tl, size_t k, size_t *activated, size_t *newly,
                          size_t *states);

/* Period k's counts over all units, each unit once: numerator (or count) and denominator
 * sums, and the counties drawn as "too few to show". */
void scm_timeline_totals(const scm_timeline *tl, size_t k, double *num, double *den,
                         size_t *too_few);

/* Every county in every period: fips, name, period, activation date, value, class and its
 * label, as CSV. Caller frees *out. */
scm_status scm_timeline_counties_csv(scm_ctx *ctx, const scm_timeline *tl, char **out);

/* The numbers behind every map, one CSV row per period. Caller frees *out. */
scm_status scm_timeline_stats_csv(scm_ctx *ctx, const scm_timeline *tl, char **out);

/* The area of a region edition from spec: a state's postal code ("TX") or FIPS code ("48"),
 * or county FIPS codes separated by commas ("48201,48113"). *mask gets one byte a county of sh,
 * 1 in the area: the caller frees it. name[lang] is its name for titles ("Texas", "Harris and
 * Dallas, Texas"). SCM_EINVAL for a code that is no state and no county of sh. */
scm_status scm_timeline_region_parse(scm_ctx *ctx, const scm_shapes *sh, const char *spec,
                                     uint8_t **mask, char name[2][160]);
/* The region mask of scm_timeline_opts (one byte a county), or NULL for the whole country. */
const uint8_t *scm_timeline_region(const scm_timeline *tl);

/* What the map of period k says of county c in lang, for a callout: name[] its name and state
 * ("Harris, Texas"); line[] its value and unit, its activation day ("Activated February 24,
 * 2009") or its class ("Not yet activated"), from the numbers of the alt text. */
void scm_timeline_county_words(const scm_timeline *tl, size_t c, size_t k, scm_lang lang,
                               char name[160], char line[160]);

#ifdef __cplusplus
}
#endif
#endif
