/*
 * web/api_groups.c — group programs over HTTP (docs/api.md, docs/groups.md): list and create
 * programs, the roster, the group plan in its two views, documenting and signing a session,
 * and attendance. The rules are the app layer's (easel/app_group.h); this file parses the
 * request and presents the answer.
 *
 * Who: a program is seen and worked on by its facilitators only (an unknown reference is 403
 * too, audited, so references cannot be probed); creating one takes a clinical role
 * (therapist or supervisor), and its creator leads it. A member's care team sees that member's
 * locked copy in the member's chart (api_sessions.c), never the program.
 *
 * Owns: nothing beyond the request. Borrows: the request's store connection and the KB.
 * Fails: 400 naming the field ("members[3].note", "date", "capacity"), 403, 404, 409 (signed).
 */
#include "easel/app_group.h"
#include "easel/group_note.h"
#include "handlers.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static json_t *program_json(const struct easel_group_program *g)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:s}", "ref", g->ref, "name",
                     g->name, "setting", g->setting, "kind", g->kind, "start_date", g->start_date,
                     "start_time", g->start_time, "minutes", (json_int_t)g->minutes, "sessions",
                     (json_int_t)g->sessions, "capacity", (json_int_t)g->capacity, "status",
                     g->status);
}

int web_group_authorize(struct web_req *r, struct easel_group_program *g)
{
    struct easel_error err = {0};
    bool yes = false;
    int rc = easel_group_find(r->st, r->route.ref, &r->arena, g, &err);
    if (rc && rc != EASEL_ENOTFOUND)
        return web_store_error(r, &err);
    if (!rc && easel_group_facilitates(r->st, g->id, r->sess.login, &yes, &err))
        return web_store_error(r, &err);
    if (yes)
        return 0;
    if (easel_store_audit(r->st, "refused", "group", rc ? 0 : g->id, &err))
        return web_store_error(r, &err);
    return web_error(r, 403, NULL, "only the program's facilitators may see this group");
}

/* A request for one group program (the route's ref): no query parameters, and the signed-in
   user facilitates it; otherwise the answer is made and false returned. */
static bool group_request(struct web_req *r, struct easel_group_program *g)
{
    return web_only_params(r, NULL) && web_group_authorize(r, g) == 0;
}

/* The same for a write: its body, an object of the allowed fields, or NULL (answered). */
static json_t *group_body(struct web_req *r, struct easel_group_program *g,
                          const char *const *allowed)
{
    return group_request(r, g) ? web_body_object(r, allowed) : NULL;
}

int web_groups(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    struct easel_group_program *g = NULL;
    size_t n = 0;
    struct easel_error err = {0};
    const char *login = strcmp(r->sess.role, "admin") == 0 ? NULL : r->sess.login;
    if (easel_group_list(r->st, login, &r->arena, &g, &n, &err))
        return web_store_error(r, &err);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, program_json(&g[i]));
    return web_answer(r, 200, json_pack("{s:o}", "groups", list));
}

int web_group_post(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    static const char *const allowed[] = {"ref",        "name",           "setting", "kind",
                                          "start_date", "start_time",     "minutes", "sessions",
                                          "capacity",   "co_facilitator", NULL};
    if (!web_role_allowed(r))
        return web_error(r, 403, NULL, "a group is led by a therapist or a supervisor");
    json_t *body = web_body_object(r, allowed);
    if (!body)
        return r->status;
    struct easel_group_program g = {.kind = "closed", .start_time = "10:00"};
    long long minutes = 0, sessions = 0, capacity = 0;
    const char *co = NULL;
    struct easel_error err = {0};
    if (!web_body_str(r, body, "ref", true, 1, 64, &g.ref) &&
        !web_body_str(r, body, "name", true, 1, 800, &g.name) &&
        !web_body_str(r, body, "setting", true, 1, 48, &g.setting) &&
        !web_body_str(r, body, "kind", false, 1, 16, &g.kind) &&
        !web_body_str(r, body, "start_date", true, 10, 10, &g.start_date) &&
        !web_body_str(r, body, "start_time", false, 5, 5, &g.start_time) &&
        !web_body_int(r, body, "minutes", true, 15, 240, &minutes) &&
        !web_body_int(r, body, "sessions", true, 1, 104, &sessions) &&
        !web_body_int(r, body, "capacity", true, 1, 30, &capacity) &&
        !web_body_str(r, body, "co_facilitator", false, 1, 64, &co)) {
        g.kind = g.kind ? g.kind : "closed";
        g.start_time = g.start_time ? g.start_time : "10:00";
        g.minutes = minutes;
        g.sessions = sessions;
        g.capacity = capacity;
        const char *fac[2] = {r->sess.login, co};
        int64_t id = 0;
        if (easel_kb_setting(r->srv->kb, g.setting) < 0)
            web_error(r, 400, "setting", "the knowledge base has no setting \"%s\"", g.setting);
        else if (easel_group_add(r->st, &g, fac, co ? 2 : 1, &id, &err))
            web_store_error(r, &err);
        else
            web_answer(r, 201, json_pack("{s:s}", "ref", g.ref));
    }
    json_decref(body);
    return r->status;
}

