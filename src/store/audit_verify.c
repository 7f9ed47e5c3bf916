/*
 * store/audit_verify.c — `easel audit verify` (easel_audit_verify, easel/store.h): seals what
 * waits first, then walks the whole chain from the genesis row (every id present, each row
 * linked to the one before, each hash matching its content), checks the head row, that no row
 * waited unsealed beyond EASEL_AUDIT_UNSEALED_MAX_MS, and that every signed plan and session
 * note still hashes to what its signature row recorded. The chain is appended and sealed by
 * store.c; this file only reads it.
 *
 * Owns: nothing beyond the call. Borrows: the store.
 * Fails: EASEL_EINVAL naming the table and field of the first break ("audit_log" "hash": row N
 * was altered; "id": missing or deleted; "prev_hash"; signed records), or the store's codes.
 */
#include "easel/util.h"
#include "store_int.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct verify {
    int64_t expect_id, rows;
    char prev[65];
    struct easel_error *err;
    int rc;
};

static int verify_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct verify *v = ctx;
    if (n < 8 || c[0].type != EASEL_V_INT || c[1].type != EASEL_V_INT) {
        v->rc = easel_error_set(v->err, EASEL_EINVAL, "audit_log", "", "malformed row");
        return 1;
    }
    for (int i = 2; i < 8; i++)
        if (c[i].type != EASEL_V_TEXT) {
            v->rc = easel_error_set(v->err, EASEL_EINVAL, "audit_log", "",
                                    "row %lld: a field is missing", (long long)c[0].i);
            return 1;
        }
    int64_t id = c[0].i;
    if (id != v->expect_id) {
        v->rc = easel_error_set(v->err, EASEL_EINVAL, "audit_log", "id",
                                "row %lld is missing or deleted (next row is %lld)",
                                (long long)v->expect_id, (long long)id);
        return 1;
    }
    if (strcmp(c[6].p, v->prev) != 0) {
        v->rc =
            easel_error_set(v->err, EASEL_EINVAL, "audit_log", "prev_hash",
                            "row %lld does not link to row %lld", (long long)id, (long long)id - 1);
        return 1;
    }
    char hash[65];
    easel__audit_hash(id, c[1].i, c[2].p, c[3].p, c[4].p, c[5].p, c[6].p, hash);
    if (strcmp(hash, c[7].p) != 0) {
        v->rc = easel_error_set(v->err, EASEL_EINVAL, "audit_log", "hash",
                                "row %lld was altered: its content does not match its hash",
                                (long long)id);
        return 1;
    }
    memcpy(v->prev, c[7].p, 65);
    v->expect_id++;
    v->rows++;
    return 0;
}

/* Signed records against the chain: each signed plan's body, and each signed session note,
   hashes to what its signature row in the (verified) log recorded: "CLIENT/vVERSION/sha256:HEX"
   (easel_plan_record_sign) or "CLIENT/sID/sha256:HEX" (easel_session_sign). Editing a signed
   record, even with its content_hash column recomputed, breaks the match. Records signed before the
   log carried the hash (or imported, whose chain starts at the import) are checked against the
   content_hash column only. */
struct signed_check {
    struct easel_store *s;
    struct easel_error *err;
    int rc;
    /* every signature row of the log, "TYPE\x1fRECORD_ID", sorted: read once (one scan), not
       twice per signed record (two scans each: minutes on a practice's million rows) */
    char **signs;
    size_t n_signs, cap_signs;
    struct easel_arena a;
};

static int sign_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct signed_check *k = ctx;
    if (n < 2 || c[0].type != EASEL_V_TEXT || c[1].type != EASEL_V_TEXT)
        return 0;
    char **slot =
        easel__push(&k->a, (void **)&k->signs, &k->n_signs, &k->cap_signs, sizeof(*k->signs));
    char *key = easel_arena_alloc(&k->a, c[0].len + c[1].len + 2);
    if (!slot || !key)
        return EASEL_ENOMEM;
    memcpy(key, c[0].p, c[0].len);
    key[c[0].len] = '\x1f';
    memcpy(key + c[0].len + 1, c[1].p, c[1].len);
    *slot = key;
    return 0;
}

