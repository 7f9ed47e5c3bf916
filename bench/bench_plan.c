/*
 * bench/bench_plan.c — benchmark of the planning engine (a report, not a test): KB load time
 * and memory; the median time per plan on the shipped KB and on synthetic KBs of 1,000 and
 * 10,000 interventions, for every example profile; a plain linear pass over the same
 * interventions as the baseline measured in the same run; how cost grows with size; a group
 * plan for 30 members (issue 12) against those 30 members' own plans in the same run.
 * `--callgrind` builds one plan per profile per KB size once, then one baseline pass each, with
 * a callgrind dump after each batch, for instruction counts that repeat exactly (bench/run.sh
 * reads them).
 *
 * Owns: the loaded KB and profiles, the synthetic KBs (their arenas hold the replicated
 * interventions, their ids and a copy of the settings with excluded_interventions re-indexed),
 * and every plan it builds.
 * Borrows: a synthetic KB shares the shipped KB's problems, media, rules, instruments and the
 * interventions' strings and media lists, so it is released before the shipped KB.
 * Fails: prints the error and exits 1 when the KB, a profile or a plan cannot be built, 2 on a
 * usage error; otherwise exits 0 whatever the PASS/FAIL lines say.
 */
#include "easel/error.h"
#include "easel/kb.h"
#include "easel/kb_load.h"
#include "easel/group.h"
#include "easel/plan.h"
#include "easel/plan_rules.h"
#include "easel/profile.h"
#include "easel/profile_load.h"
#include "easel/util.h"
#include "easel/vocab.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HAVE_CALLGRIND 1
#endif
#endif
#ifndef HAVE_CALLGRIND /* the --callgrind mode still runs, without dumps */
#define CALLGRIND_ZERO_STATS                                                                       \
    do {                                                                                           \
    } while (0)
#define CALLGRIND_DUMP_STATS_AT(label) ((void)(label))
#endif

#ifndef EASEL_KB_DIR
#define EASEL_KB_DIR "kb"
#endif
#ifndef EASEL_EXAMPLES_DIR
#define EASEL_EXAMPLES_DIR "examples"
#endif

#define ROUNDS 7
#define KB_LOADS 9
#define N_SIZES 3
#define MAX_PROFILES 64
#define TARGET_US 1000.0 /* per plan at 10,000 interventions */
#define GROWTH_MAX 12.0  /* 1k -> 10k: linear (10x) with 20% slack */

static const size_t sizes[N_SIZES] = {0, 1000, 10000}; /* 0: the shipped KB as loaded */

static struct {
    struct easel_kb kb;           /* shipped */
    struct easel_kb syn[N_SIZES]; /* [0] unused */
    const struct easel_kb *kbs[N_SIZES];
    struct easel_profile profiles[MAX_PROFILES];
    uint32_t flags[MAX_PROFILES];
    char **files; /* example file names, sorted */
    size_t n_files, n_profiles;
    double min_time; /* seconds one measurement must last */
} B;

static volatile uint64_t sink; /* keeps the baseline's result alive */
static struct easel_error plan_err;

