/* SPDX-License-Identifier: MIT */
/* Where scmap's own files are (styles, data, shapes, the viewer), and the built-in data a
 * style falls back to. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* $SCMAP_DATA_DIR; else share/scmap beside the binary, found from the binary itself so that a
 * prefix copied or moved elsewhere works; else the source folder, for a build tree (whose
 * binary has no share/scmap beside it). */
const char *
cli_data_path(const char *rel, char *buf, size_t n)
{
    const char *env = getenv("SCMAP_DATA_DIR");
    char exe[PATH_MAX];
    struct stat sb;
    ssize_t len;
    if (env != NULL && env[0] != '\0') {
        snprintf(buf, n, "%s/%s", env, rel);
        return buf;
    }
    if ((len = readlink("/proc/self/exe", exe, sizeof exe - 1)) > 0) {
        exe[len] = '\0';
        *strrchr(exe, '/') = '\0';
        snprintf(buf, n, "%s/%s", exe, SCMAP_BIN_TO_DATA);
        /* realpath: messages name /usr/share/scmap/..., not /usr/bin/../share/scmap/... */
        if (stat(buf, &sb) == 0 && S_ISDIR(sb.st_mode) && realpath(buf, exe) != NULL) {
            snprintf(buf, n, "%s/%s", exe, rel);
            return buf;
        }
    }
    snprintf(buf, n, "%s/%s", SCMAP_SOURCE_DIR, rel);
    return buf;
}

/* When a style that does not name a source gets scmap's own file for it. */
enum { NEVER, WITH_SHAPES, FOR_RATES };

/* The data sources a style can name, and scmap's own file for each that has one. */
static const struct {
    size_t off;
    const char *flag, *builtin;
    int fill;
} slots[CLI_N_SOURCES] = {
    {offsetof(scm_sources, shapes), "--shapes", CLI_SHAPES, NEVER}, /* filled first */
    {offsetof(scm_sources, activations), "--activations", NULL, NEVER},
    {offsetof(scm_sources, counts), "--counts", NULL, NEVER},
    {offsetof(scm_sources, population), "--population", "data/county_population_2010_2013.csv",
     FOR_RATES},
    {offsetof(scm_sources, fips_changes), NULL, "data/county_fips_changes.csv", WITH_SHAPES},
    {offsetof(scm_sources, groups), NULL, "data/ice_jurisdiction_groups.csv", WITH_SHAPES},
    {offsetof(scm_sources, notes), NULL, "data/county_notes.csv", NEVER},
};

/* Each source's key in a style's "data", in the order of slots. */
static const char *const slot_keys[CLI_N_SOURCES] = {
    "shapes", "activations", "counts", "population", "fips_changes", "groups", "notes"};

static const char **
slot(scm_sources *src, size_t i)
{
    return (const char **)(void *)((char *)src + slots[i].off);
}

static int
missing(const char *path)
{
    /* GDAL's virtual files (/vsizip/...) are GDAL's to find. */
    return strncmp(path, "/vsi", 4) != 0 && access(path, F_OK) != 0 && errno == ENOENT;
}

/* A file the style names that is not there: scmap's own file of that name (a shipped style
 * copied out of styles/ names ../data/...), or an error saying how to fix the path. */
static int
replace_missing(const char *style, const char *named, int quiet, const char **path, char *buf,
                size_t n)
{
    const char *base = strrchr(named, '/') ? strrchr(named, '/') + 1 : named;
    char rel[PATH_MAX];
    int i;
    for (i = 0; i < 2; i++) {
        snprintf(rel, sizeof rel, "%s/%s", i == 0 ? "data" : "shapes", base);
        if (!missing(cli_data_path(rel, buf, n))) {
            if (!quiet)
                fprintf(stderr,
                        "scmap: note: %s names %s, which is not there: using scmap's "
                        "built-in %s\n",
                        style, named, buf);
            *path = buf;
            return 0;
        }
    }
    return -1;
}

