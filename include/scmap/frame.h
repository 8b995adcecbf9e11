/* SPDX-License-Identifier: MIT */
/* Timeline frames and still maps for slides and print: the US composite with Alaska,
 * Hawaii and Puerto Rico insets, title, period label, legend, running count and source. */
#ifndef SCMAP_FRAME_H
#define SCMAP_FRAME_H

#include "scmap/core.h"
#include "scmap/render.h"
#include "scmap/timeline.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct scm_frame_opts {
    uint32_t width, height; /* pixels; 1920x1080 by default */
    scm_lang lang;
    const char *note;   /* optional line under the legend */
    const char *byline; /* optional, at the bottom right */
    /* County FIPS codes separated by commas, or NULL: each outlined heavier, with a callout of
     * its name, date and value in the period drawn. */
    const char *highlight;
    /* "FIPS:text" each: a callout with the text and a leader line to the county. */
    const char *const *annotations;
    size_t n_annotations;
    /* Optional, set by scm_frames_draw when not NULL: the map panel, and the box of what is
     * drawn in it, in pixels (y down): for hotspots over the image, and for tests. */
    scm_bbox *panel_out, *drawn_out;
} scm_frame_opts;

typedef struct scm_frames scm_frames;

/* Projects the timeline's counties onto the composite once. Keeps a pointer to tl, which
 * must outlive the result. */
scm_status scm_frames_new(scm_ctx *ctx, const scm_timeline *tl, scm_frames **out);
void scm_frames_free(scm_frames *fr);

/* Draws period k. With 0 <= t < 1, counties whose class changed since period k-1 are
 * blended from the old colour to the new one (an in-between frame); t = 1 is the period.
 * kind IMAGE fills img (o->width x o->height); SVG and PDF write path. SCM_EINVAL for a
 * size outside 320-8000 or a k past the timeline. Threads may draw one fr at once: the lines
 * and labels no period changes are drawn once per thread and size, and painted over each
 * frame of that size. */
scm_status scm_frames_draw(scm_ctx *ctx, const scm_frames *fr, const scm_frame_opts *o, size_t k,
                           double t, scm_surface_kind kind, const char *path, scm_image *img);

/* A copy of the timeline's alt text of period k (scm_timeline_alt_text): what the frame
 * shows, in plain sentences. Caller frees *out. SCM_ENOMEM. */
scm_status scm_frames_alt_text(scm_ctx *ctx, const scm_frames *fr, size_t k, scm_lang lang,
                               char **out);

/* The colours a frame uses (classes, text, background): a GIF palette must hold them. */
size_t scm_frames_colors(const scm_frames *fr, scm_rgba *out, size_t max);
/* The blended colours of the in-between frames of scm_frames_draw with t = i / steps,
 * 0 < i < steps, between every two classes: a GIF palette holds them too. */
size_t scm_frames_tween_colors(const scm_frames *fr, size_t steps, scm_rgba *out, size_t max);

/* Small multiples: every period of the timeline in one image. */
typedef struct scm_grid_opts {
    uint32_t width, height; /* pixels (points in a PDF), 320 to 8000 */
    uint32_t cols; /* columns of panels; 0 chooses the number that draws the maps largest */
    scm_lang lang;
    const char *note;   /* optional line under the legend */
    const char *byline; /* optional, at the bottom right */
} scm_grid_opts;

/* Draws every period of fr's timeline as a panel labelled with its period, under one title,
 * with one legend and the source line. kind IMAGE fills img (o->width x o->height); SVG and
 * PDF write path. SCM_EINVAL for a size outside 320-8000; SCM_EIO when the file cannot be
 * written. */
scm_status scm_frames_grid(scm_ctx *ctx, const scm_frames *fr, const scm_grid_opts *o,
                           scm_surface_kind kind, const char *path, scm_image *img);

/* A label for a web map to place itself: a state's label point or a city. */
typedef struct scm_label_point {
    char code[3];            /* the 2-digit FIPS code of the state (a city's state) */
    char name[64];           /* a city's name; "" for a state */
    char name_es[64];        /* a city's name in Spanish (most often the same) */
    double lon_deg, lat_deg; /* EPSG:4326 */
    /* A state's: the distance from the point to its outline, in metres of Web Mercator (the
     * room a label has there); a city's: 0. */
    double room_m;
    double population; /* a city's; 0 for a state */
} scm_label_point;

/* The labels of `which` for a Web Mercator map of shapes: each state's point, largest state
 * (as Web Mercator draws it) first, at the pole of inaccessibility of its largest part as frames
 * place it but found in Web Mercator, so inside the state on a web map; then, with
 * SCM_LABELS_CITIES, the places of the places table (as frames read it) that lie in one of
 * the shapes' counties, most populous first, one dot for a city and its neighbourhoods.
 * *out (caller frees with free) gets *n labels. SCM_EIO, SCM_EDATA for the places table,
 * SCM_EPROJ, SCM_ENOMEM. */
scm_status scm_labels_points(scm_ctx *ctx, const scm_shapes *shapes, scm_map_labels which,
                             const char *places, scm_label_point **out, size_t *n);

#ifdef __cplusplus
}
#endif
#endif