static int report(const struct easel_error *err)
{
    char line[600];
    easel_error_format(err, line, sizeof(line));
    fprintf(stderr, "bench_plan: %s\n", line);
    return 1;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(const double *v, size_t n)
{
    double s[ROUNDS > KB_LOADS ? ROUNDS : KB_LOADS];
    memcpy(s, v, n * sizeof(*s));
    qsort(s, n, sizeof(*s), cmp_double);
    return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static long peak_rss_kib(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
}

static long minor_faults(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_minflt : 0;
}

static const char *stem(size_t p)
{
    static char buf[64];
    snprintf(buf, sizeof(buf), "%s", B.files[p]);
    char *dot = strrchr(buf, '.');
    if (dot)
        *dot = '\0';
    return buf;
}

/* ---- loading ---------------------------------------------------------------------------- */

static int load_kb(double *ms)
{
    double t[KB_LOADS];
    struct easel_error err = {0};
    for (size_t i = 0; i < KB_LOADS; i++) {
        if (i)
            easel_kb_release(&B.kb);
        double t0 = now();
        if (easel_kb_load(&B.kb, EASEL_KB_DIR, NULL, &err))
            return report(&err);
        t[i] = (now() - t0) * 1e3;
    }
    ms[0] = median(t, KB_LOADS);
    ms[1] = t[0];
    ms[2] = t[0];
    for (size_t i = 1; i < KB_LOADS; i++) {
        ms[1] = t[i] < ms[1] ? t[i] : ms[1];
        ms[2] = t[i] > ms[2] ? t[i] : ms[2];
    }
    return 0;
}

static int load_profiles(void)
{
    struct easel_error err = {0};
    if (easel_dir_list(EASEL_EXAMPLES_DIR, ".json", &B.files, &B.n_files, &err))
        return report(&err);
    size_t n = B.n_files;
    if (n == 0 || n > MAX_PROFILES) {
        fprintf(stderr, "bench_plan: %s: expected 1-%d profiles, found %zu\n", EASEL_EXAMPLES_DIR,
                MAX_PROFILES, n);
        return 1;
    }
    for (size_t p = 0; p < n; p++) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", EASEL_EXAMPLES_DIR, B.files[p]);
        B.n_profiles = p + 1;
        if (easel_profile_load(&B.profiles[p], &B.kb, path, &err))
            return report(&err);
        B.flags[p] = easel_profile_flags(&B.profiles[p], &B.kb);
    }
    return 0;
}

/* ---- synthetic KBs ---------------------------------------------------------------------- */

static uint64_t rotate(uint64_t mask, int k, int width)
{
    uint64_t all = width >= 64 ? UINT64_MAX : EASEL_BIT(width) - 1;
    k %= width;
    if (k == 0)
        return mask & all;
    return ((mask << k) | (mask >> (width - k))) & all;
}

/* Index of the shipped intervention a synthetic one ("syn-%05zu", numbered from 1) copies. */
static size_t source_of(const struct easel_intervention *in, size_t n0)
{
    return (strtoul(in->id + 4, NULL, 10) - 1) % n0;
}

static bool in_list(const struct easel_idlist *l, size_t index)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->index[i] == (int)index)
            return true;
    return false;
}

static int cmp_intervention(const void *a, const void *b)
{
    return strcmp(((const struct easel_intervention *)a)->id,
                  ((const struct easel_intervention *)b)->id);
}

/* Settings index interventions: each copy excludes every copy of what the shipped one does. */
static int reindex_settings(struct easel_kb *syn, const struct easel_kb *kb)
{
    struct easel_arena *a = &syn->arena;
    size_t n0 = kb->n_interventions;
    for (size_t s = 0; s < syn->n_settings; s++) {
        const struct easel_idlist *from = &kb->settings[s].excluded_interventions;
        struct easel_idlist *to = &syn->settings[s].excluded_interventions;
        memset(to, 0, sizeof(*to));
        if (!from->n)
            continue;
        size_t n = 0;
        for (size_t i = 0; i < syn->n_interventions; i++)
            n += in_list(from, source_of(&syn->interventions[i], n0));
        to->ids = easel_arena_alloc(a, (n + 1) * sizeof(*to->ids));
        to->index = easel_arena_alloc(a, (n + 1) * sizeof(*to->index));
        if (!to->ids || !to->index)
            return EASEL_ENOMEM;
        for (size_t i = 0; i < syn->n_interventions; i++)
            if (in_list(from, source_of(&syn->interventions[i], n0))) {
                to->ids[to->n] = syn->interventions[i].id;
                to->index[to->n++] = (int)i;
            }
    }
    return 0;
}

/* A KB of n interventions: the shipped ones replicated under new ids. Copy round k (0 for the
   first n0) rotates goal tags by k, phases by k and intensity by k, so copies differ and the
   engine has real choices to make; round 0 keeps every shipped item as it is. */
