/*
 * easel/store.h — the client record: one interface over two backends, embedded SQLite (the
 * default) and PostgreSQL (clinics). Chosen by URL: "postgresql://..." or "postgres://..."
 * selects PostgreSQL; "sqlite:PATH" or a plain PATH selects SQLite.
 *
 * Every write is one transaction that also appends to the audit log (who, what, which record,
 * when), hash-chained so an altered or deleted row is detected by easel_audit_verify. Reads of
 * client data are audited too. Signed plans are immutable (the database refuses UPDATE and
 * DELETE of them); an amendment is a new version. Drafts carry a version number: saving with
 * a stale expected version fails with EASEL_ECONFLICT naming the newer version.
 *
 * Threads: a store is used by one thread at a time (a thread, or a request of easel serve, has a
 * connection of its own); two stores of one process may be used at once.
 *
 * Owns: struct easel_store owns its connection until easel_store_close. Records returned by
 * reads are allocated in the arena the caller passes (borrowed until that arena is released).
 * Fails: 0 or an EASEL_E* code with err filled (EASEL_ENOTFOUND, EASEL_ECONFLICT,
 * EASEL_EREADONLY, EASEL_EINVAL with the field, EASEL_EDB for database failures); a failed
 * operation leaves no partial write.
 */
#ifndef EASEL_STORE_H
#define EASEL_STORE_H

#include "easel/arena.h"
#include "easel/buf.h"
#include "easel/error.h"
#include "easel/image_probe.h"
#include "easel/value.h"

#include <stdbool.h>
#include <stdint.h>

struct easel_store_ops;

struct easel_store {
    const struct easel_store_ops *ops;
    void *impl;
    char actor[64];       /* who is acting: a user login, recorded in the audit log */
    int64_t (*now)(void); /* clock (UTC epoch ms); replaceable in tests */
    int in_tx;            /* transaction depth */
    int tx_failed;        /* an inner operation failed: the outer transaction rolls back */
    /* Audit rows of a transaction that does not hold the chain's lock go unsealed into
       audit_pending and a sealer (easel_audit_seal) binds them into the chain later. 0 (the
       default, the CLI): every transaction takes the lock and appends sealed, as one writer
       does. 1 (easel serve): a read takes no lock (docs/store.md); on SQLite a read batch holds
       no transaction and appends its audit rows at its end. */
    int defer_audit;
    int tx_locked; /* the open transaction holds the chain's lock */
    /* SQLite with defer_audit: a read batch opens no transaction (its reads run each on its
       own, in parallel with writers) and keeps its audit rows in memory (queued) until its end,
       when one short write transaction appends them; a write inside it is a transaction of
       its own from its begin (depth phys_level) to its end. */
    int tx_virtual, phys_level, phys_failed;
    void *queued;
    /* The transaction being committed records reads only (begun by a read, nothing in it a
       write): its commit does not wait for the disk (SQLite: EASEL_READ_AUDIT_SYNC_MS;
       PostgreSQL: synchronous_commit off; docs/store.md "Reads' audit rows and the disk"). */
    int tx_reads;
};

/* 6: api_tokens (issue 14); 7: the unsealed audit rows (audit_pending, issue 15). */
#define EASEL_STORE_SCHEMA_VERSION 7
/* The sealer runs at least this often while easel serve runs on PostgreSQL ... */
#define EASEL_AUDIT_SEAL_EVERY_MS 200
/* ... and easel_audit_verify fails when an unsealed row is older than this. */
#define EASEL_AUDIT_UNSEALED_MAX_MS 2000
/* SQLite: a transaction that only records reads commits into the WAL (the OS has it: a crash
   of easel loses nothing) without waiting for the disk; the next fsync takes it there: a
   write's commit, easel_audit_seal (every EASEL_AUDIT_SEAL_EVERY_MS in easel serve), the
   connection's close, or the first read-only commit this long after the oldest one not yet on
   disk, which waits for it. A power loss can so lose the last moments of reads' audit rows,
   never a write, and the chain left verifies. */
