/*
 * tests/store_fixture.h — a fresh, empty store for a test case on the backend the test runs
 * against: a new SQLite file under /tmp, or a new schema on the PostgreSQL server named by
 * EASEL_TEST_PG (selected through libpq's options parameter). sf_cleanup removes every file or
 * schema the run made (sf_fresh makes one without opening it, sf_reopen opens it again). sf_main
 * runs a test's cases: 77 (skipped) for postgresql without EASEL_TEST_PG. sf_rated_session adds
 * a session with rated objectives.
 *
 * Owns: the files and schemas it makes, until sf_cleanup. Borrows: nothing.
 */
#ifndef EASEL_STORE_FIXTURE_H
#define EASEL_STORE_FIXTURE_H

#include "../src/store/store_int.h"
#include "testutil.h"
#include "easel/kb_load.h"
#include "easel/store.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct sf {
    const char *backend; /* "sqlite" or "postgresql" */
    const char *tag;     /* names the files and schemas: a few lower-case letters */
    int n;               /* stores made so far */
    char url[1200];
};

static inline int sf_backend_ready(const char *backend)
{
    if (strcmp(backend, "postgresql") == 0 && !getenv("EASEL_TEST_PG")) {
        fprintf(stderr, "EASEL_TEST_PG is not set: PostgreSQL half skipped\n");
        return 0;
    }
    return strcmp(backend, "postgresql") == 0 || strcmp(backend, "sqlite") == 0;
}

static inline void sf_sqlite_unlink(const struct sf *f, int i)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    for (int k = 0; k < 4; k++) {
        char p[1100];
        snprintf(p, sizeof(p), "/tmp/easel-test-%s-%ld-%d.db%s", f->tag, (long)getpid(), i,
                 suffix[k]);
        unlink(p);
    }
}

/* Make f->url name a new, empty store: a SQLite file no earlier run left behind, or a new
   PostgreSQL schema. */
static inline void sf_fresh(struct sf *f)
{
    f->n++;
    if (strcmp(f->backend, "sqlite") == 0) {
        sf_sqlite_unlink(f, f->n); /* a stale write-ahead log would be replayed */
        snprintf(f->url, sizeof(f->url), "/tmp/easel-test-%s-%ld-%d.db", f->tag, (long)getpid(),
                 f->n);
        return;
    }
    struct easel_error err = {0};
    const char *base = getenv("EASEL_TEST_PG");
    struct easel_store admin;
    assert_int_equal(easel_store_open(&admin, base, "test", &err), 0);
    char sql[128];
    snprintf(sql, sizeof(sql), "CREATE SCHEMA %s%ld_%d", f->tag, (long)getpid(), f->n);
    assert_int_equal(admin.ops->exec(&admin, sql, NULL, 0, NULL, NULL, NULL, &err), 0);
    easel_store_close(&admin);
    snprintf(f->url, sizeof(f->url), "%s%soptions=-csearch_path%%3D%s%ld_%d", base,
             strchr(base, '?') ? "&" : "?", f->tag, (long)getpid(), f->n);
}

/* Open the store at f->url as `actor`, migrated, with its clock at `now` (NULL: the real
   clock). */
static inline void sf_reopen(const struct sf *f, struct easel_store *s, const char *actor,
                             int64_t (*now)(void))
{
    struct easel_error err = {0};
    int rc = easel_store_open(s, f->url, actor, &err);
    if (!rc && now)
        s->now = now;
    if (!rc)
        rc = easel_store_migrate(s, &err);
    if (rc)
        fprintf(stderr, "store: %s: %s: %s\n", err.where, err.field, err.msg);
    assert_int_equal(rc, 0);
}

/* Open a fresh store as `actor`, migrated, with its clock at `now` (NULL: the real clock). */
static inline void sf_open(struct sf *f, struct easel_store *s, const char *actor,
                           int64_t (*now)(void))
{
    sf_fresh(f);
    sf_reopen(f, s, actor, now);
}

/* A session of `client` on `date` under plan `version` (attended, 50 minutes, individual) with a
   SOAP note whose progress ratings are `progress`, a JSON array of {objective, rating}. */
static inline void sf_rated_session(struct easel_store *s, int64_t client, const char *date,
                                    int64_t version, const char *progress)
{
    char note[300];
    snprintf(note, sizeof(note),
             "{\"subjective\":\"s\",\"objective\":\"o\",\"assessment\":\"a\",\"plan\":\"p\","
             "\"progress\":%s}",
             progress);
    struct easel_session_record r = {.client = client,
                                     .date = date,
                                     .minutes = 50,
                                     .attendance = "attended",
                                     .mode = "individual",
                                     .plan_version = version,
                                     .note_format = "SOAP",
                                     .note = note};
    int64_t id = 0;
    struct easel_error err = {0};
    assert_int_equal(easel_session_add(s, &r, &id, &err), 0);
}

/* PostgreSQL: end s's server connection from another connection (pg_terminate_backend), as a
   server restart or a network cut would, and wait until its backend has gone. */
static inline void sf_pg_end_connection(struct easel_store *s, struct easel_store *other)
{
    struct easel_error err = {0};
    int64_t pid = 0, ended = 0;
    int found = 0;
    assert_int_equal(easel__int(s, "SELECT pg_backend_pid()", NULL, 0, &pid, &found, &err), 0);
    struct easel_val p[] = {easel_vint(pid)};
    assert_int_equal(
        easel__int(other, "SELECT pg_terminate_backend($1::int)", p, 1, &ended, &found, &err), 0);
    assert_int_equal(ended, 1);
    nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL); /* the backend exits */
}

static inline void sf_cleanup(const struct sf *f)
{
    if (strcmp(f->backend, "sqlite") == 0) {
        for (int i = 1; i <= f->n; i++)
            sf_sqlite_unlink(f, i);
        return;
    }
    struct easel_store admin;
    struct easel_error err = {0};
    if (easel_store_open(&admin, getenv("EASEL_TEST_PG"), "test", &err))
        return;
    for (int i = 1; i <= f->n; i++) {
        char sql[128];
        snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s%ld_%d CASCADE", f->tag, (long)getpid(),
                 i);
        admin.ops->exec(&admin, sql, NULL, 0, NULL, NULL, NULL, &err);
    }
    easel_store_close(&admin);
}

/* The backend from argv[1] (default sqlite) into f->backend: 0 when the run can go on, 77
   (skipped) for postgresql without EASEL_TEST_PG, 1 for a backend that does not exist. */
static inline int sf_backend_arg(struct sf *f, int argc, char **argv)
{
    f->backend = argc > 1 ? argv[1] : "sqlite";
    if (!sf_backend_ready(f->backend))
        return strcmp(f->backend, "postgresql") == 0 ? 77 : 1;
    return 0;
}

/* A test's main: the backend from argv[1] (default sqlite; 77 for postgresql without
   EASEL_TEST_PG), the shipped KB into *kb for the run, the tests, then sf_cleanup. */
static inline int sf_main(struct sf *f, struct easel_kb *kb, int argc, char **argv,
                          const char *group, const struct CMUnitTest *tests, size_t n)
{
    int skip = sf_backend_arg(f, argc, argv);
    if (skip)
        return skip;
    int rc = tu_run_with_kb_n(kb, group, tests, n);
    sf_cleanup(f);
    return rc;
}

#endif
