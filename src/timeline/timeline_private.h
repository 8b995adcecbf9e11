/* SPDX-License-Identifier: MIT */
/* Between the timeline's numbers (timeline.c) and its words (words.c). */
#ifndef SCMAP_TIMELINE_PRIVATE_H
#define SCMAP_TIMELINE_PRIVATE_H

#include "scmap/timeline.h"

/* The count line and alt text of period k in lang, new strings the caller frees. The alt
 * text says how many counties the 50 states and DC have: n_state_counties. SCM_ENOMEM. */
scm_status scm__timeline_words(scm_ctx *ctx, const scm_timeline *tl, size_t k, scm_lang lang,
                               size_t n_state_counties, char **line, char **alt);

/* A region edition's count line and alt text of period k (scm_timeline_opts.region): the
 * counts over the area alone, new strings the caller frees. SCM_ENOMEM. */
scm_status scm__timeline_region_words(scm_ctx *ctx, const scm_timeline *tl, size_t k, scm_lang lang,
                                      char **line, char **alt);
/* The region's name in lang, as scm_timeline_opts gave it; "" without a region. */
const char *scm__timeline_region_name(const scm_timeline *tl, scm_lang lang);
/* The name of a state by FIPS code in lang ("Nueva York"), or NULL. */
const char *scm__state_name(int fips, scm_lang lang);

#endif
