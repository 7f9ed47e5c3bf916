/*
 * web/server.c — the HTTP side of `easel serve` on libmicrohttpd: binding, the per-request
 * state, body limits, dispatch (route -> limits -> session -> CSRF -> handler: the route table of
 * routes.def, looked up through routes.h; no handler is named here), the response with its
 * security headers (response.c), one log line per request, and the pool of store connections.
 *
 * Concurrency: libmicrohttpd runs a fixed pool of worker threads (cfg->threads, by default
 * EASEL_WEB_THREADS_SQLITE or _POSTGRESQL by the backend; one epoll/poll
 * loop each); a request is handled start to finish on one of them. The server opens exactly
 * as many store connections as there are workers (the first opened at start-up, which migrates,
 * the others on first use, so a start on PostgreSQL pays one sign-on, not one per worker) and
 * hands one to a request for its whole
 * duration under a mutex + condition variable. A sqlite3 or libpq connection is used by one
 * thread at a time (neither is safe to share concurrently, and struct easel_store holds
 * per-operation state: actor, transaction depth), and since there are as many connections as
 * workers a worker never actually waits. A global mutex around one connection was rejected: it
 * would serialise every request, including slow Argon2id checks. Thread-local connections were
 * rejected because libmicrohttpd owns its threads (no clean place to close them). Across
 * connections, SQLite serialises writers (WAL, BEGIN IMMEDIATE; the store's writer mutex queues
 * this process's writers, and its group commit lets the transactions committed during one fsync
 * share the next) and PostgreSQL takes one advisory lock per write transaction. Neither locks
 * for a read (defer_audit): on PostgreSQL its audit rows are appended unsealed and the sealer
 * thread (sealer.c) binds them into the chain; on SQLite the read runs outside any transaction
 * and its audit rows are appended in one short write transaction when it ends, which does not
 * wait for the disk: the sealer thread fsyncs them (docs/store.md).
 *
 * Availability (issue 15, guard.h, docs/architecture.md "The server under attack"): at most
 * 256 connections and cfg->conns_per_address per peer; deadlines only the server moves
 * (deadline.c); a request announcing a body is decided from its headers before the body is read
 * (precheck: session, CSRF token, and for an upload the care team, the role and an upload place);
 * an upload's body then goes to an unlinked temporary file as it arrives (upload_spool.c) and is
 * mapped only while its handler runs;
 * a sign-in is suspended while the hash pool checks its password (hash_pool.c), so checks never
 * hold a worker.
 *
 * Logs: method (GET/POST/DELETE/OTHER), route id, status and duration only: never a path, a
 * query, a body, a login or a cookie (paths hold client references).
 *
 * Owns: the daemon, the store connections, each request's state (freed when libmicrohttpd
 * reports the request complete). Borrows: config and KB for the whole serve call.
 * Fails: easel_web_serve returns EASEL_EINVAL (bad address), EASEL_EIO (cannot bind), EASEL_EDB
 * (cannot open or migrate the store); a request failure is an HTTP answer, never a crash.
 */
#include "easel/buf.h"
#include "json_text.h"
#include "response.h"
#include "routes.h"
#include "static.h"
#include "web_int.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RAW_URI_MAX (EASEL_ROUTE_PATH_MAX + EASEL_QUERY_MAX + 2)

struct conn_state {
    char uri[RAW_URI_MAX + 1]; /* the raw request target, for the query string */
    bool uri_too_long;
    bool started;
    bool too_big;
    size_t limit; /* body limit of the matched route */
    struct easel_buf body;
    struct timespec t0;
    /* decided from the headers before the body was read (precheck): the session, copied */
    bool authed;
    char login[65], role[32], csrf[129], token_hash[65];
    int64_t created_at, last_seen;
    size_t expect;     /* the announced body length (its deadline) */
    bool upload_place; /* holds one of srv->uploads_max */
    int spool_fd;      /* an upload's body on disk (upload_spool.c), -1: none */
    size_t spool_len;
    bool spool_failed;           /* a write to the spool failed: answered 503, nothing stored */
    struct web_hash_job *signin; /* a sign-in suspended for, or back from, its check */
};

