/* SPDX-License-Identifier: MIT */
/* The join of activation, count and population tables onto county shapes by FIPS code,
 * with the FIPS-changes crosswalk and multi-county rows. */
#include "scmap/data.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/core_private.h"
#include "data_private.h"

#define MAX_TARGETS 16

typedef struct change {
    char old_fips[6], new_fips[6];
    char type[24], date[11];
    char old_name[64], new_name[64];
} change;

typedef struct group {
    char row_fips[6];
    char jurisdiction[96];
    size_t n;
    char members[MAX_TARGETS][6];
} group;

/* Where a table key lands among the shapes. */
typedef struct target {
    size_t n;
    size_t county[MAX_TARGETS];
    int remapped;
    char why[400];
} target;

typedef struct unit {
    size_t n;
    size_t county[MAX_TARGETS];
} unit;

struct scm_dataset {
    scm_shapes *shapes;
    scm_date *act;
    signed char *act_direct; /* 1: from the county's own row, 0: via the crosswalk */
    double *pop;
    char **notes; /* 2 a county (English, Spanish), NULL where none; NULL without a notes file */
    long *unit_of;
    unit *units;
    size_t n_units, cap_units;
    size_t n_cols, n_slots, cap_slots, cap_order;
    scm_period *slots;  /* in the order the table first names them */
    size_t *slot_order; /* slot numbers sorted by period, for slot_of */
    size_t stride;      /* slots of room per unit in values, >= n_slots */
    double *values;     /* cap_units * stride * n_cols, NaN where no row says */
    scm_date snapshot;
    change *changes;
    size_t n_changes;
    group *groups;
    size_t n_groups;
    scm_join_event *events;
    size_t n_events, cap_events;
    size_t matched;
    scm_missing missing;
    char *files[4];         /* the paths of the tables below, for the report */
    const scm_sources *src; /* only during scm_dataset_load */
};

static scm_status event(scm_ctx *ctx, scm_dataset *ds, scm_join_kind kind, const char *table,
                        const char *fips, const char *fmt, ...) SCM__PRINTF(6, 7);

static scm_status
event(scm_ctx *ctx, scm_dataset *ds, scm_join_kind kind, const char *table, const char *fips,
      const char *fmt, ...)
{
    va_list ap;
    scm_join_event *e;
    if (scm__grow(&ds->events, &ds->cap_events, ds->n_events + 1, sizeof *ds->events) != 0)
        return scm__error(ctx, SCM_ENOMEM, "join: out of memory");
    e = &ds->events[ds->n_events++];
    e->kind = kind;
    e->table = table;
    snprintf(e->fips, sizeof e->fips, "%s", fips);
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return SCM_OK;
}

/* A cell or a name as quoted in a message: at most 40 bytes, control and non-ASCII bytes as
 * '?', so that a binary file writes none of its bytes to a terminal and a line break in a cell
 * does not split the message. */
static const char *
shown(const char *s, char out[48])
{
    size_t n;
    for (n = 0; s[n] != '\0' && n < 40; n++)
        out[n] = (unsigned char)s[n] < 0x20 || (unsigned char)s[n] >= 0x7f ? '?' : s[n];
    snprintf(out + n, 48 - n, "%s", s[n] != '\0' ? "..." : "");
    return out;
}

/* At most this many problems of one table are listed in the error; the rest are counted. */
#define MAX_PROBLEMS 20

/* The data errors of one table's rows, so that a table with ten bad cells is reported in one
 * run, not ten: each row's error is booked here and the next row read. */
typedef struct problems {
    scm_buf text;
    size_t n;
} problems;

/* Books a row's SCM_EDATA (taken off ctx) and returns SCM_OK to read on; any other status, out
 * of memory above all, stops the table at once. */
static scm_status
book(scm_ctx *ctx, problems *p, scm_status st)
{
    if (st != SCM_EDATA)
        return st;
    if (p->n++ < MAX_PROBLEMS)
        scm__buf_printf(&p->text, "\n  %s", scm_ctx_errmsg(ctx));
    scm_ctx_clear_error(ctx);
    return SCM_OK;
}

/* The table's one error: its only problem as it was, or all of them under a count. */
static scm_status
problems_end(scm_ctx *ctx, problems *p, const scm_table *t)
{
    scm_status st = SCM_OK;
    if (p->n > MAX_PROBLEMS)
        scm__buf_printf(&p->text, "\n  and %zu more", p->n - MAX_PROBLEMS);
    if (p->n > 0 && scm__buf_failed(&p->text))
        st = scm__error(ctx, SCM_ENOMEM, "%s: out of memory", scm_table_path(t));
    else if (p->n == 1)
        st = scm__error(ctx, SCM_EDATA, "%s", (const char *)p->text.data + 3);
    else if (p->n > 1)
        st = scm__error(ctx, SCM_EDATA,
                        "%s: %zu problems in the table (fix each, then run again):%s",
                        scm_table_path(t), p->n, (const char *)p->text.data);
    scm__buf_free(&p->text);
    p->n = 0;
    return st;
}

/* Reads a FIPS cell; a repaired code is logged, anything else is an error. */
static scm_status
read_fips(scm_ctx *ctx, scm_dataset *ds, const scm_table *t, size_t row, size_t col,
          const char *table, char out[6])
{
    int rep;
    char buf[48];
    const char *raw = scm_table_cell(t, row, col);
    if (scm_fips_normalize(raw, out, &rep) != 0)
        return scm__error(
            ctx, SCM_EDATA,
            "%s:%zu: FIPS \"%s\" is not a 5-digit county code (column %s; write the state's 2 "
            "digits and the county's 3, e.g. 48201)",
            scm_table_path(t), scm_table_line(t, row), shown(raw, buf), scm_table_colname(t, col));
    if (rep) {
        scm__log(ctx, SCM_LOG_WARN, "%s:%zu: FIPS \"%s\" read as %s (a number lost its zero)",
                 scm_table_path(t), scm_table_line(t, row), raw, out);
        return event(ctx, ds, SCM_JOIN_REPAIRED, table, out, "%s:%zu: \"%s\" read as %s",
                     scm_table_path(t), scm_table_line(t, row), raw, out);
    }
    return SCM_OK;
}

static scm_status
need_col(scm_ctx *ctx, const scm_table *t, const char *name, size_t *out)
{
    long c = scm_table_col(t, name);
    *out = 0; /* set on every path: gcc -O3 cannot see that callers stop on an error */
    if (c < 0) {
        scm_buf b = {0};
        size_t j;
        for (j = 0; j < scm_table_cols(t) && j < 12; j++) {
            char buf[48];
            scm__buf_printf(&b, "%s%s", j ? ", " : "", shown(scm_table_colname(t, j), buf));
        }
        scm__error(ctx, SCM_EDATA, "%s:1: no column \"%s\" (columns: %s)", scm_table_path(t), name,
                   scm__buf_failed(&b) ? "?"
                   : b.data != NULL    ? (char *)b.data
                                       : "none");
        scm__buf_free(&b);
        return SCM_EDATA;
    }
    *out = (size_t)c;
    return SCM_OK;
}

