/* SPDX-License-Identifier: MIT */
/* Colours written as "#rgb", "#rrggbb" or "#rrggbbaa", and how far apart two look. */
#include "scmap/core.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

#define M_PI_VALUE 3.14159265358979323846 /* M_PI is not C11 */

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

/* sRGB (IEC 61966-2-1) to CIE L*a*b* under D65, the white sRGB is defined for. */
void
scm_rgba_to_lab(scm_rgba c, double lab[3])
{
    const double ch[3] = {c.r / 255.0, c.g / 255.0, c.b / 255.0};
    double lin[3], xyz[3], f[3];
    const double white[3] = {0.95047, 1.0, 1.08883};
    const double eps = 216.0 / 24389.0; /* (6/29)^3 */
    int i;
    for (i = 0; i < 3; i++)
        lin[i] = ch[i] <= 0.04045 ? ch[i] / 12.92 : pow((ch[i] + 0.055) / 1.055, 2.4);
    xyz[0] = 0.4124564 * lin[0] + 0.3575761 * lin[1] + 0.1804375 * lin[2];
    xyz[1] = 0.2126729 * lin[0] + 0.7151522 * lin[1] + 0.0721750 * lin[2];
    xyz[2] = 0.0193339 * lin[0] + 0.1191920 * lin[1] + 0.9503041 * lin[2];
    for (i = 0; i < 3; i++) {
        double t = xyz[i] / white[i];
        f[i] = t > eps ? cbrt(t) : t * (841.0 / 108.0) + 4.0 / 29.0;
    }
    lab[0] = 116 * f[1] - 16;
    lab[1] = 500 * (f[0] - f[1]);
    lab[2] = 200 * (f[1] - f[2]);
}

static double
deg(double rad)
{
    return rad * (180.0 / M_PI_VALUE);
}

static double
rad(double d)
{
    return d * (M_PI_VALUE / 180.0);
}

/* Hue angle in degrees, 0 to 360; 0 for a neutral colour. */
static double
hue(double a, double b)
{
    double h;
    if (a == 0 && b == 0)
        return 0;
    h = deg(atan2(b, a));
    return h < 0 ? h + 360 : h;
}

/* CIEDE2000 (CIE 142-2001) with kL = kC = kH = 1, as written out by Sharma, Wu and Dalal,
 * "The CIEDE2000 color-difference formula", Color Res. Appl. 30 (2005), equations 1-22. */
double
scm_color_delta_e2000(const double lab1[3], const double lab2[3])
{
    const double p25 = 6103515625.0; /* 25^7 */
    double c1 = hypot(lab1[1], lab1[2]), c2 = hypot(lab2[1], lab2[2]);
    double cbar7 = pow((c1 + c2) / 2, 7), g = 0.5 * (1 - sqrt(cbar7 / (cbar7 + p25)));
    double a1 = (1 + g) * lab1[1], a2 = (1 + g) * lab2[1];
    double cp1 = hypot(a1, lab1[2]), cp2 = hypot(a2, lab2[2]);
    double h1 = hue(a1, lab1[2]), h2 = hue(a2, lab2[2]);
    double dl = lab2[0] - lab1[0], dc = cp2 - cp1, dh = 0, hbar = h1 + h2;
    double lbar = (lab1[0] + lab2[0]) / 2, cbar = (cp1 + cp2) / 2, cbarp7 = pow(cbar, 7);
    double t, dtheta, rc, sl, sc, sh, rt, big_dh;
    if (cp1 * cp2 != 0) {
        dh = h2 - h1;
        if (dh > 180)
            dh -= 360;
        else if (dh < -180)
            dh += 360;
        if (fabs(h1 - h2) <= 180)
            hbar = (h1 + h2) / 2;
        else
            hbar = h1 + h2 < 360 ? (h1 + h2 + 360) / 2 : (h1 + h2 - 360) / 2;
    }
    big_dh = 2 * sqrt(cp1 * cp2) * sin(rad(dh / 2));
    t = 1 - 0.17 * cos(rad(hbar - 30)) + 0.24 * cos(rad(2 * hbar)) + 0.32 * cos(rad(3 * hbar + 6)) -
        0.20 * cos(rad(4 * hbar - 63));
    dtheta = 30 * exp(-((hbar - 275) / 25) * ((hbar - 275) / 25));
    rc = 2 * sqrt(cbarp7 / (cbarp7 + p25));
    sl = 1 + 0.015 * (lbar - 50) * (lbar - 50) / sqrt(20 + (lbar - 50) * (lbar - 50));
    sc = 1 + 0.045 * cbar;
    sh = 1 + 0.015 * cbar * t;
    rt = -sin(rad(2 * dtheta)) * rc;
    return sqrt((dl / sl) * (dl / sl) + (dc / sc) * (dc / sc) + (big_dh / sh) * (big_dh / sh) +
                rt * (dc / sc) * (big_dh / sh));
}

double
scm_rgba_delta_e(scm_rgba a, scm_rgba b)
{
    double la[3], lb[3];
    scm_rgba_to_lab(a, la);
    scm_rgba_to_lab(b, lb);
    return scm_color_delta_e2000(la, lb);
}
