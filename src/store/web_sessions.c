/*
 * store/web_sessions.c — what the web application (src/web, docs/api.md) keeps in the database
 * so that several easel servers on one PostgreSQL share it: users' password hashes, sessions
 * keyed by the SHA-256 of their token, and sign-in attempts for rate limiting, taken before the
 * password is checked in one transaction holding the login's lock (the driver's key_lock_sql on
 * PostgreSQL, the file's write lock on SQLite), so the count holds across servers.
 *
 * Owns: nothing. Borrows: strings returned in easel_account / easel_web_session live in the
 * caller's arena. The store never sees a password or a token, only their hashes (computed in
 * the web layer with libsodium).
 * Fails: EASEL_EINVAL naming the field for malformed input, EASEL_ENOTFOUND for an unknown
 * login or session (an idle-expired session is deleted and reported as not found), EASEL_EDB
 * from the driver. Every write is one transaction.
 */
#include "store_int.h"

#include <string.h>

static bool valid_hex64(const char *h)
{
    if (!h || strlen(h) != 64)
        return false;
    for (size_t i = 0; i < 64; i++)
        if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f')))
            return false;
    return true;
}

static bool valid_short(const char *t, size_t max)
{
    return t && *t && strlen(t) <= max;
}

int easel_user_password_set(struct easel_store *s, const char *login, const char *hash,
                            struct easel_error *err)
{
    if (!valid_short(login, 64))
        return easel_error_set(err, EASEL_EINVAL, "user", "login", "1-64 characters");
    if (!valid_short(hash, 256))
        return easel_error_set(err, EASEL_EINVAL, "user", "password_hash", "1-256 characters");
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    struct easel_val p[] = {easel_vtext(hash), easel_vtext(login)};
    int64_t changed = 0, id = 0;
    int found = 0;
    rc = easel__run(s, "UPDATE users SET password_hash = $1 WHERE login = $2", p, 2, &changed, err);
    if (!rc && changed == 0)
        rc = easel_error_set(err, EASEL_ENOTFOUND, "user", "login", "no user \"%s\"", login);
    /* a new password ends every session of the user */
    if (!rc)
        rc = easel__run(s, "DELETE FROM web_sessions WHERE login = $1", &p[1], 1, NULL, err);
    if (!rc)
        rc = easel__int(s, "SELECT id FROM users WHERE login = $1", &p[1], 1, &id, &found, err);
    if (!rc)
        rc = easel__audit(s, "password", "user", id, err);
    return easel__end(s, rc, err);
}

static int account_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct easel__one *r = ctx;
    struct easel_account *o = easel__first(r, n, 5);
    if (!o)
        return 0;
    o->id = c[0].i;
    o->login = easel__dup(r->a, &c[1]);
    o->name = easel__dup(r->a, &c[2]);
    o->role = easel__dup(r->a, &c[3]);
    o->password_hash = easel__dup(r->a, &c[4]);
    return r->a->failed ? EASEL_ENOMEM : 0;
}

int easel_account_get(struct easel_store *s, const char *login, struct easel_arena *a,
                      struct easel_account *out, struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!valid_short(login, 64))
        return easel_error_set(err, EASEL_ENOTFOUND, "user", "login", "no such user");
    struct easel__one r = {a, out, 0};
    struct easel_val p = easel_vtext(login);
    int rc =
        s->ops->exec(s, "SELECT id, login, name, role, password_hash FROM users WHERE login = $1",
                     &p, 1, account_row, &r, NULL, err);
    if (rc)
        return rc == EASEL_ENOMEM ? easel_error_set(err, rc, "user", "", "out of memory") : rc;
    if (!r.found)
        return easel_error_set(err, EASEL_ENOTFOUND, "user", "login", "no such user");
    return 0;
}

struct failures_row {
    int64_t count, oldest;
};

static int failures_fn(void *ctx, const struct easel_val *c, size_t n)
{
    struct failures_row *r = ctx;
    if (n >= 2) {
        r->count = c[0].type == EASEL_V_INT ? c[0].i : 0;
        r->oldest = c[1].type == EASEL_V_INT ? c[1].i : 0;
    }
    return 0;
}

