/* SPDX-License-Identifier: MIT */
/* Frames and still maps on the sample counties: sizes, presets, languages, alt text, vector
 * output, GIF, labels cut between UTF-8 characters, and golden frames. */
#define _POSIX_C_SOURCE 200809L
#include "scmap/scmap.h"

#include <stdlib.h>

#include <unistd.h>

#include "../src/frame/frame_private.h"
#include "test_job.h"

#define D SCM_TEST_DATA "/"

static scm_ctx *ctx;

/* img shrunk n times, each pixel the mean of n x n: goldens of whole frames stay small, and
 * a layout that moves shows as much as at full size. NULL on failure. */
static scm_image *
shrink(const scm_image *img, uint32_t n)
{
    scm_image *s = NULL;
    uint32_t x, y, i, j, c;
    if (scm_image_new(ctx, img->width / n, img->height / n, &s) != SCM_OK)
        return NULL;
    for (y = 0; y < s->height; y++)
        for (x = 0; x < s->width; x++)
            for (c = 0; c < 4; c++) {
                unsigned sum = 0;
                for (j = 0; j < n; j++)
                    for (i = 0; i < n; i++)
                        sum += img->rgba[4 * ((size_t)(y * n + j) * img->width + x * n + i) + c];
                s->rgba[4 * ((size_t)y * s->width + x) + c] =
                    (uint8_t)((sum + n * n / 2) / (n * n));
            }
    return s;
}

static int
overlap(const double *a, const double *b)
{
    return a[0] < b[0] + b[2] - 0.5 && b[0] < a[0] + a[2] - 0.5 && a[1] < b[1] + b[3] - 0.5 &&
           b[1] < a[1] + a[3] - 0.5;
}

/* The layout of a w x h frame: text blocks inside the frame, apart from each other and off
 * the map; in vertical video nothing in the top 250 and bottom 340 of 1920 px; the map at
 * least min_share of the frame's width (square and tall) or height (wide) left to it. */
static void
check_layout(const scm_frames *fr, uint32_t w, uint32_t h, int lang, double min_share)
{
    scm_frame_opts o = {
        .width = w, .height = h, .lang = lang, .note = "Made with scmap", .byline = "Test byline"};
    scm_canvas *cv = NULL;
    scm__layout l;
    double map[4], lo, hi;
    size_t i, j;
    CHECK(scm_canvas_new(ctx, w, h, &cv) == SCM_OK);
    if (cv == NULL)
        return;
    scm__frames_layout(cv, fr, &o, &l);
    scm_canvas_free(cv);
    map[0] = l.map_x;
    map[1] = l.map_y;
    map[2] = l.map_w;
    map[3] = l.map_h;
    lo = h >= 1.2 * w ? h * 250 / 1920.0 - 0.5 : 0;
    hi = h >= 1.2 * w ? h - h * 340 / 1920.0 + 0.5 : h;
    CHECK(l.n_busy >= 4);
    for (i = 0; i <= l.n_busy; i++) {
        const double *b = i < l.n_busy ? l.busy[i] : map;
        if (!(b[0] >= 0 && b[0] + b[2] <= w + 0.5 && b[1] >= lo && b[1] + b[3] <= hi)) {
            fprintf(stderr, "%ux%u: block %zu (%.0f %.0f %.0f %.0f) outside %.0f..%.0f\n", w, h, i,
                    b[0], b[1], b[2], b[3], lo, hi);
            CHECK(0);
        }
        for (j = i + 1; j <= l.n_busy; j++)
            if (overlap(b, j < l.n_busy ? l.busy[j] : map)) {
                fprintf(stderr, "%ux%u: blocks %zu and %zu overlap\n", w, h, i, j);
                CHECK(0);
            }
    }
    if (l.landscape)
        CHECK(l.map_h >= min_share * h);
    else
        CHECK(l.map_w >= min_share * w);
}

/* The shipped rollout at the four sizes newsrooms post, in both languages: goldens (shrunk
 * four times), and the layout's rules at these and odd sizes. */
