/*
 * tests/test_demo_art.c — the demo artworks (src/render/demo_art.c, demo_photo.c;
 * easel_render_demo_artwork in easel/render.h): the same seed gives the same pixels and another
 * seed or subject other ones; a good share of the page stays light paper; photographed, the
 * table at the picture's edges is darker than the paper in the middle; read as an upload is
 * (easel_image_encode at quality 85, the display size, the sheet found and flattened by
 * easel/paper.h), the sheet is found and the computer-assisted formal elements (easel/formal.h)
 * are plausible (space used 5-70 %, 1-7 colours); bad sizes and kinds fail.
 *
 * `test_demo_art --write DIR` writes one photographed JPEG per subject and medium into DIR, to
 * look at them.
 *
 * Owns: every buffer it makes (freed in the same test). Fails: through cmocka asserts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "easel/formal.h"
#include "easel/image.h"
#include "easel/paper.h"
#include "easel/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 480
#define H 360

static uint8_t *draw(uint64_t seed, enum easel_demo_subject subject, enum easel_demo_medium medium,
                     bool adult, bool photographed, uint32_t w, uint32_t h)
{
    struct easel_demo_art art = {subject, medium, adult, photographed};
    uint8_t *rgb = NULL;
    struct easel_error err = {0};
    int rc = easel_render_demo_artwork(seed, &art, w, h, &rgb, &err);
    if (rc)
        fprintf(stderr, "demo artwork: %s\n", err.msg);
    assert_int_equal(rc, 0);
    assert_non_null(rgb);
    return rgb;
}

/* The share of pixels that are light, low-colour paper. */
static double paper_share(const uint8_t *rgb, uint32_t w, uint32_t h)
{
    size_t n = (size_t)w * h, light = 0;
    for (size_t i = 0; i < n; i++) {
        const uint8_t *p = rgb + i * 3;
        int mx = p[0] > p[1] ? (p[0] > p[2] ? p[0] : p[2]) : (p[1] > p[2] ? p[1] : p[2]);
        int mn = p[0] < p[1] ? (p[0] < p[2] ? p[0] : p[2]) : (p[1] < p[2] ? p[1] : p[2]);
        light += mn >= 200 && mx - mn <= 25;
    }
    return (double)light / (double)n;
}

static double mean_lightness(const uint8_t *rgb, uint32_t w, uint32_t x0, uint32_t y0, uint32_t x1,
                             uint32_t y1)
{
    double sum = 0;
    size_t n = 0;
    for (uint32_t y = y0; y < y1; y++)
        for (uint32_t x = x0; x < x1; x++, n++) {
            const uint8_t *p = rgb + ((size_t)y * w + x) * 3;
            sum += (p[0] + p[1] + p[2]) / 3.0;
        }
    return sum / (double)n;
}

static void same_seed_same_pixels(void **state)
{
    (void)state;
    for (int m = 0; m < EASEL_DEMO_MEDIA; m++) {
        uint8_t *a = draw(7, EASEL_DEMO_HOUSE, (enum easel_demo_medium)m, m % 2, true, W, H);
        uint8_t *b = draw(7, EASEL_DEMO_HOUSE, (enum easel_demo_medium)m, m % 2, true, W, H);
        assert_memory_equal(a, b, (size_t)W * H * 3);
        free(a);
        free(b);
    }
}

static size_t differing(const uint8_t *a, const uint8_t *b, size_t n)
{
    size_t d = 0;
    for (size_t i = 0; i < n; i++)
        d += abs(a[i] - b[i]) > 30;
    return d;
}