/* A login as the audit log may hold it: a name that is not a login is not written as given */
static const char *audit_login(const char *login)
{
    for (const char *c = login; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' ||
              *c == '-'))
            return "(not a login)";
    return login;
}

int easel_login_attempt_take(struct easel_store *s, const char *login, int64_t window_ms,
                             int64_t max_failures, int64_t *attempt, int64_t *retry_at,
                             struct easel_error *err)
{
    *attempt = 0;
    *retry_at = 0;
    if (!valid_short(login, 64))
        return easel_error_set(err, EASEL_EINVAL, "login attempt", "login", "1-64 characters");
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    /* from here to the commit no other attempt on this login can count or insert: the whole
       file is locked on SQLite, the login's advisory lock is held on PostgreSQL */
    struct easel_val key = easel_vtext(login);
    if (s->ops->key_lock_sql)
        rc = s->ops->exec(s, s->ops->key_lock_sql, &key, 1, NULL, NULL, NULL, err);
    int64_t now = s->now();
    struct easel_val old = easel_vint(now - window_ms);
    if (!rc)
        rc = easel__run(s, "DELETE FROM login_attempts WHERE at < $1", &old, 1, NULL, err);
    struct failures_row f = {0, 0};
    struct easel_val q[] = {easel_vtext(login), easel_vint(now - window_ms)};
    if (!rc)
        rc = s->ops->exec(s,
                          "SELECT COUNT(*), MIN(at) FROM login_attempts WHERE login = $1 AND"
                          " at >= $2 AND ok = 0",
                          q, 2, failures_fn, &f, NULL, err);
    if (!rc && f.count >= max_failures) {
        *retry_at = f.oldest + window_ms;
    } else if (!rc) {
        /* counted as a failure until the check proves otherwise (easel_login_attempt_finish) */
        struct easel_val p[] = {easel_vtext(login), easel_vint(now)};
        int found = 0;
        rc = easel__int(s,
                        "INSERT INTO login_attempts (login, at, ok) VALUES ($1, $2, 0)"
                        " RETURNING id",
                        p, 2, attempt, &found, err);
        if (!rc && !found)
            rc = easel_error_set(err, EASEL_EDB, "login attempt", "", "no id returned");
    }
    return easel__end(s, rc, err);
}

int easel_login_attempt_finish(struct easel_store *s, const char *login, int64_t attempt, bool ok,
                               struct easel_error *err)
{
    if (!valid_short(login, 64))
        return easel_error_set(err, EASEL_EINVAL, "login attempt", "login", "1-64 characters");
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    struct easel_val p[] = {easel_vtext(login), easel_vint(attempt)};
    if (ok) {
        /* a success clears the login's failures */
        rc = easel__run(s, "UPDATE login_attempts SET ok = 1 WHERE id = $2 AND login = $1", p, 2,
                        NULL, err);
        if (!rc)
            rc = easel__run(s, "DELETE FROM login_attempts WHERE login = $1 AND id <> $2", p, 2,
                            NULL, err);
    } else {
        /* the row stays a failure; the audit log keeps it after the window purges the row */
        rc = easel__audit_ref(s, "sign-in-failed", "user", audit_login(login), err);
    }
    return easel__end(s, rc, err);
}

int easel_login_create(struct easel_store *s, const char *token_hash, const char *login,
                       const char *csrf, struct easel_error *err)
{
    if (!valid_hex64(token_hash))
        return easel_error_set(err, EASEL_EINVAL, "web session", "token_hash", "64 hex digits");
    if (!valid_short(login, 64) || !valid_short(csrf, 128))
        return easel_error_set(err, EASEL_EINVAL, "web session", "login", "1-64 characters");
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    int64_t now = s->now(), id = 0;
    int found = 0;
    struct easel_val p[] = {easel_vtext(token_hash), easel_vtext(login), easel_vtext(csrf),
                            easel_vint(now), easel_vint(now)};
    rc = easel__int(s, "SELECT id FROM users WHERE login = $1", &p[1], 1, &id, &found, err);
    if (!rc && !found)
        rc = easel_error_set(err, EASEL_ENOTFOUND, "web session", "login", "no such user");
    if (!rc)
        rc = easel__run(s,
                        "INSERT INTO web_sessions (token_hash, login, csrf, created_at, last_seen)"
                        " VALUES ($1, $2, $3, $4, $5)",
                        p, 5, NULL, err);
    if (!rc)
        rc = easel__audit(s, "sign-in", "user", id, err);
    return easel__end(s, rc, err);
}