static void
test_presets(void)
{
    static const struct {
        uint32_t w, h;
        int lang;
        double share;
        const char *golden;
    } presets[] = {{1920, 1080, SCM_LANG_EN, 0.72, "frame-activation-1920x1080-en.png"},
                   {1080, 1080, SCM_LANG_ES, 0.85, "frame-activation-1080x1080-es.png"},
                   {1080, 1350, SCM_LANG_EN, 0.8, "frame-activation-1080x1350-en.png"},
                   {1080, 1920, SCM_LANG_ES, 0.9, "frame-activation-1080x1920-es.png"}};
    static const uint32_t odd[][2] = {{320, 320},   {8000, 400}, {400, 8000}, {1300, 1080},
                                      {1080, 1200}, {1280, 720}, {720, 1280}, {3840, 2160}};
    test_job j;
    scm_frames *fr = NULL;
    size_t i;
    if (open_job(ctx, SCM_TEST_DATA "/../../styles/activation.json", NULL, &j) != 0)
        return;
    CHECK_STATUS(ctx, scm_frames_new(ctx, j.tl, &fr), SCM_OK);
    for (i = 0; fr != NULL && i < 4; i++) {
        scm_frame_opts o = {.width = presets[i].w,
                            .height = presets[i].h,
                            .lang = presets[i].lang,
                            .note = "Made with scmap",
                            .byline = "Test byline"};
        scm_image *img = NULL, *small;
        check_layout(fr, o.width, o.height, o.lang, presets[i].share);
        CHECK(scm_image_new(ctx, o.width, o.height, &img) == SCM_OK);
        CHECK_STATUS(ctx, scm_frames_draw(ctx, fr, &o, 7, 1, SCM_SURFACE_IMAGE, NULL, img), SCM_OK);
        /* Opaque white corners: a frame is a slide, not an overlay. */
        CHECK(img->rgba[0] == 255 && img->rgba[3] == 255);
        if ((small = shrink(img, 4)) != NULL)
            golden(ctx, small, presets[i].golden, SCM_TEST_OUT);
        scm_image_free(small);
        scm_image_free(img);
    }
    for (i = 0; fr != NULL && i < sizeof odd / sizeof odd[0]; i++)
        check_layout(fr, odd[i][0], odd[i][1], SCM_LANG_ES, 0.5);
    scm_frames_free(fr);
    close_job(&j);
}

/* A legend row is as tall as its label: labels wrapped to several lines push the next row
 * down instead of running into it. */
static void
test_legend_rows_follow_wrapping(void)
{
    test_job j;
    scm_canvas *cv = NULL;
    scm_text_style lab = {22, 0, {0, 0, 0, 255}, 150 - 46, SCM_ALIGN_LEFT};
    double used, h, sum = 0, tw, th;
    char label[96];
    size_t c;
    if (open_job(ctx, D "style_activation_sample.json", NULL, &j) != 0)
        return;
    CHECK(scm_canvas_new(ctx, 400, 400, &cv) == SCM_OK);
    for (c = 0; cv != NULL && c < scm_timeline_n_classes(j.tl); c++) {
        scm_canvas_text_size(cv, scm_timeline_class_label(j.tl, c, SCM_LANG_EN, label), &lab, &tw,
                             &th);
        sum += th;
    }
    if (cv != NULL) {
        h = scm__frames_legend(cv, j.tl, SCM_LANG_EN, NULL, NULL, 0, 0, 150, 1, 1, 0, &used);
        CHECK(sum > 30 * (double)scm_timeline_n_classes(j.tl)); /* some labels wrapped */
        CHECK(h >= sum);
        CHECK(used <= 150);
    }
    scm_canvas_free(cv);
    close_job(&j);
}

