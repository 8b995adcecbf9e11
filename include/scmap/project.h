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

/* Transforms n x,y pairs in place, as above. */
scm_status scm_project_points(scm_ctx *ctx, const char *src_crs, const char *dst_crs, double *xy,
                              size_t n);

#ifdef __cplusplus
}
#endif
#endif
