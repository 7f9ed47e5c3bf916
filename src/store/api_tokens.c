/*
 * store/api_tokens.c — API tokens for other systems (easel/store_token.h, schema version 6): the
 * SHA-256 of each token, its scope, who made and revoked it and when, when it was last used,
 * and the clients it is granted (api_token_grants).
 *
 * Owns: nothing. Borrows: strings returned in struct easel_api_token live in the caller's arena.
 * The store never sees a token, only its hash (made in the app layer with libsodium's random
 * bytes). Fails: as the header says; every write is one transaction with its audit rows.
 */
#include "easel/store_token.h"
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

#define TOUCH_MS 60000 /* last_used_at is written at most once a minute */

static bool valid_name(const char *n)
{
    size_t len = n ? strlen(n) : 0;
    if (len < 1 || len > EASEL_TOKEN_NAME_MAX)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!((n[i] >= 'a' && n[i] <= 'z') || (n[i] >= '0' && n[i] <= '9') || n[i] == '-'))
            return false;
    return true;
}

static bool valid_hash(const char *h)
{
    if (!h || strlen(h) != 64)
        return false;
    for (size_t i = 0; i < 64; i++)
        if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f')))
            return false;
    return true;
}

/* EASEL_EINVAL naming field unless the actor is an administrator's login. */
static int actor_is_admin(struct easel_store *s, const char *field, struct easel_error *err)
{
    int64_t admin = 0;
    int found = 0;
    struct easel_val p = easel_vtext(s->actor);
    int rc = easel__int(s, "SELECT COUNT(*) FROM users WHERE login = $1 AND role = 'admin'", &p, 1,
                        &admin, &found, err);
    if (!rc && !admin)
        rc = easel_error_set(err, EASEL_EINVAL, "api token", field,
                             "only an administrator manages API tokens (acting as \"%s\")",
                             s->actor);
    return rc;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int easel_token_add(struct easel_store *s, const char *name, const char *scope,
                    const char *token_hash, const int64_t *clients, size_t n_clients, int64_t *id,
                    struct easel_error *err)
{
    if (!valid_name(name))
        return easel_error_set(err, EASEL_EINVAL, "api token", "name",
                               "1-%d characters of a-z, 0-9 and -", EASEL_TOKEN_NAME_MAX);
    if (!scope || strcmp(scope, EASEL_TOKEN_SCOPE_FHIR_READ) != 0)
        return easel_error_set(err, EASEL_EINVAL, "api token", "scope", "must be fhir-read");
    if (!valid_hash(token_hash))
        return easel_error_set(err, EASEL_EINVAL, "api token", "token_hash", "64 hex digits");
    if (n_clients < 1 || n_clients > EASEL_TOKEN_GRANTS_MAX)
        return easel_error_set(err, EASEL_EINVAL, "api token", "grant", "grant 1-%d clients",
                               EASEL_TOKEN_GRANTS_MAX);
    int64_t *ids = malloc(n_clients * sizeof(*ids));
    if (!ids)
        return easel_error_set(err, EASEL_ENOMEM, "api token", "", "out of memory");
    memcpy(ids, clients, n_clients * sizeof(*ids));
    qsort(ids, n_clients, sizeof(*ids), cmp_id);
    int rc = easel__begin(s, err);
    if (rc) {
        free(ids);
        return rc;
    }
    rc = actor_is_admin(s, "created_by", err);
    int64_t live = 0;
    int found = 0;
    struct easel_val pn = easel_vtext(name);
    if (!rc)
        rc = easel__int(s, "SELECT COUNT(*) FROM api_tokens WHERE name = $1 AND revoked_at IS NULL",
                        &pn, 1, &live, &found, err);
    if (!rc && live)
        rc = easel_error_set(err, EASEL_ECONFLICT, "api token", "name",
                             "a live token is named \"%s\"", name);
    for (size_t i = 0; !rc && i < n_clients; i++)
        rc = easel__client_exists(s, ids[i], "api token grant", err);
    struct easel_val p[] = {easel_vtext(name), easel_vtext(token_hash), easel_vtext(scope),
                            easel_vtext(s->actor), easel_vint(s->now())};
    if (!rc)
        rc = easel__run(s,
                        "INSERT INTO api_tokens (name, token_hash, scope, created_by, created_at)"
                        " VALUES ($1, $2, $3, $4, $5)",
                        p, 5, NULL, err);
    int64_t tid = 0;
    if (!rc)
        rc = easel__int(s, "SELECT id FROM api_tokens WHERE name = $1 AND revoked_at IS NULL", &pn,
                        1, &tid, &found, err);
    if (!rc && !found)
        rc = easel_error_set(err, EASEL_EDB, "api token", "", "the new token was not stored");
    if (!rc)
        rc = easel__audit(s, "token-create", "api-token", tid, err);
    for (size_t i = 0; !rc && i < n_clients; i++) {
        if (i && ids[i] == ids[i - 1])
            continue;
        struct easel_val g[] = {easel_vint(tid), easel_vint(ids[i])};
        rc = easel__run(s, "INSERT INTO api_token_grants (token_id, client_id) VALUES ($1, $2)", g,
                        2, NULL, err);
        /* the client's own trail shows that a system was given its record */
        if (!rc)
            rc = easel__audit(s, "token-grant", "client", ids[i], err);
    }
    free(ids);
    rc = easel__end(s, rc, err);
    if (!rc && id)
        *id = tid;
    return rc;
}

/* ---- reads ---- */

struct token_rows {
    struct easel_arena *a;
    struct easel_api_token *list;
    size_t n, cap;
};

/* c: id, name, scope, created_by, created_at, revoked_at, revoked_by, last_used_at */
static int token_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct token_rows *r = ctx;
    if (n < 8)
        return EASEL_EDB;
    struct easel_api_token *t =
        easel__push(r->a, (void **)&r->list, &r->n, &r->cap, sizeof(*r->list));
    if (!t)
        return EASEL_ENOMEM;
    t->id = c[0].i;
    t->name = easel__dup(r->a, &c[1]);
    t->scope = easel__dup(r->a, &c[2]);
    t->created_by = easel__dup(r->a, &c[3]);
    t->created_at = c[4].i;
    t->revoked_at = c[5].type == EASEL_V_INT ? c[5].i : 0;
    t->revoked_by = easel__dup(r->a, &c[6]);
    t->last_used_at = c[7].type == EASEL_V_INT ? c[7].i : 0;
    return r->a->failed ? EASEL_ENOMEM : 0;
}

