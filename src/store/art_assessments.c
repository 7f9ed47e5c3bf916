/*
 * store/art_assessments.c — art-based assessment records (easel_art_assessment_*; not artworks,
 * the photographs: store/artworks.c): the procedure administered, materials, instruction, time,
 * observations, the ratings where the procedure has them (checked by the caller with
 * easel_art_assessment_check before they reach the store; easel_app_art_assessment_add), and
 * the artwork assessed, which must be one of the client's.
 */
#include "easel/plan.h"
#include "store_int.h"

#include <string.h>

#define ART_TEXT_MAX 8000

int easel_art_assessment_add(struct easel_store *s, const struct easel_art_assessment_record *r,
                             int64_t *id, struct easel_error *err)
{
    int64_t day;
    if (!r->date || easel_date_parse(r->date, &day))
        return easel_error_set(err, EASEL_EINVAL, "assessment", "date", "must be YYYY-MM-DD");
    if (!r->procedure || !*r->procedure || strlen(r->procedure) > 16)
        return easel_error_set(err, EASEL_EINVAL, "assessment", "procedure", "a procedure id");
    const char *texts[] = {r->materials, r->instruction, r->observations};
    static const char *const names[] = {"materials", "instruction", "observations"};
    for (int i = 0; i < 3; i++)
        if (texts[i] && strlen(texts[i]) > ART_TEXT_MAX)
            return easel_error_set(err, EASEL_ETOOBIG, "assessment", names[i],
                                   "at most %d characters", ART_TEXT_MAX);
    if (r->minutes < 0 || r->minutes > 600)
        return easel_error_set(err, EASEL_EINVAL, "assessment", "minutes", "must be 0-600");
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    struct easel_val p[] = {easel_vint(r->client),
                            easel_vtext(r->procedure),
                            easel_vtext(r->date),
                            easel_vtext(r->materials),
                            easel_vtext(r->instruction),
                            easel_vint(r->minutes),
                            easel_vtext(r->observations),
                            easel_vtext(r->ratings ? r->ratings : ""),
                            easel_vtext(s->actor),
                            easel_vint(s->now()),
                            r->artwork ? easel_vint(r->artwork) : easel_vtext(NULL)};
    int found = 0;
    rc = easel__client_exists(s, r->client, "assessment", err);
    if (!rc && r->artwork) { /* the artwork assessed is one of this client's */
        int64_t one = 0;
        struct easel_val q[] = {easel_vint(r->artwork), easel_vint(r->client)};
        rc = easel__int(s,
                        "SELECT 1 FROM artworks a JOIN sessions s ON s.id = a.session_id"
                        " WHERE a.id = $1 AND s.client_id = $2",
                        q, 2, &one, &found, err);
        if (!rc && !found)
            rc = easel_error_set(err, EASEL_EINVAL, "assessment", "artwork_id",
                                 "the client has no artwork %lld", (long long)r->artwork);
        found = 0;
    }
    if (!rc)
        rc = easel__int(s,
                        "INSERT INTO art_assessments (client_id, kind, date, materials,"
                        " instruction, minutes, observations, ratings, created_by, created_at,"
                        " artwork_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
                        " RETURNING id",
                        p, 11, id, &found, err);
    if (!rc)
        rc = easel__audit(s, "create", "art-assessment", *id, err);
    return easel__end(s, rc, err);
}

static int art_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct easel__rows *r = ctx;
    int rc = 0;
    struct easel_art_assessment_record *o = easel__row(r, n, 12, sizeof(*o), &rc);
    if (!o)
        return rc;
    o->id = c[0].i;
    o->client = c[1].i;
    o->procedure = easel__dup(r->a, &c[2]);
    o->date = easel__dup(r->a, &c[3]);
    o->materials = easel__dup(r->a, &c[4]);
    o->instruction = easel__dup(r->a, &c[5]);
    o->minutes = c[6].type == EASEL_V_INT ? c[6].i : 0;
    o->observations = easel__dup(r->a, &c[7]);
    o->ratings = c[8].type == EASEL_V_NULL ? "" : easel__dup(r->a, &c[8]);
    o->created_at = c[9].i;
    o->artwork = c[10].type == EASEL_V_INT ? c[10].i : 0;
    o->created_by = easel__dup(r->a, &c[11]);
    return r->a->failed ? EASEL_ENOMEM : 0;
}

int easel_art_assessment_list(struct easel_store *s, int64_t client, struct easel_arena *a,
                              struct easel_art_assessment_record **out, size_t *n,
                              struct easel_error *err)
{
    struct easel__rows r = {a, NULL, 0, 0};
    int rc = easel__list(s,
                         "SELECT id, client_id, kind, date, materials, instruction, minutes,"
                         " observations, ratings, created_at, artwork_id, created_by"
                         " FROM art_assessments"
                         " WHERE client_id = $1 ORDER BY date, id",
                         client, art_row, &r, "assessment", "art-assessments", err);
    *out = r.list;
    *n = r.n;
    return rc;
}
