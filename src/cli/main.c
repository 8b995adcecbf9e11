/* SPDX-License-Identifier: MIT */
/* scmap: parse the command line, call libscmap, print the error, pick the exit code. */
#define _POSIX_C_SOURCE 200809L
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "cli.h"

static const char usage_head[] =
    "scmap " SCMAP_VERSION " -- county maps of a rollout over time: tiles, frames, stills, viewer\n"
    "\n"
    "Usage: scmap COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n";

static const char usage_tail[] =
    "\n"
    "Run 'scmap COMMAND --help' for a command's options. Examples, on the S-Comm data\n"
    "scmap ships (the demo), then on a table of your own:\n"
    "  scmap demo\n"
    "  scmap check --style styles/activation.json\n"
    "  scmap stats --style styles/activation.json --fiscal\n"
    "  scmap tiles --style styles/removals.json --zoom 0-6 --format pmtiles --out out/tiles\n"
    "  scmap frames --style styles/activation.json --gif --mp4 --lang es\n"
    "  scmap map --style styles/noncriminal-share.json -o share.pdf\n"
    "  scmap init-style --activations my-dates.xlsx --title \"Our rollout\" -o mine.json\n"
    "  scmap map --style mine.json -o mine.png\n"
    "\n"
    "Exit codes: 0 done, 1 a data or runtime error (the message names file and line),\n"
    "2 a usage error.\n";

const cli_command cli_commands[CLI_N_COMMANDS] = {
    [CLI_DEMO] =
        {"demo", cmd_demo, "everything, on the built-in S-Comm data, into ./out",
         "Usage: scmap demo [--out DIR]\n"
         "Runs check, stats, tiles (zoom 0-6) and frames for every shipped style on the built-in\n"
         "data, into ./out, with a GIF and, when ffmpeg is installed, an MP4 of the rollout.\n\n"},
    [CLI_CHECK] =
        {"check", cmd_check, "the join report: counties matched, codes remapped, rows missing",
         "Usage: scmap check [--style FILE] [data options]\n"
         "Joins the tables onto the county shapes and reports what matched, which codes moved to\n"
         "the shapes' vintage (and why), rows that stand for several counties, and what is\n"
         "missing. Exit 0 when the join is usable, 1 on malformed input.\n\n"},
    [CLI_STATS] =
        {"stats", cmd_stats, "the numbers behind each map, one CSV row per period",
         "Usage: scmap stats [--style FILE] [--fiscal] [--periods A..B] [--counties] [-o FILE]\n"
         "Prints one CSV row per period: counties activated by its end, newly activated, states\n"
         "(and DC) with an activated county, the counts the style maps, and the class breaks.\n"
         "With --counties: one row per county and period (value, class, legend label).\n\n"},
    [CLI_TILES] =
        {"tiles", cmd_tiles, "choropleth XYZ tiles for every period (directory, MBTiles, PMTiles)",
         "Usage: scmap tiles [--style FILE] [--zoom 0-8] [--scale 1|2]\n"
         "                   [--format dir|mbtiles|pmtiles] [--jobs N] [--shard K/N] [--out DIR]\n"
         "Renders Web Mercator tiles of the style for every period into\n"
         "DIR/<style>/<period>/{z}/{x}/{y}.png (or .mbtiles / .pmtiles), with a TileJSON per\n"
         "period and DIR/<style>/periods.json. Tiles that do not change from one period to the\n"
         "next are reused, not drawn again. A directory also gets ids/{z}/{x}/{y}.png and\n"
         "counties.json, from which the viewer recolours one tile set for every period\n"
         "(--no-ids leaves them out).\n\n"},
    [CLI_FRAMES] =
        {"frames", cmd_frames, "a 1920x1080 frame per period for slides, and a GIF and MP4 of them",
         "Usage: scmap frames [--style FILE] [--size 1920x1080] [--gif] [--mp4] [--lang en|es]\n"
         "                    [--fiscal] [--tween N] [--note TEXT] [--byline TEXT] [--out DIR]\n"
         "Draws one frame per period into DIR/frames/<style>/0000.png ...: the US in Albers\n"
         "equal-area with Alaska, Hawaii and Puerto Rico insets, title, period label, legend,\n"
         "running count and source line. Alt text for every frame goes to\n"
         "DIR/data/<style>-alt.txt.\n\n"},
    [CLI_MAP] =
        {"map", cmd_map, "one still map for slides or print: PNG, SVG or PDF",
         "Usage: scmap map [--style FILE] [--period 2012Q2] -o FILE.png|.svg|.pdf\n"
         "                 [--size 1920x1080] [--lang en|es] [--note TEXT] [--byline TEXT]\n"
         "One still map of one period. SVG and PDF are vector, with text you can select. The\n"
         "alt text goes beside it, in FILE.alt.txt.\n\n"},
    [CLI_GRID] =
        {"grid", cmd_grid, "every period in one image, small multiples with one legend",
         "Usage: scmap grid [--style FILE] [--periods A..B] [--cols N] -o FILE.png|.svg|.pdf\n"
         "                  [--size WxH] [--lang en|es] [--note TEXT] [--byline TEXT]\n"
         "Draws every period of the style as a small map labelled with its period and running\n"
         "count, under one title with one legend: the rollout on one slide (1920x1080) or, as a\n"
         "PDF, on one printed page (US Letter across).\n\n"},
    [CLI_VIEWER] =
        {"viewer", cmd_viewer, "a web page with a time slider over the tiles, and an embed snippet",
         "Usage: scmap viewer [--tiles DIR] [-o DIR] [--labels states|cities|all|none]\n"
         "Writes a folder that works from any static web server: index.html with a Leaflet map,\n"
         "a time slider (play, pause, keyboard), the legend, source and an embed snippet with alt\n"
         "text, over every tile set in the tiles folder. Where a tile set has county-index\n"
         "tiles, one set serves every period and hovering shows a county's numbers. State names\n"
         "and city names (the style's map_labels, or --labels) are placed by the page as the\n"
         "reader zooms. Leaflet comes from web/node_modules (npm ci).\n\n"},
    [CLI_MERGE] =
        {"merge", cmd_merge, "join the outputs of 'scmap tiles --shard K/N' runs into one",
         "Usage: scmap merge -o OUT SHARD_DIR...\n"
         "Joins the --out folders of 'scmap tiles --shard K/N' runs (directories, MBTiles or\n"
         "PMTiles) into OUT, byte for byte what one run would have written. See docs/scale-out.md\n"
         "for a Slurm array job and a Kubernetes Indexed Job.\n\n"},
    [CLI_INIT_STYLE] =
        {"init-style", cmd_init_style, "a style of your own: your table, your words, any folder",
         "Usage: scmap init-style [--from STYLE] [-o FILE.json] [--activations FILE]\n"
         "                        [--title TEXT] [--source TEXT] [data options]\n"
         "Writes a new style from a shipped one (--from activation, removals...) or any style\n"
         "file: its words replaced by --title, --subtitle, --source and --attribution (and their\n"
         "-es forms), its data by --activations, --counts... Every data path in it is absolute,\n"
         "or left out where scmap's own file stands in (the counties, the FIPS crosswalk), so the\n"
         "style works from any folder and wherever scmap is installed.\n\n"},
};

