/* SPDX-License-Identifier: MIT */
/* Calendar and fiscal quarters, months and years as ordinals. */
#include "scmap/core.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int32_t
floordiv(int32_t a, int32_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

scm_period
scm_period_of(scm_period_kind kind, scm_date d)
{
    int y, m, dd;
    scm_period p = {kind, 0};
    scm_date_to_ymd(d, &y, &m, &dd);
    switch (kind) {
    case SCM_PERIOD_QUARTER:
        p.index = y * 4 + (m - 1) / 3;
        break;
    case SCM_PERIOD_FISCAL_QUARTER:
        /* FY2009 Q1 is October-December 2008. */
        p.index = (y + (m >= 10)) * 4 + ((m + 2) % 12) / 3;
        break;
    case SCM_PERIOD_MONTH:
        p.index = y * 12 + m - 1;
        break;
    case SCM_PERIOD_YEAR:
        p.index = y;
        break;
    }
    return p;
}

scm_date
scm_period_start(scm_period p)
{
    int32_t y;
    switch (p.kind) {
    case SCM_PERIOD_QUARTER:
        y = floordiv(p.index, 4);
        return scm_date_from_ymd(y, (p.index - y * 4) * 3 + 1, 1);
    case SCM_PERIOD_FISCAL_QUARTER:
        y = floordiv(p.index, 4);
        if (p.index - y * 4 == 0)
            return scm_date_from_ymd(y - 1, 10, 1);
        return scm_date_from_ymd(y, (p.index - y * 4 - 1) * 3 + 1, 1);
    case SCM_PERIOD_MONTH:
        y = floordiv(p.index, 12);
        return scm_date_from_ymd(y, p.index - y * 12 + 1, 1);
    case SCM_PERIOD_YEAR:
        return scm_date_from_ymd(p.index, 1, 1);
    }
    return SCM_DATE_NONE;
}

scm_date
scm_period_end(scm_period p)
{
    scm_period next = p;
    next.index++;
    return scm_period_start(next) - 1;
}

/* reader 0: the machine label; 1: the English reader label; 2: the Spanish one. */
static void
format(scm_period p, char buf[16], int reader)
{
    static const char *const fiscal[] = {"FY", "FY", "AF"}, *const quarter[] = {"Q", " Q", " T"};
    char tmp[64] = "";
    int32_t y, r;
    size_t n;
    switch (p.kind) {
    case SCM_PERIOD_QUARTER:
        y = floordiv(p.index, 4);
        r = p.index - y * 4 + 1;
        snprintf(tmp, sizeof tmp, "%d%s%d", (int)y, quarter[reader], (int)r);
        break;
    case SCM_PERIOD_FISCAL_QUARTER:
        y = floordiv(p.index, 4);
        r = p.index - y * 4 + 1;
        snprintf(tmp, sizeof tmp, "%s%d%s%d", fiscal[reader], (int)y, quarter[reader], (int)r);
        break;
    case SCM_PERIOD_MONTH:
        y = floordiv(p.index, 12);
        snprintf(tmp, sizeof tmp, "%d-%02d", (int)y, (int)(p.index - y * 12 + 1));
        break;
    case SCM_PERIOD_YEAR:
        snprintf(tmp, sizeof tmp, "%d", (int)p.index);
        break;
    }
    n = strlen(tmp) < 15 ? strlen(tmp) : 15;
    memcpy(buf, tmp, n);
    buf[n] = '\0';
}

void
scm_period_format(scm_period p, char buf[16])
{
    format(p, buf, 0);
}

void
scm_period_label(scm_period p, scm_lang lang, char buf[16])
{
    format(p, buf, lang == SCM_LANG_ES ? 2 : 1);
}

int
scm_period_parse(const char *s, scm_period *out)
{
    int fiscal = 0, y = 0, n = 0, v = 0;
    scm_period_kind kind;
    size_t len;
    char rest[4];
    while (isspace((unsigned char)*s))
        s++;
    if ((s[0] == 'F' || s[0] == 'f') && (s[1] == 'Y' || s[1] == 'y')) {
        fiscal = 1;
        s += 2;
    }
    while (isdigit((unsigned char)s[n]) && n < 5)
        y = y * 10 + (s[n++] - '0');
    if (n != 4)
        return -1;
    s += 4;
    while (*s == ' ' || *s == '-')
        s++;
    /* What follows the year, without trailing white space: "Q3", "07", "7" or nothing. */
    for (len = strlen(s); len > 0 && isspace((unsigned char)s[len - 1]); len--)
        ;
    if (len >= sizeof rest)
        return -1;
    memcpy(rest, s, len);
    rest[len] = '\0';
    if (rest[0] == 'Q' || rest[0] == 'q') {
        if (rest[1] < '1' || rest[1] > '4' || rest[2] != '\0')
            return -1;
        kind = fiscal ? SCM_PERIOD_FISCAL_QUARTER : SCM_PERIOD_QUARTER;
        v = rest[1] - '1';
    } else if (fiscal) {
        return -1;
    } else if (rest[0] == '\0') {
        kind = SCM_PERIOD_YEAR;
    } else {
        for (n = 0; isdigit((unsigned char)rest[n]); n++)
            v = v * 10 + (rest[n] - '0');
        if (n < 1 || n > 2 || rest[n] != '\0' || v < 1 || v > 12)
            return -1;
        kind = SCM_PERIOD_MONTH;
        v--;
    }
    if (y < SCM_YEAR_MIN || y > SCM_YEAR_MAX)
        return -2;
    out->kind = kind;
    out->index = kind == SCM_PERIOD_YEAR ? y : kind == SCM_PERIOD_MONTH ? y * 12 + v : y * 4 + v;
    return 0;
}

int
scm_period_kind_parse(const char *s, scm_period_kind *out)
{
    static const char *names[] = {"quarter", "fiscal-quarter", "month", "year"};
    int i;
    for (i = 0; i < 4; i++) {
        if (strcmp(s, names[i]) == 0) {
            *out = (scm_period_kind)i;
            return 0;
        }
    }
    return -1;
}
