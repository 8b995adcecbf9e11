/* SPDX-License-Identifier: MIT */
/* Metrics and classes per county and period, computed once for every output. */
#include "scmap/timeline.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/core_private.h"
#include "timeline_private.h"

#define MAX_CLASSES (SCM_STYLE_MAX_BINS + 6)

struct scm_timeline {
    const scm_dataset *ds;
    const scm_style *st;
    size_t n_periods, n_counties;
    scm_period *periods;
    int snapshot;
    double *value;  /* n_periods * n_counties */
    uint8_t *cls;   /* n_periods * n_counties */
    double *numsum; /* per period: numerator and denominator summed over units, each once */
    double *densum;
    size_t *too_few;
    char **words; /* per period, language: count line, alt text (2 * 2 * n_periods) */
    size_t n_classes, n_bins, n_breaks;
    scm_class_kind kind[MAX_CLASSES];
    uint8_t special[SCM_CLASS_N_KINDS]; /* class id of each special kind */
    double breaks[SCM_STYLE_MAX_BINS];
    uint8_t *region; /* a region edition's mask (n_counties), or NULL */
    char *region_name[2];
};

void
scm_timeline_free(scm_timeline *tl)
{
    size_t k;
    if (tl == NULL)
        return;
    free(tl->periods);
    free(tl->value);
    free(tl->cls);
    free(tl->numsum);
    free(tl->densum);
    free(tl->too_few);
    for (k = 0; tl->words != NULL && k < 4 * tl->n_periods; k++)
        free(tl->words[k]);
    free(tl->words);
    free(tl->region);
    free(tl->region_name[0]);
    free(tl->region_name[1]);
    free(tl);
}

/* Metrics that come from the counts table, not from activation dates alone. */
static int
counts_metric(const scm_style *st)
{
    scm_metric_type m = scm_style_metric(st);
    return m != SCM_METRIC_ACTIVATION && m != SCM_METRIC_DAYS_ACTIVE;
}

/* Whether county c counts: every county, or those of a region edition's area. */
static int
in_region(const scm_timeline *tl, size_t c)
{
    return tl->region == NULL || tl->region[c];
}

static scm_status
copy_region(scm_ctx *ctx, scm_timeline *tl, const scm_timeline_opts *o)
{
    int lang;
    if (o == NULL || o->region == NULL)
        return SCM_OK;
    if ((tl->region = malloc(tl->n_counties + 1)) == NULL)
        return scm__error(ctx, SCM_ENOMEM, "timeline: out of memory");
    memcpy(tl->region, o->region, tl->n_counties);
    for (lang = 0; lang < 2; lang++) {
        const char *n = o->region_name[lang] ? o->region_name[lang] : o->region_name[0];
        if (n == NULL)
            n = "";
        if ((tl->region_name[lang] = malloc(strlen(n) + 1)) == NULL)
            return scm__error(ctx, SCM_ENOMEM, "timeline: out of memory");
        memcpy(tl->region_name[lang], n, strlen(n) + 1);
    }
    return SCM_OK;
}

const uint8_t *
scm_timeline_region(const scm_timeline *tl)
{
    return tl->region;
}

const char *
scm__timeline_region_name(const scm_timeline *tl, scm_lang lang)
{
    return tl->region != NULL ? tl->region_name[lang == SCM_LANG_ES] : "";
}

