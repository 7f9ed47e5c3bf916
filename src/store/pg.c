/*
 * store/pg.c — the PostgreSQL backend (clinics) over libpq: one connection per store, a session
 * in UTC and UTF-8 with notices below WARNING off (and none printed: the notice processor is
 * silent), parameters sent as text (ints, text) or binary (blobs), results read as text and
 * decoded by column type (int2/int4/int8/bool -> int, bytea -> blob, anything else -> text),
 * writers (and the audit sealer) serialised by a transaction-scoped advisory lock that the
 * record layer takes (chain_lock_sql) so the audit hash chain stays linear across servers while
 * readers take none, and triggers that make signed plans immutable, the audit log append-only
 * and its unsealed rows removable by the sealer only.
 *
 * Parameter types are left to the server, which infers them from where each $n stands (blobs
 * are sent as BYTEA); write $1::bigint where the context does not fix a type.
 *
 * Owns: struct pg and its PGconn (impl, freed by close); every PGresult and decoded bytea for
 * the length of one call. Borrows: the connection URI during open only; it is never copied into
 * a message and any password in it is masked out of libpq's messages. Row values passed to a
 * callback are valid only during that call.
 * Fails: EASEL_EDB for server errors and lost connections. A lost connection is reset once (one
 * PQreset) and the failing call is still reported, never retried; when it was lost inside a
 * transaction every call but rollback fails until rollback is called, and a COMMIT cut off
 * says its outcome is unknown. EASEL_ECONFLICT for SQLSTATE 23505, EASEL_EREADONLY for easel's
 * immutable/append-only triggers (P0001), EASEL_EINVAL for other integrity violations (23xxx),
 * for COPY and for backup (use pg_dump), EASEL_ETOOBIG for a blob over 2 GiB, EASEL_ENOMEM.
 */
#include "easel/util.h"
#include "driver.h"
#include "pg_stmts.h"

#include <libpq-fe.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* pg_type OIDs (catalog/pg_type_d.h is a server header) */
enum { PG_BOOL = 16, PG_BYTEA = 17, PG_INT8 = 20, PG_INT2 = 21, PG_INT4 = 23 };

#define WHERE "postgresql"
#define MAX_PARAMS 65535 /* the protocol's limit */
#define SESSION_SQL                                                                                \
    "SET client_min_messages = warning; SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8'"
#define CHAIN_LOCK_SQL "SELECT pg_advisory_xact_lock(7007001)"
#define SEAL_MARK_SQL "SET LOCAL easel.sealing = 'on'"
/* the two-key form: its key space is apart from CHAIN_LOCK_SQL's single bigint */
#define KEY_LOCK_SQL "SELECT pg_advisory_xact_lock(7007002, hashtext($1))"

struct pg {
    PGconn *conn;
    int in_tx;         /* begin succeeded; neither commit nor rollback has run since */
    int tx_lost;       /* the connection dropped inside that transaction: only rollback helps */
    int begin_pending; /* begin succeeded and BEGIN goes with the first statement (pipeline) */
    struct pg_stmts *stmts; /* statements run before on this connection (pg_stmts.h) */
};

/* ---- messages ---- */

/* src on one line (libpq ends messages with a newline and indents with tabs) into dst */
static void oneline(char *dst, size_t size, const char *src)
{
    size_t o = 0;
    for (const char *p = src ? src : ""; *p && o + 1 < size; p++) {
        char ch = (*p == '\n' || *p == '\r' || *p == '\t') ? ' ' : *p;
        if (ch == ' ' && (o == 0 || dst[o - 1] == ' '))
            continue;
        dst[o++] = ch;
    }
    while (o > 0 && dst[o - 1] == ' ')
        o--;
    dst[o] = '\0';
}

/* Overwrite every occurrence of secret[0, len) in msg with '*'. */
static void mask_span(char *msg, const char *secret, size_t len)
{
    size_t n = strlen(msg);
    if (len == 0 || len > n)
        return;
    for (size_t i = 0; i + len <= n; i++) {
        if (memcmp(msg + i, secret, len) == 0) {
            memset(msg + i, '*', len);
            i += len - 1;
        }
    }
}

