/*
 * bench/bench_recheck.c — `easel plan recheck` (app/plan_recheck.c) over N stored active plans
 * (default 5,000) on SQLite: the median of 3 full rechecks, against a baseline measured in the
 * same run on the same database: loading each client's latest plan and profile only (the store
 * reads the recheck cannot avoid). Also the time per plan at N/4, N/2 and N, to show how it
 * grows. The practice is built first in one batch (clients over every example profile, one
 * generated plan each). Prints a PASS/FAIL line for "recheck of N plans under 2 s"; exits 0
 * whatever it says (bench/README.md).
 *
 * Usage: bench_recheck [N] [DB-PATH]   (default 5000 and a file under /tmp, removed at exit)
 */
#include "easel/app.h"
#include "easel/kb_load.h"
#include "easel/store.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int fail(const char *what, const struct easel_error *err)
{
    fprintf(stderr, "bench_recheck: %s: %s: %s: %s\n", what, err->where, err->field, err->msg);
    return 1;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = '\0';
    fclose(f);
    return s;
}

/* The example profiles (the .json files of examples/), sorted. */
static size_t examples(char **texts, size_t max)
{
    DIR *d = opendir(EASEL_EXAMPLES_DIR);
    if (!d)
        return 0;
    char *names[64];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64 && n < max)
        if (strstr(e->d_name, ".json"))
            names[n++] = strdup(e->d_name);
    closedir(d);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(names[j], names[i]) < 0) {
                char *t = names[i];
                names[i] = names[j];
                names[j] = t;
            }
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s", EASEL_EXAMPLES_DIR, names[i]);
        texts[i] = read_file(path);
        free(names[i]);
    }
    return n;
}

/* A profile text for client ref: the example's "client" replaced. */
static char *for_client(const char *text, const char *ref)
{
    const char *k = strstr(text, "\"client\"");
    const char *q1 = k ? strchr(k + 8, '"') : NULL;
    const char *q2 = q1 ? strchr(q1 + 1, '"') : NULL;
    if (!q2)
        return NULL;
    size_t n = strlen(text) + strlen(ref) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%.*s%s%s", (int)(q1 + 1 - text), text, ref, q2);
    return s;
}

static int build_practice(struct easel_store *s, const struct easel_kb *kb, size_t from, size_t to)
{
    char *texts[64];
    size_t ne = examples(texts, 64);
    struct easel_error err = {0};
    if (!ne)
        return fprintf(stderr, "bench_recheck: no examples\n"), 1;
    if (easel_store_batch_begin(s, &err))
        return fail("batch", &err);
    int rc = 0;
    for (size_t i = from; i < to && !rc; i++) {
        char ref[32], name[64];
        snprintf(ref, sizeof(ref), "b-%05zu", i);
        snprintf(name, sizeof(name), "Bench Client %zu", i);
        const char *ex = texts[i % ne];
        const char *st = strstr(ex, "\"setting\": \"");
        char setting[48] = "outpatient";
        if (st)
            sscanf(st + 12, "%47[^\"]", setting);
        struct easel_client c = {.ref = ref, .name = name, .setting = setting};
        int64_t id, v;
        char *p = for_client(ex, ref);
        if (!p || easel_client_add(s, &c, &id, &err) ||
            easel_app_profile_put(s, id, ref, kb, ref, p, strlen(p), &v, &err)) {
            rc = fail("client", &err);
        } else {
            struct easel_app_plan ap;
            struct easel_buf json;
            easel_buf_init(&json, (size_t)64 << 20);
            if (easel_app_plan_generate(s, id, kb, 0, NULL, &ap, &json, &v, &err))
                rc = fail("plan", &err);
            easel_buf_release(&json);
            easel_app_plan_release(&ap);
        }
        free(p);
    }
    if (easel_store_batch_end(s, rc, &err) && !rc)
        rc = fail("batch end", &err);
    for (size_t i = 0; i < ne; i++)
        free(texts[i]);
    return rc;
}

/* The baseline: each client's latest plan and profile read, nothing else. */
static int reads_only(struct easel_store *s, size_t *plans)
{
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_client *cl;
    size_t n;
    struct easel_error err = {0};
    if (easel_client_list(s, NULL, 1000000, &a, &cl, &n, &err))
        return fail("list", &err);
    *plans = 0;
    for (size_t i = 0; i < n; i++) {
        struct easel_arena pa;
        easel_arena_init(&pa);
        struct easel_plan_record r;
        struct easel_buf prof;
        easel_buf_init(&prof, 1 << 20);
        int64_t got;
        if (!easel_plan_record_load(s, cl[i].id, 0, &pa, &r, &err) &&
            !easel_profile_get(s, cl[i].id, 0, &prof, &got, &err))
            (*plans)++;
        easel_buf_release(&prof);
        easel_arena_release(&pa);
    }
    easel_arena_release(&a);
    return 0;
}

static double median3(double a, double b, double c)
{
    return a > b ? (b > c ? b : (a > c ? c : a)) : (a > c ? a : (b > c ? c : b));
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 5000;
    char path[256];
    snprintf(path, sizeof(path), "%s", argc > 2 ? argv[2] : "/tmp/easel-bench-recheck.db");
    unlink(path);
    struct easel_kb kb;
    struct easel_error err = {0};
    if (easel_kb_load(&kb, EASEL_KB_DIR, NULL, &err))
        return fail("kb", &err);
    char url[300];
    snprintf(url, sizeof(url), "sqlite:%s", path);
    struct easel_store s;
    if (easel_store_open(&s, url, "bench", &err) || easel_store_migrate(&s, &err))
        return fail("open", &err);
    size_t steps[3] = {n / 4, n / 2, n}, built = 0;
    double per_plan[3] = {0}, base_med = 0, full_med = 0;
    for (int k = 0; k < 3; k++) {
        double t0 = now();
        if (build_practice(&s, &kb, built, steps[k]))
            return 1;
        printf("practice: %zu clients with a plan (+%zu in %.1f s)\n", steps[k], steps[k] - built,
               now() - t0);
        built = steps[k];
        double full[3], base[3];
        struct easel_recheck r = {0};
        for (int run = 0; run < 3; run++) {
            size_t plans = 0;
            t0 = now();
            if (reads_only(&s, &plans))
                return 1;
            base[run] = now() - t0;
            struct easel_arena a;
            easel_arena_init(&a);
            t0 = now();
            if (easel_app_plan_recheck(&s, &kb, &a, &r, &err))
                return fail("recheck", &err);
            full[run] = now() - t0;
            easel_arena_release(&a);
        }
        full_med = median3(full[0], full[1], full[2]);
        base_med = median3(base[0], base[1], base[2]);
        per_plan[k] = full_med * 1e3 / (double)steps[k];
        printf("%6zu plans: recheck %.3f s (%.3f ms a plan, %zu checked, %zu need attention); "
               "reads only %.3f s; recheck / reads %.2f\n",
               steps[k], full_med, per_plan[k], r.checked, r.n, base_med, full_med / base_med);
    }
    printf("growth: time a plan x%.2f from %zu to %zu plans (flat is linear)\n",
           per_plan[2] / per_plan[0], steps[0], steps[2]);
    printf("%s: recheck of %zu stored plans under 2 s (%.3f s)\n", full_med < 2.0 ? "PASS" : "FAIL",
           n, full_med);
    easel_store_close(&s);
    easel_kb_release(&kb);
    if (argc <= 2)
        unlink(path);
    return 0;
}
