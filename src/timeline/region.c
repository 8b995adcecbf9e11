/* SPDX-License-Identifier: MIT */
/* The area of a region edition (--region): a state by postal code or FIPS, or a list of
 * counties, as a mask over the shapes and a name for titles. */
#include "scmap/timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/core_private.h"
#include "timeline_private.h"

const char *
scm__state_name(int fips, scm_lang lang)
{
    char code[3] = {(char)('0' + fips / 10 % 10), (char)('0' + fips % 10), '\0'};
    return fips > 0 && fips < 100 ? scm_state_name(code, lang) : NULL;
}

static int
state_of(const char *fips)
{
    return (fips[0] - '0') * 10 + (fips[1] - '0');
}

/* The state FIPS of a postal code ("TX") or a two-digit code ("48"), or -1. */
static int
state_code(const char *s)
{
    char code[3];
    return scm_state_parse(s, code) == 0 && scm_state_name(code, SCM_LANG_EN) ? state_of(code) : -1;
}

/* The title name of a list of counties: up to three named, with their state when they share
 * one ("Harris, Fort Bend and Galveston, Texas"); more, a count. */
static void
list_name(const scm_shapes *sh, const uint8_t *mask, size_t n_in, scm_lang lang, char *buf,
          size_t cap)
{
    size_t c, i = 0, o = 0;
    int st = -1, one_state = 1;
    for (c = 0; c < scm_shapes_count(sh); c++)
        if (mask[c]) {
            int s = state_of(scm_shapes_fips(sh, c));
            one_state &= st < 0 || s == st;
            st = s;
        }
    if (n_in > 3 || !one_state) {
        snprintf(buf, cap, lang == SCM_LANG_ES ? "%zu condados" : "%zu counties", n_in);
        return;
    }
    buf[0] = '\0';
    for (c = 0; c < scm_shapes_count(sh) && o < cap; c++) {
        if (!mask[c])
            continue;
        o += scm__snprintf_utf8(buf + o, cap - o, "%s%s",
                                i == 0                ? ""
                                : i + 1 < n_in        ? ", "
                                : lang == SCM_LANG_ES ? " y "
                                                      : " and ",
                                scm_shapes_name(sh, c));
        i++;
    }
    if (o < cap && scm__state_name(st, lang) != NULL)
        scm__snprintf_utf8(buf + o, cap - o, ", %s", scm__state_name(st, lang));
}

scm_status
scm_timeline_region_parse(scm_ctx *ctx, const scm_shapes *sh, const char *spec, uint8_t **mask,
                          char name[2][160])
{
    size_t n = scm_shapes_count(sh), c, n_in = 0;
    int st = state_code(spec);
    int lang;
    const char *p = spec;
    uint8_t *m;
    *mask = NULL;
    if ((m = calloc(n + 1, 1)) == NULL)
        return scm__error(ctx, SCM_ENOMEM, "--region: out of memory");
    if (st >= 0) {
        for (c = 0; c < n; c++)
            n_in += m[c] = state_of(scm_shapes_fips(sh, c)) == st;
        for (lang = SCM_LANG_EN; lang <= SCM_LANG_ES; lang++)
            scm__snprintf_utf8(name[lang], 160, "%s", scm__state_name(st, (scm_lang)lang));
    } else {
        while (*p) {
            size_t len = strcspn(p, ",");
            char fips[6];
            long i;
            if (len != 5 || strspn(p, "0123456789") < 5) {
                free(m);
                return scm__error(ctx, SCM_EINVAL,
                                  "--region: \"%.*s\" is neither a state (TX, 48) nor a county's "
                                  "5-digit FIPS code",
                                  (int)(len > 40 ? 40 : len), p);
            }
            memcpy(fips, p, 5);
            fips[5] = '\0';
            if ((i = scm_shapes_find(sh, fips)) < 0) {
                free(m);
                return scm__error(ctx, SCM_EINVAL, "--region: county %s is not in the shapes",
                                  fips);
            }
            n_in += !m[i];
            m[i] = 1;
            p += len + (p[len] == ',');
        }
        for (lang = SCM_LANG_EN; lang <= SCM_LANG_ES; lang++)
            list_name(sh, m, n_in, (scm_lang)lang, name[lang], 160);
    }
    if (n_in == 0) {
        free(m);
        return scm__error(ctx, SCM_EINVAL, "--region: \"%s\" has no county in the shapes", spec);
    }
    *mask = m;
    return SCM_OK;
}