static scm_status
choose_periods(scm_ctx *ctx, scm_timeline *tl, const scm_timeline_opts *o)
{
    scm_period_kind kind = o && o->kind_override ? o->kind : scm_style_period_kind(tl->st);
    scm_period first = {kind, INT32_MAX}, last = {kind, INT32_MIN};
    size_t c, k;
    scm_date snap = scm_dataset_snapshot(tl->ds);
    if (snap != SCM_DATE_NONE) {
        tl->snapshot = 1;
        first = last = scm_period_of(kind, snap);
    } else if (counts_metric(tl->st)) {
        for (k = 0; k < scm_dataset_n_slots(tl->ds); k++) {
            scm_period p;
            scm_dataset_slot_period(tl->ds, k, &p);
            p = scm_period_of(kind, scm_period_start(p));
            first.index = p.index < first.index ? p.index : first.index;
            last.index = p.index > last.index ? p.index : last.index;
        }
    } else {
        for (c = 0; c < tl->n_counties; c++) {
            scm_date d = scm_dataset_activation(tl->ds, c);
            scm_period p;
            if (d == SCM_DATE_NONE)
                continue;
            p = scm_period_of(kind, d);
            first.index = p.index < first.index ? p.index : first.index;
            last.index = p.index > last.index ? p.index : last.index;
        }
    }
    if (o != NULL && o->has_range && !tl->snapshot) {
        first = scm_period_of(kind, scm_period_start(o->first));
        last = scm_period_of(kind, scm_period_end(o->last));
    }
    if (first.index > last.index)
        return scm__error(ctx, SCM_EDATA, "timeline: no periods (the data hold no dates)");
    if (last.index - first.index >= 1200)
        return scm__error(ctx, SCM_EINVAL, "timeline: more than 1200 periods; narrow --periods");
    tl->n_periods = (size_t)(last.index - first.index + 1);
    tl->periods = scm__mallocn(tl->n_periods, sizeof *tl->periods);
    if (tl->periods == NULL)
        return scm__error(ctx, SCM_ENOMEM, "timeline: out of memory");
    for (k = 0; k < tl->n_periods; k++)
        tl->periods[k] = (scm_period){kind, first.index + (int32_t)k};
    return SCM_OK;
}

/* Sum of count columns [from, to) of unit u up to period p (or in it); NaN if any is missing. */
static double
unit_sum(const scm_timeline *tl, size_t u, size_t from, size_t to, scm_period p)
{
    size_t j, s;
    double sum = 0;
    int any = 0;
    if (tl->snapshot) {
        for (j = from; j < to; j++)
            sum += scm_dataset_value(tl->ds, u, j, 0);
        return sum;
    }
    for (s = 0; s < scm_dataset_n_slots(tl->ds); s++) {
        scm_period sp;
        scm_dataset_slot_period(tl->ds, s, &sp);
        if (scm_period_start(sp) > scm_period_end(p) ||
            (!scm_style_cumulative(tl->st) && scm_period_end(sp) < scm_period_start(p)))
            continue;
        for (j = from; j < to; j++)
            sum += scm_dataset_value(tl->ds, u, j, s);
        any = 1;
    }
    return any ? sum : NAN;
}

