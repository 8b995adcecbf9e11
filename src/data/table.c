/* SPDX-License-Identifier: MIT */
/* Value tables (CSV, XLSX, ODS, GPKG...) read through OGR into a grid of strings. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sys/stat.h>

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>

#include "../core/core_private.h"
#include "data_private.h"

struct scm_table {
    char *path;
    size_t rows, cols, cap_rows;
    char **colnames;
    char **cells; /* rows * cols, row-major */
};

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
    (void)t; /* every reader here puts one header row on line 1 and a row a line after it */
    return row + 2;
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

static scm_status
read_rows(scm_ctx *ctx, scm_table *t, OGRLayerH layer, OGRFeatureDefnH defn)
{
    OGRFeatureH f;
    size_t j;
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
        char **row;
        if (scm__grow(&t->cells, &t->cap_rows, (t->rows + 1) * t->cols, sizeof(char *)) != 0) {
            OGR_F_Destroy(f);
            return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", t->path);
        }
        row = t->cells + t->rows * t->cols;
        for (j = 0; j < t->cols; j++)
            row[j] = cell_text(f, (int)j, OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, (int)j)));
        t->rows++;
        OGR_F_Destroy(f);
        for (j = 0; j < t->cols; j++)
            if (row[j] == NULL)
                return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", t->path);
    }
    return SCM_OK;
}

static int
has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcasecmp(path + n - e, ext) == 0;
}

scm_status
scm_table_read(scm_ctx *ctx, const char *path, scm_table **out)
{
    /* Strings for every CSV column keep FIPS zeros; XLSX takes its first row as header. */
    static const char *const opts[] = {"AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=NO",
                                       "HEADERS=FORCE", NULL};
    GDALDatasetH ds = NULL;
    OGRLayerH layer;
    OGRFeatureDefnH defn;
    scm_table *t = NULL;
    scm_status st;
    struct stat sb;
    char *open_path = NULL;
    size_t j;
    *out = NULL;
    if ((st = scm__check_readable(ctx, path)) != SCM_OK)
        return st;
    if (stat(path, &sb) == 0 && sb.st_size == 0)
        return scm__error(ctx, SCM_EDATA, "%s: the file is empty (expected a header row and data)",
                          path);
    scm__gdal_init();
    /* OGR's CSV driver claims only .csv/.tsv/.psv; a .txt table is named explicitly. */
    open_path = malloc(strlen(path) + 5);
    if (open_path == NULL)
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
    sprintf(open_path, "%s%s", has_ext(path, ".txt") ? "CSV:" : "", path);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    ds = GDALOpenEx(open_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, opts, NULL);
    if (ds == NULL || GDALDatasetGetLayerCount(ds) < 1) {
        st = scm__error(ctx, SCM_EDATA, "%s: not a table that GDAL can read (CSV, XLSX, ODS, GPKG)",
                        path);
        goto fail;
    }
    layer = GDALDatasetGetLayer(ds, 0);
    defn = OGR_L_GetLayerDefn(layer);
    t = calloc(1, sizeof *t);
    if (t == NULL || (t->path = scm__strdup(path)) == NULL) {
        st = scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
        goto fail;
    }
    t->cols = (size_t)OGR_FD_GetFieldCount(defn);
    t->colnames = scm__callocn(t->cols, sizeof(char *));
    if (t->colnames == NULL) {
        st = scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
        goto fail;
    }
    for (j = 0; j < t->cols; j++)
        if ((t->colnames[j] = scm__strdup(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, (int)j)))) ==
            NULL) {
            st = scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
            goto fail;
        }
    if ((st = read_rows(ctx, t, layer, defn)) != SCM_OK)
        goto fail;
    if (t->rows == 0 || t->cols == 0) {
        st = scm__error(ctx, SCM_EDATA, "%s: the table has no data rows", path);
        goto fail;
    }
    GDALClose(ds);
    CPLPopErrorHandler();
    free(open_path);
    *out = t;
    return SCM_OK;
fail:
    if (ds != NULL)
        GDALClose(ds);
    CPLPopErrorHandler();
    free(open_path);
    scm_table_free(t);
    return st;
}
