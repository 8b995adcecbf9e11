/* SPDX-License-Identifier: MIT */
/* Options shared by every command, and opening a style's data. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "cli.h"

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
usage_error(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "scmap: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (run 'scmap COMMAND --help')\n");
    return EXIT_USAGE;
}

/* A count as digits only: no sign, space, hex or exponent, and no wrap-around, which strtoul
 * would allow ("-1", " 8", "0x10", "4294967297" all come back as some number). */
static int
parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
    unsigned long v = 0;
    size_t i;
    for (i = 0; s[i] >= '0' && s[i] <= '9'; i++)
        if ((v = v * 10 + (unsigned long)(s[i] - '0')) > hi)
            return -1;
    if (i == 0 || s[i] != '\0' || v < lo)
        return -1;
    *out = (unsigned)v;
    return 0;
}

static int
parse_int(const char *s, int lo, int hi, int *out)
{
    unsigned v;
    if (parse_uint(s, (unsigned)lo, (unsigned)hi, &v) != 0)
        return -1;
    *out = (int)v;
    return 0;
}

/* "A<sep>B" as two counts from lo to hi; with optional_b, "A" alone gives B = A. */
static int
parse_pair(const char *s, char sep, unsigned lo, unsigned hi, int optional_b, unsigned *a,
           unsigned *b)
{
    char buf[32], *mid;
    if (strlen(s) >= sizeof buf)
        return -1;
    memcpy(buf, s, strlen(s) + 1);
    mid = strchr(buf, sep);
    if (mid == NULL)
        return optional_b && parse_uint(buf, lo, hi, a) == 0 ? (*b = *a, 0) : -1;
    *mid = '\0';
    return parse_uint(buf, lo, hi, a) != 0 || parse_uint(mid + 1, lo, hi, b) != 0 ? -1 : 0;
}

/* 0, -1 when malformed, -2 when a year is outside the supported ones, 1 when the range runs
 * backwards. */
static int
parse_periods(const char *s, cli_opts *o)
{
    char buf[64];
    char *dots;
    int a, b;
    if (strlen(s) >= sizeof buf)
        return -1;
    memcpy(buf, s, strlen(s) + 1);
    dots = strstr(buf, "..");
    if (dots == NULL) {
        if ((a = scm_period_parse(buf, &o->first)) != 0)
            return a;
        o->last = o->first;
        return 0;
    }
    *dots = '\0';
    a = scm_period_parse(buf, &o->first);
    b = dots[2] == '\0' ? -1 : scm_period_parse(dots + 2, &o->last);
    if (a == -1 || b == -1)
        return -1;
    if (a != 0 || b != 0)
        return -2;
    return scm_period_start(o->first) > scm_period_end(o->last) ? 1 : 0;
}

/* A word that is no option's value: only merge takes them (its shard folders). Anything else
 * was meant for a flag, and ignoring it would run the wrong job. */
static int
stray_argument(const char *a)
{
    static const char *const hints[][2] = {{".json", "--style"},
                                           {".shp", "--shapes"},
                                           {".gpkg", "--shapes"},
                                           {".geojson", "--shapes"},
                                           {".csv", "--activations"},
                                           {".xlsx", "--activations"},
                                           {".ods", "--activations"},
                                           {".png", "-o"},
                                           {".svg", "-o"},
                                           {".pdf", "-o"}};
    const char *dot = strrchr(a, '.');
    size_t k;
    for (k = 0; dot != NULL && k < sizeof hints / sizeof hints[0]; k++)
        if (strcmp(dot, hints[k][0]) == 0)
            return usage_error("unexpected argument \"%s\" (did you mean %s %s?)", a, hints[k][1],
                               a);
    return usage_error("unexpected argument \"%s\" (every value follows its flag, as in --out %s)",
                       a, a);
}

/* Flags with a value that is more than a string: each checks and stores its own. v is NULL
 * when the flag ends the command line. */
static int
flag_zoom(const char *v, cli_opts *o)
{
    unsigned z0, z1;
    if (v == NULL || parse_pair(v, '-', 0, 99, 1, &z0, &z1) != 0)
        return usage_error("--zoom takes a range like 0-8, not \"%s\"", v ? v : "");
    o->zmin = (int)z0;
    o->zmax = (int)z1;
    return 0;
}

static int
flag_missing(const char *v, cli_opts *o)
{
    scm_missing m;
    if (v == NULL || scm_missing_parse(v, &m) != 0)
        return usage_error("--missing takes not-yet or no-data, not \"%s\"", v ? v : "");
    o->missing = 1 + (int)m;
    return 0;
}

