/*
 * web/auth.c — accounts and sessions: Argon2id password hashes (easel/crypto.h), sign-in with
 * rate limiting, session tokens and CSRF tokens of 32 random bytes, idle logoff. Every piece of
 * state is in the database (store/web_sessions.c): a second easel server on the same database
 * honours the same cookie, counts the same failed sign-ins, and ends the same idle sessions.
 *
 * A session token is 32 random bytes, base64url (43 characters), sent only as the HttpOnly
 * cookie; the database keeps its SHA-256. The CSRF token (32 random bytes, base64url) is
 * returned by sign-in and GET /me and must come back as X-CSRF-Token on every state-changing
 * request. Unknown logins are verified against a dummy hash so that their timing matches.
 *
 * Sign-in comes in two halves (issue 15). The first, on a libmicrohttpd worker, takes one attempt
 * from the address's bucket (signin_rate.c), a place in the hash pool (hash_pool.c; 503 when
 * full) and then the attempt itself in the database, atomically: counted as a failure before
 * any password is checked, so concurrent wrong passwords can never check more than the limit
 * (easel_login_attempt_take). The connection is then suspended while a pool thread checks the
 * password; the second half records the outcome and opens the session.
 *
 * Owns: nothing beyond the request, and a sign-in's job (with its password copy, zeroed before
 * it is freed) between the two halves. Borrows: the request's store connection.
 * Fails: answers 400, 401, 403, 429, 503 or 500; never logs logins, passwords or tokens.
 */
#include "easel/crypto.h"
#include "easel/util.h"
#include "response.h"
#include "web_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOKEN_BYTES 32
#define TOKEN_TEXT 44 /* base64url of 32 bytes without padding: 43 characters + NUL */
#define WINDOW_MS ((int64_t)EASEL_WEB_SIGNIN_WINDOW_MIN * 60 * 1000)

int easel_web_password_hash(const char *password, size_t len, char *out, size_t out_size,
                            struct easel_error *err)
{
    return easel_password_hash(password, len, EASEL_WEB_PASSWORD_MAX, out, out_size, err);
}

int web_auth_init(struct web_server *srv, struct easel_error *err)
{
    /* a decoy, not a real hash: the start-up pays no Argon2id run (about 60 ms, 64 MiB) */
    return easel_password_decoy(srv->dummy_hash, sizeof(srv->dummy_hash), err);
}

static void new_token(char out[TOKEN_TEXT])
{
    if (easel_random_token(out)) /* only when libsodium could not start (web_auth_init ran) */
        abort();
}