/* ---- the store pool ---- */

/* An idle connection, or when none is idle a slot never opened, opened now (outside the mutex:
   a PostgreSQL sign-on takes milliseconds); waits while every opened one is busy and none is
   left to open. NULL when opening failed (the caller answers 503). */
static struct easel_store *pool_get(struct web_server *srv)
{
    pthread_mutex_lock(&srv->mu);
    for (;;) {
        size_t unopened = srv->n_stores;
        for (size_t i = 0; i < srv->n_stores; i++) {
            if (srv->busy[i])
                continue;
            if (!srv->open[i]) {
                unopened = unopened < srv->n_stores ? unopened : i;
                continue;
            }
            srv->busy[i] = true;
            pthread_mutex_unlock(&srv->mu);
            struct easel_store *s = &srv->stores[i];
            snprintf(s->actor, sizeof(s->actor), "%s", "web");
            return s;
        }
        if (unopened < srv->n_stores) {
            srv->busy[unopened] = true;
            pthread_mutex_unlock(&srv->mu);
            struct easel_store *s = &srv->stores[unopened];
            struct easel_error err = {0};
            int rc = easel_store_open(s, srv->cfg->db, "web", &err);
            pthread_mutex_lock(&srv->mu);
            if (rc) {
                srv->busy[unopened] = false;
                pthread_cond_signal(&srv->cv);
                pthread_mutex_unlock(&srv->mu);
                return NULL;
            }
            s->defer_audit = 1; /* as every request connection (easel_web_serve) */
            srv->open[unopened] = true;
            pthread_mutex_unlock(&srv->mu);
            snprintf(s->actor, sizeof(s->actor), "%s", "web");
            return s;
        }
        pthread_cond_wait(&srv->cv, &srv->mu);
    }
}

static void pool_put(struct web_server *srv, struct easel_store *s)
{
    pthread_mutex_lock(&srv->mu);
    srv->busy[s - srv->stores] = false;
    pthread_cond_signal(&srv->cv);
    pthread_mutex_unlock(&srv->mu);
}

/* ---- dispatch ---- */

/* The handler of the matched route and method (routes.def; the router has answered 404 and 405
   before). */
static int handle(struct web_req *r)
{
    web_handler *h = web_route_handler(r->route.id, r->route.method);
    return h ? h(r) : web_error(r, 404, NULL, "no such endpoint");
}

