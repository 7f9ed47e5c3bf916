/*
 * store/sessions.c — session records with their progress note (SOAP, DAP, BIRP or GIRP; the
 * note's fields as a JSON object, at most EASEL_NOTE_MAX bytes), listed by date. A note is a
 * draft until its author signs it: a draft's edits keep the version they replace
 * (session_versions); signing stores the content hash, binds it into the audit chain
 * ("CLIENT/sID/sha256:HEX") and the backend's triggers lock the row. Afterwards only addenda.
 *
 * Owns: nothing beyond the call. Borrows: the store and the record. Fails: EASEL_EINVAL naming
 * the field, EASEL_EREADONLY (signed), EASEL_ECONFLICT (stale version), or the store's error;
 * nothing is written on failure.
 */
#include "easel/plan.h"
#include "easel/util.h"
#include "store_int.h"

#include <stdio.h>
#include <string.h>

#define SESSION_COLS                                                                               \
    "id, client_id, date, minutes, attendance, mode, plan_version, note_format, note,"             \
    " created_by, created_at, status, version, edited_by, edited_at, signed_by, signed_at,"        \
    " content_hash"

void easel_session_hash(int64_t client, const struct easel_session_record *r, char out[65])
{
    struct easel_sha256 h;
    char head[256];
    int n = snprintf(head, sizeof(head), "easel-session/1|%lld|%s|%lld|%s|%s|%lld|%s|",
                     (long long)client, r->date ? r->date : "", (long long)r->minutes,
                     r->attendance ? r->attendance : "", r->mode ? r->mode : "",
                     (long long)r->plan_version, r->note_format ? r->note_format : "");
    easel_sha256_init(&h);
    easel_sha256_update(&h, head, n < 0 ? 0 : (size_t)n < sizeof(head) ? (size_t)n : sizeof(head));
    easel_sha256_update(&h, r->note ? r->note : "", r->note ? strlen(r->note) : 0);
    easel_sha256_hex(&h, out);
}

/* The content checks shared by a new session and an edit of a draft. */
static int check_content(const struct easel_session_record *r, struct easel_error *err)
{
    static const char *const attendance[] = {"attended", "cancelled", "no-show", NULL};
    static const char *const modes[] = {"individual", "group", NULL};
    static const char *const formats[] = {"SOAP", "DAP", "BIRP", "GIRP", NULL};
    int64_t day;
    if (!r->date || easel_date_parse(r->date, &day))
        return easel_error_set(err, EASEL_EINVAL, "session", "date", "must be YYYY-MM-DD");
    if (r->minutes < 1 || r->minutes > 600)
        return easel_error_set(err, EASEL_EINVAL, "session", "minutes", "must be 1-600");
    if (!easel__one_of(r->attendance, attendance))
        return easel_error_set(err, EASEL_EINVAL, "session", "attendance",
                               "must be attended, cancelled or no-show");
    if (!easel__one_of(r->mode, modes))
        return easel_error_set(err, EASEL_EINVAL, "session", "mode", "must be individual or group");
    if (!easel__one_of(r->note_format, formats))
        return easel_error_set(err, EASEL_EINVAL, "session", "note_format",
                               "must be SOAP, DAP, BIRP or GIRP");
    if (!r->note || strlen(r->note) > EASEL_NOTE_MAX)
        return easel_error_set(err, EASEL_ETOOBIG, "session", "note",
                               "a note holds at most %zu bytes", EASEL_NOTE_MAX);
    return 0;
}

/* A session cites a plan version the client's record holds (0: none). */
static int check_plan_version(struct easel_store *s, const struct easel_session_record *r,
                              struct easel_error *err)
{
    if (!r->plan_version)
        return 0;
    int64_t one = 0;
    int found = 0;
    struct easel_val q[] = {easel_vint(r->client), easel_vint(r->plan_version)};
    int rc = easel__int(s, "SELECT 1 FROM plans WHERE client_id = $1 AND version = $2", q, 2, &one,
                        &found, err);
    if (!rc && !found)
        rc = easel_error_set(err, EASEL_EINVAL, "session", "plan_version",
                             "the client has no plan version %lld", (long long)r->plan_version);
    return rc;
}

int easel_session_add(struct easel_store *s, const struct easel_session_record *r, int64_t *id,
                      struct easel_error *err)
{
    int rc = check_content(r, err);
    if (!rc)
        rc = easel__begin(s, err);
    if (rc)
        return rc;
    struct easel_val p[] = {easel_vint(r->client),       easel_vtext(r->date),
                            easel_vint(r->minutes),      easel_vtext(r->attendance),
                            easel_vtext(r->mode),        easel_vint(r->plan_version),
                            easel_vtext(r->note_format), easel_vtext(r->note),
                            easel_vtext(s->actor),       easel_vint(s->now())};
    int found = 0;
    rc = easel__client_exists(s, r->client, "session", err);
    if (!rc)
        rc = check_plan_version(s, r, err);
    if (!rc)
        rc = easel__int(s,
                        "INSERT INTO sessions (client_id, date, minutes, attendance, mode,"
                        " plan_version, note_format, note, created_by, created_at)"
                        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                        p, 10, id, &found, err);
    if (!rc)
        rc = easel__audit(s, "create", "session", *id, err);
    return easel__end(s, rc, err);
}

