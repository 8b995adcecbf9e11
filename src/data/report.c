/* SPDX-License-Identifier: MIT */
/* The join report that `scmap check` prints: what matched, what moved, what is missing. */
#include "scmap/data.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/core_private.h"
#include "data_private.h"

const char *
scm_fips_state(const char *fips)
{
    static const char *const codes[] = {
        "",   "AL", "AK", "",   "AZ", "AR", "CA", "",   "CO", "CT", "DE", "DC", "FL", "GA", "",
        "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO",
        "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "",   "RI",
        "SC", "SD", "TN", "TX", "UT", "VT", "VA", "",   "WA", "WV", "WI", "WY"};
    int st = (fips[0] - '0') * 10 + (fips[1] - '0');
    switch (st) { /* the territories with counties in the Census files */
    case 60:
        return "AS";
    case 66:
        return "GU";
    case 69:
        return "MP";
    case 72:
        return "PR";
    case 78:
        return "VI";
    }
    return st >= 0 && st < (int)(sizeof codes / sizeof codes[0]) ? codes[st] : "";
}

/* State names by FIPS code, in English and, where it differs, in Spanish (as the Spanish
 * press writes them). */
static const struct {
    int fips;
    const char *en, *es;
} names[] = {{1, "Alabama", NULL},
             {2, "Alaska", NULL},
             {4, "Arizona", NULL},
             {5, "Arkansas", NULL},
             {6, "California", NULL},
             {8, "Colorado", NULL},
             {9, "Connecticut", NULL},
             {10, "Delaware", NULL},
             {11, "District of Columbia", "Distrito de Columbia"},
             {12, "Florida", NULL},
             {13, "Georgia", NULL},
             {15, "Hawaii", "Hawái"},
             {16, "Idaho", NULL},
             {17, "Illinois", NULL},
             {18, "Indiana", NULL},
             {19, "Iowa", NULL},
             {20, "Kansas", NULL},
             {21, "Kentucky", NULL},
             {22, "Louisiana", "Luisiana"},
             {23, "Maine", NULL},
             {24, "Maryland", NULL},
             {25, "Massachusetts", NULL},
             {26, "Michigan", "Míchigan"},
             {27, "Minnesota", NULL},
             {28, "Mississippi", "Misisipi"},
             {29, "Missouri", "Misuri"},
             {30, "Montana", NULL},
             {31, "Nebraska", NULL},
             {32, "Nevada", NULL},
             {33, "New Hampshire", "Nuevo Hampshire"},
             {34, "New Jersey", "Nueva Jersey"},
             {35, "New Mexico", "Nuevo México"},
             {36, "New York", "Nueva York"},
             {37, "North Carolina", "Carolina del Norte"},
             {38, "North Dakota", "Dakota del Norte"},
             {39, "Ohio", NULL},
             {40, "Oklahoma", NULL},
             {41, "Oregon", "Oregón"},
             {42, "Pennsylvania", "Pensilvania"},
             {44, "Rhode Island", NULL},
             {45, "South Carolina", "Carolina del Sur"},
             {46, "South Dakota", "Dakota del Sur"},
             {47, "Tennessee", NULL},
             {48, "Texas", NULL},
             {49, "Utah", NULL},
             {50, "Vermont", NULL},
             {51, "Virginia", NULL},
             {53, "Washington", NULL},
             {54, "West Virginia", "Virginia Occidental"},
             {55, "Wisconsin", NULL},
             {56, "Wyoming", NULL},
             {72, "Puerto Rico", NULL}};

const char *
scm_state_name(const char *fips, scm_lang lang)
{
    int st = (fips[0] - '0') * 10 + (fips[1] - '0');
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].fips == st)
            return lang == SCM_LANG_ES && names[i].es ? names[i].es : names[i].en;
    return NULL;
}

/* A state's 2-digit FIPS code from a cell holding its USPS code ("TX", any case) or its FIPS
 * code ("48", or "6" from a numeric column); -1 when the cell is neither. */
int
scm_state_parse(const char *cell, char out[3])
{
    char s[3] = {0};
    size_t n = 0;
    int code;
    while (isspace((unsigned char)*cell))
        cell++;
    while (n < 2 && isalnum((unsigned char)cell[n])) {
        s[n] = (char)toupper((unsigned char)cell[n]);
        n++;
    }
    for (cell += n; isspace((unsigned char)*cell); cell++)
        ;
    if (n == 0 || *cell != '\0')
        return -1;
    if (isdigit((unsigned char)s[0]) && (n == 1 || isdigit((unsigned char)s[1]))) {
        code = n == 1 ? s[0] - '0' : (s[0] - '0') * 10 + (s[1] - '0');
        snprintf(out, 3, "%02d", code);
        return code > 0 ? 0 : -1;
    }
    for (code = 1; code < 100; code++) {
        snprintf(out, 3, "%02d", code);
        if (n == 2 && strcmp(scm_fips_state(out), s) == 0)
            return 0;
    }
    return -1;
}

