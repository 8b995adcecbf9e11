/* SPDX-License-Identifier: MIT */
/* Reads the JSON files in styles/ with jansson and checks every key, so that a typo is an error
 * that says where it is, never a silent default. */
#include "scmap/style.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../core/core_private.h"

#define N_KINDS SCM_CLASS_N_KINDS
/* A style is a few KB; anything near this is the wrong file, not a style to parse. */
#define STYLE_MAX_BYTES (4u << 20)

struct scm_style {
    char *path;
    char *text; /* the file, to point at a key's line and column */
    json_t *root;
    char *data_paths[7]; /* shapes, activations, counts, population, fips_changes, groups, notes */
    scm_sources src;
    const char *count_cols[2 * SCM_STYLE_MAX_COLUMNS];
    size_t n_num, n_den;
    scm_period_kind period;
    scm_metric_type metric;
    double per, min_den, min_count;
    int cumulative;
    scm_classify_method method;
    size_t n_bins, n_breaks;
    double breaks[SCM_STYLE_MAX_BINS];
    scm_rgba palette[SCM_STYLE_MAX_BINS];
    size_t n_palette;
    int named_palette; /* a ColorBrewer ramp, whose palest member is left out when it can be */
    scm_rgba kind_color[N_KINDS];
    const char *kind_label[N_KINDS][2];
    double label_scale;
    int label_decimals;
    const char *label_suffix;
    scm_rgba outline, land;
    double outline_width;
    scm_rgba states;
    double states_width; /* 0: "states": false */
    scm_map_labels map_labels;
    char *places;
};

/* 9-class ColorBrewer sequential schemes (Cynthia Brewer, colorbrewer2.org, Apache-2.0);
 * fewer bins take evenly spaced members. */
static const struct palette {
    const char *name;
    const char *hex[9];
} palettes[] = {
    {"YlOrRd",
     {"#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026",
      "#800026"}},
    {"OrRd",
     {"#fff7ec", "#fee8c8", "#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#b30000",
      "#7f0000"}},
    {"Blues",
     {"#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c",
      "#08306b"}},
    {"Purples",
     {"#fcfbfd", "#efedf5", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#54278f",
      "#3f007d"}},
    {"YlGnBu",
     {"#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494",
      "#081d58"}},
};

static const char *const kind_names[N_KINDS + 1] = {
    "bin", "new", "active", "zero", "too_few", "not_yet", "no_data", "not_in_file", NULL};

/* The first "key" used as a key (a colon follows) in text from p on, or NULL. */
static const char *
find_key(const char *p, const char *key)
{
    char pat[128];
    size_t n = (size_t)snprintf(pat, sizeof pat, "\"%s\"", key);
    while ((p = strstr(p, pat)) != NULL) {
        const char *q = p + n;
        while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
            q++;
        if (*q == ':')
            return p;
        p += n;
    }
    return NULL;
}

/* Fills path with the keys from root down to obj; returns their number, or -1 if obj is not
 * an object under root (arrays hold no objects in a style). */
static int
path_to(json_t *root, const json_t *obj, const char *path[], int depth)
{
    const char *key;
    json_t *v;
    if (root == obj)
        return depth;
    if (!json_is_object(root) || depth == 8)
        return -1;
    json_object_foreach(root, key, v)
    {
        int n;
        path[depth] = key;
        if ((n = path_to(v, obj, path, depth + 1)) >= 0)
            return n;
    }
    return -1;
}

/* Line and column (1-based) of "key" in obj, or 0 when absent. jansson keeps no positions, so
 * the text is searched along the keys down to obj: a key that appears in two objects ("color"
 * of two classes) is found in the right one. obj NULL searches the whole file. */
static void
locate(const scm_style *st, const json_t *obj, const char *key, int *line, int *col)
{
    const char *path[8], *p = st->text, *q;
    int i, n = obj != NULL ? path_to(st->root, obj, path, 0) : 0;
    *line = *col = 0;
    for (i = 0; i < n && p != NULL; i++)
        if ((p = find_key(p, path[i])) != NULL)
            p += strlen(path[i]) + 2;
    if (p == NULL || (p = find_key(p, key)) == NULL)
        return;
    *line = 1;
    for (q = st->text; q < p; q++)
        if (*q == '\n')
            (*line)++;
    for (q = p; q > st->text && q[-1] != '\n'; q--)
        ;
    *col = (int)(p - q) + 1;
}

/* An error about key in obj (NULL: the first such key in the file). */
static scm_status
key_error_in(scm_ctx *ctx, const scm_style *st, const json_t *obj, const char *key,
             const char *what)
{
    int line, col;
    locate(st, obj, key, &line, &col);
    return scm__error(ctx, SCM_EDATA, "%s:%d:%d: key \"%s\": %s", st->path, line, col, key, what);
}

static scm_status
key_error(scm_ctx *ctx, const scm_style *st, const char *key, const char *what)
{
    return key_error_in(ctx, st, NULL, key, what);
}