static int key_cmp(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The first signature key not below key */
static size_t lower_bound(const struct signed_check *k, const char *key)
{
    size_t lo = 0, hi = k->n_signs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(k->signs[mid], key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Whether `hash` is what the chain bound for the record named by `prefix` (or, when the chain
   has no signature for it, what its column holds). 0: it is; 1: it is not. */
static int bound_mismatch(struct signed_check *k, const char *type, const char *prefix,
                          const char *hash, const struct easel_val *column)
{
    char ref[240], pre[160];
    snprintf(ref, sizeof(ref), "%s\x1f%s%s", type, prefix, hash);
    int plen = snprintf(pre, sizeof(pre), "%s\x1f%s", type, prefix);
    size_t at = lower_bound(k, pre);
    bool any = at < k->n_signs && strncmp(k->signs[at], pre, (size_t)plen) == 0;
    at = lower_bound(k, ref);
    bool bound = at < k->n_signs && strcmp(k->signs[at], ref) == 0;
    if (any)
        return bound ? 0 : 1;
    if (column->type != EASEL_V_TEXT) /* signed before hashes were kept: nothing to check */
        return strcmp(type, "session") == 0 ? 0 : 1;
    return strcmp(column->p, hash) != 0;
}

static int signed_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct signed_check *k = ctx;
    if (n < 4 || c[0].type != EASEL_V_INT || c[1].type != EASEL_V_INT || c[2].type != EASEL_V_TEXT)
        return 0;
    char hash[65], prefix[64];
    struct easel_sha256 h;
    easel_sha256_init(&h);
    easel_sha256_update(&h, c[2].p, strlen(c[2].p));
    easel_sha256_hex(&h, hash);
    snprintf(prefix, sizeof(prefix), "%lld/v%lld/sha256:", (long long)c[0].i, (long long)c[1].i);
    int m = bound_mismatch(k, "plan", prefix, hash, &c[3]);
    if (m > 0)
        k->rc = easel_error_set(k->err, EASEL_EINVAL, "plans", "body",
                                "the signed plan of client %lld, version %lld, was altered: its "
                                "body does not match the hash recorded when it was signed",
                                (long long)c[0].i, (long long)c[1].i);
    return m != 0;
}

/* c: client_id, id, date, minutes, attendance, mode, plan_version, note_format, note, hash */
static int signed_session_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct signed_check *k = ctx;
    if (n < 10)
        return 0;
    struct easel_session_record r = {.date = c[2].p,
                                     .minutes = c[3].i,
                                     .attendance = c[4].p,
                                     .mode = c[5].p,
                                     .plan_version = c[6].i,
                                     .note_format = c[7].p,
                                     .note = c[8].p};
    char hash[65], prefix[64];
    easel_session_hash(c[0].i, &r, hash);
    snprintf(prefix, sizeof(prefix), "%lld/s%lld/sha256:", (long long)c[0].i, (long long)c[1].i);
    int m = bound_mismatch(k, "session", prefix, hash, &c[9]);
    if (m > 0)
        k->rc = easel_error_set(k->err, EASEL_EINVAL, "sessions", "note",
                                "the signed note of client %lld, session %lld (%s), was altered: "
                                "it does not match the hash recorded when it was signed",
                                (long long)c[0].i, (long long)c[1].i, r.date ? r.date : "");
    return m != 0;
}

static int verify_signed(struct easel_store *s, struct easel_error *err)
{
    struct signed_check k = {s, err, 0, NULL, 0, 0, {0}};
    easel_arena_init(&k.a);
    int rc = s->ops->exec(s, "SELECT record_type, record_id FROM audit_log WHERE action = 'sign'",
                          NULL, 0, sign_row, &k, NULL, err);
    if (rc) {
        easel_arena_release(&k.a);
        return rc == EASEL_ENOMEM ? easel_error_set(err, rc, "audit_log", "", "out of memory") : rc;
    }
    if (k.n_signs)
        qsort(k.signs, k.n_signs, sizeof(*k.signs), key_cmp);
    rc = s->ops->exec(s,
                      "SELECT client_id, version, body, content_hash FROM plans"
                      " WHERE status = 'signed' ORDER BY client_id, version",
                      NULL, 0, signed_row, &k, NULL, err);
    if (!k.rc && !rc)
        rc = s->ops->exec(s,
                          "SELECT client_id, id, date, minutes, attendance, mode, plan_version,"
                          " note_format, note, content_hash FROM sessions"
                          " WHERE status = 'signed' ORDER BY client_id, id",
                          NULL, 0, signed_session_row, &k, NULL, err);
    easel_arena_release(&k.a);
    return k.rc ? k.rc : rc;
}

int easel_audit_verify(struct easel_store *s, int64_t *rows, struct easel_error *err)
{
    struct verify v = {1, 0, "", err, 0};
    memcpy(v.prev, easel__genesis, sizeof(easel__genesis));
    int rc = s->ops->exec(s,
                          "SELECT id, at, actor, action, record_type, record_id, prev_hash, hash"
                          " FROM audit_log ORDER BY id",
                          NULL, 0, verify_row, &v, NULL, err);
    if (rows)
        *rows = v.rows;
    if (v.rc)
        return v.rc;
    if (rc)
        return rc;
    /* a deleted tail leaves a consistent chain: the head row records the newest append */
    struct easel__last_row head = {0, "", 0};
    rc = s->ops->exec(s, "SELECT id, hash FROM audit_head", NULL, 0, easel__last_row_fn, &head,
                      NULL, err);
    if (rc)
        return rc;
    if (!head.found || head.id != v.expect_id - 1)
        return easel_error_set(err, EASEL_EINVAL, "audit_log", "id",
                               "the log ends at row %lld but row %lld was written: rows were "
                               "deleted from the end",
                               (long long)v.expect_id - 1, (long long)head.id);
    if (strcmp(head.hash, v.prev) != 0)
        return easel_error_set(err, EASEL_EINVAL, "audit_head", "hash",
                               "the head records a different hash for row %lld than the log "
                               "holds: the last row or the head was altered",
                               (long long)head.id);
    /* every row is sealed within a bound: one held back is outside the chain's protection */
    struct easel__last_row late = {0, "", 0};
    struct easel_val cut = easel_vint(s->now() - EASEL_AUDIT_UNSEALED_MAX_MS);
    rc = easel__int(s, "SELECT COUNT(*) FROM audit_pending WHERE at < $1", &cut, 1, &late.id,
                    &late.found, err);
    if (rc)
        return rc;
    if (late.id > 0)
        return easel_error_set(err, EASEL_EINVAL, "audit_pending", "at",
                               "%lld audit rows have waited unsealed for more than %d ms: no "
                               "sealer runs (easel serve seals; easel audit verify seals first)",
                               (long long)late.id, EASEL_AUDIT_UNSEALED_MAX_MS);
    return verify_signed(s, err);
}