int web_group(struct web_req *r)
{
    struct easel_group_program g;
    if (!group_request(r, &g))
        return r->status;
    struct easel_person *f = NULL;
    struct easel_group_member *m = NULL;
    size_t nf = 0, nm = 0;
    struct easel_error err = {0};
    if (easel_group_facilitators(r->st, g.id, &r->arena, &f, &nf, &err) ||
        easel_group_members(r->st, g.id, &r->arena, &m, &nm, &err))
        return web_store_error(r, &err);
    json_t *fj = json_array(), *mj = json_array();
    for (size_t i = 0; i < nf; i++)
        json_array_append_new(fj, json_pack("{s:s, s:s, s:s}", "login", f[i].login, "name",
                                            f[i].name, "role", f[i].role));
    for (size_t i = 0; i < nm; i++)
        json_array_append_new(mj, json_pack("{s:s, s:s, s:s, s:s?, s:s?}", "ref", m[i].ref, "name",
                                            m[i].name, "start_date", m[i].start_date, "end_date",
                                            m[i].end_date, "end_reason", m[i].end_reason));
    return web_answer(
        r, 200,
        json_pack("{s:o, s:o, s:o}", "group", program_json(&g), "facilitators", fj, "members", mj));
}

int web_group_members(struct web_req *r)
{
    static const char *const allowed[] = {"client", "start_date", "end_date", "reason", NULL};
    struct easel_group_program g;
    json_t *body = group_body(r, &g, allowed);
    if (!body)
        return r->status;
    const char *client = NULL, *start = NULL, *end = NULL, *reason = NULL;
    struct easel_error err = {0};
    if (!web_body_str(r, body, "client", true, 1, 64, &client) &&
        !web_body_str(r, body, "start_date", false, 10, 10, &start) &&
        !web_body_str(r, body, "end_date", false, 10, 10, &end) &&
        !web_body_str(r, body, "reason", false, 1, 800, &reason)) {
        if (!start == !end) {
            web_error(r, 400, "start_date", "give start_date (join) or end_date (leave)");
        } else if (start) {
            if (easel_app_group_join(r->st, g.ref, client, start, &err))
                web_store_error(r, &err);
            else
                web_answer(r, 201, json_pack("{s:s, s:s}", "client", client, "start_date", start));
        } else {
            int64_t id = 0;
            bool member = false;
            int rc = easel_client_id_of(r->st, client, &id, &err);
            if (!rc && id)
                rc = easel_team_member(r->st, id, r->sess.login, &member, &err);
            if (rc)
                web_store_error(r, &err);
            else if (!member)
                web_error(r, 400, "client", "%s is not on your caseload", client);
            else if (easel_group_member_end(r->st, g.id, id, end, reason, &err))
                web_store_error(r, &err);
            else
                web_answer(r, 200, json_pack("{s:s, s:s}", "client", client, "end_date", end));
        }
    }
    json_decref(body);
    return r->status;
}

int web_group_plan(struct web_req *r)
{
    static const char *const params[] = {"view", "date", NULL};
    if (!web_only_params(r, params))
        return r->status;
    const char *view = easel_query_get(&r->query, "view");
    const char *date = easel_query_get(&r->query, "date");
    if (view && strcmp(view, "clinician") && strcmp(view, "group"))
        return web_error(r, 400, "view", "must be clinician or group");
    struct easel_group_program g;
    if (web_group_authorize(r, &g))
        return r->status;
    char today[11];
    easel_date_format((int64_t)(time(NULL) / 86400), today);
    struct easel_app_group_plan gp;
    struct easel_error err = {0};
    struct easel_buf out;
    easel_buf_init(&out, EASEL_PLAN_MAX);
    if (easel_app_group_plan(r->st, r->srv->kb, g.ref, date, today, &gp, &err))
        web_store_error(r, &err);
    else if (easel_app_group_plan_json(&gp, !view || strcmp(view, "clinician") == 0, &out))
        web_error(r, 413, NULL, "the plan is too large");
    else {
        json_t *v = json_loadb(out.data, out.len, 0, NULL);
        if (v)
            web_answer(r, 200, v);
        else
            web_error(r, 500, NULL, "internal error");
    }
    easel_buf_release(&out);
    easel_app_group_plan_release(&gp);
    return r->status;
}

static json_t *ratings_json(const char *s)
{ /* the store's "1.1:2,2.1:-1" -> {"1.1": 2, "2.1": -1} */
    json_t *o = json_object();
    char objective[17];
    int rating;
    while (easel_group_rating_next(&s, objective, &rating) > 0)
        json_object_set_new(o, objective, json_integer(rating));
    return o;
}

