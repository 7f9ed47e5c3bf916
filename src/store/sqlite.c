/*
 * store/sqlite.c — the embedded SQLite backend (the default): WAL journal, group commit (below:
 * an acknowledged commit survives a crash of the process or the machine), foreign keys on, a
 * busy timeout so several processes can share one file, prepared statements cached per
 * connection, online backup through the sqlite3 backup API.
 *
 * Group commit (issue 15): connections of one process to one file share a `struct shared`.
 * A write transaction takes its writer mutex before BEGIN IMMEDIATE (threads queue there and
 * are woken at once, not in SQLite's sleeping busy handler; another process still meets the
 * busy timeout) and gives it back right after COMMIT. SQLite runs with synchronous=NORMAL, so
 * COMMIT writes the WAL without waiting for the disk; then commit waits, outside the mutex,
 * until an fsync of the WAL file that began after its COMMIT has returned: the first waiter
 * runs it for every transaction committed so far, the others wait for it or for the next one.
 * So commit returns only when the transaction is on disk, as with synchronous=FULL, and
 * transactions committed while one fsync runs share the next. (NORMAL alone would not do: in
 * WAL mode it loses acknowledged commits on power loss.) Checkpoints sync the WAL before they
 * copy it into the database and the database after (SQLite's NORMAL), so a frame is never
 * dropped before it is safe in the database.
 *
 * A transaction that only records reads (s->tx_reads: their audit rows, a sign-in's last
 * seen time) does not wait: its commit is in the WAL, so a crash of the process loses nothing,
 * and the WAL is sequential, so the next fsync takes it to disk with everything before it. That
 * fsync comes from a write's commit, lite_sync (easel_audit_seal: easel serve's sealer), the
 * connection's close, or the first read-only commit EASEL_READ_AUDIT_SYNC_MS after the oldest
 * one not yet synced (store clock), which waits for it (docs/store.md).
 *
 * Owns: the sqlite3 connection and its statement cache (freed by close); its reference to the
 * shared state (the last one closes the WAL descriptor and frees it).
 * Borrows: SQL text (static strings) as cache keys. Fails: see driver.h for the mapping of
 * SQLite result codes to EASEL_E* codes; messages name the SQLite error. A failed fsync after
 * COMMIT is EASEL_EIO: the transaction may or may not survive a crash.
 */
#include "driver.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CACHE 64
#define WRITER_WAIT_S 10 /* as long as the busy timeout */

/* One per database file and process: the writer mutex and the group commit's state. */
struct shared {
    struct shared *next;
    char path[PATH_MAX]; /* as the first store opened it */
    dev_t dev;
    ino_t ino;
    int refs;                 /* under registry */
    pthread_mutex_t writer;   /* held from BEGIN IMMEDIATE to COMMIT or ROLLBACK */
    pthread_mutex_t mu;       /* the rest */
    pthread_cond_t synced_cv; /* an fsync finished */
    uint64_t committed;       /* write transactions committed (their sequence numbers) */
    uint64_t synced;          /* every commit up to this one is on disk */
    uint64_t syncs;           /* fsyncs run */
    uint64_t lazy_seq;        /* the oldest read-only commit not yet synced (0: none) ... */
    int64_t lazy_at;          /* ... and when it was made (store clock, ms) */
    bool syncing;
    int wal_fd;                     /* -1 until the first sync */
    struct easel_flush_group group; /* read batches' audit rows, written together (store.c) */
};

static pthread_mutex_t registry = PTHREAD_MUTEX_INITIALIZER;
static struct shared *shared_list;

/* The file is known by its device and inode (however its path is written); NULL when it
   cannot be found or memory runs out. */
static struct shared *shared_get(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return NULL;
    pthread_mutex_lock(&registry);
    struct shared *sh = shared_list;
    while (sh && (sh->dev != st.st_dev || sh->ino != st.st_ino))
        sh = sh->next;
    if (!sh && (sh = calloc(1, sizeof(*sh))) != NULL) {
        snprintf(sh->path, sizeof(sh->path), "%s", path);
        sh->dev = st.st_dev;
        sh->ino = st.st_ino;
        pthread_mutex_init(&sh->writer, NULL);
        pthread_mutex_init(&sh->mu, NULL);
        pthread_cond_init(&sh->synced_cv, NULL);
        pthread_mutex_init(&sh->group.mu, NULL);
        pthread_cond_init(&sh->group.cv, NULL);
        sh->wal_fd = -1;
        sh->next = shared_list;
        shared_list = sh;
    }
    if (sh)
        sh->refs++;
    pthread_mutex_unlock(&registry);
    return sh;
}

