/*
 * tests/test_image_probe.c — core/image_probe.c: a real 3x2 PNG and a real 3x2 baseline JPEG
 * (generated once with python3 and checked to decode with libpng and libjpeg), every prefix
 * of both, wrong magic, zero and over-limit dimensions, the 20 MiB byte limit, a missing frame
 * header, and marker lengths that point past the end.
 *
 * Owns: every probed input is a heap copy of exactly its length, so ASan reports any read past
 * the end; freed in the same test. Fails: through cmocka asserts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "easel/image_probe.h"
#include "easel/store.h"

#include <stdlib.h>
#include <string.h>

/* 3x2, 8-bit greyscale, zlib-compressed IDAT, real CRCs */
static const unsigned char tiny_png[71] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
    0x52, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x02, 0x08, 0x00, 0x00, 0x00, 0x00, 0xb8,
    0x1f, 0x39, 0xc6, 0x00, 0x00, 0x00, 0x0e, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x70,
    0x68, 0x38, 0xc0, 0x00, 0xc4, 0x00, 0x0b, 0x08, 0x03, 0x01, 0x46, 0x71, 0xbe, 0xce, 0x00,
    0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

/* 3x2 baseline JPEG, one component: SOI, APP0 (JFIF), DQT, SOF0, DHT x2, SOS, one MCU, EOI */
static const unsigned char tiny_jpeg[159] = {
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0xff, 0xdb, 0x00, 0x43, 0x00, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x02,
    0x00, 0x03, 0x01, 0x01, 0x11, 0x00, 0xff, 0xc4, 0x00, 0x14, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xc4, 0x00, 0x14,
    0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x3f, 0xff, 0xd9,
};

enum { JPEG_SOF = 89, JPEG_SOF_END = 102, JPEG_Y = 94, JPEG_X = 96 }; /* offsets in tiny_jpeg */

/* Probe an exact-size heap copy; returns the code and fills info and err. */
static int probe(const void *bytes, size_t len, struct easel_image_info *info,
                 struct easel_error *err)
{
    unsigned char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    if (len)
        memcpy(copy, bytes, len);
    memset(err, 0, sizeof(*err));
    int rc = easel_image_probe(len ? copy : NULL, len, info, err);
    free(copy);
    return rc;
}

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

static void put_be16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8), p[1] = (unsigned char)v;
}

/* tiny_png with other dimensions (the stale CRC does not matter: it is not checked) */
static int png_sized(uint32_t w, uint32_t h, struct easel_image_info *info, struct easel_error *err)
{
    unsigned char b[sizeof(tiny_png)];
    memcpy(b, tiny_png, sizeof(b));
    put_be32(b + 16, w);
    put_be32(b + 20, h);
    return probe(b, sizeof(b), info, err);
}

static int jpeg_sized(unsigned w, unsigned h, struct easel_image_info *info,
                      struct easel_error *err)
{
    unsigned char b[sizeof(tiny_jpeg)];
    memcpy(b, tiny_jpeg, sizeof(b));
    put_be16(b + JPEG_X, w);
    put_be16(b + JPEG_Y, h);
    return probe(b, sizeof(b), info, err);
}

static void valid_png_and_jpeg(void **state)
{
    (void)state;
    struct easel_image_info info;
    struct easel_error err;
    assert_int_equal(probe(tiny_png, sizeof(tiny_png), &info, &err), 0);
    assert_int_equal(info.format, EASEL_IMAGE_PNG);
    assert_string_equal(info.mime, "image/png");
    assert_int_equal(info.width, 3);
    assert_int_equal(info.height, 2);
    assert_int_equal(info.components, 1);
    assert_int_equal(probe(tiny_jpeg, sizeof(tiny_jpeg), &info, &err), 0);
    assert_int_equal(info.format, EASEL_IMAGE_JPEG);
    assert_string_equal(info.mime, "image/jpeg");
    assert_int_equal(info.width, 3);
    assert_int_equal(info.height, 2);
    assert_int_equal(info.components, 1);
    assert_int_equal(tiny_jpeg[JPEG_SOF], 0xff);
    assert_int_equal(tiny_jpeg[JPEG_SOF + 1], 0xc0);
}

