/* SPDX-License-Identifier: MIT */
/* The JSON a tile run describes its periods with: the "scmap" object of each period's
 * container and TileJSON (the sinks write those files), periods.json (the index the viewer
 * reads) and counties.json (classes and values for recolouring the county-index tiles). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/core_private.h"
#include "pyramid_private.h"

/* "legend":[...],"breaks":[...] into the object w has open. */
static void
legend(scm__json *w, const scm_timeline *tl)
{
    static const char *const kinds[] = {"bin",     "new",     "active",  "zero",
                                        "too_few", "not_yet", "no_data", "not_in_file"};
    size_t c, n;
    const double *br = scm_timeline_breaks(tl, &n);
    scm__json_key(w, "legend");
    scm__json_open(w, '[');
    for (c = 0; c < scm_timeline_n_classes(tl); c++) {
        scm_rgba rgb = scm_timeline_class_color(tl, c);
        char color[8], label[96];
        snprintf(color, sizeof color, "#%02x%02x%02x", rgb.r, rgb.g, rgb.b);
        scm__json_open(w, '{');
        scm__json_key(w, "class");
        scm__json_num(w, "%zu", c);
        scm__json_member(w, "kind", kinds[scm_timeline_class_kind(tl, c)]);
        scm__json_member(w, "color", color);
        scm__json_member(w, "label", scm_timeline_class_label(tl, c, SCM_LANG_EN, label));
        scm__json_member(w, "label_es", scm_timeline_class_label(tl, c, SCM_LANG_ES, label));
        scm__json_close(w, '}');
    }
    scm__json_close(w, ']');
    scm__json_key(w, "breaks");
    scm__json_open(w, '[');
    for (c = 0; c < n; c++)
        scm__json_num(w, "%.10g", br[c]);
    scm__json_close(w, ']');
}

int
scm__period_json(scm_buf *b, const scm_timeline *tl, size_t k, int with_es)
{
    scm__json w = {.b = b};
    char name[16], label[96];
    scm_timeline_period_name(tl, k, name);
    scm__json_open(&w, '{');
    scm__json_member(&w, "period", name);
    scm__json_member(&w, "label", scm_timeline_period_label(tl, k, SCM_LANG_EN, label));
    if (with_es) {
        scm__json_member(&w, "label_es", scm_timeline_period_label(tl, k, SCM_LANG_ES, label));
    }
    legend(&w, tl);
    scm__json_close(&w, '}');
    return w.failed ? -1 : scm__buf_append(b, "", 1); /* a C string */
}

/* {"en":...,"es":...} of one of the style's texts. */
static void
both_languages(scm__json *w, const char *key, const char *en, const char *es)
{
    scm__json_key(w, key);
    scm__json_open(w, '{');
    scm__json_member(w, "en", en);
    scm__json_member(w, "es", es);
    scm__json_close(w, '}');
}

scm_status
scm__periods_write(scm_ctx *ctx, const scm_job *job, const char *dir)
{
    const scm_timeline *tl = job->tl;
    const scm_style *st = scm_timeline_style(tl);
    const char *at2x = job->o->scale == 2 ? "@2x" : "";
    /* Named for the format, so that runs of two formats into one folder keep their own:
     * periods.json (a directory, as always), periods.pmtiles.json, periods@2x.mbtiles.json. */
    const char *ext = scm__format_ext(job->o->format);
    char path[4200];
    scm_buf b = {0};
    scm__json w = {.b = &b};
    scm_status s;
    size_t k;
    scm__json_open(&w, '{');
    scm__json_member(&w, "style", scm_style_name(st));
    both_languages(&w, "title", scm_style_title(st, SCM_LANG_EN), scm_style_title(st, SCM_LANG_ES));
    both_languages(&w, "subtitle", scm_style_subtitle(st, SCM_LANG_EN),
                   scm_style_subtitle(st, SCM_LANG_ES));
    both_languages(&w, "source", scm_style_source(st, SCM_LANG_EN),
                   scm_style_source(st, SCM_LANG_ES));
    scm__json_member(&w, "format",
                     job->o->format == SCM_SINK_DIR ? "dir" : scm__format_ext(job->o->format) + 1);
    scm__json_key(&w, "tile_size");
    scm__json_num(&w, "%d", 256 * job->o->scale);
    if (job->overlay != NULL && job->o->format != SCM_SINK_MBTILES) {
        char overlay[48]; /* the state lines' TileJSON, beside this file */
        snprintf(overlay, sizeof overlay, "boundaries%s%s.json", at2x, ext);
        scm__json_member(&w, "boundaries", overlay);
    }
    scm__json_key(&w, "periods");
    scm__json_open(&w, '[');
    for (k = 0; k < job->n_periods; k++) {
        char name[16], label[96], tilejson[48];
        size_t act, newly, states;
        scm_timeline_period_name(tl, k, name);
        scm_timeline_rollout(tl, k, &act, &newly, &states);
        snprintf(tilejson, sizeof tilejson, "%s%s%s.json", name, at2x, ext);
        scm__json_open(&w, '{');
        scm__json_member(&w, "period", name);
        scm__json_member(&w, "label", scm_timeline_period_label(tl, k, SCM_LANG_EN, label));
        scm__json_member(&w, "label_es", scm_timeline_period_label(tl, k, SCM_LANG_ES, label));
        if (job->o->format != SCM_SINK_MBTILES) /* which has none: see tiles_url in job.c */
            scm__json_member(&w, "tilejson", tilejson);
        scm__json_key(&w, "counties_activated");
        scm__json_num(&w, "%zu", act);
        scm__json_key(&w, "counties_newly_activated");
        scm__json_num(&w, "%zu", newly);
        scm__json_key(&w, "states");
        scm__json_num(&w, "%zu", states);
        /* The frames' own words, for the viewer to show as written. */
        both_languages(&w, "count_line", scm_timeline_count_line(tl, k, SCM_LANG_EN),
                       scm_timeline_count_line(tl, k, SCM_LANG_ES));
        both_languages(&w, "alt", scm_timeline_alt_text(tl, k, SCM_LANG_EN),
                       scm_timeline_alt_text(tl, k, SCM_LANG_ES));
        scm__json_close(&w, '}');
    }
    scm__json_close(&w, ']');
    legend(&w, tl);
    scm__json_close(&w, '}');
    w.failed |= scm__buf_append(&b, "\n", 1) != 0;
    if (w.failed) {
        scm__buf_free(&b);
        return scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
    }
    snprintf(path, sizeof path, "%s/periods%s%s.json", dir, at2x, ext);
    s = scm__write_file(ctx, path, b.data, b.len);
    scm__buf_free(&b);
    return s;
}

