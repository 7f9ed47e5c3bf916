/*
 * app/artwork_ingest.c — an artwork photo into the record (easel/app_artwork.h): cleaned by the
 * image layer, stored, its derived sizes made and the sheet in it found and flattened
 * (core/paper.c), all made before one transaction that stores them (no image work holds the
 * database's write lock); derived sizes and sheets read back, or made on first
 * use for images stored before they existed; a person's corners replace the found ones.
 */
#include "easel/app_artwork.h"
#include "easel/formal.h"
#include "easel/image.h"
#include "easel/paper.h"
#include "easel/score.h"
#include "easel/util.h"

#include <stdio.h>
#include <stdlib.h>
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

/* The flattened sheet of a photo, made from the pixels of its display size, before anything is
   stored (image work holds no database lock). */
struct sheet_made {
    char corners[200]; /* fractions "x,y x,y x,y x,y" */
    int found;
    uint32_t width, height;
    size_t at, len;         /* the sheet's JPEG in the caller's flat buffer */
    struct easel_buf thumb; /* the gallery's tile of it, from the same pixels */
    bool measured;
    struct easel_formal f;
};

/* At the corners given (fractions, a person's) or found (corners NULL); the sheet's JPEG is
   appended to flat, its formal elements measured on the pixels before encoding. m->thumb is
   released by the caller (easel_buf_release) whatever the outcome. */
static int sheet_compute(const struct easel_pixels *pp, const char *corners, struct easel_buf *flat,
                         struct sheet_made *m, struct easel_error *err)
{
    const struct easel_pixels p = *pp;
    struct easel_pixels o = {0};
    int rc = 0;
    struct easel_quad q;
    memset(m, 0, sizeof(*m));
    easel_buf_init(&m->thumb, EASEL_ARTWORK_MAX);
    if (p.width < 8 || p.height < 8) /* too small to hold a sheet (a tiny placeholder image) */
        rc = easel_error_set(err, EASEL_EINVAL, "artwork", "image", "too small for a sheet");
    if (!rc && corners) {
        double v[8];
        int used = 0;
        if (sscanf(corners, "%lf,%lf %lf,%lf %lf,%lf %lf,%lf%n", &v[0], &v[1], &v[2], &v[3], &v[4],
                   &v[5], &v[6], &v[7], &used) != 8 ||
            corners[used])
            rc = easel_error_set(err, EASEL_EINVAL, "artwork", "corners",
                                 "four corners \"x,y x,y x,y x,y\", each a fraction 0-1");
        for (int i = 0; !rc && i < 4; i++) {
            q.x[i] = v[2 * i] * p.width;
            q.y[i] = v[2 * i + 1] * p.height;
        }
        if (!rc && easel_quad_check(&q, p.width, p.height))
            rc = easel_error_set(err, EASEL_EINVAL, "artwork", "corners",
                                 "the corners must go top-left, top-right, bottom-right, "
                                 "bottom-left, inside the photo, around at least a twentieth "
                                 "of it");
        m->found = 1;
    } else if (!rc && easel_paper_find(p.rgb, p.width, p.height, &q, &m->found)) {
        rc = easel_error_set(err, EASEL_ENOMEM, "artwork", "image", "out of memory");
    }
    if (!rc) {
        for (int i = 0; i < 4; i++) {
            size_t l = strlen(m->corners);
            snprintf(m->corners + l, sizeof(m->corners) - l, "%s%.5f,%.5f", i ? " " : "",
                     q.x[i] / p.width, q.y[i] / p.height);
        }
        easel_paper_size(&q, EASEL_IMAGE_DISPLAY, &o.width, &o.height);
        o.rgb = malloc((size_t)o.width * o.height * 3);
        if (!o.rgb)
            rc = easel_error_set(err, EASEL_ENOMEM, "artwork", "image", "out of memory");
    }
    if (!rc && easel_paper_flatten(p.rgb, p.width, p.height, &q, o.width, o.height, o.rgb))
        rc = easel_error_set(err, EASEL_EINVAL, "artwork", "corners", "cannot flatten the sheet");
    m->at = flat->len;
    if (!rc)
        rc = easel_image_encode(&o, flat, err);
    m->len = flat->len - m->at;
    m->width = o.width;
    m->height = o.height;
    /* the formal elements of the flattened sheet, measured once here (easel/formal.h) */
    m->measured = !rc && easel_formal_analyse(o.rgb, o.width, o.height, &m->f) == 0;
    if (!rc)
        rc = easel_image_encode_fit(&o, EASEL_IMAGE_THUMB, &m->thumb, NULL, err);
    easel_pixels_release(&o);
    return rc;
}