static void seeds_and_kinds_differ(void **state)
{
    (void)state;
    size_t n = (size_t)W * H * 3;
    uint8_t *first = draw(11, EASEL_DEMO_FIGURE, EASEL_DEMO_CRAYON, false, false, W, H);
    uint8_t *seed2 = draw(12, EASEL_DEMO_FIGURE, EASEL_DEMO_CRAYON, false, false, W, H);
    assert_true(differing(first, seed2, n) > n / 100);
    for (int k = 1; k < EASEL_DEMO_SUBJECTS; k++) {
        uint8_t *other =
            draw(11, (enum easel_demo_subject)k, EASEL_DEMO_CRAYON, false, false, W, H);
        assert_true(differing(first, other, n) > n / 100);
        free(other);
    }
    uint8_t *marker = draw(11, EASEL_DEMO_FIGURE, EASEL_DEMO_MARKER, false, false, W, H);
    assert_true(differing(first, marker, n) > n / 200);
    free(marker);
    free(seed2);
    free(first);
}

/* Every subject, medium and hand leaves paper showing: at least a quarter of the flat page is
   light paper, and something is drawn (not all of it). */
static void paper_shows(void **state)
{
    (void)state;
    for (int k = 0; k < EASEL_DEMO_SUBJECTS; k++)
        for (int m = 0; m < EASEL_DEMO_MEDIA; m++)
            for (int adult = 0; adult < 2; adult++)
                for (uint64_t seed = 1; seed <= 3; seed++) {
                    uint8_t *rgb = draw(seed * 100 + (uint64_t)k, (enum easel_demo_subject)k,
                                        (enum easel_demo_medium)m, adult, false, W, H);
                    double share = paper_share(rgb, W, H);
                    if (share < 0.25 || share > 0.985)
                        fprintf(stderr, "subject %d medium %d adult %d seed %u: paper %.3f\n", k, m,
                                adult, (unsigned)seed, share);
                    assert_true(share >= 0.25);
                    assert_true(share <= 0.985);
                    free(rgb);
                }
}

/* Photographed: the table shows at the edges, darker than the paper in the middle of the
   picture; the flat page's edges are paper. */
static void photographed_edges_darker(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        enum easel_demo_subject k = (enum easel_demo_subject)(seed % EASEL_DEMO_SUBJECTS);
        uint8_t *rgb = draw(seed, k, EASEL_DEMO_PENCIL, seed % 2, true, W, H);
        uint8_t *flat = draw(seed, k, EASEL_DEMO_PENCIL, seed % 2, false, W, H);
        /* a 3-pixel frame all round, and the light (paper) part of the middle */
        double edge =
            (mean_lightness(rgb, W, 0, 0, W, 3) + mean_lightness(rgb, W, 0, H - 3, W, H) +
             mean_lightness(rgb, W, 0, 0, 3, H) + mean_lightness(rgb, W, W - 3, 0, W, H)) /
            4;
        double flat_edge =
            (mean_lightness(flat, W, 0, 0, W, 3) + mean_lightness(flat, W, 0, H - 3, W, H) +
             mean_lightness(flat, W, 0, 0, 3, H) + mean_lightness(flat, W, W - 3, 0, W, H)) /
            4;
        double paper = 0;
        size_t n = 0;
        for (uint32_t y = H / 4; y < 3 * H / 4; y++)
            for (uint32_t x = W / 4; x < 3 * W / 4; x++) {
                const uint8_t *p = rgb + ((size_t)y * W + x) * 3;
                double l = (p[0] + p[1] + p[2]) / 3.0;
                if (l > 150) {
                    paper += l;
                    n++;
                }
            }
        assert_true(n > 0);
        paper /= (double)n;
        if (edge > paper - 40)
            fprintf(stderr, "seed %u: edge %.1f paper %.1f\n", (unsigned)seed, edge, paper);
        assert_true(edge < paper - 40);
        assert_true(flat_edge > edge + 20); /* the flat page's edges are the page's */
        /* the photograph is a little under-exposed: the paper is no longer pure white */
        assert_true(paper < 245);
        free(rgb);
        free(flat);
    }
}

