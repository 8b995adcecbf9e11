/* SPDX-License-Identifier: MIT */
/* Images: straight RGBA, indexed, and the colour-to-index hash that builds an indexed one. */
#include "scmap/core.h"

#include <stdlib.h>
#include <string.h>

#include "core_private.h"

scm_status
scm_image_new(scm_ctx *ctx, uint32_t width, uint32_t height, scm_image **out)
{
    scm_image *img;
    *out = NULL;
    img = calloc(1, sizeof *img);
    if (img == NULL || (img->rgba = scm__callocn((size_t)width * height, 4)) == NULL) {
        free(img);
        return scm__error(ctx, SCM_ENOMEM, "image %ux%u: out of memory", width, height);
    }
    img->width = width;
    img->height = height;
    *out = img;
    return SCM_OK;
}

void
scm_image_free(scm_image *img)
{
    if (img == NULL)
        return;
    free(img->rgba);
    free(img);
}

scm_status
scm_indexed_new(scm_ctx *ctx, uint32_t width, uint32_t height, scm_indexed **out)
{
    scm_indexed *im;
    *out = NULL;
    im = calloc(1, sizeof *im);
    if (im == NULL || (im->index = scm__callocn((size_t)width * height, 1)) == NULL) {
        free(im);
        return scm__error(ctx, SCM_ENOMEM, "image %ux%u: out of memory", width, height);
    }
    im->width = width;
    im->height = height;
    *out = im;
    return SCM_OK;
}

void
scm_indexed_free(scm_indexed *im)
{
    if (im == NULL)
        return;
    free(im->index);
    free(im);
}

void
scm__palette_init(scm__palette *h, scm_indexed *im)
{
    memset(h->slot, 0xff, sizeof h->slot);
    im->n_colors = 0;
}

int
scm__palette_index(scm__palette *h, scm_indexed *im, uint32_t c)
{
    uint32_t i = (c * 2654435761u) >> 22;
    while (h->slot[i] >= 0) {
        if (im->color[h->slot[i]] == c)
            return h->slot[i];
        i = (i + 1) & (SCM__PALETTE_SLOTS - 1);
    }
    if (im->n_colors == 256)
        return -1;
    im->color[im->n_colors] = c;
    h->slot[i] = (int16_t)im->n_colors;
    return im->n_colors++;
}