/* The metric of county c in period k, or a special class in *kind. */
static double
metric(const scm_timeline *tl, size_t c, size_t k, scm_class_kind *kind)
{
    const scm_style *st = tl->st;
    scm_period p = tl->periods[k];
    scm_date act = scm_dataset_activation(tl->ds, c);
    size_t nn = scm_style_n_numerators(st), nd = scm_style_n_denominators(st);
    double num, den;
    long u;
    *kind = SCM_CLASS_BIN;
    if (act == SCM_DATE_NONE) {
        *kind = scm_dataset_missing(tl->ds) == SCM_MISSING_NOT_YET ? SCM_CLASS_NOT_YET
                                                                   : SCM_CLASS_NO_DATA;
        return NAN;
    }
    if (act > scm_period_end(p) || (tl->snapshot && act > scm_dataset_snapshot(tl->ds))) {
        *kind = SCM_CLASS_NOT_YET;
        return NAN;
    }
    if (scm_style_metric(st) == SCM_METRIC_ACTIVATION) {
        *kind = act >= scm_period_start(p) ? SCM_CLASS_NEW : SCM_CLASS_ACTIVE;
        return (double)(act - scm_period_start(p));
    }
    if (scm_style_metric(st) == SCM_METRIC_DAYS_ACTIVE)
        return (double)(scm_period_end(p) - act + 1);
    u = scm_dataset_unit_of(tl->ds, c);
    if (u < 0) {
        /* Activated, yet the file has no row for it: not the territories' "no data". */
        *kind = SCM_CLASS_NOT_IN_FILE;
        return NAN;
    }
    num = u < 0 ? NAN : unit_sum(tl, (size_t)u, 0, nn, p);
    if (nd > 0) /* a share, or a rate over count columns */
        den = u < 0 ? NAN : unit_sum(tl, (size_t)u, nn, nn + nd, p);
    else if (scm_style_metric(st) == SCM_METRIC_RATE)
        den = u < 0 ? NAN : scm_dataset_unit_population(tl->ds, (size_t)u);
    else
        den = 1;
    if (isnan(num) || isnan(den)) {
        *kind = SCM_CLASS_NO_DATA;
        return NAN;
    }
    if (den < scm_style_min_denominator(st) || den == 0) {
        *kind =
            den == 0 && scm_style_min_denominator(st) == 0 ? SCM_CLASS_NO_DATA : SCM_CLASS_TOO_FEW;
        return NAN;
    }
    if (num == 0) {
        *kind = SCM_CLASS_ZERO;
        return 0;
    }
    /* None is a fact whatever the size; 4 removals in 416 residents is not a rate to rank. */
    if (num < scm_style_min_count(st)) {
        *kind = SCM_CLASS_TOO_FEW;
        return NAN;
    }
    if (scm_style_metric(st) == SCM_METRIC_RATE)
        return num / den * scm_style_per(st);
    return num / den;
}

/* No class: special[] of a kind that no county takes. */
#define NO_CLASS 0xff

/* The bins, then the style's special classes that some county takes in some period: a legend
 * entry no county can have ("No data" when --missing not-yet gives every county a state) only
 * misleads. used[kind] says which are taken. */
static void
setup_classes(scm_timeline *tl, const char used[SCM_CLASS_N_KINDS])
{
    scm_class_kind specials[SCM_STYLE_MAX_SPECIALS];
    size_t i, n = scm_style_special_kinds(tl->st, specials);
    tl->n_classes = 0;
    memset(tl->special, NO_CLASS, sizeof tl->special);
    for (i = 0; i < tl->n_bins; i++)
        tl->kind[tl->n_classes++] = SCM_CLASS_BIN;
    for (i = 0; i < n; i++) {
        if (!used[specials[i]])
            continue;
        tl->special[specials[i]] = (uint8_t)tl->n_classes;
        tl->kind[tl->n_classes++] = specials[i];
    }
}

static scm_status
compute_breaks(scm_ctx *ctx, scm_timeline *tl)
{
    const scm_style *st = tl->st;
    size_t n = 0, i, total = tl->n_periods * tl->n_counties, nm;
    double *pool;
    scm_status s;
    if (scm_style_method(st) == SCM_CLASSIFY_CATEGORICAL) {
        tl->n_bins = 0;
        return SCM_OK;
    }
    if (scm_style_method(st) == SCM_CLASSIFY_MANUAL) {
        const double *b = scm_style_manual_breaks(st, &nm);
        memcpy(tl->breaks, b, nm * sizeof *b);
        tl->n_breaks = nm;
        tl->n_bins = nm + 1;
        return SCM_OK;
    }
    pool = scm__mallocn(total, sizeof *pool);
    if (pool == NULL)
        return scm__error(ctx, SCM_ENOMEM, "classify: out of memory");
    /* Breaks pool every period, so that a colour means the same in every frame. */
    for (i = 0; i < total; i++)
        if (!isnan(tl->value[i]) && tl->value[i] > 0)
            pool[n++] = tl->value[i];
    if (n == 0) {
        free(pool);
        tl->n_bins = 1;
        return SCM_OK;
    }
    s = scm_classify_breaks(ctx, scm_style_method(st), pool, n, scm_style_n_bins(st), tl->breaks,
                            &tl->n_breaks);
    free(pool);
    tl->n_bins = tl->n_breaks + 1;
    return s;
}

