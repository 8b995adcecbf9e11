/* SPDX-License-Identifier: MIT */
/* Value tables (CSV, XLSX, ODS, GPKG...) read through OGR into a grid of strings. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/data.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sys/stat.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>

#include "../core/core_private.h"
#include "data_private.h"

struct scm_table {
    char *path;
    size_t rows, cols, cap_rows, cap_lines;
    char **colnames;
    char **cells;  /* rows * cols, row-major */
    size_t *lines; /* where each row starts: a line of the file, or a row of the sheet */
};

/* The line each record of a delimited text file starts on, the header's first. */
typedef struct records {
    size_t *start;
    size_t n, cap;
} records;

void
scm_table_free(scm_table *t)
{
    size_t i;
    if (t == NULL)
        return;
    for (i = 0; t->cells != NULL && i < t->rows * t->cols; i++)
        free(t->cells[i]);
    for (i = 0; t->colnames != NULL && i < t->cols; i++)
        free(t->colnames[i]);
    free(t->cells);
    free(t->colnames);
    free(t->lines);
    free(t->path);
    free(t);
}

size_t
scm_table_rows(const scm_table *t)
{
    return t->rows;
}

size_t
scm_table_cols(const scm_table *t)
{
    return t->cols;
}

const char *
scm_table_colname(const scm_table *t, size_t col)
{
    return t->colnames[col];
}

long
scm_table_col(const scm_table *t, const char *name)
{
    size_t j;
    for (j = 0; j < t->cols; j++)
        if (strcasecmp(t->colnames[j], name) == 0)
            return (long)j;
    return -1;
}

const char *
scm_table_cell(const scm_table *t, size_t row, size_t col)
{
    const char *c = t->cells[row * t->cols + col];
    return c != NULL ? c : "";
}

size_t
scm_table_line(const scm_table *t, size_t row)
{
    return t->lines[row];
}

const char *
scm_table_path(const scm_table *t)
{
    return t->path;
}

/* A cell as text: dates as YYYY-MM-DD so that every format reads alike. */
static char *
cell_text(OGRFeatureH f, int i, OGRFieldType type)
{
    char buf[64];
    if (!OGR_F_IsFieldSetAndNotNull(f, i))
        return scm__strdup("");
    if (type == OFTDate || type == OFTDateTime) {
        int y, m, d, h, mi, tz;
        float sec;
        if (OGR_F_GetFieldAsDateTimeEx(f, i, &y, &m, &d, &h, &mi, &sec, &tz)) {
            snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
            return scm__strdup(buf);
        }
    }
    if (type == OFTReal) {
        double v = OGR_F_GetFieldAsDouble(f, i);
        snprintf(buf, sizeof buf, "%.15g", v);
        if (strchr(buf, 'e') == NULL)
            return scm__strdup(buf);
    }
    return scm__strdup(OGR_F_GetFieldAsString(f, i));
}

static int
push_record(records *r, size_t line)
{
    if (scm__grow(&r->start, &r->cap, r->n + 1, sizeof *r->start) != 0)
        return -1;
    r->start[r->n++] = line;
    return 0;
}

/* OGR's CSV reader ends a line at \n, \r or \r\n, ignores what follows a NUL on a line, joins
 * lines while the record holds an odd number of quotes (a quote toggles wherever it is; "" in a
 * cell toggles twice) and skips lines with nothing on them. The same rules here give the line
 * each row starts on, and how many rows the file holds however far OGR gets. A quote left open
 * turns the rest of the file into one cell: an error, unless control bytes say that the file is
 * not text at all (then the missing columns say more). */
static scm_status
scan_records(scm_ctx *ctx, const char *path, records *r)
{
    FILE *fp = fopen(path, "rb");
    int c, prev = 0, quoted = 0, content = 0, cut = 0, binary = 0;
    size_t line = 1, start = 1;
    if (fp == NULL)
        return scm__error(ctx, SCM_EIO, "%s: cannot open: %s", path, strerror(errno));
    while ((c = getc(fp)) != EOF) {
        int crlf = c == '\n' && prev == '\r';
        prev = c;
        if (crlf)
            continue;
        if (c == '\n' || c == '\r') {
            line++;
            cut = 0;
            if (quoted)
                continue;
            if (content && push_record(r, start) != 0)
                break;
            content = 0;
            start = line;
        } else if (c == '\0') {
            cut = binary = 1;
        } else if (!cut) {
            quoted ^= c == '"';
            binary |= (c < 0x20 && c != '\t') || c == 0x7f;
            content = 1;
        }
    }
    if (c != EOF || ferror(fp)) {
        fclose(fp);
        return c != EOF ? scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path)
                        : scm__error(ctx, SCM_EIO, "%s: cannot read: %s", path, strerror(errno));
    }
    fclose(fp);
    if (quoted && !binary)
        return scm__error(ctx, SCM_EDATA,
                          "%s:%zu: a quote opened in this row is never closed (the rest of the "
                          "file would be one cell; close the quote)",
                          path, start);
    if (content && push_record(r, start) != 0)
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
    return SCM_OK;
}

