/*
 * web/api_clients.c — clients and their profiles: the caseload, a client's chart, creating a
 * client (the creator joins the care team as "therapist"), editing it with its version, and
 * reading and storing the profile (checked against the KB by the app layer, as `easel profile
 * set` does). Every read and write goes through the store, which audits it.
 *
 * Who: creating a client takes an admin or a therapist; editing and storing a profile take a
 * clinical role on the care team (admin, therapist, supervisor); team members read only.
 *
 * Owns: nothing beyond the request. Borrows: the request's store connection and the KB.
 * Fails: 400 naming the field, 403, 404 (no profile yet), 409 (duplicate ref, stale version).
 */
#include "easel/app.h"
#include "easel/plan.h"
#include "easel/profile_load.h"
#include "handlers.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

int web_clients(struct web_req *r)
{
    static const char *const params[] = {"match", "limit", NULL};
    if (!web_only_params(r, params))
        return r->status;
    long limit = 200;
    if (!web_int_param(r, "limit", 1, 1000, &limit))
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

/* The chart: read in one go (easel_client_chart_read), then written straight to text, members in
   key order: the answer the web client asks for most, so no jansson tree is built for it
   (json_text.h). */
int web_client(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    int64_t id = 0;
    if (web_authorize(r, &id))
        return r->status;
    struct easel_error err = {0};
    struct easel_client_chart ch;
    if (easel_client_chart_read(r->st, id, &r->arena, &ch, &err))
        return web_store_error(r, &err);
    json_t *profile =
        ch.profile ? json_loadb(ch.profile, ch.profile_len, JSON_REJECT_DUPLICATES, NULL) : NULL;
    const struct easel_person *team = ch.team;
    const struct easel_plan_record plan = ch.plan;
    const struct easel_session_record *ss = ch.sessions;
    const struct easel_measure_record *ms = ch.measures;
    size_t nt = ch.n_team, ns = ch.n_sessions, nm = ch.n_measures;

    struct web_jw w;
    web_jw_init(&w);
    web_jw_reserve(&w, 2048 + 256 * (nt + ns + nm));
    web_jw_object(&w);
    web_jw_key(&w, "care_team");
    web_jw_array(&w);
    for (size_t i = 0; i < nt; i++) {
        web_jw_object(&w);
        web_jw_member_str(&w, "login", team[i].login);
        web_jw_member_str(&w, "name", team[i].name);
        web_jw_member_str(&w, "role", team[i].role);
        web_jw_end(&w);
    }
    web_jw_end(&w);
    json_t *cj = web_client_json(&ch.client);
    web_jw_key(&w, "client");
    web_jw_value(&w, cj);
    json_decref(cj);
    web_jw_key(&w, "measures");
    web_jw_array(&w);
    for (size_t i = 0; i < nm; i++)
        web_measure_write(&w, r->srv->kb, &ms[i]);
    web_jw_end(&w);
    web_jw_key(&w, "plan");
    if (ch.has_plan) {
        web_jw_object(&w);
        web_jw_member_str(&w, "content_hash", plan.content_hash);
        web_jw_member_str(&w, "cosigned_by", plan.cosigned_by);
        web_jw_member_int(&w, "created_at", plan.created_at);
        web_jw_member_str(&w, "created_by", plan.created_by);
        web_jw_member_str(&w, "kb_version", plan.kb_version);
        web_jw_member_str(&w, "signed_by", plan.signed_by);
        web_jw_member_str(&w, "status", plan.status);
        web_jw_member_int(&w, "version", plan.version);
        web_jw_end(&w);
    } else {
        web_jw_null(&w);
    }
    web_jw_key(&w, "profile");
    if (ch.profile) {
        web_jw_object(&w);
        web_jw_key(&w, "body");
        web_jw_value(&w, profile);
        web_jw_member_int(&w, "version", ch.profile_version);
        web_jw_end(&w);
    } else {
        web_jw_null(&w);
    }
    json_decref(profile);
    web_jw_key(&w, "sessions");
    web_jw_array(&w);
    for (size_t i = 0; i < ns; i++) {
        const struct easel_session_record *x = &ss[i];
        web_jw_object(&w);
        web_jw_member_str(&w, "attendance", x->attendance);
        web_jw_member_str(&w, "created_by", x->created_by);
        web_jw_member_str(&w, "date", x->date);
        web_jw_member_int(&w, "id", x->id);
        web_jw_member_int(&w, "minutes", x->minutes);
        web_jw_member_str(&w, "mode", x->mode);
        web_jw_member_str(&w, "note_format", x->note_format);
        web_jw_member_int(&w, "plan_version", x->plan_version);
        web_jw_member_str(&w, "status", x->status);
        web_jw_end(&w);
    }
    web_jw_end(&w);
    web_jw_end(&w);
    return web_answer_written(r, 200, &w);
}

int web_client_post(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    if (!web_role_allowed(r))
        return web_refuse(r, 0, NULL, "only an administrator or a therapist may add clients");
    static const char *const allowed[] = {"ref", "name", "setting", "birth_year", NULL};
    json_t *body = web_body_object(r, allowed);
    if (!body)
        return r->status;
    struct easel_client c = {.status = "active"};
    long long by = 0;
    if (web_body_str(r, body, "ref", true, 1, EASEL_REF_MAX, &c.ref) ||
        web_body_str(r, body, "name", true, 1, 200, &c.name) ||
        web_body_str(r, body, "setting", true, 1, 48, &c.setting) ||
        web_body_int(r, body, "birth_year", false, 0, 2100, &by))
        goto out;
    c.birth_year = by;
    if (easel_kb_setting(r->srv->kb, c.setting) < 0) {
        web_error(r, 400, "setting", "a setting id of the knowledge base");
        goto out;
    }
    struct easel_error err = {0};
    int64_t id = 0;
    int rc = easel_store_batch_begin(r->st, &err);
    if (!rc && !(rc = easel_client_add(r->st, &c, &id, &err)))
        rc = easel_team_add(r->st, id, r->sess.login, "therapist", NULL, &err);
    struct easel_error end_err = {0};
    int erc = easel_store_batch_end(r->st, rc, &end_err);
    if (rc || erc) {
        web_store_error(r, rc ? &err : &end_err);
        goto out;
    }
    struct easel_client got;
    if (easel_client_get(r->st, id, &r->arena, &got, &err))
        web_store_error(r, &err);
    else
        web_answer(r, 201, json_pack("{s:o}", "client", web_client_json(&got)));
out:
    json_decref(body);
    return r->status;
}

int web_client_patch(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    static const char *const allowed[] = {"version",    "name",   "setting",
                                          "birth_year", "status", NULL};
    json_t *body = web_body_object(r, allowed);
    if (!body)
        return r->status;
    int64_t id = 0;
    struct easel_client c;
    struct easel_error err = {0};
    long long version = 0, by = -1;
    const char *name = NULL, *setting = NULL, *status = NULL;
    if (web_authorize(r, &id))
        goto out;
    if (!web_role_allowed(r)) {
        web_refuse(r, id, NULL, "team members may read but not edit the client");
        goto out;
    }
    if (web_body_int(r, body, "version", true, 1, 1000000000000LL, &version) ||
        web_body_str(r, body, "name", false, 1, 200, &name) ||
        web_body_str(r, body, "setting", false, 1, 48, &setting) ||
        web_body_str(r, body, "status", false, 1, 16, &status) ||
        web_body_int(r, body, "birth_year", false, 0, 2100, &by))
        goto out;
    if (setting && easel_kb_setting(r->srv->kb, setting) < 0) {
        web_error(r, 400, "setting", "a setting id of the knowledge base");
        goto out;
    }
    if (easel_client_get(r->st, id, &r->arena, &c, &err)) {
        web_store_error(r, &err);
        goto out;
    }
    c.version = version;
    c.name = name ? name : c.name;
    c.setting = setting ? setting : c.setting;
    c.status = status ? status : c.status;
    c.birth_year = by >= 0 ? by : c.birth_year;
    if (easel_client_update(r->st, &c, &err) || easel_client_get(r->st, id, &r->arena, &c, &err))
        web_store_error(r, &err);
    else
        web_answer(r, 200, json_pack("{s:o}", "client", web_client_json(&c)));
out:
    json_decref(body);
    return r->status;
}

static int profile_get(struct web_req *r, int64_t id)
{
    struct easel_buf pb;
    easel_buf_init(&pb, EASEL_PROFILE_MAX);
    int64_t ver = 0;
    struct easel_error err = {0};
    int rc = easel_profile_get(r->st, id, 0, &pb, &ver, &err);
    if (rc == EASEL_ENOTFOUND)
        web_error(r, 404, NULL, "no profile yet");
    else if (rc)
        web_store_error(r, &err);
    else {
        json_t *b = json_loadb(pb.data ? pb.data : "", pb.len, JSON_REJECT_DUPLICATES, NULL);
        web_answer(
            r, 200,
            json_pack("{s:I, s:o}", "version", (json_int_t)ver, "body", b ? b : json_null()));
    }
    easel_buf_release(&pb);
    return r->status;
}

static int profile_put(struct web_req *r, int64_t id)
{
    static const char *const allowed[] = {"profile", NULL};
    json_t *body = web_body_object(r, allowed);
    if (!body)
        return r->status;
    json_t *p = json_object_get(body, "profile");
    if (!json_is_object(p)) {
        web_error(r, 400, "profile", "must be a profile object (docs/profile.md)");
        goto out;
    }
    json_t *cl = json_object_get(p, "client");
    if (!cl)
        json_object_set_new(p, "client", json_string(r->route.ref));
    else if (!json_is_string(cl) || strcmp(json_string_value(cl), r->route.ref) != 0) {
        web_error(r, 400, "profile.client", "must be this client's reference");
        goto out;
    }
    char *text = json_dumps(p, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!text) {
        web_error(r, 500, NULL, "internal error");
        goto out;
    }
    struct easel_error err = {0};
    int64_t version = 0;
    if (easel_app_profile_put(r->st, id, r->route.ref, r->srv->kb, "profile", text, strlen(text),
                              &version, &err))
        web_store_error_in(r, &err, "profile");
    else
        web_answer(r, 201, json_pack("{s:I}", "version", (json_int_t)version));
    free(text);
out:
    json_decref(body);
    return r->status;
}

int web_profile(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    int64_t id = 0;
    if (web_authorize(r, &id))
        return r->status;
    if (r->route.method == EASEL_GET)
        return profile_get(r, id);
    if (!web_role_allowed(r))
        return web_refuse(r, id, NULL, "team members may read but not change the profile");
    return profile_put(r, id);
}
