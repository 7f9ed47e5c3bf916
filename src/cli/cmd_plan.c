/*
 * cli/cmd_plan.c — `easel plan PROFILE [--format text|markdown|json] [--sessions N]` (plan
 * generate|show|diff|sign|cosign on stored plans live in cmd_plan_record.c, edit in
 * cmd_plan_edit.c, recheck in cmd_plan_recheck.c).
 * Builds the whole plan in memory and writes it in one piece: on any error nothing reaches
 * stdout.
 */
#include "cli.h"
#include "easel/plan.h"
#include "easel/profile_load.h"

#include <string.h>

#define PLAN_OUTPUT_MAX ((size_t)64 * 1024 * 1024)

int cmd_plan(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "recheck") == 0)
        return cmd_plan_recheck(argc, argv);
    if (argc > 1 && strcmp(argv[1], "edit") == 0)
        return cmd_plan_edit(argc, argv);
    static const char *const stored[] = {"generate", "show", "diff", "sign", "cosign"};
    for (size_t i = 0; argc > 1 && i < sizeof(stored) / sizeof(stored[0]); i++)
        if (strcmp(argv[1], stored[i]) == 0)
            return cmd_plan_record(argc, argv);
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "format sessions", &o);
    if (rc)
        return rc;
    if (o.n_args != 1)
        return cli_usage("plan takes one profile file");
    enum easel_plan_format fmt = EASEL_PLAN_TEXT;
    if (o.format && strcmp(o.format, "markdown") == 0)
        fmt = EASEL_PLAN_MARKDOWN;
    else if (o.format && strcmp(o.format, "json") == 0)
        fmt = EASEL_PLAN_JSON;
    else if (o.format && strcmp(o.format, "text") != 0)
        return cli_usage("--format must be text, markdown or json, got \"%s\"", o.format);
    struct easel_kb kb;
    struct easel_profile p;
    struct easel_plan plan;
    if ((rc = cli_plan_build(&o, &kb, &p, &plan)) != 0)
        return rc;
    struct easel_buf out;
    easel_buf_init(&out, PLAN_OUTPUT_MAX);
    if (easel_plan_render(&plan, fmt, &out)) {
        struct easel_error err = {0};
        easel_error_set(&err, out.failed, o.args[0], "", "could not render the plan: %s",
                        easel_strerror(out.failed));
        rc = cli_error(&err);
    } else {
        rc = cli_write(out.data, out.len);
    }
    easel_buf_release(&out);
    cli_plan_release(&kb, &p, &plan);
    return rc;
}
