/*
 * web/api_sessions.c — sessions and their progress notes: recording a session with its note
 * (checked against the note format by the app layer, as `easel session add` does), editing a
 * draft note (a new version; the replaced one is kept), the author signing and locking it,
 * reading one session with its note, its versions and artworks, and the prefill of the note
 * form from a plan session (the app's, easel_app_session_template: this file only answers it).
 *
 * Who: care-team members read; clinical roles (admin, therapist, supervisor) record.
 *
 * Owns: nothing beyond the request. Borrows: the request's store connection and the KB.
 * Fails: 400 naming the field ("note.progress[0].rating", "note_format", "date"), 403, 404.
 */
#include "easel/app.h"
#include "easel/app_session_template.h"
#include "easel/store_group.h"
#include "handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The content fields of a session from a request body (POST and PUT); *note is the note
   object's compact text, freed by the caller. 0, or the answered status. */
static int session_body(struct web_req *r, json_t *body, struct easel_session_record *s,
                        char **note)
{
    long long minutes = 0, plan_version = 0;
    const char *attendance = NULL, *mode = NULL;
    if (web_body_str(r, body, "date", true, 1, 10, &s->date) ||
        web_body_int(r, body, "minutes", true, 1, 600, &minutes) ||
        web_body_str(r, body, "attendance", false, 1, 16, &attendance) ||
        web_body_str(r, body, "mode", false, 1, 16, &mode) ||
        web_body_int(r, body, "plan_version", false, 0, 1000000000, &plan_version) ||
        web_body_str(r, body, "note_format", true, 1, 8, &s->note_format))
        return r->status;
    json_t *nj = json_object_get(body, "note");
    if (!json_is_object(nj))
        return web_error(r, 400, "note", "must be the note object of its format (easel/note.h)");
    *note = json_dumps(nj, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!*note)
        return web_error(r, 500, NULL, "internal error");
    s->minutes = minutes;
    s->plan_version = plan_version;
    s->attendance = attendance ? attendance : s->attendance;
    s->mode = mode ? mode : s->mode;
    s->note = *note;
    return 0;
}

/* The answer to a refused session write: the note checker's fields under "note". */
static int session_write_error(struct web_req *r, const struct easel_error *err)
{
    if (strcmp(err->where, "note") == 0 && strcmp(err->field, "format") == 0)
        return web_error(r, 400, "note_format", "%s", err->msg);
    if (strcmp(err->where, "note") == 0)
        return web_store_error_in(r, err, "note");
    return web_store_error(r, err);
}

int web_session_record_post(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    static const char *const allowed[] = {"date",         "minutes",     "attendance", "mode",
                                          "plan_version", "note_format", "note",       NULL};
    json_t *body = web_body_object(r, allowed);
    if (!body)
        return r->status;
    int64_t id = 0;
    char *note = NULL;
    struct easel_error err = {0};
    struct easel_session_record s = {.attendance = "attended", .mode = "individual"};
    if (web_authorize(r, &id))
        goto out;
    if (!web_role_allowed(r)) {
        web_refuse(r, id, NULL, "team members may read but not record sessions");
        goto out;
    }
    if (session_body(r, body, &s, &note))
        goto out;
    s.client = id;
    int64_t sid = 0;
    if (!easel_app_session_add(r->st, &s, &sid, &err))
        web_answer(r, 201,
                   json_pack("{s:I, s:s, s:I}", "id", (json_int_t)sid, "status", "draft", "version",
                             (json_int_t)1));
    else
        session_write_error(r, &err);
out:
    free(note);
    json_decref(body);
    return r->status;
}

/* PUT .../sessions/{id}: a new version of a draft note; "version" is the one the writer
   started from (409 when the note was saved since, or once it is signed). */