static void
test_alt_text(void)
{
    test_job j;
    scm_frames *fr = NULL;
    char *en = NULL, *es = NULL;
    if (open_job(ctx, D "style_activation_sample.json", NULL, &j) != 0)
        return;
    CHECK_STATUS(ctx, scm_frames_new(ctx, j.tl, &fr), SCM_OK);
    if (fr == NULL)
        goto done;
    CHECK(scm_frames_alt_text(ctx, fr, 0, SCM_LANG_EN, &en) == SCM_OK);
    CHECK(scm_frames_alt_text(ctx, fr, 0, SCM_LANG_ES, &es) == SCM_OK);
    /* 2008 Q4: Harris County alone. */
    CHECK(en != NULL && strstr(en, "2008 Q4") != NULL &&
          strstr(en, "1 counties in 1 state so far") != NULL);
    CHECK(es != NULL && strstr(es, "2008 T4") != NULL && strstr(es, "condados") != NULL);
done:
    free(en);
    free(es);
    scm_frames_free(fr);
    close_job(&j);
}

/* The Spanish period label is one string: the timeline's, in the frame's alt text and its
 * count line, never an English label rewritten ("AF2009 T1", not "FY2009 Q1"). */
static void
test_spanish_label_one_string(void)
{
    test_job j;
    scm_timeline_opts o = {0};
    scm_frames *fr = NULL;
    char label[96], *alt = NULL;
    size_t k;
    o.kind_override = 1;
    o.kind = SCM_PERIOD_FISCAL_QUARTER;
    if (open_job(ctx, D "style_activation_sample.json", &o, &j) != 0)
        return;
    CHECK_STATUS(ctx, scm_frames_new(ctx, j.tl, &fr), SCM_OK);
    for (k = 0; fr != NULL && k < scm_timeline_n_periods(j.tl); k++) {
        scm_timeline_period_label(j.tl, k, SCM_LANG_ES, label);
        CHECK(strncmp(label, "AF20", 4) == 0 && strstr(label, " T") != NULL);
        CHECK_STATUS(ctx, scm_frames_alt_text(ctx, fr, k, SCM_LANG_ES, &alt), SCM_OK);
        CHECK(alt != NULL && strstr(alt, label) != NULL && strstr(alt, " Q") == NULL);
        CHECK(alt != NULL && strstr(alt, scm_timeline_count_line(j.tl, k, SCM_LANG_ES)) != NULL);
        CHECK_STR(alt, scm_timeline_alt_text(j.tl, k, SCM_LANG_ES));
        free(alt);
        alt = NULL;
    }
    CHECK_STR(scm_timeline_period_label(j.tl, 0, SCM_LANG_ES, label), "AF2009 T1");
    scm_frames_free(fr);
    close_job(&j);
}

/* What "%.1f" writes for v, with a decimal comma in Spanish. */
static void
expect_number(double v, int lang, char *buf, size_t n)
{
    char *dot;
    snprintf(buf, n, "%.1f", v);
    if (lang == SCM_LANG_ES && (dot = strchr(buf, '.')) != NULL)
        *dot = ',';
}

/* A number reads the same in the frame's words (its alt text) and in its legend, in either
 * language: one decimal, a decimal point in English and a decimal comma in Spanish. */