static void shared_put(struct shared *sh)
{
    if (!sh)
        return;
    pthread_mutex_lock(&registry);
    if (--sh->refs == 0) {
        struct shared **p = &shared_list;
        while (*p != sh)
            p = &(*p)->next;
        *p = sh->next;
        if (sh->wal_fd >= 0)
            close(sh->wal_fd);
        pthread_mutex_destroy(&sh->writer);
        pthread_mutex_destroy(&sh->mu);
        pthread_cond_destroy(&sh->synced_cv);
        pthread_mutex_destroy(&sh->group.mu);
        pthread_cond_destroy(&sh->group.cv);
        free(sh);
    }
    pthread_mutex_unlock(&registry);
}

/* fsync the WAL file as it is named now (reopened when SQLite made a new one). 0 or errno. */
static int sync_wal(struct shared *sh)
{
    char wal[PATH_MAX + 8];
    snprintf(wal, sizeof(wal), "%s-wal", sh->path);
    struct stat now, have;
    if (stat(wal, &now) != 0)
        return errno;
    if (sh->wal_fd >= 0 &&
        (fstat(sh->wal_fd, &have) != 0 || have.st_ino != now.st_ino || have.st_dev != now.st_dev)) {
        close(sh->wal_fd);
        sh->wal_fd = -1;
    }
    if (sh->wal_fd < 0 && (sh->wal_fd = open(wal, O_RDONLY | O_CLOEXEC)) < 0)
        return errno;
    return fsync(sh->wal_fd) == 0 ? 0 : errno;
}

/* Wait until commit `seq` is on disk, running the fsync when nobody else is. */
static int wait_synced(struct shared *sh, uint64_t seq)
{
    int e = 0;
    pthread_mutex_lock(&sh->mu);
    while (sh->synced < seq && !e) {
        if (sh->syncing) {
            pthread_cond_wait(&sh->synced_cv, &sh->mu);
            continue;
        }
        sh->syncing = true;
        uint64_t upto = sh->committed;
        pthread_mutex_unlock(&sh->mu);
        e = sync_wal(sh);
        pthread_mutex_lock(&sh->mu);
        sh->syncing = false;
        sh->syncs++;
        if (!e && upto > sh->synced)
            sh->synced = upto;
        if (sh->lazy_seq && sh->lazy_seq <= sh->synced)
            sh->lazy_seq = 0;
        pthread_cond_broadcast(&sh->synced_cv);
    }
    pthread_mutex_unlock(&sh->mu);
    return e;
}

/* 0, or EASEL_EIO naming the failed fsync of the WAL (e: its errno; what: "COMMIT: " or ""). */
static int sync_result(int e, const char *what, struct easel_error *err)
{
    return e ? easel_error_set(err, EASEL_EIO, "sqlite", "",
                               "%sthe write-ahead log could not be synced to disk: %s", what,
                               strerror(e))
             : 0;
}

int easel__sqlite_sync_counts(const char *path, uint64_t *commits, uint64_t *syncs)
{
    struct shared *sh = shared_get(path);
    if (!sh)
        return -1;
    pthread_mutex_lock(&sh->mu);
    *commits = sh->committed;
    *syncs = sh->syncs;
    pthread_mutex_unlock(&sh->mu);
    shared_put(sh);
    return 0;
}

int64_t easel__sqlite_unsynced(const char *path)
{
    struct shared *sh = shared_get(path);
    if (!sh)
        return -1;
    pthread_mutex_lock(&sh->mu);
    int64_t n = (int64_t)(sh->committed - sh->synced);
    pthread_mutex_unlock(&sh->mu);
    shared_put(sh);
    return n;
}

int easel__sqlite_flush_counts(const char *path, uint64_t *batches, uint64_t *flushes)
{
    struct shared *sh = shared_get(path);
    if (!sh)
        return -1;
    pthread_mutex_lock(&sh->group.mu);
    *batches = sh->group.batches;
    *flushes = sh->group.flushes;
    pthread_mutex_unlock(&sh->group.mu);
    shared_put(sh);
    return 0;
}