int web_session_record_put(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    static const char *const allowed[] = {"date", "minutes",      "attendance",
                                          "mode", "plan_version", "note_format",
                                          "note", "version",      NULL};
    json_t *body = web_body_object(r, allowed);
    if (!body)
        return r->status;
    int64_t id = 0;
    char *note = NULL;
    long long version = 0;
    struct easel_error err = {0};
    struct easel_session_record s = {.attendance = "attended", .mode = "individual"};
    if (web_authorize(r, &id))
        goto out;
    if (!web_role_allowed(r)) {
        web_refuse(r, id, NULL, "team members may read but not edit session notes");
        goto out;
    }
    if (web_body_int(r, body, "version", true, 1, 1000000000, &version) ||
        session_body(r, body, &s, &note))
        goto out;
    s.client = id;
    s.id = r->route.num;
    if (!easel_app_session_update(r->st, &s, version, &err))
        web_answer(r, 200,
                   json_pack("{s:I, s:s, s:I}", "id", (json_int_t)s.id, "status", "draft",
                             "version", (json_int_t)version + 1));
    else if (strcmp(err.field, "edited_by") == 0)
        web_error(r, 403, "edited_by", "%s", err.msg);
    else
        session_write_error(r, &err);
out:
    free(note);
    json_decref(body);
    return r->status;
}

/* POST .../sessions/{id}/sign: the author signs and locks the note. */
int web_session_sign(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    int64_t id = 0;
    if (web_authorize(r, &id))
        return r->status;
    if (!web_role_allowed(r))
        return web_refuse(r, id, NULL, "team members may read but not sign session notes");
    struct easel_error err = {0};
    if (easel_session_sign(r->st, id, r->route.num, &err)) {
        if (strcmp(err.field, "signed_by") == 0)
            return web_error(r, 403, "signed_by", "%s", err.msg);
        return web_store_error(r, &err);
    }
    return web_answer(r, 200,
                      json_pack("{s:I, s:s}", "id", (json_int_t)r->route.num, "status", "signed"));
}

int web_session_record_get(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    int64_t id = 0;
    if (web_authorize(r, &id))
        return r->status;
    struct easel_session_record *ss = NULL;
    size_t n = 0;
    struct easel_error err = {0};
    if (easel_session_list(r->st, id, &r->arena, &ss, &n, &err))
        return web_store_error(r, &err);
    const struct easel_session_record *s = NULL;
    for (size_t i = 0; i < n && !s; i++)
        if (ss[i].id == r->route.num)
            s = &ss[i];
    if (!s)
        return web_error(r, 404, "id", "no such session of this client");
    /* a session read records the session itself, not only the client's list */
    if (easel_store_audit(r->st, "read", "session", s->id, &err))
        return web_store_error(r, &err);
    struct easel_artwork *as = NULL;
    size_t na = 0;
    if (easel_artwork_list(r->st, id, &r->arena, &as, &na, &err))
        return web_store_error(r, &err);
    json_t *note = json_loads(s->note, JSON_REJECT_DUPLICATES, NULL);
    json_t *sj =
        json_pack("{s:I, s:s, s:I, s:s, s:s, s:I, s:s, s:o, s:s, s:I}", "id", (json_int_t)s->id,
                  "date", s->date, "minutes", (json_int_t)s->minutes, "attendance", s->attendance,
                  "mode", s->mode, "plan_version", (json_int_t)s->plan_version, "note_format",
                  s->note_format, "note", note ? note : json_null(), "created_by", s->created_by,
                  "created_at", (json_int_t)s->created_at);
    /* the note's state: a draft (with the versions its edits replaced) or signed and locked */
    json_object_set_new(sj, "status", json_string(s->status));
    json_object_set_new(sj, "version", json_integer(s->version));
    json_object_set_new(sj, "created_by_name", json_string(web_person_name(r, s->created_by)));
    json_object_set_new(sj, "edited_by",
                        s->edited_by ? json_string(web_person_name(r, s->edited_by)) : json_null());
    json_object_set_new(sj, "signed_by",
                        s->signed_by ? json_string(web_person_name(r, s->signed_by)) : json_null());
    json_object_set_new(sj, "signed_at", s->signed_at ? json_integer(s->signed_at) : json_null());
    json_object_set_new(sj, "content_hash",
                        s->content_hash ? json_string(s->content_hash) : json_null());
    struct easel_session_record *vs = NULL;
    size_t nv = 0;
    if (easel_session_versions(r->st, id, s->id, &r->arena, &vs, &nv, &err)) {
        json_decref(sj);
        return web_store_error(r, &err);
    }
    json_t *vj = json_array();
    for (size_t i = 0; i < nv; i++) {
        json_t *vn = json_loads(vs[i].note, JSON_REJECT_DUPLICATES, NULL);
        json_array_append_new(
            vj, json_pack("{s:I, s:s, s:I, s:s, s:I, s:s, s:o, s:s, s:I}", "version",
                          (json_int_t)vs[i].version, "date", vs[i].date, "minutes",
                          (json_int_t)vs[i].minutes, "attendance", vs[i].attendance, "plan_version",
                          (json_int_t)vs[i].plan_version, "note_format", vs[i].note_format, "note",
                          vn ? vn : json_null(), "saved_by", web_person_name(r, vs[i].created_by),
                          "saved_at", (json_int_t)vs[i].created_at));
    }
    json_object_set_new(sj, "earlier_versions", vj);
    json_t *aj = json_array();
    for (size_t i = 0; i < na; i++)
        if (as[i].session == s->id)
            json_array_append_new(aj, web_artwork_json(&as[i]));
    /* a group session's copy: the program and number, locked; and the addenda of any session */
    struct easel_addendum *ad = NULL;
    size_t nd = 0;
    int64_t gsid = 0;
    if (easel_addenda(r->st, id, &r->arena, &ad, &nd, &err) ||
        easel_session_group_of(r->st, s->id, &gsid, &err))
        return web_store_error(r, &err);
    json_t *dj = json_array();
    for (size_t i = 0; i < nd; i++)
        if (ad[i].session == s->id)
            json_array_append_new(dj, json_pack("{s:s, s:s, s:I}", "text", ad[i].text, "created_by",
                                                web_person_name(r, ad[i].created_by), "created_at",
                                                (json_int_t)ad[i].created_at));
    json_t *gj = json_null();
    if (gsid) {
        struct easel_group_program *gp = NULL;
        size_t ng = 0;
        if (easel_group_of_client(r->st, id, &r->arena, &gp, &ng, &err))
            return web_store_error(r, &err);
        for (size_t i = 0; i < ng && json_is_null(gj); i++) {
            struct easel_group_session *gs = NULL;
            size_t n2 = 0;
            if (easel_group_sessions(r->st, gp[i].id, &r->arena, &gs, &n2, &err))
                return web_store_error(r, &err);
            for (size_t k = 0; k < n2; k++)
                if (gs[k].id == gsid)
                    gj = json_pack("{s:s, s:I, s:b}", "program", gp[i].name, "number",
                                   (json_int_t)gs[k].number, "locked", 1);
        }
    }
    return web_answer(r, 200,
                      json_pack("{s:o, s:o, s:o, s:o}", "session", sj, "artworks", aj, "group", gj,
                                "addenda", dj));
}

