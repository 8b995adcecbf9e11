/* SPDX-License-Identifier: MIT */
/* Every word the timeline writes, in English and Spanish: numbers, class labels, and each
 * period's running count and alt text. Period labels come from scm_period_label. */
#include "scmap/timeline.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/core_private.h"
#include "timeline_private.h"

/* v with decimals places: "1,234.5" in English, "1.234,5" in Spanish. Without group there is
 * no thousands separator ("1234.5", "1234,5"), as legends have always shown their breaks. */
static void
format_number(double v, int decimals, int group, scm_lang lang, char *buf, size_t n)
{
    char digits[400]; /* %.6f of DBL_MAX: 309 digits, a point and 6 more */
    const char *p = digits;
    size_t int_len, i, o = 0;
    snprintf(digits, sizeof digits, "%.*f", decimals, v);
    if (*p == '-' && o + 1 < n)
        buf[o++] = *p++;
    int_len = strcspn(p, ".");
    for (i = 0; p[i] != '\0' && o + 1 < n; i++) {
        if (group && i > 0 && i < int_len && (int_len - i) % 3 == 0) {
            buf[o++] = lang == SCM_LANG_ES ? '.' : ',';
            if (o + 1 >= n)
                break;
        }
        buf[o++] = p[i] != '.' ? p[i] : lang == SCM_LANG_ES ? ',' : '.';
    }
    buf[o] = '\0';
}

/* A metric value as the legend shows it: scaled, rounded, then the style's suffix ("%").
 * Sentences group thousands ("4,560.8"); legends never have. */
static void
format_value(const scm_timeline *tl, double v, int group, scm_lang lang, char *buf, size_t n)
{
    const scm_style *st = scm_timeline_style(tl);
    char num[400];
    format_number(v * scm_style_label_scale(st), scm_style_label_decimals(st), group, lang, num,
                  sizeof num);
    scm__snprintf_utf8(buf, n, "%s%s", num, scm_style_label_suffix(st));
}

const char *
scm_timeline_class_label(const scm_timeline *tl, size_t cls, scm_lang lang, char buf[96])
{
    size_t nb;
    const double *breaks = scm_timeline_breaks(tl, &nb);
    char a[40], b[40];
    scm_class_kind kind = scm_timeline_class_kind(tl, cls);
    if (kind != SCM_CLASS_BIN) {
        scm__snprintf_utf8(buf, 96, "%s",
                           scm_style_class_label(scm_timeline_style(tl), kind, lang));
        return buf;
    }
    if (nb == 0) {
        snprintf(buf, 96, "%s", lang == SCM_LANG_ES ? "Más de cero" : "More than zero");
        return buf;
    }
    if (cls == 0) {
        format_value(tl, breaks[0], 0, lang, a, sizeof a);
        scm__snprintf_utf8(buf, 96, "%s %s", lang == SCM_LANG_ES ? "hasta" : "up to", a);
    } else if (cls == nb) {
        format_value(tl, breaks[cls - 1], 0, lang, a, sizeof a);
        scm__snprintf_utf8(buf, 96, "%s %s", lang == SCM_LANG_ES ? "más de" : "over", a);
    } else {
        format_value(tl, breaks[cls - 1], 0, lang, a, sizeof a);
        format_value(tl, breaks[cls], 0, lang, b, sizeof b);
        scm__snprintf_utf8(buf, 96, "%s \u2013 %s", a, b);
    }
    return buf;
}

/* Replaces {name} placeholders of tpl; a result too long for buf ends between characters. */
static void
fill_template(const char *tpl, const char *const *names, const char *const *values, size_t n,
              char *buf, size_t cap)
{
    size_t o = 0, i, len, got;
    buf[0] = '\0';
    while (*tpl) {
        for (i = 0; i < n; i++) {
            len = strlen(names[i]);
            if (tpl[0] == '{' && strncmp(tpl + 1, names[i], len) == 0 && tpl[1 + len] == '}')
                break;
        }
        if (i < n) {
            got = scm__snprintf_utf8(buf + o, cap - o, "%s", values[i]);
            len = strlen(values[i]);
            tpl += strlen(names[i]) + 2;
        } else {
            len = 1 + strcspn(tpl + 1, "{"); /* literal text up to the next placeholder */
            got = scm__snprintf_utf8(buf + o, cap - o, "%.*s", (int)len, tpl);
            tpl += len;
        }
        o += got;
        if (got < len)
            break;
    }
}

/* The running count: counties activated by the end of period k and their states (DC apart),
 * or the style's template filled with the period's totals. */