/* The formal elements of photographed demo artworks read as the ingest reads an upload (JPEG
   at quality 85, the display size, the sheet found and flattened): the sheet is found in every
   one; each has something drawn and paper left (space used 1-70 %, 1-9 colours), and most (at
   least 12 of 16) are in the band of typical drawings: space used 5-70 %, 1-7 colours. A lone
   stick figure uses less than 5 % of the page, and a child's full crayon scene can reach 8 or 9
   colours (a crayon's green over the grain reads as two or three greens). */
static void formal_elements_plausible(void **state)
{
    (void)state;
    static const struct {
        enum easel_demo_subject k;
        enum easel_demo_medium m;
        bool adult;
    } cases[] = {
        {EASEL_DEMO_HOUSE, EASEL_DEMO_CRAYON, false},
        {EASEL_DEMO_FIGURE, EASEL_DEMO_MARKER, false},
        {EASEL_DEMO_TREE, EASEL_DEMO_WATERCOLOUR, true},
        {EASEL_DEMO_FIGURE, EASEL_DEMO_CRAYON, true},
        {EASEL_DEMO_MANDALA, EASEL_DEMO_MARKER, true},
        {EASEL_DEMO_LANDSCAPE, EASEL_DEMO_CRAYON, false},
        {EASEL_DEMO_RAIN, EASEL_DEMO_PENCIL, false},
        {EASEL_DEMO_ABSTRACT, EASEL_DEMO_WATERCOLOUR, true},
        {EASEL_DEMO_LANDSCAPE, EASEL_DEMO_WATERCOLOUR, true},
        {EASEL_DEMO_HOUSE, EASEL_DEMO_GRAPHITE, true},
        {EASEL_DEMO_TREE, EASEL_DEMO_CRAYON, false},
        {EASEL_DEMO_ABSTRACT, EASEL_DEMO_MARKER, false},
        {EASEL_DEMO_MANDALA, EASEL_DEMO_PENCIL, false},
        {EASEL_DEMO_FIGURE, EASEL_DEMO_WATERCOLOUR, true},
        {EASEL_DEMO_RAIN, EASEL_DEMO_MARKER, true},
        {EASEL_DEMO_LANDSCAPE, EASEL_DEMO_PENCIL, true},
    };
    int typical = 0, n = (int)(sizeof(cases) / sizeof(cases[0]));
    for (int i = 0; i < n; i++) {
        bool portrait = cases[i].k == EASEL_DEMO_FIGURE || cases[i].k == EASEL_DEMO_RAIN ||
                        cases[i].k == EASEL_DEMO_TREE;
        uint32_t w = portrait ? 1200 : 1600, h = portrait ? 1600 : 1200;
        uint8_t *rgb = draw(40 + (uint64_t)i, cases[i].k, cases[i].m, cases[i].adult, true, w, h);
        struct easel_buf jpeg;
        easel_buf_init(&jpeg, (size_t)20 << 20);
        struct easel_error err = {0};
        struct easel_pixels made = {w, h, rgb};
        assert_int_equal(easel_image_encode(&made, &jpeg, &err), 0);
        struct easel_pixels px;
        assert_int_equal(easel_image_decode((const unsigned char *)jpeg.data, jpeg.len,
                                            EASEL_IMAGE_DISPLAY, &px, &err),
                         0);
        struct easel_quad q;
        int found = 0;
        assert_int_equal(easel_paper_find(px.rgb, px.width, px.height, &q, &found), 0);
        assert_true(found);
        struct easel_pixels sheet = {0, 0, NULL};
        easel_paper_size(&q, EASEL_IMAGE_DISPLAY, &sheet.width, &sheet.height);
        sheet.rgb = malloc((size_t)sheet.width * sheet.height * 3);
        assert_non_null(sheet.rgb);
        assert_int_equal(easel_paper_flatten(px.rgb, px.width, px.height, &q, sheet.width,
                                             sheet.height, sheet.rgb),
                         0);
        struct easel_formal f;
        assert_int_equal(easel_formal_analyse(sheet.rgb, sheet.width, sheet.height, &f), 0);
        fprintf(stderr, "case %d: %zu KB, space used %.1f %%, %d colours, variety %.2f bits\n", i,
                jpeg.len / 1024, f.space_used * 100, f.n_colours, f.hue_entropy);
        assert_true(f.space_used >= 0.01 && f.space_used <= 0.70);
        assert_true(f.n_colours >= 1 && f.n_colours <= 9);
        typical += f.space_used >= 0.05 && f.n_colours <= 7;
        easel_pixels_release(&sheet);
        easel_pixels_release(&px);
        easel_buf_release(&jpeg);
        free(rgb);
    }
    fprintf(stderr, "%d of %d in the typical band\n", typical, n);
    assert_true(typical >= 12);
}

