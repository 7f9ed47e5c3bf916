/*
 * store/artworks.c — artworks in the client record (issue #3): the image bytes (JPEG or PNG,
 * checked by easel_image_probe before anything is written), named by their SHA-256 — the
 * client's file name is never stored — with the session they were made in, a title, the medium
 * (a KB medium id or free text), the client's own words about the piece, three separate,
 * revocable consents (kept in the record, educational use, exhibition or publication;
 * clinical.md E) and the date the original went home. Every write is one transaction with its
 * audit row (a consent change records the new state in the row's action); reads are audited.
 *
 * Owns nothing: reads fill the caller's arena (metadata) and buffer (image bytes).
 * Borrows: the bytes and strings of a write, for the call.
 * Fails: EASEL_EINVAL or EASEL_ETOOBIG naming the field (nothing written), EASEL_ENOTFOUND for
 * an unknown session or artwork, EASEL_EDB (also for stored bytes that no longer match their
 * SHA-256), EASEL_ENOMEM.
 */
#include "easel/image_probe.h"
#include "easel/plan.h"
#include "easel/util.h"
#include "store_int.h"

#include <stdio.h>
#include <string.h>

#define WHERE "artwork"

static int text_check(const char *s, size_t max, bool multiline, const char *field,
                      struct easel_error *err)
{
    return easel__text_check(s, max, multiline, WHERE, field, err);
}

static const char *or_null(const char *s)
{
    return s && *s ? s : NULL;
}

static void sha256_hex(const void *data, size_t len, char out[65])
{
    struct easel_sha256 h;
    easel_sha256_init(&h);
    easel_sha256_update(&h, data, len);
    easel_sha256_hex(&h, out);
}

int easel_artwork_add(struct easel_store *s, const struct easel_artwork *r, const void *data,
                      size_t len, const struct easel_image_info *info, int64_t *id,
                      struct easel_error *err)
{
    /* the caller probed the bytes; probe again, so nothing else can ever be stored */
    struct easel_image_info probed;
    int rc = easel_image_probe(data, len, &probed, err);
    if (rc)
        return rc;
    if (info && (info->format != probed.format || info->width != probed.width ||
                 info->height != probed.height))
        return easel_error_set(err, EASEL_EINVAL, WHERE, "image",
                               "the probe result passed does not describe these bytes");
    const char *title = or_null(r->title), *medium = or_null(r->medium),
               *words = or_null(r->client_words);
    if ((title && (rc = text_check(title, EASEL_ARTWORK_TITLE_MAX, false, "title", err))) ||
        (medium && (rc = text_check(medium, EASEL_ARTWORK_MEDIUM_MAX, false, "medium", err))) ||
        (words && (rc = text_check(words, EASEL_ARTWORK_WORDS_MAX, true, "client_words", err))))
        return rc;
    char sha[65];
    sha256_hex(data, len, sha);
    rc = easel__begin(s, err);
    if (rc)
        return rc;
    struct easel_val p[] = {easel_vint(r->session),
                            easel_vtext(sha),
                            easel_vtext(probed.mime),
                            easel_vblob(data, len),
                            easel_vtext(title),
                            easel_vtext(medium),
                            easel_vtext(words),
                            easel_vint(r->consent_record ? 1 : 0),
                            easel_vint(r->consent_education ? 1 : 0),
                            easel_vint(r->consent_exhibition ? 1 : 0),
                            easel_vint(probed.width),
                            easel_vint(probed.height),
                            easel_vtext(s->actor),
                            easel_vint(s->now())};
    int64_t client = 0;
    int found = 0;
    rc = easel__int(s, "SELECT client_id FROM sessions WHERE id = $1", p, 1, &client, &found, err);
    if (!rc && !found)
        rc = easel_error_set(err, EASEL_ENOTFOUND, WHERE, "session", "no session with id %lld",
                             (long long)r->session);
    if (!rc)
        rc = easel__int(s,
                        "INSERT INTO artworks (session_id, sha256, mime, bytes, title, medium,"
                        " client_words, consent_record, consent_education, consent_exhibition,"
                        " width, height, created_by, created_at)"
                        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
                        " RETURNING id",
                        p, 14, id, &found, err);
    if (!rc)
        rc = easel__audit(s, "create", "artwork", *id, err);
    return easel__end(s, rc, err);
}

/* The metadata columns, in the order artwork_row reads them; the bytes follow in a get. */
#define ARTWORK_COLS                                                                               \
    "SELECT a.id, a.session_id, s.client_id, s.date, a.sha256, a.mime, a.width, a.height,"         \
    " length(a.bytes), a.title, a.medium, a.client_words, a.consent_record,"                       \
    " a.consent_education, a.consent_exhibition, a.returned_on, a.created_by, a.created_at"
#define N_COLS 18

struct artwork_rows {
    struct easel_arena *a;
    struct easel_artwork *list;
    size_t n, cap;
    struct easel_buf *bytes; /* a get: the image goes here */
    int failed;              /* the callback's own failure (the driver's fill err) */
};

static int64_t int_of(const struct easel_val *v)
{
    return v->type == EASEL_V_INT ? v->i : 0;
}