/* Keep a made sheet as artwork id's (set_by: a person's corners, or NULL when found). */
static int sheet_store(struct easel_store *s, int64_t id, const struct sheet_made *m,
                       const char *set_by, const struct easel_buf *flat, struct easel_error *err)
{
    struct easel_artwork_sheet sh = {id,
                                     m->corners,
                                     m->found,
                                     m->width,
                                     m->height,
                                     set_by,
                                     0,
                                     m->measured ? easel_round_fixed(m->f.space_used, 10000) : -1,
                                     m->measured ? m->f.n_colours : -1,
                                     m->measured ? easel_round_fixed(m->f.hue_entropy, 1000) : -1,
                                     m->measured ? easel_round_fixed(m->f.edge_density, 10000) : -1,
                                     m->measured ? easel_round_fixed(m->f.mean_lightness, 10) : -1,
                                     m->measured ? easel_round_fixed(m->f.mean_saturation, 10)
                                                 : -1};
    int rc = easel_artwork_sheet_put(s, &sh, flat->data + m->at, m->len, err);
    if (!rc)
        rc = easel_artwork_sheet_thumb_put(s, id, m->thumb.data, m->thumb.len, err);
    return rc;
}

/* Make and keep the flattened sheet of artwork id from the pixels of its display size. */
static int sheet_from_pixels(struct easel_store *s, int64_t id, const struct easel_pixels *pp,
                             const char *corners, const char *set_by, struct easel_buf *flat,
                             struct easel_error *err)
{
    struct sheet_made m;
    int rc = sheet_compute(pp, corners, flat, &m, err);
    if (!rc)
        rc = sheet_store(s, id, &m, set_by, flat, err);
    easel_buf_release(&m.thumb);
    return rc;
}

/* The same from the display size's JPEG bytes (a person's corners on a stored artwork). */
static int sheet_make(struct easel_store *s, int64_t id, const unsigned char *display, size_t len,
                      const char *corners, const char *set_by, struct easel_buf *flat,
                      struct easel_error *err)
{
    struct easel_pixels p = {0};
    int rc = easel_image_decode(display, len, 0, &p, err);
    if (!rc)
        rc = sheet_from_pixels(s, id, &p, corners, set_by, flat, err);
    easel_pixels_release(&p);
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
    char sha[65]; /* the store names the image by the SHA-256 of its bytes */
    struct easel_sha256 h;
    easel_sha256_init(&h);
    easel_sha256_update(&h, clean.data, clean.len);
    easel_sha256_hex(&h, sha);
    /* every derived image is made before the transaction: image work (seconds for a large
       photo) must not hold the database's write lock, which every other write and every audited
       read waits for */
    struct easel_buf thumb, flat;
    easel_buf_init(&thumb, EASEL_ARTWORK_MAX);
    easel_buf_init(&flat, EASEL_ARTWORK_MAX);
    uint32_t td[2] = {0, 0}, dd[2] = {0, 0};
    struct easel_pixels px = {0}; /* the display size, decoded once for all that follows */
    struct sheet_made m;
    bool sheet = false;
    memset(&m, 0, sizeof(m));
    easel_buf_init(&m.thumb, EASEL_ARTWORK_MAX);
    if (!rc)
        rc = easel_image_derive_sizes((const unsigned char *)clean.data, clean.len, &thumb, td,
                                      &derived, dd, &px, err);
    if (!rc && dd[0] >= 8 && dd[1] >= 8) { /* the sheet in the photo, found and flattened */
        easel_buf_release(&m.thumb);
        rc = sheet_compute(&px, NULL, &flat, &m, err);
        sheet = true;
    }
    easel_pixels_release(&px);
    if (!rc && (rc = easel_store_batch_begin(s, err)) == 0) {
        rc = easel_artwork_add(s, r, clean.data, clean.len, &in, id, err);
        if (!rc && sha256)
            memcpy(sha256, sha, 65);
        if (!rc)
            rc = easel_artwork_size_put(s, sha, "thumb", td[0], td[1], thumb.data, thumb.len, err);
        if (!rc)
            rc = easel_artwork_size_put(s, sha, "display", dd[0], dd[1], derived.data, derived.len,
                                        err);
        if (!rc && sheet) /* what analysis and documents read */
            rc = sheet_store(s, *id, &m, NULL, &flat, err);
        rc = easel_store_batch_end(s, rc, err);
    }
    easel_buf_release(&m.thumb);
    easel_buf_release(&flat);
    easel_buf_release(&thumb);
    if (!rc && info)
        *info = in;
    easel_buf_release(&derived);
    easel_buf_release(&clean);
    return rc;
}