static void
test_numbers_one_format(void)
{
    static const int langs[] = {SCM_LANG_EN, SCM_LANG_ES};
    char style[1500], path[600], label[96], want[64], paren[70], *alt = NULL;
    scm_frames *fr = NULL;
    test_job j;
    size_t i, c, best = SIZE_MAX;
    FILE *fp;
    snprintf(style, sizeof style,
             "{\"name\": \"numbers\", \"title\": {\"en\": \"Rate\", \"es\": \"Tasa\"},"
             "\"data\": {\"shapes\": \"%s/counties_sample.shp\","
             "\"activations\": \"%s/activation_sample.csv\","
             "\"counts\": \"%s/ident_sample.csv\", \"counts_as_of\": \"2012-06-30\","
             "\"population\": \"%s/population_sample.csv\","
             "\"fips_changes\": \"%s/fips_changes.csv\", \"groups\": \"%s/groups.csv\"},"
             "\"metric\": {\"type\": \"rate\", \"numerator\": \"removals_total\","
             "\"per\": 100000}, \"labels\": {\"decimals\": 1},"
             "\"classify\": {\"method\": \"manual\", \"breaks\": [12.25, 100],"
             "\"palette\": \"Purples\"}}",
             SCM_TEST_DATA, SCM_TEST_DATA, SCM_TEST_DATA, SCM_TEST_DATA, SCM_TEST_DATA,
             SCM_TEST_DATA);
    snprintf(path, sizeof path, "%s/style_fake_numbers.json", SCM_TEST_OUT);
    fp = fopen(path, "w");
    CHECK(fp != NULL && fputs(style, fp) >= 0 && fclose(fp) == 0);
    if (open_job(ctx, path, NULL, &j) != 0)
        return;
    CHECK_STATUS(ctx, scm_frames_new(ctx, j.tl, &fr), SCM_OK);
    for (c = 0; c < scm_timeline_n_counties(j.tl); c++) {
        double v = scm_timeline_value(j.tl, c, 0);
        if (scm_timeline_class_kind(j.tl, scm_timeline_classes(j.tl, 0)[c]) == SCM_CLASS_BIN &&
            (best == SIZE_MAX || v > scm_timeline_value(j.tl, best, 0)))
            best = c;
    }
    CHECK(best != SIZE_MAX);
    for (i = 0; fr != NULL && best != SIZE_MAX && i < 2; i++) {
        expect_number(12.25, langs[i], want, sizeof want);
        CHECK(strstr(scm_timeline_class_label(j.tl, 0, langs[i], label), want) != NULL);
        expect_number(scm_timeline_value(j.tl, best, 0), langs[i], want, sizeof want);
        snprintf(paren, sizeof paren, "(%s)", want);
        CHECK_STATUS(ctx, scm_frames_alt_text(ctx, fr, 0, langs[i], &alt), SCM_OK);
        CHECK(alt != NULL && strstr(alt, paren) != NULL);
        free(alt);
        alt = NULL;
    }
    scm_frames_free(fr);
    close_job(&j);
}

static void
test_vector_outputs(void)
{
    test_job j;
    scm_frames *fr = NULL;
    scm_frame_opts o = {1920, 1080, SCM_LANG_EN, NULL, NULL, NULL, NULL, 0, NULL, NULL};
    char svg[600], pdf[600];
    uint8_t *data;
    size_t len;
    if (open_job(ctx, D "style_sample.json", NULL, &j) != 0)
        return;
    CHECK_STATUS(ctx, scm_frames_new(ctx, j.tl, &fr), SCM_OK);
    snprintf(svg, sizeof svg, "%s/map.svg", SCM_TEST_OUT);
    snprintf(pdf, sizeof pdf, "%s/map.pdf", SCM_TEST_OUT);
    CHECK_STATUS(ctx, scm_frames_draw(ctx, fr, &o, 0, 1, SCM_SURFACE_SVG, svg, NULL), SCM_OK);
    CHECK_STATUS(ctx, scm_frames_draw(ctx, fr, &o, 0, 1, SCM_SURFACE_PDF, pdf, NULL), SCM_OK);
    data = slurp(svg, &len);
    CHECK(data != NULL && strstr((char *)data, "<svg") != NULL &&
          strstr((char *)data, "<path") != NULL);
    free(data);
    data = slurp(pdf, &len);
    CHECK(data != NULL && len > 4 && memcmp(data, "%PDF", 4) == 0);
    free(data);
    CHECK_STATUS(ctx,
                 scm_frames_draw(ctx, fr, &o, 0, 1, SCM_SURFACE_PDF, "/proc/no/such/x.pdf", NULL),
                 SCM_EIO);
    scm_frames_free(fr);
    close_job(&j);
}

