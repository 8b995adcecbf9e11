/* SPDX-License-Identifier: MIT */
/* Between the frame's layout (frame.c) and its callouts (callout.c). */
#ifndef SCMAP_FRAME_PRIVATE_H
#define SCMAP_FRAME_PRIVATE_H

#include "scmap/frame.h"

/* The map as drawn: its projected counties and how metres become pixels. */
typedef struct scm__map_view {
    const scm_timeline *tl;
    const scm_geometry *g; /* projected, metres, y up */
    const size_t *draw;    /* the features on the map */
    size_t n_draw;
    double s, ox, oy, minx, maxy; /* pixel x = ox + (x - minx) s, y = oy + (maxy - y) s */
    double x, y, w, h;            /* the map panel in pixels: callouts stay inside it */
    double u;                     /* 1 at 1080 px */
} scm__map_view;

/* The highlighted counties' outlines and the callouts of o (highlight, annotations) for
 * period k, over the map. SCM_EINVAL names a county that is not on the map; SCM_ENOMEM. */
scm_status scm__frames_draw_focus(scm_ctx *ctx, scm_canvas *cv, const scm__map_view *v,
                                  const scm_frame_opts *o, size_t k);

#endif
