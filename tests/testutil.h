/*
 * tests/testutil.h — shared helpers for the cmocka tests: the shipped KB, profiles from JSON
 * text, and plans. Each helper fails the running test (cmocka assert) instead of returning.
 *
 * Owns: the caller releases what it gets (easel_kb_release, easel_profile_release,
 * easel_plan_release). Borrows: nothing.
 */
#ifndef EASEL_TESTUTIL_H
#define EASEL_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "easel/kb.h"
#include "easel/kb_load.h"
#include "easel/plan.h"
#include "easel/profile.h"
#include "easel/profile_load.h"
#include "easel/vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline void tu_load_kb(struct easel_kb *kb)
{
    struct easel_error err = {0};
    int rc = easel_kb_load(kb, EASEL_KB_DIR, NULL, &err);
    if (rc)
        fprintf(stderr, "KB: %s: %s: %s\n", err.where, err.field, err.msg);
    assert_int_equal(rc, 0);
}

/* The KB's instrument `id`, which must be there. */
static inline const struct easel_instrument *tu_instrument(const struct easel_kb *kb,
                                                           const char *id)
{
    int i = easel_kb_instrument(kb, id);
    assert_true(i >= 0);
    return &kb->instruments[i];
}

/* A test file's main for cases that read the shipped KB from the file's own `kb`: loads it for
   the run (1 when it does not load), runs the cases as group `tests`, releases it. */
#define tu_run_with_kb(kb, tests)                                                                  \
    tu_run_with_kb_n((kb), #tests, (tests), sizeof(tests) / sizeof((tests)[0]))
static inline int tu_run_with_kb_n(struct easel_kb *kb, const char *group,
                                   const struct CMUnitTest *tests, size_t n)
{
    struct easel_error err = {0};
    if (easel_kb_load(kb, EASEL_KB_DIR, NULL, &err)) {
        fprintf(stderr, "KB: %s: %s: %s\n", err.where, err.field, err.msg);
        return 1;
    }
    int rc = _cmocka_run_group_tests(group, tests, n, NULL, NULL);
    easel_kb_release(kb);
    return rc;
}

/* The shipped KB as a cmocka group fixture: cmocka_run_group_tests(tests, tu_kb_group_setup,
   tu_kb_group_teardown), and each test reads the KB from *state. */
static inline int tu_kb_group_setup(void **state)
{
    struct easel_kb *kb = calloc(1, sizeof(*kb));
    struct easel_error err = {0};
    if (!kb || easel_kb_load(kb, EASEL_KB_DIR, NULL, &err)) {
        if (kb)
            fprintf(stderr, "KB: %s: %s: %s\n", err.where, err.field, err.msg);
        free(kb);
        return -1;
    }
    *state = kb;
    return 0;
}

static inline int tu_kb_group_teardown(void **state)
{
    easel_kb_release(*state);
    free(*state);
    return 0;
}

/* Parse profile text; returns the error code and fills err. */
static inline int tu_profile(struct easel_profile *p, const struct easel_kb *kb, const char *json,
                             struct easel_error *err)
{
    return easel_profile_parse(p, kb, "test.json", json, strlen(json), err);
}

static inline void tu_profile_ok(struct easel_profile *p, const struct easel_kb *kb,
                                 const char *json)
{
    struct easel_error err = {0};
    int rc = tu_profile(p, kb, json, &err);
    if (rc)
        fprintf(stderr, "profile: %s: %s: %s\n", err.where, err.field, err.msg);
    assert_int_equal(rc, 0);
}

static inline void tu_plan(struct easel_plan *plan, const struct easel_kb *kb,
                           const struct easel_profile *p)
{
    struct easel_error err = {0};
    int rc = easel_plan_build(plan, kb, p, NULL, &err);
    if (rc)
        fprintf(stderr, "plan: %s: %s: %s\n", err.where, err.field, err.msg);
    assert_int_equal(rc, 0);
}

/* The plan rendered in one format; caller frees with easel_buf_release. */
/* A profile parsed from JSON and its plan, built and released together. */
struct tu_built {
    struct easel_profile p;
    struct easel_plan plan;
};

static inline void tu_build(struct tu_built *b, const struct easel_kb *kb, const char *json)
{
    tu_profile_ok(&b->p, kb, json);
    tu_plan(&b->plan, kb, &b->p);
}

static inline void tu_drop(struct tu_built *b)
{
    easel_plan_release(&b->plan);
    easel_profile_release(&b->p);
}

static inline void tu_render(const struct easel_plan *plan, enum easel_plan_format f,
                             struct easel_buf *out)
{
    easel_buf_init(out, (size_t)64 << 20);
    assert_int_equal(easel_plan_render(plan, f, out), 0);
}

/* Does any session use intervention id as its main item? */
static inline int tu_uses_main(const struct easel_plan *plan, const char *id)
{
    int i = easel_kb_intervention(plan->kb, id);
    for (size_t s = 0; s < plan->n_sessions; s++)
        if (i >= 0 && plan->sessions[s].main.intervention == i)
            return 1;
    return 0;
}

/* Does any session use medium id in any item? */
static inline int tu_uses_medium(const struct easel_plan *plan, const char *id)
{
    int m = easel_kb_medium(plan->kb, id);
    for (size_t s = 0; s < plan->n_sessions; s++) {
        const struct easel_plan_item *its[3] = {&plan->sessions[s].warmup, &plan->sessions[s].main,
                                                &plan->sessions[s].closure};
        for (int k = 0; k < 3; k++)
            for (size_t j = 0; j < its[k]->n_media; j++)
                if (its[k]->media[j] == m)
                    return 1;
    }
    return 0;
}

#endif