static void
test_gif(void)
{
    scm_image *imgs[3] = {NULL, NULL, NULL};
    int delay[3] = {100, 100, 300};
    scm_rgba must[1] = {{0xe6, 0x55, 0x0d, 255}};
    scm_gif *gif = NULL;
    char path[600];
    uint8_t *data;
    size_t len, i, frames = 0;
    for (i = 0; i < 3; i++) {
        CHECK(scm_image_new(ctx, 64, 32, &imgs[i]) == SCM_OK);
        memset(imgs[i]->rgba, (int)(i * 100), 64 * 32 * 4);
        imgs[i]->rgba[0] = 0xe6;
        imgs[i]->rgba[1] = 0x55;
        imgs[i]->rgba[2] = 0x0d;
    }
    snprintf(path, sizeof path, "%s/t.gif", SCM_TEST_OUT);
    CHECK_STATUS(ctx, scm_gif_new(ctx, path, 64, 32, must, 1, 1, &gif), SCM_OK);
    for (i = 0; i < 3; i++)
        CHECK_STATUS(ctx, scm_gif_put(ctx, gif, imgs[i], delay[i]), SCM_OK);
    CHECK_STATUS(ctx, scm_gif_finish(ctx, gif), SCM_OK);
    scm_gif_free(gif);
    data = slurp(path, &len);
    CHECK(data != NULL && memcmp(data, "GIF89a", 6) == 0);
    /* Loops forever: the NETSCAPE2.0 block with a loop count of 0. */
    for (i = 0; data != NULL && i + 16 < len; i++) {
        if (memcmp(data + i, "NETSCAPE2.0", 11) == 0)
            CHECK(data[i + 11] == 3 && data[i + 12] == 1 && data[i + 13] == 0 && data[i + 14] == 0);
        frames += data[i] == 0x2c && i > 13 && data[i - 1] == 0 && data[i - 8] == 0x21;
    }
    CHECK(frames == 3);
    /* The required colour is in the global colour table (after the 13-byte header). */
    CHECK(data != NULL && data[13] == 0xe6 && data[14] == 0x55 && data[15] == 0x0d);
    free(data);
    for (i = 0; i < 3; i++)
        scm_image_free(imgs[i]);
}

/* Whether s is well-formed UTF-8 (no cut or stray sequence; overlongs not checked). */
static int
valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 0 : *p >= 0xF0 ? 3 : *p >= 0xE0 ? 2 : *p >= 0xC0 ? 1 : -1;
        if (n < 0)
            return 0;
        for (p++; n > 0; n--, p++)
            if ((*p & 0xC0) != 0x80)
                return 0;
    }
    return 1;
}

/* A 120-byte class label and a 301-byte count line of two- and three-byte characters: cut to
 * the 96-byte and 256-byte buffers between characters, never inside one, and still drawn. */
