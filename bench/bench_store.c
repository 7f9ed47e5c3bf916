/*
 * bench/bench_store.c — benchmark of the client record (issue 3; a report, not a test): on a
 * generated practice (default 5,000 clients, 250,000 sessions, 20,000 plans) in SQLite and in
 * PostgreSQL, the latency of operations through the store API (easel/store.h), p50 and p95 of
 * 200 repetitions on random clients, against a baseline measured in the same run: the same SQL
 * statements the store issues for each operation, with literal values, from a file run by one
 * sqlite3 or psql process with timing on (sqlite3 `.timer on`, psql `\timing on`), their output
 * parsed. easel and the CLI take turns (4 each, 50 repetitions, after 5 not counted) on the same
 * random choices, so a drift of the machine hits both. Also the time to generate the practice
 * and the database size per 1,000 sessions.
 * sqlite3 3.40's .timer gives wall time in whole milliseconds only: the SQLite baseline's
 * percentiles are of its CPU time (user + sys, which equals wall time while nothing waits on
 * the disk: reads from the page cache); the mean of its wall times is printed beside them.
 *
 * The operations: "caseload list" is easel_client_list (no match, limit 50); "chart load" is
 * easel_client_get, easel_profile_get, easel_plan_record_load and easel_session_list, four
 * audited calls; "chart, 1 batch" is the same four calls in one read batch
 * (easel_store_batch_begin_read and _end: one commit for their four audit rows instead of four);
 * "name search" is easel_client_list with a 3-letter part of a stored name, limit 50; "note
 * insert" is easel_session_add of a SOAP note of about 500 bytes. The reads' commits on SQLite
 * do not wait for the fsync (EASEL_READ_AUDIT_SYNC_MS); the insert's does.
 *
 * The practice is made by the demo generator: the built `easel demo` (EASEL_BIN) with --clients
 * and --sessions-per-client, then extra plan versions (easel_plan_record_save of each client's
 * latest body) up to --plans. The demo adds the setting's measure every fourth attended session and
 * a tiny artwork every fifth (about 43,000 at full size); artwork operations are not timed.
 * The baseline leaves out what the store adds to each call: the audit-log append (reads are
 * audited too: every call above commits an audit row) and, on PostgreSQL, the advisory write
 * lock; the easel/CLI ratio is therefore the price of those plus the driver.
 *
 * Owns: the SQLite file it creates (bench_store-PID.db in --dir, default /tmp; removed at the
 * end unless --keep) and the PostgreSQL database easel_bench_PID it creates with psql on the
 * server of $EASEL_TEST_PG (or --pg URL; the role needs CREATEDB) and drops at the end; the SQL
 * files it writes for the CLIs (removed). Borrows: the easel binary, sqlite3 and psql on PATH.
 * Fails: prints what failed on stderr and exits 1; a missing CLI or PostgreSQL URL skips that
 * part with a note; a load cut off by a lost connection is resumed (run_demo) and reported as
 * such. PASS/FAIL lines are a report; a finished run exits 0.
 */
#include "easel/store.h"

#include <inttypes.h>
#include <math.h> /* NAN */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef EASEL_BIN
#define EASEL_BIN "easel"
#endif

#define ROUNDS 4 /* easel and the CLI take turns, a quarter of the repetitions each time */
#define WARMUP 5 /* repetitions run first in each turn and not counted */
#define TARGET_READ_MS 20.0 /* issue 3: p95 under 20 ms for reads */
#define MAX_TABLES 32

enum op { OP_CASELOAD, OP_CHART, OP_CHART_BATCH, OP_SEARCH, OP_INSERT, N_OPS };
static const char *const op_name[N_OPS] = {"caseload list", "chart load", "chart, 1 batch",
                                           "name search", "note insert"};
/* statements psql times per operation in the baseline file (see write_cli_file) */
static const int op_statements[N_OPS] = {1, 5, 5, 1, 4};

static const char note_json[] =
    "{\"subjective\": \"Client reported a difficult week and said drawing helped them settle.\", "
    "\"objective\": \"Worked steadily for most of the directive; chose warm colours and filled "
    "the page.\", \"assessment\": \"Some progress towards the current objective; regulation held "
    "during processing.\", \"plan\": \"Continue with the next session of the plan as written.\", "
    "\"progress\": [{\"objective\": \"1.2\", \"rating\": 1}], \"media_used\": [\"oil-pastels\", "
    "\"drawing-paper\"]}";

static struct {
    long clients, per_client, plans, reps;
    const char *dir, *pg_url;
    bool keep, want_sqlite, want_pg;
} C;

struct table_size {
    char name[64];
    double bytes;
};

