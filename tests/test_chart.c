/*
 * tests/test_chart.c — src/render (chart.c, canvas_*.c, chart_write.c, fonts.c): the SVG holds
 * the title, band labels, one element per point and per reliable-change marker, and the empty
 * text; PNG has the signature and the asked size; PDF has its header and trailer and can be
 * drawn into a document page; bad charts fail with the field named; output is deterministic;
 * PNGs match committed golden images within a pixel tolerance.
 *
 * `test_chart --write DIR` writes every sample chart as .svg, .png and .pdf into DIR (used by
 * chart_files_test.sh: xmllint, qpdf --check, pdftotext). `EASEL_UPDATE_GOLDEN=1 test_chart`
 * rewrites the PNGs in tests/golden/charts.
 *
 * Owns: every buffer it fills (released in the same test). Fails: through cmocka asserts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "easel/plan.h"
#include "easel/render.h"
#include "easel/util.h"
#include "render_int.h"

#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int32_t day(const char *iso)
{
    int64_t d = 0;
    assert_int_equal(easel_date_parse(iso, &d), 0);
    return (int32_t)d;
}

/* ---- sample charts (synthetic data) ---- */

static struct easel_chart_point phq[7], gad[7], att[3][6], gas[2][5], obj[3][6];
static struct easel_chart_series phq_series[2], att_series[3], gas_series[2], obj_series[3];
static const struct easel_chart_band phq_bands[] = {
    {-0.5, 4.5, "Minimal"},  {4.5, 9.5, "Mild"},
    {9.5, 14.5, "Moderate"}, {14.5, 19.5, "Moderately severe"},
    {19.5, 27, "Severe"},
};

static void make_samples(void)
{
    static const char *const dates[7] = {"2024-01-08", "2024-02-05", "2024-03-04", "2024-04-01",
                                         "2024-05-06", "2024-06-03", "2024-07-01"};
    static const double phq_y[7] = {19, 17, 15, 12, 9, 8, 6};
    static const double gad_y[7] = {14, 14, 12, 10, 9, 7, 7};
    for (int i = 0; i < 7; i++) {
        phq[i] = (struct easel_chart_point){day(dates[i]), phq_y[i], false, NULL};
        gad[i] = (struct easel_chart_point){day(dates[i]), gad_y[i], false, NULL};
    }
    phq[4].marker = true;
    phq[4].marker_label = "Reliable improvement";
    gad[6].marker = true;
    phq_series[0] = (struct easel_chart_series){"PHQ-9", phq, 7};
    phq_series[1] = (struct easel_chart_series){"GAD-7", gad, 7};

    static const char *const months[6] = {"2024-01-01", "2024-02-01", "2024-03-01",
                                          "2024-04-01", "2024-05-01", "2024-06-01"};
    static const double counts[3][6] = {{4, 3, 4, 2, 4, 3}, {0, 1, 0, 1, 0, 1}, {0, 0, 1, 1, 0, 0}};
    static const char *const att_names[3] = {"Attended", "Cancelled", "No-show"};
    for (int s = 0; s < 3; s++) {
        for (int i = 0; i < 6; i++)
            att[s][i] = (struct easel_chart_point){day(months[i]), counts[s][i], false, NULL};
        att_series[s] = (struct easel_chart_series){att_names[s], att[s], 6};
    }

    static const char *const gdates[5] = {"2024-01-15", "2024-02-26", "2024-04-08", "2024-05-20",
                                          "2024-07-01"};
    static const double gy[2][5] = {{-2, -1, -1, 0, 1}, {-1, -1, 0, 1, 2}};
    static const char *const gnames[2] = {"Express feelings in art", "Use a calming routine"};
    for (int s = 0; s < 2; s++) {
        for (int i = 0; i < 5; i++)
            gas[s][i] = (struct easel_chart_point){day(gdates[i]), gy[s][i], false, NULL};
        gas_series[s] = (struct easel_chart_series){gnames[s], gas[s], 5};
    }

    static const double oy[3][6] = {{1, 1, 2, 2, 3, 4}, {0, 1, 1, 2, 2, 2}, {2, 2, 3, 3, 3, 4}};
    static const char *const onames[3] = {"Objective 1", "Objective 2", "Objective 3"};
    for (int s = 0; s < 3; s++) {
        for (int i = 0; i < 6; i++)
            obj[s][i] = (struct easel_chart_point){day(dates[i]) + 3 * s, oy[s][i], false, NULL};
        obj_series[s] = (struct easel_chart_series){onames[s], obj[s], 6};
    }
}