static void
count_line(const scm_timeline *tl, size_t k, scm_lang lang, char *buf, size_t n)
{
    static const char *const names[] = {"num",      "den",    "share",
                                        "counties", "states", "counties_with_data"};
    const scm_style *st = scm_timeline_style(tl);
    const scm_dataset *ds = scm_timeline_dataset(tl);
    const scm_shapes *sh = scm_dataset_shapes(ds);
    const char *tpl = scm_style_count_line(st, lang);
    size_t act, newly, states, c, too_few;
    double num, den;
    char v[6][48];
    const char *values[6] = {v[0], v[1], v[2], v[3], v[4], v[5]};
    size_t with = 0;
    int dc = 0;
    scm_timeline_rollout(tl, k, &act, &newly, &states);
    for (c = 0; c < scm_shapes_count(sh); c++)
        dc |= strcmp(scm_shapes_fips(sh, c), "11001") == 0 &&
              scm_dataset_activation(ds, c) != SCM_DATE_NONE &&
              scm_dataset_activation(ds, c) <= scm_period_end(scm_timeline_period(tl, k));
    /* Activated counties the file has figures for (too few to show included): those
     * without a row in the counts table are not "in" the total the line quotes. */
    for (c = 0; c < scm_shapes_count(sh); c++) {
        scm_class_kind kind = scm_timeline_class_kind(tl, scm_timeline_classes(tl, k)[c]);
        with += kind == SCM_CLASS_BIN || kind == SCM_CLASS_ZERO || kind == SCM_CLASS_TOO_FEW;
    }
    format_number((double)with, 0, 1, lang, v[5], sizeof v[5]);
    scm_timeline_totals(tl, k, &num, &den, &too_few);
    format_number(num, 0, 1, lang, v[0], sizeof v[0]);
    format_number(den, 0, 1, lang, v[1], sizeof v[1]);
    format_number(den > 0 ? 100 * num / den : 0.0, 1, 0, lang, v[2], sizeof v[2]);
    strcat(v[2], lang == SCM_LANG_ES ? " %" : "%");
    format_number((double)act, 0, 1, lang, v[3], sizeof v[3]);
    format_number((double)(states - (size_t)dc), 0, 1, lang, v[4], sizeof v[4]);
    strcat(v[4], lang == SCM_LANG_ES ? " estado" : " state");
    strcat(v[4], states - (size_t)dc == 1 ? "" : "s"); /* "1 state", "2 estados" */
    if (dc)
        strcat(v[4], lang == SCM_LANG_ES ? " y DC" : " and DC");
    if (tpl == NULL)
        tpl = lang == SCM_LANG_ES ? "{counties} condados en {states} hasta ahora"
                                  : "{counties} counties in {states} so far";
    fill_template(tpl, names, values, 6, buf, n);
}

/* The county with the highest binned value in period k, or SIZE_MAX. */
static size_t
highest(const scm_timeline *tl, size_t k)
{
    size_t c, best = SIZE_MAX;
    for (c = 0; c < scm_timeline_n_counties(tl); c++) {
        double v = scm_timeline_value(tl, c, k);
        uint8_t cl = scm_timeline_classes(tl, k)[c];
        if (scm_timeline_class_kind(tl, cl) == SCM_CLASS_BIN && !isnan(v) &&
            (best == SIZE_MAX || v > scm_timeline_value(tl, best, k)))
            best = c;
    }
    return best;
}

/* One or two plain sentences on what the map of period k shows, around its count line: the
 * style's "alt" template, or one that names no program. Maps of values then name the highest. */
