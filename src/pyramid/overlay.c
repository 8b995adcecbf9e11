/* SPDX-License-Identifier: MIT */
/* The state lines of a tile run: dissolved from the counties once, in Web Mercator, with only
 * the segments two states share drawn (the coast and the borders with Canada and Mexico are
 * county outlines already, and a second line there would double them). */
#include <math.h>
#include <stdlib.h>

#include "scmap/data.h"
#include "scmap/project.h"

#include "../core/core_private.h"
#include "pyramid_private.h"

scm_status
scm__states_build(scm_ctx *ctx, scm_job *job)
{
    const scm_style *st = scm_timeline_style(job->tl);
    const scm_shapes *sh = scm_dataset_shapes(scm_timeline_dataset(job->tl));
    scm_geometry *g = NULL;
    size_t p;
    scm_status rc;
    if (scm_style_states_width(st) <= 0)
        return SCM_OK;
    job->states_color = scm_style_states_color(st);
    job->states_px = scm_style_states_width(st) * job->o->scale;
    rc = scm_states_from_shapes(ctx, sh, &g, NULL);
    if (rc == SCM_OK)
        rc = scm_project_geometry(ctx, g, scm_shapes_crs(sh), "EPSG:3857", &job->states);
    scm_geometry_free(g);
    if (rc == SCM_OK && (job->states_border = malloc(job->states->n_points + 1)) == NULL)
        rc = scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
    if (rc == SCM_OK)
        rc = scm_geometry_mark_edges(ctx, job->states, job->states_border);
    /* mark_edges keeps the first of two equal segments: the second is where states meet. */
    for (p = 0; rc == SCM_OK && p < job->states->n_points; p++)
        job->states_border[p] = !job->states_border[p];
    return rc;
}