static int session_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct easel__rows *r = ctx;
    int rc = 0;
    struct easel_session_record *o = easel__row(r, n, 18, sizeof(*o), &rc);
    if (!o)
        return rc;
    o->id = c[0].i;
    o->client = c[1].i;
    o->date = easel__dup(r->a, &c[2]);
    o->minutes = c[3].i;
    o->attendance = easel__dup(r->a, &c[4]);
    o->mode = easel__dup(r->a, &c[5]);
    o->plan_version = c[6].i;
    o->note_format = easel__dup(r->a, &c[7]);
    o->note = easel__dup(r->a, &c[8]);
    o->created_by = easel__dup(r->a, &c[9]);
    o->created_at = c[10].i;
    o->status = easel__dup(r->a, &c[11]);
    o->version = c[12].i;
    o->edited_by = c[13].type == EASEL_V_TEXT ? easel__dup(r->a, &c[13]) : NULL;
    o->edited_at = c[14].type == EASEL_V_INT ? c[14].i : 0;
    o->signed_by = c[15].type == EASEL_V_TEXT ? easel__dup(r->a, &c[15]) : NULL;
    o->signed_at = c[16].type == EASEL_V_INT ? c[16].i : 0;
    o->content_hash = c[17].type == EASEL_V_TEXT ? easel__dup(r->a, &c[17]) : NULL;
    return r->a->failed ? EASEL_ENOMEM : 0;
}

static int nomem(int rc, struct easel_error *err)
{
    return rc == EASEL_ENOMEM ? easel_error_set(err, rc, "session", "", "out of memory") : rc;
}

#define SESSIONS_OF "SELECT " SESSION_COLS " FROM sessions WHERE client_id = $1 ORDER BY date, id"

void easel__sessions_read(struct easel__read *q, int64_t client, struct easel__rows *r)
{
    *q = (struct easel__read){SESSIONS_OF, {easel_vint(client)}, 1, session_row, r};
}

int easel_session_list(struct easel_store *s, int64_t client, struct easel_arena *a,
                       struct easel_session_record **out, size_t *n, struct easel_error *err)
{
    struct easel__rows r = {a, NULL, 0, 0};
    int rc = easel__list(s, SESSIONS_OF, client, session_row, &r, "session", "sessions", err);
    *out = r.list;
    *n = r.n;
    return rc;
}

/* One session of a client, inside the caller's transaction. */
static int load_one(struct easel_store *s, int64_t client, int64_t id, struct easel_arena *a,
                    struct easel_session_record *out, struct easel_error *err)
{
    struct easel__rows r = {a, NULL, 0, 0};
    struct easel_val p[] = {easel_vint(id), easel_vint(client)};
    int rc = nomem(s->ops->exec(s,
                                "SELECT " SESSION_COLS " FROM sessions WHERE id = $1"
                                " AND client_id = $2",
                                p, 2, session_row, &r, NULL, err),
                   err);
    if (!rc && !r.n)
        rc = easel_error_set(err, EASEL_ENOTFOUND, "session", "id",
                             "no such session of this client");
    if (!rc)
        *out = *(struct easel_session_record *)r.list;
    return rc;
}