int easel_app_artwork_size(struct easel_store *s, const struct easel_artwork *a, const char *size,
                           struct easel_buf *bytes, struct easel_error *err)
{
    if (strcmp(size, "flat-thumb") == 0) { /* its thumbnail, made with it */
        size_t keep = bytes->len;
        int rc = easel_artwork_sheet_thumb_get(s, a->id, bytes, err);
        if (rc != EASEL_ENOTFOUND)
            return rc;
        struct easel_buf flat;
        easel_buf_init(&flat, EASEL_ARTWORK_MAX);
        rc = easel_app_artwork_size(s, a, "flat", &flat, err);
        bytes->len = keep;
        if (!rc)
            rc = easel_image_derive((const unsigned char *)flat.data, flat.len, EASEL_IMAGE_THUMB,
                                    bytes, NULL, NULL, err);
        if (!rc)
            rc =
                easel_artwork_sheet_thumb_put(s, a->id, bytes->data + keep, bytes->len - keep, err);
        easel_buf_release(&flat);
        return rc;
    }
    if (strcmp(size, "flat") == 0) { /* the flattened sheet, made now for older artworks */
        struct easel_arena ar;
        easel_arena_init(&ar);
        struct easel_artwork_sheet sh;
        int rc = easel_artwork_sheet_get(s, a->id, &ar, &sh, bytes, err);
        easel_arena_release(&ar);
        if (rc != EASEL_ENOTFOUND)
            return rc;
        return easel_app_artwork_sheet_set(s, a, NULL, bytes, err);
    }
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
    /* the flattened sheet: the drawing, not the table, the lamp or the angle */
    int rc = easel_app_artwork_size(s, a, "flat", &bytes, err);
    if (rc == EASEL_EINVAL) { /* too small for a sheet: the display size as it is */
        bytes.len = 0;
        rc = easel_app_artwork_size(s, a, "display", &bytes, err);
    }
    if (!rc)
        rc = easel_image_decode((const unsigned char *)bytes.data, bytes.len, 0, &p, err);
    if (!rc && easel_formal_analyse(p.rgb, p.width, p.height, out))
        rc = easel_error_set(err, EASEL_EINVAL, "artwork", "image",
                             "the image is too small to describe (at least 8 pixels a side)");
    easel_pixels_release(&p);
    easel_buf_release(&bytes);
    return rc;
}

int easel_app_artwork_sheet_set(struct easel_store *s, const struct easel_artwork *a,
                                const char *corners, struct easel_buf *flat,
                                struct easel_error *err)
{
    struct easel_buf display;
    easel_buf_init(&display, EASEL_ARTWORK_MAX);
    int rc = easel_app_artwork_size(s, a, "display", &display, err);
    if (!rc)
        rc = sheet_make(s, a->id, (const unsigned char *)display.data, display.len, corners,
                        corners ? s->actor : NULL, flat, err);
    easel_buf_release(&display);
    return rc;
}
