/* SPDX-License-Identifier: MIT */
/* The scmap command line: options shared by every command. */
#ifndef SCMAP_CLI_H
#define SCMAP_CLI_H

#include <stdio.h>

#include "scmap/scmap.h"

/* --timings (timings.c). cli_timings_start notes the time at main when argv asks for
 * timings; cli_timings_add keeps an SCM_LOG_TIMING message; cli_timings_print writes the
 * steps, each with the time since the one before, from process start to now. */
void cli_timings_start(int argc, char **argv);
void cli_timings_add(const char *msg);
void cli_timings_print(FILE *fp);

/* Exit codes. */
#define EXIT_DATA  1
#define EXIT_USAGE 2

/* scmap's own places table, for city labels (GeoNames, CC BY 4.0). */
#define CLI_PLACES "data/places/us_places_100k_geonames.csv"
/* scmap's own county shapes, for a style that names none. */
#define CLI_SHAPES "shapes/us_counties_5m_2018.shp"

typedef struct cli_opts {
    const char *command;
    const char *style;
    const char *shapes, *key, *activations, *counts, *population;
    const char *fips_column, *date_column; /* columns of --activations */
    const char *state_column;              /* --activations is a table of states */
    const char *from;                      /* init-style: the style to start from */
    const char *out;
    const char *output; /* -o */
    const char *period;
    const char *format;
    int has_periods;
    int missing; /* --missing: 0 as the style says, else 1 + scm_missing */
    scm_period first, last;
    int fiscal;
    int zmin, zmax;
    int scale;
    int jobs;
    int quiet, progress;
    int timings;            /* --timings: the steps' times on stderr at the end (timings.c) */
    int counties;           /* stats: one row per county and period */
    const char *as_of;      /* stats: counties and states activated by this date */
    uint32_t width, height; /* frames and maps */
    int has_size;           /* --size given: grid's PDF is a page without it */
    int cols;               /* grid: columns of panels, 0 to fit */
    int gif, mp4, tween;
    int no_ids;               /* tiles: skip the county-index tiles the viewer recolours */
    int no_states;            /* frames, maps: no state borders */
    int labels;               /* frames, maps: 0 the style's, else 1 + scm_map_labels */
    int burn_states;          /* tiles: state lines in the choropleth tiles too */
    int resume;               /* tiles: finish a stopped run */
    const char *tiles_dir;    /* viewer --tiles */
    const char *base_url;     /* tiles, viewer: the URL the tiles folder is served at */
    unsigned shard, n_shards; /* tiles --shard K/N */
    char **inputs;            /* merge: the shards' folders */
    int n_inputs;
    const char *note, *byline;
    /* The style's words, overridden: [0] English, [1] Spanish; NULL keeps the style's. */
    const char *title[2], *subtitle[2], *source[2];
    const char *attribution; /* TileJSON's; default the source line */
    int lang;
    const char *region;       /* frames, map: --region TX, 48 or 48201,48113 */
    const char *highlight;    /* frames, map: --highlight 48201[,...] */
    const char *annotate[16]; /* frames, map: --annotate FIPS:TEXT, each "FIPS:TEXT" */
    int n_annotate;
} cli_opts;

/* The commands, in the order 'scmap --help' lists them. A flag names the commands that take
 * it as a set of CLI_BIT()s. */
typedef enum cli_command_id {
    CLI_DEMO,
    CLI_CHECK,
    CLI_STATS,
    CLI_TILES,
    CLI_FRAMES,
    CLI_MAP,
    CLI_GRID,
    CLI_VIEWER,
    CLI_MERGE,
    CLI_INIT_STYLE,
    CLI_N_COMMANDS
} cli_command_id;
#define CLI_BIT(c) (1u << (c))

typedef struct cli_command {
    const char *name;
    int (*run)(scm_ctx *ctx, const cli_opts *o);
    const char *summary; /* its line in 'scmap --help' */
    const char *help;    /* its usage paragraph, above its flags in 'scmap NAME --help' */
} cli_command;

/* Indexed by cli_command_id (main.c). */
extern const cli_command cli_commands[CLI_N_COMMANDS];

/* Parses argv after the command name. Returns 0, or EXIT_USAGE after printing why: a flag the
 * command does not take is one, naming the commands that do. Words that are no flag's value
 * are shard folders for merge and a usage error elsewhere. */
