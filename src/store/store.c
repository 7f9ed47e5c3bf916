/*
 * store/store.c — opening a store by URL, schema migrations with a version table,
 * transactions that always end, and the hash-chained audit log (append and seal; the verifier
 * reads it in audit_verify.c).
 *
 * The chain's lock: a transaction holding it appends its audit rows sealed (each row's hash
 * from the row before); one that does not (a read on a store with defer_audit, PostgreSQL)
 * appends them unsealed to audit_pending in the same transaction, and easel_audit_seal binds
 * them into the chain later, in id order, holding the lock. A write takes the lock at its begin
 * (nested in a read, at its own begin): writers stay serialised across servers, readers do not.
 */
#include "easel/util.h"
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t wall_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int easel_store_open(struct easel_store *s, const char *url, const char *actor,
                     struct easel_error *err)
{
    memset(s, 0, sizeof(*s));
    s->now = wall_clock;
    snprintf(s->actor, sizeof(s->actor), "%s", actor && *actor ? actor : "system");
    const char *target = url;
    if (strcmp(easel_store_backend_of(url), "postgresql") == 0) {
        s->ops = &easel_store_postgresql;
    } else {
        s->ops = &easel_store_sqlite;
        if (strncmp(url, "sqlite:", 7) == 0)
            target = url + 7;
    }
    int rc = s->ops->open(s, target, err);
    if (rc)
        s->ops = NULL;
    return rc;
}

static void queue_free(struct easel_store *s);

void easel_store_close(struct easel_store *s)
{
    if (s->ops)
        s->ops->close(s);
    s->ops = NULL;
    queue_free(s);
}

const char *easel_store_backend_of(const char *url)
{
    return url && (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0)
               ? "postgresql"
               : "sqlite";
}

const char *easel_store_backend(const struct easel_store *s)
{
    return s->ops ? s->ops->name : "none";
}

int easel__run(struct easel_store *s, const char *sql, const struct easel_val *p, size_t n,
               int64_t *changed, struct easel_error *err)
{
    return s->ops->exec(s, sql, p, n, NULL, NULL, changed, err);
}

struct int_ctx {
    int64_t v;
    int found;
};

static int int_row(void *ctx, const struct easel_val *c, size_t n)
{
    struct int_ctx *x = ctx;
    if (!x->found && n) {
        x->found = 1;
        x->v = c[0].type == EASEL_V_INT
                   ? c[0].i
                   : (c[0].type == EASEL_V_TEXT ? strtoll(c[0].p, NULL, 10) : 0);
    }
    return 0;
}

int easel__int(struct easel_store *s, const char *sql, const struct easel_val *p, size_t n,
               int64_t *out, int *found, struct easel_error *err)
{
    struct int_ctx x = {0, 0};
    int rc = s->ops->exec(s, sql, p, n, int_row, &x, NULL, err);
    *out = x.v;
    if (found)
        *found = x.found;
    return rc;
}

int easel__client_exists(struct easel_store *s, int64_t client, const char *what,
                         struct easel_error *err)
{
    int64_t one = 0;
    int found = 0;
    struct easel_val p = easel_vint(client);
    int rc = easel__int(s, "SELECT 1 FROM clients WHERE id = $1", &p, 1, &one, &found, err);
    if (!rc && !found)
        rc = easel_error_set(err, EASEL_ENOTFOUND, what, "client", "no client with id %lld",
                             (long long)client);
    return rc;
}

char *easel__dup(struct easel_arena *a, const struct easel_val *v)
{
    if (v->type == EASEL_V_NULL)
        return NULL;
    if (v->type == EASEL_V_INT)
        return easel_arena_printf(a, "%lld", (long long)v->i);
    char *p = easel_arena_alloc(a, v->len + 1);
    if (p && v->len)
        memcpy(p, v->p, v->len);
    return p;
}

/* Transactions nest: an inner begin/end inside an outer one (easel_store_batch_begin) only
   counts depth; the outer end commits or rolls back everything. A failure inside a batch
   marks it, so the batch cannot commit half of its work. */
void *easel__push(struct easel_arena *a, void **list, size_t *n, size_t *cap, size_t size)
{
    if (*n == *cap) {
        size_t grown = *cap ? *cap * 2 : 16;
        void *p = easel_arena_alloc(a, grown * size);
        if (!p)
            return NULL;
        if (*n)
            memcpy(p, *list, *n * size);
        *list = p;
        *cap = grown;
    }
    void *slot = (char *)*list + (*n)++ * size;
    memset(slot, 0, size);
    return slot;
}

void *easel__row(void *rows, size_t n, size_t cols, size_t size, int *rc)
{
    struct easel__rows *r = rows;
    if (n < cols) {
        *rc = EASEL_EDB;
        return NULL;
    }
    void *o = easel__push(r->a, &r->list, &r->n, &r->cap, size);
    if (!o)
        *rc = EASEL_ENOMEM;
    return o;
}

