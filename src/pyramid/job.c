/* SPDX-License-Identifier: MIT */
/* scm_pyramid_render: checks the options, opens a sink a period, runs worker threads over
 * each zoom's metatiles, then finishes the sinks and writes the manifests. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/pyramid.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scmap/encode.h"
#include "scmap/project.h"

#include "../core/core_private.h"
#include "pyramid_private.h"

static void *
worker_main(void *arg)
{
    scm_worker *w = arg;
    scm_job *job = w->job;
    const scm_zoom *zm = job->zoom;
    for (;;) {
        size_t i;
        pthread_mutex_lock(&job->lock);
        i = job->next++;
        if (job->failed)
            i = zm->n_metas;
        pthread_mutex_unlock(&job->lock);
        if (i >= zm->n_metas)
            break;
        if (job->o->n_shards > 1 && i % job->o->n_shards != job->o->shard - 1)
            continue;
        if (!scm__done_skip(job, zm, &zm->metas[i]))
            w->status = scm__render_meta(w->ctx, w, zm, &zm->metas[i]);
        pthread_mutex_lock(&job->lock);
        job->done++;
        if (w->status != SCM_OK)
            job->failed = 1;
        else /* every tile of this metatile, in every period, is in place */
            scm__done_mark(job, zm, &zm->metas[i]);
        if (job->o->progress != NULL)
            job->o->progress(job->o->progress_user, job->done, job->total);
        pthread_mutex_unlock(&job->lock);
        if (w->status != SCM_OK)
            break;
    }
    return NULL;
}

/* Runs the workers over one zoom's metatiles; the first worker error becomes ctx's. */
static scm_status
run_zoom(scm_ctx *ctx, scm_job *job, scm_worker *ws, int n)
{
    pthread_t th[64];
    int i, started = 0;
    job->next = 0;
    for (i = 1; i < n; i++) {
        if (pthread_create(&th[i], NULL, worker_main, &ws[i]) != 0)
            break;
        started = i;
    }
    worker_main(&ws[0]);
    for (i = 1; i <= started; i++)
        pthread_join(th[i], NULL);
    for (i = 0; i < n; i++)
        if (ws[i].status != SCM_OK)
            return scm__error(ctx, ws[i].status, "%s", scm_ctx_errmsg(ws[i].ctx));
    return SCM_OK;
}

/* TileJSON "bounds": every county drawn, data or not (Puerto Rico, the Pacific territories, the
 * Aleutians past 180 degrees), so that a client asks for every tile written. Bounds must not
 * wrap round the antimeridian: with the Aleutians they run from about -180 to 180. The centre
 * is that of the counties with data in the western hemisphere, where the map is. */
static void
data_extent(const scm_timeline *tl, const scm_geometry *merc, scm_sink_meta *m)
{
    const scm_dataset *ds = scm_timeline_dataset(tl);
    scm_bbox b = scm_bbox_empty();
    double cx = 0, cy = 0;
    size_t f, n = 0;
    for (f = 0; f < merc->n_features; f++) {
        scm_bbox_union(&b, &merc->bbox[f]); /* an empty feature's adds nothing */
        if (scm_dataset_activation(ds, f) != SCM_DATE_NONE && merc->bbox[f].maxx <= 0) {
            cx += (merc->bbox[f].minx + merc->bbox[f].maxx) / 2;
            cy += (merc->bbox[f].miny + merc->bbox[f].maxy) / 2;
            n++;
        }
    }
    if (n == 0 || b.minx > b.maxx) {
        m->bounds = (scm_bbox){-180, -85, 180, 85};
        return;
    }
    scm_merc_to_lonlat(b.minx, b.miny, &m->bounds.minx, &m->bounds.miny);
    scm_merc_to_lonlat(b.maxx, b.maxy, &m->bounds.maxx, &m->bounds.maxy);
    scm_merc_to_lonlat(cx / (double)n, cy / (double)n, &m->center_lon, &m->center_lat);
}

/* The "tiles" URL of period `name`'s TileJSON; 0, or -1 when it does not fit. TileJSON 3.0.0
 * wants absolute URLs: under o->base_url, the URL of out_dir, when given; else relative to
 * the TileJSON file (the closing line of scmap tiles says web clients need --base-url).
 * PMTiles in the form the pmtiles adapter's MapLibre protocol loads,
 * pmtiles://<archive URL>/{z}/{x}/{y}. MBTiles get none (""): no web client reads the file,
 * and the servers that do (tileserver-gl, martin) write their own TileJSON. */