static void
test_long_utf8_labels(void)
{
    char label[200] = "a", line[400] = "a", style[1200], path[600], buf[96];
    scm_frame_opts o = {1280, 720, SCM_LANG_EN, NULL, NULL, NULL, NULL, 0, NULL, NULL};
    scm_frames *fr = NULL;
    scm_image *img = NULL;
    char *alt = NULL;
    test_job j;
    size_t i, cut = 0;
    FILE *fp;
    for (i = 0; i < 17; i++)
        strcat(label, "\xc3\xa9\xc3\xb1\xe4\xb8\xad"); /* é ñ 中: byte 95 falls inside ñ */
    for (i = 0; i < 100; i++)
        strcat(line, "\xe4\xb8\xad");
    CHECK(strlen(label) == 120 && strlen(line) == 301);
    snprintf(style, sizeof style,
             "{\"name\": \"long-labels\", \"title\": \"%s\", \"count_line\": \"%s {counties}\","
             "\"data\": {\"shapes\": \"%s/counties_sample.shp\","
             "\"activations\": \"%s/activation_sample.csv\"},"
             "\"metric\": {\"type\": \"activation\"}, \"classify\": {\"method\": \"categorical\"},"
             "\"classes\": {\"new\": {\"color\": \"#e6550d\", \"label\": \"%s\"}}}",
             label, line, SCM_TEST_DATA, SCM_TEST_DATA, label);
    snprintf(path, sizeof path, "%s/style_fake_long_labels.json", SCM_TEST_OUT);
    fp = fopen(path, "w");
    CHECK(fp != NULL && fputs(style, fp) >= 0 && fclose(fp) == 0);
    if (open_job(ctx, path, NULL, &j) != 0)
        return;
    for (i = 0; i < scm_timeline_n_classes(j.tl); i++) {
        scm_timeline_class_label(j.tl, i, SCM_LANG_EN, buf);
        CHECK(valid_utf8(buf));
        cut += strncmp(buf, label, 3) == 0 && strlen(buf) == 94; /* 95 would split ñ */
    }
    CHECK(cut == 1);
    CHECK_STATUS(ctx, scm_frames_new(ctx, j.tl, &fr), SCM_OK);
    CHECK(scm_image_new(ctx, o.width, o.height, &img) == SCM_OK);
    if (fr != NULL && img != NULL) {
        CHECK_STATUS(ctx, scm_frames_draw(ctx, fr, &o, 0, 1, SCM_SURFACE_IMAGE, NULL, img), SCM_OK);
        CHECK_STATUS(ctx, scm_frames_alt_text(ctx, fr, 0, SCM_LANG_EN, &alt), SCM_OK);
        CHECK(alt != NULL && valid_utf8(alt) && strstr(alt, "a\xe4\xb8\xad") != NULL);
    }
    free(alt);
    scm_image_free(img);
    scm_frames_free(fr);
    close_job(&j);
}

/* A 1280x720 frame of the last period of the sample activations over shapes, with the
 * "states" style value states, hidden after reading when hide is set; NULL on failure. */
static scm_image *
draw_states(const char *shapes, const char *states, int hide)
{
    char style[1200], path[600];
    scm_frame_opts o = {1280, 720, SCM_LANG_EN, NULL, NULL, NULL, NULL, 0, NULL, NULL};
    scm_frames *fr = NULL;
    scm_image *img = NULL;
    test_job j;
    FILE *fp;
    snprintf(style, sizeof style,
             "{\"name\": \"states\", \"title\": {\"en\": \"States\", \"es\": \"Estados\"},"
             "\"data\": {\"shapes\": \"%s\", \"activations\": \"%s/activation_sample.csv\"},"
             "\"metric\": {\"type\": \"activation\"}, \"classify\": {\"method\": \"categorical\"},"
             "\"states\": %s}",
             shapes, SCM_TEST_DATA, states);
    snprintf(path, sizeof path, "%s/style_fake_states.json", SCM_TEST_OUT);
    fp = fopen(path, "w");
    CHECK(fp != NULL && fputs(style, fp) >= 0 && fclose(fp) == 0);
    if (open_job(ctx, path, NULL, &j) != 0)
        return NULL;
    if (hide)
        scm_style_hide_states(j.st);
    CHECK_STATUS(ctx, scm_frames_new(ctx, j.tl, &fr), SCM_OK);
    CHECK(scm_image_new(ctx, o.width, o.height, &img) == SCM_OK);
    if (fr == NULL || img == NULL ||
        scm_frames_draw(ctx, fr, &o, scm_timeline_n_periods(j.tl) - 1, 1, SCM_SURFACE_IMAGE, NULL,
                        img) != SCM_OK) {
        CHECK(0);
        scm_image_free(img);
        img = NULL;
    }
    scm_frames_free(fr);
    close_job(&j);
    return img;
}

/* State lines are drawn only where two states meet: none of the sample's states touch, so
 * the frame is the same with and without them (no line doubles a coast or a county
 * outline); on the whole country they show, in the style's colour, unless hidden. */