/* Mask secret as written and percent-decoded (the way libpq decodes URI components). */
static void mask_both(char *msg, const char *secret, size_t len)
{
    char dec[256];
    size_t o = 0;
    mask_span(msg, secret, len);
    for (size_t i = 0; i < len && o < sizeof(dec); i++) {
        int hi = secret[i] == '%' && i + 2 < len ? easel_hex_digit(secret[i + 1]) : -1;
        int lo = hi >= 0 ? easel_hex_digit(secret[i + 2]) : -1;
        if (lo >= 0) {
            dec[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            dec[o++] = secret[i];
        }
    }
    mask_span(msg, dec, o);
}

/* Mask the passwords a connection target carries (user:password@ in a URI, password=... in its
   query or in a key=value string). Returns -1 when the URI's credentials are ambiguous (two
   '@'), where libpq would echo part of the password as a host name: say nothing of it then. */
static int mask_target(char *msg, const char *target)
{
    const char *auth = strstr(target, "://");
    if (auth) {
        auth += 3;
        size_t alen = strcspn(auth, "/?");
        const char *first = memchr(auth, '@', alen), *last = NULL;
        for (const char *p = auth; p < auth + alen; p++)
            if (*p == '@')
                last = p;
        if (first != last)
            return -1;
        const char *colon = first ? memchr(auth, ':', (size_t)(first - auth)) : NULL;
        if (colon)
            mask_both(msg, colon + 1, (size_t)(first - colon - 1));
    }
    for (const char *p = target; (p = strstr(p, "password=")) != NULL;) {
        p += strlen("password=");
        size_t n = *p == '\'' ? strcspn(++p, "'") : strcspn(p, "& \t\n");
        mask_both(msg, p, n);
        p += n;
    }
    return 0;
}

/* A failure to connect, with libpq's message freed of the password. */
static int conn_fail(struct easel_error *err, const char *what, const char *libpq_msg,
                     const char *target, const char *password)
{
    char msg[256];
    oneline(msg, sizeof(msg), libpq_msg);
    if (target && mask_target(msg, target) != 0)
        snprintf(msg, sizeof(msg), "the URI has two '@': write an '@' in a password as %%40");
    if (password)
        mask_span(msg, password, strlen(password));
    return easel_error_set(err, EASEL_EDB, WHERE, "", "%s: %s", what, msg);
}

/* ---- the connection ---- */

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static int session_setup(PGconn *conn, struct easel_error *err)
{
    PGresult *res = PQexec(conn, SESSION_SQL);
    int rc = 0;
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        char msg[200];
        oneline(msg, sizeof(msg), res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
        rc = easel_error_set(err, EASEL_EDB, WHERE, "", "session setup failed: %s", msg);
    }
    PQclear(res);
    return rc;
}

/* One PQreset (the session settings go with the old connection); 0 when it works again. */
static int reconnect(struct pg *g)
{
    pg_stmts_clear(g->stmts); /* a new server session has none of the prepared names */
    g->begin_pending = 0;
    PQreset(g->conn);
    if (PQstatus(g->conn) != CONNECTION_OK)
        return -1;
    if (PQpipelineStatus(g->conn) != PQ_PIPELINE_OFF && !PQexitPipelineMode(g->conn))
        return -1;
    return session_setup(g->conn, NULL) ? -1 : 0;
}

/* Before every call: refuse while a lost transaction is not rolled back; reconnect once when
   an earlier reset failed (nothing has been sent yet, so this retries no statement). */
static int ready(struct pg *g, struct easel_error *err)
{
    if (!g || !g->conn)
        return easel_error_set(err, EASEL_EDB, WHERE, "", "the store is not open");
    if (!g->tx_lost && PQstatus(g->conn) == CONNECTION_OK)
        return 0;
    if (g->tx_lost || g->in_tx) {
        g->tx_lost = 1;
        return easel_error_set(err, EASEL_EDB, WHERE, "",
                               "the connection to the database was lost inside a transaction: "
                               "roll it back and start again");
    }
    if (reconnect(g) == 0)
        return 0;
    return conn_fail(err, "the connection to the database is lost and reconnecting failed",
                     PQerrorMessage(g->conn), NULL, PQpass(g->conn));
}

static int lost(const PGconn *conn, const char *state)
{
    return PQstatus(conn) == CONNECTION_BAD || strncmp(state, "08", 2) == 0 ||
           strcmp(state, "57P01") == 0 || strcmp(state, "57P02") == 0;
}

/* Map a failed result to an EASEL_E* code; on a lost connection, reset it once. */
static int fail(struct pg *g, const PGresult *res, int committing, struct easel_error *err)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    char msg[200];
    if (!state)
        state = "";
    if (primary)
        oneline(msg, sizeof(msg), primary);
    else
        oneline(msg, sizeof(msg), res ? PQresultErrorMessage(res) : PQerrorMessage(g->conn));
    if (!msg[0])
        snprintf(msg, sizeof(msg), "unexpected result %s",
                 PQresStatus(res ? PQresultStatus(res) : PGRES_FATAL_ERROR));

    if (lost(g->conn, state)) {
        const char *tx = "";
        if (committing) {
            tx = "; whether the transaction committed is unknown";
            g->in_tx = 0;
        } else if (g->in_tx) {
            tx = "; the open transaction was rolled back";
            g->tx_lost = 1;
        }
        int back = reconnect(g) == 0;
        return easel_error_set(err, EASEL_EDB, WHERE, "",
                               "the connection to the database was lost (%s%s): %s",
                               back ? "reconnected" : "reconnecting failed", tx, msg);
    }
    const char *column = res ? PQresultErrorField(res, PG_DIAG_COLUMN_NAME) : NULL;
    const char *constraint = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : NULL;
    const char *field = column ? column : constraint ? constraint : "";
    if (strcmp(state, "23505") == 0)
        return easel_error_set(err, EASEL_ECONFLICT, WHERE, field, "%s", msg);
    if (strcmp(state, "P0001") == 0 && (strstr(msg, "immutable") || strstr(msg, "append-only")))
        return easel_error_set(err, EASEL_EREADONLY, WHERE, field, "%s", msg);
    if (strncmp(state, "23", 2) == 0)
        return easel_error_set(err, EASEL_EINVAL, WHERE, field, "%s", msg);
    if (!state[0])
        return easel_error_set(err, EASEL_EDB, WHERE, "", "%s", msg);
    return easel_error_set(err, EASEL_EDB, WHERE, "", "%s (SQLSTATE %s)", msg, state);
}

/* A COPY left open would wedge the connection: end it and drain its results. */
static void end_copy(PGconn *conn, ExecStatusType st)
{
    if (st == PGRES_COPY_IN) {
        PQputCopyEnd(conn, "easel does not support COPY");
    } else {
        char *buf = NULL;
        while (PQgetCopyData(conn, &buf, 0) > 0) {
            PQfreemem(buf);
            buf = NULL;
        }
    }
    PGresult *r;
    while ((r = PQgetResult(conn)) != NULL)
        PQclear(r);
}

