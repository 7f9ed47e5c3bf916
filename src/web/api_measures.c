/*
 * web/api_measures.c — measures and what follows from them: recording an administration,
 * progress (the progress service's result, easel_app_progress, as JSON: the numbers `easel
 * progress` prints), acknowledging a risk flag (an audit row
 * "risk-acknowledged" on the administration, which progress and the dashboard then report with
 * who and when), and the dashboard's alerts over the caller's caseload (risk items, blank risk
 * items, review suggested, deterioration, plan review due). Every read and write goes through the
 * store, which audits it.
 *
 * Who: care-team members read; clinical roles (admin, therapist, supervisor) record measures
 * and acknowledge risk flags; the dashboard covers only clients whose care team includes the
 * caller (administrators too).
 *
 * Owns: nothing beyond the request (JSON values are handed to the answer). Borrows: the
 * request's store connection and the shared read-only KB.
 * Fails: 400 (bad input, naming the field), 403, 500 for store failures; never logs client data.
 */
#include "easel/note.h"
#include "easel/app.h"
#include "easel/app_progress.h"
#include "easel/plan.h"
#include "easel/score.h"
#include "handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One administration's JSON, members in key order (json_text.h): its answers (na < 0: left
   out), its id, instrument and date, and its score s as the KB scores it now (valid, band,
   risk, prorating; the WHO-5's percentage), or for an instrument the KB no longer scores (s
   NULL) the stored total. The chart's measures and a new administration's answer. */
static void measure_write(struct web_jw *w, int64_t id, const char *instrument, const char *date,
                          const int *answers, int na, const struct easel_score_result *s,
                          int64_t stored_total)
{
    web_jw_object(w);
    if (na >= 0) {
        web_jw_key(w, "answers");
        web_jw_array(w);
        for (int i = 0; i < na; i++) {
            if (answers[i] == EASEL_SCORE_MISSING)
                web_jw_null(w);
            else
                web_jw_int(w, answers[i]);
        }
        web_jw_end(w);
    }
    if (s) {
        web_jw_member_str(w, "band", s->valid ? s->band_label : NULL);
    }
    web_jw_member_str(w, "date", date);
    web_jw_member_int(w, "id", id);
    web_jw_member_str(w, "instrument", instrument);
    if (s) {
        if (s->valid && s->has_percent) { /* the published form (WHO-5): a percentage */
            web_jw_member_int(w, "percent_x100", s->percent_x100);
        }
        web_jw_key(w, "prorated");
        web_jw_bool(w, s->prorated);
        if (!s->valid) {
            web_jw_member_str(w, "reason", s->reason);
        }
        web_jw_key(w, "risk");
        web_jw_bool(w, s->risk);
        web_jw_member_int(w, "risk_item", s->risk_item);
    }
    web_jw_key(w, "total_x100");
    int64_t total = s ? (s->valid ? s->total_x100 : -1) : stored_total;
    if (total >= 0)
        web_jw_int(w, total);
    else
        web_jw_null(w);
    if (s) {
        web_jw_key(w, "valid");
        web_jw_bool(w, s->valid);
    }
    web_jw_end(w);
}

void web_measure_write(struct web_jw *w, const struct easel_kb *kb,
                       const struct easel_measure_record *m)
{
    int answers[64];
    int na = easel_answers_parse(m->answers, answers, 64);
    int k = easel_kb_instrument(kb, m->instrument);
    struct easel_score_result s;
    struct easel_error err = {0};
    bool scored = k >= 0 && na > 0 && !easel_score(&kb->instruments[k], answers, na, &s, &err);
    measure_write(w, m->id, m->instrument, m->date, answers, na < 0 ? 0 : na, scored ? &s : NULL,
                  m->total_x100);
}

static bool valid_date(const char *d)
{
    int64_t day;
    return d && easel_date_parse(d, &day) == 0;
}

