/*
 * core/image_probe.c — JPEG and PNG identification from the header bytes (easel/image_probe.h).
 * Every read is preceded by a check that the bytes are there: positions are compared with
 * len - position, never added past len, so no arithmetic can wrap.
 *
 * Owns nothing, allocates nothing, no I/O. Borrows the caller's bytes for the call.
 * Fails: EASEL_EINVAL or EASEL_ETOOBIG with err naming the field; *out zeroed.
 */
#include "easel/image_probe.h"

#include <stdbool.h>
#include <string.h>

#define WHERE "artwork"

static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

static uint32_t be16(const unsigned char *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The dimension limits, shared by both formats. */
static int check_size(uint32_t w, uint32_t h, const char *fmt, struct easel_error *err)
{
    if (w == 0)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "image.width", "%s: width is 0", fmt);
    if (h == 0)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "image.height",
                               "%s: height is 0 (a JPEG whose height follows in a DNL marker "
                               "is not accepted)",
                               fmt);
    if (w > EASEL_IMAGE_MAX_SIDE)
        return easel_error_set(err, EASEL_ETOOBIG, WHERE, "image.width",
                               "%s: %lu pixels wide; at most %u", fmt, (unsigned long)w,
                               EASEL_IMAGE_MAX_SIDE);
    if (h > EASEL_IMAGE_MAX_SIDE)
        return easel_error_set(err, EASEL_ETOOBIG, WHERE, "image.height",
                               "%s: %lu pixels high; at most %u", fmt, (unsigned long)h,
                               EASEL_IMAGE_MAX_SIDE);
    /* both sides are at most 12000, so the product fits in 64 bits (and in 32) */
    uint64_t px = (uint64_t)w * h;
    if (px > EASEL_IMAGE_MAX_PIXELS)
        return easel_error_set(err, EASEL_ETOOBIG, WHERE, "image.pixels",
                               "%s: %lux%lu is %llu pixels; at most %lu (80 megapixels)", fmt,
                               (unsigned long)w, (unsigned long)h, (unsigned long long)px,
                               EASEL_IMAGE_MAX_PIXELS);
    return 0;
}

/* An image that passed its format's checks: within our size limits, it is described in out. */
static int probed(struct easel_image_info *out, enum easel_image_format format, uint32_t w,
                  uint32_t h, unsigned components, struct easel_error *err)
{
    bool png = format == EASEL_IMAGE_PNG;
    int rc = check_size(w, h, png ? "PNG" : "JPEG", err);
    if (rc)
        return rc;
    out->format = format;
    out->mime = png ? "image/png" : "image/jpeg";
    out->width = w;
    out->height = h;
    out->components = components;
    return 0;
}

static int png_probe(const unsigned char *d, size_t len, struct easel_image_info *out,
                     struct easel_error *err)
{
    /* signature (8), IHDR length (4) and type (4), 13 data bytes, CRC (4) */
    if (len < 33)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                               "PNG: truncated header (%zu bytes; the signature and IHDR chunk "
                               "take 33)",
                               len);
    if (be32(d + 8) != 13 || memcmp(d + 12, "IHDR", 4) != 0)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                               "PNG: the first chunk is not a 13-byte IHDR");
    uint32_t w = be32(d + 16), h = be32(d + 20);
    unsigned depth = d[24], colour = d[25];
    /* allowed bit depths per colour type (PNG spec, table 11.1), as bit masks of the depth */
    unsigned depths;
    unsigned samples;
    switch (colour) {
    case 0: /* greyscale */
        depths = 1u << 1 | 1u << 2 | 1u << 4 | 1u << 8 | 1u << 16, samples = 1;
        break;
    case 2: /* truecolour */
        depths = 1u << 8 | 1u << 16, samples = 3;
        break;
    case 3: /* indexed */
        depths = 1u << 1 | 1u << 2 | 1u << 4 | 1u << 8, samples = 1;
        break;
    case 4: /* greyscale with alpha */
        depths = 1u << 8 | 1u << 16, samples = 2;
        break;
    case 6: /* truecolour with alpha */
        depths = 1u << 8 | 1u << 16, samples = 4;
        break;
    default:
        return easel_error_set(err, EASEL_EINVAL, WHERE, "image", "PNG: colour type %u is invalid",
                               colour);
    }
    if (depth > 16 || !(depths >> depth & 1u))
        return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                               "PNG: bit depth %u is invalid for colour type %u", depth, colour);
    if (d[26] != 0 || d[27] != 0 || d[28] > 1)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                               "PNG: unknown compression, filter or interlace method");
    if (w > 0x7fffffffu || h > 0x7fffffffu) /* the PNG limit; over ours anyway */
        return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                               "PNG: width or height over 2^31 - 1");
    return probed(out, EASEL_IMAGE_PNG, w, h, samples, err);
}

/* SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC) */
static int is_sof(unsigned m)
{
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

/* Marker segments allowed before the frame header: tables, restart interval, comments,
   application data. Anything else there (reserved, JPG extensions, DHP/EXP, a scan, a
   second SOI) is refused as libjpeg refuses it. */
static int is_table(unsigned m)
{
    return m == 0xC4 || m == 0xCC || m == 0xDB || m == 0xDD || (m >= 0xE0 && m <= 0xEF) ||
           m == 0xFE;
}

static int jpeg_frame(const unsigned char *f, size_t n, size_t at, struct easel_image_info *out,
                      struct easel_error *err)
{
    /* P (1), Y (2), X (2), Nf (1), then Nf x (C, HV, Tq) */
    if (n < 6)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                               "JPEG: frame header at byte %zu is too short", at);
    unsigned precision = f[0], nf = f[5];
    uint32_t h = be16(f + 1), w = be16(f + 3);
    if (precision < 2 || precision > 16)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                               "JPEG: sample precision %u is invalid", precision);
    if (nf == 0 || n != 6 + (size_t)3 * nf)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                               "JPEG: frame header at byte %zu: %u components do not match its "
                               "length",
                               at, nf);
    for (unsigned i = 0; i < nf; i++) {
        unsigned hv = f[6 + 3 * i + 1], tq = f[6 + 3 * i + 2];
        unsigned hs = hv >> 4, vs = hv & 15u;
        if (hs < 1 || hs > 4 || vs < 1 || vs > 4 || tq > 3)
            return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                                   "JPEG: component %u has invalid sampling or table numbers",
                                   i + 1);
    }
    return probed(out, EASEL_IMAGE_JPEG, w, h, nf, err);
}

static int jpeg_probe(const unsigned char *d, size_t len, struct easel_image_info *out,
                      struct easel_error *err)
{
    size_t p = 2; /* after SOI (FF D8), checked by the caller */
    for (;;) {
        if (p >= len)
            return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                                   "JPEG: truncated before the frame header (%zu bytes)", len);
        if (d[p] != 0xFF)
            return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                                   "JPEG: expected a marker at byte %zu, found 0x%02X", p, d[p]);
        size_t at = p;
        while (p < len && d[p] == 0xFF) /* fill bytes may precede a marker */
            p++;
        if (p >= len)
            return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                                   "JPEG: truncated before the frame header (%zu bytes)", len);
        unsigned m = d[p++];
        if (m == 0x01) /* TEM: no length */
            continue;
        if (m == 0xD9)
            return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                                   "JPEG: end of image at byte %zu before any frame header", at);
        if (!is_sof(m) && !is_table(m))
            return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                                   "JPEG: marker 0x%02X at byte %zu is not allowed before the "
                                   "frame header",
                                   m, at);
        if (len - p < 2)
            return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                                   "JPEG: truncated in the length of marker 0x%02X at byte %zu", m,
                                   at);
        size_t seg = be16(d + p); /* counts its own two bytes */
        if (seg < 2)
            return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                                   "JPEG: marker 0x%02X at byte %zu has length %zu", m, at, seg);
        if (seg > len - p)
            return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                                   "JPEG: marker 0x%02X at byte %zu claims %zu bytes, past the end "
                                   "(%zu bytes)",
                                   m, at, seg, len);
        if (is_sof(m))
            return jpeg_frame(d + p + 2, seg - 2, at, out, err);
        p += seg;
    }
}

int easel_image_probe(const unsigned char *data, size_t len, struct easel_image_info *out,
                      struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    if (len > EASEL_IMAGE_MAX_BYTES)
        return easel_error_set(err, EASEL_ETOOBIG, WHERE, "image.size",
                               "%zu bytes; an artwork image holds at most %zu (20 MiB)", len,
                               EASEL_IMAGE_MAX_BYTES);
    if (len == 0 || !data)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "image", "empty file");
    int rc;
    if (len >= 2 && data[0] == 0xFF && data[1] == 0xD8)
        rc = jpeg_probe(data, len, out, err);
    else if (len >= sizeof(png_sig) && memcmp(data, png_sig, sizeof(png_sig)) == 0)
        rc = png_probe(data, len, out, err);
    else if (len < sizeof(png_sig) && memcmp(data, png_sig, len) == 0)
        rc = easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                             "PNG: truncated signature (%zu bytes)", len);
    else if (len == 1 && data[0] == 0xFF)
        rc = easel_error_set(err, EASEL_EINVAL, WHERE, "image", "JPEG: truncated signature");
    else
        rc = easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                             "not a JPEG or PNG image (recognised by content, never by file "
                             "name)");
    if (rc)
        memset(out, 0, sizeof(*out));
    return rc;
}
