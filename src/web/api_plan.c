/*
 * web/api_plan.c — a client's treatment plans: generate the engine's proposal (the app layer,
 * exactly what `easel plan generate` does), read a version, list versions, compare two, save
 * the therapist's edit after the safety check, sign, co-sign, and explain one KB item.
 *
 * The clinical safety rule: an edited plan is checked against the engine's plan for the same
 * client (easel_app_plan_edit): an intervention or medium the engine excludes for this client is
 * refused with 422 and the engine's reason, so easel never stores a plan proposing what the
 * client must not get; the plan checker's findings over the edit are saved with it, and signing
 * computes them again (an error refuses the signature with 422, field "checks").
 *
 * Who: care-team members read; clinical roles (admin, therapist, supervisor) generate and edit;
 * therapists and supervisors sign; supervisors other than the signer co-sign.
 *
 * Owns: nothing beyond the request. Borrows: the request's store connection and the KB.
 * Fails: 400 naming the field, 403, 404 (no plan), 409 (no profile, stale version, unsigned),
 * 422 (an excluded item), 413 (plans too large to compare).
 */
#include "easel/app.h"
#include "handlers.h"

#include <stdlib.h>
#include <string.h>

static json_t *opt_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *opt_time(const char *who, int64_t at)
{
    return who ? json_integer(at) : json_null();
}

/* A person's name for a login, as JSON (null for no one). */
static json_t *name_of(struct web_req *r, const char *login)
{
    const char *name = web_person_name(r, login);
    return name ? json_string(name) : json_null();
}

static json_t *record_json(struct web_req *r, const struct easel_plan_record *p, bool with_body)
{
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o}", "version", (json_int_t)p->version,
        "status", p->status, "kb_version", p->kb_version, "created_by", p->created_by, "created_at",
        (json_int_t)p->created_at, "content_hash", opt_str(p->content_hash), "signed_by",
        opt_str(p->signed_by), "signed_at", opt_time(p->signed_by, p->signed_at), "cosigned_by",
        opt_str(p->cosigned_by), "cosigned_at", opt_time(p->cosigned_by, p->cosigned_at));
    json_object_set_new(o, "created_by_name", name_of(r, p->created_by));
    json_object_set_new(o, "signed_by_name", name_of(r, p->signed_by));
    json_object_set_new(o, "cosigned_by_name", name_of(r, p->cosigned_by));
    if (with_body) {
        json_t *b = json_loads(p->body, JSON_REJECT_DUPLICATES, NULL);
        json_object_set_new(o, "plan", b ? b : json_null());
    }
    return o;
}

/* The app layer's "no profile" (and any other store error) as an answer. */
static int plan_error(struct web_req *r, const struct easel_error *err)
{
    if (err->code == EASEL_ENOTFOUND && strcmp(err->field, "profile") == 0)
        return web_error(r, 409, "profile", "the client has no profile yet: store one first");
    return web_store_error(r, err);
}

static int plan_get(struct web_req *r, int64_t id)
{
    static const char *const params[] = {"version", NULL};
    long version = 0;
    if (!web_only_params(r, params) || !web_int_param(r, "version", 1, 1000000000, &version))
        return r->status;
    struct easel_plan_record p;
    struct easel_error err = {0};
    int rc = easel_plan_record_load(r->st, id, version, &r->arena, &p, &err);
    if (rc == EASEL_ENOTFOUND)
        return web_error(r, 404, version ? "version" : NULL, "no such plan");
    if (rc)
        return web_store_error(r, &err);
    return web_answer(r, 200, record_json(r, &p, true));
}