static scm_status
check_keys(scm_ctx *ctx, const scm_style *st, json_t *obj, const char *where,
           const char *const *allowed)
{
    const char *key;
    json_t *v;
    if (!json_is_object(obj))
        return key_error(ctx, st, where, "must be an object");
    json_object_foreach(obj, key, v)
    {
        size_t i;
        int ok = 0;
        char msg[512];
        for (i = 0; allowed[i] != NULL; i++)
            ok |= strcmp(allowed[i], key) == 0;
        if (!ok) {
            size_t len = 0;
            len += (size_t)snprintf(msg, sizeof msg, "unknown key in \"%s\" (allowed:", where);
            for (i = 0; allowed[i] != NULL && len < sizeof msg - 40; i++)
                len += (size_t)snprintf(msg + len, sizeof msg - len, " %s", allowed[i]);
            snprintf(msg + len, sizeof msg - len, ")");
            return key_error_in(ctx, st, obj, key, msg);
        }
    }
    return SCM_OK;
}

static scm_status
get_string(scm_ctx *ctx, const scm_style *st, json_t *obj, const char *key, const char **out)
{
    json_t *v = json_object_get(obj, key);
    if (v == NULL)
        return SCM_OK;
    if (!json_is_string(v))
        return key_error_in(ctx, st, obj, key, "must be a string");
    *out = json_string_value(v);
    return SCM_OK;
}

static scm_status
get_number(scm_ctx *ctx, const scm_style *st, json_t *obj, const char *key, double lo, double hi,
           double *out)
{
    json_t *v = json_object_get(obj, key);
    if (v == NULL)
        return SCM_OK;
    if (!json_is_number(v) || json_number_value(v) < lo || json_number_value(v) > hi) {
        char msg[96];
        snprintf(msg, sizeof msg, "must be a number from %g to %g", lo, hi);
        return key_error_in(ctx, st, obj, key, msg);
    }
    *out = json_number_value(v);
    return SCM_OK;
}

/* A whole number: "classes": 2.5 is a mistake to point at, not a value to round. */
static scm_status
get_int(scm_ctx *ctx, const scm_style *st, json_t *obj, const char *key, int lo, int hi, int *out)
{
    json_t *v = json_object_get(obj, key);
    if (v == NULL)
        return SCM_OK;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
        char msg[96];
        snprintf(msg, sizeof msg, "must be a number from %d to %d, without a decimal point", lo,
                 hi);
        return key_error_in(ctx, st, obj, key, msg);
    }
    *out = (int)json_integer_value(v);
    return SCM_OK;
}

static scm_status
get_color(scm_ctx *ctx, const scm_style *st, json_t *obj, const char *key, scm_rgba *out)
{
    const char *s = NULL;
    scm_status rc = get_string(ctx, st, obj, key, &s);
    if (rc != SCM_OK || s == NULL)
        return rc;
    if (scm_rgba_parse(s, out) != 0)
        return key_error_in(ctx, st, obj, key, "not a colour (use #rrggbb)");
    return SCM_OK;
}

/* Text is a string (English only) or {"en": ..., "es": ...}. */
static scm_status
get_text(scm_ctx *ctx, const scm_style *st, json_t *obj, const char *key, const char *out[2])
{
    static const char *const langs[] = {"en", "es", NULL};
    json_t *v = json_object_get(obj, key);
    scm_status rc;
    if (v == NULL)
        return SCM_OK;
    if (json_is_string(v)) {
        out[0] = json_string_value(v);
        return SCM_OK;
    }
    if ((rc = check_keys(ctx, st, v, key, langs)) != SCM_OK ||
        (rc = get_string(ctx, st, v, "en", &out[0])) != SCM_OK ||
        (rc = get_string(ctx, st, v, "es", &out[1])) != SCM_OK)
        return rc;
    return SCM_OK;
}

static scm_status
set_path(scm_ctx *ctx, scm_style *st, json_t *data, const char *key, int slot, const char **out)
{
    const char *p = NULL, *slash;
    size_t dirlen;
    scm_status rc = get_string(ctx, st, data, key, &p);
    if (rc != SCM_OK || p == NULL)
        return rc;
    slash = strrchr(st->path, '/');
    dirlen = p[0] == '/' || slash == NULL ? 0 : (size_t)(slash - st->path) + 1;
    st->data_paths[slot] = malloc(dirlen + strlen(p) + 1);
    if (st->data_paths[slot] == NULL)
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", st->path);
    memcpy(st->data_paths[slot], st->path, dirlen);
    strcpy(st->data_paths[slot] + dirlen, p);
    *out = st->data_paths[slot];
    return SCM_OK;
}

/* "population_year": {"column": "acs5_end_year", "year": 2012} picks one year's rows of a
 * long table; a year without its column (or the reverse) is a mistake to point at. */
static scm_status
parse_population_year(scm_ctx *ctx, scm_style *st, json_t *data)
{
    static const char *const keys[] = {"column", "year", NULL};
    json_t *v = json_object_get(data, "population_year");
    scm_status rc;
    if (v == NULL)
        return SCM_OK;
    if (!json_is_object(v))
        return key_error(ctx, st, "population_year",
                         "must be an object: {\"column\": \"acs5_end_year\", \"year\": 2012}");
    if ((rc = check_keys(ctx, st, v, "population_year", keys)) != SCM_OK ||
        (rc = get_string(ctx, st, v, "column", &st->src.pop_year_column)) != SCM_OK ||
        (rc = get_int(ctx, st, v, "year", SCM_YEAR_MIN, SCM_YEAR_MAX, &st->src.pop_year)) != SCM_OK)
        return rc;
    if (st->src.pop_year_column == NULL || json_object_get(v, "year") == NULL)
        return key_error(ctx, st, "population_year", "needs both \"column\" and \"year\"");
    return SCM_OK;
}

