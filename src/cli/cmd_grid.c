/* SPDX-License-Identifier: MIT */
/* scmap grid: every period of a style as small multiples in one PNG, SVG or PDF. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A printed page, US Letter across (11 x 8.5 in, in points), for a PDF without --size. */
#define PAGE_W 792
#define PAGE_H 612

/* Writes the grid's alt text beside it (FILE.alt.txt): what its first and last panels show,
 * as scm_frames_alt_text says of each, in the language asked. */
static int
write_grid_alt(scm_ctx *ctx, const cli_opts *o, const scm_frames *fr, size_t n)
{
    char *first = NULL, *last = NULL, *text = NULL, path[4200], *dot;
    size_t len = 0;
    int es = o->lang == SCM_LANG_ES, rc = 0;
    scm_status st = scm_frames_alt_text(ctx, fr, 0, o->lang, &first);
    if (st == SCM_OK && n > 1)
        st = scm_frames_alt_text(ctx, fr, n - 1, o->lang, &last);
    if (st != SCM_OK) {
        free(first);
        return cli_fail(ctx, st);
    }
    if (n > 1) {
        len = strlen(first) + strlen(last) + 128;
        if ((text = malloc(len)) != NULL)
            len = (size_t)snprintf(text, len,
                                   es ? "%zu mapas pequeños, uno por periodo. El primero: %s El "
                                        "último: %s\n"
                                      : "%zu small maps, one a period. The first: %s The last: "
                                        "%s\n",
                                   n, first, last);
    } else if ((text = malloc(strlen(first) + 2)) != NULL) {
        len = (size_t)sprintf(text, "%s\n", first);
    }
    snprintf(path, sizeof path, "%s", o->output);
    dot = strrchr(path, '.');
    snprintf(dot, sizeof path - (size_t)(dot - path), ".alt.txt");
    if (text == NULL) {
        fprintf(stderr, "scmap: out of memory\n");
        rc = EXIT_DATA;
    } else if ((st = scm_write_file_atomic(ctx, path, text, len)) != SCM_OK) {
        rc = cli_fail(ctx, st);
    }
    free(first);
    free(last);
    free(text);
    return rc;
}

int
cmd_grid(scm_ctx *ctx, const cli_opts *o)
{
    scm_grid_opts go = {o->width, o->height, (uint32_t)o->cols, o->lang, o->note, o->byline};
    scm_surface_kind kind;
    scm_frames *fr = NULL;
    scm_image *img = NULL;
    uint8_t *png = NULL;
    size_t len = 0;
    scm_status st;
    cli_job job;
    int rc;
    if ((rc = cli_output_kind("grid", o->output, &kind)) != 0)
        return rc;
    if (kind == SCM_SURFACE_PDF && !o->has_size) {
        go.width = PAGE_W;
        go.height = PAGE_H;
    }
    if ((rc = cli_job_open(ctx, o, NULL, &job)) != 0)
        return rc;
    st = scm_frames_new(ctx, job.tl, &fr);
    if (st == SCM_OK && kind == SCM_SURFACE_IMAGE)
        st = scm_image_new(ctx, go.width, go.height, &img);
    if (st == SCM_OK)
        st = scm_frames_grid(ctx, fr, &go, kind, o->output, img);
    if (st == SCM_OK && img != NULL)
        st = scm_png_encode(ctx, img, &png, &len);
    if (st == SCM_OK && png != NULL)
        st = scm_write_file_atomic(ctx, o->output, png, len);
    rc = st != SCM_OK ? cli_fail(ctx, st)
                      : write_grid_alt(ctx, o, fr, scm_timeline_n_periods(job.tl));
    if (rc == 0 && !o->quiet)
        fprintf(stderr, "scmap: wrote %s (%zu period%s) and its alt text\n", o->output,
                scm_timeline_n_periods(job.tl), scm_timeline_n_periods(job.tl) == 1 ? "" : "s");
    free(png);
    scm_image_free(img);
    scm_frames_free(fr);
    cli_job_close(&job);
    return rc;
}