static int plan_generate(struct web_req *r, int64_t id)
{
    static const char *const allowed[] = {"sessions", "start_date", NULL};
    json_t *body = r->body_len ? web_body_object(r, allowed) : json_object();
    if (!body)
        return r->status;
    long long sessions = 0;
    if (web_body_int(r, body, "sessions", false, 1, 200, &sessions))
        goto out;
    json_t *start = json_object_get(body, "start_date");
    if (start && !json_is_string(start)) {
        web_error(r, 400, "start_date", "must be a date YYYY-MM-DD");
        goto out;
    }
    struct easel_app_plan ap;
    struct easel_buf json;
    easel_buf_init(&json, EASEL_PLAN_MAX);
    struct easel_error err = {0};
    int64_t version = 0;
    int rc = easel_app_plan_generate(r->st, id, r->srv->kb, (int)sessions, json_string_value(start),
                                     &ap, &json, &version, &err);
    if (rc) {
        plan_error(r, &err);
    } else {
        json_t *pj = json_loadb(json.data, json.len, 0, NULL);
        web_answer(r, 201,
                   json_pack("{s:I, s:s, s:o}", "version", (json_int_t)version, "status", "draft",
                             "plan", pj ? pj : json_null()));
    }
    easel_app_plan_release(&ap);
    easel_buf_release(&json);
out:
    json_decref(body);
    return r->status;
}

/* Save the therapist's edit (app/plan_edit.c): expected_version must be the latest; the plan
   must pass the safety check against the engine's plan for this client; the plan checker's
   findings over the edit are saved in its "checks" and answered with the new version. */
static int plan_edit(struct web_req *r, int64_t id)
{
    static const char *const allowed[] = {"expected_version", "plan", NULL};
    json_t *body = web_body_object(r, allowed);
    if (!body)
        return r->status;
    long long expected = 0;
    char *text = NULL;
    struct easel_error err = {0};
    if (web_body_int(r, body, "expected_version", true, 1, 1000000000, &expected))
        goto out;
    json_t *plan = json_object_get(body, "plan");
    if (!json_is_object(plan)) {
        web_error(r, 400, "plan", "must be the edited plan (easel-plan/1 JSON object)");
        goto out;
    }
    text = json_dumps(plan, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!text) {
        web_error(r, 500, NULL, "internal error");
        goto out;
    }
    int64_t version = 0;
    size_t errors = 0;
    bool refused = false;
    int rc = easel_app_plan_edit(r->st, id, r->srv->kb, expected, text, strlen(text), &version,
                                 &errors, NULL, &refused, &err);
    if (rc == EASEL_ECONFLICT && strcmp(err.field, "expected_version") == 0)
        web_error(r, 409, "expected_version", "%s", err.msg);
    else if (rc == EASEL_EINVAL && strncmp(err.field, "plan", 4) == 0)
        web_error(r, refused ? 422 : 400, err.field, "%s", err.msg);
    else if (rc == EASEL_ENOTFOUND || (rc && strcmp(err.field, "profile") == 0))
        plan_error(r, &err);
    else if (rc)
        web_store_error_in(r, &err, "");
    else
        web_answer(r, 201,
                   json_pack("{s:I,s:I}", "version", (json_int_t)version, "check_errors",
                             (json_int_t)errors));
out:
    free(text);
    json_decref(body);
    return r->status;
}

int web_plan(struct web_req *r)
{
    int64_t id = 0;
    if (r->route.method != EASEL_GET && !web_only_params(r, NULL))
        return r->status;
    if (web_authorize(r, &id))
        return r->status;
    if (r->route.method == EASEL_GET)
        return plan_get(r, id);
    if (!web_role_allowed(r))
        return web_refuse(r, id, NULL, "team members may read but not change the plan");
    return r->route.method == EASEL_POST ? plan_generate(r, id) : plan_edit(r, id);
}

