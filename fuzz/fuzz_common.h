/* SPDX-License-Identifier: MIT */
/* For fuzz targets whose input must be a file: the bytes written to a per-process path. */
#ifndef SCMAP_FUZZ_COMMON_H
#define SCMAP_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes data to /tmp/scmap-fuzz-PID.EXT and returns 0, with the path in path. */
static inline int
fuzz_write_temp(const uint8_t *data, size_t size, const char *ext, char path[64])
{
    FILE *fp;
    snprintf(path, 64, "/tmp/scmap-fuzz-%ld.%s", (long)getpid(), ext);
    fp = fopen(path, "wb");
    if (fp == NULL)
        return -1;
    fwrite(data, 1, size, fp);
    return fclose(fp) == 0 ? 0 : -1;
}

#endif
