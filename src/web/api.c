/*
 * web/api.c — the JSON handlers of /api/v1 (docs/api.md): me, the caseload, a client's chart,
 * recording a measure, and progress. Every read and write of client data goes through the
 * store API, which audits it; a refusal (403) is audited too, as "refused" on the client.
 *
 * Privacy rule: a client's data is shown only to members of that client's care team, whatever
 * their role (administrators included). Only the caseload listing (GET /clients) shows
 * administrators every client's reference and name. A reference that does not exist answers
 * 403 like one the caller may not see, so references cannot be probed. Writing a measure needs
 * a clinical role (admin, therapist, supervisor); team members (role "team") read only.
 *
 * Owns: nothing beyond the request (JSON values are handed to the answer). Borrows: the
 * request's store connection and the shared read-only KB.
 * Fails: 400 (bad input, naming the field), 403, 500 for store failures; never logs client data.
 */
#include "easel/note.h"
#include "easel/plan.h"
#include "easel/score.h"
#include "web_int.h"

#include <stdlib.h>
#include <string.h>

int web_me(struct web_req *r)
{
    struct easel_account acc;
    struct easel_error err = {0};
    if (easel_account_get(r->st, r->sess.login, &r->arena, &acc, &err))
        return web_store_error(r, &err);
    return web_answer(r, 200,
                      json_pack("{s:s, s:s, s:s, s:s}", "login", acc.login, "name", acc.name,
                                "role", acc.role, "csrf", r->sess.csrf));
}

static bool only_params(struct web_req *r, const char *const *allowed)
{
    for (size_t i = 0; i < r->query.n; i++) {
        bool ok = false;
        for (size_t k = 0; allowed && allowed[k]; k++)
            ok |= strcmp(r->query.p[i].key, allowed[k]) == 0;
        if (!ok) {
            web_error(r, 400, r->query.p[i].key, "unknown query parameter");
            return false;
        }
    }
    return true;
}

static bool int_param(struct web_req *r, const char *key, long min, long max, long *out)
{
    const char *v = easel_query_get(&r->query, key);
    if (!v)
        return true;
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < min || n > max) {
        web_error(r, 400, key, "must be a whole number from %ld to %ld", min, max);
        return false;
    }
    *out = n;
    return true;
}

static json_t *client_json(const struct easel_client *c)
{
    return json_pack("{s:s, s:s, s:s, s:I, s:s, s:I, s:I, s:I}", "ref", c->ref, "name", c->name,
                     "setting", c->setting, "birth_year", (json_int_t)c->birth_year, "status",
                     c->status, "version", (json_int_t)c->version, "created_at",
                     (json_int_t)c->created_at, "updated_at", (json_int_t)c->updated_at);
}

int web_clients(struct web_req *r)
{
    static const char *const params[] = {"match", "limit", NULL};
    if (!only_params(r, params))
        return r->status;
    long limit = 200;
    if (!int_param(r, "limit", 1, 1000, &limit))
        return r->status;
    const char *match = easel_query_get(&r->query, "match");
    if (match && strlen(match) > 64)
        return web_error(r, 400, "match", "at most 64 characters");
    struct easel_client *cs = NULL;
    size_t n = 0;
    struct easel_error err = {0};
    int rc = strcmp(r->sess.role, "admin") == 0
                 ? easel_client_list(r->st, match, (int)limit, &r->arena, &cs, &n, &err)
                 : easel_client_caseload(r->st, r->sess.login, match, (int)limit, &r->arena, &cs,
                                         &n, &err);
    if (rc)
        return web_store_error(r, &err);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}", "ref", cs[i].ref, "name",
                                              cs[i].name, "setting", cs[i].setting, "status",
                                              cs[i].status));
    return web_answer(r, 200, json_pack("{s:o}", "clients", list));
}

/* The care-team check every client route starts with: 0 with *id, or 403 (audited). */
static int authorize(struct web_req *r, int64_t *id)
{
    struct easel_error err = {0};
    bool member = false;
    if (easel_client_id_of(r->st, r->route.ref, id, &err))
        return web_store_error(r, &err);
    if (*id && easel_team_member(r->st, *id, r->sess.login, &member, &err))
        return web_store_error(r, &err);
    if (member)
        return 0;
    if (easel_store_audit(r->st, "refused", "client", *id, &err))
        return web_store_error(r, &err);
    return web_error(r, 403, NULL, "only the client's care team may see this client");
}