static int check_result(struct pg *g, const PGresult *res, int committing, struct easel_error *err)
{
    ExecStatusType st = PQresultStatus(res);
    switch (st) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY:
        return 0;
    case PGRES_COPY_IN:
    case PGRES_COPY_OUT:
    case PGRES_COPY_BOTH:
        end_copy(g->conn, st);
        return easel_error_set(err, EASEL_EINVAL, WHERE, "", "COPY is not supported");
    default:
        return fail(g, res, committing, err);
    }
}

/* ---- open, close ---- */

static int pg_open(struct easel_store *s, const char *target, struct easel_error *err)
{
    struct pg *g = NULL;
    char *parse_msg = NULL;
    int rc = 0;
    PQconninfoOption *opts = PQconninfoParse(target, &parse_msg);
    if (!opts) {
        rc = conn_fail(err, "invalid connection URI", parse_msg ? parse_msg : "out of memory",
                       target, NULL);
        goto out;
    }
    g = calloc(1, sizeof(*g));
    if (g)
        g->conn = PQconnectdb(target);
    if (!g || !g->conn) {
        rc = easel_error_set(err, EASEL_ENOMEM, WHERE, "", "out of memory");
        goto out;
    }
    if (PQstatus(g->conn) != CONNECTION_OK) {
        rc = conn_fail(err, "cannot connect to the database", PQerrorMessage(g->conn), target,
                       PQpass(g->conn));
        goto out;
    }
    PQsetNoticeProcessor(g->conn, quiet, NULL);
    g->stmts = pg_stmts_new(); /* NULL: every statement runs unnamed, which still works */
    rc = session_setup(g->conn, err);
    if (rc)
        goto out;
    s->impl = g;
    g = NULL;
out:
    if (g) {
        PQfinish(g->conn);
        pg_stmts_free(g->stmts);
        free(g);
    }
    PQconninfoFree(opts);
    PQfreemem(parse_msg);
    return rc;
}

static void pg_close(struct easel_store *s)
{
    struct pg *g = s->impl;
    if (!g)
        return;
    PQfinish(g->conn);
    pg_stmts_free(g->stmts);
    free(g);
    s->impl = NULL;
}

/* ---- exec ---- */

struct params {
    Oid *types;
    const char **values;
    int *lengths, *formats;
    char (*ints)[24];
};

static void params_release(struct params *p)
{
    free(p->types);
    free(p->values);
    free(p->lengths);
    free(p->formats);
    free(p->ints);
}

/* ints as decimal text, text as text, blobs as binary BYTEA, NULL as a null pointer */
static int params_build(struct params *p, const struct easel_val *v, size_t n,
                        struct easel_error *err)
{
    if (n == 0)
        return 0;
    if (n > MAX_PARAMS)
        return easel_error_set(err, EASEL_EINVAL, WHERE, "", "more than %d parameters", MAX_PARAMS);
    p->types = calloc(n, sizeof(*p->types));
    p->values = calloc(n, sizeof(*p->values));
    p->lengths = calloc(n, sizeof(*p->lengths));
    p->formats = calloc(n, sizeof(*p->formats));
    p->ints = calloc(n, sizeof(*p->ints));
    if (!p->types || !p->values || !p->lengths || !p->formats || !p->ints)
        return easel_error_set(err, EASEL_ENOMEM, WHERE, "", "out of memory");
    for (size_t i = 0; i < n; i++) {
        switch (v[i].type) {
        case EASEL_V_INT:
            snprintf(p->ints[i], sizeof(p->ints[i]), "%lld", (long long)v[i].i);
            p->values[i] = p->ints[i];
            break;
        case EASEL_V_TEXT:
            p->values[i] = v[i].p; /* NUL-terminated; a null pointer is SQL NULL */
            break;
        case EASEL_V_BLOB:
            if (v[i].len > INT_MAX)
                return easel_error_set(err, EASEL_ETOOBIG, WHERE, "",
                                       "parameter $%zu: blob of %zu bytes", i + 1, v[i].len);
            p->types[i] = PG_BYTEA;
            p->values[i] = v[i].p ? v[i].p : ""; /* a null pointer would be SQL NULL */
            p->lengths[i] = (int)v[i].len;
            p->formats[i] = 1;
            break;
        case EASEL_V_NULL:
            break;
        }
    }
    return 0;
}

/* One text-format cell as an easel value; a bytea is decoded into *owned (caller frees). */
static int decode(const PGresult *res, int row, int col, struct easel_val *v, unsigned char **owned,
                  struct easel_error *err)
{
    memset(v, 0, sizeof(*v));
    if (PQgetisnull(res, row, col)) {
        v->type = EASEL_V_NULL;
        return 0;
    }
    const char *text = PQgetvalue(res, row, col);
    switch (PQftype(res, col)) {
    case PG_BOOL:
        v->type = EASEL_V_INT;
        v->i = text[0] == 't';
        return 0;
    case PG_INT2:
    case PG_INT4:
    case PG_INT8: {
        char *end = NULL;
        errno = 0;
        long long x = strtoll(text, &end, 10);
        if (errno || end == text || *end)
            return easel_error_set(err, EASEL_EDB, WHERE, PQfname(res, col),
                                   "not an integer: \"%.32s\"", text);
        v->type = EASEL_V_INT;
        v->i = (int64_t)x;
        return 0;
    }
    case PG_BYTEA: {
        size_t len = 0;
        *owned = PQunescapeBytea((const unsigned char *)text, &len);
        if (!*owned)
            return easel_error_set(err, EASEL_ENOMEM, WHERE, PQfname(res, col), "out of memory");
        v->type = EASEL_V_BLOB;
        v->p = (const char *)*owned;
        v->len = len;
        return 0;
    }
    default:
        v->type = EASEL_V_TEXT;
        v->p = text;
        v->len = (size_t)PQgetlength(res, row, col);
        return 0;
    }
}