enum { S_PHQ, S_ATT, S_GAS, S_OBJ, S_EMPTY, S_AR, S_HE, S_HI, S_ZH, S_LATIN, N_SAMPLES };

static const char *const sample_name[N_SAMPLES] = {
    "phq9",     "attendance", "gas",      "objectives", "empty",
    "title-ar", "title-he",   "title-hi", "title-zh",   "title-latin"};

/* Titles in several scripts: synthetic words, written without a client in mind. */
static const char *const script_title[N_SAMPLES] = {
    [S_AR] = "تقدم العمل الفني",
    [S_HE] = "התקדמות בטיפול באמנות",
    [S_HI] = "कला चिकित्सा प्रगति",
    [S_ZH] = "艺术治疗进展",
    [S_LATIN] = "Évolution du bien-être — Zoë Ångström",
};

static struct easel_chart sample(int i)
{
    struct easel_chart c = {0};
    switch (i) {
    case S_ATT:
        c = (struct easel_chart){EASEL_CHART_BARS,
                                 "Attendance by month",
                                 "Sessions",
                                 0,
                                 5,
                                 false,
                                 NULL,
                                 0,
                                 att_series,
                                 3,
                                 NULL};
        break;
    case S_GAS:
        c = (struct easel_chart){EASEL_CHART_BARS,
                                 "Goal attainment over time",
                                 "Attainment (GAS)",
                                 -2,
                                 2,
                                 false,
                                 NULL,
                                 0,
                                 gas_series,
                                 2,
                                 NULL};
        break;
    case S_OBJ:
        c = (struct easel_chart){EASEL_CHART_LINE,
                                 "Progress per objective",
                                 "Rating (0-4)",
                                 0,
                                 4,
                                 false,
                                 NULL,
                                 0,
                                 obj_series,
                                 3,
                                 NULL};
        break;
    case S_EMPTY:
        c = (struct easel_chart){EASEL_CHART_LINE,
                                 "PHQ-9 total",
                                 "Score",
                                 0,
                                 27,
                                 true,
                                 phq_bands,
                                 5,
                                 NULL,
                                 0,
                                 "No administrations in this period"};
        break;
    default:
        c = (struct easel_chart){EASEL_CHART_LINE,
                                 "Depression and anxiety scores",
                                 "Total score",
                                 0,
                                 27,
                                 true,
                                 phq_bands,
                                 5,
                                 phq_series,
                                 2,
                                 NULL};
        if (script_title[i])
            c.title = script_title[i];
    }
    return c;
}