static bool token_shape(const char *t)
{
    if (!t || strlen(t) != TOKEN_TEXT - 1)
        return false;
    for (const char *p = t; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            return false;
    return true;
}

static void token_hash(const char *token, char out[65])
{
    struct easel_sha256 h;
    easel_sha256_init(&h);
    easel_sha256_update(&h, token, strlen(token));
    easel_sha256_hex(&h, out);
}

static void set_cookie(struct web_req *r, const char *value, bool clear)
{
    snprintf(r->set_cookie, sizeof(r->set_cookie),
             "easel_session=%s; HttpOnly; SameSite=Strict; "
             "Path=/%s%s",
             value, clear ? "; Max-Age=0" : "", r->srv->cfg->insecure_cookies ? "" : "; Secure");
}

void web_set_actor(struct easel_store *st, const char *login)
{
    size_t n = strnlen(login, sizeof(st->actor) - 1);
    memcpy(st->actor, login, n);
    st->actor[n] = '\0';
}

int web_require_login(struct web_req *r)
{
    if (!token_shape(r->cookie_token))
        return web_error(r, 401, NULL, "sign in first");
    token_hash(r->cookie_token, r->token_hash);
    struct easel_error err = {0};
    int64_t idle_ms = (int64_t)r->srv->cfg->idle_minutes * 60 * 1000;
    int rc = easel_login_touch(r->st, r->token_hash, idle_ms, &r->arena, &r->sess, &err);
    if (rc == EASEL_ENOTFOUND) {
        set_cookie(r, "", true);
        return web_error(r, 401, NULL, "%s: sign in again",
                         strstr(err.msg, "idle") ? "the session ended after inactivity"
                                                 : "no session");
    }
    if (rc)
        return web_store_error(r, &err);
    snprintf(r->st->actor, sizeof(r->st->actor), "%s", r->sess.login);
    return 0;
}

int web_require_csrf(struct web_req *r)
{
    const char *want = r->sess.csrf;
    const char *got = r->csrf_header;
    if (!want || !got || strlen(got) != strlen(want) ||
        !easel_secure_equal(got, want, strlen(want)))
        return web_error(r, 403, "X-CSRF-Token", "missing or wrong CSRF token");
    return 0;
}

/* A sign-in between its two halves (first member: the pool sees only the job). */
struct web_signin {
    struct web_hash_job job;
    char login[65];
    char role[32];
    int64_t attempt;
    bool has; /* the login has a password; else the dummy hash is checked, for the timing */
};

static int too_many(struct web_req *r, int64_t oldest)
{
    int64_t wait_ms = oldest + WINDOW_MS - r->st->now();
    long long secs = wait_ms > 0 ? (wait_ms + 999) / 1000 : 1;
    snprintf(r->retry_after, sizeof(r->retry_after), "%lld", secs);
    return web_error(r, 429, NULL,
                     "too many failed sign-ins for this login: try again in %lld seconds", secs);
}

int web_login_post(struct web_req *r)
{
    static const char *const allowed[] = {"login", "password", NULL};
    json_t *body = web_body_object(r, allowed);
    if (!body)
        return r->status;
    json_t *jl = json_object_get(body, "login"), *jp = json_object_get(body, "password");
    int rc = 0;
    if (!json_is_string(jl) || json_string_length(jl) < 1 || json_string_length(jl) > 64) {
        rc = web_error(r, 400, "login", "a login of 1-64 characters is required");
        goto out;
    }
    if (!json_is_string(jp) || json_string_length(jp) < 1 ||
        json_string_length(jp) > EASEL_WEB_PASSWORD_MAX) {
        rc = web_error(r, 400, "password", "a password of 1-%d bytes is required",
                       EASEL_WEB_PASSWORD_MAX);
        goto out;
    }
    const char *login = json_string_value(jl);
    if (strlen(login) != json_string_length(jl)) {
        rc = web_error(r, 400, "login", "a login of 1-64 characters is required");
        goto out;
    }
    snprintf(r->st->actor, sizeof(r->st->actor), "%s", login);
    int wait = web_signin_rate_take(&r->srv->signin_rate, r->peer);
    if (wait) {
        snprintf(r->retry_after, sizeof(r->retry_after), "%d", wait);
        rc = web_error(r, 429, NULL, "too many sign-ins from this address: try again in %d seconds",
                       wait);
        goto out;
    }
    /* a place for the check first: a refusal here must not count against the login */
    if (!web_hash_pool_reserve(&r->srv->hashes)) {
        snprintf(r->retry_after, sizeof(r->retry_after), "1");
        rc = web_error(r, 503, NULL, "the server is busy checking passwords: try again");
        goto out;
    }
    struct easel_error err = {0};
    int64_t attempt = 0, retry_at = 0;
    if (easel_login_attempt_take(r->st, login, WINDOW_MS, EASEL_WEB_SIGNIN_MAX_FAILURES, &attempt,
                                 &retry_at, &err)) {
        web_hash_pool_release(&r->srv->hashes);
        rc = web_store_error(r, &err);
        goto out;
    }
    if (!attempt) {
        web_hash_pool_release(&r->srv->hashes);
        rc = too_many(r, retry_at - WINDOW_MS);
        goto out;
    }
    struct easel_account acc;
    int found = easel_account_get(r->st, login, &r->arena, &acc, &err);
    struct web_signin *si = NULL;
    if (found && found != EASEL_ENOTFOUND) {
        rc = web_store_error(r, &err);
    } else if (!(si = calloc(1, sizeof(*si))) ||
               !(si->job.password = malloc(json_string_length(jp) + 1))) {
        free(si);
        si = NULL;
        rc = web_error(r, 500, NULL, "out of memory");
    }
    if (!si) {
        web_hash_pool_release(&r->srv->hashes);
        goto out;
    }
    si->has = !found && acc.password_hash;
    snprintf(si->job.hash, sizeof(si->job.hash), "%s",
             si->has ? acc.password_hash : r->srv->dummy_hash);
    si->job.len = json_string_length(jp);
    memcpy(si->job.password, json_string_value(jp), si->job.len + 1);
    snprintf(si->login, sizeof(si->login), "%s", login);
    snprintf(si->role, sizeof(si->role), "%s", si->has ? acc.role : "");
    si->attempt = attempt;
    r->signin = &si->job; /* server.c suspends the connection and submits it */
out:
    json_decref(body);
    return rc;
}

void web_signin_free(struct web_hash_job *job)
{
    if (!job)
        return;
    if (job->password) {
        easel_secure_zero(job->password, job->len);
        free(job->password);
    }
    free((struct web_signin *)(void *)job);
}

int web_login_post_done(struct web_req *r, struct web_hash_job *job)
{
    struct web_signin *si = (struct web_signin *)(void *)job;
    int rc;
    bool ok = job->ok && si->has;
    web_set_actor(r->st, si->login);
    struct easel_error err = {0};
    if (easel_login_attempt_finish(r->st, si->login, si->attempt, ok, &err)) {
        rc = web_store_error(r, &err);
        goto out;
    }
    if (!ok) {
        rc = web_error(r, 401, NULL, "wrong login or password");
        goto out;
    }
    char token[TOKEN_TEXT], csrf[TOKEN_TEXT], th[65];
    new_token(token);
    new_token(csrf);
    token_hash(token, th);
    if (easel_login_create(r->st, th, si->login, csrf, &err)) {
        rc = web_store_error(r, &err);
        goto out;
    }
    set_cookie(r, token, false);
    easel_secure_zero(token, sizeof(token));
    rc = web_answer(
        r, 200, json_pack("{s:s, s:s, s:s}", "csrf", csrf, "login", si->login, "role", si->role));
out:
    web_signin_free(job);
    return rc;
}

int web_login_delete(struct web_req *r)
{
    struct easel_error err = {0};
    int rc = easel_login_delete(r->st, r->token_hash, &err);
    if (rc && rc != EASEL_ENOTFOUND)
        return web_store_error(r, &err);
    set_cookie(r, "", true);
    return web_answer(r, 200, json_pack("{s:b}", "signed_out", 1));
}