static scm_status
compute(scm_ctx *ctx, scm_timeline *tl)
{
    size_t k, c, total = tl->n_periods * tl->n_counties;
    scm_class_kind *kinds = scm__mallocn(total, sizeof *kinds);
    char used[SCM_CLASS_N_KINDS] = {0};
    scm_status s;
    if (kinds == NULL)
        return scm__error(ctx, SCM_ENOMEM, "timeline: out of memory");
    for (k = 0; k < tl->n_periods; k++)
        for (c = 0; c < tl->n_counties; c++) {
            tl->value[k * tl->n_counties + c] = metric(tl, c, k, &kinds[k * tl->n_counties + c]);
            used[kinds[k * tl->n_counties + c]] = 1;
        }
    if ((s = compute_breaks(ctx, tl)) != SCM_OK) {
        free(kinds);
        return s;
    }
    setup_classes(tl, used);
    for (k = 0; k < total; k++) {
        if (kinds[k] != SCM_CLASS_BIN)
            tl->cls[k] = tl->special[kinds[k]];
        else
            tl->cls[k] = (uint8_t)scm_classify_bin(tl->breaks, tl->n_breaks, tl->value[k]);
        if (kinds[k] == SCM_CLASS_TOO_FEW && in_region(tl, k % tl->n_counties))
            tl->too_few[k / tl->n_counties]++;
    }
    free(kinds);
    return SCM_OK;
}

/* Totals per period over count units, each unit once however many counties it covers. */
static scm_status
compute_totals(scm_ctx *ctx, scm_timeline *tl)
{
    size_t k, u, c, nn = scm_style_n_numerators(tl->st), nd = scm_style_n_denominators(tl->st);
    size_t nu = scm_dataset_n_units(tl->ds);
    uint8_t *active = scm__callocn(nu, 1);
    if (active == NULL)
        return scm__error(ctx, SCM_ENOMEM, "timeline: out of memory");
    for (k = 0; k < tl->n_periods; k++) {
        double ns = 0, ds = 0;
        /* Only units with a county active by then count, each once. */
        memset(active, 0, nu);
        for (c = 0; c < tl->n_counties; c++) {
            long uc = scm_dataset_unit_of(tl->ds, c);
            if (uc >= 0 && in_region(tl, c) &&
                tl->cls[k * tl->n_counties + c] != tl->special[SCM_CLASS_NOT_YET])
                active[uc] = 1;
        }
        for (u = 0; u < nu; u++) {
            double a, b;
            if (!active[u])
                continue;
            a = unit_sum(tl, u, 0, nn, tl->periods[k]);
            b = nd ? unit_sum(tl, u, nn, nn + nd, tl->periods[k]) : NAN;
            ns += isnan(a) ? 0 : a;
            ds += isnan(b) ? 0 : b;
        }
        tl->numsum[k] = ns;
        tl->densum[k] = ds;
    }
    free(active);
    return SCM_OK;
}

static int
state_of(const char *fips)
{
    return (fips[0] - '0') * 10 + (fips[1] - '0');
}