/* Every prefix: shorter than the header fails (never reads past the end), the rest pass. */
static void truncations_at_every_length(void **state)
{
    (void)state;
    struct easel_image_info info;
    struct easel_error err;
    for (size_t n = 0; n <= sizeof(tiny_png); n++) {
        int rc = probe(tiny_png, n, &info, &err);
        if (n < 33) {
            assert_int_equal(rc, EASEL_EINVAL);
            assert_string_equal(err.field, "image");
            assert_null(info.mime);
        } else {
            assert_int_equal(rc, 0);
        }
    }
    for (size_t n = 0; n <= sizeof(tiny_jpeg); n++) {
        int rc = probe(tiny_jpeg, n, &info, &err);
        if (n < JPEG_SOF_END) {
            assert_int_equal(rc, EASEL_EINVAL);
            assert_string_equal(err.field, "image");
            assert_int_equal(info.width, 0);
        } else {
            assert_int_equal(rc, 0);
            assert_int_equal(info.width, 3);
        }
    }
}

static void wrong_magic(void **state)
{
    (void)state;
    struct easel_image_info info;
    struct easel_error err;
    static const char *const texts[] = {"these are my notes, saved as drawing.png\n",
                                        "GIF89a\x03\x00\x02\x00", "BM\x46\x00\x00\x00",
                                        "\x89PNX\r\n\x1a\n", "RIFF\x10\x00\x00\x00WEBPVP8 "};
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        assert_int_equal(probe(texts[i], strlen(texts[i]), &info, &err), EASEL_EINVAL);
        assert_string_equal(err.field, "image");
    }
    assert_int_equal(probe("", 0, &info, &err), EASEL_EINVAL);
    assert_non_null(strstr(err.msg, "empty"));
    assert_int_equal(probe(tiny_png, 4, &info, &err), EASEL_EINVAL);
    assert_non_null(strstr(err.msg, "PNG: truncated signature"));
    /* SOI followed by something that is not a marker */
    assert_int_equal(probe("\xff\xd8\x00\x10", 4, &info, &err), EASEL_EINVAL);
    assert_non_null(strstr(err.msg, "expected a marker at byte 2"));
    /* a PNG whose first chunk is not IHDR, or an IHDR of the wrong length */
    unsigned char b[sizeof(tiny_png)];
    memcpy(b, tiny_png, sizeof(b));
    memcpy(b + 12, "IDAT", 4);
    assert_int_equal(probe(b, sizeof(b), &info, &err), EASEL_EINVAL);
    memcpy(b, tiny_png, sizeof(b));
    b[11] = 12;
    assert_int_equal(probe(b, sizeof(b), &info, &err), EASEL_EINVAL);
}

static void png_header_fields(void **state)
{
    (void)state;
    struct easel_image_info info;
    struct easel_error err;
    unsigned char b[sizeof(tiny_png)];
    static const struct {
        unsigned depth, colour;
        int ok;
        unsigned samples;
    } cases[] = {{1, 0, 1, 1}, {16, 0, 1, 1}, {8, 2, 1, 3},   {16, 6, 1, 4}, {4, 3, 1, 1},
                 {8, 4, 1, 2}, {16, 3, 0, 0}, {4, 2, 0, 0},   {3, 0, 0, 0},  {8, 1, 0, 0},
                 {8, 7, 0, 0}, {0, 0, 0, 0},  {255, 0, 0, 0}, {32, 6, 0, 0}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        memcpy(b, tiny_png, sizeof(b));
        b[24] = (unsigned char)cases[i].depth;
        b[25] = (unsigned char)cases[i].colour;
        int rc = probe(b, sizeof(b), &info, &err);
        assert_int_equal(rc, cases[i].ok ? 0 : EASEL_EINVAL);
        if (cases[i].ok)
            assert_int_equal(info.components, cases[i].samples);
    }
    memcpy(b, tiny_png, sizeof(b));
    b[28] = 1; /* Adam7 interlace: allowed */
    assert_int_equal(probe(b, sizeof(b), &info, &err), 0);
    b[28] = 2;
    assert_int_equal(probe(b, sizeof(b), &info, &err), EASEL_EINVAL);
    memcpy(b, tiny_png, sizeof(b));
    b[26] = 1; /* compression method */
    assert_int_equal(probe(b, sizeof(b), &info, &err), EASEL_EINVAL);
    memcpy(b, tiny_png, sizeof(b));
    b[29] ^= 0xff; /* a wrong CRC is not checked */
    assert_int_equal(probe(b, sizeof(b), &info, &err), 0);
}