static void dispatch(struct web_req *r, const char *method, const char *url, struct conn_state *cs)
{
    if (easel_route_match(method, url, &r->route) == 404) {
        web_error(r, 404, NULL, "no such endpoint");
        return;
    }
    if (r->route.status == 405) {
        web_error(r, 405, NULL, "method not allowed here");
        return;
    }
    if (cs->too_big) {
        web_error(r, 413, NULL, "the request body is larger than %zu bytes", cs->limit);
        return;
    }
    if (cs->uri_too_long) {
        web_error(r, 414, NULL, "the request target is too long");
        return;
    }
    const char *q = strchr(cs->uri, '?');
    char field[64];
    if (q && easel_query_parse(q + 1, strlen(q + 1), &r->query, field, sizeof(field))) {
        web_error(r, 400, field, "malformed or too many query parameters");
        return;
    }
    r->st = pool_get(r->srv);
    if (!r->st) {
        web_error(r, 503, NULL, "the database is unavailable; try again");
        return;
    }
    enum easel_method m = r->route.method;
    /* A read (GET) runs in one store transaction: its audit rows and the session touch commit
       once (one fsync on SQLite) instead of once per store call; on PostgreSQL it takes no lock
       (its audit rows wait unsealed for the sealer) unless something in it writes. */
    struct easel_error berr = {0};
    bool batch = m == EASEL_GET && easel_store_batch_begin_read(r->st, &berr) == 0;
    if (m == EASEL_GET && !batch) {
        web_store_error(r, &berr);
    } else if (r->route.auth == EASEL_AUTH_SIGNIN) {
        struct web_hash_job *back = cs->signin; /* back from the hash pool's password check */
        cs->signin = NULL;
        back ? web_login_post_done(r, back) : handle(r);
    } else if (r->route.api == EASEL_API_FHIR) {
        handle(r);           /* API tokens, never the cookie session (fhir_api.c) */
    } else if (cs->authed) { /* session and CSRF token checked from the headers (precheck) */
        r->sess.login = cs->login;
        r->sess.role = cs->role;
        r->sess.csrf = cs->csrf;
        r->sess.created_at = cs->created_at;
        r->sess.last_seen = cs->last_seen;
        memcpy(r->token_hash, cs->token_hash, sizeof(r->token_hash));
        web_set_actor(r->st, cs->login);
        handle(r);
    } else if (!web_require_login(r) && (m == EASEL_GET || !web_require_csrf(r))) {
        handle(r);
    }
    /* A failed store call inside marks the batch, which then rolls back; the handler has
       answered already, and a success must not stand if the commit failed. */
    if (batch && easel_store_batch_end(r->st, 0, &berr) && r->status < 400)
        web_store_error(r, &berr);
    pool_put(r->srv, r->st);
    r->st = NULL;
}

/* A request that announces a body, from its headers alone: the route, the session and the CSRF
   token, and for an artwork upload the care team, the role and a place among the uploads being
   received. 0 when the body may be read (the session is kept in cs), else the answer is in r and
   libmicrohttpd closes the connection without reading the body. */
static int precheck(struct web_req *r, const char *method, const char *url, struct conn_state *cs)
{
    if (easel_route_match(method, url, &r->route) == 404)
        return web_error(r, 404, NULL, "no such endpoint");
    if (r->route.status == 405)
        return web_error(r, 405, NULL, "method not allowed here");
    if (cs->uri_too_long)
        return web_error(r, 414, NULL, "the request target is too long");
    struct web_server *srv = r->srv;
    r->st = pool_get(srv);
    if (!r->st)
        return web_error(r, 503, NULL, "the database is unavailable; try again");
    int rc = web_require_login(r);
    if (!rc && r->route.method != EASEL_GET)
        rc = web_require_csrf(r);
    bool upload = r->route.id == EASEL_ROUTE_ARTWORK_UPLOAD;
    if (!rc)
        rc = web_route_admit(r);
    pool_put(srv, r->st);
    r->st = NULL;
    if (rc)
        return rc;
    if (upload) {
        pthread_mutex_lock(&srv->mu);
        cs->upload_place = srv->uploads < srv->uploads_max;
        srv->uploads += cs->upload_place;
        pthread_mutex_unlock(&srv->mu);
        if (!cs->upload_place) {
            snprintf(r->retry_after, sizeof(r->retry_after), "5");
            return web_error(r, 503, NULL, "too many uploads at once: try again");
        }
        /* the body goes to disk as it arrives, not to memory (upload_spool.c) */
        cs->spool_fd = web_spool_open(srv->spool_dir);
        if (cs->spool_fd < 0) {
            snprintf(r->retry_after, sizeof(r->retry_after), "5");
            return web_error(r, 503, NULL, "cannot receive an upload now: try again");
        }
    }
    cs->authed = true;
    snprintf(cs->login, sizeof(cs->login), "%s", r->sess.login);
    snprintf(cs->role, sizeof(cs->role), "%s", r->sess.role);
    snprintf(cs->csrf, sizeof(cs->csrf), "%s", r->sess.csrf ? r->sess.csrf : "");
    cs->created_at = r->sess.created_at;
    cs->last_seen = r->sess.last_seen;
    memcpy(cs->token_hash, r->token_hash, sizeof(cs->token_hash));
    return 0;
}

