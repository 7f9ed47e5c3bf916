/*
 * app/artwork_ingest.c — an artwork photo into the record (easel/app_artwork.h): cleaned by the
 * image layer, stored, and its derived sizes made, all in one transaction; derived sizes read
 * back or made on first use for images stored before they existed.
 */
#include "easel/app_artwork.h"
#include "easel/formal.h"
#include "easel/image.h"
#include "easel/util.h"

#include <string.h>

static int derive_and_put(struct easel_store *s, const char *sha256, const unsigned char *img,
                          size_t len, const char *size, struct easel_buf *out,
                          struct easel_error *err)
{
    uint32_t side = strcmp(size, "thumb") == 0 ? EASEL_IMAGE_THUMB : EASEL_IMAGE_DISPLAY;
    uint32_t w = 0, h = 0;
    size_t keep = out->len;
    int rc = easel_image_derive(img, len, side, out, &w, &h, err);
    if (!rc)
        rc = easel_artwork_size_put(s, sha256, size, w, h, out->data + keep, out->len - keep, err);
    return rc;
}

int easel_app_artwork_add(struct easel_store *s, const struct easel_artwork *r, const void *data,
                          size_t len, int64_t *id, struct easel_image_info *info, char *sha256,
                          struct easel_error *err)
{
    struct easel_buf clean, derived;
    easel_buf_init(&clean, EASEL_ARTWORK_MAX);
    easel_buf_init(&derived, EASEL_ARTWORK_MAX);
    int orientation = 1;
    struct easel_image_info in;
    int rc = easel_image_clean(data, len, &clean, &orientation, err);
    if (!rc)
        rc = easel_image_probe((const unsigned char *)clean.data, clean.len, &in, err);
    /* the sizes come from the cleaned bytes and are checked before anything is stored: an image
       that cannot be decoded is refused whole */
    if (!rc && (rc = easel_store_batch_begin(s, err)) == 0) {
        rc = easel_artwork_add(s, r, clean.data, clean.len, &in, id, err);
        char sha[65]; /* the store names the image by the SHA-256 of its bytes */
        struct easel_sha256 h;
        easel_sha256_init(&h);
        easel_sha256_update(&h, clean.data, clean.len);
        easel_sha256_hex(&h, sha);
        if (!rc && sha256)
            memcpy(sha256, sha, 65);
        struct easel_buf thumb;
        easel_buf_init(&thumb, EASEL_ARTWORK_MAX);
        uint32_t td[2] = {0, 0}, dd[2] = {0, 0};
        if (!rc)
            rc = easel_image_derive_sizes((const unsigned char *)clean.data, clean.len, &thumb, td,
                                          &derived, dd, err);
        if (!rc)
            rc = easel_artwork_size_put(s, sha, "thumb", td[0], td[1], thumb.data, thumb.len, err);
        if (!rc)
            rc = easel_artwork_size_put(s, sha, "display", dd[0], dd[1], derived.data, derived.len,
                                        err);
        easel_buf_release(&thumb);
        rc = easel_store_batch_end(s, rc, err);
    }
    if (!rc && info)
        *info = in;
    easel_buf_release(&derived);
    easel_buf_release(&clean);
    return rc;
}

int easel_app_artwork_size(struct easel_store *s, const struct easel_artwork *a, const char *size,
                           struct easel_buf *bytes, struct easel_error *err)
{
    size_t keep = bytes->len;
    int rc = easel_artwork_size_get(s, a->sha256, size, bytes, NULL, NULL, err);
    if (rc != EASEL_ENOTFOUND)
        return rc;
    bytes->len = keep;
    struct easel_buf img;
    easel_buf_init(&img, EASEL_ARTWORK_MAX);
    struct easel_artwork again;
    struct easel_arena ar;
    easel_arena_init(&ar);
    rc = easel_artwork_get(s, a->id, &ar, &again, &img, err);
    if (!rc)
        rc = derive_and_put(s, a->sha256, (const unsigned char *)img.data, img.len, size, bytes,
                            err);
    easel_arena_release(&ar);
    easel_buf_release(&img);
    return rc;
}

int easel_app_artwork_formal(struct easel_store *s, const struct easel_artwork *a,
                             struct easel_formal *out, struct easel_error *err)
{
    struct easel_buf bytes;
    easel_buf_init(&bytes, EASEL_ARTWORK_MAX);
    struct easel_pixels p = {0};
    int rc = easel_app_artwork_size(s, a, "display", &bytes, err);
    if (!rc)
        rc = easel_image_decode((const unsigned char *)bytes.data, bytes.len, 0, &p, err);
    if (!rc && easel_formal_analyse(p.rgb, p.width, p.height, out))
        rc = easel_error_set(err, EASEL_EINVAL, "artwork", "image",
                             "the image is too small to describe (at least 8 pixels a side)");
    easel_pixels_release(&p);
    easel_buf_release(&bytes);
    return rc;
}
