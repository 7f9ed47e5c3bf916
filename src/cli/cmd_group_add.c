/*
 * cli/cmd_group_add.c — `group add REF --name NAME --setting ID --kind closed|open|drop-in
 *   --start YYYY-MM-DD --time HH:MM --minutes N --count N --capacity N [--co LOGIN]`:
 * a new group program led by the acting user (--co names a co-facilitator).
 */
#include "cli.h"
#include "easel/store_group.h"

#include <stdio.h>

int cmd_group_add(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "name setting kind start time minutes count capacity co", &o);
    if (rc)
        return rc;
    long minutes = 0, count = 0, capacity = 0;
    if ((rc = cli_opt_int(&o, "minutes", 15, 240, &minutes)) ||
        (rc = cli_opt_int(&o, "count", 1, 104, &count)) ||
        (rc = cli_opt_int(&o, "capacity", 1, 30, &capacity)))
        return rc;
    if (o.n_args != 1 || !cli_opt(&o, "name") || !cli_opt(&o, "setting") || !cli_opt(&o, "start") ||
        !minutes || !count || !capacity)
        return cli_usage("group add REF needs --name, --setting, --start, --minutes, --count and "
                         "--capacity");
    struct easel_kb kb;
    struct easel_store s;
    if ((rc = cli_open_kb_store(&o, &kb, &s)) != 0)
        return rc;
    struct easel_error err = {0};
    struct easel_group_program g = {
        .ref = o.args[0],
        .name = cli_opt(&o, "name"),
        .setting = cli_opt(&o, "setting"),
        .kind = cli_opt(&o, "kind") ? cli_opt(&o, "kind") : "closed",
        .start_date = cli_opt(&o, "start"),
        .start_time = cli_opt(&o, "time") ? cli_opt(&o, "time") : "10:00",
        .minutes = minutes,
        .sessions = count,
        .capacity = capacity,
    };
    const char *fac[2] = {s.actor, cli_opt(&o, "co")};
    int64_t id = 0;
    if (easel_kb_setting(&kb, g.setting) < 0)
        rc = easel_error_set(&err, EASEL_EINVAL, "group", "setting",
                             "the knowledge base has no setting \"%s\"", g.setting);
    if (!rc)
        rc = easel_group_add(&s, &g, fac, fac[1] ? 2 : 1, &id, &err);
    easel_store_close(&s);
    easel_kb_release(&kb);
    if (rc)
        return cli_error(&err);
    printf("group program %s created\n", g.ref);
    return EXIT_OK;
}
