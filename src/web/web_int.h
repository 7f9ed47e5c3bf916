/*
 * web/web_int.h — internal to the web layer: the server (its pool of store connections and the
 * shared read-only KB), one request as the handlers see it, and the answer they build.
 *
 * Owns: struct web_req owns its arena and its answer (a jansson value), released by the server
 * after the response is queued. Borrows: the store connection (from the pool, for the request
 * only), the KB and the config (for the server's lifetime).
 * Fails: handlers never fail the server; every problem becomes r->status 4xx/5xx and an error
 * body {"error": "...", "field": "..."} set with web_error (response.h). The handlers are
 * declared in handlers.h, the answer helpers in response.h.
 */
#ifndef EASEL_WEB_INT_H
#define EASEL_WEB_INT_H

#include "easel/arena.h"
#include "easel/buf.h"
#include "easel/store.h"
#include "easel/web.h"
#include "guard.h"
#include "router.h"

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* The audit sealer (sealer.c): seals reads' audit rows on PostgreSQL; on SQLite, where they
   are sealed as they are appended, takes their commits to disk. */
struct web_sealer {
    struct easel_store store; /* its own connection */
    FILE *log;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool running, stop;
    long rounds;    /* under mu */
    int64_t sealed; /* under mu */
};

int web_sealer_start(struct web_sealer *z, const char *db, FILE *log, struct easel_error *err);
/* Seals once more, then stops the thread and closes its connection (no-op when not started). */
void web_sealer_stop(struct web_sealer *z);

struct web_server {
    const struct easel_web_config *cfg;
    const struct easel_kb *kb;
    /* one store connection per worker thread, handed out under a mutex (server.c) */
    struct easel_store *stores;
    bool *busy;
    bool *open; /* opened on first use (start-up opens the first only), under mu */
    size_t n_stores;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct web_sealer sealer; /* the request connections defer their reads' audit (sealer.c) */
    char dummy_hash[EASEL_WEB_HASH_MAX]; /* verified against for unknown logins (timing) */
    /* availability (guard.h): deadlines, password checks, sign-ins per address, and the
       artwork upload bodies being received (under mu) */
    struct web_watchdog wd;
    struct web_hash_pool hashes;
    struct web_signin_rate signin_rate;
    int uploads, uploads_max;
    char spool_dir[4096]; /* the private folder of upload bodies (upload_spool.c) */
};

struct web_req {
    struct web_server *srv;
    struct easel_store *st; /* borrowed from the pool for this request */
    struct easel_arena arena;
    struct easel_route route;
    struct easel_query query;
    const char *body; /* request body (NUL-terminated; an upload's mapped from its spool), NULL
                         when none */
    size_t body_len;
    const char *cookie_token; /* easel_session cookie value, NULL when absent */
    const char *csrf_header;  /* X-CSRF-Token, NULL when absent */
    const char *content_type;
    const struct sockaddr *peer; /* the socket's peer address, NULL when unknown */
    /* a sign-in waiting for its password check: set by web_login_post, submitted to the hash
       pool by server.c once the connection is suspended */
    struct web_hash_job *signin;
    /* the signed-in session, after web_require_login */
    struct easel_login sess;
    char token_hash[65];
    /* the answer: JSON, or (image download) raw bytes with their own type */
    int status;
    json_t *answer;
    char *answer_text;    /* or the answer already written (web_answer_written), malloc'd */
    struct easel_buf raw; /* used when raw_type is set */
    const char *raw_type; /* static text: "image/png", "image/jpeg", "application/pdf", SVG, ... */
    char raw_disposition[96]; /* Content-Disposition of raw bytes; "" means "inline" */
    char set_cookie[256];
    char retry_after[24];
    const char *if_none_match; /* the If-None-Match header, NULL when absent */
    char etag[96];             /* the answer's ETag, "" for none */
    const char *cache_control; /* static text replacing the API's "no-store", or NULL */
    /* the FHIR API (fhir_api.c) */
    const char *authorization;    /* the Authorization header, NULL when absent */
    const char *host;             /* the Host header, NULL when absent */
    const char *forwarded_proto;  /* X-Forwarded-Proto (set by a reverse proxy), or NULL */
    const char *answer_type;      /* static Content-Type of a JSON answer; NULL: application/json */
    const char *www_authenticate; /* static WWW-Authenticate of a 401, or NULL */
};

/* auth.c */
int web_auth_init(struct web_server *srv, struct easel_error *err);
/* The store's actor (the audit log's "who") from a login, cut to what it holds. */
void web_set_actor(struct easel_store *st, const char *login);
/* 401 unless the cookie names a live session; sets r->sess and the store's actor. */
int web_require_login(struct web_req *r);
/* 403 unless X-CSRF-Token matches the session's token. */
int web_require_csrf(struct web_req *r);
/* POST /session, first half: an answer (429, 503, 400, ...), or r->signin set with a place
   in the hash pool reserved and the attempt already counted in the database (status 0). */
int web_login_post(struct web_req *r);
/* The second half, once the pool has checked the password: the attempt's outcome, the session
   and the answer. Frees the job. */
int web_login_post_done(struct web_req *r, struct web_hash_job *job);
/* Free a sign-in job whose second half never ran (the connection went away). */
void web_signin_free(struct web_hash_job *job);
int web_login_delete(struct web_req *r);

#endif