static scm_status
parse_data(scm_ctx *ctx, scm_style *st, json_t *data)
{
    static const char *const keys[] = {"shapes",
                                       "key",
                                       "activations",
                                       "activation_key",
                                       "activation_date",
                                       "counts",
                                       "counts_key",
                                       "counts_period",
                                       "counts_as_of",
                                       "population",
                                       "population_key",
                                       "population_column",
                                       "population_year",
                                       "fips_changes",
                                       "groups",
                                       "notes",
                                       "missing",
                                       "state_key",
                                       NULL};
    scm_sources *s = &st->src;
    const char *missing = NULL;
    scm_status rc;
    if (data == NULL)
        return key_error(ctx, st, "data", "missing: a style names its data files");
    if ((rc = check_keys(ctx, st, data, "data", keys)) != SCM_OK ||
        (rc = set_path(ctx, st, data, "shapes", 0, &s->shapes)) != SCM_OK ||
        (rc = set_path(ctx, st, data, "activations", 1, &s->activations)) != SCM_OK ||
        (rc = set_path(ctx, st, data, "counts", 2, &s->counts)) != SCM_OK ||
        (rc = set_path(ctx, st, data, "population", 3, &s->population)) != SCM_OK ||
        (rc = set_path(ctx, st, data, "fips_changes", 4, &s->fips_changes)) != SCM_OK ||
        (rc = set_path(ctx, st, data, "groups", 5, &s->groups)) != SCM_OK ||
        (rc = set_path(ctx, st, data, "notes", 6, &s->notes)) != SCM_OK ||
        (rc = get_string(ctx, st, data, "key", &s->shapes_key)) != SCM_OK ||
        (rc = get_string(ctx, st, data, "activation_key", &s->act_key)) != SCM_OK ||
        (rc = get_string(ctx, st, data, "activation_date", &s->act_date)) != SCM_OK ||
        (rc = get_string(ctx, st, data, "counts_key", &s->counts_key)) != SCM_OK ||
        (rc = get_string(ctx, st, data, "counts_period", &s->counts_period)) != SCM_OK ||
        (rc = get_string(ctx, st, data, "counts_as_of", &s->counts_as_of)) != SCM_OK ||
        (rc = get_string(ctx, st, data, "population_key", &s->pop_key)) != SCM_OK ||
        (rc = get_string(ctx, st, data, "population_column", &s->pop_column)) != SCM_OK ||
        (rc = get_string(ctx, st, data, "missing", &missing)) != SCM_OK ||
        (rc = get_string(ctx, st, data, "state_key", &s->act_state_key)) != SCM_OK ||
        (rc = parse_population_year(ctx, st, data)) != SCM_OK)
        return rc;
    if (missing != NULL && scm_missing_parse(missing, &s->missing) != 0)
        return key_error(ctx, st, "missing",
                         "use \"not-yet\" (a county absent from the table has not started) or "
                         "\"no-data\"");
    if (s->counts_as_of != NULL) {
        scm_date d;
        int dr = scm_date_parse(s->counts_as_of, &d);
        char msg[96];
        snprintf(msg, sizeof msg, "%s (use YYYY-MM-DD, years %d to %d)",
                 dr == -2 ? "the year is out of range" : "not a date", SCM_YEAR_MIN, SCM_YEAR_MAX);
        if (dr != 0)
            return key_error(ctx, st, "counts_as_of", msg);
    }
    return SCM_OK;
}

static scm_status
get_columns(scm_ctx *ctx, scm_style *st, json_t *metric, const char *key, size_t *n)
{
    json_t *v = json_object_get(metric, key), *c;
    size_t i;
    *n = 0;
    if (v == NULL)
        return SCM_OK;
    if (json_is_string(v)) {
        st->count_cols[st->n_num + st->n_den] = json_string_value(v);
        *n = 1;
        return SCM_OK;
    }
    if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > SCM_STYLE_MAX_COLUMNS)
        return key_error(ctx, st, key, "must be a column name or a list of 1 to 8 names");
    json_array_foreach(v, i, c)
    {
        if (!json_is_string(c))
            return key_error(ctx, st, key, "column names must be strings");
        st->count_cols[st->n_num + st->n_den + i] = json_string_value(c);
    }
    *n = json_array_size(v);
    return SCM_OK;
}