int web_group_sessions(struct web_req *r)
{
    struct easel_group_program g;
    if (!group_request(r, &g))
        return r->status;
    struct easel_group_session *gs = NULL;
    size_t n = 0;
    struct easel_error err = {0};
    if (easel_group_sessions(r->st, g.id, &r->arena, &gs, &n, &err))
        return web_store_error(r, &err);
    json_t *list = json_array();
    int64_t next = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *mj = json_array();
        for (size_t k = 0; k < gs[i].n_members; k++) {
            const struct easel_group_attendance *m = &gs[i].members[k];
            json_array_append_new(mj,
                                  json_pack("{s:s, s:s, s:s, s:I, s:s, s:o, s:I}", "ref", m->ref,
                                            "name", m->name, "attendance", m->attendance, "minutes",
                                            (json_int_t)m->minutes, "note", m->note, "ratings",
                                            ratings_json(m->ratings), "copy", (json_int_t)m->copy));
        }
        json_array_append_new(
            list, json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:o}",
                            "id", (json_int_t)gs[i].id, "number", (json_int_t)gs[i].number, "date",
                            gs[i].date, "minutes", (json_int_t)gs[i].minutes, "directive",
                            gs[i].directive, "media", gs[i].media, "themes", gs[i].themes,
                            "process", gs[i].process, "next_steps", gs[i].next_steps, "status",
                            gs[i].status, "signed_by", web_person_name(r, gs[i].signed_by),
                            "cosigned_by", web_person_name(r, gs[i].cosigned_by), "members", mj));
    }
    for (int64_t k = 1; k <= g.sessions && !next; k++) {
        bool done = false;
        for (size_t i = 0; i < n; i++)
            done |= gs[i].number == k;
        if (!done)
            next = k;
    }
    json_t *nj = json_null();
    if (next) {
        int64_t first;
        char due[11];
        easel_date_parse(g.start_date, &first);
        easel_date_format(first + 7 * (next - 1), due);
        nj = json_pack("{s:I, s:s, s:I}", "number", (json_int_t)next, "date", due, "minutes",
                       (json_int_t)g.minutes);
    }
    return web_answer(r, 200, json_pack("{s:o, s:o}", "sessions", list, "next", nj));
}

int web_group_session_post(struct web_req *r)
{
    static const char *const allowed[] = {"number", "date",    "minutes",    "directive", "media",
                                          "themes", "process", "next_steps", "members",   NULL};
    struct easel_group_program g;
    json_t *body = group_body(r, &g, allowed);
    if (!body)
        return r->status;
    json_decref(body);
    struct easel_group_note s;
    int64_t id = 0;
    struct easel_error err = {0};
    if (easel_group_note_read(r->body, r->body_len, &r->arena, &s, &err) ||
        easel_app_group_session_save(r->st, r->srv->kb, g.ref, &s, &id, &err))
        return web_store_error(r, &err);
    return web_answer(
        r, 201, json_pack("{s:I, s:I}", "id", (json_int_t)id, "number", (json_int_t)s.number));
}

int web_group_sign(struct web_req *r)
{
    struct easel_group_program g;
    if (!group_request(r, &g))
        return r->status;
    if (r->body_len) {
        json_t *body = web_body_object(r, NULL);
        if (!body)
            return r->status;
        json_decref(body);
    }
    struct easel_error err = {0};
    if (r->route.id == EASEL_ROUTE_GROUP_COSIGN) {
        if (easel_app_group_session_cosign(r->st, g.ref, r->route.num, &err))
            return web_store_error(r, &err);
        return web_answer(r, 200, json_pack("{s:I}", "cosigned", (json_int_t)r->route.num));
    }
    if (easel_app_group_session_sign(r->st, g.ref, r->route.num, &err))
        return web_store_error(r, &err);
    struct easel_group_session *gs = NULL;
    size_t n = 0, copies = 0;
    if (easel_group_sessions(r->st, g.id, &r->arena, &gs, &n, &err))
        return web_store_error(r, &err);
    for (size_t i = 0; i < n; i++)
        if (gs[i].number == r->route.num)
            copies = gs[i].n_members;
    return web_answer(
        r, 200,
        json_pack("{s:I, s:I}", "signed", (json_int_t)r->route.num, "copies", (json_int_t)copies));
}

int web_group_attendance(struct web_req *r)
{
    struct easel_group_program g;
    if (!group_request(r, &g))
        return r->status;
    struct easel_app_attendance a;
    struct easel_error err = {0};
    if (easel_app_group_attendance(r->st, g.ref, &r->arena, &a, &err))
        return web_store_error(r, &err);
    json_t *rows = json_array();
    for (size_t i = 0; i < a.n; i++) {
        const struct easel_app_attendance_row *w = &a.rows[i];
        json_array_append_new(
            rows,
            json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:i, s:i, s:i, s:i, s:i, s:i, s:I}", "ref",
                      w->ref, "name", w->name, "start_date", w->start_date, "end_date", w->end_date,
                      "end_reason", w->end_reason, "held", w->held, "attended", w->attended, "late",
                      w->late, "left_early", w->left_early, "absent", w->absent, "cancelled",
                      w->cancelled, "minutes", (json_int_t)w->minutes));
    }
    return web_answer(r, 200,
                      json_pack("{s:o, s:{s:i, s:i, s:i, s:i, s:i}}", "rows", rows, "program",
                                "sessions", a.sessions, "signed", a.signed_sessions, "any", a.any,
                                "present", a.present_total, "expected", a.expected_total));
}