int web_measure_post(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    static const char *const allowed[] = {"instrument", "date", "answers", NULL};
    json_t *body = web_body_object(r, allowed);
    if (!body)
        return r->status;
    int rc = 0;
    int64_t id = 0;
    if (web_authorize(r, &id)) {
        rc = r->status;
        goto out;
    }
    if (!web_role_allowed(r)) { /* a clinical role: role "team" reads only */
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
    int64_t mid = 0;
    if (easel_app_measure_add(r->st, id, in, json_string_value(jd), answers, n, &s, &mid, &err)) {
        rc = web_store_error(r, &err);
        goto out;
    }
    struct web_jw w;
    web_jw_init(&w);
    measure_write(&w, mid, in->id, json_string_value(jd), NULL, -1, &s, 0);
    rc = web_answer_written(r, 201, &w);
out:
    json_decref(body);
    return rc;
}

/* ---- progress: the progress service's result (app/progress.c) as JSON ---- */

static const char *const alert_kinds[] = {"risk-item", "risk-unanswered", "deterioration",
                                          "review-suggested"};

/* A risk-item alert's acknowledgement: "acknowledged" and, when it was, who and when (the
   latest "risk-acknowledged" audit row on the administration), else null. */
static void set_acknowledged(struct easel_store *st, struct easel_arena *a, int64_t measure,
                             const char *action, json_t *alert)
{
    const char *by = NULL;
    int64_t at = 0;
    struct easel_error err = {0};
    if (easel_audit_last(st, "risk-acknowledged", "measure", measure, a, &by, &at, &err))
        by = NULL;
    json_object_set_new(alert, "acknowledged", json_boolean(by != NULL));
    json_object_set_new(alert, "acknowledged_by", by ? json_string(by) : json_null());
    json_object_set_new(alert, "acknowledged_at", by ? json_integer(at) : json_null());
    json_object_set_new(alert, "action", by && action ? json_string(action) : json_null());
}

/* The JSON of one instrument's series: trajectory, summary and alerts, with each risk alert's
   administration and its acknowledgement (who and when, from the audit log). */
static json_t *instrument_json(struct easel_store *st, struct easel_arena *arena,
                               const struct easel_app_progress_series *x)
{
    json_t *traj = json_array();
    for (size_t j = 0; j < x->n_points; j++) {
        const struct easel_app_progress_point *p = &x->points[j];
        json_array_append_new(traj, json_pack("{s:s, s:o}", "date", p->date, "total_x100",
                                              p->scored && p->score.valid
                                                  ? json_integer(p->score.total_x100)
                                                  : json_null()));
    }
    json_t *o =
        json_pack("{s:s, s:s, s:o}", "id", x->in->id, "name", x->in->name, "trajectory", traj);
    const struct easel_progress *pr = &x->summary;
    if (x->summarised) {
        json_t *rci = json_pack("{s:b}", "available", pr->rci.available && pr->n > 1);
        if (pr->rci.available && pr->n > 1) {
            json_object_set_new(rci, "rc_x100", json_integer(easel_round_fixed(pr->rci.rc, 100)));
            json_object_set_new(rci, "min_change_x100",
                                json_integer(easel_round_fixed(pr->rci.min_change, 100)));
        } else if (pr->rci.note[0]) {
            json_object_set_new(rci, "note", json_string(pr->rci.note));
        }
        json_object_set_new(o, "summary",
                            json_pack("{s:I, s:i, s:i, s:i, s:s, s:b, s:o}", "n", (json_int_t)pr->n,
                                      "first_x100", pr->first_x100, "latest_x100", pr->latest_x100,
                                      "change_x100", pr->change_x100, "category",
                                      easel_progress_category_name(pr->category), "latest_clinical",
                                      pr->latest_clinical, "reliable_change", rci));
    } else {
        json_object_set_new(o, "summary", json_null());
    }
    json_t *aj = json_array();
    for (size_t i = 0; i < x->n_alerts; i++) {
        const struct easel_alert *al = &x->alerts[i];
        json_t *a = json_pack("{s:s, s:i, s:s}", "kind", alert_kinds[al->kind], "item", al->item,
                              "text", al->text);
        if (al->kind == EASEL_ALERT_RISK_ITEM) {
            json_object_set_new(a, "measure_id", json_integer(x->latest));
            set_acknowledged(st, arena, x->latest, x->latest_ack_action, a);
        } else if (al->kind == EASEL_ALERT_RISK_UNANSWERED) {
            json_object_set_new(a, "measure_id", json_integer(x->latest));
        }
        json_array_append_new(aj, a);
    }
    json_object_set_new(o, "alerts", aj);
    return o;
}

#define SERIES_MAX 16 /* objectives shown in the progress answer */

/* GET .../progress: the progress service's result (easel_app_progress) as JSON. */
int web_progress(struct web_req *r)
{
    static const char *const params[] = {"review_after", NULL};
    if (!web_only_params(r, params))
        return r->status;
    long review_after = EASEL_PROGRESS_REVIEW_AFTER;
    if (!web_int_param(r, "review_after", 0, 1000, &review_after))
        return r->status;
    int64_t id = 0;
    if (web_authorize(r, &id))
        return r->status;
    struct easel_error err = {0};
    struct easel_app_progress p;
    struct easel_app_progress_request q = {.review_after = review_after ? (int)review_after : -1};
    if (easel_app_progress(r->st, id, r->srv->kb, &q, &r->arena, &p, &err))
        return web_store_error(r, &err);
    json_t *insts = json_array();
    for (size_t i = 0; i < p.n_series; i++)
        json_array_append_new(insts, instrument_json(r->st, &r->arena, &p.series[i]));
    json_t *out = json_pack("{s:s, s:I, s:o}", "client", r->route.ref, "administrations",
                            (json_int_t)p.n_administrations, "instruments", insts);

    json_t *goals = json_array();
    for (size_t i = 0; i < p.n_gas; i++) {
        const struct easel_gas_record *g = &p.gas[i];
        json_t *gj = json_pack("{s:s, s:s, s:I, s:b}", "objective", g->objective, "description",
                               g->description, "weight", (json_int_t)g->weight, "rated", g->rated);
        if (g->rated) {
            json_object_set_new(gj, "latest_score", json_integer(g->latest_score));
            json_object_set_new(gj, "latest_date", json_string(g->latest_date));
        }
        json_array_append_new(goals, gj);
    }
    json_object_set_new(
        out, "gas",
        json_pack("{s:o, s:o}", "goals", goals, "t_score_x100",
                  p.gas_t_available ? json_integer(easel_round_fixed(p.gas_t, 100)) : json_null()));

    /* per-objective ratings, each objective known across plan versions and labelled by its
       number in the latest plan, with its words */
    json_t *objectives = json_object(), *words = json_object();
    for (size_t i = 0; i < p.n_ratings; i++) {
        const struct easel_objective_rating *rt = &p.ratings[i];
        json_t *list = json_object_get(objectives, rt->label);
        if (!list) {
            if (json_object_size(objectives) >= SERIES_MAX)
                continue;
            list = json_array();
            json_object_set_new(objectives, rt->label, list);
            json_object_set_new(words, rt->label, rt->words ? json_string(rt->words) : json_null());
        }
        json_array_append_new(list,
                              json_pack("{s:s, s:i}", "date", rt->date, "rating", rt->rating));
    }
    json_object_set_new(out, "objectives", objectives);
    json_object_set_new(out, "objective_words", words);
    json_object_set_new(out, "risk_flag", json_boolean(p.risk));
    return web_answer(r, 200, out);
}

int web_alert_ack(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    static const char *const allowed[] = {"measure_id", "action", NULL};
    json_t *body = web_body_object(r, allowed);
    if (!body)
        return r->status;
    int64_t id = 0;
    long long mid = 0;
    struct easel_error err = {0};
    struct easel_measure_record *ms = NULL;
    size_t n = 0;
    const struct easel_measure_record *m = NULL;
    if (web_authorize(r, &id))
        goto out;
    if (!web_role_allowed(r)) {
        web_refuse(r, id, NULL, "team members may read but not acknowledge risk flags");
        goto out;
    }
    if (web_body_int(r, body, "measure_id", true, 1, 1000000000000LL, &mid))
        goto out;
    if (easel_measure_list(r->st, id, &r->arena, &ms, &n, &err)) {
        web_store_error(r, &err);
        goto out;
    }
    for (size_t i = 0; i < n && !m; i++)
        if (ms[i].id == mid)
            m = &ms[i];
    int k = m ? easel_kb_instrument(r->srv->kb, m->instrument) : -1;
    int answers[64];
    int na = m ? easel_answers_parse(m->answers, answers, 64) : 0;
    struct easel_score_result s;
    if (!m || k < 0) {
        web_error(r, 404, "measure_id", "no such administration of this client");
        goto out;
    }
    if (na <= 0 || easel_score(&r->srv->kb->instruments[k], answers, na, &s, &err) || !s.risk) {
        web_error(r, 409, "measure_id", "this administration raised no risk flag");
        goto out;
    }
    json_t *action = json_object_get(body, "action");
    if (!json_is_string(action)) {
        web_error(r, 400, "action", "say what was done about the risk answer (free text)");
        goto out;
    }
    if (easel_risk_acknowledge(r->st, id, mid, json_string_value(action), &err))
        web_store_error_in(r, &err, "");
    else
        web_answer(r, 200,
                   json_pack("{s:b, s:I, s:s, s:s}", "acknowledged", true, "measure_id",
                             (json_int_t)mid, "action", json_string_value(action),
                             "acknowledged_by", r->st->actor));
out:
    json_decref(body);
    return r->status;
}

/* plan-review-due for the signed plan in force: the rule is the app's (easel_app_plan_review). */
static void plan_review(struct web_req *r, const struct easel_client *c,
                        const struct easel_plan_record *p, json_t *out)
{
    struct easel_plan_review v;
    struct easel_error err = {0};
    if (easel_app_plan_review(r->srv->kb, p, r->st->now(), &v, &err) || !v.due)
        return;
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "ref", c->ref, "name", c->name, "kind",
                          "plan-review-due", "text", v.text, "basis", v.basis, "date", v.date);
    if (v.objective[0]) {
        json_object_set_new(o, "objective", json_string(v.objective));
        json_object_set_new(o, "target_date", json_string(v.date));
    }
    json_array_append_new(out, o);
}

