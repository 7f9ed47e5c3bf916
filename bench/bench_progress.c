/*
 * bench/bench_progress.c — measurement-based care analytics (issue #4):
 *   1. progress analytics for one client with 200 PHQ-9 administrations (what `easel
 *      progress` does: read the administrations, score each, summarise, raise alerts);
 *   2. the practice-wide outcome summary over 5,000 clients with 4 PHQ-9 administrations
 *      each (what `easel outcomes` does: scan, classify by the Talking Therapies rules);
 * each against a baseline measured in the same run: the equivalent plain SQL aggregate sent
 * through the same connection. Medians of 9 runs; SQLite always, PostgreSQL when
 * EASEL_TEST_PG is set (a fresh schema, dropped at the end). Not a test: always exits 0
 * unless setting up fails.
 *
 * Owns its temporary database. Borrows nothing. Fails: exit 1 with a message when a setup
 * step fails.
 */
#include "../src/store/store_int.h"
#include "easel/kb_load.h"
#include "easel/outcomes.h"
#include "easel/score.h"
#include "easel/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CLIENTS 5000
#define PER_CLIENT 4
#define SERIES 200
#define RUNS 9

static struct easel_kb kb;
static const struct easel_instrument *phq;
static uint64_t rng = 88172645463325252u;

static int rnd(int n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (int)(rng % (uint64_t)n);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_d);
    return v[n / 2];
}

static void die(const char *what, const struct easel_error *err)
{
    fprintf(stderr, "bench_progress: %s: %s %s %s\n", what, err->where, err->field, err->msg);
    exit(1);
}

static void add_measure(struct easel_store *s, int64_t client, int day, int level)
{
    int answers[9];
    char text[64] = "";
    for (int i = 0; i < 9; i++) {
        int a = level + rnd(2) - 1;
        answers[i] = a < 0 ? 0 : a > 3 ? 3 : a;
        size_t len = strlen(text);
        snprintf(text + len, sizeof(text) - len, "%s%d", i ? "," : "", answers[i]);
    }
    struct easel_score_result r;
    struct easel_error err = {0};
    if (easel_score(phq, answers, 9, &r, &err))
        die("score", &err);
    char date[40];
    snprintf(date, sizeof(date), "20%02d-%02d-%02d", (20 + day / 336) % 100, 1 + day / 28 % 12,
             1 + day % 28);
    struct easel_measure_record m = {.client = client,
                                     .instrument = "phq-9",
                                     .date = date,
                                     .answers = text,
                                     .total_x100 = r.total_x100};
    int64_t id;
    if (easel_measure_add(s, &m, &id, &err))
        die("measure add", &err);
}

static int64_t fill(struct easel_store *s)
{
    struct easel_error err = {0};
    int64_t series_client = 0;
    for (int c = 0; c <= CLIENTS; c++) {
        if (c % 250 == 0 && easel_store_batch_begin(s, &err))
            die("batch", &err);
        char ref[32], name[32];
        snprintf(ref, sizeof(ref), "bench-%05d", c);
        snprintf(name, sizeof(name), "Bench Person %05d", c);
        struct easel_client cl = {.ref = ref, .name = name, .setting = "outpatient"};
        int64_t id;
        if (easel_client_add(s, &cl, &id, &err))
            die("client add", &err);
        int n = c == CLIENTS ? SERIES : PER_CLIENT;
        int level = 1 + rnd(3);
        for (int k = 0; k < n; k++)
            add_measure(s, id, k * 7, k > n / 2 && level > 0 ? level - rnd(2) : level);
        if (c == CLIENTS)
            series_client = id;
        if ((c % 250 == 249 || c == CLIENTS) && easel_store_batch_end(s, 0, &err))
            die("batch end", &err);
    }
    return series_client;
}

/* what `easel progress` does for one client */
static void progress(struct easel_store *s, int64_t client)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_measure_record *ms;
    size_t n;
    struct easel_error err = {0};
    if (easel_measure_list(s, client, &a, &ms, &n, &err))
        die("measure list", &err);
    struct easel_admin *admin = calloc(n, sizeof(*admin));
    for (size_t i = 0; i < n; i++) {
        int answers[9], k = 0;
        for (const char *p = ms[i].answers; k < 9; k++) {
            answers[k] = (int)strtol(p, NULL, 10);
            p = strchr(p, ',');
            if (!p)
                break;
            p++;
        }
        if (easel_score(phq, answers, 9, &admin[i].score, &err))
            die("score", &err);
        admin[i].session = (int)i;
    }
    struct easel_progress pr;
    struct easel_alert alerts[EASEL_ALERTS_MAX];
    size_t na;
    if (easel_progress_summary(phq, admin, n, &pr, &err) ||
        easel_progress_alerts(phq, admin, n, 6, alerts, &na, &err))
        die("progress", &err);
    free(admin);
    easel_arena_release(&a);
}

struct acc {
    struct easel_outcomes o;
    int64_t client;
    struct easel_outcome_pair p;
};