struct grant_rows {
    struct easel_arena *a;
    int64_t *tokens, *ids;
    const char **refs;
    size_t n, cap;
};

/* c: token_id, client_id, ref */
static int grant_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct grant_rows *g = ctx;
    if (n < 3)
        return EASEL_EDB;
    if (g->n == g->cap) {
        size_t grown = g->cap ? g->cap * 2 : 16;
        int64_t *tokens = easel_arena_alloc(g->a, grown * sizeof(*tokens));
        int64_t *ids = easel_arena_alloc(g->a, grown * sizeof(*ids));
        const char **refs = easel_arena_alloc(g->a, grown * sizeof(*refs));
        if (!tokens || !ids || !refs)
            return EASEL_ENOMEM;
        if (g->n) {
            memcpy(tokens, g->tokens, g->n * sizeof(*tokens));
            memcpy(ids, g->ids, g->n * sizeof(*ids));
            memcpy(refs, g->refs, g->n * sizeof(*refs));
        }
        g->tokens = tokens;
        g->ids = ids;
        g->refs = refs;
        g->cap = grown;
    }
    g->tokens[g->n] = c[0].i;
    g->ids[g->n] = c[1].i;
    g->refs[g->n] = easel__dup(g->a, &c[2]);
    g->n++;
    return g->a->failed ? EASEL_ENOMEM : 0;
}

/* Fill each token's grants (sql: token_id, client_id, ref ordered by token_id, client_id: each
   token's grants are one run of rows). */
static int load_grants(struct easel_store *s, const char *sql, const struct easel_val *p, size_t np,
                       struct easel_arena *a, struct easel_api_token *list, size_t n,
                       struct easel_error *err)
{
    struct grant_rows g = {a, NULL, NULL, NULL, 0, 0};
    int rc = s->ops->exec(s, sql, p, np, grant_row, &g, NULL, err);
    if (rc == EASEL_ENOMEM)
        return easel_error_set(err, rc, "api token", "", "out of memory");
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        size_t first = 0;
        while (first < g.n && g.tokens[first] != list[i].id)
            first++;
        size_t k = first;
        while (k < g.n && g.tokens[k] == list[i].id)
            k++;
        list[i].n_clients = k - first;
        list[i].clients = k > first ? g.ids + first : NULL;
        list[i].refs = k > first ? (const char *const *)(g.refs + first) : NULL;
    }
    return 0;
}