struct result {
    const char *backend;
    bool ok;
    double load_s, plans_s, vacuum_s;
    long clients, sessions, plans;
    double file_bytes, empty_bytes; /* whole database; pg: the database before easel's schema */
    struct table_size tables[MAX_TABLES];
    size_t n_tables;
    double *easel[N_OPS];   /* ms per operation */
    double *cli[N_OPS];     /* ms: psql \timing, or sqlite3 .timer real (whole ms) */
    double *cli_cpu[N_OPS]; /* ms: sqlite3 .timer user + sys */
    bool have_cli, loaded;
    int resumed;                          /* times easel demo was resumed after a lost connection */
    double rows[N_OPS];                   /* rows returned (or written) per operation, on average */
    char load_before[64], load_after[64]; /* load averages around the timed turns */
};

/* One repetition's random choices, shared by the easel run and the CLI file. */
struct pick {
    size_t chart, chart2, insert; /* client indices (chart2: the batched chart load) */
    char term[4];                 /* name search */
};

struct practice {
    int64_t *id;
    char **name;
    int64_t *latest; /* latest plan version */
    size_t n;
};

static const char *loadavg(void)
{
    static char load[64];
    snprintf(load, sizeof(load), "?");
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (!fgets(load, sizeof(load), f))
            snprintf(load, sizeof(load), "?");
        fclose(f);
    }
    load[strcspn(load, "\n")] = '\0';
    /* the three averages only */
    char *sp = load;
    for (int k = 0; k < 3 && sp; k++)
        sp = strchr(sp + 1, ' ');
    if (sp)
        *sp = '\0';
    return load;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t rng_next(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1Du;
}

static size_t rng_below(size_t n)
{
    return (size_t)((rng_next() >> 11) % n);
}

static int report(const char *what, const struct easel_error *err)
{
    char line[700];
    easel_error_format(err, line, sizeof(line));
    fprintf(stderr, "bench_store: %s: %s\n", what, line);
    return 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of n values (q in (0, 1]). */
static double percentile(const double *v, size_t n, double q)
{
    double *s = malloc(n * sizeof(*s));
    if (!s || !n) {
        free(s);
        return NAN;
    }
    memcpy(s, v, n * sizeof(*s));
    qsort(s, n, sizeof(*s), cmp_double);
    size_t k = (size_t)(q * (double)n);
    if ((double)k < q * (double)n)
        k++;
    double r = s[k ? k - 1 : 0];
    free(s);
    return r;
}

static double mean(const double *v, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    return n ? sum / (double)n : NAN;
}

/* ---- running the CLIs ------------------------------------------------------------------- */

static bool on_path(const char *prog)
{
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", prog);
    return system(cmd) == 0;
}

/* Run a shell command, its stdout into out (may be NULL); 0 when it exits 0. */
static int shell(const char *cmd, char *out, size_t size)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t n = 0;
    char buf[4096];
    size_t got;
    while ((got = fread(buf, 1, sizeof(buf), p)) > 0) {
        if (out && n + 1 < size) {
            size_t take = got < size - 1 - n ? got : size - 1 - n;
            memcpy(out + n, buf, take);
            n += take;
        }
    }
    if (out && size)
        out[n] = '\0';
    int st = pclose(p);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* The PostgreSQL URL with its database name replaced by db. */
static void pg_url_for(const char *base, const char *db, char *out, size_t size)
{
    const char *host = strstr(base, "://");
    host = host ? host + 3 : base;
    const char *path = strchr(host, '/');
    const char *query = strchr(host, '?');
    if (path && query && query < path)
        path = NULL;
    size_t head = path ? (size_t)(path - base) : query ? (size_t)(query - base) : strlen(base);
    snprintf(out, size, "%.*s/%s%s", (int)head, base, db, query ? query : "");
}

static int psql(const char *url, const char *sql, char *out, size_t size)
{
    char cmd[8192];
    snprintf(cmd, sizeof(cmd), "psql -X -q -A -t -v ON_ERROR_STOP=1 '%s' -c \"%s\" 2>&1", url, sql);
    return shell(cmd, out, size);
}

/* ---- the practice ----------------------------------------------------------------------- */

/* One `easel demo` process for `clients` clients (--force yes: after earlier ones); its exit
   code, or -1 when it could not run. */
static int demo_process(const char *url, long clients, bool force)
{
    char n[32], per[32];
    snprintf(n, sizeof(n), "%ld", clients);
    snprintf(per, sizeof(per), "%ld", C.per_client);
    char *argv[] = {EASEL_BIN,
                    "demo",
                    "--db",
                    (char *)url,
                    "--clients",
                    n,
                    "--sessions-per-client",
                    per,
                    "--seed",
                    "1",
                    "--user",
                    "bench",
                    force ? "--force" : NULL,
                    "yes",
                    NULL};
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        execv(EASEL_BIN, argv);
        perror("bench_store: exec easel");
        _exit(127);
    }
    int st;
    if (waitpid(pid, &st, 0) < 0)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Clients stored so far, or -1 while the database cannot be reached. */
static long stored_clients(const char *url)
{
    struct easel_store s;
    struct easel_error err = {0};
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_client *cs;
    size_t n = 0;
    long got = -1;
    if (easel_store_open(&s, url, "bench", &err) == 0 &&
        easel_client_list(&s, NULL, 0, &a, &cs, &n, &err) == 0)
        got = (long)n;
    easel_store_close(&s);
    easel_arena_release(&a);
    return got;
}

/* Generate the practice with `easel demo`. When the database connection is lost on the way
   (exit 9: a PostgreSQL server restarted by something else), wait for it and go on with
   `--force yes` for the clients still missing: the demo's data depend only on the seed and the
   client number, so the practice is the same as from one run. A restart often comes in a burst
   (tests/test_store_durability.c restarts the server three times in a row): wait 10 s before
   looking again. At most 10 resumptions. */
static int run_demo(const char *url, double *sec, int *resumed)
{
    double t0 = now_s();
    long done = 0;
    int code = demo_process(url, C.clients, false);
    for (*resumed = 0; code == 9 && *resumed < 10; (*resumed)++) {
        done = -1;
        sleep(10);
        for (int wait = 0; wait < 30 && done < 0; wait++) {
            done = stored_clients(url);
            if (done < 0)
                sleep(2);
        }
        if (done < 0 || done >= C.clients)
            break;
        printf("note: easel demo lost its database connection with %ld of %ld clients stored; "
               "resuming with --force yes\n",
               done, C.clients);
        code = demo_process(url, C.clients - done, true);
    }
    *sec = now_s() - t0;
    if (code != 0) {
        fprintf(stderr, "bench_store: easel demo failed (exit %d)\n", code);
        return -1;
    }
    return 0;
}

static void practice_free(struct practice *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->name[i]);
    free(p->id);
    free(p->name);
    free(p->latest);
    memset(p, 0, sizeof(*p));
}

