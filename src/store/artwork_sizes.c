/*
 * store/artwork_sizes.c — the derived sizes of artwork images (easel/store.h, issue 13): a
 * thumbnail and a display size per stored image, by the SHA-256 of that image, so they are made
 * once and served with a long cache lifetime. Blobs are bound parameters like every value.
 */
#include "store_int.h"

#include <string.h>

#define WHERE "artwork"

static bool valid(const char *sha256, const char *size)
{
    return sha256 && strlen(sha256) == 64 && size &&
           (strcmp(size, "thumb") == 0 || strcmp(size, "display") == 0);
}

int easel_artwork_size_put(struct easel_store *s, const char *sha256, const char *size,
                           int64_t width, int64_t height, const void *bytes, size_t len,
                           struct easel_error *err)
{
    if (!valid(sha256, size))
        return easel_error_set(err, EASEL_EINVAL, WHERE, "size", "must be thumb or display");
    struct easel_val p[] = {easel_vtext(sha256), easel_vtext(size), easel_vint(width),
                            easel_vint(height), easel_vblob(bytes, len)};
    return easel__run(s,
                      "INSERT INTO artwork_sizes (sha256, size, width, height, bytes)"
                      " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                      p, 5, NULL, err);
}

struct size_row {
    struct easel_buf *bytes;
    int64_t w, h;
    bool found;
};

static int size_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct size_row *r = ctx;
    if (n < 3)
        return EASEL_EDB;
    r->found = true;
    r->w = c[0].i;
    r->h = c[1].i;
    return r->bytes && easel_buf_add(r->bytes, c[2].p, c[2].len) ? EASEL_ENOMEM : 0;
}

int easel_artwork_size_get(struct easel_store *s, const char *sha256, const char *size,
                           struct easel_buf *bytes, int64_t *width, int64_t *height,
                           struct easel_error *err)
{
    if (!valid(sha256, size))
        return easel_error_set(err, EASEL_EINVAL, WHERE, "size", "must be thumb or display");
    struct size_row r = {bytes, 0, 0, false};
    struct easel_val p[] = {easel_vtext(sha256), easel_vtext(size)};
    int rc = s->ops->exec(s,
                          "SELECT width, height, bytes FROM artwork_sizes WHERE sha256 = $1"
                          " AND size = $2",
                          p, 2, size_row, &r, NULL, err);
    if (rc == EASEL_ENOMEM)
        return easel_error_set(err, rc, WHERE, "size", "out of memory");
    if (rc)
        return rc;
    if (!r.found)
        return easel_error_set(err, EASEL_ENOTFOUND, WHERE, "size", "not made yet");
    if (width)
        *width = r.w;
    if (height)
        *height = r.h;
    return 0;
}
