/*
 * easel/app_artwork.h — an artwork photo into the record (issue 13), one home for the rule used
 * by the web upload, `easel artwork add` and the demo: the image is cleaned of identifying
 * metadata by the image layer (easel/image.h) before anything is stored, so the record never
 * holds a phone's GPS position, serial or maker note; its thumbnail and display size are made at
 * once, in the same transaction, and kept by the stored image's SHA-256. Documents and browsers
 * get a derived size, never the original.
 *
 * Owns: nothing beyond the call. Borrows: the store and the bytes.
 * Fails: EASEL_EINVAL / EASEL_ETOOBIG naming "image..." for an image the layer refuses,
 * the store's codes otherwise; nothing is half-stored (one transaction).
 */
#ifndef EASEL_APP_ARTWORK_H
#define EASEL_APP_ARTWORK_H

#include "easel/buf.h"
#include "easel/image_probe.h"
#include "easel/store.h"

/* Store r (session, title, medium, client_words, consents) with the image data[0..len);
 *info and sha256 (65 bytes; both may be NULL) get the stored image's header and name. */
int easel_app_artwork_add(struct easel_store *s, const struct easel_artwork *r, const void *data,
                          size_t len, int64_t *id, struct easel_image_info *info, char *sha256,
                          struct easel_error *err);

/* The derived size ("thumb", "display" or "flat": the sheet flattened, white point set) of
   artwork a's stored image into bytes (JPEG): read when it was made, else made now and kept.
   The caller has read (and audited) a. */
int easel_app_artwork_size(struct easel_store *s, const struct easel_artwork *a, const char *size,
                           struct easel_buf *bytes, struct easel_error *err);

/* Set the sheet's corners by hand ("x,y x,y x,y x,y", fractions of the display size, top-left
   first, clockwise; NULL: find them again) and flatten it anew into flat (JPEG); the corners
   and who set them are kept, audited. EASEL_EINVAL naming "corners". */
int easel_app_artwork_sheet_set(struct easel_store *s, const struct easel_artwork *a,
                                const char *corners, struct easel_buf *flat,
                                struct easel_error *err);

struct easel_formal;
/* The computer-assisted formal elements (easel/formal.h) of artwork a, read from its flattened
   sheet (upright, display size, so figures compare across a client's works; the display size
   itself for an image too small to hold a sheet).
   The caller has read (and audited) a and checked its record consent. */
int easel_app_artwork_formal(struct easel_store *s, const struct easel_artwork *a,
                             struct easel_formal *out, struct easel_error *err);

#endif