void *easel__first(struct easel__one *one, size_t n, size_t cols)
{
    if (n < cols || one->found)
        return NULL;
    one->found = 1;
    return one->out;
}

int easel__list(struct easel_store *s, const char *sql, int64_t key, easel_row_fn row,
                struct easel__rows *r, const char *where, const char *type, struct easel_error *err)
{
    struct easel_val p = easel_vint(key);
    int rc = s->ops->exec(s, sql, &p, 1, row, r, NULL, err);
    if (rc == EASEL_ENOMEM)
        return easel_error_set(err, rc, where, "", "out of memory");
    return rc ? rc : easel__audit_read(s, type, key, err);
}

int easel__read_many(struct easel_store *s, const struct easel__read *q, size_t n,
                     struct easel_error *err)
{
    if (s->ops->exec_many)
        return s->ops->exec_many(s, q, n, err);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++)
        rc = s->ops->exec(s, q[i].sql, q[i].params, q[i].n_params, q[i].fn, q[i].ctx, NULL, err);
    return rc;
}

/* Take the chain's lock inside the open transaction (a no-op where begin holds it). */
static int chain_lock(struct easel_store *s, struct easel_error *err)
{
    if (s->tx_locked)
        return 0;
    int rc = s->ops->chain_lock_sql
                 ? s->ops->exec(s, s->ops->chain_lock_sql, NULL, 0, NULL, NULL, NULL, err)
                 : 0;
    if (!rc)
        s->tx_locked = 1;
    return rc;
}

/* ---- a read batch without a transaction (SQLite, defer_audit): audit rows kept in memory ---- */

struct queued_row {
    int64_t at;
    char *text; /* actor, action, type and record id, each NUL-terminated, one after another */
};

struct audit_queue {
    struct queued_row *rows;
    size_t n, cap;
};

static void queue_clear(struct easel_store *s)
{
    struct audit_queue *q = s->queued;
    for (size_t i = 0; q && i < q->n; i++)
        free(q->rows[i].text);
    if (q)
        q->n = 0;
}

static void queue_free(struct easel_store *s)
{
    struct audit_queue *q = s->queued;
    queue_clear(s);
    if (q)
        free(q->rows);
    free(q);
    s->queued = NULL;
}

static int queue_push(struct easel_store *s, int64_t at, const char *action, const char *type,
                      const char *rid, struct easel_error *err)
{
    struct audit_queue *q = s->queued;
    if (!q && (q = s->queued = calloc(1, sizeof(*q))) == NULL)
        return easel_error_set(err, EASEL_ENOMEM, "audit", "", "out of memory");
    if (q->n == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 8;
        struct queued_row *rows = realloc(q->rows, cap * sizeof(*rows));
        if (!rows)
            return easel_error_set(err, EASEL_ENOMEM, "audit", "", "out of memory");
        q->rows = rows;
        q->cap = cap;
    }
    const char *parts[] = {s->actor, action, type, rid};
    size_t len[4], total = 0;
    for (int i = 0; i < 4; i++)
        total += (len[i] = strlen(parts[i])) + 1;
    char *t = malloc(total);
    if (!t)
        return easel_error_set(err, EASEL_ENOMEM, "audit", "", "out of memory");
    q->rows[q->n].at = at;
    q->rows[q->n++].text = t;
    for (int i = 0; i < 4; i++) {
        memcpy(t, parts[i], len[i] + 1);
        t += len[i] + 1;
    }
    return 0;
}

static int chain_append(struct easel_store *s, int64_t at, const char *actor, const char *action,
                        const char *type, const char *rid, struct easel_error *err);

/* A read batch's audit rows waiting in a flush group (driver.h). */
struct easel_flush_req {
    struct easel_flush_req *next;
    const struct audit_queue *q;
    bool done;
    int rc;
    struct easel_error err;
};

/* Batches' audit rows in one write transaction on this connection: committed (on disk) before
   any of the requests that read is answered. */
static int write_batches(struct easel_store *s, struct easel_flush_req *list,
                         struct easel_error *err)
{
    int rc = s->ops->begin(s, err);
    for (struct easel_flush_req *b = list; !rc && b; b = b->next) {
        const struct audit_queue *q = b->q;
        for (size_t i = 0; !rc && i < q->n; i++) {
            const char *actor = q->rows[i].text, *action = actor + strlen(actor) + 1;
            const char *type = action + strlen(action) + 1, *rid = type + strlen(type) + 1;
            rc = chain_append(s, q->rows[i].at, actor, action, type, rid, err);
        }
    }
    s->tx_reads = 1; /* audit rows of reads only */
    if (!rc)
        rc = s->ops->commit(s, err);
    s->tx_reads = 0;
    if (rc)
        s->ops->rollback(s);
    return rc;
}