static int artwork_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct artwork_rows *r = ctx;
    if (n < N_COLS + (r->bytes ? 1u : 0u))
        return r->failed = EASEL_EDB;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 8;
        struct easel_artwork *p = easel_arena_alloc(r->a, cap * sizeof(*p));
        if (!p)
            return r->failed = EASEL_ENOMEM;
        if (r->n)
            memcpy(p, r->list, r->n * sizeof(*p));
        r->list = p;
        r->cap = cap;
    }
    struct easel_artwork *o = &r->list[r->n++];
    o->id = int_of(&c[0]);
    o->session = int_of(&c[1]);
    o->client = int_of(&c[2]);
    o->session_date = easel__dup(r->a, &c[3]);
    o->sha256 = easel__dup(r->a, &c[4]);
    o->mime = easel__dup(r->a, &c[5]);
    o->width = int_of(&c[6]);
    o->height = int_of(&c[7]);
    o->size = int_of(&c[8]);
    o->title = easel__dup(r->a, &c[9]);
    o->medium = easel__dup(r->a, &c[10]);
    o->client_words = easel__dup(r->a, &c[11]);
    o->consent_record = int_of(&c[12]) != 0;
    o->consent_education = int_of(&c[13]) != 0;
    o->consent_exhibition = int_of(&c[14]) != 0;
    o->returned_on = easel__dup(r->a, &c[15]);
    o->created_by = easel__dup(r->a, &c[16]);
    o->created_at = int_of(&c[17]);
    if (r->bytes) {
        const struct easel_val *b = &c[N_COLS];
        if (b->type != EASEL_V_BLOB)
            return r->failed = EASEL_EDB;
        int rc = easel_buf_add(r->bytes, b->p, b->len);
        if (rc)
            return r->failed = rc;
    }
    return r->a->failed ? (r->failed = EASEL_ENOMEM) : 0;
}

/* exec's result: a driver error has filled err already; a row callback's has not. */
static int rows_done(int rc, int failed, struct easel_error *err)
{
    if (!rc || !failed)
        return rc;
    if (failed == EASEL_ENOMEM)
        return easel_error_set(err, failed, WHERE, "", "out of memory");
    if (failed == EASEL_ETOOBIG)
        return easel_error_set(err, failed, WHERE, "image", "larger than the caller's buffer");
    return easel_error_set(err, failed, WHERE, "", "unexpected row shape");
}

int easel_artwork_get(struct easel_store *s, int64_t id, struct easel_arena *a,
                      struct easel_artwork *out, struct easel_buf *bytes, struct easel_error *err)
{
    struct artwork_rows r = {a, NULL, 0, 0, bytes, 0};
    struct easel_val p = easel_vint(id);
    size_t before = bytes ? bytes->len : 0;
    int rc = s->ops->exec(s,
                          bytes ? ARTWORK_COLS ", a.bytes FROM artworks a JOIN sessions s"
                                               " ON s.id = a.session_id WHERE a.id = $1"
                                : ARTWORK_COLS " FROM artworks a JOIN sessions s"
                                               " ON s.id = a.session_id WHERE a.id = $1",
                          &p, 1, artwork_row, &r, NULL, err);
    if (rc)
        return rows_done(rc, r.failed, err);
    if (r.n == 0)
        return easel_error_set(err, EASEL_ENOTFOUND, WHERE, "id", "no artwork with id %lld",
                               (long long)id);
    *out = r.list[0];
    if (bytes) {
        char sha[65];
        sha256_hex(bytes->data + before, bytes->len - before, sha);
        if (!out->sha256 || strcmp(sha, out->sha256) != 0)
            return easel_error_set(err, EASEL_EDB, WHERE, "sha256",
                                   "artwork %lld: the stored image does not match its SHA-256 "
                                   "(the record is damaged)",
                                   (long long)id);
    }
    return easel__audit_read(s, "artwork", id, err);
}

int easel_artwork_list(struct easel_store *s, int64_t client, struct easel_arena *a,
                       struct easel_artwork **out, size_t *n, struct easel_error *err)
{
    struct artwork_rows r = {a, NULL, 0, 0, NULL, 0};
    struct easel_val p = easel_vint(client);
    int rc = s->ops->exec(s,
                          ARTWORK_COLS " FROM artworks a JOIN sessions s ON s.id = a.session_id"
                                       " WHERE s.client_id = $1 ORDER BY s.date, a.id",
                          &p, 1, artwork_row, &r, NULL, err);
    if (rc)
        return rows_done(rc, r.failed, err);
    *out = r.list;
    *n = r.n;
    return easel__audit_read(s, "artworks", client, err);
}

/* The columns of ARTWORK_COLS but the image's size, all held by the index artworks_meta (schema
   version 6): SQLite answers from the index and never walks the pages of the photo, which the
   columns after `bytes` in a row would make it read. */
#define ARTWORK_META_COLS                                                                          \
    "SELECT a.id, a.session_id, s.client_id, s.date, a.sha256, a.mime, a.width, a.height, 0,"      \
    " a.title, a.medium, a.client_words, a.consent_record, a.consent_education,"                   \
    " a.consent_exhibition, a.returned_on, a.created_by, a.created_at"

