/* SPDX-License-Identifier: MIT */
/* County polygons from any OGR layer, held as one flat scm_geometry. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/data.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <gdal.h>

#include "../core/core_private.h"
#include "data_private.h"

struct fips_index {
    char fips[6];
    size_t county;
};

struct scm_shapes {
    scm_geometry geom;
    size_t cap_rings, cap_points;
    char (*fips)[6];
    char **names;
    struct fips_index *order; /* sorted by fips, for scm_shapes_find */
    char *crs;
};

/* GDAL declares these in ogrsf_frmts.h, a C++ header, inside extern "C". */
void RegisterOGRShape(void);
void RegisterOGRGeoJSON(void);
void RegisterOGRGeoPackage(void);
void RegisterOGRCSV(void);
void RegisterOGRXLSX(void);
void RegisterOGRODS(void);

static pthread_once_t gdal_once = PTHREAD_ONCE_INIT, gdal_all_once = PTHREAD_ONCE_INIT;

/* GDALAllRegister makes some 200 drivers and looks for plugins: about a third of the start-up
 * of a command. The formats scmap documents need six. */
static void
gdal_register(void)
{
    RegisterOGRShape();
    RegisterOGRGeoJSON();
    RegisterOGRGeoPackage();
    RegisterOGRCSV();
    RegisterOGRXLSX();
    RegisterOGRODS();
}

static void
gdal_register_all(void)
{
    GDALAllRegister();
}

void
scm__gdal_init(void)
{
    pthread_once(&gdal_once, gdal_register);
}

void
scm__gdal_init_all(void)
{
    scm__gdal_init(); /* first, so that these six keep first claim on their files */
    pthread_once(&gdal_all_once, gdal_register_all);
}

const char *
scm__gdal_msg(char buf[256], const char *fallback)
{
    size_t n;
    snprintf(buf, 256, "%s", CPLGetLastErrorMsg()[0] != '\0' ? CPLGetLastErrorMsg() : fallback);
    n = strlen(buf);
    while (n > 0 && (buf[n - 1] == '.' || isspace((unsigned char)buf[n - 1])))
        buf[--n] = '\0';
    return buf;
}

/* OGR would block for ever on a FIFO, read a device as an endless or empty file, and open a
 * directory as a dataset of its own, so only regular files reach it. */
static scm_status
check_regular(scm_ctx *ctx, const char *path, int must_exist)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (!must_exist && errno == ENOENT)
            return SCM_OK;
        return scm__error(ctx, SCM_EIO, "%s: cannot open: %s", path, strerror(errno));
    }
    if (!S_ISREG(sb.st_mode))
        return scm__error(ctx, SCM_EIO,
                          "%s: is %s, not a regular file (save the data to a file "
                          "and give its path)",
                          path, scm__file_kind(sb.st_mode));
    if (access(path, R_OK) != 0)
        return scm__error(ctx, SCM_EIO, "%s: cannot open: %s", path, strerror(errno));
    return SCM_OK;
}

/* path with its extension replaced by ext, in side; -1 when it has none or does not fit. */
static int
sidecar(char *side, size_t size, const char *path, const char *ext)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    int n;
    if (dot == NULL || (slash != NULL && dot < slash))
        return -1;
    n = snprintf(side, size, "%.*s.%s", (int)(dot - path), path, ext);
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* The sidecar of path with extension ext in lower or upper case, if one exists. */
static int
find_sidecar(char *side, size_t size, const char *path, const char *lower, const char *upper)
{
    return (sidecar(side, size, path, lower) == 0 && access(side, F_OK) == 0) ||
           (sidecar(side, size, path, upper) == 0 && access(side, F_OK) == 0);
}

scm_status
scm__check_readable(scm_ctx *ctx, const char *path)
{
    /* The files OGR opens beside a shapefile or a CSV, in either case. */
    static const char *const sidecars[] = {"shx", "dbf", "prj", "cpg", "qix", "sbn", "sbx", "csvt",
                                           "SHX", "DBF", "PRJ", "CPG", "QIX", "SBN", "SBX", "CSVT"};
    char side[4096];
    size_t i;
    scm_status st = check_regular(ctx, path, 1);
    for (i = 0; i < sizeof sidecars / sizeof *sidecars && st == SCM_OK; i++)
        if (sidecar(side, sizeof side, path, sidecars[i]) == 0 && strcmp(side, path) != 0)
            st = check_regular(ctx, side, 0);
    return st;
}

