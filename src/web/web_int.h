/*
 * web/web_int.h — internal to the web layer: the server (its pool of store connections and the
 * shared read-only KB), one request as the handlers see it, and the answer they build.
 *
 * Owns: struct web_req owns its arena and its answer (a jansson value), released by the server
 * after the response is queued. Borrows: the store connection (from the pool, for the request
 * only), the KB and the config (for the server's lifetime).
 * Fails: handlers never fail the server; every problem becomes r->status 4xx/5xx and an error
 * body {"error": "...", "field": "..."} set with web_error.
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

/* The audit sealer (sealer.c): PostgreSQL only; SQLite's writer seals as it appends. */
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
    size_t n_stores;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct web_sealer sealer; /* PostgreSQL: the request connections defer their reads' audit */
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
    /* a sign-in waiting for its password check: set by web_session_post, submitted to the hash
       pool by server.c once the connection is suspended */
    struct web_hash_job *signin;
    /* the signed-in session, after web_require_session */
    struct easel_web_session sess;
    char token_hash[65];
    /* the answer: JSON, or (image download) raw bytes with their own type */
    int status;
    json_t *answer;
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

/* Set an error answer; returns status. field may be NULL. */
int web_error(struct web_req *r, int status, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Map a store error (EASEL_E*) to a status and answer; logs nothing about its content. */
int web_store_error(struct web_req *r, const struct easel_error *err);
/* Set a JSON answer (takes the reference). */
int web_answer(struct web_req *r, int status, json_t *v);

/* The request body as a JSON object whose keys are all in `allowed` (NULL-terminated): NULL
   after setting 400 (malformed JSON with line and column, not an object, unknown field) or 415
   (not application/json). The caller owns the returned reference. */
json_t *web_body_object(struct web_req *r, const char *const *allowed);

/* auth.c */
int web_auth_init(struct web_server *srv, struct easel_error *err);
/* The store's actor (the audit log's "who") from a login, cut to what it holds. */
void web_set_actor(struct easel_store *st, const char *login);
/* 401 unless the cookie names a live session; sets r->sess and the store's actor. */
int web_require_session(struct web_req *r);
/* 403 unless X-CSRF-Token matches the session's token. */
int web_require_csrf(struct web_req *r);
/* POST /session, first half: an answer (429, 503, 400, ...), or r->signin set with a place
   in the hash pool reserved and the attempt already counted in the database (status 0). */
int web_session_post(struct web_req *r);
/* The second half, once the pool has checked the password: the attempt's outcome, the session
   and the answer. Frees the job. */
int web_session_post_done(struct web_req *r, struct web_hash_job *job);
/* Free a sign-in job whose second half never ran (the connection went away). */
void web_signin_free(struct web_hash_job *job);
int web_session_delete(struct web_req *r);

/* api_common.c: what every handler shares */
/* 400 naming the first query parameter not in `allowed` (NULL-terminated; NULL: none). */
bool web_only_params(struct web_req *r, const char *const *allowed);
/* The whole-number query parameter `key` in [min, max] into *out (unchanged when absent);
   false after a 400 naming it. */
bool web_int_param(struct web_req *r, const char *key, long min, long max, long *out);
/* The care-team check every client route starts with: 0 with *id, or 403 (audited as
   "refused"); an unknown reference is 403 too, so references cannot be probed. */
int web_authorize(struct web_req *r, int64_t *id);
/* 403 (audited as "refused" on client id, 0 for none) with the message. */
int web_refuse(struct web_req *r, int64_t id, const char *field, const char *msg);
/* Whether the session's role is one of the space-separated `roles`. */
bool web_role_in(const struct web_req *r, const char *roles);
/* A person's name for a login (what people read where a login was stored); the login itself
   when the account is gone, NULL for NULL. In the request's arena. */
const char *web_person_name(struct web_req *r, const char *login);
/* A whole number member of body in [min, max]: 0, or a 400 naming it (absent and required). */
int web_body_int(struct web_req *r, json_t *body, const char *key, bool required, long long min,
                 long long max, long long *out);
/* A text member of body of 1..max bytes (min 0 allows ""); NULL when absent. */
int web_body_str(struct web_req *r, json_t *body, const char *key, bool required, size_t min,
                 size_t max, const char **out);
json_t *web_client_json(const struct easel_client *c);
/* A store or app error whose field is prefixed (e.g. "note." + "progress[0].rating"). */
int web_store_error_in(struct web_req *r, const struct easel_error *err, const char *prefix);

/* api_users.c */
int web_me(struct web_req *r);
int web_users(struct web_req *r);
int web_team_post(struct web_req *r);
/* api_clients.c */
int web_clients(struct web_req *r);
int web_client(struct web_req *r);
int web_client_post(struct web_req *r);
int web_client_patch(struct web_req *r);
int web_profile(struct web_req *r);
/* api_measures.c */
json_t *web_measure_json(const struct easel_kb *kb, const struct easel_measure_record *m);
int web_measure_post(struct web_req *r);
int web_progress(struct web_req *r);
int web_alert_ack(struct web_req *r);
int web_alerts(struct web_req *r);
/* api_plan.c */
int web_plan(struct web_req *r);
int web_plan_versions(struct web_req *r);
int web_plan_diff(struct web_req *r);
int web_plan_sign(struct web_req *r);
int web_plan_explain(struct web_req *r);
/* api_kb.c */
int web_kb(struct web_req *r);
/* api_sessions.c */
int web_session_record_post(struct web_req *r);
int web_session_record_get(struct web_req *r);
int web_session_record_put(struct web_req *r);
int web_session_sign(struct web_req *r);
/* GET, POST .../assessments (api_assessments.c) */
int web_assessments(struct web_req *r, bool post);
/* GET, PUT .../artworks/{id}/sheet (api_artworks.c) */
int web_artwork_sheet(struct web_req *r, bool put);
int web_session_template(struct web_req *r);
/* api_artworks.c */
json_t *web_artwork_json(const struct easel_artwork *a);
int web_artwork_upload(struct web_req *r);
/* Whether the session may add an artwork to the route's client (care team, clinical role): 0
   with *id, else the 403 answer; decided from the headers, before the upload's body is read. */
int web_artwork_upload_allowed(struct web_req *r, int64_t *id);
int web_artworks(struct web_req *r);
int web_artwork_image(struct web_req *r);
/* GET .../artworks/{id}/formal: the computer-assisted formal elements (never a FEATS score) */
int web_artwork_formal(struct web_req *r);
/* api_reports.c */
int web_report(struct web_req *r);
/* GET /api/v1/clients/{ref}/fhir: the record as a FHIR R4 Bundle (api_fhir.c, docs/fhir.md) */
int web_fhir(struct web_req *r);
/* api_charts.c */
int web_chart(struct web_req *r);
/* fhir_api.c: the read-only FHIR API under /fhir/R4 (docs/fhir.md): API tokens only (no cookie
   session), OperationOutcome for every error of a FHIR route (web_error calls web_fhir_error) */
int web_fhir_api(struct web_req *r);
int web_fhir_error(struct web_req *r, int status, const char *field, const char *msg);
/* api_tokens.c: GET, POST /api/v1/tokens and DELETE /api/v1/tokens/{name} (administrators) */
int web_tokens(struct web_req *r);
int web_token_delete(struct web_req *r);

/* api_sessions.c */
int web_addendum_post(struct web_req *r);
/* api_groups.c: group programs (docs/groups.md), for their facilitators */
struct easel_group_program;
/* The program of the route, for one of its facilitators: 0, or 403 (audited; an unknown
   reference too). */
int web_group_authorize(struct web_req *r, struct easel_group_program *g);
/* api_reports.c: GET /groups/{ref}/report?kind=summary|supplies&format=pdf|html|csv */
int web_group_report(struct web_req *r);
int web_groups(struct web_req *r);
int web_group_post(struct web_req *r);
int web_group(struct web_req *r);
int web_group_members(struct web_req *r);
int web_group_plan(struct web_req *r);
int web_group_sessions(struct web_req *r);
int web_group_session_post(struct web_req *r);
int web_group_sign(struct web_req *r);
int web_group_attendance(struct web_req *r);
/* api_today.c: what is due today and this week, and what is still undocumented */
int web_today(struct web_req *r);

#endif