static int
tiles_url(const scm_pyramid_opts *o, const char *style, const char *name, char *url, size_t n)
{
    const char *at2x = o->scale == 2 ? "@2x" : "";
    char base[4200] = "";
    int len = 0;
    if (o->base_url != NULL) {
        size_t bl = strlen(o->base_url);
        if (snprintf(base, sizeof base, "%s%s%s/", o->base_url,
                     bl > 0 && o->base_url[bl - 1] == '/' ? "" : "/", style) >= (int)sizeof base)
            return -1;
    }
    if (o->format == SCM_SINK_DIR)
        len = snprintf(url, n, "%s%s/{z}/{x}/{y}%s.png", base, name, at2x);
    else if (o->format == SCM_SINK_PMTILES)
        len = snprintf(url, n, "pmtiles://%s%s%s.pmtiles/{z}/{x}/{y}", base, name, at2x);
    else
        url[0] = '\0';
    return len < 0 || (size_t)len >= n ? -1 : 0;
}

/* A sink a period, described by meta and the period's own name, URL and legend. */
static scm_status
open_sinks(scm_ctx *ctx, scm_job *job, const char *dir, const scm_sink_meta *meta)
{
    const scm_timeline *tl = job->tl;
    const scm_style *st = scm_timeline_style(tl);
    size_t k;
    scm_status s = SCM_OK;
    for (k = 0; k < job->n_periods && s == SCM_OK; k++) {
        char name[16], label[96], path[4096], title[256], url[4400];
        scm_buf extra = {0}, extra_es = {0};
        scm_sink_meta m = *meta;
        scm_timeline_period_name(tl, k, name);
        scm_timeline_period_label(tl, k, SCM_LANG_EN, label);
        snprintf(path, sizeof path, "%s/%s%s%s", dir, name,
                 job->o->scale == 2 && job->o->format != SCM_SINK_DIR ? "@2x" : "",
                 scm__format_ext(job->o->format));
        snprintf(title, sizeof title, "%s, %s", scm_style_title(st, SCM_LANG_EN), label);
        if (tiles_url(job->o, scm_style_name(st), name, url, sizeof url) != 0)
            s = scm__error(ctx, SCM_EINVAL, "tiles: --base-url is too long");
        else if (scm__period_json(&extra, tl, k, 0) != 0 ||
                 scm__period_json(&extra_es, tl, k, 1) != 0)
            s = scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
        m.name = title;
        m.extra_json = (const char *)extra.data;
        /* The TileJSON is named for the style, and says the period in both languages. */
        m.tiles_url = url[0] != '\0' ? url : NULL;
        m.tilejson_name = scm_style_title(st, SCM_LANG_EN);
        m.tilejson_extra = (const char *)extra_es.data;
        if (s == SCM_OK)
            s = scm_sink_open(ctx, job->o->format, path, &m, &job->sinks[k]);
        scm__buf_free(&extra);
        scm__buf_free(&extra_es);
    }
    return s;
}

/* The overlay's sink: boundaries/ (boundaries.pmtiles, ...) beside the periods, described
 * as they are, with its own name and URL. */
static scm_status
open_overlay(scm_ctx *ctx, scm_job *job, const char *dir, const scm_sink_meta *meta)
{
    const scm_pyramid_opts *o = job->o;
    char path[4200], url[4400];
    scm_sink_meta m = *meta;
    snprintf(path, sizeof path, "%s/boundaries%s%s", dir,
             o->scale == 2 && o->format != SCM_SINK_DIR ? "@2x" : "", scm__format_ext(o->format));
    if (tiles_url(o, scm_style_name(scm_timeline_style(job->tl)), "boundaries", url, sizeof url) !=
        0)
        return scm__error(ctx, SCM_EINVAL, "tiles: --base-url is too long");
    m.name = "State lines";
    m.description = "Borders between the states, dissolved from the county shapes";
    m.extra_json = NULL;
    m.tiles_url = url[0] != '\0' ? url : NULL;
    m.tilejson_name = NULL;
    m.tilejson_extra = NULL;
    return scm_sink_open(ctx, o->format, path, &m, &job->overlay);
}

