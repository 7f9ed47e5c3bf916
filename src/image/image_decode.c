/*
 * image/image_decode.c — pixels from an artwork photo (easel/image.h): JPEG with libturbojpeg
 * (DCT scaling when only a smaller picture is needed; CMYK and greyscale given as RGB), PNG with
 * libspng (16-bit, palette, grey, interlaced: all as 8-bit RGB), the EXIF orientation read with
 * libexif and applied, then a box filter down to the size asked for, and a JPEG encoder for the
 * derived sizes. The header is probed first (easel/image_probe.h): no decoder sees an image
 * over 12,000 pixels a side or 80 megapixels, so memory is bounded by 3 x 80 MB for the
 * decode plus the scaled copy.
 */
#include "easel/image.h"

#include <libexif/exif-data.h>
#include <spng.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <turbojpeg.h>

#define WHERE "image"

void easel_pixels_release(struct easel_pixels *p)
{
    free(p->rgb);
    memset(p, 0, sizeof(*p));
}

int easel_image_orientation(const unsigned char *data, size_t len)
{
    /* libexif reads the APP1 block from the JPEG itself; its own bounds checks keep a looping or
       over-long IFD from reading outside the data */
    if (len < 4 || data[0] != 0xFF || data[1] != 0xD8 || len > EASEL_IMAGE_MAX_BYTES)
        return 1;
    ExifData *ed = exif_data_new_from_data(data, (unsigned int)len);
    if (!ed)
        return 1;
    int o = 1;
    ExifEntry *e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
    if (e && e->format == EXIF_FORMAT_SHORT && e->components == 1 && e->data && e->size >= 2)
        o = exif_get_short(e->data, exif_data_get_byte_order(ed));
    exif_data_unref(ed);
    return o >= 1 && o <= 8 ? o : 1;
}

static int decode_jpeg(const unsigned char *data, size_t len, uint32_t want,
                       struct easel_pixels *out, struct easel_error *err)
{
    tjhandle tj = tjInitDecompress();
    if (!tj)
        return easel_error_set(err, EASEL_ENOMEM, WHERE, "image", "cannot start the JPEG decoder");
    int w = 0, h = 0, sub = 0, cs = 0;
    int rc = 0;
    if (tjDecompressHeader3(tj, data, (unsigned long)len, &w, &h, &sub, &cs) != 0 || w < 1 || h < 1)
        rc = easel_error_set(err, EASEL_EINVAL, WHERE, "image", "the JPEG cannot be read: %s",
                             tjGetErrorStr2(tj));
    int sw = w, sh = h;
    if (!rc && want) { /* the smallest DCT scale still at least as large as asked */
        int n = 0;
        tjscalingfactor *f = tjGetScalingFactors(&n);
        for (int k = 0; f && k < n; k++) {
            int tw = TJSCALED(w, f[k]), th = TJSCALED(h, f[k]);
            if ((uint32_t)(tw > th ? tw : th) >= want && tw * th < sw * sh &&
                f[k].num <= f[k].denom) {
                sw = tw;
                sh = th;
            }
        }
    }
    /* CMYK and YCCK (print files) come out as CMYK and are turned into RGB here: libjpeg-turbo
       gives Adobe's inverted values, so 255 is no ink */
    const bool cmyk = cs == TJCS_CMYK || cs == TJCS_YCCK;
    if (!rc) {
        out->rgb = malloc((size_t)sw * (size_t)sh * (cmyk ? 4 : 3));
        if (!out->rgb)
            rc = easel_error_set(err, EASEL_ENOMEM, WHERE, "image", "out of memory decoding");
    }
    /* the accurate DCT for full size; the fast one when the picture is scaled down anyway */
    const int dct = want ? TJFLAG_FASTDCT : TJFLAG_ACCURATEDCT;
    if (!rc && tjDecompress2(tj, data, (unsigned long)len, out->rgb, sw, 0, sh,
                             cmyk ? TJPF_CMYK : TJPF_RGB, dct | TJFLAG_STOPONWARNING) != 0) {
        /* a warning (a truncated scan) is an error: a half-grey picture is not the artwork */
        rc = easel_error_set(err, EASEL_EINVAL, WHERE, "image", "the JPEG cannot be decoded: %s",
                             tjGetErrorStr2(tj));
    }
    tjDestroy(tj);
    if (rc) {
        easel_pixels_release(out);
        return rc;
    }
    if (cmyk) /* in place: each 4-byte pixel becomes 3 bytes, front to back */
        for (size_t i = 0, n = (size_t)sw * (size_t)sh; i < n; i++) {
            const uint8_t *q = out->rgb + 4 * i;
            unsigned k = q[3];
            uint8_t r = (uint8_t)(q[0] * k / 255), g = (uint8_t)(q[1] * k / 255),
                    b = (uint8_t)(q[2] * k / 255);
            out->rgb[3 * i] = r;
            out->rgb[3 * i + 1] = g;
            out->rgb[3 * i + 2] = b;
        }
    out->width = (uint32_t)sw;
    out->height = (uint32_t)sh;
    return 0;
}

