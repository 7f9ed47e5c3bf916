/*
 * web/api_users.c — accounts and care teams: who is signed in (me), the practice's users
 * (administrators list and add them; a password is hashed here with Argon2id and stored as
 * its hash only), and adding someone to a client's care team (an administrator, or a
 * therapist already on that team).
 *
 * Owns: nothing beyond the request. Borrows: the request's store connection.
 * Fails: 400 naming the field, 403, 404 (no such user), 409 (login exists, already on the team).
 */
#include "easel/crypto.h"
#include "handlers.h"

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

static int users_post(struct web_req *r)
{
    static const char *const allowed[] = {"login", "name", "role", "password", NULL};
    json_t *body = web_body_object(r, allowed);
    if (!body)
        return r->status;
    const char *login, *name, *role, *pw;
    if (web_body_str(r, body, "login", true, 1, 64, &login) ||
        web_body_str(r, body, "name", true, 1, 200, &name) ||
        web_body_str(r, body, "role", true, 1, 16, &role) ||
        web_body_str(r, body, "password", true, 8, EASEL_WEB_PASSWORD_MAX, &pw))
        goto out;
    char hash[EASEL_WEB_HASH_MAX];
    struct easel_error err = {0};
    int rc = easel_web_password_hash(pw, strlen(pw), hash, sizeof(hash), &err);
    if (!rc)
        rc = easel_store_batch_begin(r->st, &err);
    if (!rc) {
        int wrc = easel_user_add(r->st, login, name, role, &err);
        if (!wrc)
            wrc = easel_user_password_set(r->st, login, hash, &err);
        struct easel_error e2 = {0};
        rc = easel_store_batch_end(r->st, wrc, &e2);
        if (!wrc && rc)
            err = e2;
        rc = wrc ? wrc : rc;
    }
    easel_secure_zero(hash, sizeof(hash));
    if (rc)
        web_store_error(r, &err);
    else
        web_answer(r, 201,
                   json_pack("{s:s, s:s, s:s}", "login", login, "name", name, "role", role));
out:
    json_decref(body);
    return r->status;
}

int web_users(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    if (!web_role_allowed(r))
        return web_refuse(r, 0, NULL, "only an administrator manages accounts");
    if (r->route.method == EASEL_POST)
        return users_post(r);
    struct easel_person *us = NULL;
    size_t n = 0;
    struct easel_error err = {0};
    if (easel_user_list(r->st, &r->arena, &us, &n, &err))
        return web_store_error(r, &err);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "login", us[i].login, "name",
                                              us[i].name, "role", us[i].role));
    return web_answer(r, 200, json_pack("{s:o}", "users", list));
}

int web_team_post(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    static const char *const allowed[] = {"login", "role", "reason", NULL};
    json_t *body = web_body_object(r, allowed);
    if (!body)
        return r->status;
    int64_t id = 0;
    struct easel_error err = {0};
    const char *login, *role, *reason = NULL;
    if (web_role_in(r, "admin")) {
        /* administrators manage every team without being on it */
        if (easel_client_id_of(r->st, r->route.ref, &id, &err)) {
            web_store_error(r, &err);
            goto out;
        }
        if (!id) {
            web_refuse(r, 0, NULL, "only the client's care team may see this client");
            goto out;
        }
    } else if (web_authorize(r, &id)) {
        goto out;
    } else if (!web_role_allowed(r)) { /* here not an administrator: a therapist */
        web_refuse(r, id, NULL, "an administrator or a therapist on the team adds team members");
        goto out;
    }
    if (web_body_str(r, body, "login", true, 1, 64, &login) ||
        web_body_str(r, body, "role", true, 1, 64, &role) ||
        web_body_str(r, body, "reason", false, 1, 2000, &reason))
        goto out;
    if (easel_team_add(r->st, id, login, role, reason, &err))
        web_store_error(r, &err);
    else
        web_answer(r, 201, json_pack("{s:s, s:s}", "login", login, "role", role));
out:
    json_decref(body);
    return r->status;
}
