/*
 * tests/test_image.c — the image layer (src/image, easel/image.h) on images made here with the
 * same libraries a phone's file would meet: JPEGs with each of the eight EXIF orientations and
 * a GPS position, a camera make and a serial number; PNGs with text chunks, 16-bit and
 * interlaced; progressive and CMYK JPEGs; truncated files, an EXIF block that loops, and
 * decompression bombs. Checked the way a therapist would need it: the picture ends upright in
 * every derived size, and nothing that identifies a place or a device survives in the stored
 * bytes (read back with libexif and searched as bytes).
 */
#include "easel/image.h"

#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libexif/exif-data.h>
#include <spng.h>
#include <turbojpeg.h>

#define W 64
#define H 48

/* The upright picture: white, a red block top left, a blue block top right. */
static void upright(uint8_t *rgb)
{
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint8_t *p = rgb + (y * W + x) * 3;
            p[0] = p[1] = p[2] = 255;
            if (y < 16 && x < 16)
                p[1] = p[2] = 0; /* red */
            if (y < 16 && x >= W - 16)
                p[0] = p[1] = 0; /* blue */
        }
}

/* Where the upright pixel (x, y) is stored in a file of orientation o (the camera's raw frame:
   applying o to the stored frame gives the upright picture). */
static void stored_at(int o, int x, int y, int *sx, int *sy, int *sw)
{
    /* orientations 1 to 8: 5 to 8 turn the frame (x and y change places), then flip as 1 to 4 */
    static const bool flip_x[8] = {0, 1, 1, 0, 0, 1, 1, 0}, flip_y[8] = {0, 0, 1, 1, 0, 0, 1, 1};
    assert_true(o >= 1 && o <= 8);
    bool swap = o >= 5;
    int w = swap ? H : W, h = swap ? W : H; /* stored size */
    *sw = w;
    /* the decoder maps stored (sx, sy) to upright (dx, dy); invert it */
    for (int yy = 0; yy < h; yy++)
        for (int xx = 0; xx < w; xx++) {
            /* the upright x comes from the stored x (or, turned, y), flipped or not; likewise y */
            int first = swap ? yy : xx, second = swap ? xx : yy;
            int dx = flip_x[o - 1] ? (swap ? h : w) - 1 - first : first;
            int dy = flip_y[o - 1] ? (swap ? w : h) - 1 - second : second;
            if (dx == x && dy == y) {
                *sx = xx;
                *sy = yy;
                return;
            }
        }
}

static ExifEntry *add(ExifData *ed, ExifIfd ifd, ExifTag tag, ExifFormat f, unsigned n, size_t size)
{
    ExifEntry *e = exif_entry_new();
    e->tag = tag;
    e->format = f;
    e->components = n;
    e->size = (unsigned)size;
    e->data = calloc(1, size);
    exif_content_add_entry(ed->ifd[ifd], e);
    exif_entry_unref(e);
    return e;
}

/* A phone's APP1: orientation, make, model, serial, a maker note and a GPS position. */
static unsigned char *phone_exif(int o, unsigned *len)
{
    ExifData *ed = exif_data_new();
    exif_data_set_byte_order(ed, EXIF_BYTE_ORDER_INTEL);
    ExifByteOrder bo = EXIF_BYTE_ORDER_INTEL;
    exif_set_short(add(ed, EXIF_IFD_0, EXIF_TAG_ORIENTATION, EXIF_FORMAT_SHORT, 1, 2)->data, bo,
                   (ExifShort)o);
    memcpy(add(ed, EXIF_IFD_0, EXIF_TAG_MAKE, EXIF_FORMAT_ASCII, 8, 8)->data, "PhoneCo", 8);
    memcpy(add(ed, EXIF_IFD_0, EXIF_TAG_MODEL, EXIF_FORMAT_ASCII, 8, 8)->data, "Model-X", 8);
    memcpy(add(ed, EXIF_IFD_EXIF, (ExifTag)0xA431, EXIF_FORMAT_ASCII, 11, 11)->data, "SN12345678",
           11);
    memcpy(add(ed, EXIF_IFD_EXIF, EXIF_TAG_MAKER_NOTE, EXIF_FORMAT_UNDEFINED, 12, 12)->data,
           "MAKERSECRET", 12);
    memcpy(add(ed, EXIF_IFD_GPS, (ExifTag)EXIF_TAG_GPS_LATITUDE_REF, EXIF_FORMAT_ASCII, 2, 2)->data,
           "N", 2);
    ExifEntry *lat =
        add(ed, EXIF_IFD_GPS, (ExifTag)EXIF_TAG_GPS_LATITUDE, EXIF_FORMAT_RATIONAL, 3, 24);
    ExifRational r[3] = {{51, 1}, {30, 1}, {2600, 100}};
    for (int i = 0; i < 3; i++)
        exif_set_rational(lat->data + 8 * i, bo, r[i]);
    unsigned char *payload = NULL;
    unsigned int size = 0;
    exif_data_save_data(ed, &payload, &size);
    exif_data_unref(ed);
    assert_non_null(payload);
    unsigned char *app1 = malloc(size + 4);
    app1[0] = 0xFF;
    app1[1] = 0xE1;
    app1[2] = (unsigned char)((size + 2) >> 8);
    app1[3] = (unsigned char)(size + 2);
    memcpy(app1 + 4, payload, size);
    free(payload);
    *len = size + 4;
    return app1;
}