void
scm_shapes_free(scm_shapes *s)
{
    size_t i;
    if (s == NULL)
        return;
    for (i = 0; s->names != NULL && i < s->geom.n_features; i++)
        free(s->names[i]);
    free(s->names);
    free(s->fips);
    free(s->order);
    free(s->geom.feature_ring);
    free(s->geom.ring_point);
    free(s->geom.xy);
    free(s->geom.bbox);
    free(s->crs);
    free(s);
}

size_t
scm_shapes_count(const scm_shapes *s)
{
    return s->geom.n_features;
}

const char *
scm_shapes_fips(const scm_shapes *s, size_t i)
{
    return s->fips[i];
}

const char *
scm_shapes_name(const scm_shapes *s, size_t i)
{
    return s->names[i];
}

const scm_geometry *
scm_shapes_geometry(const scm_shapes *s)
{
    return &s->geom;
}

const char *
scm_shapes_crs(const scm_shapes *s)
{
    return s->crs;
}

static int
cmp_index(const void *a, const void *b)
{
    return strcmp(((const struct fips_index *)a)->fips, ((const struct fips_index *)b)->fips);
}

long
scm_shapes_find(const scm_shapes *s, const char *fips)
{
    size_t lo = 0, hi = s->geom.n_features;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(s->order[mid].fips, fips);
        if (c == 0)
            return (long)s->order[mid].county;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* What add_geometry found, besides 0 for success. */
enum { NO_MEMORY = -1, NOT_POLYGON = 1, NOT_FINITE = 2 };

/* Appends one ring, wound counter-clockwise (in x-right, y-up axes) for an outer ring
 * and clockwise for a hole, so that a non-zero fill of any set of counties is right. */
static int
add_ring(scm_shapes *s, OGRGeometryH ring, int outer)
{
    int n = OGR_G_GetPointCount(ring), i;
    size_t base = s->geom.n_points;
    double area = 0;
    if (n < 3)
        return 0;
    if (scm__grow(&s->geom.xy, &s->cap_points, 2 * (base + (size_t)n), sizeof(double)) != 0 ||
        scm__grow(&s->geom.ring_point, &s->cap_rings, s->geom.n_rings + 2, sizeof(size_t)) != 0)
        return NO_MEMORY;
    /* One copy of the whole ring, x and y interleaved, instead of two calls a point. */
    if (OGR_G_GetPoints(ring, &s->geom.xy[2 * base], 2 * sizeof(double), &s->geom.xy[2 * base + 1],
                        2 * sizeof(double), NULL, 0) != n)
        return NO_MEMORY;
    /* Caught here, naming the feature: later it failed a reprojection, naming a point. */
    for (i = 0; i < 2 * n; i++)
        if (!isfinite(s->geom.xy[2 * base + (size_t)i]))
            return NOT_FINITE;
    for (i = 0; i < n; i++) {
        const double *p = &s->geom.xy[2 * (base + (size_t)i)];
        const double *q = &s->geom.xy[2 * (base + (size_t)((i + 1) % n))];
        area += p[0] * q[1] - q[0] * p[1];
    }
    if ((area > 0) != (outer != 0)) {
        double *xy = &s->geom.xy[2 * base];
        for (i = 0; i < n / 2; i++) {
            double tx = xy[2 * i], ty = xy[2 * i + 1];
            xy[2 * i] = xy[2 * (n - 1 - i)];
            xy[2 * i + 1] = xy[2 * (n - 1 - i) + 1];
            xy[2 * (n - 1 - i)] = tx;
            xy[2 * (n - 1 - i) + 1] = ty;
        }
    }
    s->geom.n_points += (size_t)n;
    s->geom.ring_point[s->geom.n_rings] = base;
    s->geom.n_rings++;
    s->geom.ring_point[s->geom.n_rings] = s->geom.n_points;
    return 0;
}

static int
add_polygon(scm_shapes *s, OGRGeometryH poly)
{
    int i, n = OGR_G_GetGeometryCount(poly), rc = 0;
    for (i = 0; i < n && rc == 0; i++)
        rc = add_ring(s, OGR_G_GetGeometryRef(poly, i), i == 0);
    return rc;
}

/* Returns 0, NO_MEMORY, NOT_POLYGON or NOT_FINITE. */
static int
add_geometry(scm_shapes *s, OGRGeometryH g)
{
    OGRwkbGeometryType t;
    int i, n, rc = 0;
    OGRGeometryH lin = NULL;
    if (g == NULL || OGR_G_IsEmpty(g))
        return 0;
    t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbCurvePolygon || t == wkbMultiSurface) {
        lin = OGR_G_GetLinearGeometry(g, 0, NULL);
        if (lin == NULL)
            return NO_MEMORY;
        g = lin;
        t = wkbFlatten(OGR_G_GetGeometryType(g));
    }
    if (t == wkbPolygon) {
        rc = add_polygon(s, g);
    } else if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
        n = OGR_G_GetGeometryCount(g);
        for (i = 0; i < n && rc == 0; i++)
            rc = add_geometry(s, OGR_G_GetGeometryRef(g, i));
    } else {
        rc = NOT_POLYGON;
    }
    if (lin != NULL)
        OGR_G_DestroyGeometry(lin);
    return rc;
}

