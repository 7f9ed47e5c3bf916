/*
 * cli/cli_plan.c — the plan of a profile file, as `easel plan` and `easel explain` build it:
 * the knowledge base loaded, the profile read against it, the plan built with --sessions.
 * Owns nothing past the call: the caller releases what it filled with cli_plan_release.
 * Fails: the error printed (cli_error), its exit code returned, everything released.
 */
#include "cli.h"
#include "easel/plan.h"
#include "easel/profile_load.h"

int cli_plan_build(const struct cli_opts *o, struct easel_kb *kb, struct easel_profile *p,
                   struct easel_plan *plan)
{
    *plan = (struct easel_plan){0};
    int rc = cli_load_kb(o, kb);
    if (rc)
        return rc;
    struct easel_error err = {0};
    struct easel_plan_options opt = {.sessions = o->sessions};
    if (easel_profile_load(p, kb, o->args[0], &err) || easel_plan_build(plan, kb, p, &opt, &err)) {
        rc = cli_error(&err);
        cli_plan_release(kb, p, plan);
    }
    return rc;
}

void cli_plan_release(struct easel_kb *kb, struct easel_profile *p, struct easel_plan *plan)
{
    easel_plan_release(plan);
    easel_profile_release(p);
    easel_kb_release(kb);
}