/* A JPEG of the upright picture as a camera with orientation o stores it, with phone EXIF. */
static unsigned char *phone_jpeg(int o, size_t *len, int flags)
{
    uint8_t up[W * H * 3];
    upright(up);
    int sw = W, sh = H;
    if (o >= 5) {
        sw = H;
        sh = W;
    }
    uint8_t *raw = malloc((size_t)sw * sh * 3);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            int sx = 0, sy = 0, w = 0;
            stored_at(o, x, y, &sx, &sy, &w);
            memcpy(raw + (sy * sw + sx) * 3, up + (y * W + x) * 3, 3);
        }
    tjhandle tj = tjInitCompress();
    unsigned char *jpeg = NULL;
    unsigned long size = 0;
    assert_int_equal(tjCompress2(tj, raw, sw, 0, sh, TJPF_RGB, &jpeg, &size, TJSAMP_444, 95, flags),
                     0);
    tjDestroy(tj);
    free(raw);
    unsigned app1_len;
    unsigned char *app1 = phone_exif(o, &app1_len);
    unsigned char *out = malloc(size + app1_len);
    memcpy(out, jpeg, 2); /* SOI, then the EXIF block, then the rest */
    memcpy(out + 2, app1, app1_len);
    memcpy(out + 2 + app1_len, jpeg + 2, size - 2);
    *len = size + app1_len;
    tjFree(jpeg);
    free(app1);
    return out;
}

static bool has_bytes(const unsigned char *d, size_t n, const char *s)
{
    size_t k = strlen(s);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(d + i, s, k) == 0)
            return true;
    return false;
}

static void assert_upright(const struct easel_pixels *p)
{
    assert_true(p->width > p->height); /* landscape, as drawn */
    const uint8_t *tl = p->rgb + ((size_t)(p->height / 8) * p->width + p->width / 16) * 3;
    const uint8_t *tr =
        p->rgb + ((size_t)(p->height / 8) * p->width + p->width - 1 - p->width / 16) * 3;
    const uint8_t *bl =
        p->rgb + ((size_t)(p->height - 1 - p->height / 8) * p->width + p->width / 16) * 3;
    assert_true(tl[0] > 180 && tl[1] < 80 && tl[2] < 80);   /* red top left */
    assert_true(tr[2] > 180 && tr[0] < 80 && tr[1] < 80);   /* blue top right */
    assert_true(bl[0] > 200 && bl[1] > 200 && bl[2] > 200); /* white bottom left */
}