static int decode_png(const unsigned char *data, size_t len, struct easel_pixels *out,
                      struct easel_error *err)
{
    spng_ctx *ctx = spng_ctx_new(0);
    if (!ctx)
        return easel_error_set(err, EASEL_ENOMEM, WHERE, "image", "cannot start the PNG decoder");
    int rc = 0;
    struct spng_ihdr ih;
    size_t size = 0;
    spng_set_image_limits(ctx, EASEL_IMAGE_MAX_SIDE, EASEL_IMAGE_MAX_SIDE);
    spng_set_chunk_limits(ctx, 1u << 20, 64u << 20); /* ancillary chunks, and all of them */
    spng_set_crc_action(ctx, SPNG_CRC_ERROR, SPNG_CRC_DISCARD);
    int e = spng_set_png_buffer(ctx, data, len);
    if (!e)
        e = spng_get_ihdr(ctx, &ih);
    if (!e && (uint64_t)ih.width * ih.height > EASEL_IMAGE_MAX_PIXELS)
        rc = easel_error_set(err, EASEL_ETOOBIG, WHERE, "image.pixels", "over %lu megapixels",
                             EASEL_IMAGE_MAX_PIXELS / 1000000ul);
    if (!e && !rc)
        e = spng_decoded_image_size(ctx, SPNG_FMT_RGB8, &size);
    if (!e && !rc) {
        out->rgb = malloc(size);
        if (!out->rgb)
            rc = easel_error_set(err, EASEL_ENOMEM, WHERE, "image", "out of memory decoding");
    }
    if (!e && !rc)
        e = spng_decode_image(ctx, out->rgb, size, SPNG_FMT_RGB8, SPNG_DECODE_TRNS);
    if (e && !rc)
        rc = easel_error_set(err, EASEL_EINVAL, WHERE, "image", "the PNG cannot be decoded: %s",
                             spng_strerror(e));
    spng_ctx_free(ctx);
    if (rc) {
        easel_pixels_release(out);
        return rc;
    }
    out->width = ih.width;
    out->height = ih.height;
    return 0;
}