static int session_fn(void *ctx, const struct easel_val *c, size_t n)
{
    struct easel__one *r = ctx;
    struct easel_login *o = easel__first(r, n, 5);
    if (!o)
        return 0;
    o->login = easel__dup(r->a, &c[0]);
    o->role = easel__dup(r->a, &c[1]);
    o->csrf = easel__dup(r->a, &c[2]);
    o->created_at = c[3].i;
    o->last_seen = c[4].i;
    return r->a->failed ? EASEL_ENOMEM : 0;
}

/* last_seen is written at most once per tenth of the idle limit (and at most once a minute),
   not on every request: a write per request would make every read a write transaction (an
   fsync on SQLite). A session may so end up to a tenth
   of the limit early, never late. */
static int64_t touch_interval(int64_t idle_ms)
{
    int64_t t = idle_ms / 10;
    return t < 60000 ? t : 60000;
}

int easel_login_touch(struct easel_store *s, const char *token_hash, int64_t idle_ms,
                      struct easel_arena *a, struct easel_login *out, struct easel_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!valid_hex64(token_hash))
        return easel_error_set(err, EASEL_ENOTFOUND, "web session", "", "no such session");
    int rc = easel__begin_read(s, err); /* the touch needs no chain lock */
    if (rc)
        return rc;
    int64_t now = s->now();
    struct easel__one r = {a, out, 0};
    struct easel_val p[] = {easel_vtext(token_hash), easel_vint(now)};
    rc = s->ops->exec(s,
                      "SELECT w.login, u.role, w.csrf, w.created_at, w.last_seen FROM web_sessions"
                      " w JOIN users u ON u.login = w.login WHERE w.token_hash = $1",
                      p, 1, session_fn, &r, NULL, err);
    if (rc == EASEL_ENOMEM)
        rc = easel_error_set(err, rc, "web session", "", "out of memory");
    bool expired = !rc && r.found && now - out->last_seen > idle_ms;
    bool touch = !rc && r.found && !expired && now - out->last_seen >= touch_interval(idle_ms);
    if (expired || touch) { /* a write: a transaction of its own inside a read batch */
        rc = easel__begin(s, err);
        if (!rc) {
            if (expired)
                rc = easel__run(s, "DELETE FROM web_sessions WHERE token_hash = $1", p, 1, NULL,
                                err);
            else
                rc = easel__run(s, "UPDATE web_sessions SET last_seen = $2 WHERE token_hash = $1",
                                p, 2, NULL, err);
            rc = easel__end(s, rc, err);
        }
    }
    rc = easel__end(s, rc, err);
    if (!rc && (!r.found || expired))
        rc = easel_error_set(err, EASEL_ENOTFOUND, "web session", "",
                             expired ? "the session was idle too long" : "no such session");
    if (!rc)
        out->last_seen = now;
    return rc;
}

int easel_login_delete(struct easel_store *s, const char *token_hash, struct easel_error *err)
{
    if (!valid_hex64(token_hash))
        return easel_error_set(err, EASEL_ENOTFOUND, "web session", "", "no such session");
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    struct easel_val p = easel_vtext(token_hash);
    int64_t id = 0, changed = 0;
    int found = 0;
    rc = easel__int(s,
                    "SELECT u.id FROM web_sessions w JOIN users u ON u.login = w.login"
                    " WHERE w.token_hash = $1",
                    &p, 1, &id, &found, err);
    if (!rc)
        rc = easel__run(s, "DELETE FROM web_sessions WHERE token_hash = $1", &p, 1, &changed, err);
    if (!rc && !changed)
        rc = easel_error_set(err, EASEL_ENOTFOUND, "web session", "", "no such session");
    if (!rc)
        rc = easel__audit(s, "sign-out", "user", id, err);
    return easel__end(s, rc, err);
}