static int practice_read(struct easel_store *s, struct practice *p)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_client *cs;
    size_t n;
    struct easel_error err = {0};
    if (easel_client_list(s, NULL, 0, &a, &cs, &n, &err)) {
        easel_arena_release(&a);
        return report("client list", &err);
    }
    p->id = calloc(n, sizeof(*p->id));
    p->name = calloc(n, sizeof(*p->name));
    p->latest = calloc(n, sizeof(*p->latest));
    p->n = n;
    for (size_t i = 0; p->id && p->name && p->latest && i < n; i++) {
        p->id[i] = cs[i].id;
        p->name[i] = strdup(cs[i].name);
        p->latest[i] = 1;
    }
    easel_arena_release(&a);
    return p->id && p->name && p->latest ? 0 : 1;
}

/* Save further versions of each client's latest plan body until there are C.plans plans. */
static int extra_plans(struct easel_store *s, struct practice *p, long *plans)
{
    long extra = C.plans - (long)p->n;
    struct easel_error err = {0};
    int rc = easel_store_batch_begin(s, &err);
    int in_batch = 0;
    for (size_t i = 0; !rc && extra > 0 && i < p->n; i++) {
        long k = extra / (long)p->n + ((long)i < extra % (long)p->n);
        if (!k)
            continue;
        struct easel_arena a;
        easel_arena_init(&a);
        struct easel_plan_record r;
        rc = easel_plan_record_load(s, p->id[i], 0, &a, &r, &err);
        int64_t v = r.version;
        for (long j = 0; !rc && j < k; j++) {
            rc = easel_plan_record_save(s, p->id[i], v, r.body, r.kb_version, &v, &err);
            in_batch++;
        }
        p->latest[i] = v;
        easel_arena_release(&a);
        if (!rc && in_batch >= 500) {
            in_batch = 0;
            rc = easel_store_batch_end(s, 0, &err);
            if (!rc)
                rc = easel_store_batch_begin(s, &err);
        }
    }
    int end = easel_store_batch_end(s, rc, &err);
    if (rc || end)
        return report("extra plan versions", &err);
    *plans = (long)p->n + (extra > 0 ? extra : 0);
    return 0;
}

/* ---- the timed operations --------------------------------------------------------------- */

/* The four reads of a client's chart; *n: its sessions. */
static int chart(struct easel_store *s, int64_t client, struct easel_arena *a, size_t *n,
                 struct easel_error *err)
{
    struct easel_client c;
    struct easel_plan_record pr;
    struct easel_session_record *ss;
    struct easel_buf profile;
    int64_t got = 0;
    easel_buf_init(&profile, EASEL_PROFILE_MAX + 1);
    int rc = easel_client_get(s, client, a, &c, err);
    if (!rc)
        rc = easel_profile_get(s, client, 0, &profile, &got, err);
    if (!rc)
        rc = easel_plan_record_load(s, client, 0, a, &pr, err);
    if (!rc)
        rc = easel_session_list(s, client, a, &ss, n, err);
    easel_buf_release(&profile);
    return rc;
}