/* Hand every row to fn; a non-zero return from fn stops and is returned. */
static int deliver(const PGresult *res, easel_row_fn fn, void *ctx, struct easel_error *err)
{
    int rows = PQntuples(res), cols = PQnfields(res), rc = 0;
    if (!fn || rows == 0)
        return 0;
    size_t n = cols > 0 ? (size_t)cols : 1;
    struct easel_val *vals = calloc(n, sizeof(*vals));
    unsigned char **owned = calloc(n, sizeof(*owned));
    if (!vals || !owned) {
        rc = easel_error_set(err, EASEL_ENOMEM, WHERE, "", "out of memory");
        goto out;
    }
    for (int r = 0; r < rows && !rc; r++) {
        for (int c = 0; c < cols && !rc; c++)
            rc = decode(res, r, c, &vals[c], &owned[c], err);
        if (!rc)
            rc = fn(ctx, vals, (size_t)cols);
        for (int c = 0; c < cols; c++) {
            PQfreemem(owned[c]);
            owned[c] = NULL;
        }
    }
out:
    free(vals);
    free(owned);
    return rc;
}

/* Rows inserted, updated, deleted or merged; 0 for anything else (a SELECT too). */
static int64_t affected(PGresult *res)
{
    const char *cmd = PQcmdStatus(res);
    static const char *const writes[] = {"INSERT ", "UPDATE ", "DELETE ", "MERGE "};
    for (size_t i = 0; i < sizeof(writes) / sizeof(writes[0]); i++)
        if (strncmp(cmd, writes[i], strlen(writes[i])) == 0)
            return (int64_t)strtoll(PQcmdTuples(res), NULL, 10);
    return 0;
}

/* A named statement the server no longer knows (26000) or can no longer run as planned
   (0A000, "cached plan must not change result type", after another server changed a table). */
static int stale(const PGresult *res)
{
    const char *state =
        PQresultStatus(res) == PGRES_FATAL_ERROR ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    return state && (strcmp(state, "26000") == 0 || strcmp(state, "0A000") == 0);
}

/* One statement, unnamed or as a prepared statement of this connection (pg_stmts.h): parsed
   and planned by the server once per connection for the statements a server runs again and
   again. Not inside a failed transaction, where preparing fails too. */
static PGresult *run(struct pg *g, const char *sql, const struct params *p, int n)
{
    char name[24];
    enum pg_stmt_how how = PQtransactionStatus(g->conn) == PQTRANS_INERROR
                               ? PG_STMT_UNNAMED
                               : pg_stmts_use(g->stmts, sql, name);
    if (how == PG_STMT_PREPARE) {
        PGresult *pr = PQprepare(g->conn, name, sql, n, p->types);
        if (PQresultStatus(pr) != PGRES_COMMAND_OK) { /* its error is the statement's */
            pg_stmts_failed(g->stmts, sql);
            return pr;
        }
        PQclear(pr);
    }
    if (how != PG_STMT_UNNAMED) {
        PGresult *res = PQexecPrepared(g->conn, name, n, p->values, p->lengths, p->formats, 0);
        if (!stale(res))
            return res;
        /* unnamed from now on; run again at once when no transaction was open (the failed
           run changed nothing), else the caller's transaction fails as any failed statement */
        pg_stmts_failed(g->stmts, sql);
        if (PQtransactionStatus(g->conn) != PQTRANS_IDLE)
            return res;
        PQclear(res);
    }
    return PQexecParams(g->conn, sql, n, p->types, p->values, p->lengths, p->formats, 0);
}

/* ---- pipelines: several statements in one round trip (libpq's pipeline mode) ---- */

/* Queue one statement in the pipeline, unnamed or prepared (pg_stmts.h); 0 when libpq refused
   (the connection is gone). *steps counts the results it will give. */
static int pipe_send(struct pg *g, const char *sql, const struct params *p, int n, int *steps,
                     char name[24], enum pg_stmt_how *how)
{
    PGconn *c = g->conn;
    *how = pg_stmts_use(g->stmts, sql, name);
    if (*how == PG_STMT_PREPARE) {
        if (!PQsendPrepare(c, name, sql, n, p->types))
            return 0;
        ++*steps;
    }
    ++*steps;
    if (*how == PG_STMT_UNNAMED)
        return PQsendQueryParams(c, sql, n, p->types, p->values, p->lengths, p->formats, 0);
    return PQsendQueryPrepared(c, name, n, p->values, p->lengths, p->formats, 0);
}

/* Send the sync, read the first result of each of the n queued statements into res (NULL where
   the connection was lost first) up to the sync, and leave pipeline mode. -1 when libpq could
   not leave it (the connection is then reset). */
static int pipe_finish(struct pg *g, int sent, PGresult **res, int n)
{
    PGconn *c = g->conn;
    if (sent && PQpipelineSync(c)) {
        int i = 0;
        for (int guard = 0; guard < 4 * n + 8; guard++) {
            PGresult *r = PQgetResult(c);
            if (!r) { /* the end of one statement's results, or of the connection */
                if (PQstatus(c) == CONNECTION_BAD)
                    break;
                i++;
                continue;
            }
            if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
                PQclear(r);
                break;
            }
            if (i < n && !res[i])
                res[i] = r;
            else
                PQclear(r);
        }
    }
    if (PQexitPipelineMode(c))
        return 0;
    if (PQstatus(c) == CONNECTION_OK) /* results left unread on a live connection: start over */
        (void)reconnect(g);
    return -1; /* on a broken one, fail() resets it */
}