/* The batch's audit rows, written before the request that read is answered. Alone (no flush
   group) in a transaction of their own; in a flush group, with every batch waiting: the first
   batch to find no leader leads, takes all waiting batches (oldest first, so the chain keeps
   their order), writes them on its connection and tells each its outcome; the others wait.
   Under load each transaction carries many requests' rows. */
static int queue_flush(struct easel_store *s, struct easel_error *err)
{
    struct audit_queue *q = s->queued;
    if (!q || q->n == 0)
        return 0;
    struct easel_flush_group *g = s->ops->flush_group ? s->ops->flush_group(s) : NULL;
    if (!g) {
        struct easel_flush_req me = {.q = q};
        int rc = write_batches(s, &me, err);
        queue_clear(s);
        return rc;
    }
    struct easel_flush_req me = {.q = q};
    pthread_mutex_lock(&g->mu);
    me.next = g->pending;
    g->pending = &me;
    while (!me.done) {
        if (g->leading) {
            pthread_cond_wait(&g->cv, &g->mu);
            continue;
        }
        g->leading = true;
        struct easel_flush_req *list = NULL; /* reversed: oldest first */
        for (struct easel_flush_req *b = g->pending, *next; b; b = next) {
            next = b->next;
            b->next = list;
            list = b;
        }
        g->pending = NULL;
        pthread_mutex_unlock(&g->mu);
        struct easel_error werr = {0};
        int rc = write_batches(s, list, &werr);
        pthread_mutex_lock(&g->mu);
        g->flushes++;
        for (struct easel_flush_req *b = list, *next; b; b = next) {
            next = b->next; /* b may return (and its memory go) once done is set */
            g->batches++;
            b->rc = rc;
            b->err = werr;
            b->done = true;
        }
        g->leading = false;
        pthread_cond_broadcast(&g->cv);
    }
    pthread_mutex_unlock(&g->mu);
    queue_clear(s);
    if (me.rc && err)
        *err = me.err;
    return me.rc;
}

static int begin_mode(struct easel_store *s, bool write, struct easel_error *err)
{
    int rc = 0;
    if (!s->in_tx && !write && s->defer_audit && !s->ops->chain_lock_sql) {
        s->in_tx = 1; /* SQLite: no transaction until something in the batch writes */
        s->tx_virtual = 1;
        s->tx_locked = 0;
        s->phys_level = 0;
        return 0;
    }
    if (!s->in_tx) {
        queue_clear(s); /* nothing of an earlier transaction is carried into this one */
        rc = s->ops->begin(s, err);
        if (rc)
            return rc;
        s->in_tx = 1;
        s->tx_locked = 0;
        s->tx_reads = !write; /* until something in it writes */
    } else {
        s->in_tx++;
    }
    if (write)
        s->tx_reads = 0;
    if (s->tx_virtual) { /* a write inside: its own transaction from here to its end */
        if (write && !s->phys_level) {
            rc = s->ops->begin(s, err);
            if (rc) {
                s->in_tx--;
                s->tx_failed = 1;
                return rc;
            }
            s->phys_level = s->in_tx;
            s->phys_failed = 0;
            s->tx_locked = 1;
        }
        return 0;
    }
    if (write || !s->defer_audit || !s->ops->chain_lock_sql)
        rc = chain_lock(s, err);
    if (rc)
        rc = easel__end(s, rc, err);
    return rc;
}

int easel__begin(struct easel_store *s, struct easel_error *err)
{
    return begin_mode(s, true, err);
}

int easel__begin_read(struct easel_store *s, struct easel_error *err)
{
    return begin_mode(s, false, err);
}

static int end_virtual(struct easel_store *s, int rc, struct easel_error *err)
{
    if (rc) {
        s->tx_failed = 1;
        s->phys_failed |= s->phys_level != 0;
    }
    s->in_tx--;
    if (s->phys_level && s->in_tx == s->phys_level - 1) {
        s->phys_level = 0;
        s->tx_locked = 0;
        if (s->phys_failed) {
            s->phys_failed = 0;
            s->ops->rollback(s);
            return rc ? rc : easel_error_set(err, EASEL_EDB, "store", "", "rolled back");
        }
        int crc = s->ops->commit(s, err);
        if (crc) {
            s->ops->rollback(s);
            s->tx_failed = 1;
        }
        return crc;
    }
    if (s->in_tx > 0)
        return rc;
    s->tx_virtual = 0;
    if (rc || s->tx_failed) {
        s->tx_failed = 0;
        queue_clear(s);
        return rc ? rc : easel_error_set(err, EASEL_EDB, "store", "", "the batch was rolled back");
    }
    return queue_flush(s, err);
}

#define PENDING_ROWS 32 /* rows a statement (5 parameters each) */