/* Apply an EXIF orientation (2-8): the picture as the camera meant it. */
static int orient(struct easel_pixels *p, int o, struct easel_error *err)
{
    if (o < 2 || o > 8)
        return 0;
    const uint32_t w = p->width, h = p->height;
    const bool swap = o >= 5; /* 5-8 turn by a quarter */
    const uint32_t nw = swap ? h : w, nh = swap ? w : h;
    uint8_t *dst = malloc((size_t)w * h * 3);
    if (!dst)
        return easel_error_set(err, EASEL_ENOMEM, WHERE, "image", "out of memory rotating");
    enum { T = 32 }; /* in tiles, so a quarter turn reads and writes cache lines it just used */
    for (uint32_t ty = 0; ty < h; ty += T)
        for (uint32_t tx = 0; tx < w; tx += T)
            for (uint32_t y = ty; y < h && y < ty + T; y++)
                for (uint32_t x = tx; x < w && x < tx + T; x++) {
                    uint32_t dx, dy;
                    switch (o) {
                    case 2:
                        dx = w - 1 - x;
                        dy = y;
                        break; /* mirrored */
                    case 3:
                        dx = w - 1 - x;
                        dy = h - 1 - y;
                        break; /* upside down */
                    case 4:
                        dx = x;
                        dy = h - 1 - y;
                        break; /* mirrored vertically */
                    case 5:
                        dx = y;
                        dy = x;
                        break; /* transposed */
                    case 6:
                        dx = h - 1 - y;
                        dy = x;
                        break; /* turned 90 degrees clockwise */
                    case 7:
                        dx = h - 1 - y;
                        dy = w - 1 - x;
                        break; /* transversed */
                    default:
                        dx = y;
                        dy = w - 1 - x;
                        break; /* 8: 90 degrees anticlockwise */
                    }
                    const uint8_t *src = p->rgb + ((size_t)y * w + x) * 3;
                    uint8_t *d = dst + ((size_t)dy * nw + dx) * 3;
                    d[0] = src[0];
                    d[1] = src[1];
                    d[2] = src[2];
                }
    free(p->rgb);
    p->rgb = dst;
    p->width = nw;
    p->height = nh;
    return 0;
}

/* Box filter down to fit max_side (an average of every source pixel each target covers). */
static int shrink(struct easel_pixels *p, uint32_t max_side, struct easel_error *err)
{
    uint32_t w = p->width, h = p->height, longest = w > h ? w : h;
    if (!max_side || longest <= max_side + max_side / 50) /* within 2 %: as decoded */
        return 0;
    uint32_t nw = (uint32_t)((uint64_t)w * max_side / longest),
             nh = (uint32_t)((uint64_t)h * max_side / longest);
    nw = nw ? nw : 1;
    nh = nh ? nh : 1;
    uint8_t *dst = malloc((size_t)nw * nh * 3);
    if (!dst)
        return easel_error_set(err, EASEL_ENOMEM, WHERE, "image", "out of memory scaling");
    for (uint32_t ty = 0; ty < nh; ty++) {
        uint32_t y0 = (uint32_t)((uint64_t)ty * h / nh),
                 y1 = (uint32_t)((uint64_t)(ty + 1) * h / nh);
        y1 = y1 > y0 ? y1 : y0 + 1;
        for (uint32_t tx = 0; tx < nw; tx++) {
            uint32_t x0 = (uint32_t)((uint64_t)tx * w / nw),
                     x1 = (uint32_t)((uint64_t)(tx + 1) * w / nw);
            x1 = x1 > x0 ? x1 : x0 + 1;
            uint64_t sum[3] = {0, 0, 0}, n = (uint64_t)(x1 - x0) * (y1 - y0);
            for (uint32_t y = y0; y < y1; y++) {
                const uint8_t *row = p->rgb + ((size_t)y * w + x0) * 3;
                for (uint32_t x = x0; x < x1; x++, row += 3) {
                    sum[0] += row[0];
                    sum[1] += row[1];
                    sum[2] += row[2];
                }
            }
            uint8_t *o = dst + ((size_t)ty * nw + tx) * 3;
            for (int c = 0; c < 3; c++)
                o[c] = (uint8_t)((sum[c] + n / 2) / n);
        }
    }
    free(p->rgb);
    p->rgb = dst;
    p->width = nw;
    p->height = nh;
    return 0;
}

int easel_image_decode(const unsigned char *data, size_t len, uint32_t max_side,
                       struct easel_pixels *out, struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    struct easel_image_info info;
    int rc = easel_image_probe(data, len, &info, err);
    if (rc)
        return rc;
    int o = info.format == EASEL_IMAGE_JPEG ? easel_image_orientation(data, len) : 1;
    rc = info.format == EASEL_IMAGE_JPEG ? decode_jpeg(data, len, max_side, out, err)
                                         : decode_png(data, len, out, err);
    if (!rc)
        rc = shrink(out, max_side, err); /* before turning: fewer pixels to move */
    if (!rc)
        rc = orient(out, o, err);
    if (rc)
        easel_pixels_release(out);
    return rc;
}