static int
flag_periods(const char *v, cli_opts *o)
{
    int pr = v == NULL ? -1 : parse_periods(v, o);
    if (pr > 0) { /* well formed, but the range runs backwards: a data error */
        fprintf(stderr, "scmap: --periods %s ends before it starts\n", v);
        return EXIT_DATA;
    }
    if (pr == -2)
        return usage_error("--periods %s: years go from %d to %d", v, SCM_YEAR_MIN, SCM_YEAR_MAX);
    if (pr != 0)
        return usage_error("--periods takes a range like 2008Q4..2013Q1, not \"%s\"", v ? v : "");
    o->has_periods = 1;
    return 0;
}

static int
flag_size(const char *v, cli_opts *o)
{
    if (v == NULL || parse_pair(v, 'x', 320, 8000, 0, &o->width, &o->height) != 0)
        return usage_error("--size takes WIDTHxHEIGHT from 320 to 8000, like 1920x1080 "
                           "or 1080x1350, not \"%s\"",
                           v ? v : "");
    o->has_size = 1;
    return 0;
}

static int
flag_shard(const char *v, cli_opts *o)
{
    if (v == NULL || parse_pair(v, '/', 1, 10000, 0, &o->shard, &o->n_shards) != 0 ||
        o->shard > o->n_shards)
        return usage_error("--shard takes K/N with 1 <= K <= N <= 10000, like 2/3, not \"%s\"",
                           v ? v : "");
    return 0;
}

static int
flag_tween(const char *v, cli_opts *o)
{
    if (v == NULL || parse_int(v, 0, 30, &o->tween) != 0)
        return usage_error("--tween takes 0 to 30 in-between frames, not \"%s\"", v ? v : "");
    return 0;
}

static int
flag_scale(const char *v, cli_opts *o)
{
    if (v == NULL || parse_int(v, 1, 2, &o->scale) != 0)
        return usage_error("--scale takes 1 or 2, not \"%s\"", v ? v : "");
    return 0;
}

static int
flag_jobs(const char *v, cli_opts *o)
{
    if (v == NULL || parse_int(v, 1, 64, &o->jobs) != 0)
        return usage_error("--jobs takes a number from 1 to 64, not \"%s\"", v ? v : "");
    return 0;
}

static int
flag_cols(const char *v, cli_opts *o)
{
    if (v == NULL || parse_int(v, 1, 100, &o->cols) != 0)
        return usage_error("--cols takes a number from 1 to 100, not \"%s\"", v ? v : "");
    return 0;
}

static int
flag_lang(const char *v, cli_opts *o)
{
    if (v == NULL || (strcmp(v, "en") != 0 && strcmp(v, "es") != 0))
        return usage_error("--lang takes en or es, not \"%s\"", v ? v : "");
    o->lang = strcmp(v, "es") == 0 ? SCM_LANG_ES : SCM_LANG_EN;
    return 0;
}

/* --annotate FIPS:TEXT, repeatable: the text goes in a callout with a leader line. */
static int
flag_annotate(const char *v, cli_opts *o)
{
    if (v == NULL || strlen(v) < 7 || v[5] != ':' || strspn(v, "0123456789") != 5)
        return usage_error("--annotate takes FIPS:TEXT, like 48201:\"Houston\", not \"%s\"",
                           v ? v : "");
    if (o->n_annotate == (int)(sizeof o->annotate / sizeof o->annotate[0]))
        return usage_error("--annotate: at most %zu callouts",
                           sizeof o->annotate / sizeof o->annotate[0]);
    o->annotate[o->n_annotate++] = v;
    return 0;
}

static int
flag_labels(const char *v, cli_opts *o)
{
    scm_map_labels m;
    if (v == NULL || scm_map_labels_parse(v, &m) != 0)
        return usage_error("--labels takes states, cities, all or none, not \"%s\"", v ? v : "");
    o->labels = 1 + (int)m;
    return 0;
}

/* The commands that read the data of a style (cli_job_open): demo reads the shipped styles,
 * so it takes the data flags but not --style. */
#define DATA_CMDS                                                                                  \
    (CLI_BIT(CLI_CHECK) | CLI_BIT(CLI_STATS) | CLI_BIT(CLI_TILES) | CLI_BIT(CLI_FRAMES) |          \
     CLI_BIT(CLI_MAP) | CLI_BIT(CLI_DEMO) | CLI_BIT(CLI_GRID))
/* demo passes its flags on to the tiles, frames and maps it makes. */
#define TILES_CMDS  (CLI_BIT(CLI_TILES) | CLI_BIT(CLI_DEMO))
#define FRAMES_CMDS (CLI_BIT(CLI_FRAMES) | CLI_BIT(CLI_DEMO))
#define PICTURE_CMDS                                                                               \
    (CLI_BIT(CLI_FRAMES) | CLI_BIT(CLI_MAP) | CLI_BIT(CLI_DEMO) | CLI_BIT(CLI_GRID))
