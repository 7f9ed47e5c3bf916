/*
 * tests/test_store_durability.c — issue 3, durability of the store under crashes and server
 * restarts. Usage: test_store_durability sqlite|postgresql|pg-restart
 *
 *   sqlite, postgresql: a fresh database (a new file; a new schema on the server named by
 *     EASEL_TEST_PG, as in test_store.c). Round after round a forked writer opens the store
 *     (open, migrate, find or add client "dur-1"), says it is ready (a 0 on the pipe) and adds
 *     sessions in a loop, acknowledging each one easel_session_add returned 0 for by writing its
 *     id to the pipe, then records a read of it (easel_store_audit "read" "session", a
 *     read-only commit, which on SQLite does not wait for the fsync) and acknowledges that with
 *     the id negated. The parent kills it with SIGKILL: in STARTUP_ROUNDS rounds 1-100 ms after
 *     the fork (a kill during open, migration or the first commits), then in ROUNDS rounds
 *     5-120 ms after it was ready (a kill among commits; at least MIN_ROUNDS_WITH_ACKS of them
 *     must have acknowledged writes). Deadlines come from splitmix64 with seed SEED (or
 *     EASEL_DURABILITY_SEED). After each kill the parent opens the store and checks that every
 *     id acknowledged in any round so far is present, that every acknowledged read has its one
 *     audit row, that no note was written twice, that the
 *     engine's integrity check and the audit chain pass, and that neither the session count nor
 *     the audit log ever shrinks.
 *   pg-restart: one process writes sessions while scripts/pg-restart.sh (the path in
 *     EASEL_PG_RESTART) restarts the server: twice between two writes (the next call must fail
 *     with EASEL_EDB saying the connection was lost, then writing resumes without reopening) and
 *     once from a thread while writes are in flight, then PG_CRASHES times kills PostgreSQL itself
 *     (postmaster and every backend, SIGKILL) from a thread while writes are in flight and starts
 *     it again (crash recovery). Every acknowledged write must be present,
 *     no write may appear twice, a write reported as failed may only be present when its error
 *     said the outcome was unknown, and the audit chain must verify.
 *
 * Owns: the database it creates through store_fixture.h (/tmp/easel-test-d-PID-N.db and its
 * -wal/-shm, or schema dPID_N) and removes it in the group teardown; the writer child, which it
 * always kills and reaps. Borrows: the PostgreSQL server (EASEL_TEST_PG) and the restart
 * script; pg-restart restarts that shared server, so ctest runs it alone (RUN_SERIAL,
 * RESOURCE_LOCK postgresql).
 * Fails: a cmocka failure naming the round and the lost id, code or message; exits 77 (skipped,
 * never passed) before running anything when EASEL_TEST_PG (or EASEL_PG_RESTART) is unset. The
 * writer child never uses cmocka: it reports on stderr and _exits (no atexit, no LeakSanitizer),
 * and the parent fails when it dies of anything but the parent's SIGKILL.
 */
#include "testutil.h"

#include "../src/store/driver.h"
#include "store_fixture.h"
#include "easel/store.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 60               /* kills while writing: 5-120 ms after the writer is ready */
#define MIN_ROUNDS_WITH_ACKS 48 /* of those, how many must have acknowledged writes */
#define STARTUP_ROUNDS 10       /* and first, kills 1-100 ms after the fork (open, migrate) */
#define PG_CRASHES 10           /* pg-restart: PostgreSQL itself killed with SIGKILL mid-write */
#define STARTUP_DEADLINE_MS 100
#define READY_LIMIT_MS 30000 /* a writer not ready by then fails the round */
#define SEED UINT64_C(20260315)
#define MIN_DEADLINE_MS 5
#define MAX_DEADLINE_MS 120
#define CLIENT_REF "dur-1"

struct ivec {
    int64_t *v;
    size_t n, cap;
};

static const char *mode;
static struct sf fx = {.tag = "d"}; /* the store of the run (store_fixture.h) */
static struct ivec all_acks;        /* every id acknowledged so far (freed in teardown) */
static struct ivec all_reads;       /* every session whose read was acknowledged (likewise) */
static size_t reads_checked;        /* all_reads[0..reads_checked) found in an earlier round */

