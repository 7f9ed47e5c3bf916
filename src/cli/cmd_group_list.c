/*
 * cli/cmd_group_list.c — `group list [--all yes] [--json]`: the programs the acting user
 * facilitates (all programs with --all yes), one per line: reference, status, kind, start, name;
 * with --json an array of programs (cli_json_group).
 */
#include "cli.h"
#include "easel/buf.h"
#include "easel/store_group.h"

#include <stdio.h>

int cmd_group_list(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "all json", &o);
    if (rc)
        return rc;
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0)
        return rc;
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_group_program *g;
    size_t n;
    struct easel_error err = {0};
    rc = easel_group_list(&s, cli_opt(&o, "all") ? NULL : s.actor, &a, &g, &n, &err);
    if (!rc && o.json) {
        struct easel_buf b;
        cli_json_init(&b);
        cli_json_open(&b, NULL, '[');
        for (size_t i = 0; i < n; i++) {
            cli_json_open(&b, NULL, '{');
            cli_json_group(&b, &g[i]);
            cli_json_close(&b, '}');
        }
        cli_json_close(&b, ']');
        rc = cli_json_done(&b);
        easel_arena_release(&a);
        easel_store_close(&s);
        return rc;
    }
    for (size_t i = 0; !rc && i < n; i++)
        printf("%s\t%s\t%s\t%s %s\t%s\n", g[i].ref, g[i].status, g[i].kind, g[i].start_date,
               g[i].start_time, g[i].name);
    easel_arena_release(&a);
    easel_store_close(&s);
    return rc ? cli_error(&err) : EXIT_OK;
}
