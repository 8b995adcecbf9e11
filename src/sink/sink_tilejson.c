/* SPDX-License-Identifier: MIT */
/* The TileJSON 3.0.0 file beside a container, for web maps, from the sink's scm_sink_meta. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>

#include "sink_private.h"

/* <folder>.json beside a directory (<folder>@2x.json at scale 2: the tiles are named @2x, not
 * the folder), and <file>.json beside MBTiles and PMTiles (2010Q3.pmtiles.json), so that runs
 * of two formats into one folder each keep their own. */
static int
tilejson_path(const scm_sink *s, char *buf, size_t n)
{
    if (s->ops == &scm__sink_dir_ops)
        return snprintf(buf, n, "%s%s.json", s->path, s->meta.scale == 2 ? "@2x" : "");
    return snprintf(buf, n, "%s.json", s->path);
}

scm_status
scm__tilejson_write(scm_ctx *ctx, const scm_sink *s)
{
    const scm_sink_meta *m = &s->meta;
    const char *extra = m->tilejson_extra != NULL ? m->tilejson_extra : m->extra_json;
    char path[4200];
    scm_buf b = {0};
    scm__json w = {.b = &b};
    scm_status st;
    if (m->tiles_url == NULL)
        return SCM_OK;
    scm__json_open(&w, '{');
    scm__json_member(&w, "tilejson", "3.0.0");
    scm__json_member(&w, "name", m->tilejson_name != NULL ? m->tilejson_name : m->name);
    scm__json_member(&w, "description", m->description);
    scm__json_member(&w, "attribution", m->attribution);
    if (m->version[0] != '\0') /* the schema wants a semver or no member */
        scm__json_member(&w, "version", m->version);
    scm__json_member(&w, "scheme", "xyz");
    scm__json_key(&w, "tiles");
    scm__json_open(&w, '[');
    scm__json_str(&w, m->tiles_url);
    scm__json_close(&w, ']');
    /* Raster tiles have no layers; the official schema requires the member all the same. */
    scm__json_key(&w, "vector_layers");
    scm__json_open(&w, '[');
    scm__json_close(&w, ']');
    scm__json_key(&w, "minzoom");
    scm__json_num(&w, "%u", m->minzoom);
    scm__json_key(&w, "maxzoom");
    scm__json_num(&w, "%u", m->maxzoom);
    scm__json_key(&w, "bounds");
    scm__json_open(&w, '[');
    scm__json_num(&w, "%.6f", m->bounds.minx);
    scm__json_num(&w, "%.6f", m->bounds.miny);
    scm__json_num(&w, "%.6f", m->bounds.maxx);
    scm__json_num(&w, "%.6f", m->bounds.maxy);
    scm__json_close(&w, ']');
    scm__json_key(&w, "center");
    scm__json_open(&w, '[');
    scm__json_num(&w, "%.6f", m->center_lon);
    scm__json_num(&w, "%.6f", m->center_lat);
    scm__json_num(&w, "%u", m->center_zoom);
    scm__json_close(&w, ']');
    scm__json_key(&w, "tile_size");
    scm__json_num(&w, "%d", 256 * (m->scale == 2 ? 2 : 1));
    if (extra != NULL) {
        scm__json_key(&w, "scmap");
        scm__json_raw(&w, extra);
    }
    scm__json_close(&w, '}');
    w.failed |= scm__buf_append(&b, "\n", 1) != 0;
    if (w.failed)
        st = scm__error(ctx, SCM_ENOMEM, "%s: out of memory", s->path);
    else if ((size_t)tilejson_path(s, path, sizeof path) >= sizeof path)
        st = scm__error(ctx, SCM_EIO, "%s: path too long", s->path);
    else
        st = scm__write_file(ctx, path, b.data, b.len);
    scm__buf_free(&b);
    return st;
}