/* A table none of whose keys lands on a shape is the wrong table, the wrong key column or the
 * wrong shapes; let through, it surfaced later as "no periods", far from its cause. */
static scm_status
need_match(scm_ctx *ctx, const scm_table *t, size_t c_key, size_t matched)
{
    scm_buf b = {0};
    size_t r;
    if (matched > 0)
        return SCM_OK;
    for (r = 0; r < scm_table_rows(t) && r < 4; r++) {
        char buf[48];
        scm__buf_printf(&b, "%s%s", r ? ", " : "", shown(scm_table_cell(t, r, c_key), buf));
    }
    scm__error(ctx, SCM_EDATA,
               "%s: no key of the table matched a county shape (column %s: %s%s; check that the "
               "table and the shapes cover the same counties)",
               scm_table_path(t), scm_table_colname(t, c_key),
               scm__buf_failed(&b) ? "?"
               : b.data != NULL    ? (char *)b.data
                                   : "",
               scm_table_rows(t) > 4 ? "..." : "");
    scm__buf_free(&b);
    return SCM_EDATA;
}

static void
copy_cell(char *dst, size_t n, const scm_table *t, size_t row, long col)
{
    snprintf(dst, n, "%s", col >= 0 ? scm_table_cell(t, row, (size_t)col) : "");
}

static scm_status
load_changes(scm_ctx *ctx, scm_dataset *ds, const char *path)
{
    scm_table *t = NULL;
    size_t r, c_old, c_new, cap = 0;
    scm_status st;
    if ((st = scm_table_read(ctx, path, &t)) != SCM_OK)
        return st;
    if ((st = need_col(ctx, t, "old_fips", &c_old)) != SCM_OK ||
        (st = need_col(ctx, t, "new_fips", &c_new)) != SCM_OK)
        goto done;
    for (r = 0; r < scm_table_rows(t); r++) {
        change *c;
        if (scm__grow(&ds->changes, &cap, ds->n_changes + 1, sizeof *ds->changes) != 0) {
            st = scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
            goto done;
        }
        c = &ds->changes[ds->n_changes];
        memset(c, 0, sizeof *c);
        if ((st = read_fips(ctx, ds, t, r, c_old, "fips changes", c->old_fips)) != SCM_OK ||
            (st = read_fips(ctx, ds, t, r, c_new, "fips changes", c->new_fips)) != SCM_OK)
            goto done;
        copy_cell(c->type, sizeof c->type, t, r, scm_table_col(t, "change_type"));
        copy_cell(c->date, sizeof c->date, t, r, scm_table_col(t, "effective_date"));
        copy_cell(c->old_name, sizeof c->old_name, t, r, scm_table_col(t, "old_name"));
        copy_cell(c->new_name, sizeof c->new_name, t, r, scm_table_col(t, "new_name"));
        /* A boundary change moves land, not codes: nothing to remap. */
        if (strcmp(c->type, "boundary") != 0)
            ds->n_changes++;
    }
done:
    scm_table_free(t);
    return st;
}

static scm_status
load_groups(scm_ctx *ctx, scm_dataset *ds, const char *path)
{
    scm_table *t = NULL;
    size_t r, c_row, c_mem, cap = 0, i;
    scm_status st;
    if ((st = scm_table_read(ctx, path, &t)) != SCM_OK)
        return st;
    if ((st = need_col(ctx, t, "row_fips", &c_row)) != SCM_OK ||
        (st = need_col(ctx, t, "member_fips", &c_mem)) != SCM_OK)
        goto done;
    for (r = 0; r < scm_table_rows(t); r++) {
        char row[6], mem[6];
        group *g = NULL;
        if ((st = read_fips(ctx, ds, t, r, c_row, "groups", row)) != SCM_OK ||
            (st = read_fips(ctx, ds, t, r, c_mem, "groups", mem)) != SCM_OK)
            goto done;
        for (i = 0; i < ds->n_groups; i++)
            if (strcmp(ds->groups[i].row_fips, row) == 0)
                g = &ds->groups[i];
        if (g == NULL) {
            if (scm__grow(&ds->groups, &cap, ds->n_groups + 1, sizeof *ds->groups) != 0) {
                st = scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
                goto done;
            }
            g = &ds->groups[ds->n_groups++];
            memset(g, 0, sizeof *g);
            memcpy(g->row_fips, row, 6);
            copy_cell(g->jurisdiction, sizeof g->jurisdiction, t, r,
                      scm_table_col(t, "jurisdiction"));
        }
        if (g->n == MAX_TARGETS) {
            st = scm__error(ctx, SCM_EDATA, "%s:%zu: group %s has more than %d members", path,
                            scm_table_line(t, r), row, MAX_TARGETS);
            goto done;
        }
        memcpy(g->members[g->n++], mem, 6);
    }
done:
    scm_table_free(t);
    return st;
}

static void
add_target(target *t, size_t county)
{
    size_t i;
    for (i = 0; i < t->n; i++)
        if (t->county[i] == county)
            return;
    if (t->n < MAX_TARGETS)
        t->county[t->n++] = county;
}

/* Follows the crosswalk forward (old code to the codes that replaced it) until codes
 * of the shapes' vintage are reached. */
static void
follow_forward(const scm_dataset *ds, const char *fips, int depth, target *t)
{
    size_t i;
    for (i = 0; i < ds->n_changes && depth < 8; i++) {
        const change *c = &ds->changes[i];
        long k;
        if (strcmp(c->old_fips, fips) != 0)
            continue;
        k = scm_shapes_find(ds->shapes, c->new_fips);
        if (k >= 0) {
            size_t len = strlen(t->why);
            add_target(t, (size_t)k);
            snprintf(t->why + len, sizeof t->why - len, "%s%s %s: %s -> %s", len ? "; " : "",
                     c->type, c->date, c->old_name, c->new_name);
        } else {
            follow_forward(ds, c->new_fips, depth + 1, t);
        }
    }
}

/* Where the rows of key land: its own county, or through the crosswalk (forward to newer
 * codes, else back to older codes when the shapes predate the table). */