/* The row after the last one read ends the table early: an error at its line. */
static scm_status
stopped(scm_ctx *ctx, const scm_table *t, const records *rec, long long expected, size_t n_read)
{
    char msg[256];
    size_t line = n_read + 1 < rec->n ? rec->start[n_read + 1]
                  : t->rows > 0       ? t->lines[t->rows - 1] + 1
                                      : 2;
    if (CPLGetLastErrorType() >= CE_Failure)
        return scm__error(ctx, SCM_EDATA,
                          "%s:%zu: row %zu cannot be read: %s (the %zu rows before it were read; "
                          "check the file from this line)",
                          t->path, line, n_read + 1, scm__gdal_msg(msg, "an error"), n_read);
    return scm__error(ctx, SCM_EDATA,
                      "%s:%zu: reading stopped at row %zu of %lld (check the file from this line)",
                      t->path, line, n_read + 1, expected);
}

/* Whether every cell of row is empty: a spreadsheet's empty line, saved as ",,," or kept as a
 * row of a sheet. It says nothing, so it is skipped with a warning rather than read as a
 * county with no FIPS code. */
static int
blank_row(char *const *row, size_t cols)
{
    size_t j;
    for (j = 0; j < cols; j++)
        if (row[j][strspn(row[j], " \t")] != '\0')
            return 0;
    return 1;
}

/* Reads every row; a read that ends early, on an error or short of the rows the file holds,
 * is an error naming the row, never a shorter table. */
static scm_status
read_rows(scm_ctx *ctx, scm_table *t, OGRLayerH layer, const records *rec, int sheet)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    long long expected = rec->n > 0 ? (long long)rec->n - 1 : OGR_L_GetFeatureCount(layer, 0);
    OGRFeatureH f;
    size_t j, n_read = 0, n_blank = 0; /* rows read, blank ones among them */
    CPLErrorReset();
    while ((f = OGR_L_GetNextFeature(layer)) != NULL && CPLGetLastErrorType() < CE_Failure) {
        char **row;
        if (scm__grow(&t->cells, &t->cap_rows, (t->rows + 1) * t->cols, sizeof(char *)) != 0 ||
            scm__grow(&t->lines, &t->cap_lines, t->rows + 1, sizeof *t->lines) != 0) {
            OGR_F_Destroy(f);
            return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", t->path);
        }
        /* Sheets number their rows (the header is row 1); other layers count from line 2. */
        t->lines[t->rows] = n_read + 1 < rec->n ? rec->start[n_read + 1]
                            : sheet             ? (size_t)OGR_F_GetFID(f)
                                                : n_read + 2;
        row = t->cells + t->rows * t->cols;
        for (j = 0; j < t->cols; j++)
            row[j] = cell_text(f, (int)j, OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, (int)j)));
        t->rows++;
        n_read++;
        OGR_F_Destroy(f);
        for (j = 0; j < t->cols; j++)
            if (row[j] == NULL)
                return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", t->path);
        if (blank_row(row, t->cols)) {
            scm__log(ctx, SCM_LOG_WARN, "%s:%zu: blank row skipped (every cell is empty)", t->path,
                     t->lines[t->rows - 1]);
            t->rows--;
            n_blank++;
            for (j = 0; j < t->cols; j++)
                free(row[j]);
        }
    }
    OGR_F_Destroy(f);
    if (CPLGetLastErrorType() >= CE_Failure || (expected >= 0 && n_read < (size_t)expected))
        return stopped(ctx, t, rec, expected, n_read);
    /* More rows than the scan found: its lines cannot be trusted, so count as for a layer
     * (where no row was skipped as blank, which would shift them). */
    if (rec->n > 0 && n_read != rec->n - 1 && n_blank == 0)
        for (j = 0; j < t->rows; j++)
            t->lines[j] = j + 2;
    return SCM_OK;
}

static int
has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcasecmp(path + n - e, ext) == 0;
}