#define ALL_CMDS (CLI_BIT(CLI_N_COMMANDS) - 1)
/* Everything that draws a map or writes its title and source into metadata, and init-style,
 * which writes them into a new style with the data flags. */
#define INIT_CMD   CLI_BIT(CLI_INIT_STYLE)
#define WORDS_CMDS (TILES_CMDS | PICTURE_CMDS | CLI_BIT(CLI_VIEWER) | INIT_CMD)

enum { G_OPTIONS, G_WORDS, G_DATA, G_PERIODS, G_OTHER, N_GROUPS };
static const char *const group_titles[N_GROUPS] = {
    "Options:", "Words (each overrides the style's text):",
    "Data (each overrides the file the style names):", "Periods:", "Other:"};

enum flag_kind {
    F_SWITCH, /* sets the int field to 1 */
    F_STRING, /* keeps the value in the string field */
    F_PARSE,  /* the parse function checks and stores the value */
    F_HELP,   /* main prints the help before parsing; here it does nothing */
};

/* Every flag of every command. A name may have several rows, for disjoint sets of commands,
 * when it means something else to each (-o is a file to some, a folder to others). */
static const struct flag {
    const char *name, *alias;
    enum flag_kind kind;
    const char
        *metavar;      /* the value's name in --help; NULL when it takes none (F_SWITCH, F_HELP) */
    unsigned commands; /* CLI_BIT()s of the commands that take it */
    int group;
    const char *help; /* its line in --help; a '\n' goes on under it */
    size_t field;     /* F_SWITCH, F_STRING: the field of cli_opts */
    int (*parse)(const char *v, cli_opts *o);
    int may_be_empty; /* F_STRING: text; the others name files, folders, columns or choices */
} flags[] = {
    {"-o", NULL, F_STRING, "FILE", CLI_BIT(CLI_CHECK) | CLI_BIT(CLI_STATS), G_OPTIONS,
     "write to FILE instead of standard output", offsetof(cli_opts, output), NULL, 0},
    {"-o", NULL, F_STRING, "FILE", CLI_BIT(CLI_MAP), G_OPTIONS,
     "the map: FILE.png, FILE.svg or FILE.pdf (required)", offsetof(cli_opts, output), NULL, 0},
    {"-o", NULL, F_STRING, "FILE", CLI_BIT(CLI_GRID), G_OPTIONS,
     "the small multiples: FILE.png, FILE.svg or FILE.pdf (required)", offsetof(cli_opts, output),
     NULL, 0},
    {"--cols", NULL, F_PARSE, "N", CLI_BIT(CLI_GRID), G_OPTIONS,
     "columns of panels (default: as many as draw the maps largest)", 0, flag_cols, 0},
    {"-o", NULL, F_STRING, "DIR", CLI_BIT(CLI_VIEWER), G_OPTIONS,
     "the viewer's folder (default out/viewer)", offsetof(cli_opts, output), NULL, 0},
    {"-o", NULL, F_STRING, "OUT", CLI_BIT(CLI_MERGE), G_OPTIONS,
     "the folder to merge the shards into (required)", offsetof(cli_opts, output), NULL, 0},
    {"--out", NULL, F_STRING, "DIR", CLI_BIT(CLI_TILES), G_OPTIONS,
     "the folder of the tile sets (default out/tiles)", offsetof(cli_opts, out), NULL, 0},
    {"--out", NULL, F_STRING, "DIR", FRAMES_CMDS, G_OPTIONS,
     "the folder to write into (default out)", offsetof(cli_opts, out), NULL, 0},
    {"--out", NULL, F_STRING, "DIR", CLI_BIT(CLI_VIEWER) | CLI_BIT(CLI_MERGE), G_OPTIONS,
     "the same as -o (-o wins when both are given)", offsetof(cli_opts, out), NULL, 0},
    {"--counties", NULL, F_SWITCH, NULL, CLI_BIT(CLI_STATS), G_OPTIONS,
     "one row per county and period (value, class, legend label)", offsetof(cli_opts, counties),
     NULL, 0},
    {"--as-of", NULL, F_STRING, "DATE", CLI_BIT(CLI_STATS), G_OPTIONS,
     "counties and states activated by DATE (YYYY-MM-DD), to check a figure published that day",
     offsetof(cli_opts, as_of), NULL, 0},
    {"--zoom", NULL, F_PARSE, "A-B", TILES_CMDS, G_OPTIONS, "the zoom levels (default 0-6)", 0,
     flag_zoom, 0},
    {"--scale", NULL, F_PARSE, "1|2", TILES_CMDS, G_OPTIONS,
     "1: 256 px tiles; 2: 512 px \"@2x\" tiles (default 1)", 0, flag_scale, 0},
    {"--format", NULL, F_STRING, "dir|mbtiles|pmtiles", TILES_CMDS, G_OPTIONS,
     "a folder of PNGs, or one MBTiles or PMTiles file a period (default dir)",
     offsetof(cli_opts, format), NULL, 0},
    {"--base-url", NULL, F_STRING, "URL", TILES_CMDS | CLI_BIT(CLI_VIEWER), G_OPTIONS,
     "the URL the tiles folder is served at, for absolute tile URLs in\n"
     "TileJSON and the viewer (web clients need them)",
     offsetof(cli_opts, base_url), NULL, 0},
    {"--jobs", NULL, F_PARSE, "N", TILES_CMDS | CLI_BIT(CLI_FRAMES), G_OPTIONS,
     "threads (default: all cores; the output is the same for any N)", 0, flag_jobs, 0},
    {"--no-ids", NULL, F_SWITCH, NULL, TILES_CMDS, G_OPTIONS,
     "leave out the county-index tiles from which the viewer recolours", offsetof(cli_opts, no_ids),
     NULL, 0},
    {"--resume", NULL, F_SWITCH, NULL, TILES_CMDS, G_OPTIONS,
     "finish a directory run that was stopped (killed, out of time)\n"
     "where it stopped",
     offsetof(cli_opts, resume), NULL, 0},
    {"--shard", NULL, F_PARSE, "K/N", CLI_BIT(CLI_TILES), G_OPTIONS,
     "a deterministic K-th of N shares of the tiles, for array jobs\n"
     "on many machines; 'scmap merge' joins the shares into what one\n"
     "run would write",
     0, flag_shard, 0},
    {"--period", NULL, F_STRING, "P", CLI_BIT(CLI_MAP), G_OPTIONS,
     "the period to draw, like 2012Q2 (default the last)", offsetof(cli_opts, period), NULL, 0},
    {"--size", NULL, F_PARSE, "WxH", PICTURE_CMDS, G_OPTIONS,
     "1920x1080 (default), 1080x1080, 1080x1350, 1080x1920 or any\n"
     "WIDTHxHEIGHT",
     0, flag_size, 0},
    {"--tween", NULL, F_PARSE, "N", FRAMES_CMDS, G_OPTIONS,
     "N in-between frames in which newly activated counties fade in", 0, flag_tween, 0},
    {"--gif", NULL, F_SWITCH, NULL, CLI_BIT(CLI_FRAMES), G_OPTIONS,
     "also write DIR/frames/<style>.gif (at most 1280 px, loops;\n"
     "<style>-<region> with --region)",
     offsetof(cli_opts, gif), NULL, 0},
    {"--mp4", NULL, F_SWITCH, NULL, CLI_BIT(CLI_FRAMES), G_OPTIONS,
     "also write DIR/frames/<style>.mp4 with ffmpeg (H.264; named as\n"
     "the GIF)",
     offsetof(cli_opts, mp4), NULL, 0},
    {"--lang", NULL, F_PARSE, "en|es", PICTURE_CMDS, G_OPTIONS,
     "the language of the words on the map (default en)", 0, flag_lang, 0},
    {"--note", NULL, F_STRING, "TEXT", PICTURE_CMDS, G_OPTIONS, "a line under the legend",
     offsetof(cli_opts, note), NULL, 1},
    {"--byline", NULL, F_STRING, "TEXT", PICTURE_CMDS, G_OPTIONS, "a line at the bottom right",
     offsetof(cli_opts, byline), NULL, 1},
    {"--region", NULL, F_STRING, "AREA", CLI_BIT(CLI_FRAMES) | CLI_BIT(CLI_MAP), G_OPTIONS,
     "a state edition: TX, 48, or county FIPS codes 48201,48113, in\n"
     "a projection fitted to it, its counts in the legend and alt text",
     offsetof(cli_opts, region), NULL, 0},
    {"--highlight", NULL, F_STRING, "FIPS,...", CLI_BIT(CLI_FRAMES) | CLI_BIT(CLI_MAP), G_OPTIONS,
     "outline these counties and call out their name, date and value",
     offsetof(cli_opts, highlight), NULL, 0},
    {"--annotate", NULL, F_PARSE, "FIPS:TEXT", CLI_BIT(CLI_FRAMES) | CLI_BIT(CLI_MAP), G_OPTIONS,
     "a callout with TEXT pointing at the county (repeatable)", 0, flag_annotate, 0},
    {"--no-states", NULL, F_SWITCH, NULL, PICTURE_CMDS, G_OPTIONS, "leave out the state borders",
     offsetof(cli_opts, no_states), NULL, 0},
    {"--labels", NULL, F_PARSE, "WHAT", PICTURE_CMDS | CLI_BIT(CLI_VIEWER), G_OPTIONS,
     "states (default: names or abbreviations), cities (the largest,\n"
     "GeoNames), all or none",
     0, flag_labels, 0},
    {"--no-states", NULL, F_SWITCH, NULL, CLI_BIT(CLI_TILES), G_OPTIONS,
     "leave out the overlay of state lines (boundaries/)", offsetof(cli_opts, no_states), NULL, 0},
    {"--burn-states", NULL, F_SWITCH, NULL, TILES_CMDS, G_OPTIONS,
     "draw the state lines into the map's tiles too, for clients that\n"
     "cannot stack layers",
     offsetof(cli_opts, burn_states), NULL, 0},
    {"--title", NULL, F_STRING, "TEXT", WORDS_CMDS, G_WORDS,
     "the map's title, on maps, in alt text, TileJSON and periods.json",
     offsetof(cli_opts, title[0]), NULL, 1},
    {"--title-es", NULL, F_STRING, "TEXT", WORDS_CMDS, G_WORDS,
     "its Spanish (--lang es; default --title)", offsetof(cli_opts, title[1]), NULL, 1},
    {"--subtitle", NULL, F_STRING, "TEXT", WORDS_CMDS, G_WORDS,
     "the line under the title (TileJSON's description)", offsetof(cli_opts, subtitle[0]), NULL, 1},
    {"--subtitle-es", NULL, F_STRING, "TEXT", WORDS_CMDS, G_WORDS, "its Spanish",
     offsetof(cli_opts, subtitle[1]), NULL, 1},
    {"--source", NULL, F_STRING, "TEXT", WORDS_CMDS, G_WORDS,
     "the source line at the bottom of maps", offsetof(cli_opts, source[0]), NULL, 1},
    {"--source-es", NULL, F_STRING, "TEXT", WORDS_CMDS, G_WORDS, "its Spanish",
     offsetof(cli_opts, source[1]), NULL, 1},
    {"--attribution", NULL, F_STRING, "TEXT", WORDS_CMDS, G_WORDS,
     "TileJSON and MBTiles attribution (default the source line)", offsetof(cli_opts, attribution),
     NULL, 1},
    {"--tiles", NULL, F_STRING, "DIR", CLI_BIT(CLI_VIEWER), G_OPTIONS,
     "the tiles folder (default out/tiles)", offsetof(cli_opts, tiles_dir), NULL, 0},
    {"--style", NULL, F_STRING, "FILE", DATA_CMDS & ~CLI_BIT(CLI_DEMO), G_DATA,
     "the map to make (default styles/activation.json); - reads it\n"
     "from standard input, with data paths from the current folder",
     offsetof(cli_opts, style), NULL, 0},
    {"--shapes", NULL, F_STRING, "FILE", DATA_CMDS | INIT_CMD, G_DATA,
     "county polygons, any OGR format (default: Census 2018 1:5m)", offsetof(cli_opts, shapes),
     NULL, 0},
    {"--key", NULL, F_STRING, "FIELD", DATA_CMDS | INIT_CMD, G_DATA,
     "the 5-digit FIPS field of the shapes (default GEOID)", offsetof(cli_opts, key), NULL, 0},
    {"--activations", NULL, F_STRING, "FILE", DATA_CMDS | INIT_CMD, G_DATA,
     "activation dates: CSV, XLSX, ODS... with columns fips and\n"
     "activation_date (YYYY-MM-DD, M/D/YYYY or Excel serials)",
     offsetof(cli_opts, activations), NULL, 0},
    {"--fips-column", NULL, F_STRING, "NAME", DATA_CMDS | INIT_CMD, G_DATA,
     "the FIPS column of --activations (default fips)", offsetof(cli_opts, fips_column), NULL, 0},
    {"--date-column", NULL, F_STRING, "NAME", DATA_CMDS | INIT_CMD, G_DATA,
     "its date column (default activation_date)", offsetof(cli_opts, date_column), NULL, 0},
    {"--counts", NULL, F_STRING, "FILE", DATA_CMDS | INIT_CMD, G_DATA,
     "counts by county (snapshot or per period)", offsetof(cli_opts, counts), NULL, 0},
    {"--population", NULL, F_STRING, "FILE", DATA_CMDS | INIT_CMD, G_DATA,
     "county population for rates", offsetof(cli_opts, population), NULL, 0},
    {"--missing", NULL, F_PARSE, "WHAT", DATA_CMDS | INIT_CMD, G_DATA,
     "a county absent from --activations: no-data (default) or\n"
     "not-yet (drawn \"not yet activated\" in every period)",
     0, flag_missing, 0},
    {"--periods", NULL, F_PARSE, "A..B", DATA_CMDS, G_PERIODS,
     "e.g. 2008Q4..2013Q1 (default: what the data touch)", 0, flag_periods, 0},
    {"--fiscal", NULL, F_SWITCH, NULL, DATA_CMDS, G_PERIODS,
     "federal fiscal quarters (FY2009 Q1 = Oct-Dec 2008), as US federal agencies report",
     offsetof(cli_opts, fiscal), NULL, 0},
    {"--state-column", NULL, F_STRING, "NAME", DATA_CMDS | INIT_CMD, G_DATA,
     "--activations is a table of states: the column of their USPS\n"
     "(TX) or FIPS (48) codes; a row dates every county of its state",
     offsetof(cli_opts, state_column), NULL, 0},
    {"--from", NULL, F_STRING, "STYLE", INIT_CMD, G_OPTIONS,
     "the style to start from: a file, or a shipped style's name\n"
     "(activation, removals...; default activation)",
     offsetof(cli_opts, from), NULL, 0},
    {"-o", NULL, F_STRING, "FILE", INIT_CMD, G_OPTIONS,
     "the new style (default: standard output); its name becomes\n"
     "the style's name, which names its output folders",
     offsetof(cli_opts, output), NULL, 0},
    {"--quiet", NULL, F_SWITCH, NULL, ALL_CMDS, G_OTHER, "no warnings or progress",
     offsetof(cli_opts, quiet), NULL, 0},
    {"--progress", NULL, F_SWITCH, NULL, CLI_BIT(CLI_TILES) | FRAMES_CMDS, G_OTHER,
     "show progress even when stderr is not a terminal", offsetof(cli_opts, progress), NULL, 0},
    {"--timings", NULL, F_SWITCH, NULL, DATA_CMDS, G_OTHER,
     "at the end, how long each step took (start-up, reading, joining, projecting, drawing), to "
     "stderr",
     offsetof(cli_opts, timings), NULL, 0},
    {"--help", "-h", F_HELP, NULL, ALL_CMDS, G_OTHER, "this text", 0, NULL, 0},
};
#define N_FLAGS (sizeof flags / sizeof flags[0])