/* ---- helpers ---- */

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* splitmix64: a fixed sequence of deadlines for a given seed */
static uint64_t rng_state;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static void ivec_push(struct ivec *a, int64_t x)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 256;
        int64_t *p = realloc(a->v, cap * sizeof(*p));
        assert_non_null(p);
        a->v = p;
        a->cap = cap;
    }
    a->v[a->n++] = x;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int has(const int64_t *sorted, size_t n, int64_t x)
{
    return bsearch(&x, sorted, n, sizeof(x), cmp_i64) != NULL;
}

static struct easel_session_record session(int64_t client, const char *note)
{
    struct easel_session_record r = {.client = client,
                                     .date = "2026-03-15",
                                     .minutes = 50,
                                     .attendance = "attended",
                                     .mode = "individual",
                                     .note_format = "SOAP",
                                     .note = note};
    return r;
}

/* Open and migrate; the client CLIENT_REF is found or (create) added; *client 0 when absent. */
static int open_store(struct easel_store *s, const char *actor, int create, int64_t *client,
                      struct easel_error *err)
{
    int rc = easel_store_open(s, fx.url, actor, err);
    if (rc)
        return rc;
    rc = easel_store_migrate(s, err);
    struct easel_arena ar;
    easel_arena_init(&ar);
    struct easel_client c;
    if (!rc)
        rc = easel_client_find(s, CLIENT_REF, &ar, &c, err);
    *client = rc ? 0 : c.id;
    easel_arena_release(&ar);
    if (rc == EASEL_ENOTFOUND && create) {
        struct easel_client add = {
            .ref = CLIENT_REF, .name = "Durability Synthetic", .setting = "outpatient"};
        rc = easel_client_add(s, &add, client, err);
    } else if (rc == EASEL_ENOTFOUND) {
        rc = 0;
    }
    if (rc)
        easel_store_close(s);
    return rc;
}

/* ---- the writer child (no cmocka here: report and _exit) ---- */

static void write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            fprintf(stderr, "writer: acknowledgement pipe: %s\n", strerror(errno));
            _exit(4);
        }
        c += w;
        n -= (size_t)w;
    }
}

static _Noreturn void writer(int round, int ack_fd)
{
    struct easel_store s;
    struct easel_error err = {0};
    int64_t client = 0;
    int rc = open_store(&s, "writer", 1, &client, &err);
    if (rc) {
        fprintf(stderr, "writer round %d: open: %s: %s: %s\n", round, err.where, err.field,
                err.msg);
        _exit(3);
    }
    int64_t ready = 0; /* ids start at 1: 0 says "open, about to write" */
    write_all(ack_fd, &ready, sizeof(ready));
    for (int64_t seq = 0;; seq++) {
        char note[160];
        snprintf(note, sizeof(note),
                 "{\"S\":\"durability r%d n%" PRId64 "\",\"O\":\"\",\"A\":\"\",\"P\":\"\"}", round,
                 seq);
        struct easel_session_record r = session(client, note);
        int64_t id = 0;
        rc = easel_session_add(&s, &r, &id, &err);
        if (rc) {
            fprintf(stderr, "writer round %d: session %" PRId64 ": %s: %s: %s\n", round, seq,
                    err.where, err.field, err.msg);
            _exit(5);
        }
        write_all(ack_fd, &id, sizeof(id)); /* 8 bytes < PIPE_BUF: all or nothing */
        rc = easel_store_audit(&s, "read", "session", id, &err);
        if (rc) {
            fprintf(stderr, "writer round %d: read of %" PRId64 ": %s: %s: %s\n", round, id,
                    err.where, err.field, err.msg);
            _exit(6);
        }
        int64_t read = -id;
        write_all(ack_fd, &read, sizeof(read));
    }
}

/* ---- the parent: one round ---- */

struct round_acks {
    unsigned char buf[sizeof(int64_t)];
    size_t have;      /* bytes of a partial id in buf */
    int64_t ready_at; /* when the ready marker came, 0 before */
    size_t count;     /* ids acknowledged this round */
    int eof;
};

