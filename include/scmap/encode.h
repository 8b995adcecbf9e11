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
/* The RGB (or, with any transparency, RGBA) PNG of img, as scm_png_encode writes an image
 * of more than 256 colours. */
scm_status scm_png_encode_truecolor(scm_ctx *ctx, const scm_image *img, uint8_t **out,
                                    size_t *out_len);
/* The palette PNG of im, as scm_png_encode writes it. */
scm_status scm_png_encode_indexed(scm_ctx *ctx, const scm_indexed *im, uint8_t **out,
                                  size_t *out_len);

/* Writes an animated GIF of n frames (all of one size) that loops forever, frame f shown for
 * delay_cs[f] hundredths of a second. The palette holds the `must` colours exactly (class
 * colours, text); other colours go to their nearest entry, without dithering. */
scm_status scm_gif_write(scm_ctx *ctx, const char *path, scm_image *const *frames, size_t n,
                         const int *delay_cs, const scm_rgba *must, size_t n_must);

/* Encodes frames (PNG files named by printf pattern, numbered from 0) into an H.264 MP4
 * (yuv420p, even dimensions, +faststart) with ffmpeg, each frame held seconds_each and the
 * last held last_seconds. SCM_EIO when ffmpeg is missing or fails; the message says how to
 * get it. */
scm_status scm_mp4_write(scm_ctx *ctx, const char *path, const char *pattern, size_t n,
                         double seconds_each, double last_seconds);

/* Decodes a PNG into straight RGBA (for tests and tools); free with scm_image_free. */
scm_status scm_png_decode(scm_ctx *ctx, const uint8_t *png, size_t len, scm_image **out);

#ifdef __cplusplus
}
#endif
#endif