static int timed_op(struct easel_store *s, enum op op, const struct practice *p,
                    const struct pick *k, double *ms, double *rows)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_error err = {0};
    struct easel_client *cs;
    size_t n = 0;
    int64_t id = 0;
    int rc = 0;
    double t0 = now_s();
    switch (op) {
    case OP_CASELOAD:
        rc = easel_client_list(s, NULL, 50, &a, &cs, &n, &err);
        break;
    case OP_SEARCH:
        rc = easel_client_list(s, k->term, 50, &a, &cs, &n, &err);
        break;
    case OP_CHART:
        rc = chart(s, p->id[k->chart], &a, &n, &err);
        break;
    case OP_CHART_BATCH: /* a batch of reads, as easel serve runs a GET */
        rc = easel_store_batch_begin_read(s, &err);
        if (!rc)
            rc = easel_store_batch_end(s, chart(s, p->id[k->chart2], &a, &n, &err), &err);
        break;
    case OP_INSERT: {
        struct easel_session_record r = {.client = p->id[k->insert],
                                         .date = "2026-10-31",
                                         .minutes = 50,
                                         .attendance = "attended",
                                         .mode = "individual",
                                         .note_format = "SOAP",
                                         .note = note_json};
        rc = easel_session_add(s, &r, &id, &err);
        n = 1;
        break;
    }
    default:
        break;
    }
    *ms = (now_s() - t0) * 1e3;
    *rows = (double)n;
    easel_arena_release(&a);
    return rc ? report(op_name[op], &err) : 0;
}

/* One turn of easel: WARMUP + per repetitions of every operation, in order; the measured ones go
   to r->easel[op][at...]. */
static int easel_round(struct easel_store *s, const struct practice *p, const struct pick *picks,
                       size_t per, size_t at, struct result *r)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < WARMUP + per; i++)
        for (int op = 0; !rc && op < N_OPS; op++) {
            double ms, rows;
            rc = timed_op(s, (enum op)op, p, &picks[i], &ms, &rows);
            if (i >= WARMUP) {
                r->easel[op][at + i - WARMUP] = ms;
                r->rows[op] += rows;
            }
        }
    return rc;
}

/* ---- the baseline: the same statements through the CLIs --------------------------------- */

#define CLIENT_COLS "id, ref, name, setting, birth_year, status, version, created_at, updated_at"

/* One line per operation (sqlite3 times a line; psql times each statement): the statements the
   store runs for it (src/store/clients.c, plans.c, sessions.c), with literal values. */
static void write_op(FILE *f, enum op op, const struct practice *p, const struct pick *k,
                     bool sqlite)
{
    int64_t id;
    switch (op) {
    case OP_CASELOAD:
    case OP_SEARCH: {
        const char *t = op == OP_SEARCH ? k->term : "";
        fprintf(f,
                "SELECT " CLIENT_COLS " FROM clients WHERE lower(name) LIKE lower('%%%s%%')"
                " ESCAPE '\\' OR ref LIKE lower('%%%s%%') ESCAPE '\\' ORDER BY name, id"
                " LIMIT 50;\n",
                t, t);
        break;
    }
    case OP_CHART:
    case OP_CHART_BATCH: {
        size_t c = op == OP_CHART ? k->chart : k->chart2;
        id = p->id[c];
        fprintf(f,
                "SELECT " CLIENT_COLS " FROM clients WHERE id = %" PRId64 "; "
                "SELECT version, body FROM profiles WHERE client_id = %" PRId64
                " AND (0 = 0 OR version = 0) ORDER BY version DESC LIMIT 1; "
                "SELECT client_id, version, status, body, kb_version, content_hash, created_by,"
                " created_at, signed_by, signed_at FROM plans WHERE client_id = %" PRId64
                " AND (0 = 0 OR version = 0) ORDER BY version DESC LIMIT 1; "
                "SELECT cosigned_by, cosigned_at FROM plan_cosigns WHERE client_id = %" PRId64
                " AND version = %" PRId64 " ORDER BY cosigned_at; "
                "SELECT id, client_id, date, minutes, attendance, mode, plan_version, note_format,"
                " note, created_by, created_at FROM sessions WHERE client_id = %" PRId64
                " ORDER BY date, id;\n",
                id, id, id, id, p->latest[c], id);
        break;
    }
    case OP_INSERT:
        id = p->id[k->insert];
        fprintf(f,
                "%s; SELECT 1 FROM clients WHERE id = %" PRId64 "; "
                "INSERT INTO sessions (client_id, date, minutes, attendance, mode, plan_version,"
                " note_format, note, created_by, created_at) VALUES (%" PRId64
                ", '2026-10-31', 50, 'attended', 'individual', 0, 'SOAP', '%s', 'bench',"
                " 1793491200000) RETURNING id; COMMIT;\n",
                sqlite ? "BEGIN IMMEDIATE" : "BEGIN", id, id, note_json);
        break;
    default:
        break;
    }
}

