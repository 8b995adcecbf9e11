/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the small parsers every table cell and flag goes through. */
#include "scmap/scmap.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    char fips[6], buf[16], iso[11];
    scm_date d;
    scm_period p;
    scm_rgba c;
    int rep;
    if (s == NULL)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    if (scm_date_parse(s, &d) == 0) {
        int y, m, dd;
        scm_date_to_ymd(d, &y, &m, &dd);
        scm_date_format(d, iso);
        /* What parses as ISO comes back as itself. */
        if (scm_date_from_ymd(y, m, dd) != d)
            abort();
    }
    if (scm_fips_normalize(s, fips, &rep) == 0 && strlen(fips) != 5)
        abort();
    if (scm_period_parse(s, &p) == 0) {
        scm_period_format(p, buf);
        scm_period_label(p, buf);
        if (scm_period_start(p) > scm_period_end(p))
            abort();
    }
    (void)scm_rgba_parse(s, &c);
    free(s);
    return 0;
}
