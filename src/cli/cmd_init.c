/*
 * cli/cmd_init.c — `easel init [--db URL] [--practice NAME] [--paper a4|letter]`: create or
 * upgrade the database, name the practice and choose the paper its documents print on.
 */
#include "cli.h"
#include "easel/store.h"

#include <stdio.h>

int cmd_init(int argc, char **argv)
{
    struct cli_opts o;
    int rc = cli_parse(argc, argv, "practice paper", &o);
    if (rc)
        return rc;
    if (o.n_args)
        return cli_usage("init takes no arguments");
    struct easel_store s;
    if ((rc = cli_open_store(&o, &s)) != 0)
        return rc;
    int v = 0;
    struct easel_error err = {0};
    if ((cli_opt(&o, "practice") && easel_practice_set(&s, cli_opt(&o, "practice"), &err)) ||
        (cli_opt(&o, "paper") && easel_practice_paper_set(&s, cli_opt(&o, "paper"), &err))) {
        easel_store_close(&s);
        return cli_error(&err);
    }
    easel_store_schema_version(&s, &v, &err);
    printf("database ready: %s backend, schema version %d\n", easel_store_backend(&s), v);
    easel_store_close(&s);
    return EXIT_OK;
}