static void
test_state_borders(void)
{
    static const char *const shipped = SCM_TEST_DATA "/../../shapes/us_counties_5m_2018.shp";
    const char *magenta = "{\"color\": \"#ff00ff\", \"width_px\": 2}";
    scm_image *on = draw_states(D "counties_sample.shp", magenta, 0);
    scm_image *off = draw_states(D "counties_sample.shp", "false", 0);
    size_t i, lines = 0;
    CHECK(on != NULL && off != NULL &&
          memcmp(on->rgba, off->rgba, (size_t)on->width * on->height * 4) == 0);
    scm_image_free(on);
    scm_image_free(off);
    on = draw_states(shipped, magenta, 0);
    for (i = 0; on != NULL && i < (size_t)on->width * on->height; i++)
        lines += on->rgba[4 * i] == 255 && on->rgba[4 * i + 1] == 0 && on->rgba[4 * i + 2] == 255;
    CHECK(lines > 3000);
    /* --no-states: the same frame as a style without them. */
    off = draw_states(shipped, magenta, 1);
    scm_image_free(on);
    on = draw_states(shipped, "false", 0);
    CHECK(on != NULL && off != NULL &&
          memcmp(on->rgba, off->rgba, (size_t)on->width * on->height * 4) == 0);
    scm_image_free(on);
    scm_image_free(off);
    on = draw_states(shipped, "{}", 0);
    if (on != NULL)
        golden(ctx, on, "frame-states-1280x720.png", SCM_TEST_OUT);
    scm_image_free(on);
}

/* The lines and labels no period changes are drawn once per size and language and painted
 * over each frame: a frame is the same whatever was drawn before it, and within a few levels
 * of one drawn with its lines stroked straight onto it (the golden frames check that). */
static void
test_overlay_reuse(void)
{
    test_job j;
    scm_frames *fresh = NULL, *used = NULL;
    scm_frame_opts en = {1280, 720, SCM_LANG_EN, NULL, NULL, NULL, NULL, 0, NULL, NULL};
    scm_frame_opts es = en, noted = en, focus = en;
    scm_image *a = NULL, *b = NULL;
    es.lang = SCM_LANG_ES;
    noted.note = "A note under the legend";
    focus.highlight = "06037";
    if (open_job(ctx, D "style_sample.json", NULL, &j) != 0)
        return;
    CHECK_STATUS(ctx, scm_frames_new(ctx, j.tl, &fresh), SCM_OK);
    CHECK_STATUS(ctx, scm_frames_new(ctx, j.tl, &used), SCM_OK);
    CHECK_STATUS(ctx, scm_image_new(ctx, 1280, 720, &a), SCM_OK);
    CHECK_STATUS(ctx, scm_image_new(ctx, 1280, 720, &b), SCM_OK);
    if (fresh != NULL && used != NULL && a != NULL && b != NULL) {
        const scm_frame_opts *before[] = {&es, &noted, &focus, &en};
        size_t k = scm_timeline_n_periods(j.tl) - 1;
        CHECK_STATUS(ctx, scm_frames_draw(ctx, fresh, &en, k, 1, SCM_SURFACE_IMAGE, NULL, a),
                     SCM_OK);
        for (size_t i = 0; i < 4; i++)
            CHECK_STATUS(ctx,
                         scm_frames_draw(ctx, used, before[i], 0, 1, SCM_SURFACE_IMAGE, NULL, b),
                         SCM_OK);
        CHECK_STATUS(ctx, scm_frames_draw(ctx, used, &en, k, 1, SCM_SURFACE_IMAGE, NULL, b),
                     SCM_OK);
        CHECK(memcmp(a->rgba, b->rgba, (size_t)1280 * 720 * 4) == 0);
        /* The note moves the map: its frame is not the plain one. */
        CHECK_STATUS(ctx, scm_frames_draw(ctx, used, &noted, k, 1, SCM_SURFACE_IMAGE, NULL, b),
                     SCM_OK);
        CHECK(memcmp(a->rgba, b->rgba, (size_t)1280 * 720 * 4) != 0);
        CHECK_STATUS(ctx, scm_frames_draw(ctx, used, &en, k + 1, 1, SCM_SURFACE_IMAGE, NULL, b),
                     SCM_EINVAL);
    }
    scm_image_free(a);
    scm_image_free(b);
    scm_frames_free(fresh);
    scm_frames_free(used);
    close_job(&j);
}

