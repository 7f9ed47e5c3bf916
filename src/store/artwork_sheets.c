/*
 * store/artwork_sheets.c — the sheet in each artwork photo (easel/store.h, issue 13): the four
 * corners on the display size (as fractions of its width and height, "x,y x,y x,y x,y" from
 * the top-left, clockwise), whether they were found automatically or set by a person (who and
 * when), and the flattened image made from them (JPEG). The original photo and its display size
 * stay as they are, so every figure can be traced back: original -> corners -> flattened.
 *
 * Owns: nothing beyond the call. Borrows: the store and the bytes. Fails: EASEL_EINVAL naming
 * the field, EASEL_ENOTFOUND, the store's error.
 */
#include "store_int.h"

#include <stdio.h>
#include <string.h>

#define WHERE "artwork"
#define SHEET_COLS                                                                                 \
    "artwork_id, corners, found, width, height, bytes, set_by, set_at, space_x1e4, colours,"       \
    " entropy_x1e3, edges_x1e4, lightness_x10, saturation_x10"

/* "x,y x,y x,y x,y" with each value a fraction 0..1 */
static bool valid_corners(const char *c)
{
    if (!c || strlen(c) > 200)
        return false;
    double v[8];
    int used = 0;
    if (sscanf(c, "%lf,%lf %lf,%lf %lf,%lf %lf,%lf%n", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
               &v[6], &v[7], &used) != 8 ||
        c[used])
        return false;
    for (int i = 0; i < 8; i++)
        if (!(v[i] >= 0 && v[i] <= 1))
            return false;
    return true;
}

int easel_artwork_sheet_put(struct easel_store *s, const struct easel_artwork_sheet *sh,
                            const void *bytes, size_t len, struct easel_error *err)
{
    if (!valid_corners(sh->corners))
        return easel_error_set(err, EASEL_EINVAL, WHERE, "corners",
                               "four corners \"x,y x,y x,y x,y\", each a fraction 0-1");
    if (sh->width < 8 || sh->height < 8 || !bytes || !len)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "image", "no flattened image");
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    struct easel_val p[] = {easel_vint(sh->artwork),
                            easel_vtext(sh->corners),
                            easel_vint(sh->found),
                            easel_vint(sh->width),
                            easel_vint(sh->height),
                            easel_vblob(bytes, len),
                            sh->set_by ? easel_vtext(sh->set_by) : easel_vtext(NULL),
                            sh->set_by ? easel_vint(s->now()) : easel_vtext(NULL),
                            easel_vint(sh->space_x1e4),
                            easel_vint(sh->colours),
                            easel_vint(sh->entropy_x1e3),
                            easel_vint(sh->edges_x1e4),
                            easel_vint(sh->lightness_x10),
                            easel_vint(sh->saturation_x10)};
    rc = easel__run(s, "DELETE FROM artwork_sheets WHERE artwork_id = $1", p, 1, NULL, err);
    if (!rc)
        rc = easel__run(s,
                        "INSERT INTO artwork_sheets (artwork_id, corners, found, width, height,"
                        " bytes, set_by, set_at, space_x1e4, colours, entropy_x1e3, edges_x1e4,"
                        " lightness_x10, saturation_x10) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
                        " $9, $10, $11, $12, $13, $14)",
                        p, 14, NULL, err);
    if (!rc && sh->set_by) /* a person's corners are a change to the record */
        rc = easel__audit(s, "update", "artwork-sheet", sh->artwork, err);
    return easel__end(s, rc, err);
}

struct sheet_row {
    struct easel_arena *a;
    struct easel_artwork_sheet *out;
    struct easel_buf *bytes;
    bool found;
};

static int sheet_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct sheet_row *r = ctx;
    if (n < 14)
        return EASEL_EDB;
    r->found = true;
    r->out->artwork = c[0].i;
    r->out->corners = easel__dup(r->a, &c[1]);
    r->out->found = c[2].i;
    r->out->width = c[3].i;
    r->out->height = c[4].i;
    r->out->set_by = c[6].type == EASEL_V_TEXT ? easel__dup(r->a, &c[6]) : NULL;
    r->out->set_at = c[7].type == EASEL_V_INT ? c[7].i : 0;
    int64_t *f[] = {&r->out->space_x1e4, &r->out->colours,       &r->out->entropy_x1e3,
                    &r->out->edges_x1e4, &r->out->lightness_x10, &r->out->saturation_x10};
    for (int k = 0; k < 6; k++)
        *f[k] = c[8 + k].type == EASEL_V_INT ? c[8 + k].i : -1;
    if (r->bytes && c[5].type == EASEL_V_BLOB && easel_buf_add(r->bytes, c[5].p, c[5].len))
        return EASEL_ENOMEM;
    return r->a->failed ? EASEL_ENOMEM : 0;
}