static void
log_to_stderr(void *user, scm_log_level level, const char *msg)
{
    const cli_opts *o = user;
    if (level == SCM_LOG_TIMING) {
        cli_timings_add(msg);
        return;
    }
    if (o->quiet)
        return;
    fprintf(stderr, "scmap: %s%s\n", level == SCM_LOG_WARN ? "warning: " : "", msg);
}

/* The signal that asked scmap to stop, or 0. */
static volatile sig_atomic_t stop_signal;

static void
on_stop_signal(int sig)
{
    if (stop_signal != 0) { /* asked twice: stop at once, as without a handler */
        signal(sig, SIG_DFL);
        raise(sig);
    }
    stop_signal = sig;
}

/* While on, a signal sets the context's cancel flag; the run then removes its temporary files
 * and returns. Signals ignored when scmap started (nohup, background jobs of a script) stay
 * so. Off again, a signal ends scmap as it would have without a handler. */
static void
stop_on_signals(scm_ctx *ctx, int on)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    static struct sigaction saved[3];
    struct sigaction sa;
    size_t i;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        if (!on)
            sigaction(sigs[i], &saved[i], NULL);
        else if (sigaction(sigs[i], NULL, &saved[i]) == 0 && saved[i].sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL);
    scm_ctx_set_cancel(ctx, on ? &stop_signal : NULL);
}

int
main(int argc, char **argv)
{
    cli_opts o;
    scm_ctx *ctx;
    int i, rc;
    cli_timings_start(argc, argv);
#ifdef M_MMAP_THRESHOLD
    /* Frames and tiles allocate and free canvases of megabytes over and over: glibc would map
     * and unmap each, and the kernel then zeroes every page again (a sixth of the CPU time of
     * 1080p frames). Kept in the heap, they are reused; the peak is the same. */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        FILE *fp = argc < 2 ? stderr : stdout;
        fputs(usage_head, fp);
        for (i = 0; i < CLI_N_COMMANDS; i++)
            fprintf(fp, "  %-10s  %s\n", cli_commands[i].name, cli_commands[i].summary);
        fputs(usage_tail, fp);
        return argc < 2 ? EXIT_USAGE : 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("scmap %s\n", scm_version());
        return 0;
    }
    for (i = 0; i < CLI_N_COMMANDS; i++)
        if (strcmp(argv[1], cli_commands[i].name) == 0)
            break;
    if (i == CLI_N_COMMANDS) {
        fprintf(stderr, "scmap: unknown command \"%s\" (run 'scmap --help')\n", argv[1]);
        return EXIT_USAGE;
    }
    for (int a = 2; a < argc; a++)
        if (strcmp(argv[a], "--help") == 0 || strcmp(argv[a], "-h") == 0) {
            fputs(cli_commands[i].help, stdout);
            cli_print_flags(stdout, (cli_command_id)i);
            return 0;
        }
    if ((rc = cli_parse((cli_command_id)i, argc - 2, argv + 2, &o)) != 0)
        return rc;
    if (scm_ctx_new(&ctx) != SCM_OK) {
        fprintf(stderr, "scmap: out of memory\n");
        return EXIT_DATA;
    }
    scm_ctx_set_log(ctx, log_to_stderr, &o);
    scm_ctx_set_timings(ctx, o.timings);
    /* Tile and merge loops check the flag as they go; every command checks it before it
     * renames a file into place, so a stop never leaves a temporary file behind. */
    stop_on_signals(ctx, 1);
    rc = cli_commands[i].run(ctx, &o);
    stop_on_signals(ctx, 0);
    scm_ctx_free(ctx);
    cli_timings_print(stderr);
    /* The shell's code for a process ended by a signal, even if the run had just finished. */
    return stop_signal != 0 ? 128 + stop_signal : rc;
}
