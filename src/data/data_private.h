/* SPDX-License-Identifier: MIT */
#ifndef SCMAP_DATA_PRIVATE_H
#define SCMAP_DATA_PRIVATE_H

#include "scmap/data.h"

/* Registers GDAL's drivers once per process. */
void scm__gdal_init(void);
/* Checks that path can be opened for reading; SCM_EIO naming it otherwise. */
scm_status scm__check_readable(scm_ctx *ctx, const char *path);

#endif
