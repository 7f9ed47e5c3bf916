/*
 * store/gas.c — Goal Attainment Scales: one scale per plan objective (its description and
 * weight, set with the client), and dated ratings from -2 to +2 (Kiresuk & Sherman; T-scores
 * are computed by core, easel_gas_tscore).
 */
#include "easel/plan.h"
#include "store_int.h"

#include <string.h>

int easel_gas_add(struct easel_store *s, int64_t client, const char *objective,
                  const char *description, int64_t weight, struct easel_error *err)
{
    if (!objective || !*objective || strlen(objective) > 16)
        return easel_error_set(err, EASEL_EINVAL, "gas", "objective", "an objective number");
    if (!description || !*description || strlen(description) > 2000)
        return easel_error_set(err, EASEL_EINVAL, "gas", "description", "1-2000 characters");
    if (weight < 1 || weight > 100)
        return easel_error_set(err, EASEL_EINVAL, "gas", "weight", "must be 1-100");
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    struct easel_val p[] = {easel_vint(client), easel_vtext(objective), easel_vtext(description),
                            easel_vint(weight), easel_vtext(s->actor),  easel_vint(s->now())};
    rc = easel__client_exists(s, client, "gas", err);
    if (!rc)
        rc = easel__run(s,
                        "INSERT INTO gas_goals (client_id, objective, description, weight,"
                        " created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                        p, 6, NULL, err);
    if (rc == EASEL_ECONFLICT)
        easel_error_set(err, rc, "gas", "objective", "objective %s already has a scale", objective);
    if (!rc)
        rc = easel__audit(s, "create", "gas", client, err);
    return easel__end(s, rc, err);
}

int easel_gas_rate(struct easel_store *s, int64_t client, const char *objective, const char *date,
                   int score, struct easel_error *err)
{
    int64_t day;
    if (!date || easel_date_parse(date, &day))
        return easel_error_set(err, EASEL_EINVAL, "gas", "date", "must be YYYY-MM-DD");
    if (score < -2 || score > 2)
        return easel_error_set(err, EASEL_EINVAL, "gas", "score",
                               "must be -2, -1, 0, +1 or +2, got %d", score);
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    struct easel_val p[] = {easel_vint(client), easel_vtext(objective), easel_vtext(date),
                            easel_vint(score),  easel_vtext(s->actor),  easel_vint(s->now())};
    int64_t one = 0;
    int found = 0;
    rc = easel__int(s, "SELECT 1 FROM gas_goals WHERE client_id = $1 AND objective = $2", p, 2,
                    &one, &found, err);
    if (!rc && !found)
        rc = easel_error_set(err, EASEL_ENOTFOUND, "gas", "objective",
                             "objective %s has no goal attainment scale yet", objective);
    if (!rc)
        rc = easel__run(s,
                        "INSERT INTO gas_ratings (client_id, objective, date, score, created_by,"
                        " created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                        p, 6, NULL, err);
    if (!rc)
        rc = easel__audit(s, "create", "gas-rating", client, err);
    return easel__end(s, rc, err);
}

static int gas_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct easel__rows *r = ctx;
    int rc = 0;
    struct easel_gas_record *o = easel__row(r, n, 5, sizeof(*o), &rc);
    if (!o)
        return rc;
    o->objective = easel__dup(r->a, &c[0]);
    o->description = easel__dup(r->a, &c[1]);
    o->weight = c[2].i;
    o->latest_date = easel__dup(r->a, &c[3]);
    o->latest_score = c[4].type == EASEL_V_INT ? (int)c[4].i : 0;
    o->rated = c[4].type == EASEL_V_INT;
    return r->a->failed ? EASEL_ENOMEM : 0;
}

int easel_gas_list(struct easel_store *s, int64_t client, struct easel_arena *a,
                   struct easel_gas_record **out, size_t *n, struct easel_error *err)
{
    struct easel__rows r = {a, NULL, 0, 0};
    struct easel_val p = easel_vint(client);
    /* each scale with its latest rating (by date, then entry order) */
    int rc =
        s->ops->exec(s,
                     "SELECT g.objective, g.description, g.weight,"
                     " (SELECT r.date FROM gas_ratings r WHERE r.client_id = g.client_id"
                     "  AND r.objective = g.objective ORDER BY r.date DESC, r.id DESC LIMIT 1),"
                     " (SELECT r.score FROM gas_ratings r WHERE r.client_id = g.client_id"
                     "  AND r.objective = g.objective ORDER BY r.date DESC, r.id DESC LIMIT 1)"
                     " FROM gas_goals g WHERE g.client_id = $1 ORDER BY g.objective",
                     &p, 1, gas_row, &r, NULL, err);
    if (rc)
        return rc == EASEL_ENOMEM ? easel_error_set(err, rc, "gas", "", "out of memory") : rc;
    *out = r.list;
    *n = r.n;
    return easel__audit_read(s, "gas", client, err);
}

static int rating_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct easel__rows *r = ctx;
    int rc = 0;
    struct easel_gas_rating *o = easel__row(r, n, 3, sizeof(*o), &rc);
    if (!o)
        return rc;
    o->objective = easel__dup(r->a, &c[0]);
    o->date = easel__dup(r->a, &c[1]);
    o->score = (int)c[2].i;
    return r->a->failed ? EASEL_ENOMEM : 0;
}

int easel_gas_ratings(struct easel_store *s, int64_t client, struct easel_arena *a,
                      struct easel_gas_rating **out, size_t *n, struct easel_error *err)
{
    struct easel__rows r = {a, NULL, 0, 0};
    int rc = easel__list(s,
                         "SELECT objective, date, score FROM gas_ratings WHERE client_id = $1"
                         " ORDER BY objective, date, id",
                         client, rating_row, &r, "gas", "gas", err);
    *out = r.list;
    *n = r.n;
    return rc;
}
