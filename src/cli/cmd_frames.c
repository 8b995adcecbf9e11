/* SPDX-License-Identifier: MIT */
/* scmap frames and scmap map. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define GIF_WIDTH 1280

static scm_frame_opts
frame_opts(const cli_opts *o, uint32_t w, uint32_t h)
{
    scm_frame_opts fo = {w, h, o->lang, o->note, o->byline};
    return fo;
}

static int
write_png(scm_ctx *ctx, const scm_image *img, const char *path)
{
    uint8_t *png = NULL;
    size_t len = 0;
    scm_status st = scm_png_encode(ctx, img, &png, &len);
    if (st == SCM_OK)
        st = scm_write_file_atomic(ctx, path, png, len);
    free(png);
    return st == SCM_OK ? 0 : cli_fail(ctx, st);
}

/* Appends "name<TAB>alt text" for period k to the alt-text file. */
static int
write_alt(scm_ctx *ctx, const scm_frames *fr, size_t k, int lang, FILE *alt, const char *name)
{
    char *text = NULL;
    scm_status st = scm_frames_alt_text(ctx, fr, k, lang, &text);
    if (st != SCM_OK)
        return cli_fail(ctx, st);
    fprintf(alt, "%s\t%s\n", name, text);
    free(text);
    return 0;
}

/* Draws the GIF's frames in order into img and hands each to gif: pass 0 counts their
 * colours, pass 1 writes them. Drawing twice keeps one frame in memory, not all of them. */
static scm_status
gif_pass(scm_ctx *ctx, const cli_opts *o, const scm_frames *fr, size_t n_periods, scm_gif *gif,
         scm_image *img, int pass)
{
    size_t steps = (size_t)o->tween + 1, k, i;
    scm_frame_opts fo = frame_opts(o, img->width, img->height);
    scm_status st = SCM_OK;
    for (k = 0; k < n_periods && st == SCM_OK; k++)
        for (i = k == 0 ? steps - 1 : 0; i < steps && st == SCM_OK; i++) {
            /* A quarter is held long enough to read; the last one longer still. */
            int delay = i + 1 < steps ? 12 : k + 1 == n_periods ? 400 : 120;
            st = scm_frames_draw(ctx, fr, &fo, k, (double)(i + 1) / (double)steps,
                                 SCM_SURFACE_IMAGE, NULL, img);
            if (st == SCM_OK)
                st = pass == 0 ? scm_gif_count(ctx, gif, img) : scm_gif_put(ctx, gif, img, delay);
        }
    return st;
}

static int
gif_for(scm_ctx *ctx, const cli_opts *o, const scm_frames *fr, size_t n_periods, const char *path)
{
    uint32_t w = GIF_WIDTH, h = (uint32_t)((double)o->height * GIF_WIDTH / o->width + 0.5);
    scm_rgba must[64];
    scm_image *img = NULL;
    scm_gif *gif = NULL;
    scm_status st = scm_image_new(ctx, w, h, &img);
    if (st == SCM_OK)
        st = scm_gif_new(ctx, path, w, h, must, scm_frames_colors(fr, must, 64), &gif);
    if (st == SCM_OK)
        st = gif_pass(ctx, o, fr, n_periods, gif, img, 0);
    if (st == SCM_OK)
        st = gif_pass(ctx, o, fr, n_periods, gif, img, 1);
    if (st == SCM_OK)
        st = scm_gif_finish(ctx, gif);
    scm_gif_free(gif);
    scm_image_free(img);
    return st == SCM_OK ? 0 : cli_fail(ctx, st);
}