static void write_chart(const struct easel_chart *c, enum easel_img_format f, double w, double h,
                        struct easel_buf *out)
{
    struct easel_error err = {0};
    easel_buf_init(out, 16u << 20);
    int rc = easel_chart_write(c, f, w, h, out, &err);
    if (rc)
        fprintf(stderr, "chart: %s: %s: %s\n", err.where, err.field, err.msg);
    assert_int_equal(rc, 0);
    assert_true(out->len > 0);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* ---- tests ---- */

static void test_svg_contents(void **state)
{
    (void)state;
    struct easel_chart c = sample(S_PHQ);
    struct easel_buf b;
    write_chart(&c, EASEL_IMG_SVG, 480, 300, &b);
    const char *s = easel_buf_str(&b);
    assert_non_null(strstr(s, "<?xml version=\"1.0\""));
    assert_non_null(strstr(s, "<title>Depression and anxiety scores</title>"));
    assert_non_null(strstr(s, ">Depression and anxiety scores</text>"));
    for (size_t i = 0; i < 5; i++) {
        char want[64];
        snprintf(want, sizeof(want), "class=\"band-label\">%s</text>", phq_bands[i].label);
        assert_non_null(strstr(s, want));
    }
    assert_int_equal(count(s, "class=\"band\""), 5);
    assert_int_equal(count(s, "class=\"point\""), 14);
    assert_int_equal(count(s, "class=\"marker\""), 2);
    assert_non_null(strstr(s, ">Reliable improvement</text>"));
    assert_non_null(strstr(s, ">Reliable change</text>")); /* the legend names the marker */
    assert_non_null(strstr(s, ">PHQ-9</text>"));
    assert_non_null(strstr(s, ">GAD-7</text>"));
    assert_non_null(strstr(s, "<title>PHQ-9 2024-05-06: 9 (Reliable improvement)</title>"));
    assert_non_null(strstr(s, ">Total score</text>"));
    assert_non_null(strstr(s, "</svg>\n"));
    easel_buf_release(&b);

    /* bars: one element per bar, the same order as the points */
    c = sample(S_ATT);
    write_chart(&c, EASEL_IMG_SVG, 480, 300, &b);
    s = easel_buf_str(&b);
    assert_int_equal(count(s, "class=\"point\""), 18);
    assert_non_null(strstr(s, ">Jan 2024</text>"));
    assert_non_null(strstr(s, ">No-show</text>"));
    assert_int_equal(count(s, "class=\"marker\""), 0);
    assert_null(strstr(s, ">Reliable change</text>")); /* no markers: not in the legend */
    easel_buf_release(&b);
}

static void test_svg_escapes(void **state)
{
    (void)state;
    struct easel_chart c = sample(S_OBJ);
    c.title = "Art & <words> \"quoted\"";
    struct easel_buf b;
    write_chart(&c, EASEL_IMG_SVG, 400, 260, &b);
    const char *s = easel_buf_str(&b);
    assert_non_null(strstr(s, ">Art &amp; &lt;words&gt; &quot;quoted&quot;</text>"));
    assert_null(strstr(s, "<words>"));
    easel_buf_release(&b);
}

static void test_empty(void **state)
{
    (void)state;
    struct easel_chart c = sample(S_EMPTY);
    for (int f = EASEL_IMG_SVG; f <= EASEL_IMG_PDF; f++) {
        struct easel_buf b;
        write_chart(&c, (enum easel_img_format)f, 400, 240, &b);
        if (f == EASEL_IMG_SVG) {
            const char *s = easel_buf_str(&b);
            assert_non_null(strstr(s, ">No administrations in this period</text>"));
            assert_int_equal(count(s, "class=\"point\""), 0);
        }
        easel_buf_release(&b);
    }
    /* series present but without points is still empty; the default text */
    struct easel_chart_series none = {"PHQ-9", NULL, 0};
    c.series = &none;
    c.n_series = 1;
    c.empty_text = NULL;
    struct easel_buf b;
    write_chart(&c, EASEL_IMG_SVG, 400, 240, &b);
    assert_non_null(strstr(easel_buf_str(&b), ">No data</text>"));
    easel_buf_release(&b);
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void test_png_size(void **state)
{
    (void)state;
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    struct easel_chart c = sample(S_GAS);
    struct easel_buf b;
    write_chart(&c, EASEL_IMG_PNG, 520, 310, &b);
    assert_true(b.len > 33);
    assert_memory_equal(b.data, sig, 8);
    const unsigned char *u = (const unsigned char *)b.data;
    assert_memory_equal(u + 12, "IHDR", 4);
    assert_int_equal(be32(u + 16), 520);
    assert_int_equal(be32(u + 20), 310);
    easel_buf_release(&b);
}

/* Binary-safe search (a PDF holds NUL bytes). */
static bool has_bytes(const struct easel_buf *b, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= b->len; i++)
        if (memcmp(b->data + i, needle, n) == 0)
            return true;
    return false;
}

static void test_pdf(void **state)
{
    (void)state;
    struct easel_chart c = sample(S_PHQ);
    struct easel_buf b;
    write_chart(&c, EASEL_IMG_PDF, 480, 300, &b);
    assert_memory_equal(b.data, "%PDF-1.5", 8);
    assert_non_null(strstr(b.data + b.len - 8, "%%EOF"));
    assert_true(has_bytes(&b, "/Title (Depression and anxiety scores)"));
    assert_true(has_bytes(&b, "/FontFile")); /* fonts embedded (pages: chart_files_test) */
    easel_buf_release(&b);
}

static cairo_status_t sink(void *closure, const unsigned char *data, unsigned int len)
{
    return easel_buf_add(closure, data, len) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* The documents' use: two charts drawn as vectors into one page of their own PDF. */
static void test_draw_into_page(void **state)
{
    (void)state;
    struct easel_buf b;
    easel_buf_init(&b, 16u << 20);
    cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(sink, &b, 595, 842);
    cairo_t *cr = cairo_create(pdf);
    struct easel_chart c = sample(S_PHQ), g = sample(S_GAS);
    assert_int_equal(render_chart_draw(cr, &c, 40, 60, 515, 300), 0);
    assert_int_equal(render_chart_draw(cr, &g, 40, 400, 515, 300), 0);
    c.bands = NULL;
    c.n_bands = 3; /* bands missing: refused, nothing drawn */
    assert_int_equal(render_chart_draw(cr, &c, 40, 60, 515, 300), EASEL_EINVAL);
    assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    cairo_surface_finish(pdf);
    assert_int_equal(cairo_surface_status(pdf), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(pdf);
    assert_memory_equal(b.data, "%PDF-", 5);
    easel_buf_release(&b);
}

static void expect_invalid(const struct easel_chart *c, double w, double h, const char *field)
{
    struct easel_buf b;
    easel_buf_init(&b, 1u << 20);
    struct easel_error err = {0};
    assert_int_equal(easel_chart_write(c, EASEL_IMG_SVG, w, h, &b, &err), EASEL_EINVAL);
    assert_string_equal(err.field, field);
    easel_buf_release(&b);
}

static void test_invalid(void **state)
{
    (void)state;
    struct easel_chart c = sample(S_PHQ);
    expect_invalid(&c, 99, 300, "width");
    expect_invalid(&c, 400, 4001, "height");
    c.y_max = 0;
    expect_invalid(&c, 400, 300, "y_max");

    struct easel_chart_point pts[3] = {
        {day("2024-01-01"), 5, false, NULL},
        {day("2024-02-01"), 28, false, NULL},
        {day("2024-03-01"), 5, false, NULL},
    };
    struct easel_chart_series se = {"PHQ-9", pts, 3};
    c = sample(S_PHQ);
    c.series = &se;
    c.n_series = 1;
    expect_invalid(&c, 400, 300, "series[0].pts[1]"); /* 28 > 27 */
    pts[1].y = 6;
    pts[2].day = day("2023-12-01");
    expect_invalid(&c, 400, 300, "series[0].pts[2]"); /* dates backwards */
    pts[2].day = day("2024-03-01");
    pts[0].marker_label = "bad \xff utf-8";
    expect_invalid(&c, 400, 300, "series[0].pts[0]");
    pts[0].marker_label = NULL;
    c.title = "tab\tok but bell \a is not";
    expect_invalid(&c, 400, 300, "title");
    c.title = "fine";
    struct easel_chart_band bad = {5, 5, "x"};
    c.bands = &bad;
    c.n_bands = 1;
    expect_invalid(&c, 400, 300, "bands[0]");

    /* legal size, but no room for the plot between title, axes and legend */
    c = sample(S_PHQ);
    expect_invalid(&c, 100, 100, "size");

    /* a buffer too small: ETOOBIG, never a crash */
    c = sample(S_PHQ);
    struct easel_buf b;
    easel_buf_init(&b, 512);
    struct easel_error err = {0};
    for (int f = EASEL_IMG_SVG; f <= EASEL_IMG_PDF; f++) {
        assert_int_equal(easel_chart_write(&c, (enum easel_img_format)f, 400, 300, &b, &err),
                         EASEL_ETOOBIG);
        easel_buf_release(&b);
        easel_buf_init(&b, 512);
    }
    easel_buf_release(&b);
}

static void test_deterministic(void **state)
{
    (void)state;
    struct easel_chart c = sample(S_PHQ);
    for (int f = EASEL_IMG_SVG; f <= EASEL_IMG_PNG; f++) {
        struct easel_buf a, b;
        write_chart(&c, (enum easel_img_format)f, 480, 300, &a);
        write_chart(&c, (enum easel_img_format)f, 480, 300, &b);
        assert_int_equal(a.len, b.len);
        assert_memory_equal(a.data, b.data, a.len);
        easel_buf_release(&a);
        easel_buf_release(&b);
    }
}

/* One point, five years of points, two years of monthly bars: all drawn, with the right axis. */
static void test_shapes_of_data(void **state)
{
    (void)state;
    struct easel_chart_point one = {day("2024-03-05"), 12, true, "Reliable deterioration"};
    struct easel_chart_series s1 = {"CORE-10", &one, 1};
    struct easel_chart c = {EASEL_CHART_LINE, "One", "Score", 0, 40, true, NULL, 0, &s1, 1, NULL};
    struct easel_buf b;
    write_chart(&c, EASEL_IMG_SVG, 400, 260, &b);
    assert_int_equal(count(easel_buf_str(&b), "class=\"point\""), 1);
    assert_int_equal(count(easel_buf_str(&b), "class=\"marker\""), 1);
    assert_non_null(strstr(easel_buf_str(&b), ">4 Mar</text>")); /* weekly ticks on Mondays */
    easel_buf_release(&b);

    struct easel_chart_point many[60];
    for (int i = 0; i < 60; i++)
        many[i] =
            (struct easel_chart_point){day("2019-01-10") + i * 30, (double)(i % 20), false, NULL};
    struct easel_chart_series s2 = {"WHO-5", many, 60};
    c = (struct easel_chart){
        EASEL_CHART_LINE, "Years", "Score", 0, 25, false, NULL, 0, &s2, 1, NULL};
    write_chart(&c, EASEL_IMG_SVG, 480, 300, &b);
    assert_int_equal(count(easel_buf_str(&b), "class=\"point\""), 60);
    assert_non_null(strstr(easel_buf_str(&b), ">2021</text>")); /* yearly ticks */
    easel_buf_release(&b);

    struct easel_chart_point mon[24];
    for (int i = 0; i < 24; i++) {
        char d[16];
        snprintf(d, sizeof(d), "%04d-%02d-01", 2023 + i / 12, i % 12 + 1);
        mon[i] = (struct easel_chart_point){day(d), (double)(i % 5), false, NULL};
    }
    struct easel_chart_series s3[3] = {
        {"Attended", mon, 24}, {"Cancelled", mon, 24}, {"No-show", mon, 24}};
    c = (struct easel_chart){
        EASEL_CHART_BARS, "Attendance", "Sessions", 0, 5, false, NULL, 0, s3, 3, NULL};
    write_chart(&c, EASEL_IMG_SVG, 480, 300, &b);
    assert_int_equal(count(easel_buf_str(&b), "class=\"point\""), 72);
    assert_non_null(strstr(easel_buf_str(&b), ">Jan 2023</text>"));
    assert_null(strstr(easel_buf_str(&b), ">Feb 2023</text>")); /* labels thinned out */
    easel_buf_release(&b);
}

/* An instrument's range and bands: PHQ-9-shaped numbers, hand-built (no KB needed). */
static void test_instrument_bands(void **state)
{
    (void)state;
    struct easel_band kb_bands[5] = {{0, 4, "Minimal"},
                                     {5, 9, "Mild"},
                                     {10, 14, "Moderate"},
                                     {15, 19, "Moderately severe"},
                                     {20, 27, "Severe"}};
    struct easel_instrument in = {0};
    in.id = "phq-9";
    in.total_min = 0;
    in.total_max = 27;
    in.higher_is_worse = true;
    in.bands = kb_bands;
    in.n_bands = 5;
    struct easel_chart c = {.kind = EASEL_CHART_LINE, .title = "PHQ-9"};
    struct easel_chart_band bands[5];
    struct easel_error err = {0};
    assert_int_equal(easel_chart_instrument(&c, &in, bands, 5, &err), 0);
    assert_true(c.y_min == 0 && c.y_max == 27 && c.y_inverted);
    assert_string_equal(c.y_label, "Total score");
    assert_int_equal(c.n_bands, 5);
    assert_true(c.bands[0].lo == 0 && c.bands[0].hi == 4.5); /* clipped at the axis */
    assert_true(c.bands[1].lo == 4.5 && c.bands[1].hi == 9.5);
    assert_true(c.bands[4].lo == 19.5 && c.bands[4].hi == 27);
    assert_string_equal(c.bands[3].label, "Moderately severe");
    assert_int_equal(easel_chart_instrument(&c, &in, bands, 4, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "bands");
    in.total_max = 0;
    assert_int_equal(easel_chart_instrument(&c, &in, bands, 5, &err), EASEL_EINVAL);

    /* drawn: the five labels in the SVG */
    in.total_max = 27;
    assert_int_equal(easel_chart_instrument(&c, &in, bands, 5, &err), 0);
    c.series = phq_series;
    c.n_series = 1;
    struct easel_buf b;
    write_chart(&c, EASEL_IMG_SVG, 480, 300, &b);
    assert_int_equal(count(easel_buf_str(&b), "class=\"band-label\""), 5);
    easel_buf_release(&b);
}

/* ---- golden PNGs ---- */

struct png_read {
    const unsigned char *p;
    size_t left;
};

static cairo_status_t png_src(void *closure, unsigned char *data, unsigned int len)
{
    struct png_read *r = closure;
    if (len > r->left)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->p, len);
    r->p += len;
    r->left -= len;
    return CAIRO_STATUS_SUCCESS;
}

/* Pixels whose largest channel difference exceeds 32 levels, or -1 when the sizes differ. */
static long png_diff(cairo_surface_t *a, cairo_surface_t *b)
{
    int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
    if (w != cairo_image_surface_get_width(b) || h != cairo_image_surface_get_height(b))
        return -1;
    cairo_surface_flush(a);
    cairo_surface_flush(b);
    const unsigned char *pa = cairo_image_surface_get_data(a),
                        *pb = cairo_image_surface_get_data(b);
    int sa = cairo_image_surface_get_stride(a), sb = cairo_image_surface_get_stride(b);
    long bad = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int m = 0;
            for (int ch = 0; ch < 4; ch++) {
                int d = pa[y * sa + x * 4 + ch] - pb[y * sb + x * 4 + ch];
                d = d < 0 ? -d : d;
                m = d > m ? d : m;
            }
            bad += m > 32;
        }
    return bad;
}

static void test_golden_png(void **state)
{
    (void)state;
    static const int goldens[] = {S_PHQ, S_ATT, S_GAS, S_OBJ, S_EMPTY};
    bool update = getenv("EASEL_UPDATE_GOLDEN") != NULL;
    for (size_t i = 0; i < sizeof(goldens) / sizeof(goldens[0]); i++) {
        struct easel_chart c = sample(goldens[i]);
        struct easel_buf b;
        write_chart(&c, EASEL_IMG_PNG, 480, 300, &b);
        char path[512], actual[512];
        snprintf(path, sizeof(path), "%s/tests/golden/charts/%s.png", EASEL_SOURCE_DIR,
                 sample_name[goldens[i]]);
        snprintf(actual, sizeof(actual), "%s/chart-actual-%s.png", EASEL_BINARY_DIR,
                 sample_name[goldens[i]]);
        if (update) {
            FILE *f = fopen(path, "wb");
            assert_non_null(f);
            assert_int_equal(fwrite(b.data, 1, b.len, f), b.len);
            fclose(f);
        }
        cairo_surface_t *want = cairo_image_surface_create_from_png(path);
        assert_int_equal(cairo_surface_status(want), CAIRO_STATUS_SUCCESS);
        struct png_read r = {(const unsigned char *)b.data, b.len};
        cairo_surface_t *got = cairo_image_surface_create_from_png_stream(png_src, &r);
        assert_int_equal(cairo_surface_status(got), CAIRO_STATUS_SUCCESS);
        long bad = png_diff(want, got), total = 480L * 300L;
        if (bad < 0 || bad * 100 >= total) { /* 1 % of the pixels */
            cairo_surface_write_to_png(got, actual);
            fprintf(stderr, "%s: %ld pixels differ by more than 32 levels; actual image: %s\n",
                    path, bad, actual);
        }
        assert_true(bad >= 0 && bad * 100 < total);
        cairo_surface_destroy(want);
        cairo_surface_destroy(got);
        easel_buf_release(&b);
    }
}

/* The golden comparison must be able to fail: a different chart differs from the golden. */
static void test_golden_detects_change(void **state)
{
    (void)state;
    struct easel_chart c = sample(S_PHQ);
    c.y_inverted = false; /* the band shading flips */
    c.n_series = 1;
    struct easel_buf b;
    write_chart(&c, EASEL_IMG_PNG, 480, 300, &b);
    char path[512];
    snprintf(path, sizeof(path), "%s/tests/golden/charts/phq9.png", EASEL_SOURCE_DIR);
    cairo_surface_t *want = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(want), CAIRO_STATUS_SUCCESS);
    struct png_read r = {(const unsigned char *)b.data, b.len};
    cairo_surface_t *got = cairo_image_surface_create_from_png_stream(png_src, &r);
    long bad = png_diff(want, got);
    assert_true(bad * 100 >= 480L * 300L);
    cairo_surface_destroy(want);
    cairo_surface_destroy(got);
    easel_buf_release(&b);
}

static int write_all(const char *dir)
{
    static const char *const ext[3] = {"svg", "png", "pdf"};
    for (int i = 0; i < N_SAMPLES; i++) {
        struct easel_chart c = sample(i);
        for (int f = 0; f < 3; f++) {
            struct easel_buf b;
            struct easel_error err = {0};
            easel_buf_init(&b, 16u << 20);
            char path[512];
            snprintf(path, sizeof(path), "%s/%s.%s", dir, sample_name[i], ext[f]);
            int rc = easel_chart_write(&c, (enum easel_img_format)f, 480, 300, &b, &err);
            if (!rc)
                rc = easel_file_write_atomic(path, b.data, b.len, &err);
            easel_buf_release(&b);
            if (rc) {
                fprintf(stderr, "%s: %s: %s\n", path, err.field, err.msg);
                return 1;
            }
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    make_samples();
    if (argc == 3 && strcmp(argv[1], "--write") == 0)
        return write_all(argv[2]);
    struct easel_error err = {0};
    if (render_init(&err)) {
        fprintf(stderr, "fonts: %s (skipped)\n", err.msg);
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_svg_contents),
        cmocka_unit_test(test_svg_escapes),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_png_size),
        cmocka_unit_test(test_pdf),
        cmocka_unit_test(test_draw_into_page),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_golden_png),
        cmocka_unit_test(test_golden_detects_change),
        cmocka_unit_test(test_instrument_bands),
        cmocka_unit_test(test_shapes_of_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