int easel_artwork_sheet_get(struct easel_store *s, int64_t artwork, struct easel_arena *a,
                            struct easel_artwork_sheet *out, struct easel_buf *bytes,
                            struct easel_error *err)
{
    struct sheet_row r = {a, out, bytes, false};
    struct easel_val p = easel_vint(artwork);
    int rc = s->ops->exec(s, "SELECT " SHEET_COLS " FROM artwork_sheets WHERE artwork_id = $1", &p,
                          1, sheet_row, &r, NULL, err);
    if (rc == EASEL_ENOMEM)
        return easel_error_set(err, rc, WHERE, "sheet", "out of memory");
    if (rc)
        return rc;
    return r.found ? 0 : easel_error_set(err, EASEL_ENOTFOUND, WHERE, "sheet", "not made yet");
}

static int formal_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct easel__rows *r = ctx;
    int rc = 0;
    struct easel_artwork_formal_row *o = easel__row(r, n, 16, sizeof(*o), &rc);
    if (!o)
        return rc;
    o->date = easel__dup(r->a, &c[14]);
    o->title = c[15].type == EASEL_V_TEXT ? easel__dup(r->a, &c[15]) : NULL;
    struct sheet_row sr = {r->a, &o->sheet, NULL, false};
    rc = sheet_row(&sr, c, 14);
    o->artwork = o->sheet.artwork;
    return rc;
}

int easel_artwork_formal_list(struct easel_store *s, int64_t client, struct easel_arena *a,
                              struct easel_artwork_formal_row **out, size_t *n,
                              struct easel_error *err)
{
    struct easel__rows r = {a, NULL, 0, 0};
    struct easel_val p = easel_vint(client);
    /* the image bytes are not read: NULL in their place */
    int rc = s->ops->exec(s,
                          "SELECT t.artwork_id, t.corners, t.found, t.width, t.height, NULL,"
                          " t.set_by, t.set_at, t.space_x1e4, t.colours, t.entropy_x1e3,"
                          " t.edges_x1e4, t.lightness_x10, t.saturation_x10, s.date, w.title"
                          " FROM artwork_sheets t JOIN artworks w ON w.id = t.artwork_id"
                          " JOIN sessions s ON s.id = w.session_id WHERE s.client_id = $1"
                          " AND w.consent_record = 1 ORDER BY s.date, w.id",
                          &p, 1, formal_row, &r, NULL, err);
    if (rc == EASEL_ENOMEM)
        return easel_error_set(err, rc, WHERE, "sheet", "out of memory");
    *out = r.list;
    *n = r.n;
    return rc ? rc : easel__audit_read(s, "artwork-formal", client, err);
}

int easel_artwork_sheet_thumb_put(struct easel_store *s, int64_t artwork, const void *bytes,
                                  size_t len, struct easel_error *err)
{
    struct easel_val p[] = {easel_vblob(bytes, len), easel_vint(artwork)};
    return easel__run(s, "UPDATE artwork_sheets SET thumb = $1 WHERE artwork_id = $2", p, 2, NULL,
                      err);
}

struct thumb_row {
    struct easel_buf *bytes;
    bool found;
};

static int thumb_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct thumb_row *r = ctx;
    if (n < 1 || c[0].type != EASEL_V_BLOB)
        return 0;
    r->found = true;
    return easel_buf_add(r->bytes, c[0].p, c[0].len) ? EASEL_ENOMEM : 0;
}

int easel_artwork_sheet_thumb_get(struct easel_store *s, int64_t artwork, struct easel_buf *bytes,
                                  struct easel_error *err)
{
    struct thumb_row r = {bytes, false};
    struct easel_val p = easel_vint(artwork);
    int rc = s->ops->exec(s, "SELECT thumb FROM artwork_sheets WHERE artwork_id = $1", &p, 1,
                          thumb_row, &r, NULL, err);
    if (rc == EASEL_ENOMEM)
        return easel_error_set(err, rc, WHERE, "sheet", "out of memory");
    if (rc)
        return rc;
    return r.found ? 0 : easel_error_set(err, EASEL_ENOTFOUND, WHERE, "sheet", "no thumbnail");
}
