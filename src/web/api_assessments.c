/*
 * web/api_assessments.c — art-based assessments in the browser: the procedures easel knows
 * (with the scales each is rated on, where a rating scheme is published: PPAT on the 14 FEATS
 * scales, 0-5, never summed; the others are recorded as observed), a client's assessments, and
 * recording one, linked to the artwork it assessed. The checks are the app layer's
 * (easel_app_art_assessment_add), the same as `easel assess add`.
 *
 * Who: care-team members read; clinical roles (admin, therapist, supervisor) record.
 *
 * Owns: nothing beyond the request. Borrows: the request's store connection.
 * Fails: 400 naming the field ("ratings[3]", "artwork_id", "date", "procedure"), 403, 404.
 */
#include "easel/app.h"
#include "easel/art_assess.h"
#include "handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *procedure_json(const struct easel_art_procedure *p)
{
    json_t *scales = json_array();
    for (int i = 0; i < p->n_scales; i++)
        json_array_append_new(scales, json_string(p->scales[i]));
    json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:i, s:i, s:s}", "id", p->id, "name", p->name,
                          "materials", p->materials ? p->materials : "", "scales", scales, "min",
                          p->rating_min, "max", p->rating_max, "basis", p->basis ? p->basis : "");
    json_object_set_new(o, "instruction_note",
                        p->instruction_note ? json_string(p->instruction_note) : json_null());
    return o;
}

static json_t *opt_str(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *assessment_json(struct web_req *r, const struct easel_art_assessment_record *a)
{
    const struct easel_art_procedure *p = easel_art_procedure(a->procedure);
    json_t *ratings = json_array();
    const char *q = a->ratings;
    for (int i = 0; q && *q; i++) { /* "3,4,0,...": stored checked, in scale order */
        char *end;
        long v = strtol(q, &end, 10);
        if (end == q)
            break;
        json_array_append_new(ratings, json_pack("{s:s, s:i}", "scale",
                                                 p && i < p->n_scales ? p->scales[i] : "", "rating",
                                                 (int)v));
        q = *end == ',' ? end + 1 : end;
    }
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:s, s:o, s:I, s:s, s:I}", "id", (json_int_t)a->id, "procedure",
                  a->procedure, "procedure_name", p ? p->name : a->procedure, "date", a->date,
                  "ratings", ratings, "minutes", (json_int_t)a->minutes, "created_by",
                  web_person_name(r, a->created_by), "created_at", (json_int_t)a->created_at);
    json_object_set_new(o, "materials", opt_str(a->materials));
    json_object_set_new(o, "instruction", opt_str(a->instruction));
    json_object_set_new(o, "observations", opt_str(a->observations));
    json_object_set_new(o, "artwork_id", a->artwork ? json_integer(a->artwork) : json_null());
    return o;
}

static int list(struct web_req *r, int64_t id)
{
    struct easel_art_assessment_record *as = NULL;
    size_t n = 0;
    struct easel_error err = {0};
    if (easel_art_assessment_list(r->st, id, &r->arena, &as, &n, &err))
        return web_store_error(r, &err);
    json_t *aj = json_array(), *pj = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(aj, assessment_json(r, &as[i]));
    for (int i = 0; i < easel_art_procedure_count(); i++)
        json_array_append_new(pj, procedure_json(easel_art_procedure_at(i)));
    return web_answer(r, 200,
                      json_pack("{s:o, s:o, s:s}", "assessments", aj, "procedures", pj, "note",
                                "FEATS ratings are the therapist's, scale by scale; they are "
                                "never summed into a score, and no art-based assessment "
                                "diagnoses."));
}

static int record(struct web_req *r, int64_t id)
{
    static const char *const allowed[] = {"procedure",   "date",       "materials",
                                          "instruction", "minutes",    "observations",
                                          "ratings",     "artwork_id", NULL};
    json_t *body = web_body_object(r, allowed);
    if (!body)
        return r->status;
    struct easel_art_assessment_record a = {.client = id};
    long long minutes = 0, artwork = 0;
    int ratings[32], n = 0;
    if (web_body_str(r, body, "procedure", true, 1, 16, &a.procedure) ||
        web_body_str(r, body, "date", true, 1, 10, &a.date) ||
        web_body_str(r, body, "materials", false, 1, 8000, &a.materials) ||
        web_body_str(r, body, "instruction", false, 1, 8000, &a.instruction) ||
        web_body_str(r, body, "observations", false, 1, 8000, &a.observations) ||
        web_body_int(r, body, "minutes", false, 1, 600, &minutes) ||
        web_body_int(r, body, "artwork_id", false, 1, 1000000000000LL, &artwork))
        goto out;
    json_t *rj = json_object_get(body, "ratings");
    if (rj && !json_is_array(rj)) {
        web_error(r, 400, "ratings", "must be a list of whole numbers in scale order");
        goto out;
    }
    if (json_array_size(rj) > 32) {
        web_error(r, 400, "ratings", "at most 32 ratings");
        goto out;
    }
    for (size_t i = 0; i < json_array_size(rj); i++) {
        json_t *v = json_array_get(rj, i);
        if (!json_is_integer(v) || json_integer_value(v) < -1000 || json_integer_value(v) > 1000) {
            char field[40];
            snprintf(field, sizeof(field), "ratings[%zu]", i);
            web_error(r, 400, field, "must be a whole number");
            goto out;
        }
        ratings[n++] = (int)json_integer_value(v);
    }
    a.minutes = minutes;
    a.artwork = artwork;
    int64_t aid = 0;
    struct easel_error err = {0};
    if (easel_app_art_assessment_add(r->st, a, ratings, n, &aid, &err)) {
        if (err.code == EASEL_ENOTFOUND)
            web_error(r, 400, err.field, "%s", err.msg);
        else
            web_store_error(r, &err);
    } else {
        web_answer(r, 201, json_pack("{s:I}", "id", (json_int_t)aid));
    }
out:
    json_decref(body);
    return r->status;
}

int web_assessments(struct web_req *r)
{
    bool post = r->route.method == EASEL_POST;
    if (!web_only_params(r, NULL))
        return r->status;
    int64_t id = 0;
    if (web_authorize(r, &id))
        return r->status;
    if (!post)
        return list(r, id);
    if (!web_role_allowed(r))
        return web_refuse(r, id, NULL, "team members may read but not record assessments");
    return record(r, id);
}