int easel_session_update(struct easel_store *s, const struct easel_session_record *r,
                         int64_t edited, struct easel_error *err)
{
    int rc = check_content(r, err);
    if (!rc)
        rc = easel__begin(s, err);
    if (rc)
        return rc;
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_session_record old;
    rc = load_one(s, r->client, r->id, &a, &old, err);
    if (!rc && strcmp(old.status, "signed") == 0)
        rc = easel_error_set(err, EASEL_EREADONLY, "session", "status",
                             "the note of %s is signed: add an addendum instead", old.date);
    if (!rc && strcmp(old.created_by, s->actor) != 0)
        rc = easel_error_set(err, EASEL_EINVAL, "session", "edited_by",
                             "only the note's author edits the draft; others add an addendum "
                             "once it is signed");
    if (!rc && old.version != edited)
        rc = easel_error_set(err, EASEL_ECONFLICT, "session", "version",
                             "the note was saved again since you opened it (you edited version "
                             "%lld, the note is now at version %lld): reload it",
                             (long long)edited, (long long)old.version);
    if (!rc)
        rc = check_plan_version(s, r, err);
    if (!rc) { /* the version being replaced, as it was, with who wrote it */
        struct easel_val v[] = {easel_vint(old.id),
                                easel_vint(old.version),
                                easel_vtext(old.date),
                                easel_vint(old.minutes),
                                easel_vtext(old.attendance),
                                easel_vint(old.plan_version),
                                easel_vtext(old.note_format),
                                easel_vtext(old.note),
                                easel_vtext(old.edited_by ? old.edited_by : old.created_by),
                                easel_vint(old.edited_by ? old.edited_at : old.created_at)};
        rc = easel__run(s,
                        "INSERT INTO session_versions (session_id, version, date, minutes,"
                        " attendance, plan_version, note_format, note, saved_by, saved_at)"
                        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                        v, 10, NULL, err);
    }
    if (!rc) {
        struct easel_val u[] = {easel_vtext(r->date),        easel_vint(r->minutes),
                                easel_vtext(r->attendance),  easel_vint(r->plan_version),
                                easel_vtext(r->note_format), easel_vtext(r->note),
                                easel_vtext(s->actor),       easel_vint(s->now()),
                                easel_vint(old.id),          easel_vint(old.version)};
        int64_t changed = 0;
        rc = easel__run(s,
                        "UPDATE sessions SET date = $1, minutes = $2, attendance = $3,"
                        " plan_version = $4, note_format = $5, note = $6, edited_by = $7,"
                        " edited_at = $8, version = version + 1 WHERE id = $9 AND version = $10"
                        " AND status = 'draft'",
                        u, 10, &changed, err);
        if (!rc && changed != 1)
            rc = easel_error_set(err, EASEL_ECONFLICT, "session", "version",
                                 "the note changed while it was saved: reload it");
    }
    if (!rc)
        rc = easel__audit(s, "update", "session", old.id, err);
    easel_arena_release(&a);
    return easel__end(s, rc, err);
}

/* Inside the caller's transaction: lock a draft as signed by the actor, and record what was
   signed in the audit chain. Used by easel_session_sign and by the group session's copies. */
int easel__session_seal(struct easel_store *s, int64_t client, int64_t id, struct easel_error *err)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_session_record cur;
    int rc = load_one(s, client, id, &a, &cur, err);
    if (!rc && strcmp(cur.status, "signed") == 0)
        rc = easel_error_set(err, EASEL_EREADONLY, "session", "status",
                             "the note of %s is already signed", cur.date);
    char hash[65] = "";
    if (!rc) {
        easel_session_hash(client, &cur, hash);
        struct easel_val p[] = {easel_vtext(hash), easel_vtext(s->actor), easel_vint(s->now()),
                                easel_vint(id), easel_vint(client)};
        int64_t changed = 0;
        rc = easel__run(s,
                        "UPDATE sessions SET status = 'signed', content_hash = $1, signed_by = $2,"
                        " signed_at = $3 WHERE id = $4 AND client_id = $5 AND status = 'draft'",
                        p, 5, &changed, err);
        if (!rc && changed != 1)
            rc = easel_error_set(err, EASEL_ECONFLICT, "session", "status",
                                 "the note changed while it was signed: reload it");
    }
    if (!rc) {
        char ref[140];
        snprintf(ref, sizeof(ref), "%lld/s%lld/sha256:%s", (long long)client, (long long)id, hash);
        rc = easel__audit_ref(s, "sign", "session", ref, err);
    }
    easel_arena_release(&a);
    return rc;
}

int easel_session_sign(struct easel_store *s, int64_t client, int64_t id, struct easel_error *err)
{
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_session_record cur;
    rc = load_one(s, client, id, &a, &cur, err);
    if (!rc && strcmp(cur.status, "draft") == 0 && strcmp(cur.created_by, s->actor) != 0)
        rc = easel_error_set(err, EASEL_EINVAL, "session", "signed_by",
                             "only the note's author signs it; others add an addendum once "
                             "it is signed");
    if (!rc)
        rc = easel__session_seal(s, client, id, err);
    easel_arena_release(&a);
    return easel__end(s, rc, err);
}

int easel_session_versions(struct easel_store *s, int64_t client, int64_t id, struct easel_arena *a,
                           struct easel_session_record **out, size_t *n, struct easel_error *err)
{
    struct easel__rows r = {a, NULL, 0, 0};
    struct easel_val p[] = {easel_vint(id), easel_vint(client)};
    int rc = s->ops->exec(s,
                          "SELECT v.session_id, s.client_id, v.date, v.minutes, v.attendance,"
                          " s.mode, v.plan_version, v.note_format, v.note, v.saved_by,"
                          " v.saved_at, 'draft', v.version, NULL, NULL, NULL, NULL, NULL"
                          " FROM session_versions v JOIN sessions s ON s.id = v.session_id"
                          " WHERE v.session_id = $1 AND s.client_id = $2 ORDER BY v.version",
                          p, 2, session_row, &r, NULL, err);
    if (rc)
        return nomem(rc, err);
    *out = r.list;
    *n = r.n;
    return easel__audit_read(s, "session-versions", client, err);
}
