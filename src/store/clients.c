/*
 * store/clients.c — client records: add, get, find by reference, update with an optimistic
 * version check, list and search by name. Every write and every read of a client is audited.
 */
#include "easel/buf.h"
#include "store_int.h"

#include <stdio.h>
#include <string.h>

static int validate(const struct easel_client *c, struct easel_error *err)
{
    if (!easel__valid_ref(c->ref))
        return easel_error_set(err, EASEL_EINVAL, "client", "ref",
                               "1-64 characters of a-z, 0-9 and '-'");
    if (!c->name || !*c->name)
        return easel_error_set(err, EASEL_EINVAL, "client", "name", "1-200 characters");
    int rc = easel__text_check(c->name, 200, false, "client", "name", err);
    if (rc)
        return rc;
    if (!c->setting || !*c->setting || strlen(c->setting) > 48)
        return easel_error_set(err, EASEL_EINVAL, "client", "setting", "a setting id");
    if (c->birth_year && (c->birth_year < 1900 || c->birth_year > 2100))
        return easel_error_set(err, EASEL_EINVAL, "client", "birth_year", "1900-2100 or 0");
    if (c->status && strcmp(c->status, "active") && strcmp(c->status, "discharged"))
        return easel_error_set(err, EASEL_EINVAL, "client", "status",
                               "must be active or discharged");
    return 0;
}

int easel_client_add(struct easel_store *s, const struct easel_client *c, int64_t *id,
                     struct easel_error *err)
{
    int rc = validate(c, err);
    if (rc)
        return rc;
    if ((rc = easel__begin(s, err)) != 0)
        return rc;
    int64_t now = s->now();
    struct easel_val p[] = {easel_vtext(c->ref),
                            easel_vtext(c->name),
                            easel_vtext(c->setting),
                            easel_vint(c->birth_year),
                            easel_vtext(c->status ? c->status : "active"),
                            easel_vint(now)};
    rc = easel__run(s,
                    "INSERT INTO clients (ref, name, setting, birth_year, status, version,"
                    " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $6)",
                    p, 6, NULL, err);
    if (rc == EASEL_ECONFLICT)
        easel_error_set(err, rc, "client", "ref", "a client with reference \"%s\" exists", c->ref);
    int found = 0;
    if (!rc)
        rc = easel__int(s, "SELECT id FROM clients WHERE ref = $1", p, 1, id, &found, err);
    if (!rc)
        rc = easel__audit(s, "create", "client", *id, err);
    return easel__end(s, rc, err);
}

static int client_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct easel__rows *r = ctx;
    int rc = 0;
    struct easel_client *o = easel__row(r, n, 9, sizeof(*o), &rc);
    if (!o)
        return rc;
    o->id = c[0].i;
    o->ref = easel__dup(r->a, &c[1]);
    o->name = easel__dup(r->a, &c[2]);
    o->setting = easel__dup(r->a, &c[3]);
    o->birth_year = c[4].i;
    o->status = easel__dup(r->a, &c[5]);
    o->version = c[6].i;
    o->created_at = c[7].i;
    o->updated_at = c[8].i;
    return r->a->failed ? EASEL_ENOMEM : 0;
}

#define CLIENT_COLS "id, ref, name, setting, birth_year, status, version, created_at, updated_at"

static int get_one(struct easel_store *s, const char *sql, struct easel_val key,
                   struct easel_arena *a, struct easel_client *out, struct easel_error *err)
{
    struct easel__rows r = {a, NULL, 0, 0};
    int rc = s->ops->exec(s, sql, &key, 1, client_row, &r, NULL, err);
    if (rc)
        return rc == EASEL_ENOMEM ? easel_error_set(err, rc, "client", "", "out of memory") : rc;
    if (!r.n && key.type == EASEL_V_INT)
        return easel_error_set(err, EASEL_ENOTFOUND, "client", "id", "no client with id %lld",
                               (long long)key.i);
    if (!r.n)
        return easel_error_set(err, EASEL_ENOTFOUND, "client", "ref",
                               "no client with reference \"%s\"", key.p);
    *out = *(const struct easel_client *)r.list;
    return easel__audit_read(s, "client", out->id, err);
}

#define CLIENT_BY_ID "SELECT " CLIENT_COLS " FROM clients WHERE id = $1"

int easel_client_get(struct easel_store *s, int64_t id, struct easel_arena *a,
                     struct easel_client *out, struct easel_error *err)
{
    return get_one(s, CLIENT_BY_ID, easel_vint(id), a, out, err);
}

void easel__client_read(struct easel__read *q, int64_t id, struct easel__rows *r)
{
    *q = (struct easel__read){CLIENT_BY_ID, {easel_vint(id)}, 1, client_row, r};
}

int easel_client_find(struct easel_store *s, const char *ref, struct easel_arena *a,
                      struct easel_client *out, struct easel_error *err)
{
    return get_one(s, "SELECT " CLIENT_COLS " FROM clients WHERE ref = $1", easel_vtext(ref), a,
                   out, err);
}