static void
resolve(const scm_dataset *ds, const char *fips, target *t)
{
    long k = scm_shapes_find(ds->shapes, fips);
    size_t i;
    memset(t, 0, sizeof *t);
    if (k >= 0) {
        t->n = 1;
        t->county[0] = (size_t)k;
        return;
    }
    follow_forward(ds, fips, 0, t);
    for (i = 0; i < ds->n_changes && t->n == 0; i++) {
        const change *c = &ds->changes[i];
        if (strcmp(c->new_fips, fips) == 0 && (k = scm_shapes_find(ds->shapes, c->old_fips)) >= 0)
            add_target(t, (size_t)k);
        if (t->n > 0)
            snprintf(t->why, sizeof t->why, "%s %s, back to the shapes' older code %s: %s -> %s",
                     c->type, c->date, c->old_fips, c->new_name, c->old_name);
    }
    t->remapped = t->n > 0;
}

static scm_status
remap_event(scm_ctx *ctx, scm_dataset *ds, const char *table, const scm_table *t, size_t row,
            const char *fips, const target *tg)
{
    char to[MAX_TARGETS * 6 + 1] = "";
    size_t i;
    for (i = 0; i < tg->n; i++) {
        strcat(to, i ? "+" : "");
        strcat(to, scm_shapes_fips(ds->shapes, tg->county[i]));
    }
    return event(ctx, ds, SCM_JOIN_REMAPPED, table, fips, "%s -> %s (%s) [%s:%zu]", fips, to,
                 tg->why, scm_table_path(t), scm_table_line(t, row));
}

static scm_status
set_activation(scm_ctx *ctx, scm_dataset *ds, const scm_table *t, size_t row, size_t county,
               scm_date d, int direct)
{
    const char *fips = scm_shapes_fips(ds->shapes, county);
    char a[11], b[11];
    if (ds->act[county] == SCM_DATE_NONE) {
        ds->act[county] = d;
        ds->act_direct[county] = (signed char)direct;
        return SCM_OK;
    }
    scm_date_format(ds->act[county], a);
    scm_date_format(d, b);
    if (ds->act[county] == d)
        return event(ctx, ds, SCM_JOIN_DUPLICATE, "activations", fips,
                     "%s has a second row with the same date %s [%s:%zu]", fips, a,
                     scm_table_path(t), scm_table_line(t, row));
    if (direct)
        return scm__error(ctx, SCM_EDATA,
                          "%s:%zu: county %s has two rows with different dates (%s and %s); "
                          "keep one row per county",
                          scm_table_path(t), scm_table_line(t, row), fips, a, b);
    if (!ds->act_direct[county] && d > ds->act[county])
        ds->act[county] = d; /* remapped parts disagree: the county is whole only at the latest */
    return event(ctx, ds, SCM_JOIN_CONFLICT, "activations", fips,
                 "%s: remapped row says %s, the county's data say %s; kept %s [%s:%zu]", fips, b, a,
                 ds->act_direct[county] ? a : "the later date", scm_table_path(t),
                 scm_table_line(t, row));
}

/* A date read from a row, for far_dates. */
typedef struct dated {
    scm_date d;
    size_t line;
} dated;

typedef struct dated_rows {
    dated *v;
    size_t n, cap;
} dated_rows;

static int
cmp_date(const void *a, const void *b)
{
    scm_date x = *(const scm_date *)a, y = *(const scm_date *)b;
    return (x > y) - (x < y);
}

/* A date far from the rest of the table is most likely a typo (2031 for 2013), and the
 * timeline would stretch to reach it: 65 quarters for one cell. "Far" is more than 5 years,
 * or 3 times the spread of the middle half if that is wider, outside the middle half of the
 * table's dates. The middle half is not moved by a few typos, as a minimum and maximum are;
 * 3 times its spread is Tukey's "far out" fence, which lets a table whose dates spread over
 * decades keep its old and new rows; the 5 years keep a rollout done within months from
 * flagging an honest late county. Each far date is a problem of its row unless keep (the user
 * gave --periods, so the span is theirs to choose); then a warning. */
static scm_status
far_dates(scm_ctx *ctx, problems *pr, const scm_table *t, const dated_rows *rows, int keep)
{
    scm_date *v, lo, hi, fence, first = SCM_DATE_NONE, last = SCM_DATE_NONE;
    size_t i, n = rows->n;
    scm_status st = SCM_OK;
    if (n < 4) /* too few dates to say what the rest of them are */
        return SCM_OK;
    if ((v = scm__mallocn(n, sizeof *v)) == NULL)
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", scm_table_path(t));
    for (i = 0; i < n; i++)
        v[i] = rows->v[i].d;
    qsort(v, n, sizeof *v, cmp_date);
    lo = v[n / 4];
    hi = v[(3 * n) / 4];
    free(v);
    fence = 3 * (hi - lo) > 5 * 365 + 1 ? 3 * (hi - lo) : 5 * 365 + 1;
    for (i = 0; i < n; i++) {
        scm_date d = rows->v[i].d;
        if (d >= lo - fence && d <= hi + fence) {
            first = first == SCM_DATE_NONE || d < first ? d : first;
            last = last == SCM_DATE_NONE || d > last ? d : last;
        }
    }
    for (i = 0; i < n && st == SCM_OK; i++) {
        char day[11], a[11], b[11], qa[16], qb[16];
        if (rows->v[i].d >= lo - fence && rows->v[i].d <= hi + fence)
            continue;
        scm_date_format(rows->v[i].d, day);
        scm_date_format(first, a);
        scm_date_format(last, b);
        scm_period_format(scm_period_of(SCM_PERIOD_QUARTER, first), qa);
        scm_period_format(scm_period_of(SCM_PERIOD_QUARTER, last), qb);
        if (keep) {
            scm__log(ctx, SCM_LOG_WARN,
                     "%s:%zu: date %s is far from the table's other dates (%s to %s); kept, as "
                     "--periods sets the span",
                     scm_table_path(t), rows->v[i].line, day, a, b);
            continue;
        }
        st = book(ctx, pr,
                  scm__error(ctx, SCM_EDATA,
                             "%s:%zu: date %s is far from the table's other dates (%s to %s); "
                             "correct the cell, or pass --periods %s..%s to keep it and draw "
                             "those quarters",
                             scm_table_path(t), rows->v[i].line, day, a, b, qa, qb));
    }
    return st;
}

/* The date of row r, booked in dates for far_dates. */
static scm_status
row_date(scm_ctx *ctx, const scm_table *t, size_t r, size_t col, dated_rows *dates, scm_date *d)
{
    const char *raw = scm_table_cell(t, r, col);
    char buf[48];
    int dr;
    if ((dr = scm_date_parse(raw, d)) != 0)
        return dr == -2 ? scm__error(ctx, SCM_EDATA,
                                     "%s:%zu: date \"%s\" is out of range (column %s; years go "
                                     "from %d to %d)",
                                     scm_table_path(t), scm_table_line(t, r), shown(raw, buf),
                                     scm_table_colname(t, col), SCM_YEAR_MIN, SCM_YEAR_MAX)
                        : scm__error(ctx, SCM_EDATA,
                                     "%s:%zu: date \"%s\" does not parse (column %s; use "
                                     "YYYY-MM-DD, M/D/YYYY or an Excel serial number)",
                                     scm_table_path(t), scm_table_line(t, r), shown(raw, buf),
                                     scm_table_colname(t, col));
    if (scm__grow(&dates->v, &dates->cap, dates->n + 1, sizeof *dates->v) != 0)
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", scm_table_path(t));
    dates->v[dates->n++] = (dated){*d, scm_table_line(t, r)};
    return SCM_OK;
}