struct lite {
    sqlite3 *db;
    struct shared *sh; /* NULL for :memory: and file: URIs (no group commit: FULL) */
    bool writing;      /* holds sh->writer */
    uint64_t lazy;     /* its last read-only commit not waited for (synced at close) */
    int64_t changes;   /* sqlite3_total_changes64 at BEGIN */
    struct {
        char *sql; /* a copy of the text: callers may reuse one buffer for many statements */
        sqlite3_stmt *st;
    } cache[CACHE];
    int next;
};

static int fail(struct lite *l, int rc, struct easel_error *err, const char *what)
{
    const char *msg = l && l->db ? sqlite3_errmsg(l->db) : sqlite3_errstr(rc);
    int ext = l && l->db ? sqlite3_extended_errcode(l->db) : rc;
    int code = EASEL_EDB;
    if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
        code = EASEL_ECONFLICT;
    else if (ext == SQLITE_CONSTRAINT_TRIGGER &&
             (strstr(msg, "immutable") || strstr(msg, "append-only")))
        code = EASEL_EREADONLY;
    else if ((ext & 0xff) == SQLITE_CONSTRAINT)
        code = EASEL_EINVAL;
    return easel_error_set(err, code, "sqlite", "", "%s: %s", what, msg);
}

/* The database and its backups hold client records and password hashes: a new file is made
   readable by its owner only before SQLite opens it (SQLite gives the -wal and -shm files the
   database's own mode). An existing file keeps the mode its owner chose. */
static int create_private(const char *path)
{
    if (strcmp(path, ":memory:") == 0 || strncmp(path, "file:", 5) == 0)
        return 0;
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return errno == EEXIST ? 0 : -1;
    close(fd);
    return 0;
}

static int lite_open(struct easel_store *s, const char *path, struct easel_error *err)
{
    if (create_private(path) != 0)
        return easel_error_set(err, EASEL_EDB, path, "", "cannot create database: %s",
                               strerror(errno));
    struct lite *l = calloc(1, sizeof(*l));
    if (!l)
        return easel_error_set(err, EASEL_ENOMEM, "sqlite", "", "out of memory");
    /* NOMUTEX: a store is used by one thread at a time (store.h), so SQLite's own per-call
       connection mutex only costs (it was a tenth of the server's CPU under load) */
    int rc = sqlite3_open_v2(
        path, &l->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        easel_error_set(err, EASEL_EDB, path, "", "cannot open database: %s",
                        l->db ? sqlite3_errmsg(l->db) : sqlite3_errstr(rc));
        sqlite3_close(l->db);
        free(l);
        return EASEL_EDB;
    }
    sqlite3_busy_timeout(l->db, 10000);
    sqlite3_extended_result_codes(l->db, 1);
    bool group = strcmp(path, ":memory:") != 0 && strncmp(path, "file:", 5) != 0;
    if (group && (l->sh = shared_get(path)) == NULL) {
        sqlite3_close(l->db);
        free(l);
        return easel_error_set(err, EASEL_EDB, path, "", "cannot open database: %s",
                               strerror(errno ? errno : ENOMEM));
    }
    /* NORMAL: commit writes the WAL, lite_commit waits for the group's fsync (see above) */
    const char *sync = l->sh ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL";
    /* mmap: pages are read from the OS cache without a copy; in WAL mode another connection's
       commit empties this one's page cache, so a request would otherwise pread every page */
    const char *const pragmas[] = {"PRAGMA journal_mode=WAL", sync, "PRAGMA foreign_keys=ON",
                                   "PRAGMA mmap_size=268435456"};
    for (size_t i = 0; i < sizeof(pragmas) / sizeof(pragmas[0]); i++) {
        if (sqlite3_exec(l->db, pragmas[i], NULL, NULL, NULL) != SQLITE_OK) {
            rc = fail(l, SQLITE_ERROR, err, pragmas[i]);
            sqlite3_close(l->db);
            shared_put(l->sh);
            free(l);
            return rc;
        }
    }
    s->impl = l;
    return 0;
}

