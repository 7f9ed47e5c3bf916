/*
 * store/measures.c — instrument administrations: the item answers exactly as entered (blanks
 * kept as blanks) and the total scored by core (easel_score), listed oldest first.
 */
#include "easel/plan.h"
#include "store_int.h"

#include <string.h>

int easel_measure_add(struct easel_store *s, const struct easel_measure_record *r, int64_t *id,
                      struct easel_error *err)
{
    int64_t day;
    if (!r->date || easel_date_parse(r->date, &day))
        return easel_error_set(err, EASEL_EINVAL, "measure", "date", "must be YYYY-MM-DD");
    if (!r->instrument || !*r->instrument || strlen(r->instrument) > 48)
        return easel_error_set(err, EASEL_EINVAL, "measure", "instrument", "an instrument id");
    if (!r->answers || strlen(r->answers) > 400)
        return easel_error_set(err, EASEL_EINVAL, "measure", "answers", "at most 400 characters");
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    struct easel_val p[] = {easel_vint(r->client),     easel_vtext(r->instrument),
                            easel_vtext(r->date),      easel_vtext(r->answers),
                            easel_vint(r->total_x100), easel_vtext(s->actor),
                            easel_vint(s->now())};
    int found = 0;
    rc = easel__client_exists(s, r->client, "measure", err);
    if (!rc)
        rc = easel__int(s,
                        "INSERT INTO measures (client_id, instrument, date, answers, total,"
                        " created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                        p, 7, id, &found, err);
    if (!rc)
        rc = easel__audit(s, "create", "measure", *id, err);
    return easel__end(s, rc, err);
}

static int measure_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct easel__rows *r = ctx;
    int rc = 0;
    struct easel_measure_record *o = easel__row(r, n, 8, sizeof(*o), &rc);
    if (!o)
        return rc;
    o->id = c[0].i;
    o->client = c[1].i;
    o->instrument = easel__dup(r->a, &c[2]);
    o->date = easel__dup(r->a, &c[3]);
    o->answers = c[4].type == EASEL_V_NULL ? "" : easel__dup(r->a, &c[4]);
    o->total_x100 = c[5].type == EASEL_V_INT ? c[5].i : -1;
    o->created_at = c[6].i;
    o->ack_action = c[7].type == EASEL_V_TEXT ? easel__dup(r->a, &c[7]) : NULL;
    return r->a->failed ? EASEL_ENOMEM : 0;
}

#define MEASURES_OF                                                                                \
    "SELECT id, client_id, instrument, date, answers, total, created_at, ack_action"               \
    " FROM measures WHERE client_id = $1 ORDER BY date, id"

void easel__measures_read(struct easel__read *q, int64_t client, struct easel__rows *r)
{
    *q = (struct easel__read){MEASURES_OF, {easel_vint(client)}, 1, measure_row, r};
}

int easel_measure_list(struct easel_store *s, int64_t client, struct easel_arena *a,
                       struct easel_measure_record **out, size_t *n, struct easel_error *err)
{
    struct easel__rows r = {a, NULL, 0, 0};
    int rc = easel__list(s, MEASURES_OF, client, measure_row, &r, "measure", "measures", err);
    *out = r.list;
    *n = r.n;
    return rc;
}

struct scan_ctx {
    easel_measure_fn fn;
    void *ctx;
};

static int scan_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct scan_ctx *x = ctx;
    if (n < 4 || c[1].type != EASEL_V_TEXT || c[2].type != EASEL_V_TEXT)
        return EASEL_EDB;
    return x->fn(x->ctx, c[0].i, c[1].p, c[2].p, c[3].type == EASEL_V_INT ? c[3].i : -1);
}

int easel_measure_scan(struct easel_store *s, easel_measure_fn fn, void *ctx,
                       struct easel_error *err)
{
    struct scan_ctx x = {fn, ctx};
    int rc = s->ops->exec(s,
                          "SELECT client_id, instrument, date, total FROM measures"
                          " ORDER BY client_id, instrument, date, id",
                          NULL, 0, scan_row, &x, NULL, err);
    if (rc > 0)
        return easel_error_set(err, EASEL_EINVAL, "measures", "", "scan stopped (%d)", rc);
    if (!rc)
        rc = easel_store_audit(s, "read", "measures-all", 0, err);
    return rc;
}

int easel_risk_acknowledge(struct easel_store *s, int64_t client, int64_t measure,
                           const char *action, struct easel_error *err)
{
    if (!action || !*action)
        return easel_error_set(err, EASEL_EINVAL, "risk", "action",
                               "say what was done about the risk answer");
    int rc = easel__text_check(action, 2000, true, "risk", "action", err);
    if (rc)
        return rc;
    if ((rc = easel__begin(s, err)) != 0)
        return rc;
    int64_t changed = 0;
    struct easel_val p[] = {easel_vtext(action), easel_vint(measure), easel_vint(client)};
    rc = easel__run(s, "UPDATE measures SET ack_action = $1 WHERE id = $2 AND client_id = $3", p, 3,
                    &changed, err);
    if (!rc && !changed)
        rc = easel_error_set(err, EASEL_ENOTFOUND, "risk", "measure_id",
                             "no such administration of this client");
    if (!rc)
        rc = easel__audit(s, "risk-acknowledged", "measure", measure, err);
    return easel__end(s, rc, err);
}