/* The first of the n results that is not a success (NULL: lost), else the last; the others
   freed. */
static PGresult *pipe_answer(PGresult **res, int n)
{
    int pick = n - 1;
    for (int i = 0; i < n; i++) {
        ExecStatusType st = res[i] ? PQresultStatus(res[i]) : PGRES_FATAL_ERROR;
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
            pick = i;
            break;
        }
    }
    for (int i = 0; i < n; i++)
        if (i != pick)
            PQclear(res[i]);
    return res[pick];
}

/* BEGIN and the transaction's first statement in one round trip. A named statement found
   stale there is run again unnamed (the transaction held nothing yet). */
static PGresult *begin_and_run(struct pg *g, const char *sql, const struct params *p, int n)
{
    for (int attempt = 0;; attempt++) {
        PGresult *res[3] = {NULL, NULL, NULL};
        char name[24];
        enum pg_stmt_how how = PG_STMT_UNNAMED;
        int steps = 1;
        int sent = PQenterPipelineMode(g->conn) &&
                   PQsendQueryParams(g->conn, "BEGIN", 0, NULL, NULL, NULL, NULL, 0) &&
                   pipe_send(g, sql, p, n, &steps, name, &how);
        if (pipe_finish(g, sent, res, steps))
            return pipe_answer(res, steps); /* NULL or an error: fail() says what */
        if (how == PG_STMT_PREPARE && res[1] && PQresultStatus(res[1]) != PGRES_COMMAND_OK)
            pg_stmts_failed(g->stmts, sql);
        PGresult *last = res[steps - 1];
        if (how != PG_STMT_UNNAMED && stale(last)) {
            pg_stmts_failed(g->stmts, sql);
            if (attempt == 0) {
                for (int i = 0; i < steps; i++)
                    PQclear(res[i]);
                PQclear(PQexec(g->conn, "ROLLBACK"));
                continue;
            }
        }
        return pipe_answer(res, steps);
    }
}

static int pg_exec(struct easel_store *s, const char *sql, const struct easel_val *params,
                   size_t n_params, easel_row_fn fn, void *ctx, int64_t *changed,
                   struct easel_error *err)
{
    struct pg *g = s->impl;
    struct params p = {0};
    PGresult *res = NULL;
    if (changed)
        *changed = 0;
    int rc = ready(g, err);
    if (rc)
        goto out;
    rc = params_build(&p, params, n_params, err);
    if (rc)
        goto out;
    if (g->begin_pending) {
        g->begin_pending = 0;
        res = begin_and_run(g, sql, &p, (int)n_params);
    } else {
        res = run(g, sql, &p, (int)n_params);
    }
    rc = check_result(g, res, 0, err);
    if (rc)
        goto out;
    rc = deliver(res, fn, ctx, err);
    if (!rc && changed)
        *changed = affected(res);
out:
    PQclear(res);
    params_release(&p);
    return rc;
}

/* Statements read together in one pipeline (ops->exec_many), BEGIN in front when one is
   pending. A named statement found stale is prepared no more, and the whole read runs again
   once when nothing was held (the transaction began here, or there is none); inside the
   caller's transaction it fails the transaction, as in run(). */
#define PG_MANY_MAX 8

static int pg_exec_many(struct easel_store *s, const struct easel__read *q, size_t n,
                        struct easel_error *err)
{
    struct pg *g = s->impl;
    int rc = ready(g, err);
    if (rc)
        return rc;
    if (n > PG_MANY_MAX || PQtransactionStatus(g->conn) == PQTRANS_INERROR) {
        for (size_t i = 0; i < n && !rc; i++) /* one by one: rare, or already failing */
            rc = pg_exec(s, q[i].sql, q[i].params, q[i].n_params, q[i].fn, q[i].ctx, NULL, err);
        return rc;
    }
    struct params p[PG_MANY_MAX] = {{0}};
    for (size_t i = 0; i < n && !rc; i++)
        rc = params_build(&p[i], q[i].params, q[i].n_params, err);
    for (int attempt = 0; !rc; attempt++) {
        PGresult *res[1 + 2 * PG_MANY_MAX] = {NULL};
        int at[PG_MANY_MAX]; /* the step of each statement's result */
        char name[PG_MANY_MAX][24];
        enum pg_stmt_how how[PG_MANY_MAX];
        int began = g->begin_pending, steps = 0;
        g->begin_pending = 0;
        int sent = PQenterPipelineMode(g->conn) &&
                   (!began || PQsendQueryParams(g->conn, "BEGIN", 0, NULL, NULL, NULL, NULL, 0));
        steps += began;
        for (size_t i = 0; i < n; i++) {
            how[i] = PG_STMT_UNNAMED;
            sent =
                sent && pipe_send(g, q[i].sql, &p[i], (int)q[i].n_params, &steps, name[i], &how[i]);
            at[i] = steps - 1;
        }
        int finished = pipe_finish(g, sent, res, steps) == 0;
        int retry = 0;
        for (size_t i = 0; finished && i < n; i++) {
            if (how[i] == PG_STMT_PREPARE && res[at[i] - 1] &&
                PQresultStatus(res[at[i] - 1]) != PGRES_COMMAND_OK)
                pg_stmts_failed(g->stmts, q[i].sql);
            if (how[i] != PG_STMT_UNNAMED && stale(res[at[i]])) {
                pg_stmts_failed(g->stmts, q[i].sql);
                retry = attempt == 0 && (began || !g->in_tx);
            }
        }
        PGresult *bad = NULL; /* the first result that is not a success (NULL: lost) */
        int failed = 0;
        for (int i = 0; i < steps && !failed; i++) {
            ExecStatusType st = res[i] ? PQresultStatus(res[i]) : PGRES_FATAL_ERROR;
            if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
                bad = res[i];
                failed = 1;
            }
        }
        if (failed && retry) {
            for (int i = 0; i < steps; i++)
                PQclear(res[i]);
            if (began) {
                PQclear(PQexec(g->conn, "ROLLBACK"));
                g->begin_pending = 1;
            }
            continue;
        }
        if (failed)
            rc = check_result(g, bad, 0, err);
        for (size_t i = 0; i < n && !rc; i++)
            rc = deliver(res[at[i]], q[i].fn, q[i].ctx, err);
        for (int i = 0; i < steps; i++)
            PQclear(res[i]);
        break;
    }
    for (size_t i = 0; i < n; i++)
        params_release(&p[i]);
    return rc;
}

