/* SPDX-License-Identifier: MIT */
/* libFuzzer target: any bytes as a shard's PMTiles (first byte even) or MBTiles (odd) file,
 * merged into a container in /tmp, as `scmap merge` reads shards from other machines. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/scmap.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64], out[96];
    const char *in = path;
    scm_ctx *ctx;
    uint8_t *copy;
    int mbtiles;
    if (size < 1 || (copy = malloc(size)) == NULL)
        return 0;
    mbtiles = data[0] & 1;
    memcpy(copy, data + 1, size - 1);
    /* A valid file of zoom 16 may address billions of tiles through runs, and reading it
     * takes time in proportion: keep the fuzzer's files to zoom 7 (21,845 tiles at most). */
    if (!mbtiles && size - 1 > 101 && copy[101] > 7 && copy[101] <= SCM_TILE_MAX_ZOOM)
        copy[101] = 7;
    if (fuzz_write_temp(copy, size - 1, mbtiles ? "mbtiles" : "pmtiles", path) != 0) {
        free(copy);
        return 0;
    }
    free(copy);
    snprintf(out, sizeof out, "%s.out.%s", path, mbtiles ? "mbtiles" : "pmtiles");
    if (scm_ctx_new(&ctx) == SCM_OK) {
        scm_sink_merge(ctx, mbtiles ? SCM_SINK_MBTILES : SCM_SINK_PMTILES, &in, 1, out);
        scm_ctx_free(ctx);
    }
    unlink(out);
    unlink(path);
    return 0;
}