/* Read what is in the pipe into acks; wait at most timeout_ms (-1: until EOF). */
static void read_acks(int fd, int timeout_ms, struct round_acks *ra, struct ivec *acks)
{
    struct pollfd p = {fd, POLLIN, 0};
    int n = poll(&p, 1, timeout_ms);
    if (n < 0 && errno == EINTR)
        return;
    assert_true(n >= 0);
    if (n == 0)
        return;
    unsigned char chunk[4096];
    ssize_t got = read(fd, chunk, sizeof(chunk));
    if (got < 0 && errno == EINTR)
        return;
    assert_true(got >= 0);
    if (got == 0) {
        ra->eof = 1;
        return;
    }
    for (ssize_t i = 0; i < got; i++) {
        ra->buf[ra->have++] = chunk[i];
        if (ra->have < sizeof(int64_t))
            continue;
        int64_t id;
        memcpy(&id, ra->buf, sizeof(id));
        ra->have = 0;
        if (!ra->ready_at) {
            assert_int_equal(id, 0);
            ra->ready_at = now_ms();
            continue;
        }
        assert_true(id != 0);
        if (id < 0) { /* a read of session -id */
            ivec_push(&all_reads, -id);
            continue;
        }
        ivec_push(acks, id);
        ra->count++;
    }
}

/* Fork a writer for this round and kill it deadline_ms after the fork (startup) or after it
   said it was ready to write; returns how many ids it acknowledged, and in *ready_ms when it
   was ready (ms after the fork; -1: killed before). */
static size_t run_round(int round, int startup, int deadline_ms, struct ivec *acks, int *ready_ms)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL); /* nothing buffered may be written twice */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        writer(round, fds[1]);
    }
    close(fds[1]);
    struct round_acks ra = {{0}, 0, 0, 0, 0};
    int64_t forked = now_ms();
    for (;;) {
        int64_t end = startup       ? forked + deadline_ms
                      : ra.ready_at ? ra.ready_at + deadline_ms
                                    : forked + READY_LIMIT_MS;
        int64_t left = end - now_ms();
        if (ra.eof || left <= 0)
            break;
        read_acks(fds[0], (int)left, &ra, acks);
    }
    int died_early = ra.eof;
    if (!died_early)
        assert_int_equal(kill(pid, SIGKILL), 0);
    int status = 0;
    pid_t w;
    while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
        ;
    assert_int_equal(w, pid);
    while (!ra.eof)
        read_acks(fds[0], -1, &ra, acks); /* the child is gone: read to EOF */
    close(fds[0]);
    if (died_early || !WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL) {
        fprintf(stderr, "round %d: the writer died before it was killed (%s %d)\n", round,
                WIFEXITED(status) ? "exit" : "signal",
                WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
        fail();
    }
    if (!startup && !ra.ready_at) {
        fprintf(stderr, "round %d: the writer was not ready to write after %d ms\n", round,
                READY_LIMIT_MS);
        fail();
    }
    assert_int_equal(ra.have, 0); /* a pipe write of 8 bytes is atomic */
    *ready_ms = ra.ready_at ? (int)(ra.ready_at - forked) : -1;
    return ra.count;
}

struct census {
    size_t sessions;
    int64_t audit_rows;
};

/* Open the store after a kill and check it; every id in acks must be present. */
static struct census check_store(int round, const struct ivec *acks)
{
    struct easel_store s;
    struct easel_error err = {0};
    int64_t client = 0;
    int rc = open_store(&s, "checker", 0, &client, &err);
    if (rc)
        fprintf(stderr, "round %d: reopen: %s: %s: %s\n", round, err.where, err.field, err.msg);
    assert_int_equal(rc, 0);
    struct census c = {0, 0};

    rc = easel_store_check(&s, &err);
    if (rc)
        fprintf(stderr, "round %d: integrity check: %s\n", round, err.msg);
    assert_int_equal(rc, 0);

