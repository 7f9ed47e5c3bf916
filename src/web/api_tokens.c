/*
 * web/api_tokens.c — API tokens for other systems, for administrators (docs/api.md "API
 * tokens"): GET /api/v1/tokens lists them (names, grants, dates: never a secret or a hash),
 * POST /api/v1/tokens {"name", "clients": [REF...]} makes one and shows its secret this once,
 * DELETE /api/v1/tokens/{name} revokes it at once. The rule is the app layer's
 * (easel/app_token.h); the store audits creation, grants and revocation.
 *
 * Owns: nothing beyond the request; the secret is wiped after it is answered. Borrows: the
 * request's store connection.
 * Fails: 400 naming the field, 403 (not an administrator; audited), 404 (no live token of that
 * name, an unknown client reference: field "grant"), 409 (a live token has that name).
 */
#include "easel/app_token.h"
#include "easel/crypto.h"
#include "handlers.h"

#include <string.h>

static json_t *token_json(const struct easel_api_token *t)
{
    json_t *clients = json_array();
    for (size_t i = 0; i < t->n_clients; i++)
        json_array_append_new(clients, json_string(t->refs[i]));
    json_t *o =
        json_pack("{s:s,s:s,s:s,s:I,s:o}", "name", t->name, "scope", t->scope, "created_by",
                  t->created_by, "created_at", (json_int_t)t->created_at, "clients", clients);
    if (o && t->revoked_at)
        json_object_set_new(o, "revoked_at", json_integer(t->revoked_at));
    if (o && t->revoked_by)
        json_object_set_new(o, "revoked_by", json_string(t->revoked_by));
    if (o && t->last_used_at)
        json_object_set_new(o, "last_used_at", json_integer(t->last_used_at));
    return o;
}

static int tokens_post(struct web_req *r)
{
    static const char *const allowed[] = {"name", "clients", NULL};
    json_t *body = web_body_object(r, allowed);
    if (!body)
        return r->status;
    const char *name;
    json_t *list = json_object_get(body, "clients");
    if (web_body_str(r, body, "name", true, 1, EASEL_TOKEN_NAME_MAX, &name))
        goto out;
    size_t n = json_array_size(list);
    if (!json_is_array(list) || n < 1 || n > EASEL_TOKEN_GRANTS_MAX) {
        web_error(r, 400, "clients", "a list of 1-%d client references", EASEL_TOKEN_GRANTS_MAX);
        goto out;
    }
    const char **refs = easel_arena_alloc(&r->arena, n * sizeof(*refs));
    for (size_t i = 0; refs && i < n; i++) {
        refs[i] = json_string_value(json_array_get(list, i));
        if (!refs[i]) {
            web_error(r, 400, "clients", "each client is a reference (text)");
            goto out;
        }
    }
    if (!refs) {
        web_error(r, 500, NULL, "internal error");
        goto out;
    }
    char token[EASEL_API_TOKEN_TEXT];
    int64_t id = 0;
    struct easel_error err = {0};
    if (easel_app_token_create(r->st, name, refs, n, token, &id, &err)) {
        web_store_error(r, &err);
        goto out;
    }
    json_t *clients = json_deep_copy(list);
    web_answer(r, 201,
               json_pack("{s:s,s:s,s:s,s:o}", "name", name, "scope", EASEL_TOKEN_SCOPE_FHIR_READ,
                         "token", token, "clients", clients));
    easel_secure_zero(token, sizeof(token));
out:
    json_decref(body);
    return r->status;
}

int web_tokens(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    if (!web_role_allowed(r))
        return web_refuse(r, 0, NULL, "only an administrator manages API tokens");
    if (r->route.method == EASEL_POST)
        return tokens_post(r);
    struct easel_api_token *t = NULL;
    size_t n = 0;
    struct easel_error err = {0};
    if (easel_token_list(r->st, &r->arena, &t, &n, &err))
        return web_store_error(r, &err);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, token_json(&t[i]));
    return web_answer(r, 200, json_pack("{s:o}", "tokens", list));
}

int web_token_delete(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    if (!web_role_allowed(r))
        return web_refuse(r, 0, NULL, "only an administrator manages API tokens");
    struct easel_error err = {0};
    if (easel_token_revoke(r->st, r->route.name, &err))
        return web_store_error(r, &err);
    return web_answer(r, 200, json_pack("{s:s}", "revoked", r->route.name));
}