static int make_synthetic(struct easel_kb *syn, const struct easel_kb *kb, size_t n)
{
    const size_t n0 = kb->n_interventions;
    const int n_tags = easel_vocab_count(EASEL_VOCAB_GOAL_TAG);
    *syn = *kb;
    easel_arena_init(&syn->arena);
    struct easel_arena *a = &syn->arena;
    syn->interventions = easel_arena_alloc(a, n * sizeof(*syn->interventions));
    syn->settings = easel_arena_alloc(a, (kb->n_settings + 1) * sizeof(*syn->settings));
    if (!syn->interventions || !syn->settings)
        return EASEL_ENOMEM;
    syn->n_interventions = n;
    for (size_t i = 0; i < n; i++) {
        struct easel_intervention *in = &syn->interventions[i];
        const struct easel_intervention *src = &kb->interventions[i % n0];
        int k = (int)(i / n0);
        *in = *src;
        in->id = easel_arena_printf(a, "syn-%05zu", i + 1);
        if (!in->id)
            return EASEL_ENOMEM;
        in->goal_tags = rotate(src->goal_tags, k, n_tags);
        in->phases = (uint32_t)rotate(src->phases, k, EASEL_PHASE_COUNT);
        in->intensity = 1 + (src->intensity - 1 + k) % 5;
    }
    qsort(syn->interventions, n, sizeof(*syn->interventions), cmp_intervention);
    memcpy(syn->settings, kb->settings, kb->n_settings * sizeof(*syn->settings));
    if (reindex_settings(syn, kb))
        return EASEL_ENOMEM;
    for (size_t i = 0; i < n; i++)
        if (easel_kb_intervention(syn, syn->interventions[i].id) != (int)i) {
            fprintf(stderr, "bench_plan: synthetic KB: lookup of %s failed\n",
                    syn->interventions[i].id);
            return EASEL_EINVAL;
        }
    snprintf(syn->version, sizeof(syn->version), "synthetic-%zu-of-%.16s", n, kb->version);
    return 0;
}

/* ---- the work being timed --------------------------------------------------------------- */

static int plan_once(const struct easel_kb *kb, size_t p)
{
    struct easel_plan plan;
    int rc = easel_plan_build(&plan, kb, &B.profiles[p], NULL, &plan_err);
    easel_plan_release(&plan);
    return rc;
}

/* The baseline: one linear pass that tests each contraindication mask against the flags. */
static uint64_t baseline_pass(const struct easel_kb *kb, uint32_t flags)
{
    uint64_t sum = 0;
    for (size_t i = 0; i < kb->n_interventions; i++) {
        const struct easel_intervention *in = &kb->interventions[i];
        if (!(in->contraindications & flags))
            sum += (uint64_t)in->intensity;
    }
    return sum;
}

enum work {
    WORK_PLAN,     /* one plan for one profile */
    WORK_MIX,      /* one plan for each profile in turn */
    WORK_BASELINE, /* one baseline pass with each profile's flags in turn */
    WORK_CHECK,    /* the plan checker again on each profile's built plan in turn */
};

/* The built plans WORK_CHECK checks (easel_plan_build has already run the checker once in each:
   this measures what the checker adds to a build). */
static struct easel_plan check_plans[MAX_PROFILES];

struct job {
    enum work work;
    const struct easel_kb *kb;
    size_t profile;
};

static size_t units(const struct job *j)
{
    return j->work == WORK_PLAN ? 1 : B.n_profiles;
}