static enum MHD_Result respond(struct MHD_Connection *c, struct web_req *r, const char *url,
                               size_t *sent)
{
    bool raw = r->raw_type && (r->status == 200 || r->status == 304); /* 304: no body */
    char *text = raw ? NULL : (r->answer ? web_json_text(r->answer, NULL) : NULL);
    if (!raw && !r->answer && r->answer_text) { /* written as it went: handed over */
        text = r->answer_text;
        r->answer_text = NULL;
    }
    if (raw) {
        text = r->raw.data; /* handed to libmicrohttpd, which frees it */
        r->raw.data = NULL;
    }
    if (!text && !raw) {
        r->status = 500;
        text = malloc(32);
        if (!text)
            return MHD_NO;
        snprintf(text, 32, "%s", "{\"error\":\"internal error\"}");
    }
    size_t len = raw ? r->raw.len : strlen(text);
    *sent = len;
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(text);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type",
                            raw              ? r->raw_type
                            : r->answer_type ? r->answer_type
                                             : "application/json; charset=utf-8");
    if (raw)
        MHD_add_response_header(resp, "Content-Disposition",
                                r->raw_disposition[0] ? r->raw_disposition : "inline");
    web_security_headers(resp);
    if (r->cache_control)
        MHD_add_response_header(resp, "Cache-Control", r->cache_control);
    else if (strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0)
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    if (r->etag[0])
        MHD_add_response_header(resp, "ETag", r->etag);
    if (r->status == 405 && r->route.allow)
        MHD_add_response_header(resp, "Allow", r->route.allow);
    if (r->set_cookie[0])
        MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
    if (r->retry_after[0])
        MHD_add_response_header(resp, "Retry-After", r->retry_after);
    if (r->www_authenticate)
        MHD_add_response_header(resp, "WWW-Authenticate", r->www_authenticate);
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

static const char *method_name(const char *m)
{
    static const char *const known[] = {"GET", "POST", "DELETE", "PUT", "PATCH"};
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (strcmp(m, known[i]) == 0)
            return known[i];
    return "OTHER";
}

