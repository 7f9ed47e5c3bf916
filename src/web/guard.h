/*
 * web/guard.h — internal to the web layer: what keeps `easel serve` available under attack
 * (issue 15, docs/api.md "Limits under attack"). Four small parts, one file each:
 *
 *   deadline.c    a watchdog thread that closes a connection whose request header (or body, or
 *                 answer) has not moved through within its deadline; libmicrohttpd's own timeout
 *                 starts again with every byte, so a client trickling a byte at a time would
 *                 otherwise keep a connection for ever.
 *   hash_pool.c   a bounded pool of threads for the Argon2id password checks: the sign-in's
 *                 connection is suspended while it waits, so checks never occupy the
 *                 libmicrohttpd workers that serve everyone else, and a full queue is refused.
 *   signin_rate.c sign-in attempts per peer address (a token bucket per address).
 *   upload_spool.c artwork upload bodies written to unlinked temporary files in a private
 *                 folder as they arrive (bounded by the route's limit) and mapped only while
 *                 the handler reads them, so a body being received holds no memory.
 *
 * Owns: each part's own threads, locks and tables (started and stopped by server.c).
 * Borrows: libmicrohttpd connections, only between their start and close notifications.
 * Fails: the start functions return 0 or EASEL_ENOMEM / EASEL_EIO with err filled; at run time
 * nothing here fails a request by itself: callers answer 429 or 503 on a refusal.
 */
#ifndef EASEL_WEB_GUARD_H
#define EASEL_WEB_GUARD_H

#include "easel/error.h"
#include "easel/web.h"

#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

/* ---- deadline.c ---- */

struct web_conn_watch; /* one per open connection (libmicrohttpd's socket context) */

struct web_watchdog {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    bool running, stop;
    struct web_conn_watch *head; /* open connections */
    int header_ms;               /* the header deadline */
    int min_rate;                /* bytes per second for bodies and answers */
    long closed;                 /* connections closed at their deadline */
};

int web_watchdog_start(struct web_watchdog *wd, int header_ms, int min_rate,
                       struct easel_error *err);
/* Stops the thread; call after MHD_stop_daemon (every connection is closed by then). */
void web_watchdog_stop(struct web_watchdog *wd);
/* MHD_OPTION_NOTIFY_CONNECTION: registers a connection with the header deadline, forgets it
   when it closes (before libmicrohttpd closes its socket, so the watchdog never touches a
   descriptor that may have been reused). cls is the watchdog. */
void web_watchdog_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                         enum MHD_ConnectionNotificationCode code);
/* The connection must have moved `bytes` more within the header deadline plus bytes at the
   minimum rate from now; bytes < 0: no deadline (the server itself is working on it). */
void web_watchdog_arm(struct web_watchdog *wd, struct MHD_Connection *c, long long bytes);

/* ---- hash_pool.c ---- */

/* One password check. The pool fills `ok` and zeroes and frees `password`, then calls done
   (from a pool thread); the submitter owns the job and frees it after done was called. */
struct web_hash_job {
    struct web_hash_job *next;
    char hash[EASEL_WEB_HASH_MAX];
    char *password; /* malloc'd copy, owned by the pool once submitted */
    size_t len;
    bool ok;
    void (*done)(void *ctx);
    void *ctx;
};

struct web_hash_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t *threads;
    int n_threads, queue_max;
    int admitted; /* reserved and not yet finished: waiting, running, or about to be submitted */
    int running, max_running;
    bool stop;
    struct web_hash_job *head, *tail;
    long checks, refused;
};

int web_hash_pool_start(struct web_hash_pool *p, int workers, int queue, struct easel_error *err);
/* Let the queued checks finish (their done callbacks run), then join the threads; call before
   MHD_stop_daemon, since a suspended connection must be resumed first. */
void web_hash_pool_stop(struct web_hash_pool *p);
/* A place for one check: false when workers + queue are all taken (answer 503). */
bool web_hash_pool_reserve(struct web_hash_pool *p);
/* Give a reserved place back unused. */
void web_hash_pool_release(struct web_hash_pool *p);
/* Queue a check on a reserved place (never refused). */
void web_hash_pool_submit(struct web_hash_pool *p, struct web_hash_job *job);

/* ---- signin_rate.c ---- */

#define WEB_RATE_SLOTS 1024

struct web_rate_slot {
    uint32_t addr; /* IPv4, network order; 0: free */
    double tokens;
    int64_t at_ms; /* last refill */
};

struct web_signin_rate {
    pthread_mutex_t mu;
    int per_minute;
    struct web_rate_slot slots[WEB_RATE_SLOTS];
    long refused;
};

void web_signin_rate_init(struct web_signin_rate *r, int per_minute);
void web_signin_rate_release(struct web_signin_rate *r);
/* Take one attempt for the peer: 0, or the seconds until one is free again (answer 429). */
int web_signin_rate_take(struct web_signin_rate *r, const struct sockaddr *peer);

/* ---- upload_spool.c ---- */
/* A private folder (0700) for the spools, under $TMPDIR or /var/tmp, into dir. */
int web_spool_dir_make(char *dir, size_t size, struct easel_error *err);
void web_spool_dir_remove(const char *dir);
/* A new spool: an unlinked 0600 file in dir; its descriptor, or -1 (errno). */
int web_spool_open(const char *dir);
/* Append len bytes: 0, or -1 (errno; e.g. the disk is full). */
int web_spool_write(int fd, const char *data, size_t len);
/* The spool's first len bytes, read-only and followed by a NUL, or NULL (errno). */
const char *web_spool_map(int fd, size_t len);
void web_spool_unmap(const char *data, size_t len);
/* Close (when open) and set *fd to -1. */
void web_spool_close(int *fd);
#endif
