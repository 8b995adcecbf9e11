/* SPDX-License-Identifier: MIT */
/* Dates as day numbers, and plain numbers: the values of a table's cells. Each parser takes
 * the whole cell or nothing. */
#include "scmap/core.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_private.h"

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

/* -1 if y-m-d is no day of the calendar, -2 if it is one outside the years we take, else 0. */
static int
check_ymd(int y, int m, int d)
{
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    return y < SCM_YEAR_MIN || y > SCM_YEAR_MAX ? -2 : 0;
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

/* Length of a plain decimal at s: digits, then maybe '.' and digits, at least one digit in
 * all; with exp, maybe an exponent. 0 if there is none. Never hex, inf or nan, which strtod
 * would take. */
static size_t
scan_decimal(const char *s, int exp)
{
    size_t n = 0, digits = 0, k;
    for (; isdigit((unsigned char)s[n]); n++)
        digits++;
    if (s[n] == '.') {
        if (!isdigit((unsigned char)s[n + 1]))
            return 0;
        for (n++; isdigit((unsigned char)s[n]); n++)
            digits++;
    }
    if (digits == 0)
        return 0;
    if (exp && (s[n] == 'e' || s[n] == 'E')) {
        k = n + 1 + (s[n + 1] == '+' || s[n + 1] == '-');
        if (!isdigit((unsigned char)s[k]))
            return 0;
        for (n = k; isdigit((unsigned char)s[n]); n++)
            ;
    }
    return n;
}

/* The end of s with trailing white space dropped, so that a parse must stop exactly there. */
static const char *
trimmed_end(const char *s)
{
    const char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    return e;
}

int
scm__parse_number(const char *s, double *out)
{
    const char *e;
    size_t n;
    double v;
    while (isspace((unsigned char)*s))
        s++;
    e = trimmed_end(s);
    n = (size_t)(*s == '-' || *s == '+');
    n += scan_decimal(s + n, 1);
    if (s + n != e || n == 0 || !isdigit((unsigned char)s[n - 1]))
        return -1;
    v = strtod(s, NULL);
    if (!isfinite(v))
        return -1;
    *out = v;
    return 0;
}

/* Whether s..e is empty or a time of day after a date: T or spaces, H:MM, maybe :SS and a
 * fraction, then maybe AM/PM or Z. Spreadsheets export dates with midnight attached. */
static int
time_or_nothing(const char *s, const char *e)
{
    int h, mi, sec = 0, n;
    if (s == e)
        return 1;
    if (*s != 'T' && *s != ' ')
        return 0;
    for (s++; s < e && *s == ' '; s++)
        ;
    if ((n = read_int(s, 2, &h)) == 0 || s[n] != ':' || read_int(s + n + 1, 2, &mi) != 2)
        return 0;
    s += n + 3;
    if (*s == ':') {
        if (read_int(s + 1, 2, &sec) != 2)
            return 0;
        s += 3;
        if (*s == '.' && (n = (int)scan_decimal(s, 0)) > 0)
            s += n;
    }
    if (h > 23 || mi > 59 || sec > 60)
        return 0;
    if (e - s == 3 && s[0] == ' ' && strchr("AaPp", s[1]) != NULL && (s[2] == 'M' || s[2] == 'm'))
        return h >= 1 && h <= 12;
    return s == e || (e - s == 1 && *s == 'Z');
}

/* An Excel serial: day 1 is 1900-01-01, and Excel's phantom 1900-02-29 means serials from 61
 * on count from 1899-12-30. */
static int
parse_serial(const char *s, const char *e, scm_date *out)
{
    double v;
    long day;
    int y, m, d;
    if (s + scan_decimal(s, 0) != e || s == e)
        return -1;
    v = strtod(s, NULL);
    if (!(v >= 1 && v < 2958466))
        return -1;
    day = (long)v;
    if (day == 60)
        return -1; /* 1900-02-29 never existed */
    *out = scm_date_from_ymd(1899, 12, day < 60 ? 31 : 30) + (scm_date)day;
    scm_date_to_ymd(*out, &y, &m, &d);
    return check_ymd(y, m, d);
}

int
scm_date_parse(const char *s, scm_date *out)
{
    int a, b, c, n1, n2, n3, rc;
    const char *e;
    char sep;
    scm_date d;
    while (isspace((unsigned char)*s))
        s++;
    e = trimmed_end(s);
    n1 = read_int(s, 4, &a);
    sep = s[n1];
    if (n1 == 4 && (sep == '-' || sep == '/')) {
        /* ISO 8601: YYYY-MM-DD. */
        n2 = read_int(s + 5, 2, &b);
        if (n2 == 0 || s[5 + n2] != sep || (n3 = read_int(s + 6 + n2, 2, &c)) == 0 ||
            !time_or_nothing(s + 6 + n2 + n3, e))
            return -1;
    } else if (n1 >= 1 && n1 <= 2 && sep == '/') {
        /* US M/D/YYYY: the year has exactly four digits. */
        int m = a;
        n2 = read_int(s + n1 + 1, 2, &b);
        if (n2 == 0 || s[n1 + 1 + n2] != '/' || read_int(s + n1 + 2 + n2, 5, &c) != 4 ||
            !time_or_nothing(s + n1 + 2 + n2 + 4, e))
            return -1;
        a = c;
        c = b;
        b = m;
    } else {
        if ((rc = parse_serial(s, e, &d)) == 0)
            *out = d;
        return rc;
    }
    if ((rc = check_ymd(a, b, c)) == 0)
        *out = scm_date_from_ymd(a, b, c);
    return rc;
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