static scm_status
parse_metric(scm_ctx *ctx, scm_style *st, json_t *m)
{
    static const char *const keys[] = {"type",       "numerator", "denominator",     "per",
                                       "cumulative", "period",    "min_denominator", "min_count",
                                       NULL};
    static const char *const types[] = {"activation", "count", "rate", "share", "days_active"};
    const char *type = "activation", *period = NULL;
    double cum = 0;
    size_t i;
    scm_status rc;
    if (m == NULL)
        return key_error(ctx, st, "metric", "missing");
    if ((rc = check_keys(ctx, st, m, "metric", keys)) != SCM_OK ||
        (rc = get_string(ctx, st, m, "type", &type)) != SCM_OK ||
        (rc = get_string(ctx, st, m, "period", &period)) != SCM_OK ||
        (rc = get_number(ctx, st, m, "per", 1, 1e9, &st->per)) != SCM_OK ||
        (rc = get_number(ctx, st, m, "min_denominator", 0, 1e12, &st->min_den)) != SCM_OK ||
        (rc = get_number(ctx, st, m, "min_count", 0, 1e12, &st->min_count)) != SCM_OK)
        return rc;
    if (json_object_get(m, "cumulative") != NULL) {
        if (!json_is_boolean(json_object_get(m, "cumulative")))
            return key_error(ctx, st, "cumulative", "must be true or false");
        cum = json_is_true(json_object_get(m, "cumulative"));
    }
    st->cumulative = cum != 0;
    for (i = 0; i < 5 && strcmp(type, types[i]) != 0; i++)
        ;
    if (i == 5)
        return key_error(ctx, st, "type",
                         "unknown metric (use activation, count, rate, share or days_active)");
    st->metric = (scm_metric_type)i;
    if (period != NULL && scm_period_kind_parse(period, &st->period) != 0)
        return key_error(ctx, st, "period",
                         "unknown period (use quarter, fiscal-quarter, month or year)");
    if ((rc = get_columns(ctx, st, m, "numerator", &st->n_num)) != SCM_OK)
        return rc;
    /* A rate's denominator is columns of the counts table when given ("per 1,000
     * submissions"), else the population table's residents. */
    if ((st->metric == SCM_METRIC_SHARE || st->metric == SCM_METRIC_RATE) &&
        (rc = get_columns(ctx, st, m, "denominator", &st->n_den)) != SCM_OK)
        return rc;
    if (st->metric != SCM_METRIC_SHARE && st->metric != SCM_METRIC_RATE &&
        json_object_get(m, "denominator") != NULL)
        return key_error(ctx, st, "denominator", "only a rate or a share takes a denominator");
    if (st->metric != SCM_METRIC_ACTIVATION && st->metric != SCM_METRIC_DAYS_ACTIVE &&
        st->n_num == 0)
        return key_error(ctx, st, "metric", "a count, rate or share needs \"numerator\" columns");
    if (st->metric == SCM_METRIC_SHARE && st->n_den == 0)
        return key_error(ctx, st, "metric", "a share needs \"denominator\" columns");
    st->src.count_columns = st->count_cols;
    st->src.n_count_columns = st->n_num + st->n_den;
    return SCM_OK;
}

static scm_status
parse_palette(scm_ctx *ctx, scm_style *st, json_t *v)
{
    size_t i, k;
    if (v == NULL)
        return SCM_OK;
    if (json_is_string(v)) {
        for (k = 0; k < sizeof palettes / sizeof palettes[0]; k++)
            if (strcmp(palettes[k].name, json_string_value(v)) == 0)
                break;
        if (k == sizeof palettes / sizeof palettes[0])
            return key_error(ctx, st, "palette",
                             "unknown palette (use YlOrRd, OrRd, Blues, Purples, YlGnBu or a "
                             "list of #rrggbb colours)");
        for (i = 0; i < 9; i++)
            scm_rgba_parse(palettes[k].hex[i], &st->palette[i]);
        st->n_palette = 9;
        st->named_palette = 1;
        return SCM_OK;
    }
    if (!json_is_array(v) || json_array_size(v) < 2 || json_array_size(v) > SCM_STYLE_MAX_BINS)
        return key_error(ctx, st, "palette", "must be a palette name or 2 to 9 colours");
    for (i = 0; i < json_array_size(v); i++)
        if (!json_is_string(json_array_get(v, i)) ||
            scm_rgba_parse(json_string_value(json_array_get(v, i)), &st->palette[i]) != 0)
            return key_error(ctx, st, "palette", "not a colour (use #rrggbb)");
    st->n_palette = json_array_size(v);
    return SCM_OK;
}

static scm_status
parse_classify(scm_ctx *ctx, scm_style *st, json_t *c)
{
    static const char *const keys[] = {"method", "classes", "breaks", "palette", NULL};
    static const char *const methods[] = {"categorical", "manual", "quantile",
                                          "equal",       "jenks",  "log"};
    const char *method = "categorical";
    int bins = 5;
    json_t *b;
    size_t i;
    scm_status rc;
    if (c == NULL)
        return key_error(ctx, st, "classify", "missing");
    if ((rc = check_keys(ctx, st, c, "classify", keys)) != SCM_OK ||
        (rc = get_string(ctx, st, c, "method", &method)) != SCM_OK ||
        (rc = get_int(ctx, st, c, "classes", 2, SCM_STYLE_MAX_BINS, &bins)) != SCM_OK ||
        (rc = parse_palette(ctx, st, json_object_get(c, "palette"))) != SCM_OK)
        return rc;
    for (i = 0; i < 6 && strcmp(method, methods[i]) != 0; i++)
        ;
    if (i == 6)
        return key_error(ctx, st, "method",
                         "unknown method (use categorical, manual, quantile, equal, jenks or log)");
    st->method = (scm_classify_method)i;
    st->n_bins = (size_t)bins;
    if ((st->method == SCM_CLASSIFY_CATEGORICAL) != (st->metric == SCM_METRIC_ACTIVATION))
        return key_error(ctx, st, "method",
                         "categorical goes with the activation metric, and only with it");
    b = json_object_get(c, "breaks");
    if (st->method == SCM_CLASSIFY_MANUAL) {
        if (!json_is_array(b) || json_array_size(b) < 1 || json_array_size(b) >= SCM_STYLE_MAX_BINS)
            return key_error(ctx, st, "breaks", "manual classes need 1 to 8 increasing breaks");
        for (i = 0; i < json_array_size(b); i++) {
            if (!json_is_number(json_array_get(b, i)) ||
                (i > 0 && json_number_value(json_array_get(b, i)) <= st->breaks[i - 1]))
                return key_error(ctx, st, "breaks", "breaks must be increasing numbers");
            st->breaks[i] = json_number_value(json_array_get(b, i));
        }
        st->n_breaks = json_array_size(b);
        st->n_bins = st->n_breaks + 1;
    } else if (b != NULL) {
        return key_error(ctx, st, "breaks", "only the manual method takes breaks");
    }
    if (st->method != SCM_CLASSIFY_CATEGORICAL && st->n_palette == 0)
        return key_error(ctx, st, "classify", "needs a \"palette\"");
    if (st->method != SCM_CLASSIFY_CATEGORICAL && st->n_bins > st->n_palette) {
        char msg[128];
        snprintf(msg, sizeof msg,
                 "%zu colours for %zu classes (give a colour for each class, or fewer classes)",
                 st->n_palette, st->n_bins);
        return key_error(ctx, st, "palette", msg);
    }
    return SCM_OK;
}

