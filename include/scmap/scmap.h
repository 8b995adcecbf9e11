/* SPDX-License-Identifier: MIT */
/* libscmap: county choropleth tiles, frames and maps of the Secure Communities rollout. */
#ifndef SCMAP_SCMAP_H
#define SCMAP_SCMAP_H

#include "scmap/core.h"
#include "scmap/data.h"
#include "scmap/style.h"
#include "scmap/classify.h"
#include "scmap/timeline.h"
#include "scmap/project.h"
#include "scmap/tile.h"
#include "scmap/render.h"
#include "scmap/encode.h"
#include "scmap/sink.h"
#include "scmap/pyramid.h"
#include "scmap/frame.h"

#endif
