/* SPDX-License-Identifier: MIT */
/* The JSON a tile run writes beside its tiles: a TileJSON a period, periods.json (the index
 * the viewer reads) and counties.json (classes and values for recolouring the id tiles). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/core_private.h"
#include "pyramid_private.h"

static void
hex(scm_rgba c, char buf[8])
{
    snprintf(buf, 8, "#%02x%02x%02x", c.r, c.g, c.b);
}

int
scm__legend_json(scm_buf *b, const scm_timeline *tl)
{
    static const char *const kinds[] = {"bin",     "new",     "active", "zero",
                                        "too_few", "not_yet", "no_data"};
    size_t c, n;
    const double *br = scm_timeline_breaks(tl, &n);
    int rc = scm__buf_printf(b, "\"legend\":[");
    for (c = 0; c < scm_timeline_n_classes(tl); c++) {
        char color[8], label[96];
        hex(scm_timeline_class_color(tl, c), color);
        rc |= scm__buf_printf(b, "%s{\"class\":%zu,\"kind\":\"%s\",\"color\":\"%s\",\"label\":",
                              c ? "," : "", c, kinds[scm_timeline_class_kind(tl, c)], color);
        rc |= scm__json_string(b, scm_timeline_class_label(tl, c, SCM_LANG_EN, label));
        rc |= scm__buf_printf(b, ",\"label_es\":");
        rc |= scm__json_string(b, scm_timeline_class_label(tl, c, SCM_LANG_ES, label));
        rc |= scm__buf_printf(b, "}");
    }
    rc |= scm__buf_printf(b, "],\"breaks\":[");
    for (c = 0; c < n; c++)
        rc |= scm__buf_printf(b, "%s%.10g", c ? "," : "", br[c]);
    return rc | scm__buf_printf(b, "]");
}

static int
tilejson(scm_buf *b, const scm_job *job, const scm_sink_meta *m, size_t k)
{
    const scm_timeline *tl = job->tl;
    const scm_style *st = scm_timeline_style(tl);
    const char *base = job->o->base_url ? job->o->base_url : "";
    char name[16], label[96], url[512];
    int rc;
    scm_timeline_period_name(tl, k, name);
    scm_timeline_period_label(tl, k, SCM_LANG_EN, label);
    if (job->o->format == SCM_SINK_DIR)
        snprintf(url, sizeof url, "%s%s/{z}/{x}/{y}%s.png", base, name,
                 job->o->scale == 2 ? "@2x" : "");
    else
        snprintf(url, sizeof url, "%s://%s%s%s%s/{z}/{x}/{y}", scm__format_ext(job->o->format) + 1,
                 base, name, job->o->scale == 2 ? "@2x" : "", scm__format_ext(job->o->format));
    rc = scm__buf_printf(b, "{\"tilejson\":\"3.0.0\",\"name\":");
    rc |= scm__json_string(b, m->name);
    rc |= scm__buf_printf(b, ",\"description\":");
    rc |= scm__json_string(b, scm_style_subtitle(st, SCM_LANG_EN));
    rc |= scm__buf_printf(b, ",\"attribution\":");
    rc |= scm__json_string(b, scm_style_source(st, SCM_LANG_EN));
    rc |= scm__buf_printf(b, ",\"version\":\"1.0.0\",\"scheme\":\"xyz\",\"tiles\":[");
    rc |= scm__json_string(b, url);
    rc |= scm__buf_printf(
        b,
        "],\"minzoom\":%u,\"maxzoom\":%u,\"bounds\":[%.6f,%.6f,%.6f,%.6f],"
        "\"center\":[%.6f,%.6f,%u],\"tile_size\":%d,\"scmap\":{\"period\":\"%s\",\"label\":",
        m->minzoom, m->maxzoom, m->bounds.minx, m->bounds.miny, m->bounds.maxx, m->bounds.maxy,
        m->center_lon, m->center_lat, m->center_zoom, 256 * job->o->scale, name);
    rc |= scm__json_string(b, label);
    rc |= scm__buf_printf(b, ",\"label_es\":");
    rc |= scm__json_string(b, scm_timeline_period_label(tl, k, SCM_LANG_ES, label));
    rc |= scm__buf_printf(b, ",");
    rc |= scm__legend_json(b, tl);
    return rc | scm__buf_printf(b, "}}\n");
}

scm_status
scm__manifest_write(scm_ctx *ctx, const scm_job *job, const char *dir, const scm_sink_meta *m)
{
    const scm_timeline *tl = job->tl;
    const scm_style *st = scm_timeline_style(tl);
    scm_buf idx = {0};
    size_t k;
    scm_status s = SCM_OK;
    int rc = scm__buf_printf(&idx, "{\"style\":");
    rc |= scm__json_string(&idx, scm_style_name(st));
    rc |= scm__buf_printf(&idx, ",\"title\":{\"en\":");
    rc |= scm__json_string(&idx, scm_style_title(st, SCM_LANG_EN));
    rc |= scm__buf_printf(&idx, ",\"es\":");
    rc |= scm__json_string(&idx, scm_style_title(st, SCM_LANG_ES));
    rc |= scm__buf_printf(&idx, "},\"subtitle\":{\"en\":");
    rc |= scm__json_string(&idx, scm_style_subtitle(st, SCM_LANG_EN));
    rc |= scm__buf_printf(&idx, ",\"es\":");
    rc |= scm__json_string(&idx, scm_style_subtitle(st, SCM_LANG_ES));
    rc |= scm__buf_printf(&idx, "},\"source\":{\"en\":");
    rc |= scm__json_string(&idx, scm_style_source(st, SCM_LANG_EN));
    rc |= scm__buf_printf(&idx, ",\"es\":");
    rc |= scm__json_string(&idx, scm_style_source(st, SCM_LANG_ES));
    rc |= scm__buf_printf(&idx, "},\"format\":\"%s\",\"tile_size\":%d,\"periods\":[",
                          job->o->format == SCM_SINK_DIR ? "dir"
                                                         : scm__format_ext(job->o->format) + 1,
                          256 * job->o->scale);
    for (k = 0; k < job->n_periods && s == SCM_OK; k++) {
        char name[16], label[96], path[4096];
        size_t act, newly, states;
        scm_buf tj = {0};
        scm_timeline_period_name(tl, k, name);
        scm_timeline_rollout(tl, k, &act, &newly, &states);
        rc |= scm__buf_printf(&idx, "%s{\"period\":\"%s\",\"label\":", k ? "," : "", name);
        rc |= scm__json_string(&idx, scm_timeline_period_label(tl, k, SCM_LANG_EN, label));
        rc |= scm__buf_printf(&idx, ",\"label_es\":");
        rc |= scm__json_string(&idx, scm_timeline_period_label(tl, k, SCM_LANG_ES, label));
        rc |= scm__buf_printf(&idx,
                              ",\"tilejson\":\"%s%s.json\",\"counties_activated\":%zu,"
                              "\"counties_newly_activated\":%zu,\"states\":%zu}",
                              name, job->o->scale == 2 ? "@2x" : "", act, newly, states);
        if (tilejson(&tj, job, m, k) != 0) {
            scm__buf_free(&tj);
            rc = -1;
            break;
        }
        snprintf(path, sizeof path, "%s/%s%s.json", dir, name, job->o->scale == 2 ? "@2x" : "");
        s = scm__write_file(ctx, path, tj.data, tj.len);
        scm__buf_free(&tj);
    }
    rc |= scm__buf_printf(&idx, "],");
    rc |= scm__legend_json(&idx, tl);
    rc |= scm__buf_printf(&idx, "}\n");
    if (s == SCM_OK && rc != 0)
        s = scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
    if (s == SCM_OK) {
        char path[4096];
        snprintf(path, sizeof path, "%s/periods%s.json", dir, job->o->scale == 2 ? "@2x" : "");
        s = scm__write_file(ctx, path, idx.data, idx.len);
    }
    scm__buf_free(&idx);
    return s;
}

/* counties.json: for the browser, each county's name, and its class and value in every
 * period, indexed as the county-index tiles count (index + 1 in the colour). */