static void bad_input(void **state)
{
    (void)state;
    struct easel_demo_art art = {EASEL_DEMO_HOUSE, EASEL_DEMO_CRAYON, false, true};
    uint8_t *rgb = (uint8_t *)&art;
    struct easel_error err = {0};
    assert_int_equal(easel_render_demo_artwork(1, &art, 10, 400, &rgb, &err), EASEL_EINVAL);
    assert_null(rgb);
    assert_string_equal(err.field, "size");
    assert_int_equal(easel_render_demo_artwork(1, &art, 400, 5000, &rgb, &err), EASEL_EINVAL);
    art.subject = EASEL_DEMO_SUBJECTS;
    assert_int_equal(easel_render_demo_artwork(1, &art, 400, 300, &rgb, &err), EASEL_EINVAL);
    assert_null(rgb);
    art.subject = EASEL_DEMO_HOUSE;
    art.medium = EASEL_DEMO_MEDIA;
    assert_int_equal(easel_render_demo_artwork(1, &art, 400, 300, &rgb, &err), EASEL_EINVAL);
}

static int write_samples(const char *dir)
{
    static const char *const subjects[] = {"figure",   "rain",    "house",    "tree",
                                           "abstract", "mandala", "landscape"};
    static const char *const media[] = {"crayon", "marker", "watercolour", "pencil", "graphite"};
    for (int k = 0; k < EASEL_DEMO_SUBJECTS; k++)
        for (int m = 0; m < EASEL_DEMO_MEDIA; m++)
            for (int adult = 0; adult < 2; adult++) {
                bool portrait =
                    k == EASEL_DEMO_FIGURE || k == EASEL_DEMO_RAIN || k == EASEL_DEMO_TREE;
                uint32_t w = portrait ? 1200 : 1600, h = portrait ? 1600 : 1200;
                struct easel_demo_art art = {(enum easel_demo_subject)k, (enum easel_demo_medium)m,
                                             adult, true};
                struct easel_error err = {0};
                struct easel_buf jpeg;
                easel_buf_init(&jpeg, (size_t)20 << 20);
                struct easel_pixels made = {w, h, NULL};
                if (easel_render_demo_artwork((uint64_t)(k * 10 + m * 3 + adult), &art, w, h,
                                              &made.rgb, &err) ||
                    easel_image_encode(&made, &jpeg, &err)) {
                    fprintf(stderr, "%s\n", err.msg);
                    return 1;
                }
                char path[4096];
                snprintf(path, sizeof(path), "%s/%s-%s-%s.jpg", dir, subjects[k], media[m],
                         adult ? "adult" : "child");
                FILE *f = fopen(path, "wb");
                if (!f || fwrite(jpeg.data, 1, jpeg.len, f) != jpeg.len || fclose(f)) {
                    perror(path);
                    return 1;
                }
                free(made.rgb);
                easel_buf_release(&jpeg);
            }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--write") == 0)
        return write_samples(argv[2]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_seed_same_pixels),
        cmocka_unit_test(seeds_and_kinds_differ),
        cmocka_unit_test(paper_shows),
        cmocka_unit_test(photographed_edges_darker),
        cmocka_unit_test(formal_elements_plausible),
        cmocka_unit_test(bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