/* Every period's words, once, so that frames, alt-text files and periods.json say the same. */
static scm_status
compute_words(scm_ctx *ctx, scm_timeline *tl)
{
    const scm_shapes *sh = scm_dataset_shapes(tl->ds);
    size_t k, c, n_state_counties = 0;
    scm_status s;
    int lang;
    for (c = 0; c < tl->n_counties; c++)
        n_state_counties += state_of(scm_shapes_fips(sh, c)) < 60; /* 50 states and DC */
    tl->words = scm__callocn(4 * tl->n_periods, sizeof *tl->words);
    if (tl->words == NULL)
        return scm__error(ctx, SCM_ENOMEM, "timeline: out of memory");
    for (k = 0; k < tl->n_periods; k++)
        for (lang = SCM_LANG_EN; lang <= SCM_LANG_ES; lang++)
            if (tl->region != NULL) {
                if ((s = scm__timeline_region_words(
                         ctx, tl, k, (scm_lang)lang, &tl->words[4 * k + 2 * (size_t)lang],
                         &tl->words[4 * k + 2 * (size_t)lang + 1])) != SCM_OK)
                    return s;
            } else if ((s = scm__timeline_words(ctx, tl, k, (scm_lang)lang, n_state_counties,
                                                &tl->words[4 * k + 2 * (size_t)lang],
                                                &tl->words[4 * k + 2 * (size_t)lang + 1])) !=
                       SCM_OK)
                return s;
    return SCM_OK;
}

scm_status
scm_timeline_new(scm_ctx *ctx, const scm_dataset *ds, const scm_style *st,
                 const scm_timeline_opts *opts, scm_timeline **out)
{
    scm_timeline *tl;
    scm_status s;
    size_t total;
    *out = NULL;
    tl = calloc(1, sizeof *tl);
    if (tl == NULL)
        return scm__error(ctx, SCM_ENOMEM, "timeline: out of memory");
    tl->ds = ds;
    tl->st = st;
    tl->n_counties = scm_shapes_count(scm_dataset_shapes(ds));
    if ((s = choose_periods(ctx, tl, opts)) != SCM_OK || (s = copy_region(ctx, tl, opts)) != SCM_OK)
        goto fail;
    total = tl->n_periods * tl->n_counties;
    tl->value = scm__mallocn(total, sizeof *tl->value);
    tl->cls = scm__mallocn(total, 1);
    tl->numsum = scm__callocn(tl->n_periods, sizeof(double));
    tl->densum = scm__callocn(tl->n_periods, sizeof(double));
    tl->too_few = scm__callocn(tl->n_periods, sizeof(size_t));
    if (!tl->value || !tl->cls || !tl->numsum || !tl->densum || !tl->too_few) {
        s = scm__error(ctx, SCM_ENOMEM, "timeline: out of memory");
        goto fail;
    }
    if ((s = compute(ctx, tl)) != SCM_OK)
        goto fail;
    if (counts_metric(st) && (s = compute_totals(ctx, tl)) != SCM_OK)
        goto fail;
    if ((s = compute_words(ctx, tl)) != SCM_OK)
        goto fail;
    *out = tl;
    return SCM_OK;
fail:
    scm_timeline_free(tl);
    return s;
}

const scm_dataset *
scm_timeline_dataset(const scm_timeline *tl)
{
    return tl->ds;
}

const scm_style *
scm_timeline_style(const scm_timeline *tl)
{
    return tl->st;
}

size_t
scm_timeline_n_periods(const scm_timeline *tl)
{
    return tl->n_periods;
}

scm_period
scm_timeline_period(const scm_timeline *tl, size_t k)
{
    return tl->periods[k];
}

void
scm_timeline_period_name(const scm_timeline *tl, size_t k, char buf[16])
{
    scm_period_format(tl->periods[k], buf);
}

const char *
scm_timeline_period_label(const scm_timeline *tl, size_t k, scm_lang lang, char buf[96])
{
    const char *snap = tl->snapshot ? scm_style_snapshot_label(tl->st, lang) : NULL;
    char p[16];
    if (snap != NULL) {
        scm__snprintf_utf8(buf, 96, "%s", snap);
        return buf;
    }
    scm_period_label(tl->periods[k], lang, p);
    snprintf(buf, 96, "%s", p);
    return buf;
}

size_t
scm_timeline_n_counties(const scm_timeline *tl)
{
    return tl->n_counties;
}