static int
alt_text(const scm_timeline *tl, size_t k, scm_lang lang, const char *line, size_t n_state_counties,
         scm_buf *b)
{
    static const char *const names[] = {"title", "period", "count_line", "total", "new"};
    const scm_style *st = scm_timeline_style(tl);
    const scm_shapes *sh = scm_dataset_shapes(scm_timeline_dataset(tl));
    const char *tpl = scm_style_text(st, "alt", lang);
    char period[96], total[32], newly_s[32], val[64], sentence[4 * SCM_COUNT_LINE_MAX];
    const char *values[5] = {scm_style_title(st, lang), period, line, total, newly_s};
    size_t act, newly, states, best;
    int activation = scm_style_metric(st) == SCM_METRIC_ACTIVATION, bad;
    scm_timeline_period_label(tl, k, lang, period);
    scm_timeline_rollout(tl, k, &act, &newly, &states);
    format_number((double)n_state_counties, 0, 1, lang, total, sizeof total);
    format_number((double)newly, 0, 1, lang, newly_s, sizeof newly_s);
    if (values[0][0] == '\0') /* a style without a title */
        values[0] = lang == SCM_LANG_ES ? "Mapa de Estados Unidos por condado"
                                        : "Map of the United States by county";
    if (tpl == NULL && activation)
        tpl = lang == SCM_LANG_ES ? "{title}, {period}: {count_line} (de {total} condados). {new} "
                                    "condados se sumaron en este periodo."
                                  : "{title}, {period}: {count_line} (of {total} counties). {new} "
                                    "counties were added in this period.";
    else if (tpl == NULL)
        tpl = "{title}, {period}: {count_line}.";
    fill_template(tpl, names, values, 5, sentence, sizeof sentence);
    bad = scm__buf_printf(b, "%s", sentence);
    if (!activation && (best = highest(tl, k)) != SIZE_MAX) {
        const char *unit = scm_style_unit(st, lang);
        format_value(tl, scm_timeline_value(tl, best, k), 1, lang, val, sizeof val);
        bad |= scm__buf_printf(b,
                               lang == SCM_LANG_ES ? " El valor más alto: %s, %s (%s%s%s)."
                                                   : " Highest: %s, %s (%s%s%s).",
                               scm_shapes_name(sh, best), scm_fips_state(scm_shapes_fips(sh, best)),
                               val, unit != NULL ? " " : "", unit != NULL ? unit : "");
        if (scm_dataset_note(scm_timeline_dataset(tl), best, lang) != NULL) /* the caveat */
            bad |=
                scm__buf_printf(b, " %s.", scm_dataset_note(scm_timeline_dataset(tl), best, lang));
    }
    return bad;
}

scm_status
scm__timeline_words(scm_ctx *ctx, const scm_timeline *tl, size_t k, scm_lang lang,
                    size_t n_state_counties, char **line, char **alt)
{
    char buf[SCM_COUNT_LINE_MAX + 1];
    scm_buf b = {0};
    *line = *alt = NULL;
    count_line(tl, k, lang, buf, sizeof buf);
    if (alt_text(tl, k, lang, buf, n_state_counties, &b) != 0 || b.data == NULL ||
        (*line = malloc(strlen(buf) + 1)) == NULL) {
        scm__buf_free(&b);
        return scm__error(ctx, SCM_ENOMEM, "timeline: out of memory");
    }
    memcpy(*line, buf, strlen(buf) + 1);
    *alt = (char *)b.data;
    return SCM_OK;
}

/* Counties of a region edition's area: all of them, activated by the end of period k, newly
 * activated in it, and with figures (too few to show included). */
typedef struct region_counts {
    size_t total, activated, newly, with;
} region_counts;

static region_counts
region_count(const scm_timeline *tl, size_t k)
{
    const scm_dataset *ds = scm_timeline_dataset(tl);
    const uint8_t *mask = scm_timeline_region(tl), *cls = scm_timeline_classes(tl, k);
    scm_date start = scm_period_start(scm_timeline_period(tl, k)),
             end = scm_period_end(scm_timeline_period(tl, k));
    region_counts n = {0, 0, 0, 0};
    size_t c;
    for (c = 0; c < scm_timeline_n_counties(tl); c++) {
        scm_date d = scm_dataset_activation(ds, c);
        scm_class_kind kind = scm_timeline_class_kind(tl, cls[c]);
        if (!mask[c])
            continue;
        n.total++;
        n.activated += d != SCM_DATE_NONE && d <= end;
        n.newly += d != SCM_DATE_NONE && d <= end && d >= start;
        n.with += kind == SCM_CLASS_BIN || kind == SCM_CLASS_ZERO || kind == SCM_CLASS_TOO_FEW;
    }
    return n;
}

/* The state's FIPS number when the area is one whole state (its counties are then "Texas
 * counties"), else 0. */
static int
whole_state(const scm_timeline *tl)
{
    const scm_shapes *sh = scm_dataset_shapes(scm_timeline_dataset(tl));
    const uint8_t *mask = scm_timeline_region(tl);
    size_t c;
    int st = -1;
    for (c = 0; c < scm_shapes_count(sh); c++) {
        const char *f = scm_shapes_fips(sh, c);
        int s = (f[0] - '0') * 10 + (f[1] - '0');
        if (mask[c] && st < 0)
            st = s;
        if (mask[c] != (st == s)) /* an outside county of the state, or one of another */
            return 0;
    }
    return st > 0 ? st : 0;
}