/* GDAL 3.6's XLSX driver ignores the HEADERS open option, so an all-text sheet (nothing to tell
 * its header from its data) lost its header row; the configuration options work for XLSX and
 * ODS alike. They are set for this thread only, and put back after the read. */
static const char *const header_options[2] = {"OGR_XLSX_HEADERS", "OGR_ODS_HEADERS"};

static int
force_headers(char *saved[2])
{
    size_t i;
    for (i = 0; i < 2; i++) {
        const char *v = CPLGetThreadLocalConfigOption(header_options[i], NULL);
        if ((saved[i] = v != NULL ? scm__strdup(v) : NULL) == NULL && v != NULL) {
            free(saved[0]);
            return -1;
        }
    }
    for (i = 0; i < 2; i++)
        CPLSetThreadLocalConfigOption(header_options[i], "FORCE");
    return 0;
}

static void
restore_headers(char *saved[2])
{
    size_t i;
    for (i = 0; i < 2; i++) {
        CPLSetThreadLocalConfigOption(header_options[i], saved[i]);
        free(saved[i]);
    }
}

static scm_status
read_table(scm_ctx *ctx, scm_table *t, GDALDatasetH ds)
{
    OGRLayerH layer;
    OGRFeatureDefnH defn;
    const char *driver = GDALGetDriverShortName(GDALGetDatasetDriver(ds));
    records rec = {0};
    scm_status st = SCM_OK;
    size_t j;
    if (GDALDatasetGetLayerCount(ds) < 1)
        return scm__error(ctx, SCM_EDATA,
                          "%s: not a table that GDAL can read (CSV, XLSX, ODS, GPKG)", t->path);
    layer = GDALDatasetGetLayer(ds, 0);
    defn = OGR_L_GetLayerDefn(layer);
    t->cols = (size_t)OGR_FD_GetFieldCount(defn);
    t->colnames = scm__callocn(t->cols, sizeof(char *));
    if (t->colnames == NULL)
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", t->path);
    for (j = 0; j < t->cols; j++)
        if ((t->colnames[j] = scm__strdup(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, (int)j)))) ==
            NULL)
            return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", t->path);
    if (strcmp(driver, "CSV") == 0)
        st = scan_records(ctx, t->path, &rec);
    if (st == SCM_OK)
        st = read_rows(ctx, t, layer, &rec,
                       strcmp(driver, "XLSX") == 0 || strcmp(driver, "ODS") == 0);
    free(rec.start);
    if (st == SCM_OK && (t->rows == 0 || t->cols == 0))
        st = scm__error(ctx, SCM_EDATA, "%s: the table has no data rows", t->path);
    return st;
}

scm_status
scm_table_read(scm_ctx *ctx, const char *path, scm_table **out)
{
    /* Strings for every CSV column keep FIPS zeros; the first row is the header. */
    static const char *const opts[] = {"AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=NO",
                                       "HEADERS=YES", NULL};
    GDALDatasetH ds = NULL;
    scm_table *t = NULL;
    scm_status st;
    struct stat sb;
    char *open_path = NULL, *saved[2] = {NULL, NULL};
    int forced = 0;
    *out = NULL;
    if ((st = scm__check_readable(ctx, path)) != SCM_OK)
        return st;
    if (stat(path, &sb) == 0 && sb.st_size == 0)
        return scm__error(ctx, SCM_EDATA, "%s: the file is empty (expected a header row and data)",
                          path);
    scm__gdal_init();
    t = calloc(1, sizeof *t);
    /* OGR's CSV driver claims only .csv/.tsv/.psv; a .txt table is named explicitly. */
    open_path = malloc(strlen(path) + 5);
    if (t == NULL || open_path == NULL || (t->path = scm__strdup(path)) == NULL ||
        !(forced = force_headers(saved) == 0)) {
        st = scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
        goto done;
    }
    sprintf(open_path, "%s%s", has_ext(path, ".txt") ? "CSV:" : "", path);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    ds = GDALOpenEx(open_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, opts, NULL);
    st = ds != NULL ? read_table(ctx, t, ds)
                    : scm__error(ctx, SCM_EDATA,
                                 "%s: not a table that GDAL can read (CSV, XLSX, ODS, GPKG)", path);
    if (ds != NULL)
        GDALClose(ds);
    CPLPopErrorHandler();
done:
    if (forced)
        restore_headers(saved);
    free(open_path);
    if (st != SCM_OK) {
        scm_table_free(t);
        return st;
    }
    *out = t;
    return SCM_OK;
}
