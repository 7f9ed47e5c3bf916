/*
 * image/image_clean.c — the stored form of a photo (easel/image.h): identifying metadata out,
 * pixels untouched. JPEG segments and PNG chunks are walked with every length checked against
 * the end of the data; nothing is decoded.
 */
#include "easel/image.h"

#include <stdbool.h>
#include <string.h>

#define WHERE "image"

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A minimal EXIF APP1 segment holding only the orientation (big-endian TIFF, one IFD entry). */
static int put_orientation(struct easel_buf *out, int orientation)
{
    const unsigned char seg[] = {0xFF, 0xE1,
                                 0x00, 0x22, /* APP1, length 34 */
                                 'E',  'x',
                                 'i',  'f',
                                 0,    0, /* EXIF header */
                                 'M',  'M',
                                 0,    42,
                                 0,    0,
                                 0,    8, /* TIFF: big-endian, IFD0 at 8 */
                                 0,    1, /* one entry */
                                 0x01, 0x12,
                                 0,    3,
                                 0,    0,
                                 0,    1, /* Orientation, SHORT, count 1 */
                                 0,    (unsigned char)orientation,
                                 0,    0, /* the value */
                                 0,    0,
                                 0,    0}; /* no next IFD */
    return easel_buf_add(out, seg, sizeof(seg));
}

static int clean_jpeg(const unsigned char *d, size_t len, struct easel_buf *out, int *orientation,
                      struct easel_error *err)
{
    if (len < 4 || d[0] != 0xFF || d[1] != 0xD8)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "image", "not a JPEG");
    *orientation = easel_image_orientation(d, len);
    int rc = easel_buf_add(out, d, 2);
    bool wrote_orientation = false;
    size_t i = 2;
    while (!rc) {
        if (i + 4 > len || d[i] != 0xFF)
            return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                                   "the JPEG is truncated or malformed before its image data");
        unsigned m = d[i + 1];
        if (m == 0xFF) { /* fill byte */
            i++;
            continue;
        }
        size_t seg = (size_t)d[i + 2] << 8 | d[i + 3];
        if (seg < 2 || i + 2 + seg > len)
            return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                                   "a JPEG segment runs past the end of the file");
        bool keep = true;
        if (m >= 0xE1 && m <= 0xEF) /* APP1-APP15: EXIF, XMP, IPTC, maker data */
            keep = m == 0xE2 && seg >= 14 && memcmp(d + i + 4, "ICC_PROFILE", 12) == 0;
        if (m == 0xFE) /* COM */
            keep = false;
        if (!wrote_orientation && m != 0xE0 && *orientation != 1) {
            rc = put_orientation(out, *orientation); /* after JFIF, before the rest */
            wrote_orientation = true;
        }
        if (!rc && keep)
            rc = easel_buf_add(out, d + i, 2 + seg);
        i += 2 + seg;
        if (m == 0xDA) /* start of scan: the rest is image data, copied as it is */
            return rc ? rc : easel_buf_add(out, d + i, len - i);
    }
    return rc;
}

static bool keep_chunk(const unsigned char *type)
{
    static const char *const keep[] = {"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM",
                                       "sRGB", "iCCP", "sBIT", "pHYs", "bKGD", NULL};
    for (size_t k = 0; keep[k]; k++)
        if (memcmp(type, keep[k], 4) == 0)
            return true;
    return false; /* tEXt, zTXt, iTXt, tIME, eXIf and any unknown chunk */
}

static int clean_png(const unsigned char *d, size_t len, struct easel_buf *out,
                     struct easel_error *err)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (len < 8 || memcmp(d, sig, 8) != 0)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "image", "not a PNG");
    int rc = easel_buf_add(out, d, 8);
    size_t i = 8;
    while (!rc) {
        if (i + 12 > len)
            return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                                   "the PNG ends before its IEND chunk");
        uint32_t n = be32(d + i);
        if (n > 0x7FFFFFFFu || n > len - i - 12)
            return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                                   "a PNG chunk runs past the end of the file");
        const unsigned char *type = d + i + 4;
        for (int k = 0; k < 4; k++)
            if (!((type[k] >= 'A' && type[k] <= 'Z') || (type[k] >= 'a' && type[k] <= 'z')))
                return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                                       "a PNG chunk has an invalid type");
        if (!(type[0] & 0x20) && !keep_chunk(type)) /* critical and unknown */
            return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                                   "the PNG has an unknown critical chunk");
        if (keep_chunk(type))
            rc = easel_buf_add(out, d + i, 12 + (size_t)n);
        i += 12 + (size_t)n;
        if (memcmp(type, "IEND", 4) == 0)
            return rc;
    }
    return rc;
}

int easel_image_clean(const unsigned char *data, size_t len, struct easel_buf *out,
                      int *orientation, struct easel_error *err)
{
    struct easel_image_info info;
    *orientation = 1;
    int rc = easel_image_probe(data, len, &info, err);
    if (rc)
        return rc;
    size_t keep = out->len;
    rc = info.format == EASEL_IMAGE_JPEG ? clean_jpeg(data, len, out, orientation, err)
                                         : clean_png(data, len, out, err);
    if (!rc && out->failed)
        rc = easel_error_set(err, out->failed, WHERE, "image", "the image is too large to keep");
    if (rc) { /* nothing half-written */
        out->len = keep;
        if (out->data)
            out->data[keep] = 0;
    }
    return rc;
}