/* The supervisor's co-signature queue: a signed plan that no supervisor has co-signed, on a
   supervisor's dashboard (not the signer's own). */
static void cosign_due(struct web_req *r, const struct easel_client *c,
                       const struct easel_plan_record *p, json_t *out)
{
    if (strcmp(r->sess.role, "supervisor") != 0 || p->cosigned_by ||
        (p->signed_by && strcmp(p->signed_by, r->sess.login) == 0))
        return;
    const char *who = web_person_name(r, p->signed_by);
    char signed_on[11], text[300];
    easel_date_format(p->signed_at / 86400000, signed_on);
    snprintf(text, sizeof(text),
             "the plan (version %lld), signed by %s on %s, awaits a supervisor's co-signature: "
             "read what changed, then co-sign",
             (long long)p->version, who ? who : "the therapist", signed_on);
    json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "ref", c->ref, "name",
                                         c->name, "kind", "cosign-due", "text", text, "version",
                                         (json_int_t)p->version, "date", signed_on));
}

#define BREAK_GLASS_SHOWN_DAYS 90 /* practice convention: how long a break-glass entry shows */

/* Someone joined this client's care team without being on it (break-glass), in the last 90
   days: shown to the rest of the team, with the reason they gave. */
static void break_glass(struct web_req *r, const struct easel_client *c, json_t *out)
{
    struct easel_break_glass *g = NULL;
    size_t n = 0;
    struct easel_error err = {0};
    if (easel_break_glass_list(r->st, c->id, &r->arena, &g, &n, &err))
        return;
    int64_t since = r->st->now() - (int64_t)BREAK_GLASS_SHOWN_DAYS * 86400000;
    for (size_t i = 0; i < n; i++) {
        if (g[i].created_at < since || strcmp(g[i].login, r->sess.login) == 0)
            continue;
        char on[11], text[2300];
        easel_date_format(g[i].created_at / 86400000, on);
        snprintf(text, sizeof(text),
                 "%s joined the care team as %s on %s without being on it (break-glass access). "
                 "Reason given: %s",
                 g[i].name, g[i].role, on, g[i].reason);
        json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "ref", c->ref,
                                             "name", c->name, "kind", "break-glass", "text", text,
                                             "date", on, "by", g[i].name));
    }
}