/* PostgreSQL: the transaction's unsealed audit rows (kept in s->queued by easel__audit_ref) into
   audit_pending, in the transaction, before it commits: one INSERT of many rows instead of a
   round trip per audited read, the last one sent with the COMMIT (ops->exec_commit; *committed
   then says the transaction is over). */
static int pending_flush(struct easel_store *s, bool *committed, struct easel_error *err)
{
    struct audit_queue *q = s->queued;
    int rc = 0;
    for (size_t at = 0; q && !rc && at < q->n; at += PENDING_ROWS) {
        size_t n = q->n - at < PENDING_ROWS ? q->n - at : PENDING_ROWS;
        char sql[64 + PENDING_ROWS * 48];
        struct easel_val p[PENDING_ROWS * 5];
        size_t len = (size_t)snprintf(sql, sizeof(sql), "%s",
                                      "INSERT INTO audit_pending (at, actor, action, record_type,"
                                      " record_id) VALUES ");
        for (size_t i = 0; i < n; i++) {
            const struct queued_row *r = &q->rows[at + i];
            const char *actor = r->text, *action = actor + strlen(actor) + 1;
            const char *type = action + strlen(action) + 1, *rid = type + strlen(type) + 1;
            p[5 * i] = easel_vint(r->at);
            p[5 * i + 1] = easel_vtext(actor);
            p[5 * i + 2] = easel_vtext(action);
            p[5 * i + 3] = easel_vtext(type);
            p[5 * i + 4] = easel_vtext(rid);
            size_t k = 5 * i + 1; /* placeholders only: every value is bound */
            len +=
                (size_t)snprintf(sql + len, sizeof(sql) - len, "%s($%zu, $%zu, $%zu, $%zu, $%zu)",
                                 i ? ", " : "", k, k + 1, k + 2, k + 3, k + 4);
        }
        if (at + n >= q->n && s->ops->exec_commit) { /* the last: with the COMMIT */
            *committed = true;
            rc = s->ops->exec_commit(s, sql, p, 5 * n, err);
        } else {
            rc = easel__run(s, sql, p, 5 * n, NULL, err);
        }
    }
    queue_clear(s);
    return rc;
}

int easel__end(struct easel_store *s, int rc, struct easel_error *err)
{
    if (!s->in_tx)
        return rc;
    if (s->tx_virtual)
        return end_virtual(s, rc, err);
    if (rc)
        s->tx_failed = 1;
    if (--s->in_tx > 0)
        return rc;
    s->tx_locked = 0;
    bool committed = false; /* or rolled back: the transaction is over either way */
    if (!rc && !s->tx_failed && s->queued)
        rc = pending_flush(s, &committed, err);
    if (committed) {
        s->tx_reads = 0;
        return rc;
    }
    if (rc || s->tx_failed) {
        s->tx_failed = 0;
        s->tx_reads = 0;
        queue_clear(s);
        s->ops->rollback(s);
        return rc ? rc : easel_error_set(err, EASEL_EDB, "store", "", "the batch was rolled back");
    }
    rc = s->ops->commit(s, err);
    s->tx_reads = 0;
    if (rc)
        s->ops->rollback(s);
    return rc;
}

int easel_store_batch_begin(struct easel_store *s, struct easel_error *err)
{
    return easel__begin(s, err);
}

int easel_store_batch_begin_read(struct easel_store *s, struct easel_error *err)
{
    return easel__begin_read(s, err);
}

int easel_store_batch_end(struct easel_store *s, int rc, struct easel_error *err)
{
    return easel__end(s, rc, err);
}

/* ---- migrations ---- */