/* One row of the activation table in one pass: pass 0 takes the rows of a county's own code,
 * pass 1 those the crosswalk moves, so that a county's own row wins. */
static scm_status
activation_row(scm_ctx *ctx, scm_dataset *ds, const scm_table *t, size_t r, const size_t col[2],
               int pass, size_t *matched, dated_rows *dates)
{
    char fips[6];
    const char *raw = scm_table_cell(t, r, col[1]);
    scm_date d;
    target tg;
    size_t i;
    scm_status st;
    if (pass == 0 && (st = read_fips(ctx, ds, t, r, col[0], "activations", fips)) != SCM_OK)
        return st;
    if (pass == 1 && scm_fips_normalize(scm_table_cell(t, r, col[0]), fips, &(int){0}) != 0)
        return SCM_OK; /* booked in pass 0 */
    resolve(ds, fips, &tg);
    if ((pass == 0) == (tg.remapped != 0))
        return SCM_OK;
    *matched += tg.n > 0;
    if (raw[0] == '\0')
        return event(ctx, ds, SCM_JOIN_NO_ROW, "activations", fips,
                     "%s has a row but no date [%s:%zu]", fips, scm_table_path(t),
                     scm_table_line(t, r));
    if ((st = row_date(ctx, t, r, col[1], dates, &d)) != SCM_OK)
        return st;
    if (tg.n == 0)
        return event(ctx, ds, SCM_JOIN_NO_SHAPE, "activations", fips,
                     "%s has no county shape [%s:%zu]", fips, scm_table_path(t),
                     scm_table_line(t, r));
    if (tg.remapped && (st = remap_event(ctx, ds, "activations", t, r, fips, &tg)) != SCM_OK)
        return st;
    for (i = 0; i < tg.n; i++)
        if ((st = set_activation(ctx, ds, t, r, tg.county[i], d, !tg.remapped)) != SCM_OK)
            return st;
    return SCM_OK;
}

/* One row of a table of states (scm_sources.act_state_key): its date goes to every county of
 * its state. seen holds each state's date so far, by FIPS code, to catch a second row. */
static scm_status
state_row(scm_ctx *ctx, scm_dataset *ds, const scm_table *t, size_t r, const size_t col[2],
          scm_date seen[100], size_t *matched, dated_rows *dates)
{
    const char *raw = scm_table_cell(t, r, col[0]);
    char code[3], buf[48], a[11], b[11];
    size_t c, n = 0;
    scm_date d;
    scm_status st;
    int s;
    if (scm_state_parse(raw, code) != 0)
        return scm__error(ctx, SCM_EDATA,
                          "%s:%zu: \"%s\" is not a state (column %s; write its USPS code, like "
                          "TX, or its 2-digit FIPS code, like 48)",
                          scm_table_path(t), scm_table_line(t, r), shown(raw, buf),
                          scm_table_colname(t, col[0]));
    if (scm_table_cell(t, r, col[1])[0] == '\0')
        return event(ctx, ds, SCM_JOIN_NO_ROW, "activations", code,
                     "state %s has a row but no date [%s:%zu]", raw, scm_table_path(t),
                     scm_table_line(t, r));
    if ((st = row_date(ctx, t, r, col[1], dates, &d)) != SCM_OK)
        return st;
    s = atoi(code);
    if (seen[s] != SCM_DATE_NONE) {
        scm_date_format(seen[s], a);
        scm_date_format(d, b);
        if (seen[s] != d)
            return scm__error(ctx, SCM_EDATA,
                              "%s:%zu: state %s has two rows with different dates (%s and %s); "
                              "keep one row per state",
                              scm_table_path(t), scm_table_line(t, r), shown(raw, buf), a, b);
        return event(ctx, ds, SCM_JOIN_DUPLICATE, "activations", code,
                     "state %s has a second row with the same date %s [%s:%zu]", raw, a,
                     scm_table_path(t), scm_table_line(t, r));
    }
    seen[s] = d;
    for (c = 0; c < scm_shapes_count(ds->shapes); c++)
        if (strncmp(scm_shapes_fips(ds->shapes, c), code, 2) == 0) {
            ds->act[c] = d;
            ds->act_direct[c] = 1;
            n++;
        }
    *matched += n > 0;
    if (n == 0)
        return event(ctx, ds, SCM_JOIN_NO_SHAPE, "activations", code,
                     "state %s has no county shape [%s:%zu]", raw, scm_table_path(t),
                     scm_table_line(t, r));
    return SCM_OK;
}

static scm_status
load_activations(scm_ctx *ctx, scm_dataset *ds)
{
    const scm_sources *src = ds->src;
    scm_table *t = NULL;
    size_t r, col[2], matched = 0;
    problems pr = {0};
    dated_rows dates = {0};
    scm_date seen[100];
    int pass;
    scm_status st;
    if ((st = scm_table_read(ctx, src->activations, &t)) != SCM_OK)
        return st;
    if ((st = need_col(ctx, t,
                       src->act_state_key ? src->act_state_key
                       : src->act_key     ? src->act_key
                                          : "fips",
                       &col[0])) != SCM_OK ||
        (st = need_col(ctx, t, src->act_date ? src->act_date : "activation_date", &col[1])) !=
            SCM_OK)
        goto done;
    for (r = 0; r < 100; r++)
        seen[r] = SCM_DATE_NONE;
    for (pass = 0; pass < (src->act_state_key ? 1 : 2) && st == SCM_OK; pass++)
        for (r = 0; r < scm_table_rows(t) && st == SCM_OK; r++)
            st = book(ctx, &pr,
                      src->act_state_key
                          ? state_row(ctx, ds, t, r, col, seen, &matched, &dates)
                          : activation_row(ctx, ds, t, r, col, pass, &matched, &dates));
    if (st == SCM_OK)
        st = far_dates(ctx, &pr, t, &dates, src->far_dates_ok);
    if (st == SCM_OK && (st = problems_end(ctx, &pr, t)) == SCM_OK)
        st = need_match(ctx, t, col[0], matched);
done:
    free(dates.v);
    scm__buf_free(&pr.text);
    scm_table_free(t);
    return st;
}