/* What the county equivalents of a state are called, plural or one: Louisiana's parishes,
 * Puerto Rico's municipios, Alaska's boroughs and census areas; counties elsewhere (state 0:
 * an area of several states, or of part of one). */
static const char *
county_word(int state, scm_lang lang, int plural)
{
    static const struct {
        int state;
        const char *word[2][2]; /* [es][plural] */
    } words[] = {
        {2,
         {{"borough or census area", "boroughs and census areas"},
          {"distrito o área censal", "distritos y áreas censales"}}},
        {22, {{"parish", "parishes"}, {"parroquia", "parroquias"}}},
        {72, {{"municipio", "municipios"}, {"municipio", "municipios"}}},
        {0, {{"county", "counties"}, {"condado", "condados"}}},
    };
    size_t i = 0;
    while (words[i].state != 0 && words[i].state != state)
        i++;
    return words[i].word[lang == SCM_LANG_ES][plural != 0];
}

/* A region's count line: the style's "count_line_region" ({region} and {total} besides the
 * placeholders of count_line), else its count line, filled with the area's numbers (the title
 * names the area); without either, "112 of 254 Texas counties so far". */
static void
region_count_line(const scm_timeline *tl, size_t k, scm_lang lang, const region_counts *n,
                  char *buf, size_t cap)
{
    static const char *const names[] = {
        "num", "den", "share", "counties", "states", "counties_with_data", "region", "total"};
    const char *tpl = scm_style_text(scm_timeline_style(tl), "count_line_region", lang);
    const char *region = scm__timeline_region_name(tl, lang);
    char v[6][48], total[32];
    const char *values[8] = {v[0], v[1], v[2], v[3], region, v[5], region, total};
    double num, den;
    size_t too_few;
    scm_timeline_totals(tl, k, &num, &den, &too_few);
    format_number(num, 0, 1, lang, v[0], sizeof v[0]);
    format_number(den, 0, 1, lang, v[1], sizeof v[1]);
    format_number(den > 0 ? 100 * num / den : 0.0, 1, 0, lang, v[2], sizeof v[2]);
    strcat(v[2], lang == SCM_LANG_ES ? " %" : "%");
    format_number((double)n->activated, 0, 1, lang, v[3], sizeof v[3]);
    format_number((double)n->with, 0, 1, lang, v[5], sizeof v[5]);
    format_number((double)n->total, 0, 1, lang, total, sizeof total);
    if (tpl == NULL)
        tpl = scm_style_count_line(scm_timeline_style(tl), lang);
    if (tpl != NULL)
        fill_template(tpl, names, values, 8, buf, cap);
    else if (whole_state(tl)) {
        const char *units = county_word(whole_state(tl), lang, 1);
        if (lang == SCM_LANG_ES)
            scm__snprintf_utf8(buf, cap, "%s de %s %s de %s hasta ahora", v[3], total, units,
                               region);
        else
            scm__snprintf_utf8(buf, cap, "%s of %s %s %s so far", v[3], total, region, units);
    } else {
        scm__snprintf_utf8(buf, cap,
                           lang == SCM_LANG_ES ? "%s de %s condados hasta ahora"
                                               : "%s of %s counties so far",
                           v[3], total);
    }
}

/* The county of the area with the highest binned value in period k, or SIZE_MAX. */
static size_t
region_highest(const scm_timeline *tl, size_t k)
{
    const uint8_t *mask = scm_timeline_region(tl);
    size_t c, best = SIZE_MAX;
    for (c = 0; c < scm_timeline_n_counties(tl); c++) {
        double v = scm_timeline_value(tl, c, k);
        if (mask[c] &&
            scm_timeline_class_kind(tl, scm_timeline_classes(tl, k)[c]) == SCM_CLASS_BIN &&
            !isnan(v) && (best == SIZE_MAX || v > scm_timeline_value(tl, best, k)))
            best = c;
    }
    return best;
}