static json_t *score_json(const struct easel_score_result *s)
{
    json_t *o = json_pack("{s:b, s:b, s:i, s:b}", "valid", s->valid, "risk", s->risk, "risk_item",
                          s->risk_item, "prorated", s->prorated);
    json_object_set_new(o, "total_x100", s->valid ? json_integer(s->total_x100) : json_null());
    json_object_set_new(o, "band",
                        s->valid && s->band_label ? json_string(s->band_label) : json_null());
    if (!s->valid)
        json_object_set_new(o, "reason", json_string(s->reason));
    return o;
}

static json_t *measure_json(const struct easel_kb *kb, const struct easel_measure_record *m)
{
    json_t *o = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)m->id, "instrument", m->instrument,
                          "date", m->date);
    int answers[64];
    int na = easel_answers_parse(m->answers, answers, 64);
    json_t *arr = json_array();
    for (int i = 0; i < na; i++)
        json_array_append_new(arr, answers[i] == EASEL_SCORE_MISSING ? json_null()
                                                                     : json_integer(answers[i]));
    json_object_set_new(o, "answers", arr);
    int k = easel_kb_instrument(kb, m->instrument);
    struct easel_score_result s;
    struct easel_error err = {0};
    if (k >= 0 && na > 0 && !easel_score(&kb->instruments[k], answers, na, &s, &err)) {
        json_t *sj = score_json(&s);
        json_object_update(o, sj);
        json_decref(sj);
    } else
        json_object_set_new(o, "total_x100",
                            m->total_x100 >= 0 ? json_integer(m->total_x100) : json_null());
    return o;
}

int web_client(struct web_req *r)
{
    if (!only_params(r, NULL))
        return r->status;
    int64_t id = 0;
    if (authorize(r, &id))
        return r->status;
    struct easel_error err = {0};
    struct easel_client c;
    if (easel_client_get(r->st, id, &r->arena, &c, &err))
        return web_store_error(r, &err);
    json_t *chart = json_pack("{s:o}", "client", client_json(&c));

    struct easel_person *team = NULL;
    size_t nt = 0;
    if (easel_team_list(r->st, id, &r->arena, &team, &nt, &err))
        goto fail;
    json_t *tj = json_array();
    for (size_t i = 0; i < nt; i++)
        json_array_append_new(tj, json_pack("{s:s, s:s, s:s}", "login", team[i].login, "name",
                                            team[i].name, "role", team[i].role));
    json_object_set_new(chart, "care_team", tj);

    struct easel_buf pb;
    easel_buf_init(&pb, EASEL_PROFILE_MAX);
    int64_t pver = 0;
    int rc = easel_profile_get(r->st, id, 0, &pb, &pver, &err);
    if (rc && rc != EASEL_ENOTFOUND) {
        easel_buf_release(&pb);
        goto fail;
    }
    if (!rc) {
        json_t *body = json_loadb(pb.data ? pb.data : "", pb.len, JSON_REJECT_DUPLICATES, NULL);
        json_object_set_new(chart, "profile",
                            json_pack("{s:I, s:o}", "version", (json_int_t)pver, "body",
                                      body ? body : json_null()));
    } else {
        json_object_set_new(chart, "profile", json_null());
    }
    easel_buf_release(&pb);

    struct easel_plan_record plan;
    rc = easel_plan_load(r->st, id, 0, &r->arena, &plan, &err);
    if (rc && rc != EASEL_ENOTFOUND)
        goto fail;
    if (!rc) {
        json_t *pj = json_pack("{s:I, s:s, s:s, s:s, s:I}", "version", (json_int_t)plan.version,
                               "status", plan.status, "kb_version", plan.kb_version, "created_by",
                               plan.created_by, "created_at", (json_int_t)plan.created_at);
        json_object_set_new(pj, "content_hash",
                            plan.content_hash ? json_string(plan.content_hash) : json_null());
        json_object_set_new(pj, "signed_by",
                            plan.signed_by ? json_string(plan.signed_by) : json_null());
        json_object_set_new(pj, "cosigned_by",
                            plan.cosigned_by ? json_string(plan.cosigned_by) : json_null());
        json_object_set_new(chart, "plan", pj);
    } else {
        json_object_set_new(chart, "plan", json_null());
    }

    struct easel_session_record *ss = NULL;
    size_t ns = 0;
    if (easel_session_list(r->st, id, &r->arena, &ss, &ns, &err))
        goto fail;
    json_t *sj = json_array();
    for (size_t i = 0; i < ns; i++)
        json_array_append_new(sj, json_pack("{s:I, s:s, s:I, s:s, s:s, s:I, s:s, s:s}", "id",
                                            (json_int_t)ss[i].id, "date", ss[i].date, "minutes",
                                            (json_int_t)ss[i].minutes, "attendance",
                                            ss[i].attendance, "mode", ss[i].mode, "plan_version",
                                            (json_int_t)ss[i].plan_version, "note_format",
                                            ss[i].note_format, "created_by", ss[i].created_by));
    json_object_set_new(chart, "sessions", sj);

    struct easel_measure_record *ms = NULL;
    size_t nm = 0;
    if (easel_measure_list(r->st, id, &r->arena, &ms, &nm, &err))
        goto fail;
    json_t *mj = json_array();
    for (size_t i = 0; i < nm; i++)
        json_array_append_new(mj, measure_json(r->srv->kb, &ms[i]));
    json_object_set_new(chart, "measures", mj);
    return web_answer(r, 200, chart);
fail:
    json_decref(chart);
    return web_store_error(r, &err);
}