static scm_status
parse_classes(scm_ctx *ctx, scm_style *st, json_t *cl)
{
    static const char *const ckeys[] = {"color", "label", NULL};
    size_t k;
    scm_status rc;
    if (cl == NULL)
        return SCM_OK;
    if ((rc = check_keys(ctx, st, cl, "classes", kind_names + 1)) != SCM_OK)
        return rc;
    for (k = 1; k < N_KINDS; k++) {
        json_t *o = json_object_get(cl, kind_names[k]);
        if (o == NULL)
            continue;
        if ((rc = check_keys(ctx, st, o, kind_names[k], ckeys)) != SCM_OK ||
            (rc = get_color(ctx, st, o, "color", &st->kind_color[k])) != SCM_OK ||
            (rc = get_text(ctx, st, o, "label", st->kind_label[k])) != SCM_OK)
            return rc;
    }
    return SCM_OK;
}

static scm_status
parse_look(scm_ctx *ctx, scm_style *st, json_t *root)
{
    static const char *const okeys[] = {"color", "width_px", NULL};
    static const char *const lkeys[] = {"scale", "decimals", "suffix", NULL};
    json_t *o = json_object_get(root, "outline"), *l = json_object_get(root, "labels");
    int dec = st->label_decimals;
    scm_status rc;
    if (o != NULL &&
        ((rc = check_keys(ctx, st, o, "outline", okeys)) != SCM_OK ||
         (rc = get_color(ctx, st, o, "color", &st->outline)) != SCM_OK ||
         (rc = get_number(ctx, st, o, "width_px", 0, 10, &st->outline_width)) != SCM_OK))
        return rc;
    if (l != NULL &&
        ((rc = check_keys(ctx, st, l, "labels", lkeys)) != SCM_OK ||
         (rc = get_number(ctx, st, l, "scale", 1e-9, 1e9, &st->label_scale)) != SCM_OK ||
         (rc = get_int(ctx, st, l, "decimals", 0, 6, &dec)) != SCM_OK ||
         (rc = get_string(ctx, st, l, "suffix", &st->label_suffix)) != SCM_OK))
        return rc;
    st->label_decimals = dec;
    if ((o = json_object_get(root, "states")) != NULL && json_is_false(o))
        st->states_width = 0;
    else if (o != NULL &&
             ((rc = check_keys(ctx, st, o, "states", okeys)) != SCM_OK ||
              (rc = get_color(ctx, st, o, "color", &st->states)) != SCM_OK ||
              (rc = get_number(ctx, st, o, "width_px", 0, 10, &st->states_width)) != SCM_OK))
        return rc;
    return get_color(ctx, st, root, "land", &st->land);
}

static void
set_defaults(scm_style *st)
{
    static const char *const hex[N_KINDS] = {"#000000", "#d7301f", "#fc8d59", "#ffffff",
                                             "#bdbdbd", "#f0f0f0", "#d9d9d9", "#66a9a0"};
    static const char *const en[N_KINDS] = {"",
                                            "Activated this period",
                                            "Active",
                                            "Zero",
                                            "Too few to show",
                                            "Not yet activated",
                                            "No data",
                                            "Activated; not in the counts table"};
    static const char *const es[N_KINDS] = {"",
                                            "Activado en este periodo",
                                            "Activo",
                                            "Cero",
                                            "Muy pocos para mostrar",
                                            "Aún no activado",
                                            "Sin datos",
                                            "Activado; no figura en la tabla de cifras"};
    size_t k;
    for (k = 0; k < N_KINDS; k++) {
        scm_rgba_parse(hex[k], &st->kind_color[k]);
        st->kind_label[k][0] = en[k];
        st->kind_label[k][1] = es[k];
    }
    st->period = SCM_PERIOD_QUARTER;
    st->per = 100000;
    st->label_scale = 1;
    st->label_suffix = "";
    scm_rgba_parse("#ffffff", &st->outline);
    st->outline_width = 0.5;
    scm_rgba_parse("#3d3d3d", &st->states);
    st->states_width = 1.25;
    scm_rgba_parse("#808080", &st->land);
    st->map_labels = SCM_LABELS_STATES;
}

static scm_status
parse_map_labels(scm_ctx *ctx, scm_style *st, json_t *root)
{
    json_t *o = json_object_get(root, "map_labels");
    if (o == NULL)
        return SCM_OK;
    if (!json_is_string(o) || scm_map_labels_parse(json_string_value(o), &st->map_labels) != 0)
        return key_error(ctx, st, "map_labels", "use \"states\", \"cities\", \"all\" or \"none\"");
    return SCM_OK;
}

