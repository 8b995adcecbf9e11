/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the small parsers every table cell and flag goes through. */
#include "scmap/scmap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../src/core/core_private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    char fips[6], buf[16], iso[11];
    scm_date d;
    scm_period p;
    scm_rgba c;
    double v;
    int rep;
    if (s == NULL)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    if (scm_date_parse(s, &d) == 0) {
        int y, m, dd;
        scm_date_to_ymd(d, &y, &m, &dd);
        scm_date_format(d, iso);
        /* What parses as ISO comes back as itself, inside the years we take. */
        if (scm_date_from_ymd(y, m, dd) != d || y < SCM_YEAR_MIN || y > SCM_YEAR_MAX)
            abort();
    }
    if (scm_fips_normalize(s, fips, &rep) == 0 && strlen(fips) != 5)
        abort();
    if (scm_period_parse(s, &p) == 0) {
        scm_period_format(p, buf);
        scm_period_label(p, SCM_LANG_ES, buf);
        if (scm_period_start(p) > scm_period_end(p) || strlen(buf) > 10)
            abort();
    }
    (void)scm_rgba_parse(s, &c);
    if (scm__parse_number(s, &v) == 0 && (!isfinite(v) || strchr(s, 'x') || strchr(s, 'X')))
        abort();
    free(s);
    return 0;
}