/* "frames", "frames and demo", "tiles, frames and demo": the commands in set. */
static void
command_list(unsigned set, char *buf, size_t n)
{
    size_t len = 0;
    int c, left = 0;
    for (c = 0; c < CLI_N_COMMANDS; c++)
        left += (set & CLI_BIT(c)) != 0;
    buf[0] = '\0';
    for (c = 0; c < CLI_N_COMMANDS && len < n; c++)
        if (set & CLI_BIT(c)) {
            left--;
            len += (size_t)snprintf(buf + len, n - len, "%s%s", cli_commands[c].name,
                                    left > 1    ? ", "
                                    : left == 1 ? " and "
                                                : "");
        }
}

/* The row of flag a for command, or NULL after printing why there is none (the exit code in
 * *rc). */
static const struct flag *
find_flag(cli_command_id command, const char *a, int *rc)
{
    unsigned takers = 0;
    char names[128];
    size_t k;
    for (k = 0; k < N_FLAGS; k++)
        if (strcmp(a, flags[k].name) == 0 || (flags[k].alias && strcmp(a, flags[k].alias) == 0)) {
            if (flags[k].commands & CLI_BIT(command))
                return &flags[k];
            takers |= flags[k].commands;
        }
    if (takers == 0) {
        *rc = usage_error("unknown option \"%s\"", a);
        return NULL;
    }
    command_list(takers, names, sizeof names);
    *rc = usage_error("%s does not take %s: it is a flag of %s", cli_commands[command].name, a,
                      names);
    return NULL;
}