static bool valid_date(const char *d)
{
    int64_t day;
    return d && easel_date_parse(d, &day) == 0;
}

int web_measure_post(struct web_req *r)
{
    if (!only_params(r, NULL))
        return r->status;
    static const char *const allowed[] = {"instrument", "date", "answers", NULL};
    json_t *body = web_body_object(r, allowed);
    if (!body)
        return r->status;
    int rc = 0;
    int64_t id = 0;
    if (authorize(r, &id)) {
        rc = r->status;
        goto out;
    }
    if (strcmp(r->sess.role, "team") == 0) {
        struct easel_error err = {0};
        if (easel_store_audit(r->st, "refused", "client", id, &err))
            rc = web_store_error(r, &err);
        else
            rc = web_error(r, 403, NULL, "team members may read but not record measures");
        goto out;
    }
    json_t *ji = json_object_get(body, "instrument"), *jd = json_object_get(body, "date"),
           *ja = json_object_get(body, "answers");
    int k = json_is_string(ji) ? easel_kb_instrument(r->srv->kb, json_string_value(ji)) : -1;
    if (k < 0) {
        rc = web_error(r, 400, "instrument", "an instrument id of the knowledge base");
        goto out;
    }
    if (!json_is_string(jd) || !valid_date(json_string_value(jd))) {
        rc = web_error(r, 400, "date", "must be YYYY-MM-DD");
        goto out;
    }
    if (!json_is_array(ja) || json_array_size(ja) < 1 || json_array_size(ja) > 64) {
        rc = web_error(r, 400, "answers", "an array of 1-64 answers (integers, null for blank)");
        goto out;
    }
    int answers[64];
    int n = (int)json_array_size(ja);
    for (int i = 0; i < n; i++) {
        json_t *v = json_array_get(ja, (size_t)i);
        if (json_is_null(v)) {
            answers[i] = EASEL_SCORE_MISSING;
        } else if (json_is_integer(v) && json_integer_value(v) >= -1000 &&
                   json_integer_value(v) <= 1000) {
            answers[i] = (int)json_integer_value(v);
        } else {
            rc = web_error(r, 400, "answers", "answers[%d] must be an integer or null", i);
            goto out;
        }
    }
    const struct easel_instrument *in = &r->srv->kb->instruments[k];
    struct easel_score_result s;
    struct easel_error err = {0};
    if (easel_score(in, answers, n, &s, &err)) {
        const char *f = strncmp(err.field, "items", 5) == 0 ? "answers" : err.field;
        rc = web_error(r, 400, f[0] ? f : "answers", "%s%s%s", err.field, err.field[0] ? ": " : "",
                       err.msg);
        goto out;
    }
    char text[400] = "";
    for (int i = 0; i < n; i++) {
        size_t len = strlen(text);
        if (answers[i] == EASEL_SCORE_MISSING)
            snprintf(text + len, sizeof(text) - len, "%s", i ? "," : "");
        else
            snprintf(text + len, sizeof(text) - len, "%s%d", i ? "," : "", answers[i]);
    }
    struct easel_measure_record rec = {.client = id,
                                       .instrument = in->id,
                                       .date = json_string_value(jd),
                                       .answers = text,
                                       .total_x100 = s.valid ? s.total_x100 : -1};
    int64_t mid = 0;
    if (easel_measure_add(r->st, &rec, &mid, &err)) {
        rc = web_store_error(r, &err);
        goto out;
    }
    json_t *o = score_json(&s);
    json_object_set_new(o, "id", json_integer(mid));
    json_object_set_new(o, "instrument", json_string(in->id));
    json_object_set_new(o, "date", json_string(json_string_value(jd)));
    rc = web_answer(r, 201, o);
out:
    json_decref(body);
    return rc;
}