/* County c's value in period k as the viewer shows it; NAN for none. */
static double
shown_value(const scm_timeline *tl, size_t c, size_t k)
{
    scm_class_kind kind = scm_timeline_class_kind(tl, scm_timeline_classes(tl, k)[c]);
    /* No value to show while a county is only activated. */
    return kind == SCM_CLASS_NEW || kind == SCM_CLASS_ACTIVE ? NAN : scm_timeline_value(tl, c, k);
}

/* counties.json: for the browser, each county's name, and its class and value in every
 * period, indexed as the county-index tiles count (index + 1 in the colour). */
scm_status
scm__counties_write(scm_ctx *ctx, const scm_timeline *tl, const char *dir)
{
    const scm_dataset *ds = scm_timeline_dataset(tl);
    const scm_shapes *sh = scm_dataset_shapes(ds);
    size_t c, k, np = scm_timeline_n_periods(tl);
    char path[4200];
    scm_buf b = {0};
    scm__json w = {.b = &b};
    scm_status s;
    scm__json_open(&w, '{');
    scm__json_key(&w, "periods");
    scm__json_open(&w, '[');
    for (k = 0; k < np; k++) {
        char name[16];
        scm_timeline_period_name(tl, k, name);
        scm__json_str(&w, name);
    }
    scm__json_close(&w, ']');
    scm__json_key(&w, "counties");
    scm__json_open(&w, '[');
    for (c = 0; c < scm_timeline_n_counties(tl); c++) {
        scm__json_newline(&w); /* a county a line */
        scm__json_open(&w, '{');
        scm__json_member(&w, "fips", scm_shapes_fips(sh, c));
        scm__json_member(&w, "name", scm_shapes_name(sh, c));
        if (scm_dataset_note(ds, c, SCM_LANG_EN) != NULL) { /* why the county looks as it does */
            scm__json_key(&w, "note");
            scm__json_open(&w, '{');
            scm__json_member(&w, "en", scm_dataset_note(ds, c, SCM_LANG_EN));
            scm__json_member(&w, "es", scm_dataset_note(ds, c, SCM_LANG_ES));
            scm__json_close(&w, '}');
        }
        if (scm_dataset_activation(ds, c) != SCM_DATE_NONE) {
            char day[11]; /* the viewer's readout says when, not only which quarter */
            scm_date_format(scm_dataset_activation(ds, c), day);
            scm__json_member(&w, "activated", day);
        }
        scm__json_key(&w, "c");
        scm__json_open(&w, '[');
        for (k = 0; k < np; k++)
            scm__json_num(&w, "%u", scm_timeline_classes(tl, k)[c]);
        scm__json_close(&w, ']');
        /* No "v" for a county with no value in any period (all of the rollout): half the
         * file the viewer loads first. */
        for (k = 0; k < np && isnan(shown_value(tl, c, k)); k++)
            ;
        if (k == np) {
            scm__json_close(&w, '}');
            continue;
        }
        scm__json_key(&w, "v");
        scm__json_open(&w, '[');
        for (k = 0; k < np; k++) {
            double v = shown_value(tl, c, k);
            if (isnan(v))
                scm__json_num(&w, "null");
            else
                scm__json_num(&w, "%.6g", v);
        }
        scm__json_close(&w, ']');
        scm__json_close(&w, '}');
    }
    scm__json_close(&w, ']');
    scm__json_close(&w, '}');
    w.failed |= scm__buf_append(&b, "\n", 1) != 0;
    if (w.failed) {
        scm__buf_free(&b);
        return scm__error(ctx, SCM_ENOMEM, "tiles: out of memory");
    }
    snprintf(path, sizeof path, "%s/counties.json", dir);
    s = scm__write_file(ctx, path, b.data, b.len);
    scm__buf_free(&b);
    return s;
}
