/*
 * cli/cmd_user.c — `easel user add --login L --name N --role admin|therapist|supervisor|team`
 * and `easel user list [--json]`: the people who use easel (passwords and sign-in belong to the web
 * application).
 */
#include "cli.h"
#include "easel/store.h"

#include <stdio.h>
#include <string.h>

int cmd_user(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "passwd") == 0)
        return cmd_user_passwd(argc - 1, argv + 1);
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "login name role json", &o);
    if (rc)
        return rc;
    bool is_add = o.n_args == 1 && strcmp(o.args[0], "add") == 0;
    bool is_list = o.n_args == 1 && strcmp(o.args[0], "list") == 0;
    if (!is_add && !is_list)
        return cli_usage("user add --login L --name N --role R | user list");
    if (is_add && o.json)
        return cli_usage("--json: user list only");
    if (is_add && (!cli_opt(&o, "login") || !cli_opt(&o, "name") || !cli_opt(&o, "role")))
        return cli_usage("user add needs --login, --name and --role");
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0)
        return rc;
    struct easel_error err = {0};
    if (is_add) {
        rc = easel_user_add(&s, cli_opt(&o, "login"), cli_opt(&o, "name"), cli_opt(&o, "role"),
                            &err);
        if (!rc)
            printf("user %s added\n", cli_opt(&o, "login"));
    } else {
        struct easel_arena a;
        easel_arena_init(&a);
        struct easel_person *p;
        size_t n;
        rc = easel_user_list(&s, &a, &p, &n, &err) ? cli_error(&err)
                                                   : cli_people_print(p, n, o.json);
        easel_arena_release(&a);
        easel_store_close(&s);
        return rc; /* an exit code */
    }
    easel_store_close(&s);
    return rc ? cli_error(&err) : EXIT_OK;
}