const uint8_t *
scm_timeline_classes(const scm_timeline *tl, size_t k)
{
    return tl->cls + k * tl->n_counties;
}

double
scm_timeline_value(const scm_timeline *tl, size_t c, size_t k)
{
    return tl->value[k * tl->n_counties + c];
}

size_t
scm_timeline_n_classes(const scm_timeline *tl)
{
    return tl->n_classes;
}

scm_class_kind
scm_timeline_class_kind(const scm_timeline *tl, size_t cls)
{
    return tl->kind[cls];
}

scm_rgba
scm_timeline_class_color(const scm_timeline *tl, size_t cls)
{
    if (tl->kind[cls] == SCM_CLASS_BIN)
        return scm_style_bin_color(tl->st, cls, tl->n_bins);
    return scm_style_class_color(tl->st, tl->kind[cls]);
}

const char *
scm_timeline_count_line(const scm_timeline *tl, size_t k, scm_lang lang)
{
    return tl->words[4 * k + (lang == SCM_LANG_ES ? 2 : 0)];
}

const char *
scm_timeline_alt_text(const scm_timeline *tl, size_t k, scm_lang lang)
{
    return tl->words[4 * k + (lang == SCM_LANG_ES ? 2 : 0) + 1];
}

const double *
scm_timeline_breaks(const scm_timeline *tl, size_t *n)
{
    *n = tl->n_breaks;
    return tl->breaks;
}

void
scm_timeline_rollout(const scm_timeline *tl, size_t k, size_t *activated, size_t *newly,
                     size_t *states)
{
    scm_dataset_rollout(tl->ds, scm_period_start(tl->periods[k]), scm_period_end(tl->periods[k]),
                        activated, newly, states);
}

static void
csv_field(scm_buf *b, const char *s)
{
    scm__buf_printf(b, strpbrk(s, ",\"\n") ? "\"%s\"" : "%s", s);
}

scm_status
scm_timeline_stats_csv(scm_ctx *ctx, const scm_timeline *tl, char **out)
{
    const scm_style *st = tl->st;
    int counts = counts_metric(st);
    size_t k, c, j;
    scm_buf b = {0};
    *out = NULL;
    scm__buf_printf(&b, "period,label,period_start,period_end,counties_activated_by_end,"
                        "counties_newly_activated,states_with_activated_county");
    if (counts) {
        scm_sources src;
        size_t nn = scm_style_n_numerators(st);
        scm_style_sources(st, &src);
        scm__buf_printf(&b, ",%s_total",
                        scm_style_metric(st) == SCM_METRIC_SHARE ? "numerator" : "count");
        for (j = 0; j < src.n_count_columns; j++) {
            if (j == nn)
                scm__buf_printf(&b, "),denominator_total");
            scm__buf_printf(&b, "%s%s", j == 0 || j == nn ? "(" : "+", src.count_columns[j]);
        }
        scm__buf_printf(&b, ")");
        if (scm_style_metric(st) == SCM_METRIC_SHARE)
            scm__buf_printf(&b, ",share_of_total");
        scm__buf_printf(&b, ",counties_with_value,counties_too_few_to_show,counties_no_data,"
                            "counties_not_in_file");
    }
    scm__buf_printf(&b, ",class_breaks\n");
    for (k = 0; k < tl->n_periods; k++) {
        char name[16], label[96], d0[11], d1[11];
        size_t act, newly, states, with = 0, nodata = 0, missing = 0;
        scm_timeline_period_name(tl, k, name);
        scm_date_format(scm_period_start(tl->periods[k]), d0);
        scm_date_format(scm_period_end(tl->periods[k]), d1);
        scm_timeline_rollout(tl, k, &act, &newly, &states);
        scm__buf_printf(&b, "%s,", name);
        csv_field(&b, scm_timeline_period_label(tl, k, SCM_LANG_EN, label));
        scm__buf_printf(&b, ",%s,%s,%zu,", d0, d1, act);
        /* A snapshot is cumulative from each county's own date: the counties switched on in
         * its calendar quarter say nothing about it, so the cell stays empty. */
        if (!tl->snapshot)
            scm__buf_printf(&b, "%zu", newly);
        scm__buf_printf(&b, ",%zu", states);
        if (counts) {
            for (c = 0; c < tl->n_counties; c++) {
                uint8_t cl = tl->cls[k * tl->n_counties + c];
                with += tl->kind[cl] == SCM_CLASS_BIN || tl->kind[cl] == SCM_CLASS_ZERO;
                nodata += tl->kind[cl] == SCM_CLASS_NO_DATA;
                missing += tl->kind[cl] == SCM_CLASS_NOT_IN_FILE;
            }
            scm__buf_printf(&b, ",%.0f", tl->numsum[k]);
            if (scm_style_n_denominators(st) > 0)
                scm__buf_printf(&b, ",%.0f", tl->densum[k]);
            if (scm_style_metric(st) == SCM_METRIC_SHARE)
                scm__buf_printf(&b, ",%.4f",
                                tl->densum[k] > 0 ? tl->numsum[k] / tl->densum[k] : 0.0);
            scm__buf_printf(&b, ",%zu,%zu,%zu,%zu", with, tl->too_few[k], nodata, missing);
        }
        scm__buf_printf(&b, ",");
        for (j = 0; j < tl->n_breaks; j++)
            scm__buf_printf(&b, "%s%.6g", j ? ";" : "", tl->breaks[j]);
        scm__buf_printf(&b, "\n");
    }
    if (scm__buf_failed(&b)) { /* sticky: one check sees a failure anywhere above */
        scm__buf_free(&b);
        return scm__error(ctx, SCM_ENOMEM, "stats: out of memory");
    }
    *out = (char *)b.data;
    return SCM_OK;
}