/* ---- progress: the numbers `easel progress` prints (src/cli/cmd_progress.c) ---- */

static json_t *instrument_progress(const struct easel_instrument *in,
                                   const struct easel_measure_record *ms, size_t n,
                                   long review_after, bool *risk)
{
    struct easel_admin *admin = calloc(n ? n : 1, sizeof(*admin));
    if (!admin)
        return NULL;
    size_t k = 0;
    json_t *traj = json_array();
    for (size_t i = 0; i < n; i++) {
        if (strcmp(ms[i].instrument, in->id) != 0)
            continue;
        int answers[64];
        int na = easel_answers_parse(ms[i].answers, answers, 64);
        struct easel_error err = {0};
        if (na <= 0 || easel_score(in, answers, na, &admin[k].score, &err))
            continue;
        admin[k].session = (int)k;
        json_array_append_new(traj, json_pack("{s:s, s:o}", "date", ms[i].date, "total_x100",
                                              admin[k].score.valid
                                                  ? json_integer(admin[k].score.total_x100)
                                                  : json_null()));
        k++;
    }
    json_t *o = json_pack("{s:s, s:s, s:o}", "id", in->id, "name", in->name, "trajectory", traj);
    struct easel_progress pr;
    struct easel_error err = {0};
    if (!easel_progress_summary(in, admin, k, &pr, &err)) {
        json_t *rci = json_pack("{s:b}", "available", pr.rci.available && pr.n > 1);
        if (pr.rci.available && pr.n > 1) {
            json_object_set_new(rci, "rc_x100", json_integer(easel_round_fixed(pr.rci.rc, 100)));
            json_object_set_new(rci, "min_change_x100",
                                json_integer(easel_round_fixed(pr.rci.min_change, 100)));
        } else if (pr.rci.note[0]) {
            json_object_set_new(rci, "note", json_string(pr.rci.note));
        }
        json_object_set_new(o, "summary",
                            json_pack("{s:I, s:i, s:i, s:i, s:s, s:b, s:o}", "n", (json_int_t)pr.n,
                                      "first_x100", pr.first_x100, "latest_x100", pr.latest_x100,
                                      "change_x100", pr.change_x100, "category",
                                      easel_progress_category_name(pr.category), "latest_clinical",
                                      pr.latest_clinical, "reliable_change", rci));
    } else {
        json_object_set_new(o, "summary", json_null());
    }
    struct easel_alert alerts[EASEL_ALERTS_MAX];
    size_t na = 0;
    json_t *aj = json_array();
    static const char *const kinds[] = {"risk-item", "risk-unanswered", "deterioration",
                                        "review-suggested"};
    if (!easel_progress_alerts(in, admin, k, (int)review_after, alerts, &na, &err))
        for (size_t i = 0; i < na; i++) {
            json_array_append_new(aj, json_pack("{s:s, s:i, s:s}", "kind", kinds[alerts[i].kind],
                                                "item", alerts[i].item, "text", alerts[i].text));
            if (alerts[i].kind == EASEL_ALERT_RISK_ITEM)
                *risk = true;
        }
    json_object_set_new(o, "alerts", aj);
    free(admin);
    return o;
}