static void lite_close(struct easel_store *s)
{
    struct lite *l = s->impl;
    if (!l)
        return;
    for (int i = 0; i < CACHE; i++) {
        sqlite3_finalize(l->cache[i].st);
        free(l->cache[i].sql);
    }
    if (l->writing) { /* closed inside a transaction: SQLite rolls it back */
        l->writing = false;
        pthread_mutex_unlock(&l->sh->writer);
    }
    if (l->lazy) /* its read-only commits to disk; nobody to tell when the fsync fails */
        (void)wait_synced(l->sh, l->lazy);
    sqlite3_close(l->db);
    shared_put(l->sh);
    free(l);
    s->impl = NULL;
}

/* "$12" -> "?12": the shared SQL uses PostgreSQL placeholders. */
static char *translate(const char *sql)
{
    size_t n = strlen(sql);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    bool quoted = false;
    for (size_t i = 0; i <= n; i++) {
        char ch = sql[i];
        if (ch == '\'')
            quoted = !quoted;
        out[i] = (!quoted && ch == '$' && sql[i + 1] >= '0' && sql[i + 1] <= '9') ? '?' : ch;
    }
    return out;
}

static int prepare(struct lite *l, const char *sql, sqlite3_stmt **st, struct easel_error *err)
{
    for (int i = 0; i < CACHE; i++)
        if (l->cache[i].sql && strcmp(l->cache[i].sql, sql) == 0) {
            *st = l->cache[i].st;
            sqlite3_reset(*st);
            sqlite3_clear_bindings(*st);
            return 0;
        }
    char *text = translate(sql);
    char *key = strdup(sql);
    if (!text || !key) {
        free(text);
        free(key);
        return easel_error_set(err, EASEL_ENOMEM, "sqlite", "", "out of memory");
    }
    int rc = sqlite3_prepare_v3(l->db, text, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
    free(text);
    if (rc != SQLITE_OK) {
        free(key);
        return fail(l, rc, err, "prepare");
    }
    int slot = l->next;
    l->next = (l->next + 1) % CACHE;
    sqlite3_finalize(l->cache[slot].st);
    free(l->cache[slot].sql);
    l->cache[slot].sql = key;
    l->cache[slot].st = *st;
    return 0;
}

static int lite_exec(struct easel_store *s, const char *sql, const struct easel_val *params,
                     size_t n_params, easel_row_fn fn, void *ctx, int64_t *changed,
                     struct easel_error *err)
{
    struct lite *l = s->impl;
    sqlite3_stmt *st;
    int rc = prepare(l, sql, &st, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < n_params; i++) {
        const struct easel_val *v = &params[i];
        int b = (int)i + 1, brc;
        switch (v->type) {
        case EASEL_V_INT:
            brc = sqlite3_bind_int64(st, b, v->i);
            break;
        case EASEL_V_TEXT:
            brc = sqlite3_bind_text(st, b, v->p, (int)v->len, SQLITE_STATIC);
            break;
        case EASEL_V_BLOB:
            brc = sqlite3_bind_blob(st, b, v->p, (int)v->len, SQLITE_STATIC);
            break;
        default:
            brc = sqlite3_bind_null(st, b);
        }
        if (brc != SQLITE_OK)
            return fail(l, brc, err, "bind");
    }
    struct easel_val cols[32];
    for (;;) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            rc = fail(l, rc, err, "step");
            sqlite3_reset(st);
            return rc;
        }
        int nc = sqlite3_column_count(st);
        if (nc > 32)
            nc = 32;
        for (int c = 0; c < nc; c++) {
            struct easel_val *v = &cols[c];
            memset(v, 0, sizeof(*v));
            switch (sqlite3_column_type(st, c)) {
            case SQLITE_INTEGER:
                v->type = EASEL_V_INT;
                v->i = sqlite3_column_int64(st, c);
                break;
            case SQLITE_NULL:
                v->type = EASEL_V_NULL;
                break;
            case SQLITE_BLOB:
                v->type = EASEL_V_BLOB;
                v->p = sqlite3_column_blob(st, c);
                v->len = (size_t)sqlite3_column_bytes(st, c);
                break;
            default:
                v->type = EASEL_V_TEXT;
                v->p = (const char *)sqlite3_column_text(st, c);
                v->len = (size_t)sqlite3_column_bytes(st, c);
            }
        }
        if (fn) {
            int stop = fn(ctx, cols, (size_t)nc);
            if (stop) {
                sqlite3_reset(st);
                return stop;
            }
        }
    }
    if (changed)
        *changed = sqlite3_changes64(l->db);
    /* a write outside a transaction committed by itself: on disk before it is acknowledged */
    bool alone = l->sh && sqlite3_get_autocommit(l->db) && !sqlite3_stmt_readonly(st);
    sqlite3_reset(st);
    if (alone) {
        pthread_mutex_lock(&l->sh->mu);
        uint64_t seq = ++l->sh->committed;
        pthread_mutex_unlock(&l->sh->mu);
        return sync_result(wait_synced(l->sh, seq), "", err);
    }
    return 0;
}