/* Whether path is one of scmap's own files under data/ or shapes/. */
static int
builtin_file(const char *path)
{
    static const char *const dirs[] = {"data", "shapes"};
    char dir[PATH_MAX], own[PATH_MAX], real[PATH_MAX];
    size_t i, n;
    if (path == NULL || realpath(path, real) == NULL)
        return 0;
    for (i = 0; i < 2; i++) {
        if (realpath(cli_data_path(dirs[i], dir, sizeof dir), own) == NULL)
            continue;
        n = strlen(own);
        if (strncmp(real, own, n) == 0 && real[n] == '/')
            return 1;
    }
    return 0;
}

/* Whether a and b are the same file. */
static int
same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return a != NULL && b != NULL && stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
           sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int
cli_style_sources(const scm_style *st, const char *style_path, int quiet, scm_sources *src,
                  char paths[CLI_N_SOURCES][4096])
{
    const char *style = strcmp(style_path, "-") == 0 ? "the style on standard input" : style_path;
    char builtin[PATH_MAX];
    scm_sources named;
    int own_shapes;
    size_t i;
    scm_style_sources(st, &named);
    for (i = 0; i < CLI_N_SOURCES; i++) {
        const char **p = slot(src, i), *n = *slot(&named, i);
        if (n == NULL || *p != n || !missing(n) ||
            replace_missing(style, n, quiet, p, paths[i], sizeof paths[i]) == 0)
            continue;
        fprintf(stderr,
                "scmap: %s: cannot open: no such file (%s names it in \"data\": paths in a "
                "style are relative to the style's folder; fix the path, or %s %s)\n",
                n, style, slots[i].builtin ? "leave the key out to use scmap's built-in" : "give",
                slots[i].builtin ? "file" : slots[i].flag);
        return EXIT_DATA;
    }
    /* The built-in crosswalk, groups and population are keyed to the built-in 2018 county
     * shapes: other shapes get only what their style names. */
    cli_data_path(CLI_SHAPES, builtin, sizeof builtin);
    if (src->shapes == NULL)
        src->shapes = strcpy(paths[0], builtin);
    own_shapes = !same_file(src->shapes, builtin);
    for (i = 0; i < CLI_N_SOURCES && !own_shapes; i++)
        if (*slot(src, i) == NULL &&
            (slots[i].fill == WITH_SHAPES ||
             (slots[i].fill == FOR_RATES && scm_style_metric(st) == SCM_METRIC_RATE)))
            *slot(src, i) = cli_data_path(slots[i].builtin, paths[i], sizeof paths[i]);
    /* scmap's county notes are facts about its own tables (ICE's file, its activation dates):
     * over a table of the user's they would describe the wrong data. */
    if (builtin_file(src->notes) &&
        (!builtin_file(src->activations) || (src->counts != NULL && !builtin_file(src->counts))))
        src->notes = NULL;
    return 0;
}

int
cli_portable_sources(const scm_sources *src, const char *keys[CLI_N_SOURCES],
                     const char *values[CLI_N_SOURCES], char paths[CLI_N_SOURCES][4096])
{
    char builtin[PATH_MAX];
    int own_shapes = !same_file(src->shapes, cli_data_path(CLI_SHAPES, builtin, sizeof builtin));
    size_t i;
    for (i = 0; i < CLI_N_SOURCES; i++) {
        const char *p = *slot((scm_sources *)(void *)src, i);
        /* Population stays: a style of rates must name one. */
        int fills = i == 0 || (!own_shapes && slots[i].fill == WITH_SHAPES);
        keys[i] = slot_keys[i];
        values[i] = NULL;
        if (p == NULL ||
            (fills && same_file(p, cli_data_path(slots[i].builtin, builtin, sizeof builtin))))
            continue; /* left out: scmap's own file stands in, wherever it is installed */
        if (strncmp(p, "/vsi", 4) == 0)
            values[i] = p;
        else if (realpath(p, paths[i]) != NULL)
            values[i] = paths[i];
        else {
            fprintf(stderr, "scmap: %s: %s\n", p, strerror(errno));
            return EXIT_DATA;
        }
    }
    return 0;
}