static void client_alerts(struct web_req *r, const struct easel_client *c, json_t *out)
{
    break_glass(r, c, out);
    struct easel_error err = {0};
    struct easel_measure_record *ms = NULL;
    size_t n = 0;
    struct easel_app_progress pr;
    if (!easel_measure_list(r->st, c->id, &r->arena, &ms, &n, &err) && n &&
        !easel_app_progress_series(r->srv->kb, ms, n, NULL, &r->arena, &pr, &err)) {
        for (size_t i = 0; i < pr.n_series; i++) {
            const struct easel_app_progress_series *x = &pr.series[i];
            for (size_t a = 0; a < x->n_alerts; a++) {
                /* risk-unanswered too: a blank risk item must not be silent */
                const struct easel_alert *al = &x->alerts[a];
                json_t *o =
                    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "ref", c->ref, "name", c->name,
                              "kind", alert_kinds[al->kind], "instrument", x->in->id, "text",
                              al->text, "date", x->latest_date ? x->latest_date : "");
                if (al->kind == EASEL_ALERT_RISK_ITEM || al->kind == EASEL_ALERT_RISK_UNANSWERED)
                    json_object_set_new(o, "measure_id", json_integer(x->latest));
                if (al->kind == EASEL_ALERT_RISK_ITEM)
                    set_acknowledged(r->st, &r->arena, x->latest, x->latest_ack_action, o);
                json_array_append_new(out, o);
            }
        }
    }
    struct easel_plan_record p;
    if (!easel_plan_record_load(r->st, c->id, 0, &r->arena, &p, &err) &&
        strcmp(p.status, "signed") == 0) {
        plan_review(r, c, &p, out);
        cosign_due(r, c, &p, out);
    }
}

