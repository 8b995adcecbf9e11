/* SPDX-License-Identifier: MIT */
/* Shared by the frames (frame.c), the small multiples (grid.c), the callouts (callout.c) and
 * the labels (labels.c): the layout of a frame, the map drawn into a rectangle, the legend. */
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
/* What the callouts of scm__frames_draw_focus will cover, for labels to keep clear of: *n
 * rectangles (x, y, w, h each) in *out (caller frees; NULL when none). SCM_EINVAL, SCM_ENOMEM. */
scm_status scm__frames_focus_avoid(scm_ctx *ctx, scm_canvas *cv, const scm__map_view *v,
                                   const scm_frame_opts *o, size_t k, double **out, size_t *n);

/* Labels of frames and stills (labels.c): state names or abbreviations, city names. */

typedef struct scm__labels scm__labels;

/* The labels of a map: a label point for each listed state of states (composite metres,
 * codes[f] its 2-digit code), found once; with SCM_LABELS_CITIES, the places of the table at
 * places that lie in a county of sh (of those marked in counties, one byte a county, unless
 * NULL), in sh's CRS (scm__labels_cities), for the caller to project. SCM_EIO, SCM_EDATA for
 * the places table, SCM_ENOMEM. */
scm_status scm__labels_new(scm_ctx *ctx, scm_map_labels which, const char *places,
                           const scm_shapes *sh, const uint8_t *counties,
                           const scm_geometry *states, const char (*codes)[3], const size_t *draw,
                           size_t n_draw, scm__labels **out);
void scm__labels_free(scm__labels *lb);
/* The state label points: one feature of one point each (composite metres). */
const scm_geometry *scm__labels_anchors(const scm__labels *lb);
/* The city points, one feature of one point each, in the shapes' CRS until the caller
 * projects them in place, and their insets (scm_inset); NULL when there are none. */
scm_geometry *scm__labels_cities(scm__labels *lb, const uint8_t **inset);
/* A city's name as readers of lang write it. */
const char *scm__city_name(const char *name, scm_lang lang);
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
    double map_area;   /* pixels of map the cities share out; 0: the states' and cities' bounds */
    int abbr_only;     /* states by abbreviation alone, never by name: a key of small multiples */
    double leader_max; /* the longest leader line, pixels; 0: 220 u */
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

static const scm_rgba SCM__FRAME_BG = {255, 255, 255, 255}, SCM__FRAME_INK = {26, 26, 26, 255},
                      SCM__FRAME_MUTED = {85, 85, 85, 255};

/* Where everything of a frame goes, in pixels, y down. Filled by scm__frames_layout for a size,
 * then drawn as it says. */
typedef struct scm__layout {
    double u;      /* scale of lines: 1 at 1080 px on the short side */
    double ts;     /* scale of text: u, or more or less where the frame has room or lacks it */
    double m;      /* side margin */
    int landscape; /* the legend in a column beside the map, not under it */
    double map_x, map_y, map_w, map_h; /* the map, fitted to its aspect: nothing else in it */
    double legend_x, legend_y, legend_w;
    int legend_cols; /* at most this many columns of legend entries */
    double title_x, title_y, sub_y, period_x, period_y, source_y, byline_x, byline_y;
    scm_text_style title, sub, period, source, byline;
    /* Rectangles (x, y, w, h) that text occupies: the title block, the period label, the
     * legend block, the source line and the byline. Labels on the map keep out of them. */
    double busy[8][4];
    size_t n_busy;
    /* Vertical video: the bands at the top and bottom under the app's buttons and captions,
     * kept empty (0 elsewhere). */
    double safe_top, safe_bottom;
} scm__layout;

/* Fills l for the frames of o->width x o->height; cv measures text. The same for every
 * period (laid out for the longest words), so that the map holds still in an animation. */
void scm__frames_layout(scm_canvas *cv, const scm_frames *fr, const scm_frame_opts *o,
                        scm__layout *l);

/* The timeline fr draws. */
const scm_timeline *scm__frames_timeline(const scm_frames *fr);

/* Width over height of the map, as drawn. */
double scm__frames_aspect(const scm_frames *fr);

/* Draws the map of period k (in-between t, as scm_frames_draw) fitted and centred in the
 * rectangle r (x, y, w, h); line widths scaled by u (the style's at 1); with step > 0, points
 * snapped to a grid of step px and repeats dropped, for maps drawn small. */
scm_status scm__frames_draw_map(scm_ctx *ctx, const scm_frames *fr, scm_canvas *cv,
                                const double r[4], double u, double step, size_t k, double t);

/* The legend with its top-left corner at (x, y), within width w: the count line (when not
 * NULL), a swatch and label per class in up to max_cols columns, as many as fit their labels,
 * and the note (when not NULL or empty). Text scaled by ts. Draws when draw is set. Returns its
 * height; *used_w is the width it takes. */
double scm__frames_legend(scm_canvas *cv, const scm_timeline *tl, scm_lang lang, const char *line,
                          const char *note, double x, double y, double w, int max_cols, double ts,
                          int draw, double *used_w);

/* Draws the labels of fr's style over its map fitted in r (x, y, w, h), placed as v says:
 * v's geometries are filled here (the cities only when cities is set and the style has them),
 * the rest (frame size, unit, avoided rectangles) is the caller's. SCM_ENOMEM. */
scm_status scm__frames_draw_labels(scm_ctx *ctx, const scm_frames *fr, scm_canvas *cv,
                                   const double r[4], scm__label_view *v, int cities);

/* The credit the source line takes when the city names of fr's style are drawn, or NULL. */
const char *scm__frames_credit(const scm_frames *fr, scm_lang lang);

/* The end of a drawing: a PNG's pixels read into img, an SVG or PDF finished; the canvas
 * freed either way. Returns rc, or the error finishing met. */
scm_status scm__frames_finish(scm_ctx *ctx, scm_canvas *cv, scm_surface_kind kind, scm_image *img,
                              scm_status rc);

#endif