int easel_image_encode(const struct easel_pixels *p, struct easel_buf *out, struct easel_error *err)
{
    if (!p || !p->rgb || !p->width || !p->height || p->width > 16384 || p->height > 16384)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "image", "no pixels to encode");
    tjhandle tj = tjInitCompress();
    unsigned char *jpeg = NULL;
    unsigned long size = 0;
    int rc = 0;
    if (!tj)
        rc = easel_error_set(err, EASEL_ENOMEM, WHERE, "image", "cannot start the JPEG encoder");
    else if (tjCompress2(tj, p->rgb, (int)p->width, 0, (int)p->height, TJPF_RGB, &jpeg, &size,
                         TJSAMP_420, 85, TJFLAG_FASTDCT) != 0)
        rc = easel_error_set(err, EASEL_ENOMEM, WHERE, "image", "cannot encode: %s",
                             tjGetErrorStr2(tj));
    size_t keep = out->len;
    if (!rc && easel_buf_add(out, jpeg, size)) {
        out->len = keep;
        rc = easel_error_set(err, EASEL_ETOOBIG, WHERE, "image", "the derived image is too large");
    }
    tjFree(jpeg);
    if (tj)
        tjDestroy(tj);
    return rc;
}

int easel_image_derive(const unsigned char *data, size_t len, uint32_t max_side,
                       struct easel_buf *out, uint32_t *width, uint32_t *height,
                       struct easel_error *err)
{
    struct easel_pixels p;
    int rc = easel_image_decode(data, len, max_side, &p, err);
    if (!rc)
        rc = easel_image_encode(&p, out, err);
    if (!rc && width)
        *width = p.width;
    if (!rc && height)
        *height = p.height;
    easel_pixels_release(&p);
    return rc;
}

int easel_image_encode_fit(const struct easel_pixels *p, uint32_t max_side, struct easel_buf *out,
                           uint32_t dims[2], struct easel_error *err)
{
    if (!p || !p->rgb || !p->width || !p->height)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "image", "no pixels to encode");
    struct easel_pixels c = {p->width, p->height, malloc((size_t)p->width * p->height * 3)};
    if (!c.rgb)
        return easel_error_set(err, EASEL_ENOMEM, WHERE, "image", "out of memory scaling");
    memcpy(c.rgb, p->rgb, (size_t)p->width * p->height * 3);
    int rc = shrink(&c, max_side, err);
    if (!rc)
        rc = easel_image_encode(&c, out, err);
    if (!rc && dims) {
        dims[0] = c.width;
        dims[1] = c.height;
    }
    easel_pixels_release(&c);
    return rc;
}

int easel_image_derive_sizes(const unsigned char *data, size_t len, struct easel_buf *thumb,
                             uint32_t thumb_dims[2], struct easel_buf *display,
                             uint32_t display_dims[2], struct easel_pixels *display_px,
                             struct easel_error *err)
{
    struct easel_pixels p;
    if (display_px)
        memset(display_px, 0, sizeof(*display_px));
    int rc = easel_image_decode(data, len, EASEL_IMAGE_DISPLAY, &p, err);
    size_t tkeep = thumb->len, dkeep = display->len;
    if (!rc)
        rc = easel_image_encode(&p, display, err);
    display_dims[0] = p.width;
    display_dims[1] = p.height;
    if (!rc) /* the thumbnail from the display size: one decode for both */
        rc = easel_image_encode_fit(&p, EASEL_IMAGE_THUMB, thumb, thumb_dims, err);
    if (rc) {
        thumb->len = tkeep;
        display->len = dkeep;
    }
    if (!rc && display_px)
        *display_px = p; /* the caller's now */
    else
        easel_pixels_release(&p);
    return rc;
}