static void resume(void *ctx)
{
    MHD_resume_connection(ctx);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    struct web_server *srv = cls;
    struct conn_state *cs = *con_cls;
    if (!cs)
        return MHD_NO;                      /* out of memory in uri_log: drop the connection */
    bool is_static = web_static_wants(url); /* the embedded browser client (static.c) */
    bool early = false;
    if (!cs->started) {
        cs->started = true;
        /* the artwork upload is the one route with a larger body limit */
        struct easel_route rt;
        int found = easel_route_match(method, url, &rt);
        if (found == 200 && rt.id == EASEL_ROUTE_ARTWORK_UPLOAD) {
            cs->limit = EASEL_WEB_UPLOAD_MAX;
            cs->body.max = cs->limit;
        }
        const char *len =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        unsigned long long n = 0;
        if (len) {
            char *end;
            n = strtoull(len, &end, 10);
            if (*end || n > cs->limit)
                cs->too_big = true;
        }
        bool chunked = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                   MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL;
        bool body = n > 0 || chunked;
        if (!cs->too_big && !body) {
            web_watchdog_arm(&srv->wd, c, -1); /* the final call follows at once */
            return MHD_YES;
        }
        if (!cs->too_big) {
            bool signin = found == 200 && rt.auth == EASEL_AUTH_SIGNIN;
            early = !signin && !is_static;
            if (!early) { /* sign-in has no session yet; static ignores bodies */
                web_watchdog_arm(&srv->wd, c, (long long)(chunked ? cs->limit : n));
                return MHD_YES;
            }
            cs->expect = chunked ? cs->limit : (size_t)n; /* the body deadline's length */
        }
        /* too big: answer at once without reading the body; libmicrohttpd closes the
           connection. Otherwise decide from the headers first (precheck). */
    } else if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (cs->too_big || cs->spool_failed)
            return MHD_YES; /* the rest is read and dropped; the answer says why */
        if (cs->spool_fd < 0) {
            cs->too_big = easel_buf_add(&cs->body, upload, n) != 0;
        } else if (n > cs->limit - cs->spool_len) {
            cs->too_big = true;
        } else if (web_spool_write(cs->spool_fd, upload, n) == 0) {
            cs->spool_len += n;
        } else {
            cs->spool_failed = true; /* e.g. the disk is full */
        }
        return MHD_YES;
    }
    struct web_req r;
    memset(&r, 0, sizeof(r));
    r.srv = srv;
    easel_arena_init(&r.arena);
    r.body = cs->body.len ? cs->body.data : NULL;
    r.body_len = cs->body.len;
    const char *spooled = NULL; /* an upload's body mapped from its spool for the handler */
    r.cookie_token = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "easel_session");
    r.csrf_header = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
    r.if_none_match = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    r.content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    r.authorization = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    r.host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    r.forwarded_proto = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Proto");
    const union MHD_ConnectionInfo *peer =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    r.peer = peer ? peer->client_addr : NULL;
    enum MHD_Result ok = MHD_YES;
    size_t sent = 0;
    if (early && precheck(&r, method, url, cs) == 0) {
        /* the body may come: within the header deadline plus its length at the minimum rate */
        web_watchdog_arm(&srv->wd, c, (long long)cs->expect);
        goto done;
    }
    if (early) {
        ok = respond(c, &r, url, &sent); /* refused from the headers: the body is never read */
    } else if (is_static) {
        ok = web_static_respond(c, method, cs->uri, &r.status); /* raw: no %-decoding */
        sent = 256 * 1024; /* at most: the embedded files are smaller */
    } else {
        web_watchdog_arm(&srv->wd, c, -1); /* the server is working on it: no deadline */
        if (cs->spool_fd >= 0 && cs->spool_len && !cs->too_big && !cs->spool_failed) {
            spooled = web_spool_map(cs->spool_fd, cs->spool_len);
            cs->spool_failed = !spooled;
            r.body = spooled;
            r.body_len = spooled ? cs->spool_len : 0;
        }
        if (cs->spool_failed) {
            snprintf(r.retry_after, sizeof(r.retry_after), "5");
            web_error(&r, 503, NULL, "the upload could not be kept: try again");
        } else {
            dispatch(&r, method, url, cs);
        }
        if (r.signin) {
            /* suspended before the check is queued: the pool's resume must find it suspended */
            cs->signin = r.signin;
            cs->signin->done = resume;
            cs->signin->ctx = c;
            MHD_suspend_connection(c);
            web_hash_pool_submit(&srv->hashes, cs->signin);
            goto done;
        }
        ok = respond(c, &r, url, &sent);
    }
    web_watchdog_arm(&srv->wd, c, (long long)sent);
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long ms =
        (long long)(t1.tv_sec - cs->t0.tv_sec) * 1000 + (t1.tv_nsec - cs->t0.tv_nsec) / 1000000;
    if (srv->cfg->log) {
        fprintf(srv->cfg->log, "easel serve: %s %s %d %lldms\n", method_name(method),
                is_static ? "static" : easel_route_name(r.route.id), r.status, ms);
        fflush(srv->cfg->log);
    }
done:
    web_spool_unmap(spooled, cs->spool_len);
    json_decref(r.answer);
    free(r.answer_text);
    easel_buf_release(&r.raw);
    easel_arena_release(&r.arena);
    return ok;
}