int web_plan_versions(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    int64_t id = 0;
    if (web_authorize(r, &id))
        return r->status;
    struct easel_plan_record p;
    struct easel_error err = {0};
    json_t *list = json_array();
    int64_t v = 0;
    /* newest first: the latest, then each earlier version (every read is audited) */
    do {
        int rc = easel_plan_record_load(r->st, id, v, &r->arena, &p, &err);
        if (rc == EASEL_ENOTFOUND && v == 0)
            break;
        if (rc) {
            json_decref(list);
            return web_store_error(r, &err);
        }
        json_t *row =
            json_pack("{s:I, s:s, s:s, s:I, s:o, s:o}", "version", (json_int_t)p.version, "status",
                      p.status, "created_by", p.created_by, "created_at", (json_int_t)p.created_at,
                      "signed_by", opt_str(p.signed_by), "cosigned_by", opt_str(p.cosigned_by));
        json_object_set_new(row, "created_by_name", name_of(r, p.created_by));
        json_object_set_new(row, "signed_by_name", name_of(r, p.signed_by));
        json_object_set_new(row, "cosigned_by_name", name_of(r, p.cosigned_by));
        json_array_append_new(list, row);
        v = p.version - 1;
    } while (v > 0);
    return web_answer(r, 200, json_pack("{s:o}", "versions", list));
}

/* A stored body pretty-printed the same way for every version, so a diff shows only the real
   changes whatever the formatting it was saved with. */
static char *normalised(const char *body)
{
    json_t *v = json_loads(body, 0, NULL);
    char *text = v ? json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(v);
    return text;
}

int web_plan_diff(struct web_req *r)
{
    static const char *const params[] = {"from", "to", NULL};
    long from = 0, to = 0;
    if (!web_only_params(r, params) || !web_int_param(r, "from", 1, 1000000000, &from) ||
        !web_int_param(r, "to", 1, 1000000000, &to))
        return r->status;
    if (!from || !to)
        return web_error(r, 400, from ? "to" : "from", "two plan versions are needed");
    int64_t id = 0;
    if (web_authorize(r, &id))
        return r->status;
    struct easel_plan_record a, b;
    struct easel_error err = {0};
    int rc = easel_plan_record_load(r->st, id, from, &r->arena, &a, &err);
    if (rc == EASEL_ENOTFOUND)
        return web_error(r, 404, "from", "no such plan version");
    if (!rc && (rc = easel_plan_record_load(r->st, id, to, &r->arena, &b, &err)) == EASEL_ENOTFOUND)
        return web_error(r, 404, "to", "no such plan version");
    if (rc)
        return web_store_error(r, &err);
    char *x = normalised(a.body), *y = normalised(b.body);
    struct easel_diff_line *l = NULL;
    size_t n = 0;
    rc = x && y ? easel_app_line_diff(x, y, &r->arena, &l, &n, &err)
                : easel_error_set(&err, EASEL_ENOMEM, "diff", "", "out of memory");
    free(x);
    free(y);
    if (rc)
        return web_store_error(r, &err);
    json_t *lines = json_array();
    for (size_t i = 0; i < n; i++) {
        char op[2] = {l[i].op, '\0'};
        json_array_append_new(lines, json_pack("{s:s, s:s}", "op", op, "text", l[i].text));
    }
    /* the clinical diff in words, what a supervisor reads first */
    const char **words = NULL;
    size_t nw = 0;
    if (easel_app_plan_changes(r->st, id, from, to, r->srv->kb, &r->arena, &words, &nw, &err)) {
        json_decref(lines);
        return web_store_error(r, &err);
    }
    json_t *changes = json_array();
    for (size_t i = 0; i < nw; i++)
        json_array_append_new(changes, json_string(words[i]));
    return web_answer(r, 200,
                      json_pack("{s:i, s:i, s:o, s:o}", "from", (int)from, "to", (int)to, "changes",
                                changes, "lines", lines));
}