/* ---- transactions ---- */

static int pg_rollback(struct easel_store *s)
{
    struct pg *g = s->impl;
    if (!g || !g->conn)
        return 0;
    g->in_tx = 0;
    g->tx_lost = 0;
    g->begin_pending = 0; /* nothing was sent */
    PGTransactionStatusType ts = PQtransactionStatus(g->conn);
    if (ts == PQTRANS_IDLE || ts == PQTRANS_UNKNOWN) /* nothing open, or the server dropped it */
        return 0;
    PQclear(PQexec(g->conn, "ROLLBACK"));
    return 0;
}

static int pg_begin(struct easel_store *s, struct easel_error *err)
{
    struct pg *g = s->impl;
    int rc = ready(g, err);
    if (rc)
        return rc;
    /* BEGIN is sent with the first statement, in one round trip (begin_and_run); the chain's
       lock, when needed, is the record layer's (chain_lock_sql) */
    g->in_tx = 1;
    g->begin_pending = 1;
    return 0;
}

/* Sent before the COMMIT of a transaction that only records reads (s->tx_reads): the commit
   returns once its WAL is in the server's memory, and the WAL writer flushes it within a few
   tenths of a second (docs/store.md "Reads' audit rows and the disk"). */
#define READS_COMMIT_SQL "SET LOCAL synchronous_commit TO off"

static int pg_commit(struct easel_store *s, struct easel_error *err)
{
    struct pg *g = s->impl;
    if (g && g->begin_pending) { /* no statement ran: nothing was begun on the server */
        g->begin_pending = 0;
        g->in_tx = 0;
        return 0;
    }
    int rc = ready(g, err);
    if (rc)
        return rc;
    /* one round trip; not after an error (the SET would fail and the COMMIT not run) */
    bool lazy = s->tx_reads && PQtransactionStatus(g->conn) == PQTRANS_INTRANS;
    PGresult *res = PQexec(g->conn, lazy ? READS_COMMIT_SQL "; COMMIT" : "COMMIT");
    rc = check_result(g, res, 1, err);
    /* COMMIT of a transaction aborted by an earlier error succeeds as "ROLLBACK" */
    if (!rc && strcmp(PQcmdStatus(res), "COMMIT") != 0)
        rc = easel_error_set(err, EASEL_EDB, WHERE, "",
                             "the transaction was rolled back after an earlier error");
    g->in_tx = 0; /* over either way */
    PQclear(res);
    return rc;
}

/* The transaction's last statement (no rows) and its COMMIT in one round trip. A failed
   statement rolls the transaction back; a connection lost on the way says the outcome is
   unknown. */
static int pg_exec_commit(struct easel_store *s, const char *sql, const struct easel_val *params,
                          size_t n_params, struct easel_error *err)
{
    struct pg *g = s->impl;
    int rc;
    if (!g || g->begin_pending || !g->in_tx) { /* nothing begun on the server: two steps */
        rc = pg_exec(s, sql, params, n_params, NULL, NULL, NULL, err);
        if (rc) {
            pg_rollback(s);
            return rc;
        }
        return pg_commit(s, err);
    }
    struct params p = {0};
    rc = ready(g, err);
    if (!rc)
        rc = params_build(&p, params, n_params, err);
    if (rc) {
        params_release(&p);
        pg_rollback(s);
        return rc;
    }
    PGresult *res[4] = {NULL, NULL, NULL, NULL};
    char name[24];
    enum pg_stmt_how how = PG_STMT_UNNAMED;
    int steps = 0;
    int sent =
        PQenterPipelineMode(g->conn) && pipe_send(g, sql, &p, (int)n_params, &steps, name, &how);
    int at = steps - 1; /* the statement's result */
    if (s->tx_reads) {  /* the transaction records reads only */
        sent = sent && PQsendQueryParams(g->conn, READS_COMMIT_SQL, 0, NULL, NULL, NULL, NULL, 0);
        steps++;
    }
    sent = sent && PQsendQueryParams(g->conn, "COMMIT", 0, NULL, NULL, NULL, NULL, 0);
    steps++;
    pipe_finish(g, sent, res, steps);
    params_release(&p);
    if (how != PG_STMT_UNNAMED && at >= 0 &&
        ((how == PG_STMT_PREPARE && PQresultStatus(res[0]) != PGRES_COMMAND_OK) || stale(res[at])))
        pg_stmts_failed(g->stmts, sql);
    PGresult *answer = pipe_answer(res, steps); /* the first failure, else the COMMIT's */
    rc = check_result(g, answer, 1, err);
    /* COMMIT of a transaction aborted by an earlier error succeeds as "ROLLBACK" */
    if (!rc && strcmp(PQcmdStatus(answer), "COMMIT") != 0)
        rc = easel_error_set(err, EASEL_EDB, WHERE, "",
                             "the transaction was rolled back after an earlier error");
    PQclear(answer);
    if (rc)
        pg_rollback(s); /* a transaction left open and aborted by the failed statement */
    g->in_tx = 0;
    return rc;
}