static int write_cli_file(const char *path, const struct practice *p, const struct pick *picks,
                          size_t count, bool sqlite)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    if (sqlite)
        fprintf(f, ".output /dev/null\n.timeout 10000\nPRAGMA foreign_keys=ON;\n"
                   "PRAGMA synchronous=FULL;\n.timer on\n");
    else
        fprintf(f, "\\set ON_ERROR_STOP 1\n\\timing on\n");
    for (size_t i = 0; i < count; i++)
        for (int op = 0; op < N_OPS; op++)
            write_op(f, (enum op)op, p, &picks[i], sqlite);
    return fclose(f) ? -1 : 0;
}

/* One turn of the CLI: the same WARMUP + per repetitions as easel_round, written to a file, run
   through sqlite3 or psql in one process; one time per operation read from its timing lines. */
static int cli_round(const char *url_or_path, const struct practice *p, const struct pick *picks,
                     size_t per, size_t at, bool sqlite, struct result *r)
{
    char file[4200], cmd[8600];
    snprintf(file, sizeof(file), "%s/bench_store-%ld-%s.sql", C.dir, (long)getpid(),
             sqlite ? "sqlite" : "pg");
    if (write_cli_file(file, p, picks, WARMUP + per, sqlite)) {
        fprintf(stderr, "bench_store: cannot write %s\n", file);
        return 1;
    }
    if (sqlite)
        snprintf(cmd, sizeof(cmd), "sqlite3 -batch '%s' < '%s'", url_or_path, file);
    else
        snprintf(cmd, sizeof(cmd), "psql -X -q -A -t -o /dev/null '%s' -f '%s'", url_or_path, file);
    FILE *f = popen(cmd, "r");
    if (!f) {
        remove(file);
        return 1;
    }
    size_t total = WARMUP + per, i = 0;
    int op = 0, stmt = 0;
    double acc = 0;
    char line[512];
    while (fgets(line, sizeof(line), f)) {
        double real, user, sys, ms;
        if (sqlite &&
            sscanf(line, "Run Time: real %lf user %lf sys %lf", &real, &user, &sys) == 3) {
            if (i >= WARMUP && i < total) {
                r->cli[op][at + i - WARMUP] = real * 1e3;
                r->cli_cpu[op][at + i - WARMUP] = (user + sys) * 1e3;
            }
        } else if (!sqlite && sscanf(line, "Time: %lf ms", &ms) == 1) {
            acc += ms;
            if (++stmt < op_statements[op])
                continue;
            if (i >= WARMUP && i < total)
                r->cli[op][at + i - WARMUP] = acc;
            acc = 0;
            stmt = 0;
        } else {
            continue; /* PRAGMA answers and the like */
        }
        if (++op == N_OPS) {
            op = 0;
            i++;
        }
    }
    int st = pclose(f);
    remove(file);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || i != total) {
        fprintf(stderr, "bench_store: %s baseline: %zu of %zu repetitions timed (status %d)\n",
                sqlite ? "sqlite3" : "psql", i, total, st);
        return 1;
    }
    return 0;
}

/* ---- sizes ------------------------------------------------------------------------------ */

static void parse_tables(struct result *r, const char *text)
{
    r->n_tables = 0;
    for (const char *l = text; *l && r->n_tables < MAX_TABLES;) {
        const char *end = strchr(l, '\n');
        size_t len = end ? (size_t)(end - l) : strlen(l);
        const char *bar = memchr(l, '|', len);
        if (bar) {
            struct table_size *t = &r->tables[r->n_tables++];
            snprintf(t->name, sizeof(t->name), "%.*s", (int)(bar - l), l);
            t->bytes = strtod(bar + 1, NULL);
        }
        l = end ? end + 1 : l + len;
    }
}

static int sizes_sqlite(const char *path, struct result *r)
{
    struct stat st;
    if (stat(path, &st))
        return 1;
    r->file_bytes = (double)st.st_size;
    char wal[4200];
    snprintf(wal, sizeof(wal), "%s-wal", path);
    if (!stat(wal, &st))
        r->file_bytes += (double)st.st_size;
    char cmd[4400], out[8192];
    snprintf(cmd, sizeof(cmd),
             "sqlite3 -readonly '%s' \"SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"
             " ORDER BY 2 DESC\"",
             path);
    if (shell(cmd, out, sizeof(out)) == 0)
        parse_tables(r, out);
    return 0;
}

static int sizes_pg(const char *url, struct result *r)
{
    char out[8192];
    if (psql(url,
             "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace"
             " n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"
             " ORDER BY 2 DESC",
             out, sizeof(out)))
        return 1;
    parse_tables(r, out);
    if (psql(url, "SELECT pg_database_size(current_database())", out, sizeof(out)))
        return 1;
    r->file_bytes = strtod(out, NULL);
    return 0;
}

static double table_bytes(const struct result *r, const char *name)
{
    for (size_t i = 0; i < r->n_tables; i++)
        if (strcmp(r->tables[i].name, name) == 0)
            return r->tables[i].bytes;
    return 0;
}

/* ---- one backend ------------------------------------------------------------------------ */

