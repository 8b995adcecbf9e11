/* SPDX-License-Identifier: MIT */
#include <stdio.h>

#include "cli.h"

int
cmd_tiles(scm_ctx *ctx, const cli_opts *o)
{
    (void)ctx;
    (void)o;
    fprintf(stderr, "scmap: tiles: not built yet\n");
    return EXIT_DATA;
}

int
cmd_demo(scm_ctx *ctx, const cli_opts *o)
{
    (void)ctx;
    (void)o;
    return 0;
}