static scm_status
feature_error(scm_ctx *ctx, const char *path, OGRFeatureH f, const char *code, int rc)
{
    long long fid = (long long)OGR_F_GetFID(f);
    if (rc == NOT_POLYGON)
        return scm__error(ctx, SCM_EDATA, "%s: feature %lld (FIPS %s) is a %s, not a polygon", path,
                          fid, code, OGR_G_GetGeometryName(OGR_F_GetGeometryRef(f)));
    if (rc == NOT_FINITE)
        return scm__error(ctx, SCM_EDATA,
                          "%s: feature %lld (FIPS %s) has a vertex that is not a finite number "
                          "(NaN or infinity: repair the shapes or export them again)",
                          path, fid, code);
    return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
}

static scm_status
read_features(scm_ctx *ctx, scm_shapes *s, OGRLayerH layer, int key, int name_field,
              const char *path)
{
    OGRFeatureH f;
    size_t cap_f = 0, cap_fr = 0, cap_n = 0;
    long long expected = OGR_L_GetFeatureCount(layer, 0), n_read = 0;
    char msg[256];
    scm_status st = SCM_OK;
    OGR_L_ResetReading(layer);
    CPLErrorReset();
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
        char code[6];
        int rep, rc;
        size_t nf = s->geom.n_features;
        n_read++;
        const char *raw = OGR_F_GetFieldAsString(f, key);
        /* A damaged file reads on with empty features; OGR's error is the only sign. */
        if (CPLGetLastErrorType() == CE_Failure) {
            st = scm__error(ctx, SCM_EDATA, "%s: feature %lld: %s (is the file truncated?)", path,
                            (long long)OGR_F_GetFID(f), scm__gdal_msg(msg, ""));
            OGR_F_Destroy(f);
            break;
        }
        if (scm_fips_normalize(raw, code, &rep) != 0) {
            st = scm__error(ctx, SCM_EDATA, "%s: feature %lld: FIPS \"%s\" is not 5 digits", path,
                            (long long)OGR_F_GetFID(f), raw);
            OGR_F_Destroy(f);
            break;
        }
        /* Consecutive features with one code (a county split across records) merge. */
        if (nf > 0 && strcmp(s->fips[nf - 1], code) == 0) {
            s->geom.n_features--;
            nf--;
        } else {
            if (scm__grow(&s->fips, &cap_f, nf + 1, sizeof *s->fips) != 0 ||
                scm__grow(&s->names, &cap_n, nf + 1, sizeof *s->names) != 0 ||
                scm__grow(&s->geom.feature_ring, &cap_fr, nf + 2, sizeof(size_t)) != 0) {
                OGR_F_Destroy(f);
                st = scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
                break;
            }
            memcpy(s->fips[nf], code, 6);
            s->names[nf] =
                scm__strdup(name_field >= 0 ? OGR_F_GetFieldAsString(f, name_field) : "");
            s->geom.feature_ring[nf] = s->geom.n_rings;
        }
        rc = add_geometry(s, OGR_F_GetGeometryRef(f));
        s->geom.n_features = nf + 1;
        s->geom.feature_ring[nf + 1] = s->geom.n_rings;
        if (rc != 0 || s->names[nf] == NULL) {
            st = feature_error(ctx, path, f, code, rc);
            OGR_F_Destroy(f);
            break;
        }
        OGR_F_Destroy(f);
    }
    /* Reading that ends on an error, or short of the count the layer gives, lost features. */
    if (st == SCM_OK && (CPLGetLastErrorType() >= CE_Failure || n_read < expected))
        st = scm__error(ctx, SCM_EDATA,
                        "%s: feature %lld: %s (the layer has %lld features; is the file "
                        "truncated?)",
                        path, n_read,
                        CPLGetLastErrorType() >= CE_Failure ? scm__gdal_msg(msg, "")
                                                            : "reading stopped here",
                        expected);
    return st;
}

