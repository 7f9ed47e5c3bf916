/*
 * cli/cmd_explain.c — `easel explain PROFILE ITEM-ID`: builds the plan, then tells what it did
 * with one knowledge-base item and why.
 */
#include "cli.h"
#include "easel/plan.h"
#include "easel/profile_load.h"

int cmd_explain(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "sessions", &o);
    if (rc)
        return rc;
    if (o.n_args != 2)
        return cli_usage("explain takes a profile file and an item id");
    struct easel_kb kb;
    struct easel_profile p;
    struct easel_plan plan;
    if ((rc = cli_plan_build(&o, &kb, &p, &plan)) != 0)
        return rc;
    struct easel_error err = {0};
    struct easel_buf out;
    easel_buf_init(&out, (size_t)1 << 24);
    if (easel_plan_explain(&plan, o.args[1], &out, &err))
        rc = cli_error(&err);
    else
        rc = cli_write(out.data, out.len);
    easel_buf_release(&out);
    cli_plan_release(&kb, &p, &plan);
    return rc;
}