static int run_backend(bool sqlite, struct result *r)
{
    char url[4200], path[4200] = "", admin_db[128] = "";
    r->backend = sqlite ? "sqlite" : "postgresql";
    if (sqlite) {
        snprintf(path, sizeof(path), "%s/bench_store-%ld.db", C.dir, (long)getpid());
        snprintf(url, sizeof(url), "%s", path);
        remove(path);
    } else {
        snprintf(admin_db, sizeof(admin_db), "easel_bench_%ld", (long)getpid());
        char sql[256], out[1024];
        snprintf(sql, sizeof(sql), "CREATE DATABASE %s", admin_db);
        if (psql(C.pg_url, sql, out, sizeof(out))) {
            fprintf(stderr, "bench_store: %s: %s", sql, out);
            return 1;
        }
        pg_url_for(C.pg_url, admin_db, url, sizeof(url));
        if (psql(url, "SELECT pg_database_size(current_database())", out, sizeof(out)) == 0)
            r->empty_bytes = strtod(out, NULL);
    }
    fprintf(stderr, "bench_store: %s: generating the practice...\n", r->backend);
    int rc = run_demo(url, &r->load_s, &r->resumed);
    struct easel_store s;
    struct easel_error err = {0};
    struct practice p = {0};
    bool open = false;
    if (!rc) {
        rc = easel_store_open(&s, url, "bench", &err) ? report("open", &err) : 0;
        open = rc == 0;
    }
    if (!rc)
        rc = practice_read(&s, &p);
    double t0 = now_s();
    if (!rc)
        rc = extra_plans(&s, &p, &r->plans);
    r->plans_s = now_s() - t0;
    if (open)
        easel_store_close(&s);
    r->clients = (long)p.n;
    r->sessions = (long)p.n * C.per_client;
    if (!rc && !sqlite) {
        /* what autovacuum would do after a bulk load, done once so it does not land in the
           timings */
        t0 = now_s();
        char out[1024];
        if (psql(url, "VACUUM ANALYZE", out, sizeof(out)))
            fprintf(stderr, "bench_store: VACUUM ANALYZE: %s", out);
        r->vacuum_s = now_s() - t0;
    }
    if (!rc)
        rc = sqlite ? sizes_sqlite(path, r) : sizes_pg(url, r);
    r->loaded = rc == 0;

    /* the same random choices for easel and the CLI */
    struct pick *picks = NULL;
    size_t per = (size_t)C.reps / ROUNDS, total = ROUNDS * (WARMUP + per);
    if (!rc) {
        picks = calloc(total, sizeof(*picks));
        rc = picks ? 0 : 1;
    }
    for (size_t i = 0; !rc && i < total; i++) {
        picks[i].chart = rng_below(p.n);
        picks[i].chart2 = rng_below(p.n);
        picks[i].insert = rng_below(p.n);
        /* three letters in a row of a stored name, lower case */
        static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        const char *name = p.name[rng_below(p.n)];
        size_t len = strlen(name), start = 0;
        for (int tries = 0; tries < 100 && len >= 3; tries++) {
            start = rng_below(len - 2);
            if (strspn(name + start, letters) >= 3)
                break;
        }
        for (size_t c = 0; c < 3; c++) {
            char ch = start + c < len ? name[start + c] : 'a';
            picks[i].term[c] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
        }
    }
    const char *cli = sqlite ? "sqlite3" : "psql";
    r->have_cli = on_path(cli);
    if (!rc && !r->have_cli)
        printf("note: %s is not installed: no baseline for %s\n", cli, r->backend);
    if (!rc) {
        fprintf(stderr, "bench_store: %s: timing easel and %s, %d turns each...\n", r->backend, cli,
                ROUNDS);
        snprintf(r->load_before, sizeof(r->load_before), "%s", loadavg());
        rc = easel_store_open(&s, url, "bench", &err) ? report("open", &err) : 0;
        for (size_t k = 0; !rc && k < ROUNDS; k++) {
            const struct pick *pk = picks + k * (WARMUP + per);
            rc = easel_round(&s, &p, pk, per, k * per, r);
            if (!rc && r->have_cli)
                rc = cli_round(url, &p, pk, per, k * per, sqlite, r);
        }
        easel_store_close(&s);
        snprintf(r->load_after, sizeof(r->load_after), "%s", loadavg());
        for (int op = 0; op < N_OPS; op++)
            r->rows[op] /= (double)(per * ROUNDS);
    }
    r->ok = rc == 0;
    free(picks);
    practice_free(&p);
    if (sqlite && !C.keep) {
        char side[4300];
        remove(path);
        snprintf(side, sizeof(side), "%s-wal", path);
        remove(side);
        snprintf(side, sizeof(side), "%s-shm", path);
        remove(side);
    } else if (sqlite) {
        printf("kept: %s\n", path);
    }
    if (!sqlite) {
        /* retried for half a minute: a server restarted under the run comes back */
        char sql[256], out[1024];
        snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", admin_db);
        int tries = 0;
        while (psql(C.pg_url, sql, out, sizeof(out)) && ++tries < 15)
            sleep(2);
        if (tries == 15)
            fprintf(stderr, "bench_store: %s failed (run it by hand): %s", sql, out);
    }
    return rc;
}

