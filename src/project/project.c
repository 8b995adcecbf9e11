/* SPDX-License-Identifier: MIT */
/* Every reprojection goes through here: one PROJ context per call keeps threads apart. */
#include "scmap/project.h"

#include <math.h>
#include <string.h>

#include <proj.h>

#include "../core/core_private.h"

scm_status
scm_project_points(scm_ctx *ctx, const char *src_crs, const char *dst_crs, double *xy, size_t n)
{
    PJ_CONTEXT *pc = proj_context_create();
    PJ *p = NULL, *norm = NULL;
    scm_status st = SCM_OK;
    size_t i;
    if (pc == NULL)
        return scm__error(ctx, SCM_ENOMEM, "proj: out of memory");
    proj_log_level(pc, PJ_LOG_NONE);
    p = proj_create_crs_to_crs(pc, src_crs[0] ? src_crs : "EPSG:4326", dst_crs, NULL);
    if (p != NULL)
        norm = proj_normalize_for_visualization(pc, p); /* lon,lat order whatever the CRS says */
    if (norm == NULL) {
        st = scm__error(ctx, SCM_EPROJ, "proj: cannot transform to %s: %s", dst_crs,
                        proj_context_errno_string(pc, proj_context_errno(pc)));
        goto done;
    }
    if (n > 0)
        proj_trans_generic(norm, PJ_FWD, xy, 2 * sizeof(double), n, xy + 1, 2 * sizeof(double), n,
                           NULL, 0, 0, NULL, 0, 0);
    for (i = 0; i < n; i++)
        if (!isfinite(xy[2 * i]) || !isfinite(xy[2 * i + 1])) {
            st = scm__error(ctx, SCM_EPROJ, "proj: point %zu cannot be transformed to %s", i,
                            dst_crs);
            break;
        }
done:
    proj_destroy(norm);
    proj_destroy(p);
    proj_context_destroy(pc);
    return st;
}

scm_status
scm_project_geometry(scm_ctx *ctx, const scm_geometry *g, const char *src_crs, const char *dst_crs,
                     scm_geometry **out)
{
    scm_geometry *c = NULL;
    scm_status st;
    *out = NULL;
    if ((st = scm_geometry_copy(ctx, g, &c)) != SCM_OK)
        return st;
    if ((st = scm_project_points(ctx, src_crs, dst_crs, c->xy, c->n_points)) != SCM_OK) {
        scm_geometry_free(c);
        return st;
    }
    scm_geometry_update_bbox(c);
    *out = c;
    return SCM_OK;
}