int easel_client_update(struct easel_store *s, const struct easel_client *c,
                        struct easel_error *err)
{
    int rc = validate(c, err);
    if (rc)
        return rc;
    if ((rc = easel__begin(s, err)) != 0)
        return rc;
    struct easel_val p[] = {
        easel_vtext(c->name),      easel_vtext(c->setting),
        easel_vint(c->birth_year), easel_vtext(c->status ? c->status : "active"),
        easel_vint(s->now()),      easel_vint(c->id),
        easel_vint(c->version)};
    int64_t changed = 0;
    rc = easel__run(s,
                    "UPDATE clients SET name = $1, setting = $2, birth_year = $3, status = $4,"
                    " updated_at = $5, version = version + 1 WHERE id = $6 AND version = $7",
                    p, 7, &changed, err);
    if (!rc && changed == 0) {
        int64_t current = 0;
        int found = 0;
        rc = easel__int(s, "SELECT version FROM clients WHERE id = $1", &p[5], 1, &current, &found,
                        err);
        if (!rc)
            rc = !found ? easel_error_set(err, EASEL_ENOTFOUND, "client", "id", "no such client")
                 : c->version > current
                     ? easel_error_set(err, EASEL_ECONFLICT, "client", "version",
                                       "the client record has no version %lld: it is at version "
                                       "%lld; reload it and apply your changes again",
                                       (long long)c->version, (long long)current)
                     : easel_error_set(err, EASEL_ECONFLICT, "client", "version",
                                       "the client record was changed meanwhile: version %lld "
                                       "is newer than the version %lld you edited",
                                       (long long)current, (long long)c->version);
    }
    if (!rc)
        rc = easel__audit(s, "update", "client", c->id, err);
    return easel__end(s, rc, err);
}

/* A list read records which clients it returned: their ids, in the audit row. */
static int audit_list(struct easel_store *s, const struct easel_client *cs, size_t n,
                      struct easel_error *err)
{
    struct easel_buf ids;
    easel_buf_init(&ids, (size_t)1 << 24);
    for (size_t i = 0; i < n; i++)
        easel_buf_printf(&ids, "%s%lld", i ? "," : "", (long long)cs[i].id);
    int rc = ids.failed ? easel_error_set(err, EASEL_ENOMEM, "client", "", "out of memory")
                        : easel__audit_read_ref(s, "client-list", ids.data ? ids.data : "", err);
    easel_buf_release(&ids);
    return rc;
}

/* A client list: the clients whose name or reference holds match (its LIKE wildcards escaped),
   at most limit of them (0: no limit); sql binds $1 the pattern, $2 the limit and, when np is
   3, $3 the login. */
static int search(struct easel_store *s, const char *sql, size_t np, const char *login,
                  const char *match, int limit, struct easel_arena *a, struct easel_client **out,
                  size_t *n, struct easel_error *err)
{
    struct easel__rows r = {a, NULL, 0, 0};
    if (match && strlen(match) > 100)
        return easel_error_set(err, EASEL_EINVAL, "client", "match", "at most 100 characters");
    if (limit < 0)
        return easel_error_set(err, EASEL_EINVAL, "client", "limit", "must not be negative");
    char pattern[256];
    snprintf(pattern, sizeof(pattern), "%%%s%%", match ? match : "");
    /* escape LIKE wildcards in the user's text */
    char esc[520];
    size_t o = 0;
    for (const char *q = pattern; *q && o + 2 < sizeof(esc); q++) {
        bool inner = q != pattern && q[1] != '\0';
        if (inner && (*q == '%' || *q == '_' || *q == '\\'))
            esc[o++] = '\\';
        esc[o++] = *q;
    }
    esc[o] = '\0';
    struct easel_val p[] = {easel_vtext(esc), easel_vint(limit > 0 ? limit : 1000000),
                            easel_vtext(login ? login : "")};
    int rc = s->ops->exec(s, sql, p, np, client_row, &r, NULL, err);
    if (rc)
        return rc == EASEL_ENOMEM ? easel_error_set(err, rc, "client", "", "out of memory") : rc;
    *out = r.list;
    *n = r.n;
    return audit_list(s, r.list, r.n, err);
}

int easel_client_list(struct easel_store *s, const char *match, int limit, struct easel_arena *a,
                      struct easel_client **out, size_t *n, struct easel_error *err)
{
    return search(s,
                  "SELECT " CLIENT_COLS " FROM clients WHERE lower(name) LIKE lower($1)"
                  " ESCAPE '\\' OR ref LIKE lower($1) ESCAPE '\\' ORDER BY name, id LIMIT $2",
                  2, NULL, match, limit, a, out, n, err);
}

/* The web application's caseload (store.h): the same filter as easel_client_list, restricted
   to clients whose care team includes `login`. */
int easel_client_caseload(struct easel_store *s, const char *login, const char *match, int limit,
                          struct easel_arena *a, struct easel_client **out, size_t *n,
                          struct easel_error *err)
{
    return search(s,
                  "SELECT " CLIENT_COLS " FROM clients WHERE id IN (SELECT client_id FROM"
                  " care_team WHERE login = $3) AND (lower(name) LIKE lower($1)"
                  " ESCAPE '\\' OR ref LIKE lower($1) ESCAPE '\\') ORDER BY name, id LIMIT $2",
                  3, login, match, limit, a, out, n, err);
}

int easel_client_id_of(struct easel_store *s, const char *ref, int64_t *id, struct easel_error *err)
{
    struct easel_val p = easel_vtext(ref ? ref : "");
    int found = 0;
    *id = 0;
    int rc = easel__int(s, "SELECT id FROM clients WHERE ref = $1", &p, 1, id, &found, err);
    if (!found)
        *id = 0;
    return rc;
}