static int acc_row(void *ctx, int64_t client, const char *instrument, const char *date,
                   int64_t total)
{
    struct acc *a = ctx;
    (void)instrument;
    (void)date;
    if (client != a->client) {
        struct easel_error err = {0};
        if (a->client)
            easel_outcomes_add(&a->o, &a->p, 1, &err);
        a->client = client;
        a->p.in = phq;
        a->p.pre = a->p.post = -1;
    }
    int t = (int)((total + 50) / 100);
    if (a->p.pre < 0)
        a->p.pre = t;
    else
        a->p.post = t;
    return 0;
}

static void outcomes(struct easel_store *s)
{
    struct acc a = {0};
    struct easel_error err = {0};
    if (easel_measure_scan(s, acc_row, &a, &err))
        die("scan", &err);
    easel_outcomes_add(&a.o, &a.p, 1, &err);
}

static int sink_row(void *ctx, const struct easel_val *c, size_t n)
{
    (void)c;
    (void)n;
    (*(int64_t *)ctx)++;
    return 0;
}

static const char *const series_sql =
    "SELECT COUNT(*), MIN(total), MAX(total), AVG(total) FROM measures WHERE client_id = $1";
static const char *const practice_sql =
    "WITH f AS (SELECT client_id, total, ROW_NUMBER() OVER (PARTITION BY client_id ORDER BY"
    " date, id) AS rn, COUNT(*) OVER (PARTITION BY client_id) AS n FROM measures"
    " WHERE instrument = 'phq-9' AND total >= 0)"
    " SELECT COUNT(*), SUM(CASE WHEN a.total - b.total >= 600 THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN a.total >= 1000 AND b.total < 1000 THEN 1 ELSE 0 END)"
    " FROM f a JOIN f b ON a.client_id = b.client_id AND a.rn = 1 AND b.rn = b.n AND b.n > 1";

static void run(const char *label, const char *url)
{
    struct easel_store s;
    struct easel_error err = {0};
    if (easel_store_open(&s, url, "bench", &err) || easel_store_migrate(&s, &err))
        die("open", &err);
    double t0 = now();
    int64_t series = fill(&s);
    printf("\n%s: %d clients, %d administrations loaded in %.1f s\n", label, CLIENTS + 1,
           CLIENTS * PER_CLIENT + SERIES, now() - t0);
    double a[RUNS], b[RUNS], c[RUNS], d[RUNS];
    for (int r = 0; r < RUNS; r++) {
        double t = now();
        progress(&s, series);
        a[r] = now() - t;
        t = now();
        int64_t rows = 0;
        struct easel_val p = easel_vint(series);
        if (s.ops->exec(&s, series_sql, &p, 1, sink_row, &rows, NULL, &err))
            die("baseline", &err);
        b[r] = now() - t;
        t = now();
        outcomes(&s);
        c[r] = now() - t;
        t = now();
        if (s.ops->exec(&s, practice_sql, NULL, 0, sink_row, &rows, NULL, &err))
            die("baseline", &err);
        d[r] = now() - t;
    }
    double ma = median(a, RUNS), mb = median(b, RUNS), mc = median(c, RUNS), md = median(d, RUNS);
    printf("  %-44s %9.3f ms   SQL aggregate %8.3f ms   ratio %6.1f\n",
           "progress, one client, 200 administrations", ma * 1e3, mb * 1e3, ma / mb);
    printf("  %-44s %9.3f ms   SQL aggregate %8.3f ms   ratio %6.1f\n",
           "outcome summary, 5,001 clients", mc * 1e3, md * 1e3, mc / md);
    easel_store_close(&s);
}

int main(void)
{
    struct easel_error err = {0};
    if (easel_kb_load(&kb, EASEL_KB_DIR, NULL, &err))
        die("kb", &err);
    phq = &kb.instruments[easel_kb_instrument(&kb, "phq-9")];
    char path[128];
    snprintf(path, sizeof(path), "/tmp/easel-bench-progress-%ld.db", (long)getpid());
    unlink(path);
    printf("bench_progress: medians of %d runs; ratio = easel / plain SQL aggregate\n", RUNS);
    run("sqlite", path);
    unlink(path);
    char f[160];
    snprintf(f, sizeof(f), "%s-wal", path);
    unlink(f);
    snprintf(f, sizeof(f), "%s-shm", path);
    unlink(f);
    const char *pg = getenv("EASEL_TEST_PG");
    if (pg) {
        struct easel_store admin;
        char schema[64], url[1024], sql[128];
        snprintf(schema, sizeof(schema), "bench_progress_%ld", (long)getpid());
        if (easel_store_open(&admin, pg, "bench", &err))
            die("postgresql", &err);
        snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", schema);
        admin.ops->exec(&admin, sql, NULL, 0, NULL, NULL, NULL, &err);
        snprintf(url, sizeof(url), "%s%soptions=-csearch_path%%3D%s", pg,
                 strchr(pg, '?') ? "&" : "?", schema);
        run("postgresql", url);
        snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", schema);
        admin.ops->exec(&admin, sql, NULL, 0, NULL, NULL, NULL, &err);
        easel_store_close(&admin);
    } else {
        printf("\npostgresql: EASEL_TEST_PG not set, not measured\n");
    }
    easel_kb_release(&kb);
    return 0;
}
