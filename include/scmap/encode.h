/* SPDX-License-Identifier: MIT */
/* PNG encoding. */
#ifndef SCMAP_ENCODE_H
#define SCMAP_ENCODE_H

#include "scmap/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Encodes img as PNG into a new buffer (*out, freed with free()). An image with at most 256
 * distinct RGBA values becomes a palette PNG holding exactly those colours (1, 2, 4 or 8
 * bits a pixel); others become RGB or RGBA. No quantising: colours stay exact. The bytes
 * depend only on the pixels (fixed zlib level, no time stamp). */
scm_status scm_png_encode(scm_ctx *ctx, const scm_image *img, uint8_t **out, size_t *out_len);

/* Decodes a PNG into straight RGBA (for tests and tools); free with scm_image_free. */
scm_status scm_png_decode(scm_ctx *ctx, const uint8_t *png, size_t len, scm_image **out);

#ifdef __cplusplus
}
#endif
#endif