/* Runs the job reps times; *sec is the elapsed time. */
static int run_job(const struct job *j, size_t reps, double *sec)
{
    const volatile uint32_t *flags = B.flags; /* read anew each pass: nothing is hoisted */
    double t0 = now();
    for (size_t r = 0; r < reps; r++) {
        switch (j->work) {
        case WORK_PLAN:
            if (plan_once(j->kb, j->profile))
                return report(&plan_err);
            break;
        case WORK_MIX:
            for (size_t p = 0; p < B.n_profiles; p++)
                if (plan_once(j->kb, p))
                    return report(&plan_err);
            break;
        case WORK_BASELINE:
            for (size_t p = 0; p < B.n_profiles; p++)
                sink = sink + baseline_pass(j->kb, flags[p]);
            break;
        case WORK_CHECK:
            for (size_t p = 0; p < B.n_profiles; p++) {
                struct easel_findings f;
                if (easel_plan_rules_check(&check_plans[p], &f))
                    return 1;
                sink = sink + f.n;
            }
            break;
        }
    }
    *sec = now() - t0;
    return 0;
}

/* Repetitions that make one measurement last at least B.min_time. */
static int calibrate(const struct job *j, size_t *reps)
{
    size_t n = 1;
    for (;;) {
        double sec;
        if (run_job(j, n, &sec))
            return 1;
        if (sec >= B.min_time)
            break;
        double grow = sec > 0 ? 1.25 * B.min_time / sec : 100.0;
        grow = grow < 2.0 ? 2.0 : (grow > 100.0 ? 100.0 : grow);
        n = (size_t)((double)n * grow);
    }
    *reps = n;
    return 0;
}

/* One round: microseconds per unit (per plan, or per pass). */
static int round_us(const struct job *j, size_t reps, double *us)
{
    double sec;
    if (run_job(j, reps, &sec))
        return 1;
    *us = sec * 1e6 / ((double)reps * (double)units(j));
    return 0;
}

/* ---- measurements ----------------------------------------------------------------------- */

struct work_done { /* one build of each profile, to show the engine does real work */
    size_t excluded, interventions, filled, sessions, gaps;
    size_t arena_max;
};

struct size_result {
    size_t n;
    double plan_us[MAX_PROFILES];
    double mix_us, base_us;
    double check_us; /* the plan checker alone, per plan (round-robin) */
    double faults;   /* minor page faults per plan, over the round-robin rounds */
    struct work_done work;
};

static int count_work(const struct easel_kb *kb, struct work_done *w)
{
    memset(w, 0, sizeof(*w));
    for (size_t p = 0; p < B.n_profiles; p++) {
        struct easel_plan plan;
        if (easel_plan_build(&plan, kb, &B.profiles[p], NULL, &plan_err)) {
            easel_plan_release(&plan);
            return report(&plan_err);
        }
        for (size_t i = 0; i < kb->n_interventions; i++)
            w->excluded += plan.interventions[i].verdict == EASEL_VERDICT_EXCLUDED;
        w->interventions += kb->n_interventions;
        for (size_t s = 0; s < plan.n_sessions; s++)
            w->filled += plan.sessions[s].main.intervention >= 0;
        w->sessions += plan.n_sessions;
        w->gaps += plan.n_gaps;
        if (plan.arena.used_total > w->arena_max)
            w->arena_max = plan.arena.used_total;
        easel_plan_release(&plan);
    }
    return 0;
}

