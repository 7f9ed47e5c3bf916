/*
 * store/store_int.h — internal to the store layer: the shared schema, transactions that
 * always end, and the audit append every write performs.
 */
#ifndef EASEL_STORE_INT_H
#define EASEL_STORE_INT_H

#include "driver.h"

const char *const *easel__schema(int version);

/* Free text a person typed (store/text.c): valid UTF-8 of at most max characters, without
   control characters (newline, carriage return and tab allowed when multiline) or
   text-direction overrides. EASEL_EINVAL or EASEL_ETOOBIG naming where and field. */
int easel__text_check(const char *s, size_t max, bool multiline, const char *where,
                      const char *field, struct easel_error *err);

/* A reference: 1-64 characters of a-z, 0-9 and '-' (clients, group programs). */
bool easel__valid_ref(const char *r);
/* v is one of the NULL-terminated words in allowed (NULL v: no). */
bool easel__one_of(const char *v, const char *const *allowed);

/* A write: the chain's lock is held from here to the end of the outermost transaction. */
int easel__begin(struct easel_store *s, struct easel_error *err);
/* A read (its audit rows, perhaps a session touch): with s->defer_audit, no chain lock (its
   audit rows go unsealed to audit_pending); otherwise as easel__begin. */
int easel__begin_read(struct easel_store *s, struct easel_error *err);
/* Commit when rc is 0, roll back otherwise; returns the final code. */
int easel__end(struct easel_store *s, int rc, struct easel_error *err);
/* Append one audit row inside the current transaction. */
int easel__audit(struct easel_store *s, const char *action, const char *type, int64_t id,
                 struct easel_error *err);
/* The same with the record named by text (a signature's "CLIENT/vVERSION/sha256:HEX"). */
int easel__audit_ref(struct easel_store *s, const char *action, const char *type, const char *rid,
                     struct easel_error *err);
/* An audited read: its own transaction holding just the audit row. */
int easel__audit_read(struct easel_store *s, const char *type, int64_t id, struct easel_error *err);
/* Inside the caller's transaction: sign a draft session note as the actor and bind its hash
   into the audit chain (store/sessions.c; the group session's copies use it too). */
int easel__session_seal(struct easel_store *s, int64_t client, int64_t id, struct easel_error *err);
/* A read of several records, naming each ("3,7,12"). */
int easel__audit_read_ref(struct easel_store *s, const char *type, const char *rid,
                          struct easel_error *err);
/* exec with no rows expected */
int easel__run(struct easel_store *s, const char *sql, const struct easel_val *p, size_t n,
               int64_t *changed, struct easel_error *err);
/* exec returning the first column of the first row as int64 (found=0 when no row) */
int easel__int(struct easel_store *s, const char *sql, const struct easel_val *p, size_t n,
               int64_t *out, int *found, struct easel_error *err);
/* EASEL_ENOTFOUND (where = what, field "client") unless the client exists. */
int easel__client_exists(struct easel_store *s, int64_t client, const char *what,
                         struct easel_error *err);
char *easel__dup(struct easel_arena *a, const struct easel_val *v);
/* Row callbacks collect records into a list that grows in the arena: the next slot, zeroed,
   or NULL when memory runs out. */
void *easel__push(struct easel_arena *a, void **list, size_t *n, size_t *cap, size_t size);
/* The records of a list read, in the arena. */
struct easel__rows {
    struct easel_arena *a;
    void *list; /* the record array (easel__push) */
    size_t n, cap;
};
/* A row callback's next record in rows (a struct easel__rows): NULL with *rc EASEL_EDB when the
   row has fewer than cols columns, EASEL_ENOMEM when memory runs out. */
void *easel__row(void *rows, size_t n, size_t cols, size_t size, int *rc);
/* The row reader of a struct easel_person list: login, name, role (store/team.c; the group
   facilitators use it too). */
int easel__person_row(void *ctx, const struct easel_val *c, size_t n);
/* The one record a single-row read fills: the first row's; later rows are passed over. */
struct easel__one {
    struct easel_arena *a;
    void *out;
    int found;
};

/* ---- reads run together (easel__read_many): each module fills in its own statement ---- */

/* Run the reads together: in one round trip where the backend can (ops->exec_many), else one
   after another; the first failure is returned. Nothing is audited here: the caller audits
   what it read. */
int easel__read_many(struct easel_store *s, const struct easel__read *q, size_t n,
                     struct easel_error *err);
/* A profile's latest version, its text copied into a. */
struct easel__profile {
    struct easel_arena *a;
    const char *body;
    size_t len;
    int64_t version;
    int found;
};
/* The statements of easel_client_get, easel_team_list, easel_profile_get (the latest),
   easel_plan_record_load (the latest, without its body: into an easel__one of a struct
   easel_plan_record), easel_session_list and easel_measure_list, rows into r. */
void easel__client_read(struct easel__read *q, int64_t id, struct easel__rows *r);
void easel__team_read(struct easel__read *q, int64_t client, struct easel__rows *r);
void easel__profile_read(struct easel__read *q, int64_t client, struct easel__profile *r);
void easel__plan_head_read(struct easel__read *q, int64_t client, struct easel__one *r);
void easel__sessions_read(struct easel__read *q, int64_t client, struct easel__rows *r);
void easel__measures_read(struct easel__read *q, int64_t client, struct easel__rows *r);
/* A row callback's record: one->out for the first row with at least cols columns (found is set),
   NULL for any other row. */
void *easel__first(struct easel__one *one, size_t n, size_t cols);
/* A client's (or a group's) list, audited: sql with key as $1, each row through row into r;
   running out of memory is named under where; then the audited read of type for key. r holds
   what was read whatever the outcome. */
int easel__list(struct easel_store *s, const char *sql, int64_t key, easel_row_fn row,
                struct easel__rows *r, const char *where, const char *type,
                struct easel_error *err);

/* The audit chain (store.c), shared with its verifier (audit_verify.c): a row's hash over its
   fields and the previous row's hash; the hash before the first row; a row of "SELECT id, hash"
   (audit_log or audit_head) read by easel__last_row_fn into a struct easel__last_row. */
void easel__audit_hash(int64_t id, int64_t at, const char *actor, const char *action,
                       const char *type, const char *rid, const char *prev, char out[65]);
extern const char easel__genesis[65];
struct easel__last_row {
    int64_t id;
    char hash[65];
    int found;
};
int easel__last_row_fn(void *ctx, const struct easel_val *c, size_t n);

#endif