int
cli_frames_for(scm_ctx *ctx, const cli_opts *o, const char *style_path, const char *out)
{
    cli_job job;
    scm_frames *fr = NULL;
    scm_image *img = NULL;
    scm_frame_opts fo = frame_opts(o, o->width, o->height);
    char dir[4096], path[4200], altpath[4096], *alt_text = NULL;
    FILE *alt = NULL; /* in memory, written whole once the frames are */
    size_t alt_len = 0;
    size_t k, i, steps = (size_t)o->tween + 1, n = 0, np;
    scm_status st;
    int rc = cli_job_open(ctx, o, style_path, &job);
    if (rc != 0)
        return rc;
    np = scm_timeline_n_periods(job.tl);
    snprintf(dir, sizeof dir, "%s/frames/%s", out, scm_style_name(job.style));
    snprintf(path, sizeof path, "%s/data", out);
    snprintf(altpath, sizeof altpath, "%s/data/%s-alt.txt", out, scm_style_name(job.style));
    if (cli_mkdirs(ctx, dir) != 0 || cli_mkdirs(ctx, path) != 0 ||
        (alt = open_memstream(&alt_text, &alt_len)) == NULL) {
        fprintf(stderr, "scmap: %s: cannot create the output folders\n", dir);
        rc = EXIT_DATA;
        goto done;
    }
    if ((st = scm_frames_new(ctx, job.tl, &fr)) != SCM_OK ||
        (st = scm_image_new(ctx, o->width, o->height, &img)) != SCM_OK) {
        rc = cli_fail(ctx, st);
        goto done;
    }
    for (k = 0; k < np && rc == 0; k++)
        for (i = k == 0 ? steps - 1 : 0; i < steps && rc == 0; i++, n++) {
            char name[32];
            snprintf(name, sizeof name, "%04zu.png", n);
            snprintf(path, sizeof path, "%s/%s", dir, name);
            st = scm_frames_draw(ctx, fr, &fo, k, (double)(i + 1) / (double)steps,
                                 SCM_SURFACE_IMAGE, NULL, img);
            rc = st != SCM_OK ? cli_fail(ctx, st) : write_png(ctx, img, path);
            if (rc == 0)
                rc = write_alt(ctx, fr, k, o->lang, alt, name);
            if (o->progress && rc == 0)
                fprintf(stderr, "\rframes %s: %zu/%zu", scm_style_name(job.style), k + 1, np);
        }
    if (o->progress)
        fputc('\n', stderr);
    if (fclose(alt) != 0 && rc == 0) {
        fprintf(stderr, "scmap: %s: out of memory\n", altpath);
        rc = EXIT_DATA;
    }
    alt = NULL;
    if (rc == 0 && (st = scm_write_file_atomic(ctx, altpath, alt_text, alt_len)) != SCM_OK)
        rc = cli_fail(ctx, st);
    /* Frames of an earlier, longer run would join the GIF and MP4: remove them. */
    for (i = n;; i++) {
        snprintf(path, sizeof path, "%s/%04zu.png", dir, i);
        if (unlink(path) != 0)
            break;
    }
    if (rc == 0 && o->gif) {
        snprintf(path, sizeof path, "%s/frames/%s.gif", out, scm_style_name(job.style));
        rc = gif_for(ctx, o, fr, np, path);
    }
    if (rc == 0 && o->mp4) {
        char pattern[4200];
        snprintf(pattern, sizeof pattern, "%s/%%04d.png", dir);
        snprintf(path, sizeof path, "%s/frames/%s.mp4", out, scm_style_name(job.style));
        st = scm_mp4_write(ctx, path, pattern, n, 1.2 / (double)steps, 2.5);
        if (st != SCM_OK)
            rc = cli_fail(ctx, st);
    }
    if (rc == 0 && !o->quiet)
        fprintf(stderr, "scmap: %s: %zu frames (%ux%u) in %s/, alt text in %s%s%s\n",
                scm_style_name(job.style), n, o->width, o->height, dir, altpath,
                o->gif ? ", GIF" : "", o->mp4 ? ", MP4" : "");
done:
    if (alt != NULL)
        fclose(alt);
    free(alt_text);
    scm_image_free(img);
    scm_frames_free(fr);
    cli_job_close(&job);
    return rc;
}

int
cmd_frames(scm_ctx *ctx, const cli_opts *o)
{
    return cli_frames_for(ctx, o, NULL, o->out ? o->out : "out");
}

static int
has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);
    return n > e && strcmp(path + n - e, ext) == 0;
}

static scm_surface_kind
kind_of(const char *path)
{
    return has_ext(path, ".svg")   ? SCM_SURFACE_SVG
           : has_ext(path, ".pdf") ? SCM_SURFACE_PDF
                                   : SCM_SURFACE_IMAGE;
}

