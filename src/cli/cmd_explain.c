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
    if ((rc = cli_load_kb(&o, &kb)) != 0)
        return rc;
    struct easel_error err = {0};
    struct easel_profile p;
    struct easel_plan plan = {0};
    struct easel_buf out;
    easel_buf_init(&out, (size_t)1 << 24);
    if (easel_profile_load(&p, &kb, o.args[0], &err)) {
        rc = cli_error(&err);
        goto out;
    }
    struct easel_plan_options opt = {.sessions = o.sessions};
    if (easel_plan_build(&plan, &kb, &p, &opt, &err) ||
        easel_plan_explain(&plan, o.args[1], &out, &err)) {
        rc = cli_error(&err);
        goto out;
    }
    rc = cli_write(out.data, out.len);
out:
    easel_buf_release(&out);
    easel_plan_release(&plan);
    easel_profile_release(&p);
    easel_kb_release(&kb);
    return rc;
}
