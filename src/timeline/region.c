/* SPDX-License-Identifier: MIT */
/* The area of a region edition (--region): a state by postal code or FIPS, or a list of
 * counties, as a mask over the shapes and a name for titles. */
#include "scmap/timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/core_private.h"
#include "timeline_private.h"

/* State names by FIPS code, in English and, where it differs, in Spanish (as the Spanish
 * press writes them). */
static const struct {
    int fips;
    const char *en, *es;
} names[] = {{1, "Alabama", NULL},
             {2, "Alaska", NULL},
             {4, "Arizona", NULL},
             {5, "Arkansas", NULL},
             {6, "California", NULL},
             {8, "Colorado", NULL},
             {9, "Connecticut", NULL},
             {10, "Delaware", NULL},
             {11, "District of Columbia", "Distrito de Columbia"},
             {12, "Florida", NULL},
             {13, "Georgia", NULL},
             {15, "Hawaii", "Hawái"},
             {16, "Idaho", NULL},
             {17, "Illinois", NULL},
             {18, "Indiana", NULL},
             {19, "Iowa", NULL},
             {20, "Kansas", NULL},
             {21, "Kentucky", NULL},
             {22, "Louisiana", "Luisiana"},
             {23, "Maine", NULL},
             {24, "Maryland", NULL},
             {25, "Massachusetts", NULL},
             {26, "Michigan", "Míchigan"},
             {27, "Minnesota", NULL},
             {28, "Mississippi", "Misisipi"},
             {29, "Missouri", "Misuri"},
             {30, "Montana", NULL},
             {31, "Nebraska", NULL},
             {32, "Nevada", NULL},
             {33, "New Hampshire", "Nuevo Hampshire"},
             {34, "New Jersey", "Nueva Jersey"},
             {35, "New Mexico", "Nuevo México"},
             {36, "New York", "Nueva York"},
             {37, "North Carolina", "Carolina del Norte"},
             {38, "North Dakota", "Dakota del Norte"},
             {39, "Ohio", NULL},
             {40, "Oklahoma", NULL},
             {41, "Oregon", "Oregón"},
             {42, "Pennsylvania", "Pensilvania"},
             {44, "Rhode Island", NULL},
             {45, "South Carolina", "Carolina del Sur"},
             {46, "South Dakota", "Dakota del Sur"},
             {47, "Tennessee", NULL},
             {48, "Texas", NULL},
             {49, "Utah", NULL},
             {50, "Vermont", NULL},
             {51, "Virginia", NULL},
             {53, "Washington", NULL},
             {54, "West Virginia", "Virginia Occidental"},
             {55, "Wisconsin", NULL},
             {56, "Wyoming", NULL},
             {72, "Puerto Rico", NULL}};

const char *
scm__state_name(int fips, scm_lang lang)
{
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].fips == fips)
            return lang == SCM_LANG_ES && names[i].es ? names[i].es : names[i].en;
    return NULL;
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
    char probe[6] = "00000";
    int st;
    if (strlen(s) != 2)
        return -1;
    if (s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9')
        return scm__state_name(state_of(s), SCM_LANG_EN) ? state_of(s) : -1;
    for (st = 1; st < 80; st++) {
        probe[0] = (char)('0' + st / 10);
        probe[1] = (char)('0' + st % 10);
        if (scm__state_name(st, SCM_LANG_EN) && (s[0] & ~0x20) == scm_fips_state(probe)[0] &&
            (s[1] & ~0x20) == scm_fips_state(probe)[1])
            return st;
    }
    return -1;
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