/* ---- report ----------------------------------------------------------------------------- */

static void print_result(const struct result *r)
{
    size_t n = (size_t)C.reps;
    printf("\n== %s\n", r->backend);
    if (!r->loaded) {
        printf("(the practice could not be generated or measured: see the errors above)\n");
        return;
    }
    printf("practice: %ld clients, %ld sessions, %ld plans; measures and artworks as the demo "
           "summary line says\n",
           r->clients, r->sessions, r->plans);
    printf("generated in %.1f s: easel demo %.1f s (%.0f sessions/s), %ld extra plan versions "
           "%.1f s",
           r->load_s + r->plans_s + r->vacuum_s, r->load_s, (double)r->sessions / r->load_s,
           r->plans - r->clients, r->plans_s);
    if (r->vacuum_s > 0)
        printf(", VACUUM ANALYZE %.1f s", r->vacuum_s);
    if (r->resumed)
        printf(" (the load was cut off and resumed %d time(s): its time includes the lost work "
               "and the waits)",
               r->resumed);
    printf("\n");
    double per_k = (double)r->sessions / 1000.0;
    double sess = table_bytes(r, "sessions") + table_bytes(r, "sessions_client");
    double data = r->file_bytes - r->empty_bytes;
    printf("database size: %.1f MiB%s; per 1,000 sessions: %.2f MiB whole database, %.0f KiB "
           "sessions table with its index\n",
           data / 1048576.0,
           r->empty_bytes > 0 ? " (pg_database_size minus the empty database)" : " (file)",
           data / per_k / 1048576.0, sess / per_k / 1024.0);
    printf("largest relations (with indexes%s):", r->empty_bytes > 0 ? " and TOAST" : "");
    for (size_t i = 0; i < r->n_tables && i < 6; i++)
        printf(" %s %.1f MiB;", r->tables[i].name, r->tables[i].bytes / 1048576.0);
    printf("\n");
    if (!r->ok) {
        printf("(incomplete: see the errors above)\n");
        return;
    }
    bool sqlite = strcmp(r->backend, "sqlite") == 0;
    const char *cli = sqlite ? "sqlite3" : "psql";
    printf(
        "\n%d repetitions per operation on random clients, in %d turns taken in alternation with "
        "%s (%d more first in each turn, not counted); milliseconds; load average %s before, "
        "%s after\n",
        (int)n, ROUNDS, cli, WARMUP, r->load_before, r->load_after);
    if (sqlite)
        printf("%-14s %9s %8s %8s %8s | %11s %8s %8s %9s | %7s %7s %9s\n", "operation", "easel p50",
               "p95", "max", "mean", "sqlite3 CPU", "CPU p95", "CPU mean", "real mean", "x p50",
               "x p95", "x mean/rl");
    else
        printf("%-14s %9s %8s %8s %8s | %9s %8s %8s %8s | %7s %7s %7s\n", "operation", "easel p50",
               "p95", "max", "mean", "psql p50", "p95", "max", "mean", "x p50", "x p95", "x mean");
    for (int op = 0; op < N_OPS; op++) {
        double e50 = percentile(r->easel[op], n, 0.5), e95 = percentile(r->easel[op], n, 0.95),
               emax = percentile(r->easel[op], n, 1.0), emean = mean(r->easel[op], n);
        printf("%-14s %9.3f %8.3f %8.3f %8.3f |", op_name[op], e50, e95, emax, emean);
        if (!r->have_cli) {
            printf(" (no baseline)\n");
            continue;
        }
        double c50 = percentile(r->cli[op], n, 0.5), c95 = percentile(r->cli[op], n, 0.95),
               cmax = percentile(r->cli[op], n, 1.0), cmean = mean(r->cli[op], n);
        if (sqlite) {
            /* .timer's real time comes in whole milliseconds: percentiles are taken of the CPU
               time (user + sys); the mean of the real times is shown beside it */
            double u50 = percentile(r->cli_cpu[op], n, 0.5),
                   u95 = percentile(r->cli_cpu[op], n, 0.95), umean = mean(r->cli_cpu[op], n);
            printf(" %11.3f %8.3f %8.3f %9.3f | %7.1f %7.1f %9.1f\n", u50, u95, umean, cmean,
                   e50 / u50, e95 / u95, cmean > 0 ? emean / cmean : NAN);
        } else {
            printf(" %9.3f %8.3f %8.3f %8.3f | %7.1f %7.1f %7.1f\n", c50, c95, cmax, cmean,
                   e50 / c50, e95 / c95, emean / cmean);
        }
    }
    printf("rows per operation (mean): caseload %.0f, chart %.0f sessions, search %.1f, insert "
           "%.0f\n",
           r->rows[OP_CASELOAD], (r->rows[OP_CHART] + r->rows[OP_CHART_BATCH]) / 2,
           r->rows[OP_SEARCH], r->rows[OP_INSERT]);
    for (int op = 0; op < N_OPS; op++) {
        if (op == OP_INSERT)
            continue;
        double e95 = percentile(r->easel[op], n, 0.95);
        printf("%s: %s %s p95 %.3f ms < %.0f ms\n", e95 < TARGET_READ_MS ? "PASS" : "FAIL",
               r->backend, op_name[op], e95, TARGET_READ_MS);
    }
}