static scm_status
parse_count(scm_ctx *ctx, const scm_table *t, size_t row, size_t col, double *out)
{
    const char *s = scm_table_cell(t, row, col);
    char buf[48];
    double v;
    /* "NA" is R's missing value, as the ACS file from an R package writes it: no number. */
    if (s[0] == '\0' || strcmp(s, "NA") == 0) {
        *out = NAN;
        return SCM_OK;
    }
    /* strtod alone also takes "0x9B44", "inf" and "nan", and a prefix of "1e5x". */
    if (scm__parse_number(s, &v) != 0)
        return scm__error(ctx, SCM_EDATA,
                          "%s:%zu: column %s: \"%s\" is not a number (write counts in decimal "
                          "digits)",
                          scm_table_path(t), scm_table_line(t, row), scm_table_colname(t, col),
                          shown(s, buf));
    if (v < 0)
        return scm__error(ctx, SCM_EDATA,
                          "%s:%zu: column %s: negative count %s (a count is 0 or more)",
                          scm_table_path(t), scm_table_line(t, row), scm_table_colname(t, col), s);
    if (v > 1e10)
        return scm__error(ctx, SCM_EDATA,
                          "%s:%zu: column %s: count %s is implausibly large (more than "
                          "10,000,000,000; check the cell)",
                          scm_table_path(t), scm_table_line(t, row), scm_table_colname(t, col), s);
    *out = v;
    return SCM_OK;
}

static int
cmp_period(scm_period a, scm_period b)
{
    if (a.kind != b.kind)
        return a.kind < b.kind ? -1 : 1;
    return (a.index > b.index) - (a.index < b.index);
}

static double *
vals(scm_dataset *ds, size_t u, size_t k)
{
    return &ds->values[(u * ds->stride + k) * ds->n_cols];
}

/* Doubles the room for slots of every unit. Growing by one slot at a time re-laid all the
 * values for each new period: a table of 1,199 months took minutes. */
static int
widen(scm_dataset *ds)
{
    size_t stride = ds->stride ? 2 * ds->stride : 16, u, k, c;
    double *nv = scm__mallocn(ds->cap_units * stride * ds->n_cols + 1, sizeof(double));
    if (nv == NULL)
        return -1;
    for (u = 0; u < ds->n_units; u++)
        for (k = 0; k < stride; k++)
            for (c = 0; c < ds->n_cols; c++)
                nv[(u * stride + k) * ds->n_cols + c] = k < ds->n_slots ? vals(ds, u, k)[c] : NAN;
    free(ds->values);
    ds->values = nv;
    ds->stride = stride;
    return 0;
}