static scm_status
check_opts(scm_ctx *ctx, const scm_pyramid_opts *o)
{
    if (o->zmin < 0 || o->zmax > SCM_TILE_MAX_ZOOM || o->zmin > o->zmax)
        return scm__error(ctx, SCM_EINVAL,
                          "tiles: zoom range %d-%d is not within 0-%d, low to high", o->zmin,
                          o->zmax, SCM_TILE_MAX_ZOOM);
    if (o->scale != 1 && o->scale != 2)
        return scm__error(ctx, SCM_EINVAL, "tiles: scale must be 1 or 2");
    if (o->jobs < 1 || o->jobs > 64)
        return scm__error(ctx, SCM_EINVAL, "tiles: jobs must be 1 to 64");
    if (o->base_url != NULL && strstr(o->base_url, "://") == NULL)
        return scm__error(ctx, SCM_EINVAL,
                          "tiles: base URL \"%s\" is not absolute (TileJSON wants URLs like "
                          "https://example.org/tiles/, where the output folder is served)",
                          o->base_url);
    if (o->n_shards > 1 && (o->shard < 1 || o->shard > o->n_shards))
        return scm__error(ctx, SCM_EINVAL, "tiles: shard %u/%u: K must be 1 to N", o->shard,
                          o->n_shards);
    return SCM_OK;
}

/* Empty tiles go where web clients ask for tiles (inside the TileJSON bounds) within this
 * many tiles of a county: all a 2048 px view centred on the map's edge shows, for a
 * fraction of the whole box, which from the Aleutians to Puerto Rico is mostly ocean (README,
 * "Tiles"). */
#define BLANK_MARGIN 4

/* The empty tile: fully transparent, px square (clients that read tile pixels, as the
 * viewer does for the county under the pointer, get the size they expect), a 1-bit PNG. */
static scm_status
blank_png(scm_ctx *ctx, uint32_t px, uint8_t **png, size_t *len)
{
    scm_indexed *ix = NULL;
    scm_status st = scm_indexed_new(ctx, px, px, &ix);
    if (st == SCM_OK) {
        memset(ix->index, 0, (size_t)px * px);
        ix->color[0] = 0;
        ix->n_colors = 1;
        st = scm_png_encode_indexed(ctx, ix, png, len);
    }
    scm_indexed_free(ix);
    return st;
}

/* The overlay of the state lines, drawn once, and its empty tiles. */
static scm_status
render_overlay(scm_ctx *ctx, scm_job *job, scm_worker *w, const scm_zoom *zooms,
               const scm_zoom *szooms, int nz, scm_pyramid_result *res)
{
    const scm_pyramid_opts *o = job->o;
    scm_status s = SCM_OK;
    size_t i;
    int z;
    for (z = 0; z < nz && s == SCM_OK; z++) {
        for (i = 0; i < szooms[z].n_metas && s == SCM_OK; i++)
            if (o->n_shards <= 1 || i % o->n_shards == o->shard - 1)
                s = scm__render_overlay_meta(ctx, w, &zooms[z], &szooms[z], &szooms[z].metas[i]);
        if (s == SCM_OK && (o->n_shards <= 1 || o->shard == 1))
            s = scm__fill_blank(ctx, job, &zooms[z], &szooms[z], &job->overlay, 1, 0, &res->blank);
    }
    return s;
}