int web_session_template(struct web_req *r)
{
    static const char *const params[] = {"plan_version", "number", NULL};
    long version = 0, number = 0;
    if (!web_only_params(r, params) || !web_int_param(r, "plan_version", 1, 1000000000, &version) ||
        !web_int_param(r, "number", 1, 1000, &number))
        return r->status;
    if (!version || !number)
        return web_error(r, 400, version ? "number" : "plan_version",
                         "plan_version and number are both needed");
    int64_t id = 0;
    if (web_authorize(r, &id))
        return r->status;
    struct easel_app_session_template t;
    struct easel_error err = {0};
    int rc = easel_app_session_template(r->st, id, r->srv->kb, version, (int)number, &r->arena, &t,
                                        &err);
    if (rc == EASEL_ENOTFOUND)
        return web_error(r, 404, err.field, "%s", err.msg);
    if (rc)
        return web_store_error(r, &err);
    struct easel_buf b;
    easel_buf_init(&b, 64 * 1024);
    json_t *out =
        easel_app_session_template_json(&t, &b) ? NULL : json_loadb(b.data, b.len, 0, NULL);
    easel_buf_release(&b);
    return out ? web_answer(r, 200, out) : web_error(r, 500, NULL, "internal error");
}

int web_addendum_post(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    static const char *const allowed[] = {"text", NULL};
    int64_t id = 0;
    if (web_authorize(r, &id))
        return r->status;
    if (!web_role_allowed(r))
        return web_refuse(r, id, NULL, "team members may read but not add to session notes");
    json_t *body = web_body_object(r, allowed);
    if (!body)
        return r->status;
    const char *text = NULL;
    int64_t aid = 0;
    struct easel_error err = {0};
    if (!web_body_str(r, body, "text", true, 1, 16000, &text)) {
        if (easel_addendum_add(r->st, id, r->route.num, text, &aid, &err))
            web_store_error(r, &err);
        else
            web_answer(r, 201, json_pack("{s:I}", "id", (json_int_t)aid));
    }
    json_decref(body);
    return r->status;
}
