/*
 * store/pg_stmts.h — internal: the PostgreSQL backend's memory of the statements one connection
 * has run, so that a statement run again is parsed and planned by the server once per connection
 * (a named prepared statement) instead of on every call.
 *
 * The rule: a statement's first run is unnamed, as before (a one-shot CLI command pays nothing);
 * its second run prepares it under a name of its own, and every later run executes that name.
 * Only plain SELECT, INSERT, UPDATE, DELETE and WITH statements are kept; at most PG_STMTS_MAX
 * texts are remembered per connection (the server keeps a plan for each named one), and past
 * that a new text simply runs unnamed. A statement whose preparing or named run failed is never
 * prepared again on that connection. A reset connection forgets everything (pg_stmts_clear).
 *
 * Owns: a copy of each remembered SQL text and the names. Borrows: nothing past a call.
 * Fails: never; out of memory means the text is not remembered and runs unnamed.
 * Threads: one cache per connection, used by the thread that holds the connection.
 */
#ifndef EASEL_STORE_PG_STMTS_H
#define EASEL_STORE_PG_STMTS_H

#include <stddef.h>

#define PG_STMTS_MAX 256 /* texts remembered per connection */

enum pg_stmt_how {
    PG_STMT_UNNAMED, /* run it unnamed (first run, not kept, cache full, or it failed before) */
    PG_STMT_PREPARE, /* prepare it as name, then run the name (pg_stmts_failed if either fails) */
    PG_STMT_NAMED,   /* run the prepared statement name */
};

struct pg_stmts;

struct pg_stmts *pg_stmts_new(void); /* NULL when out of memory (every statement runs unnamed) */
void pg_stmts_free(struct pg_stmts *c);
/* The connection was reset: the server no longer has any of the names. */
void pg_stmts_clear(struct pg_stmts *c);
/* How to run sql now; name (PG_STMT_PREPARE, PG_STMT_NAMED) receives its statement name. A NULL
   cache answers PG_STMT_UNNAMED. After PG_STMT_PREPARE the text counts as prepared. */
enum pg_stmt_how pg_stmts_use(struct pg_stmts *c, const char *sql, char name[24]);
/* Preparing or running sql's name failed: run it unnamed from now on. */
void pg_stmts_failed(struct pg_stmts *c, const char *sql);
/* Texts remembered, and how many of them are prepared (tests). */
void pg_stmts_counts(const struct pg_stmts *c, size_t *known, size_t *prepared);

#endif
