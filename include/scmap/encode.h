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

/* An animated GIF that loops forever, written frame by frame so that memory does not grow
 * with the number of frames. Two passes over the same frames: scm_gif_count on each (the
 * palette holds the `must` colours exactly, class colours and text, then the most frequent
 * others; other colours go to their nearest entry, without dithering), then scm_gif_put on
 * each, in the same order. The file appears at path only when scm_gif_finish succeeds. */
typedef struct scm_gif scm_gif;

/* A GIF of w x h pixels to be written to path; must (n_must colours) is copied. */
scm_status scm_gif_new(scm_ctx *ctx, const char *path, uint32_t w, uint32_t h, const scm_rgba *must,
                       size_t n_must, scm_gif **out);
/* First pass: counts the colours of img (w x h). SCM_EINVAL after the first scm_gif_put. */
scm_status scm_gif_count(scm_ctx *ctx, scm_gif *g, const scm_image *img);
/* Second pass: appends img, shown for delay_cs hundredths of a second. The first call fixes
 * the palette and starts the file under a temporary name. SCM_EIO naming the file and the
 * reason ("No space left on device") when it cannot be written. */
scm_status scm_gif_put(scm_ctx *ctx, scm_gif *g, const scm_image *img, int delay_cs);
/* Completes the file and renames it onto path. */
scm_status scm_gif_finish(scm_ctx *ctx, scm_gif *g);
/* Frees g; a file not finished is removed, and what path held before stays. */
void scm_gif_free(scm_gif *g);

/* Encodes frames (PNG files named by printf pattern, numbered from 0) into an H.264 MP4
 * (yuv420p, even dimensions, +faststart; BT.709 primaries, transfer and matrix in TV range,
 * converted and tagged so, so that players show the frames' colours) with ffmpeg, each
 * frame held seconds_each and the last held last_seconds. SCM_EIO when ffmpeg is missing or
 * fails; the message says how to get it. */
scm_status scm_mp4_write(scm_ctx *ctx, const char *path, const char *pattern, size_t n,
                         double seconds_each, double last_seconds);

/* Decodes a PNG into straight RGBA (for tests and tools); free with scm_image_free. */
scm_status scm_png_decode(scm_ctx *ctx, const uint8_t *png, size_t len, scm_image **out);

#ifdef __cplusplus
}
#endif
#endif
