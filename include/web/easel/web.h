/*
 * easel/web.h — `easel serve`: the HTTP JSON API under /api/v1 (docs/api.md) on libmicrohttpd,
 * with accounts (Argon2id via libsodium), server-side sessions kept in the database, CSRF
 * tokens, sign-in rate limiting and per-client authorisation (the client's care team only).
 *
 * Owns: nothing the caller sees; easel_web_serve opens and closes its own store connections.
 * Borrows: the config and the KB for the whole call (the KB is read-only and shared by every
 * worker thread).
 * Fails: 0 or an EASEL_E* code with err filled (EASEL_EINVAL for a bad listen address or
 * option, EASEL_EIO when the socket cannot be bound, EASEL_EDB when the database cannot be
 * opened). Requests never fail the server: a bad request is a 4xx answer.
 */
#ifndef EASEL_WEB_H
#define EASEL_WEB_H

#include "easel/error.h"
#include "easel/kb.h"
#include "easel/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define EASEL_WEB_BODY_MAX ((size_t)1024 * 1024) /* request body limit: larger is 413 */
/* The one larger limit: an artwork upload (multipart/form-data) carries one image of up to
   EASEL_ARTWORK_MAX bytes plus the form's text fields and boundaries. */
#define EASEL_WEB_UPLOAD_MAX (EASEL_ARTWORK_MAX + (size_t)64 * 1024)
#define EASEL_WEB_PASSWORD_MAX 1024     /* bytes of a password */
#define EASEL_WEB_SIGNIN_WINDOW_MIN 15  /* failed sign-ins are counted over this */
#define EASEL_WEB_SIGNIN_MAX_FAILURES 5 /* then 429 until the window passes */
/* the defaults of the availability limits in struct easel_web_config */
#define EASEL_WEB_CONNS_PER_ADDRESS 32
#define EASEL_WEB_HEADER_TIMEOUT_MS 10000
#define EASEL_WEB_MIN_RATE 16384
#define EASEL_WEB_HASH_WORKERS 2
#define EASEL_WEB_HASH_QUEUE 8
#define EASEL_WEB_SIGNINS_PER_MINUTE 60
#define EASEL_WEB_UPLOADS 4
/* Worker threads (and store connections) by default. On SQLite a read's audit rows wait for
   the flush group's fsync (docs/store.md), and one fsync serves every request waiting then:
   as many workers as the connections a busy clinic keeps open let the batches grow with the
   load. On PostgreSQL each worker holds a server connection, out of its max_connections. */
#define EASEL_WEB_THREADS_SQLITE 64
#define EASEL_WEB_THREADS_POSTGRESQL 16

struct easel_web_config {
    const char *listen;    /* "HOST:PORT", IPv4; port 0 picks a free port */
    const char *db;        /* store URL (easel/store.h) */
    int idle_minutes;      /* idle logoff (default 30; 0 = a session ends once it is idle) */
    bool insecure_cookies; /* leave out "Secure" (plain-http local use and tests) */
    int threads;           /* worker threads = store connections (1-64; 0: the backend's
                              default, EASEL_WEB_THREADS_*) */
    /* Availability limits (docs/api.md, "Limits under attack"); 0 selects the default. */
    int conns_per_address;  /* open connections per peer address (32) */
    int header_timeout_ms;  /* a request's header must be complete this long after the
                               connection opened or its previous answer was sent (10000) */
    int min_rate;           /* bytes per second a body or an answer must at least move at: its
                               deadline is header_timeout_ms plus its length at this rate (16384) */
    int hash_workers;       /* password checks at once (2) */
    int hash_queue;         /* sign-ins waiting for a check; beyond, 503 (8) */
    int signins_per_minute; /* sign-in attempts per peer address and minute; beyond, 429 (60) */
    int uploads;            /* artwork upload bodies received at once; beyond, 503 (4) */
    FILE *log;              /* one line per request: method, route id, status, duration */
    /* called once the socket is bound, with the actual address (e.g. to print it) */
    void (*ready)(void *ctx, const char *host, unsigned port);
    void *ready_ctx;
};

/* Serve until SIGINT or SIGTERM arrives (the caller must have blocked both in every thread,
   e.g. with pthread_sigmask before calling; easel_web_serve waits for them with sigwait). */
int easel_web_serve(const struct easel_web_config *cfg, const struct easel_kb *kb,
                    struct easel_error *err);

/* Argon2id hash of a password (libsodium crypto_pwhash_str, OPSLIMIT/MEMLIMIT_INTERACTIVE) as
   its self-describing text, into out (at least EASEL_WEB_HASH_MAX bytes). */
#define EASEL_WEB_HASH_MAX 128
int easel_web_password_hash(const char *password, size_t len, char *out, size_t out_size,
                            struct easel_error *err);

#endif