#define EASEL_READ_AUDIT_SYNC_MS 1000
#define EASEL_NOTE_MAX ((size_t)64 * 1024)        /* bytes of one session note */
#define EASEL_PROFILE_MAX ((size_t)1024 * 1024)   /* bytes of one profile */
#define EASEL_PLAN_MAX ((size_t)16 * 1024 * 1024) /* bytes of one plan body */
#define EASEL_ARTWORK_MAX EASEL_IMAGE_MAX_BYTES   /* bytes of one artwork image */

int easel_store_open(struct easel_store *s, const char *url, const char *actor,
                     struct easel_error *err);
void easel_store_close(struct easel_store *s);
/* Create or upgrade the schema to EASEL_STORE_SCHEMA_VERSION (idempotent). */
int easel_store_migrate(struct easel_store *s, struct easel_error *err);
int easel_store_schema_version(struct easel_store *s, int *version, struct easel_error *err);
const char *easel_store_backend(const struct easel_store *s);
/* The backend a store URL names, without opening it: "postgresql" or "sqlite". */
const char *easel_store_backend_of(const char *url);

/* ---- clients ---- */
struct easel_client {
    int64_t id;
    const char *ref;     /* unique reference, [a-z0-9-] */
    const char *name;    /* display name */
    const char *setting; /* a KB setting id */
    int64_t birth_year;  /* 0 unknown */
    const char *status;  /* "active" or "discharged" */
    int64_t version;     /* optimistic-lock version, 1 on creation */
    int64_t created_at, updated_at;
};

int easel_client_add(struct easel_store *s, const struct easel_client *c, int64_t *id,
                     struct easel_error *err);
int easel_client_get(struct easel_store *s, int64_t id, struct easel_arena *a,
                     struct easel_client *out, struct easel_error *err);
int easel_client_find(struct easel_store *s, const char *ref, struct easel_arena *a,
                      struct easel_client *out, struct easel_error *err);
/* Update name, setting, birth_year, status; c->version must be the version read. */
int easel_client_update(struct easel_store *s, const struct easel_client *c,
                        struct easel_error *err);
/* Clients whose name or ref contains `match` (NULL: all), ordered by name, at most `limit`. */
int easel_client_list(struct easel_store *s, const char *match, int limit, struct easel_arena *a,
                      struct easel_client **out, size_t *n, struct easel_error *err);

/* ---- profiles (the engine's input), versioned ---- */
int easel_profile_put(struct easel_store *s, int64_t client, const char *json, int64_t *version,
                      struct easel_error *err);
int easel_profile_get(struct easel_store *s, int64_t client, int64_t version,
                      struct easel_buf *json, int64_t *got_version, struct easel_error *err);

/* ---- plans ---- */
struct easel_plan_record {
    int64_t client, version;
    const char *status; /* "draft" or "signed" */
    const char *body;   /* the plan as JSON (easel-plan/1) */
    const char *kb_version;
    const char *content_hash; /* SHA-256 of body, set when signed */
    const char *created_by, *signed_by, *cosigned_by;
    int64_t created_at, signed_at, cosigned_at;
};

/* Save a draft. expected: the latest version the caller read (0 for the first plan). A new
   version is created when the latest is signed (an amendment) or on every save (history). */
int easel_plan_record_save(struct easel_store *s, int64_t client, int64_t expected,
                           const char *body, const char *kb_version, int64_t *version,
                           struct easel_error *err);
/* version 0: the latest. */
int easel_plan_record_load(struct easel_store *s, int64_t client, int64_t version,
                           struct easel_arena *a, struct easel_plan_record *out,
                           struct easel_error *err);
int easel_plan_record_sign(struct easel_store *s, int64_t client, int64_t version,
                           struct easel_error *err);