static void
defaults(cli_command_id command, cli_opts *o)
{
    memset(o, 0, sizeof *o);
    o->command = cli_commands[command].name;
    o->zmin = 0;
    o->zmax = 6;
    o->scale = 1;
    o->width = 1920;
    o->height = 1080;
    o->jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = o->jobs < 1 ? 1 : o->jobs > 64 ? 64 : o->jobs;
    o->progress = isatty(2);
}

/* A word that is no flag's value: merge's shard folders, side by side. */
static int
shard_folder(int i, char **argv, cli_opts *o)
{
    if (argv[i][0] == '\0')
        return usage_error("a shard folder is empty (is a shell variable unset?)");
    if (o->inputs == NULL)
        o->inputs = argv + i;
    if (o->inputs + o->n_inputs != argv + i) /* folders after a flag: keep them together */
        return usage_error("give the shard folders side by side, not split by flags (\"%s\")",
                           argv[i]);
    o->n_inputs++;
    return 0;
}

static int
store_string(const struct flag *f, const char *a, const char *v, cli_opts *o)
{
    if (v == NULL)
        return usage_error("%s needs a value", a);
    /* An unset shell variable: --out "" once wrote into /. */
    if (v[0] == '\0' && !f->may_be_empty)
        return usage_error("%s is empty (is a shell variable unset?)", a);
    *(const char **)((char *)o + f->field) = v;
    return 0;
}

