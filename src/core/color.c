/* SPDX-License-Identifier: MIT */
/* Colours written as "#rgb", "#rrggbb" or "#rrggbbaa". */
#include "scmap/core.h"

#include <ctype.h>
#include <string.h>

static int
hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

int
scm_rgba_parse(const char *s, scm_rgba *out)
{
    int v[8];
    size_t n, i;
    if (s == NULL || s[0] != '#')
        return -1;
    n = strlen(++s);
    if (n != 3 && n != 6 && n != 8)
        return -1;
    for (i = 0; i < n; i++)
        if ((v[i] = hexval((unsigned char)s[i])) < 0)
            return -1;
    if (n == 3) {
        out->r = (uint8_t)(v[0] * 17);
        out->g = (uint8_t)(v[1] * 17);
        out->b = (uint8_t)(v[2] * 17);
        out->a = 255;
        return 0;
    }
    out->r = (uint8_t)(v[0] * 16 + v[1]);
    out->g = (uint8_t)(v[2] * 16 + v[3]);
    out->b = (uint8_t)(v[4] * 16 + v[5]);
    out->a = n == 8 ? (uint8_t)(v[6] * 16 + v[7]) : 255;
    return 0;
}