int easel_plan_record_cosign(struct easel_store *s, int64_t client, int64_t version,
                             struct easel_error *err);

/* ---- a client's chart: what its page shows, read together ---- */
struct easel_client_chart {
    struct easel_client client;
    struct easel_person *team;
    size_t n_team;
    const char *profile; /* the latest profile's JSON, NULL when there is none yet */
    size_t profile_len;
    int64_t profile_version;
    bool has_plan;
    struct easel_plan_record plan; /* the latest plan without its body (body NULL) */
    struct easel_session_record *sessions;
    size_t n_sessions;
    struct easel_measure_record *measures;
    size_t n_measures;
};
/* The client, care team, latest profile, latest plan's record, sessions and measures, as
   easel_client_get, easel_team_list, easel_profile_get, easel_plan_record_load, easel_session_list
   and easel_measure_list read them, in one round trip on PostgreSQL, and audited as one access:
   one row ("read", "chart", client id). EASEL_ENOTFOUND only for the client (nothing audited). */
int easel_client_chart_read(struct easel_store *s, int64_t client, struct easel_arena *a,
                            struct easel_client_chart *out, struct easel_error *err);

/* ---- sessions and notes ---- */
struct easel_session_record {
    int64_t id, client;
    const char *date; /* YYYY-MM-DD */
    int64_t minutes;
    const char *attendance;  /* attended | cancelled | no-show */
    const char *mode;        /* individual | group */
    int64_t plan_version;    /* 0: none */
    const char *note_format; /* SOAP | DAP | BIRP | GIRP */
    const char *note;        /* JSON object with the format's fields */
    int64_t created_at;
    const char *created_by;
    /* reads: the note's state. A draft is edited in place (each edit keeps the version it
       replaced); a signed note is locked (content hash in the audit chain), addenda follow. */
    const char *status;       /* draft | signed */
    int64_t version;          /* 1 for the first text, +1 per edit of the draft */
    const char *edited_by;    /* who wrote this version (NULL: the author, version 1) */
    int64_t edited_at;        /* 0: never edited */
    const char *signed_by;    /* NULL while a draft */
    int64_t signed_at;        /* 0 while a draft */
    const char *content_hash; /* SHA-256 of what was signed (easel_session_hash), or NULL */
};

/* A new session; its note is a draft until signed. */
int easel_session_add(struct easel_store *s, const struct easel_session_record *r, int64_t *id,
                      struct easel_error *err);
int easel_session_list(struct easel_store *s, int64_t client, struct easel_arena *a,
                       struct easel_session_record **out, size_t *n, struct easel_error *err);
/* Replace a draft's content (r: id, client and the content fields), keeping the replaced
   version; only the note's author edits it (EASEL_EINVAL, field "edited_by"). EASEL_EREADONLY
   (field "status") once signed; EASEL_ECONFLICT (field "version") when `edited` is not the
   current version. Audited. */
int easel_session_update(struct easel_store *s, const struct easel_session_record *r,
                         int64_t edited, struct easel_error *err);
/* Sign and lock a draft: only its author signs (EASEL_EINVAL, field "signed_by"). The audit
   row records "CLIENT/sID/sha256:HEX", which audit verify checks the stored note against. */
int easel_session_sign(struct easel_store *s, int64_t client, int64_t id, struct easel_error *err);
/* The versions a draft's edits replaced, oldest first (created_by/at: who wrote that version
   and when). */
int easel_session_versions(struct easel_store *s, int64_t client, int64_t id, struct easel_arena *a,
                           struct easel_session_record **out, size_t *n, struct easel_error *err);
/* The hash a signature covers: the session's date, minutes, attendance, mode, plan version,
   note format and note. */
void easel_session_hash(int64_t client, const struct easel_session_record *r, char out[65]);