/* Most urgent first: a risk answer nobody has acknowledged, a risk item left blank, someone
   who broke the glass into the record, an acknowledged risk, deterioration, the rest; within
   each, the oldest first (it has waited longest), then by name. */
static int urgency(json_t *a)
{
    const char *kind = json_string_value(json_object_get(a, "kind"));
    json_t *ack = json_object_get(a, "acknowledged");
    if (kind && strcmp(kind, "risk-item") == 0)
        return ack && json_is_true(ack) ? 3 : 0;
    if (kind && strcmp(kind, "risk-unanswered") == 0)
        return 1;
    if (kind && strcmp(kind, "break-glass") == 0)
        return 2;
    if (kind && strcmp(kind, "deterioration") == 0)
        return 4;
    return 5;
}

static int by_urgency(const void *pa, const void *pb)
{
    json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
    int d = urgency(a) - urgency(b);
    if (d)
        return d;
    const char *da = json_string_value(json_object_get(a, "date"));
    const char *db = json_string_value(json_object_get(b, "date"));
    if ((d = strcmp(da ? da : "", db ? db : "")) != 0)
        return d;
    const char *na = json_string_value(json_object_get(a, "name"));
    const char *nb = json_string_value(json_object_get(b, "name"));
    return strcmp(na ? na : "", nb ? nb : "");
}

static json_t *sorted_alerts(json_t *list)
{
    size_t n = json_array_size(list);
    json_t **v = calloc(n ? n : 1, sizeof(*v));
    if (!v)
        return list;
    for (size_t i = 0; i < n; i++)
        v[i] = json_incref(json_array_get(list, i));
    qsort(v, n, sizeof(*v), by_urgency);
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(out, v[i]);
    free(v);
    json_decref(list);
    return out;
}

int web_alerts(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    struct easel_client *cs = NULL;
    size_t n = 0;
    struct easel_error err = {0};
    if (easel_client_caseload(r->st, r->sess.login, NULL, 1000, &r->arena, &cs, &n, &err))
        return web_store_error(r, &err);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        if (strcmp(cs[i].status, "active") == 0)
            client_alerts(r, &cs[i], list);
    return web_answer(r, 200, json_pack("{s:o}", "alerts", sorted_alerts(list)));
}
