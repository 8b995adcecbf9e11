/* SPDX-License-Identifier: MIT */
/* Shared by the frames (frame.c) and the small multiples (grid.c): the layout of a frame, the
 * map drawn into a rectangle, the legend. */
#ifndef SCMAP_FRAME_PRIVATE_H
#define SCMAP_FRAME_PRIVATE_H

#include "scmap/frame.h"

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

#endif