/* ---- measures (instrument administrations, every item answer kept) ---- */
struct easel_measure_record {
    int64_t id, client;
    const char *instrument; /* KB instrument id */
    const char *date;       /* YYYY-MM-DD */
    const char *answers;    /* comma-separated item answers as entered, "" for a blank item */
    int64_t total_x100;     /* the scored total in hundredths (easel_score), or -1 invalid */
    int64_t created_at;
    const char *ack_action; /* what was done about its risk answer when acknowledged, or NULL */
};

/* Acknowledge the risk answer of administration `measure` of `client`, with what was done about
   it (free text, 1-2000 characters, required): stored on the administration, the who and when
   in the audit log ("risk-acknowledged"). EASEL_ENOTFOUND when the client has no such
   administration; EASEL_EINVAL naming "action". The caller checks that it raised a flag. */
int easel_risk_acknowledge(struct easel_store *s, int64_t client, int64_t measure,
                           const char *action, struct easel_error *err);

int easel_measure_add(struct easel_store *s, const struct easel_measure_record *r, int64_t *id,
                      struct easel_error *err);
/* Oldest first (by date, then id). */
int easel_measure_list(struct easel_store *s, int64_t client, struct easel_arena *a,
                       struct easel_measure_record **out, size_t *n, struct easel_error *err);

/* Every administration of the whole practice, ordered by client, instrument, date: one callback
   per row (values valid during the call). Audited as one practice-wide read. */
typedef int (*easel_measure_fn)(void *ctx, int64_t client, const char *instrument, const char *date,
                                int64_t total_x100);
int easel_measure_scan(struct easel_store *s, easel_measure_fn fn, void *ctx,
                       struct easel_error *err);

/* ---- art-based assessments ---- */
struct easel_art_assessment_record {
    int64_t id, client;
    const char *procedure; /* easel_art_procedure id */
    const char *date;
    const char *materials, *instruction, *observations; /* may be NULL */
    int64_t minutes;                                    /* 0: not recorded */
    const char *ratings; /* comma-separated integers, "" when the procedure has none */
    int64_t artwork;     /* the artwork assessed (one of the client's), 0: none linked */
    int64_t created_at;
    const char *created_by; /* reads */
};

int easel_art_assessment_add(struct easel_store *s, const struct easel_art_assessment_record *r,
                             int64_t *id, struct easel_error *err);
int easel_art_assessment_list(struct easel_store *s, int64_t client, struct easel_arena *a,
                              struct easel_art_assessment_record **out, size_t *n,
                              struct easel_error *err);

/* ---- artworks (issue #3; docs/store.md) ---- */
/* The image (JPEG or PNG, at most EASEL_ARTWORK_MAX bytes, 12000 px a side, 80 megapixels:
   easel/image_probe.h) is named by the SHA-256 of its bytes; the client's file name is never
   stored. Consents are separate and revocable (clinical.md E); every change is audited with
   the new state. */
struct easel_image_info;
#define EASEL_ARTWORK_TITLE_MAX 200  /* characters */
#define EASEL_ARTWORK_MEDIUM_MAX 80  /* characters: a KB medium id or free text */
#define EASEL_ARTWORK_WORDS_MAX 2000 /* characters: the client's own words about the piece */

struct easel_artwork {
    int64_t id, session, client;
    const char *session_date;    /* YYYY-MM-DD of the session it was made in (reads) */
    const char *sha256;          /* the image's name: hex SHA-256 of its bytes (reads) */
    const char *mime;            /* "image/jpeg" or "image/png" (reads) */
    int64_t width, height, size; /* pixels, pixels, bytes (reads) */
    const char *title, *medium, *client_words; /* NULL or "": not recorded */
    bool consent_record;                       /* keep the original or a photograph in the record */
    bool consent_education;                    /* educational use */
    bool consent_exhibition;                   /* exhibition or publication */
    const char *returned_on; /* YYYY-MM-DD the original went home, NULL while it has not */
    const char *created_by;
    int64_t created_at;
};