static int usage(void)
{
    fprintf(stderr,
            "usage: bench_store [--clients N] [--sessions-per-client M] [--plans P] [--reps R]\n"
            "                   [--backend sqlite|postgresql|both] [--pg URL] [--dir DIR] "
            "[--keep]\n"
            "  defaults: 5000 clients, 50 sessions each, 20000 plans, 200 repetitions, both\n"
            "  backends; PostgreSQL: --pg URL or $EASEL_TEST_PG (a database easel_bench_PID is\n"
            "  created on that server and dropped); SQLite file in --dir (default /tmp)\n");
    return 2;
}

static bool number(const char *v, long min, long max, long *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < min || n > max)
        return false;
    *out = n;
    return true;
}

int main(int argc, char **argv)
{
    C.clients = 5000;
    C.per_client = 50;
    C.plans = 20000;
    C.reps = 200;
    C.dir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    C.pg_url = NULL;
    C.pg_url = getenv("EASEL_TEST_PG");
    C.want_sqlite = C.want_pg = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--keep") == 0) {
            C.keep = true;
            continue;
        }
        if (!v)
            return usage();
        i++;
        if (!((strcmp(a, "--clients") == 0 && number(v, 1, 100000, &C.clients)) ||
              (strcmp(a, "--sessions-per-client") == 0 && number(v, 0, 260, &C.per_client)) ||
              (strcmp(a, "--plans") == 0 && number(v, 1, 10000000, &C.plans)) ||
              (strcmp(a, "--reps") == 0 && number(v, 10, 100000, &C.reps)))) {
            if (strcmp(a, "--backend") == 0 && strcmp(v, "sqlite") == 0)
                C.want_pg = false;
            else if (strcmp(a, "--backend") == 0 && strcmp(v, "postgresql") == 0)
                C.want_sqlite = false;
            else if (strcmp(a, "--backend") == 0 && strcmp(v, "both") == 0)
                ;
            else if (strcmp(a, "--pg") == 0)
                C.pg_url = v;
            else if (strcmp(a, "--dir") == 0)
                C.dir = v;
            else
                return usage();
        }
    }
    C.reps -= C.reps % ROUNDS; /* the same number in every turn */
    double t_start = now_s();
    printf("easel bench_store: the client record (issue 3)\n");
    printf("target: %ld clients x %ld sessions = %ld sessions, %ld plans; %ld repetitions per "
           "operation\n",
           C.clients, C.per_client, C.clients * C.per_client, C.plans, C.reps);
    printf("machine: %ld cores, load average %s\n", sysconf(_SC_NPROCESSORS_ONLN), loadavg());
    printf("easel: %s\n", EASEL_BIN);

    struct result res[2];
    memset(res, 0, sizeof(res));
    int failed = 0;
    for (int b = 0; b < 2; b++) {
        bool sqlite = b == 0;
        if ((sqlite && !C.want_sqlite) || (!sqlite && !C.want_pg))
            continue;
        if (!sqlite && (!C.pg_url || !*C.pg_url)) {
            printf("\nnote: no PostgreSQL URL (--pg or $EASEL_TEST_PG): the PostgreSQL half did "
                   "not run\n");
            continue;
        }
        if (!sqlite && !on_path("psql")) {
            printf("\nnote: psql is not installed: the PostgreSQL half did not run\n");
            continue;
        }
        for (int op = 0; op < N_OPS; op++) {
            res[b].easel[op] = calloc((size_t)C.reps, sizeof(double));
            res[b].cli[op] = calloc((size_t)C.reps, sizeof(double));
            res[b].cli_cpu[op] = calloc((size_t)C.reps, sizeof(double));
            if (!res[b].easel[op] || !res[b].cli[op] || !res[b].cli_cpu[op])
                return 1;
        }
        double t0 = now_s();
        failed |= run_backend(sqlite, &res[b]);
        print_result(&res[b]);
        printf("(%s half: %.1f s)\n", res[b].backend, now_s() - t0);
        fflush(stdout);
    }
    printf("\nartworks: generated by easel demo (a tiny image every fifth attended session); "
           "artwork operations are not timed\n");
    printf("total run time: %.1f min\n", (now_s() - t_start) / 60.0);
    for (int b = 0; b < 2; b++)
        for (int op = 0; op < N_OPS; op++) {
            free(res[b].easel[op]);
            free(res[b].cli[op]);
            free(res[b].cli_cpu[op]);
        }
    return failed ? 1 : 0;
}