static void every_orientation_ends_upright_and_nothing_identifying_is_kept(void **state)
{
    (void)state;
    for (int o = 1; o <= 8; o++) {
        size_t len;
        unsigned char *jpeg = phone_jpeg(o, &len, TJFLAG_ACCURATEDCT);
        assert_true(has_bytes(jpeg, len, "PhoneCo")); /* the test file does carry them */
        assert_int_equal(easel_image_orientation(jpeg, len), o);
        struct easel_buf clean;
        easel_buf_init(&clean, EASEL_IMAGE_MAX_BYTES);
        struct easel_error err = {0};
        int kept = 0;
        assert_int_equal(easel_image_clean(jpeg, len, &clean, &kept, &err), 0);
        assert_int_equal(kept, o);
        const unsigned char *c = (const unsigned char *)clean.data;
        assert_false(has_bytes(c, clean.len, "PhoneCo"));
        assert_false(has_bytes(c, clean.len, "Model-X"));
        assert_false(has_bytes(c, clean.len, "SN12345678"));
        assert_false(has_bytes(c, clean.len, "MAKERSECRET"));
        ExifData *ed = exif_data_new(); /* read as stored: no entries filled in by libexif */
        exif_data_unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
        exif_data_load_data(ed, c, (unsigned)clean.len);
        if (ed) { /* only the orientation is left */
            assert_int_equal(ed->ifd[EXIF_IFD_0]->count, o == 1 ? 0 : 1);
            assert_int_equal(ed->ifd[EXIF_IFD_GPS]->count, 0);
            assert_int_equal(ed->ifd[EXIF_IFD_EXIF]->count, 0);
            assert_null(exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_MAKE));
            exif_data_unref(ed);
        }
        assert_int_equal(easel_image_orientation(c, clean.len), o);
        /* the stored picture, the display size and the thumbnail all end upright */
        struct easel_pixels p;
        assert_int_equal(easel_image_decode(c, clean.len, 0, &p, &err), 0);
        assert_int_equal(p.width, W);
        assert_int_equal(p.height, H);
        assert_upright(&p);
        easel_pixels_release(&p);
        struct easel_buf thumb;
        easel_buf_init(&thumb, EASEL_IMAGE_MAX_BYTES);
        uint32_t tw = 0, th = 0;
        assert_int_equal(easel_image_derive(c, clean.len, 32, &thumb, &tw, &th, &err), 0);
        assert_int_equal(tw, 32);
        assert_int_equal(th, 24);
        assert_int_equal(easel_image_orientation((const unsigned char *)thumb.data, thumb.len), 1);
        assert_false(has_bytes((const unsigned char *)thumb.data, thumb.len, "Exif"));
        assert_int_equal(
            easel_image_decode((const unsigned char *)thumb.data, thumb.len, 0, &p, &err), 0);
        assert_upright(&p);
        easel_pixels_release(&p);
        easel_buf_release(&thumb);
        easel_buf_release(&clean);
        free(jpeg);
    }
}

/* A PNG of the upright picture, with options. */
static void *make_png(int bit_depth, int interlace, bool text, size_t *len)
{
    spng_ctx *ctx = spng_ctx_new(SPNG_CTX_ENCODER);
    spng_set_option(ctx, SPNG_ENCODE_TO_BUFFER, 1);
    struct spng_ihdr ih = {.width = W,
                           .height = H,
                           .bit_depth = (uint8_t)bit_depth,
                           .color_type = SPNG_COLOR_TYPE_TRUECOLOR,
                           .interlace_method = (uint8_t)interlace};
    spng_set_ihdr(ctx, &ih);
    struct spng_text t = {
        .keyword = "Author", .type = SPNG_TEXT, .text = "Jane Client", .length = 11};
    if (text)
        spng_set_text(ctx, &t, 1);
    uint8_t up[W * H * 3];
    upright(up);
    uint8_t *img = up;
    uint16_t wide[W * H * 3];
    size_t size = sizeof(up);
    if (bit_depth == 16) {
        for (int i = 0; i < W * H * 3; i++) { /* big-endian samples */
            uint16_t v = (uint16_t)(up[i] * 257);
            ((uint8_t *)wide)[2 * i] = (uint8_t)(v >> 8);
            ((uint8_t *)wide)[2 * i + 1] = (uint8_t)v;
        }
        img = (uint8_t *)wide;
        size = sizeof(wide);
    }
    assert_int_equal(spng_encode_image(ctx, img, size, SPNG_FMT_PNG, SPNG_ENCODE_FINALIZE), 0);
    int e = 0;
    void *png = spng_get_png_buffer(ctx, len, &e);
    assert_int_equal(e, 0);
    spng_ctx_free(ctx);
    return png;
}

static void png_text_is_dropped_and_16_bit_interlaced_decode(void **state)
{
    (void)state;
    struct easel_error err = {0};
    for (int variant = 0; variant < 3; variant++) {
        size_t len;
        void *png = make_png(variant == 1 ? 16 : 8, variant == 2, true, &len);
        assert_true(has_bytes(png, len, "Jane Client"));
        struct easel_buf clean;
        easel_buf_init(&clean, EASEL_IMAGE_MAX_BYTES);
        int o = 0;
        assert_int_equal(easel_image_clean(png, len, &clean, &o, &err), 0);
        assert_false(has_bytes((const unsigned char *)clean.data, clean.len, "Jane Client"));
        struct easel_pixels p;
        assert_int_equal(
            easel_image_decode((const unsigned char *)clean.data, clean.len, 0, &p, &err), 0);
        assert_upright(&p);
        easel_pixels_release(&p);
        easel_buf_release(&clean);
        free(png);
    }
}