/* r gives session, title, medium, client_words and the three consents; the rest is derived
   from the bytes. info is the caller's easel_image_probe result for them (checked again). */
int easel_artwork_add(struct easel_store *s, const struct easel_artwork *r, const void *data,
                      size_t len, const struct easel_image_info *info, int64_t *id,
                      struct easel_error *err);
/* Metadata into a; the image appended to bytes (NULL: metadata only; its max must allow
   EASEL_ARTWORK_MAX) after checking it against its SHA-256 (EASEL_EDB when it differs). */
int easel_artwork_get(struct easel_store *s, int64_t id, struct easel_arena *a,
                      struct easel_artwork *out, struct easel_buf *bytes, struct easel_error *err);
/* A client's artworks, metadata only, by session date then id. */
int easel_artwork_list(struct easel_store *s, int64_t client, struct easel_arena *a,
                       struct easel_artwork **out, size_t *n, struct easel_error *err);
/* The same for the artworks with record consent only (exports), without the image's size (size
   0): read from an index alone, so the photos themselves are never touched. Audited as the
   list. */
int easel_artwork_list_consented(struct easel_store *s, int64_t client, struct easel_arena *a,
                                 struct easel_artwork **out, size_t *n, struct easel_error *err);
/* Give (1) or withdraw (0) each consent; -1 leaves it as it is. At least one must be named. */
int easel_artwork_consent(struct easel_store *s, int64_t id, int record, int education,
                          int exhibition, struct easel_error *err);
/* The date the original went home (not before the session; a later call corrects it). */
int easel_artwork_returned(struct easel_store *s, int64_t id, const char *date,
                           struct easel_error *err);

/* The derived sizes of a stored image (issue 13): size "thumb" or "display", a JPEG made by the
   image layer, kept by the SHA-256 of the image it comes from (a second put of the same pair
   changes nothing). Not audited: the caller has audited the read of the artwork itself. */
/* The sheet in an artwork photo (store/artwork_sheets.c): corners on the display size as
   fractions ("x,y x,y x,y x,y", top-left first, clockwise), found automatically (found 1) or
   not (0, the whole photo), set by a person (set_by, set_at; NULL/0 when automatic), and the
   flattened image (JPEG, width x height). Put replaces; a person's corners are audited. */
struct easel_artwork_sheet {
    int64_t artwork;
    const char *corners;
    int64_t found, width, height;
    const char *set_by;
    int64_t set_at;
    /* the formal elements of the flattened sheet (easel/formal.h), scaled; -1: not measured */
    int64_t space_x1e4, colours, entropy_x1e3, edges_x1e4, lightness_x10, saturation_x10;
};
/* A client's consented artworks with their sheet's formal elements, by session date. */
struct easel_artwork_formal_row {
    int64_t artwork;
    const char *date, *title;
    struct easel_artwork_sheet sheet;
};
int easel_artwork_formal_list(struct easel_store *s, int64_t client, struct easel_arena *a,
                              struct easel_artwork_formal_row **out, size_t *n,
                              struct easel_error *err);
int easel_artwork_sheet_put(struct easel_store *s, const struct easel_artwork_sheet *sh,
                            const void *bytes, size_t len, struct easel_error *err);
/* The flattened sheet's thumbnail (JPEG) for the gallery, kept beside it. */
int easel_artwork_sheet_thumb_put(struct easel_store *s, int64_t artwork, const void *bytes,
                                  size_t len, struct easel_error *err);
/* EASEL_ENOTFOUND when there is none (no sheet, or one imported without it). */
int easel_artwork_sheet_thumb_get(struct easel_store *s, int64_t artwork, struct easel_buf *bytes,
                                  struct easel_error *err);
/* EASEL_ENOTFOUND when none was made (an artwork stored before sheets existed); bytes may be
   NULL. Not audited: the caller read the artwork. */