static void *uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    struct conn_state *cs = calloc(1, sizeof(*cs));
    if (!cs)
        return NULL;
    size_t n = strlen(uri);
    if (n > RAW_URI_MAX)
        cs->uri_too_long = true;
    else
        memcpy(cs->uri, uri, n + 1);
    cs->limit = EASEL_WEB_BODY_MAX;
    cs->spool_fd = -1;
    easel_buf_init(&cs->body, cs->limit);
    clock_gettime(CLOCK_MONOTONIC, &cs->t0);
    return cs;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    struct web_server *srv = cls;
    struct conn_state *cs = *con_cls;
    if (cs) {
        if (cs->upload_place) {
            pthread_mutex_lock(&srv->mu);
            srv->uploads--;
            pthread_mutex_unlock(&srv->mu);
        }
        web_signin_free(cs->signin); /* only when the connection went away in between */
        web_spool_close(&cs->spool_fd);
        easel_buf_release(&cs->body);
        free(cs);
    }
    *con_cls = NULL;
    /* the next request on this connection: its header within the header deadline */
    web_watchdog_arm(&srv->wd, c, 0);
}

static int parse_listen(const char *listen, struct sockaddr_in *sa, char *host, size_t host_size,
                        struct easel_error *err)
{
    const char *colon = listen ? strrchr(listen, ':') : NULL;
    size_t hn = colon ? (size_t)(colon - listen) : 0;
    char *end = NULL;
    unsigned long port = colon ? strtoul(colon + 1, &end, 10) : 0;
    if (!colon || hn == 0 || hn >= host_size || !colon[1] || *end || port > 65535)
        return easel_error_set(err, EASEL_EINVAL, "serve", "listen",
                               "expected IPv4-ADDRESS:PORT, e.g. 127.0.0.1:8080");
    memcpy(host, listen, hn);
    host[hn] = '\0';
    memset(sa, 0, sizeof(*sa));
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
        return easel_error_set(err, EASEL_EINVAL, "serve", "listen",
                               "\"%s\" is not an IPv4 address", host);
    return 0;
}

static int either(int v, int def)
{
    return v > 0 ? v : def;
}