static int simple(struct easel_store *s, const char *sql, struct easel_error *err)
{
    struct lite *l = s->impl;
    int rc = sqlite3_exec(l->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : fail(l, rc, err, sql);
}

static void writer_release(struct lite *l)
{
    if (l->writing) {
        l->writing = false;
        pthread_mutex_unlock(&l->sh->writer);
    }
}

static int lite_begin(struct easel_store *s, struct easel_error *err)
{
    struct lite *l = s->impl;
    if (l->sh && !l->writing) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += WRITER_WAIT_S;
        if (pthread_mutex_timedlock(&l->sh->writer, &until) != 0)
            return easel_error_set(err, EASEL_EDB, "sqlite", "",
                                   "BEGIN IMMEDIATE: database is locked (another writer of this "
                                   "process held it for %d s)",
                                   WRITER_WAIT_S);
        l->writing = true;
    }
    l->changes = sqlite3_total_changes64(l->db);
    int rc = simple(s, "BEGIN IMMEDIATE", err);
    if (rc)
        writer_release(l);
    return rc;
}

static int lite_commit(struct easel_store *s, struct easel_error *err)
{
    struct lite *l = s->impl;
    int rc = simple(s, "COMMIT", err);
    if (rc || !l->sh) {
        if (sqlite3_get_autocommit(l->db)) /* over either way; else the caller rolls back */
            writer_release(l);
        return rc;
    }
    bool wrote = sqlite3_total_changes64(l->db) != l->changes;
    uint64_t seq = 0;
    bool wait = wrote;
    if (wrote) {
        struct shared *sh = l->sh;
        pthread_mutex_lock(&sh->mu);
        seq = ++sh->committed;
        if (s->tx_reads) { /* on disk with the next fsync; this one waits when it is overdue */
            int64_t now = s->now();
            if (!sh->lazy_seq) {
                sh->lazy_seq = seq;
                sh->lazy_at = now;
            }
            wait = now - sh->lazy_at >= EASEL_READ_AUDIT_SYNC_MS;
            l->lazy = wait ? 0 : seq;
        }
        pthread_mutex_unlock(&sh->mu);
    }
    writer_release(l); /* the next writer goes while this one waits for the disk */
    return sync_result(wait ? wait_synced(l->sh, seq) : 0, "COMMIT: ", err);
}

static int lite_rollback(struct easel_store *s)
{
    struct lite *l = s->impl;
    int rc = 0;
    if (!sqlite3_get_autocommit(l->db))
        rc = sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK ? 0 : EASEL_EDB;
    writer_release(l);
    return rc;
}

static int lite_sync(struct easel_store *s, struct easel_error *err)
{
    struct lite *l = s->impl;
    if (!l->sh)
        return 0; /* FULL: every commit waited */
    pthread_mutex_lock(&l->sh->mu);
    uint64_t upto = l->sh->committed;
    pthread_mutex_unlock(&l->sh->mu);
    return sync_result(wait_synced(l->sh, upto), "", err);
}

static const char *const v1_triggers[] = {
    "CREATE TRIGGER plans_signed_update BEFORE UPDATE ON plans WHEN OLD.status = 'signed'"
    " BEGIN SELECT RAISE(ABORT, 'easel: a signed plan is immutable'); END",
    "CREATE TRIGGER plans_signed_delete BEFORE DELETE ON plans WHEN OLD.status = 'signed'"
    " BEGIN SELECT RAISE(ABORT, 'easel: a signed plan is immutable'); END",
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log"
    " BEGIN SELECT RAISE(ABORT, 'easel: the audit log is append-only'); END",
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log"
    " BEGIN SELECT RAISE(ABORT, 'easel: the audit log is append-only'); END",
    NULL};