static void progressive_and_cmyk_jpegs(void **state)
{
    (void)state;
    struct easel_error err = {0};
    size_t len;
    unsigned char *prog = phone_jpeg(6, &len, TJFLAG_PROGRESSIVE);
    struct easel_pixels p;
    assert_int_equal(easel_image_decode(prog, len, 0, &p, &err), 0);
    assert_upright(&p);
    easel_pixels_release(&p);
    free(prog);
    /* CMYK: decoded to RGB of the right size */
    uint8_t cmyk[W * H * 4];
    memset(cmyk, 255, sizeof(cmyk));
    tjhandle tj = tjInitCompress();
    unsigned char *jpeg = NULL;
    unsigned long size = 0;
    assert_int_equal(tjCompress2(tj, cmyk, W, 0, H, TJPF_CMYK, &jpeg, &size, TJSAMP_444, 90, 0), 0);
    tjDestroy(tj);
    int rc = easel_image_decode(jpeg, size, 0, &p, &err);
    assert_int_equal(rc, 0);
    assert_int_equal(p.width, W);
    assert_int_equal(p.height, H);
    assert_true(p.rgb[0] > 240 && p.rgb[1] > 240 && p.rgb[2] > 240); /* no ink: white */
    easel_pixels_release(&p);
    tjFree(jpeg);
}

static void bad_images_are_refused_and_nothing_is_half_written(void **state)
{
    (void)state;
    struct easel_error err = {0};
    size_t len;
    unsigned char *jpeg = phone_jpeg(1, &len, 0);
    struct easel_buf out;
    easel_buf_init(&out, EASEL_IMAGE_MAX_BYTES);
    easel_buf_add(&out, "x", 1);
    struct easel_pixels p;
    /* cut in the middle of the image data: a clear error, not a half-grey picture */
    assert_int_equal(easel_image_decode(jpeg, len - 200, 0, &p, &err), EASEL_EINVAL);
    assert_null(p.rgb);
    /* cut inside the headers: refused by clean, and nothing appended */
    int o;
    assert_int_equal(easel_image_clean(jpeg, 40, &out, &o, &err), EASEL_EINVAL);
    assert_int_equal(out.len, 1);
    /* an EXIF block whose IFD points at itself with a huge count: orientation 1, no hang */
    unsigned char loop[] = {0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x1C, 'E', 'x', 'i',  'f',  0,    0,
                            'M',  'M',  0,    42,   0,    0,    0,   8,   0xFF, 0xFF, 0x01, 0x12,
                            0,    3,    0xFF, 0xFF, 0xFF, 0xFF, 0,   0,   0,    8,    0xFF, 0xD9};
    assert_int_equal(easel_image_orientation(loop, sizeof(loop)), 1);
    /* decompression bombs: the header's size is refused before any pixel is decoded */
    unsigned char bomb_png[] = {0x89, 'P',  'N', 'G', '\r', '\n', 0x1A, '\n', 0,    0, 0,
                                13,   'I',  'H', 'D', 'R',  0,    0,    0x2E, 0xE0, 0, 0,
                                0x2E, 0xE0, 8,   2,   0,    0,    0,    0,    0,    0, 0};
    assert_int_equal(easel_image_decode(bomb_png, sizeof(bomb_png), 0, &p, &err), EASEL_ETOOBIG);
    assert_int_equal(easel_image_clean(bomb_png, sizeof(bomb_png), &out, &o, &err), EASEL_ETOOBIG);
    assert_int_equal(out.len, 1);
    unsigned char bomb_jpeg[] = {0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 8, 0x2E, 0xE0, 0x2E, 0xE0,
                                 3,    1,    0x22, 0,    2,    0x11, 1, 3,    0x11, 1};
    assert_int_equal(easel_image_decode(bomb_jpeg, sizeof(bomb_jpeg), 0, &p, &err), EASEL_ETOOBIG);
    /* not an image at all */
    assert_int_equal(easel_image_decode((const unsigned char *)"GIF89a....", 10, 0, &p, &err),
                     EASEL_EINVAL);
    easel_buf_release(&out);
    free(jpeg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_orientation_ends_upright_and_nothing_identifying_is_kept),
        cmocka_unit_test(png_text_is_dropped_and_16_bit_interlaced_decode),
        cmocka_unit_test(progressive_and_cmyk_jpegs),
        cmocka_unit_test(bad_images_are_refused_and_nothing_is_half_written),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
