/* SPDX-License-Identifier: MIT */
#ifndef SCMAP_RENDER_PRIVATE_H
#define SCMAP_RENDER_PRIVATE_H

#include <cairo.h>

#include "scmap/render.h"

struct scm_canvas {
    cairo_surface_t *surface;
    cairo_t *cr;
    uint32_t width, height;
    int vector;      /* an SVG or PDF surface */
    double *clip[2]; /* scratch for clipping rings: two ping-pong buffers */
    size_t clip_cap;
};

#endif