/* ---- schema, backup, check ---- */

static const char *const v1_triggers[] = {
    "CREATE OR REPLACE FUNCTION easel_immutable() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN RAISE EXCEPTION USING ERRCODE = 'P0001',"
    " MESSAGE = 'easel: a signed plan is immutable'; END $$",
    "CREATE OR REPLACE FUNCTION easel_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN RAISE EXCEPTION USING ERRCODE = 'P0001',"
    " MESSAGE = 'easel: the audit log is append-only'; END $$",
    "DROP TRIGGER IF EXISTS plans_signed_immutable ON plans",
    "CREATE TRIGGER plans_signed_immutable BEFORE UPDATE OR DELETE ON plans FOR EACH ROW"
    " WHEN (OLD.status = 'signed') EXECUTE FUNCTION easel_immutable()",
    "DROP TRIGGER IF EXISTS plans_no_truncate ON plans",
    "CREATE TRIGGER plans_no_truncate BEFORE TRUNCATE ON plans FOR EACH STATEMENT"
    " EXECUTE FUNCTION easel_immutable()",
    "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW"
    " EXECUTE FUNCTION easel_append_only()",
    "DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT"
    " EXECUTE FUNCTION easel_append_only()",
    NULL};

/* A signed group note, its attendance rows and every member's copy are immutable (issue 12). */
static const char *const v4_triggers[] = {
    /* one function per table: PL/pgSQL does not stop at the first true test of an OR, and a
       record has only its own table's fields */
    "CREATE OR REPLACE FUNCTION easel_group_session_locked() RETURNS trigger LANGUAGE plpgsql"
    " AS $$ BEGIN IF OLD.status = 'signed' THEN RAISE EXCEPTION USING ERRCODE = 'P0001',"
    " MESSAGE = 'easel: a signed group note is immutable'; END IF;"
    " IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$",
    "CREATE OR REPLACE FUNCTION easel_group_copy_locked() RETURNS trigger LANGUAGE plpgsql"
    " AS $$ BEGIN IF OLD.group_session_id IS NOT NULL THEN RAISE EXCEPTION USING"
    " ERRCODE = 'P0001', MESSAGE = 'easel: a signed group note is immutable'; END IF;"
    " IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$",
    "CREATE OR REPLACE FUNCTION easel_group_attendance_locked() RETURNS trigger"
    " LANGUAGE plpgsql AS $$ BEGIN IF (SELECT status FROM group_sessions"
    " WHERE id = OLD.group_session_id) = 'signed' THEN RAISE EXCEPTION USING"
    " ERRCODE = 'P0001', MESSAGE = 'easel: a signed group note is immutable'; END IF;"
    " IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$",
    "CREATE OR REPLACE FUNCTION easel_addendum_locked() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN RAISE EXCEPTION USING ERRCODE = 'P0001',"
    " MESSAGE = 'easel: an addendum is immutable'; END $$",
    "DROP TRIGGER IF EXISTS group_sessions_locked ON group_sessions",
    "CREATE TRIGGER group_sessions_locked BEFORE UPDATE OR DELETE ON group_sessions"
    " FOR EACH ROW EXECUTE FUNCTION easel_group_session_locked()",
    "DROP TRIGGER IF EXISTS group_attendance_locked ON group_attendance",
    "CREATE TRIGGER group_attendance_locked BEFORE UPDATE OR DELETE ON group_attendance"
    " FOR EACH ROW EXECUTE FUNCTION easel_group_attendance_locked()",
    "DROP TRIGGER IF EXISTS sessions_group_copy_locked ON sessions",
    "CREATE TRIGGER sessions_group_copy_locked BEFORE UPDATE OR DELETE ON sessions"
    " FOR EACH ROW EXECUTE FUNCTION easel_group_copy_locked()",
    "DROP TRIGGER IF EXISTS session_addenda_locked ON session_addenda",
    "CREATE TRIGGER session_addenda_locked BEFORE UPDATE OR DELETE ON session_addenda"
    " FOR EACH ROW EXECUTE FUNCTION easel_addendum_locked()",
    "DROP TRIGGER IF EXISTS group_cosigns_locked ON group_cosigns",
    "CREATE TRIGGER group_cosigns_locked BEFORE UPDATE OR DELETE ON group_cosigns"
    " FOR EACH ROW EXECUTE FUNCTION easel_immutable()",
    "DROP TRIGGER IF EXISTS group_notes_no_truncate ON group_sessions",
    "CREATE TRIGGER group_notes_no_truncate BEFORE TRUNCATE ON group_sessions"
    " FOR EACH STATEMENT EXECUTE FUNCTION easel_addendum_locked()",
    NULL};

/* Signed session notes (issue 11): the group copies written before version 5 are marked
   signed, then one lock covers every signed note, group copy or not; earlier versions of a
   draft are history. */
