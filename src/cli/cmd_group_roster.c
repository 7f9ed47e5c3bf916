/*
 * cli/cmd_group_roster.c — the roster of a program:
 *   group roster REF add CLIENT --from YYYY-MM-DD
 *   group roster REF end CLIENT --on YYYY-MM-DD --reason TEXT
 * A client joins from the acting facilitator's caseload, within the program's capacity, and
 * never twice at once.
 */
#include "cli.h"
#include "easel/app_group.h"

#include <stdio.h>
#include <string.h>

int cmd_group_roster(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "from on reason", &o);
    if (rc)
        return rc;
    bool add = o.n_args == 3 && strcmp(o.args[1], "add") == 0 && cli_opt(&o, "from");
    bool end = o.n_args == 3 && strcmp(o.args[1], "end") == 0 && cli_opt(&o, "on");
    if (!add && !end)
        return cli_usage("group roster REF add CLIENT --from DATE | group roster REF end CLIENT "
                         "--on DATE --reason TEXT");
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0)
        return rc;
    struct easel_error err = {0};
    if (add)
        rc = easel_app_group_join(&s, o.args[0], o.args[2], cli_opt(&o, "from"), &err);
    else {
        struct easel_arena a;
        easel_arena_init(&a);
        struct easel_group_program g;
        int64_t client = 0;
        rc = easel_group_find(&s, o.args[0], &a, &g, &err);
        if (!rc)
            rc = easel_client_id_of(&s, o.args[2], &client, &err);
        if (!rc && !client)
            rc = easel_error_set(&err, EASEL_ENOTFOUND, "group", "client", "no client \"%s\"",
                                 o.args[2]);
        if (!rc)
            rc = easel_group_member_end(&s, g.id, client, cli_opt(&o, "on"), cli_opt(&o, "reason"),
                                        &err);
        easel_arena_release(&a);
    }
    easel_store_close(&s);
    if (rc)
        return cli_error(&err);
    printf("%s %s %s\n", o.args[2], add ? "joins" : "leaves", o.args[0]);
    return EXIT_OK;
}
