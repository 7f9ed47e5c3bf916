/*
 * cli/cmd_team.c — a client's care team: `easel team add CLIENT LOGIN --role ROLE [--reason
 * TEXT]` (the reason is required to join a team one is not on: break-glass) and
 * `easel team list CLIENT [--json]`. Only the care team may see a client in the web application.
 */
#include "cli.h"
#include "easel/store.h"

#include <stdio.h>
#include <string.h>

int cmd_team(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "role reason json", &o);
    if (rc)
        return rc;
    bool is_add = o.n_args == 3 && strcmp(o.args[0], "add") == 0;
    bool is_list = o.n_args == 2 && strcmp(o.args[0], "list") == 0;
    if (!is_add && !is_list)
        return cli_usage("team add CLIENT LOGIN --role R | team list CLIENT [--json]");
    if (is_add && o.json)
        return cli_usage("--json: team list only");
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0)
        return rc;
    long long client;
    struct easel_error err = {0};
    rc = cli_client_id(&s, o.args[1], &client);
    if (rc) {
        easel_store_close(&s);
        return rc;
    }
    if (is_add) {
        const char *role = cli_opt(&o, "role") ? cli_opt(&o, "role") : "therapist";
        rc = easel_team_add(&s, client, o.args[2], role, cli_opt(&o, "reason"), &err);
        if (!rc)
            printf("%s joins the care team of %s as %s\n", o.args[2], o.args[1], role);
    } else {
        struct easel_arena a;
        easel_arena_init(&a);
        struct easel_person *p;
        size_t n;
        rc = easel_team_list(&s, client, &a, &p, &n, &err) ? cli_error(&err)
                                                           : cli_people_print(p, n, o.json);
        easel_arena_release(&a);
        easel_store_close(&s);
        return rc; /* an exit code */
    }
    easel_store_close(&s);
    return rc ? cli_error(&err) : EXIT_OK;
}