int
cli_parse(cli_command_id command, int argc, char **argv, cli_opts *o)
{
    int i, rc = 0;
    defaults(command, o);
    for (i = 0; i < argc && rc == 0; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        const struct flag *f;
        if (a[0] != '-') {
            rc = command == CLI_MERGE ? shard_folder(i, argv, o) : stray_argument(a);
            continue;
        }
        if ((f = find_flag(command, a, &rc)) == NULL)
            break;
        if (f->kind == F_SWITCH)
            *(int *)((char *)o + f->field) = 1;
        else if (f->kind == F_PARSE)
            rc = f->parse(v, o);
        else if (f->kind == F_STRING)
            rc = store_string(f, a, v, o);
        i += f->metavar != NULL; /* its value */
    }
    if (rc != 0)
        return rc;
    if (o->period != NULL) {
        scm_period p;
        int pr = scm_period_parse(o->period, &p);
        if (pr == -2)
            return usage_error("--period %s: years go from %d to %d", o->period, SCM_YEAR_MIN,
                               SCM_YEAR_MAX);
        if (pr != 0)
            return usage_error("--period takes a period like 2012Q2, not \"%s\"", o->period);
    }
    if (o->quiet)
        o->progress = 0;
    return 0;
}

void
cli_print_flags(FILE *fp, cli_command_id command)
{
    int g;
    size_t k;
    for (g = 0; g < N_GROUPS; g++) {
        int titled = 0;
        for (k = 0; k < N_FLAGS; k++) {
            const struct flag *f = &flags[k];
            const char *line = f->help, *nl;
            char head[64];
            if (f->group != g || !(f->commands & CLI_BIT(command)))
                continue;
            if (!titled++)
                fprintf(fp, "%s\n", group_titles[g]);
            snprintf(head, sizeof head, "%s%s%s%s%s", f->alias ? f->alias : "",
                     f->alias ? ", " : "", f->name, f->metavar ? " " : "",
                     f->metavar ? f->metavar : "");
            fprintf(fp, "  %-20s", head);
            if (strlen(head) > 20) /* too long for the column: the help goes below */
                fprintf(fp, "\n%22s", "");
            for (; (nl = strchr(line, '\n')) != NULL; line = nl + 1)
                fprintf(fp, "  %.*s\n%22s", (int)(nl - line), line, "");
            fprintf(fp, "  %s\n", line);
        }
    }
}