int easel_artwork_sheet_get(struct easel_store *s, int64_t artwork, struct easel_arena *a,
                            struct easel_artwork_sheet *out, struct easel_buf *bytes,
                            struct easel_error *err);
int easel_artwork_size_put(struct easel_store *s, const char *sha256, const char *size,
                           int64_t width, int64_t height, const void *bytes, size_t len,
                           struct easel_error *err);
/* EASEL_ENOTFOUND when that size has not been made yet. */
int easel_artwork_size_get(struct easel_store *s, const char *sha256, const char *size,
                           struct easel_buf *bytes, int64_t *width, int64_t *height,
                           struct easel_error *err);

/* ---- the practice, its users and each client's care team ---- */
struct easel_person {
    const char *login, *name, *role;
};

int easel_practice_set(struct easel_store *s, const char *name, struct easel_error *err);
/* The practice's name into a; *name is NULL when none was set. */
/* The practice's paper for documents: "a4" (the default) or "letter"; audited. */
int easel_practice_paper_set(struct easel_store *s, const char *paper, struct easel_error *err);
int easel_practice_paper(struct easel_store *s, bool *letter, struct easel_error *err);
int easel_practice_get(struct easel_store *s, struct easel_arena *a, const char **name,
                       struct easel_error *err);
/* role: admin | therapist | supervisor | team */
int easel_user_add(struct easel_store *s, const char *login, const char *name, const char *role,
                   struct easel_error *err);
int easel_user_list(struct easel_store *s, struct easel_arena *a, struct easel_person **out,
                    size_t *n, struct easel_error *err);
/* role on the team: free text ("therapist", "psychiatrist", "teacher", ...). Joining the care
   team of a client whose team you are not on (login is the actor and the team is not empty) is
   break-glass access: it needs a stated reason (10-2000 characters; EASEL_EINVAL, field
   "reason"), which is kept (easel_break_glass_list) and audited as "break-glass". NULL reason
   otherwise. */
struct easel_break_glass {
    const char *login, *name, *role, *reason;
    int64_t created_at;
};
int easel_break_glass_list(struct easel_store *s, int64_t client, struct easel_arena *a,
                           struct easel_break_glass **out, size_t *n, struct easel_error *err);
int easel_team_add(struct easel_store *s, int64_t client, const char *login, const char *role,
                   const char *reason, struct easel_error *err);
int easel_team_list(struct easel_store *s, int64_t client, struct easel_arena *a,
                    struct easel_person **out, size_t *n, struct easel_error *err);
int easel_team_member(struct easel_store *s, int64_t client, const char *login, bool *member,
                      struct easel_error *err);
/* What every request about a client asks first, in one statement: the id of the client with
   reference ref (*client 0 and *member false when there is none) and whether login is on its
   care team (the same rule as easel_team_member). */
int easel_team_member_by_ref(struct easel_store *s, const char *ref, const char *login,
                             int64_t *client, bool *member, struct easel_error *err);

/* ---- the web application: accounts, sessions, sign-in attempts (store/web_sessions.c) ----
   Everything lives in the database so several easel servers on one PostgreSQL share it. The
   store never sees a password or a session token: it keeps the password's hash (made by the
   web layer, libsodium crypto_pwhash_str) and the SHA-256 hex of the token. */
struct easel_account {
    int64_t id;
    const char *login, *name, *role;
    const char *password_hash; /* NULL: no password set, the user cannot sign in */
};

struct easel_login {
    const char *login, *role; /* the session's user and their role */
    const char *csrf;         /* the session's CSRF token */
    int64_t created_at, last_seen;
};

/* Set (or replace) a user's password hash; signs out the user's sessions. Audited. */
int easel_user_password_set(struct easel_store *s, const char *login, const char *hash,
                            struct easel_error *err);
/* The account of a login (EASEL_ENOTFOUND when there is none). Not audited: no client data. */
int easel_account_get(struct easel_store *s, const char *login, struct easel_arena *a,
                      struct easel_account *out, struct easel_error *err);
