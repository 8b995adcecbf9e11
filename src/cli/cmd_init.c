/* SPDX-License-Identifier: MIT */
/* scmap init-style: a new style from a shipped one, in the user's words and on the user's
 * table, that works from any folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The style to start from: a file, or the name of a shipped style ("removals"). */
static const char *
from_path(const cli_opts *o, char *buf, size_t n)
{
    const char *from = o->from ? o->from : "activation";
    if (strchr(from, '/') == NULL && strchr(from, '.') == NULL)
        return cli_default_style(from, buf, n);
    return from;
}

/* The new style's name, which names its output folders: the -o file's name without ".json",
 * each character a name cannot hold made "-". NULL keeps the old name (no -o). */
static const char *
new_name(const char *output, char *buf, size_t n)
{
    const char *base;
    size_t i;
    if (output == NULL)
        return NULL;
    base = strrchr(output, '/') ? strrchr(output, '/') + 1 : output;
    snprintf(buf, n, "%s", base[0] == '.' ? base + 1 : base);
    if (strlen(buf) > 5 && strcmp(buf + strlen(buf) - 5, ".json") == 0)
        buf[strlen(buf) - 5] = '\0';
    for (i = 0; buf[i] != '\0'; i++)
        if (!(buf[i] >= 'a' && buf[i] <= 'z') && !(buf[i] >= 'A' && buf[i] <= 'Z') &&
            !(buf[i] >= '0' && buf[i] <= '9') && buf[i] != '-' && buf[i] != '_' && buf[i] != '.')
            buf[i] = '-';
    return buf[0] != '\0' ? buf : NULL;
}

/* The data keys the command line sets beside the paths: columns, what "missing" means. */
static scm_status
set_columns(scm_ctx *ctx, const cli_opts *o, scm_style *st)
{
    static const char *const missing[] = {"no-data", "not-yet"};
    scm_status s = SCM_OK;
    if (o->key)
        s = scm_style_set_member(ctx, st, "data", "key", o->key);
    if (s == SCM_OK && o->fips_column)
        s = scm_style_set_member(ctx, st, "data", "activation_key", o->fips_column);
    if (s == SCM_OK && (o->fips_column || o->state_column))
        s = scm_style_set_member(ctx, st, "data", "state_key", o->state_column);
    if (s == SCM_OK && o->date_column)
        s = scm_style_set_member(ctx, st, "data", "activation_date", o->date_column);
    if (s == SCM_OK && o->missing)
        s = scm_style_set_member(ctx, st, "data", "missing", missing[o->missing - 1]);
    return s;
}

/* With a table of the user's, the style's words about its own data (its title, source, alt
 * sentence...) would describe the wrong data: those the command line does not give go. */
static scm_status
drop_words(scm_ctx *ctx, const cli_opts *o, scm_style *st)
{
    const struct {
        const char *key;
        int given;
    } words[] = {{"title", o->title[0] || o->title[1]},
                 {"subtitle", o->subtitle[0] || o->subtitle[1]},
                 {"source", o->source[0] || o->source[1]},
                 {"attribution", o->attribution != NULL},
                 {"alt", 0},
                 {"count_line", 0},
                 {"snapshot_label", 0}};
    scm_status s = SCM_OK;
    size_t i;
    if (o->activations == NULL && o->counts == NULL)
        return SCM_OK;
    for (i = 0; i < sizeof words / sizeof words[0] && s == SCM_OK; i++)
        if (!words[i].given && scm_style_text(st, words[i].key, SCM_LANG_EN) != NULL) {
            s = scm_style_set_member(ctx, st, NULL, words[i].key, NULL);
            if (!o->quiet && i < 3)
                fprintf(stderr,
                        "scmap: note: the new style has no %s (the old one was about its own "
                        "data): give --%s\n",
                        words[i].key, words[i].key);
        }
    return s;
}

int
cmd_init_style(scm_ctx *ctx, const cli_opts *o)
{
    char from_buf[4096], name[256], paths[CLI_N_SOURCES][4096], own[CLI_N_SOURCES][4096];
    const char *from = from_path(o, from_buf, sizeof from_buf), *keys[CLI_N_SOURCES],
               *values[CLI_N_SOURCES];
    scm_style *st = NULL, *check = NULL;
    scm_sources src;
    char *text = NULL;
    scm_status s;
    size_t i;
    int rc;
    if ((s = scm_style_read(ctx, from, &st)) != SCM_OK || (s = cli_set_words(ctx, o, st)) != SCM_OK)
        goto fail;
    scm_style_sources(st, &src);
    cli_set_sources(o, &src);
    if ((rc = cli_style_sources(st, from, 1, &src, paths)) != 0 ||
        (rc = cli_portable_sources(&src, keys, values, own)) != 0) {
        scm_style_free(st);
        return rc;
    }
    for (i = 0; i < CLI_N_SOURCES && s == SCM_OK; i++)
        s = scm_style_set_member(ctx, st, "data", keys[i], values[i]);
    if (s != SCM_OK || (s = set_columns(ctx, o, st)) != SCM_OK ||
        (s = drop_words(ctx, o, st)) != SCM_OK ||
        (new_name(o->output, name, sizeof name) != NULL &&
         (s = scm_style_set_member(ctx, st, NULL, "name", name)) != SCM_OK) ||
        (s = scm_style_dump(ctx, st, &text)) != SCM_OK)
        goto fail;
    rc = cli_write_text(ctx, o->output, text);
    /* Read back: what was written must be a style scmap takes. */
    if (rc == 0 && o->output != NULL && (s = scm_style_read(ctx, o->output, &check)) != SCM_OK)
        goto fail;
    if (rc == 0 && o->output != NULL && !o->quiet)
        fprintf(stderr,
                "scmap: wrote %s (from %s); try: scmap map --style %s -o %s.png\n"
                "scmap: its data paths are absolute, or left out for scmap's own files, so it "
                "works from any folder\n",
                o->output, from, o->output, scm_style_name(check));
    scm_style_free(check);
    scm_style_free(st);
    free(text);
    return rc;
fail:
    scm_style_free(check);
    scm_style_free(st);
    free(text);
    return cli_fail(ctx, s);
}