static scm_status
check_sidecars(scm_ctx *ctx, const char *path)
{
    size_t n = strlen(path);
    char side[4096];
    if (n < 4 || strcasecmp(path + n - 4, ".shp") != 0 ||
        find_sidecar(side, sizeof side, path, "dbf", "DBF"))
        return SCM_OK;
    return scm__error(ctx, SCM_EDATA,
                      "%s: the .dbf file beside it is missing (a shapefile needs its .shp, .shx "
                      "and .dbf; copy all of them)",
                      path);
}

/* A .prj that GDAL cannot read leaves the layer without a CRS and an error that the first
 * feature then seemed to cause: the .prj is named instead, and its coordinates are not guessed
 * as longitude/latitude. */
static scm_status
check_prj(scm_ctx *ctx, const char *path)
{
    char side[4096], msg[256];
    struct stat sb;
    if (!find_sidecar(side, sizeof side, path, "prj", "PRJ"))
        return SCM_OK;
    return scm__error(ctx, SCM_EDATA,
                      "%s: not a coordinate system GDAL can read: %s (put back the .prj that came "
                      "with the shapes, or remove it if they are in longitude/latitude)",
                      side,
                      CPLGetLastErrorType() >= CE_Failure       ? scm__gdal_msg(msg, "")
                      : stat(side, &sb) == 0 && sb.st_size == 0 ? "the file is empty"
                                                                : "not WKT");
}

static scm_status
build_index(scm_ctx *ctx, scm_shapes *s, const char *path)
{
    size_t i, n = s->geom.n_features;
    s->order = scm__mallocn(n, sizeof *s->order);
    s->geom.bbox = scm__mallocn(n, sizeof *s->geom.bbox);
    if (s->order == NULL || s->geom.bbox == NULL)
        return scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
    for (i = 0; i < n; i++) {
        memcpy(s->order[i].fips, s->fips[i], 6);
        s->order[i].county = i;
    }
    qsort(s->order, n, sizeof *s->order, cmp_index);
    for (i = 1; i < n; i++)
        if (strcmp(s->order[i - 1].fips, s->order[i].fips) == 0)
            return scm__error(ctx, SCM_EDATA,
                              "%s: FIPS %s appears in two separate places in the layer", path,
                              s->order[i].fips);
    scm_geometry_update_bbox(&s->geom);
    return SCM_OK;
}

