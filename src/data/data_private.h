/* SPDX-License-Identifier: MIT */
#ifndef SCMAP_DATA_PRIVATE_H
#define SCMAP_DATA_PRIVATE_H

#include "scmap/data.h"

/* Registers, once per process, the GDAL drivers of the formats scmap documents: shapefile,
 * GeoJSON, GPKG, CSV, XLSX, ODS. */
void scm__gdal_init(void);
/* Registers every other GDAL driver too, once per process: for shapes in a format outside
 * the list ("any OGR polygon layer"). */
void scm__gdal_init_all(void);
/* GDAL's last error message, as a clause of ours: without its final period; or fallback when
 * there is none. Returns buf. */
const char *scm__gdal_msg(char buf[256], const char *fallback);
/* Checks that path, and any sidecar OGR would open beside it (.shx, .dbf, .prj, .csvt...),
 * is a regular file that can be read: SCM_EIO naming the file otherwise. */
scm_status scm__check_readable(scm_ctx *ctx, const char *path);
/* The path table ("activations", "counts", "population", "notes") was read from, or NULL. */
const char *scm__dataset_file(const scm_dataset *ds, const char *table);

#endif