    if (client == 0) { /* every writer so far was killed before it added the client */
        assert_int_equal(acks->n, 0);
    } else {
        struct easel_arena ar;
        easel_arena_init(&ar);
        struct easel_session_record *list = NULL;
        rc = easel_session_list(&s, client, &ar, &list, &c.sessions, &err);
        if (rc)
            fprintf(stderr, "round %d: session list: %s\n", round, err.msg);
        assert_int_equal(rc, 0);
        int64_t *ids = calloc(c.sessions + 1, sizeof(*ids));
        int64_t *keys = calloc(c.sessions + 1, sizeof(*keys));
        assert_non_null(ids);
        assert_non_null(keys);
        for (size_t i = 0; i < c.sessions; i++) {
            int r = -1;
            long long n = -1;
            const char *at = strstr(list[i].note, "durability r");
            if (!at || sscanf(at, "durability r%d n%lld", &r, &n) != 2 || r < 0 || n < 0) {
                fprintf(stderr, "round %d: session %" PRId64 " has a foreign note: %s\n", round,
                        list[i].id, list[i].note);
                fail();
            }
            assert_string_equal(list[i].created_by, "writer");
            ids[i] = list[i].id;
            keys[i] = (int64_t)r << 40 | (int64_t)n;
        }
        easel_arena_release(&ar);
        qsort(ids, c.sessions, sizeof(*ids), cmp_i64);
        qsort(keys, c.sessions, sizeof(*keys), cmp_i64);
        for (size_t i = 1; i < c.sessions; i++) {
            if (keys[i] == keys[i - 1]) {
                fprintf(stderr, "round %d: note r%" PRId64 " n%" PRId64 " was written twice\n",
                        round, keys[i] >> 40, keys[i] & ((INT64_C(1) << 40) - 1));
                fail();
            }
        }
        for (size_t i = 0; i < acks->n; i++) {
            if (!has(ids, c.sessions, acks->v[i])) {
                fprintf(stderr,
                        "round %d: acknowledged session %" PRId64 " is missing (%zu present)\n",
                        round, acks->v[i], c.sessions);
                fail();
            }
        }
        free(ids);
        free(keys);
        /* reads' audit rows (commits not waited for on SQLite); earlier rounds checked theirs,
           and the audit log never shrinks (checked by the caller) */
        for (size_t i = reads_checked; i < all_reads.n; i++) {
            int64_t n = -1;
            rc = easel_audit_count(&s, "read", "session", all_reads.v[i], &n, &err);
            assert_int_equal(rc, 0);
            if (n != 1) {
                fprintf(stderr,
                        "round %d: the acknowledged read of session %" PRId64 " has %" PRId64
                        " audit rows\n",
                        round, all_reads.v[i], n);
                fail();
            }
        }
        reads_checked = all_reads.n;
    }

    rc = easel_audit_verify(&s, &c.audit_rows, &err);
    if (rc)
        fprintf(stderr, "round %d: audit chain: %s: %s\n", round, err.field, err.msg);
    assert_int_equal(rc, 0);
    easel_store_close(&s); /* before the next fork: the child must not inherit it */
    return c;
}

static void killed_writers_lose_nothing(void **state)
{
    (void)state;
    const char *seed_env = getenv("EASEL_DURABILITY_SEED");
    uint64_t seed = seed_env && *seed_env ? strtoull(seed_env, NULL, 10) : SEED;
    rng_state = seed;
    sf_fresh(&fx);
    struct census prev = {0, 0};
    int rounds_with_acks = 0, kills = 0, starting = 0;
    int64_t started = now_ms();
    for (int round = 0; round < STARTUP_ROUNDS + ROUNDS; round++) {
        int startup = round < STARTUP_ROUNDS, ready = -1;
        int deadline =
            startup ? 1 + (int)(rng_next() % STARTUP_DEADLINE_MS)
                    : MIN_DEADLINE_MS + (int)(rng_next() % (MAX_DEADLINE_MS - MIN_DEADLINE_MS + 1));
        size_t got = run_round(round, startup, deadline, &all_acks, &ready);
        kills++;
        starting += ready < 0;
        rounds_with_acks += !startup && got > 0;
        struct census c = check_store(round, &all_acks);
        char when[48];
        if (ready < 0)
            snprintf(when, sizeof(when), "starting up");
        else
            snprintf(when, sizeof(when), "ready at %d ms", ready);
        printf("# round %2d: killed %3d ms after %-9s (%-15s), %4zu acks, %5zu sessions, %5" PRId64
               " audit rows\n",
               round, deadline, startup ? "the fork" : "readiness", when, got, c.sessions,
               c.audit_rows);
        if (c.sessions < prev.sessions || c.audit_rows < prev.audit_rows) {
            fprintf(stderr,
                    "round %d: the store shrank: %zu -> %zu sessions, %" PRId64 " -> %" PRId64
                    " audit rows\n",
                    round, prev.sessions, c.sessions, prev.audit_rows, c.audit_rows);
            fail();
        }
        prev = c;
    }
    printf("# %s: %d kills (seed %" PRIu64 "), %d before the writer was ready, %d of the %d "
           "kills timed from readiness after acknowledged writes; %zu acks in all (and %zu "
           "reads), %zu sessions, %" PRId64 " audit rows, %.1f s\n",
           mode, kills, seed, starting, rounds_with_acks, ROUNDS, all_acks.n, all_reads.n,
           prev.sessions, prev.audit_rows, (double)(now_ms() - started) / 1000.0);
    /* the kills must land among acknowledged commits, not only before the first one */
    assert_true(rounds_with_acks >= MIN_ROUNDS_WITH_ACKS);
}