scm_status
scm_shapes_read(scm_ctx *ctx, const char *path, const char *key_field, scm_shapes **out)
{
    GDALDatasetH ds = NULL;
    OGRLayerH layer;
    OGRFeatureDefnH defn;
    OGRSpatialReferenceH srs;
    OGRwkbGeometryType gt;
    scm_shapes *s = NULL;
    scm_status st;
    char msg[256];
    int key, name_field;
    *out = NULL;
    if (key_field == NULL)
        key_field = "GEOID";
    if ((st = scm__check_readable(ctx, path)) != SCM_OK ||
        (st = check_sidecars(ctx, path)) != SCM_OK)
        return st;
    scm__timing(ctx, "until the shapes are opened");
    scm__gdal_init();
    scm__timing(ctx, "register GDAL drivers");
    CPLPushErrorHandler(CPLQuietErrorHandler);
    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (ds == NULL) { /* a format outside the six: try every driver */
        scm__gdal_init_all();
        ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    }
    if (ds == NULL || GDALDatasetGetLayerCount(ds) < 1) {
        st = scm__error(ctx, SCM_EDATA, "%s: not a readable shape file: %s", path,
                        scm__gdal_msg(msg, "no vector layer"));
        goto fail;
    }
    layer = GDALDatasetGetLayer(ds, 0);
    defn = OGR_L_GetLayerDefn(layer);
    gt = wkbFlatten(OGR_L_GetGeomType(layer));
    if (gt != wkbUnknown && gt != wkbPolygon && gt != wkbMultiPolygon && gt != wkbCurvePolygon &&
        gt != wkbMultiSurface) {
        st = scm__error(ctx, SCM_EDATA, "%s: the layer holds %s geometries, not polygons", path,
                        OGRGeometryTypeToName(gt));
        goto fail;
    }
    key = OGR_FD_GetFieldIndex(defn, key_field);
    if (key < 0) {
        st = scm__error(ctx, SCM_EDATA, "%s: no field \"%s\" (name the FIPS field with --key)",
                        path, key_field);
        goto fail;
    }
    name_field = OGR_FD_GetFieldIndex(defn, "NAME");
    CPLErrorReset();
    if ((srs = OGR_L_GetSpatialRef(layer)) == NULL && (st = check_prj(ctx, path)) != SCM_OK)
        goto fail;
    s = calloc(1, sizeof *s);
    if (s == NULL) {
        st = scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
        goto fail;
    }
    if ((st = read_features(ctx, s, layer, key, name_field, path)) != SCM_OK)
        goto fail;
    if (s->geom.n_features == 0) {
        st = scm__error(ctx, SCM_EDATA, "%s: the layer has no features", path);
        goto fail;
    }
    if ((st = build_index(ctx, s, path)) != SCM_OK)
        goto fail;
    s->crs = NULL;
    if (srs != NULL) {
        char *wkt = NULL;
        if (OSRExportToWkt(srs, &wkt) == OGRERR_NONE)
            s->crs = scm__strdup(wkt);
        CPLFree(wkt);
    } else {
        /* Without a .prj only longitude/latitude can be guessed; projected metres cannot. */
        size_t f;
        for (f = 0; f < s->geom.n_features; f++) {
            const scm_bbox *b = &s->geom.bbox[f];
            if (b->minx <= b->maxx &&
                (b->minx < -180 || b->maxx > 180 || b->miny < -90 || b->maxy > 90)) {
                st = scm__error(ctx, SCM_EDATA,
                                "%s: no coordinate system (.prj is missing) and the coordinates "
                                "are not longitude/latitude (feature %zu reaches %.0f, %.0f); "
                                "put the .prj beside the .shp",
                                path, f, b->maxx, b->maxy);
                goto fail;
            }
        }
        scm__log(ctx, SCM_LOG_WARN,
                 "%s: no coordinate system (.prj); the coordinates look like longitude/latitude, "
                 "so reading them as EPSG:4326",
                 path);
    }
    if (s->crs == NULL && (s->crs = scm__strdup("")) == NULL) {
        st = scm__error(ctx, SCM_ENOMEM, "%s: out of memory", path);
        goto fail;
    }
    GDALClose(ds);
    CPLPopErrorHandler();
    *out = s;
    scm__timing(ctx, "read shapes");
    return SCM_OK;
fail:
    if (ds != NULL)
        GDALClose(ds);
    CPLPopErrorHandler();
    scm_shapes_free(s);
    return st;
}
