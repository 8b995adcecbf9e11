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