static scm_status
render_all(scm_ctx *ctx, scm_job *job, const scm_geometry *merc, scm_pyramid_result *res)
{
    const scm_pyramid_opts *o = job->o;
    uint32_t tile_px = 256u * (uint32_t)o->scale;
    double buffer = ceil(job->fs.outline_px / 2) + 2;
    /* The casing of the state lines is wider than a county outline. */
    double sbuffer = ceil((job->states_px + 2 * job->fs.outline_px) / 2) + 2;
    scm_zoom zooms[SCM_TILE_MAX_ZOOM + 1], szooms[SCM_TILE_MAX_ZOOM + 1];
    scm_worker ws[64];
    int z, i, nz = 0;
    uint8_t *edge = malloc(merc->n_points + 1);
    scm_status s = edge == NULL ? scm__error(ctx, SCM_ENOMEM, "tiles: out of memory")
                                : scm_geometry_mark_edges(ctx, merc, edge);
    memset(ws, 0, sizeof ws);
    memset(szooms, 0, sizeof szooms);
    if (o->burn_states && job->states != NULL && sbuffer > buffer)
        buffer = sbuffer; /* a line across a tile's edge draws the tile */
    for (z = o->zmin; z <= o->zmax && s == SCM_OK; z++, nz++) {
        s = scm__zoom_build(ctx, merc, edge, z, tile_px, buffer, &zooms[nz]);
        if (s == SCM_OK)
            s = scm__zoom_cover(ctx, &zooms[nz], BLANK_MARGIN);
        if (s == SCM_OK && job->states != NULL)
            s = scm__zoom_build(ctx, job->states, job->states_border, z, tile_px, sbuffer,
                                &szooms[nz]);
        if (s == SCM_OK && o->n_shards > 1)
            job->total +=
                zooms[nz].n_metas / o->n_shards + (zooms[nz].n_metas % o->n_shards >= o->shard);
        else if (s == SCM_OK)
            job->total += zooms[nz].n_metas;
    }
    scm__timing(ctx, "simplify and index every zoom");
    for (i = 0; i < o->jobs && s == SCM_OK; i++) {
        s = scm__worker_init(ctx, &ws[i], job, tile_px);
        if (s == SCM_OK && scm_ctx_new(&ws[i].ctx) != SCM_OK)
            s = scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
        else if (s == SCM_OK)
            scm_ctx_set_cancel(ws[i].ctx, ctx->cancel);
    }
    job->states_zoom = job->states != NULL ? szooms : NULL;
    for (z = 0; z < nz && s == SCM_OK; z++) {
        job->zoom = &zooms[z];
        s = run_zoom(ctx, job, ws, o->jobs);
        /* Where no county comes near a metatile, the tiles of a shard's metatiles are none
         * of its business: the first shard writes their empty tiles. */
        if (s == SCM_OK && (o->n_shards <= 1 || o->shard == 1))
            s = scm__fill_blank(ctx, job, &zooms[z], &zooms[z], job->sinks, job->n_periods, 0,
                                &res->blank);
        if (s == SCM_OK && job->ids != NULL && (o->n_shards <= 1 || o->shard == 1))
            s = scm__fill_blank(ctx, job, &zooms[z], &zooms[z], &job->ids, 1, 1, &res->blank);
        if (z == 0)
            scm__timing(ctx, "first zoom level (first tile)");
    }
    if (s == SCM_OK && job->overlay != NULL)
        s = render_overlay(ctx, job, &ws[0], zooms, szooms, nz, res);
    scm__timing(ctx, "all tiles");
    for (i = 0; i < o->jobs; i++) {
        res->rendered += ws[i].res.rendered;
        res->reused += ws[i].res.reused;
        res->empty += ws[i].res.empty;
        res->blank += ws[i].res.blank;
        scm__worker_free(&ws[i]);
    }
    for (z = 0; z < nz; z++) {
        scm__zoom_free(&zooms[z]);
        scm__zoom_free(&szooms[z]);
    }
    job->states_zoom = NULL;
    free(edge);
    return s;
}

