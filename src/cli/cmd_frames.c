/* SPDX-License-Identifier: MIT */
/* scmap frames and scmap map. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* The GIF's longer side at most; a GIF is never larger than the frames. */
#define GIF_MAX_SIDE 1280

static scm_frame_opts
frame_opts(const cli_opts *o, uint32_t w, uint32_t h)
{
    scm_frame_opts fo = {.width = w,
                         .height = h,
                         .lang = o->lang,
                         .note = o->note,
                         .byline = o->byline,
                         .highlight = o->highlight,
                         .annotations = o->annotate,
                         .n_annotations = (size_t)o->n_annotate};
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

/* One frame being drawn or waiting to be written: drawn by a worker thread, written in order
 * by the main thread. */
typedef struct slot {
    size_t frame;         /* the frame it holds */
    int ready;            /* drawn (or failed): the writer may take it */
    scm_image *img, *gif; /* gif: NULL when the GIF is of the frames' size */
    uint8_t *png;
    size_t png_len;
    scm_status st;
    scm_ctx *ctx; /* the worker's, for its message when st fails */
} slot;

/* The frames of a run: frame f is period k_of[f] at t_of[f]. Workers take frames in order and
 * draw into slot f % n_slots once the writer has emptied it, so that memory holds n_slots
 * frames whatever their number; the writer takes them in order. */
typedef struct frames_run {
    const cli_opts *o;
    const scm_frames *fr;
    size_t n, next, written, n_slots, *k_of;
    double *t_of;
    uint32_t gif_w, gif_h;
    int want_gif, stop;
    slot *slots;
    pthread_mutex_t lock;
    pthread_cond_t cond;
} frames_run;

typedef struct worker {
    frames_run *run;
    scm_ctx *ctx;
} worker;

/* Draws frame f into s: the frame and its PNG, and the GIF's frame when it is smaller. */
static scm_status
draw_frame(scm_ctx *ctx, const frames_run *r, size_t f, slot *s)
{
    scm_frame_opts fo = frame_opts(r->o, r->o->width, r->o->height);
    scm_status st;
    free(s->png);
    s->png = NULL;
    st = scm_frames_draw(ctx, r->fr, &fo, r->k_of[f], r->t_of[f], SCM_SURFACE_IMAGE, NULL, s->img);
    if (st == SCM_OK)
        st = scm_png_encode(ctx, s->img, &s->png, &s->png_len);
    if (st == SCM_OK && s->gif != NULL) {
        /* Drawn at the GIF's size, not scaled down: text and lines stay sharp. */
        fo = frame_opts(r->o, r->gif_w, r->gif_h);
        st = scm_frames_draw(ctx, r->fr, &fo, r->k_of[f], r->t_of[f], SCM_SURFACE_IMAGE, NULL,
                             s->gif);
    }
    return st;
}

static void *
worker_main(void *arg)
{
    worker *w = arg;
    frames_run *r = w->run;
    for (;;) {
        size_t f;
        slot *s;
        pthread_mutex_lock(&r->lock);
        while (!r->stop && r->next < r->n && r->next >= r->written + r->n_slots)
            pthread_cond_wait(&r->cond, &r->lock);
        if (r->stop || r->next >= r->n) {
            pthread_mutex_unlock(&r->lock);
            return NULL;
        }
        f = r->next++;
        pthread_mutex_unlock(&r->lock);
        s = &r->slots[f % r->n_slots];
        s->frame = f;
        s->ctx = w->ctx;
        s->st = draw_frame(w->ctx, r, f, s);
        pthread_mutex_lock(&r->lock);
        s->ready = 1;
        if (s->st != SCM_OK)
            r->stop = 1; /* this worker's ctx now holds the message: it draws no more */
        pthread_cond_broadcast(&r->cond);
        pthread_mutex_unlock(&r->lock);
        if (s->st != SCM_OK)
            return NULL;
    }
}

/* The GIF's size: its longer side at most GIF_MAX_SIDE, never more than the frames'. */
static void
gif_size(const cli_opts *o, uint32_t *w, uint32_t *h)
{
    uint32_t side = o->width > o->height ? o->width : o->height;
    double scale = side > GIF_MAX_SIDE ? (double)GIF_MAX_SIDE / side : 1;
    *w = (uint32_t)(o->width * scale + 0.5);
    *h = (uint32_t)(o->height * scale + 0.5);
}

/* The GIF's palette is known before any frame is drawn: the frames' colours and the
 * in-between blends exactly, then mixes of the frames' colours (antialiased edges, text). */
static scm_status
gif_open(scm_ctx *ctx, const frames_run *r, const char *path, scm_gif **gif)
{
    scm_rgba colors[256];
    size_t n_mix = scm_frames_colors(r->fr, colors, 64);
    size_t n = n_mix + scm_frames_tween_colors(r->fr, (size_t)r->o->tween + 1, colors + n_mix, 128);
    return scm_gif_new(ctx, path, r->gif_w, r->gif_h, colors, n, n_mix, gif);
}

/* Writes frame f from s: its PNG and alt text, and hands it to the GIF and the MP4. */
static int
write_frame(scm_ctx *ctx, const frames_run *r, const slot *s, const char *dir, FILE *alt,
            scm_gif *gif, scm_mp4 *mp4)
{
    size_t f = s->frame, k = r->k_of[f];
    char name[32], path[4200];
    scm_status st;
    int rc;
    if (s->st != SCM_OK)
        return cli_fail(s->ctx, s->st);
    snprintf(name, sizeof name, "%04zu.png", f);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if ((st = scm_write_file_atomic(ctx, path, s->png, s->png_len)) != SCM_OK)
        return cli_fail(ctx, st);
    if ((rc = write_alt(ctx, r->fr, k, r->o->lang, alt, name)) != 0)
        return rc;
    if (gif != NULL) {
        /* A quarter is held long enough to read; the last one longer still. */
        int delay = r->t_of[f] < 1 ? 12 : f + 1 == r->n ? 400 : 120;
        if ((st = scm_gif_put(ctx, gif, s->gif ? s->gif : s->img, delay)) != SCM_OK)
            return cli_fail(ctx, st);
    }
    if (mp4 != NULL && (st = scm_mp4_put(ctx, mp4, s->img)) != SCM_OK)
        return cli_fail(ctx, st);
    return 0;
}

/* Draws the frames with o->jobs threads and writes them in order. */
static int
run_frames(scm_ctx *ctx, frames_run *r, const char *dir, FILE *alt, scm_gif *gif, scm_mp4 *mp4,
           const char *style)
{
    pthread_t th[64];
    worker ws[64];
    size_t i, f;
    memset(ws, 0, sizeof ws);
    int n_workers = r->o->jobs < 1 ? 1 : r->o->jobs, started = 0, rc = 0;
    r->n_slots = (size_t)n_workers + 1;
    if ((r->slots = calloc(r->n_slots, sizeof *r->slots)) == NULL) {
        fprintf(stderr, "scmap: out of memory\n");
        return EXIT_DATA;
    }
    for (i = 0; i < r->n_slots && rc == 0; i++) {
        scm_status st = scm_image_new(ctx, r->o->width, r->o->height, &r->slots[i].img);
        if (st == SCM_OK && r->want_gif && (r->gif_w != r->o->width || r->gif_h != r->o->height))
            st = scm_image_new(ctx, r->gif_w, r->gif_h, &r->slots[i].gif);
        if (st != SCM_OK)
            rc = cli_fail(ctx, st);
    }
    for (started = 0; started < n_workers && rc == 0; started++) {
        ws[started].run = r;
        if (scm_ctx_new(&ws[started].ctx) != SCM_OK ||
            pthread_create(&th[started], NULL, worker_main, &ws[started]) != 0) {
            scm_ctx_free(ws[started].ctx);
            fprintf(stderr, "scmap: cannot start a thread to draw frames\n");
            rc = EXIT_DATA;
            break;
        }
    }
    for (f = 0; f < r->n && rc == 0; f++) {
        slot *s = &r->slots[f % r->n_slots];
        pthread_mutex_lock(&r->lock);
        while (!(s->ready && s->frame == f))
            pthread_cond_wait(&r->cond, &r->lock);
        pthread_mutex_unlock(&r->lock);
        rc = write_frame(ctx, r, s, dir, alt, gif, mp4);
        if (r->o->progress && rc == 0)
            fprintf(stderr, "\rframes %s: %zu/%zu", style, r->k_of[f] + 1, r->k_of[r->n - 1] + 1);
        pthread_mutex_lock(&r->lock);
        s->ready = 0;
        r->written++;
        if (rc != 0)
            r->stop = 1;
        pthread_cond_broadcast(&r->cond);
        pthread_mutex_unlock(&r->lock);
    }
    if (r->o->progress)
        fputc('\n', stderr);
    pthread_mutex_lock(&r->lock);
    r->stop = 1; /* workers waiting for a slot end */
    pthread_cond_broadcast(&r->cond);
    pthread_mutex_unlock(&r->lock);
    for (i = 0; i < (size_t)started; i++) {
        pthread_join(th[i], NULL);
        scm_ctx_free(ws[i].ctx);
    }
    for (i = 0; i < r->n_slots; i++) {
        scm_image_free(r->slots[i].img);
        scm_image_free(r->slots[i].gif);
        free(r->slots[i].png);
    }
    free(r->slots);
    r->slots = NULL;
    return rc;
}

/* The name of a run's frames, GIF, MP4 and alt text: the style's, and for a region edition
 * the region's after it ("activation-tx", "activation-counties-48201-2") so that national and
 * region runs into one folder keep each other's files. */
static void
edition_name(const cli_job *job, const char *spec, char *buf, size_t cap)
{
    const char *style = scm_style_name(job->style);
    const uint8_t *mask = scm_timeline_region(job->tl);
    size_t i, n = 0;
    if (spec == NULL || mask == NULL) {
        snprintf(buf, cap, "%s", style);
        return;
    }
    if (strlen(spec) == 2) {
        /* A state by postal code or FIPS: one name for both spellings. */
        char fips[6] = {spec[0], spec[1], '0', '0', '0', '\0'}, code[3];
        snprintf(code, sizeof code, "%s",
                 spec[0] >= '0' && spec[0] <= '9' ? scm_fips_state(fips) : spec);
        for (i = 0; code[i]; i++)
            code[i] = (char)(code[i] | 0x20);
        snprintf(buf, cap, "%s-%s", style, code);
        return;
    }
    for (i = 0; i < scm_shapes_count(scm_dataset_shapes(job->ds)); i++)
        n += mask[i] != 0;
    snprintf(buf, cap, "%s-counties-%.5s-%zu", style, spec, n);
}

int
cli_frames_for(scm_ctx *ctx, const cli_opts *o, const char *style_path, const char *out)
{
    cli_job job;
    scm_frames *fr = NULL;
    scm_gif *gif = NULL;
    scm_mp4 *mp4 = NULL;
    frames_run r;
    char dir[4096], path[4200], altpath[4096], name[256], *alt_text = NULL;
    FILE *alt = NULL; /* in memory, written whole once the frames are */
    size_t alt_len = 0;
    size_t k, i, steps = (size_t)o->tween + 1, np;
    scm_status st;
    int rc = cli_job_open(ctx, o, style_path, &job), mp4_rc = 0;
    if (rc != 0)
        return rc;
    memset(&r, 0, sizeof r);
    pthread_mutex_init(&r.lock, NULL);
    pthread_cond_init(&r.cond, NULL);
    np = scm_timeline_n_periods(job.tl);
    edition_name(&job, o->region, name, sizeof name);
    snprintf(dir, sizeof dir, "%s/frames/%s", out, name);
    snprintf(path, sizeof path, "%s/data", out);
    snprintf(altpath, sizeof altpath, "%s/data/%s-alt.txt", out, name);
    if (cli_mkdirs(ctx, dir) != 0 || cli_mkdirs(ctx, path) != 0 ||
        (alt = open_memstream(&alt_text, &alt_len)) == NULL) {
        fprintf(stderr, "scmap: %s: cannot create the output folders\n", dir);
        rc = EXIT_DATA;
        goto done;
    }
    if ((st = scm_frames_new(ctx, job.tl, &fr)) != SCM_OK) {
        rc = cli_fail(ctx, st);
        goto done;
    }
    /* The first period alone, then every period with its in-between frames before it. */
    r.o = o;
    r.fr = fr;
    r.want_gif = o->gif;
    gif_size(o, &r.gif_w, &r.gif_h);
    r.k_of = calloc(np * steps + 1, sizeof *r.k_of);
    r.t_of = calloc(np * steps + 1, sizeof *r.t_of);
    if (r.k_of == NULL || r.t_of == NULL) {
        fprintf(stderr, "scmap: out of memory\n");
        rc = EXIT_DATA;
        goto done;
    }
    for (k = 0; k < np; k++)
        for (i = k == 0 ? steps - 1 : 0; i < steps; i++, r.n++) {
            r.k_of[r.n] = k;
            r.t_of[r.n] = (double)(i + 1) / (double)steps;
        }
    snprintf(path, sizeof path, "%s/frames/%s.gif", out, name);
    if (o->gif && (st = gif_open(ctx, &r, path, &gif)) != SCM_OK) {
        rc = cli_fail(ctx, st);
        goto done;
    }
    snprintf(path, sizeof path, "%s/frames/%s.mp4", out, name);
    /* Without ffmpeg, the frames and the GIF are still written; the run then fails. */
    if (o->mp4 && (st = scm_mp4_new(ctx, path, o->width, o->height, 1.2 / (double)steps, 2.5,
                                    &mp4)) != SCM_OK)
        mp4_rc = cli_fail(ctx, st);
    rc = run_frames(ctx, &r, dir, alt, gif, mp4, name);
    if (fclose(alt) != 0 && rc == 0) {
        fprintf(stderr, "scmap: %s: out of memory\n", altpath);
        rc = EXIT_DATA;
    }
    alt = NULL;
    if (rc == 0 && (st = scm_write_file_atomic(ctx, altpath, alt_text, alt_len)) != SCM_OK)
        rc = cli_fail(ctx, st);
    /* Frames of an earlier, longer run would be taken for this run's: remove them. */
    for (i = r.n;; i++) {
        snprintf(path, sizeof path, "%s/%04zu.png", dir, i);
        if (unlink(path) != 0)
            break;
    }
    if (rc == 0 && gif != NULL && (st = scm_gif_finish(ctx, gif)) != SCM_OK)
        rc = cli_fail(ctx, st);
    if (rc == 0 && mp4 != NULL && (st = scm_mp4_finish(ctx, mp4)) != SCM_OK)
        rc = cli_fail(ctx, st);
    rc = rc != 0 ? rc : mp4_rc;
    if (rc == 0 && !o->quiet)
        fprintf(stderr, "scmap: %s: %zu frames (%ux%u) in %s/, alt text in %s%s%s\n", name, r.n,
                o->width, o->height, dir, altpath, o->gif ? ", GIF" : "", o->mp4 ? ", MP4" : "");
done:
    if (alt != NULL)
        fclose(alt);
    free(alt_text);
    scm_gif_free(gif);
    scm_mp4_free(mp4);
    free(r.k_of);
    free(r.t_of);
    pthread_mutex_destroy(&r.lock);
    pthread_cond_destroy(&r.cond);
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
cli_output_kind(const char *cmd, const char *output, scm_surface_kind *kind)
{
    if (output == NULL) {
        fprintf(stderr, "scmap: %s needs -o FILE.png, FILE.svg or FILE.pdf\n", cmd);
        return EXIT_USAGE;
    }
    if (kind_of(output) == SCM_SURFACE_IMAGE && !has_ext(output, ".png")) {
        fprintf(stderr, "scmap: -o must end in .png, .svg or .pdf, not \"%s\"\n", output);
        return EXIT_USAGE;
    }
    if (kind != NULL)
        *kind = kind_of(output);
    return 0;
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
    if ((rc = cli_output_kind("map", o->output, NULL)) != 0)
        return rc;
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