static const char *const v5_triggers[] = {
    "DROP TRIGGER IF EXISTS sessions_group_copy_locked ON sessions",
    "UPDATE sessions SET status = 'signed', signed_by = g.signed_by, signed_at = g.signed_at"
    " FROM group_sessions g WHERE g.id = sessions.group_session_id",
    "CREATE OR REPLACE FUNCTION easel_session_locked() RETURNS trigger LANGUAGE plpgsql"
    " AS $$ BEGIN IF OLD.status = 'signed' THEN RAISE EXCEPTION USING ERRCODE = 'P0001',"
    " MESSAGE = 'easel: a signed session note is immutable'; END IF;"
    " IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$",
    "CREATE OR REPLACE FUNCTION easel_note_version_locked() RETURNS trigger LANGUAGE plpgsql"
    " AS $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'P0001',"
    " MESSAGE = 'easel: an earlier version of a note is immutable'; END $$",
    "CREATE OR REPLACE FUNCTION easel_sessions_no_truncate() RETURNS trigger LANGUAGE plpgsql"
    " AS $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'P0001',"
    " MESSAGE = 'easel: a signed session note is immutable'; END $$",
    "DROP TRIGGER IF EXISTS sessions_signed_locked ON sessions",
    "CREATE TRIGGER sessions_signed_locked BEFORE UPDATE OR DELETE ON sessions"
    " FOR EACH ROW EXECUTE FUNCTION easel_session_locked()",
    "DROP TRIGGER IF EXISTS sessions_no_truncate ON sessions",
    "CREATE TRIGGER sessions_no_truncate BEFORE TRUNCATE ON sessions"
    " FOR EACH STATEMENT EXECUTE FUNCTION easel_sessions_no_truncate()",
    "CREATE OR REPLACE FUNCTION easel_break_glass_locked() RETURNS trigger LANGUAGE plpgsql"
    " AS $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'P0001',"
    " MESSAGE = 'easel: a break-glass record is append-only'; END $$",
    "DROP TRIGGER IF EXISTS break_glass_locked ON break_glass",
    "CREATE TRIGGER break_glass_locked BEFORE UPDATE OR DELETE OR TRUNCATE ON break_glass"
    " FOR EACH STATEMENT EXECUTE FUNCTION easel_break_glass_locked()",
    "DROP TRIGGER IF EXISTS session_versions_locked ON session_versions",
    "CREATE TRIGGER session_versions_locked BEFORE UPDATE OR DELETE OR TRUNCATE ON"
    " session_versions FOR EACH STATEMENT EXECUTE FUNCTION easel_note_version_locked()",
    NULL};

/* Version 7: unsealed audit rows are never changed, and only the sealer (its transaction marks
   itself with SEAL_MARK_SQL) removes them, once they are in the chain. */
static const char *const v7_triggers[] = {
    "CREATE OR REPLACE FUNCTION easel_pending_locked() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN IF TG_OP = 'DELETE' AND current_setting('easel.sealing', true) = 'on' THEN"
    " RETURN OLD; END IF; RAISE EXCEPTION USING ERRCODE = 'P0001',"
    " MESSAGE = 'easel: the audit log is append-only'; END $$",
    "DROP TRIGGER IF EXISTS audit_pending_locked ON audit_pending",
    "CREATE TRIGGER audit_pending_locked BEFORE UPDATE OR DELETE ON audit_pending FOR EACH ROW"
    " EXECUTE FUNCTION easel_pending_locked()",
    "DROP TRIGGER IF EXISTS audit_pending_no_truncate ON audit_pending",
    "CREATE TRIGGER audit_pending_no_truncate BEFORE TRUNCATE ON audit_pending FOR EACH STATEMENT"
    " EXECUTE FUNCTION easel_append_only()",
    NULL};

static const char *const *pg_extra(int version)
{
    return version == 1   ? v1_triggers
           : version == 4 ? v4_triggers
           : version == 5 ? v5_triggers
           : version == 7 ? v7_triggers
                          : NULL;
}

static int pg_backup(struct easel_store *s, const char *dest, struct easel_error *err)
{
    (void)s;
    (void)dest;
    return easel_error_set(err, EASEL_EINVAL, WHERE, "", "use pg_dump for PostgreSQL backups");
}

static int is_one(void *ctx, const struct easel_val *cols, size_t n)
{
    int *ok = ctx;
    *ok = n == 1 && cols[0].type == EASEL_V_INT && cols[0].i == 1;
    return 0;
}

static int pg_check(struct easel_store *s, struct easel_error *err)
{
    int ok = 0;
    int rc = pg_exec(s, "SELECT 1", NULL, 0, is_one, &ok, NULL, err);
    if (!rc && !ok)
        rc = easel_error_set(err, EASEL_EDB, WHERE, "", "SELECT 1 gave an unexpected answer");
    return rc;
}

const struct easel_store_ops easel_store_postgresql = {
    .name = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .begin = pg_begin,
    .key_lock_sql = KEY_LOCK_SQL,
    .chain_lock_sql = CHAIN_LOCK_SQL,
    .seal_mark_sql = SEAL_MARK_SQL,
    .chain_append_sql = "WITH a AS (INSERT INTO audit_log (id, at, actor, action, record_type,"
                        " record_id, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8))"
                        " UPDATE audit_head SET id = $1, hash = $8",
    .commit = pg_commit,
    .exec_commit = pg_exec_commit,
    .exec_many = pg_exec_many,
    .rollback = pg_rollback,
    .id_type = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    .blob_type = "BYTEA",
    .extra_ddl = pg_extra,
    .backup = pg_backup,
    .check = pg_check,
};