/* Take a sign-in attempt for `login` atomically (one transaction holding the login's lock on
   every server sharing the database): drop attempts older than window_ms, count the login's
   failures in the window and, when fewer than max_failures, record this attempt as a failure at
   once and return its id in *attempt, before any password is checked. When the limit is reached
   *attempt is 0 and *retry_at (epoch ms) says when the oldest failure leaves the window. */
int easel_login_attempt_take(struct easel_store *s, const char *login, int64_t window_ms,
                             int64_t max_failures, int64_t *attempt, int64_t *retry_at,
                             struct easel_error *err);
/* The outcome of a taken attempt: ok clears the login's failures; a failure stays counted and is
   audited (sign-in-failed, naming the login only when it looks like one). */
int easel_login_attempt_finish(struct easel_store *s, const char *login, int64_t attempt, bool ok,
                               struct easel_error *err);
/* A new session (token_hash: 64 hex characters). Audited as a sign-in of the user. */
int easel_login_create(struct easel_store *s, const char *token_hash, const char *login,
                       const char *csrf, struct easel_error *err);
/* Look a session up and mark it used now (last_seen is written at most once per tenth of
   idle_ms, and at most once a minute, so most requests write nothing). A session idle for more than
   idle_ms is deleted and reported as EASEL_ENOTFOUND, like an unknown one. */
int easel_login_touch(struct easel_store *s, const char *token_hash, int64_t idle_ms,
                      struct easel_arena *a, struct easel_login *out, struct easel_error *err);
/* Delete a session (sign-out; audited). EASEL_ENOTFOUND when there was none. */
int easel_login_delete(struct easel_store *s, const char *token_hash, struct easel_error *err);
/* Clients on `login`'s caseload (care team includes login), ordered by name, at most `limit`;
   `match` as easel_client_list. Audited as a read of the client list. */
int easel_client_caseload(struct easel_store *s, const char *login, const char *match, int limit,
                          struct easel_arena *a, struct easel_client **out, size_t *n,
                          struct easel_error *err);
/* Resolve a client reference without reading the record (no audit row: the caller audits the
   read that follows, or the refusal with easel_store_audit(s, "refused", "client", id)).
   *id is 0 when no client has that reference. */
int easel_client_id_of(struct easel_store *s, const char *ref, int64_t *id,
                       struct easel_error *err);

/* ---- goal attainment scales: one per plan objective, rated -2..+2 ---- */
struct easel_gas_record {
    const char *objective; /* "1.2" */
    const char *description;
    int64_t weight;
    bool rated;
    const char *latest_date; /* NULL when not rated yet */
    int latest_score;
};

int easel_gas_add(struct easel_store *s, int64_t client, const char *objective,
                  const char *description, int64_t weight, struct easel_error *err);
int easel_gas_rate(struct easel_store *s, int64_t client, const char *objective, const char *date,
                   int score, struct easel_error *err);
int easel_gas_list(struct easel_store *s, int64_t client, struct easel_arena *a,
                   struct easel_gas_record **out, size_t *n, struct easel_error *err);

/* One dated rating of a scale (the history behind easel_gas_list's latest rating). */
struct easel_gas_rating {
    const char *objective; /* "1.2" */
    const char *date;      /* YYYY-MM-DD */
    int score;             /* -2..+2 */
};

/* Every rating of a client's scales, by objective, then date, then entry order. Audited as a
   read of the client's GAS. */
int easel_gas_ratings(struct easel_store *s, int64_t client, struct easel_arena *a,
                      struct easel_gas_rating **out, size_t *n, struct easel_error *err);

/* ---- audit ---- */
/* The hash of audit row `id` (*found 0 when there is no such row), and the head the log
   records: the newest row's id and hash. Lookups for checkpoints (app/audit_checkpoint.c):
   not audited, no client data. */
