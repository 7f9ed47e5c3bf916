/*
 * easel/image_probe.h — identify an artwork image (JPEG or PNG) and read its dimensions from
 * the header alone, before anything decodes a pixel, and refuse what easel will not store:
 * other formats, truncated or malformed headers, zero or over-limit dimensions, files over
 * EASEL_IMAGE_MAX_BYTES (the store's EASEL_ARTWORK_MAX is the same limit). The file name never
 * counts: only the bytes do.
 *
 * JPEG: SOI, then the marker segments are walked (every length checked against the end of the
 * data) up to the first frame header (SOFn), which gives width, height and components.
 * PNG: the 8-byte signature and the IHDR chunk (its CRC is not checked). The body after the
 * header (entropy-coded data, IDAT) is not looked at: a file cut after its header passes.
 *
 * Owns nothing, allocates nothing: out->mime points at a static string. Borrows data for the
 * call only (never assumed NUL-terminated; may be NULL when len is 0).
 * Fails: EASEL_EINVAL (not JPEG or PNG, truncated, malformed, zero dimension) or EASEL_ETOOBIG
 * (bytes, a side or the pixel count over the limits below), err naming the field ("image",
 * "image.width", "image.height", "image.pixels", "image.size"); *out is zeroed on failure.
 */
#ifndef EASEL_IMAGE_PROBE_H
#define EASEL_IMAGE_PROBE_H

#include "easel/error.h"

#include <stddef.h>
#include <stdint.h>

#define EASEL_IMAGE_MAX_BYTES ((size_t)20 * 1024 * 1024)

#define EASEL_IMAGE_MAX_SIDE 12000u       /* pixels, width and height each */
#define EASEL_IMAGE_MAX_PIXELS 80000000ul /* width x height: 80 megapixels */

enum easel_image_format { EASEL_IMAGE_NONE = 0, EASEL_IMAGE_JPEG, EASEL_IMAGE_PNG };

struct easel_image_info {
    enum easel_image_format format;
    const char *mime; /* "image/jpeg" or "image/png" */
    uint32_t width, height;
    unsigned components; /* JPEG: colour components in the frame; PNG: samples per pixel */
};

int easel_image_probe(const unsigned char *data, size_t len, struct easel_image_info *out,
                      struct easel_error *err);

#endif
