/*
 * easel/image.h — the image layer (src/image; issue 13): the only code that links libturbojpeg,
 * libspng and libexif. It makes an artwork photo safe to keep and cheap to show:
 *
 *   - easel_image_clean: the bytes to store, without identifying metadata. JPEG: every APPn
 *     segment but JFIF (APP0) and an ICC profile (APP2 "ICC_PROFILE") is dropped, with COM
 *     segments; the EXIF orientation, the one tag a viewer needs, is written back as a minimal
 *     EXIF block holding nothing else. The entropy-coded data is copied byte for byte (no
 *     re-encoding). PNG: text, time and EXIF chunks (tEXt, zTXt, iTXt, tIME, eXIf) and any
 *     unknown ancillary chunk are dropped; the rest is copied with its CRC checked.
 *   - easel_image_decode: RGB pixels, upright (the EXIF orientation applied), scaled down to fit
 *     a longest side (libturbojpeg's DCT scaling, then a box filter), within the header limits
 *     of easel/image_probe.h and a memory bound.
 *   - easel_image_derive: a JPEG of the upright picture fitting a longest side (a thumbnail, a
 *     display size): what browsers and documents get, never the original.
 *
 * Owns: struct easel_pixels owns its buffer (easel_pixels_release). Borrows: the input bytes.
 * Fails: EASEL_EINVAL (not JPEG or PNG, truncated, malformed, CMYK or other colour spaces
 * libturbojpeg cannot give as RGB are converted, not refused), EASEL_ETOOBIG (over the limits),
 * EASEL_ENOMEM; err names the field ("image", "image.exif", ...). Nothing is half-written: on
 * failure the output buffer's length is unchanged and pixels are empty.
 */
#ifndef EASEL_IMAGE_H
#define EASEL_IMAGE_H

#include "easel/buf.h"
#include "easel/error.h"
#include "easel/image_probe.h"

#include <stddef.h>
#include <stdint.h>

#define EASEL_IMAGE_THUMB 256 /* longest side of a thumbnail, pixels */
/* The display size's longest side: a tablet's full-size view and a printed page, small enough
   that a report with a dozen artworks stays near 1 MB; a 12 MP phone photo decodes to it at
   quarter scale (libturbojpeg's DCT scaling). */
#define EASEL_IMAGE_DISPLAY 1000

struct easel_pixels {
    uint32_t width, height;
    uint8_t *rgb; /* width x height x 3, rows top to bottom */
};

void easel_pixels_release(struct easel_pixels *p);

/* The EXIF orientation (1-8) of a JPEG, 1 when it has none or it cannot be read. */
int easel_image_orientation(const unsigned char *data, size_t len);

/* Append the stored form of the image to out (see above); *orientation gets the EXIF
   orientation kept (1 for PNG). */
int easel_image_clean(const unsigned char *data, size_t len, struct easel_buf *out,
                      int *orientation, struct easel_error *err);

/* Decode, orient upright and scale to fit max_side (0: full size). */
int easel_image_decode(const unsigned char *data, size_t len, uint32_t max_side,
                       struct easel_pixels *out, struct easel_error *err);

/* A baseline JPEG (quality 85, 4:2:0) of the upright image fitting max_side, appended to out;
 *width and *height (may be NULL) get its size. */
int easel_image_derive(const unsigned char *data, size_t len, uint32_t max_side,
                       struct easel_buf *out, uint32_t *width, uint32_t *height,
                       struct easel_error *err);

/* A baseline JPEG (quality 85, 4:2:0) of the pixels, appended to out: for pixels made in
   memory (a flattened sheet, a demo drawing). */
int easel_image_encode(const struct easel_pixels *p, struct easel_buf *out,
                       struct easel_error *err);

/* A baseline JPEG (quality 85, 4:2:0) of the pixels scaled down to fit max_side (a box filter;
   p itself is unchanged), appended to out; dims (may be NULL) gets its size. */
int easel_image_encode_fit(const struct easel_pixels *p, uint32_t max_side, struct easel_buf *out,
                           uint32_t dims[2], struct easel_error *err);

/* Both derived sizes from one decode: the display size (EASEL_IMAGE_DISPLAY) and the thumbnail
   (EASEL_IMAGE_THUMB) made from it; their width and height in *_dims. display_px (may be NULL)
   gets the display size's pixels before JPEG encoding, for the sheet and the analysis, so they
   need no second decode; the caller releases them. On failure neither buffer changes and
   display_px holds nothing. */
int easel_image_derive_sizes(const unsigned char *data, size_t len, struct easel_buf *thumb,
                             uint32_t thumb_dims[2], struct easel_buf *display,
                             uint32_t display_dims[2], struct easel_pixels *display_px,
                             struct easel_error *err);

#endif