int easel_audit_row_hash(struct easel_store *s, int64_t id, char hash[65], int *found,
                         struct easel_error *err);
int easel_audit_head(struct easel_store *s, int64_t *id, char hash[65], struct easel_error *err);
/* Append an audit row for an action that is not a record write (export, import, a refusal):
   like a read, it takes no lock when s->defer_audit is set. */
int easel_store_audit(struct easel_store *s, const char *action, const char *type, int64_t id,
                      struct easel_error *err);
/* How many audit rows record `action` on record (type, id): e.g. "risk-acknowledged" on a
   "measure". A lookup, not a read of client data: not audited itself. */
int easel_audit_count(struct easel_store *s, const char *action, const char *type, int64_t id,
                      int64_t *count, struct easel_error *err);
/* Who recorded the latest such row and when (epoch ms): *actor in a, NULL (and *at 0) when
   there is none. A lookup like easel_audit_count: not audited itself. */
int easel_audit_last(struct easel_store *s, const char *action, const char *type, int64_t id,
                     struct easel_arena *a, const char **actor, int64_t *at,
                     struct easel_error *err);
/* Walk the whole log and recompute the hash chain. Returns EASEL_EINVAL naming the first row
   that was altered, inserted out of order, or deleted (a gap in ids or a broken link), or when
   a row waits unsealed in audit_pending for more than EASEL_AUDIT_UNSEALED_MAX_MS (no sealer
   runs, or one is held back). Seals nothing itself: call easel_audit_seal first. */
int easel_audit_verify(struct easel_store *s, int64_t *rows, struct easel_error *err);
/* The sealer: bind every committed unsealed row (audit_pending, in id order) into the chain,
   each row's hash from the one before, starting at audit_head; in transactions of at most 1,000
   rows holding the chain's lock (PostgreSQL advisory lock 7007001: one sealer at a time across
   servers). *sealed (may be NULL) counts them. On SQLite, where no row is left unsealed, it
   only fsyncs the WAL when a read-only commit is not yet on disk (EASEL_READ_AUDIT_SYNC_MS).
   Outside any transaction only. */
int easel_audit_seal(struct easel_store *s, int64_t *sealed, struct easel_error *err);

/* ---- batches ---- */
/* Many operations in one transaction (bulk loads, imports): every operation between begin and
   end commits together, or (if any failed, or rc is non-zero) none does. */
int easel_store_batch_begin(struct easel_store *s, struct easel_error *err);
/* The same for a request that reads: with s->defer_audit it takes the chain's lock only when
   a write inside it needs it (a write takes it at its own begin). */
int easel_store_batch_begin_read(struct easel_store *s, struct easel_error *err);
int easel_store_batch_end(struct easel_store *s, int rc, struct easel_error *err);

/* ---- whole-practice exchange (docs/store.md) ---- */
/* JSON Lines: a header line, one line per row, an end line with the row count. */
int easel_store_export(struct easel_store *s, struct easel_buf *out, struct easel_error *err);
/* Insert one exported row verbatim (inside a batch). vals are the table's exported columns in
   order, without the client reference, which is passed as client_ref. */
int easel_store_import_row(struct easel_store *s, const char *table, const char *client_ref,
                           int64_t session, const struct easel_val *vals, size_t n,
                           struct easel_error *err);
int easel_store_is_empty(struct easel_store *s, bool *empty, struct easel_error *err);
/* The exported columns of a table (NULL-terminated), or NULL for an unknown table; whether rows
   name a client and a session (its ordinal among the client's sessions), and which column
   is a blob written as hex. */
const char *const *easel_store_export_columns(const char *table, bool *by_client, bool *by_session,
                                              const char **blob);

/* ---- whole database ---- */
int easel_store_check(struct easel_store *s, struct easel_error *err);
int easel_store_backup(struct easel_store *s, const char *dest, struct easel_error *err);

#endif