int easel_web_serve(const struct easel_web_config *cfg, const struct easel_kb *kb,
                    struct easel_error *err)
{
    struct sockaddr_in sa;
    char host[64];
    int rc = parse_listen(cfg->listen, &sa, host, sizeof(host), err);
    if (rc)
        return rc;
    if (cfg->threads < 0 || cfg->threads > 64 || cfg->idle_minutes < 0 ||
        cfg->idle_minutes > 7 * 24 * 60)
        return easel_error_set(err, EASEL_EINVAL, "serve", "threads",
                               "threads 1-64 and idle minutes 0-10080");
    int threads = cfg->threads ? cfg->threads
                  : strcmp(easel_store_backend_of(cfg->db), "postgresql") == 0
                      ? EASEL_WEB_THREADS_POSTGRESQL
                      : EASEL_WEB_THREADS_SQLITE;
    int per_address = either(cfg->conns_per_address, EASEL_WEB_CONNS_PER_ADDRESS);
    int header_ms = either(cfg->header_timeout_ms, EASEL_WEB_HEADER_TIMEOUT_MS);
    int min_rate = either(cfg->min_rate, EASEL_WEB_MIN_RATE);
    int hash_workers = either(cfg->hash_workers, EASEL_WEB_HASH_WORKERS);
    int hash_queue = either(cfg->hash_queue, EASEL_WEB_HASH_QUEUE);
    struct web_server srv;
    memset(&srv, 0, sizeof(srv));
    srv.cfg = cfg;
    srv.kb = kb;
    srv.n_stores = (size_t)threads;
    srv.stores = calloc(srv.n_stores, sizeof(*srv.stores));
    srv.busy = calloc(srv.n_stores, sizeof(*srv.busy));
    srv.open = calloc(srv.n_stores, sizeof(*srv.open));
    srv.uploads_max = either(cfg->uploads, EASEL_WEB_UPLOADS);
    pthread_mutex_init(&srv.mu, NULL);
    pthread_cond_init(&srv.cv, NULL);
    web_signin_rate_init(&srv.signin_rate,
                         either(cfg->signins_per_minute, EASEL_WEB_SIGNINS_PER_MINUTE));
    bool watching = false, hashing = false;
    struct MHD_Daemon *d = NULL;
    if (!srv.stores || !srv.busy || !srv.open) {
        rc = easel_error_set(err, EASEL_ENOMEM, "serve", "", "out of memory");
        goto out;
    }
    if ((rc = web_auth_init(&srv, err)) != 0)
        goto out;
    if ((rc = web_spool_dir_make(srv.spool_dir, sizeof(srv.spool_dir), err)) != 0)
        goto out;
    /* the first connection now (a database that cannot be opened or migrated stops the start),
       the others on first use (pool_get) */
    if ((rc = easel_store_open(&srv.stores[0], cfg->db, "web", err)) != 0)
        goto out;
    srv.open[0] = true;
    if ((rc = easel_store_migrate(&srv.stores[0], err)) != 0)
        goto out;
    /* reads take no lock: on PostgreSQL their audit rows wait unsealed for the sealer, on
       SQLite a read batch appends them in one short write transaction at its end (store.h);
       pool_get sets the same on the connections it opens */
    srv.stores[0].defer_audit = 1;
    if ((rc = web_sealer_start(&srv.sealer, cfg->db, cfg->log, err)) != 0)
        goto out;
    if ((rc = web_watchdog_start(&srv.wd, header_ms, min_rate, err)) != 0)
        goto out;
    watching = true;
    hashing = true; /* stopped even when only some threads started */
    if ((rc = web_hash_pool_start(&srv.hashes, hash_workers, hash_queue, err)) != 0)
        goto out;
    /* the per-address limit is on the socket's peer (behind a proxy: the proxy; docs/api.md) */
    d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_ALLOW_SUSPEND_RESUME, 0, NULL, NULL,
        on_request, &srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)threads, MHD_OPTION_URI_LOG_CALLBACK, uri_log, NULL, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, &srv, MHD_OPTION_NOTIFY_CONNECTION, web_watchdog_notify, &srv.wd,
        MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_LIMIT, 256u,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)per_address, MHD_OPTION_END);
    if (!d) {
        rc = easel_error_set(err, EASEL_EIO, "serve", "listen", "cannot listen on %s", cfg->listen);
        goto out;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : ntohs(sa.sin_port);
    if (cfg->ready)
        cfg->ready(cfg->ready_ctx, host, port);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    int sig = 0;
    sigwait(&set, &sig);
    rc = 0;
out:
    /* the pool first: its queued checks resume their suspended connections, which
       MHD_stop_daemon must not find suspended */
    if (hashing)
        web_hash_pool_stop(&srv.hashes); /* its counts stay readable */
    if (d)
        MHD_stop_daemon(d);
    if (watching)
        web_watchdog_stop(&srv.wd);
    web_sealer_stop(&srv.sealer); /* after the last request: it seals what they left */
    if (d && cfg->log) {          /* counts only: what the limits did while serving */
        fprintf(cfg->log,
                "easel serve: password checks %ld, at most %d at once (pool %d), refused %ld;"
                " sign-ins over the address limit %ld; connections closed at their deadline"
                " %ld\n",
                srv.hashes.checks, srv.hashes.max_running, hash_workers, srv.hashes.refused,
                srv.signin_rate.refused, srv.wd.closed);
        fflush(cfg->log);
    }
    web_signin_rate_release(&srv.signin_rate);
    web_spool_dir_remove(srv.spool_dir);
    for (size_t i = 0; srv.open && i < srv.n_stores; i++)
        if (srv.open[i])
            easel_store_close(&srv.stores[i]);
    free(srv.stores);
    free(srv.busy);
    free(srv.open);
    pthread_cond_destroy(&srv.cv);
    pthread_mutex_destroy(&srv.mu);
    return rc;
}