static int measure_size(const struct easel_kb *kb, struct size_result *r)
{
    r->n = kb->n_interventions;
    if (count_work(kb, &r->work))
        return 1;
    /* baseline and round-robin plans interleaved, round by round, so drift hits both */
    struct job base = {WORK_BASELINE, kb, 0}, mix = {WORK_MIX, kb, 0};
    size_t base_reps, mix_reps;
    double b[ROUNDS], m[ROUNDS];
    if (calibrate(&base, &base_reps) || calibrate(&mix, &mix_reps))
        return 1;
    long faults = minor_faults();
    for (size_t k = 0; k < ROUNDS; k++)
        if (round_us(&base, base_reps, &b[k]) || round_us(&mix, mix_reps, &m[k]))
            return 1;
    r->faults = (double)(minor_faults() - faults) / (double)(ROUNDS * mix_reps * B.n_profiles);
    r->base_us = median(b, ROUNDS);
    r->mix_us = median(m, ROUNDS);
    for (size_t p = 0; p < B.n_profiles; p++)
        if (easel_plan_build(&check_plans[p], kb, &B.profiles[p], NULL, &plan_err))
            return report(&plan_err);
    struct job chk = {WORK_CHECK, kb, 0};
    size_t chk_reps = 1;
    double c[ROUNDS];
    int crc = calibrate(&chk, &chk_reps);
    for (size_t k = 0; !crc && k < ROUNDS; k++)
        crc = round_us(&chk, chk_reps, &c[k]);
    for (size_t p = 0; p < B.n_profiles; p++)
        easel_plan_release(&check_plans[p]);
    if (crc)
        return 1;
    r->check_us = median(c, ROUNDS);
    for (size_t p = 0; p < B.n_profiles; p++) {
        struct job one = {WORK_PLAN, kb, p};
        size_t reps;
        double t[ROUNDS];
        if (calibrate(&one, &reps))
            return 1;
        for (size_t k = 0; k < ROUNDS; k++)
            if (round_us(&one, reps, &t[k]))
                return 1;
        r->plan_us[p] = median(t, ROUNDS);
    }
    return 0;
}

/* One plan per profile per KB size, once, between callgrind dumps named after the size. */
static int callgrind_run(void)
{
    char label[64];
    for (size_t s = 0; s < N_SIZES; s++) {
        const struct easel_kb *kb = B.kbs[s];
        CALLGRIND_ZERO_STATS;
        for (size_t p = 0; p < B.n_profiles; p++)
            if (plan_once(kb, p))
                return report(&plan_err);
        snprintf(label, sizeof(label), "plans-%zu-x%zu", kb->n_interventions, B.n_profiles);
        CALLGRIND_DUMP_STATS_AT(label);
        CALLGRIND_ZERO_STATS;
        for (size_t p = 0; p < B.n_profiles; p++)
            sink = sink + baseline_pass(kb, B.flags[p]);
        snprintf(label, sizeof(label), "baseline-%zu-x%zu", kb->n_interventions, B.n_profiles);
        CALLGRIND_DUMP_STATS_AT(label);
        printf("callgrind: %zu interventions: %zu plans, then %zu baseline passes\n",
               kb->n_interventions, B.n_profiles, B.n_profiles);
    }
    return 0;
}

/* ---- report ----------------------------------------------------------------------------- */

static void print_row(const char *name, const double *v, int decimals)
{
    printf("%-30s", name);
    for (size_t s = 0; s < N_SIZES; s++)
        printf(" %11.*f", decimals, v[s]);
    printf(" %12.2f %12.2f\n", v[1] / v[0], v[2] / v[1]);
}

