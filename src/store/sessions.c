/*
 * store/sessions.c — session records with their progress note (SOAP, DAP, BIRP or GIRP; the
 * note's fields as a JSON object, at most EASEL_NOTE_MAX bytes), listed by date.
 */
#include "easel/plan.h"
#include "store_int.h"

#include <string.h>

int easel_session_add(struct easel_store *s, const struct easel_session_record *r, int64_t *id,
                      struct easel_error *err)
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
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    struct easel_val p[] = {easel_vint(r->client),       easel_vtext(r->date),
                            easel_vint(r->minutes),      easel_vtext(r->attendance),
                            easel_vtext(r->mode),        easel_vint(r->plan_version),
                            easel_vtext(r->note_format), easel_vtext(r->note),
                            easel_vtext(s->actor),       easel_vint(s->now())};
    int found = 0;
    rc = easel__client_exists(s, r->client, "session", err);
    if (!rc && r->plan_version) { /* a session cites a version the client's record holds */
        int64_t one = 0;
        struct easel_val q[] = {easel_vint(r->client), easel_vint(r->plan_version)};
        rc = easel__int(s, "SELECT 1 FROM plans WHERE client_id = $1 AND version = $2", q, 2, &one,
                        &found, err);
        if (!rc && !found)
            rc = easel_error_set(err, EASEL_EINVAL, "session", "plan_version",
                                 "the client has no plan version %lld", (long long)r->plan_version);
        found = 0;
    }
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

struct session_rows {
    struct easel_arena *a;
    void *list; /* the record array (easel__push) */
    size_t n, cap;
};

static int session_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct session_rows *r = ctx;
    if (n < 11)
        return EASEL_EDB;
    struct easel_session_record *o = easel__push(r->a, &r->list, &r->n, &r->cap, sizeof(*o));
    if (!o)
        return EASEL_ENOMEM;
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
    return r->a->failed ? EASEL_ENOMEM : 0;
}

int easel_session_list(struct easel_store *s, int64_t client, struct easel_arena *a,
                       struct easel_session_record **out, size_t *n, struct easel_error *err)
{
    struct session_rows r = {a, NULL, 0, 0};
    struct easel_val p = easel_vint(client);
    int rc = s->ops->exec(s,
                          "SELECT id, client_id, date, minutes, attendance, mode, plan_version,"
                          " note_format, note, created_by, created_at FROM sessions"
                          " WHERE client_id = $1 ORDER BY date, id",
                          &p, 1, session_row, &r, NULL, err);
    if (rc)
        return rc == EASEL_ENOMEM ? easel_error_set(err, rc, "session", "", "out of memory") : rc;
    *out = r.list;
    *n = r.n;
    return easel__audit_read(s, "sessions", client, err);
}