scm_status
scm__timeline_region_words(scm_ctx *ctx, const scm_timeline *tl, size_t k, scm_lang lang,
                           char **line, char **alt)
{
    const scm_style *st = scm_timeline_style(tl);
    const scm_shapes *sh = scm_dataset_shapes(scm_timeline_dataset(tl));
    region_counts n = region_count(tl, k);
    char buf[SCM_COUNT_LINE_MAX + 1], period[96], val[64];
    const char *title = scm_style_title(st, lang);
    scm_buf b = {0};
    size_t best;
    int bad;
    *line = *alt = NULL;
    region_count_line(tl, k, lang, &n, buf, sizeof buf);
    scm_timeline_period_label(tl, k, lang, period);
    if (title[0] == '\0')
        title = scm__timeline_region_name(tl, lang);
    /* The style's alt sentence speaks of the whole country: a region edition has its own. */
    bad = scm__buf_printf(&b, "%s, %s: %s.", title, period, buf);
    if (scm_style_metric(st) == SCM_METRIC_ACTIVATION)
        bad |= scm__buf_printf(&b,
                               lang == SCM_LANG_ES
                                   ? (n.newly == 1 ? " %zu %s se sumó en este periodo."
                                                   : " %zu %s se sumaron en este periodo.")
                                   : (n.newly == 1 ? " %zu %s was added in this period."
                                                   : " %zu %s were added in this period."),
                               n.newly, county_word(whole_state(tl), lang, n.newly != 1));
    else if ((best = region_highest(tl, k)) != SIZE_MAX) {
        const char *unit = scm_style_unit(st, lang);
        format_value(tl, scm_timeline_value(tl, best, k), 1, lang, val, sizeof val);
        bad |= scm__buf_printf(&b,
                               lang == SCM_LANG_ES ? " El valor más alto: %s, %s (%s%s%s)."
                                                   : " Highest: %s, %s (%s%s%s).",
                               scm_shapes_name(sh, best), scm_fips_state(scm_shapes_fips(sh, best)),
                               val, unit != NULL ? " " : "", unit != NULL ? unit : "");
    }
    if (bad || b.data == NULL || (*line = malloc(strlen(buf) + 1)) == NULL) {
        scm__buf_free(&b);
        return scm__error(ctx, SCM_ENOMEM, "timeline: out of memory");
    }
    memcpy(*line, buf, strlen(buf) + 1);
    *alt = (char *)b.data;
    return SCM_OK;
}

/* A day as a reader writes it: "February 24, 2009", "24 de febrero de 2009". */
static void
format_day(scm_date d, scm_lang lang, char *buf, size_t cap)
{
    static const char *const en[] = {"January",   "February", "March",    "April",
                                     "May",       "June",     "July",     "August",
                                     "September", "October",  "November", "December"};
    static const char *const es[] = {"enero",      "febrero", "marzo",     "abril",
                                     "mayo",       "junio",   "julio",     "agosto",
                                     "septiembre", "octubre", "noviembre", "diciembre"};
    int y, m, day;
    scm_date_to_ymd(d, &y, &m, &day);
    if (lang == SCM_LANG_ES)
        snprintf(buf, cap, "%d de %s de %d", day, es[m - 1], y);
    else
        snprintf(buf, cap, "%s %d, %d", en[m - 1], day, y);
}

void
scm_timeline_county_words(const scm_timeline *tl, size_t c, size_t k, scm_lang lang, char name[160],
                          char line[160])
{
    const scm_style *st = scm_timeline_style(tl);
    const scm_dataset *ds = scm_timeline_dataset(tl);
    const scm_shapes *sh = scm_dataset_shapes(ds);
    const char *fips = scm_shapes_fips(sh, c), *state;
    uint8_t cls = scm_timeline_classes(tl, k)[c];
    scm_class_kind kind = scm_timeline_class_kind(tl, cls);
    scm_date act = scm_dataset_activation(ds, c);
    char day[48], label[96], val[64];
    const char *unit = scm_style_unit(st, lang);
    state = scm__state_name((fips[0] - '0') * 10 + (fips[1] - '0'), lang);
    scm__snprintf_utf8(name, 160, "%s%s%s", scm_shapes_name(sh, c), state ? ", " : "",
                       state ? state : "");
    if (act != SCM_DATE_NONE)
        format_day(act, lang, day, sizeof day);
    if (kind == SCM_CLASS_BIN && !isnan(scm_timeline_value(tl, c, k)) &&
        scm_style_metric(st) != SCM_METRIC_ACTIVATION) {
        format_value(tl, scm_timeline_value(tl, c, k), 1, lang, val, sizeof val);
        scm__snprintf_utf8(line, 160, "%s%s%s", val, unit ? " " : "", unit ? unit : "");
    } else if (act != SCM_DATE_NONE && act <= scm_period_end(scm_timeline_period(tl, k)) &&
               (kind == SCM_CLASS_NEW || kind == SCM_CLASS_ACTIVE || kind == SCM_CLASS_BIN)) {
        scm__snprintf_utf8(line, 160, lang == SCM_LANG_ES ? "Activado el %s" : "Activated %s", day);
    } else {
        scm__snprintf_utf8(line, 160, "%s", scm_timeline_class_label(tl, cls, lang, label));
    }
}
