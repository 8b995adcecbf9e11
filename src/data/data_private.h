/* SPDX-License-Identifier: MIT */
#ifndef SCMAP_DATA_PRIVATE_H
#define SCMAP_DATA_PRIVATE_H

#include "scmap/data.h"

/* Registers GDAL's drivers once per process. */
void scm__gdal_init(void);
/* Checks that path, and any sidecar OGR would open beside it (.shx, .dbf, .prj, .csvt...),
 * is a regular file that can be read: SCM_EIO naming the file otherwise. */
scm_status scm__check_readable(scm_ctx *ctx, const char *path);

#endif