/* A signed group note, its attendance rows and every member's copy are immutable (issue 12). */
static const char *const v4_triggers[] = {
    "CREATE TRIGGER group_sessions_signed_update BEFORE UPDATE ON group_sessions"
    " WHEN OLD.status = 'signed'"
    " BEGIN SELECT RAISE(ABORT, 'easel: a signed group note is immutable'); END",
    "CREATE TRIGGER group_sessions_signed_delete BEFORE DELETE ON group_sessions"
    " WHEN OLD.status = 'signed'"
    " BEGIN SELECT RAISE(ABORT, 'easel: a signed group note is immutable'); END",
    "CREATE TRIGGER group_attendance_signed_update BEFORE UPDATE ON group_attendance"
    " WHEN (SELECT status FROM group_sessions WHERE id = OLD.group_session_id) = 'signed'"
    " BEGIN SELECT RAISE(ABORT, 'easel: a signed group note is immutable'); END",
    "CREATE TRIGGER group_attendance_signed_delete BEFORE DELETE ON group_attendance"
    " WHEN (SELECT status FROM group_sessions WHERE id = OLD.group_session_id) = 'signed'"
    " BEGIN SELECT RAISE(ABORT, 'easel: a signed group note is immutable'); END",
    "CREATE TRIGGER sessions_group_copy_update BEFORE UPDATE ON sessions"
    " WHEN OLD.group_session_id IS NOT NULL"
    " BEGIN SELECT RAISE(ABORT, 'easel: a signed group note is immutable'); END",
    "CREATE TRIGGER sessions_group_copy_delete BEFORE DELETE ON sessions"
    " WHEN OLD.group_session_id IS NOT NULL"
    " BEGIN SELECT RAISE(ABORT, 'easel: a signed group note is immutable'); END",
    "CREATE TRIGGER session_addenda_no_update BEFORE UPDATE ON session_addenda"
    " BEGIN SELECT RAISE(ABORT, 'easel: an addendum is immutable'); END",
    "CREATE TRIGGER session_addenda_no_delete BEFORE DELETE ON session_addenda"
    " BEGIN SELECT RAISE(ABORT, 'easel: an addendum is immutable'); END",
    "CREATE TRIGGER group_cosigns_no_update BEFORE UPDATE ON group_cosigns"
    " BEGIN SELECT RAISE(ABORT, 'easel: a signature is immutable'); END",
    "CREATE TRIGGER group_cosigns_no_delete BEFORE DELETE ON group_cosigns"
    " BEGIN SELECT RAISE(ABORT, 'easel: a signature is immutable'); END",
    NULL};

/* Signed session notes (issue 11): the group copies written before version 5 are marked
   signed, then one lock covers every signed note, group copy or not; earlier versions of a
   draft are history. */
static const char *const v5_triggers[] = {
    "DROP TRIGGER IF EXISTS sessions_group_copy_update",
    "DROP TRIGGER IF EXISTS sessions_group_copy_delete",
    "UPDATE sessions SET status = 'signed',"
    " signed_by = (SELECT g.signed_by FROM group_sessions g WHERE g.id = group_session_id),"
    " signed_at = (SELECT g.signed_at FROM group_sessions g WHERE g.id = group_session_id)"
    " WHERE group_session_id IS NOT NULL",
    "CREATE TRIGGER sessions_signed_update BEFORE UPDATE ON sessions WHEN OLD.status = 'signed'"
    " BEGIN SELECT RAISE(ABORT, 'easel: a signed session note is immutable'); END",
    "CREATE TRIGGER sessions_signed_delete BEFORE DELETE ON sessions WHEN OLD.status = 'signed'"
    " BEGIN SELECT RAISE(ABORT, 'easel: a signed session note is immutable'); END",
    "CREATE TRIGGER session_versions_no_update BEFORE UPDATE ON session_versions"
    " BEGIN SELECT RAISE(ABORT, 'easel: an earlier version of a note is immutable'); END",
    "CREATE TRIGGER session_versions_no_delete BEFORE DELETE ON session_versions"
    " BEGIN SELECT RAISE(ABORT, 'easel: an earlier version of a note is immutable'); END",
    "CREATE TRIGGER break_glass_no_update BEFORE UPDATE ON break_glass"
    " BEGIN SELECT RAISE(ABORT, 'easel: a break-glass record is append-only'); END",
    "CREATE TRIGGER break_glass_no_delete BEFORE DELETE ON break_glass"
    " BEGIN SELECT RAISE(ABORT, 'easel: a break-glass record is append-only'); END",
    NULL};