static const char *const top_keys[] = {
    "name",       "title",  "subtitle", "source", "attribution", "snapshot_label",
    "count_line", "alt",    "unit",     "data",   "metric",      "classify",
    "classes",    "labels", "outline",  "land",   "states",      "count_line_region",
    "map_labels", NULL};

static scm_status
parse_root(scm_ctx *ctx, scm_style *st)
{
    json_t *r = st->root;
    const char *why;
    scm_status rc;
    if ((rc = check_keys(ctx, st, r, "style", top_keys)) != SCM_OK ||
        (rc = parse_data(ctx, st, json_object_get(r, "data"))) != SCM_OK ||
        (rc = parse_metric(ctx, st, json_object_get(r, "metric"))) != SCM_OK ||
        (rc = parse_classify(ctx, st, json_object_get(r, "classify"))) != SCM_OK ||
        (rc = parse_classes(ctx, st, json_object_get(r, "classes"))) != SCM_OK ||
        (rc = parse_look(ctx, st, r)) != SCM_OK || (rc = parse_map_labels(ctx, st, r)) != SCM_OK)
        return rc;
    if (!json_is_string(json_object_get(r, "name")))
        return key_error(ctx, st, "name", "missing: a style needs a \"name\" string");
    if ((why = scm__name_problem(json_string_value(json_object_get(r, "name")))) != NULL) {
        char msg[256];
        /* The name becomes <out>/<name>/ and <name>.gif: "../x" would write outside --out. */
        snprintf(msg, sizeof msg,
                 "the name %s (use 1 to %d letters, digits, \"-\", \"_\" and \".\", not "
                 "\".\" first: it names folders and files)",
                 why, SCM__NAME_MAX);
        return key_error(ctx, st, "name", msg);
    }
    /* Without "shapes", scmap's CLI draws its built-in counties (scmap init-style leaves
     * them out, so the style works wherever scmap is installed). */
    if (st->src.activations == NULL)
        return key_error(ctx, st, "data", "needs \"activations\"");
    if (st->metric != SCM_METRIC_ACTIVATION && st->metric != SCM_METRIC_DAYS_ACTIVE &&
        st->src.counts == NULL)
        return key_error(ctx, st, "data", "this metric needs a \"counts\" table");
    if (st->metric == SCM_METRIC_RATE && st->n_den == 0 && st->src.population == NULL)
        return key_error(ctx, st, "data",
                         "a rate needs a \"population\" table or \"denominator\" columns");
    return SCM_OK;
}

scm_status
scm_style_read(scm_ctx *ctx, const char *path, scm_style **out)
{
    scm_style *st;
    json_error_t err;
    size_t len;
    scm_status rc;
    *out = NULL;
    st = calloc(1, sizeof *st);
    /* Messages name the file; from standard input, data paths are from the current folder. */
    if (st == NULL ||
        (st->path = scm__strdup(strcmp(path, "-") == 0 ? "standard input" : path)) == NULL) {
        free(st);
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
    }
    set_defaults(st);
    if ((rc = scm__read_file(ctx, path, "style file", STYLE_MAX_BYTES, &st->text, &len)) != SCM_OK)
        goto fail;
    st->root = json_loadb(st->text, len, JSON_REJECT_DUPLICATES, &err);
    if (st->root == NULL) {
        rc = scm__error(ctx, SCM_EDATA, "%s:%d:%d: %s", st->path, err.line, err.column, err.text);
        goto fail;
    }
    if ((rc = parse_root(ctx, st)) != SCM_OK)
        goto fail;
    *out = st;
    return SCM_OK;
fail:
    scm_style_free(st);
    return rc;
}

void
scm_style_free(scm_style *st)
{
    size_t i;
    if (st == NULL)
        return;
    for (i = 0; i < sizeof st->data_paths / sizeof st->data_paths[0]; i++)
        free(st->data_paths[i]);
    json_decref(st->root);
    free(st->places);
    free(st->text);
    free(st->path);
    free(st);
}

static const char *
text_of(const scm_style *st, const char *key, int lang)
{
    json_t *v = json_object_get(st->root, key);
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_object(v)) {
        json_t *t = json_object_get(v, lang == SCM_LANG_ES ? "es" : "en");
        if (!json_is_string(t))
            t = json_object_get(v, "en");
        if (json_is_string(t))
            return json_string_value(t);
    }
    return "";
}

const char *
scm_style_text(const scm_style *st, const char *key, int lang)
{
    const char *s = text_of(st, key, lang);
    return s[0] ? s : NULL;
}

scm_status
scm_style_set_text(scm_ctx *ctx, scm_style *st, const char *key, int lang, const char *text)
{
    json_t *v = json_object_get(st->root, key), *o, *t = json_string(text);
    if (t == NULL)
        return scm__error(ctx, SCM_EDATA, "the %s text is not UTF-8", key);
    /* A plain string is the English text: keep it as "en" beside the new language. */
    o = json_is_object(v) ? json_incref(v) : json_object();
    if (o != NULL && json_is_string(v) && json_object_set(o, "en", v) != 0) {
        json_decref(o);
        o = NULL;
    }
    if (o == NULL) {
        json_decref(t);
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", st->path);
    }
    /* The _new setters take the reference even when they fail. */
    if (json_object_set_new(o, lang == SCM_LANG_ES ? "es" : "en", t) != 0) {
        json_decref(o);
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", st->path);
    }
    if (json_object_set_new(st->root, key, o) != 0)
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", st->path);
    return SCM_OK;
}

