/* SPDX-License-Identifier: MIT */
/* Between the frame's layout (frame.c), its callouts (callout.c) and labels (labels.c). */
#ifndef SCMAP_FRAME_PRIVATE_H
#define SCMAP_FRAME_PRIVATE_H

#include "scmap/data.h"
#include "scmap/frame.h"
#include "scmap/render.h"
#include "scmap/style.h"

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

/* Labels of frames and stills (labels.c): state names or abbreviations, city names. */

typedef struct scm__labels scm__labels;

/* The labels of a map: a label point for each listed state of states (composite metres,
 * codes[f] its 2-digit code), found once; with SCM_LABELS_CITIES, the places of the table at
 * places that lie in a county of sh, in sh's CRS (scm__labels_cities), for the caller to
 * project. SCM_EIO, SCM_EDATA for the places table, SCM_ENOMEM. */
scm_status scm__labels_new(scm_ctx *ctx, scm_map_labels which, const char *places,
                           const scm_shapes *sh, const scm_geometry *states, const char (*codes)[3],
                           const size_t *draw, size_t n_draw, scm__labels **out);
void scm__labels_free(scm__labels *lb);
/* The state label points: one feature of one point each (composite metres). */
const scm_geometry *scm__labels_anchors(const scm__labels *lb);
/* The city points, one feature of one point each, in the shapes' CRS until the caller
 * projects them in place, and their insets (scm_inset); NULL when there are none. */
scm_geometry *scm__labels_cities(scm__labels *lb, const uint8_t **inset);
/* The credit the source line takes when city names are drawn, or NULL. */
const char *scm__labels_credit(const scm__labels *lb, scm_lang lang);

/* A frame's view of the labels: the geometries in its pixels, and what to keep clear. */
typedef struct scm__label_view {
    const scm_geometry *states;  /* as given to scm__labels_new, in pixels */
    const scm_geometry *anchors; /* scm__labels_anchors, in pixels */
    const scm_geometry *cities;  /* scm__labels_cities, in pixels; NULL if none */
    const double *avoid;         /* n_avoid rectangles, x, y, w, h each: title, legend... */
    size_t n_avoid;
    double width, height; /* the frame */
    double u;             /* the frame's unit: 1 on a 1080-pixel side */
    scm_lang lang;
} scm__label_view;

typedef struct scm__label {
    double x, y, w, h; /* the text's box, pixels */
    double ax, ay;     /* what it names: the end of the leader line, or the city's dot */
    int kind;          /* SCM__LABEL_... */
    const char *line[2];
    size_t n_lines;
} scm__label;

enum { SCM__LABEL_STATE, SCM__LABEL_LEADER, SCM__LABEL_CITY };

/* Places the labels of the view: no two boxes (city dots included) overlap, none meets an
 * avoided rectangle or leaves the frame; states whose label fits nowhere near are left out.
 * *out (caller frees) gets *n labels. SCM_ENOMEM. */
scm_status scm__labels_place(scm_ctx *ctx, const scm__labels *lb, scm_canvas *cv,
                             const scm__label_view *v, scm__label **out, size_t *n);
/* Places and draws: dark text on a white halo, leader lines, city dots. */
scm_status scm__labels_draw(scm_ctx *ctx, const scm__labels *lb, scm_canvas *cv,
                            const scm__label_view *v);

/* A new geometry: the features of a, then those of b. SCM_ENOMEM. */
scm_status scm__geometry_join(scm_ctx *ctx, const scm_geometry *a, const scm_geometry *b,
                              scm_geometry **out);

#endif
