/* SPDX-License-Identifier: MIT */
/* Styles (the JSON files in styles/): one map's data sources, metric, classes, colours and text. */
#ifndef SCMAP_STYLE_H
#define SCMAP_STYLE_H

#include "scmap/classify.h"
#include "scmap/core.h"
#include "scmap/data.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum scm_metric_type {
    SCM_METRIC_ACTIVATION, /* not yet / activated this period / active since */
    SCM_METRIC_COUNT,      /* sum of count columns */
    SCM_METRIC_RATE,       /* sum of count columns per `per` residents, or per `per` of the
                              sum of denominator columns */
    SCM_METRIC_SHARE,      /* sum of numerator columns over sum of denominator columns */
    SCM_METRIC_DAYS_ACTIVE /* days from activation to the period's end */
} scm_metric_type;

/* Kinds of class; a style's classes are bins (low to high) and then the special ones. */
typedef enum scm_class_kind {
    SCM_CLASS_BIN,
    SCM_CLASS_NEW,    /* activated in this period */
    SCM_CLASS_ACTIVE, /* activated before this period */
    SCM_CLASS_ZERO,
    SCM_CLASS_TOO_FEW,    /* count or denominator under the style's minimum */
    SCM_CLASS_NOT_YET,    /* not activated by the period's end */
    SCM_CLASS_NO_DATA,    /* no activation date (the territories), or no number to show */
    SCM_CLASS_NOT_IN_FILE /* activated, but no row of the counts table covers the county */
} scm_class_kind;
#define SCM_CLASS_N_KINDS (SCM_CLASS_NOT_IN_FILE + 1)

#define SCM_STYLE_MAX_COLUMNS 8
#define SCM_STYLE_MAX_BINS    SCM_CLASSIFY_MAX_BINS

typedef struct scm_style scm_style;

/* Reads and validates a style. Relative data paths are taken from the style's folder.
 * SCM_EIO if it cannot be read; SCM_EDATA for bad JSON or an unknown key, palette or
 * method, with file, line, column and key in the message. */
scm_status scm_style_read(scm_ctx *ctx, const char *path, scm_style **out);
void scm_style_free(scm_style *st);

const char *scm_style_name(const scm_style *st);
/* Text in a language (SCM_LANG_EN, SCM_LANG_ES): falls back to English. Never NULL. */
const char *scm_style_title(const scm_style *st, int lang);
const char *scm_style_subtitle(const scm_style *st, int lang);
const char *scm_style_source(const scm_style *st, int lang);
/* Any text key of the style ("title", "alt", "attribution"...) in a language, falling back to
 * English; NULL when the style has none. */
const char *scm_style_text(const scm_style *st, const char *key, int lang);
/* Replaces a text key in one language (an override from the command line, say), leaving the
 * other as it was; pointers returned before for that key are no longer valid. SCM_ENOMEM, or
 * SCM_EDATA for text that is not UTF-8. */
scm_status scm_style_set_text(scm_ctx *ctx, scm_style *st, const char *key, int lang,
                              const char *text);
/* Data sources as the style names them; the caller may override members. Paths are
 * borrowed from st. */
void scm_style_sources(const scm_style *st, scm_sources *out);
scm_period_kind scm_style_period_kind(const scm_style *st);
scm_metric_type scm_style_metric(const scm_style *st);
double scm_style_per(const scm_style *st);
/* The small-number rule: a county whose denominator is under min_denominator, or whose
 * count (numerator) is above zero but under min_count, is "too few to show". 0: no rule. */
double scm_style_min_denominator(const scm_style *st);
double scm_style_min_count(const scm_style *st);
int scm_style_cumulative(const scm_style *st);
/* Count columns: numerators first, then denominators (a share's, or a rate's over columns). */
size_t scm_style_n_numerators(const scm_style *st);
size_t scm_style_n_denominators(const scm_style *st);
scm_classify_method scm_style_method(const scm_style *st);
/* Requested bins (for quantile, equal, jenks, log), or the manual breaks. */
size_t scm_style_n_bins(const scm_style *st);
const double *scm_style_manual_breaks(const scm_style *st, size_t *n);
/* The special classes a map of this style can show, in legend order (after the bins); returns
 * their number. Timelines and the colour check take them from here. */
