/*
 * web/api_common.c — what every /api/v1 handler shares: query-parameter checks, the care-team
 * authorisation of client routes (and its audited refusal), role checks, typed body members,
 * and the JSON of a client record.
 *
 * Privacy rule: a client's data is shown only to members of that client's care team, whatever
 * their role (administrators included). A reference that does not exist answers 403 like one
 * the caller may not see, so references cannot be probed. Team members (role "team") read only.
 *
 * Owns: nothing. Borrows: the request. Fails: every helper sets the 4xx answer itself and tells
 * the caller to stop (false / non-zero); never logs client data.
 */
#include "handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool web_only_params(struct web_req *r, const char *const *allowed)
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

bool web_int_param(struct web_req *r, const char *key, long min, long max, long *out)
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

int web_refuse(struct web_req *r, int64_t id, const char *field, const char *msg)
{
    struct easel_error err = {0};
    if (easel_store_audit(r->st, "refused", "client", id, &err))
        return web_store_error(r, &err);
    return web_error(r, 403, field, "%s", msg);
}

int web_authorize(struct web_req *r, int64_t *id)
{
    struct easel_error err = {0};
    bool member = false;
    if (easel_team_member_by_ref(r->st, r->route.ref, r->sess.login, id, &member, &err))
        return web_store_error(r, &err);
    if (member)
        return 0;
    return web_refuse(r, *id, NULL, "only the client's care team may see this client");
}

bool web_role_in(const struct web_req *r, const char *roles)
{
    size_t n = strlen(r->sess.role);
    for (const char *p = roles; *p;) {
        const char *sp = strchr(p, ' ');
        size_t k = sp ? (size_t)(sp - p) : strlen(p);
        if (k == n && strncmp(p, r->sess.role, n) == 0)
            return true;
        p += k + (sp ? 1 : 0);
    }
    return false;
}

bool web_role_allowed(const struct web_req *r)
{
    return !r->route.roles || web_role_in(r, r->route.roles);
}

int web_body_int(struct web_req *r, json_t *body, const char *key, bool required, long long min,
                 long long max, long long *out)
{
    json_t *v = json_object_get(body, key);
    if (!v && !required)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
        return web_error(r, 400, key, "must be a whole number from %lld to %lld", min, max);
    *out = json_integer_value(v);
    return 0;
}

int web_body_str(struct web_req *r, json_t *body, const char *key, bool required, size_t min,
                 size_t max, const char **out)
{
    json_t *v = json_object_get(body, key);
    *out = NULL;
    if (!v && !required)
        return 0;
    if (!json_is_string(v) || json_string_length(v) < min || json_string_length(v) > max ||
        strlen(json_string_value(v)) != json_string_length(v))
        return web_error(r, 400, key, "must be a text of %zu to %zu characters", min, max);
    *out = json_string_value(v);
    return 0;
}

json_t *web_client_json(const struct easel_client *c)
{
    return json_pack("{s:s, s:s, s:s, s:I, s:s, s:I, s:I, s:I}", "ref", c->ref, "name", c->name,
                     "setting", c->setting, "birth_year", (json_int_t)c->birth_year, "status",
                     c->status, "version", (json_int_t)c->version, "created_at",
                     (json_int_t)c->created_at, "updated_at", (json_int_t)c->updated_at);
}

int web_store_error_in(struct web_req *r, const struct easel_error *err, const char *prefix)
{
    struct easel_error e = *err;
    char f[sizeof(e.field) + 64];
    snprintf(f, sizeof(f), "%s%s%s", prefix, prefix[0] && e.field[0] ? "." : "", e.field);
    snprintf(e.field, sizeof(e.field), "%.*s", (int)sizeof(e.field) - 1, f);
    return web_store_error(r, &e);
}

const char *web_person_name(struct web_req *r, const char *login)
{
    if (!login)
        return NULL;
    struct easel_account acc;
    struct easel_error err = {0};
    if (easel_account_get(r->st, login, &r->arena, &acc, &err) == 0 && acc.name)
        return acc.name;
    return login;
}