int
cli_fail(scm_ctx *ctx, scm_status st)
{
    fprintf(stderr, "scmap: %s\n", scm_ctx_errmsg(ctx)[0] ? scm_ctx_errmsg(ctx) : scm_strerror(st));
    return st == SCM_EINVAL ? EXIT_USAGE : EXIT_DATA;
}

const char *
cli_default_style(const char *name, char *buf, size_t n)
{
    char rel[256];
    snprintf(rel, sizeof rel, "styles/%s.json", name);
    snprintf(buf, n, "%s", rel);
    if (access(buf, R_OK) != 0)
        cli_data_path(rel, buf, n);
    return buf;
}

/* --title, --source... over the style's own text, before anything reads it. English alone
 * stands for both languages: a shipped style's Spanish would otherwise outlive it in
 * periods.json. A new title also retires the style's alt sentence, which was written around
 * the old one, for the default built on the title. */
scm_status
cli_set_words(scm_ctx *ctx, const cli_opts *o, scm_style *style)
{
    const struct {
        const char *key, *const *text;
    } words[] = {{"title", o->title}, {"subtitle", o->subtitle}, {"source", o->source}};
    size_t i;
    int lang;
    scm_status st = SCM_OK;
    for (i = 0; i < sizeof words / sizeof words[0] && st == SCM_OK; i++)
        for (lang = SCM_LANG_EN; lang <= SCM_LANG_ES && st == SCM_OK; lang++) {
            const char *t = words[i].text[lang] ? words[i].text[lang] : words[i].text[0];
            if (t != NULL)
                st = scm_style_set_text(ctx, style, words[i].key, lang, t);
            if (t != NULL && i == 0 && st == SCM_OK)
                st = scm_style_set_text(ctx, style, "alt", lang, "");
        }
    if (o->attribution != NULL && st == SCM_OK)
        st = scm_style_set_text(ctx, style, "attribution", SCM_LANG_EN, o->attribution);
    return st;
}

/* --region: the area's counties for the timeline, and its name after the style's title unless
 * --title gives one. */
static int
region_open(scm_ctx *ctx, const cli_opts *o, cli_job *job, scm_timeline_opts *to)
{
    char name[2][160], title[512];
    scm_status st =
        scm_timeline_region_parse(ctx, scm_dataset_shapes(job->ds), o->region, &job->region, name);
    int lang;
    for (lang = SCM_LANG_EN; lang <= SCM_LANG_ES && st == SCM_OK && o->title[0] == NULL; lang++) {
        const char *t = scm_style_title(job->style, lang);
        snprintf(title, sizeof title, "%s%s%s", t, t[0] ? ": " : "", name[lang]);
        st = scm_style_set_text(ctx, job->style, "title", lang, title);
    }
    if (st != SCM_OK)
        return cli_fail(ctx, st);
    memcpy(job->region_name, name, sizeof name);
    to->region = job->region;
    to->region_name[0] = job->region_name[0];
    to->region_name[1] = job->region_name[1];
    return 0;
}