const char *
scm_style_name(const scm_style *st)
{
    return json_string_value(json_object_get(st->root, "name"));
}

const char *
scm_style_title(const scm_style *st, int lang)
{
    return text_of(st, "title", lang);
}

const char *
scm_style_subtitle(const scm_style *st, int lang)
{
    return text_of(st, "subtitle", lang);
}

const char *
scm_style_source(const scm_style *st, int lang)
{
    return text_of(st, "source", lang);
}

const char *
scm_style_count_line(const scm_style *st, int lang)
{
    const char *s = text_of(st, "count_line", lang);
    return s[0] ? s : NULL;
}

const char *
scm_style_unit(const scm_style *st, int lang)
{
    const char *s = text_of(st, "unit", lang);
    return s[0] ? s : NULL;
}

const char *
scm_style_snapshot_label(const scm_style *st, int lang)
{
    const char *s = text_of(st, "snapshot_label", lang);
    return s[0] ? s : NULL;
}

void
scm_style_sources(const scm_style *st, scm_sources *out)
{
    *out = st->src;
}

scm_period_kind
scm_style_period_kind(const scm_style *st)
{
    return st->period;
}

scm_metric_type
scm_style_metric(const scm_style *st)
{
    return st->metric;
}

double
scm_style_per(const scm_style *st)
{
    return st->per;
}

double
scm_style_min_denominator(const scm_style *st)
{
    return st->min_den;
}

size_t
scm_style_special_kinds(const scm_style *st, scm_class_kind out[SCM_STYLE_MAX_SPECIALS])
{
    static const scm_class_kind act_order[] = {SCM_CLASS_NEW, SCM_CLASS_ACTIVE, SCM_CLASS_NOT_YET,
                                               SCM_CLASS_NO_DATA};
    static const scm_class_kind num_order[] = {SCM_CLASS_ZERO, SCM_CLASS_TOO_FEW,
                                               SCM_CLASS_NOT_IN_FILE, SCM_CLASS_NOT_YET,
                                               SCM_CLASS_NO_DATA};
    const scm_class_kind *order = st->metric == SCM_METRIC_ACTIVATION ? act_order : num_order;
    size_t i, n = 0, len = st->metric == SCM_METRIC_ACTIVATION ? 4 : 5;
    for (i = 0; i < len; i++) {
        if (order[i] == SCM_CLASS_TOO_FEW && st->min_den <= 0 && st->min_count <= 0)
            continue;
        if (order[i] == SCM_CLASS_NOT_IN_FILE && st->metric == SCM_METRIC_DAYS_ACTIVE)
            continue; /* dates only: no counts table to be missing from */
        out[n++] = order[i];
    }
    return n;
}

double
scm_style_min_count(const scm_style *st)
{
    return st->min_count;
}

int
scm_style_cumulative(const scm_style *st)
{
    return st->cumulative;
}

size_t
scm_style_n_numerators(const scm_style *st)
{
    return st->n_num;
}

size_t
scm_style_n_denominators(const scm_style *st)
{
    return st->n_den;
}

scm_classify_method
scm_style_method(const scm_style *st)
{
    return st->method;
}

size_t
scm_style_n_bins(const scm_style *st)
{
    return st->n_bins;
}

const double *
scm_style_manual_breaks(const scm_style *st, size_t *n)
{
    *n = st->n_breaks;
    return st->breaks;
}

scm_rgba
scm_style_bin_color(const scm_style *st, size_t i, size_t n)
{
    /* A named ramp's palest member is too close to white: it is used only when every member
     * is needed. A custom palette is used as given. */
    size_t first = st->named_palette && n < st->n_palette ? 1 : 0;
    if (st->n_palette == 0)
        return st->kind_color[SCM_CLASS_BIN];
    if (n <= 1)
        return st->palette[st->n_palette - 1];
    return st->palette[first + i * (st->n_palette - first - 1) / (n - 1)];
}

scm_rgba
scm_style_class_color(const scm_style *st, scm_class_kind kind)
{
    return st->kind_color[kind];
}

const char *
scm_style_class_label(const scm_style *st, scm_class_kind kind, int lang)
{
    const char *s = st->kind_label[kind][lang == SCM_LANG_ES ? 1 : 0];
    return s != NULL ? s : st->kind_label[kind][0];
}

double
scm_style_label_scale(const scm_style *st)
{
    return st->label_scale;
}

int
scm_style_label_decimals(const scm_style *st)
{
    return st->label_decimals;
}

const char *
scm_style_label_suffix(const scm_style *st)
{
    return st->label_suffix;
}

scm_rgba
scm_style_outline_color(const scm_style *st)
{
    return st->outline;
}

double
scm_style_outline_width(const scm_style *st)
{
    return st->outline_width;
}

scm_rgba
scm_style_states_color(const scm_style *st)
{
    return st->states;
}

double
scm_style_states_width(const scm_style *st)
{
    return st->states_width;
}

void
scm_style_hide_states(scm_style *st)
{
    st->states_width = 0;
}

scm_rgba
scm_style_land_color(const scm_style *st)
{
    return st->land;
}

