/*
 * store/driver.h — internal: the table of operations every storage backend implements
 * (curl's struct Curl_ssl pattern). The record layer (store/records*.c) speaks only this
 * interface; SQL text lives in the store layer and nowhere else, always with bound parameters.
 *
 * SQL dialect: statements are written once with PostgreSQL-style numbered placeholders
 * ($1, $2, ...); the SQLite driver rewrites them to ?1, ?2. Types are int64, text, blob and
 * NULL only; times are UTC epoch milliseconds (int64); ids are int64.
 *
 * Drivers may cache prepared statements by their SQL text (compared by content).
 *
 * Owns: nothing here. Borrows: values passed to a row callback are valid only during the call.
 * Fails: every operation returns 0 or an EASEL_E* code and fills err: EASEL_EDB for a database
 * or connection failure (the message says which), EASEL_ECONFLICT for a unique-key violation,
 * EASEL_EREADONLY when a trigger protecting signed records fires.
 */
#ifndef EASEL_STORE_DRIVER_H
#define EASEL_STORE_DRIVER_H

#include "easel/error.h"
#include "easel/store.h"
#include "easel/value.h"

#include <stddef.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

/* Read batches of one process and one database writing their audit rows together (store.c,
   queue_flush): a batch waiting here is written by whichever batch leads, in one transaction
   with every other batch waiting, so N concurrent readers pay one write transaction and one
   fsync, not N. The driver owns one per database file (sqlite: beside the group commit). */
struct easel_flush_group {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct easel_flush_req *pending; /* waiting for a leader, newest first */
    bool leading;                    /* a batch is being written */
    uint64_t batches, flushes;       /* batches written, transactions that wrote them (tests) */
};

/* Called once per result row; return non-zero to stop (that value is returned by exec). */
typedef int (*easel_row_fn)(void *ctx, const struct easel_val *cols, size_t n);

/* One statement of several read together (exec_many): its bound parameters and its rows'
   reader. */
#define EASEL_READ_PARAMS 2
struct easel__read {
    const char *sql;
    struct easel_val params[EASEL_READ_PARAMS];
    size_t n_params;
    easel_row_fn fn;
    void *ctx;
};

struct easel_store_ops {
    const char *name; /* "sqlite" or "postgresql" */
    /* target: a file path (sqlite) or a libpq connection URI (postgresql) */
    int (*open)(struct easel_store *s, const char *target, struct easel_error *err);
    void (*close)(struct easel_store *s);
    /* Run one statement with bound parameters; rows (if any) go to fn; *changed (may be NULL)
       receives the number of rows inserted, updated or deleted. */
    int (*exec)(struct easel_store *s, const char *sql, const struct easel_val *params,
                size_t n_params, easel_row_fn fn, void *ctx, int64_t *changed,
                struct easel_error *err);
    /* Transactions: sqlite's begin takes the file's write lock at once (BEGIN IMMEDIATE);
       postgresql's is a plain BEGIN (READ COMMITTED plus row versions) and the record layer
       takes chain_lock_sql when the transaction writes or appends to the chain. */
    int (*begin)(struct easel_store *s, struct easel_error *err);
    /* s->tx_reads: the transaction records reads only; sqlite may return before the fsync
       (EASEL_READ_AUDIT_SYNC_MS); postgresql commits it with synchronous_commit off (so does
       exec_commit). */
    int (*commit)(struct easel_store *s, struct easel_error *err);
    int (*rollback)(struct easel_store *s);
    /* Every transaction this process committed on the database on disk (sqlite: an fsync of
       the WAL when one is not); NULL where commit always waits for the disk (postgresql). */
    int (*sync)(struct easel_store *s, struct easel_error *err);
    /* The transaction's last statement (no rows) and its commit, in one round trip where the
       backend can (postgresql: pipeline mode; its begin, too, goes with the first statement).
       The transaction is over when it returns: committed, or rolled back when it fails (a
       connection lost on the way: the outcome is unknown, and the message says so). NULL: the
       record layer runs exec, then commit. */
    int (*exec_commit)(struct easel_store *s, const char *sql, const struct easel_val *params,
                       size_t n_params, struct easel_error *err);
    /* Statements that read (no writes) run together, each one's rows to its reader in order,
       in one round trip where the backend can (postgresql: pipeline mode, with a pending BEGIN
       in front); the first failure is returned. NULL: the record layer runs exec on each. */
    int (*exec_many)(struct easel_store *s, const struct easel__read *q, size_t n,
                     struct easel_error *err);
    /* A statement taking a lock on the text key $1 until the transaction ends, held across every
       connection and server on the database (postgresql: an advisory lock on the key's hash);
       NULL when begin already serialises every writer (sqlite BEGIN IMMEDIATE). */
    const char *key_lock_sql;
    /* A statement taking the audit chain's lock until the transaction ends, across every
       server (postgresql: advisory lock 7007001; writers and the sealer take it, readers of a
       store with defer_audit do not); NULL when begin already holds it (sqlite). */
    const char *chain_lock_sql;
    /* Run by the sealer in its transaction before it removes sealed rows from audit_pending
       (postgresql: a transaction-local setting the table's delete trigger asks for); NULL when
       rows are never left unsealed (sqlite). */
    const char *seal_mark_sql;
    /* The chain's next row ($1-$8: id, at, actor, action, record_type, record_id, prev_hash,
       hash) written into audit_log and audit_head by one statement (postgresql: a data-modifying
       WITH, one round trip instead of two); NULL: the record layer runs the INSERT and the
       UPDATE one after the other (sqlite, in process). */
    const char *chain_append_sql;
    /* Schema: store/schema.c holds the shared DDL with two tokens the record layer replaces
       with these strings before running it ("@ID@" -> id_type, "@BLOB@" -> blob_type). */
    const char *id_type;   /* sqlite "INTEGER PRIMARY KEY"; pg "BIGINT GENERATED BY DEFAULT
                              AS IDENTITY PRIMARY KEY" */
    const char *blob_type; /* sqlite "BLOB"; pg "BYTEA" */
    /* Backend-specific statements (triggers) for schema version `version` (1-based), run after
       the shared DDL of that version; NULL-terminated array, or NULL when there are none. */
    const char *const *(*extra_ddl)(int version);
    /* A consistent online copy of the whole database into dest (a file path for sqlite; for
       postgresql a file written as SQL COPY data is not supported: returns EASEL_EINVAL). */
    int (*backup)(struct easel_store *s, const char *dest, struct easel_error *err);
    /* The engine's own integrity check (sqlite: PRAGMA integrity_check). */
    int (*check)(struct easel_store *s, struct easel_error *err);
    /* The database's flush group (above), or NULL: each read batch writes its own (postgresql,
       where reads' audit rows are inserted unsealed in the read's own transaction). */
    struct easel_flush_group *(*flush_group)(struct easel_store *s);
};

extern const struct easel_store_ops easel_store_sqlite;
/* The SQLite group commit's counters for the file at path (store/sqlite.c): write
   transactions committed and fsyncs run by this process (tests). -1 when it cannot be found. */
int easel__sqlite_sync_counts(const char *path, uint64_t *commits, uint64_t *syncs);
/* Commits of this process on the file at path not yet known to be on disk (tests); -1 when it
   cannot be found. */
int64_t easel__sqlite_unsynced(const char *path);
/* Its flush group's counters: read batches whose audit rows were written, and the transactions
   that wrote them (tests). -1 when it cannot be found. */
int easel__sqlite_flush_counts(const char *path, uint64_t *batches, uint64_t *flushes);
extern const struct easel_store_ops easel_store_postgresql;

#endif