scm_status
scm__counties_write(scm_ctx *ctx, const scm_timeline *tl, const char *dir)
{
    const scm_shapes *sh = scm_dataset_shapes(scm_timeline_dataset(tl));
    size_t c, k, np = scm_timeline_n_periods(tl);
    char path[4200];
    scm_buf b = {0};
    scm_status s;
    int rc = scm__buf_printf(&b, "{\"periods\":[");
    for (k = 0; k < np; k++) {
        char name[16];
        scm_timeline_period_name(tl, k, name);
        rc |= scm__buf_printf(&b, "%s\"%s\"", k ? "," : "", name);
    }
    rc |= scm__buf_printf(&b, "],\"counties\":[");
    for (c = 0; c < scm_timeline_n_counties(tl); c++) {
        rc |= scm__buf_printf(&b, "%s{\"fips\":\"%s\",\"name\":", c ? ",\n" : "\n",
                              scm_shapes_fips(sh, c));
        rc |= scm__json_string(&b, scm_shapes_name(sh, c));
        rc |= scm__buf_printf(&b, ",\"c\":[");
        for (k = 0; k < np; k++)
            rc |= scm__buf_printf(&b, "%s%u", k ? "," : "", scm_timeline_classes(tl, k)[c]);
        rc |= scm__buf_printf(&b, "],\"v\":[");
        for (k = 0; k < np; k++) {
            double v = scm_timeline_value(tl, c, k);
            scm_class_kind kind = scm_timeline_class_kind(tl, scm_timeline_classes(tl, k)[c]);
            if (isnan(v) || kind == SCM_CLASS_NEW || kind == SCM_CLASS_ACTIVE)
                rc |= scm__buf_printf(&b, "%snull", k ? "," : "");
            else
                rc |= scm__buf_printf(&b, "%s%.6g", k ? "," : "", v);
        }
        rc |= scm__buf_printf(&b, "]}");
    }
    rc |= scm__buf_printf(&b, "]}\n");
    if (rc != 0) {
        scm__buf_free(&b);
        return scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
    }
    snprintf(path, sizeof path, "%s/counties.json", dir);
    s = scm__write_file(ctx, path, b.data, b.len);
    scm__buf_free(&b);
    return s;
}