/* One problem line, unless the same pair was already reported for another legend size. */
static void
color_problem(scm_buf *b, const char *what_a, scm_rgba a, const char *what_b, scm_rgba c, double de,
              double want)
{
    char line[256];
    snprintf(line, sizeof line,
             "%s #%02x%02x%02x and %s #%02x%02x%02x are %.1f apart (CIEDE2000); make them at "
             "least %g apart\n",
             what_a, a.r, a.g, a.b, what_b, c.r, c.g, c.b, de, want);
    if (b->data == NULL || strstr((const char *)b->data, line) == NULL)
        scm__buf_printf(b, "%s", line);
}

/* Every legend the style can draw: categorical none, manual its bins, the others any number
 * up to the requested one (ties in the data can merge classes). */
scm_status
scm_style_color_problems(scm_ctx *ctx, const scm_style *st, char **out)
{
    scm_class_kind sp[SCM_STYLE_MAX_SPECIALS];
    size_t ns = scm_style_special_kinds(st, sp), n, lo, i, j;
    scm_buf b = {0};
    char what[2][64];
    *out = NULL;
    lo = st->method == SCM_CLASSIFY_CATEGORICAL ? 0
         : st->method == SCM_CLASSIFY_MANUAL    ? st->n_bins
                                                : 1;
    for (n = lo; n <= (st->method == SCM_CLASSIFY_CATEGORICAL ? 0 : st->n_bins); n++) {
        for (i = 0; i + 1 < n; i++) {
            scm_rgba a = scm_style_bin_color(st, i, n), c = scm_style_bin_color(st, i + 1, n);
            double de = scm_rgba_delta_e(a, c);
            if (de < SCM_STYLE_MIN_BIN_DE)
                color_problem(&b, "neighbouring bins", a, "", c, de, SCM_STYLE_MIN_BIN_DE);
        }
        for (i = 0; i < ns; i++) {
            scm_rgba a = st->kind_color[sp[i]];
            snprintf(what[0], sizeof what[0], "class \"%s\"", kind_names[sp[i]]);
            for (j = 0; j < n + ns; j++) {
                scm_rgba c = j < n ? scm_style_bin_color(st, j, n) : st->kind_color[sp[j - n]];
                double de = scm_rgba_delta_e(a, c);
                if (j >= n && j - n <= i)
                    continue; /* each pair of special classes once */
                snprintf(what[1], sizeof what[1], j < n ? "a bin" : "class \"%s\"",
                         j < n ? "" : kind_names[sp[j - n]]);
                if (de < SCM_STYLE_MIN_SPECIAL_DE)
                    color_problem(&b, what[0], a, what[1], c, de, SCM_STYLE_MIN_SPECIAL_DE);
            }
        }
    }
    if (scm__buf_failed(&b)) {
        scm__buf_free(&b);
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", st->path);
    }
    *out = (char *)b.data;
    return SCM_OK;
}

int
scm_map_labels_parse(const char *s, scm_map_labels *out)
{
    static const char *const names[] = {"none", "states", "cities", "all"};
    int i;
    for (i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (scm_map_labels)i;
            return 0;
        }
    return -1;
}

scm_map_labels
scm_style_map_labels(const scm_style *st)
{
    return st->map_labels;
}

void
scm_style_set_map_labels(scm_style *st, scm_map_labels labels)
{
    st->map_labels = labels;
}

scm_status
scm_style_set_places(scm_ctx *ctx, scm_style *st, const char *path)
{
    char *copy = scm__strdup(path);
    if (copy == NULL)
        return scm__error(ctx, SCM_ENOMEM, "style: out of memory");
    free(st->places);
    st->places = copy;
    return SCM_OK;
}

const char *
scm_style_places(const scm_style *st)
{
    return st->places;
}

scm_status
scm_style_set_member(scm_ctx *ctx, scm_style *st, const char *object, const char *key,
                     const char *value)
{
    json_t *o = object != NULL ? json_object_get(st->root, object) : st->root;
    if (!json_is_object(o))
        return scm__error(ctx, SCM_EINVAL, "%s: no \"%s\" object", st->path, object);
    if (value == NULL) {
        json_object_del(o, key);
        return SCM_OK;
    }
    if (json_object_set_new(o, key, json_string(value)) != 0)
        return scm__error(ctx, SCM_EDATA, "%s: %s: not UTF-8, or out of memory", st->path, key);
    return SCM_OK;
}

/* Whether v is text with nothing in it: "" or {"en": "", "es": ""}. */
static int
empty_text(json_t *v)
{
    const char *lang;
    json_t *t;
    if (json_is_string(v))
        return json_string_value(v)[0] == '\0';
    if (!json_is_object(v) || json_object_size(v) == 0)
        return 0;
    json_object_foreach(v, lang, t)
    {
        if (!json_is_string(t) || json_string_value(t)[0] != '\0')
            return 0;
    }
    return 1;
}

scm_status
scm_style_dump(scm_ctx *ctx, const scm_style *st, char **out)
{
    json_t *copy = json_deep_copy(st->root), *v;
    const char *key;
    void *tmp;
    *out = NULL;
    if (copy == NULL)
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", st->path);
    /* Text emptied by scm_style_set_text (the alt sentence of a retitled style) is left out,
     * so the style reads as one written by hand. */
    json_object_foreach_safe(copy, tmp, key, v)
    {
        if (empty_text(v))
            json_object_del(copy, key);
    }
    *out = json_dumps(copy, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(copy);
    if (*out == NULL)
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", st->path);
    return SCM_OK;
}