scm_status
scm_pyramid_render(scm_ctx *ctx, const scm_timeline *tl, const scm_pyramid_opts *o,
                   scm_pyramid_result *res)
{
    const scm_style *st = scm_timeline_style(tl);
    const scm_shapes *sh = scm_dataset_shapes(scm_timeline_dataset(tl));
    scm_geometry *merc = NULL;
    scm_sink_meta meta;
    scm_job job;
    scm__job_id jid;
    char dir[4096];
    size_t k, c;
    scm_status s;
    memset(res, 0, sizeof *res);
    memset(&job, 0, sizeof job);
    if ((s = check_opts(ctx, o)) != SCM_OK)
        return s;
    scm__timing(ctx, "periods and classes");
    job.tl = tl;
    job.o = o;
    job.n_periods = scm_timeline_n_periods(tl);
    pthread_mutex_init(&job.lock, NULL);
    for (c = 0; c < scm_timeline_n_classes(tl) && c < 32; c++)
        job.colors[c] = scm_timeline_class_color(tl, c);
    job.fs = (scm_fill_style){scm_style_land_color(st),
                              scm_style_outline_color(st),
                              scm_style_outline_width(st) * o->scale,
                              job.colors,
                              c,
                              1};
    snprintf(dir, sizeof dir, "%s/%s", o->out_dir, scm_style_name(st));
    job.sinks = scm__callocn(job.n_periods, sizeof *job.sinks);
    if (job.sinks == NULL) {
        s = scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
        goto done;
    }
    if ((s = scm_mkdirs(ctx, dir)) != SCM_OK ||
        (s = scm_project_geometry(ctx, scm_shapes_geometry(sh), scm_shapes_crs(sh), "EPSG:3857",
                                  &merc)) != SCM_OK)
        goto done;
    scm__timing(ctx, "project to EPSG:3857");
    memset(&meta, 0, sizeof meta);
    meta.description = scm_style_subtitle(st, SCM_LANG_EN);
    meta.attribution = scm_style_text(st, "attribution", SCM_LANG_EN);
    if (meta.attribution == NULL)
        meta.attribution = scm_style_source(st, SCM_LANG_EN);
    meta.version = "1.0.0";
    meta.minzoom = (uint8_t)o->zmin;
    meta.maxzoom = (uint8_t)o->zmax;
    meta.center_zoom = (uint8_t)(o->zmin > 3 ? o->zmin : o->zmax < 3 ? o->zmax : 3);
    meta.scale = o->scale;
    data_extent(tl, merc, &meta);
    if ((s = blank_png(ctx, 256u * (uint32_t)o->scale, &job.blank[0], &job.blank_len[0])) !=
            SCM_OK ||
        (s = blank_png(ctx, 512, &job.blank[1], &job.blank_len[1])) != SCM_OK ||
        (s = scm__states_build(ctx, &job)) != SCM_OK)
        goto done;
    jid = (scm__job_id){scm__job_hash(&job, merc), o->format, o->n_shards > 1 ? o->shard : 1,
                        o->n_shards > 1 ? o->n_shards : 1, 0};
    if ((s = scm__job_claim(ctx, o, dir, &jid)) != SCM_OK)
        goto done;
    scm__sweep_stale(dir);
    if (o->format == SCM_SINK_DIR && (s = scm__done_open(ctx, &job, dir)) != SCM_OK)
        goto done;
    if ((s = open_sinks(ctx, &job, dir, &meta)) != SCM_OK)
        goto done;
    if (o->ids) {
        char ids[4200];
        scm_sink_meta im = meta;
        snprintf(ids, sizeof ids, "%s/ids", dir);
        im.name = "county index";
        im.scale = 1;
        if ((s = scm_sink_open(ctx, SCM_SINK_DIR, ids, &im, &job.ids)) != SCM_OK)
            goto done;
    }
    if (job.states != NULL && (s = open_overlay(ctx, &job, dir, &meta)) != SCM_OK)
        goto done;
    if ((s = render_all(ctx, &job, merc, res)) != SCM_OK)
        goto done;
    for (k = 0; k < job.n_periods && s == SCM_OK; k++)
        s = scm_sink_finish(ctx, job.sinks[k]);
    if (s == SCM_OK && job.overlay != NULL)
        s = scm_sink_finish(ctx, job.overlay);
    if (s == SCM_OK && o->ids)
        s = scm__counties_write(ctx, tl, dir);
    if (s == SCM_OK)
        s = scm__periods_write(ctx, &job, dir);
    if (s == SCM_OK)
        scm__done_close(&job, dir, 1);
    if (s == SCM_OK) { /* whole: merge takes only finished shards */
        jid.complete = 1;
        s = scm__job_write(ctx, dir, &jid);
    }
    scm__timing(ctx, "write TileJSON, manifest and indexes");
done:
    scm__done_close(&job, dir, 0);
    free(job.done_keys);
    for (k = 0; job.sinks != NULL && k < job.n_periods; k++)
        scm_sink_free(job.sinks[k]);
    scm_sink_free(job.ids);
    scm_sink_free(job.overlay);
    scm_geometry_free(job.states);
    free(job.states_border);
    free(job.blank[0]);
    free(job.blank[1]);
    free(job.sinks);
    scm_geometry_free(merc);
    pthread_mutex_destroy(&job.lock);
    return s;
}
