/* SPDX-License-Identifier: MIT */
/* libscmap: county choropleth tiles, frames and maps of the Secure Communities rollout. */
#ifndef SCMAP_SCMAP_H
#define SCMAP_SCMAP_H

#include "scmap/core.h"
#include "scmap/data.h"
#include "scmap/style.h"
#include "scmap/classify.h"
#include "scmap/timeline.h"

#endif