/* Territories (PR, VI, GU, MP, AS, UM) are summarised by state; states and DC are listed. */
static int
is_territory(const char *fips)
{
    int st = (fips[0] - '0') * 10 + (fips[1] - '0');
    return st >= 60;
}

/* Each section lists this many rows; the rest are counted, and all of them are in the CSV of
 * scm_dataset_report_csv: a table of 50 counties left 3,183 unmatched lines in the report. */
#define SHOWN 20

/* Counts by state of the events of one section, states and DC in FIPS order: where a table
 * falls short is clearer as "TX 250" than as 250 lines. */
static void
by_state(scm_buf *b, const scm_dataset *ds, scm_join_kind kind, const char *table)
{
    size_t i, n[100] = {0};
    int st, any = 0;
    for (i = 0; i < scm_dataset_n_events(ds); i++) {
        const scm_join_event *e = scm_dataset_event(ds, i);
        if (e->kind == kind && strcmp(e->table, table) == 0 && !is_territory(e->fips))
            n[(e->fips[0] - '0') * 10 + (e->fips[1] - '0')]++;
    }
    for (st = 0; st < 60; st++) {
        char code[3] = {(char)('0' + st / 10), (char)('0' + st % 10), 0};
        const char *usps = scm_fips_state(code);
        if (n[st] == 0)
            continue;
        scm__buf_printf(b, "%s%s%s %zu", any ? ", " : "    by state: ", usps[0] ? usps : "FIPS ",
                        usps[0] ? "" : code, n[st]);
        any = 1;
    }
    if (any)
        scm__buf_printf(b, "\n");
}

static void
section(scm_buf *b, const scm_dataset *ds, scm_join_kind kind, const char *table, const char *title,
        int summarise, const char *list_name)
{
    size_t i, n = 0, shown = 0, terr = 0;
    char terr_states[64] = "";
    for (i = 0; i < scm_dataset_n_events(ds); i++) {
        const scm_join_event *e = scm_dataset_event(ds, i);
        if (e->kind == kind && strcmp(e->table, table) == 0)
            n++;
    }
    if (n == 0)
        return;
    scm__buf_printf(b, "  %s: %zu\n", title, n);
    if (summarise)
        by_state(b, ds, kind, table);
    for (i = 0; i < scm_dataset_n_events(ds); i++) {
        const scm_join_event *e = scm_dataset_event(ds, i);
        if (e->kind != kind || strcmp(e->table, table) != 0)
            continue;
        if (summarise && is_territory(e->fips)) {
            char st[4] = {e->fips[0], e->fips[1], ' ', 0};
            if (strstr(terr_states, st) == NULL && strlen(terr_states) < sizeof terr_states - 4)
                strcat(terr_states, st);
            terr++;
            continue;
        }
        if (shown++ < SHOWN)
            scm__buf_printf(b, "    %s\n", e->message);
    }
    if (terr > 0)
        scm__buf_printf(b, "    %zu in the territories (state FIPS %s)\n", terr, terr_states);
    if (shown > SHOWN)
        scm__buf_printf(b, "    and %zu more%s%s%s\n", shown - SHOWN,
                        list_name ? " (all of them in " : "", list_name ? list_name : "",
                        list_name ? ")" : "");
}

/* A state total summed from the counts table leaves out its activated counties with no row:
 * a reader quoting one must know it is short. */
static void
incomplete_states(scm_buf *b, const scm_dataset *ds)
{
    char list[4 * 60] = "";
    size_t i;
    for (i = 0; i < scm_dataset_n_events(ds); i++) {
        const scm_join_event *e = scm_dataset_event(ds, i);
        const char *code = scm_fips_state(e->fips);
        if (e->kind != SCM_JOIN_NO_ROW || strcmp(e->table, "counts") != 0 ||
            is_territory(e->fips) || code[0] == '\0' || strstr(list, code) != NULL)
            continue;
        if (strlen(list) + 5 < sizeof list)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", list[0] ? ", " : "",
                     code);
    }
    if (list[0] != '\0')
        scm__buf_printf(b,
                        "  states whose totals are incomplete (an activated county has no row): "
                        "%s\n",
                        list);
}