static void print_report(const struct size_result *r)
{
    const double size_g1 = (double)r[1].n / (double)r[0].n,
                 size_g2 = (double)r[2].n / (double)r[1].n;
    printf("\nMedian time per plan, microseconds (median of %d rounds, each >= %.2f s)\n", ROUNDS,
           B.min_time);
    printf("%-30s", "profile");
    for (size_t s = 0; s < N_SIZES; s++) {
        char head[32];
        snprintf(head, sizeof(head), "n=%zu", r[s].n);
        printf(" %11s", head);
    }
    for (size_t s = 1; s < N_SIZES; s++) {
        char head[32];
        snprintf(head, sizeof(head), "x %zu->%zu", r[s - 1].n, r[s].n);
        printf(" %12s", head);
    }
    printf("\n");
    double v[N_SIZES];
    size_t slowest = 0, steepest = 0;
    for (size_t p = 0; p < B.n_profiles; p++) {
        for (size_t s = 0; s < N_SIZES; s++)
            v[s] = r[s].plan_us[p];
        print_row(stem(p), v, 1);
        if (r[2].plan_us[p] > r[2].plan_us[slowest])
            slowest = p;
        if (r[2].plan_us[p] / r[1].plan_us[p] > r[2].plan_us[steepest] / r[1].plan_us[steepest])
            steepest = p;
    }
    char label[64];
    snprintf(label, sizeof(label), "all %zu, round-robin", B.n_profiles);
    for (size_t s = 0; s < N_SIZES; s++)
        v[s] = r[s].mix_us;
    print_row(label, v, 1);
    for (size_t s = 0; s < N_SIZES; s++)
        v[s] = r[s].base_us;
    print_row("baseline: linear pass", v, 3);
    for (size_t s = 0; s < N_SIZES; s++)
        v[s] = r[s].mix_us / r[s].base_us;
    print_row("round-robin / baseline", v, 0);
    for (size_t s = 0; s < N_SIZES; s++)
        v[s] = r[s].check_us;
    print_row("plan checker alone", v, 1);
    for (size_t s = 0; s < N_SIZES; s++)
        v[s] = 100.0 * r[s].check_us / r[s].mix_us;
    print_row("checker / plan, %", v, 1);
    for (size_t s = 0; s < N_SIZES; s++)
        v[s] = (double)r[s].n;
    print_row("interventions", v, 0);

    printf("\nWork per plan (one build of each profile)\n");
    printf("%-8s %12s %16s %6s %18s %14s\n", "n", "excluded", "sessions filled", "gaps",
           "plan arena (max)", "faults/plan");
    for (size_t s = 0; s < N_SIZES; s++) {
        const struct work_done *w = &r[s].work;
        char filled[32];
        snprintf(filled, sizeof(filled), "%zu/%zu", w->filled, w->sessions);
        printf("%-8zu %11.1f%% %16s %6zu %14zu KiB %14.0f\n", r[s].n,
               100.0 * (double)w->excluded / (double)w->interventions, filled, w->gaps,
               w->arena_max / 1024, r[s].faults);
    }

    printf("\nGrowth (round-robin time; sizes grow x%.2f then x%.2f)\n", size_g1, size_g2);
    printf("  %zu -> %zu: plan x%.2f, baseline x%.2f, plan/baseline x%.2f\n", r[0].n, r[1].n,
           r[1].mix_us / r[0].mix_us, r[1].base_us / r[0].base_us,
           (r[1].mix_us / r[1].base_us) / (r[0].mix_us / r[0].base_us));
    printf("  %zu -> %zu: plan x%.2f, baseline x%.2f, plan/baseline x%.2f\n", r[1].n, r[2].n,
           r[2].mix_us / r[1].mix_us, r[2].base_us / r[1].base_us,
           (r[2].mix_us / r[2].base_us) / (r[1].mix_us / r[1].base_us));

    char name[64];
    snprintf(name, sizeof(name), "%s", stem(slowest));
    double worst = r[2].plan_us[slowest];
    printf("\n%s: median per plan at %zu interventions < %.0f us (slowest profile %s: %.1f us; "
           "round-robin: %.1f us)\n",
           worst < TARGET_US ? "PASS" : "FAIL", r[2].n, TARGET_US, name, worst, r[2].mix_us);
    snprintf(name, sizeof(name), "%s", stem(steepest));
    double g = r[2].mix_us / r[1].mix_us;
    printf("%s: growth %zu->%zu <= %.0fx, no worse than linear with 20%% slack (round-robin: "
           "x%.2f; steepest single profile %s: x%.2f)\n",
           g <= GROWTH_MAX ? "PASS" : "FAIL", r[1].n, r[2].n, GROWTH_MAX, g, name,
           r[2].plan_us[steepest] / r[1].plan_us[steepest]);
}

static void print_checker(const struct size_result *r)
{
    double share = 100.0 * r[2].check_us / r[2].mix_us;
    printf("%s: the plan checker adds < 20%% to a plan at %zu interventions (%.1f us of %.1f us, "
           "%.1f%%)\n",
           share < 20.0 ? "PASS" : "FAIL", r[2].n, r[2].check_us, r[2].mix_us, share);
}