static char *expand(const struct easel_store *s, const char *ddl)
{
    size_t n = strlen(ddl) * 2 + 256;
    char *out = malloc(n);
    if (!out)
        return NULL;
    size_t o = 0;
    for (const char *p = ddl; *p;) {
        const char *rep = NULL;
        size_t skip = 0;
        if (strncmp(p, "@ID@", 4) == 0)
            rep = s->ops->id_type, skip = 4;
        else if (strncmp(p, "@BLOB@", 6) == 0)
            rep = s->ops->blob_type, skip = 6;
        if (rep) {
            size_t r = strlen(rep);
            if (o + r + 1 >= n)
                break;
            memcpy(out + o, rep, r);
            o += r;
            p += skip;
        } else {
            if (o + 2 >= n)
                break;
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
    return out;
}

int easel_store_schema_version(struct easel_store *s, int *version, struct easel_error *err)
{
    int64_t v = 0;
    int found = 0;
    struct easel_error ignore = {0};
    int rc = easel__int(s, "SELECT version FROM schema_version", NULL, 0, &v, &found, &ignore);
    (void)err;
    *version = rc || !found ? 0 : (int)v;
    return 0;
}

int easel_store_migrate(struct easel_store *s, struct easel_error *err)
{
    int rc = easel__begin(s, err);
    if (rc)
        return rc;
    rc = easel__run(s, "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)", NULL,
                    0, NULL, err);
    int64_t current = 0;
    int found = 0;
    if (!rc)
        rc = easel__int(s, "SELECT version FROM schema_version", NULL, 0, &current, &found, err);
    if (!rc && !found)
        rc = easel__run(s, "INSERT INTO schema_version (version) VALUES (0)", NULL, 0, NULL, err);
    if (!rc && current > EASEL_STORE_SCHEMA_VERSION)
        rc = easel_error_set(err, EASEL_EDB, "store", "schema_version",
                             "the database has schema version %lld, newer than this easel (%d)",
                             (long long)current, EASEL_STORE_SCHEMA_VERSION);
    for (int v = (int)current + 1; !rc && v <= EASEL_STORE_SCHEMA_VERSION; v++) {
        const char *const *ddl = easel__schema(v);
        for (size_t i = 0; !rc && ddl && ddl[i]; i++) {
            char *sql = expand(s, ddl[i]);
            if (!sql)
                rc = easel_error_set(err, EASEL_ENOMEM, "store", "", "out of memory");
            else
                rc = s->ops->exec(s, sql, NULL, 0, NULL, NULL, NULL, err);
            free(sql);
        }
        const char *const *extra = s->ops->extra_ddl(v);
        for (size_t i = 0; !rc && extra && extra[i]; i++)
            rc = s->ops->exec(s, extra[i], NULL, 0, NULL, NULL, NULL, err);
        struct easel_val p = easel_vint(v);
        if (!rc)
            rc = easel__run(s, "UPDATE schema_version SET version = $1", &p, 1, NULL, err);
    }
    return easel__end(s, rc, err);
}

/* ---- audit log: id, at, actor, action, record_type, record_id, prev_hash, hash ---- */

void easel__audit_hash(int64_t id, int64_t at, const char *actor, const char *action,
                       const char *type, const char *rid, const char *prev, char out[65])
{
    struct easel_sha256 h;
    easel_sha256_init(&h);
    char head[64];
    int n = snprintf(head, sizeof(head), "%lld|%lld|", (long long)id, (long long)at);
    easel_sha256_update(&h, head, (size_t)n);
    const char *parts[] = {actor, action, type, rid, prev};
    for (int i = 0; i < 5; i++) {
        easel_sha256_update(&h, parts[i], strlen(parts[i]));
        easel_sha256_update(&h, "|", 1);
    }
    easel_sha256_hex(&h, out);
}

const char easel__genesis[65] = "0000000000000000000000000000000000000000000000000000000000000000";

int easel__last_row_fn(void *ctx, const struct easel_val *c, size_t n)
{
    struct easel__last_row *r = ctx;
    if (n >= 2 && c[0].type == EASEL_V_INT && c[1].type == EASEL_V_TEXT) {
        r->id = c[0].i;
        snprintf(r->hash, sizeof(r->hash), "%s", c[1].p);
        r->found = 1;
    }
    return 0;
}

int easel_audit_row_hash(struct easel_store *s, int64_t id, char hash[65], int *found,
                         struct easel_error *err)
{
    struct easel__last_row r = {0, "", 0};
    struct easel_val p = easel_vint(id);
    int rc = s->ops->exec(s, "SELECT id, hash FROM audit_log WHERE id = $1", &p, 1,
                          easel__last_row_fn, &r, NULL, err);
    *found = !rc && r.found;
    snprintf(hash, 65, "%s", r.hash);
    return rc;
}

int easel_audit_head(struct easel_store *s, int64_t *id, char hash[65], struct easel_error *err)
{
    struct easel__last_row r = {0, "", 0};
    int rc = s->ops->exec(s, "SELECT id, hash FROM audit_head", NULL, 0, easel__last_row_fn, &r,
                          NULL, err);
    if (!rc && !r.found)
        rc = easel_error_set(err, EASEL_ENOTFOUND, "audit_head", "", "the audit log is empty");
    *id = r.id;
    snprintf(hash, 65, "%s", r.hash);
    return rc;
}

int easel__audit(struct easel_store *s, const char *action, const char *type, int64_t id,
                 struct easel_error *err)
{
    char rid[32];
    snprintf(rid, sizeof(rid), "%lld", (long long)id);
    return easel__audit_ref(s, action, type, rid, err);
}

#define CHAIN_LAST_SQL "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"

/* The chain's next row after `last`: its hash into hash, its eight values (id, at, actor,
   action, record_type, record_id, prev_hash, hash; pointing into the arguments) into p. */
static void chain_next(const struct easel__last_row *last, int64_t at, const char *actor,
                       const char *action, const char *type, const char *rid, char hash[65],
                       struct easel_val p[8])
{
    const char *prev = last->found ? last->hash : easel__genesis;
    int64_t next = last->found ? last->id + 1 : 1;
    easel__audit_hash(next, at, actor, action, type, rid, prev, hash);
    const struct easel_val v[8] = {easel_vint(next),    easel_vint(at),    easel_vtext(actor),
                                   easel_vtext(action), easel_vtext(type), easel_vtext(rid),
                                   easel_vtext(prev),   easel_vtext(hash)};
    memcpy(p, v, sizeof(v));
}

/* Sealed: the next link of the chain (the caller holds the chain's lock). */
static int chain_append(struct easel_store *s, int64_t at, const char *actor, const char *action,
                        const char *type, const char *rid, struct easel_error *err)
{
    struct easel__last_row last = {0, "", 0};
    int rc = s->ops->exec(s, CHAIN_LAST_SQL, NULL, 0, easel__last_row_fn, &last, NULL, err);
    if (rc)
        return rc;
    char hash[65];
    struct easel_val p[8];
    chain_next(&last, at, actor, action, type, rid, hash, p);
    int64_t next = p[0].i;
    if (s->ops->chain_append_sql) /* the row and the head in one statement */
        return easel__run(s, s->ops->chain_append_sql, p, 8, NULL, err);
    rc = easel__run(s,
                    "INSERT INTO audit_log (id, at, actor, action, record_type, record_id,"
                    " prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    p, 8, NULL, err);
    struct easel_val h[] = {easel_vint(next), easel_vtext(hash)};
    if (!rc)
        rc = easel__run(s, "UPDATE audit_head SET id = $1, hash = $2", h, 2, NULL, err);
    return rc;
}

int easel__audit_ref(struct easel_store *s, const char *action, const char *type, const char *rid,
                     struct easel_error *err)
{
    int64_t at = s->now();
    if (s->tx_locked || !s->in_tx)
        return chain_append(s, at, s->actor, action, type, rid, err);
    if (s->tx_virtual) /* SQLite: appended, sealed, when the read batch ends */
        return queue_push(s, at, action, type, rid, err);
    /* unsealed, in this transaction: committed with the read it records or not at all (kept
       until the transaction ends, then inserted together: pending_flush) */
    return queue_push(s, at, action, type, rid, err);
}

/* A read's audit row in a transaction of its own, where every transaction takes the chain's
   lock and the backend pipelines (PostgreSQL without defer_audit: the CLI, a library user): two
   round trips instead of four: BEGIN, the lock and the chain's last row together (exec_many),
   then the row with the COMMIT (exec_commit). The transaction is over when it returns. */
static bool audit_alone_pipelined(const struct easel_store *s)
{
    const struct easel_store_ops *o = s->ops;
    return !s->defer_audit && o->chain_lock_sql && o->exec_many && o->exec_commit &&
           o->chain_append_sql;
}

static int audit_read_alone(struct easel_store *s, const char *type, const char *rid,
                            struct easel_error *err)
{
    const struct easel_store_ops *o = s->ops;
    int rc = o->begin(s, err);
    if (rc)
        return rc;
    struct easel__last_row last = {0, "", 0};
    const struct easel__read q[2] = {
        {.sql = o->chain_lock_sql},
        {.sql = CHAIN_LAST_SQL, .fn = easel__last_row_fn, .ctx = &last}};
    rc = o->exec_many(s, q, 2, err);
    if (rc) {
        o->rollback(s);
        return rc;
    }
    char hash[65];
    struct easel_val p[8];
    chain_next(&last, s->now(), s->actor, "read", type, rid, hash, p);
    s->tx_reads = 1;
    rc = o->exec_commit(s, o->chain_append_sql, p, 8, err);
    s->tx_reads = 0;
    return rc;
}

int easel__audit_read_ref(struct easel_store *s, const char *type, const char *rid,
                          struct easel_error *err)
{
    if (s->in_tx)
        return easel__audit_ref(s, "read", type, rid, err);
    if (audit_alone_pipelined(s))
        return audit_read_alone(s, type, rid, err);
    int rc = easel__begin_read(s, err);
    if (rc)
        return rc;
    return easel__end(s, easel__audit_ref(s, "read", type, rid, err), err);
}

int easel__audit_read(struct easel_store *s, const char *type, int64_t id, struct easel_error *err)
{
    char rid[32];
    snprintf(rid, sizeof(rid), "%lld", (long long)id);
    return easel__audit_read_ref(s, type, rid, err);
}

/* ---- the sealer ---- */

#define SEAL_BATCH 1000

struct pending_row {
    int64_t id, at;
    const char *actor, *action, *type, *rid;
};

struct pending_list {
    struct easel_arena *a;
    struct pending_row *rows;
    size_t n, cap;
};

static int pending_fn(void *ctx, const struct easel_val *c, size_t n)
{
    struct pending_list *l = ctx;
    if (n < 6 || c[0].type != EASEL_V_INT || c[1].type != EASEL_V_INT)
        return EASEL_EDB;
    struct pending_row *r = easel__push(l->a, (void **)&l->rows, &l->n, &l->cap, sizeof(*r));
    if (!r)
        return EASEL_ENOMEM;
    r->id = c[0].i;
    r->at = c[1].i;
    r->actor = easel__dup(l->a, &c[2]);
    r->action = easel__dup(l->a, &c[3]);
    r->type = easel__dup(l->a, &c[4]);
    r->rid = easel__dup(l->a, &c[5]);
    return l->a->failed || !r->actor || !r->action || !r->type || !r->rid ? EASEL_ENOMEM : 0;
}

/* One transaction: up to SEAL_BATCH committed pending rows, in id order, linked from the head
   the log records (not from its last row: a log cut at the end keeps failing verification). */
#define SEAL_CHUNK 16 /* rows a statement */

static int seal_batch(struct easel_store *s, struct easel_arena *a, int64_t *sealed,
                      struct easel_error *err)
{
    struct pending_list l = {a, NULL, 0, 0};
    struct easel__last_row head = {0, "", 0};
    int rc = easel__begin(s, err); /* the chain's lock: one sealer, no writer, at a time */
    if (rc)
        return rc;
    if (s->ops->seal_mark_sql)
        rc = easel__run(s, s->ops->seal_mark_sql, NULL, 0, NULL, err);
    struct easel_val lim = easel_vint(SEAL_BATCH);
    if (!rc)
        rc = s->ops->exec(s,
                          "SELECT id, at, actor, action, record_type, record_id FROM audit_pending"
                          " ORDER BY id LIMIT $1",
                          &lim, 1, pending_fn, &l, NULL, err);
    if (rc == EASEL_ENOMEM)
        rc = easel_error_set(err, rc, "audit_pending", "", "out of memory");
    if (!rc && l.n)
        rc = s->ops->exec(s, "SELECT id, hash FROM audit_head", NULL, 0, easel__last_row_fn, &head,
                          NULL, err);
    if (!rc && l.n && !head.found)
        rc = easel_error_set(err, EASEL_EINVAL, "audit_head", "", "the head row is missing");
    /* SEAL_CHUNK rows a statement: one INSERT into the log and one DELETE from the pending
       table for many rows (a round trip each per row made the sealer PostgreSQL's busiest
       client). Placeholders only: every value is bound. */
    char(*hashes)[65] = l.n ? easel_arena_alloc(a, l.n * sizeof(*hashes)) : NULL;
    if (!rc && l.n && !hashes)
        rc = easel_error_set(err, EASEL_ENOMEM, "audit_pending", "", "out of memory");
    for (size_t at = 0; !rc && at < l.n; at += SEAL_CHUNK) {
        size_t n = l.n - at < SEAL_CHUNK ? l.n - at : SEAL_CHUNK;
        struct easel_val p[SEAL_CHUNK * 8], ids[SEAL_CHUNK];
        char ins[160 + SEAL_CHUNK * 72], del[64 + SEAL_CHUNK * 8];
        size_t li = (size_t)snprintf(ins, sizeof(ins), "%s",
                                     "INSERT INTO audit_log (id, at, actor, action, record_type,"
                                     " record_id, prev_hash, hash) VALUES ");
        size_t ld =
            (size_t)snprintf(del, sizeof(del), "%s", "DELETE FROM audit_pending WHERE id IN (");
        for (size_t i = 0; i < n; i++) {
            const struct pending_row *r = &l.rows[at + i];
            int64_t next = head.id + 1;
            char *hash = hashes[at + i];
            easel__audit_hash(next, r->at, r->actor, r->action, r->type, r->rid, head.hash, hash);
            struct easel_val *v = &p[8 * i];
            v[0] = easel_vint(next);
            v[1] = easel_vint(r->at);
            v[2] = easel_vtext(r->actor);
            v[3] = easel_vtext(r->action);
            v[4] = easel_vtext(r->type);
            v[5] = easel_vtext(r->rid);
            /* the previous row's hash: head.hash changes below, so the first row's is copied */
            v[6] =
                easel_vtext(at + i ? hashes[at + i - 1] : easel_arena_printf(a, "%s", head.hash));
            v[7] = easel_vtext(hash);
            size_t k = 8 * i + 1;
            li += (size_t)snprintf(
                ins + li, sizeof(ins) - li, "%s($%zu, $%zu, $%zu, $%zu, $%zu, $%zu, $%zu, $%zu)",
                i ? ", " : "", k, k + 1, k + 2, k + 3, k + 4, k + 5, k + 6, k + 7);
            ids[i] = easel_vint(r->id);
            ld += (size_t)snprintf(del + ld, sizeof(del) - ld, "%s$%zu", i ? ", " : "", i + 1);
            head.id = next;
            memcpy(head.hash, hash, 65);
        }
        snprintf(del + ld, sizeof(del) - ld, ")");
        rc = easel__run(s, ins, p, 8 * n, NULL, err);
        int64_t gone = 0;
        if (!rc)
            rc = easel__run(s, del, ids, n, &gone, err);
        if (!rc && gone != (int64_t)n) /* no other sealer can take them: it holds the lock */
            rc = easel_error_set(err, EASEL_EDB, "audit_pending", "id",
                                 "unsealed rows vanished while they were sealed (%lld of %zu)",
                                 (long long)gone, n);
    }
    struct easel_val h[] = {easel_vint(head.id), easel_vtext(head.hash)};
    if (!rc && l.n)
        rc = easel__run(s, "UPDATE audit_head SET id = $1, hash = $2", h, 2, NULL, err);
    rc = easel__end(s, rc, err);
    if (!rc)
        *sealed = (int64_t)l.n;
    return rc;
}

int easel_audit_seal(struct easel_store *s, int64_t *sealed, struct easel_error *err)
{
    if (sealed)
        *sealed = 0;
    if (s->in_tx)
        return easel_error_set(err, EASEL_EINVAL, "audit", "", "sealing inside a transaction");
    int rc = 0;
    /* batches until one is not full; where every transaction holds the chain's lock (SQLite)
       no row is ever left unsealed, and there is nothing to look for */
    for (int64_t n = SEAL_BATCH; s->ops->chain_lock_sql && !rc && n == SEAL_BATCH;) {
        struct easel_arena a;
        easel_arena_init(&a);
        n = 0;
        rc = seal_batch(s, &a, &n, err);
        easel_arena_release(&a);
        if (!rc && sealed)
            *sealed += n;
    }
    if (!rc && s->ops->sync) /* reads' audit rows committed without an fsync (SQLite) */
        rc = s->ops->sync(s, err);
    return rc;
}

int easel_store_check(struct easel_store *s, struct easel_error *err)
{
    return s->ops->check(s, err);
}

int easel_store_backup(struct easel_store *s, const char *dest, struct easel_error *err)
{
    return s->ops->backup(s, dest, err);
}

int easel_audit_count(struct easel_store *s, const char *action, const char *type, int64_t id,
                      int64_t *count, struct easel_error *err)
{
    char rid[24];
    snprintf(rid, sizeof(rid), "%lld", (long long)id);
    struct easel_val p[] = {easel_vtext(action), easel_vtext(type), easel_vtext(rid)};
    int found = 0;
    *count = 0;
    /* sealed or not yet */
    return easel__int(s,
                      "SELECT (SELECT COUNT(*) FROM audit_log WHERE action = $1 AND"
                      " record_type = $2 AND record_id = $3) + (SELECT COUNT(*) FROM"
                      " audit_pending WHERE action = $1 AND record_type = $2 AND record_id = $3)",
                      p, 3, count, &found, err);
}

struct actor_row {
    struct easel_arena *a;
    const char *actor;
    int64_t at;
};

static int actor_row_fn(void *ctx, const struct easel_val *c, size_t n)
{
    struct actor_row *r = ctx;
    if (n < 2)
        return EASEL_EDB;
    r->actor = easel__dup(r->a, &c[0]);
    r->at = c[1].i;
    return r->actor ? 0 : EASEL_ENOMEM;
}

int easel_audit_last(struct easel_store *s, const char *action, const char *type, int64_t id,
                     struct easel_arena *a, const char **actor, int64_t *at,
                     struct easel_error *err)
{
    char rid[24];
    snprintf(rid, sizeof(rid), "%lld", (long long)id);
    struct easel_val p[] = {easel_vtext(action), easel_vtext(type), easel_vtext(rid)};
    struct actor_row r = {a, NULL, 0};
    int rc = s->ops->exec(s,
                          /* an unsealed row comes after every sealed one */
                          "SELECT actor, at, 1 AS k, id FROM audit_pending WHERE action = $1 AND"
                          " record_type = $2 AND record_id = $3 UNION ALL SELECT actor, at, 0,"
                          " id FROM audit_log WHERE action = $1 AND record_type = $2 AND"
                          " record_id = $3 ORDER BY 3 DESC, 4 DESC LIMIT 1",
                          p, 3, actor_row_fn, &r, NULL, err);
    if (rc)
        return rc == EASEL_ENOMEM ? easel_error_set(err, rc, "audit", "", "out of memory") : rc;
    *actor = r.actor;
    *at = r.at;
    return 0;
}

int easel_store_audit(struct easel_store *s, const char *action, const char *type, int64_t id,
                      struct easel_error *err)
{
    int rc = easel__begin_read(s, err);
    if (rc)
        return rc;
    return easel__end(s, easel__audit(s, action, type, id, err), err);
}
