/*
 * store/pg_stmts.c — the PostgreSQL backend's per-connection statement memory (pg_stmts.h): an
 * open-addressing table of SQL texts (FNV-1a, linear probing, never more than half full, no
 * deletion: a failed text stays, marked never to be prepared).
 *
 * Owns: the table and a copy of each text. Borrows: sql during a call.
 * Fails: never; a text that cannot be copied is not remembered and runs unnamed.
 */
#include "pg_stmts.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS (2 * PG_STMTS_MAX) /* a power of two */

enum state { SEEN = 1, PREPARED, BROKEN };

struct slot {
    char *sql; /* NULL: empty */
    uint32_t hash;
    unsigned char state;
    unsigned id; /* the name is "easel_<id>" */
};

struct pg_stmts {
    struct slot slots[SLOTS];
    size_t known, prepared;
    unsigned next_id; /* never reused on one connection, even across a reset */
};

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Statements worth a plan of their own; anything else (SET, BEGIN, DDL) always runs unnamed. */
static int keepable(const char *sql)
{
    static const char *const kinds[] = {"SELECT ", "INSERT ", "UPDATE ", "DELETE ", "WITH "};
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (strncmp(sql, kinds[i], strlen(kinds[i])) == 0)
            return 1;
    return 0;
}

/* sql's slot, or the empty slot where it would go */
static struct slot *find(struct pg_stmts *c, const char *sql, uint32_t h)
{
    for (size_t i = h & (SLOTS - 1);; i = (i + 1) & (SLOTS - 1)) {
        struct slot *s = &c->slots[i];
        if (!s->sql || (s->hash == h && strcmp(s->sql, sql) == 0))
            return s;
    }
}

struct pg_stmts *pg_stmts_new(void)
{
    return calloc(1, sizeof(struct pg_stmts));
}

void pg_stmts_clear(struct pg_stmts *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < SLOTS; i++) {
        free(c->slots[i].sql);
        c->slots[i] = (struct slot){0};
    }
    c->known = c->prepared = 0;
}

void pg_stmts_free(struct pg_stmts *c)
{
    pg_stmts_clear(c);
    free(c);
}

enum pg_stmt_how pg_stmts_use(struct pg_stmts *c, const char *sql, char name[24])
{
    if (!c || !keepable(sql))
        return PG_STMT_UNNAMED;
    uint32_t h = fnv1a(sql);
    struct slot *s = find(c, sql, h);
    if (!s->sql) { /* first run: remembered, run unnamed */
        if (c->known < PG_STMTS_MAX && (s->sql = strdup(sql)) != NULL) {
            s->hash = h;
            s->state = SEEN;
            c->known++;
        }
        return PG_STMT_UNNAMED;
    }
    switch (s->state) {
    case SEEN:
        s->state = PREPARED;
        s->id = c->next_id++;
        c->prepared++;
        snprintf(name, 24, "easel_%u", s->id);
        return PG_STMT_PREPARE;
    case PREPARED:
        snprintf(name, 24, "easel_%u", s->id);
        return PG_STMT_NAMED;
    default:
        return PG_STMT_UNNAMED;
    }
}

void pg_stmts_failed(struct pg_stmts *c, const char *sql)
{
    if (!c || !keepable(sql))
        return;
    struct slot *s = find(c, sql, fnv1a(sql));
    if (s->sql && s->state == PREPARED) {
        s->state = BROKEN;
        c->prepared--;
    }
}

void pg_stmts_counts(const struct pg_stmts *c, size_t *known, size_t *prepared)
{
    *known = c ? c->known : 0;
    *prepared = c ? c->prepared : 0;
}