int
cli_write_map(scm_ctx *ctx, const cli_opts *o, const scm_frames *fr, size_t k, const char *path)
{
    scm_frame_opts fo = frame_opts(o, o->width, o->height);
    scm_surface_kind kind = kind_of(path);
    scm_image *img = NULL;
    char altpath[4200], *text = NULL, *dot;
    size_t len;
    scm_status st = SCM_OK;
    int rc;
    if (kind == SCM_SURFACE_IMAGE)
        st = scm_image_new(ctx, o->width, o->height, &img);
    if (st == SCM_OK)
        st = scm_frames_draw(ctx, fr, &fo, k, 1, kind, path, img);
    rc = st != SCM_OK ? cli_fail(ctx, st) : img ? write_png(ctx, img, path) : 0;
    scm_image_free(img);
    if (rc != 0)
        return rc;
    if ((st = scm_frames_alt_text(ctx, fr, k, o->lang, &text)) != SCM_OK)
        return cli_fail(ctx, st);
    snprintf(altpath, sizeof altpath, "%s", path);
    dot = strrchr(altpath, '.');
    snprintf(dot, sizeof altpath - (size_t)(dot - altpath), ".alt.txt");
    len = strlen(text);
    text[len] = '\n'; /* the file is one line; its NUL is not written */
    if ((st = scm_write_file_atomic(ctx, altpath, text, len + 1)) != SCM_OK)
        rc = cli_fail(ctx, st);
    if (rc == 0 && !o->quiet)
        fprintf(stderr, "scmap: wrote %s and its alt text %s\n", path, altpath);
    free(text);
    return rc;
}

int
cli_maps_for(scm_ctx *ctx, const cli_opts *o, const char *style_path, const char *out)
{
    static const char *const exts[] = {"png", "svg", "pdf"};
    cli_job job;
    scm_frames *fr = NULL;
    char dir[4096], path[4300], name[16];
    size_t k, i;
    scm_status st;
    int rc = cli_job_open(ctx, o, style_path, &job);
    if (rc != 0)
        return rc;
    k = scm_timeline_n_periods(job.tl) - 1;
    scm_timeline_period_name(job.tl, k, name);
    snprintf(dir, sizeof dir, "%s/maps", out);
    if (cli_mkdirs(ctx, dir) != 0) {
        fprintf(stderr, "scmap: %s: cannot create the folder\n", dir);
        rc = EXIT_DATA;
    } else if ((st = scm_frames_new(ctx, job.tl, &fr)) != SCM_OK) {
        rc = cli_fail(ctx, st);
    }
    for (i = 0; i < 3 && rc == 0; i++) {
        snprintf(path, sizeof path, "%s/%s-%s.%s", dir, scm_style_name(job.style), name, exts[i]);
        rc = cli_write_map(ctx, o, fr, k, path);
    }
    scm_frames_free(fr);
    cli_job_close(&job);
    return rc;
}

int
cmd_map(scm_ctx *ctx, const cli_opts *o)
{
    cli_job job;
    scm_frames *fr = NULL;
    size_t k;
    scm_status st;
    int rc;
    if (o->output == NULL) {
        fprintf(stderr, "scmap: map needs -o FILE.png, FILE.svg or FILE.pdf\n");
        return EXIT_USAGE;
    }
    if (kind_of(o->output) == SCM_SURFACE_IMAGE && !has_ext(o->output, ".png")) {
        fprintf(stderr, "scmap: -o must end in .png, .svg or .pdf, not \"%s\"\n", o->output);
        return EXIT_USAGE;
    }
    if ((rc = cli_job_open(ctx, o, NULL, &job)) != 0)
        return rc;
    k = scm_timeline_n_periods(job.tl) - 1;
    if (o->period != NULL) {
        scm_period p;
        char want[16], name[16];
        if (scm_period_parse(o->period, &p) != 0) {
            fprintf(stderr, "scmap: --period takes a period like 2012Q2, not \"%s\"\n", o->period);
            cli_job_close(&job);
            return EXIT_USAGE;
        }
        scm_period_format(scm_period_of(scm_timeline_period(job.tl, 0).kind, scm_period_start(p)),
                          want);
        for (k = 0; k < scm_timeline_n_periods(job.tl); k++) {
            scm_timeline_period_name(job.tl, k, name);
            if (strcmp(name, want) == 0)
                break;
        }
        if (k == scm_timeline_n_periods(job.tl)) {
            scm_timeline_period_name(job.tl, 0, name);
            scm_timeline_period_name(job.tl, scm_timeline_n_periods(job.tl) - 1, want);
            fprintf(stderr, "scmap: --period %s is outside the data (%s to %s)\n", o->period, name,
                    want);
            cli_job_close(&job);
            return EXIT_DATA;
        }
    }
    st = scm_frames_new(ctx, job.tl, &fr);
    rc = st != SCM_OK ? cli_fail(ctx, st) : cli_write_map(ctx, o, fr, k, o->output);
    scm_frames_free(fr);
    cli_job_close(&job);
    return rc;
}