static void dimension_limits(void **state)
{
    (void)state;
    struct easel_image_info info;
    struct easel_error err;
    assert_int_equal(png_sized(0, 2, &info, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "image.width");
    assert_int_equal(png_sized(3, 0, &info, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "image.height");
    assert_int_equal(png_sized(12001, 1, &info, &err), EASEL_ETOOBIG);
    assert_string_equal(err.field, "image.width");
    assert_int_equal(png_sized(1, 12001, &info, &err), EASEL_ETOOBIG);
    assert_string_equal(err.field, "image.height");
    assert_int_equal(png_sized(12000, 1, &info, &err), 0);
    assert_int_equal(png_sized(1, 12000, &info, &err), 0);
    assert_int_equal(png_sized(12000, 12000, &info, &err), EASEL_ETOOBIG); /* 144 MP */
    assert_string_equal(err.field, "image.pixels");
    assert_int_equal(png_sized(10000, 8000, &info, &err), 0); /* exactly 80 MP */
    assert_int_equal(info.width, 10000);
    assert_int_equal(png_sized(8000, 10001, &info, &err), EASEL_ETOOBIG);
    assert_string_equal(err.field, "image.pixels");
    assert_int_equal(png_sized(0xffffffffu, 0xffffffffu, &info, &err), EASEL_EINVAL);
    assert_int_equal(png_sized(0x7fffffffu, 1, &info, &err), EASEL_ETOOBIG);
    assert_null(info.mime);

    assert_int_equal(jpeg_sized(0, 2, &info, &err), EASEL_EINVAL);
    assert_string_equal(err.field, "image.width");
    assert_int_equal(jpeg_sized(3, 0, &info, &err), EASEL_EINVAL); /* DNL-defined height */
    assert_string_equal(err.field, "image.height");
    assert_int_equal(jpeg_sized(65535, 65535, &info, &err), EASEL_ETOOBIG);
    assert_string_equal(err.field, "image.width");
    assert_int_equal(jpeg_sized(12000, 12001, &info, &err), EASEL_ETOOBIG);
    assert_string_equal(err.field, "image.height");
    assert_int_equal(jpeg_sized(9000, 9000, &info, &err), EASEL_ETOOBIG);
    assert_string_equal(err.field, "image.pixels");
    assert_int_equal(jpeg_sized(8000, 10000, &info, &err), 0);
    assert_int_equal(info.height, 10000);
}

static void byte_limit(void **state)
{
    (void)state;
    struct easel_image_info info;
    struct easel_error err;
    unsigned char *big = calloc(1, EASEL_ARTWORK_MAX + 1);
    assert_non_null(big);
    memcpy(big, tiny_png, sizeof(tiny_png));
    assert_int_equal(easel_image_probe(big, EASEL_ARTWORK_MAX, &info, &err), 0);
    assert_int_equal(easel_image_probe(big, EASEL_ARTWORK_MAX + 1, &info, &err), EASEL_ETOOBIG);
    assert_string_equal(err.field, "image.size");
    assert_null(info.mime);
    free(big);
}

/* JPEG files built from segments, for the marker walk. */
static size_t seg(unsigned char *out, unsigned marker, const void *payload, size_t n)
{
    out[0] = 0xff;
    out[1] = (unsigned char)marker;
    put_be16(out + 2, (unsigned)(n + 2));
    memcpy(out + 4, payload, n);
    return n + 4;
}

static void jpeg_marker_walk(void **state)
{
    (void)state;
    struct easel_image_info info;
    struct easel_error err;
    unsigned char b[256];
    static const unsigned char sof3x2[9] = {8, 0, 2, 0, 3, 1, 1, 0x11, 0};
    size_t n;

    /* SOF absent: tables, then a scan or the end of the image */
    n = 2, memcpy(b, "\xff\xd8", 2);
    n += seg(b + n, 0xe0, "JFIF\0\1\1\0\0\1\0\1\0\0", 14);
    n += seg(b + n, 0xda, "\1\1\0\0\x3f\0", 6);
    assert_int_equal(probe(b, n, &info, &err), EASEL_EINVAL);
    assert_non_null(strstr(err.msg, "0xDA"));
    memcpy(b + 20, "\xff\xd9", 2);
    assert_int_equal(probe(b, 22, &info, &err), EASEL_EINVAL);
    assert_non_null(strstr(err.msg, "end of image"));
    assert_int_equal(probe(b, 20, &info, &err), EASEL_EINVAL); /* ends after APP0 */
    assert_non_null(strstr(err.msg, "truncated"));

    /* marker lengths past the end, and below 2 */
    memcpy(b, tiny_jpeg, 20);
    put_be16(b + 4, 0xffff);
    assert_int_equal(probe(b, 20, &info, &err), EASEL_EINVAL);
    assert_non_null(strstr(err.msg, "past the end"));
    put_be16(b + 4, 17); /* APP0 holds 16 bytes: one more than there is */
    assert_int_equal(probe(b, 20, &info, &err), EASEL_EINVAL);
    for (unsigned l = 0; l < 2; l++) {
        put_be16(b + 4, l);
        assert_int_equal(probe(b, 20, &info, &err), EASEL_EINVAL);
        assert_non_null(strstr(err.msg, "has length"));
    }
    /* the SOF segment's own length past the end */
    memcpy(b, tiny_jpeg, sizeof(tiny_jpeg));
    put_be16(b + JPEG_SOF + 2, 0x0100);
    assert_int_equal(probe(b, JPEG_SOF_END + 10, &info, &err), EASEL_EINVAL);
    assert_non_null(strstr(err.msg, "past the end"));

    /* a frame header whose component count disagrees with its length, or is too short */
    memcpy(b, tiny_jpeg, sizeof(tiny_jpeg));
    b[JPEG_SOF + 9] = 2; /* Nf */
    assert_int_equal(probe(b, sizeof(tiny_jpeg), &info, &err), EASEL_EINVAL);
    b[JPEG_SOF + 9] = 0;
    assert_int_equal(probe(b, sizeof(tiny_jpeg), &info, &err), EASEL_EINVAL);
    n = 2, memcpy(b, "\xff\xd8", 2);
    n += seg(b + n, 0xc0, sof3x2, 5);
    assert_int_equal(probe(b, n, &info, &err), EASEL_EINVAL);
    assert_non_null(strstr(err.msg, "too short"));
    memcpy(b, tiny_jpeg, sizeof(tiny_jpeg));
    b[JPEG_SOF + 11] = 0x51; /* horizontal sampling 5 */
    assert_int_equal(probe(b, sizeof(tiny_jpeg), &info, &err), EASEL_EINVAL);
    memcpy(b, tiny_jpeg, sizeof(tiny_jpeg));
    b[JPEG_SOF + 4] = 1; /* precision 1 */
    assert_int_equal(probe(b, sizeof(tiny_jpeg), &info, &err), EASEL_EINVAL);

    /* fill bytes, TEM and comments before the frame; progressive and lossless frames */
    memcpy(b, "\xff\xd8\xff\xff\xff\x01", 6), n = 6;
    n += seg(b + n, 0xfe, "synthetic", 9);
    n += seg(b + n, 0xc2, sof3x2, sizeof(sof3x2));
    assert_int_equal(probe(b, n, &info, &err), 0);
    assert_int_equal(info.width, 3);
    n = 2, memcpy(b, "\xff\xd8", 2);
    n += seg(b + n, 0xc3, sof3x2, sizeof(sof3x2));
    assert_int_equal(probe(b, n, &info, &err), 0);
    n = 2, memcpy(b, "\xff\xd8", 2);
    n += seg(b + n, 0xc0, "\x08\x00\x02\x00\x03\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 15);
    assert_int_equal(probe(b, n, &info, &err), 0);
    assert_int_equal(info.components, 3);

    /* not allowed before the frame: reserved markers, JPG, RSTn, a second SOI, DHP, EXP, JPGn, 00
     */
    static const unsigned bad[] = {0x02, 0xbf, 0xc8, 0xd0, 0xd7, 0xd8, 0xde, 0xdf, 0xf7, 0x00};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        n = 2, memcpy(b, "\xff\xd8", 2);
        n += seg(b + n, bad[i], "\0\0\0\0", 4);
        n += seg(b + n, 0xc0, sof3x2, sizeof(sof3x2));
        assert_int_equal(probe(b, n, &info, &err), EASEL_EINVAL);
        assert_non_null(strstr(err.msg, "not allowed"));
    }
    /* only fill bytes after SOI */
    assert_int_equal(probe("\xff\xd8\xff\xff", 4, &info, &err), EASEL_EINVAL);
    assert_int_equal(probe("\xff", 1, &info, &err), EASEL_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_png_and_jpeg), cmocka_unit_test(truncations_at_every_length),
        cmocka_unit_test(wrong_magic),        cmocka_unit_test(png_header_fields),
        cmocka_unit_test(dimension_limits),   cmocka_unit_test(byte_limit),
        cmocka_unit_test(jpeg_marker_walk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
