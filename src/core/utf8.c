/* SPDX-License-Identifier: MIT */
/* Bounded formatting of text that reaches Pango or a page: cut between UTF-8 characters. */
#include <stdarg.h>
#include <stdio.h>

#include "core_private.h"

size_t
scm__snprintf_utf8(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    size_t len, i, need;
    unsigned char lead;
    int n;
    if (cap == 0)
        return 0;
    va_start(ap, fmt);
    n = vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
    if (n < 0) {
        buf[0] = '\0';
        return 0;
    }
    if ((size_t)n < cap)
        return (size_t)n;
    /* Cut short: back up over continuation bytes (10xxxxxx) to the last character's lead
     * byte, and drop that character if fewer bytes than its lead announces made it in. */
    len = cap - 1;
    for (i = len; i > 0 && len - i < 3 && ((unsigned char)buf[i - 1] & 0xC0) == 0x80; i--)
        ;
    if (i > 0) {
        lead = (unsigned char)buf[i - 1];
        need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (len - (i - 1) < need)
            len = i - 1;
    }
    buf[len] = '\0';
    return len;
}

int
scm__utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p, n = c < 0x80                ? 0
                             : c >= 0xc2 && c < 0xe0 ? 1
                             : c >= 0xe0 && c < 0xf0 ? 2
                             : c >= 0xf0 && c < 0xf5 ? 3
                                                     : 9;
        unsigned cp = n == 0 ? c : n == 1 ? c & 0x1f : n == 2 ? c & 0x0f : c & 0x07, i;
        if (n == 9)
            return 0;
        for (i = 1; i <= n; i++) {
            if ((p[i] & 0xc0) != 0x80)
                return 0;
            cp = cp << 6 | (p[i] & 0x3f);
        }
        /* Overlong forms, surrogates and past U+10FFFF are not UTF-8. */
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp < 0xe000))
            return 0;
        p += n + 1;
    }
    return 1;
}
