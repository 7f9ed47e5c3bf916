/*
 * fuzz/fuzz_profile.c — libFuzzer harness for the client-profile parser and, behind it, the
 * planning engine: each input is parsed with easel_profile_parse() against the shipped KB;
 * a profile that parses is planned (easel_plan_build) and rendered as JSON.
 *
 * Owns: one profile, one plan and one output buffer per input, all released before return;
 * the KB, loaded once from EASEL_KB_DIR on the first input and kept for the process.
 * Borrows: data, only during the call (never assumed NUL-terminated).
 * Fails: rejected profiles and plans that cannot be built are normal outcomes (return 0); a KB
 * that does not load is a harness bug and abort()s.
 */
#include "easel/buf.h"
#include "easel/kb_load.h"
#include "easel/plan.h"
#include "easel/profile_load.h"
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct easel_kb *kb = shipped_kb();
    struct easel_error err = {0};
    struct easel_profile p;
    if (easel_profile_parse(&p, kb, "fuzz.json", (const char *)data, size, &err) == 0) {
        struct easel_plan plan;
        struct easel_plan_options opt = {0};
        struct easel_buf out;
        easel_buf_init(&out, RENDER_MAX);
        if (easel_plan_build(&plan, kb, &p, &opt, &err) == 0)
            easel_plan_render(&plan, EASEL_PLAN_JSON, &out);
        easel_buf_release(&out);
        easel_plan_release(&plan);
    }
    easel_profile_release(&p);
    return 0;
}