/* The slot of period p, added (empty for every unit) if new; -1 when out of memory. */
static long
slot_of(scm_dataset *ds, scm_period p)
{
    size_t lo = 0, hi = ds->n_slots, k;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_period(ds->slots[ds->slot_order[mid]], p);
        if (c == 0)
            return (long)ds->slot_order[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if ((ds->n_slots == ds->stride && widen(ds) != 0) ||
        scm__grow(&ds->slots, &ds->cap_slots, ds->n_slots + 1, sizeof *ds->slots) != 0 ||
        scm__grow(&ds->slot_order, &ds->cap_order, ds->n_slots + 1, sizeof(size_t)) != 0)
        return -1;
    k = ds->n_slots++;
    memmove(ds->slot_order + lo + 1, ds->slot_order + lo, (k - lo) * sizeof(size_t));
    ds->slot_order[lo] = k;
    ds->slots[k] = p;
    return (long)k;
}

/* A unit for these counties: an existing one they share (rows merged into one county add
 * up), or a new one. Returns the index, or -1 when out of memory. */
static long
unit_for(scm_dataset *ds, const target *tg, int *merged)
{
    size_t i, u, k, c;
    *merged = 0;
    for (i = 0; i < tg->n; i++)
        if (ds->unit_of[tg->county[i]] >= 0) {
            *merged = 1;
            return ds->unit_of[tg->county[i]];
        }
    if (ds->n_units == ds->cap_units) {
        size_t ncap = ds->cap_units ? 2 * ds->cap_units : 256;
        unit *nu = scm__reallocn(ds->units, ncap, sizeof *nu);
        double *nv;
        if (nu == NULL)
            return -1;
        ds->units = nu;
        nv = scm__reallocn(ds->values, ncap * ds->stride * ds->n_cols + 1, sizeof(double));
        if (nv == NULL)
            return -1;
        ds->values = nv;
        ds->cap_units = ncap;
    }
    u = ds->n_units++;
    ds->units[u] = (unit){0};
    for (i = 0; i < tg->n; i++) {
        ds->units[u].county[ds->units[u].n++] = tg->county[i];
        ds->unit_of[tg->county[i]] = (long)u;
    }
    for (k = 0; k < ds->stride; k++)
        for (c = 0; c < ds->n_cols; c++)
            vals(ds, u, k)[c] = NAN;
    return (long)u;
}

/* Counts rows standing for several counties: the groups file, else the crosswalk (whose
 * remap event land_row books, as for population rows). */
static scm_status
counts_target(scm_ctx *ctx, scm_dataset *ds, const scm_table *t, size_t r, const char *fips,
              target *tg)
{
    size_t g, m;
    for (g = 0; g < ds->n_groups; g++) {
        const group *gr = &ds->groups[g];
        char list[MAX_TARGETS * 6 + 1] = "";
        if (strcmp(gr->row_fips, fips) != 0)
            continue;
        memset(tg, 0, sizeof *tg);
        for (m = 0; m < gr->n; m++) {
            target one;
            size_t i;
            resolve(ds, gr->members[m], &one);
            for (i = 0; i < one.n; i++)
                add_target(tg, one.county[i]);
            strcat(list, m ? " " : "");
            strcat(list, gr->members[m]);
        }
        return event(ctx, ds, SCM_JOIN_GROUP, "counts", fips,
                     "%s \"%s\" is one row for %zu counties (%s), applied to them as one group "
                     "[%s:%zu]",
                     fips, gr->jurisdiction, gr->n, list, scm_table_path(t), scm_table_line(t, r));
    }
    resolve(ds, fips, tg);
    return SCM_OK;
}

/* A county's own row for a slot: two of them are an error, whatever remapped rows add. */
typedef struct own_row {
    size_t county, slot, line;
} own_row;

typedef struct own_rows {
    own_row *v;
    size_t n, cap;
} own_rows;

static int
cmp_own_row(const void *a, const void *b)
{
    const own_row *x = a, *y = b;
    if (x->county != y->county)
        return (x->county > y->county) - (x->county < y->county);
    if (x->slot != y->slot)
        return (x->slot > y->slot) - (x->slot < y->slot);
    return (x->line > y->line) - (x->line < y->line);
}

static scm_status
check_own_rows(scm_ctx *ctx, const scm_dataset *ds, const scm_table *t, own_rows *own,
               int per_period)
{
    size_t i;
    qsort(own->v, own->n, sizeof *own->v, cmp_own_row);
    for (i = 1; i < own->n; i++)
        if (own->v[i].county == own->v[i - 1].county && own->v[i].slot == own->v[i - 1].slot)
            return scm__error(
                ctx, SCM_EDATA, "%s:%zu: county %s has a second row%s (the first is line %zu)",
                scm_table_path(t), own->v[i].line, scm_shapes_fips(ds->shapes, own->v[i].county),
                per_period ? " for this period" : "", own->v[i - 1].line);
    return SCM_OK;
}

/* A row's value added to what rows landed on the same county before it; an empty cell adds
 * nothing. */
static double
add_count(double cur, double v)
{
    return isnan(cur) ? v : isnan(v) ? cur : cur + v;
}

/* Books a row landing on tg: the remap event when the crosswalk moved it, else the county's
 * own row in slot, for check_own_rows. */
static scm_status
land_row(scm_ctx *ctx, scm_dataset *ds, const char *table, const scm_table *t, size_t r,
         const char *fips, const target *tg, size_t slot, own_rows *own)
{
    if (tg->remapped)
        return remap_event(ctx, ds, table, t, r, fips, tg);
    if (tg->n != 1)
        return SCM_OK;
    if (scm__grow(&own->v, &own->cap, own->n + 1, sizeof *own->v) != 0)
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", scm_table_path(t));
    own->v[own->n++] = (own_row){tg->county[0], slot, scm_table_line(t, r)};
    return SCM_OK;
}

static scm_status
load_count_row(scm_ctx *ctx, scm_dataset *ds, const scm_table *t, size_t r, size_t c_key,
               const size_t *c_cols, long c_period, own_rows *own)
{
    char fips[6];
    target tg;
    long u, k = 0;
    size_t j;
    int merged;
    scm_status st;
    if ((st = read_fips(ctx, ds, t, r, c_key, "counts", fips)) != SCM_OK ||
        (st = counts_target(ctx, ds, t, r, fips, &tg)) != SCM_OK)
        return st;
    if (tg.n == 0)
        return event(ctx, ds, SCM_JOIN_NO_SHAPE, "counts", fips, "%s has no county shape [%s:%zu]",
                     fips, scm_table_path(t), scm_table_line(t, r));
    if (c_period >= 0) {
        scm_period p;
        char buf[48];
        const char *ps = scm_table_cell(t, r, (size_t)c_period);
        if (scm_period_parse(ps, &p) != 0)
            return scm__error(ctx, SCM_EDATA,
                              "%s:%zu: period \"%s\" does not parse (column %s; use 2010Q3, "
                              "FY2011 Q1, 2010-07 or 2010)",
                              scm_table_path(t), scm_table_line(t, r), shown(ps, buf),
                              scm_table_colname(t, (size_t)c_period));
        if ((k = slot_of(ds, p)) < 0)
            return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", scm_table_path(t));
    }
    if ((u = unit_for(ds, &tg, &merged)) < 0)
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", scm_table_path(t));
    if ((st = land_row(ctx, ds, "counts", t, r, fips, &tg, (size_t)k, own)) != SCM_OK)
        return st;
    for (j = 0; j < ds->n_cols; j++) {
        double v, *cur = &vals(ds, (size_t)u, (size_t)k)[j];
        if ((st = parse_count(ctx, t, r, c_cols[j], &v)) != SCM_OK)
            return st;
        *cur = add_count(*cur, v);
    }
    return SCM_OK;
}

static scm_status
load_counts(scm_ctx *ctx, scm_dataset *ds)
{
    const scm_sources *src = ds->src;
    scm_table *t = NULL;
    size_t r, c_key, j, *c_cols = NULL;
    long c_period = -1;
    own_rows own = {0};
    problems pr = {0};
    scm_status st;
    if ((st = scm_table_read(ctx, src->counts, &t)) != SCM_OK)
        return st;
    ds->n_cols = src->n_count_columns;
    c_cols = scm__callocn(ds->n_cols, sizeof *c_cols);
    if (c_cols == NULL) {
        st = scm__error(ctx, SCM_ENOMEM, "%s: out of memory", src->counts);
        goto done;
    }
    if ((st = need_col(ctx, t, src->counts_key ? src->counts_key : "fips", &c_key)) != SCM_OK)
        goto done;
    for (j = 0; j < ds->n_cols; j++)
        if ((st = need_col(ctx, t, src->count_columns[j], &c_cols[j])) != SCM_OK)
            goto done;
    if (src->counts_period != NULL) {
        size_t c;
        if ((st = need_col(ctx, t, src->counts_period, &c)) != SCM_OK)
            goto done;
        c_period = (long)c;
    } else {
        ds->n_slots = ds->stride = 1;
        if (src->counts_as_of == NULL || scm_date_parse(src->counts_as_of, &ds->snapshot) != 0) {
            st = scm__error(ctx, SCM_EINVAL,
                            "%s: a snapshot table needs its as-of date (YYYY-MM-DD)", src->counts);
            goto done;
        }
    }
    for (r = 0; r < scm_table_rows(t) && st == SCM_OK; r++)
        st = book(ctx, &pr, load_count_row(ctx, ds, t, r, c_key, c_cols, c_period, &own));
    if (st == SCM_OK && (st = problems_end(ctx, &pr, t)) == SCM_OK &&
        (st = need_match(ctx, t, c_key, ds->n_units)) == SCM_OK)
        st = check_own_rows(ctx, ds, t, &own, c_period >= 0);
done:
    scm__buf_free(&pr.text);
    free(own.v);
    free(c_cols);
    scm_table_free(t);
    return st;
}

/* Whether row r of a long table is for another year than year; a year cell that is not a
 * whole number is an error. */
static scm_status
year_differs(scm_ctx *ctx, const scm_table *t, size_t r, size_t col, int year, int *out)
{
    const char *s = scm_table_cell(t, r, col);
    char buf[48];
    double v;
    if (scm__parse_number(s, &v) != 0 || v != floor(v))
        return scm__error(
            ctx, SCM_EDATA, "%s:%zu: column %s: \"%s\" is not a year (write it as 2010)",
            scm_table_path(t), scm_table_line(t, r), scm_table_colname(t, col), shown(s, buf));
    *out = v != year;
    return SCM_OK;
}

/* Population rows land like counts rows: through the crosswalk, and rows merged into one
 * county add up (Bedford city's residents join Bedford County's, as its removals do). */
static scm_status
population_row(scm_ctx *ctx, scm_dataset *ds, const scm_table *t, size_t r, const size_t col[3],
               size_t *matched, own_rows *own)
{
    const scm_sources *src = ds->src;
    char fips[6];
    double v;
    target tg;
    int other_year = 0;
    scm_status st;
    if (src->pop_year_column != NULL &&
        (st = year_differs(ctx, t, r, col[2], src->pop_year, &other_year)) != SCM_OK)
        return st;
    if (other_year)
        return SCM_OK;
    if ((st = read_fips(ctx, ds, t, r, col[0], "population", fips)) != SCM_OK ||
        (st = parse_count(ctx, t, r, col[1], &v)) != SCM_OK)
        return st;
    resolve(ds, fips, &tg);
    *matched += tg.n > 0;
    if (tg.n != 1) /* none, or a split county whose people cannot be shared out */
        return SCM_OK;
    if ((st = land_row(ctx, ds, "population", t, r, fips, &tg, 0, own)) != SCM_OK)
        return st;
    ds->pop[tg.county[0]] = add_count(ds->pop[tg.county[0]], v);
    return SCM_OK;
}

static scm_status
load_population(scm_ctx *ctx, scm_dataset *ds)
{
    const scm_sources *src = ds->src;
    scm_table *t = NULL;
    size_t r, col[3] = {0, 0, 0}, matched = 0;
    own_rows own = {0};
    problems pr = {0};
    scm_status st;
    if ((st = scm_table_read(ctx, src->population, &t)) != SCM_OK)
        return st;
    if ((st = need_col(ctx, t, src->pop_key ? src->pop_key : "fips", &col[0])) != SCM_OK ||
        (st = need_col(ctx, t, src->pop_column ? src->pop_column : "census2010", &col[1])) !=
            SCM_OK ||
        (src->pop_year_column != NULL &&
         (st = need_col(ctx, t, src->pop_year_column, &col[2])) != SCM_OK))
        goto done;
    for (r = 0; r < scm_table_rows(t) && st == SCM_OK; r++)
        st = book(ctx, &pr, population_row(ctx, ds, t, r, col, &matched, &own));
    if (st != SCM_OK || (st = problems_end(ctx, &pr, t)) != SCM_OK)
        goto done;
    if (matched == 0 && src->pop_year_column != NULL)
        st = scm__error(ctx, SCM_EDATA, "%s: no county row has %s %d (pick a year the table has)",
                        scm_table_path(t), src->pop_year_column, src->pop_year);
    else if ((st = need_match(ctx, t, col[0], matched)) == SCM_OK)
        st = check_own_rows(ctx, ds, t, &own, 0);
done:
    scm__buf_free(&pr.text);
    free(own.v);
    scm_table_free(t);
    return st;
}

static scm_status
note_row(scm_ctx *ctx, scm_dataset *ds, const scm_table *t, size_t r, const size_t col[4])
{
    char fips[6];
    target tg;
    size_t i, j;
    scm_status st;
    if ((st = read_fips(ctx, ds, t, r, col[0], "notes", fips)) != SCM_OK)
        return st;
    for (j = 1; j < 4; j++)
        if (scm_table_cell(t, r, col[j])[0] == '\0')
            return scm__error(ctx, SCM_EDATA,
                              "%s:%zu: county %s: column %s is empty (a note is a fact in English "
                              "and Spanish with its source)",
                              scm_table_path(t), scm_table_line(t, r), fips,
                              scm_table_colname(t, col[j]));
    resolve(ds, fips, &tg);
    if (tg.n == 0)
        return event(ctx, ds, SCM_JOIN_NO_SHAPE, "notes", fips, "%s has no county shape [%s:%zu]",
                     fips, scm_table_path(t), scm_table_line(t, r));
    for (i = 0; i < tg.n; i++) {
        char **n = &ds->notes[2 * tg.county[i]];
        if (n[0] != NULL)
            return scm__error(ctx, SCM_EDATA, "%s:%zu: county %s has a second note; keep one",
                              scm_table_path(t), scm_table_line(t, r),
                              scm_shapes_fips(ds->shapes, tg.county[i]));
        n[0] = scm__strdup(scm_table_cell(t, r, col[1]));
        n[1] = scm__strdup(scm_table_cell(t, r, col[2]));
        if (n[0] == NULL || n[1] == NULL)
            return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", scm_table_path(t));
    }
    return SCM_OK;
}

/* County notes: every row names its county, both languages and its source, or is an error. */
static scm_status
load_notes(scm_ctx *ctx, scm_dataset *ds, const char *path)
{
    static const char *const names[4] = {"fips", "note_en", "note_es", "source"};
    scm_table *t = NULL;
    size_t r, j, col[4];
    problems pr = {0};
    scm_status st;
    ds->notes = scm__callocn(2 * scm_shapes_count(ds->shapes) + 1, sizeof *ds->notes);
    if (ds->notes == NULL)
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
    if ((st = scm_table_read(ctx, path, &t)) != SCM_OK)
        return st;
    for (j = 0; j < 4; j++)
        if ((st = need_col(ctx, t, names[j], &col[j])) != SCM_OK)
            goto done;
    for (r = 0; r < scm_table_rows(t) && st == SCM_OK; r++)
        st = book(ctx, &pr, note_row(ctx, ds, t, r, col));
    if (st == SCM_OK)
        st = problems_end(ctx, &pr, t);
done:
    scm__buf_free(&pr.text);
    scm_table_free(t);
    return st;
}

static scm_status
final_events(scm_ctx *ctx, scm_dataset *ds)
{
    const scm_geometry *g = scm_shapes_geometry(ds->shapes);
    size_t i, n = scm_shapes_count(ds->shapes);
    scm_status st = SCM_OK;
    for (i = 0; i < n && st == SCM_OK; i++) {
        const char *f = scm_shapes_fips(ds->shapes, i);
        if (g->feature_ring[i] == g->feature_ring[i + 1])
            st = event(ctx, ds, SCM_JOIN_EMPTY, "shapes", f, "%s %s has an empty geometry", f,
                       scm_shapes_name(ds->shapes, i));
        if (ds->act[i] != SCM_DATE_NONE)
            ds->matched++;
        else if (st == SCM_OK)
            st = event(ctx, ds, SCM_JOIN_NO_ROW, "activations", f, "%s %s", f,
                       scm_shapes_name(ds->shapes, i));
        if (st == SCM_OK && ds->src->counts != NULL && ds->unit_of[i] < 0 &&
            ds->act[i] != SCM_DATE_NONE) {
            char d[11];
            scm_date_format(ds->act[i], d);
            st = event(ctx, ds, SCM_JOIN_NO_ROW, "counts", f, "%s %s, %s: activated %s", f,
                       scm_shapes_name(ds->shapes, i), scm_fips_state(f), d);
        }
    }
    return st;
}

static const char *const table_names[4] = {"activations", "counts", "population", "notes"};

static scm_status
keep_files(scm_ctx *ctx, scm_dataset *ds, const scm_sources *src)
{
    const char *paths[4] = {src->activations, src->counts, src->population, src->notes};
    size_t i;
    for (i = 0; i < 4; i++)
        if (paths[i] != NULL && (ds->files[i] = scm__strdup(paths[i])) == NULL)
            return scm__error(ctx, SCM_ENOMEM, "join: out of memory");
    return SCM_OK;
}

const char *
scm__dataset_file(const scm_dataset *ds, const char *table)
{
    size_t i;
    for (i = 0; i < 4; i++)
        if (strcmp(table, table_names[i]) == 0)
            return ds->files[i];
    return NULL;
}

scm_status
scm_dataset_load(scm_ctx *ctx, const scm_sources *src, scm_dataset **out)
{
    scm_dataset *ds;
    scm_status st;
    size_t i, n;
    *out = NULL;
    if (src->shapes == NULL || src->activations == NULL)
        return scm__error(ctx, SCM_EINVAL, "join: shapes and activations are both required");
    ds = calloc(1, sizeof *ds);
    if (ds == NULL)
        return scm__error(ctx, SCM_ENOMEM, "join: out of memory");
    ds->src = src;
    ds->missing = src->missing;
    if ((st = keep_files(ctx, ds, src)) != SCM_OK)
        goto fail;
    ds->snapshot = SCM_DATE_NONE;
    if ((st = scm_shapes_read(ctx, src->shapes, src->shapes_key, &ds->shapes)) != SCM_OK)
        goto fail;
    n = scm_shapes_count(ds->shapes);
    ds->act = scm__mallocn(n, sizeof *ds->act);
    ds->act_direct = scm__callocn(n, 1);
    ds->pop = scm__mallocn(n, sizeof *ds->pop);
    ds->unit_of = scm__mallocn(n, sizeof *ds->unit_of);
    if (!ds->act || !ds->act_direct || !ds->pop || !ds->unit_of) {
        st = scm__error(ctx, SCM_ENOMEM, "join: out of memory");
        goto fail;
    }
    for (i = 0; i < n; i++) {
        ds->act[i] = SCM_DATE_NONE;
        ds->pop[i] = NAN;
        ds->unit_of[i] = -1;
    }
    if ((src->fips_changes && (st = load_changes(ctx, ds, src->fips_changes)) != SCM_OK) ||
        (src->groups && (st = load_groups(ctx, ds, src->groups)) != SCM_OK) ||
        (st = load_activations(ctx, ds)) != SCM_OK ||
        (src->counts && (st = load_counts(ctx, ds)) != SCM_OK) ||
        (src->population && (st = load_population(ctx, ds)) != SCM_OK) ||
        (src->notes && (st = load_notes(ctx, ds, src->notes)) != SCM_OK) ||
        (st = final_events(ctx, ds)) != SCM_OK)
        goto fail;
    ds->src = NULL;
    *out = ds;
    scm__timing(ctx, "read tables and join");
    return SCM_OK;
fail:
    scm_dataset_free(ds);
    return st;
}

void
scm_dataset_free(scm_dataset *ds)
{
    size_t i;
    if (ds == NULL)
        return;
    for (i = 0; i < 4; i++)
        free(ds->files[i]);
    free(ds->act);
    free(ds->act_direct);
    free(ds->pop);
    if (ds->notes != NULL)
        for (i = 0; i < 2 * scm_shapes_count(ds->shapes); i++)
            free(ds->notes[i]);
    free(ds->notes);
    scm_shapes_free(ds->shapes);
    free(ds->unit_of);
    free(ds->units);
    free(ds->slots);
    free(ds->slot_order);
    free(ds->values);
    free(ds->changes);
    free(ds->groups);
    free(ds->events);
    free(ds);
}

const scm_shapes *
scm_dataset_shapes(const scm_dataset *ds)
{
    return ds->shapes;
}

scm_date
scm_dataset_activation(const scm_dataset *ds, size_t county)
{
    return ds->act[county];
}

size_t
scm_dataset_n_events(const scm_dataset *ds)
{
    return ds->n_events;
}

const scm_join_event *
scm_dataset_event(const scm_dataset *ds, size_t i)
{
    return &ds->events[i];
}

size_t
scm_dataset_matched(const scm_dataset *ds)
{
    return ds->matched;
}

scm_missing
scm_dataset_missing(const scm_dataset *ds)
{
    return ds->missing;
}

int
scm_missing_parse(const char *s, scm_missing *out)
{
    if (strcmp(s, "no-data") == 0)
        *out = SCM_MISSING_NO_DATA;
    else if (strcmp(s, "not-yet") == 0)
        *out = SCM_MISSING_NOT_YET;
    else
        return -1;
    return 0;
}

size_t
scm_dataset_n_units(const scm_dataset *ds)
{
    return ds->n_units;
}

long
scm_dataset_unit_of(const scm_dataset *ds, size_t county)
{
    return ds->unit_of[county];
}

size_t
scm_dataset_n_slots(const scm_dataset *ds)
{
    return ds->n_slots;
}

int
scm_dataset_slot_period(const scm_dataset *ds, size_t k, scm_period *out)
{
    if (ds->snapshot != SCM_DATE_NONE || k >= ds->n_slots)
        return -1;
    *out = ds->slots[k];
    return 0;
}

scm_date
scm_dataset_snapshot(const scm_dataset *ds)
{
    return ds->snapshot;
}

double
scm_dataset_value(const scm_dataset *ds, size_t u, size_t col, size_t slot)
{
    if (u >= ds->n_units || col >= ds->n_cols || slot >= ds->n_slots)
        return NAN;
    return ds->values[(u * ds->stride + slot) * ds->n_cols + col];
}

double
scm_dataset_unit_population(const scm_dataset *ds, size_t u)
{
    double sum = 0;
    size_t i;
    for (i = 0; i < ds->units[u].n; i++)
        sum += ds->pop[ds->units[u].county[i]];
    return sum;
}

const char *
scm_dataset_note(const scm_dataset *ds, size_t county, int lang)
{
    if (ds->notes == NULL || county >= scm_shapes_count(ds->shapes))
        return NULL;
    return ds->notes[2 * county + (lang == SCM_LANG_ES)];
}

void
scm_dataset_rollout(const scm_dataset *ds, scm_date start, scm_date end, size_t *activated,
                    size_t *newly, size_t *states)
{
    char seen[60] = {0};
    size_t c;
    *activated = *newly = *states = 0;
    for (c = 0; c < scm_shapes_count(ds->shapes); c++) {
        const char *f = scm_shapes_fips(ds->shapes, c);
        int s = (f[0] - '0') * 10 + (f[1] - '0');
        if (ds->act[c] == SCM_DATE_NONE || ds->act[c] > end)
            continue;
        (*activated)++;
        *newly += ds->act[c] >= start;
        if (s < 60 && !seen[s]) {
            seen[s] = 1;
            (*states)++;
        }
    }
}