scm_status
scm_timeline_counties_csv(scm_ctx *ctx, const scm_timeline *tl, char **out)
{
    const scm_shapes *sh = scm_dataset_shapes(tl->ds);
    scm_buf b = {0};
    size_t k, c;
    *out = NULL;
    scm__buf_printf(&b, "fips,name,period,activation_date,value,class,class_label\n");
    for (k = 0; k < tl->n_periods; k++) {
        char name[16], label[96], d[11] = "";
        scm_timeline_period_name(tl, k, name);
        for (c = 0; c < tl->n_counties; c++) {
            uint8_t cl = tl->cls[k * tl->n_counties + c];
            double v = tl->value[k * tl->n_counties + c];
            scm_date act = scm_dataset_activation(tl->ds, c);
            if (act != SCM_DATE_NONE)
                scm_date_format(act, d);
            else
                d[0] = '\0';
            scm__buf_printf(&b, "%s,", scm_shapes_fips(sh, c));
            csv_field(&b, scm_shapes_name(sh, c));
            scm__buf_printf(&b, ",%s,%s,", name, d);
            if (!isnan(v) && tl->kind[cl] != SCM_CLASS_NEW && tl->kind[cl] != SCM_CLASS_ACTIVE)
                scm__buf_printf(&b, "%.10g", v);
            scm__buf_printf(&b, ",%u,", cl);
            csv_field(&b, scm_timeline_class_label(tl, cl, SCM_LANG_EN, label));
            scm__buf_printf(&b, "\n");
        }
    }
    if (scm__buf_failed(&b)) { /* sticky: one check sees a failure anywhere above */
        scm__buf_free(&b);
        return scm__error(ctx, SCM_ENOMEM, "stats: out of memory");
    }
    *out = (char *)b.data;
    return SCM_OK;
}

void
scm_timeline_totals(const scm_timeline *tl, size_t k, double *num, double *den, size_t *too_few)
{
    *num = tl->numsum[k];
    *den = tl->densum[k];
    *too_few = tl->too_few[k];
}
