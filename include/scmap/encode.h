/* SPDX-License-Identifier: MIT */
/* PNG, GIF and MP4 encoding. */
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
 * with the number of frames. One global palette, fixed before the first frame: the `exact`
 * colours (class colours and text, and the blends of in-between frames), then, in the slots
 * left, evenly spaced mixes of each pair of the first n_mix of them (the antialiased edges
 * and text between them). Other colours go to their nearest entry, without dithering. The
 * file appears at path only when scm_gif_finish succeeds. */
typedef struct scm_gif scm_gif;

/* A GIF of w x h pixels to be written to path, with the palette above. */
scm_status scm_gif_new(scm_ctx *ctx, const char *path, uint32_t w, uint32_t h,
                       const scm_rgba *exact, size_t n_exact, size_t n_mix, scm_gif **out);
/* Appends img (w x h), shown for delay_cs hundredths of a second. The first call starts the
 * file under a temporary name. SCM_EIO naming the file and the reason ("No space left on
 * device") when it cannot be written. */
scm_status scm_gif_put(scm_ctx *ctx, scm_gif *g, const scm_image *img, int delay_cs);
/* Completes the file and renames it onto path. */
scm_status scm_gif_finish(scm_ctx *ctx, scm_gif *g);
/* Frees g; a file not finished is removed, and what path held before stays. */
void scm_gif_free(scm_gif *g);

/* An H.264 MP4 written by ffmpeg as frames are handed to it: raw pixels through a pipe,
 * converted to yuv420p (even dimensions, odd ones padded) in BT.709 in TV range and tagged
 * so (primaries, transfer, matrix, range), so that players show the frames' colours;
 * +faststart, 10 frames a second. The file appears at path only if ffmpeg exits 0, says no
 * error and wrote a whole MP4. */
typedef struct scm_mp4 scm_mp4;

/* Starts ffmpeg for frames of w x h, each held seconds_each and the last last_seconds more.
 * SCM_EIO when ffmpeg is missing; the message says how to get it. */
scm_status scm_mp4_new(scm_ctx *ctx, const char *path, uint32_t w, uint32_t h, double seconds_each,
                       double last_seconds, scm_mp4 **out);
/* Hands img (w x h) to ffmpeg. SCM_EIO with ffmpeg's words when it stopped. */
scm_status scm_mp4_put(scm_ctx *ctx, scm_mp4 *m, const scm_image *img);
/* Ends the input, waits for ffmpeg, checks the file and renames it onto path. SCM_EIO naming
 * the file and the reason ("No space left on device", ffmpeg's words, an incomplete MP4). */
scm_status scm_mp4_finish(scm_ctx *ctx, scm_mp4 *m);
/* Frees m; ffmpeg still running is stopped and its file removed. */
void scm_mp4_free(scm_mp4 *m);

/* Decodes a PNG into straight RGBA (for tests and tools); free with scm_image_free. */
scm_status scm_png_decode(scm_ctx *ctx, const uint8_t *png, size_t len, scm_image **out);

#ifdef __cplusplus
}
#endif
#endif