int easel_artwork_list_consented(struct easel_store *s, int64_t client, struct easel_arena *a,
                                 struct easel_artwork **out, size_t *n, struct easel_error *err)
{
    struct artwork_rows r = {a, NULL, 0, 0, NULL, 0};
    struct easel_val p = easel_vint(client);
    int rc =
        s->ops->exec(s,
                     ARTWORK_META_COLS " FROM sessions s JOIN artworks a ON a.session_id = s.id"
                                       " WHERE s.client_id = $1 AND a.consent_record = 1"
                                       " ORDER BY s.date, a.id",
                     &p, 1, artwork_row, &r, NULL, err);
    if (rc)
        return rows_done(rc, r.failed, err);
    *out = r.list;
    *n = r.n;
    return easel__audit_read(s, "artworks", client, err);
}

struct consents {
    int64_t v[3];
    int found, failed;
};

static int consents_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct consents *x = ctx;
    if (n < 3)
        return x->failed = EASEL_EDB;
    for (int i = 0; i < 3; i++)
        x->v[i] = int_of(&c[i]);
    x->found = 1;
    return 0;
}

int easel_artwork_consent(struct easel_store *s, int64_t id, int record, int education,
                          int exhibition, struct easel_error *err)
{
    const int want[3] = {record, education, exhibition};
    static const char *const names[3] = {"consent_record", "consent_education",
                                         "consent_exhibition"};
    for (int i = 0; i < 3; i++)
        if (want[i] < -1 || want[i] > 1)
            return easel_error_set(err, EASEL_EINVAL, WHERE, names[i],
                                   "must be 1 (given), 0 (withdrawn) or -1 (unchanged)");
    if (record < 0 && education < 0 && exhibition < 0)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "consent",
                               "name at least one consent to give or withdraw");
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    struct consents cur = {{0, 0, 0}, 0, 0};
    struct easel_val key = easel_vint(id);
    rc = s->ops->exec(s,
                      "SELECT consent_record, consent_education, consent_exhibition"
                      " FROM artworks WHERE id = $1",
                      &key, 1, consents_row, &cur, NULL, err);
    if (rc)
        rc = rows_done(rc, cur.failed, err);
    else if (!cur.found)
        rc = easel_error_set(err, EASEL_ENOTFOUND, WHERE, "id", "no artwork with id %lld",
                             (long long)id);
    int64_t next[3];
    for (int i = 0; i < 3; i++)
        next[i] = want[i] >= 0 ? want[i] : cur.v[i] != 0;
    struct easel_val p[] = {easel_vint(id), easel_vint(next[0]), easel_vint(next[1]),
                            easel_vint(next[2])};
    if (!rc)
        rc = easel__run(s,
                        "UPDATE artworks SET consent_record = $2, consent_education = $3,"
                        " consent_exhibition = $4 WHERE id = $1",
                        p, 4, NULL, err);
    /* the new state goes into the audit row: the log is the consent history */
    char action[80];
    snprintf(action, sizeof(action), "consent record=%s education=%s exhibition=%s",
             next[0] ? "yes" : "no", next[1] ? "yes" : "no", next[2] ? "yes" : "no");
    if (!rc)
        rc = easel__audit(s, action, "artwork", id, err);
    return easel__end(s, rc, err);
}

struct date_row {
    char date[16];
    int found;
};

static int date_row_fn(void *ctx, const struct easel_val *c, size_t n)
{
    struct date_row *d = ctx;
    if (n >= 1 && c[0].type == EASEL_V_TEXT) {
        snprintf(d->date, sizeof(d->date), "%s", c[0].p);
        d->found = 1;
    }
    return 0;
}

int easel_artwork_returned(struct easel_store *s, int64_t id, const char *date,
                           struct easel_error *err)
{
    int64_t day;
    if (!date || easel_date_parse(date, &day))
        return easel_error_set(err, EASEL_EINVAL, WHERE, "returned_on", "must be YYYY-MM-DD");
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    struct date_row made = {"", 0};
    struct easel_val p[] = {easel_vint(id), easel_vtext(date)};
    rc = s->ops->exec(s,
                      "SELECT s.date FROM artworks a JOIN sessions s ON s.id = a.session_id"
                      " WHERE a.id = $1",
                      p, 1, date_row_fn, &made, NULL, err);
    if (!rc && !made.found)
        rc = easel_error_set(err, EASEL_ENOTFOUND, WHERE, "id", "no artwork with id %lld",
                             (long long)id);
    if (!rc && strcmp(date, made.date) < 0) /* ISO dates order as text */
        rc = easel_error_set(err, EASEL_EINVAL, WHERE, "returned_on",
                             "%s is before the session the artwork was made in (%s)", date,
                             made.date);
    if (!rc)
        rc = easel__run(s, "UPDATE artworks SET returned_on = $2 WHERE id = $1", p, 2, NULL, err);
    if (!rc)
        rc = easel__audit(s, "returned", "artwork", id, err);
    return easel__end(s, rc, err);
}
