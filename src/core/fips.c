/* SPDX-License-Identifier: MIT */
/* FIPS county codes as tables write them: the whole cell or nothing. */
#include "scmap/core.h"

#include <ctype.h>
#include <string.h>

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