/* ---- pg-restart ---- */

enum outcome { FAILED, ACKED, UNKNOWN };

struct attempts {
    enum outcome *what;
    int64_t *id;
    size_t n, cap;
    size_t failures;
};

struct writer_state {
    struct easel_store s;
    int64_t client;
    struct attempts at;
};

/* One easel_session_add with a new sequence number; returns its code, err filled. */
static int attempt(struct writer_state *w, struct easel_error *err)
{
    struct attempts *a = &w->at;
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 1024;
        enum outcome *what = realloc(a->what, cap * sizeof(*what));
        assert_non_null(what);
        a->what = what;
        int64_t *id = realloc(a->id, cap * sizeof(*id));
        assert_non_null(id);
        a->id = id;
        a->cap = cap;
    }
    size_t seq = a->n++;
    char note[160];
    snprintf(note, sizeof(note), "{\"S\":\"restart n%zu\",\"O\":\"\",\"A\":\"\",\"P\":\"\"}", seq);
    struct easel_session_record r = session(w->client, note);
    int64_t id = 0;
    int rc = easel_session_add(&w->s, &r, &id, err);
    a->id[seq] = rc ? 0 : id;
    a->what[seq] = rc == 0 ? ACKED : strstr(err->msg, "unknown") ? UNKNOWN : FAILED;
    if (rc) {
        a->failures++;
        if (rc != EASEL_EDB || !strstr(err->msg, "lost")) {
            fprintf(stderr, "attempt %zu: code %d, not EASEL_EDB for a lost connection: %s\n", seq,
                    rc, err->msg);
            fail();
        }
    }
    return rc;
}

static void write_ok(struct writer_state *w, int n)
{
    for (int i = 0; i < n; i++) {
        struct easel_error err = {0};
        int rc = attempt(w, &err);
        if (rc)
            fprintf(stderr, "write: %s\n", err.msg);
        assert_int_equal(rc, 0);
    }
}

static void restart_server(void)
{
    const char *script = getenv("EASEL_PG_RESTART");
    fflush(NULL);
    int rc = system(script);
    if (rc != 0)
        fprintf(stderr, "%s: status %d\n", script, rc);
    assert_int_equal(rc, 0);
}

/* Restart between two writes: the next write fails, saying so, and the one after succeeds. */
static void restart_between_writes(struct writer_state *w, int cycle)
{
    restart_server();
    struct easel_error err = {0};
    int rc = attempt(w, &err);
    printf("# restart %d (between writes): first write after it: code %d: %s\n", cycle, rc,
           err.msg);
    assert_int_equal(rc, EASEL_EDB);
    assert_non_null(strstr(err.msg, "connection to the database was lost"));
    int failures = 1;
    int64_t until = now_ms() + 10000;
    while ((rc = attempt(w, &err)) != 0 && now_ms() < until) {
        failures++;
        printf("# restart %d: write still fails: %s\n", cycle, err.msg);
        sleep_ms(100);
    }
    assert_int_equal(rc, 0); /* resumed on the same store: the driver reconnected */
    printf("# restart %d: %d failed write(s), then writing resumed\n", cycle, failures);
}

struct restarter {
    pthread_t thread;
    char command[4200]; /* the script, and "crash" for a SIGKILL of PostgreSQL */
    atomic_int done;    /* set by the thread when the script has returned */
    int status;
};

static void *restart_thread(void *arg)
{
    struct restarter *r = arg;
    sleep_ms(50); /* let writes get going */
    r->status = system(r->command);
    atomic_store(&r->done, 1);
    return NULL;
}

