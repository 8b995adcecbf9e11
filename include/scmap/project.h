/* SPDX-License-Identifier: MIT */
/* Coordinate transformations through PROJ. */
#ifndef SCMAP_PROJECT_H
#define SCMAP_PROJECT_H

#include "scmap/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Transforms every point of g from src_crs (WKT, "EPSG:n", or "" for EPSG:4326) to dst_crs,
 * in the GIS axis order (x = easting or longitude), into a new geometry with fresh bboxes.
 * SCM_EPROJ if the CRS is unknown or a point cannot be transformed. */
scm_status scm_project_geometry(scm_ctx *ctx, const scm_geometry *g, const char *src_crs,
                                const char *dst_crs, scm_geometry **out);

/* Where a county goes on the usual US composite map. */
typedef enum scm_inset {
    SCM_INSET_MAIN,   /* contiguous US and DC: Albers equal-area, EPSG:5070 */
    SCM_INSET_ALASKA, /* EPSG:3338, scaled to 0.35 and moved below the south-west */
    SCM_INSET_HAWAII, /* ESRI:102007, beside Alaska */
    SCM_INSET_PR,     /* EPSG:32161, below Florida */
    SCM_INSET_NONE    /* not drawn (the Pacific island areas) */
} scm_inset;

/* The inset a county belongs in, from its 5-digit FIPS code. */
scm_inset scm_inset_of(const char *fips);

/* Projects g (in src_crs) onto the composite: every feature through its inset's CRS, then
 * scaled and moved as the usual newsroom composite places them, in metres of EPSG:5070
 * (y up). Features of SCM_INSET_NONE keep their source coordinates: leave them out. */
scm_status scm_project_us_composite(scm_ctx *ctx, const scm_geometry *g, const char *src_crs,
                                    const uint8_t *inset, scm_geometry **out);

/* Transforms n x,y pairs in place, as above. */
scm_status scm_project_points(scm_ctx *ctx, const char *src_crs, const char *dst_crs, double *xy,
                              size_t n);

/* An Albers equal-area CRS (a PROJ string, GRS80, metres) fitted to the features of g (in
 * src_crs) whose mask byte is set: standard parallels at 1/6 and 5/6 of their latitude span,
 * origin at its middle, central meridian at the middle of their longitudes taken the short
 * way round (Alaska across 180 degrees stays whole). SCM_EINVAL when no feature is set,
 * SCM_EPROJ as scm_project_points. */
scm_status scm_project_fit_albers(scm_ctx *ctx, const scm_geometry *g, const char *src_crs,
                                  const uint8_t *mask, char crs[256]);

/* A copy of g with the features whose mask byte is set transformed from src_crs to dst_crs
 * (one PROJ set-up for all of them); the others keep their source coordinates: leave them
 * out. Fresh bboxes. Statuses as scm_project_points. */
scm_status scm_project_features(scm_ctx *ctx, const scm_geometry *g, const char *src_crs,
                                const char *dst_crs, const uint8_t *mask, scm_geometry **out);

#ifdef __cplusplus
}
#endif
#endif