int cli_parse(cli_command_id command, int argc, char **argv, cli_opts *o);
/* Prints the flags the command takes, grouped, one help line each, from the same table. */
void cli_print_flags(FILE *fp, cli_command_id command);
/* Prints "scmap: <msg>" for the context's error and returns the exit code for st. */
int cli_fail(scm_ctx *ctx, scm_status st);
/* scmap's own file rel (styles/x.json, data/..., web/...) in $SCMAP_DATA_DIR, the installed
 * share/scmap beside the binary, or the source tree; into buf, which it returns. */
const char *cli_data_path(const char *rel, char *buf, size_t n);
/* Checks and completes the data sources of a style: a file it names that is not there is an
 * error naming the fix (or scmap's own file of that name, with a note), and the built-in
 * shapes, crosswalk, groups and population stand in for what it does not name. Paths may
 * point into paths. Returns 0, or EXIT_DATA after printing why. */
#define CLI_N_SOURCES 7
int cli_style_sources(const scm_style *st, const char *style_path, int quiet, scm_sources *src,
                      char paths[CLI_N_SOURCES][4096]);
/* The data of completed sources (cli_style_sources) as a style anywhere names
 * them: keys[i] is a "data" key, values[i] its absolute path, or NULL where the key is to be
 * left out (scmap's own file stands in for it, or there is none). Paths may point into
 * paths. Returns 0, or EXIT_DATA after printing why. */
int cli_portable_sources(const scm_sources *src, const char *keys[CLI_N_SOURCES],
                         const char *values[CLI_N_SOURCES], char paths[CLI_N_SOURCES][4096]);
/* A default style path: styles/NAME.json under the working directory or scmap's own files. */
const char *cli_default_style(const char *name, char *buf, size_t n);

/* Everything a command needs from a style: the style, its joined data, its timeline. */
typedef struct cli_job {
    scm_style *style;
    scm_dataset *ds;
    scm_timeline *tl;
    uint8_t *region; /* --region's mask until the timeline copies it */
    char region_name[2][160];
} cli_job;

int cli_job_open(scm_ctx *ctx, const cli_opts *o, const char *style_path, cli_job *job);
/* The style's words and data sources as the command line overrides them (--title...,
 * --activations..., --missing). */
scm_status cli_set_words(scm_ctx *ctx, const cli_opts *o, scm_style *style);
void cli_set_sources(const cli_opts *o, scm_sources *src);
void cli_job_close(cli_job *job);

/* mkdir -p; 0 when the folder is there and writable. */
int cli_mkdirs(scm_ctx *ctx, const char *path);
/* Writes text to path through a temporary file renamed into place, or to standard output when
 * path is NULL; prints why and returns EXIT_DATA on failure. */
int cli_write_text(scm_ctx *ctx, const char *path, const char *text);
/* Whether an executable of this name is on PATH. */
int cli_on_path(const char *prog);

int cmd_check(scm_ctx *ctx, const cli_opts *o);
int cmd_stats(scm_ctx *ctx, const cli_opts *o);
int cmd_tiles(scm_ctx *ctx, const cli_opts *o);
int cmd_demo(scm_ctx *ctx, const cli_opts *o);
int cmd_frames(scm_ctx *ctx, const cli_opts *o);
int cmd_viewer(scm_ctx *ctx, const cli_opts *o);
int cmd_merge(scm_ctx *ctx, const cli_opts *o);
int cmd_map(scm_ctx *ctx, const cli_opts *o);
int cmd_grid(scm_ctx *ctx, const cli_opts *o);
int cmd_init_style(scm_ctx *ctx, const cli_opts *o);
/* The surface -o names for map and grid (PNG, SVG or PDF by its extension) in *kind when
 * kind is not NULL; EXIT_USAGE after saying what is wrong. */
int cli_output_kind(const char *cmd, const char *output, scm_surface_kind *kind);
/* Frames, GIF and MP4 of one style under out (used by frames and demo). */
int cli_frames_for(scm_ctx *ctx, const cli_opts *o, const char *style_path, const char *out);
/* Still maps of a style's last period under out/maps: PNG, SVG and PDF, with alt text. */
int cli_maps_for(scm_ctx *ctx, const cli_opts *o, const char *style_path, const char *out);
/* One still of period k into path (PNG, SVG or PDF by its name), its alt text beside it in
 * NAME.alt.txt. */
int cli_write_map(scm_ctx *ctx, const cli_opts *o, const scm_frames *fr, size_t k,
                  const char *path);

#endif