/* Restart (crash: kill with SIGKILL and start again) from another thread while this one writes
   as fast as it can. */
static void restart_during_writes(struct writer_state *w, int cycle, bool crash)
{
    struct restarter r = {.status = -1};
    snprintf(r.command, sizeof(r.command), "%s%s", getenv("EASEL_PG_RESTART"),
             crash ? " crash" : "");
    atomic_init(&r.done, 0);
    fflush(NULL);
    assert_int_equal(pthread_create(&r.thread, NULL, restart_thread, &r), 0);
    size_t before = w->at.failures, writes = 0, unknown = 0;
    int resumed = 0;
    int64_t until = now_ms() + 45000;
    struct {
        char msg[256];
        int n;
    } seen[8]; /* the distinct failure messages, for the log */
    int kinds = 0;
    while (!resumed && now_ms() < until) {
        int was_done = atomic_load(&r.done);
        struct easel_error err = {0};
        int rc = attempt(w, &err);
        writes++;
        if (rc) {
            int k = 0;
            while (k < kinds && strcmp(seen[k].msg, err.msg) != 0)
                k++;
            if (k == kinds && kinds < 8) {
                snprintf(seen[k].msg, sizeof(seen[k].msg), "%s", err.msg);
                seen[kinds++].n = 0;
            }
            if (k < kinds)
                seen[k].n++;
            unknown += w->at.what[w->at.n - 1] == UNKNOWN;
            sleep_ms(20);
        } else if (was_done && w->at.failures > before) {
            resumed = 1; /* a success after the restart finished, and it was noticed */
        }
    }
    assert_int_equal(pthread_join(r.thread, NULL), 0);
    assert_int_equal(r.status, 0);
    printf("# %s %d (during writes): %zu writes, %zu failed (%zu with an unknown outcome):\n",
           crash ? "SIGKILL of PostgreSQL" : "restart", cycle, writes, w->at.failures - before,
           unknown);
    for (int k = 0; k < kinds; k++)
        printf("#   %3d x %s\n", seen[k].n, seen[k].msg);
    assert_true(w->at.failures > before);
    assert_true(resumed);
}

static struct writer_state pgw; /* its attempts are freed in teardown */