/* Version 7: the writer holds the chain's lock, so SQLite never leaves a row unsealed; the
   table is there for one schema across backends, and refuses changes like the log. */
static const char *const v7_triggers[] = {
    "CREATE TRIGGER audit_pending_no_update BEFORE UPDATE ON audit_pending"
    " BEGIN SELECT RAISE(ABORT, 'easel: the audit log is append-only'); END",
    "CREATE TRIGGER audit_pending_no_delete BEFORE DELETE ON audit_pending"
    " BEGIN SELECT RAISE(ABORT, 'easel: the audit log is append-only'); END",
    NULL};

static const char *const *lite_extra(int version)
{
    return version == 1   ? v1_triggers
           : version == 4 ? v4_triggers
           : version == 5 ? v5_triggers
           : version == 7 ? v7_triggers
                          : NULL;
}

static int lite_backup(struct easel_store *s, const char *dest, struct easel_error *err)
{
    struct lite *l = s->impl;
    char tmp[4096];
    snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", dest, (long)getpid());
    sqlite3 *out = NULL;
    int rc = create_private(tmp) == 0
                 ? sqlite3_open_v2(tmp, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
                 : SQLITE_CANTOPEN;
    if (rc != SQLITE_OK) {
        sqlite3_close(out);
        return easel_error_set(err, EASEL_EIO, dest, "", "cannot create backup file");
    }
    /* one step copies everything under one read transaction: a consistent snapshot even
       while other connections keep writing (WAL) */
    sqlite3_backup *b = sqlite3_backup_init(out, "main", l->db, "main");
    rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
    int fin = b ? sqlite3_backup_finish(b) : SQLITE_ERROR;
    if (rc == SQLITE_DONE && fin == SQLITE_OK)
        rc = sqlite3_exec(out, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    else
        rc = SQLITE_ERROR;
    sqlite3_close(out);
    if (rc != SQLITE_OK || rename(tmp, dest) != 0) {
        unlink(tmp);
        return easel_error_set(err, EASEL_EIO, dest, "", "backup failed");
    }
    return 0;
}

static int first_text(void *ctx, const struct easel_val *c, size_t n)
{
    char *out = ctx;
    snprintf(out, 256, "%s", n && c[0].type == EASEL_V_TEXT ? c[0].p : "?");
    return 0;
}

static int lite_check(struct easel_store *s, struct easel_error *err)
{
    char result[256] = "";
    int rc = lite_exec(s, "PRAGMA integrity_check", NULL, 0, first_text, result, NULL, err);
    if (rc)
        return rc;
    if (strcmp(result, "ok") != 0)
        return easel_error_set(err, EASEL_EDB, "sqlite", "", "integrity check: %s", result);
    return 0;
}

static struct easel_flush_group *lite_flush_group(struct easel_store *s)
{
    struct lite *l = s->impl;
    return l && l->sh ? &l->sh->group : NULL;
}

const struct easel_store_ops easel_store_sqlite = {
    .name = "sqlite",
    .open = lite_open,
    .close = lite_close,
    .exec = lite_exec,
    .begin = lite_begin,
    .key_lock_sql = NULL,   /* BEGIN IMMEDIATE holds the write lock of the whole file */
    .chain_lock_sql = NULL, /* ... and so the audit chain's */
    .seal_mark_sql = NULL,
    .chain_append_sql = NULL, /* two statements in process cost no round trip */
    .commit = lite_commit,
    .rollback = lite_rollback,
    .sync = lite_sync,
    .id_type = "INTEGER PRIMARY KEY",
    .blob_type = "BLOB",
    .extra_ddl = lite_extra,
    .backup = lite_backup,
    .check = lite_check,
    .flush_group = lite_flush_group,
};