static int usage(void)
{
    fprintf(stderr, "usage: bench_plan [--min-time SECONDS] [--callgrind]\n"
                    "  --min-time S  each measurement lasts at least S seconds (default 0.2)\n"
                    "  --callgrind   build one plan per profile per KB size once (for valgrind "
                    "--tool=callgrind)\n");
    return 2;
}

/* ---- group programs (issue 12) ---------------------------------------------------------- */

#define GROUP_MEMBERS 30
#define GROUP_RUNS ROUNDS      /* median() holds at most ROUNDS values */
#define GROUP_TARGET_US 2000.0 /* median group plan for 30 members at 10,000 interventions */

/* A 30-member adult group in a day program: the adult example profiles in turn (a group shares
   an age band). Times merge + one plan against the 30 members' own plans in the program, and
   the members' own verdicts (what the clinician's view reads to say whose constraint removed
   an item) on their own. */
static int group_bench(const struct easel_kb *kb)
{
    const struct easel_profile *members[GROUP_MEMBERS];
    size_t n = 0;
    for (size_t k = 0; n < GROUP_MEMBERS && k < 100 * GROUP_MEMBERS; k++) {
        const struct easel_profile *p = &B.profiles[k % B.n_profiles];
        if (p->age >= 18 && p->age < 65)
            members[n++] = p;
    }
    if (n < GROUP_MEMBERS) {
        fprintf(stderr, "bench_plan: group: too few adult example profiles\n");
        return 1;
    }
    struct easel_group_schedule g = {
        easel_kb_setting(kb, "community-day-program"), "2027-01-07", 90, 1, 12, false};
    static double t_group[GROUP_RUNS], t_each[GROUP_RUNS], t_verdicts[GROUP_RUNS];
    struct easel_profile view[GROUP_MEMBERS];
    for (size_t k = 0; k < n; k++)
        easel_group_member_view(&view[k], members[k], &g, (int)n);
    struct easel_error err = {0};
    size_t placed = 0;
    for (int r = 0; r < GROUP_RUNS; r++) {
        double t0 = now();
        struct easel_profile gp;
        uint32_t flags = 0;
        struct easel_plan pl;
        int rc = easel_group_merge(&gp, &flags, kb, &g, "bench group", members, n, &err);
        struct easel_plan_options opt = {.extra_flags = flags};
        if (!rc)
            rc = easel_plan_build(&pl, kb, &gp, &opt, &err);
        double t1 = now();
        if (rc) {
            easel_profile_release(&gp);
            return report(&err);
        }
        placed = 0;
        for (size_t s = 0; s < pl.n_sessions; s++)
            placed += pl.sessions[s].main.intervention >= 0;
        easel_plan_release(&pl);
        easel_profile_release(&gp);
        for (size_t k = 0; k < n; k++) {
            struct easel_plan own;
            if (easel_plan_build(&own, kb, &view[k], NULL, &err))
                return report(&err);
            easel_plan_release(&own);
        }
        double t2 = now();
        struct easel_plan_options vo = {.verdicts_only = true};
        for (size_t k = 0; k < n; k++) {
            struct easel_plan own;
            if (easel_plan_build(&own, kb, &view[k], &vo, &err))
                return report(&err);
            easel_plan_release(&own);
        }
        double t3 = now();
        t_group[r] = (t1 - t0) * 1e6;
        t_each[r] = (t2 - t1) * 1e6;
        t_verdicts[r] = (t3 - t2) * 1e6;
    }
    double mg = median(t_group, GROUP_RUNS), me = median(t_each, GROUP_RUNS),
           mv = median(t_verdicts, GROUP_RUNS);
    printf("group plan, %d members, n=%zu: median %.0f us (merge + one plan; %zu of 12 main "
           "directives placed); 30 individual plans %.0f us (ratio %.3f); the members' own "
           "verdicts for the clinician's view %.0f us\n",
           GROUP_MEMBERS, kb->n_interventions, mg, placed, me, mg / me, mv);
    if (kb->n_interventions >= 10000 && mg > GROUP_TARGET_US)
        printf("FAIL: group plan median %.0f us is over %.0f us\n", mg, GROUP_TARGET_US);
    else if (kb->n_interventions >= 10000)
        printf("PASS: group plan median under %.0f us\n", GROUP_TARGET_US);
    return 0;
}