/* The file a table came from, as a reader knows it: its name without the folders. */
static const char *
file_name(const scm_dataset *ds, const char *table)
{
    const char *path = scm__dataset_file(ds, table), *slash;
    if (path == NULL)
        return table;
    slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

scm_status
scm_dataset_report(scm_ctx *ctx, const scm_dataset *ds, const char *list_name, char **out)
{
    static const char *const tables[] = {"activations", "counts", "population", "notes"};
    const scm_shapes *sh = scm_dataset_shapes(ds);
    const char *absent = scm_dataset_missing(ds) == SCM_MISSING_NOT_YET
                             ? "counties with no row (drawn as not yet activated)"
                             : "counties with no row (drawn as no data)";
    size_t i, n = scm_shapes_count(sh), states = 0, states_matched = 0;
    scm_buf b = {0};
    *out = NULL;
    for (i = 0; i < n; i++) {
        if (is_territory(scm_shapes_fips(sh, i)))
            continue;
        states++;
        states_matched += scm_dataset_activation(ds, i) != SCM_DATE_NONE;
    }
    scm__buf_printf(&b, "shapes: %zu counties\n", n);
    scm__buf_printf(&b, "matched: %zu counties have a date in %s; 50 states and DC: %zu of %zu\n",
                    scm_dataset_matched(ds), file_name(ds, "activations"), states_matched, states);
    section(&b, ds, SCM_JOIN_EMPTY, "shapes", "empty geometries (drawn as nothing)", 0, list_name);
    section(&b, ds, SCM_JOIN_REPAIRED, "fips changes", "FIPS codes stored as numbers, repaired", 0,
            list_name);
    for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        size_t before = b.len, head;
        scm__buf_printf(&b, "%s (%s):\n", file_name(ds, tables[i]), tables[i]);
        head = b.len;
        section(&b, ds, SCM_JOIN_REPAIRED, tables[i], "FIPS codes stored as numbers, repaired", 0,
                list_name);
        section(&b, ds, SCM_JOIN_REMAPPED, tables[i], "keys remapped to the shapes' codes", 0,
                list_name);
        section(&b, ds, SCM_JOIN_GROUP, tables[i], "rows that stand for several counties", 0,
                list_name);
        section(&b, ds, SCM_JOIN_DUPLICATE, tables[i], "duplicate rows that agree", 0, list_name);
        section(&b, ds, SCM_JOIN_CONFLICT, tables[i], "conflicting rows", 0, list_name);
        section(&b, ds, SCM_JOIN_NO_SHAPE, tables[i], "rows with no county shape", 0, list_name);
        section(&b, ds, SCM_JOIN_NO_ROW, tables[i],
                i == 1 ? "activated counties with no row (no numbers for them on the map)" : absent,
                1, list_name);
        if (i == 1)
            incomplete_states(&b, ds);
        if (!scm__buf_failed(&b) && b.len == head) {
            b.len = before; /* nothing to say about a table that is absent */
            b.data[b.len] = '\0';
        }
    }
    if (scm__buf_failed(&b) || b.data == NULL) {
        scm__buf_free(&b);
        return scm__error(ctx, SCM_ENOMEM, "report: out of memory");
    }
    *out = (char *)b.data;
    return SCM_OK;
}

/* A CSV field, quoted when it holds a comma, a quote or a line break (quotes doubled). */
static void
csv_cell(scm_buf *b, const char *s, const char *after)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        scm__buf_printf(b, "%s%s", s, after);
        return;
    }
    scm__buf_printf(b, "\"");
    for (; *s; s++)
        scm__buf_printf(b, *s == '"' ? "\"\"" : "%c", *s);
    scm__buf_printf(b, "\"%s", after);
}

scm_status
scm_dataset_report_csv(scm_ctx *ctx, const scm_dataset *ds, char **out)
{
    static const char *const issues[] = {"repaired", "remapped", "group",  "duplicate",
                                         "conflict", "no_shape", "no_row", "empty_geometry"};
    scm_buf b = {0};
    size_t i;
    *out = NULL;
    scm__buf_printf(&b, "file,table,issue,fips,state,detail\n");
    for (i = 0; i < scm_dataset_n_events(ds); i++) {
        const scm_join_event *e = scm_dataset_event(ds, i);
        csv_cell(&b, file_name(ds, e->table), ",");
        scm__buf_printf(&b, "%s,%s,%s,%s,", e->table, issues[e->kind], e->fips,
                        scm_fips_state(e->fips));
        csv_cell(&b, e->message, "\n");
    }
    if (scm__buf_failed(&b) || b.data == NULL) {
        scm__buf_free(&b);
        return scm__error(ctx, SCM_ENOMEM, "report: out of memory");
    }
    *out = (char *)b.data;
    return SCM_OK;
}
