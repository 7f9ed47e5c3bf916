/*
 * cli/cmd_group_plan.c — `group plan REF [--date YYYY-MM-DD] [--view clinician|group]`: the
 * group plan as JSON for the members on the roster that day. The clinician's view names the
 * members, their individual safety sessions and which member's constraint removed each item;
 * the group's view holds nothing about any member.
 */
#include "cli.h"
#include "easel/app_group.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int cmd_group_plan(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "date view", &o);
    if (rc)
        return rc;
    const char *view = cli_opt(&o, "view") ? cli_opt(&o, "view") : "clinician";
    if (o.n_args != 1 || (strcmp(view, "clinician") && strcmp(view, "group")))
        return cli_usage("group plan REF [--date DATE] [--view clinician|group]");
    struct easel_kb kb;
    struct easel_store s;
    if ((rc = cli_open_kb_store(&o, &kb, &s)) != 0)
        return rc;
    char today[11];
    easel_date_format((int64_t)(time(NULL) / 86400), today);
    struct easel_app_group_plan gp;
    struct easel_error err = {0};
    struct easel_buf out;
    easel_buf_init(&out, EASEL_PLAN_MAX);
    rc = easel_app_group_plan(&s, &kb, o.args[0], cli_opt(&o, "date"), today, &gp, &err);
    if (!rc && easel_app_group_plan_json(&gp, strcmp(view, "clinician") == 0, &out))
        rc = easel_error_set(&err, EASEL_ETOOBIG, "group", "plan", "the plan is too large");
    if (!rc)
        cli_write(out.data, out.len);
    easel_buf_release(&out);
    easel_app_group_plan_release(&gp);
    easel_store_close(&s);
    easel_kb_release(&kb);
    return rc ? cli_error(&err) : EXIT_OK;
}