static int run(bool callgrind)
{
    int rc_group = 0;
    long rss_start = peak_rss_kib();
    double load_ms[3] = {0}; /* median, min, max */
    if (load_kb(load_ms))
        return 1;
    long rss_kb = peak_rss_kib();
    if (load_profiles())
        return 1;
    B.kbs[0] = &B.kb;
    for (size_t s = 1; s < N_SIZES; s++) {
        if (make_synthetic(&B.syn[s], &B.kb, sizes[s])) {
            fprintf(stderr, "bench_plan: cannot build the synthetic KB of %zu\n", sizes[s]);
            return 1;
        }
        B.kbs[s] = &B.syn[s];
    }
    long rss_syn = peak_rss_kib();
    if (callgrind)
        return callgrind_run();

    const struct easel_kb *kb = &B.kb;
    printf("easel bench_plan: planning engine\n");
    printf("KB %s: %zu interventions, %zu media, %zu problems, %zu settings, %zu rules, "
           "%zu instruments (version %.12s)\n",
           EASEL_KB_DIR, kb->n_interventions, kb->n_media, kb->n_problems, kb->n_settings,
           kb->n_rules, kb->n_instruments, kb->version);
    printf("profiles: %zu from %s\n", B.n_profiles, EASEL_EXAMPLES_DIR);
    printf("\nKB load: median %.2f ms of %d loads (min %.2f, max %.2f)\n", load_ms[0], KB_LOADS,
           load_ms[1], load_ms[2]);
    printf("KB arena: %zu bytes (shipped); synthetic KBs add %zu bytes (n=%zu) and %zu bytes "
           "(n=%zu)\n",
           kb->arena.used_total, B.syn[1].arena.used_total, sizes[1], B.syn[2].arena.used_total,
           sizes[2]);
    printf("peak RSS (ru_maxrss): %ld KiB at start, %ld KiB after the KB loads (+%ld), %ld KiB "
           "with the synthetic KBs (+%ld)\n",
           rss_start, rss_kb, rss_kb - rss_start, rss_syn, rss_syn - rss_kb);
    fflush(stdout);

    struct size_result *r = calloc(N_SIZES, sizeof(*r));
    if (!r)
        return 1;
    for (size_t s = 0; s < N_SIZES; s++) {
        fprintf(stderr, "bench_plan: measuring n=%zu...\n", B.kbs[s]->n_interventions);
        if (measure_size(B.kbs[s], &r[s])) {
            free(r);
            return 1;
        }
    }
    print_report(r);
    print_checker(r);
    for (size_t s = 1; s < N_SIZES; s++)
        if (group_bench(B.kbs[s]))
            rc_group = 1;
    printf("peak RSS at the end: %ld KiB\n", peak_rss_kib());
    free(r);
    return rc_group;
}

int main(int argc, char **argv)
{
    bool callgrind = false;
    B.min_time = 0.2;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--callgrind") == 0) {
            callgrind = true;
        } else if (strcmp(argv[i], "--min-time") == 0 && i + 1 < argc) {
            char *end;
            B.min_time = strtod(argv[++i], &end);
            if (*end || !(B.min_time > 0 && B.min_time <= 60))
                return usage();
        } else {
            return usage();
        }
    }
    int rc = run(callgrind);
    for (size_t s = 1; s < N_SIZES; s++)
        easel_kb_release(&B.syn[s]);
    for (size_t p = 0; p < B.n_profiles; p++)
        easel_profile_release(&B.profiles[p]);
    if (B.files)
        easel_dir_list_free(B.files, B.n_files);
    easel_kb_release(&B.kb);
    return rc;
}
