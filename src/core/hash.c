/* SPDX-License-Identifier: MIT */
/* FNV-1a 64: the tile store's content keys and the pyramid's job identity. */
#include <stddef.h>
#include <stdint.h>

#include "core_private.h"

uint64_t
scm__fnv1a(uint64_t h, const void *p, size_t n)
{
    const uint8_t *b = p;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ull;
    }
    return h;
}
