/*
 * fuzz/fuzz_profile.c — libFuzzer harness for the client-profile parser and, behind it, the
 * planning engine: each input is parsed with easel_profile_parse() against the shipped KB;
 * a profile that parses is planned (easel_plan_build) and rendered as JSON.
 *
 * Checks, beyond the sanitizers (abort() on a violation, so a release-build replay checks them
 * too): a refused profile returns the code it records, with a message; a built plan renders
 * whole (the buffer never fails) and twice to the same bytes (the engine is deterministic); the
 * rendered plan read back by the edit checker (easel_plan_check) against the plan it came from
 * is accepted, with nothing excluded (the engine never proposes what it excludes, and its JSON
 * re-parses to the same plan); and the plan-changes reader finds no change from the rendered
 * plan to itself.
 *
 * Owns: one profile, one plan and one output buffer per input, all released before return;
 * the KB, loaded once from EASEL_KB_DIR on the first input and kept for the process.
 * Borrows: data, only during the call (never assumed NUL-terminated).
 * Fails: rejected profiles and plans that cannot be built are normal outcomes (return 0); a KB
 * that does not load is a harness bug and abort()s, as does a broken invariant.
 */
#include "easel/buf.h"
#include "easel/kb_load.h"
#include "easel/plan.h"
#include "easel/plan_check.h"
#include "easel/profile_load.h"
#include "easel/report_read.h"
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef EASEL_KB_DIR
#error "EASEL_KB_DIR must name the shipped kb/ folder"
#endif

#define RENDER_MAX ((size_t)1 << 24)

static const struct easel_kb *shipped_kb(void)
{
    static struct easel_kb kb;
    static int loaded;
    if (!loaded) {
        struct easel_error err = {0};
        if (easel_kb_load(&kb, EASEL_KB_DIR, NULL, &err)) {
            char line[600];
            easel_error_format(&err, line, sizeof(line));
            fprintf(stderr, "fuzz_profile: cannot load the KB from %s: %s\n", EASEL_KB_DIR, line);
            abort();
        }
        loaded = 1;
    }
    return &kb;
}

/* The invariants of a plan the engine built (see the header). */
static void check_plan(const struct easel_kb *kb, struct easel_plan *plan)
{
    struct easel_buf out, again;
    easel_buf_init(&out, RENDER_MAX);
    easel_buf_init(&again, RENDER_MAX);
    easel_plan_render(plan, EASEL_PLAN_JSON, &out);
    easel_plan_render(plan, EASEL_PLAN_JSON, &again);
    if (out.failed || again.failed || !out.len || out.len != again.len ||
        memcmp(out.data, again.data, out.len) != 0)
        abort();
    bool excluded = false;
    struct easel_error err = {0};
    if (easel_plan_check(plan, out.data, out.len, &excluded, &err) != 0 || excluded) {
        fprintf(stderr, "fuzz_profile: the engine's own plan is refused: %s: %s\n", err.field,
                err.msg);
        abort();
    }
    struct easel_arena a;
    easel_arena_init(&a);
    const char **lines = NULL;
    size_t n = 1;
    if (easel_plan_changes(out.data, out.len, out.data, out.len, kb, &a, &lines, &n, &err) != 0 ||
        n != 0)
        abort();
    easel_arena_release(&a);
    easel_buf_release(&again);
    easel_buf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct easel_kb *kb = shipped_kb();
    struct easel_error err = {0};
    struct easel_profile p;
    int rc = easel_profile_parse(&p, kb, "fuzz.json", (const char *)data, size, &err);
    if (rc == 0) {
        struct easel_plan plan;
        struct easel_plan_options opt = {0};
        if (easel_plan_build(&plan, kb, &p, &opt, &err) == 0)
            check_plan(kb, &plan);
        easel_plan_release(&plan);
    } else if (err.code != rc || !err.msg[0]) {
        abort();
    }
    easel_profile_release(&p);
    return 0;
}