int web_plan_sign(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    bool co = r->route.id == EASEL_ROUTE_PLAN_COSIGN;
    static const char *const allowed[] = {"version", NULL};
    json_t *body = web_body_object(r, allowed);
    if (!body)
        return r->status;
    int64_t id = 0;
    long long version = 0;
    struct easel_error err = {0};
    struct easel_plan_record p;
    if (web_authorize(r, &id))
        goto out;
    if (!web_role_allowed(r)) {
        web_refuse(r, id, NULL,
                   co ? "only a supervisor co-signs" : "only a therapist or a supervisor signs");
        goto out;
    }
    if (web_body_int(r, body, "version", true, 1, 1000000000, &version))
        goto out;
    int rc = easel_app_plan_sign(r->st, id, version, co, r->srv->kb, &err);
    if (rc == EASEL_ENOTFOUND)
        web_error(r, 404, "version", "no such plan version");
    else if (rc && co && strcmp(err.field, "cosigned_by") == 0)
        web_refuse(r, id, "version", "the co-signer must be someone other than the signer");
    else if (rc && co && strcmp(err.field, "status") == 0)
        web_error(r, 409, "version", "%s", err.msg);
    else if (rc && strcmp(err.field, "checks") == 0)
        web_error(r, 422, "checks", "%s", err.msg);
    else if (rc)
        web_store_error_in(r, &err, "");
    else if (easel_plan_record_load(r->st, id, version, &r->arena, &p, &err))
        web_store_error(r, &err);
    else if (co)
        web_answer(r, 200,
                   json_pack("{s:I, s:s, s:o, s:o}", "version", (json_int_t)p.version, "status",
                             p.status, "cosigned_by", opt_str(p.cosigned_by), "content_hash",
                             opt_str(p.content_hash)));
    else
        web_answer(r, 200,
                   json_pack("{s:I, s:s, s:o}", "version", (json_int_t)p.version, "status",
                             p.status, "content_hash", opt_str(p.content_hash)));
out:
    json_decref(body);
    return r->status;
}

int web_plan_explain(struct web_req *r)
{
    static const char *const params[] = {"item", "version", NULL};
    if (!web_only_params(r, params))
        return r->status;
    const char *item = easel_query_get(&r->query, "item");
    if (!item || !*item)
        return web_error(r, 400, "item", "the id of a knowledge-base item");
    long version = 0;
    if (!web_int_param(r, "version", 1, 1000000000, &version))
        return r->status;
    int64_t id = 0;
    if (web_authorize(r, &id))
        return r->status;
    /* an intervention or medium: the verdict the version on screen recorded */
    const char *skind = NULL, *sverdict = NULL, *sreason = NULL;
    int64_t got = 0;
    struct easel_error serr = {0};
    int src = easel_app_explain_stored(r->st, id, version, item, &r->arena, &got, &skind, &sverdict,
                                       &sreason, &serr);
    if (!src)
        return web_answer(r, 200,
                          json_pack("{s:s, s:s, s:s, s:s, s:I}", "item", item, "kind", skind,
                                    "verdict", sverdict ? sverdict : "", "text",
                                    sreason ? sreason : "", "version", (json_int_t)got));
    if (version && src == EASEL_ENOTFOUND && strcmp(serr.field, "version") == 0)
        return web_error(r, 404, "version", "no such plan version");
    if (src != EASEL_ENOTFOUND)
        return web_store_error(r, &serr);
    struct easel_app_plan ap;
    struct easel_error err = {0};
    struct easel_buf out;
    easel_buf_init(&out, (size_t)1 << 20);
    const char *kind = NULL;
    int verdict = -1;
    if (easel_app_plan_build(r->st, id, r->srv->kb, 0, &ap, &err))
        plan_error(r, &err);
    else if (easel_app_explain(&ap.plan, item, &out, &kind, &verdict, &err))
        web_store_error(r, &err);
    else {
        const char *vn = easel_verdict_name(verdict);
        web_answer(r, 200,
                   json_pack("{s:s, s:s, s:o, s:s}", "item", item, "kind", kind, "verdict",
                             vn ? json_string(vn) : json_null(), "text", out.data ? out.data : ""));
    }
    easel_buf_release(&out);
    easel_app_plan_release(&ap);
    return r->status;
}