int easel_token_list(struct easel_store *s, struct easel_arena *a, struct easel_api_token **out,
                     size_t *n, struct easel_error *err)
{
    struct token_rows r = {a, NULL, 0, 0};
    *out = NULL;
    *n = 0;
    int rc = s->ops->exec(s,
                          "SELECT id, name, scope, created_by, created_at, revoked_at, revoked_by,"
                          " last_used_at FROM api_tokens"
                          " ORDER BY CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END, name, id",
                          NULL, 0, token_row, &r, NULL, err);
    if (rc == EASEL_ENOMEM)
        return easel_error_set(err, rc, "api token", "", "out of memory");
    if (!rc)
        rc = load_grants(s,
                         "SELECT g.token_id, g.client_id, c.ref FROM api_token_grants g"
                         " JOIN clients c ON c.id = g.client_id ORDER BY g.token_id, g.client_id",
                         NULL, 0, a, r.list, r.n, err);
    if (!rc) {
        *out = r.list;
        *n = r.n;
    }
    return rc;
}

int easel_token_revoke(struct easel_store *s, const char *name, struct easel_error *err)
{
    if (!valid_name(name))
        return easel_error_set(err, EASEL_ENOTFOUND, "api token", "name",
                               "no live token of that name");
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    rc = actor_is_admin(s, "revoked_by", err);
    int64_t id = 0;
    int found = 0;
    struct easel_val pn = easel_vtext(name);
    if (!rc)
        rc = easel__int(s, "SELECT id FROM api_tokens WHERE name = $1 AND revoked_at IS NULL", &pn,
                        1, &id, &found, err);
    if (!rc && !found)
        rc = easel_error_set(err, EASEL_ENOTFOUND, "api token", "name",
                             "no live token named \"%s\"", name);
    struct easel_val p[] = {easel_vint(id), easel_vint(s->now()), easel_vtext(s->actor)};
    if (!rc)
        rc = easel__run(s, "UPDATE api_tokens SET revoked_at = $2, revoked_by = $3 WHERE id = $1",
                        p, 3, NULL, err);
    if (!rc)
        rc = easel__audit(s, "token-revoke", "api-token", id, err);
    return easel__end(s, rc, err);
}

int easel_token_use(struct easel_store *s, const char *token_hash, struct easel_arena *a,
                    struct easel_api_token *out, struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!valid_hash(token_hash))
        return easel_error_set(err, EASEL_ENOTFOUND, "api token", "", "no such token");
    struct token_rows r = {a, NULL, 0, 0};
    struct easel_val p = easel_vtext(token_hash);
    int rc = s->ops->exec(s,
                          "SELECT id, name, scope, created_by, created_at, revoked_at, revoked_by,"
                          " last_used_at FROM api_tokens WHERE token_hash = $1 AND"
                          " revoked_at IS NULL",
                          &p, 1, token_row, &r, NULL, err);
    if (rc == EASEL_ENOMEM)
        return easel_error_set(err, rc, "api token", "", "out of memory");
    if (rc)
        return rc;
    if (r.n != 1)
        return easel_error_set(err, EASEL_ENOTFOUND, "api token", "", "no such token");
    struct easel_val q = easel_vint(r.list[0].id);
    rc = load_grants(s,
                     "SELECT g.token_id, g.client_id, c.ref FROM api_token_grants g"
                     " JOIN clients c ON c.id = g.client_id WHERE g.token_id = $1"
                     " ORDER BY g.client_id",
                     &q, 1, a, r.list, 1, err);
    if (rc)
        return rc;
    int64_t now = s->now();
    if (now - r.list[0].last_used_at >= TOUCH_MS) {
        struct easel_val u[] = {easel_vint(r.list[0].id), easel_vint(now)};
        rc = easel__begin(s, err);
        if (!rc)
            rc = easel__end(s,
                            easel__run(s, "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1",
                                       u, 2, NULL, err),
                            err);
        if (rc)
            return rc;
        r.list[0].last_used_at = now;
    }
    *out = r.list[0];
    return 0;
}

bool easel_token_grants(const struct easel_api_token *t, int64_t client)
{
    for (size_t i = 0; client > 0 && i < t->n_clients; i++)
        if (t->clients[i] == client)
            return true;
    return false;
}