/* Small multiples of the sample's 15 periods: drawn alike twice, with and without a column
 * count; an SVG; a size out of range refused. */
static void
test_grid(void)
{
    scm_grid_opts o = {1280, 720, 0, SCM_LANG_EN, "A note", "A byline"};
    scm_image *a = NULL, *b = NULL;
    scm_frames *fr = NULL;
    test_job j;
    char svg[600];
    size_t i, ink = 0;
    if (open_job(ctx, D "style_activation_sample.json", NULL, &j) != 0)
        return;
    CHECK_STATUS(ctx, scm_frames_new(ctx, j.tl, &fr), SCM_OK);
    CHECK(scm_image_new(ctx, o.width, o.height, &a) == SCM_OK);
    CHECK(scm_image_new(ctx, o.width, o.height, &b) == SCM_OK);
    if (fr == NULL || a == NULL || b == NULL)
        goto done;
    CHECK_STATUS(ctx, scm_frames_grid(ctx, fr, &o, SCM_SURFACE_IMAGE, NULL, a), SCM_OK);
    CHECK_STATUS(ctx, scm_frames_grid(ctx, fr, &o, SCM_SURFACE_IMAGE, NULL, b), SCM_OK);
    CHECK(memcmp(a->rgba, b->rgba, (size_t)o.width * o.height * 4) == 0);
    for (i = 0; i < (size_t)o.width * o.height; i++)
        ink += a->rgba[4 * i] < 128; /* the words */
    CHECK(ink > 2000);
    o.cols = 4;
    CHECK_STATUS(ctx, scm_frames_grid(ctx, fr, &o, SCM_SURFACE_IMAGE, NULL, b), SCM_OK);
    CHECK(memcmp(a->rgba, b->rgba, (size_t)o.width * o.height * 4) != 0);
    /* More columns than periods are one row; of 15, under half the maps' best width: refused,
     * saying which number draws them largest. */
    o.cols = 99;
    CHECK(scm_frames_grid(ctx, fr, &o, SCM_SURFACE_IMAGE, NULL, b) == SCM_EINVAL);
    CHECK(strstr(scm_ctx_errmsg(ctx), "15 columns of 15 periods") != NULL &&
          strstr(scm_ctx_errmsg(ctx), "5 draw them") != NULL);
    scm_ctx_clear_error(ctx);
    o.cols = 0;
    snprintf(svg, sizeof svg, "%s/grid.svg", SCM_TEST_OUT);
    CHECK_STATUS(ctx, scm_frames_grid(ctx, fr, &o, SCM_SURFACE_SVG, svg, NULL), SCM_OK);
    CHECK(access(svg, R_OK) == 0);
    o.width = 100;
    CHECK_STATUS(ctx, scm_frames_grid(ctx, fr, &o, SCM_SURFACE_IMAGE, NULL, b), SCM_EINVAL);
    scm_ctx_clear_error(ctx);
done:
    scm_image_free(a);
    scm_image_free(b);
    scm_frames_free(fr);
    close_job(&j);
}

int
main(void)
{
    if (scm_ctx_new(&ctx) != SCM_OK)
        return 1;
    CHECK(scm_mkdirs(ctx, SCM_TEST_OUT) == SCM_OK);
    RUN(test_presets);
    RUN(test_legend_rows_follow_wrapping);
    RUN(test_alt_text);
    RUN(test_spanish_label_one_string);
    RUN(test_numbers_one_format);
    RUN(test_vector_outputs);
    RUN(test_gif);
    RUN(test_long_utf8_labels);
    RUN(test_state_borders);
    RUN(test_grid);
    RUN(test_overlay_reuse);
    scm_ctx_free(ctx);
    return scm_test_report();
}