static void restarted_server_loses_nothing(void **state)
{
    (void)state;
    sf_fresh(&fx);
    struct easel_error err = {0};
    int rc = open_store(&pgw.s, "writer", 1, &pgw.client, &err);
    if (rc)
        fprintf(stderr, "open: %s: %s\n", err.where, err.msg);
    assert_int_equal(rc, 0);
    int64_t started = now_ms();
    write_ok(&pgw, 25);
    restart_between_writes(&pgw, 1);
    write_ok(&pgw, 25);
    restart_between_writes(&pgw, 2);
    write_ok(&pgw, 25);
    restart_during_writes(&pgw, 3, false);
    write_ok(&pgw, 25);
    for (int k = 1; k <= PG_CRASHES; k++) {
        restart_during_writes(&pgw, k, true);
        write_ok(&pgw, 5);
    }

    /* what the database holds, read on the connection that lived through the restarts (it
       must still be in the test's schema) and on a new one */
    struct easel_arena ar;
    easel_arena_init(&ar);
    struct easel_session_record *list = NULL;
    size_t n = 0, n_old = 0;
    rc = easel_session_list(&pgw.s, pgw.client, &ar, &list, &n_old, &err);
    if (rc)
        fprintf(stderr, "list: %s\n", err.msg);
    assert_int_equal(rc, 0);
    easel_store_close(&pgw.s);
    struct easel_store fresh;
    int64_t client = 0;
    rc = open_store(&fresh, "checker", 0, &client, &err);
    if (rc)
        fprintf(stderr, "reopen: %s\n", err.msg);
    assert_int_equal(rc, 0);
    assert_int_equal(client, pgw.client);
    rc = easel_session_list(&fresh, client, &ar, &list, &n, &err);
    if (rc)
        fprintf(stderr, "list: %s\n", err.msg);
    assert_int_equal(rc, 0);
    assert_int_equal(n, n_old);
    unsigned char *seen = calloc(pgw.at.n + 1, 1);
    assert_non_null(seen);
    size_t acked = 0, unknown_present = 0;
    for (size_t i = 0; i < n; i++) {
        size_t seq = 0;
        const char *at = strstr(list[i].note, "restart n");
        if (!at || sscanf(at, "restart n%zu", &seq) != 1 || seq >= pgw.at.n) {
            fprintf(stderr, "session %" PRId64 " has a note never written: %s\n", list[i].id,
                    list[i].note);
            fail();
        }
        if (seen[seq]++) {
            fprintf(stderr, "write %zu is present twice (session %" PRId64 ")\n", seq, list[i].id);
            fail();
        }
        if (pgw.at.what[seq] == FAILED) {
            fprintf(stderr, "write %zu was reported failed (rolled back) but is present\n", seq);
            fail();
        }
        if (pgw.at.what[seq] == ACKED && pgw.at.id[seq] != list[i].id) {
            fprintf(stderr, "write %zu was acknowledged as %" PRId64 " but stored as %" PRId64 "\n",
                    seq, pgw.at.id[seq], list[i].id);
            fail();
        }
        unknown_present += pgw.at.what[seq] == UNKNOWN;
    }
    for (size_t seq = 0; seq < pgw.at.n; seq++) {
        if (pgw.at.what[seq] != ACKED)
            continue;
        acked++;
        if (!seen[seq]) {
            fprintf(stderr, "acknowledged write %zu (session %" PRId64 ") is missing\n", seq,
                    pgw.at.id[seq]);
            fail();
        }
    }
    easel_arena_release(&ar);
    int64_t rows = 0;
    rc = easel_audit_verify(&fresh, &rows, &err);
    if (rc)
        fprintf(stderr, "audit chain: %s: %s\n", err.field, err.msg);
    assert_int_equal(rc, 0);
    assert_int_equal(easel_store_check(&fresh, &err), 0);
    printf("# pg-restart: 3 restarts and %d kills of PostgreSQL, %zu writes, %zu acknowledged and "
           "present, %zu failed "
           "(%zu of unknown outcome present), %zu sessions, %" PRId64 " audit rows, %.1f s\n",
           PG_CRASHES, pgw.at.n, acked, pgw.at.failures, unknown_present, n, rows,
           (double)(now_ms() - started) / 1000.0);
    free(seen);
    easel_store_close(&fresh);
}

/* ---- main ---- */

static int cleanup(void **state)
{
    (void)state;
    free(all_acks.v);
    free(all_reads.v);
    free(pgw.at.what);
    free(pgw.at.id);
    sf_cleanup(&fx);
    return 0;
}

int main(int argc, char **argv)
{
    mode = argc > 1 ? argv[1] : "sqlite";
    fx.backend = strcmp(mode, "sqlite") == 0 ? "sqlite" : "postgresql";
    const char *pg = getenv("EASEL_TEST_PG");
    if (strcmp(mode, "sqlite") != 0 && strcmp(mode, "postgresql") != 0 &&
        strcmp(mode, "pg-restart") != 0) {
        fprintf(stderr, "usage: %s sqlite|postgresql|pg-restart\n", argv[0]);
        return 2;
    }
    if (strcmp(mode, "sqlite") != 0 && (!pg || !*pg)) {
        fprintf(stderr, "EASEL_TEST_PG is not set: %s skipped\n", mode);
        return 77;
    }
    if (strcmp(mode, "pg-restart") == 0) {
        const char *script = getenv("EASEL_PG_RESTART");
        if (!script || !*script) {
            fprintf(stderr, "EASEL_PG_RESTART (the path of scripts/pg-restart.sh) is not set: "
                            "pg-restart skipped\n");
            return 77;
        }
        if (access(script, X_OK) != 0) { /* set but wrong: a failure, not a skip */
            fprintf(stderr, "EASEL_PG_RESTART=%s is not executable: %s\n", script, strerror(errno));
            return 1;
        }
        const struct CMUnitTest tests[] = {cmocka_unit_test(restarted_server_loses_nothing)};
        return cmocka_run_group_tests_name(mode, tests, NULL, cleanup);
    }
    const struct CMUnitTest tests[] = {cmocka_unit_test(killed_writers_lose_nothing)};
    return cmocka_run_group_tests_name(mode, tests, NULL, cleanup);
}