#define SCM_STYLE_MAX_SPECIALS 6
size_t scm_style_special_kinds(const scm_style *st, scm_class_kind out[SCM_STYLE_MAX_SPECIALS]);
/* Colour of bin i of n, from the palette. */
scm_rgba scm_style_bin_color(const scm_style *st, size_t i, size_t n);
scm_rgba scm_style_class_color(const scm_style *st, scm_class_kind kind);
/* CIEDE2000 differences a reader can rely on: a special class (no data, not yet, too few...)
 * against any other colour of its legend, and neighbouring bins. */
#define SCM_STYLE_MIN_SPECIAL_DE 10.0
#define SCM_STYLE_MIN_BIN_DE     5.0
/* The colour pairs of any legend the style can draw that are closer than those minimums, one
 * line each naming both colours, or *out NULL when there are none. Caller frees *out.
 * SCM_ENOMEM. */
scm_status scm_style_color_problems(scm_ctx *ctx, const scm_style *st, char **out);
const char *scm_style_class_label(const scm_style *st, scm_class_kind kind, int lang);
/* Legend number format: value * scale, with decimals, then suffix ("%"). */
double scm_style_label_scale(const scm_style *st);
int scm_style_label_decimals(const scm_style *st);
const char *scm_style_label_suffix(const scm_style *st);
scm_rgba scm_style_outline_color(const scm_style *st);
double scm_style_outline_width(const scm_style *st);
/* State borders on frames and stills ("states" key); width 0 when the style turns them off. */
scm_rgba scm_style_states_color(const scm_style *st);
double scm_style_states_width(const scm_style *st);
/* Turns the state borders off, as "states": false would (scmap's --no-states). */
void scm_style_hide_states(scm_style *st);
/* Which labels frames and stills draw ("map_labels" key: "states", the default, "cities",
 * "all" or "none"; scmap's --labels): a set of bits. */
typedef enum scm_map_labels {
    SCM_LABELS_NONE = 0,
    SCM_LABELS_STATES = 1,
    SCM_LABELS_CITIES = 2,
    SCM_LABELS_ALL = 3
} scm_map_labels;
/* Parses "states", "cities", "all" or "none"; 0 on success, -1 otherwise. */
int scm_map_labels_parse(const char *s, scm_map_labels *out);
scm_map_labels scm_style_map_labels(const scm_style *st);
void scm_style_set_map_labels(scm_style *st, scm_map_labels labels);
/* The places table of city labels (geonames_id,name,state,lon,lat,population,...; lon/lat in
 * WGS 84): scmap's data/places/ file, set by the caller, copied. NULL until set. SCM_ENOMEM. */
scm_status scm_style_set_places(scm_ctx *ctx, scm_style *st, const char *path);
const char *scm_style_places(const scm_style *st);
/* Drawn under all counties, so that antialiased borders never show the background. */
scm_rgba scm_style_land_color(const scm_style *st);
/* The running-count line of frames as a template, or NULL for the default: {num} {den}
 * {share} (numerator, denominator, their ratio), {counties} {states} (activated by the
 * period's end), {counties_with_data} (activated ones the counts table has figures for). */
const char *scm_style_count_line(const scm_style *st, int lang);
/* What a value counts, after the number in sentences ("per 100,000 residents"), or NULL. */
const char *scm_style_unit(const scm_style *st, int lang);
/* Period label override for a snapshot ("ICE statistics, 2012 release"), or NULL. */
const char *scm_style_snapshot_label(const scm_style *st, int lang);

/* Sets a string member of the style's JSON (object NULL: the top level; "data": a data key),
 * or removes it when value is NULL, for scm_style_dump. The sources and words the style was
 * read with do not change. SCM_EINVAL when the object is missing, SCM_EDATA for text that is
 * not UTF-8. */
scm_status scm_style_set_member(scm_ctx *ctx, scm_style *st, const char *object, const char *key,
                                const char *value);
/* The style as JSON text, with the changes made by scm_style_set_text and
 * scm_style_set_member; texts emptied are left out. Caller frees *out. SCM_ENOMEM. */
scm_status scm_style_dump(scm_ctx *ctx, const scm_style *st, char **out);

#ifdef __cplusplus
}
#endif
#endif