#define SERIES_MAX 16

struct series {
    const char *date;
    json_t *objectives; /* object: objective -> [{date, rating}] */
};

static void note_rating(void *ctx, const char *objective, int rating)
{
    struct series *s = ctx;
    json_t *list = json_object_get(s->objectives, objective);
    if (!list) {
        if (json_object_size(s->objectives) >= SERIES_MAX)
            return;
        list = json_array();
        json_object_set_new(s->objectives, objective, list);
    }
    json_array_append_new(list, json_pack("{s:s, s:i}", "date", s->date, "rating", rating));
}

int web_progress(struct web_req *r)
{
    static const char *const params[] = {"review_after", NULL};
    if (!only_params(r, params))
        return r->status;
    long review_after = 6;
    if (!int_param(r, "review_after", 0, 1000, &review_after))
        return r->status;
    int64_t id = 0;
    if (authorize(r, &id))
        return r->status;
    struct easel_error err = {0};
    struct easel_measure_record *ms = NULL;
    size_t n = 0;
    if (easel_measure_list(r->st, id, &r->arena, &ms, &n, &err))
        return web_store_error(r, &err);
    const struct easel_kb *kb = r->srv->kb;
    bool risk = false;
    json_t *insts = json_array();
    for (size_t i = 0; i < kb->n_instruments; i++) {
        bool used = false;
        for (size_t k = 0; k < n; k++)
            used |= strcmp(ms[k].instrument, kb->instruments[i].id) == 0;
        json_t *o =
            used ? instrument_progress(&kb->instruments[i], ms, n, review_after, &risk) : NULL;
        if (o)
            json_array_append_new(insts, o);
    }
    json_t *out = json_pack("{s:s, s:I, s:o}", "client", r->route.ref, "administrations",
                            (json_int_t)n, "instruments", insts);

    struct easel_gas_record *g = NULL;
    size_t ng = 0;
    if (easel_gas_list(r->st, id, &r->arena, &g, &ng, &err)) {
        json_decref(out);
        return web_store_error(r, &err);
    }
    json_t *goals = json_array();
    int x[64], w[64];
    size_t rated = 0;
    for (size_t i = 0; i < ng; i++) {
        json_t *gj =
            json_pack("{s:s, s:s, s:I, s:b}", "objective", g[i].objective, "description",
                      g[i].description, "weight", (json_int_t)g[i].weight, "rated", g[i].rated);
        if (g[i].rated) {
            json_object_set_new(gj, "latest_score", json_integer(g[i].latest_score));
            json_object_set_new(gj, "latest_date", json_string(g[i].latest_date));
            if (rated < 64) {
                x[rated] = g[i].latest_score;
                w[rated] = (int)g[i].weight;
                rated++;
            }
        }
        json_array_append_new(goals, gj);
    }
    double t = 0;
    bool has_t = rated && !easel_gas_tscore(x, w, rated, EASEL_GAS_RHO, &t, &err);
    json_object_set_new(out, "gas",
                        json_pack("{s:o, s:o}", "goals", goals, "t_score_x100",
                                  has_t ? json_integer(easel_round_fixed(t, 100)) : json_null()));

    struct easel_session_record *ss = NULL;
    size_t ns = 0;
    if (easel_session_list(r->st, id, &r->arena, &ss, &ns, &err)) {
        json_decref(out);
        return web_store_error(r, &err);
    }
    struct series s = {NULL, json_object()};
    for (size_t i = 0; i < ns; i++) {
        s.date = ss[i].date;
        easel_note_progress(ss[i].note, strlen(ss[i].note), note_rating, &s);
    }
    json_object_set_new(out, "objectives", s.objectives);
    json_object_set_new(out, "risk_flag", json_boolean(risk));
    return web_answer(r, 200, out);
}