void
cli_set_sources(const cli_opts *o, scm_sources *src)
{
    if (o->shapes)
        src->shapes = o->shapes;
    if (o->key)
        src->shapes_key = o->key;
    if (o->activations)
        src->activations = o->activations;
    if (o->fips_column)
        src->act_key = o->fips_column;
    if (o->date_column)
        src->act_date = o->date_column;
    if (o->counts)
        src->counts = o->counts;
    if (o->population)
        src->population = o->population;
    src->far_dates_ok = o->has_periods;
    if (o->missing)
        src->missing = (scm_missing)(o->missing - 1);
    if (o->fips_column) /* a table of counties, whatever the style said */
        src->act_state_key = NULL;
    if (o->state_column)
        src->act_state_key = o->state_column;
}

int
cli_job_open(scm_ctx *ctx, const cli_opts *o, const char *style_path, cli_job *job)
{
    scm_sources src;
    scm_timeline_opts to = {0};
    scm_status st;
    char buf[4096], paths[CLI_N_SOURCES][4096];
    int rc;
    memset(job, 0, sizeof *job);
    if (style_path == NULL)
        style_path = o->style ? o->style : cli_default_style("activation", buf, sizeof buf);
    if ((st = scm_style_read(ctx, style_path, &job->style)) != SCM_OK ||
        (st = cli_set_words(ctx, o, job->style)) != SCM_OK) {
        cli_job_close(job);
        return cli_fail(ctx, st);
    }
    if (o->no_states)
        scm_style_hide_states(job->style);
    if (o->labels)
        scm_style_set_map_labels(job->style, (scm_map_labels)(o->labels - 1));
    if ((st = scm_style_set_places(ctx, job->style, cli_data_path(CLI_PLACES, buf, sizeof buf))) !=
        SCM_OK) {
        cli_job_close(job);
        return cli_fail(ctx, st);
    }
    scm_style_sources(job->style, &src);
    cli_set_sources(o, &src);
    if ((rc = cli_style_sources(job->style, style_path, o->quiet, &src, paths)) != 0) {
        cli_job_close(job);
        return rc;
    }
    if ((st = scm_dataset_load(ctx, &src, &job->ds)) != SCM_OK) {
        cli_job_close(job);
        return cli_fail(ctx, st);
    }
    to.has_range = o->has_periods;
    to.first = o->first;
    to.last = o->last;
    to.kind_override = o->fiscal;
    to.kind = SCM_PERIOD_FISCAL_QUARTER;
    if (o->region != NULL && (rc = region_open(ctx, o, job, &to)) != 0) {
        cli_job_close(job);
        return rc;
    }
    st = scm_timeline_new(ctx, job->ds, job->style, &to, &job->tl);
    free(job->region);
    job->region = NULL;
    if (st != SCM_OK) {
        cli_job_close(job);
        return cli_fail(ctx, st);
    }
    return 0;
}

void
cli_job_close(cli_job *job)
{
    scm_timeline_free(job->tl);
    scm_dataset_free(job->ds);
    scm_style_free(job->style);
    free(job->region);
    memset(job, 0, sizeof *job);
}

int
cli_mkdirs(scm_ctx *ctx, const char *path)
{
    return scm_mkdirs(ctx, path) == SCM_OK && access(path, W_OK) == 0 ? 0 : -1;
}

int
cli_on_path(const char *prog)
{
    const char *path = getenv("PATH");
    char dir[4096];
    while (path != NULL && *path) {
        const char *colon = strchr(path, ':');
        size_t n = colon ? (size_t)(colon - path) : strlen(path);
        snprintf(dir, sizeof dir, "%.*s/%s", (int)n, path, prog);
        if (access(dir, X_OK) == 0)
            return 1;
        path = colon ? colon + 1 : NULL;
    }
    return 0;
}

int
cli_write_text(scm_ctx *ctx, const char *path, const char *text)
{
    scm_status st;
    if (path != NULL) { /* whole or not at all: an earlier file stays until this one is done */
        st = scm_write_file_atomic(ctx, path, text, strlen(text));
        return st == SCM_OK ? 0 : cli_fail(ctx, st);
    }
    if (fputs(text, stdout) == EOF || fflush(stdout) != 0) {
        fprintf(stderr, "scmap: standard output: cannot write\n");
        return EXIT_DATA;
    }
    return 0;
}
