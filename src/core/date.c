/* SPDX-License-Identifier: MIT */
/* Dates as day numbers, FIPS codes and colours: the small value types every table holds. */
#include "scmap/core.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Howard Hinnant's days-from-civil: exact for the proleptic Gregorian calendar. */
scm_date
scm_date_from_ymd(int y, int m, int d)
{
    int era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (scm_date)(era * 146097 + doe - 719468);
}

void
scm_date_to_ymd(scm_date z, int *y, int *m, int *d)
{
    int zz = z + 719468;
    int era = (zz >= 0 ? zz : zz - 146096) / 146097;
    int doe = zz - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static int
days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

static int
valid_ymd(int y, int m, int d)
{
    return y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

/* Reads 1..maxd digits into *v; returns the number of characters used, 0 if none. */
static int
read_int(const char *s, int maxd, int *v)
{
    int n = 0;
    *v = 0;
    while (n < maxd && isdigit((unsigned char)s[n]))
        *v = *v * 10 + (s[n++] - '0');
    return n;
}

int
scm_date_parse(const char *s, scm_date *out)
{
    int a, b, c, n1, n2, n3;
    char sep;
    while (isspace((unsigned char)*s))
        s++;
    n1 = read_int(s, 4, &a);
    if (n1 == 0)
        return -1;
    sep = s[n1];
    if (n1 == 4 && (sep == '-' || sep == '/')) {
        /* ISO 8601 date, possibly followed by a time that we ignore. */
        n2 = read_int(s + 5, 2, &b);
        if (n2 == 0 || s[5 + n2] != sep)
            return -1;
        n3 = read_int(s + 6 + n2, 2, &c);
        s += 6 + n2 + n3;
        if (n3 == 0 || (*s != '\0' && *s != 'T' && *s != ' ') || !valid_ymd(a, b, c))
            return -1;
        *out = scm_date_from_ymd(a, b, c);
        return 0;
    }
    if (n1 <= 2 && sep == '/') {
        /* US M/D/YYYY. */
        n2 = read_int(s + n1 + 1, 2, &b);
        if (n2 == 0 || s[n1 + 1 + n2] != '/')
            return -1;
        n3 = read_int(s + n1 + 2 + n2, 4, &c);
        s += n1 + 2 + n2 + n3;
        while (isspace((unsigned char)*s))
            s++;
        if (n3 != 4 || (*s != '\0' && !isdigit((unsigned char)*s)) || !valid_ymd(c, a, b))
            return -1;
        *out = scm_date_from_ymd(c, a, b);
        return 0;
    }
    {
        /* Excel serial: day 1 is 1900-01-01, and Excel's phantom 1900-02-29 means serials
         * from 61 on count from 1899-12-30. */
        char *end;
        double v = strtod(s, &end);
        long day;
        while (isspace((unsigned char)*end))
            end++;
        if (*end != '\0' || !(v >= 1 && v < 2958466))
            return -1;
        day = (long)v;
        if (day == 60)
            return -1; /* 1900-02-29 never existed */
        *out = scm_date_from_ymd(1899, 12, day < 60 ? 31 : 30) + (scm_date)day;
        return 0;
    }
}

void
scm_date_format(scm_date d, char buf[11])
{
    int y, m, dd;
    char tmp[40];
    scm_date_to_ymd(d, &y, &m, &dd);
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, dd);
    memcpy(buf, tmp, 10);
    buf[10] = '\0';
}

int
scm_fips_normalize(const char *s, char out[6], int *repaired)
{
    size_t n = 0, i;
    const char *p;
    int decimal = 0;
    *repaired = 0;
    while (isspace((unsigned char)*s))
        s++;
    for (p = s; isdigit((unsigned char)*p); p++)
        n++;
    /* A numeric spreadsheet column may hand us "1001.0". */
    if (p[0] == '.' && p[1] == '0') {
        for (p++; *p == '0'; p++)
            ;
        decimal = 1;
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p != '\0' || n < 4 || n > 5)
        return -1;
    if (n == 4) {
        out[0] = '0';
        memcpy(out + 1, s, 4);
    } else {
        memcpy(out, s, 5);
    }
    out[5] = '\0';
    *repaired = n == 4 || decimal;
    /* State 00 and county 000 (a state total) are not counties. */
    if ((out[0] == '0' && out[1] == '0') || strcmp(out + 2, "000") == 0)
        return -1;
    for (i = 0; i < 5; i++)
        if (!isdigit((unsigned char)out[i]))
            return -1;
    return 0;
}

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
